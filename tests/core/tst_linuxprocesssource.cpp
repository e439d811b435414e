#include "clock.h"
#include "fakeproc.h"
#include "helperprocess.h"
#include "manualclock.h"
#include "processsource.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <csignal>
#include <unistd.h>

using namespace agentmon;
using agentmon::test::FakeProc;
using agentmon::test::helperPath;
using agentmon::test::HelperProcess;
using agentmon::test::ManualClock;

Q_DECLARE_METATYPE(agentmon::test::FakeProc::Proc)

namespace agentmon {
// Found by QCOMPARE through argument-dependent lookup, for readable failure messages.
char *toString(const ProcessKey &key)
{
    return qstrdup(QByteArray::number(key.pid) + '@' + QByteArray::number(key.starttime));
}
} // namespace agentmon

namespace {

const ProcessInfo *findPid(const std::vector<ProcessInfo> &list, int pid)
{
    const auto it =
        std::find_if(list.begin(), list.end(), [pid](const ProcessInfo &p) { return p.key.pid == pid; });
    return it == list.end() ? nullptr : &*it;
}

std::vector<ProcessInfo> scanned(ProcessSource &source)
{
    std::vector<ProcessInfo> out;
    source.scan(out);
    return out;
}

QList<int> pidsOf(const std::vector<ProcessInfo> &list)
{
    QList<int> pids;
    for (const ProcessInfo &p : list)
        pids.append(p.key.pid);
    std::sort(pids.begin(), pids.end());
    return pids;
}

int ttyDev(uint major, uint minor)
{
    return int((minor & 0xffu) | (major << 8) | ((minor & ~0xffu) << 12));
}

quint64 pageKb()
{
    return quint64(::sysconf(_SC_PAGESIZE)) / 1024;
}

// Field 22 (starttime) of /proc/<pid>/stat, read here without the parser under test.
quint64 statField22(int pid)
{
    QFile file(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray data = file.readAll();
    const QList<QByteArray> fields = data.mid(data.lastIndexOf(')') + 2).split(' '); // fields[0] is field 3
    return fields.size() > 22 - 3 ? fields.at(22 - 3).toULongLong() : 0;
}

// The test's environment without anything that could make a helper look like (or unlike) an agent by
// accident: the test may itself run inside an agent session.
QProcessEnvironment cleanEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const QStringList keys = env.keys();
    for (const QString &key : keys) {
        if (key.startsWith(QLatin1String("CLAUDE")) || key == QLatin1String("AGENTMON_HELPER_ALLOC_MB") ||
            key == QLatin1String("AGENTMON_HELPER_IGNORE_TERM"))
            env.remove(key);
    }
    return env;
}

FakeProc::Proc fakeProc(int pid, const QString &comm, const QStringList &argv, quint64 starttime = 100)
{
    FakeProc::Proc p;
    p.pid = pid;
    p.comm = comm;
    p.argv = argv;
    p.starttime = starttime;
    return p;
}

void writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    QVERIFY2(file.open(QIODevice::WriteOnly | QIODevice::Truncate), qPrintable(path));
    QCOMPARE(file.write(content), content.size());
}

} // namespace

class tst_LinuxProcessSource : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // A fake /proc in a temporary directory.
    void fixtureFields_data();
    void fixtureFields();
    void fixtureOnlyProcessDirectories();
    void fixtureRemovedPidIsSwept();
    void fixtureArgvCachedPerInstance();
    void fixtureArgvRereadOnPidReuse();
    void fixtureArgvRereadOnExec();
    void fixtureCpuPercent_data();
    void fixtureCpuPercent();
    void fixtureCpuFirstSampleIsLifetimeAverage();
    void fixtureCpuBaselineResetOnPidReuse();
    void fixtureDetailReadsCheckIdentity();
    void fixtureReadSystem();
    void invalidRoot_data();
    void invalidRoot();

    // The real /proc with helper programs.
    void realFakeAgent();
    void realZombie();
    void realDoubleForkEscapee();
    void realHostileComm_data();
    void realHostileComm();
    void realEnvMarkers();
    void realMemory();
    void realStatFilesKeptOpenAndReleased();
};

void tst_LinuxProcessSource::fixtureFields_data()
{
    QTest::addColumn<FakeProc::Proc>("proc");
    QTest::addColumn<QStringList>("argv");

    {
        auto p = fakeProc(4100, "claude", {"claude", "--output-format", "stream-json"}, 123456);
        p.ppid = 4000;
        p.sid = 4000;
        p.ttyNr = ttyDev(136, 3);
        p.utime = 50;
        p.stime = 10;
        p.rssPages = 12345;
        QTest::newRow("agent on pts/3") << p << p.argv;
    }
    {
        auto p = fakeProc(4242, "a) Z (b", {"./a) Z (b", "--x"}, 5000);
        p.state = 'R';
        p.ppid = 4100;
        p.pgid = 4100;
        p.sid = 4000;
        p.utime = 7;
        QTest::newRow("comm 'a) Z (b'") << p << p.argv;
    }
    {
        auto p = fakeProc(777, "x\ny  z", {"x\ny  z"});
        QTest::newRow("comm with newline and spaces") << p << p.argv;
    }
    {
        auto p = fakeProc(31337, "chroma-mcp-serv", {"/usr/bin/python3", "/usr/local/bin/chroma-mcp-server"});
        QTest::newRow("comm truncated to 15 characters") << p << p.argv;
    }
    {
        auto p = fakeProc(555, QStringLiteral(u"caf\u00e9"),
                          {QStringLiteral(u"caf\u00e9"), QStringLiteral(u"\u2713")});
        QTest::newRow("UTF-8 comm and argv") << p << p.argv;
    }
    {
        auto p = fakeProc(14, "ksoftirqd/0", {}, 24);
        p.ppid = 2;
        p.kernelThread = true;
        p.rssPages = 0;
        p.stime = 3;
        QTest::newRow("kernel thread") << p << QStringList();
    }
    {
        // Real kernel threads have an empty cmdline; argv must not even be read for them.
        auto p = fakeProc(15, "rcu_preempt", {"should-not-be-read"}, 24);
        p.ppid = 2;
        p.kernelThread = true;
        QTest::newRow("kernel thread with a stray cmdline") << p << QStringList();
    }
    {
        auto p = fakeProc(9001, "node", {}, 888888);
        p.state = 'Z';
        p.ppid = 4100;
        p.rssPages = 0;
        p.utime = 4500;
        p.stime = 300;
        QTest::newRow("zombie") << p << QStringList();
    }
    {
        auto p = fakeProc(1, "systemd", {"/sbin/init", "splash"}, 1);
        p.ppid = 0;
        QTest::newRow("pid 1") << p << p.argv;
    }
    {
        auto p = fakeProc(4194303, "cc1plus", {"cc1plus", "-quiet"}, 99999999);
        p.state = 'D';
        p.ppid = 4100;
        p.ttyNr = ttyDev(4, 2);
        p.rssPages = 250000;
        QTest::newRow("highest pid, disk sleep, on tty2") << p << p.argv;
    }
}

void tst_LinuxProcessSource::fixtureFields()
{
    QFETCH(FakeProc::Proc, proc);
    QFETCH(QStringList, argv);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const FakeProc fake(dir.path() + QStringLiteral("/proc"));
    fake.write(proc);
    // A neighbour, so that a mix-up between entries shows.
    auto neighbour = fakeProc(2, "kthreadd", {}, 24);
    neighbour.ppid = 0;
    neighbour.kernelThread = true;
    if (proc.pid != neighbour.pid)
        fake.write(neighbour);

    ManualClock clock;
    const auto source = createProcessSource(clock, fake.root());
    QVERIFY(source->isValid());
    QVERIFY(source->errorString().isEmpty());
    const auto list = scanned(*source);
    QCOMPARE(list.size(), size_t(2));
    const ProcessInfo *info = findPid(list, proc.pid);
    QVERIFY(info);

    QCOMPARE(info->key.pid, proc.pid);
    QCOMPARE(info->key.starttime, proc.starttime);
    QCOMPARE(info->ppid, proc.ppid);
    QCOMPARE(info->pgid, proc.pgid ? proc.pgid : proc.pid);
    QCOMPARE(info->sid, proc.sid ? proc.sid : proc.pid);
    QCOMPARE(info->ttyNr, proc.ttyNr);
    QCOMPARE(info->tpgid, proc.ttyNr ? (proc.pgid ? proc.pgid : proc.pid) : -1);
    QCOMPARE(info->state, proc.state);
    QCOMPARE(info->isZombie(), proc.state == 'Z');
    QCOMPARE(info->comm, proc.comm);
    QCOMPARE(info->argv, argv);
    QCOMPARE(info->rssKb, proc.rssPages * pageKb());
    QCOMPARE(info->cpuTicks, proc.utime + proc.stime);
    QCOMPARE(info->kernelThread, proc.kernelThread);
    QCOMPARE(info->threads, 1);
    QCOMPARE(info->uid, QFileInfo(fake.root() + QStringLiteral("/%1/stat").arg(proc.pid)).ownerId());
    // Scan fills only the cheap fields.
    QVERIFY(!info->memory);
    QVERIFY(!info->env);
    QVERIFY(info->cwd.isEmpty());
}

void tst_LinuxProcessSource::fixtureOnlyProcessDirectories()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const FakeProc fake(dir.path() + QStringLiteral("/proc"));
    for (int pid : {1, 2, 300, 4100})
        fake.write(fakeProc(pid, QStringLiteral("p%1").arg(pid), {QStringLiteral("p%1").arg(pid)}));
    const QString root = fake.root() + QLatin1Char('/');
    for (const char *name : {"net", "0", "0123", "12abc", "-5", "self", "123"}) // 123: vanished, no stat
        QVERIFY(QDir().mkpath(root + QLatin1String(name)));
    writeFile(root + QStringLiteral("0/stat"), FakeProc::statLine(fakeProc(0, "swapper", {})));
    writeFile(root + QStringLiteral("0123/stat"), FakeProc::statLine(fakeProc(123, "octal", {})));
    writeFile(root + QStringLiteral("12abc/stat"), FakeProc::statLine(fakeProc(12, "junk", {})));
    QVERIFY(QDir().mkpath(root + QStringLiteral("124")));
    writeFile(root + QStringLiteral("124/stat"), "garbage\n");
    QVERIFY(QDir().mkpath(root + QStringLiteral("125")));
    writeFile(root + QStringLiteral("125/stat"), FakeProc::statLine(fakeProc(126, "elsewhere", {})));
    writeFile(root + QStringLiteral("127"), FakeProc::statLine(fakeProc(127, "a file", {})));

    ManualClock clock;
    const auto source = createProcessSource(clock, fake.root());
    QCOMPARE(pidsOf(scanned(*source)), (QList<int>{1, 2, 300, 4100}));
    // scan() clears what it is given.
    std::vector<ProcessInfo> out(3);
    source->scan(out);
    QCOMPARE(pidsOf(out), (QList<int>{1, 2, 300, 4100}));
}

void tst_LinuxProcessSource::fixtureRemovedPidIsSwept()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const FakeProc fake(dir.path() + QStringLiteral("/proc"));
    fake.write(fakeProc(300, "bash", {"bash"}));
    fake.write(fakeProc(301, "node", {"node", "old.js"}));
    fake.write(fakeProc(302, "sleep", {"sleep", "9"}));

    ManualClock clock;
    const auto source = createProcessSource(clock, fake.root());
    QCOMPARE(pidsOf(scanned(*source)), (QList<int>{300, 301, 302}));

    fake.remove(301);
    const auto second = scanned(*source);
    QCOMPARE(pidsOf(second), (QList<int>{300, 302}));
    QCOMPARE(findPid(second, 300)->argv, QStringList{"bash"});
    QCOMPARE(findPid(second, 302)->argv, (QStringList{"sleep", "9"}));

    // Back with the same starttime and comm (which a real kernel never does): only a forgotten cache entry
    // makes the new argv show, so this shows that the sweep dropped the entry of 301.
    fake.write(fakeProc(301, "node", {"node", "new.js"}));
    const auto third = scanned(*source);
    QCOMPARE(pidsOf(third), (QList<int>{300, 301, 302}));
    QCOMPARE(findPid(third, 301)->argv, (QStringList{"node", "new.js"}));
}

void tst_LinuxProcessSource::fixtureArgvCachedPerInstance()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const FakeProc fake(dir.path() + QStringLiteral("/proc"));
    fake.write(fakeProc(400, "node", {"node", "first.js"}, 5000));

    ManualClock clock;
    const auto source = createProcessSource(clock, fake.root());
    QCOMPARE(findPid(scanned(*source), 400)->argv, (QStringList{"node", "first.js"}));

    // Only the cmdline changes (a process rewriting its argv): same (pid, starttime), same comm.
    fake.write(fakeProc(400, "node", {"node", "second.js"}, 5000));
    QCOMPARE(findPid(scanned(*source), 400)->argv, (QStringList{"node", "first.js"}));
    clock.advance(1000);
    QCOMPARE(findPid(scanned(*source), 400)->argv, (QStringList{"node", "first.js"}));

    // The file did change: a source without a cache reads the new one.
    const auto fresh = createProcessSource(clock, fake.root());
    QCOMPARE(findPid(scanned(*fresh), 400)->argv, (QStringList{"node", "second.js"}));
}

void tst_LinuxProcessSource::fixtureArgvRereadOnPidReuse()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const FakeProc fake(dir.path() + QStringLiteral("/proc"));
    fake.write(fakeProc(500, "bash", {"bash", "-c", "old"}, 5000));

    ManualClock clock;
    const auto source = createProcessSource(clock, fake.root());
    const auto first = scanned(*source);
    QCOMPARE(findPid(first, 500)->key, (ProcessKey{500, 5000}));
    QCOMPARE(findPid(first, 500)->argv, (QStringList{"bash", "-c", "old"}));

    // The pid now belongs to another process with the same command name.
    fake.write(fakeProc(500, "bash", {"bash", "-c", "new"}, 7000));
    const auto second = scanned(*source);
    QCOMPARE(findPid(second, 500)->key, (ProcessKey{500, 7000}));
    QCOMPARE(findPid(second, 500)->argv, (QStringList{"bash", "-c", "new"}));
}

void tst_LinuxProcessSource::fixtureArgvRereadOnExec()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const FakeProc fake(dir.path() + QStringLiteral("/proc"));
    fake.write(fakeProc(600, "bash", {"bash"}, 5000));

    ManualClock clock;
    const auto source = createProcessSource(clock, fake.root());
    QCOMPARE(findPid(scanned(*source), 600)->argv, QStringList{"bash"});

    // exec: same (pid, starttime), new comm and argv.
    fake.write(fakeProc(600, "claude", {"claude", "-p", "hi"}, 5000));
    const auto second = scanned(*source);
    QCOMPARE(findPid(second, 600)->key, (ProcessKey{600, 5000}));
    QCOMPARE(findPid(second, 600)->comm, QStringLiteral("claude"));
    QCOMPARE(findPid(second, 600)->argv, (QStringList{"claude", "-p", "hi"}));

    // And once more, so that the cache follows each exec and not only the first.
    fake.write(fakeProc(600, "node", {"node", "cli.js"}, 5000));
    QCOMPARE(findPid(scanned(*source), 600)->argv, (QStringList{"node", "cli.js"}));
}

void tst_LinuxProcessSource::fixtureCpuPercent_data()
{
    QTest::addColumn<quint64>("utimeDelta");
    QTest::addColumn<quint64>("stimeDelta");
    QTest::addColumn<qint64>("intervalMs");

    QTest::newRow("idle") << quint64(0) << quint64(0) << qint64(1000);
    QTest::newRow("one tick") << quint64(1) << quint64(0) << qint64(1000);
    QTest::newRow("user time only") << quint64(50) << quint64(0) << qint64(1000);
    QTest::newRow("system time only") << quint64(0) << quint64(50) << qint64(1000);
    QTest::newRow("user and system") << quint64(30) << quint64(20) << qint64(1000);
    QTest::newRow("two cores busy") << quint64(150) << quint64(50) << qint64(1000);
    QTest::newRow("over two seconds") << quint64(100) << quint64(0) << qint64(2000);
}

void tst_LinuxProcessSource::fixtureCpuPercent()
{
    QFETCH(quint64, utimeDelta);
    QFETCH(quint64, stimeDelta);
    QFETCH(qint64, intervalMs);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const FakeProc fake(dir.path() + QStringLiteral("/proc"));
    auto p = fakeProc(700, "node", {"node"});
    p.utime = 1000;
    p.stime = 500;
    fake.write(p);

    ManualClock clock;
    const auto source = createProcessSource(clock, fake.root());
    const double tps = double(source->clockTicksPerSecond());
    QCOMPARE(source->clockTicksPerSecond(), quint64(::sysconf(_SC_CLK_TCK)));
    QCOMPARE(findPid(scanned(*source), 700)->cpuTicks, quint64(1500));

    clock.advance(intervalMs);
    p.utime += utimeDelta;
    p.stime += stimeDelta;
    fake.write(p);
    const ProcessInfo info = *findPid(scanned(*source), 700);
    const double n = double(utimeDelta + stimeDelta);
    QCOMPARE(info.cpuTicks, 1500 + utimeDelta + stimeDelta);
    QCOMPARE(info.cpuPct, 100.0 * n / tps * 1000.0 / double(intervalMs));
    if (intervalMs == 1000)
        QCOMPARE(info.cpuPct, 100.0 * n / tps);
}

void tst_LinuxProcessSource::fixtureCpuFirstSampleIsLifetimeAverage()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const FakeProc fake(dir.path() + QStringLiteral("/proc"));
    ManualClock clock(1'000'000);
    const auto source = createProcessSource(clock, fake.root());
    const quint64 tps = source->clockTicksPerSecond();

    // Started 200 s before now, 100 s of CPU since: 50 %.
    auto p = fakeProc(800, "node", {"node"}, (1'000'000 - 200'000) * tps / 1000);
    p.utime = 60 * tps;
    p.stime = 40 * tps;
    fake.write(p);
    QCOMPARE(findPid(scanned(*source), 800)->cpuPct, 50.0);
}

void tst_LinuxProcessSource::fixtureCpuBaselineResetOnPidReuse()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const FakeProc fake(dir.path() + QStringLiteral("/proc"));
    ManualClock clock(1'000'000);
    const auto source = createProcessSource(clock, fake.root());
    const quint64 tps = source->clockTicksPerSecond();

    auto old = fakeProc(900, "node", {"node"}, 100);
    old.utime = 1000 * tps; // far more than the new process below has
    fake.write(old);
    QVERIFY(findPid(scanned(*source), 900));

    // One second later pid 900 is a process that started 10 s ago and used 5 s of CPU: 50 % over its
    // lifetime. Measured against the old process's ticks it would show 0 %.
    clock.advance(1000);
    auto reused = fakeProc(900, "node", {"node"}, (1'001'000 - 10'000) * tps / 1000);
    reused.utime = 5 * tps;
    fake.write(reused);
    const ProcessInfo info = *findPid(scanned(*source), 900);
    QCOMPARE(info.key.starttime, reused.starttime);
    QCOMPARE(info.cpuPct, 50.0);
}

void tst_LinuxProcessSource::fixtureDetailReadsCheckIdentity()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const FakeProc fake(dir.path() + QStringLiteral("/proc"));

    auto a = fakeProc(1600, "claude", {"claude"}, 1000);
    a.environ = {"HOME=/home/dev", "CLAUDE_CODE_SESSION_ID=sess-a", "CLAUDECODE=1",
                 "CLAUDE_CODE_ENTRYPOINT=cli"};
    a.pssKb = 111;
    a.swapKb = 5;
    a.cwd = QStringLiteral("/home/dev/project-a");
    auto b = fakeProc(1601, "node", {"node", "mcp.js"}, 2000);
    b.environ = {"CLAUDE_PROJECT_DIR=/home/dev/project-b", "CLAUDE_CODE_CHILD_SESSION=1"};
    b.pssKb = 222;
    b.cwd = QStringLiteral("/home/dev/project-b");
    const auto c = fakeProc(1602, "sleep", {"sleep", "5"}, 3000); // empty environ, no smaps_rollup, no cwd
    fake.write(a);
    fake.write(b);
    fake.write(c);
    writeFile(fake.root() + QStringLiteral("/1600/status"),
              "Name:\tclaude\nState:\tS (sleeping)\nUid:\t1000\t0\t0\t0\n");
    writeFile(fake.root() + QStringLiteral("/1601/status"),
              "Name:\tnode\nState:\tS (sleeping)\nUid:\t2000\t2000\t2000\t2000\n");

    ManualClock clock;
    const auto source = createProcessSource(clock, fake.root());
    const auto list = scanned(*source);
    const ProcessKey keyA = findPid(list, 1600)->key;
    const ProcessKey keyB = findPid(list, 1601)->key;
    const ProcessKey keyC = findPid(list, 1602)->key;
    QCOMPARE(keyA, (ProcessKey{1600, 1000}));

    const auto envA = source->readEnvMarkers(keyA);
    QVERIFY(envA);
    QCOMPARE(envA->sessionId, QStringLiteral("sess-a"));
    QCOMPARE(envA->entrypoint, QStringLiteral("cli"));
    QVERIFY(envA->claudeCode);
    QVERIFY(envA->projectDir.isEmpty());
    const auto envB = source->readEnvMarkers(keyB);
    QVERIFY(envB);
    QVERIFY(envB->sessionId.isEmpty());
    QCOMPARE(envB->projectDir, QStringLiteral("/home/dev/project-b"));
    QVERIFY(envB->childSession);
    QVERIFY(!envB->claudeCode);
    const auto envC = source->readEnvMarkers(keyC);
    QVERIFY(envC);
    QVERIFY(envC->isEmpty());

    const auto memA = source->readMemory(keyA);
    QVERIFY(memA);
    QCOMPARE(memA->pssKb, quint64(111));
    QCOMPARE(memA->swapKb, quint64(5));
    const auto memB = source->readMemory(keyB);
    QVERIFY(memB);
    QCOMPARE(memB->pssKb, quint64(222));
    QCOMPARE(memB->swapKb, quint64(0));
    QVERIFY(!source->readMemory(keyC));

    QCOMPARE(source->readCwd(keyA), QStringLiteral("/home/dev/project-a"));
    QCOMPARE(source->readCwd(keyB), QStringLiteral("/home/dev/project-b"));
    QCOMPARE(source->readCwd(keyC), QString());

    QCOMPARE(source->readRealUid(keyA).value_or(0), 1000u);
    QCOMPARE(source->readRealUid(keyB).value_or(0), 2000u);
    QVERIFY(!source->readRealUid(keyC));

    // A key whose starttime does not match the pid's process gets nothing, from any reader.
    const QList<ProcessKey> wrongKeys = {{1600, 1001}, {1600, 999}, {1600, 2000}, {1601, 1000},
                                         {1700, 1000}, {0, 1000},   {-1600, 1000}};
    for (const ProcessKey &key : wrongKeys) {
        const QByteArray what = QByteArray::number(key.pid) + '/' + QByteArray::number(key.starttime);
        QVERIFY2(!source->readEnvMarkers(key), what.constData());
        QVERIFY2(!source->readMemory(key), what.constData());
        QVERIFY2(source->readCwd(key).isEmpty(), what.constData());
        QVERIFY2(!source->readRealUid(key), what.constData());
    }

    // Pid reuse: the old key is refused, the new one reads the new process.
    auto reused = fakeProc(1600, "bash", {"bash"}, 4000);
    reused.environ = {"CLAUDE_CODE_SESSION_ID=sess-other"};
    reused.pssKb = 333;
    reused.cwd = QStringLiteral("/srv/other");
    fake.write(reused);
    QVERIFY(!source->readEnvMarkers(keyA));
    QVERIFY(!source->readMemory(keyA));
    QVERIFY(source->readCwd(keyA).isEmpty());
    QVERIFY(!source->readRealUid(keyA));
    const ProcessKey keyReused{1600, 4000};
    QCOMPARE(source->readEnvMarkers(keyReused)->sessionId, QStringLiteral("sess-other"));
    QCOMPARE(source->readMemory(keyReused)->pssKb, quint64(333));
    QCOMPARE(source->readCwd(keyReused), QStringLiteral("/srv/other"));

    // Gone altogether.
    fake.remove(1601);
    QVERIFY(!source->readEnvMarkers(keyB));
    QVERIFY(!source->readMemory(keyB));
    QVERIFY(source->readCwd(keyB).isEmpty());
}

void tst_LinuxProcessSource::fixtureReadSystem()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const FakeProc fake(dir.path() + QStringLiteral("/proc"));
    fake.writeMeminfo(16'000'000, 9'000'000, 4'000'000, 1'000'000);
    fake.writePressure("some avg10=12.34 avg60=5.67 avg300=1.02 total=123456789\n"
                       "full avg10=3.21 avg60=0.98 avg300=0.12 total=23456789\n");

    ManualClock clock;
    const auto source = createProcessSource(clock, fake.root());
    SystemStats stats = source->readSystem();
    QCOMPARE(stats.mem.memTotalKb, quint64(16'000'000));
    QCOMPARE(stats.mem.memAvailableKb, quint64(9'000'000));
    QCOMPARE(stats.mem.swapTotalKb, quint64(4'000'000));
    QCOMPARE(stats.mem.swapFreeKb, quint64(1'000'000));
    QCOMPARE(stats.mem.swapUsedKb(), quint64(3'000'000));
    QVERIFY(stats.psi);
    QCOMPARE(stats.psi->someAvg10, 12.34);
    QCOMPARE(stats.psi->someAvg60, 5.67);
    QCOMPARE(stats.psi->fullAvg10, 3.21);
    QCOMPARE(stats.psi->fullAvg60, 0.98);
    QCOMPARE(stats.bootId, QStringLiteral("0f0e0d0c-0b0a-0908-0706-050403020100"));
    QCOMPARE(stats.clockTicksPerSecond, quint64(::sysconf(_SC_CLK_TCK)));

    // A kernel without PSI: no pressure file. Memory is read afresh each time.
    fake.writePressure({});
    fake.writeMeminfo(8'000'000, 1'000'000);
    stats = source->readSystem();
    QVERIFY(!stats.psi);
    QCOMPARE(stats.mem.memTotalKb, quint64(8'000'000));
    QCOMPARE(stats.mem.memAvailableKb, quint64(1'000'000));
    QCOMPARE(stats.mem.swapTotalKb, quint64(0));

    // A pressure file that cannot be parsed counts as none.
    fake.writePressure("some avg10=x avg60=y\n");
    QVERIFY(!source->readSystem().psi);
}

void tst_LinuxProcessSource::invalidRoot_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("createFile");
    QTest::newRow("does not exist") << QStringLiteral("no-such-proc") << false;
    QTest::newRow("a regular file") << QStringLiteral("proc-file") << true;
}

void tst_LinuxProcessSource::invalidRoot()
{
    QFETCH(QString, name);
    QFETCH(bool, createFile);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString root = dir.filePath(name);
    if (createFile)
        writeFile(root, "1\n");

    ManualClock clock;
    const auto source = createProcessSource(clock, root);
    QVERIFY(!source->isValid());
    QVERIFY2(source->errorString().contains(root), qPrintable(source->errorString()));
    std::vector<ProcessInfo> out(2);
    source->scan(out);
    QVERIFY(out.empty());
    const SystemStats stats = source->readSystem();
    QVERIFY(!stats.psi);
    QCOMPARE(stats.mem.memTotalKb, quint64(0));
    const ProcessKey self{int(::getpid()), statField22(int(::getpid()))};
    QVERIFY(!source->readEnvMarkers(self));
    QVERIFY(!source->readMemory(self));
    QVERIFY(source->readCwd(self).isEmpty());
}

void tst_LinuxProcessSource::realFakeAgent()
{
    QTemporaryDir workDir;
    QVERIFY(workDir.isValid());
    HelperProcess agent(helperPath("fakeagent"), {"--output-format", "stream-json", "--verbose"}, "claude",
                        cleanEnvironment());
    agent.process().setWorkingDirectory(workDir.path());
    QVERIFY(agent.start());

    SystemClock clock;
    const auto source = createProcessSource(clock);
    QVERIFY(source->isValid());
    auto list = scanned(*source);
    const ProcessInfo *info = findPid(list, agent.pid());
    QVERIFY(info);
    QCOMPARE(info->argv, (QStringList{"claude", "--output-format", "stream-json", "--verbose"}));
    QCOMPARE(info->comm, QStringLiteral("fakeagent"));
    QCOMPARE(info->pgid, agent.pid()); // a group of its own
    QVERIFY(info->pgid != int(::getpgrp()));
    QCOMPARE(info->ppid, int(::getpid()));
    QCOMPARE(info->sid, int(::getsid(0)));
    QCOMPARE(info->uid, uint(::getuid()));
    QCOMPARE(info->key.starttime, statField22(agent.pid()));
    QCOMPARE(info->key, agent.key());
    QVERIFY(!info->kernelThread);
    QVERIFY2(info->state == 'S' || info->state == 'R', QByteArray(1, info->state).constData());
    QCOMPARE(info->threads, 1);
    QVERIFY(info->rssKb > 0);
    QCOMPARE(source->readCwd(info->key), QDir(workDir.path()).canonicalPath());
    const auto realUid = source->readRealUid(info->key);
    QVERIFY(realUid);
    QCOMPARE(*realUid, uint(::getuid()));

    // The test process is there too, under its own identity.
    const ProcessInfo *self = findPid(list, int(::getpid()));
    QVERIFY(self);
    QCOMPARE(self->key.starttime, statField22(int(::getpid())));
    QCOMPARE(self->argv.value(0), QCoreApplication::arguments().value(0));

    // Once it has exited and been reaped, it is gone from the next scan and its key reads nothing.
    const ProcessKey key = info->key;
    agent.stop();
    list = scanned(*source);
    QVERIFY(!findPid(list, key.pid) || findPid(list, key.pid)->key != key);
    QVERIFY(!source->readEnvMarkers(key));
    QVERIFY(source->readCwd(key).isEmpty());
}

void tst_LinuxProcessSource::realZombie()
{
    HelperProcess maker(helperPath("zombiemaker"), {}, {}, cleanEnvironment());
    QVERIFY(maker.start());
    const auto line = maker.waitForLine("zombie");
    QVERIFY(line);
    bool ok = false;
    const int zombiePid = line->toInt(&ok);
    QVERIFY(ok && zombiePid > 0);

    SystemClock clock;
    const auto source = createProcessSource(clock);
    std::vector<ProcessInfo> list;
    // The child exits right after the fork; wait (bounded) until it has.
    const auto zombieSeen = [&] {
        source->scan(list);
        const ProcessInfo *z = findPid(list, zombiePid);
        return z && z->state == 'Z';
    };
    QTRY_VERIFY_WITH_TIMEOUT(zombieSeen(), 5000);
    const ProcessInfo *zombie = findPid(list, zombiePid);
    QVERIFY(zombie->isZombie());
    QCOMPARE(zombie->ppid, maker.pid());
    QCOMPARE(zombie->pgid, maker.pid());
    QCOMPARE(zombie->comm, QStringLiteral("zombiemaker"));
    QCOMPARE(zombie->key.starttime, statField22(zombiePid));
    QCOMPARE(zombie->rssKb, quint64(0));
    const ProcessInfo *parent = findPid(list, maker.pid());
    QVERIFY(parent);
    QVERIFY(!parent->isZombie());

    // Its parent gone, init reaps it.
    const ProcessKey key = zombie->key;
    maker.stop();
    const auto zombieGone = [&] {
        source->scan(list);
        const ProcessInfo *z = findPid(list, zombiePid);
        return !z || z->key != key;
    };
    QTRY_VERIFY_WITH_TIMEOUT(zombieGone(), 5000);
}

void tst_LinuxProcessSource::realDoubleForkEscapee()
{
    HelperProcess doublefork(helperPath("doublefork"), {}, {}, cleanEnvironment());
    ProcessKey escapeeKey;
    // The escapee is in a group of its own and survives the helper: end it whatever path the test takes.
    const auto cleanup = qScopeGuard([&escapeeKey] {
        if (escapeeKey.isValid() && agentmon::test::signalVerified(escapeeKey, SIGKILL))
            agentmon::test::waitGone(escapeeKey, 5000);
    });
    const bool started = doublefork.start();
    if (const auto line = doublefork.waitForLine("escapee")) {
        if (const auto key = agentmon::test::keyOf(line->toInt()))
            escapeeKey = *key;
    }
    QVERIFY(started);
    QVERIFY(escapeeKey.isValid());

    SystemClock clock;
    const auto source = createProcessSource(clock);
    auto list = scanned(*source);
    const ProcessInfo *escapee = findPid(list, escapeeKey.pid);
    QVERIFY(escapee);
    QCOMPARE(escapee->key, escapeeKey);
    QCOMPARE(escapee->key.starttime, statField22(escapeeKey.pid));
    QCOMPARE(escapee->comm, QStringLiteral("doublefork"));
    QCOMPARE(escapee->argv, QStringList{helperPath("doublefork")});
    // Reparented away from the helper (and from the test) once the middle process exited.
    QVERIFY(escapee->ppid != doublefork.pid());
    QVERIFY(escapee->ppid != int(::getpid()));
    // The middle process called setsid(): the escapee is in that new session and group, whose leader is gone.
    QCOMPARE(escapee->pgid, escapee->sid);
    QVERIFY(escapee->sid != int(::getsid(0)));
    QVERIFY(escapee->pgid != doublefork.pid());
    QVERIFY(escapee->pgid != int(::getpgrp()));
    QVERIFY(!findPid(list, escapee->sid));
    const ProcessInfo *helper = findPid(list, doublefork.pid());
    QVERIFY(helper);
    QCOMPARE(helper->sid, int(::getsid(0)));

    // Killing the helper's group does not reach it.
    doublefork.stop();
    list = scanned(*source);
    QVERIFY(findPid(list, escapeeKey.pid));
    QCOMPARE(findPid(list, escapeeKey.pid)->key, escapeeKey);

    QVERIFY(agentmon::test::signalVerified(escapeeKey, SIGKILL));
    QVERIFY(agentmon::test::waitGone(escapeeKey, 5000));
    escapeeKey = {};
}

void tst_LinuxProcessSource::realHostileComm_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("comm");

    QTest::newRow("a) Z (b") << QStringLiteral("a) Z (b") << QStringLiteral("a) Z (b");
    QTest::newRow("20 characters, cut to 15")
        << QStringLiteral("abcdefghij-klmnopqr") + QLatin1Char('s') << QStringLiteral("abcdefghij-klmn");
    QTest::newRow("newline and spaces") << QStringLiteral("x\ny  z") << QStringLiteral("x\ny  z");
    QTest::newRow("UTF-8") << QStringLiteral(u"caf\u00e9-agent") << QStringLiteral(u"caf\u00e9-agent");
    // 18 bytes of two-byte characters: the kernel cuts after 15 bytes, inside the eighth character.
    QTest::newRow("UTF-8 cut inside a character")
        << QString(9, QChar(0x00e9)) << QString(7, QChar(0x00e9)) + QChar(QChar::ReplacementCharacter);
}

void tst_LinuxProcessSource::realHostileComm()
{
    QFETCH(QString, name);
    QFETCH(QString, comm);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString link = dir.path() + QLatin1Char('/') + name;
    QVERIFY(QFile::link(helperPath("fakeagent"), link));
    HelperProcess helper(link, {"--flag"}, {}, cleanEnvironment());
    QVERIFY(helper.start());

    SystemClock clock;
    const auto source = createProcessSource(clock);
    const auto list = scanned(*source);
    const ProcessInfo *info = findPid(list, helper.pid());
    QVERIFY(info);
    QCOMPARE(info->comm, comm);
    QCOMPARE(info->argv, (QStringList{link, "--flag"}));
    QCOMPARE(info->key, helper.key());
    QCOMPARE(info->ppid, int(::getpid()));
    QCOMPARE(info->pgid, helper.pid());
}

void tst_LinuxProcessSource::realEnvMarkers()
{
    QProcessEnvironment env = cleanEnvironment();
    env.insert(QStringLiteral("CLAUDE_CODE_SESSION_ID"), QStringLiteral("test-123"));
    env.insert(QStringLiteral("CLAUDE_PROJECT_DIR"), QStringLiteral("/tmp/agentmon-project"));
    env.insert(QStringLiteral("CLAUDECODE"), QStringLiteral("1"));
    HelperProcess marked(helperPath("fakeagent"), {}, "claude", env);
    HelperProcess plain(helperPath("fakeagent"), {}, {}, cleanEnvironment());
    QVERIFY(marked.start());
    QVERIFY(plain.start());

    SystemClock clock;
    const auto source = createProcessSource(clock);
    const auto list = scanned(*source);
    const ProcessInfo *markedInfo = findPid(list, marked.pid());
    const ProcessInfo *plainInfo = findPid(list, plain.pid());
    QVERIFY(markedInfo);
    QVERIFY(plainInfo);

    const auto markers = source->readEnvMarkers(markedInfo->key);
    QVERIFY(markers);
    QCOMPARE(markers->sessionId, QStringLiteral("test-123"));
    QCOMPARE(markers->projectDir, QStringLiteral("/tmp/agentmon-project"));
    QVERIFY(markers->claudeCode);
    QVERIFY(!markers->childSession);

    const auto none = source->readEnvMarkers(plainInfo->key);
    QVERIFY(none);
    QVERIFY(none->isEmpty());

    QVERIFY(!source->readEnvMarkers(ProcessKey{marked.pid(), markedInfo->key.starttime + 1}));
    QVERIFY(!source->readEnvMarkers(ProcessKey{marked.pid(), markedInfo->key.starttime - 1}));
}

void tst_LinuxProcessSource::realMemory()
{
    QProcessEnvironment env = cleanEnvironment();
    env.insert(QStringLiteral("AGENTMON_HELPER_ALLOC_MB"), QStringLiteral("20"));
    HelperProcess big(helperPath("fakeagent"), {}, {}, env);
    HelperProcess small(helperPath("fakeagent"), {}, {}, cleanEnvironment());
    QVERIFY(big.start());
    QVERIFY(small.start());

    SystemClock clock;
    const auto source = createProcessSource(clock);
    const auto list = scanned(*source);
    const ProcessInfo *bigInfo = findPid(list, big.pid());
    const ProcessInfo *smallInfo = findPid(list, small.pid());
    QVERIFY(bigInfo);
    QVERIFY(smallInfo);
    constexpr quint64 allocKb = 20 * 1024;
    QVERIFY2(bigInfo->rssKb >= allocKb, QByteArray::number(bigInfo->rssKb).constData());
    QVERIFY2(smallInfo->rssKb < allocKb, QByteArray::number(smallInfo->rssKb).constData());

    const auto bigMem = source->readMemory(bigInfo->key);
    const auto smallMem = source->readMemory(smallInfo->key);
    QVERIFY(bigMem);
    QVERIFY(smallMem);
    QVERIFY(bigMem->pssKb > 0);
    QVERIFY(smallMem->pssKb > 0);
    // The 20 MiB are private to the helper, so they count fully in its PSS.
    QVERIFY2(bigMem->pssKb >= allocKb, QByteArray::number(bigMem->pssKb).constData());
    QVERIFY2(smallMem->pssKb < allocKb, QByteArray::number(smallMem->pssKb).constData());
    QVERIFY(!source->readMemory(ProcessKey{big.pid(), bigInfo->key.starttime + 1}));
}

// A steady scan re-reads the stat files it keeps open; those of processes that exit are closed again, so the
// source's open files follow the process table instead of growing. Other processes may come and go on the
// machine meanwhile, so the test looks at the files of its own helpers only.
void tst_LinuxProcessSource::realStatFilesKeptOpenAndReleased()
{
    // pid -> number of descriptors of this process open on /proc/<pid>/stat
    auto openStatFiles = [] {
        QHash<int, int> open;
        const QDir fds(QStringLiteral("/proc/self/fd"));
        for (const QString &fd :
             fds.entryList(QDir::AllEntries | QDir::System | QDir::Hidden | QDir::NoDotAndDotDot)) {
            const QString target = QFile::symLinkTarget(fds.filePath(fd));
            const QStringList parts = target.split(QLatin1Char('/'));
            if (parts.size() == 4 && parts.at(1) == QLatin1String("proc") &&
                parts.at(3) == QLatin1String("stat"))
                ++open[parts.at(2).toInt()];
        }
        return open;
    };
    raiseOpenFileLimit(); // as agentmonctl does: room for a file per process of the machine
    SystemClock clock;
    const auto source = createProcessSource(clock);
    std::vector<ProcessInfo> out;
    source->scan(out);

    std::vector<std::unique_ptr<HelperProcess>> helpers;
    QList<int> pids;
    for (int i = 0; i < 20; ++i) {
        helpers.push_back(
            std::make_unique<HelperProcess>(helperPath(QStringLiteral("fakeagent")), QStringList()));
        QVERIFY(helpers.back()->start());
        pids.append(helpers.back()->pid());
    }
    source->scan(out);
    QHash<int, int> open = openStatFiles();
    for (const int pid : std::as_const(pids))
        QCOMPARE(open.value(pid), 1); // one stat file per new process
    source->scan(out);
    open = openStatFiles();
    for (const int pid : std::as_const(pids))
        QCOMPARE(open.value(pid), 1); // re-read, not opened again
    for (const auto &helper : helpers) {
        const bool seen =
            std::any_of(out.begin(), out.end(), [&](const ProcessInfo &p) { return p.key == helper->key(); });
        QVERIFY(seen);
    }
    helpers.clear();
    source->scan(out);
    open = openStatFiles();
    for (const int pid : std::as_const(pids))
        QVERIFY2(!open.contains(pid) ||
                     std::any_of(out.begin(), out.end(),
                                 [pid](const ProcessInfo &p) {
                                     return p.key.pid ==
                                            pid; // the pid was reused meanwhile by a new process: fine
                                 }),
                 qPrintable(QString::number(pid)));
}

QTEST_GUILESS_MAIN(tst_LinuxProcessSource)
#include "tst_linuxprocesssource.moc"
