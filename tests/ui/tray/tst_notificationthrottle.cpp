// NotificationThrottle on a manual clock: one notification per condition per window, the rest merged per
// session and released exactly when the window has passed; and the texts of the notifications themselves.
#include "manualclock.h"
#include "notificationthrottle.h"

#include <QSignalSpy>
#include <QTest>

using namespace agentmon;
using agentmon::test::ManualClock;

namespace {

constexpr qint64 kWindow = 60'000;
const QString kLeak = QStringLiteral("leak");
const QString kPressure = QStringLiteral("pressure");

TrayNotification leak(const QString &id, int processes = 2, quint64 kb = 300 * 1024)
{
    return leakNotification({id, QStringLiteral("claude in ~/src/") + id, processes, kb});
}

TrayNotification pressure(PressureLevel level, const QString &reason)
{
    TraySummary s;
    s.level = level;
    s.reasons = {reason};
    return pressureNotification(s);
}

TrayNotification shown(const QSignalSpy &spy, qsizetype i)
{
    return spy.at(i).at(0).value<TrayNotification>();
}

} // namespace

class TestNotificationThrottle : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void firstShowsAtOnce()
    {
        ManualClock clock;
        NotificationThrottle throttle(clock);
        throttle.setAutoPoll(false);
        QSignalSpy spy(&throttle, &NotificationThrottle::show);

        const TrayNotification n = leak(QStringLiteral("a"));
        throttle.post(n);
        QCOMPARE(spy.size(), 1);
        QCOMPARE(shown(spy, 0), n);
        QCOMPARE(throttle.nextDueMs(), -1);
        QCOMPARE(throttle.pendingCount(kLeak), 0);
    }

    void heldUntilTheWindowPassesExactly()
    {
        ManualClock clock;
        NotificationThrottle throttle(clock, kWindow);
        throttle.setAutoPoll(false);
        QSignalSpy spy(&throttle, &NotificationThrottle::show);

        throttle.post(leak(QStringLiteral("a")));
        clock.advance(10'000);
        const TrayNotification b = leak(QStringLiteral("b"));
        throttle.post(b);
        QCOMPARE(spy.size(), 1);
        QCOMPARE(throttle.pendingCount(kLeak), 1);
        QCOMPARE(throttle.nextDueMs(), 50'000);

        clock.advance(49'999);
        throttle.poll();
        QCOMPARE(spy.size(), 1);
        QCOMPARE(throttle.nextDueMs(), 1);

        clock.advance(1);
        QCOMPARE(throttle.nextDueMs(), 0);
        throttle.poll();
        QCOMPARE(spy.size(), 2);
        QCOMPARE(shown(spy, 1), b); // one session: shown as it was posted
        QCOMPARE(throttle.nextDueMs(), -1);
        throttle.poll();
        QCOMPARE(spy.size(), 2);

        // Showing it started a new window.
        throttle.post(leak(QStringLiteral("c")));
        QCOMPARE(spy.size(), 2);
        QCOMPARE(throttle.nextDueMs(), kWindow);
    }

    void quietConditionShowsAtOnceAgain()
    {
        ManualClock clock;
        NotificationThrottle throttle(clock, kWindow);
        throttle.setAutoPoll(false);
        QSignalSpy spy(&throttle, &NotificationThrottle::show);

        throttle.post(leak(QStringLiteral("a")));
        clock.advance(kWindow - 1);
        throttle.post(leak(QStringLiteral("b")));
        QCOMPARE(spy.size(), 1);
        throttle.discard(kLeak);
        QCOMPARE(throttle.nextDueMs(), -1);
        clock.advance(1);
        throttle.poll();
        QCOMPARE(spy.size(), 1); // discarded stays discarded

        throttle.post(leak(QStringLiteral("c")));
        QCOMPARE(spy.size(), 2);
        QCOMPARE(shown(spy, 1).session, QStringLiteral("c"));
    }

    void sameSessionMergesIntoOne()
    {
        ManualClock clock;
        NotificationThrottle throttle(clock, kWindow);
        throttle.setAutoPoll(false);
        QSignalSpy spy(&throttle, &NotificationThrottle::show);

        throttle.post(leak(QStringLiteral("a")));
        throttle.post(leak(QStringLiteral("b"), 2));
        throttle.post(leak(QStringLiteral("b"), 3));
        QCOMPARE(throttle.pendingCount(kLeak), 1);
        clock.advance(kWindow);
        throttle.poll();
        QCOMPARE(spy.size(), 2);
        const TrayNotification n = shown(spy, 1);
        QCOMPARE(n.session, QStringLiteral("b"));
        QCOMPARE(n.title, QStringLiteral("Session leaked: claude in ~/src/b"));
        QCOMPARE(n.text, QStringLiteral("3 processes (300 MB) outlived their session.")); // the latest
        QCOMPARE(n.target, QStringLiteral("session:b"));
        QCOMPARE(n.merged, 2);
    }

    void sessionsMergeIntoAList()
    {
        ManualClock clock;
        NotificationThrottle throttle(clock, kWindow);
        throttle.setAutoPoll(false);
        QSignalSpy spy(&throttle, &NotificationThrottle::show);

        throttle.post(leak(QStringLiteral("a")));
        clock.advance(1000);
        throttle.post(leak(QStringLiteral("b"), 1, 512));
        throttle.post(leak(QStringLiteral("c"), 4, 2 * 1024 * 1024));
        throttle.post(leak(QStringLiteral("b"), 2, 1024)); // replaces its line, keeps its place
        throttle.post(leak(QStringLiteral("d"), 1, 100));
        QCOMPARE(throttle.pendingCount(kLeak), 3);
        QCOMPARE(spy.size(), 1);

        clock.advance(kWindow - 1000);
        throttle.poll();
        QCOMPARE(spy.size(), 2);
        const TrayNotification n = shown(spy, 1);
        QCOMPARE(n.condition, kLeak);
        QCOMPARE(n.title, QStringLiteral("3 sessions leaked"));
        QCOMPARE(n.text, QStringLiteral("claude in ~/src/b: 2 processes, 1.0 MB\n"
                                        "claude in ~/src/c: 4 processes, 2.0 GB\n"
                                        "claude in ~/src/d: 1 process, 100 KB"));
        QCOMPARE(n.target, QString()); // several sessions: the window's session list
        QVERIFY(n.session.isEmpty());
        QCOMPARE(n.merged, 4);
    }

    void longListsAreCut()
    {
        ManualClock clock;
        NotificationThrottle throttle(clock, kWindow);
        throttle.setAutoPoll(false);
        QSignalSpy spy(&throttle, &NotificationThrottle::show);

        throttle.post(leak(QStringLiteral("first")));
        for (int i = 1; i <= 7; ++i)
            throttle.post(leak(QStringLiteral("s%1").arg(i)));
        clock.advance(kWindow);
        throttle.poll();
        QCOMPARE(spy.size(), 2);
        const TrayNotification n = shown(spy, 1);
        QCOMPARE(n.title, QStringLiteral("7 sessions leaked"));
        const QStringList lines = n.text.split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), NotificationThrottle::kMaxLines + 1);
        QCOMPARE(lines.first(), QStringLiteral("claude in ~/src/s1: 2 processes, 300 MB"));
        QCOMPARE(lines.at(4), QStringLiteral("claude in ~/src/s5: 2 processes, 300 MB"));
        QCOMPARE(lines.last(), QStringLiteral("and 2 more"));
        QCOMPARE(n.merged, 7);
    }

    void commonTargetSurvivesMerging()
    {
        ManualClock clock;
        NotificationThrottle throttle(clock, kWindow);
        throttle.setAutoPoll(false);
        QSignalSpy spy(&throttle, &NotificationThrottle::show);

        TrayNotification n;
        n.condition = QStringLiteral("reap");
        n.target = QStringLiteral("orphans");
        n.session = QStringLiteral("x");
        n.title = QStringLiteral("x");
        throttle.post(n);
        n.session = n.title = QStringLiteral("y");
        throttle.post(n);
        n.session = n.title = QStringLiteral("z");
        throttle.post(n);
        clock.advance(kWindow);
        throttle.poll();
        QCOMPARE(spy.size(), 2);
        QCOMPARE(shown(spy, 1).title, QStringLiteral("2 automatic reaps"));
        QCOMPARE(shown(spy, 1).text, QStringLiteral("y\nz")); // no line: the title stands in
        QCOMPARE(shown(spy, 1).target, QStringLiteral("orphans"));
    }

    void conditionsAreIndependent()
    {
        ManualClock clock;
        NotificationThrottle throttle(clock, kWindow);
        throttle.setAutoPoll(false);
        QSignalSpy spy(&throttle, &NotificationThrottle::show);

        throttle.post(leak(QStringLiteral("a")));
        clock.advance(20'000);
        throttle.post(pressure(PressureLevel::Warning, QStringLiteral("swap 75% > 70%")));
        QCOMPARE(spy.size(), 2); // a leak does not hold pressure back
        QCOMPARE(shown(spy, 1).condition, kPressure);

        clock.advance(5'000);
        throttle.post(leak(QStringLiteral("b")));                                         // due at 60 s
        throttle.post(pressure(PressureLevel::Critical, QStringLiteral("PSI full 47%"))); // due at 80 s
        QCOMPARE(spy.size(), 2);
        QCOMPARE(throttle.nextDueMs(), 35'000);

        clock.advance(35'000);
        throttle.poll();
        QCOMPARE(spy.size(), 3);
        QCOMPARE(shown(spy, 2).session, QStringLiteral("b"));
        QCOMPARE(throttle.pendingCount(kPressure), 1);
        QCOMPARE(throttle.nextDueMs(), 20'000);

        // The machine-wide pressure notification is one entry: the latest state wins.
        const TrayNotification last = pressure(PressureLevel::Critical, QStringLiteral("PSI full 63%"));
        throttle.post(last);
        QCOMPARE(throttle.pendingCount(kPressure), 1);
        clock.advance(20'000);
        throttle.poll();
        QCOMPARE(spy.size(), 4);
        TrayNotification expected = last;
        expected.merged = 2;
        QCOMPARE(shown(spy, 3), expected);
        QCOMPARE(throttle.nextDueMs(), -1);
    }

    void lateCallerStillGetsTheMergedNotification()
    {
        // Nobody polled when the window passed: the next post releases everything pending at once.
        ManualClock clock;
        NotificationThrottle throttle(clock, kWindow);
        throttle.setAutoPoll(false);
        QSignalSpy spy(&throttle, &NotificationThrottle::show);

        throttle.post(leak(QStringLiteral("a")));
        throttle.post(leak(QStringLiteral("b")));
        clock.advance(kWindow + 5'000);
        QCOMPARE(throttle.nextDueMs(), 0);
        throttle.post(leak(QStringLiteral("c")));
        QCOMPARE(spy.size(), 2);
        QCOMPARE(shown(spy, 1).title, QStringLiteral("2 sessions leaked"));
        QCOMPARE(throttle.nextDueMs(), -1);
    }

    void autoPollReleasesOnItsOwn()
    {
        ManualClock clock;
        NotificationThrottle throttle(clock, 50);
        QVERIFY(throttle.autoPoll());
        QSignalSpy spy(&throttle, &NotificationThrottle::show);

        throttle.post(leak(QStringLiteral("a")));
        throttle.post(leak(QStringLiteral("b")));
        QCOMPARE(spy.size(), 1);
        clock.advance(50);
        // The timer fires after 50 real ms and judges by the manual clock, which says the window passed.
        QTRY_COMPARE_WITH_TIMEOUT(spy.size(), 2, 5000);
        QCOMPARE(shown(spy, 1).session, QStringLiteral("b"));
    }

    void leakTexts()
    {
        const TrayNotification one =
            leakNotification({QStringLiteral("s1"), QStringLiteral("codex (s1)"), 1, 2048});
        QCOMPARE(one.condition, kLeak);
        QCOMPARE(one.session, QStringLiteral("s1"));
        QCOMPARE(one.title, QStringLiteral("Session leaked: codex (s1)"));
        QCOMPARE(one.text, QStringLiteral("1 process (2.0 MB) outlived its session."));
        QCOMPARE(one.line, QStringLiteral("codex (s1): 1 process, 2.0 MB"));
        QCOMPARE(one.target, QStringLiteral("session:s1"));
    }

    void pressureTexts()
    {
        TraySummary s;
        s.level = PressureLevel::Critical;
        s.reasons = {QStringLiteral("r1"), QStringLiteral("r2"), QStringLiteral("r3"), QStringLiteral("r4")};
        s.agents = 12;
        s.agentRssKb = quint64(3.2 * 1024 * 1024);
        s.orphans = 1;
        s.orphanKb = 512 * 1024;
        s.leaked = {{QStringLiteral("s1"), QStringLiteral("claude in ~"), 3, 1024 * 1024}};
        s.leakedSessions = 1;
        s.leakedProcesses = 3;
        s.leakedKb = 1024 * 1024;
        TrayNotification n = pressureNotification(s);
        QCOMPARE(n.condition, kPressure);
        QVERIFY(n.session.isEmpty());
        QCOMPARE(n.title, QStringLiteral("Memory critical"));
        QCOMPARE(n.text, QStringLiteral("r1\nr2\nr3\n12 agent processes use 3.2 GB.\n1 orphan holds 512 MB.\n"
                                        "1 leaked session holds 1.0 GB."));
        QCOMPARE(n.target, QStringLiteral("orphans"));

        s.orphans = 0;
        s.level = PressureLevel::Warning;
        s.agents = 1;
        s.agentRssKb = 240 * 1024;
        s.reasons = {QStringLiteral("MemAvailable 812 MB < 1024 MB")};
        n = pressureNotification(s);
        QCOMPARE(n.title, QStringLiteral("Memory running short"));
        QCOMPARE(n.text, QStringLiteral("MemAvailable 812 MB < 1024 MB\n1 agent process uses 240 MB.\n"
                                        "1 leaked session holds 1.0 GB."));
        QCOMPARE(n.target, QStringLiteral("session:s1"));
    }

    void reapTexts()
    {
        ReapReport pass;
        pass.id = QStringLiteral("r-17");
        pass.request.kind = ReapRequest::Kind::Pass;
        pass.request.requestedBy = QStringLiteral("periodic");
        const ProcessStatus statuses[] = {ProcessStatus::Orphan, ProcessStatus::Orphan, ProcessStatus::Idle,
                                          ProcessStatus::Running};
        for (int i = 0; i < 4; ++i) {
            ReapTarget t;
            t.key = {1000 + i, 5};
            t.status = statuses[i];
            t.rssKb = 512 * 1024;
            pass.targets << t;
        }
        pass.cascade.killed = {{{1000, 5}, QStringLiteral("TERM"), 20},
                               {{1001, 5}, QStringLiteral("TERM"), 30},
                               {{1002, 5}, QStringLiteral("KILL"), 5000}};
        pass.cascade.survivors = {{{1003, 5}, 'D', QStringLiteral("nfs_wait")}};
        const TrayNotification n = reapNotification(pass);
        QCOMPARE(n.condition, QStringLiteral("reap"));
        QCOMPARE(n.session, QStringLiteral("reap:r-17"));
        QCOMPARE(n.title, QStringLiteral("Reaped 3 processes (1.5 GB)"));
        QCOMPARE(n.text,
                 QStringLiteral("Targets: 2 orphaned, 1 idle, 1 other\n1 process survived (state D)."));
        QCOMPARE(n.line, QStringLiteral("Reaped 3 processes (1.5 GB): 2 orphaned, 1 idle, 1 other"));
        QCOMPARE(n.target, QStringLiteral("receipt:r-17"));

        ReapReport session;
        session.id = QStringLiteral("r-18");
        session.request.kind = ReapRequest::Kind::Session;
        session.request.session = QStringLiteral("7d3f0c1e-aaaa-bbbb-cccc-1234567890ab");
        ReapTarget t;
        t.key = {2000, 9};
        t.rssKb = 100 * 1024;
        session.targets << t;
        session.cascade.killed = {{{2000, 9}, QStringLiteral("TERM"), 10}};
        TrayNotification s = reapNotification(session);
        QCOMPARE(s.session, session.request.session);
        QCOMPARE(s.title, QStringLiteral("Reaped 1 process (100 MB)"));
        QCOMPARE(s.text, QStringLiteral("Targets: session 7d3f0c1e"));
        s = reapNotification(session, QStringLiteral("claude in ~/src/app"));
        QCOMPARE(s.text, QStringLiteral("Targets: session claude in ~/src/app"));

        // Two passes within a minute are listed, not replaced.
        ManualClock clock;
        NotificationThrottle throttle(clock, kWindow);
        throttle.setAutoPoll(false);
        QSignalSpy spy(&throttle, &NotificationThrottle::show);
        throttle.post(s);
        throttle.post(n);
        pass.id = QStringLiteral("r-19");
        throttle.post(reapNotification(pass));
        QCOMPARE(throttle.pendingCount(QStringLiteral("reap")), 2);
        clock.advance(kWindow);
        throttle.poll();
        QCOMPARE(spy.size(), 2);
        QCOMPARE(shown(spy, 1).title, QStringLiteral("2 automatic reaps"));
        QCOMPARE(shown(spy, 1).text.count(QStringLiteral("Reaped 3 processes (1.5 GB)")), 2);
        QCOMPARE(shown(spy, 1).target, QString());
    }
};

QTEST_MAIN(TestNotificationThrottle)
#include "tst_notificationthrottle.moc"
