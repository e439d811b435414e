#pragma once

#include "pressuremonitor.h"
#include "snapshot.h"

#include <QHash>
#include <QIcon>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QSet>
#include <QString>
#include <QStringList>

namespace agentmon {

// An ended session whose processes outlived it past the linger time.
struct LeakedSession {
    QString id;
    QString label; // "claude in ~/src/app", "codex (7d3f0c1e)", or the short id
    int processes = 0;
    quint64 kb = 0; // RSS of what is left

    friend bool operator==(const LeakedSession &, const LeakedSession &) = default;
};

// Everything the tray shows, from one snapshot and the pressure monitor.
struct TraySummary {
    PressureLevel level = PressureLevel::Ok;
    QStringList reasons; // of the level, first one first (PressureMonitor::reasons())
    int agents = 0;      // live agent processes (zombies left out)
    quint64 agentRssKb = 0;
    int orphans = 0; // agent processes with status Orphan
    quint64 orphanKb = 0;
    int leakedSessions = 0;
    int leakedProcesses = 0;
    quint64 leakedKb = 0;
    QList<LeakedSession> leaked; // biggest first
    bool reaperPaused = false;
    // False while the GUI has no figures (remote instance gone): the tray then says so rather than show
    // stale ones. summarize() sets it; the owner clears it.
    bool connected = true;

    friend bool operator==(const TraySummary &, const TraySummary &) = default;
};

// The tray's figures from a snapshot. lingerMs is the status policy's linger time (SessionRecord::leaked()).
TraySummary summarize(const Snapshot &snapshot, PressureLevel level, const QStringList &reasons,
                      qint64 lingerMs, bool reaperPaused);

// "claude in ~/src/app": how a person knows a session (home shortened to ~).
QString trayLabel(const SessionRecord &session);

enum class TrayLook { Ok, Warning, Critical };

// The colour of the icon: the pressure level; Warning while disconnected (the figures are unknown).
TrayLook trayLook(const TraySummary &summary);
// Whether the leak badge goes on the icon: orphans or leaked sessions exist (never while disconnected).
bool trayBadge(const TraySummary &summary);

// "12 agents, 3.2 GB; 2 orphans; 1 leaked session (3 processes, 1.2 GB); memory warning: MemAvailable 812 MB
// < 1024 MB; reaper paused". Parts without anything to say are left out; "no agents; memory ok" at rest.
QString trayToolTip(const TraySummary &summary);

// The state-ok / state-warning / state-critical SVG, with the leak badge over its lower-right 45 % when badge
// is set. Drawn from SVG at whatever size and device pixel ratio is asked (availableSizes() lists 16, 22, 24,
// 32, 48 and 64 for tray hosts that want a list); one shared icon per (look, badge). GUI thread only.
QIcon trayIcon(TrayLook look, bool badge);

// Follows the summaries of successive samples and says what changed: the icon and tooltip only when they
// change, and the transitions worth a notification. The first update() counts as a change from "nothing
// known, memory ok, no leaks": it emits lookChanged and toolTipChanged, pressureRaised when the level is
// above ok, and leakAppeared for each session already leaked. While disconnected, pressure and leak
// transitions are not judged; on reconnection they are judged against the last connected summary.
class TrayStateTracker : public QObject {
    Q_OBJECT
public:
    explicit TrayStateTracker(QObject *parent = nullptr);

    void update(const TraySummary &summary);

    const TraySummary &summary() const { return m_summary; }
    TrayLook look() const { return m_look; }
    bool badge() const { return m_badge; }
    QString toolTip() const { return m_toolTip; }
    // The leaked session of the last summary with this id; an empty id when it is not (or no longer) leaked.
    LeakedSession leakedSession(const QString &id) const;

Q_SIGNALS:
    void lookChanged(agentmon::TrayLook look, bool badge);
    void toolTipChanged(const QString &toolTip);
    // The level went up (ok -> warning, warning -> critical, ok -> critical); never emitted when it goes
    // down.
    void pressureRaised(agentmon::PressureLevel level, const QStringList &reasons);
    // sessionId became leaked; emitted again only after it stopped being leaked (reaped, or forgotten) and
    // leaked anew.
    void leakAppeared(const QString &sessionId);

private:
    TraySummary m_summary;
    bool m_started = false;
    TrayLook m_look = TrayLook::Ok;
    bool m_badge = false;
    QString m_toolTip;
    PressureLevel m_judgedLevel = PressureLevel::Ok; // of the last connected summary
    QSet<QString> m_judgedLeaks;
};

} // namespace agentmon

Q_DECLARE_METATYPE(agentmon::TrayLook)
Q_DECLARE_METATYPE(agentmon::TraySummary)
