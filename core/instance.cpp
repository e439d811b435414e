#include "instance.h"

#include "coretext.h"
#include "jsonformat.h"
#include "metrics.h"
#include "processhandle.h"
#include "processsource.h"
#include "procparsers.h"
#include "registry.h"
#include "sampler.h"
#include "slotpool.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>

#include <algorithm>
#include <sys/wait.h>
#include <unistd.h>

namespace agentmon {

namespace {

std::optional<quint64> startTimeOf(int pid)
{
    QFile file(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const auto stat = procparse::parseStat(file.readAll());
    if (!stat || stat->pid != pid)
        return std::nullopt;
    return stat->starttime;
}

// Size, modification time and inode of the files that reloadSettings() reads: the directory watcher also
// fires for registry.json and the lock, which must not reload anything.
QByteArray configStamp(const Paths &paths)
{
    QByteArray stamp;
    for (const QString &file : {paths.configFile(), paths.rulesFile()}) {
        const QFileInfo info(file);
        stamp += QByteArray::number(info.exists() ? info.size() : -1) + ':' +
                 QByteArray::number(info.exists() ? info.lastModified().toMSecsSinceEpoch() : 0) + ':' +
                 QByteArray::number(
                     info.exists() ? qint64(info.fileTime(QFile::FileMetadataChangeTime).toMSecsSinceEpoch())
                                   : 0) +
                 ';';
    }
    return stamp;
}

bool isAlive(const ProcessKey &key)
{
    const auto handle = ProcessHandle::open(key);
    return handle && !handle->hasExited();
}

} // namespace

Instance::Instance(const Paths &paths, bool gui, QObject *parent)
    : QObject(parent), m_paths(paths), m_gui(gui), m_settings(paths.configFile()),
      m_lock(paths.runtimeDir() + QStringLiteral("/instance.lock"))
{
    m_lock.setStaleLockTime(0);
    m_sampleTimer.setTimerType(Qt::CoarseTimer);
    connect(&m_sampleTimer, &QTimer::timeout, this, &Instance::sampleNow);
    connect(&m_sweepTimer, &QTimer::timeout, this, &Instance::healthSweep);
    connect(&m_reaperTimer, &QTimer::timeout, this, [this] {
        if (!m_reaperPaused)
            reap(passRequest(QStringLiteral("periodic")));
    });
    m_reloadTimer.setSingleShot(true);
    m_reloadTimer.setInterval(150);
    connect(&m_reloadTimer, &QTimer::timeout, this, &Instance::reloadSettings);
    m_resampleTimer.setSingleShot(true);
    m_resampleTimer.setInterval(200);
    connect(&m_resampleTimer, &QTimer::timeout, this, &Instance::sampleNow);
}

Instance::~Instance()
{
    if (m_registry)
        m_registry->flush();
}

bool Instance::start()
{
    if (m_started)
        return true;
    for (const QString &dir : {m_paths.runtimeDir(), m_paths.configDir(), m_paths.dataDir()}) {
        if (!QDir().mkpath(dir)) {
            m_error = QStringLiteral("cannot create %1").arg(dir);
            return false;
        }
    }
    // The runtime directory holds the lock and instance.json: it must be ours and private.
    if (QFileInfo(m_paths.runtimeDir()).ownerId() != ::getuid()) {
        m_error = QStringLiteral("%1 belongs to another user").arg(m_paths.runtimeDir());
        return false;
    }
    QFile::setPermissions(m_paths.runtimeDir(),
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    if (!m_lock.tryLock(0)) {
        qint64 pid = 0;
        QString host;
        QString app;
        m_lock.getLockInfo(&pid, &host, &app);
        m_error = pid > 0 ? QStringLiteral("agentmon is already running (pid %1, %2)").arg(pid).arg(app)
                          : QStringLiteral("cannot lock %1")
                                .arg(m_paths.runtimeDir() + QStringLiteral("/instance.lock"));
        return false;
    }
    m_fileLimitBefore = raiseOpenFileLimit();
    m_rules.loadUserFile(m_paths.rulesFile());
    m_source = createProcessSource(m_clock);
    if (!m_source->isValid()) {
        m_error = m_source->errorString();
        m_lock.unlock();
        return false;
    }
    m_sampler = std::make_unique<Sampler>(*m_source, m_rules, m_clock, m_settings.statusPolicy());
    m_registry = std::make_unique<Registry>(m_paths.registryFile(), m_source->readSystem().bootId);
    // A data directory that cannot be written (full, read-only) does not stop the instance: what is alive is
    // tracked in memory, written once the directory takes it; doctor says why until then.
    if (!m_registry->open(true)) {
        m_error = m_registry->errorString();
        m_lock.unlock();
        return false;
    }
    m_pressure = new PressureMonitor(QStringLiteral("/proc"), m_clock, m_settings.pressureThresholds(), this);
    m_pressure->setSampleIntervalMs(m_settings.sampleIntervalMs(m_gui));
    m_pressure->armTrigger(); // where the kernel refuses, sampling alone judges (doctor says which)
    connect(m_pressure, &PressureMonitor::levelChanged, this, &Instance::onPressureLevel);
    m_leaks = std::make_unique<LeakDetector>(m_clock);
    m_audit = std::make_unique<AuditLog>(m_paths.historyFile(), m_clock);
    m_audit->open(); // unavailable is not fatal: doctor reports it
    m_history = std::make_unique<SqliteHistoryStore>(m_paths.historyFile(), m_clock,
                                                     int(m_settings.historyRetentionMs() / 86'400'000),
                                                     m_settings.historyMaxBytes());
    if (m_history->open())
        m_history->prune();
    connect(&m_pruneTimer, &QTimer::timeout, this, [this] {
        if (m_history && m_history->isOpen())
            m_history->prune();
        if (m_audit && m_audit->isOpen())
            m_audit->prune(m_settings.historyRetentionMs());
    });
    m_pruneTimer.start(3600'000);
    m_subreaper = makeChildSubreaper();
    m_sampler->tracker().addSubreaper(int(::getpid()));
    for (const RegistryEntry &entry : m_registry->entries()) {
        if (!entry.session.isEmpty())
            m_sampler->tracker().assignSession(entry.key, entry.session);
    }

    m_pool = new SlotPool(m_settings.poolLimits(), this);
    // Registered agents (hooks, register) count towards the hard cap with the slot holders.
    m_pool->setOutsideAgents([this] {
        int count = 0;
        for (const RegistryEntry &entry : m_registry->entries()) {
            if (entry.kind != EntryKind::Spawned && !m_pool->leaseOf(entry.key) && isAlive(entry.key))
                ++count;
        }
        return count;
    });
    connect(m_pool, &SlotPool::granted, this, [this](quint64 ticket, quint64 lease) {
        const auto done = m_slotAnswers.take(ticket);
        if (!done)
            return;
        QJsonObject body;
        body.insert(QLatin1String("lease"), qint64(lease));
        body.insert(QLatin1String("in_use"), m_pool->inUse());
        body.insert(QLatin1String("max_concurrent"), m_pool->limits().maxConcurrent);
        done(ApiResult::ok(body));
    });
    connect(m_pool, &SlotPool::refused, this, [this](quint64 ticket, int code, const QString &reason) {
        const auto done = m_slotAnswers.take(ticket);
        if (!done)
            return;
        // design.md keeps to 409 and 429: no slot in time and the hard cap are both "too many".
        done(ApiResult::fail(code == 408 || code == 429 ? 429 : 409, reason));
    });

    m_uptime.start();
    m_sampleTimer.start(int(m_settings.sampleIntervalMs(m_gui)));
    m_sweepTimer.start(int(m_settings.healthSweepMs()));
    m_reaperPaused = m_settings.reaperPaused();
    if (m_settings.reaperIntervalMs() > 0)
        m_reaperTimer.start(int(m_settings.reaperIntervalMs()));
    // agentmon.conf and rules.json apply live: the settings dialog, `agentmonctl`, or an editor may change
    // them. The directory is watched too, since QSettings and editors replace the files by renaming.
    m_watcher = new QFileSystemWatcher(this);
    m_watcher->addPath(m_paths.configDir());
    for (const QString &file : {m_paths.configFile(), m_paths.rulesFile()}) {
        if (QFile::exists(file))
            m_watcher->addPath(file);
    }
    auto changed = [this] { m_reloadTimer.start(); };
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, this, changed);
    connect(m_watcher, &QFileSystemWatcher::fileChanged, this, changed);
    m_configStamp = configStamp(m_paths);
    m_started = true;
    sampleNow();
    if (m_registry->wasRebuilt())
        rediscover();
    resumeInterruptedReaps();
    return true;
}

QStringList Instance::warnings() const
{
    QStringList all = m_rules.errors() + m_settings.problems();
    if (m_registry)
        all += m_registry->warnings();
    all += m_resumeNotes;
    if (m_started && !m_subreaper)
        all.append(QStringLiteral("cannot become a child subreaper: orphans of launched agents go to PID 1"));
    return all;
}

void Instance::sampleNow()
{
    if (!m_sampler)
        return;
    m_snapshot = m_sampler->sample();
    ++m_samples;
    if (m_pressure)
        m_pressure->update(m_snapshot.system, int(m_snapshot.zombies.size()));
    if (m_leaks)
        m_leaks->add(m_snapshot);
    applyLeakPolicy();
    recordHistory();
    writePendingAudit();
    logStorageChanges();
    QSet<ProcessKey> tracked;
    for (const RegistryEntry &entry : m_registry->entries())
        tracked.insert(entry.key);
    for (ProcessRecord &record : m_snapshot.processes)
        record.tracked = tracked.contains(record.info.key);
    learnLineage();
    reapAdoptedZombies();
    Q_EMIT sampled(m_snapshot);
}

void Instance::rediscover()
{
    // The registry was corrupt and started empty: record the agents that are alive again, with the sessions
    // the sampler gave them, so that the next instance finds them as before.
    for (const ProcessRecord &record : m_snapshot.processes) {
        if (!record.isAgent() || !record.sessionRoot || record.tracked || record.info.isZombie())
            continue;
        RegistryEntry entry;
        entry.key = record.info.key;
        entry.pgid = record.info.pgid;
        entry.session = record.session;
        entry.kind = EntryKind::Discovered;
        entry.command = record.info.argv;
        entry.startedAtWallMs = QDateTime::currentMSecsSinceEpoch();
        m_registry->add(entry);
    }
    m_registry->flush();
    sampleNow();
}

void Instance::resumeInterruptedReaps()
{
    // Session reaps a previous instance started and did not finish (it was killed, or quit meanwhile): each
    // is planned again on the fresh sample, with the targets it had fixed by (pid, starttime) — a pid now
    // used by another process is not one of them — and the grace period it had left (CLOCK_BOOTTIME goes on
    // across restarts; the registry is of this boot). Nothing else is taken: the planner's guards apply as
    // for any session reap.
    const QList<ReapMark> marks = m_registry->reapMarks();
    for (const ReapMark &mark : marks) {
        m_registry->removeReapMark(mark.reapId);
        const QString asker = mark.requestedBy.isEmpty() ? QStringLiteral("unknown") : mark.requestedBy;
        const bool automatic = mark.requestedBy == QLatin1String("periodic") ||
                               mark.requestedBy.startsWith(QLatin1String("policy:"));
        if (automatic && m_reaperPaused) {
            m_resumeNotes.append(
                QStringLiteral("the reap %1 of session %2 (requested by %3) was interrupted by "
                               "a restart and is not resumed: the reaper is paused")
                    .arg(mark.reapId, mark.session, asker));
            continue;
        }
        ReapRequest request;
        request.kind = ReapRequest::Kind::Session;
        request.session = mark.session;
        request.requestedBy = QStringLiteral("resume");
        const qint64 elapsed = m_clock.nowMs() - mark.startedBootMs;
        request.times.graceMs = elapsed < 0 ? mark.graceMs : qMax<qint64>(0, mark.graceMs - elapsed);
        request.times.confirmMs = mark.confirmMs > 0 ? mark.confirmMs : m_settings.cascadeTimes().confirmMs;

        QList<ProcessKey> remembered = mark.targets;
        for (const RegistryEntry &entry : m_registry->entriesForSession(mark.session)) {
            remembered.append(entry.key);
            remembered.append(entry.lineage);
        }
        const ReapPlanner planner(::getuid(),
                                  [this](const ProcessKey &key) { return m_source->readRealUid(key); });
        ReapPlan plan = planner.planSession(m_snapshot, mark.session, remembered);
        // Targets that ended meanwhile (zombies included: the planner would list those as skipped) are
        // accounted for as gone.
        QSet<ProcessKey> alive;
        QSet<ProcessKey> zombies;
        for (const ProcessRecord &record : m_snapshot.processes)
            (record.info.isZombie() ? zombies : alive).insert(record.info.key);
        QList<ProcessKey> gone;
        QSet<int> goneZombies;
        for (const ProcessKey &key : mark.targets) {
            if (!alive.contains(key))
                gone.append(key);
            if (zombies.contains(key))
                goneZombies.insert(key.pid);
        }
        plan.skipped.removeIf([&](const SkipRecord &skip) { return goneZombies.contains(skip.pid); });
        const QString trigger =
            QStringLiteral("resumed after a restart: reap %1 of session %2, requested by %3%4")
                .arg(mark.reapId, mark.session, asker,
                     mark.trigger.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(mark.trigger));
        m_resumeNotes.append(
            QStringLiteral("resuming the reap %1 of session %2 (requested by %3), interrupted "
                           "by a restart: %4 process(es) left, %5 gone; SIGKILL after %6 ms")
                .arg(mark.reapId, mark.session, asker)
                .arg(plan.targets.size())
                .arg(gone.size())
                .arg(request.times.graceMs));
        ReapJob *job = runReap(request, std::move(plan), m_snapshot, trigger);
        // The targets that ended before the restart (most by the interrupted reap's SIGTERM) are accounted
        // for in the audit log under the resumed reap.
        connect(job, &ReapJob::finished, this, [this, gone, mark, trigger](const ReapReport &report) {
            QList<AuditEntry> rows;
            for (const ProcessKey &key : gone) {
                AuditEntry row;
                row.session = mark.session;
                row.key = key;
                row.reason = QStringLiteral("target of the interrupted reap %1; gone when it was resumed")
                                 .arg(mark.reapId);
                row.signal = QStringLiteral("none");
                row.outcome = QStringLiteral("already_gone");
                row.requestedBy = report.request.requestedBy;
                row.trigger = trigger;
                row.reapId = report.id;
                rows.append(row);
            }
            recordAudit(rows);
        });
    }
    if (!marks.isEmpty())
        m_registry->flush();
}

void Instance::recordAudit(QList<AuditEntry> rows)
{
    // Bounded: a disk that stays full must not grow the instance without end; what is given up is counted.
    constexpr qsizetype kMaxAuditPending = 10'000;
    const qint64 now = m_clock.wallMs();
    for (AuditEntry &row : rows) {
        if (!row.timeMs)
            row.timeMs = now; // the time of the act, not of a later write
    }
    m_auditPending += rows;
    if (m_auditPending.size() > kMaxAuditPending) {
        const qsizetype excess = m_auditPending.size() - kMaxAuditPending;
        m_auditPending.remove(0, excess);
        m_auditDropped += quint64(excess);
    }
    writePendingAudit();
}

void Instance::writePendingAudit()
{
    if (m_audit && m_audit->isOpen() && !m_auditPending.isEmpty() && m_audit->record(m_auditPending))
        m_auditPending.clear();
}

void Instance::recordHistory()
{
    if (!m_history || !m_audit)
        return;
    // Not open (the disk was full or read-only when the instance started): tried again after 5 s, then
    // less and less often (an open checks the whole file), at least every 5 minutes.
    if ((!m_history->isOpen() || !m_audit->isOpen()) &&
        (!m_storageReopen.isValid() || m_storageReopen.hasExpired(m_storageReopenDelayMs))) {
        const bool first = !m_storageReopen.isValid();
        m_storageReopen.start();
        if (!m_audit->isOpen())
            m_audit->open();
        if (!m_history->isOpen())
            m_history->open();
        if (m_audit->isOpen() && m_history->isOpen())
            m_storageReopenDelayMs = 5000;
        else if (!first)
            m_storageReopenDelayMs = qMin<qint64>(m_storageReopenDelayMs * 2, 300'000);
    }
    // A sample that cannot be written is dropped (the next one comes in seconds) and counted.
    if (m_history->isOpen() &&
        m_history->record(sampleOf(m_snapshot, m_pressure ? m_pressure->level() : PressureLevel::Ok))) {
        m_historyError.clear();
        return;
    }
    ++m_historyDropped;
    m_historyError = m_history->errorString();
}

void Instance::logStorageChanges()
{
    auto report = [this](const QString &file, const QString &error) {
        QString &said = m_loggedStorage[file];
        if (said == error)
            return;
        if (!error.isEmpty())
            qWarning("agentmon: %s", qUtf8Printable(error));
        else
            qWarning("agentmon: %s is written again", qUtf8Printable(file));
        said = error;
    };
    if (m_registry)
        report(m_registry->fileName(), m_registry->lastError());
    if (m_history)
        report(m_history->fileName(), m_historyError);
    if (m_audit)
        report(QStringLiteral("the kill audit log"), !m_audit->isOpen()         ? m_audit->errorString()
                                                     : m_auditPending.isEmpty() ? QString()
                                                                                : m_audit->lastError());
}

void Instance::learnLineage()
{
    QHash<QString, QList<ProcessKey>> members;
    for (const ProcessRecord &record : m_snapshot.processes) {
        if (!record.session.isEmpty() && !record.info.isZombie())
            members[record.session].append(record.info.key);
    }
    for (const RegistryEntry &entry : m_registry->entries()) {
        const auto it = members.constFind(entry.session);
        if (entry.session.isEmpty() || it == members.cend() || it->size() <= 1)
            continue;
        const QSet<ProcessKey> known(entry.lineage.cbegin(), entry.lineage.cend());
        for (const ProcessKey &key : *it) {
            if (key != entry.key && !known.contains(key))
                m_registry->addLineage(entry.id, key);
        }
    }
}

void Instance::reapAdoptedZombies()
{
    // Orphans adopted by this subreaper are our children now: reap them as soon as they are zombies.
    // Processes started through QProcess are left to QProcess, which reaps its own.
    const int self = int(::getpid());
    for (const ZombieRecord &zombie : m_snapshot.zombies) {
        if (zombie.ppid != self)
            continue;
        const bool ours =
            std::any_of(m_launched.begin(), m_launched.end(),
                        [&](const QPointer<AgentProcess> &p) { return p && p->key().pid == zombie.key.pid; });
        if (!ours)
            ::waitpid(zombie.key.pid, nullptr, WNOHANG);
    }
}

void Instance::healthSweep()
{
    if (m_registry)
        m_registry->prune();
}

std::optional<ProcessKey> Instance::verifiedKey(int pid, std::optional<quint64> starttime) const
{
    if (pid <= 0)
        return std::nullopt;
    const auto actual = startTimeOf(pid);
    if (!actual || (starttime && *starttime != *actual))
        return std::nullopt;
    const ProcessKey key{pid, *actual};
    if (!isAlive(key))
        return std::nullopt;
    return key;
}

AgentProcess *Instance::launch(LaunchOptions options, const QString &session, bool replace, QString *error)
{
    QList<ProcessKey> previous;
    for (const RegistryEntry &entry : m_registry->entriesForSession(session)) {
        if (entry.kind == EntryKind::Spawned && isAlive(entry.key)) {
            previous.append(entry.key);
            previous.append(entry.lineage);
        }
    }
    if (!previous.isEmpty() && !replace) {
        if (error)
            *error =
                QStringLiteral("session %1 already has a running agent (pid %2); replace it or pick another "
                               "session")
                    .arg(session)
                    .arg(previous.first().pid);
        return nullptr;
    }
    options.childFileLimit = m_fileLimitBefore;
    auto *agent = new AgentProcess(std::move(options), this);
    m_launched.append(agent);
    auto startIt = [this, agent, session] {
        if (!agent->start()) {
            agent->deleteLater();
            return;
        }
        RegistryEntry entry;
        entry.key = agent->key();
        entry.pgid = agent->key().pid;
        // Always a session: what agentmon launched is assigned, so that it is never taken for something this
        // subreaper adopted (an orphan).
        entry.session = session.isEmpty()
                            ? QStringLiteral("pid-%1-%2").arg(agent->key().pid).arg(agent->key().starttime)
                            : session;
        entry.kind = EntryKind::Spawned;
        entry.command = QStringList{agent->process().program()} + agent->process().arguments();
        entry.startedAtWallMs = QDateTime::currentMSecsSinceEpoch();
        const QString id = m_registry->add(entry);
        m_registry->flush();
        m_sampler->tracker().assignSession(agent->key(), entry.session);
        connect(agent, &AgentProcess::finished, this, [this, id] { m_registry->remove(id); });
    };
    if (previous.isEmpty()) {
        startIt();
        if (!agent->isRunning() && agent->errorString().size()) {
            if (error)
                *error = agent->errorString();
            return nullptr;
        }
        return agent;
    }
    auto *cascade = new Cascade(previous, m_settings.cascadeTimes(), this);
    connect(cascade, &Cascade::finished, this, [cascade, startIt] {
        cascade->deleteLater();
        startIt();
    });
    cascade->start();
    return agent;
}

void Instance::shutdown()
{
    if (m_shuttingDown)
        return;
    m_shuttingDown = true;
    m_sampleTimer.stop();
    m_sweepTimer.stop();
    m_reaperTimer.stop();
    QList<RegistryEntry> spawned;
    if (m_registry) {
        for (const RegistryEntry &entry : m_registry->entries()) {
            if (entry.kind == EntryKind::Spawned)
                spawned.append(entry);
        }
    }
    std::sort(spawned.begin(), spawned.end(), [](const RegistryEntry &a, const RegistryEntry &b) {
        return a.startedAtWallMs != b.startedAtWallMs ? a.startedAtWallMs > b.startedAtWallMs
                                                      : a.key.starttime > b.key.starttime;
    });
    QList<ProcessKey> keys;
    for (const RegistryEntry &entry : std::as_const(spawned)) {
        keys.append(entry.key);
        keys.append(entry.lineage);
    }
    auto *cascade = new Cascade(keys, m_settings.cascadeTimes(), this);
    m_shutdownCascade = cascade;
    connect(cascade, &Cascade::finished, this, [this, cascade] {
        cascade->deleteLater();
        if (m_registry) {
            m_registry->prune();
            m_registry->flush();
        }
        Q_EMIT shutdownFinished();
    });
    cascade->start();
}

void Instance::applyLeakPolicy()
{
    if (!m_leaks || m_shuttingDown)
        return;
    const Settings::Policy policy = m_settings.policy("policy/leaks");
    QSet<QString> now;
    for (const Leak &leak : LeakDetector::leaks(m_snapshot, m_settings.statusPolicy().lingerMs)) {
        now.insert(leak.session);
        if (m_knownLeaks.contains(leak.session))
            continue;
        if (policy == Settings::Policy::Notify || (policy == Settings::Policy::Auto && m_reaperPaused)) {
            Q_EMIT notice(QStringLiteral("leak"), leak.text);
        } else if (policy == Settings::Policy::Auto) {
            ReapRequest request;
            request.kind = ReapRequest::Kind::Session;
            request.session = leak.session;
            request.dryRun = m_settings.policyDryRun();
            request.times = m_settings.cascadeTimes();
            request.requestedBy = QStringLiteral("policy:leak");
            // From the event loop: this runs inside a sample, and a reap samples again.
            QTimer::singleShot(0, this, [this, request, text = leak.text] { reap(request, text); });
        }
    }
    m_knownLeaks = now;
}

void Instance::onPressureLevel(PressureLevel level, const QStringList &reasons)
{
    if (level != PressureLevel::Critical || m_shuttingDown)
        return;
    const QString text =
        QStringLiteral("memory pressure critical: %1").arg(reasons.join(QStringLiteral("; ")));
    const Settings::Policy policy = m_settings.policy("policy/orphans");
    if (policy == Settings::Policy::Notify || (policy == Settings::Policy::Auto && m_reaperPaused)) {
        Q_EMIT notice(QStringLiteral("pressure"), text);
    } else if (policy == Settings::Policy::Auto && !m_policyPassRunning) {
        // Orphans older than the minimum age, with every guard of a reaper pass.
        ReapRequest request = passRequest(QStringLiteral("policy:critical"));
        request.dryRun = m_settings.policyDryRun();
        m_policyPassRunning = true;
        QTimer::singleShot(0, this, [this, request, text] {
            ReapJob *job = reap(request, text);
            connect(job, &ReapJob::finished, this, [this] { m_policyPassRunning = false; });
        });
    }
}

void Instance::reloadSettings()
{
    if (!m_started)
        return;
    // Files that appeared since (rules.json created by an editor) are watched from now on.
    for (const QString &file : {m_paths.configFile(), m_paths.rulesFile()}) {
        if (QFile::exists(file) && !m_watcher->files().contains(file))
            m_watcher->addPath(file);
    }
    const QByteArray stamp = configStamp(m_paths);
    if (stamp == m_configStamp)
        return;
    m_configStamp = stamp;
    m_settings.sync();
    m_rules.reloadUserFile();
    m_sampler->tracker().reclassify();
    m_sampler->tracker().setPolicy(m_settings.statusPolicy());
    m_pool->setLimits(m_settings.poolLimits());
    m_pressure->setThresholds(m_settings.pressureThresholds());
    m_pressure->setSampleIntervalMs(m_settings.sampleIntervalMs(m_gui));
    auto retime = [](QTimer &timer, qint64 ms) {
        if (ms <= 0)
            timer.stop();
        else if (!timer.isActive() || timer.interval() != int(ms))
            timer.start(int(ms));
    };
    retime(m_sampleTimer, m_settings.sampleIntervalMs(m_gui));
    retime(m_sweepTimer, m_settings.healthSweepMs());
    retime(m_reaperTimer, m_settings.reaperIntervalMs());
    m_reaperPaused = m_settings.reaperPaused();
    Q_EMIT settingsReloaded();
    sampleNow();
}

void Instance::setReaperPaused(bool paused)
{
    if (paused)
        m_settings.setValue("reaper/paused", true);
    else
        m_settings.remove("reaper/paused");
    m_settings.sync();
    m_reaperPaused = paused;
    m_configStamp = configStamp(m_paths); // our own write: nothing to reload
    Q_EMIT settingsReloaded();
}

qint64 Instance::reaperNextRunMs() const
{
    if (m_reaperPaused || !m_reaperTimer.isActive())
        return -1;
    return m_reaperTimer.remainingTime();
}

QByteArray Instance::stderrTailOf(const ProcessKey &key) const
{
    for (const QPointer<AgentProcess> &agent : m_launched) {
        if (agent && agent->key() == key)
            return agent->stderrTail();
    }
    return {};
}

ReapRequest Instance::passRequest(const QString &requestedBy) const
{
    ReapRequest request;
    request.kind = ReapRequest::Kind::Pass;
    request.minAgeMs = m_settings.reaperMinAgeMs();
    request.times = m_settings.cascadeTimes();
    request.requestedBy = requestedBy;
    return request;
}

ReapJob *Instance::reap(const ReapRequest &request, const QString &trigger)
{
    sampleNow();
    return runReap(request, planReap(request), m_snapshot, trigger);
}

ReapPlan Instance::planReap(const ReapRequest &request) const
{
    const ReapPlanner planner(::getuid(),
                              [this](const ProcessKey &key) { return m_source->readRealUid(key); });
    switch (request.kind) {
    case ReapRequest::Kind::Session: {
        QList<ProcessKey> remembered;
        for (const RegistryEntry &entry : m_registry->entriesForSession(request.session)) {
            remembered.append(entry.key);
            remembered.append(entry.lineage);
        }
        return planner.planSession(m_snapshot, request.session, remembered);
    }
    case ReapRequest::Kind::Processes:
        return planner.planProcesses(m_snapshot, request.processes);
    case ReapRequest::Kind::Pass:
        break;
    }
    return planner.planPass(m_snapshot, request.minAgeMs);
}

ReapJob *Instance::runReap(const ReapRequest &request, ReapPlan plan, const Snapshot &planned,
                           const QString &trigger)
{
    auto *job = new ReapJob(request, std::move(plan), planned, this);
    // A session reap that signals something is marked in the registry, written before its first signal: an
    // instance killed meanwhile leaves the mark for the next one, which finishes the reap.
    const bool marked =
        request.kind == ReapRequest::Kind::Session && !request.dryRun && !job->report().targets.isEmpty();
    if (marked) {
        ReapMark mark;
        mark.reapId = job->report().id;
        mark.session = request.session;
        mark.requestedBy = request.requestedBy;
        mark.trigger = trigger;
        mark.graceMs = request.times.graceMs;
        mark.confirmMs = request.times.confirmMs;
        mark.startedBootMs = m_clock.nowMs();
        mark.startedAtWallMs = m_clock.wallMs();
        for (const ReapTarget &target : job->report().targets)
            mark.targets.append(target.key);
        m_registry->addReapMark(mark);
        m_registry->flush(); // a failed write is retried; the reap does not wait for the disk
    }
    connect(job, &ReapJob::finished, this, [this, job, trigger, marked](const ReapReport &report) {
        job->deleteLater();
        if (marked)
            m_registry->removeReapMark(report.id);
        recordAudit(auditEntries(report, trigger));
        ++m_reaps;
        m_reapFailures += quint64(report.cascade.survivors.size());
        for (const KillRecord &k : report.cascade.killed)
            ++m_kills[k.signal + QLatin1Char('|') + report.request.requestedBy];
        if (!report.request.dryRun) {
            for (const KillRecord &k : report.cascade.killed)
                m_registry->removeKey(k.key);
        }
        if (marked)
            m_registry->flush(); // the mark goes at once: a finished reap is not resumed after a crash
        Q_EMIT reaped(report);
        if (!report.request.dryRun && !report.cascade.killed.isEmpty())
            sampleNow();
    });
    job->start();
    return job;
}

bool Instance::knowsSession(const QString &id) const
{
    for (const SessionRecord &s : m_snapshot.sessions) {
        if (s.id == id)
            return true;
    }
    return !m_registry->entriesForSession(id).isEmpty();
}

void Instance::reapPass(const ReapApiRequest &api, std::function<void(const ApiResult &)> done)
{
    ReapRequest request = passRequest(QStringLiteral("api"));
    request.dryRun = api.dryRun;
    if (api.graceMs)
        request.times.graceMs = *api.graceMs;
    if (api.minAgeMs)
        request.minAgeMs = *api.minAgeMs;
    ReapJob *job = reap(request);
    connect(job, &ReapJob::finished, this,
            [done](const ReapReport &report) { done(ApiResult::ok(json::reapReport(report))); });
}

void Instance::reapSession(const QString &id, const ReapApiRequest &api,
                           std::function<void(const ApiResult &)> done)
{
    sampleNow();
    if (!knowsSession(id)) {
        done(ApiResult::fail(404, QStringLiteral("no session %1").arg(id)));
        return;
    }
    ReapRequest request;
    request.kind = ReapRequest::Kind::Session;
    request.session = id;
    request.dryRun = api.dryRun;
    request.times = m_settings.cascadeTimes();
    if (api.graceMs)
        request.times.graceMs = *api.graceMs;
    request.requestedBy = QStringLiteral("api");
    ReapJob *job = reap(request, QStringLiteral("POST /api/sessions/%1/reap").arg(id));
    connect(job, &ReapJob::finished, this,
            [done](const ReapReport &report) { done(ApiResult::ok(json::reapReport(report))); });
}

QByteArray Instance::metrics() const
{
    MetricsWriter w;
    w.gauge(QStringLiteral("agentmon_build_info"), QStringLiteral("agentmon's version; always 1"), 1,
            {{QStringLiteral("version"), QStringLiteral(AGENTMON_VERSION)}});
    w.gauge(QStringLiteral("agentmon_uptime_seconds"), QStringLiteral("Seconds since this instance started"),
            m_uptime.isValid() ? double(m_uptime.elapsed()) / 1000.0 : 0);

    // Agent processes by class and status, and their memory.
    QMap<QPair<QString, QString>, int> byClassStatus;
    double rss = 0;
    double pss = 0;
    double swap = 0;
    int orphans = 0;
    for (const ProcessRecord &record : m_snapshot.processes) {
        if (!record.isAgent())
            continue;
        ++byClassStatus[{className(record.cls), statusName(record.status)}];
        rss += double(record.info.rssKb) * 1024;
        if (record.info.memory) {
            pss += double(record.info.memory->pssKb) * 1024;
            swap += double(record.info.memory->swapKb) * 1024;
        }
        orphans += record.status == ProcessStatus::Orphan;
    }
    for (auto it = byClassStatus.cbegin(); it != byClassStatus.cend(); ++it) {
        w.gauge(QStringLiteral("agentmon_agent_processes"),
                QStringLiteral("Agent processes by class and status"), it.value(),
                {{QStringLiteral("class"), it.key().first}, {QStringLiteral("status"), it.key().second}});
    }
    if (byClassStatus.isEmpty())
        w.gauge(QStringLiteral("agentmon_agent_processes"),
                QStringLiteral("Agent processes by class and status"), 0);
    w.gauge(QStringLiteral("agentmon_agent_rss_bytes"),
            QStringLiteral("Resident memory of all agent processes"), rss);
    w.gauge(QStringLiteral("agentmon_agent_pss_bytes"),
            QStringLiteral("Proportional set size of all agent processes (smaps_rollup)"), pss);
    w.gauge(QStringLiteral("agentmon_agent_swap_bytes"),
            QStringLiteral("Swapped-out memory of all agent processes"), swap);
    w.gauge(QStringLiteral("agentmon_orphans"),
            QStringLiteral("Agent processes whose parent or session is gone"), orphans);

    int alive = 0;
    int leaked = 0;
    const qint64 linger = m_settings.statusPolicy().lingerMs;
    for (const SessionRecord &session : m_snapshot.sessions) {
        alive += session.alive;
        leaked += session.leaked(m_snapshot.takenAtMs, linger);
    }
    w.gauge(QStringLiteral("agentmon_sessions"), QStringLiteral("Agent sessions by state"), alive,
            {{QStringLiteral("state"), QStringLiteral("alive")}});
    w.gauge(QStringLiteral("agentmon_sessions"), QStringLiteral("Agent sessions by state"),
            double(m_snapshot.sessions.size()) - alive, {{QStringLiteral("state"), QStringLiteral("ended")}});
    w.gauge(QStringLiteral("agentmon_leaked_sessions"),
            QStringLiteral("Ended sessions with processes still alive after the linger time"), leaked);
    w.gauge(QStringLiteral("agentmon_zombies"), QStringLiteral("Zombie processes on the machine"),
            double(m_snapshot.zombies.size()));
    if (m_pressure) {
        w.gauge(QStringLiteral("agentmon_pressure_level"),
                QStringLiteral("Memory pressure as agentmon judges it: 0 ok, 1 warning, 2 critical"),
                double(int(m_pressure->level())));
        w.counter(QStringLiteral("agentmon_psi_triggers_total"), QStringLiteral("PSI trigger wake-ups"),
                  m_pressure->triggerCount());
    }
    if (m_leaks) {
        const Trend trend = m_leaks->trend();
        w.gauge(QStringLiteral("agentmon_agent_processes_per_hour"),
                QStringLiteral("Growth of the agent process count over the last hour"),
                trend.enough ? trend.processesPerHour : 0);
        if (trend.exhaustionInMs)
            w.gauge(
                QStringLiteral("agentmon_memory_exhaustion_seconds"),
                QStringLiteral("Forecast: seconds until MemAvailable runs out at the current agent growth"),
                double(*trend.exhaustionInMs) / 1000);
    }

    const MemInfo &mem = m_snapshot.system.mem;
    w.gauge(QStringLiteral("agentmon_memory_total_bytes"), QStringLiteral("MemTotal"),
            double(mem.memTotalKb) * 1024);
    w.gauge(QStringLiteral("agentmon_memory_available_bytes"), QStringLiteral("MemAvailable"),
            double(mem.memAvailableKb) * 1024);
    w.gauge(QStringLiteral("agentmon_swap_total_bytes"), QStringLiteral("SwapTotal"),
            double(mem.swapTotalKb) * 1024);
    w.gauge(QStringLiteral("agentmon_swap_used_bytes"), QStringLiteral("SwapTotal - SwapFree"),
            double(mem.swapUsedKb()) * 1024);
    if (const auto &psi = m_snapshot.system.psi) {
        const QString help = QStringLiteral("Share of time tasks stalled on memory (/proc/pressure/memory)");
        w.gauge(QStringLiteral("agentmon_memory_pressure_ratio"), help, psi->someAvg10 / 100,
                {{QStringLiteral("kind"), QStringLiteral("some")},
                 {QStringLiteral("window"), QStringLiteral("10s")}});
        w.gauge(QStringLiteral("agentmon_memory_pressure_ratio"), help, psi->someAvg60 / 100,
                {{QStringLiteral("kind"), QStringLiteral("some")},
                 {QStringLiteral("window"), QStringLiteral("60s")}});
        w.gauge(QStringLiteral("agentmon_memory_pressure_ratio"), help, psi->fullAvg10 / 100,
                {{QStringLiteral("kind"), QStringLiteral("full")},
                 {QStringLiteral("window"), QStringLiteral("10s")}});
        w.gauge(QStringLiteral("agentmon_memory_pressure_ratio"), help, psi->fullAvg60 / 100,
                {{QStringLiteral("kind"), QStringLiteral("full")},
                 {QStringLiteral("window"), QStringLiteral("60s")}});
    }

    const QString killsHelp =
        QStringLiteral("Processes confirmed dead after agentmon's signal, by signal and by who asked");
    if (m_kills.isEmpty())
        w.counter(QStringLiteral("agentmon_kills_total"), killsHelp, 0);
    for (auto it = m_kills.cbegin(); it != m_kills.cend(); ++it) {
        const QStringList parts = it.key().split(QLatin1Char('|'));
        w.counter(
            QStringLiteral("agentmon_kills_total"), killsHelp, double(it.value()),
            {{QStringLiteral("signal"), parts.value(0)}, {QStringLiteral("requested_by"), parts.value(1)}});
    }
    w.counter(QStringLiteral("agentmon_reaps_total"), QStringLiteral("Reaps run (dry runs included)"),
              double(m_reaps));
    w.counter(QStringLiteral("agentmon_reap_failures_total"),
              QStringLiteral("Processes that survived SIGKILL"), double(m_reapFailures));
    if (m_pool) {
        w.gauge(QStringLiteral("agentmon_pool_slots_in_use"),
                QStringLiteral("Pool slots held by live processes"), m_pool->inUse());
        w.gauge(QStringLiteral("agentmon_pool_waiting"), QStringLiteral("Requests waiting for a pool slot"),
                m_pool->waiting());
        w.gauge(QStringLiteral("agentmon_pool_max_concurrent"), QStringLiteral("Pool slots at most"),
                m_pool->limits().maxConcurrent);
    }
    w.gauge(QStringLiteral("agentmon_tracked_processes"), QStringLiteral("Entries of the registry"),
            m_registry ? m_registry->count() : 0);
    w.gauge(QStringLiteral("agentmon_sample_duration_seconds"),
            QStringLiteral("How long the last sample took"), double(m_snapshot.durationUs) / 1e6);
    w.counter(QStringLiteral("agentmon_samples_total"), QStringLiteral("Samples taken"), double(m_samples));
    return w.text();
}

QJsonObject Instance::health() const
{
    QJsonObject o;
    o.insert(QLatin1String("status"), QStringLiteral("ok"));
    o.insert(QLatin1String("version"), QStringLiteral(AGENTMON_VERSION));
    o.insert(QLatin1String("pid"), qint64(::getpid()));
    o.insert(QLatin1String("uptime_s"), m_uptime.isValid() ? m_uptime.elapsed() / 1000 : 0);
    return o;
}

QJsonObject Instance::doctor() const
{
    QJsonObject o;
    QJsonArray problems;
    auto problem = [&problems](const QString &what, const QString &fix) {
        problems.append(QJsonObject{{QStringLiteral("problem"), what}, {QStringLiteral("fix"), fix}});
    };

    QJsonObject registry;
    QJsonArray deadPids;
    int alive = 0;
    if (m_registry) {
        for (const RegistryEntry &entry : m_registry->entries()) {
            if (isAlive(entry.key))
                ++alive;
            else
                deadPids.append(entry.key.pid);
        }
        registry.insert(QLatin1String("file"), m_registry->fileName());
        registry.insert(QLatin1String("entries"), m_registry->count());
        registry.insert(QLatin1String("warnings"), QJsonArray::fromStringList(m_registry->warnings()));
        registry.insert(QLatin1String("reaps_in_progress"), int(m_registry->reapMarks().size()));
        if (!m_registry->lastError().isEmpty())
            problem(m_registry->lastError(), coreText(CoreText::CheckFreeSpace).arg(m_paths.dataDir()));
    }
    registry.insert(QLatin1String("alive"), alive);
    registry.insert(QLatin1String("dead_pids"), deadPids);
    if (!deadPids.isEmpty())
        problem(coreText(CoreText::DeadRegistryEntries).arg(deadPids.size()),
                coreText(CoreText::PrunedBySweep).arg(m_settings.healthSweepMs() / 1000));
    o.insert(QLatin1String("registry"), registry);

    QJsonArray untracked;
    for (const ProcessRecord &record : m_snapshot.processes) {
        if (record.isAgent() && record.sessionRoot && !record.tracked)
            untracked.append(json::process(record));
    }
    o.insert(QLatin1String("untracked_agents"), untracked);

    const MemInfo &mem = m_snapshot.system.mem;
    QJsonObject memory{{QStringLiteral("mem_total_kb"), qint64(mem.memTotalKb)},
                       {QStringLiteral("mem_available_kb"), qint64(mem.memAvailableKb)},
                       {QStringLiteral("swap_total_kb"), qint64(mem.swapTotalKb)},
                       {QStringLiteral("swap_used_kb"), qint64(mem.swapUsedKb())}};
    if (const auto &psi = m_snapshot.system.psi) {
        memory.insert(QLatin1String("psi"), QJsonObject{{QStringLiteral("some_avg10"), psi->someAvg10},
                                                        {QStringLiteral("some_avg60"), psi->someAvg60},
                                                        {QStringLiteral("full_avg10"), psi->fullAvg10},
                                                        {QStringLiteral("full_avg60"), psi->fullAvg60}});
    } else {
        memory.insert(QLatin1String("psi"), QJsonValue::Null);
    }
    o.insert(QLatin1String("memory"), memory);

    QJsonArray zombies;
    for (const ZombieRecord &z : m_snapshot.zombies) {
        zombies.append(QJsonObject{{QStringLiteral("pid"), z.key.pid},
                                   {QStringLiteral("ppid"), z.ppid},
                                   {QStringLiteral("parent_comm"), z.parentComm}});
    }
    o.insert(QLatin1String("zombies"), zombies);

    QJsonObject rules{{QStringLiteral("builtin"), int(m_rules.builtInRules().size())},
                      {QStringLiteral("user"), int(m_rules.userRules().size())},
                      {QStringLiteral("file"), m_paths.rulesFile()},
                      {QStringLiteral("errors"), QJsonArray::fromStringList(m_rules.errors())}};
    for (const QString &error : m_rules.errors())
        problem(error, coreText(CoreText::FixRulesEntry).arg(m_paths.rulesFile()));
    o.insert(QLatin1String("rules"), rules);

    // Drift: programs that look like Claude Code by name but that no rule matched.
    int claudeNamed = 0;
    int claudeMatched = 0;
    for (const ProcessRecord &record : m_snapshot.processes) {
        if (record.info.comm == QLatin1String("claude")) {
            ++claudeNamed;
            if (!record.rule.isEmpty())
                ++claudeMatched;
        }
    }
    o.insert(QLatin1String("drift"), QJsonObject{{QStringLiteral("claude_named"), claudeNamed},
                                                 {QStringLiteral("claude_matched"), claudeMatched}});
    if (claudeNamed > claudeMatched)
        problem(coreText(CoreText::ClaudeDrift).arg(claudeNamed).arg(claudeMatched),
                coreText(CoreText::AddCleanupRule).arg(m_paths.rulesFile()));

    // What the kernel offers: pidfds (signals bound to a process), PSI, the subreaper.
    quint64 ownStart = 0;
    for (const ProcessRecord &r : m_snapshot.processes) {
        if (r.info.key.pid == int(::getpid()))
            ownStart = r.info.key.starttime;
    }
    const auto self = ProcessHandle::open({int(::getpid()), ownStart});
    const bool pidfd = self.has_value();
    const bool psi = m_snapshot.system.psi.has_value();
    o.insert(QLatin1String("instance"),
             QJsonObject{{QStringLiteral("pid"), qint64(::getpid())},
                         {QStringLiteral("port"), m_apiPort},
                         {QStringLiteral("subreaper"), m_subreaper},
                         {QStringLiteral("pidfd"), pidfd},
                         {QStringLiteral("psi"), psi},
                         {QStringLiteral("uptime_s"), m_uptime.isValid() ? m_uptime.elapsed() / 1000 : 0}});
    if (!pidfd)
        problem(coreText(CoreText::NoPidfd), coreText(CoreText::NeedNewerKernel));
    if (!psi)
        problem(coreText(CoreText::NoPsi), coreText(CoreText::BootWithPsi));
    QJsonObject history{{QStringLiteral("file"), m_paths.historyFile()}};
    if (m_history && m_history->isOpen()) {
        history.insert(QLatin1String("rows"), m_history->rowCount());
        history.insert(QLatin1String("retention_days"), m_history->retentionDays());
    }
    if (m_audit && m_audit->isOpen()) {
        history.insert(QLatin1String("size_bytes"), m_audit->sizeBytes());
        history.insert(QLatin1String("warnings"), QJsonArray::fromStringList(m_audit->warnings()));
    } else {
        history.insert(QLatin1String("error"), m_audit ? m_audit->errorString() : QString());
        problem(coreText(CoreText::AuditLogUnavailable)
                    .arg(m_paths.historyFile(), m_audit ? m_audit->errorString() : QString()),
                coreText(CoreText::CheckFreeSpace).arg(m_paths.dataDir()));
    }
    history.insert(QLatin1String("samples_not_written"), qint64(m_historyDropped));
    history.insert(QLatin1String("audit_rows_pending"), int(m_auditPending.size()));
    history.insert(QLatin1String("audit_rows_dropped"), qint64(m_auditDropped));
    if (!m_historyError.isEmpty())
        problem(coreText(CoreText::SamplesNotRecorded).arg(m_historyError).arg(m_historyDropped),
                coreText(CoreText::CheckFreeSpace).arg(m_paths.dataDir()));
    if (!m_auditPending.isEmpty() && m_audit && m_audit->isOpen())
        problem(coreText(CoreText::AuditRowsPending).arg(m_auditPending.size()).arg(m_audit->lastError()),
                coreText(CoreText::AuditRowsKept).arg(m_paths.dataDir()));
    if (m_auditDropped)
        problem(coreText(CoreText::AuditRowsLost).arg(m_auditDropped),
                coreText(CoreText::CheckFreeSpace).arg(m_paths.dataDir()));
    o.insert(QLatin1String("history"), history);

    if (m_pressure) {
        o.insert(QLatin1String("pressure"),
                 QJsonObject{{QStringLiteral("level"), pressureLevelName(m_pressure->level())},
                             {QStringLiteral("reasons"), QJsonArray::fromStringList(m_pressure->reasons())},
                             {QStringLiteral("trigger"), m_pressure->triggerState()}});
        if (m_pressure->level() != PressureLevel::Ok)
            problem(coreText(CoreText::MemoryPressureIs)
                        .arg(pressureLevelName(m_pressure->level()),
                             m_pressure->reasons().join(QStringLiteral("; "))),
                    coreText(CoreText::DryRunShows));
    }
    if (m_leaks) {
        const qint64 linger = m_settings.statusPolicy().lingerMs;
        QJsonArray leaks;
        for (const Leak &leak : LeakDetector::leaks(m_snapshot, linger)) {
            leaks.append(QJsonObject{{QStringLiteral("session"), leak.session},
                                     {QStringLiteral("processes"), leak.processes},
                                     {QStringLiteral("memory_kb"), qint64(leak.memoryKb)},
                                     {QStringLiteral("text"), leak.text}});
            problem(leak.text, QStringLiteral("agentmonctl reap --session %1").arg(leak.session));
        }
        o.insert(QLatin1String("leaks"), leaks);
        QJsonArray duplicates;
        for (const DuplicateGroup &group : LeakDetector::duplicates(m_snapshot, linger))
            duplicates.append(group.text);
        o.insert(QLatin1String("duplicates"), duplicates);
        const Trend trend = m_leaks->trend();
        QJsonObject t{{QStringLiteral("text"), trend.text},
                      {QStringLiteral("processes_per_hour"), trend.processesPerHour},
                      {QStringLiteral("agent_memory_mb_per_hour"), trend.agentMemoryMbPerHour},
                      {QStringLiteral("points"), trend.points}};
        if (trend.exhaustionInMs)
            t.insert(QLatin1String("memory_exhausted_in_s"), *trend.exhaustionInMs / 1000);
        o.insert(QLatin1String("trend"), t);
    }
    if (m_pool) {
        o.insert(QLatin1String("pool"),
                 QJsonObject{{QStringLiteral("in_use"), m_pool->inUse()},
                             {QStringLiteral("waiting"), m_pool->waiting()},
                             {QStringLiteral("max_concurrent"), m_pool->limits().maxConcurrent},
                             {QStringLiteral("hard_cap"), m_pool->limits().hardCap}});
    }
    for (const QString &p : m_settings.problems())
        problem(p, coreText(CoreText::CorrectItIn).arg(m_settings.fileName()));
    if (m_started && !m_subreaper)
        problem(coreText(CoreText::NoSubreaper), coreText(CoreText::NeedLinux34));
    o.insert(QLatin1String("problems"), problems);
    return o;
}

QJsonArray Instance::processes(bool all) const
{
    return json::processes(m_snapshot, all);
}

QJsonArray Instance::sessions() const
{
    return json::sessions(m_snapshot);
}

ApiResult Instance::registerProcess(int pid, std::optional<quint64> starttime, const QString &session)
{
    if (pid <= 1 || pid == int(::getpid()))
        return ApiResult::fail(400, QStringLiteral("pid %1 cannot be registered").arg(pid));
    const auto key = verifiedKey(pid, starttime);
    if (!key)
        return ApiResult::fail(
            404, starttime ? QStringLiteral("no process %1 with starttime %2").arg(pid).arg(*starttime)
                           : QStringLiteral("no process %1").arg(pid));
    const ProcessRecord *known = nullptr;
    for (const ProcessRecord &record : m_snapshot.processes) {
        if (record.info.key == *key)
            known = &record;
    }
    RegistryEntry entry;
    entry.key = *key;
    entry.pgid = known ? known->info.pgid : ::getpgid(pid);
    entry.kind = EntryKind::Registered;
    entry.command = known ? known->info.argv : QStringList();
    entry.startedAtWallMs = QDateTime::currentMSecsSinceEpoch();
    entry.session = !session.isEmpty() ? session
                    : known && !known->session.isEmpty()
                        ? known->session
                        : QStringLiteral("pid-%1-%2").arg(key->pid).arg(key->starttime);
    if (const auto existing = m_registry->findByKey(*key))
        entry.id = existing->id;
    m_registry->add(entry);
    m_registry->flush(); // acknowledged registrations survive a crash of the instance
    m_sampler->tracker().assignSession(*key, entry.session);
    // The answer comes from what is known now; the next sample judges the process with its session. (A full
    // sample per registration would cost tens of ms on a busy machine, on every agent start.)
    ProcessRecord record;
    if (known) {
        record = *known;
    } else if (const auto info = m_source->readProcess(*key)) {
        record.info = *info;
        const Classification c = m_rules.classify(info->argv, info->hasTty());
        record.cls = c.cls;
        record.rule = c.rule;
        record.protectedBy = c.protectedBy;
        record.ageMs = qMax<qint64>(0, m_clock.nowMs() -
                                           qint64(key->starttime * 1000 / m_source->clockTicksPerSecond()));
        record.reason = coreText(CoreText::RegisteredPending);
    } else {
        return ApiResult::fail(404, QStringLiteral("process %1 exited while being registered").arg(pid));
    }
    record.session = entry.session;
    record.tracked = true;
    if (record.cls == ProcessClass::None)
        record.cls = ProcessClass::Child; // as the tracker classes members of a session
    // Seen at once in what the API lists; a sample shortly after (one for a burst of registrations) judges
    // it.
    bool patched = false;
    for (ProcessRecord &r : m_snapshot.processes) {
        if (r.info.key == *key) {
            r.session = record.session;
            r.tracked = true;
            if (r.cls == ProcessClass::None)
                r.cls = ProcessClass::Child; // as the tracker classes members of a session
            patched = true;
        }
    }
    if (!patched)
        m_snapshot.processes.push_back(record);
    if (!m_resampleTimer.isActive())
        m_resampleTimer.start();
    return ApiResult::ok(json::process(record));
}

ApiResult Instance::endSession(const QString &id)
{
    if (id.isEmpty())
        return ApiResult::fail(400, QStringLiteral("empty session id"));
    m_sampler->tracker().endSession(id);
    return ApiResult::ok(QJsonObject{{QStringLiteral("session"), id}, {QStringLiteral("ended"), true}});
}

void Instance::acquireSlot(const SlotRequest &request, std::function<void(const ApiResult &)> done)
{
    const auto key = verifiedKey(request.pid, request.starttime);
    if (!key) {
        done(ApiResult::fail(409, QStringLiteral("holder process %1 is not running").arg(request.pid)));
        return;
    }
    const quint64 ticket = m_pool->request(*key, request.waitMs, request.label);
    m_slotAnswers.insert(ticket, std::move(done));
}

ApiResult Instance::releaseSlot(quint64 lease)
{
    if (!m_pool->release(lease))
        return ApiResult::fail(404, QStringLiteral("no lease %1").arg(lease));
    return ApiResult::ok(QJsonObject{{QStringLiteral("released"), qint64(lease)}});
}

} // namespace agentmon
