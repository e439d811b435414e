// The tray's state: figures from snapshots, icon look and badge, tooltip texts, the icon itself as drawn on
// the offscreen platform, and the tracker's signals (only on changes, pressure only upwards, each leak once).
#include "traystate.h"

#include <QDir>
#include <QImage>
#include <QPixmap>
#include <QSignalSpy>
#include <QTest>

using namespace agentmon;

namespace QTest {
template <> inline char *toString(const agentmon::TrayLook &look)
{
    const char *names[] = {"Ok", "Warning", "Critical"};
    return qstrdup(names[int(look)]);
}
template <> inline char *toString(const agentmon::PressureLevel &level)
{
    return qstrdup(qPrintable(agentmon::pressureLevelName(level)));
}
} // namespace QTest

namespace {

constexpr qint64 kLinger = 30'000;
constexpr qint64 kNow = 10'000'000;
const QString kLive = QStringLiteral("7d3f0c1e-aaaa-bbbb-cccc-1234567890ab");
const QString kLeakBig = QStringLiteral("0a1b2c3d-1111-2222-3333-444455556666");
const QString kLeakSmall = QStringLiteral("pid-900-55555");
const QString kRecent = QStringLiteral("feedbeef-0000-0000-0000-000000000000");

ProcessRecord proc(int pid, quint64 rssKb, ProcessClass cls, ProcessStatus status = ProcessStatus::Running,
                   const QString &session = QString())
{
    ProcessRecord r;
    r.info.key = {pid, quint64(pid) * 7};
    r.info.ppid = 1;
    r.info.state = status == ProcessStatus::Zombie ? 'Z' : 'S';
    r.info.comm = QStringLiteral("node");
    r.info.rssKb = rssKb;
    r.cls = cls;
    r.status = status;
    r.session = session;
    return r;
}

SessionRecord session(const QString &id, const QString &agent, const QString &projectDir, bool alive,
                      qint64 endedAtMs, int processCount, quint64 rssKb)
{
    SessionRecord s;
    s.id = id;
    s.agent = agent;
    s.projectDir = projectDir;
    s.alive = alive;
    s.endedAtMs = endedAtMs;
    s.processCount = processCount;
    s.rssKb = rssKb;
    return s;
}

// A machine with three live agents (one an orphan), a dead agent, a shell of nobody's, a live session, two
// leaked ones, one that ended too recently to count and one that left nothing behind.
Snapshot machine()
{
    Snapshot snap;
    snap.takenAtMs = kNow;
    snap.processes = {
        proc(100, 400'000, ProcessClass::Session, ProcessStatus::Running, kLive),
        proc(101, 200'000, ProcessClass::Mcp, ProcessStatus::Running, kLive),
        proc(102, 50'000, ProcessClass::Mcp, ProcessStatus::Orphan, kLeakBig),
        proc(103, 0, ProcessClass::Agent, ProcessStatus::Zombie, kLeakBig),
        proc(104, 9'000'000, ProcessClass::None),
    };
    const QString home = QDir::homePath();
    snap.sessions = {
        session(kLive, QStringLiteral("claude"), home + QStringLiteral("/src/app"), true, 0, 2, 600'000),
        session(kLeakSmall, QStringLiteral("codex"), QString(), false, kNow - kLinger, 1, 20'000),
        session(kLeakBig, QStringLiteral("claude"), home + QStringLiteral("/src/web"), false, kNow - 600'000,
                3, 1'300'000),
        session(kRecent, QStringLiteral("claude"), QStringLiteral("/srv/x"), false, kNow - kLinger + 1, 4,
                90'000),
        session(QStringLiteral("gone"), QStringLiteral("claude"), QString(), false, kNow - 900'000, 0, 0),
    };
    return snap;
}

TraySummary withLevel(PressureLevel level, const QStringList &reasons = {})
{
    TraySummary s;
    s.level = level;
    s.reasons = reasons;
    return s;
}

TraySummary withLeaks(const QStringList &ids)
{
    TraySummary s;
    for (const QString &id : ids)
        s.leaked.append({id, id, 2, 1000});
    s.leakedSessions = int(ids.size());
    s.leakedProcesses = 2 * int(ids.size());
    s.leakedKb = 1000 * quint64(ids.size());
    return s;
}

QImage render(TrayLook look, bool badge, int side)
{
    return trayIcon(look, badge).pixmap(QSize(side, side)).toImage().convertToFormat(QImage::Format_ARGB32);
}

int opaquePixels(const QImage &image)
{
    int n = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x)
            n += qAlpha(image.pixel(x, y)) > 128;
    }
    return n;
}

} // namespace

class TestTrayState : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void summarizeCountsAgentsOrphansAndLeaks()
    {
        const TraySummary s = summarize(machine(), PressureLevel::Warning,
                                        {QStringLiteral("MemAvailable 812 MB < 1024 MB")}, kLinger, true);
        QCOMPARE(s.level, PressureLevel::Warning);
        QCOMPARE(s.reasons, QStringList{QStringLiteral("MemAvailable 812 MB < 1024 MB")});
        QVERIFY(s.reaperPaused);
        QVERIFY(s.connected);
        QCOMPARE(s.agents, 3); // not the zombie, not the plain process
        QCOMPARE(s.agentRssKb, quint64(650'000));
        QCOMPARE(s.orphans, 1);
        QCOMPARE(s.orphanKb, quint64(50'000));
        // Leaked exactly from the linger time on; never the live one, the recent one or the empty one.
        QCOMPARE(s.leakedSessions, 2);
        QCOMPARE(s.leaked.size(), 2);
        QCOMPARE(s.leaked[0].id, kLeakBig); // biggest first
        QCOMPARE(s.leaked[0].label, QStringLiteral("claude in ~/src/web"));
        QCOMPARE(s.leaked[0].processes, 3);
        QCOMPARE(s.leaked[0].kb, quint64(1'300'000));
        QCOMPARE(s.leaked[1].id, kLeakSmall);
        QCOMPARE(s.leaked[1].label, QStringLiteral("codex (pid-900)"));
        QCOMPARE(s.leakedProcesses, 4);
        QCOMPARE(s.leakedKb, quint64(1'320'000));

        // One millisecond earlier the small one is still within its linger time.
        Snapshot earlier = machine();
        earlier.takenAtMs = kNow - 1;
        const TraySummary e = summarize(earlier, PressureLevel::Ok, {}, kLinger, false);
        QCOMPARE(e.leakedSessions, 1);
        QCOMPARE(e.leaked.first().id, kLeakBig);
    }

    void labels()
    {
        const QString home = QDir::homePath();
        SessionRecord s = session(kLive, QStringLiteral("claude"), home, false, 0, 1, 1);
        QCOMPARE(trayLabel(s), QStringLiteral("claude in ~"));
        s.projectDir = home + QStringLiteral("x/y"); // shares a prefix with home, is not under it
        QCOMPARE(trayLabel(s), QStringLiteral("claude in ") + home + QStringLiteral("x/y"));
        s.projectDir = QStringLiteral("/srv/app");
        QCOMPARE(trayLabel(s), QStringLiteral("claude in /srv/app"));
        s.agent.clear();
        s.rootComm = QStringLiteral("node");
        QCOMPARE(trayLabel(s), QStringLiteral("node in /srv/app"));
        s.projectDir.clear();
        QCOMPARE(trayLabel(s), QStringLiteral("node (7d3f0c1e)"));
        s.rootComm.clear();
        QCOMPARE(trayLabel(s), QStringLiteral("7d3f0c1e"));
    }

    void lookAndBadge()
    {
        QCOMPARE(trayLook(withLevel(PressureLevel::Ok)), TrayLook::Ok);
        QCOMPARE(trayLook(withLevel(PressureLevel::Warning)), TrayLook::Warning);
        QCOMPARE(trayLook(withLevel(PressureLevel::Critical)), TrayLook::Critical);

        TraySummary s = withLevel(PressureLevel::Ok);
        QVERIFY(!trayBadge(s));
        s.orphans = 1;
        QVERIFY(trayBadge(s));
        s = withLeaks({kLeakBig});
        QVERIFY(trayBadge(s));

        // Without a connection the figures are unknown: a warning look and no badge.
        s.connected = false;
        QVERIFY(!trayBadge(s));
        QCOMPARE(trayLook(s), TrayLook::Warning);
    }

    void toolTip_data()
    {
        QTest::addColumn<TraySummary>("summary");
        QTest::addColumn<QString>("expected");

        TraySummary s;
        QTest::newRow("at rest") << s << QStringLiteral("no agents; memory ok");

        s = withLevel(PressureLevel::Warning,
                      {QStringLiteral("MemAvailable 812 MB < 1024 MB"), QStringLiteral("swap 75% > 70%")});
        s.agents = 1;
        s.agentRssKb = 240 * 1024;
        QTest::newRow("one agent, warning")
            << s << QStringLiteral("1 agent, 240 MB; memory warning: MemAvailable 812 MB < 1024 MB");

        s = TraySummary();
        s.agents = 12;
        s.agentRssKb = quint64(3.2 * 1024 * 1024);
        s.orphans = 2;
        QTest::newRow("agents and orphans") << s << QStringLiteral("12 agents, 3.2 GB; 2 orphans; memory ok");
        s.orphans = 1;
        QTest::newRow("one orphan") << s << QStringLiteral("12 agents, 3.2 GB; 1 orphan; memory ok");

        s = withLeaks({kLeakBig});
        s.agents = 3;
        s.agentRssKb = quint64(1.2 * 1024 * 1024);
        s.leakedProcesses = 3;
        s.leakedKb = quint64(1.2 * 1024 * 1024);
        QTest::newRow("one leaked session")
            << s << QStringLiteral("3 agents, 1.2 GB; 1 leaked session (3 processes, 1.2 GB); memory ok");
        s.leakedProcesses = 1;
        s.leakedKb = 500 * 1024;
        QTest::newRow("one leaked process")
            << s << QStringLiteral("3 agents, 1.2 GB; 1 leaked session (1 process, 500 MB); memory ok");

        s = withLeaks({kLeakBig, kLeakSmall});
        s.agents = 4;
        s.agentRssKb = 100 * 1024;
        s.orphans = 1;
        s.level = PressureLevel::Critical;
        s.reaperPaused = true;
        QTest::newRow("everything")
            << s
            << QStringLiteral("4 agents, 100 MB; 1 orphan; 2 leaked sessions (4 processes, 2.0 MB); "
                              "memory critical; reaper paused");

        s = TraySummary();
        s.connected = false;
        s.agents = 5;
        QTest::newRow("disconnected") << s << QStringLiteral("no connection to the agentmon instance");
    }

    void toolTip()
    {
        QFETCH(TraySummary, summary);
        QFETCH(QString, expected);
        QCOMPARE(trayToolTip(summary), expected);
    }

    void iconRendersEveryLookAtSmallAndLargeSizes()
    {
        for (TrayLook look : {TrayLook::Ok, TrayLook::Warning, TrayLook::Critical}) {
            for (bool badge : {false, true}) {
                const QIcon icon = trayIcon(look, badge);
                QVERIFY(!icon.isNull());
                for (int side : {16, 64}) {
                    const QImage image = render(look, badge, side);
                    QCOMPARE(image.size(), QSize(side, side));
                    // The screen covers most of the square.
                    QVERIFY2(
                        opaquePixels(image) > side * side / 2,
                        qPrintable(
                            QStringLiteral("%1 opaque of %2").arg(opaquePixels(image)).arg(side * side)));
                }
            }
        }
        // The screen's colour says the state: green, amber, red (a point of the screen clear of the glyphs).
        const QColor ok = render(TrayLook::Ok, false, 64).pixelColor(12, 12);
        const QColor warning = render(TrayLook::Warning, false, 64).pixelColor(12, 12);
        const QColor critical = render(TrayLook::Critical, false, 64).pixelColor(12, 12);
        QVERIFY2(ok.green() > ok.red() + 50 && ok.green() > ok.blue() + 50, qPrintable(ok.name()));
        QVERIFY2(warning.red() > 200 && warning.green() > 150 && warning.blue() < 100,
                 qPrintable(warning.name()));
        QVERIFY2(critical.red() > 180 && critical.green() < 80, qPrintable(critical.name()));
    }

    void iconIsSharpAtHighDpi()
    {
        const QIcon icon = trayIcon(TrayLook::Warning, true);
        const QPixmap pm = icon.pixmap(QSize(16, 16), 2.0);
        QCOMPARE(pm.size(), QSize(32, 32));
        QCOMPARE(pm.devicePixelRatio(), 2.0);
        // Drawn at 32 physical pixels, not a 16 px pixmap scaled up: the same as asking for 32 directly.
        QImage image = pm.toImage().convertToFormat(QImage::Format_ARGB32);
        image.setDevicePixelRatio(1.0);
        QCOMPARE(image, render(TrayLook::Warning, true, 32));

        const QList<QSize> sizes = icon.availableSizes();
        for (int side : {16, 22, 24, 32, 48, 64})
            QVERIFY(sizes.contains(QSize(side, side)));
    }

    void iconsAreSharedPerLookAndBadge()
    {
        QCOMPARE(trayIcon(TrayLook::Ok, true).cacheKey(), trayIcon(TrayLook::Ok, true).cacheKey());
        QVERIFY(trayIcon(TrayLook::Ok, true).cacheKey() != trayIcon(TrayLook::Ok, false).cacheKey());
        QVERIFY(trayIcon(TrayLook::Ok, false).cacheKey() != trayIcon(TrayLook::Critical, false).cacheKey());
    }

    void badgeSitsInTheLowerRightCorner()
    {
        for (TrayLook look : {TrayLook::Ok, TrayLook::Critical}) {
            for (int side : {16, 64}) {
                const QImage plain = render(look, false, side);
                const QImage badged = render(look, true, side);
                const int corner = side - int(side * 0.45); // first column / row of the badge's square
                int inCorner = 0;
                int elsewhere = 0;
                for (int y = 0; y < side; ++y) {
                    for (int x = 0; x < side; ++x) {
                        if (plain.pixel(x, y) == badged.pixel(x, y))
                            continue;
                        (x >= corner - 1 && y >= corner - 1 ? inCorner : elsewhere) += 1;
                    }
                }
                const int cornerArea = (side - corner) * (side - corner);
                QVERIFY2(inCorner > cornerArea / 3,
                         qPrintable(
                             QStringLiteral("%1 px of %2 at %3 px").arg(inCorner).arg(cornerArea).arg(side)));
                QVERIFY2(elsewhere <= side * side / 100, qPrintable(QString::number(elsewhere)));
            }
        }
    }

    void lookFollowsPressureBothWays()
    {
        TrayStateTracker tracker;
        QSignalSpy looks(&tracker, &TrayStateTracker::lookChanged);
        QSignalSpy raised(&tracker, &TrayStateTracker::pressureRaised);

        const QStringList warnReasons{QStringLiteral("MemAvailable 812 MB < 1024 MB")};
        const QStringList critReasons{QStringLiteral("PSI full avg10 47% > 40%")};
        const QList<std::pair<PressureLevel, QStringList>> steps = {
            {PressureLevel::Ok, {}},
            {PressureLevel::Warning, warnReasons},
            {PressureLevel::Critical, critReasons},
            {PressureLevel::Ok, {}},
        };
        for (const auto &[level, reasons] : steps)
            tracker.update(withLevel(level, reasons));

        QCOMPARE(looks.size(), 4);
        const TrayLook expected[] = {TrayLook::Ok, TrayLook::Warning, TrayLook::Critical, TrayLook::Ok};
        for (int i = 0; i < 4; ++i) {
            QCOMPARE(looks.at(i).at(0).value<TrayLook>(), expected[i]);
            QCOMPARE(looks.at(i).at(1).toBool(), false);
        }
        QCOMPARE(tracker.look(), TrayLook::Ok);

        // Up twice, never down.
        QCOMPARE(raised.size(), 2);
        QCOMPARE(raised.at(0).at(0).value<PressureLevel>(), PressureLevel::Warning);
        QCOMPARE(raised.at(0).at(1).toStringList(), warnReasons);
        QCOMPARE(raised.at(1).at(0).value<PressureLevel>(), PressureLevel::Critical);
        QCOMPARE(raised.at(1).at(1).toStringList(), critReasons);

        // Straight from ok to critical is one rise; critical to warning is none.
        tracker.update(withLevel(PressureLevel::Critical, critReasons));
        QCOMPARE(raised.size(), 3);
        QCOMPARE(raised.at(2).at(0).value<PressureLevel>(), PressureLevel::Critical);
        tracker.update(withLevel(PressureLevel::Warning, warnReasons));
        QCOMPARE(raised.size(), 3);
        QCOMPARE(looks.size(), 6);
        QCOMPARE(looks.last().at(0).value<TrayLook>(), TrayLook::Warning);
    }

    void signalsOnlyOnChange()
    {
        TrayStateTracker tracker;
        QSignalSpy looks(&tracker, &TrayStateTracker::lookChanged);
        QSignalSpy tips(&tracker, &TrayStateTracker::toolTipChanged);

        TraySummary s;
        s.agents = 2;
        s.agentRssKb = 1024;
        tracker.update(s);
        QCOMPARE(looks.size(), 1); // the first update sets the state
        QCOMPARE(tips.size(), 1);
        QCOMPARE(tips.last().at(0).toString(), QStringLiteral("2 agents, 1.0 MB; memory ok"));
        QCOMPARE(tracker.toolTip(), QStringLiteral("2 agents, 1.0 MB; memory ok"));

        tracker.update(s);
        QCOMPARE(looks.size(), 1);
        QCOMPARE(tips.size(), 1);

        // New figures, same look: only the tooltip.
        s.agents = 3;
        tracker.update(s);
        QCOMPARE(looks.size(), 1);
        QCOMPARE(tips.size(), 2);
        QCOMPARE(tips.last().at(0).toString(), QStringLiteral("3 agents, 1.0 MB; memory ok"));

        // An orphan: the badge comes, the level stays.
        s.orphans = 1;
        tracker.update(s);
        QCOMPARE(looks.size(), 2);
        QCOMPARE(looks.last().at(0).value<TrayLook>(), TrayLook::Ok);
        QCOMPARE(looks.last().at(1).toBool(), true);
        QVERIFY(tracker.badge());
        QCOMPARE(tips.size(), 3);

        // A new reason at the same level changes the tooltip, not the look.
        s.level = PressureLevel::Warning;
        s.reasons = {QStringLiteral("swap 75% > 70%")};
        tracker.update(s);
        QCOMPARE(looks.size(), 3);
        s.reasons = {QStringLiteral("swap 80% > 70%")};
        tracker.update(s);
        QCOMPARE(looks.size(), 3);
        QCOMPARE(tips.size(), 5);
        QVERIFY(tracker.toolTip().endsWith(QStringLiteral("memory warning: swap 80% > 70%")));

        // Orphan gone, a leak instead: the badge stays, so no lookChanged.
        s.orphans = 0;
        s.leaked = {{kLeakBig, QStringLiteral("claude in ~/src/web"), 1, 10}};
        s.leakedSessions = 1;
        s.leakedProcesses = 1;
        s.leakedKb = 10;
        tracker.update(s);
        QCOMPARE(looks.size(), 3);
        QCOMPARE(tips.size(), 6);
    }

    void stateIsCurrentWhenSignalsArrive()
    {
        TrayStateTracker tracker;
        TrayLook seen = TrayLook::Ok;
        QString tip;
        connect(&tracker, &TrayStateTracker::pressureRaised, this, [&] {
            seen = tracker.look();
            tip = tracker.toolTip();
        });
        tracker.update(withLevel(PressureLevel::Critical, {QStringLiteral("PSI full avg10 47% > 40%")}));
        QCOMPARE(seen, TrayLook::Critical);
        QCOMPARE(tip, QStringLiteral("no agents; memory critical: PSI full avg10 47% > 40%"));
    }

    void leakAppearsOncePerLeak()
    {
        TrayStateTracker tracker;
        QSignalSpy leaks(&tracker, &TrayStateTracker::leakAppeared);
        auto ids = [&] {
            QStringList out;
            for (const QList<QVariant> &args : std::as_const(leaks))
                out << args.at(0).toString();
            return out;
        };

        tracker.update(withLeaks({}));
        QVERIFY(leaks.isEmpty());
        tracker.update(withLeaks({kLeakBig}));
        QCOMPARE(ids(), QStringList{kLeakBig});
        QCOMPARE(tracker.leakedSession(kLeakBig).processes, 2);
        QVERIFY(tracker.leakedSession(kLeakSmall).id.isEmpty());

        tracker.update(withLeaks({kLeakBig}));
        tracker.update(withLeaks({kLeakBig, kLeakSmall}));
        QCOMPARE(ids(), (QStringList{kLeakBig, kLeakSmall}));

        // Reaped: nothing to say; leaked anew (same id): said again.
        tracker.update(withLeaks({kLeakSmall}));
        QCOMPARE(leaks.size(), 2);
        QVERIFY(tracker.leakedSession(kLeakBig).id.isEmpty());
        tracker.update(withLeaks({kLeakSmall, kLeakBig}));
        QCOMPARE(ids(), (QStringList{kLeakBig, kLeakSmall, kLeakBig}));
    }

    void leakAppearsWhenTheLingerTimePasses()
    {
        // Through summarize(): the ended session becomes leaked at exactly endedAt + linger.
        Snapshot snap = machine();
        snap.sessions.erase(snap.sessions.begin() + 1, snap.sessions.begin() + 3); // the two leaked ones
        TrayStateTracker tracker;
        QSignalSpy leaks(&tracker, &TrayStateTracker::leakAppeared);
        QSignalSpy looks(&tracker, &TrayStateTracker::lookChanged);
        snap.processes.erase(snap.processes.begin() + 2); // the orphan, so that the badge is the leak's
        tracker.update(summarize(snap, PressureLevel::Ok, {}, kLinger, false));
        QVERIFY(leaks.isEmpty());
        QVERIFY(!tracker.badge());

        snap.takenAtMs += 1;
        tracker.update(summarize(snap, PressureLevel::Ok, {}, kLinger, false));
        QCOMPARE(leaks.size(), 1);
        QCOMPARE(leaks.first().at(0).toString(), kRecent);
        QCOMPARE(tracker.leakedSession(kRecent).label, QStringLiteral("claude in /srv/x"));
        QCOMPARE(looks.size(), 2);
        QVERIFY(tracker.badge());
        QVERIFY(tracker.toolTip().contains(QStringLiteral("1 leaked session (4 processes, 88 MB)")));
    }

    void firstUpdateReportsWhatIsAlreadyWrong()
    {
        TrayStateTracker tracker;
        QSignalSpy raised(&tracker, &TrayStateTracker::pressureRaised);
        QSignalSpy leaks(&tracker, &TrayStateTracker::leakAppeared);
        TraySummary s = withLeaks({kLeakBig, kLeakSmall});
        s.level = PressureLevel::Warning;
        tracker.update(s);
        QCOMPARE(raised.size(), 1);
        QCOMPARE(leaks.size(), 2);
    }

    void disconnectionJudgesNothing()
    {
        TrayStateTracker tracker;
        QSignalSpy raised(&tracker, &TrayStateTracker::pressureRaised);
        QSignalSpy leaks(&tracker, &TrayStateTracker::leakAppeared);
        QSignalSpy tips(&tracker, &TrayStateTracker::toolTipChanged);

        TraySummary s = withLeaks({kLeakBig});
        s.level = PressureLevel::Warning;
        tracker.update(s);
        QCOMPARE(raised.size(), 1);
        QCOMPARE(leaks.size(), 1);

        TraySummary gone;
        gone.connected = false;
        tracker.update(gone);
        QCOMPARE(tips.last().at(0).toString(), QStringLiteral("no connection to the agentmon instance"));
        QCOMPARE(tracker.look(), TrayLook::Warning);

        // Back with the same troubles: nothing new to tell.
        tracker.update(s);
        QCOMPARE(raised.size(), 1);
        QCOMPARE(leaks.size(), 1);
        // Back with worse ones: told.
        s = withLeaks({kLeakBig, kLeakSmall});
        s.level = PressureLevel::Critical;
        tracker.update(gone);
        tracker.update(s);
        QCOMPARE(raised.size(), 2);
        QCOMPARE(leaks.size(), 2);
        QCOMPARE(leaks.last().at(0).toString(), kLeakSmall);
    }
};

QTEST_MAIN(TestTrayState)
#include "tst_traystate.moc"
