// PID reuse for real. Inside a PID namespace of its own, the test plans a reap of a target, lets the target
// exit, and makes the kernel give its pid to a new process with the same command line and process group
// number (ns_last_pid, or forking until the pids wrap). agentmon must then refuse: the plan's (pid,
// starttime) no longer names a living process, so nothing is signalled and the new process lives on. Covers
// the pidfd path (a handle opened on the old process, or opened later with the old key) and a real daemon (a
// registered session, the API with the old key, a session reap).
#include "faultsupport.h"
#include "processhandle.h"

#include <QTemporaryDir>

#include <ctime>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace agentmon;
using namespace agentmon::test;

namespace {

// The command line target and successor share: the same agent, as far as any name or argument tells.
const QList<QByteArray> kArgv = {"claude", "-p", "reuse", "--output-format", "stream-json"};

int readInt(const char *path)
{
    QFile file(QString::fromLatin1(path));
    return file.open(QIODevice::ReadOnly) ? file.readAll().trimmed().toInt() : 0;
}

// vfork (tens of thousands of them when cycling the pids): a child that got pid wanted (or any, for 0) execs
// fakeagent in a process group of its own, any other exits at once. Only system calls in the child.
[[gnu::noinline]] pid_t vforkAgent(pid_t wanted, const char *program, char *const argv[])
{
    const pid_t child = ::vfork();
    if (child == 0) {
        if (wanted > 0 && ::getpid() != wanted)
            ::_exit(0);
        ::setpgid(0, 0);
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        ::execv(program, argv);
        ::_exit(127);
    }
    return child;
}

// Forks a child in a process group of its own that execs fakeagent as kArgv, when its pid is wanted (any pid
// for wanted 0); a child with another pid exits at once and is reaped here. Before each fork the kernel is
// asked for pid wanted through ns_last_pid (writable by root of this PID namespace); when it refuses, the
// pids are cycled by forking until they wrap (bounded in count and time). Returns the pid, or 0; how says
// what it took.
pid_t forkAgent(pid_t wanted, QString *how)
{
    const QByteArray program = helperPath(QStringLiteral("fakeagent")).toLocal8Bit();
    QList<QByteArray> storage = kArgv;
    std::vector<char *> argv;
    for (QByteArray &arg : storage)
        argv.push_back(arg.data());
    argv.push_back(nullptr);
    const bool cycleOnly = qEnvironmentVariableIntValue("AGENTMON_PIDREUSE_CYCLE") == 1;
    const int pidMax = qMax(readInt("/proc/sys/kernel/pid_max"), 1024);
    bool nsLastPid = wanted > 0 && !cycleOnly;
    // Enough forks to go round the whole pid space twice.
    const int maxForks = wanted > 0 ? 2 * pidMax + 1000 : 1;
    const QDeadlineTimer deadline(60'000);
    for (int forks = 1; forks <= maxForks && !deadline.hasExpired(); ++forks) {
        if (nsLastPid) {
            QFile last(QStringLiteral("/proc/sys/kernel/ns_last_pid"));
            nsLastPid = last.open(QIODevice::WriteOnly) && last.write(QByteArray::number(wanted - 1)) > 0;
            last.close();
            if (!nsLastPid && how)
                *how = QStringLiteral("ns_last_pid refused (%1); ").arg(last.errorString());
        }
        const pid_t child = vforkAgent(wanted, program.constData(), argv.data());
        if (child < 0)
            return 0;
        if (wanted == 0 || child == wanted) {
            if (how)
                *how += QStringLiteral("pid %1 after %2 fork(s), %3")
                            .arg(child)
                            .arg(forks)
                            .arg(nsLastPid ? QStringLiteral("through ns_last_pid")
                                           : QStringLiteral("by cycling the pids"));
            return child;
        }
        ::waitpid(child, nullptr, 0);
        // Bounded ns_last_pid tries: something else of the namespace may take the pid in between.
        if (nsLastPid && forks >= 200)
            nsLastPid = false;
    }
    return 0;
}

// Pids below 300 are never handed out again once the pids have wrapped: a target there cannot be reused by
// cycling. Moves the namespace's next pid past that first (only for the cycling path).
void leaveReservedPids()
{
    if (qEnvironmentVariableIntValue("AGENTMON_PIDREUSE_CYCLE") != 1)
        return;
    char *const none[] = {nullptr};
    for (int i = 0; i < 400; ++i) {
        const pid_t child = vforkAgent(-1, "/", none); // pid -1 is never had: the child exits at once
        if (child < 0)
            return;
        ::waitpid(child, nullptr, 0);
        if (child > 310)
            return;
    }
}

// The starttime of a process that would start now, in clock ticks since boot (the clock of /proc starttimes).
quint64 ticksNow()
{
    timespec ts{};
    ::clock_gettime(CLOCK_BOOTTIME, &ts);
    const quint64 hz = quint64(::sysconf(_SC_CLK_TCK));
    return quint64(ts.tv_sec) * hz + quint64(ts.tv_nsec) * hz / 1'000'000'000ULL;
}

// (pid, starttime) cannot tell apart two processes that start in the same clock tick (10 ms): no kernel hands
// a pid out again that fast, unless asked through ns_last_pid as here. So the successor starts a tick later.
bool nextTick(const ProcessKey &old)
{
    return QTest::qWaitFor([&] { return ticksNow() > old.starttime + 1; }, 5000);
}

// Until the child has exec'd: its command line is kArgv.
bool execDone(pid_t pid)
{
    QFile file(QStringLiteral("/proc/%1/cmdline").arg(pid));
    return file.open(QIODevice::ReadOnly) && file.readAll().startsWith("claude");
}

// A child of the test, ended (verified) and reaped in every path.
class Child {
public:
    explicit Child(pid_t pid) : m_pid(pid)
    {
        if (pid > 0)
            m_key = keyOf(pid).value_or(ProcessKey{});
    }
    ~Child() { end(); }
    Child(const Child &) = delete;
    Child &operator=(const Child &) = delete;

    ProcessKey key() const { return m_key; }
    bool valid() const { return m_key.isValid(); }
    // Still running, not reaped: waitpid has nothing to report yet.
    bool running() const
    {
        siginfo_t info{};
        return m_pid > 0 && !m_reaped &&
               ::waitid(P_PID, id_t(m_pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == 0 &&
               isAlive(m_key);
    }
    void end()
    {
        if (m_pid <= 0 || m_reaped)
            return;
        signalVerified(m_key, SIGKILL);
        ::waitpid(m_pid, nullptr, 0);
        m_reaped = true;
    }

private:
    pid_t m_pid = 0;
    ProcessKey m_key;
    bool m_reaped = false;
};

QString pidNote(const ProcessKey &old, const ProcessKey &now, const QString &how)
{
    return QStringLiteral("target %1/%2, successor %3/%4 (%5)")
        .arg(old.pid)
        .arg(old.starttime)
        .arg(now.pid)
        .arg(now.starttime)
        .arg(how);
}

} // namespace

// The scenarios, run as PID 1's child of a fresh PID namespace (see runInner).
class tst_PidReuseInner : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { qRegisterMetaType<ReapReport>(); }
    void plannedReapSparesTheSuccessor();
    void daemonRefusesTheOldKey();
};

void tst_PidReuseInner::plannedReapSparesTheSuccessor()
{
    leaveReservedPids();
    QString how;
    Child target(forkAgent(0, nullptr));
    QVERIFY(target.valid());
    QTRY_VERIFY_WITH_TIMEOUT(execDone(target.key().pid), 10'000);

    // agentmon plans the kill of the target, by its (pid, starttime), from a real sample.
    SystemClock clock;
    RuleSet rules;
    Pipeline p(clock, rules);
    QVERIFY(p.sampleUntil([&](const Snapshot &) {
        const ProcessRecord *r = p.find(target.key().pid);
        return r && r->info.key == target.key() && r->cls == ProcessClass::Agent;
    }));
    const ReapPlan plan = p.planner().planProcesses(p.snapshot, {target.key()});
    QCOMPARE(keysOf(plan.targets), QSet<ProcessKey>{target.key()});
    QCOMPARE(plan.targets.first().pgid, target.key().pid); // leads its group: the job would search the group
    // A handle opened while the target lived, as the cascade opens them.
    auto held = ProcessHandle::open(target.key());
    QVERIFY(held);

    // The target exits (and is reaped), and a new process gets its pid, command line and group number.
    const ProcessKey old = target.key();
    target.end();
    QVERIFY(nextTick(old));
    Child successor(forkAgent(old.pid, &how));
    QVERIFY2(successor.valid(), qPrintable(how));
    QTRY_VERIFY_WITH_TIMEOUT(execDone(successor.key().pid), 10'000);
    const ProcessKey now = successor.key();
    QCOMPARE(now.pid, old.pid);
    QVERIFY2(now.starttime != old.starttime, qPrintable(pidNote(old, now, how)));
    QCOMPARE(statOf(now.pid)->pgid, old.pid);
    qInfo("%s", qPrintable(pidNote(old, now, how)));

    // The pidfd path: the handle of the old process does not reach the new one, and the old key opens none.
    QVERIFY(held->hasExited());
    QVERIFY(!held->signal(SIGTERM));
    QVERIFY(!ProcessHandle::open(old));
    QVERIFY(ProcessHandle::open(now)); // the new process itself can be had by its own key
    QVERIFY(successor.running());

    // The plan made before, run now: its target is already gone, nothing is signalled.
    ReapRequest request;
    request.kind = ReapRequest::Kind::Processes;
    request.processes = {old};
    request.times = {300, 300};
    const auto report = runJob(request, plan, p.snapshot);
    QVERIFY(report);
    QVERIFY(report->cascade.killed.isEmpty());
    QVERIFY(report->cascade.survivors.isEmpty());
    QCOMPARE(report->cascade.alreadyGone, QList<int>{old.pid});
    QCOMPARE(json::reapReport(*report).value(QLatin1String("status")).toString(), QStringLiteral("ok"));

    // And a cascade handed the old key directly.
    Cascade cascade({old}, {300, 300});
    QSignalSpy finished(&cascade, &Cascade::finished);
    cascade.start();
    QVERIFY(finished.wait(5000));
    QCOMPARE(cascade.report().alreadyGone, QList<int>{old.pid});
    QVERIFY(cascade.report().killed.isEmpty());

    // A new plan from a new sample does not take it for the old process either.
    p.snapshot = p.sampler.sample();
    const ReapPlan again = p.planner().planProcesses(p.snapshot, {old});
    QVERIFY(again.targets.isEmpty());
    QCOMPARE(again.skipped.size(), 1);

    // The successor never got a signal: it runs (fakeagent ends on SIGTERM) and is not stopped.
    QVERIFY(successor.running());
    QVERIFY(QByteArray("RS").contains(stateOf(now))); // running or sleeping: not stopped, not dead
}

void tst_PidReuseInner::daemonRefusesTheOldKey()
{
    leaveReservedPids();
    QTemporaryDir home;
    QVERIFY(home.isValid());
    Daemon daemon(home.path());
    QVERIFY2(daemon.start(), daemon.errors().constData());

    Child target(forkAgent(0, nullptr));
    QVERIFY(target.valid());
    QTRY_VERIFY_WITH_TIMEOUT(execDone(target.key().pid), 10'000);
    const ProcessKey old = target.key();
    const CtlRun reg =
        agentmonctl({QStringLiteral("register"), QStringLiteral("--pid"), QString::number(old.pid),
                     QStringLiteral("--session"), QStringLiteral("reuse")},
                    home.path());
    QVERIFY2(reg.exitCode == 0, reg.err.constData());
    const CtlRun plan =
        agentmonctl({QStringLiteral("reap"), QStringLiteral("--session"), QStringLiteral("reuse"),
                     QStringLiteral("--dry-run"), QStringLiteral("--json")},
                    home.path());
    QVERIFY2(plan.exitCode == 0, plan.err.constData());
    QVERIFY2(jsonKeys(plan.json().value(QLatin1String("targets")).toArray()).contains(old),
             plan.out.constData());

    QString how;
    target.end();
    QVERIFY(nextTick(old));
    Child successor(forkAgent(old.pid, &how));
    QVERIFY2(successor.valid(), qPrintable(how));
    QTRY_VERIFY_WITH_TIMEOUT(execDone(successor.key().pid), 10'000);
    const ProcessKey now = successor.key();
    QCOMPARE(now.pid, old.pid);
    QVERIFY2(now.starttime != old.starttime, qPrintable(pidNote(old, now, how)));
    qInfo("%s", qPrintable(pidNote(old, now, how)));

    // The API with the old key: no such process.
    const InstanceClient client = daemon.client();
    const auto refused = client.request("POST", QStringLiteral("/api/register"),
                                        {{QStringLiteral("pid"), old.pid},
                                         {QStringLiteral("starttime"), qint64(old.starttime)},
                                         {QStringLiteral("session"), QStringLiteral("reuse")}});
    QCOMPARE(refused.status, 404);
    QVERIFY2(refused.error.contains(QString::number(old.starttime)), qPrintable(refused.error));

    // Once the daemon has sampled the successor, it does not take it for a member of the session registered
    // under that pid.
    QString sessionOfSuccessor;
    QVERIFY(QTest::qWaitFor(
        [&] {
            const auto processes = client.request("GET", QStringLiteral("/api/processes?all=1"));
            for (const QJsonValue &v : processes.json.array()) {
                if (jsonKeys(QJsonArray{v}).contains(now)) {
                    sessionOfSuccessor = v[QLatin1String("session")].toString();
                    return true;
                }
            }
            return false;
        },
        15'000));
    QVERIFY2(sessionOfSuccessor != QLatin1String("reuse"), qPrintable(sessionOfSuccessor));

    // A real reap of the session: the successor is not its member and gets nothing.
    const CtlRun reap =
        agentmonctl({QStringLiteral("reap"), QStringLiteral("--session"), QStringLiteral("reuse"),
                     QStringLiteral("--grace"), QStringLiteral("500"), QStringLiteral("--json")},
                    home.path());
    if (reap.exitCode == 0) {
        const QJsonObject report = reap.json();
        QVERIFY2(!jsonKeys(report.value(QLatin1String("targets")).toArray()).contains(now),
                 reap.out.constData());
        QVERIFY2(!jsonKeys(report.value(QLatin1String("killed")).toArray()).contains(now),
                 reap.out.constData());
        QVERIFY2(report.value(QLatin1String("killed")).toArray().isEmpty(), reap.out.constData());
    } else {
        // The dead entry may already be pruned: then the session is unknown, which is a refusal too.
        QVERIFY2(reap.err.contains("no session"), reap.err.constData());
    }
    QVERIFY(successor.running());
    QVERIFY(QByteArray("RS").contains(stateOf(now))); // running or sleeping: not stopped, not dead
    QVERIFY(daemon.terminate());
    QVERIFY(successor.running()); // not even the daemon's shutdown takes it
}

class tst_PidReuse : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void plannedReapSparesTheSuccessor() { inNamespace(QStringLiteral("plannedReapSparesTheSuccessor")); }
    void daemonRefusesTheOldKey() { inNamespace(QStringLiteral("daemonRefusesTheOldKey")); }

private:
    void inNamespace(const QString &function)
    {
        if (const QString why = pidNamespaceRefused(); !why.isEmpty())
            QSKIP(qPrintable(why));
        const InnerRun run = runInner(function, 100'000);
        for (const QByteArray &line : run.output.split('\n')) {
            if (line.startsWith("QINFO"))
                qInfo("inner: %s", line.constData());
        }
        if (!run.skipped.isEmpty())
            QSKIP(qPrintable(run.skipped));
        QVERIFY2(run.finished, run.output.constData());
        QVERIFY2(run.exitCode == 0, run.output.constData());
        QVERIFY2(run.output.contains("PASS   : tst_PidReuseInner::" + function.toLatin1()),
                 run.output.constData());
    }
};

AGENTMON_FAULT_MAIN(tst_PidReuse, tst_PidReuseInner)
#include "tst_pidreuse.moc"
