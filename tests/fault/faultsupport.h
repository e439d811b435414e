#pragma once

// Shared by the fault-injection tests: /proc reads of what the test started, the sampling pipeline of
// agentmon, a guard that ends whatever a test started whatever path it takes, agentmonctl runs, and scenarios
// that run inside a PID namespace of their own (the test binary runs itself there with --inner FUNCTION).
#include "cascade.h"
#include "clock.h"
#include "ctlrun.h"
#include "helperprocess.h"
#include "processsource.h"
#include "procparsers.h"
#include "reaper.h"
#include "ruleset.h"
#include "sampler.h"
#include "samplingpipeline.h"
#include "testdaemon.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>

#include <cerrno>
#include <csignal>
#include <functional>
#include <memory>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace agentmon::test {

struct Stat {
    ProcessKey key;
    char state = '?';
    int ppid = 0;
    int pgid = 0;
};

inline std::optional<Stat> statOf(int pid)
{
    QFile file(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QByteArray data = file.readAll();
    const auto stat = procparse::parseStat(data);
    if (!stat)
        return std::nullopt;
    return Stat{{pid, stat->starttime}, stat->state, stat->ppid, stat->pgid};
}

// The same process (pid and starttime) and not a zombie.
inline bool isAlive(const ProcessKey &key)
{
    const auto stat = statOf(key.pid);
    return stat && stat->key == key && stat->state != 'Z';
}

inline char stateOf(const ProcessKey &key)
{
    const auto stat = statOf(key.pid);
    return stat && stat->key == key ? stat->state : '\0';
}

// Every process whose stat passes test, zombies included, straight from /proc.
inline QList<Stat> processesWhere(const std::function<bool(const Stat &)> &test)
{
    QList<Stat> found;
    const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &entry : entries) {
        bool numeric = false;
        const int pid = entry.toInt(&numeric);
        if (!numeric)
            continue;
        if (const auto stat = statOf(pid); stat && test(*stat))
            found.append(*stat);
    }
    return found;
}

inline QList<Stat> groupLeft(int pgid)
{
    return processesWhere([pgid](const Stat &s) { return s.pgid == pgid; });
}

// Living (non-zombie) members of the process group.
inline QList<Stat> groupAlive(int pgid)
{
    return processesWhere([pgid](const Stat &s) { return s.pgid == pgid && s.state != 'Z'; });
}

// Reaps the zombies of group pgid that are children of this process (adopted by it as a subreaper), one pid
// at a time: never waitpid(-1), which could take a child a QProcess is waiting for. Returns how many.
inline int reapOwnZombies(int pgid)
{
    int reaped = 0;
    const int self = int(::getpid());
    for (const Stat &s : processesWhere([&](const Stat &s) { return s.pgid == pgid && s.ppid == self; })) {
        if (s.state == 'Z' && ::waitpid(s.key.pid, nullptr, WNOHANG) == s.key.pid)
            ++reaped;
    }
    return reaped;
}

// Ends what a test started in process groups of its own, in every path: SIGKILL by verified identity to every
// member still there, then (as the child subreaper it made the test) reaps those that came back to it.
// Declare it before the HelperProcesses, so that it runs after their own clean-up.
class GroupGuard {
public:
    explicit GroupGuard(bool subreaper = true) : m_subreaper(subreaper)
    {
        m_ok = !subreaper || ::prctl(PR_SET_CHILD_SUBREAPER, 1) == 0;
    }
    ~GroupGuard()
    {
        // One pass kills what lives and reaps what came back to the test; until nothing is left, bounded.
        const int self = int(::getpid());
        const bool clean = QTest::qWaitFor(
            [&] {
                bool any = false;
                for (const int pgid : std::as_const(m_groups)) {
                    for (const Stat &s : groupLeft(pgid)) {
                        any = true;
                        if (s.state != 'Z') {
                            signalVerified(s.key, SIGKILL);
                            waitGone(s.key, 1000);
                        }
                    }
                    reapOwnZombies(pgid);
                }
                for (const ProcessKey &key : std::as_const(m_keys)) {
                    if (const auto s = statOf(key.pid); s && s->key == key) {
                        any = true;
                        signalVerified(key, SIGKILL);
                        waitGone(key, 1000);
                        if (s->ppid == self)
                            ::waitpid(key.pid, nullptr, WNOHANG);
                    }
                }
                return !any;
            },
            10'000);
        if (!clean)
            qWarning("GroupGuard: processes of the test still there after 10 s");
        if (m_subreaper)
            ::prctl(PR_SET_CHILD_SUBREAPER, 0);
    }
    GroupGuard(const GroupGuard &) = delete;
    GroupGuard &operator=(const GroupGuard &) = delete;

    bool ok() const { return m_ok; }
    void rememberGroup(int pgid)
    {
        if (pgid > 1 && !m_groups.contains(pgid))
            m_groups.append(pgid);
    }
    void remember(const ProcessKey &key)
    {
        if (key.isValid() && !m_keys.contains(key))
            m_keys.append(key);
    }

private:
    QList<int> m_groups;
    QList<ProcessKey> m_keys;
    bool m_subreaper = false;
    bool m_ok = false;
};

inline ReapRequest sessionRequest(const QString &session, CascadeTimes times)
{
    ReapRequest request;
    request.kind = ReapRequest::Kind::Session;
    request.session = session;
    request.times = times;
    return request;
}

// Runs a reap job to its end; nullopt when it did not finish within the grace, four confirmations and 10 s.
inline std::optional<ReapReport> runJob(const ReapRequest &request, const ReapPlan &plan,
                                        const Snapshot &snapshot)
{
    ReapJob job(request, plan, snapshot);
    QSignalSpy spy(&job, &ReapJob::finished);
    job.start();
    if (spy.isEmpty() && !spy.wait(int(request.times.graceMs + 4 * request.times.confirmMs + 10'000)))
        return std::nullopt;
    if (spy.size() != 1)
        return std::nullopt;
    return job.report();
}

inline QSet<ProcessKey> killedKeys(const CascadeReport &report)
{
    QSet<ProcessKey> keys;
    for (const KillRecord &k : report.killed)
        keys.insert(k.key);
    return keys;
}

inline QSet<ProcessKey> keysOf(const QList<ReapTarget> &targets)
{
    QSet<ProcessKey> keys;
    for (const ReapTarget &t : targets)
        keys.insert(t.key);
    return keys;
}

inline const KillRecord *killRecordOf(const CascadeReport &report, const ProcessKey &key)
{
    for (const KillRecord &k : report.killed) {
        if (k.key == key)
            return &k;
    }
    return nullptr;
}

inline CtlRun agentmonctl(const QStringList &arguments, const QString &home, int timeoutMs = 60'000)
{
    return runAgentmonctl(arguments, homeEnvironment(home), timeoutMs);
}

inline QSet<ProcessKey> jsonKeys(const QJsonArray &array)
{
    QSet<ProcessKey> keys;
    for (const QJsonValue &v : array)
        keys.insert({v[QLatin1String("pid")].toInt(), quint64(v[QLatin1String("starttime")].toInteger())});
    return keys;
}

// ---- Scenarios in a PID namespace of their own ----

// unshare's arguments for a new PID namespace with its own /proc; without root, inside a new user namespace
// where the test is root. --kill-child: the namespace ends with unshare, whatever ends unshare.
inline QStringList unshareArguments()
{
    QStringList args;
    if (::geteuid() != 0)
        args << QStringLiteral("--user") << QStringLiteral("--map-root-user");
    args << QStringLiteral("--pid") << QStringLiteral("--fork") << QStringLiteral("--mount-proc")
         << QStringLiteral("--kill-child");
    return args;
}

// Why a PID namespace cannot be had here (empty when it can): tried once per test process.
inline QString pidNamespaceRefused()
{
    static const QString why = [] {
        QProcess probe;
        probe.setProcessChannelMode(QProcess::MergedChannels);
        probe.start(QStringLiteral("unshare"), unshareArguments() << QStringLiteral("/bin/true"));
        if (!probe.waitForStarted(5000))
            return QStringLiteral("unshare(1) cannot be run: %1").arg(probe.errorString());
        if (!probe.waitForFinished(10'000)) {
            probe.kill();
            probe.waitForFinished(1000);
            return QStringLiteral("unshare(1) did not answer");
        }
        if (probe.exitStatus() != QProcess::NormalExit || probe.exitCode() != 0)
            return QStringLiteral("the kernel refused a PID namespace (unshare %1): %2")
                .arg(unshareArguments().join(QLatin1Char(' ')),
                     QString::fromLocal8Bit(probe.readAll()).trimmed());
        return QString();
    }();
    return why;
}

struct InnerRun {
    bool finished = false;
    int exitCode = -1;
    QByteArray output;
    QString skipped; // the inner QSKIP's reason
};

// Runs this test binary as `--inner function` as PID 1's child in a new PID namespace, bounded.
inline InnerRun runInner(const QString &function, int timeoutMs,
                         const QList<QPair<QString, QString>> &environment = {})
{
    InnerRun run;
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const auto &[key, value] : environment)
        env.insert(key, value);
    process.setProcessEnvironment(env);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
    process.start(QStringLiteral("unshare"), unshareArguments() << QCoreApplication::applicationFilePath()
                                                                << QStringLiteral("--inner") << function);
    if (!process.waitForStarted(10'000))
        return run;
    run.finished = process.waitForFinished(timeoutMs);
    if (!run.finished) {
        process.kill(); // unshare --kill-child takes the namespace with it
        process.waitForFinished(10'000);
    }
    run.output = process.readAll();
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    for (const QByteArray &line : run.output.split('\n')) {
        if (line.startsWith("SKIP   :"))
            run.skipped = QString::fromUtf8(line.mid(8).trimmed());
    }
    return run;
}

// The inner side: PID 1 of the namespace is a small init that reaps whatever is orphaned to it (no zombie
// piles up) and exits with the scenario's status, which ends the namespace. The scenario runs in its child,
// as QTest with only the chosen function.
template <typename Inner> int innerMain(char *argv[])
{
    const pid_t scenario = ::fork();
    if (scenario < 0)
        return 2;
    if (scenario == 0) {
        char *args[] = {argv[0], argv[2], nullptr};
        int count = 2;
        QCoreApplication app(count, args);
        Inner inner;
        ::_exit(QTest::qExec(&inner, count, args));
    }
    for (;;) {
        int status = 0;
        const pid_t pid = ::waitpid(-1, &status, 0);
        if (pid == scenario)
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        if (pid < 0 && errno != EINTR)
            return 2;
    }
}

} // namespace agentmon::test

// main() of a fault test whose scenarios partly run in a PID namespace: `--inner FUNCTION` runs Inner's
// FUNCTION there, anything else runs Outer as usual.
#define AGENTMON_FAULT_MAIN(Outer, Inner)                                                                    \
    int main(int argc, char *argv[])                                                                         \
    {                                                                                                        \
        if (argc == 3 && qstrcmp(argv[1], "--inner") == 0)                                                   \
            return agentmon::test::innerMain<Inner>(argv);                                                   \
        QCoreApplication app(argc, argv);                                                                    \
        Outer test;                                                                                          \
        QTEST_SET_MAIN_SOURCE_PATH                                                                           \
        return QTest::qExec(&test, argc, argv);                                                              \
    }
