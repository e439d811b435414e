#include "slotpool.h"

#include "humanformat.h"
#include "processhandle.h"
#include "processwatcher.h"

#include <QDateTime>
#include <QTimer>

#include <algorithm>
#include <climits>

namespace agentmon {

namespace {

// Waits as people read them: "200 ms", "1.5 s", "60 s", "2 min".
QString waitText(qint64 ms)
{
    if (ms < 1000)
        return QStringLiteral("%1 ms").arg(qMax<qint64>(0, ms));
    if (ms < 60'000 && ms % 1000 != 0)
        return QStringLiteral("%1 s").arg(QString::number(double(ms) / 1000.0, 'f', 1));
    return formatDuration(ms);
}

QString holderText(const ProcessKey &holder)
{
    return QStringLiteral("holder %1 (starttime %2)").arg(holder.pid).arg(holder.starttime);
}

int timerInterval(qint64 remainingMs)
{
    return int(std::clamp<qint64>(remainingMs, 0, INT_MAX));
}

} // namespace

SlotPool::SlotPool(PoolLimits limits, QObject *parent)
    : QObject(parent), m_limits(limits), m_watcher(new ProcessWatcher(this))
{
    connect(m_watcher, &ProcessWatcher::exited, this, &SlotPool::onHolderExited);
}

// Waiting requests end without an answer: nothing can be emitted from a destructor.
SlotPool::~SlotPool() = default;

void SlotPool::setLimits(PoolLimits limits)
{
    m_limits = limits;
    if (pump())
        Q_EMIT changed();
}

quint64 SlotPool::request(const ProcessKey &holder, qint64 timeoutMs, const QString &label)
{
    const quint64 ticket = m_nextTicket++;
    if (timeoutMs < 0)
        timeoutMs = qMax<qint64>(0, m_limits.waitTimeoutMs);

    if (!retain(holder)) {
        post({ticket, 0, 409, QStringLiteral("%1 is not running").arg(holderText(holder))});
        return ticket;
    }
    const int outside = m_outsideAgents ? m_outsideAgents() : 0;
    if (inUse() + outside >= m_limits.hardCap) {
        releaseRef(holder);
        post({ticket, 0, 429,
              QStringLiteral("hard cap of %1 agents reached (%2, %3 other tracked agents)")
                  .arg(m_limits.hardCap)
                  .arg(countsText())
                  .arg(outside)});
        return ticket;
    }
    // Nobody waits while a slot is free (pump() keeps it so): a free slot belongs to this request.
    if (m_waiters.isEmpty() && inUse() < m_limits.maxConcurrent) {
        grant(ticket, holder, label);
        Q_EMIT changed();
        return ticket;
    }
    if (timeoutMs == 0) {
        releaseRef(holder);
        post({ticket, 0, 408, QStringLiteral("no pool slot free now (%1)").arg(countsText())});
        return ticket;
    }

    Waiter waiter;
    waiter.ticket = ticket;
    waiter.holder = holder;
    waiter.label = label;
    waiter.timeoutMs = timeoutMs;
    waiter.waited.start();
    waiter.timer = new QTimer(this);
    waiter.timer->setSingleShot(true);
    connect(waiter.timer, &QTimer::timeout, this, [this, ticket] { onWaiterTimer(ticket); });
    waiter.timer->start(timerInterval(timeoutMs));
    m_waiters.append(std::move(waiter));
    Q_EMIT changed();
    return ticket;
}

bool SlotPool::cancel(quint64 ticket)
{
    auto waiter = takeWaiter(ticket);
    if (!waiter)
        return false;
    releaseRef(waiter->holder);
    post({ticket, 0, 499,
          QStringLiteral("cancelled after waiting %1 for a pool slot")
              .arg(waitText(waiter->waited.elapsed()))});
    pump();
    Q_EMIT changed();
    return true;
}

bool SlotPool::release(quint64 lease)
{
    auto it = m_leases.find(lease);
    if (it == m_leases.end())
        return false;
    const ProcessKey holder = it->holder;
    m_leases.erase(it);
    releaseRef(holder);
    pump();
    Q_EMIT changed();
    return true;
}

QList<SlotPool::LeaseInfo> SlotPool::leases() const
{
    return m_leases.values();
}

std::optional<SlotPool::LeaseInfo> SlotPool::leaseOf(const ProcessKey &holder) const
{
    for (const LeaseInfo &info : m_leases) {
        if (info.holder == holder)
            return info;
    }
    return std::nullopt;
}

bool SlotPool::retain(const ProcessKey &holder)
{
    // A fresh check even when the holder is watched already: it may have exited with its exit event still
    // on its way.
    const auto handle = ProcessHandle::open(holder);
    if (!handle || handle->hasExited())
        return false;
    if (!m_watcher->watch(holder))
        return false;
    ++m_holderRefs[holder];
    return true;
}

void SlotPool::releaseRef(const ProcessKey &holder)
{
    auto it = m_holderRefs.find(holder);
    if (it == m_holderRefs.end())
        return;
    if (--*it > 0)
        return;
    m_holderRefs.erase(it);
    m_watcher->unwatch(holder);
}

quint64 SlotPool::grant(quint64 ticket, const ProcessKey &holder, const QString &label)
{
    const quint64 lease = m_nextLease++;
    m_leases.insert(lease, LeaseInfo{lease, holder, label, QDateTime::currentMSecsSinceEpoch()});
    post({ticket, lease, 0, {}});
    return lease;
}

bool SlotPool::pump()
{
    bool any = false;
    while (!m_waiters.isEmpty() && inUse() < m_limits.maxConcurrent) {
        Waiter waiter = m_waiters.takeFirst();
        waiter.timer->stop();
        waiter.timer->deleteLater();
        grant(waiter.ticket, waiter.holder, waiter.label); // the waiter's holder reference goes to the lease
        any = true;
    }
    return any;
}

std::optional<SlotPool::Waiter> SlotPool::takeWaiter(quint64 ticket)
{
    const auto it = std::find_if(m_waiters.begin(), m_waiters.end(),
                                 [ticket](const Waiter &w) { return w.ticket == ticket; });
    if (it == m_waiters.end())
        return std::nullopt;
    Waiter waiter = std::move(*it);
    m_waiters.erase(it);
    waiter.timer->stop();
    waiter.timer->deleteLater();
    return waiter;
}

void SlotPool::onWaiterTimer(quint64 ticket)
{
    const auto it = std::find_if(m_waiters.begin(), m_waiters.end(),
                                 [ticket](const Waiter &w) { return w.ticket == ticket; });
    if (it == m_waiters.end())
        return;
    // A coarse timer may fire a little early, and a wait beyond INT_MAX ms takes several rounds.
    const qint64 remaining = it->timeoutMs - it->waited.elapsed();
    if (remaining > 0) {
        it->timer->start(timerInterval(remaining));
        return;
    }
    auto waiter = takeWaiter(ticket);
    releaseRef(waiter->holder);
    post({ticket, 0, 408,
          QStringLiteral("no pool slot within %1 (%2)").arg(waitText(waiter->timeoutMs), countsText())});
    Q_EMIT changed();
}

void SlotPool::onHolderExited(const ProcessKey &holder)
{
    m_holderRefs.remove(holder); // the watcher has ended its watch
    bool touched = false;
    for (auto it = m_leases.begin(); it != m_leases.end();) {
        if (it->holder != holder) {
            ++it;
            continue;
        }
        // A grant not yet delivered names a lease that is gone now: refuse instead.
        for (Answer &answer : m_outbox) {
            if (answer.code == 0 && answer.lease == it->lease) {
                answer.lease = 0;
                answer.code = 409;
                answer.reason =
                    QStringLiteral("%1 exited before its pool slot was handed over").arg(holderText(holder));
            }
        }
        it = m_leases.erase(it);
        touched = true;
    }
    QList<quint64> dropped;
    for (const Waiter &waiter : std::as_const(m_waiters)) {
        if (waiter.holder == holder)
            dropped.append(waiter.ticket);
    }
    for (const quint64 ticket : std::as_const(dropped)) {
        takeWaiter(ticket);
        post({ticket, 0, 409,
              QStringLiteral("%1 exited while waiting for a pool slot").arg(holderText(holder))});
        touched = true;
    }
    pump();
    if (touched)
        Q_EMIT changed();
}

void SlotPool::post(Answer answer)
{
    m_outbox.append(std::move(answer));
    if (m_deliveryPosted)
        return;
    m_deliveryPosted = true;
    QMetaObject::invokeMethod(this, &SlotPool::deliver, Qt::QueuedConnection);
}

void SlotPool::deliver()
{
    // Cleared first: answers posted by slots connected below are taken by this loop, or by the next delivery
    // if a slot runs an event loop of its own.
    m_deliveryPosted = false;
    while (!m_outbox.isEmpty()) {
        const Answer answer = m_outbox.takeFirst();
        if (answer.code == 0)
            Q_EMIT granted(answer.ticket, answer.lease);
        else
            Q_EMIT refused(answer.ticket, answer.code, answer.reason);
    }
}

QString SlotPool::countsText() const
{
    return QStringLiteral("%1 of %2 in use, %3 waiting")
        .arg(inUse())
        .arg(m_limits.maxConcurrent)
        .arg(waiting());
}

} // namespace agentmon
