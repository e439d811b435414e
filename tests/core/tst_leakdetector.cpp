// Leaked sessions, duplicate leftovers and the growth trend. The trend runs on synthetic series with a manual
// clock (hours of samples in no time); leaks come from snapshots built by hand, from the real pipeline on a
// fake /proc, and from a real process tree whose root the test kills.
#include "clock.h"
#include "coretext.h"
#include "fakeproc.h"
#include "helperprocess.h"
#include "leakdetector.h"
#include "manualclock.h"
#include "processsource.h"
#include "ruleset.h"
#include "sampler.h"
#include "snapshot.h"
#include "testprinters.h"

#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <csignal>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace agentmon;
using namespace agentmon::test;

namespace {

constexpr qint64 kHourMs = 3'600'000;
constexpr qint64 kBootNowMs = 10 * kHourMs;
constexpr quint64 kMb = 1024;

const QString kSnapshotShell =
    QStringLiteral("source /home/u/.claude/shell-snapshots/snapshot-bash-1-abc.sh && eval 'sleep 1000'");
const QStringList kMcpPostgres = {QStringLiteral("node"),
                                  QStringLiteral("/home/u/.npm/_npx/1a2b/node_modules/.bin/mcp-postgres")};

bool near(double actual, double expected, double relative, double absolute = 0.01)
{
    return std::abs(actual - expected) <= std::max(relative * std::abs(expected), absolute);
}

// A sample of a machine with count agent processes of mb MiB each (PSS 70 %, swap 30 %, RSS 80 % of it), the
// first of them heapMb larger, and a browser (no agent) whose memory must not count.
Snapshot agentSample(qint64 atMs, int count, int mb, double heapMb, double browserMb, double availableMb)
{
    Snapshot s;
    s.takenAtMs = atMs;
    s.system.mem.memTotalKb = 64 * kMb * kMb;
    s.system.mem.memAvailableKb = quint64(std::llround(availableMb * double(kMb)));
    ProcessRecord browser;
    browser.info.key = {10, 5};
    browser.info.comm = QStringLiteral("firefox");
    browser.info.rssKb = quint64(std::llround((4096 + browserMb) * double(kMb)));
    s.processes.push_back(browser);
    for (int i = 0; i < count; ++i) {
        const double kb = (double(mb) + (i == 0 ? heapMb : 0.0)) * double(kMb);
        ProcessRecord r;
        r.cls = ProcessClass::Agent;
        r.info.key = {1000 + i, 7};
        r.info.comm = QStringLiteral("claude");
        r.info.rssKb = quint64(std::llround(kb * 0.8));
        const quint64 pss = quint64(std::llround(kb * 0.7));
        r.info.memory = MemoryDetail{pss, quint64(std::llround(kb)) - pss, 0};
        s.processes.push_back(r);
    }
    return s;
}

ProcessRecord member(int pid, const QString &session, const QStringList &argv, quint64 rssKb,
                     std::optional<MemoryDetail> memory, ProcessStatus status = ProcessStatus::Orphan)
{
    ProcessRecord r;
    r.cls = ProcessClass::Child;
    r.info.key = {pid, quint64(pid) * 3};
    r.info.argv = argv;
    r.info.comm = argv.isEmpty() ? QStringLiteral("?") : QString(argv.first()).section(QLatin1Char('/'), -1);
    r.info.state = 'S';
    r.info.rssKb = rssKb;
    r.info.memory = memory;
    r.session = session;
    r.status = status;
    return r;
}

SessionRecord session(const QString &id, bool alive, qint64 endedAtMs, int processCount, bool rootSeen = true)
{
    SessionRecord r;
    r.id = id;
    r.agent = QStringLiteral("claude");
    r.root = rootSeen ? ProcessKey{77, 12345} : ProcessKey{};
    r.alive = alive;
    r.endedAtMs = alive ? 0 : endedAtMs;
    r.processCount = processCount;
    return r;
}

} // namespace

class tst_LeakDetector : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void trend_data();
    void trend();
    void samplesOlderThanTheWindowAreDropped();
    void historyIsBounded();
    void leakText_data();
    void leakText();
    void programName_data();
    void programName();
    void duplicatesGroupLeftovers();
    void leakOnFakeProc();
    void leakMadeForReal();
};

void tst_LeakDetector::trend_data()
{
    QTest::addColumn<int>("startCount");
    QTest::addColumn<double>("countPerHour");
    QTest::addColumn<int>("mbPerProcess");
    QTest::addColumn<double>("heapMbPerHour");  // the first agent's own growth
    QTest::addColumn<double>("otherMbPerHour"); // taken from MemAvailable by a program that is no agent
    QTest::addColumn<int>("samples");
    QTest::addColumn<qint64>("intervalMs");
    QTest::addColumn<bool>("enough");
    QTest::addColumn<double>("forecastMbPerHour"); // the rate the forecast must use; 0: no forecast
    QTest::addColumn<QString>("text");

    // MemAvailable ends at 20 GB in every row: the seed's 64 GB machine after 44 GB of leaks.
    QTest::newRow("20 agents/hour of 372 MB for 2 h every 30 s (the seed's leak)")
        << 10 << 20.0 << 372 << 0.0 << 0.0 << 241 << qint64(30'000) << true << 20.0 * 372
        << "~20 agent processes/hour, agent memory +7.3 GB/hour; memory exhausted in ~3 h";
    QTest::newRow("the same leak sampled every 2 s for 1 h")
        << 10 << 20.0 << 372 << 0.0 << 0.0 << 1801 << qint64(2000) << true << 20.0 * 372
        << "~20 agent processes/hour, agent memory +7.2 GB/hour; memory exhausted in ~3 h";
    QTest::newRow("flat: 12 agents for 2 h")
        << 12 << 0.0 << 300 << 0.0 << 0.0 << 241 << qint64(30'000) << true << 0.0 << "stable";
    QTest::newRow("falling agent count")
        << 60 << -20.0 << 372 << 0.0 << 0.0 << 241 << qint64(30'000) << true << 0.0 << "stable";
    QTest::newRow("one agent's heap grows 1 GB/hour")
        << 3 << 0.0 << 300 << 1024.0 << 0.0 << 241 << qint64(30'000) << true << 1024.0
        << "agent memory +1.0 GB/hour; memory exhausted in ~20 h";
    QTest::newRow("MemAvailable falls faster than the agents grow")
        << 3 << 0.0 << 300 << 1024.0 << 3072.0 << 241 << qint64(30'000) << true << 4096.0
        << "agent memory +1.0 GB/hour; memory exhausted in ~5 h";
    QTest::newRow("only a program that is no agent takes memory")
        << 3 << 0.0 << 300 << 0.0 << 4096.0 << 241 << qint64(30'000) << true << 0.0 << "stable";
    QTest::newRow("too few samples: 4 over 6 min") << 10 << 20.0 << 372 << 0.0 << 0.0 << 4 << qint64(120'000)
                                                   << false << 0.0 << "not enough samples yet";
    QTest::newRow("too short a span: 9 samples over 4 min")
        << 10 << 20.0 << 372 << 0.0 << 0.0 << 9 << qint64(30'000) << false << 0.0 << "not enough samples yet";
}

void tst_LeakDetector::trend()
{
    QFETCH(int, startCount);
    QFETCH(double, countPerHour);
    QFETCH(int, mbPerProcess);
    QFETCH(double, heapMbPerHour);
    QFETCH(double, otherMbPerHour);
    QFETCH(int, samples);
    QFETCH(qint64, intervalMs);
    QFETCH(bool, enough);
    QFETCH(double, forecastMbPerHour);
    QFETCH(QString, text);

    const auto hours = [](qint64 ms) { return double(ms) / double(kHourMs); };
    const auto agentsAt = [&](qint64 ms) {
        return std::max(0, startCount + int(std::floor(countPerHour * hours(ms))));
    };
    const auto agentMbAt = [&](qint64 ms) {
        return double(agentsAt(ms)) * mbPerProcess + heapMbPerHour * hours(ms);
    };
    const auto takenMbAt = [&](qint64 ms) {
        return agentMbAt(ms) - agentMbAt(0) + otherMbPerHour * hours(ms);
    };
    const qint64 spanMs = qint64(samples - 1) * intervalMs;
    const double lastAvailableMb = 20 * 1024;

    ManualClock clock(kBootNowMs);
    LeakDetector detector(clock);
    for (int i = 0; i < samples; ++i) {
        const qint64 ms = qint64(i) * intervalMs;
        detector.add(agentSample(clock.nowMs(), agentsAt(ms), mbPerProcess, heapMbPerHour * hours(ms),
                                 otherMbPerHour * hours(ms),
                                 lastAvailableMb + takenMbAt(spanMs) - takenMbAt(ms)));
        if (i + 1 < samples)
            clock.advance(intervalMs);
    }

    const Trend t = detector.trend();
    QCOMPARE(t.text, text);
    QVERIFY2(isCoreText(t.text), qPrintable(t.text));
    QCOMPARE(t.enough, enough);
    QVERIFY(t.spanMs <= detector.windowMs());
    QCOMPARE(t.points, int(std::min(spanMs, detector.windowMs()) / intervalMs) + 1);
    QCOMPARE(t.availableKb, quint64(lastAvailableMb) * kMb);
    if (enough) {
        const double memoryPerHour = countPerHour * mbPerProcess + heapMbPerHour;
        QVERIFY2(near(t.processesPerHour, countPerHour, 0.01),
                 qPrintable(QString::number(t.processesPerHour)));
        QVERIFY2(near(t.agentMemoryMbPerHour, memoryPerHour, 0.01, 1.0),
                 qPrintable(QString::number(t.agentMemoryMbPerHour)));
        QVERIFY2(near(t.agentRssMbPerHour, 0.8 * memoryPerHour, 0.01, 1.0),
                 qPrintable(QString::number(t.agentRssMbPerHour)));
        QVERIFY2(near(t.availableMbPerHour, -(memoryPerHour + otherMbPerHour), 0.01, 1.0),
                 qPrintable(QString::number(t.availableMbPerHour)));
    }
    if (forecastMbPerHour > 0) {
        QVERIFY(t.exhaustionInMs.has_value());
        const double expectedMs = lastAvailableMb / forecastMbPerHour * double(kHourMs);
        QVERIFY2(near(double(*t.exhaustionInMs), expectedMs, 0.03),
                 qPrintable(QStringLiteral("%1 ms, expected %2 ms").arg(*t.exhaustionInMs).arg(expectedMs)));
    } else {
        QVERIFY(!t.exhaustionInMs.has_value());
    }
}

void tst_LeakDetector::samplesOlderThanTheWindowAreDropped()
{
    // A steep first hour, then a flat one: only the flat hour counts.
    ManualClock clock(kBootNowMs);
    LeakDetector detector(clock);
    for (int i = 0; i <= 240; ++i) {
        const int agents = i <= 120 ? 10 + i : 130;
        detector.add(agentSample(clock.nowMs(), agents, 372, 0, 0, 40 * 1024.0 - agents * 372.0));
        if (i < 240)
            clock.advance(30'000);
    }
    QCOMPARE(detector.pointCount(), 121);
    Trend t = detector.trend();
    QCOMPARE(t.points, 121);
    QCOMPARE(t.spanMs, kHourMs);
    QCOMPARE(t.text, QStringLiteral("stable"));
    QVERIFY(near(t.processesPerHour, 0, 0));
    QVERIFY(!t.exhaustionInMs);

    // Sampling stops (suspend, a stopped sampler): what is left grows old on the clock and leaves the trend.
    clock.advance(kHourMs / 2);
    QCOMPARE(detector.trend().points, 61);
    clock.advance(kHourMs);
    t = detector.trend();
    QCOMPARE(t.points, 0);
    QCOMPARE(t.text, QStringLiteral("not enough samples yet"));
    QVERIFY(!t.exhaustionInMs);

    // A snapshot not newer than the last point is ignored.
    const int before = detector.pointCount();
    detector.add(agentSample(kBootNowMs, 500, 372, 0, 0, 1024));
    QCOMPARE(detector.pointCount(), before);
}

void tst_LeakDetector::historyIsBounded()
{
    // Samples every 100 ms for 2 h: far more than the cap, yet the window stays covered.
    ManualClock clock(kBootNowMs);
    LeakDetector detector(clock);
    for (int i = 0; i < 72'000; ++i) {
        detector.add(agentSample(clock.nowMs(), 10 + i / 1800, 100, 0, 0, 30 * 1024.0 - (i / 1800) * 100.0));
        QVERIFY(detector.pointCount() <= LeakDetector::kMaxPoints);
        clock.advance(100);
    }
    clock.advance(-100);
    const Trend t = detector.trend();
    QVERIFY2(t.points > LeakDetector::kMaxPoints * 9 / 10, qPrintable(QString::number(t.points)));
    QVERIFY2(t.spanMs >= kHourMs - 1000, qPrintable(QString::number(t.spanMs)));
    QVERIFY2(near(t.processesPerHour, 20, 0.01), qPrintable(QString::number(t.processesPerHour)));
}

void tst_LeakDetector::leakText_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<bool>("rootSeen");
    QTest::addColumn<bool>("alive");
    QTest::addColumn<qint64>("endedAgoMs");
    QTest::addColumn<qint64>("lingerMs");
    QTest::addColumn<int>("members");
    QTest::addColumn<quint64>("rssKb"); // each
    QTest::addColumn<bool>("smapsRead");
    QTest::addColumn<QString>("text"); // empty: no leak
    QTest::addColumn<quint64>("memoryKb");

    // 7 x (150 MB PSS + 25 MB swap) = 1225 MB.
    QTest::newRow("PSS and swap where read")
        << "7d3f0c1e-aaaa-bbbb-cccc-1234567890ab" << true << false << qint64(12 * 60'000 + 5000)
        << qint64(30'000) << 7 << 200 * kMb << true
        << "session 7d3f0c1e ended 12 min ago: 7 processes, 1.2 GB left" << 7 * 175 * kMb;
    QTest::newRow("RSS where smaps was not read")
        << "pid-4242-99887" << true << false << qint64(45'000) << qint64(30'000) << 1 << 240 * kMb << false
        << "session pid-4242 ended 45 s ago: 1 process, 240 MB left" << 240 * kMb;
    QTest::newRow("exactly at the linger time")
        << "spawned-1" << true << false << qint64(30'000) << qint64(30'000) << 2 << 100 * kMb << false
        << "session spawned-1 ended 30 s ago: 2 processes, 200 MB left" << 200 * kMb;
    QTest::newRow("root never seen: ended at least when first seen")
        << "c0ffee00-1111-2222-3333-444455556666" << false << false << qint64(2 * kHourMs) << qint64(30'000)
        << 2 << 100 * kMb << true << "session c0ffee00 ended at least 2 h ago: 2 processes, 350 MB left"
        << 2 * 175 * kMb;
    QTest::newRow("within the linger time")
        << "spawned-2" << true << false << qint64(10'000) << qint64(30'000) << 3 << 100 * kMb << true
        << QString() << quint64(0);
    QTest::newRow("session still alive") << "spawned-3" << true << true << qint64(0) << qint64(0) << 3
                                         << 100 * kMb << true << QString() << quint64(0);
}

void tst_LeakDetector::leakText()
{
    QFETCH(QString, id);
    QFETCH(bool, rootSeen);
    QFETCH(bool, alive);
    QFETCH(qint64, endedAgoMs);
    QFETCH(qint64, lingerMs);
    QFETCH(int, members);
    QFETCH(quint64, rssKb);
    QFETCH(bool, smapsRead);
    QFETCH(QString, text);
    QFETCH(quint64, memoryKb);

    Snapshot s;
    s.takenAtMs = kBootNowMs;
    s.sessions.push_back(session(id, alive, kBootNowMs - endedAgoMs, members, rootSeen));
    // Another session that leaked less, and a process of no session.
    s.sessions.push_back(session(QStringLiteral("small"), false, kBootNowMs - 60'000, 1));
    s.processes.push_back(member(900, QStringLiteral("small"), {QStringLiteral("sleep")}, 100, std::nullopt));
    s.processes.push_back(member(901, QString(), {QStringLiteral("vim")}, 50 * kMb, std::nullopt));
    for (int i = 0; i < members; ++i) {
        s.processes.push_back(
            member(100 + i, id, {QStringLiteral("node"), QStringLiteral("/srv/x.js")}, rssKb,
                   smapsRead ? std::optional(MemoryDetail{150 * kMb, 25 * kMb, 25 * kMb}) : std::nullopt));
    }
    // A zombie of the session holds nothing and is not counted.
    ProcessRecord zombie = member(199, id, {}, 0, std::nullopt);
    zombie.info.state = 'Z';
    s.processes.push_back(zombie);

    const QList<Leak> leaks = LeakDetector::leaks(s, lingerMs);
    if (text.isEmpty()) {
        QCOMPARE(leaks.size(), 1);
        QCOMPARE(leaks.first().session, QStringLiteral("small"));
        return;
    }
    QCOMPARE(leaks.size(), 2);
    const Leak &leak = leaks.first(); // the larger first
    QCOMPARE(leak.text, text);
    QVERIFY2(isCoreText(leak.text), qPrintable(leak.text));
    QCOMPARE(leak.session, id);
    QCOMPARE(leak.agent, QStringLiteral("claude"));
    QCOMPARE(leak.processes, members);
    QCOMPARE(leak.keys.size(), members);
    QVERIFY(!leak.keys.contains(zombie.info.key));
    QCOMPARE(leak.memoryKb, memoryKb);
    QCOMPARE(leak.rssKb, quint64(members) * rssKb);
    QCOMPARE(leak.pssKb, smapsRead ? quint64(members) * 150 * kMb : 0);
    QCOMPARE(leak.swapKb, smapsRead ? quint64(members) * 25 * kMb : 0);
    QCOMPARE(leak.endedAgoMs, endedAgoMs);
    QCOMPARE(leak.endUnseen, !rootSeen);
    QCOMPARE(leaks.at(1).text, QStringLiteral("session small ended 1 min ago: 1 process, 100 KB left"));
}

void tst_LeakDetector::programName_data()
{
    QTest::addColumn<QStringList>("argv");
    QTest::addColumn<QString>("comm");
    QTest::addColumn<QString>("name");

    QTest::newRow("npx bin runs under its command name") << kMcpPostgres << "node"
                                                         << "mcp-postgres";
    QTest::newRow("scoped package entry point")
        << QStringList{"node", "/x/node_modules/@modelcontextprotocol/server-memory/dist/index.js"} << "node"
        << "@modelcontextprotocol/server-memory";
    QTest::newRow("package with a named script")
        << QStringList{"node", "/usr/lib/node_modules/mcp-remote/dist/proxy.js", "https://mcp.example"}
        << "node"
        << "mcp-remote";
    QTest::newRow("generic script name: its folder")
        << QStringList{"node", "/home/u/src/mcp-postgres/dist/index.js"} << "node"
        << "mcp-postgres";
    QTest::newRow("named script outside a package")
        << QStringList{"node", "/home/u/project/server.js"} << "node"
        << "server.js";
    QTest::newRow("launcher with a version")
        << QStringList{"npx", "-y", "mcp-remote@latest", "https://x"} << "npm"
        << "mcp-remote";
    QTest::newRow("python module") << QStringList{"python3", "-m", "chroma_mcp"} << "python3"
                                   << "chroma_mcp";
    QTest::newRow("plain program") << QStringList{"/usr/local/bin/claude", "--output-format", "stream-json"}
                                   << "claude"
                                   << "claude";
    QTest::newRow("no argv: comm") << QStringList{} << "chroma-mcp"
                                   << "chroma-mcp";
}

void tst_LeakDetector::programName()
{
    QFETCH(QStringList, argv);
    QFETCH(QString, comm);
    QFETCH(QString, name);
    ProcessInfo info;
    info.argv = argv;
    info.comm = comm;
    QCOMPARE(leftoverProgramName(info), name);
}

void tst_LeakDetector::duplicatesGroupLeftovers()
{
    const QString leaked = QStringLiteral("leaked");
    const QString lingering = QStringLiteral("lingering");
    const QString alive = QStringLiteral("alive");
    const QStringList claude = {QStringLiteral("claude"), QStringLiteral("--output-format"),
                                QStringLiteral("stream-json")};
    const MemoryDetail mcpMemory{80 * kMb, 20 * kMb, 20 * kMb};

    Snapshot s;
    s.takenAtMs = kBootNowMs;
    s.sessions.push_back(session(leaked, false, kBootNowMs - 5 * 60'000, 4));
    s.sessions.push_back(session(lingering, false, kBootNowMs - 10'000, 2));
    s.sessions.push_back(session(alive, true, 0, 4));
    // Three servers and a shell of a leaked session (the shell is alone of its kind). Judged running here:
    // belonging to the leaked session is what makes them leftovers.
    for (int pid : {100, 101, 102})
        s.processes.push_back(member(pid, leaked, kMcpPostgres, 30 * kMb, mcpMemory, ProcessStatus::Running));
    s.processes.push_back(member(103, leaked,
                                 {QStringLiteral("/bin/bash"), QStringLiteral("-c"), kSnapshotShell}, 4 * kMb,
                                 std::nullopt, ProcessStatus::Running));
    // Two more orphaned servers of no known session, and a zombie one that holds nothing.
    for (int pid : {110, 111})
        s.processes.push_back(member(pid, QString(), kMcpPostgres, 30 * kMb, mcpMemory));
    ProcessRecord zombie = member(112, QString(), kMcpPostgres, 0, std::nullopt);
    zombie.info.state = 'Z';
    s.processes.push_back(zombie);
    // Idle SDK agents under a daemon (the seed's leak), one stale one, and one that still works.
    for (int pid : {200, 201}) {
        ProcessRecord r = member(pid, QStringLiteral("sdk-%1").arg(pid), claude, 380 * kMb,
                                 MemoryDetail{300 * kMb, 70 * kMb, 70 * kMb}, ProcessStatus::Idle);
        r.cls = ProcessClass::Agent;
        s.processes.push_back(r);
    }
    s.processes.push_back(member(202, QString(), claude, 380 * kMb, std::nullopt, ProcessStatus::Stale));
    s.processes.push_back(member(203, QString(), claude, 380 * kMb, std::nullopt, ProcessStatus::Running));
    // Servers of a live session and of a session still within its linger time are no leftovers.
    for (int pid : {300, 301, 302, 303})
        s.processes.push_back(member(pid, alive, kMcpPostgres, 30 * kMb, mcpMemory, ProcessStatus::Running));
    for (int pid : {400, 401})
        s.processes.push_back(
            member(pid, lingering, kMcpPostgres, 30 * kMb, mcpMemory, ProcessStatus::Running));
    // An orphaned process that is no agent at all is not agentmon's business.
    ProcessRecord foreign = member(500, QString(), kMcpPostgres, 30 * kMb, std::nullopt);
    foreign.cls = ProcessClass::None;
    s.processes.push_back(foreign);

    const QList<DuplicateGroup> groups = LeakDetector::duplicates(s, 30'000);
    QCOMPARE(groups.size(), 2);
    QCOMPARE(groups.at(0).text, QStringLiteral("5 copies of mcp-postgres (500 MB)"));
    QCOMPARE(groups.at(0).program, QStringLiteral("mcp-postgres"));
    QCOMPARE(groups.at(0).count, 5);
    QCOMPARE(groups.at(0).memoryKb, 500 * kMb);
    QCOMPARE(groups.at(0).keys,
             (QList<ProcessKey>{{100, 300}, {101, 303}, {102, 306}, {110, 330}, {111, 333}}));
    // PSS + swap for the idle ones, RSS for the stale one whose smaps was not read: 370 + 370 + 380 MB.
    QCOMPARE(groups.at(1).text, QStringLiteral("3 copies of claude (1.1 GB)"));
    QCOMPARE(groups.at(1).memoryKb, 1120 * kMb);

    // Ten minutes of linger: the leaked session is no leak yet, only the two orphans are left.
    const QList<DuplicateGroup> patient = LeakDetector::duplicates(s, 10 * 60'000);
    QCOMPARE(patient.size(), 2);
    QCOMPARE(patient.at(0).text, QStringLiteral("3 copies of claude (1.1 GB)"));
    QCOMPARE(patient.at(1).text, QStringLiteral("2 copies of mcp-postgres (200 MB)"));
}

void tst_LeakDetector::leakOnFakeProc()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    FakeProc proc(dir.path());
    ManualClock clock(kBootNowMs);
    const auto source = createProcessSource(clock, dir.path());
    QVERIFY(source->isValid());
    RuleSet rules;
    Sampler sampler(*source, rules, clock);
    LeakDetector detector(clock);
    const qint64 lingerMs = sampler.tracker().policy().lingerMs;

    const auto make = [](int pid, int ppid, const QString &comm, const QStringList &argv, qint64 ageMs) {
        FakeProc::Proc p;
        p.pid = pid;
        p.ppid = ppid;
        p.comm = comm;
        p.argv = argv;
        p.starttime = quint64((kBootNowMs - ageMs) / 10);
        return p;
    };
    proc.write(make(1, 0, QStringLiteral("systemd"), {QStringLiteral("/sbin/init")}, kBootNowMs));
    proc.write(make(50, 1, QStringLiteral("bash"), {QStringLiteral("-bash")}, 9 * kHourMs));
    FakeProc::Proc claude = make(100, 50, QStringLiteral("claude"), {QStringLiteral("claude")}, 600'000);
    claude.ttyNr = 34816;
    claude.sid = 50;
    claude.pssKb = 200'000;
    claude.swapKb = 0;
    proc.write(claude);
    QList<FakeProc::Proc> children;
    for (int pid : {110, 111}) {
        FakeProc::Proc server = make(pid, 100, QStringLiteral("node"), kMcpPostgres, 590'000);
        server.pgid = 100;
        server.sid = 50;
        server.ttyNr = 34816;
        server.pssKb = 120'000;
        server.swapKb = 30'000;
        children.append(server);
    }
    FakeProc::Proc shell = make(200, 100, QStringLiteral("bash"),
                                {QStringLiteral("/bin/bash"), QStringLiteral("-c"), kSnapshotShell}, 300'000);
    shell.pssKb = 2000;
    shell.swapKb = 0;
    children.append(shell);
    for (const FakeProc::Proc &child : children)
        proc.write(child);

    Snapshot s = sampler.sample();
    detector.add(s);
    QCOMPARE(s.sessions.size(), size_t(1));
    QCOMPARE(s.sessions[0].processCount, 4);
    QVERIFY(LeakDetector::leaks(s, lingerMs).isEmpty());
    QVERIFY(LeakDetector::duplicates(s, lingerMs).isEmpty());

    // claude dies; its three children live on under PID 1.
    clock.advance(5000);
    proc.remove(100);
    for (FakeProc::Proc &child : children) {
        child.ppid = 1;
        proc.write(child);
    }
    s = sampler.sample();
    detector.add(s);
    QVERIFY(!s.sessions[0].alive);
    QVERIFY(LeakDetector::leaks(s, lingerMs).isEmpty()); // within the linger time

    clock.advance(lingerMs);
    s = sampler.sample();
    detector.add(s);
    const QList<Leak> leaks = LeakDetector::leaks(s, lingerMs);
    QCOMPARE(leaks.size(), 1);
    const Leak &leak = leaks.first();
    QCOMPARE(leak.session, QStringLiteral("pid-100-%1").arg(claude.starttime));
    QCOMPARE(leak.root, (ProcessKey{100, claude.starttime}));
    QCOMPARE(leak.agent, QStringLiteral("claude"));
    QCOMPARE(leak.processes, 3);
    QCOMPARE(leak.endedAgoMs, lingerMs);
    QVERIFY(!leak.endUnseen);
    QCOMPARE(leak.pssKb, quint64(2 * 120'000 + 2000));
    QCOMPARE(leak.swapKb, quint64(2 * 30'000));
    QCOMPARE(leak.rssKb, quint64(3 * 4000)); // 1000 pages each
    QCOMPARE(leak.memoryKb, quint64(2 * 150'000 + 2000));
    QCOMPARE(leak.text, QStringLiteral("session pid-100 ended 30 s ago: 3 processes, 295 MB left"));
    QCOMPARE(leak.keys.size(), 3);
    for (const FakeProc::Proc &child : children)
        QVERIFY(leak.keys.contains(ProcessKey{child.pid, child.starttime}));

    const QList<DuplicateGroup> groups = LeakDetector::duplicates(s, lingerMs);
    QCOMPARE(groups.size(), 1);
    QCOMPARE(groups.first().text, QStringLiteral("2 copies of mcp-postgres (293 MB)"));

    QCOMPARE(detector.pointCount(), 3);
    QCOMPARE(detector.trend().text, QStringLiteral("not enough samples yet"));
}

void tst_LeakDetector::leakMadeForReal()
{
    // Orphans of what the test starts come back to it, so that it reaps the ones it kills.
    QVERIFY(::prctl(PR_SET_CHILD_SUBREAPER, 1) == 0);
    QList<ProcessKey> children;
    auto cleanup = qScopeGuard([&] {
        for (const ProcessKey &key : std::as_const(children)) {
            signalVerified(key, SIGKILL);
            waitGone(key, 5000);
            ::waitpid(key.pid, nullptr, WNOHANG);
        }
        ::prctl(PR_SET_CHILD_SUBREAPER, 0);
    });

    // A headless claude with two MCP servers, all in the helper's process group.
    const QString script = QStringLiteral("(exec -a node \"$1\" /x/node_modules/.bin/mcp-postgres) & "
                                          "(exec -a node \"$1\" /x/node_modules/.bin/mcp-postgres) & "
                                          "exec -a claude \"$1\" --output-format stream-json --verbose");
    HelperProcess tree(QStringLiteral("/bin/bash"), {QStringLiteral("-c"), script, QStringLiteral("bash"),
                                                     helperPath(QStringLiteral("fakeagent"))});
    QVERIFY(tree.start());
    QVERIFY(tree.waitForLine("ready"));
    QVERIFY(tree.waitForLine("ready"));
    const ProcessKey root = tree.key();

    SystemClock clock;
    const auto source = createProcessSource(clock);
    RuleSet rules;
    StatusPolicy policy;
    policy.lingerMs = 0;
    Sampler sampler(*source, rules, clock, policy);
    Snapshot s;
    QString id;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            s = sampler.sample();
            children.clear();
            id.clear();
            for (const ProcessRecord &r : s.processes) {
                if (r.info.key == root && r.sessionRoot)
                    id = r.session;
            }
            for (const ProcessRecord &r : s.processes) {
                if (r.info.ppid == root.pid && r.info.pgid == root.pid && r.info.key != root &&
                    !id.isEmpty() && r.session == id && r.info.comm == QLatin1String("fakeagent"))
                    children.append(r.info.key);
            }
            return children.size() == 2;
        }(),
        10'000);
    for (const Leak &l : LeakDetector::leaks(s, 0))
        QVERIFY(l.session != id);

    // The root dies; its children do not.
    QVERIFY(signalVerified(root, SIGKILL));
    QVERIFY(waitGone(root, 5000));
    std::optional<Leak> leak;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            s = sampler.sample();
            for (const Leak &l : LeakDetector::leaks(s, 0)) {
                if (l.session == id)
                    leak = l;
            }
            return leak.has_value();
        }(),
        10'000);
    QCOMPARE(leak->processes, 2);
    QCOMPARE(leak->root, root);
    QCOMPARE(leak->keys.size(), 2);
    for (const ProcessKey &key : std::as_const(children))
        QVERIFY(leak->keys.contains(key));
    QVERIFY(leak->pssKb > 0);
    QVERIFY(leak->rssKb > 0);
    QCOMPARE(leak->memoryKb, leak->pssKb + leak->swapKb);
    QVERIFY2(leak->text.startsWith(QStringLiteral("session pid-%1 ended ").arg(root.pid)) &&
                 leak->text.contains(QLatin1String(": 2 processes, ")),
             qPrintable(leak->text));

    bool grouped = false;
    for (const DuplicateGroup &group : LeakDetector::duplicates(s, 0)) {
        if (group.program == QLatin1String("mcp-postgres"))
            grouped = group.keys.contains(children.at(0)) && group.keys.contains(children.at(1));
    }
    QVERIFY(grouped);
}

QTEST_GUILESS_MAIN(tst_LeakDetector)
#include "tst_leakdetector.moc"
