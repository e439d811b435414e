#include "cascade.h"

#include "coretext.h"
#include "processhandle.h"

#include <QFile>
#include <QSocketNotifier>

#include <csignal>
#include <unistd.h>

namespace agentmon {

struct Cascade::Target {
    ProcessKey key;
    std::optional<ProcessHandle> handle;
    std::unique_ptr<QSocketNotifier> notifier;
    qint64 signalledNs = 0; // when it got its first signal, on m_clock
    bool exited = false;
    bool killSent = false;
};

namespace {
// Signalled per event-loop turn, so that exits are taken in while a large cascade is still signalling.
constexpr qsizetype kChunk = 32;
} // namespace

Cascade::Cascade(QList<ProcessKey> targets, CascadeTimes times, QObject *parent)
    : QObject(parent), m_keys(std::move(targets)), m_times(times)
{
    // Precise: a coarse timer may fire up to 5% early, and the grace period is a promise.
    m_graceTimer.setSingleShot(true);
    m_graceTimer.setTimerType(Qt::PreciseTimer);
    m_confirmTimer.setSingleShot(true);
    m_confirmTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_graceTimer, &QTimer::timeout, this, &Cascade::escalate);
    connect(&m_confirmTimer, &QTimer::timeout, this, &Cascade::giveUp);
}

Cascade::~Cascade() = default;

bool Cascade::addTarget(const ProcessKey &key, bool kill)
{
    if (m_byKey.contains(key))
        return false;
    if (key.pid <= 1 || m_forbidden.contains(key.pid)) {
        m_report.skipped.append({key.pid, forbiddenReason(key.pid)});
        return false;
    }
    auto handle = ProcessHandle::open(key);
    if (!handle || handle->hasExited()) {
        m_report.alreadyGone.append(key.pid);
        return false;
    }
    // Never another user's process. Without privileges the kernel refuses anyway; as root, check the real
    // uid.
    if (m_ownUid == 0) {
        const auto uid = handle->realUid();
        if (!uid || *uid != 0) {
            m_report.skipped.append({key.pid, uid ? coreText(CoreText::BelongsToUid).arg(*uid)
                                                  : coreText(CoreText::OwnerUnreadable)});
            return false;
        }
    }
    auto target = std::make_unique<Target>();
    Target *raw = target.get();
    target->key = key;
    target->handle = std::move(handle);
    target->notifier = std::make_unique<QSocketNotifier>(target->handle->fd(), QSocketNotifier::Read);
    connect(target->notifier.get(), &QSocketNotifier::activated, this, [this, raw] { onExited(raw); });
    target->signalledNs = m_clock.nsecsElapsed();
    if (kill) {
        target->killSent = true;
        target->handle->signal(SIGKILL);
    } else {
        target->handle->signal(SIGTERM);
        // A stopped process cannot act on SIGTERM until it is continued. SIGCONT comes after it, as systemd
        // sends it: the SIGTERM is already pending when the process wakes, so a stop in between cannot
        // leave it unseen.
        target->handle->signal(SIGCONT);
    }
    m_byKey.insert(key, raw);
    m_targets.push_back(std::move(target));
    ++m_alive;
    return true;
}

bool Cascade::expand(bool kill)
{
    // Bounded: a process that forks on every signal must not keep a cascade going forever.
    constexpr int kMaxExpansions = 64;
    if (!m_expander || m_expansions >= kMaxExpansions)
        return false;
    ++m_expansions;
    // A tree that answers each SIGTERM with a new process and exits (a respawner) moves on faster than the
    // grace period runs out: past half the budget, what is found gets SIGKILL at once, so that it ends before
    // the budget does.
    kill = kill || m_expansions > kMaxExpansions / 2;
    bool added = false;
    for (const ProcessKey &key : m_expander()) {
        if (!m_byKey.contains(key) && !m_report.alreadyGone.contains(key.pid))
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
    m_forbidden = selfAndAncestors();
    m_ownUid = ::getuid();
    signalSome();
}

void Cascade::signalSome()
{
    const qsizetype end = qMin(m_keys.size(), m_nextKey + kChunk);
    for (; m_nextKey < end; ++m_nextKey)
        addTarget(m_keys.at(m_nextKey), m_pastDeadline);
    if (m_nextKey < m_keys.size()) {
        QTimer::singleShot(0, this, &Cascade::signalSome);
        return;
    }
    // The grace period counts from the last planned SIGTERM, so that no target gets less than it (with many
    // targets the chunks take a few milliseconds; the first ones get that much more).
    if (!m_graceTimer.isActive() && !m_pastDeadline)
        m_graceTimer.start(int(m_times.graceMs));
    // Even a cascade with nothing left to wait for answers from the event loop, never inside start().
    QTimer::singleShot(0, this, &Cascade::finishIfDone);
}

void Cascade::onExited(Target *target)
{
    if (target->exited)
        return;
    target->exited = true;
    target->notifier->setEnabled(false);
    --m_alive;
    const qint64 ns = m_clock.nsecsElapsed() - target->signalledNs;
    m_report.killed.append({target->key, target->killSent ? QStringLiteral("KILL") : QStringLiteral("TERM"),
                            (ns + 500'000) / 1'000'000});
    finishIfDone();
}

void Cascade::escalate()
{
    m_pastDeadline = true;
    // SIGKILL to every known survivor first; only then look for members that appeared meanwhile.
    bool any = false;
    for (auto &target : m_targets) {
        if (target->exited)
            continue;
        target->killSent = true;
        target->handle->signal(SIGKILL);
        any = true;
    }
    any = expand(true) || any;
    if (any || m_nextKey < m_keys.size())
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
        target->notifier->setEnabled(false);
        --m_alive;
    }
    finishIfDone();
}

void Cascade::finishIfDone()
{
    if (m_finished || !m_started || m_alive > 0 || m_nextKey < m_keys.size())
        return;
    // All known targets are gone: whatever they forked meanwhile gets its turn before the cascade ends.
    if (expand(m_pastDeadline)) {
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
