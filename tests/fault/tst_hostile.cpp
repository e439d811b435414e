// Hostile members: what a reap meets when the processes fight back or cannot answer. Processes that fork on
// every SIGTERM (and respawners that move to a new pid on it), a bounded fork storm (also under a pids.max
// cgroup), members in state D (a killable vfork wait, and a frozen one that outlives SIGKILL), stopped
// members, targets that exit between the plan and the kill, and the wall clock jumping while a grace period
// runs. Every process is the test's own, in process groups of its own.
#include "faultsupport.h"
#include "instanceclient.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QScopeGuard>
#include <QTemporaryDir>

#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace agentmon;
using namespace agentmon::test;

namespace {

QProcessEnvironment helperEnvironment(const QList<QPair<QString, QString>> &extra = {})
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("AGENTMON_HELPER_IGNORE_TERM"), QStringLiteral("0"));
    env.insert(QStringLiteral("AGENTMON_HELPER_LIFETIME"), QStringLiteral("60"));
    for (const auto &[key, value] : extra)
        env.insert(key, value);
    return env;
}

QList<int> linesOf(const QByteArray &output, const QByteArray &prefix)
{
    QList<int> values;
    for (const QByteArray &line : output.split('\n')) {
        if (line.startsWith(prefix + ' '))
            values.append(line.mid(prefix.size() + 1).trimmed().toInt());
    }
    return values;
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(data) == data.size() && file.flush();
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// A cgroup (v1 hierarchy) of the test's own, removed in every path. Whatever of the test is still in it is
// killed first (by verified identity: only members of the given process group, which the test started).
class TestCgroup {
public:
    TestCgroup(const QString &controller, int pgid)
        : m_path(QStringLiteral("/sys/fs/cgroup/%1/agentmon-fault-%2").arg(controller).arg(::getpid())),
          m_pgid(pgid)
    {
        if (::mkdir(m_path.toLocal8Bit().constData(), 0755) == 0)
            m_made = true;
        else
            m_error = QString::fromLocal8Bit(strerror(errno));
    }
    ~TestCgroup()
    {
        if (!m_made)
            return;
        if (QFile::exists(m_path + QStringLiteral("/freezer.state")))
            writeFile(m_path + QStringLiteral("/freezer.state"), "THAWED");
        // rmdir fails while a task is in it: kill those (of the test's group), reap them, try again; bounded.
        const bool clean = QTest::qWaitFor(
            [&] {
                if (::rmdir(m_path.toLocal8Bit().constData()) == 0)
                    return true;
                for (const QByteArray &line :
                     readFile(m_path + QStringLiteral("/cgroup.procs")).split('\n')) {
                    const auto stat = statOf(line.toInt());
                    if (stat && stat->pgid == m_pgid && stat->state != 'Z') {
                        signalVerified(stat->key, SIGKILL);
                        waitGone(stat->key, 1000);
                    }
                }
                reapOwnZombies(m_pgid);
                return false;
            },
            10'000);
        if (!clean)
            qWarning("TestCgroup: could not remove %s", qPrintable(m_path));
    }
    TestCgroup(const TestCgroup &) = delete;
    TestCgroup &operator=(const TestCgroup &) = delete;

    bool made() const { return m_made; }
    QString error() const { return m_error; }
    QString file(const QString &name) const { return m_path + QLatin1Char('/') + name; }
    bool add(int pid) { return writeFile(file(QStringLiteral("cgroup.procs")), QByteArray::number(pid)); }

private:
    QString m_path;
    int m_pgid = 0;
    bool m_made = false;
    QString m_error;
};

// libfaketime from Debian's package, where it is installed.
QString libfaketime()
{
    for (const char *path :
         {"/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1",
          "/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1", "/usr/lib/faketime/libfaketime.so.1"}) {
        if (QFile::exists(QString::fromLatin1(path)))
            return QString::fromLatin1(path);
    }
    return {};
}

QJsonObject sessionObject(const InstanceClient &client, const QString &id)
{
    const auto reply = client.request("GET", QStringLiteral("/api/sessions"));
    for (const QJsonValue &v : reply.json.array()) {
        if (v[QLatin1String("id")].toString() == id)
            return v.toObject();
    }
    return {};
}

} // namespace

class tst_Hostile : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void forkOnEveryTerm_data();
    void forkOnEveryTerm();
    void forkStorm_data();
    void forkStorm();
    void vforkParentInStateD();
    void frozenInStateDOutlivesKill();
    void stoppedMembers();
    void goneBetweenPlanAndKill_data();
    void goneBetweenPlanAndKill();
    void wallClockJumpsDuringGrace_data();
    void wallClockJumpsDuringGrace();

private:
    SystemClock m_clock;
    RuleSet m_rules;
};

void tst_Hostile::initTestCase()
{
    qRegisterMetaType<ReapReport>();
    qRegisterMetaType<CascadeReport>();
    for (const char *helper : {"fakeagent", "forkonterm", "forkstorm", "vforkhold"})
        QVERIFY(QFile::exists(helperPath(QString::fromLatin1(helper))));
}

void tst_Hostile::forkOnEveryTerm_data()
{
    QTest::addColumn<bool>("respawn");
    QTest::newRow("stays and forks") << false;
    QTest::newRow("respawns: forks and exits") << true;
}

// Five processes in one group answer every SIGTERM with a new process; the respawners also exit, so that
// every SIGTERM moves them to a new pid. The reap ends with all of them dead, bounded.
void tst_Hostile::forkOnEveryTerm()
{
    QFETCH(bool, respawn);
    constexpr int kRoots = 5;
    constexpr CascadeTimes kTimes{1000, 1000};
    GroupGuard guard;
    QVERIFY(guard.ok());
    // Their output goes to a file: a respawner's children outlive the pipe of the process the test started.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString log = dir.filePath(QStringLiteral("forkonterm.log"));
    const QString script =
        QStringLiteral("echo started; for ((i = 1; i < $2; ++i)); do \"$1\" >>\"$3\" & done; "
                       "exec -a claude \"$1\" --output-format stream-json >>\"$3\"");
    HelperProcess tree(QStringLiteral("/bin/bash"),
                       {QStringLiteral("-c"), script, QStringLiteral("bash"),
                        helperPath(QStringLiteral("forkonterm")), QString::number(kRoots), log},
                       QString(),
                       helperEnvironment({{QStringLiteral("AGENTMON_HELPER_FORKS"), QStringLiteral("100")},
                                          {QStringLiteral("AGENTMON_HELPER_EXIT_ON_TERM"),
                                           respawn ? QStringLiteral("1") : QStringLiteral("0")}}));
    QVERIFY(tree.start("started"));
    const int pgid = tree.pid();
    guard.rememberGroup(pgid);
    // All of them have their SIGTERM handler.
    QTRY_COMPARE_WITH_TIMEOUT(int(linesOf(readFile(log), "ready").size()), kRoots, 10'000);

    Pipeline p(m_clock, m_rules);
    p.sampler.tracker().addSubreaper(int(::getpid()));
    QVERIFY(p.sampleUntil([&](const Snapshot &s) {
        const ProcessRecord *root = p.find(pgid);
        int members = 0;
        for (const ProcessRecord &r : s.processes)
            members += r.info.pgid == pgid && !r.info.isZombie() ? 1 : 0;
        return root && root->cls == ProcessClass::Agent && members == kRoots;
    }));
    const QString session = p.find(pgid)->session;
    const ReapPlan plan = p.planner().planSession(p.snapshot, session);
    QCOMPARE(plan.targets.size(), kRoots);

    QElapsedTimer took;
    took.start();
    const auto report = runJob(sessionRequest(session, kTimes), plan, p.snapshot);
    QVERIFY2(report, "the reap did not end");
    const qint64 ms = took.elapsed();
    const QList<int> forked = linesOf(readFile(log), "child");
    QVERIFY2(!forked.isEmpty(), "nothing forked on SIGTERM");

    // Everything of the group is dead now, not later: the report's confirmation is the kernel's.
    const QList<Stat> alive = groupAlive(pgid);
    QVERIFY2(alive.isEmpty(), qPrintable(QStringLiteral("%1 alive after the reap, first %2")
                                             .arg(alive.size())
                                             .arg(alive.isEmpty() ? 0 : alive.first().key.pid)));
    QVERIFY(report->cascade.survivors.isEmpty());
    // Every child it forked was found during the reap and is in the report.
    QSet<int> killedPids;
    int byTerm = 0;
    for (const KillRecord &k : report->cascade.killed) {
        killedPids.insert(k.key.pid);
        byTerm += k.signal == QLatin1String("TERM") ? 1 : 0;
        if (!respawn && keysOf(plan.targets).contains(k.key)) {
            // They never exit on SIGTERM: KILL, and not before the grace period ran out.
            QCOMPARE(k.signal, QStringLiteral("KILL"));
            QVERIFY2(k.exitMs >= kTimes.graceMs, qPrintable(QString::number(k.exitMs)));
        }
    }
    for (const int pid : forked)
        QVERIFY2(killedPids.contains(pid), qPrintable(QStringLiteral("child %1 not in the report").arg(pid)));
    qInfo("%d roots, %lld forked on SIGTERM, %lld confirmed dead (%d by TERM), reap took %lld ms", kRoots,
          qint64(forked.size()), qint64(report->cascade.killed.size()), byTerm, ms);
    QTRY_VERIFY_WITH_TIMEOUT((reapOwnZombies(pgid), groupLeft(pgid).isEmpty()), 10'000);
}

void tst_Hostile::forkStorm_data()
{
    QTest::addColumn<bool>("cgroup");
    QTest::newRow("200 forks") << false;
    QTest::newRow("200 forks under pids.max 40") << true;
}

// A fork storm of 200 processes in one group, registered as a session with a real daemon and reaped while it
// still forks. With pids.max the storm never completes: it keeps retrying forks while the reap runs.
void tst_Hostile::forkStorm()
{
    QFETCH(bool, cgroup);
    constexpr int kForks = 200;
    QTemporaryDir home;
    QVERIFY(home.isValid());
    GroupGuard guard;
    QVERIFY(guard.ok());
    Daemon daemon(home.path());
    QVERIFY2(daemon.start(), daemon.errors().constData());
    const InstanceClient client = daemon.client();

    // Not named like an agent: the session is the registration's, and every process of the storm (copies
    // of the root, forked without exec) belongs to it as a descendant.
    HelperProcess storm(
        helperPath(QStringLiteral("forkstorm")), {QStringLiteral("--wait-go")}, QString(),
        helperEnvironment({{QStringLiteral("AGENTMON_HELPER_FORKS"), QString::number(kForks)}}));
    QVERIFY(storm.start());
    const int pgid = storm.pid();
    guard.rememberGroup(pgid);
    std::unique_ptr<TestCgroup> pids;
    if (cgroup) {
        pids = std::make_unique<TestCgroup>(QStringLiteral("pids"), pgid);
        if (!pids->made())
            QSKIP(qPrintable(
                QStringLiteral("no writable pids cgroup (/sys/fs/cgroup/pids): %1").arg(pids->error())));
        QVERIFY(writeFile(pids->file(QStringLiteral("pids.max")), "40"));
        QVERIFY(pids->add(storm.pid()));
    }
    const auto registered = client.request(
        "POST", QStringLiteral("/api/register"),
        {{QStringLiteral("pid"), storm.pid()}, {QStringLiteral("session"), QStringLiteral("storm")}});
    QVERIFY2(registered.status == 200, qPrintable(registered.error));
    storm.process().write("go\n");
    if (cgroup) {
        // Until the kernel has refused forks: the storm is at its limit.
        QTRY_VERIFY_WITH_TIMEOUT(readFile(pids->file(QStringLiteral("pids.current"))).trimmed().toInt() >= 40,
                                 10'000);
    } else {
        QVERIFY(storm.waitForLine("stormed", 20'000));
    }

    // The reap, in another process, while this one checks that the daemon keeps answering.
    QProcess reap;
    reap.setProcessEnvironment(homeEnvironment(home.path()));
    reap.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
    reap.start(QStringLiteral(AGENTMONCTL_PATH),
               {QStringLiteral("reap"), QStringLiteral("--session"), QStringLiteral("storm"),
                QStringLiteral("--grace"), QStringLiteral("1000"), QStringLiteral("--json")});
    QVERIFY(reap.waitForStarted(10'000));
    int answers = 0;
    qint64 slowest = 0;
    QElapsedTimer took;
    took.start();
    while (!reap.waitForFinished(50) && took.elapsed() < 60'000) {
        QElapsedTimer one;
        one.start();
        const auto health = client.request("GET", QStringLiteral("/api/health"), {}, 10'000);
        QVERIFY2(health.status == 200, qPrintable(health.error)); // answered while the reap runs
        slowest = qMax(slowest, one.elapsed());
        ++answers;
    }
    QCOMPARE(reap.state(), QProcess::NotRunning);
    const QByteArray out = reap.readAllStandardOutput();
    const QJsonObject report = QJsonDocument::fromJson(out).object();
    QVERIFY2(reap.exitCode() == 0, reap.readAllStandardError().constData());
    QCOMPARE(report.value(QLatin1String("status")).toString(), QStringLiteral("ok"));
    QVERIFY(report.value(QLatin1String("survivors")).toArray().isEmpty());
    const qint64 killed = report.value(QLatin1String("killed")).toArray().size();

    // Nothing of the storm lives on.
    const QList<Stat> alive = groupAlive(pgid);
    QVERIFY2(alive.isEmpty(), qPrintable(QStringLiteral("%1 alive after the reap").arg(alive.size())));
    QTRY_VERIFY_WITH_TIMEOUT((reapOwnZombies(pgid), groupLeft(pgid).isEmpty()), 10'000);
    QString refused;
    if (cgroup) {
        // v1 pids.events: "max N", the forks the kernel refused.
        refused = QString::fromLatin1(readFile(pids->file(QStringLiteral("pids.events"))).trimmed());
        QVERIFY2(refused.startsWith(QLatin1String("max ")) && refused.mid(4).toInt() > 0,
                 qPrintable(refused));
        QCOMPARE(readFile(pids->file(QStringLiteral("pids.current"))).trimmed(), QByteArray("0"));
    }
    // The daemon is well afterwards too.
    QCOMPARE(client.request("GET", QStringLiteral("/api/health")).status, 200);
    QCOMPARE(daemon.process().state(), QProcess::Running);
    qInfo(
        "storm: %lld confirmed dead in %lld ms; daemon answered /api/health %d times meanwhile, slowest %lld "
        "ms%s",
        killed, took.elapsed(), answers, slowest,
        refused.isEmpty() ? "" : qPrintable(QStringLiteral("; pids.events: %1").arg(refused)));
    QVERIFY(daemon.terminate());
}

// A vfork parent waits in state D for its child, which never execs: a killable wait, so the reap ends both.
void tst_Hostile::vforkParentInStateD()
{
    GroupGuard guard;
    QVERIFY(guard.ok());
    HelperProcess holder(helperPath(QStringLiteral("vforkhold")),
                         {QStringLiteral("-p"), QStringLiteral("vfork")}, QStringLiteral("claude"),
                         helperEnvironment());
    QVERIFY(holder.start());
    guard.rememberGroup(holder.pid());
    const auto childLine = holder.waitForLine("child");
    QVERIFY(childLine);
    const auto child = keyOf(childLine->toInt());
    QVERIFY(child);
    if (!QTest::qWaitFor([&] { return stateOf(holder.key()) == 'D'; }, 5000))
        QSKIP(qPrintable(QStringLiteral("this kernel does not show a vfork parent in state D (state %1)")
                             .arg(QLatin1Char(stateOf(holder.key())))));

    Pipeline p(m_clock, m_rules);
    QVERIFY(p.sampleUntil([&](const Snapshot &) {
        const ProcessRecord *parent = p.find(holder.pid());
        const ProcessRecord *vchild = p.find(child->pid);
        return parent && vchild && parent->info.state == 'D' && vchild->session == parent->session;
    }));
    const QString session = p.find(holder.pid())->session;
    const ReapPlan plan = p.planner().planSession(p.snapshot, session);
    QCOMPARE(keysOf(plan.targets), (QSet<ProcessKey>{holder.key(), *child}));
    const auto report = runJob(sessionRequest(session, {1000, 1000}), plan, p.snapshot);
    QVERIFY(report);
    QCOMPARE(killedKeys(report->cascade), (QSet<ProcessKey>{holder.key(), *child}));
    QVERIFY(report->cascade.survivors.isEmpty());
    QVERIFY(!isAlive(holder.key()));
    QVERIFY(!isAlive(*child));
}

// A member frozen by the cgroup freezer sleeps in state D and SIGKILL cannot end it until it is thawed: the
// reap reports it as a survivor in state D and ends on time instead of hanging.
void tst_Hostile::frozenInStateDOutlivesKill()
{
    constexpr CascadeTimes kTimes{300, 500};
    GroupGuard guard;
    QVERIFY(guard.ok());
    HelperProcess frozen(helperPath(QStringLiteral("fakeagent")),
                         {QStringLiteral("-p"), QStringLiteral("frozen")}, QStringLiteral("claude"),
                         helperEnvironment());
    HelperProcess polite(helperPath(QStringLiteral("fakeagent")),
                         {QStringLiteral("-p"), QStringLiteral("polite")}, QStringLiteral("claude"),
                         helperEnvironment());
    QVERIFY(frozen.start());
    QVERIFY(polite.start());
    guard.rememberGroup(frozen.pid());
    guard.rememberGroup(polite.pid());
    TestCgroup freezer(QStringLiteral("freezer"), frozen.pid());
    if (!freezer.made())
        QSKIP(qPrintable(
            QStringLiteral("no writable freezer cgroup (/sys/fs/cgroup/freezer): %1").arg(freezer.error())));
    QVERIFY(freezer.add(frozen.pid()));
    QVERIFY(writeFile(freezer.file(QStringLiteral("freezer.state")), "FROZEN"));
    if (!QTest::qWaitFor([&] { return stateOf(frozen.key()) == 'D'; }, 5000))
        QSKIP(qPrintable(QStringLiteral("a frozen process shows state %1 here, not D")
                             .arg(QLatin1Char(stateOf(frozen.key())))));

    Pipeline p(m_clock, m_rules);
    QVERIFY(p.sampleUntil([&](const Snapshot &) { return p.find(frozen.pid()) && p.find(polite.pid()); }));
    ReapRequest request;
    request.kind = ReapRequest::Kind::Processes;
    request.processes = {frozen.key(), polite.key()};
    request.times = kTimes;
    const ReapPlan plan = p.planner().planProcesses(p.snapshot, request.processes);
    QCOMPARE(plan.targets.size(), 2);
    QElapsedTimer took;
    took.start();
    const auto report = runJob(request, plan, p.snapshot);
    QVERIFY2(report, "the reap hung on a process in state D");
    qInfo("reap with a frozen member ended after %lld ms (grace %lld ms, confirmation %lld ms)",
          took.elapsed(), kTimes.graceMs, kTimes.confirmMs);
    QCOMPARE(killedKeys(report->cascade), QSet<ProcessKey>{polite.key()});
    QCOMPARE(report->cascade.survivors.size(), 1);
    QCOMPARE(report->cascade.survivors.first().key, frozen.key());
    QCOMPARE(report->cascade.survivors.first().state, 'D');
    const QJsonObject json = json::reapReport(*report);
    QCOMPARE(json.value(QLatin1String("status")).toString(), QStringLiteral("warning"));
    const QString receipt = reapReceipt(*report);
    QVERIFY2(receipt.contains(QStringLiteral("1 survived: %1 (state D").arg(frozen.pid())),
             qPrintable(receipt));
    const QList<AuditEntry> audit = auditEntries(*report, QStringLiteral("test"));
    QVERIFY(std::any_of(audit.cbegin(), audit.cend(), [&](const AuditEntry &e) {
        return e.key == frozen.key() && e.outcome == QLatin1String("survived");
    }));

    // Thawed, it dies of the SIGKILL that was waiting for it.
    QVERIFY(isAlive(frozen.key()));
    QVERIFY(writeFile(freezer.file(QStringLiteral("freezer.state")), "THAWED"));
    QVERIFY(frozen.process().waitForFinished(10'000));
    QCOMPARE(frozen.process().exitStatus(), QProcess::CrashExit);
    QCOMPARE(frozen.process().exitCode(), SIGKILL);
}

// Stopped members: one that ends on SIGTERM once continued, one that ignores it and needs SIGKILL (which
// ends a stopped process as it is).
void tst_Hostile::stoppedMembers()
{
    constexpr CascadeTimes kTimes{800, 1000};
    GroupGuard guard;
    QVERIFY(guard.ok());
    HelperProcess polite(helperPath(QStringLiteral("fakeagent")),
                         {QStringLiteral("-p"), QStringLiteral("stopped")}, QStringLiteral("claude"),
                         helperEnvironment());
    HelperProcess stubborn(
        helperPath(QStringLiteral("fakeagent")), {QStringLiteral("-p"), QStringLiteral("stopped-stubborn")},
        QStringLiteral("claude"),
        helperEnvironment({{QStringLiteral("AGENTMON_HELPER_IGNORE_TERM"), QStringLiteral("1")}}));
    QVERIFY(polite.start());
    QVERIFY(stubborn.start());
    guard.rememberGroup(polite.pid());
    guard.rememberGroup(stubborn.pid());
    QVERIFY(signalVerified(polite.key(), SIGSTOP));
    QVERIFY(signalVerified(stubborn.key(), SIGSTOP));
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(polite.key()), 'T', 5000);
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(stubborn.key()), 'T', 5000);

    Pipeline p(m_clock, m_rules);
    QVERIFY(p.sampleUntil([&](const Snapshot &) { return p.find(polite.pid()) && p.find(stubborn.pid()); }));
    ReapRequest request;
    request.kind = ReapRequest::Kind::Processes;
    request.processes = {polite.key(), stubborn.key()};
    request.times = kTimes;
    const ReapPlan plan = p.planner().planProcesses(p.snapshot, request.processes);
    QCOMPARE(plan.targets.size(), 2);
    const auto report = runJob(request, plan, p.snapshot);
    QVERIFY(report);
    QCOMPARE(killedKeys(report->cascade), (QSet<ProcessKey>{polite.key(), stubborn.key()}));
    QCOMPARE(killRecordOf(report->cascade, polite.key())->signal, QStringLiteral("TERM"));
    const KillRecord *killed = killRecordOf(report->cascade, stubborn.key());
    QCOMPARE(killed->signal, QStringLiteral("KILL"));
    QVERIFY2(killed->exitMs >= kTimes.graceMs, qPrintable(QString::number(killed->exitMs)));
    QVERIFY(report->cascade.survivors.isEmpty());
}

void tst_Hostile::goneBetweenPlanAndKill_data()
{
    QTest::addColumn<bool>("reaped");
    QTest::newRow("exited and reaped") << true;
    QTest::newRow("exited, still a zombie") << false;
}

// A target exits after the plan was made: ESRCH for that one. The reap reports it already gone, kills the
// other target, and nothing else gets a signal.
void tst_Hostile::goneBetweenPlanAndKill()
{
    QFETCH(bool, reaped);
    GroupGuard guard;
    QVERIFY(guard.ok());
    // The one that goes is a plain child of the test, so that the test decides when it is reaped.
    const QByteArray program = helperPath(QStringLiteral("fakeagent")).toLocal8Bit();
    QByteArray a0("claude"), a1("-p"), a2("goes");
    char *argv[] = {a0.data(), a1.data(), a2.data(), nullptr};
    const pid_t goesPid = ::fork();
    QVERIFY(goesPid >= 0);
    if (goesPid == 0) {
        ::setpgid(0, 0);
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        ::execv(program.constData(), argv);
        ::_exit(127);
    }
    bool goesReaped = false;
    auto reapGoes = qScopeGuard([&] {
        if (!goesReaped) {
            ::kill(goesPid, SIGKILL); // our own child, not yet reaped: its pid cannot have been reused
            ::waitpid(goesPid, nullptr, 0);
        }
    });
    const auto goes = keyOf(goesPid);
    QVERIFY(goes);
    HelperProcess stays(helperPath(QStringLiteral("fakeagent")),
                        {QStringLiteral("-p"), QStringLiteral("stays")}, QStringLiteral("claude"),
                        helperEnvironment());
    HelperProcess bystander(helperPath(QStringLiteral("fakeagent")),
                            {QStringLiteral("-p"), QStringLiteral("bystander")}, QStringLiteral("claude"),
                            helperEnvironment());
    QVERIFY(stays.start());
    QVERIFY(bystander.start());
    guard.rememberGroup(stays.pid());
    guard.rememberGroup(bystander.pid());

    Pipeline p(m_clock, m_rules);
    QVERIFY(p.sampleUntil([&](const Snapshot &) {
        const ProcessRecord *r = p.find(goesPid);
        return r && r->cls == ProcessClass::Agent && p.find(stays.pid()) && p.find(bystander.pid());
    }));
    ReapRequest request;
    request.kind = ReapRequest::Kind::Processes;
    request.processes = {*goes, stays.key()};
    request.times = {500, 500};
    const ReapPlan plan = p.planner().planProcesses(p.snapshot, request.processes);
    QCOMPARE(keysOf(plan.targets), (QSet<ProcessKey>{*goes, stays.key()}));

    // It goes now, between the plan and the kill.
    QVERIFY(signalVerified(*goes, SIGKILL));
    QVERIFY(waitGone(*goes, 5000));
    if (reaped) {
        QCOMPARE(::waitpid(goesPid, nullptr, 0), goesPid);
        goesReaped = true;
    } else {
        QCOMPARE(stateOf(*goes), 'Z');
    }

    const auto report = runJob(request, plan, p.snapshot);
    QVERIFY(report);
    QCOMPARE(report->cascade.alreadyGone, QList<int>{goesPid});
    QCOMPARE(killedKeys(report->cascade), QSet<ProcessKey>{stays.key()});
    QCOMPARE(killRecordOf(report->cascade, stays.key())->signal, QStringLiteral("TERM"));
    QVERIFY(report->cascade.survivors.isEmpty());
    QVERIFY(report->cascade.skipped.isEmpty());
    QCOMPARE(json::reapReport(*report).value(QLatin1String("status")).toString(), QStringLiteral("ok"));
    const QList<AuditEntry> audit = auditEntries(*report, QStringLiteral("test"));
    QVERIFY(std::any_of(audit.cbegin(), audit.cend(), [&](const AuditEntry &e) {
        return e.key == *goes && e.outcome == QLatin1String("already_gone") &&
               e.signal == QLatin1String("none");
    }));
    // Nothing else was signalled: the bystander (which SIGTERM would end) runs, and so does the zombie's
    // parent (this test).
    QCOMPARE(bystander.process().state(), QProcess::Running);
    QVERIFY(isAlive(bystander.key()));
    if (!reaped)
        QCOMPARE(stateOf(*goes), 'Z'); // still ours to reap
}

void tst_Hostile::wallClockJumpsDuringGrace_data()
{
    QTest::addColumn<QByteArray>("jump");
    QTest::addColumn<qint64>("jumpS");
    QTest::newRow("wall clock one day ahead") << QByteArray("+1d") << qint64(86'400);
    QTest::newRow("wall clock one day back") << QByteArray("-1d") << qint64(-86'400);
}

// The daemon runs under libfaketime, whose wall clock (CLOCK_REALTIME only) the test moves by a day while a
// grace period runs. SIGKILL still comes after the grace period, measured on the monotonic clock: not at
// once (a deadline on the wall clock ahead) nor a day later (one on the wall clock back).
void tst_Hostile::wallClockJumpsDuringGrace()
{
    QFETCH(QByteArray, jump);
    QFETCH(qint64, jumpS);
    constexpr qint64 kGraceMs = 2000;
    const QString preload = libfaketime();
    if (preload.isEmpty())
        QSKIP("libfaketime is not installed (Debian package libfaketime): no way to move only this daemon's "
              "wall clock");
    QTemporaryDir home;
    QVERIFY(home.isValid());
    const QString stamp = home.filePath(QStringLiteral("faketime"));
    QVERIFY(writeFile(stamp, "+0\n"));
    GroupGuard guard;
    QVERIFY(guard.ok());
    Daemon daemon(home.path(), {{QStringLiteral("LD_PRELOAD"), preload},
                                {QStringLiteral("FAKETIME_TIMESTAMP_FILE"), stamp},
                                {QStringLiteral("FAKETIME_NO_CACHE"), QStringLiteral("1")},
                                {QStringLiteral("FAKETIME_DONT_FAKE_MONOTONIC"), QStringLiteral("1")}});
    QVERIFY2(daemon.start(), daemon.errors().constData());
    const InstanceClient client = daemon.client();

    // The target ignores SIGTERM (it forks one child on it, which says that SIGTERM came); a witness session
    // shows the daemon's wall clock.
    HelperProcess target(helperPath(QStringLiteral("forkonterm")),
                         {QStringLiteral("-p"), QStringLiteral("clock")}, QStringLiteral("claude"),
                         helperEnvironment({{QStringLiteral("AGENTMON_HELPER_FORKS"), QStringLiteral("1")}}));
    HelperProcess witness(helperPath(QStringLiteral("fakeagent")),
                          {QStringLiteral("-p"), QStringLiteral("witness")}, QStringLiteral("claude"),
                          helperEnvironment());
    QVERIFY(target.start());
    QVERIFY(witness.start());
    guard.rememberGroup(target.pid());
    guard.rememberGroup(witness.pid());
    for (const auto &[pid, session] : {std::pair{target.pid(), QStringLiteral("clock")},
                                       std::pair{witness.pid(), QStringLiteral("witness")}}) {
        const auto reply =
            client.request("POST", QStringLiteral("/api/register"),
                           {{QStringLiteral("pid"), pid}, {QStringLiteral("session"), session}});
        QVERIFY2(reply.status == 200, qPrintable(reply.error));
    }
    QJsonObject before;
    QVERIFY(QTest::qWaitFor(
        [&] {
            before = sessionObject(client, QStringLiteral("witness"));
            return before.value(QLatin1String("started_at")).isString();
        },
        15'000));
    const QDateTime startedBefore =
        QDateTime::fromString(before.value(QLatin1String("started_at")).toString(), Qt::ISODate);
    QVERIFY(startedBefore.isValid());

    QProcess reap;
    reap.setProcessEnvironment(homeEnvironment(home.path()));
    reap.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
    reap.start(QStringLiteral(AGENTMONCTL_PATH),
               {QStringLiteral("reap"), QStringLiteral("--session"), QStringLiteral("clock"),
                QStringLiteral("--grace"), QString::number(kGraceMs), QStringLiteral("--json")});
    QVERIFY(reap.waitForStarted(10'000));
    // SIGTERM has come: the grace period runs. Now the wall clock jumps.
    QVERIFY(target.waitForLine("child", 10'000));
    QVERIFY(writeFile(stamp, jump + '\n'));

    // Bounded well under a day: a deadline on the wall clock going back would keep the reap waiting.
    QVERIFY2(reap.waitForFinished(30'000), "the reap waited on the wall clock");
    const QByteArray out = reap.readAllStandardOutput();
    QVERIFY2(reap.exitCode() == 0, reap.readAllStandardError().constData());
    const QJsonObject report = QJsonDocument::fromJson(out).object();
    bool found = false;
    for (const QJsonValue &v : report.value(QLatin1String("killed")).toArray()) {
        if (v[QLatin1String("pid")].toInt() != target.pid())
            continue;
        found = true;
        QCOMPARE(v[QLatin1String("signal")].toString(), QStringLiteral("KILL"));
        // Not shortened by a wall clock ahead.
        QVERIFY2(v[QLatin1String("exit_ms")].toInteger() >= kGraceMs, out.constData());
    }
    QVERIFY2(found, out.constData());
    QVERIFY(!isAlive(target.key()));

    // The jump did reach the daemon: its wall-clock view of the witness's start moved by the jump.
    QJsonObject after;
    QVERIFY(QTest::qWaitFor(
        [&] {
            after = sessionObject(client, QStringLiteral("witness"));
            const QDateTime started =
                QDateTime::fromString(after.value(QLatin1String("started_at")).toString(), Qt::ISODate);
            return started.isValid() && qAbs(startedBefore.secsTo(started) - jumpS) < 600;
        },
        15'000));
    QVERIFY(isAlive(witness.key()));
    qInfo(
        "wall clock moved %s during a %lld ms grace: %s", jump.constData(), kGraceMs,
        qPrintable(QString::fromUtf8(
            QJsonDocument(report.value(QLatin1String("killed")).toArray()).toJson(QJsonDocument::Compact))));
    QVERIFY(daemon.terminate());
}

QTEST_GUILESS_MAIN(tst_Hostile)
#include "tst_hostile.moc"
