#include "cascade.h"

#include "processhandle.h"
#include "processwatcher.h"

#include <QFile>

#include <csignal>

namespace agentmon {

struct Cascade::Target {
    ProcessKey key;
    std::optional<ProcessHandle> handle;
    bool exited = false;
    bool killSent = false;
};

Cascade::Cascade(QList<ProcessKey> targets, CascadeTimes times, QObject *parent)
    : QObject(parent), m_keys(std::move(targets)), m_times(times), m_watcher(new ProcessWatcher(this))
{
    // Precise: a coarse timer may fire up to 5% early, and the grace period is a promise.
    m_graceTimer.setSingleShot(true);
    m_graceTimer.setTimerType(Qt::PreciseTimer);
    m_confirmTimer.setSingleShot(true);
    m_confirmTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_graceTimer, &QTimer::timeout, this, &Cascade::escalate);
    connect(&m_confirmTimer, &QTimer::timeout, this, &Cascade::giveUp);
    connect(m_watcher, &ProcessWatcher::exited, this, &Cascade::onExited);
}

Cascade::~Cascade() = default;

void Cascade::start()
{
    if (m_started)
        return;
    m_started = true;
    m_clock.start();
    QSet<ProcessKey> seen;
    for (const ProcessKey &key : std::as_const(m_keys)) {
        if (seen.contains(key))
            continue;
        seen.insert(key);
        if (const QString why = forbiddenReason(key.pid); !why.isEmpty()) {
            m_report.skipped.append({key.pid, why});
            continue;
        }
        auto handle = ProcessHandle::open(key);
        if (!handle || handle->hasExited() || !m_watcher->watch(key)) {
            m_report.alreadyGone.append(key.pid);
            continue;
        }
        auto target = std::make_unique<Target>();
        target->key = key;
        target->handle = std::move(handle);
        // A stopped process cannot act on SIGTERM until it is continued.
        target->handle->signal(SIGCONT);
        target->handle->signal(SIGTERM);
        m_targets.push_back(std::move(target));
    }
    if (m_targets.empty()) {
        // Nothing to wait for: still answer from the event loop, like every other outcome.
        QTimer::singleShot(0, this, &Cascade::finishIfDone);
        return;
    }
    m_graceTimer.start(int(m_times.graceMs));
}

void Cascade::onExited(const ProcessKey &key)
{
    for (auto &target : m_targets) {
        if (target->key != key || target->exited)
            continue;
        target->exited = true;
        m_report.killed.append(
            {key, target->killSent ? QStringLiteral("KILL") : QStringLiteral("TERM"), m_clock.elapsed()});
    }
    finishIfDone();
}

void Cascade::escalate()
{
    bool any = false;
    for (auto &target : m_targets) {
        if (target->exited)
            continue;
        target->killSent = true;
        target->handle->signal(SIGKILL);
        any = true;
    }
    if (any)
        m_confirmTimer.start(int(m_times.confirmMs));
    else
        finishIfDone();
}

void Cascade::giveUp()
{
    for (auto &target : m_targets) {
        if (target->exited)
            continue;
        SurvivorRecord survivor;
        survivor.key = target->key;
        QFile stat(QStringLiteral("/proc/%1/stat").arg(target->key.pid));
        if (stat.open(QIODevice::ReadOnly)) {
            const QByteArray line = stat.readAll();
            const qsizetype close = line.lastIndexOf(')');
            if (close >= 0 && close + 2 < line.size())
                survivor.state = line.at(close + 2);
        }
        QFile wchan(QStringLiteral("/proc/%1/wchan").arg(target->key.pid));
        if (wchan.open(QIODevice::ReadOnly))
            survivor.wchan = QString::fromLatin1(wchan.readAll()).trimmed();
        m_report.survivors.append(survivor);
        target->exited = true; // given up on
        m_watcher->unwatch(target->key);
    }
    finishIfDone();
}

void Cascade::finishIfDone()
{
    if (m_finished)
        return;
    for (const auto &target : m_targets) {
        if (!target->exited)
            return;
    }
    m_finished = true;
    m_graceTimer.stop();
    m_confirmTimer.stop();
    m_report.durationMs = m_clock.isValid() ? m_clock.elapsed() : 0;
    Q_EMIT finished(m_report);
}

} // namespace agentmon
