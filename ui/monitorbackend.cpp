#include "monitorbackend.h"

#include "connection.h"
#include "coreworker.h"
#include "instanceclient.h"

#include <QTimer>

namespace agentmon {

MonitorBackend::MonitorBackend(const Paths &paths, std::optional<quint16> port, QObject *parent)
    : QObject(parent), m_paths(paths), m_port(port)
{
    qRegisterMetaType<Snapshot>();
    qRegisterMetaType<MonitorStatus>();
    qRegisterMetaType<ReapReport>();
    m_thread.setObjectName(QStringLiteral("agentmon-core"));
    m_thread.start();
}

MonitorBackend::~MonitorBackend()
{
    if (m_worker) {
        // The worker's objects (instance, sockets, timers) belong to its thread: they end there.
        CoreWorker *worker = m_worker;
        m_worker = nullptr;
        QMetaObject::invokeMethod(
            worker, [worker] { delete worker; }, Qt::BlockingQueuedConnection);
    }
    m_thread.quit();
    m_thread.wait();
}

template <typename Work, typename Then> void MonitorBackend::onWorker(Work work, Then then)
{
    CoreWorker *worker = m_worker;
    // The worker thread outlives any work posted to it (the destructor waits for it), and a result posted
    // back to an object that is gone by then is dropped by Qt.
    QMetaObject::invokeMethod(
        worker, [this, worker, work = std::move(work), then = std::move(then)]() mutable {
            auto result = work(worker);
            QMetaObject::invokeMethod(
                this, [then = std::move(then), result = std::move(result)]() mutable { then(result); },
                Qt::QueuedConnection);
        });
}

void MonitorBackend::start()
{
    if (m_worker || m_stopping)
        return;
    m_status = {};
    const Paths paths = m_paths;
    const auto port = m_port;
    QObject *anchor = new QObject;
    anchor->moveToThread(&m_thread);
    QMetaObject::invokeMethod(anchor, [this, anchor, paths, port] {
        anchor->deleteLater();
        // An instance that already answers wins; otherwise this process becomes the instance.
        QString why;
        std::unique_ptr<InstanceClient> client = connectToInstance(paths, &why, 1500);
        CoreWorker *worker = client ? static_cast<CoreWorker *>(new RemoteWorker(paths, std::move(client)))
                                    : new LocalWorker(paths, port);
        MonitorStatus status = worker->start();
        if (status.mode == MonitorStatus::Mode::Unavailable) {
            delete worker;
            worker = nullptr;
        }
        QMetaObject::invokeMethod(
            this,
            [this, worker, status] {
                if (m_stopping) {
                    if (worker)
                        QMetaObject::invokeMethod(worker, [worker] { delete worker; });
                    return;
                }
                m_status = status;
                m_worker = worker;
                if (!worker) {
                    Q_EMIT started(status);
                    QTimer::singleShot(3000, this, &MonitorBackend::start); // try again: it may be starting
                    return;
                }
                connect(worker, &CoreWorker::sampled, this,
                        [this](const Snapshot &snapshot, const MonitorStatus &status) {
                            m_status = status;
                            Q_EMIT snapshotReady(snapshot, status);
                        });
                connect(worker, &CoreWorker::reaped, this, &MonitorBackend::reaped);
                connect(worker, &CoreWorker::notice, this, &MonitorBackend::notice);
                connect(worker, &CoreWorker::settingsReloaded, this, &MonitorBackend::settingsReloaded);
                connect(worker, &CoreWorker::lost, this, [this, worker](const QString &why) {
                    if (m_worker != worker)
                        return;
                    m_worker = nullptr;
                    QMetaObject::invokeMethod(worker, [worker] { delete worker; });
                    m_status = {};
                    m_status.mode = MonitorStatus::Mode::Unavailable;
                    m_status.error = why;
                    Q_EMIT started(m_status);
                    QTimer::singleShot(500, this, &MonitorBackend::start);
                });
                Q_EMIT started(status);
                sampleNow();
            },
            Qt::QueuedConnection);
    });
}

void MonitorBackend::stop(std::function<void()> done)
{
    m_stopping = true;
    CoreWorker *worker = m_worker;
    if (!worker) {
        done();
        return;
    }
    QMetaObject::invokeMethod(worker, [this, worker, done = std::move(done)]() mutable {
        worker->shutdown([this, done = std::move(done)]() mutable {
            QMetaObject::invokeMethod(
                this, [done = std::move(done)] { done(); }, Qt::QueuedConnection);
        });
    });
}

void MonitorBackend::sampleNow()
{
    if (CoreWorker *worker = m_worker)
        QMetaObject::invokeMethod(worker, [worker] { worker->sampleNow(); });
}

void MonitorBackend::setShowAll(bool all)
{
    if (CoreWorker *worker = m_worker)
        QMetaObject::invokeMethod(worker, [worker, all] { worker->setShowAll(all); });
}

void MonitorBackend::preview(const ReapRequest &request, std::function<void(const ReapPreview &)> done)
{
    if (!m_worker) {
        ReapPreview none;
        none.request = request;
        none.error = tr("agentmon is not running yet: %1").arg(m_status.error);
        QMetaObject::invokeMethod(
            this, [done, none] { done(none); }, Qt::QueuedConnection);
        return;
    }
    onWorker([request](CoreWorker *w) { return w->preview(request); }, std::move(done));
}

void MonitorBackend::execute(quint64 previewId, std::function<void(const ReapReport &, const QString &)> done)
{
    CoreWorker *worker = m_worker;
    if (!worker) {
        QMetaObject::invokeMethod(
            this, [this, done] { done({}, tr("agentmon is not running: %1").arg(m_status.error)); },
            Qt::QueuedConnection);
        return;
    }
    QMetaObject::invokeMethod(worker, [this, worker, previewId, done = std::move(done)]() mutable {
        worker->execute(previewId, [this, done](const ReapReport &report, const QString &error) {
            QMetaObject::invokeMethod(
                this, [done, report, error] { done(report, error); }, Qt::QueuedConnection);
        });
    });
}

void MonitorBackend::discardPreview(quint64 previewId)
{
    if (CoreWorker *worker = m_worker)
        QMetaObject::invokeMethod(worker, [worker, previewId] { worker->discard(previewId); });
}

void MonitorBackend::history(
    qint64 fromWallMs, qint64 toWallMs, int maxPoints,
    std::function<void(const QList<HistorySample> &, const QList<AuditEntry> &)> done)
{
    if (!m_worker)
        return;
    onWorker(
        [fromWallMs, toWallMs, maxPoints](CoreWorker *w) {
            return qMakePair(w->history(fromWallMs, toWallMs, maxPoints), w->audit(fromWallMs, 20'000));
        },
        [done = std::move(done)](const QPair<QList<HistorySample>, QList<AuditEntry>> &result) {
            done(result.first, result.second);
        });
}

void MonitorBackend::auditLog(int limit, std::function<void(const QList<AuditEntry> &)> done)
{
    if (!m_worker)
        return;
    onWorker([limit](CoreWorker *w) { return w->audit(0, limit); }, std::move(done));
}

void MonitorBackend::doctor(std::function<void(const QJsonObject &)> done)
{
    if (!m_worker)
        return;
    onWorker([](CoreWorker *w) { return w->doctor(); }, std::move(done));
}

void MonitorBackend::details(const ProcessKey &key, std::function<void(const ProcessDetails &)> done)
{
    if (!m_worker)
        return;
    onWorker([key](CoreWorker *w) { return w->details(key); }, std::move(done));
}

void MonitorBackend::setReaperPaused(bool paused)
{
    if (CoreWorker *worker = m_worker)
        QMetaObject::invokeMethod(worker, [worker, paused] { worker->setReaperPaused(paused); });
}

} // namespace agentmon
