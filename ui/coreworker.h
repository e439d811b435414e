#pragma once

#include "clock.h"
#include "monitorbackend.h"

#include <QHash>
#include <QObject>
#include <QTimer>

#include <memory>

namespace agentmon {

class ApiServer;
class Instance;
class InstanceClient;
class ProcessSource;
class SqliteHistoryStore;

// The part of MonitorBackend that lives on its worker thread. Its methods run there (MonitorBackend posts
// them); blocking is allowed here, never on the GUI thread.
class CoreWorker : public QObject {
    Q_OBJECT
public:
    explicit CoreWorker(const Paths &paths, QObject *parent = nullptr);
    ~CoreWorker() override;

    virtual MonitorStatus start() = 0;
    virtual void sampleNow() = 0;
    virtual void setShowAll(bool) {}
    // Samples and plans; the plan is kept under the returned id until run or discarded.
    virtual ReapPreview preview(ReapRequest request) = 0;
    virtual void execute(quint64 id, std::function<void(const ReapReport &, const QString &)> done) = 0;
    void discard(quint64 id);
    virtual QList<HistorySample> history(qint64 fromMs, qint64 toMs, int maxPoints) = 0;
    virtual QList<AuditEntry> audit(qint64 sinceWallMs, int limit) = 0;
    virtual QJsonObject doctor() = 0;
    virtual void setReaperPaused(bool paused) = 0;
    // Ends what the worker runs; done runs on the worker thread when it is over.
    virtual void shutdown(std::function<void()> done) = 0;
    ProcessDetails details(const ProcessKey &key);

Q_SIGNALS:
    void sampled(const agentmon::Snapshot &snapshot, const agentmon::MonitorStatus &status);
    void reaped(const agentmon::ReapReport &report);
    void notice(const QString &condition, const QString &text);
    void settingsReloaded();
    // The instance acted through went away: the backend starts over (and may run the instance itself).
    void lost(const QString &why);

protected:
    virtual const Snapshot &lastSnapshot() const = 0;
    virtual QByteArray stderrTail(const ProcessKey &) const { return {}; }
    virtual QString registryKind(const ProcessKey &key) const;
    quint64 keepPreview(const ReapRequest &request, const ReapPlan &plan, const Snapshot &planned);

    struct Kept {
        ReapRequest request;
        ReapPlan plan;
        Snapshot planned;
    };
    Paths m_paths;
    SystemClock m_clock;
    std::unique_ptr<ProcessSource>
        m_detailSource; // its own: scanning must not disturb the sampler's CPU deltas
    QHash<quint64, Kept> m_previews;
    quint64 m_nextPreview = 1;
};

// Runs the instance in this process: the lock, registry, pool, reaper, policies and the HTTP API.
class LocalWorker : public CoreWorker {
    Q_OBJECT
public:
    LocalWorker(const Paths &paths, std::optional<quint16> port, QObject *parent = nullptr);
    ~LocalWorker() override;

    MonitorStatus start() override;
    void sampleNow() override;
    ReapPreview preview(ReapRequest request) override;
    void execute(quint64 id, std::function<void(const ReapReport &, const QString &)> done) override;
    QList<HistorySample> history(qint64 fromMs, qint64 toMs, int maxPoints) override;
    QList<AuditEntry> audit(qint64 sinceWallMs, int limit) override;
    QJsonObject doctor() override;
    void setReaperPaused(bool paused) override;
    void shutdown(std::function<void()> done) override;

private:
    const Snapshot &lastSnapshot() const override;
    QByteArray stderrTail(const ProcessKey &key) const override;
    QString registryKind(const ProcessKey &key) const override;
    MonitorStatus status() const;

    std::optional<quint16> m_port;
    std::unique_ptr<Instance> m_instance;
    std::unique_ptr<ApiServer> m_server;
    int m_infoPid = 0;
    quint64 m_infoStart = 0;
    QStringList m_warnings;
};

// Acts through the HTTP API of an instance that already runs (agentmonctl daemon, or another agentmon).
class RemoteWorker : public CoreWorker {
    Q_OBJECT
public:
    RemoteWorker(const Paths &paths, std::unique_ptr<InstanceClient> client, QObject *parent = nullptr);
    ~RemoteWorker() override;

    MonitorStatus start() override;
    void sampleNow() override;
    void setShowAll(bool all) override { m_showAll = all; }
    ReapPreview preview(ReapRequest request) override;
    void execute(quint64 id, std::function<void(const ReapReport &, const QString &)> done) override;
    QList<HistorySample> history(qint64 fromMs, qint64 toMs, int maxPoints) override;
    QList<AuditEntry> audit(qint64 sinceWallMs, int limit) override;
    QJsonObject doctor() override;
    void setReaperPaused(bool paused) override;
    void shutdown(std::function<void()> done) override;

private:
    const Snapshot &lastSnapshot() const override { return m_snapshot; }
    QJsonObject reapCall(const ReapRequest &request, bool dryRun, QString *error) const;
    void readInstanceState();

    std::unique_ptr<InstanceClient> m_client;
    std::unique_ptr<SqliteHistoryStore> m_history;
    std::unique_ptr<AuditLog> m_audit;
    QTimer m_timer;
    Snapshot m_snapshot;
    MonitorStatus m_status;
    bool m_showAll = false;
    int m_samples = 0;
};

} // namespace agentmon
