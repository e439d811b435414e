#pragma once

#include "apibackend.h"
#include "auditlog.h"
#include "cascade.h"
#include "clock.h"
#include "launcher.h"
#include "leakdetector.h"
#include "paths.h"
#include "pressuremonitor.h"
#include "reaper.h"
#include "ruleset.h"
#include "settings.h"
#include "snapshot.h"
#include "sqlitehistorystore.h"

#include <QElapsedTimer>
#include <QFileSystemWatcher>
#include <QHash>
#include <QLockFile>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>
#include <memory>

namespace agentmon {

class ProcessSource;
class Registry;
class Sampler;
class SlotPool;

// The running agentmon: sampler on a timer, the persistent registry, the slot pool, launched agents, the
// periodic health sweep, and the answers of the HTTP API. One per user (a lock in the runtime directory); the
// GUI and `agentmonctl daemon` each run one. It knows nothing of HTTP: ApiServer calls it through ApiBackend.
class Instance : public QObject, public ApiBackend {
    Q_OBJECT
public:
    Instance(const Paths &paths, bool gui, QObject *parent = nullptr);
    ~Instance() override;

    // Takes the instance lock, opens the registry (re-attaching to what is still alive), becomes a child
    // subreaper and starts sampling. False with errorString() when another instance runs or a file is locked.
    bool start();
    QString errorString() const { return m_error; }
    QStringList warnings() const;

    // The shutdown cascade: launched and spawned agents, newest first, TERM, grace, KILL. Safe to call twice;
    // emits shutdownFinished() once, when it is over.
    void shutdown();
    bool isShuttingDown() const { return m_shuttingDown; }

    // Starts an agent for session. Refused (nullptr, error) when the session already has a live agent, unless
    // replace: then the old tree is reaped first. The instance owns the returned process.
    AgentProcess *launch(LaunchOptions options, const QString &session, bool replace, QString *error);

    Registry &registry() { return *m_registry; }
    SlotPool &pool() { return *m_pool; }
    Settings &settings() { return m_settings; }
    const RuleSet &rules() const { return m_rules; }
    const Snapshot &lastSnapshot() const { return m_snapshot; }
    const Paths &paths() const { return m_paths; }
    void setApiPort(quint16 port) { m_apiPort = port; }
    // Takes a sample now (the timer does it every sampler interval).
    void sampleNow();
    // Plans and runs a reap on a fresh sample; the instance owns the job, which emits finished (and the
    // instance reaped) when it is over. Every reap lands in the audit log.
    ReapJob *reap(const ReapRequest &request, const QString &trigger = {});
    // The two halves of reap(), for a preview a person confirms: planReap() plans on the last sample (take
    // one first), runReap() runs exactly that plan later (what changed identity meanwhile is not signalled).
    ReapPlan planReap(const ReapRequest &request) const;
    ReapJob *runReap(const ReapRequest &request, ReapPlan plan, const Snapshot &planned,
                     const QString &trigger = {});

    // Reads agentmon.conf and rules.json again and applies them (intervals, limits, thresholds, policies,
    // pause); called by the file watcher when either changes. Emits settingsReloaded().
    void reloadSettings();
    // The periodic reaper and automatic policies stop acting while paused (persisted in agentmon.conf);
    // a person's reaps still run.
    void setReaperPaused(bool paused);
    bool reaperPaused() const { return m_reaperPaused; }
    // Milliseconds to the next periodic pass; -1 when the periodic reaper is off or paused.
    qint64 reaperNextRunMs() const;
    quint16 apiPort() const { return m_apiPort; }
    ProcessSource &source() { return *m_source; }
    // What an agent launched by this instance wrote last on stderr; empty for others.
    QByteArray stderrTailOf(const ProcessKey &key) const;
    AuditLog *auditLog() { return m_audit.get(); }
    PressureMonitor *pressure() { return m_pressure; }
    HistoryStore *history() { return m_history.get(); }
    ReapRequest passRequest(const QString &requestedBy) const;

    // ApiBackend
    QJsonObject health() const override;
    QJsonObject doctor() const override;
    QJsonArray processes(bool all) const override;
    QJsonArray sessions() const override;
    ApiResult registerProcess(int pid, std::optional<quint64> starttime, const QString &session) override;
    ApiResult endSession(const QString &id) override;
    void acquireSlot(const SlotRequest &request, std::function<void(const ApiResult &)> done) override;
    ApiResult releaseSlot(quint64 lease) override;
    QByteArray metrics() const override;
    void reapPass(const ReapApiRequest &request, std::function<void(const ApiResult &)> done) override;
    void reapSession(const QString &id, const ReapApiRequest &request,
                     std::function<void(const ApiResult &)> done) override;

Q_SIGNALS:
    void sampled(const agentmon::Snapshot &snapshot);
    void settingsReloaded();
    void shutdownFinished();
    void reaped(const agentmon::ReapReport &report);
    // A condition a person should hear of (policy notify): "pressure", "leak". For the tray.
    void notice(const QString &condition, const QString &text);

private:
    void healthSweep();
    void reapAdoptedZombies();
    void learnLineage();
    void applyLeakPolicy();
    void onPressureLevel(PressureLevel level, const QStringList &reasons);
    void rediscover();
    void resumeInterruptedReaps();
    // The kill audit log: rows a failed write left are kept (bounded) and written again at the next sample.
    void recordAudit(QList<AuditEntry> rows);
    void writePendingAudit();
    void recordHistory();
    // Says on stderr when writing the registry, the history or the audit log starts or stops failing.
    void logStorageChanges();
    bool knowsSession(const QString &id) const;
    std::optional<ProcessKey> verifiedKey(int pid, std::optional<quint64> starttime) const;

    Paths m_paths;
    bool m_gui;
    Settings m_settings;
    RuleSet m_rules;
    SystemClock m_clock;
    std::unique_ptr<ProcessSource> m_source;
    std::unique_ptr<Sampler> m_sampler;
    std::unique_ptr<Registry> m_registry;
    std::unique_ptr<AuditLog> m_audit;
    std::unique_ptr<SqliteHistoryStore> m_history;
    QTimer m_pruneTimer; // history retention, hourly
    PressureMonitor *m_pressure = nullptr;
    std::unique_ptr<LeakDetector> m_leaks;
    SlotPool *m_pool = nullptr;
    QLockFile m_lock;
    QTimer m_sampleTimer;
    QTimer m_sweepTimer;
    QTimer m_resampleTimer; // soon after registrations
    QTimer m_reaperTimer;   // the periodic reaper
    QTimer m_reloadTimer;   // settles bursts of file changes before reloadSettings()
    QFileSystemWatcher *m_watcher = nullptr;
    QByteArray m_configStamp; // what the watched files looked like at the last reload
    bool m_reaperPaused = false;
    // Counters since start, for /metrics.
    QHash<QString, quint64> m_kills; // "signal|requested_by"
    quint64 m_reapFailures = 0;      // processes that survived SIGKILL
    quint64 m_reaps = 0;
    quint64 m_samples = 0;
    QList<AuditEntry> m_auditPending; // not written yet (disk full, read-only...)
    quint64 m_auditDropped = 0;       // rows given up on (more pending than kMaxAuditPending)
    quint64 m_historyDropped = 0;     // samples not written
    QString m_historyError;           // why the last sample was not written; empty after a written one
    QElapsedTimer m_storageReopen;    // since the last attempt to open the audit log and history again
    qint64 m_storageReopenDelayMs = 5000;
    QHash<QString, QString> m_loggedStorage; // what logStorageChanges() said last, per file
    QStringList m_resumeNotes;               // reaps resumed at start-up, for warnings()
    QSet<QString> m_knownLeaks;              // leaked sessions already acted on
    bool m_policyPassRunning = false;
    QElapsedTimer m_uptime;
    Snapshot m_snapshot;
    QString m_error;
    quint16 m_apiPort = 0;
    bool m_started = false;
    bool m_shuttingDown = false;
    bool m_subreaper = false;
    quint64 m_fileLimitBefore = 0;
    QHash<quint64, std::function<void(const ApiResult &)>> m_slotAnswers;
    QList<QPointer<AgentProcess>> m_launched;
    QPointer<Cascade> m_shutdownCascade;
};

} // namespace agentmon
