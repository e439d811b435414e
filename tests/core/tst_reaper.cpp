// Reaping on real processes, through the whole pipeline: the sampler judges /proc, the planner chooses, the
// job runs the kill cascade and its expander finds what was forked meanwhile.
#include "cascade.h"
#include "clock.h"
#include "coretext.h"
#include "helperprocess.h"
#include "processsource.h"
#include "procparsers.h"
#include "reaper.h"
#include "ruleset.h"
#include "sampler.h"
#include "samplingpipeline.h"
#include "testprinters.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <functional>
#include <grp.h>
#include <memory>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace agentmon;
using namespace agentmon::test;

namespace {

constexpr CascadeTimes kTimes{400, 1000};

QString fakeagent()
{
    return helperPath(QStringLiteral("fakeagent"));
}

QProcessEnvironment helperEnvironment(bool ignoreTerm = false)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("AGENTMON_HELPER_IGNORE_TERM"),
               ignoreTerm ? QStringLiteral("1") : QStringLiteral("0"));
    // Orphans have no PDEATHSIG: what a crashed test leaves behind ends soon by itself.
    env.insert(QStringLiteral("AGENTMON_HELPER_LIFETIME"), QStringLiteral("60"));
    return env;
}

// claude (headless), the leader of the helper's process group, with an MCP server child and a child that has
// a child of its own: four fakeagents in one group, four "ready" lines. $2: AGENTMON_HELPER_IGNORE_TERM of
// the members, $3: of the root.
const QString kTreeScript = QStringLiteral(
    "(export AGENTMON_HELPER_IGNORE_TERM=$2; "
    "exec -a node \"$1\" /x/node_modules/@modelcontextprotocol/server-memory/dist/index.js) & "
    "(export AGENTMON_HELPER_IGNORE_TERM=$2; \"$1\" & exec \"$1\") & "
    "export AGENTMON_HELPER_IGNORE_TERM=$3; exec -a claude \"$1\" --output-format stream-json --verbose");
constexpr int kTreeSize = 4;

std::unique_ptr<HelperProcess> agentTree(bool membersIgnoreTerm, bool rootIgnoresTerm)
{
    const auto flag = [](bool on) { return on ? QStringLiteral("1") : QStringLiteral("0"); };
    return std::make_unique<HelperProcess>(QStringLiteral("/bin/bash"),
                                           QStringList{QStringLiteral("-c"), kTreeScript,
                                                       QStringLiteral("bash"), fakeagent(),
                                                       flag(membersIgnoreTerm), flag(rootIgnoresTerm)},
                                           QString(), helperEnvironment());
}

bool startTree(HelperProcess &tree)
{
    if (!tree.start())
        return false;
    for (int i = 1; i < kTreeSize; ++i) {
        if (!tree.waitForLine("ready"))
            return false;
    }
    return true;
}

struct Stat {
    ProcessKey key;
    char state = '?';
    int ppid = 0;
    int pgid = 0;
};

std::optional<Stat> statOf(int pid)
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

// Alive: the same process (pid and starttime) and not a zombie.
bool isAlive(const ProcessKey &key)
{
    const auto stat = statOf(key.pid);
    return stat && stat->key == key && stat->state != 'Z';
}

// Every process of the process group pgid, zombies included, straight from /proc.
QList<Stat> groupLeft(int pgid)
{
    QList<Stat> left;
    const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &entry : entries) {
        bool numeric = false;
        const int pid = entry.toInt(&numeric);
        if (!numeric)
            continue;
        if (const auto stat = statOf(pid); stat && stat->pgid == pgid)
            left.append(*stat);
    }
    return left;
}

// Reaps key if it is (or becomes) a child of this test, or waits until its parent did; false at the deadline.
bool reapOrWait(const ProcessKey &key, const QDeadlineTimer &deadline)
{
    for (;;) {
        const auto stat = statOf(key.pid);
        if (!stat || stat->key != key)
            return true;
        // A zombie is dead: reap it when it is ours (adopted by this subreaper); another parent's is that
        // parent's to reap.
        if (stat->state == 'Z') {
            const pid_t reaped = ::waitpid(key.pid, nullptr, WNOHANG);
            if (reaped == key.pid || (reaped < 0 && errno == ECHILD))
                return true;
        }
        if (deadline.hasExpired())
            return false;
        // Until it has exited (pidfd readable, no polling), then reap it above.
        waitGone(key, int(qMax<qint64>(1, deadline.remainingTime())));
    }
}

// Makes the test a child subreaper while it lives, as agentmon makes itself: orphans of what the test started
// come back to it. At the end it kills (by verified identity) whatever it was told about that is still alive
// and reaps what is its child by then. Declare it before the HelperProcesses, so that it ends after them.
class Adopter {
public:
    explicit Adopter(bool subreaper = true) : m_subreaper(subreaper)
    {
        m_ok = !subreaper || ::prctl(PR_SET_CHILD_SUBREAPER, 1) == 0;
    }
    ~Adopter()
    {
        QList<ProcessKey> keys = m_keys;
        for (const int pgid : std::as_const(m_groups)) {
            for (const Stat &stat : groupLeft(pgid)) {
                if (!keys.contains(stat.key))
                    keys.append(stat.key);
            }
        }
        for (const ProcessKey &key : std::as_const(keys))
            signalVerified(key, SIGKILL);
        const QDeadlineTimer deadline(5000);
        for (const ProcessKey &key : std::as_const(keys))
            reapOrWait(key, deadline);
        if (m_subreaper)
            ::prctl(PR_SET_CHILD_SUBREAPER, 0);
    }
    Adopter(const Adopter &) = delete;
    Adopter &operator=(const Adopter &) = delete;

    bool ok() const { return m_ok; }
    // Never a process a QProcess still owns: reaping it would take it from QProcess.
    void remember(const ProcessKey &key)
    {
        if (key.isValid() && !m_keys.contains(key))
            m_keys.append(key);
    }
    void rememberGroup(int pgid) { m_groups.append(pgid); }

private:
    QList<ProcessKey> m_keys;
    QList<int> m_groups;
    bool m_subreaper = false;
    bool m_ok = false;
};

const ProcessRecord *find(const Snapshot &snapshot, int pid)
{
    for (const ProcessRecord &record : snapshot.processes) {
        if (record.info.key.pid == pid)
            return &record;
    }
    return nullptr;
}

QSet<ProcessKey> groupMembers(const Snapshot &snapshot, int pgid)
{
    QSet<ProcessKey> keys;
    for (const ProcessRecord &record : snapshot.processes) {
        if (record.info.pgid == pgid && !record.info.isZombie())
            keys.insert(record.info.key);
    }
    return keys;
}

QSet<ProcessKey> targetKeys(const QList<ReapTarget> &targets)
{
    QSet<ProcessKey> keys;
    for (const ReapTarget &target : targets)
        keys.insert(target.key);
    return keys;
}

QSet<ProcessKey> killedKeys(const ReapReport &report)
{
    QSet<ProcessKey> keys;
    for (const KillRecord &k : report.cascade.killed)
        keys.insert(k.key);
    return keys;
}

QString skipReason(const ReapPlan &plan, int pid)
{
    for (const SkipRecord &skip : plan.skipped) {
        if (skip.pid == pid) {
            // Every skip reason is a sentence of the catalogue, so the window can translate it.
            if (!isCoreText(skip.why))
                QTest::qFail(qPrintable(QStringLiteral("not in the catalogue: ") + skip.why), __FILE__,
                             __LINE__);
            return skip.why;
        }
    }
    return {};
}

ReapRequest sessionRequest(const QString &session, bool dryRun = false, CascadeTimes times = kTimes)
{
    ReapRequest request;
    request.kind = ReapRequest::Kind::Session;
    request.session = session;
    request.dryRun = dryRun;
    request.times = times;
    return request;
}

ReapRequest passRequest(CascadeTimes times = kTimes)
{
    ReapRequest request;
    request.kind = ReapRequest::Kind::Pass;
    request.minAgeMs = 0;
    request.times = times;
    request.requestedBy = QStringLiteral("periodic");
    return request;
}

std::optional<ReapReport> runJob(const ReapRequest &request, const ReapPlan &plan, const Snapshot &snapshot)
{
    ReapJob job(request, plan, snapshot);
    QSignalSpy spy(&job, &ReapJob::finished);
    job.start();
    if (spy.isEmpty() && !spy.wait(int(request.times.graceMs + 4 * request.times.confirmMs + 5000)))
        return std::nullopt;
    if (spy.size() != 1)
        return std::nullopt;
    return job.report();
}

// A plan cut down to the given processes: a pass plans for the whole machine, and whatever else runs here is
// none of this test's business.
ReapPlan only(const ReapPlan &plan, const QSet<ProcessKey> &keys)
{
    ReapPlan mine;
    mine.zombieCount = plan.zombieCount;
    for (const ReapTarget &target : plan.targets) {
        if (keys.contains(target.key))
            mine.targets.append(target);
    }
    return mine;
}

QList<int> childLines(HelperProcess &helper)
{
    QList<int> pids;
    const QList<QByteArray> lines = helper.process().readAllStandardOutput().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("child "))
            pids.append(line.mid(6).trimmed().toInt());
    }
    return pids;
}

} // namespace

class tst_Reaper : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void sessionReapTakesTheWholeTreeAndNothingElse();
    void ignoringTermGetsKillAtTheDeadline();
    void stoppedMemberStillDies();
    void membersOfAnExitedLeaderStillDie();
    void doubleForkedEscapeeIsReaped();
    void childrenForkedOnTermAreFoundAndKilled();
    void hundredOrphansReapedWithoutZombies_data();
    void hundredOrphansReapedWithoutZombies();
    void decoysAreNeverTaken();
    void otherUsersAgentIsNeverTaken();
    void membersFoundAfterTheTargetsWentGetKill();
    void dryRunSignalsNothing();
    void sessionsAreReapedConcurrently();
    void selectedProcessTakesItsDescendantsOnly();

private:
    SystemClock m_clock;
    RuleSet m_rules;
};

void tst_Reaper::initTestCase()
{
    qRegisterMetaType<ReapReport>();
    qRegisterMetaType<CascadeReport>();
    QVERIFY(m_rules.errors().isEmpty());
    QVERIFY(QFile::exists(helperPath(QStringLiteral("forkonterm"))));
}

void tst_Reaper::sessionReapTakesTheWholeTreeAndNothingElse()
{
    Adopter adopter;
    QVERIFY(adopter.ok());
    // Another agent of the same user, started next to the session: not part of it.
    HelperProcess sibling(fakeagent(), {QStringLiteral("--output-format"), QStringLiteral("stream-json")},
                          QStringLiteral("claude"), helperEnvironment());
    QVERIFY(sibling.start());
    const auto tree = agentTree(false, false);
    QVERIFY(startTree(*tree));
    adopter.rememberGroup(tree->pid());

    Pipeline p(m_clock, m_rules);
    p.sampler.tracker().addSubreaper(int(::getpid()));
    QVERIFY(p.sampleUntil([&](const Snapshot &s) {
        const ProcessRecord *root = find(s, tree->pid());
        return root && root->cls == ProcessClass::Agent && groupMembers(s, tree->pid()).size() == kTreeSize;
    }));
    const Snapshot &s = p.snapshot;
    const QString session = find(s, tree->pid())->session;
    const QSet<ProcessKey> members = groupMembers(s, tree->pid());
    QSet<ProcessKey> inSession;
    for (const ProcessRecord &record : s.processes) {
        if (record.session == session)
            inSession.insert(record.info.key);
    }
    QCOMPARE(inSession, members);
    QVERIFY(find(s, sibling.pid())->session != session);

    const ReapPlan plan = p.planner().planSession(s, session);
    QCOMPARE(targetKeys(plan.targets), members);
    QVERIFY(plan.skipped.isEmpty());

    const auto report = runJob(sessionRequest(session), plan, s);
    QVERIFY(report);
    QCOMPARE(killedKeys(*report), members); // root included, nothing outside
    for (const KillRecord &k : report->cascade.killed)
        QCOMPARE(k.signal, QStringLiteral("TERM"));
    QVERIFY(report->cascade.survivors.isEmpty());
    QVERIFY(report->cascade.alreadyGone.isEmpty());
    for (const ProcessKey &key : members)
        QVERIFY(!isAlive(key));
    QVERIFY(isAlive(sibling.key()));
    QCOMPARE(sibling.process().state(), QProcess::Running);
    QVERIFY(report->durationMs < kTimes.graceMs);
}

void tst_Reaper::ignoringTermGetsKillAtTheDeadline()
{
    Adopter adopter;
    QVERIFY(adopter.ok());
    const auto tree = agentTree(true, true);
    QVERIFY(startTree(*tree));
    adopter.rememberGroup(tree->pid());

    Pipeline p(m_clock, m_rules);
    QVERIFY(p.sampleUntil([&](const Snapshot &s) {
        const ProcessRecord *root = find(s, tree->pid());
        return root && root->cls == ProcessClass::Agent && groupMembers(s, tree->pid()).size() == kTreeSize;
    }));
    const QString session = find(p.snapshot, tree->pid())->session;
    const ReapPlan plan = p.planner().planSession(p.snapshot, session);
    QCOMPARE(plan.targets.size(), kTreeSize);

    const auto report = runJob(sessionRequest(session), plan, p.snapshot);
    QVERIFY(report);
    QCOMPARE(killedKeys(*report), targetKeys(plan.targets));
    for (const KillRecord &k : report->cascade.killed) {
        QCOMPARE(k.signal, QStringLiteral("KILL"));
        QVERIFY2(k.exitMs >= kTimes.graceMs, qPrintable(QString::number(k.exitMs)));
    }
    QVERIFY(report->cascade.survivors.isEmpty());
    QVERIFY(report->durationMs >= kTimes.graceMs);
    QVERIFY(tree->process().state() == QProcess::NotRunning || tree->process().waitForFinished(5000));
    QCOMPARE(tree->process().exitCode(), SIGKILL);
}

void tst_Reaper::stoppedMemberStillDies()
{
    Adopter adopter;
    QVERIFY(adopter.ok());
    const auto tree = agentTree(false, false);
    QVERIFY(startTree(*tree));
    adopter.rememberGroup(tree->pid());

    Pipeline p(m_clock, m_rules);
    const ProcessRecord *mcp = nullptr;
    QVERIFY(p.sampleUntil([&](const Snapshot &s) {
        mcp = nullptr;
        for (const ProcessRecord &r : s.processes) {
            if (r.info.ppid == tree->pid() && r.cls == ProcessClass::Mcp)
                mcp = &r;
        }
        return mcp && groupMembers(s, tree->pid()).size() == kTreeSize;
    }));
    const ProcessKey stopped = mcp->info.key;
    QVERIFY(signalVerified(stopped, SIGSTOP));
    QVERIFY(p.sampleUntil([&](const Snapshot &s) {
        const ProcessRecord *r = find(s, stopped.pid);
        return r && r->info.state == 'T';
    }));

    const QString session = find(p.snapshot, tree->pid())->session;
    const ReapPlan plan = p.planner().planSession(p.snapshot, session);
    QVERIFY(targetKeys(plan.targets).contains(stopped));
    const auto report = runJob(sessionRequest(session), plan, p.snapshot);
    QVERIFY(report);
    QCOMPARE(killedKeys(*report), targetKeys(plan.targets));
    for (const KillRecord &k : report->cascade.killed) {
        // SIGCONT went with SIGTERM: the stopped one acted on SIGTERM like the others.
        QCOMPARE(k.signal, QStringLiteral("TERM"));
    }
    QVERIFY(report->cascade.survivors.isEmpty());
    QVERIFY(!isAlive(stopped));
}

void tst_Reaper::membersOfAnExitedLeaderStillDie()
{
    Adopter adopter;
    QVERIFY(adopter.ok());
    const auto tree = agentTree(true, false);
    QVERIFY(startTree(*tree));
    const int pgid = tree->pid();
    adopter.rememberGroup(pgid);

    Pipeline p(m_clock, m_rules);
    p.sampler.tracker().addSubreaper(int(::getpid()));
    QVERIFY(p.sampleUntil([&](const Snapshot &s) {
        const ProcessRecord *root = find(s, tree->pid());
        return root && root->cls == ProcessClass::Agent && groupMembers(s, tree->pid()).size() == kTreeSize;
    }));
    const QString session = find(p.snapshot, tree->pid())->session;
    const ReapPlan plan = p.planner().planSession(p.snapshot, session);
    QCOMPARE(plan.targets.size(), kTreeSize);

    const auto report = runJob(sessionRequest(session), plan, p.snapshot);
    QVERIFY(report);
    QCOMPARE(killedKeys(*report), targetKeys(plan.targets));
    for (const KillRecord &k : report->cascade.killed) {
        if (k.key == tree->key()) {
            QCOMPARE(k.signal, QStringLiteral("TERM"));
            QVERIFY2(k.exitMs < kTimes.graceMs, qPrintable(QString::number(k.exitMs)));
        } else {
            QCOMPARE(k.signal, QStringLiteral("KILL"));
            QVERIFY2(k.exitMs >= kTimes.graceMs, qPrintable(QString::number(k.exitMs)));
        }
    }
    QVERIFY(report->cascade.survivors.isEmpty());
    QVERIFY(groupMembers(p.sampler.sample(), pgid).isEmpty());
}

void tst_Reaper::doubleForkedEscapeeIsReaped()
{
    // claude starts a helper that double-forks; the middle process is held until the sampler has seen the
    // lineage, then exits, and the escapee (its own session and group) is reparented to this test.
    const QString script = QStringLiteral("exec 3<&0; \"$1\" --hold \"$2\" <&3 & "
                                          "exec -a claude \"$2\" --output-format stream-json");
    Adopter adopter;
    QVERIFY(adopter.ok());
    HelperProcess tree(QStringLiteral("/bin/bash"),
                       {QStringLiteral("-c"), script, QStringLiteral("bash"),
                        helperPath(QStringLiteral("doublefork")), fakeagent()},
                       QString(), helperEnvironment());
    QVERIFY(tree.start("middle"));
    const auto escapeeLine = tree.waitForLine("escapee");
    QVERIFY(escapeeLine);
    const auto escapee = keyOf(escapeeLine->toInt());
    QVERIFY(escapee);
    adopter.remember(*escapee);
    adopter.rememberGroup(tree.pid());
    QVERIFY(tree.waitForLine("ready")); // both: doublefork's and claude's
    QVERIFY(tree.waitForLine("ready"));

    Pipeline p(m_clock, m_rules);
    p.sampler.tracker().assignSession(tree.key(), QStringLiteral("spawned-1"));
    p.sampler.tracker().addSubreaper(int(::getpid()));
    QVERIFY(p.sampleUntil([&](const Snapshot &s) {
        const ProcessRecord *r = find(s, escapee->pid);
        return r && r->info.comm == QLatin1String("fakeagent") && r->session == QLatin1String("spawned-1");
    }));
    tree.process().write("go\n");
    QVERIFY(tree.waitForLine("released"));
    QVERIFY(p.sampleUntil([&](const Snapshot &s) {
        const ProcessRecord *r = find(s, escapee->pid);
        return r && r->info.ppid == int(::getpid());
    }));
    const ProcessRecord *after = find(p.snapshot, escapee->pid);
    QCOMPARE(after->session, QStringLiteral("spawned-1"));
    QVERIFY(after->info.sid != tree.pid());
    QVERIFY(after->info.pgid != tree.pid());

    const ReapPlan plan = p.planner().planSession(p.snapshot, QStringLiteral("spawned-1"));
    QVERIFY(targetKeys(plan.targets).contains(*escapee));
    QVERIFY(targetKeys(plan.targets).contains(tree.key()));
    const auto report = runJob(sessionRequest(QStringLiteral("spawned-1")), plan, p.snapshot);
    QVERIFY(report);
    QVERIFY(killedKeys(*report).contains(*escapee));
    QCOMPARE(killedKeys(*report), targetKeys(plan.targets));
    QVERIFY(report->cascade.survivors.isEmpty());
    QVERIFY(!isAlive(*escapee));
    QVERIFY(reapOrWait(*escapee, QDeadlineTimer(5000))); // adopted by the test: it reaps it
}

void tst_Reaper::childrenForkedOnTermAreFoundAndKilled()
{
    Adopter adopter;
    QVERIFY(adopter.ok());
    HelperProcess forker(helperPath(QStringLiteral("forkonterm")),
                         {QStringLiteral("--output-format"), QStringLiteral("stream-json")},
                         QStringLiteral("claude"), helperEnvironment());
    QVERIFY(forker.start());
    const int pgid = forker.pid();
    adopter.rememberGroup(pgid);

    Pipeline p(m_clock, m_rules);
    QVERIFY(p.sampleUntil([&](const Snapshot &s) {
        const ProcessRecord *r = find(s, forker.pid());
        return r && r->cls == ProcessClass::Agent;
    }));
    const QString session = find(p.snapshot, forker.pid())->session;
    const ReapPlan plan = p.planner().planSession(p.snapshot, session);
    QCOMPARE(targetKeys(plan.targets), QSet<ProcessKey>{forker.key()});

    const auto report = runJob(sessionRequest(session), plan, p.snapshot);
    QVERIFY(report);
    const QList<int> forked = childLines(forker);
    QVERIFY2(!forked.isEmpty(), "forkonterm forked nothing on SIGTERM");
    // What it forked after SIGTERM was not in the plan: the expander found it in the group and it died too.
    for (const KillRecord &k : report->cascade.killed) {
        if (k.key != forker.key()) {
            QVERIFY2(forked.contains(k.key.pid), qPrintable(QString::number(k.key.pid)));
            QCOMPARE(k.signal, QStringLiteral("KILL")); // found at the deadline: no second SIGTERM to fork on
            adopter.remember(k.key);
        }
    }
    for (const int pid : forked)
        QVERIFY2(std::any_of(report->cascade.killed.cbegin(), report->cascade.killed.cend(),
                             [pid](const KillRecord &k) { return k.key.pid == pid; }),
                 qPrintable(QStringLiteral("child %1 not in the report").arg(pid)));
    QVERIFY(report->cascade.survivors.isEmpty());
    for (const KillRecord &k : report->cascade.killed)
        QVERIFY(reapOrWait(k.key, QDeadlineTimer(5000)));
    QTRY_VERIFY_WITH_TIMEOUT(groupLeft(pgid).isEmpty(), 5000);
}

void tst_Reaper::hundredOrphansReapedWithoutZombies_data()
{
    QTest::addColumn<bool>("subreaper");
    QTest::newRow("adopted by agentmon (subreaper)") << true;
    QTest::newRow("adopted above it") << false;
}

void tst_Reaper::hundredOrphansReapedWithoutZombies()
{
    QFETCH(bool, subreaper);
    constexpr int count = 100;
    Adopter adopter(subreaper);
    QVERIFY(adopter.ok());
    // A launcher starts the agents in the background and exits when told: they are orphaned all at once.
    const QString script = QStringLiteral("for ((i = 0; i < $2; ++i)); do "
                                          "exec -a claude \"$1\" -p x >/dev/null & echo \"child $!\"; "
                                          "done; echo launched; read -r line");
    HelperProcess launcher(
        QStringLiteral("/bin/bash"),
        {QStringLiteral("-c"), script, QStringLiteral("bash"), fakeagent(), QString::number(count)},
        QString(), helperEnvironment());
    QVERIFY(launcher.start("launched"));
    const int launcherPid = launcher.pid();
    QSet<ProcessKey> orphans;
    for (int i = 0; i < count; ++i) {
        const auto line = launcher.waitForLine("child");
        QVERIFY(line);
        const auto key = keyOf(line->toInt());
        QVERIFY(key);
        orphans.insert(*key);
        adopter.remember(*key);
    }

    Pipeline p(m_clock, m_rules);
    if (subreaper)
        p.sampler.tracker().addSubreaper(int(::getpid()));
    const auto all = [&](const Snapshot &s, const std::function<bool(const ProcessRecord &)> &test) {
        for (const ProcessKey &key : std::as_const(orphans)) {
            const ProcessRecord *r = find(s, key.pid);
            if (!r || r->info.key != key || !test(*r))
                return false;
        }
        return true;
    };
    // Seen under the launcher first: lineage learnt. (Generous bound: 100 starts on a loaded 2-core machine.)
    const bool seen = p.sampleUntil(
        [&](const Snapshot &s) {
            return all(s, [&](const ProcessRecord &r) {
                return r.info.comm == QLatin1String("fakeagent") && r.info.ppid == launcherPid &&
                       r.cls == ProcessClass::Agent;
            });
        },
        30'000);
    if (!seen) {
        // Say which one was not as expected, and how.
        QString why;
        for (const ProcessKey &key : std::as_const(orphans)) {
            const ProcessRecord *r = find(p.snapshot, key.pid);
            if (!r || r->info.key != key) {
                why = QStringLiteral("%1: gone or reused").arg(key.pid);
                break;
            }
            if (r->info.comm != QLatin1String("fakeagent") || r->info.ppid != launcherPid ||
                r->cls != ProcessClass::Agent) {
                why = QStringLiteral("%1: comm %2, ppid %3 (launcher %4), class %5, argv %6")
                          .arg(key.pid)
                          .arg(r->info.comm)
                          .arg(r->info.ppid)
                          .arg(launcherPid)
                          .arg(className(r->cls), r->info.argv.join(QLatin1Char(' ')));
                break;
            }
        }
        QFAIL(qPrintable(why));
    }
    launcher.process().write("\n");
    QVERIFY(launcher.process().waitForFinished(5000));
    QVERIFY(p.sampleUntil([&](const Snapshot &s) {
        return all(s, [&](const ProcessRecord &r) {
            return r.info.ppid != launcherPid && r.status == ProcessStatus::Orphan;
        });
    }));
    const int adopterPid = find(p.snapshot, orphans.cbegin()->pid)->info.ppid;
    if (subreaper)
        QCOMPARE(adopterPid, int(::getpid()));
    else
        QVERIFY(adopterPid != int(::getpid()));
    const QString lost = QStringLiteral("parent %1 (bash) exited").arg(launcherPid);
    const QString adoptedBy = subreaper         ? QStringLiteral("adopted by subreaper %1").arg(adopterPid)
                              : adopterPid == 1 ? QStringLiteral("adopted by PID 1")
                                                : QString::number(adopterPid);
    for (const ProcessKey &key : std::as_const(orphans)) {
        const ProcessRecord *r = find(p.snapshot, key.pid);
        QCOMPARE(r->info.ppid, adopterPid);
        QVERIFY2(r->reason.startsWith(lost) && r->reason.contains(adoptedBy), qPrintable(r->reason));
    }

    const ReapPlan pass = p.planner().planPass(p.snapshot, 0);
    const ReapPlan plan = only(pass, orphans);
    QCOMPARE(targetKeys(plan.targets), orphans);
    for (const ReapTarget &target : plan.targets)
        QCOMPARE(target.status, ProcessStatus::Orphan);
    for (const SkipRecord &skip : pass.skipped)
        QVERIFY2(!std::any_of(orphans.cbegin(), orphans.cend(),
                              [&](const ProcessKey &k) { return k.pid == skip.pid; }),
                 qPrintable(skip.why));

    const auto report = runJob(passRequest(), plan, p.snapshot);
    QVERIFY(report);
    QCOMPARE(killedKeys(*report), orphans);
    QVERIFY(report->cascade.survivors.isEmpty());
    for (const ProcessKey &key : std::as_const(orphans))
        QVERIFY(!isAlive(key));

    if (subreaper) {
        // The adopter is the test, and nobody else may reap its children: each one waits as a zombie of the
        // test until it is reaped here.
        for (const ProcessKey &key : std::as_const(orphans)) {
            const auto stat = statOf(key.pid);
            QVERIFY(stat);
            QCOMPARE(stat->state, 'Z');
            QCOMPARE(stat->ppid, int(::getpid()));
            QCOMPARE(::waitpid(key.pid, nullptr, WNOHANG), key.pid);
        }
    } else {
        // The adopter is someone else: the test cannot reap them (not its children), and whether they are
        // reaped at all is up to that adopter.
        for (const ProcessKey &key : std::as_const(orphans)) {
            errno = 0;
            QCOMPARE(::waitpid(key.pid, nullptr, WNOHANG), -1);
            QCOMPARE(errno, ECHILD);
        }
        const auto left = [&] {
            QList<Stat> zombies;
            for (const ProcessKey &key : std::as_const(orphans)) {
                if (const auto stat = statOf(key.pid); stat && stat->key == key)
                    zombies.append(*stat);
            }
            return zombies;
        };
        QElapsedTimer waited;
        waited.start();
        // Not asserted: an adopter that never reaps is the machine's business, not agentmon's.
        if (QTest::qWaitFor([&] { return left().isEmpty(); }, 5000)) {
            qInfo("pid %d reaped the %d zombies within %lld ms", adopterPid, count, waited.elapsed());
        } else {
            const QList<Stat> zombies = left();
            for (const Stat &zombie : zombies) {
                QCOMPARE(zombie.state, 'Z');
                QCOMPARE(zombie.ppid, adopterPid);
            }
            qInfo("%lld zombies left to pid %d, which has not reaped them in %lld ms", qint64(zombies.size()),
                  adopterPid, waited.elapsed());
        }
    }
    for (const ProcessKey &key : std::as_const(orphans)) {
        const auto stat = statOf(key.pid);
        QVERIFY(!stat || stat->key != key || (!subreaper && stat->ppid == adopterPid));
    }
}

void tst_Reaper::decoysAreNeverTaken()
{
    Adopter adopter;
    QVERIFY(adopter.ok());
    RuleSet rules;
    QVERIFY(rules.loadUserJson(R"({"rules":[{"name":"keep","action":"protect","program":"postgres-mcp"}]})",
                               QStringLiteral("test")));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());

    // An interactive claude on a pseudo-terminal, whose child double-forks an escapee that is held until the
    // lineage was seen (released through a FIFO), then orphaned inside the live interactive session.
    const QString fifo = dir.filePath(QStringLiteral("release"));
    QVERIFY(::mkfifo(QFile::encodeName(fifo).constData(), 0600) == 0);
    const int release = ::open(QFile::encodeName(fifo).constData(), O_RDWR | O_CLOEXEC);
    QVERIFY(release >= 0);
    const auto closeRelease = qScopeGuard([release] { ::close(release); });
    QProcessEnvironment terminalEnv = helperEnvironment();
    terminalEnv.insert(QStringLiteral("SHELL"), QStringLiteral("/bin/bash"));
    HelperProcess terminal(QStringLiteral("/usr/bin/script"),
                           {QStringLiteral("-qfc"),
                            QStringLiteral("'%1' --hold '%2' < '%3' & exec -a claude '%2'")
                                .arg(helperPath(QStringLiteral("doublefork")), fakeagent(), fifo),
                            QStringLiteral("/dev/null")},
                           QString(), terminalEnv);
    QVERIFY(terminal.start("middle"));
    const auto sessionEscapeeLine = terminal.waitForLine("escapee");
    QVERIFY(sessionEscapeeLine);
    const auto sessionEscapee = keyOf(sessionEscapeeLine->toInt());
    QVERIFY(sessionEscapee);
    adopter.remember(*sessionEscapee);
    QVERIFY(terminal.waitForLine("ready"));
    QVERIFY(terminal.waitForLine("ready"));

    // A protected MCP server, orphaned the same way (on its own).
    HelperProcess protectedLauncher(helperPath(QStringLiteral("doublefork")),
                                    {QStringLiteral("--hold"), QStringLiteral("/bin/bash"),
                                     QStringLiteral("-c"), QStringLiteral("exec -a postgres-mcp \"$0\""),
                                     fakeagent()},
                                    QString(), helperEnvironment());
    QVERIFY(protectedLauncher.start());
    const auto protectedLine = protectedLauncher.waitForLine("escapee");
    QVERIFY(protectedLine);
    const auto protectedOrphan = keyOf(protectedLine->toInt());
    QVERIFY(protectedOrphan);
    adopter.remember(*protectedOrphan);

    // An orphaned headless claude that is reaped, with a protected MCP server child in its process group.
    HelperProcess reaped(QStringLiteral("/bin/bash"),
                         {QStringLiteral("-c"),
                          QStringLiteral("(exec -a postgres-mcp \"$1\") & exec -a claude \"$1\" -p x"),
                          QStringLiteral("bash"), fakeagent()},
                         QString(), helperEnvironment());
    QVERIFY(reaped.start());
    QVERIFY(reaped.waitForLine("ready"));
    adopter.rememberGroup(reaped.pid());

    // Everything as old as can be: every agent not in a live interactive session is stale.
    StatusPolicy policy;
    policy.lingerMs = 0;
    policy.idleWindowMs = 0;
    policy.maxAgeMs = 1;
    Pipeline p(m_clock, rules, policy);
    p.sampler.tracker().addSubreaper(int(::getpid()));
    int interactivePid = 0;
    int protectedChildPid = 0;
    QVERIFY(p.sampleUntil([&](const Snapshot &s) {
        interactivePid = protectedChildPid = 0;
        for (const ProcessRecord &r : s.processes) {
            if (r.info.ppid == terminal.pid() && r.cls == ProcessClass::Session)
                interactivePid = r.info.key.pid;
            if (r.info.ppid == reaped.pid() && r.protectedBy == QLatin1String("keep"))
                protectedChildPid = r.info.key.pid;
        }
        const ProcessRecord *escapee = find(s, sessionEscapee->pid);
        const ProcessRecord *claude = find(s, reaped.pid());
        const ProcessRecord *mcp = find(s, protectedOrphan->pid);
        return interactivePid && protectedChildPid && escapee &&
               escapee->session == find(s, interactivePid)->session && claude &&
               claude->cls == ProcessClass::Agent && mcp && mcp->protectedBy == QLatin1String("keep");
    }));
    const QString interactiveSession = find(p.snapshot, interactivePid)->session;
    const ProcessKey interactive = find(p.snapshot, interactivePid)->info.key;
    const ProcessKey protectedChild = find(p.snapshot, protectedChildPid)->info.key;
    adopter.remember(protectedChild);
    adopter.rememberGroup(interactivePid); // claude leads its own group on the terminal
    QVERIFY(::write(release, "go\n", 3) == 3);
    QVERIFY(terminal.waitForLine("released"));
    protectedLauncher.process().write("go\n");
    QVERIFY(protectedLauncher.waitForLine("released"));
    QVERIFY(p.sampleUntil([&](const Snapshot &s) {
        const ProcessRecord *escapee = find(s, sessionEscapee->pid);
        const ProcessRecord *mcp = find(s, protectedOrphan->pid);
        return escapee && escapee->status == ProcessStatus::Orphan && escapee->info.ppid == int(::getpid()) &&
               mcp && mcp->status == ProcessStatus::Orphan && mcp->info.ppid == int(::getpid());
    }));
    const Snapshot &s = p.snapshot;
    QCOMPARE(find(s, sessionEscapee->pid)->session, interactiveSession);
    const auto sessionIt = std::find_if(s.sessions.cbegin(), s.sessions.cend(),
                                        [&](const SessionRecord &r) { return r.id == interactiveSession; });
    QVERIFY(sessionIt != s.sessions.cend());
    QVERIFY(sessionIt->alive);
    QVERIFY(sessionIt->interactive);
    QCOMPARE(find(s, protectedOrphan->pid)->cls, ProcessClass::Mcp);

    const ReapPlan pass = p.planner().planPass(s, 0);
    const QSet<ProcessKey> targets = targetKeys(pass.targets);
    QVERIFY(targets.contains(reaped.key()));
    QVERIFY(!targets.contains(interactive));
    QVERIFY(!targets.contains(*sessionEscapee));
    QVERIFY(!targets.contains(*protectedOrphan));
    QVERIFY(!targets.contains(protectedChild));
    QVERIFY2(
        skipReason(pass, sessionEscapee->pid).startsWith(QLatin1String("in the live interactive session")),
        qPrintable(skipReason(pass, sessionEscapee->pid)));
    QCOMPARE(skipReason(pass, protectedOrphan->pid), QStringLiteral("protected by rule keep"));
    QCOMPARE(skipReason(pass, protectedChild.pid), QStringLiteral("protected by rule keep"));

    // A stale target: its pid now belongs to a bystander that the snapshot never saw, the leader of a group
    // of its own with a child (forked on SIGTERM). The job runs with the forged key for it.
    HelperProcess bystander(helperPath(QStringLiteral("forkonterm")), {}, QString(), helperEnvironment());
    QVERIFY(bystander.start());
    adopter.rememberGroup(bystander.pid());
    QVERIFY(signalVerified(bystander.key(), SIGTERM));
    const auto lateChildLine = bystander.waitForLine("child");
    QVERIFY(lateChildLine);
    const auto lateChild = keyOf(lateChildLine->toInt());
    QVERIFY(lateChild);
    adopter.remember(*lateChild);
    ReapPlan plan = only(pass, {reaped.key()});
    ReapTarget forged;
    forged.key = {bystander.pid(), bystander.key().starttime + 1};
    forged.pgid = bystander.pid();
    forged.cls = ProcessClass::Agent;
    forged.status = ProcessStatus::Orphan;
    plan.targets.append(forged);

    const auto report = runJob(passRequest(), plan, s);
    QVERIFY(report);
    QCOMPARE(killedKeys(*report), QSet<ProcessKey>{reaped.key()});
    QCOMPARE(report->cascade.alreadyGone, QList<int>{bystander.pid()});
    for (const ProcessKey &key :
         {interactive, *sessionEscapee, *protectedOrphan, protectedChild, bystander.key(), *lateChild})
        QVERIFY2(isAlive(key), qPrintable(QString::number(key.pid)));
    QCOMPARE(bystander.process().state(), QProcess::Running);
}

void tst_Reaper::otherUsersAgentIsNeverTaken()
{
    if (::geteuid() != 0)
        QSKIP("needs root to start a process as another user (uid 65534)");
    Adopter adopter;
    QVERIFY(adopter.ok());
    const QString program = publicHelperPath(QStringLiteral("fakeagent")); // the build tree may be private
    QVERIFY(!program.isEmpty());
    HelperProcess other(program, {QStringLiteral("-p"), QStringLiteral("x")}, QStringLiteral("claude"),
                        helperEnvironment());
    other.process().setChildProcessModifier([] {
        ::setpgid(0, 0);
        if (::setgroups(0, nullptr) != 0 || ::setgid(65534) != 0 || ::setuid(65534) != 0)
            ::_exit(126);
        ::prctl(PR_SET_PDEATHSIG, SIGKILL); // after setuid, which clears it
    });
    QVERIFY(other.start());

    StatusPolicy policy;
    policy.maxAgeMs = 1;
    Pipeline p(m_clock, m_rules, policy);
    p.sampler.tracker().addSubreaper(int(::getpid()));
    QVERIFY(p.sampleUntil([&](const Snapshot &s) {
        const ProcessRecord *r = find(s, other.pid());
        return r && r->info.uid == 65534 && r->cls == ProcessClass::Agent &&
               (r->status == ProcessStatus::Orphan || r->status == ProcessStatus::Stale);
    }));
    const ReapPlan pass = p.planner().planPass(p.snapshot, 0);
    QVERIFY(!targetKeys(pass.targets).contains(other.key()));
    QCOMPARE(skipReason(pass, other.pid()), QStringLiteral("belongs to uid 65534"));
    // Nor a person's choice of that very process.
    const ReapPlan chosen = p.planner().planProcesses(p.snapshot, {other.key()});
    QVERIFY(chosen.targets.isEmpty());
    QCOMPARE(skipReason(chosen, other.pid()), QStringLiteral("belongs to uid 65534"));
    // Not even a person's explicit reap of its session takes it.
    const QString session = find(p.snapshot, other.pid())->session;
    const ReapPlan plan = p.planner().planSession(p.snapshot, session);
    QVERIFY(plan.targets.isEmpty());
    QCOMPARE(skipReason(plan, other.pid()), QStringLiteral("belongs to uid 65534"));
    const auto report = runJob(sessionRequest(session), plan, p.snapshot);
    QVERIFY(report);
    QVERIFY(report->cascade.killed.isEmpty());
    QVERIFY(isAlive(other.key()));
}

void tst_Reaper::membersFoundAfterTheTargetsWentGetKill()
{
    // The cascade's contract with the reaper's expander: a member found when no known target is left (here:
    // the only target has exited before the start) gets SIGTERM, the grace period, then SIGKILL.
    HelperProcess exited(fakeagent(), {}, QString(), helperEnvironment());
    QVERIFY(exited.start());
    const ProcessKey gone = exited.key();
    exited.stop();
    HelperProcess stubborn(fakeagent(), {}, QString(), helperEnvironment(true));
    QVERIFY(stubborn.start());
    const ProcessKey member = stubborn.key();
    Cascade cascade({gone}, kTimes);
    int calls = 0;
    cascade.setExpander([&calls, member] {
        ++calls;
        return QList<ProcessKey>{member};
    });
    QSignalSpy spy(&cascade, &Cascade::finished);
    cascade.start();
    QVERIFY(spy.wait(int(kTimes.graceMs + 4 * kTimes.confirmMs + 5000)));
    const CascadeReport &report = cascade.report();
    QVERIFY(calls >= 1);
    QCOMPARE(report.alreadyGone, QList<int>{gone.pid});
    QVERIFY2(report.survivors.isEmpty(), "a member that ignored SIGTERM was given up on without SIGKILL");
    QCOMPARE(report.killed.size(), 1);
    QCOMPARE(report.killed.first().key, member);
    QCOMPARE(report.killed.first().signal, QStringLiteral("KILL"));
    QVERIFY(report.killed.first().exitMs >= kTimes.graceMs);
}

void tst_Reaper::dryRunSignalsNothing()
{
    Adopter adopter;
    QVERIFY(adopter.ok());
    const auto tree = agentTree(false, false);
    QVERIFY(startTree(*tree));
    adopter.rememberGroup(tree->pid());

    Pipeline p(m_clock, m_rules);
    QVERIFY(p.sampleUntil([&](const Snapshot &s) {
        const ProcessRecord *root = find(s, tree->pid());
        return root && root->cls == ProcessClass::Agent && groupMembers(s, tree->pid()).size() == kTreeSize;
    }));
    const QString session = find(p.snapshot, tree->pid())->session;
    const ReapPlan plan = p.planner().planSession(p.snapshot, session);
    QCOMPARE(plan.targets.size(), kTreeSize);

    const auto dry = runJob(sessionRequest(session, true), plan, p.snapshot);
    QVERIFY(dry);
    QVERIFY(dry->request.dryRun);
    QCOMPARE(targetKeys(dry->targets), targetKeys(plan.targets));
    QVERIFY(dry->cascade.killed.isEmpty());
    QVERIFY(dry->cascade.alreadyGone.isEmpty());
    QVERIFY(dry->cascade.survivors.isEmpty());
    for (const ReapTarget &target : plan.targets)
        QVERIFY(isAlive(target.key));
    QVERIFY(
        reapReceipt(*dry).startsWith(QStringLiteral("dry run: would signal %1 process(es)").arg(kTreeSize)));

    // The same plan for real.
    const auto real = runJob(sessionRequest(session), plan, p.snapshot);
    QVERIFY(real);
    QCOMPARE(targetKeys(real->targets), targetKeys(dry->targets));
    QCOMPARE(killedKeys(*real), targetKeys(plan.targets));
}

void tst_Reaper::selectedProcessTakesItsDescendantsOnly()
{
    Adopter adopter;
    QVERIFY(adopter.ok());
    const auto tree = agentTree(false, false);
    QVERIFY(startTree(*tree));
    adopter.rememberGroup(tree->pid());
    Pipeline p(m_clock, m_rules);
    p.sampler.tracker().addSubreaper(int(::getpid()));
    QVERIFY(
        p.sampleUntil([&](const Snapshot &s) { return groupMembers(s, tree->pid()).size() == kTreeSize; }));
    // The root's plain fakeagent child, which has a child of its own.
    const ProcessRecord *chosen = nullptr;
    for (const ProcessRecord &r : p.snapshot.processes) {
        if (r.info.ppid == tree->pid() && r.info.comm == QLatin1String("fakeagent") &&
            !r.info.argv.join(QLatin1Char(' ')).contains(QLatin1String("modelcontextprotocol")))
            chosen = &r;
    }
    QVERIFY(chosen);
    const ProcessKey key = chosen->info.key;
    ProcessKey grandchild;
    for (const ProcessRecord &r : p.snapshot.processes) {
        if (r.info.ppid == key.pid)
            grandchild = r.info.key;
    }
    QVERIFY(grandchild.isValid());

    ReapPlan plan = p.planner().planProcesses(p.snapshot, {key});
    QCOMPARE(targetKeys(plan.targets), (QSet<ProcessKey>{key, grandchild}));
    QCOMPARE(plan.targets.first().reason, QStringLiteral("selected"));
    QVERIFY(plan.skipped.isEmpty());
    // A key whose pid now names another process is never taken.
    const ReapPlan stale = p.planner().planProcesses(p.snapshot, {{key.pid, key.starttime + 1}});
    QVERIFY(stale.targets.isEmpty());
    QCOMPARE(stale.skipped.size(), 1);

    ReapRequest request;
    request.kind = ReapRequest::Kind::Processes;
    request.processes = {key};
    request.times = kTimes;
    const auto report = runJob(request, plan, p.snapshot);
    QVERIFY(report);
    QCOMPARE(killedKeys(*report), (QSet<ProcessKey>{key, grandchild}));
    QVERIFY(isAlive(tree->key()));
    QCOMPARE(groupMembers(p.sampler.sample(), tree->pid()).size(), kTreeSize - 2);
}

void tst_Reaper::sessionsAreReapedConcurrently()
{
    constexpr int sessions = 10;
    constexpr CascadeTimes times{500, 1000};
    Adopter adopter;
    QVERIFY(adopter.ok());
    std::vector<std::unique_ptr<HelperProcess>> trees;
    for (int i = 0; i < sessions; ++i) {
        trees.push_back(agentTree(true, true));
        QVERIFY(startTree(*trees.back()));
        adopter.rememberGroup(trees.back()->pid());
    }
    Pipeline p(m_clock, m_rules);
    QVERIFY(p.sampleUntil([&](const Snapshot &s) {
        for (const auto &tree : trees) {
            const ProcessRecord *root = find(s, tree->pid());
            if (!root || root->cls != ProcessClass::Agent || groupMembers(s, tree->pid()).size() != kTreeSize)
                return false;
        }
        return true;
    }));

    std::vector<std::unique_ptr<ReapJob>> jobs;
    int finished = 0;
    for (const auto &tree : trees) {
        const QString session = find(p.snapshot, tree->pid())->session;
        jobs.push_back(std::make_unique<ReapJob>(sessionRequest(session, false, times),
                                                 p.planner().planSession(p.snapshot, session), p.snapshot));
        connect(jobs.back().get(), &ReapJob::finished, this, [&finished] { ++finished; });
    }
    QElapsedTimer elapsed;
    elapsed.start();
    for (const auto &job : jobs)
        job->start();
    QTRY_COMPARE_WITH_TIMEOUT(finished, sessions, 10'000);
    const qint64 total = elapsed.elapsed();
    // Structural, not a speed target: one after the other they would take sessions x grace (5 s).
    QVERIFY2(total < 3000, qPrintable(QStringLiteral("%1 ms").arg(total)));
    for (const auto &job : jobs) {
        const ReapReport &report = job->report();
        QCOMPARE(report.cascade.killed.size(), kTreeSize);
        for (const KillRecord &k : report.cascade.killed)
            QCOMPARE(k.signal, QStringLiteral("KILL"));
        QVERIFY(report.cascade.survivors.isEmpty());
    }
}

QTEST_GUILESS_MAIN(tst_Reaper)
#include "tst_reaper.moc"
