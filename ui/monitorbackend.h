#pragma once

#include "auditlog.h"
#include "historystore.h"
#include "paths.h"
#include "pressuremonitor.h"
#include "processdetails.h"
#include "reaper.h"
#include "snapshot.h"

#include <QJsonObject>
#include <QMetaType>
#include <QObject>
#include <QPointer>
#include <QThread>

#include <functional>
#include <optional>

namespace agentmon {

class CoreWorker;

// What the window shows besides the processes: where the data comes from, memory pressure, the reaper.
struct MonitorStatus {
    enum class Mode { Starting, Local, Remote, Unavailable };
    Mode mode = Mode::Starting;
    int instancePid = 0; // the instance acted through (this process in Local mode)
    quint16 apiPort = 0;
    PressureLevel level = PressureLevel::Ok;
    QStringList reasons;
    bool reaperPaused = false;
    qint64 reaperIntervalMs = 0; // 0: the periodic reaper is off
    qint64 reaperNextRunMs = -1; // -1: not known or not planned
    qint64 lingerMs = 30'000;
    QStringList warnings;
    QString error; // Unavailable: why
};

// A dry-run plan kept by the worker until it is run or dropped.
struct ReapPreview {
    quint64 id = 0;
    ReapRequest request;
    ReapPlan plan;
    QString error;
};

// The GUI's side of agentmon's core. Everything that samples, plans, signals or reads a file happens on a
// worker thread; this object lives on the GUI thread and answers through callbacks run on it (dropped when
// this object is gone). start() picks the mode: when an instance already answers (agentmonctl daemon, or an
// agentmon of this user elsewhere) the worker acts through its HTTP API; otherwise it runs the instance
// in-process (registry, pool, periodic reaper, policies, API).
class MonitorBackend : public QObject {
    Q_OBJECT
public:
    // port: the API port to listen on in Local mode (default: the api/port setting).
    explicit MonitorBackend(const Paths &paths, std::optional<quint16> port = std::nullopt,
                            QObject *parent = nullptr);
    ~MonitorBackend() override;

    void start();
    // Ends the worker: in Local mode the instance's shutdown cascade runs first. done runs on this thread.
    void stop(std::function<void()> done);
    const MonitorStatus &status() const { return m_status; }
    const Paths &paths() const { return m_paths; }

    void sampleNow();
    // Whether snapshots carry every process or the agents only (cheaper in Remote mode).
    void setShowAll(bool all);
    void preview(const ReapRequest &request, std::function<void(const ReapPreview &)> done);
    // Runs the plan of a preview as it was shown; the preview is used up.
    void execute(quint64 previewId, std::function<void(const ReapReport &, const QString &error)> done);
    void discardPreview(quint64 previewId);
    void history(qint64 fromWallMs, qint64 toWallMs, int maxPoints,
                 std::function<void(const QList<HistorySample> &, const QList<AuditEntry> &)> done);
    void auditLog(int limit, std::function<void(const QList<AuditEntry> &)> done);
    void doctor(std::function<void(const QJsonObject &)> done);
    void details(const ProcessKey &key, std::function<void(const ProcessDetails &)> done);
    void setReaperPaused(bool paused);
    // Whether the mode can kill chosen processes (Local only: the API has no route for it).
    bool canKillSelected() const { return m_status.mode == MonitorStatus::Mode::Local; }

Q_SIGNALS:
    void started(const agentmon::MonitorStatus &status);
    void snapshotReady(const agentmon::Snapshot &snapshot, const agentmon::MonitorStatus &status);
    void reaped(const agentmon::ReapReport &report);
    void notice(const QString &condition, const QString &text);
    void settingsReloaded();

private:
    // Runs work on the worker thread, then then(result) here.
    template <typename Work, typename Then> void onWorker(Work work, Then then);

    Paths m_paths;
    std::optional<quint16> m_port;
    QThread m_thread;
    CoreWorker *m_worker = nullptr; // lives on m_thread
    MonitorStatus m_status;
    bool m_stopping = false;
};

} // namespace agentmon

Q_DECLARE_METATYPE(agentmon::MonitorStatus)
Q_DECLARE_METATYPE(agentmon::ReapPreview)
