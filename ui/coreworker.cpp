#include "coreworker.h"

#include "apiserver.h"
#include "apitoken.h"
#include "doctor.h"
#include "instance.h"
#include "instanceclient.h"
#include "jsonformat.h"
#include "processsource.h"
#include "procparsers.h"
#include "registry.h"
#include "remotejson.h"
#include "sqlitehistorystore.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>

#include <unistd.h>

namespace agentmon {

namespace {
quint64 ownStartTime()
{
    QFile file(QStringLiteral("/proc/self/stat"));
    if (file.open(QIODevice::ReadOnly)) {
        if (const auto stat = procparse::parseStat(file.readAll()))
            return stat->starttime;
    }
    return 0;
}
} // namespace

// ---- CoreWorker

CoreWorker::CoreWorker(const Paths &paths, QObject *parent)
    : QObject(parent), m_paths(paths), m_detailSource(createProcessSource(m_clock))
{
}

CoreWorker::~CoreWorker() = default;

void CoreWorker::discard(quint64 id)
{
    m_previews.remove(id);
}

quint64 CoreWorker::keepPreview(const ReapRequest &request, const ReapPlan &plan, const Snapshot &planned)
{
    // A person looks at a handful of previews at most; an abandoned one must not pin snapshots forever.
    while (m_previews.size() >= 8)
        m_previews.erase(m_previews.begin());
    const quint64 id = m_nextPreview++;
    m_previews.insert(id, {request, plan, planned});
    return id;
}

QString CoreWorker::registryKind(const ProcessKey &) const
{
    return {};
}

ProcessDetails CoreWorker::details(const ProcessKey &key)
{
    ProcessDetails details;
    bool sampled = false;
    for (const ProcessRecord &record : lastSnapshot().processes) {
        if (record.info.key == key) {
            details.record = record;
            sampled = true;
            break;
        }
    }
    // A fresh look at the process table: the lineage as it is now.
    std::vector<ProcessInfo> all;
    m_detailSource->scan(all);
    QHash<int, const ProcessInfo *> byPid;
    QHash<int, QList<const ProcessInfo *>> children;
    for (const ProcessInfo &info : all) {
        byPid.insert(info.key.pid, &info);
        children[info.ppid].append(&info);
    }
    const ProcessInfo *now = byPid.value(key.pid);
    const bool alive = now && now->key == key && !now->isZombie();
    if (!sampled && now && now->key == key)
        details.record.info = *now;
    if (!sampled && !alive) {
        details.record.info.key = key;
        details.error = tr("The process has exited.");
        return details;
    }
    if (!alive)
        details.error = tr("The process has exited; this is what was last seen of it.");
    auto entryOf = [](const ProcessInfo &info, int depth) {
        return LineageEntry{info.key, info.comm, info.argv.join(QLatin1Char(' ')), true, depth};
    };
    if (alive) {
        details.env = m_detailSource->readEnvMarkers(key);
        details.cwd = m_detailSource->readCwd(key);
        details.record.info.ppid = now->ppid;
    }
    QSet<int> seen{key.pid};
    for (int pid = details.record.info.ppid; pid > 1 && !seen.contains(pid); pid = byPid.value(pid)->ppid) {
        seen.insert(pid);
        const ProcessInfo *parent = byPid.value(pid);
        if (!parent)
            break;
        details.ancestors.append(entryOf(*parent, 0));
    }
    if (alive) {
        // Depth first, so that each child comes right after its parent.
        QList<QPair<const ProcessInfo *, int>> stack;
        const auto direct = children.value(key.pid);
        for (auto it = direct.crbegin(); it != direct.crend(); ++it)
            stack.append({*it, 1});
        while (!stack.isEmpty() && details.children.size() < 1000) {
            const auto [info, depth] = stack.takeLast();
            if (seen.contains(info->key.pid))
                continue;
            seen.insert(info->key.pid);
            details.children.append(entryOf(*info, depth));
            const auto below = children.value(info->key.pid);
            for (auto it = below.crbegin(); it != below.crend(); ++it)
                stack.append({*it, depth + 1});
        }
    }
    details.stderrTail = stderrTail(key);
    details.registryKind = registryKind(key);
    return details;
}

// ---- LocalWorker

LocalWorker::LocalWorker(const Paths &paths, std::optional<quint16> port, QObject *parent)
    : CoreWorker(paths, parent), m_port(port)
{
}

LocalWorker::~LocalWorker()
{
    m_server.reset();
    m_instance.reset();
}

MonitorStatus LocalWorker::start()
{
    m_instance = std::make_unique<Instance>(m_paths, true);
    if (!m_instance->start()) {
        MonitorStatus failed;
        failed.mode = MonitorStatus::Mode::Unavailable;
        failed.error = m_instance->errorString();
        m_instance.reset();
        return failed;
    }
    m_warnings = m_instance->warnings();
    QString tokenError;
    if (const auto token = ApiToken::loadOrCreate(m_paths.tokenFile(), &tokenError)) {
        m_server = std::make_unique<ApiServer>(*m_instance, *token);
        const quint16 wanted = m_port.value_or(m_instance->settings().apiPort());
        if (const quint16 bound = m_server->listen(wanted)) {
            m_instance->setApiPort(bound);
            m_infoPid = int(::getpid());
            m_infoStart = ownStartTime();
            QString error;
            if (!InstanceClient::writeInstanceFile(m_paths.instanceFile(), {m_infoPid, m_infoStart, bound},
                                                   &error))
                m_warnings.append(tr("agentmonctl cannot find this instance: %1").arg(error));
        } else {
            m_warnings.append(tr("The HTTP API is off: cannot listen on 127.0.0.1:%1 (%2).")
                                  .arg(wanted)
                                  .arg(m_server->errorString()));
            m_server.reset();
        }
    } else {
        m_warnings.append(tr("The HTTP API is off: %1").arg(tokenError));
    }
    connect(m_instance.get(), &Instance::sampled, this,
            [this](const Snapshot &snapshot) { Q_EMIT sampled(snapshot, status()); });
    connect(m_instance.get(), &Instance::reaped, this, &CoreWorker::reaped);
    connect(m_instance.get(), &Instance::notice, this, &CoreWorker::notice);
    connect(m_instance.get(), &Instance::settingsReloaded, this, [this] {
        Q_EMIT settingsReloaded();
        Q_EMIT sampled(m_instance->lastSnapshot(), status());
    });
    return status();
}

MonitorStatus LocalWorker::status() const
{
    MonitorStatus s;
    s.mode = MonitorStatus::Mode::Local;
    s.instancePid = int(::getpid());
    s.apiPort = m_instance->apiPort();
    if (PressureMonitor *pressure = m_instance->pressure()) {
        s.level = pressure->level();
        s.reasons = pressure->reasons();
    }
    Settings &settings = m_instance->settings();
    s.reaperPaused = m_instance->reaperPaused();
    s.reaperIntervalMs = settings.reaperIntervalMs();
    s.reaperNextRunMs = m_instance->reaperNextRunMs();
    s.lingerMs = settings.statusPolicy().lingerMs;
    s.warnings = m_warnings;
    return s;
}

void LocalWorker::sampleNow()
{
    m_instance->sampleNow();
}

const Snapshot &LocalWorker::lastSnapshot() const
{
    return m_instance->lastSnapshot();
}

ReapPreview LocalWorker::preview(ReapRequest request)
{
    Settings &settings = m_instance->settings();
    request.times = settings.cascadeTimes();
    if (request.kind == ReapRequest::Kind::Pass)
        request.minAgeMs = settings.reaperMinAgeMs();
    request.dryRun = false;
    m_instance->sampleNow();
    const ReapPlan plan = m_instance->planReap(request);
    const quint64 id = keepPreview(request, plan, m_instance->lastSnapshot());
    return {id, request, plan, {}};
}

void LocalWorker::execute(quint64 id, std::function<void(const ReapReport &, const QString &)> done)
{
    if (!m_previews.contains(id)) {
        done({}, tr("This preview is no longer available; open it again."));
        return;
    }
    const Kept kept = m_previews.take(id);
    ReapJob *job =
        m_instance->runReap(kept.request, kept.plan, kept.planned, QStringLiteral("agentmon window"));
    connect(job, &ReapJob::finished, this, [done](const ReapReport &report) { done(report, {}); });
}

QList<HistorySample> LocalWorker::history(qint64 fromMs, qint64 toMs, int maxPoints)
{
    HistoryStore *store = m_instance->history();
    return store && store->isOpen() ? store->samples(fromMs, toMs, maxPoints) : QList<HistorySample>{};
}

QList<AuditEntry> LocalWorker::audit(qint64 sinceWallMs, int limit)
{
    AuditLog *log = m_instance->auditLog();
    return log && log->isOpen() ? log->entries(sinceWallMs, limit) : QList<AuditEntry>{};
}

QJsonObject LocalWorker::doctor()
{
    InstanceFindings found;
    found.running = true;
    found.report = m_instance->doctor();
    return doctorReport(m_paths, found);
}

void LocalWorker::setReaperPaused(bool paused)
{
    m_instance->setReaperPaused(paused);
    Q_EMIT sampled(m_instance->lastSnapshot(), status());
}

QByteArray LocalWorker::stderrTail(const ProcessKey &key) const
{
    return m_instance->stderrTailOf(key);
}

QString LocalWorker::registryKind(const ProcessKey &key) const
{
    const auto entry = m_instance->registry().findByKey(key);
    return entry ? entryKindName(entry->kind) : QString();
}

void LocalWorker::shutdown(std::function<void()> done)
{
    if (!m_instance) {
        done();
        return;
    }
    if (m_server)
        m_server->close();
    connect(m_instance.get(), &Instance::shutdownFinished, this, [this, done] {
        // instance.json goes only if it is still ours.
        const auto current = InstanceClient::readInstanceFile(m_paths.instanceFile());
        if (current && current->pid == m_infoPid && current->starttime == m_infoStart)
            QFile::remove(m_paths.instanceFile());
        done();
    });
    m_instance->shutdown();
}

// ---- RemoteWorker

RemoteWorker::RemoteWorker(const Paths &paths, std::unique_ptr<InstanceClient> client, QObject *parent)
    : CoreWorker(paths, parent), m_client(std::move(client))
{
    m_timer.setTimerType(Qt::CoarseTimer);
    connect(&m_timer, &QTimer::timeout, this, &RemoteWorker::sampleNow);
}

RemoteWorker::~RemoteWorker() = default;

MonitorStatus RemoteWorker::start()
{
    m_status.mode = MonitorStatus::Mode::Remote;
    if (const auto info = InstanceClient::readInstanceFile(m_paths.instanceFile())) {
        m_status.instancePid = info->pid;
        m_status.apiPort = info->port;
    }
    const Settings settings(m_paths.configFile());
    m_status.lingerMs = settings.statusPolicy().lingerMs;
    m_status.reaperIntervalMs = settings.reaperIntervalMs();
    m_status.reaperPaused = settings.reaperPaused();
    // The history file is shared with the instance (SQLite in WAL mode has readers and a writer at once).
    m_history = std::make_unique<SqliteHistoryStore>(m_paths.historyFile(), m_clock);
    if (!m_history->open())
        m_status.warnings.append(tr("History unavailable: %1").arg(m_history->errorString()));
    m_audit = std::make_unique<AuditLog>(m_paths.historyFile(), m_clock);
    m_audit->open();
    m_timer.start(int(settings.sampleIntervalMs(true)));
    return m_status;
}

void RemoteWorker::readInstanceState()
{
    const Settings settings(m_paths.configFile());
    m_status.lingerMs = settings.statusPolicy().lingerMs;
    m_status.reaperIntervalMs = settings.reaperIntervalMs();
    m_status.reaperPaused = settings.reaperPaused();
    const auto reply = m_client->request("GET", QStringLiteral("/api/doctor"));
    if (!reply.ok())
        return;
    const QJsonObject pressure = reply.json.object().value(QLatin1String("pressure")).toObject();
    const QString level = pressure.value(QLatin1String("level")).toString();
    m_status.level = level == QLatin1String("critical")  ? PressureLevel::Critical
                     : level == QLatin1String("warning") ? PressureLevel::Warning
                                                         : PressureLevel::Ok;
    m_status.reasons.clear();
    for (const QJsonValue &v : pressure.value(QLatin1String("reasons")).toArray())
        m_status.reasons.append(v.toString());
}

void RemoteWorker::sampleNow()
{
    const auto processes = m_client->request("GET", m_showAll ? QStringLiteral("/api/processes?all=1")
                                                              : QStringLiteral("/api/processes"));
    const auto sessions =
        processes.ok() ? m_client->request("GET", QStringLiteral("/api/sessions")) : InstanceClient::Reply{};
    if (!processes.ok() || !sessions.ok()) {
        m_timer.stop();
        Q_EMIT lost(processes.ok() ? sessions.error : processes.error);
        return;
    }
    if (m_samples++ % 5 == 0)
        readInstanceState();
    Snapshot snapshot;
    snapshot.takenAtMs = m_clock.nowMs();
    snapshot.takenAtWallMs = m_clock.wallMs();
    snapshot.system = m_detailSource->readSystem();
    const QJsonArray list = processes.json.array();
    snapshot.processes.reserve(size_t(list.size()));
    for (const QJsonValue &v : list)
        snapshot.processes.push_back(json::processFromJson(v.toObject()));
    for (const QJsonValue &v : sessions.json.array())
        snapshot.sessions.push_back(
            json::sessionFromJson(v.toObject(), snapshot.takenAtMs, snapshot.takenAtWallMs));
    m_snapshot = std::move(snapshot);
    Q_EMIT sampled(m_snapshot, m_status);
}

QJsonObject RemoteWorker::reapCall(const ReapRequest &request, bool dryRun, QString *error) const
{
    const Settings settings(m_paths.configFile());
    const CascadeTimes times = settings.cascadeTimes();
    const int timeoutMs = dryRun ? 10'000 : int(times.graceMs + times.confirmMs + 15'000);
    const QString path =
        request.kind == ReapRequest::Kind::Session
            ? QStringLiteral("/api/sessions/%1/reap").arg(InstanceClient::encodeSegment(request.session))
            : QStringLiteral("/api/reap");
    const auto reply =
        m_client->request("POST", path, QJsonObject{{QStringLiteral("dry_run"), dryRun}}, timeoutMs);
    if (!reply.ok()) {
        *error = reply.error.isEmpty() ? tr("The instance answered %1.").arg(reply.status) : reply.error;
        return {};
    }
    return reply.json.object();
}

ReapPreview RemoteWorker::preview(ReapRequest request)
{
    ReapPreview preview;
    preview.request = request;
    if (request.kind == ReapRequest::Kind::Processes) {
        preview.error =
            tr("Only the instance itself can kill chosen processes, and it runs in another process "
               "(pid %1). Reap their session instead, or quit that instance and let this window run it.")
                .arg(m_status.instancePid);
        return preview;
    }
    const Settings settings(m_paths.configFile());
    preview.request.times = settings.cascadeTimes();
    preview.request.minAgeMs = settings.reaperMinAgeMs();
    QString error;
    const QJsonObject dry = reapCall(request, true, &error);
    if (!error.isEmpty()) {
        preview.error = error;
        return preview;
    }
    const ReapReport report = json::reapReportFromJson(dry, preview.request);
    preview.plan.targets = report.targets;
    preview.plan.skipped = report.cascade.skipped;
    preview.plan.zombieCount = report.zombieCount;
    preview.id = keepPreview(preview.request, preview.plan, m_snapshot);
    return preview;
}

void RemoteWorker::execute(quint64 id, std::function<void(const ReapReport &, const QString &)> done)
{
    if (!m_previews.contains(id)) {
        done({}, tr("This preview is no longer available; open it again."));
        return;
    }
    const Kept kept = m_previews.take(id);
    // The API plans again on the instance's side: the receipt says what it did, which the window compares
    // with the preview.
    QString error;
    const QJsonObject answer = reapCall(kept.request, false, &error);
    done(error.isEmpty() ? json::reapReportFromJson(answer, kept.request) : ReapReport{}, error);
    sampleNow();
}

QList<HistorySample> RemoteWorker::history(qint64 fromMs, qint64 toMs, int maxPoints)
{
    return m_history && m_history->isOpen() ? m_history->samples(fromMs, toMs, maxPoints)
                                            : QList<HistorySample>{};
}

QList<AuditEntry> RemoteWorker::audit(qint64 sinceWallMs, int limit)
{
    return m_audit && m_audit->isOpen() ? m_audit->entries(sinceWallMs, limit) : QList<AuditEntry>{};
}

QJsonObject RemoteWorker::doctor()
{
    InstanceFindings found;
    found.running = true;
    const auto reply = m_client->request("GET", QStringLiteral("/api/doctor"));
    if (reply.ok())
        found.report = reply.json.object();
    else
        found.error = reply.error;
    return doctorReport(m_paths, found);
}

void RemoteWorker::setReaperPaused(bool paused)
{
    // The instance watches agentmon.conf and applies it at once.
    Settings settings(m_paths.configFile());
    if (paused)
        settings.setValue("reaper/paused", true);
    else
        settings.remove("reaper/paused");
    settings.sync();
    m_status.reaperPaused = paused;
    Q_EMIT sampled(m_snapshot, m_status);
}

void RemoteWorker::shutdown(std::function<void()> done)
{
    m_timer.stop();
    done();
}

} // namespace agentmon
