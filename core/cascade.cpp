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

bool Cascade::addTarget(const ProcessKey &key, bool kill)
{
    for (const auto &target : m_targets) {
        if (target->key == key)
            return false;
    }
    if (const QString why = forbiddenReason(key.pid); !why.isEmpty()) {
        m_report.skipped.append({key.pid, why});
        return false;
    }
    auto handle = ProcessHandle::open(key);
    if (!handle || handle->hasExited() || !m_watcher->watch(key)) {
        m_report.alreadyGone.append(key.pid);
        return false;
    }
    auto target = std::make_unique<Target>();
    target->key = key;
    target->handle = std::move(handle);
    // A stopped process cannot act on SIGTERM until it is continued.
    target->handle->signal(SIGCONT);
    if (kill) {
        target->killSent = true;
        target->handle->signal(SIGKILL);
    } else {
        target->handle->signal(SIGTERM);
    }
    m_targets.push_back(std::move(target));
    return true;
}

bool Cascade::expand(bool kill)
{
    // Bounded: a process that forks on every signal must not keep a cascade going forever.
    constexpr int kMaxExpansions = 64;
    if (!m_expander || m_expansions >= kMaxExpansions)
        return false;
    ++m_expansions;
    bool added = false;
    for (const ProcessKey &key : m_expander()) {
        bool known = false;
        for (const auto &target : m_targets)
            known = known || target->key == key;
        if (!known && !m_report.alreadyGone.contains(key.pid))
            added = addTarget(key, kill) || added;
    }
    return added;
}

void Cascade::start()
{
    if (m_started)
        return;
    m_started = true;
    m_clock.start();
    for (const ProcessKey &key : std::as_const(m_keys))
        addTarget(key, false);
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
    m_pastDeadline = true;
    expand(true);
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
    if (expand(true)) {
        // Late arrivals got SIGKILL just now: give them their confirmation time too.
        m_confirmTimer.start(int(m_times.confirmMs));
        return;
    }
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
    // All known targets are gone: whatever they forked meanwhile gets its turn before the cascade ends.
    if (m_started && expand(m_pastDeadline)) {
        if (!m_graceTimer.isActive() && !m_confirmTimer.isActive())
            m_confirmTimer.start(int(m_times.confirmMs));
        return;
    }
    m_finished = true;
    m_graceTimer.stop();
    m_confirmTimer.stop();
    m_report.durationMs = m_clock.isValid() ? m_clock.elapsed() : 0;
    Q_EMIT finished(m_report);
}

} // namespace agentmon
