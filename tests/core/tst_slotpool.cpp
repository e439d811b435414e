// SlotPool with real helper processes as holders: answers always queued, strict FIFO, timeouts by a timer of
// each waiter, hard cap, slots freed by the exit of their holder (pidfd events), cancellation, live limits.
#include "helperprocess.h"
#include "slotpool.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

#include <csignal>
#include <memory>
#include <vector>

using namespace agentmon;
using namespace agentmon::test;

namespace {

constexpr int kWaitMs = 5000; // bound of every QTRY wait

struct Answer {
    quint64 ticket = 0;
    quint64 lease = 0; // 0 for a refusal
    int code = 0;      // 0 for a grant
    QString reason;
    qint64 atMs = 0; // on the recorder's clock
};

// Records every answer of a pool, in the order they were emitted.
class Recorder {
public:
    explicit Recorder(SlotPool &pool)
    {
        clock.start();
        QObject::connect(&pool, &SlotPool::granted, &context, [this](quint64 ticket, quint64 lease) {
            grants.append({ticket, lease, 0, {}, clock.elapsed()});
        });
        QObject::connect(&pool, &SlotPool::refused, &context,
                         [this](quint64 ticket, int code, const QString &reason) {
                             refusals.append({ticket, 0, code, reason, clock.elapsed()});
                         });
    }

    QList<quint64> grantedTickets() const
    {
        QList<quint64> tickets;
        for (const Answer &a : grants)
            tickets.append(a.ticket);
        return tickets;
    }
    std::optional<Answer> grantOf(quint64 ticket) const { return find(grants, ticket); }
    std::optional<Answer> refusalOf(quint64 ticket) const { return find(refusals, ticket); }
    int answers() const { return int(grants.size() + refusals.size()); }

    QElapsedTimer clock;
    QList<Answer> grants;
    QList<Answer> refusals;

private:
    static std::optional<Answer> find(const QList<Answer> &list, quint64 ticket)
    {
        for (const Answer &a : list) {
            if (a.ticket == ticket)
                return a;
        }
        return std::nullopt;
    }
    QObject context; // disconnects when the recorder goes
};

using Helpers = std::vector<std::unique_ptr<HelperProcess>>;

// Starts n fakeagent holders; fewer than n when one failed to start.
Helpers startHelpers(int n)
{
    Helpers helpers;
    for (int i = 0; i < n; ++i) {
        auto helper = std::make_unique<HelperProcess>(helperPath(QStringLiteral("fakeagent")), QStringList{});
        if (!helper->start())
            break;
        helpers.push_back(std::move(helper));
    }
    return helpers;
}

PoolLimits limitsOf(int maxConcurrent, int hardCap = 10, qint64 waitTimeoutMs = 60'000)
{
    return PoolLimits{maxConcurrent, hardCap, waitTimeoutMs};
}

} // namespace

class tst_SlotPool : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void answersAreQueued_data();
    void answersAreQueued();
    void fifoOrder();
    void timeout_data();
    void timeout();
    void hardCap();
    void killedHolderFreesItsSlot_data();
    void killedHolderFreesItsSlot();
    void holderNotRunning_data();
    void holderNotRunning();
    void cancelWaiter();
    void waiterWhoseHolderDiesIsDropped();
    void raiseAndLowerMaxConcurrent();
    void twentyHoldersNeverMoreThanTwo();
    void zeroTimeout_data();
    void zeroTimeout();
    void holderWithTwoLeases();
};

void tst_SlotPool::initTestCase()
{
    qRegisterMetaType<agentmon::ProcessKey>();
}

// 1. Grants (and refusals) arrive from the event loop, never inside request(); the decision is taken at once.
void tst_SlotPool::answersAreQueued_data()
{
    QTest::addColumn<bool>("holderAlive");
    QTest::addColumn<int>("expectedCode"); // 0: granted

    QTest::newRow("free slot: granted") << true << 0;
    QTest::newRow("holder not running: refused") << false << 409;
}

void tst_SlotPool::answersAreQueued()
{
    QFETCH(bool, holderAlive);
    QFETCH(int, expectedCode);

    Helpers helpers = startHelpers(1);
    QCOMPARE(helpers.size(), size_t(1));
    const ProcessKey key = helpers[0]->key();
    if (!holderAlive)
        helpers[0]->stop();

    SlotPool pool(limitsOf(2));
    Recorder rec(pool);
    QSignalSpy changed(&pool, &SlotPool::changed);

    const quint64 ticket = pool.request(key, 1000, QStringLiteral("job one"));
    QCOMPARE(ticket, quint64(1));
    QCOMPARE(rec.answers(), 0); // nothing before the event loop runs
    QCOMPARE(pool.inUse(), holderAlive ? 1 : 0);
    QCOMPARE(pool.waiting(), 0);
    QCOMPARE(changed.count(), holderAlive ? 1 : 0); // changed() is synchronous

    QTRY_COMPARE_WITH_TIMEOUT(rec.answers(), 1, kWaitMs);
    if (expectedCode == 0) {
        QCOMPARE(rec.grants.at(0).ticket, ticket);
        QCOMPARE(rec.grants.at(0).lease, quint64(1));
        const auto leases = pool.leases();
        QCOMPARE(leases.size(), 1);
        QCOMPARE(leases.at(0).lease, quint64(1));
        QCOMPARE(leases.at(0).holder, key);
        QCOMPARE(leases.at(0).label, QStringLiteral("job one"));
        QVERIFY(leases.at(0).grantedAtMs > 0);
        const auto mine = pool.leaseOf(key);
        QVERIFY(mine);
        QCOMPARE(mine->lease, quint64(1));

        // Ids keep increasing.
        const quint64 second = pool.request(key, 1000);
        QCOMPARE(second, quint64(2));
        QTRY_COMPARE_WITH_TIMEOUT(rec.grants.size(), 2, kWaitMs);
        QCOMPARE(rec.grants.at(1).lease, quint64(2));
    } else {
        QCOMPARE(rec.refusals.at(0).ticket, ticket);
        QCOMPARE(rec.refusals.at(0).code, expectedCode);
        QVERIFY(!pool.leaseOf(key));
    }
}

// 2. maxConcurrent 1 and 5 waiters: releasing one by one grants in request order.
void tst_SlotPool::fifoOrder()
{
    Helpers helpers = startHelpers(6);
    QCOMPARE(helpers.size(), size_t(6));
    SlotPool pool(limitsOf(1));
    Recorder rec(pool);

    QList<quint64> tickets;
    for (const auto &helper : helpers)
        tickets.append(pool.request(helper->key(), 30'000));
    QCOMPARE(pool.inUse(), 1);
    QCOMPARE(pool.waiting(), 5);

    for (int i = 0; i < tickets.size(); ++i) {
        QTRY_COMPARE_WITH_TIMEOUT(rec.grants.size(), i + 1, kWaitMs);
        QCOMPARE(rec.grants.at(i).ticket, tickets.at(i));
        QCOMPARE(pool.leaseOf(helpers[size_t(i)]->key())->lease, rec.grants.at(i).lease);
        QCOMPARE(pool.waiting(), int(tickets.size()) - 1 - i);
        QVERIFY(pool.release(rec.grants.at(i).lease));
        QVERIFY(!pool.release(rec.grants.at(i).lease)); // once only
    }
    QCOMPARE(rec.grantedTickets(), tickets);
    QCOMPARE(rec.refusals.size(), 0);
    QCOMPARE(pool.inUse(), 0);
    QCOMPARE(pool.waiting(), 0);
}

// 3. No slot within the wait: 408 from the waiter's own timer, not before its time.
void tst_SlotPool::timeout_data()
{
    QTest::addColumn<qint64>("requested");
    QTest::addColumn<qint64>("poolDefault");

    QTest::newRow("explicit 200 ms") << qint64(200) << qint64(60'000);
    QTest::newRow("pool default 200 ms") << qint64(-1) << qint64(200);
}

void tst_SlotPool::timeout()
{
    QFETCH(qint64, requested);
    QFETCH(qint64, poolDefault);

    Helpers helpers = startHelpers(2);
    QCOMPARE(helpers.size(), size_t(2));
    SlotPool pool(limitsOf(1, 10, poolDefault));
    Recorder rec(pool);

    pool.request(helpers[0]->key(), 30'000);
    const qint64 askedAt = rec.clock.elapsed();
    const quint64 ticket = pool.request(helpers[1]->key(), requested);
    QCOMPARE(pool.waiting(), 1);

    QTRY_VERIFY_WITH_TIMEOUT(rec.refusalOf(ticket), kWaitMs);
    const Answer refusal = *rec.refusalOf(ticket);
    QCOMPARE(refusal.code, 408);
    QVERIFY2(refusal.atMs - askedAt >= 150, qPrintable(QString::number(refusal.atMs - askedAt)));
    QVERIFY2(refusal.reason.contains(QLatin1String("200 ms")), qPrintable(refusal.reason));
    QVERIFY2(refusal.reason.contains(QLatin1String("1 of 1 in use")), qPrintable(refusal.reason));
    QVERIFY(!rec.grantOf(ticket));
    QCOMPARE(pool.waiting(), 0);
    QCOMPARE(pool.inUse(), 1);
}

// 4. Live agents (slots in use plus agents tracked outside the pool) at the hard cap: 429 at once, nothing
// counted. Waiters do not count towards it.
void tst_SlotPool::hardCap()
{
    Helpers helpers = startHelpers(4);
    QCOMPARE(helpers.size(), size_t(4));
    SlotPool pool(limitsOf(2, 3));
    int outside = 0;
    pool.setOutsideAgents([&outside] { return outside; });
    Recorder rec(pool);

    for (int i = 0; i < 3; ++i)
        pool.request(helpers[size_t(i)]->key(), 30'000);
    QCOMPARE(pool.inUse(), 2);
    QCOMPARE(pool.waiting(), 1);
    outside = 1; // a registered agent: 2 slots + 1 = the cap of 3

    QSignalSpy changed(&pool, &SlotPool::changed);
    const quint64 fourth = pool.request(helpers[3]->key(), 30'000);
    QCOMPARE(pool.inUse(), 2);
    QCOMPARE(pool.waiting(), 1);
    QCOMPARE(changed.count(), 0);

    QTRY_VERIFY_WITH_TIMEOUT(rec.refusalOf(fourth), kWaitMs);
    const Answer refusal = *rec.refusalOf(fourth);
    QCOMPARE(refusal.code, 429);
    QVERIFY2(refusal.reason.contains(QLatin1String("hard cap of 3")), qPrintable(refusal.reason));
    QCOMPARE(rec.refusals.size(), 1); // the waiter waits on

    // With no agents outside the pool, the same request only waits.
    outside = 0;
    const quint64 fifth = pool.request(helpers[3]->key(), 30'000);
    QCOMPARE(pool.waiting(), 2);
    QVERIFY(!rec.refusalOf(fifth));
}

// 5. A holder killed with SIGKILL frees its slot at once; the next waiter gets it.
void tst_SlotPool::killedHolderFreesItsSlot_data()
{
    QTest::addColumn<bool>("reaped");

    QTest::newRow("killed and reaped (stop)") << true;
    QTest::newRow("killed, still a zombie (signalVerified)") << false;
}

void tst_SlotPool::killedHolderFreesItsSlot()
{
    QFETCH(bool, reaped);

    Helpers helpers = startHelpers(2);
    QCOMPARE(helpers.size(), size_t(2));
    SlotPool pool(limitsOf(1));
    Recorder rec(pool);

    const quint64 first = pool.request(helpers[0]->key(), 30'000);
    const quint64 second = pool.request(helpers[1]->key(), 30'000);
    QTRY_VERIFY_WITH_TIMEOUT(rec.grantOf(first), kWaitMs);
    const quint64 firstLease = rec.grantOf(first)->lease;
    QCOMPARE(pool.waiting(), 1);

    if (reaped)
        helpers[0]->stop();
    else
        QVERIFY(signalVerified(helpers[0]->key(), SIGKILL));

    QTRY_VERIFY_WITH_TIMEOUT(rec.grantOf(second), kWaitMs);
    QCOMPARE(pool.inUse(), 1);
    QCOMPARE(pool.waiting(), 0);
    QVERIFY(!pool.leaseOf(helpers[0]->key()));
    QCOMPARE(pool.leases().at(0).holder, helpers[1]->key());
    QVERIFY(!pool.release(firstLease)); // freed already
    QCOMPARE(rec.refusals.size(), 0);
}

// 6. A holder that is not running is refused with 409 and not counted.
void tst_SlotPool::holderNotRunning_data()
{
    QTest::addColumn<QString>("how");

    QTest::newRow("stale key of a stopped helper") << QStringLiteral("stale");
    QTest::newRow("live pid, wrong starttime") << QStringLiteral("starttime");
    QTest::newRow("invalid key") << QStringLiteral("invalid");
}

void tst_SlotPool::holderNotRunning()
{
    QFETCH(QString, how);

    Helpers helpers = startHelpers(1);
    QCOMPARE(helpers.size(), size_t(1));
    ProcessKey key = helpers[0]->key();
    if (how == QLatin1String("stale"))
        helpers[0]->stop();
    else if (how == QLatin1String("starttime"))
        key.starttime += 1;
    else
        key = ProcessKey{};

    SlotPool pool(limitsOf(2));
    Recorder rec(pool);
    QSignalSpy changed(&pool, &SlotPool::changed);
    const quint64 ticket = pool.request(key, 30'000);
    QCOMPARE(pool.inUse(), 0);
    QCOMPARE(pool.waiting(), 0);

    QTRY_VERIFY_WITH_TIMEOUT(rec.refusalOf(ticket), kWaitMs);
    const Answer refusal = *rec.refusalOf(ticket);
    QCOMPARE(refusal.code, 409);
    QVERIFY2(refusal.reason.contains(QLatin1String("is not running")), qPrintable(refusal.reason));
    QVERIFY2(refusal.reason.contains(QString::number(key.pid)), qPrintable(refusal.reason));
    QCOMPARE(rec.grants.size(), 0);
    QCOMPARE(changed.count(), 0);
    QVERIFY(pool.leases().isEmpty());
}

// 7. A cancelled waiter is refused with 499; the others keep their places.
void tst_SlotPool::cancelWaiter()
{
    Helpers helpers = startHelpers(4);
    QCOMPARE(helpers.size(), size_t(4));
    SlotPool pool(limitsOf(1));
    Recorder rec(pool);

    QList<quint64> t;
    for (const auto &helper : helpers)
        t.append(pool.request(helper->key(), 30'000));
    QCOMPARE(pool.waiting(), 3);

    QVERIFY(pool.cancel(t[1]));
    QCOMPARE(pool.waiting(), 2);
    QVERIFY(!pool.cancel(t[1]));    // once only
    QVERIFY(!pool.cancel(t[0]));    // granted, not waiting
    QVERIFY(!pool.cancel(123'456)); // unknown
    QCOMPARE(pool.inUse(), 1);

    QTRY_VERIFY_WITH_TIMEOUT(rec.refusalOf(t[1]), kWaitMs);
    QCOMPARE(rec.refusalOf(t[1])->code, 499);

    QVERIFY(pool.release(rec.grantOf(t[0])->lease));
    QTRY_VERIFY_WITH_TIMEOUT(rec.grantOf(t[2]), kWaitMs);
    QVERIFY(pool.release(rec.grantOf(t[2])->lease));
    QTRY_VERIFY_WITH_TIMEOUT(rec.grantOf(t[3]), kWaitMs);
    QCOMPARE(rec.grantedTickets(), (QList<quint64>{t[0], t[2], t[3]}));
    QCOMPARE(rec.refusals.size(), 1);
}

// 8. A waiter whose holder dies is dropped: refused with 409 (its holder is not running any more), and it
// never gets a slot later.
void tst_SlotPool::waiterWhoseHolderDiesIsDropped()
{
    Helpers helpers = startHelpers(3);
    QCOMPARE(helpers.size(), size_t(3));
    SlotPool pool(limitsOf(1));
    Recorder rec(pool);

    const quint64 first = pool.request(helpers[0]->key(), 30'000);
    const quint64 doomed = pool.request(helpers[1]->key(), 30'000);
    const quint64 third = pool.request(helpers[2]->key(), 30'000);
    QTRY_VERIFY_WITH_TIMEOUT(rec.grantOf(first), kWaitMs);
    QCOMPARE(pool.waiting(), 2);

    helpers[1]->stop();
    QTRY_VERIFY_WITH_TIMEOUT(rec.refusalOf(doomed), kWaitMs);
    QCOMPARE(rec.refusalOf(doomed)->code, 409);
    QVERIFY2(rec.refusalOf(doomed)->reason.contains(QLatin1String("exited while waiting")),
             qPrintable(rec.refusalOf(doomed)->reason));
    QCOMPARE(pool.waiting(), 1);
    QCOMPARE(pool.inUse(), 1);

    QVERIFY(pool.release(rec.grantOf(first)->lease));
    QTRY_VERIFY_WITH_TIMEOUT(rec.grantOf(third), kWaitMs);
    QVERIFY(!rec.grantOf(doomed));
    QCOMPARE(rec.grantedTickets(), (QList<quint64>{first, third}));
}

// 9. Raising maxConcurrent grants at once, in order; lowering it takes nothing away.
void tst_SlotPool::raiseAndLowerMaxConcurrent()
{
    Helpers helpers = startHelpers(4);
    QCOMPARE(helpers.size(), size_t(4));
    SlotPool pool(limitsOf(1));
    Recorder rec(pool);

    QList<quint64> t;
    for (const auto &helper : helpers)
        t.append(pool.request(helper->key(), 30'000));
    QTRY_COMPARE_WITH_TIMEOUT(rec.grants.size(), 1, kWaitMs);
    QCOMPARE(pool.waiting(), 3);

    QSignalSpy changed(&pool, &SlotPool::changed);
    pool.setLimits(limitsOf(3));
    QCOMPARE(pool.limits().maxConcurrent, 3);
    QCOMPARE(pool.inUse(), 3);
    QCOMPARE(pool.waiting(), 1);
    QCOMPARE(changed.count(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(rec.grants.size(), 3, kWaitMs);
    QCOMPARE(rec.grantedTickets(), (QList<quint64>{t[0], t[1], t[2]}));

    pool.setLimits(limitsOf(1));
    QCOMPARE(pool.inUse(), 3); // nothing revoked
    QCOMPARE(pool.leases().size(), 3);
    QVERIFY(pool.release(rec.grants.at(0).lease));
    QVERIFY(pool.release(rec.grants.at(1).lease));
    QCOMPARE(pool.inUse(), 1);
    QCOMPARE(pool.waiting(), 1); // still at the (lower) limit
    QVERIFY(pool.release(rec.grants.at(2).lease));
    QCOMPARE(pool.inUse(), 1); // the last waiter's slot
    QCOMPARE(pool.waiting(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(rec.grantOf(t[3]), kWaitMs);
    QCOMPARE(rec.refusals.size(), 0);
}

// 10. 20 holders ask at once with maxConcurrent 2; each holder is stopped as soon as it is granted. The pool
// never has more than 2 in use, and grants all 20 in request order.
void tst_SlotPool::twentyHoldersNeverMoreThanTwo()
{
    constexpr int n = 20;
    Helpers helpers = startHelpers(n);
    QCOMPARE(helpers.size(), size_t(n));
    SlotPool pool(limitsOf(2, n));
    Recorder rec(pool);

    int maxInUse = 0;
    int changes = 0;
    connect(&pool, &SlotPool::changed, this, [&] {
        ++changes;
        maxInUse = qMax(maxInUse, pool.inUse());
    });
    QHash<quint64, size_t> helperOf;
    connect(&pool, &SlotPool::granted, this, [&](quint64 ticket, quint64) {
        helpers[helperOf.value(ticket)]->stop(); // SIGKILL to its group, reaped
    });

    QList<quint64> tickets;
    for (size_t i = 0; i < helpers.size(); ++i) {
        const quint64 ticket = pool.request(helpers[i]->key(), 60'000, QStringLiteral("agent %1").arg(i));
        helperOf.insert(ticket, i);
        tickets.append(ticket);
    }
    QCOMPARE(pool.inUse(), 2);
    QCOMPARE(pool.waiting(), n - 2);

    QTRY_COMPARE_WITH_TIMEOUT(rec.grants.size(), n, 30'000);
    QCOMPARE(rec.grantedTickets(), tickets);
    QCOMPARE(rec.refusals.size(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(pool.inUse(), 0, kWaitMs);
    QCOMPARE(pool.waiting(), 0);
    QCOMPARE(maxInUse, 2);
    QVERIFY(changes >= n);
    disconnect(&pool, nullptr, this, nullptr);
}

// 11. A wait of 0 means "only if free now".
void tst_SlotPool::zeroTimeout_data()
{
    QTest::addColumn<bool>("full");

    QTest::newRow("full: refused at once") << true;
    QTest::newRow("free: granted") << false;
}

void tst_SlotPool::zeroTimeout()
{
    QFETCH(bool, full);

    Helpers helpers = startHelpers(2);
    QCOMPARE(helpers.size(), size_t(2));
    SlotPool pool(limitsOf(1));
    Recorder rec(pool);
    if (full)
        pool.request(helpers[0]->key(), 30'000);

    const quint64 ticket = pool.request(helpers[1]->key(), 0);
    QCOMPARE(pool.waiting(), 0);
    QCOMPARE(pool.inUse(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(rec.answers(), full ? 2 : 1, kWaitMs);
    if (full) {
        QVERIFY(rec.refusalOf(ticket));
        QCOMPARE(rec.refusalOf(ticket)->code, 408);
        QVERIFY2(rec.refusalOf(ticket)->reason.contains(QLatin1String("1 of 1 in use")),
                 qPrintable(rec.refusalOf(ticket)->reason));
    } else {
        QVERIFY(rec.grantOf(ticket));
    }
}

// A holder may hold several leases; each is released on its own, and its exit frees them all.
void tst_SlotPool::holderWithTwoLeases()
{
    Helpers helpers = startHelpers(2);
    QCOMPARE(helpers.size(), size_t(2));
    SlotPool pool(limitsOf(2));
    Recorder rec(pool);

    const quint64 a = pool.request(helpers[0]->key(), 30'000);
    const quint64 b = pool.request(helpers[0]->key(), 30'000);
    const quint64 c = pool.request(helpers[1]->key(), 30'000);
    QCOMPARE(pool.inUse(), 2);
    QCOMPARE(pool.waiting(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(rec.grants.size(), 2, kWaitMs);
    QCOMPARE(pool.leaseOf(helpers[0]->key())->lease, rec.grantOf(a)->lease); // the oldest

    QVERIFY(pool.release(rec.grantOf(a)->lease));
    QTRY_VERIFY_WITH_TIMEOUT(rec.grantOf(c), kWaitMs);
    QCOMPARE(pool.leaseOf(helpers[0]->key())->lease, rec.grantOf(b)->lease);

    // Its exit frees the remaining lease; a new request of the other holder gets it.
    const quint64 d = pool.request(helpers[1]->key(), 30'000);
    QCOMPARE(pool.waiting(), 1);
    helpers[0]->stop();
    QTRY_VERIFY_WITH_TIMEOUT(rec.grantOf(d), kWaitMs);
    QVERIFY(!pool.leaseOf(helpers[0]->key()));
    QCOMPARE(pool.inUse(), 2);
    QCOMPARE(pool.leases().size(), 2);
    QCOMPARE(rec.refusals.size(), 0);
}

QTEST_GUILESS_MAIN(tst_SlotPool)
#include "tst_slotpool.moc"
