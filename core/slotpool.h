#pragma once

#include "processinfo.h"
#include "settings.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QMap>
#include <QObject>
#include <QString>

#include <functional>
#include <optional>

class QTimer;

namespace agentmon {

class ProcessWatcher;

// The pool that caps how many agents run at once. Every slot is held for a holder process, named by its
// (pid, starttime) and verified alive when it asks; the slot is freed at once when that process exits (a
// pidfd event through ProcessWatcher), so the pool only ever counts processes that are verified alive.
//
// Requests are answered by signal, always from the event loop (never inside the call that made the request,
// so callers can connect after request() returned): granted() or refused(). The decision itself is taken at
// once: a slot granted by request() is counted in inUse() before the signal arrives. Waiters are granted in
// strict request order, woken by events only (holder exit, release, cancel, limits raised); each waiter has a
// single-shot timer of its own for its timeout.
//
// Refusal codes:
//   408  no slot within the wait ("no pool slot within 60 s (2 of 2 in use, 3 waiting)"); with a wait of 0,
//        at once when no slot is free now
//   429  leases in use + waiters would exceed the hard cap: refused at once, nothing counted
//   409  the holder is not running (gone, or its pid belongs to another process now), or it exited while
//        waiting, or it exited between the grant and the delivery of granted()
//   499  cancelled with cancel()
class SlotPool : public QObject {
    Q_OBJECT
public:
    struct LeaseInfo {
        quint64 lease = 0;
        ProcessKey holder;
        QString label;
        qint64 grantedAtMs = 0; // wall clock, milliseconds since the epoch
    };

    explicit SlotPool(PoolLimits limits, QObject *parent = nullptr);
    ~SlotPool() override;

    // Applies at once. Raising maxConcurrent grants to waiters right away, in request order; lowering it
    // never takes a slot away (the pool drains down to it). A lower hardCap applies to new requests only.
    // waitTimeoutMs is the default of later requests.
    void setLimits(PoolLimits limits);
    PoolLimits limits() const { return m_limits; }
    // The hard cap counts live agents: slots in use plus agents tracked outside the pool (registered ones),
    // which this callback counts. Waiters do not count: they wait for maxConcurrent.
    void setOutsideAgents(std::function<int()> count) { m_outsideAgents = std::move(count); }

    // Asks for a slot held by holder, waiting at most timeoutMs (< 0: the default waitTimeoutMs; 0: only if
    // a slot is free now). Returns the ticket (> 0) that granted()/refused() will name; every ticket gets
    // exactly one of them.
    quint64 request(const ProcessKey &holder, qint64 timeoutMs, const QString &label = {});
    // Withdraws a waiting request, which is then refused with 499. False when the ticket is not waiting
    // (unknown, already granted or already refused).
    bool cancel(quint64 ticket);
    // Frees a slot and grants it to the next waiter. False for an unknown (or already freed) lease.
    bool release(quint64 lease);

    int inUse() const { return int(m_leases.size()); }
    int waiting() const { return int(m_waiters.size()); }
    // In grant order.
    QList<LeaseInfo> leases() const;
    // The oldest lease held for holder (a holder may hold several; each is released on its own).
    std::optional<LeaseInfo> leaseOf(const ProcessKey &holder) const;

Q_SIGNALS:
    void granted(quint64 ticket, quint64 lease);
    void refused(quint64 ticket, int code, const QString &reason);
    // inUse() or waiting() changed. Emitted synchronously, once, at the end of the call or event that
    // changed them (unlike granted/refused, which are always queued).
    void changed();

private:
    struct Waiter {
        quint64 ticket = 0;
        ProcessKey holder;
        QString label;
        qint64 timeoutMs = 0;
        QElapsedTimer waited;
        QTimer *timer = nullptr; // child of the pool, single shot
    };
    // One answer on its way to the event loop. code 0: granted with lease.
    struct Answer {
        quint64 ticket = 0;
        quint64 lease = 0;
        int code = 0;
        QString reason;
    };

    bool retain(const ProcessKey &holder);
    void releaseRef(const ProcessKey &holder);
    quint64 grant(quint64 ticket, const ProcessKey &holder, const QString &label);
    // Grants free slots to the waiters at the head of the line; true when something was granted.
    bool pump();
    void onWaiterTimer(quint64 ticket);
    // Takes the waiter out of the line (its timer stopped and deleted later); nullopt when not waiting.
    std::optional<Waiter> takeWaiter(quint64 ticket);
    void onHolderExited(const ProcessKey &holder);
    void post(Answer answer);
    void deliver();
    QString countsText() const;

    PoolLimits m_limits;
    ProcessWatcher *m_watcher = nullptr;
    QList<Waiter> m_waiters;             // request order
    QMap<quint64, LeaseInfo> m_leases;   // grant order (ids increase)
    QHash<ProcessKey, int> m_holderRefs; // leases + waiters per watched holder
    QList<Answer> m_outbox;
    bool m_deliveryPosted = false;
    quint64 m_nextTicket = 1;
    quint64 m_nextLease = 1;
    std::function<int()> m_outsideAgents;
};

} // namespace agentmon
