#pragma once

#include "clock.h"
#include "reaper.h"
#include "traystate.h"

#include <QList>
#include <QMap>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QTimer>

namespace agentmon {

struct TrayNotification {
    QString condition; // "pressure", "leak", "reap"
    // What pending notifications of a condition are merged by: a later one with the same key replaces the
    // earlier one. The session the notification is about; "" for the machine as a whole (pressure: the
    // latest state wins); reapNotification() uses "reap:<reap id>" for a reap pass, so that passes are
    // listed, not replaced.
    QString session;
    QString title;
    QString text;
    QString
        line; // its line in a merged notification ("claude in ~/src/app: 3 processes, 1.2 GB"); title if ""
    QString target; // what a click opens: "session:<id>", "orphans", "receipt:<reap id>" or "" (the window)
    int merged = 1; // how many posts this notification stands for

    friend bool operator==(const TrayNotification &, const TrayNotification &) = default;
};

// "Memory critical" / "Memory running short" with the reasons (three at most), the agents' memory, orphans
// and leaks; target "orphans" when orphans exist, else the one leaked session, else "".
TrayNotification pressureNotification(const TraySummary &summary);
// "Session leaked: claude in ~/src/app", "3 processes (1.2 GB) outlived their session."; target the session.
TrayNotification leakNotification(const LeakedSession &session);
// "Reaped 7 processes (2.3 GB)" with what was reaped (the session, or how many orphaned / idle / stale) and
// the survivors; target "receipt:<id>". sessionLabel names the session of a session reap (trayLabel()); the
// short id when empty. Meant for real reaps: a dry run reports what it would have done as if done.
TrayNotification reapNotification(const ReapReport &report, const QString &sessionLabel = {});

// Lets at most one notification per condition through per window (60 s). The first of a condition shows at
// once; what comes within the window waits, merged: per session (a later post for the same session replaces
// the earlier one), several sessions into one notification listing them ("3 sessions leaked", one line per
// session, five at most, then "and 2 more"). When the window has passed the merged notification shows and
// the next window starts.
//
// Scheduling: with autoPoll (the default) a single-shot timer calls poll() when the next pending
// notification is due. Tests turn it off and call poll() after moving their clock; nextDueMs() says when
// that is due. poll() always judges by the injected clock, so an early or late timer does no harm.
class NotificationThrottle : public QObject {
    Q_OBJECT
public:
    explicit NotificationThrottle(const Clock &clock, qint64 windowMs = 60'000, QObject *parent = nullptr);

    qint64 windowMs() const { return m_windowMs; }
    void setAutoPoll(bool on);
    bool autoPoll() const { return m_autoPoll; }

    void post(TrayNotification notification);
    // Shows the pending notification of each condition whose window has passed (conditions by name).
    void poll();
    // Milliseconds until the next pending notification is due (0: due now), -1 when nothing is pending.
    qint64 nextDueMs() const;
    // Pending entries (sessions) of a condition.
    int pendingCount(const QString &condition) const;
    // Drops what is pending for a condition (e.g. pressure back to ok before its notification was shown);
    // the window keeps running.
    void discard(const QString &condition);

    static constexpr int kMaxLines = 5;

Q_SIGNALS:
    void show(const agentmon::TrayNotification &notification);

private:
    struct Condition {
        bool shown = false;
        qint64 shownAtMs = 0;
        QList<TrayNotification> pending; // in the order their sessions first came
    };

    bool isOpen(const Condition &c, qint64 nowMs) const
    {
        return !c.shown || nowMs - c.shownAtMs >= m_windowMs;
    }
    void release(const QString &condition, qint64 nowMs);
    void reschedule();
    static TrayNotification merge(const QString &condition, const QList<TrayNotification> &entries);

    const Clock &m_clock;
    qint64 m_windowMs;
    bool m_autoPoll = true;
    QMap<QString, Condition> m_conditions;
    QTimer m_timer;
};

} // namespace agentmon

Q_DECLARE_METATYPE(agentmon::TrayNotification)
