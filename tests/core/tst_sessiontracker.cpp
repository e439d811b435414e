// Sessions, lineage and statuses over time, on a fake /proc that the test rewrites between samples and a
// manual clock, so that hours pass in no time. The real LinuxProcessSource and RuleSet read it.
#include "coretext.h"
#include "fakeproc.h"
#include "manualclock.h"
#include "processsource.h"
#include "ruleset.h"
#include "sampler.h"
#include "testprinters.h"

#include <QTemporaryDir>
#include <QTest>

using namespace agentmon;
using agentmon::test::FakeProc;
using agentmon::test::ManualClock;

namespace {

constexpr quint64 kHz = 100; // ticks per second on Linux x86

// The clock stands at 10 hours after boot; starttimes below are in ticks after boot.
constexpr qint64 kBootNowMs = 10 * 3600'000;
quint64 ticksAgo(qint64 ms)
{
    return quint64((kBootNowMs - ms) / 10);
}

const QString kSnapshotShell =
    QStringLiteral("source /home/u/.claude/shell-snapshots/snapshot-bash-1-abc.sh && eval 'sleep 1000'");

} // namespace

class tst_SessionTracker : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void descendantsInheritAndKeepTheirSession();
    void survivorAttributedByMarkers();
    void markerAliasJoinsRootSession();
    void sessionIdFromArgv();
    void idleDaemonChild();
    void staleWithoutInteractiveSession();
    void zombieNamesItsParent();
    void daemonRootIsNotAnOrphan();
    void adoptedBySubreaper_data();
    void adoptedBySubreaper();
    void sessionEndNotice();
    void newSessionOnAnEndedRoot();
    void argumentsSeenLateAfterExec();
    void assignedSessionRelabelsTree();
    void protectRuleInReason();
    void nonAgentsStayOutOfSessions();
    void endedSessionsAreForgotten();

private:
    FakeProc::Proc proc(int pid, int ppid, const QString &comm, const QStringList &argv, qint64 ageMs) const;
    Snapshot sample();
    const ProcessRecord *find(const Snapshot &snapshot, int pid) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeProc> m_proc;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<ProcessSource> m_source;
    std::unique_ptr<RuleSet> m_rules;
    std::unique_ptr<Sampler> m_sampler;
    QStringList m_uncatalogued;
};

void tst_SessionTracker::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_proc = std::make_unique<FakeProc>(m_dir->path());
    m_clock = std::make_unique<ManualClock>(kBootNowMs);
    m_source = createProcessSource(*m_clock, m_dir->path());
    QVERIFY(m_source->isValid());
    QCOMPARE(m_source->clockTicksPerSecond(), kHz);
    m_rules = std::make_unique<RuleSet>();
    m_sampler = std::make_unique<Sampler>(*m_source, *m_rules, *m_clock);
    // A machine: init, a terminal shell, the user's systemd.
    m_proc->write(proc(1, 0, "systemd", {"/sbin/init"}, 10 * 3600'000));
    m_proc->write(proc(50, 1, "bash", {"-bash"}, 9 * 3600'000));
}

void tst_SessionTracker::cleanup()
{
    const QStringList uncatalogued = std::exchange(m_uncatalogued, {});
    QVERIFY2(uncatalogued.isEmpty(), qPrintable(uncatalogued.join(QLatin1Char('\n'))));
    m_sampler.reset();
    m_rules.reset();
    m_source.reset();
    m_clock.reset();
    m_proc.reset();
    m_dir.reset();
}

FakeProc::Proc tst_SessionTracker::proc(int pid, int ppid, const QString &comm, const QStringList &argv,
                                        qint64 ageMs) const
{
    FakeProc::Proc p;
    p.pid = pid;
    p.ppid = ppid;
    p.comm = comm;
    p.argv = argv;
    p.starttime = ticksAgo(ageMs);
    return p;
}

Snapshot tst_SessionTracker::sample()
{
    Snapshot snapshot = m_sampler->sample();
    // Every reason is a sentence of the catalogue, so the window can translate it (tst_coretext).
    for (const ProcessRecord &record : snapshot.processes) {
        if (!record.reason.isEmpty() && !isCoreText(record.reason))
            m_uncatalogued << record.reason;
    }
    return snapshot;
}

const ProcessRecord *tst_SessionTracker::find(const Snapshot &snapshot, int pid) const
{
    for (const ProcessRecord &record : snapshot.processes) {
        if (record.info.key.pid == pid)
            return &record;
    }
    return nullptr;
}

void tst_SessionTracker::descendantsInheritAndKeepTheirSession()
{
    FakeProc::Proc claude = proc(100, 50, "claude", {"claude"}, 600'000);
    claude.ttyNr = 34816; // pts/0
    claude.sid = 50;
    claude.pgid = 100;
    m_proc->write(claude);
    FakeProc::Proc shell = proc(200, 100, "bash", {"/bin/bash", "-c", kSnapshotShell}, 300'000);
    m_proc->write(shell);
    FakeProc::Proc sleeper = proc(300, 200, "sleep", {"sleep", "1000"}, 299'000);
    sleeper.sid = 200;
    sleeper.pgid = 200;
    m_proc->write(sleeper);

    Snapshot s = sample();
    const QString id = QStringLiteral("pid-100-%1").arg(claude.starttime);
    QCOMPARE(find(s, 100)->session, id);
    QCOMPARE(find(s, 100)->cls, ProcessClass::Session);
    QVERIFY(find(s, 100)->sessionRoot);
    QCOMPARE(find(s, 100)->reason, QStringLiteral("interactive session on pts/0"));
    QCOMPARE(find(s, 200)->session, id);
    QCOMPARE(find(s, 200)->cls, ProcessClass::Tool);
    QCOMPARE(find(s, 300)->session, id);
    QCOMPARE(find(s, 300)->cls, ProcessClass::Child);
    QCOMPARE(find(s, 300)->status, ProcessStatus::Running);
    QCOMPARE(find(s, 50)->cls, ProcessClass::None); // the terminal's shell is not part of it
    QVERIFY(find(s, 50)->session.isEmpty());
    QCOMPARE(s.sessions.size(), size_t(1));
    QVERIFY(s.sessions[0].alive);
    QVERIFY(s.sessions[0].interactive);
    QCOMPARE(s.sessions[0].processCount, 3);
    QCOMPARE(s.sessions[0].agent, QStringLiteral("claude"));
    QCOMPARE(s.sessions[0].tty, QStringLiteral("pts/0"));

    // claude dies; its Bash-tool shell lives on, reparented to PID 1.
    m_clock->advance(5000);
    m_proc->remove(100);
    shell.ppid = 1;
    m_proc->write(shell);
    s = sample();
    QCOMPARE(find(s, 200)->session, id);
    QCOMPARE(find(s, 300)->session, id);
    QCOMPARE(s.sessions.size(), size_t(1));
    QVERIFY(!s.sessions[0].alive);
    QCOMPARE(s.sessions[0].processCount, 2);
    // Within the linger time it is not yet a leftover.
    QCOMPARE(find(s, 200)->status, ProcessStatus::Running);
    QVERIFY2(find(s, 200)->reason.contains(QLatin1String("a leftover if still alive after 30 s")),
             qPrintable(find(s, 200)->reason));

    m_clock->advance(30'000);
    s = sample();
    const ProcessRecord *left = find(s, 200);
    QCOMPARE(left->status, ProcessStatus::Orphan);
    QCOMPARE(left->reason,
             QStringLiteral("parent 100 (claude) exited 30 s ago; session pid-100 ended 30 s ago"));
    QCOMPARE(find(s, 300)->status, ProcessStatus::Orphan);
    QVERIFY(s.sessions[0].leaked(s.takenAtMs, 30'000));
}

void tst_SessionTracker::survivorAttributedByMarkers()
{
    // agentmon starts after the crash: the shell's parent was never seen, only its environment tells.
    FakeProc::Proc survivor = proc(400, 1, "node", {"node", "/home/u/project/server.js"}, 3600'000);
    survivor.environ = {"PATH=/usr/bin", "CLAUDECODE=1",
                        "CLAUDE_CODE_SESSION_ID=7d3f0c1e-aaaa-bbbb-cccc-1234567890ab",
                        "CLAUDE_PROJECT_DIR=/home/u/project"};
    m_proc->write(survivor);
    FakeProc::Proc grandchild =
        proc(401, 400, "esbuild", {"/home/u/project/node_modules/.bin/esbuild"}, 3500'000);
    m_proc->write(grandchild);
    // A daemon of the same user without markers is left alone.
    FakeProc::Proc other = proc(402, 1, "pipewire", {"/usr/bin/pipewire"}, 3600'000);
    m_proc->write(other);

    const Snapshot s = sample();
    const QString id = QStringLiteral("7d3f0c1e-aaaa-bbbb-cccc-1234567890ab");
    QCOMPARE(find(s, 400)->session, id);
    QCOMPARE(find(s, 400)->cls, ProcessClass::Child);
    QCOMPARE(find(s, 400)->status, ProcessStatus::Orphan);
    QCOMPARE(find(s, 400)->reason, QStringLiteral("parent exited; adopted by PID 1"));
    QCOMPARE(find(s, 401)->session, id);
    QCOMPARE(find(s, 401)->status, ProcessStatus::Running); // its parent is alive: judged by that parent
    QCOMPARE(find(s, 401)->reason,
             QStringLiteral(
                 "in session 7d3f0c1e (known by its markers; its agent was not seen), child of 400 (node)"));
    QVERIFY(find(s, 402)->session.isEmpty());
    QCOMPARE(s.sessions.size(), size_t(1));
    QCOMPARE(s.sessions[0].projectDir, QStringLiteral("/home/u/project"));
    QVERIFY(!s.sessions[0].alive);
    QVERIFY(!s.sessions[0].root.isValid());
}

void tst_SessionTracker::markerAliasJoinsRootSession()
{
    FakeProc::Proc claude = proc(100, 50, "claude", {"claude"}, 600'000);
    claude.ttyNr = 34817;
    m_proc->write(claude);
    FakeProc::Proc mcp =
        proc(110, 100, "node", {"node", "/x/node_modules/@modelcontextprotocol/server-memory/dist/index.js"},
             590'000);
    mcp.environ = {"CLAUDECODE=1", "CLAUDE_CODE_SESSION_ID=sess-42"};
    m_proc->write(mcp);
    Snapshot s = sample();
    const QString id = QStringLiteral("pid-100-%1").arg(claude.starttime);
    QCOMPARE(find(s, 110)->session, id);
    QCOMPARE(find(s, 110)->cls, ProcessClass::Mcp);
    QCOMPARE(s.sessions[0].markerId, QStringLiteral("sess-42"));

    // An escapee of that session, first seen after it called setsid and lost its parent, joins the same
    // session.
    m_clock->advance(2000);
    FakeProc::Proc escapee = proc(120, 1, "sleep", {"sleep", "999"}, 1000);
    escapee.environ = {"CLAUDE_CODE_SESSION_ID=sess-42", "CLAUDE_CODE_CHILD_SESSION=1"};
    m_proc->write(escapee);
    s = sample();
    QCOMPARE(find(s, 120)->session, id);
    QCOMPARE(find(s, 120)->status, ProcessStatus::Orphan);
    QCOMPARE(s.sessions.size(), size_t(1));
    QCOMPARE(s.sessions[0].processCount, 3);
}

void tst_SessionTracker::sessionIdFromArgv()
{
    FakeProc::Proc agent =
        proc(130, 50, "claude", {"claude", "--output-format", "stream-json", "--session-id", "c0ffee00-1111"},
             60'000);
    m_proc->write(agent);
    const Snapshot s = sample();
    QCOMPARE(find(s, 130)->session, QStringLiteral("c0ffee00-1111"));
    QCOMPARE(find(s, 130)->cls, ProcessClass::Agent);
    QCOMPARE(find(s, 130)->reason, QStringLiteral("agent started by 50 (bash)"));
}

void tst_SessionTracker::idleDaemonChild()
{
    FakeProc::Proc daemon = proc(600, 1, "bun", {"bun", "/srv/worker-service.cjs", "--daemon"}, 3600'000);
    daemon.utime = 50'000;
    m_proc->write(daemon);
    FakeProc::Proc quiet = proc(601, 600, "claude", {"claude", "--output-format", "stream-json"}, 1800'000);
    quiet.utime = 10;
    m_proc->write(quiet);
    FakeProc::Proc busy = proc(602, 600, "claude", {"claude", "--output-format", "stream-json"}, 1800'000);
    busy.utime = 10;
    m_proc->write(busy);

    Snapshot s = sample();
    QCOMPARE(find(s, 600)->cls, ProcessClass::Daemon);
    QCOMPARE(find(s, 600)->status, ProcessStatus::Running); // a daemon under PID 1 is where it belongs
    QCOMPARE(find(s, 601)->status, ProcessStatus::Running);
    for (int step = 0; step < 13; ++step) {
        m_clock->advance(10'000);
        busy.utime += 500; // 50% of one core
        m_proc->write(busy);
        s = sample();
    }
    QCOMPARE(find(s, 601)->status, ProcessStatus::Idle);
    QCOMPARE(find(s, 601)->reason, QStringLiteral("below 1% CPU for 2 min under daemon 600 (bun)"));
    QCOMPARE(find(s, 602)->status, ProcessStatus::Running);
    QVERIFY(find(s, 602)->info.cpuPct > 40);
    QCOMPARE(find(s, 600)->status, ProcessStatus::Running); // the daemon itself is never idle
}

void tst_SessionTracker::staleWithoutInteractiveSession()
{
    FakeProc::Proc old = proc(700, 50, "claude", {"claude", "-p", "loop forever"}, 3 * 3600'000);
    m_proc->write(old);
    FakeProc::Proc young = proc(701, 50, "claude", {"claude", "-p", "quick"}, 600'000);
    m_proc->write(young);
    FakeProc::Proc interactive = proc(710, 50, "claude", {"claude"}, 4 * 3600'000);
    interactive.ttyNr = 34818;
    m_proc->write(interactive);
    FakeProc::Proc oldMcp = proc(711, 710, "chroma-mcp", {"chroma-mcp"}, 4 * 3600'000);
    m_proc->write(oldMcp);

    const Snapshot s = sample();
    QCOMPARE(find(s, 700)->status, ProcessStatus::Stale);
    QCOMPARE(find(s, 700)->reason,
             QStringLiteral("running for 3 h (max 2 h) without a live interactive session"));
    QCOMPARE(find(s, 701)->status, ProcessStatus::Running);
    QCOMPARE(find(s, 710)->status, ProcessStatus::Running);
    QCOMPARE(find(s, 711)->status, ProcessStatus::Running); // old, but its interactive session is alive
}

void tst_SessionTracker::zombieNamesItsParent()
{
    FakeProc::Proc agent = proc(800, 50, "claude", {"claude", "-p", "x"}, 60'000);
    m_proc->write(agent);
    FakeProc::Proc zombie = proc(801, 800, "git", {}, 30'000);
    zombie.state = 'Z';
    zombie.rssPages = 0;
    m_proc->write(zombie);
    const Snapshot s = sample();
    QCOMPARE(find(s, 801)->status, ProcessStatus::Zombie);
    QCOMPARE(find(s, 801)->reason, QStringLiteral("exited; parent 800 (claude) has not reaped it"));
    QCOMPARE(s.zombies.size(), size_t(1));
    QCOMPARE(s.zombies[0].key.pid, 801);
    QCOMPARE(s.zombies[0].ppid, 800);
    QCOMPARE(s.zombies[0].parentComm, QStringLiteral("claude"));
    QCOMPARE(s.sessions[0].processCount, 1); // the zombie is not counted as alive
}

void tst_SessionTracker::daemonRootIsNotAnOrphan()
{
    m_proc->write(proc(900, 1, "node", {"node", "/srv/worker-service.cjs", "--daemon"}, 60'000));
    m_proc->write(proc(901, 1, "claude", {"claude", "--output-format", "stream-json"}, 60'000));
    const Snapshot s = sample();
    QCOMPARE(find(s, 900)->status, ProcessStatus::Running);
    QCOMPARE(find(s, 900)->reason, QStringLiteral("agent daemon"));
    QCOMPARE(find(s, 901)->status, ProcessStatus::Orphan);
}

void tst_SessionTracker::adoptedBySubreaper_data()
{
    QTest::addColumn<QString>("adopterComm");
    QTest::addColumn<qint64>("adopterAgeMs");
    QTest::addColumn<QString>("reason");
    QTest::newRow("systemd --user") << "systemd" << qint64(5 * 3600'000)
                                    << "parent exited; adopted by subreaper 30 (systemd)";
    QTest::newRow("tini") << "tini" << qint64(5 * 3600'000)
                          << "parent exited; adopted by subreaper 30 (tini)";
    QTest::newRow("a subreaper younger than the child")
        << "supervisord" << qint64(60'000)
        << "parent exited; adopted by 30 (supervisord), which started after it";
}

void tst_SessionTracker::adoptedBySubreaper()
{
    QFETCH(QString, adopterComm);
    QFETCH(qint64, adopterAgeMs);
    QFETCH(QString, reason);
    m_proc->write(proc(30, 1, adopterComm, {adopterComm}, adopterAgeMs));
    m_proc->write(proc(910, 30, "claude", {"claude", "--output-format", "stream-json"}, 600'000));
    const Snapshot s = sample();
    QCOMPARE(find(s, 910)->status, ProcessStatus::Orphan);
    QCOMPARE(find(s, 910)->reason, reason);
}

void tst_SessionTracker::sessionEndNotice()
{
    FakeProc::Proc agent = proc(920, 50, "claude", {"claude", "-p", "x", "--session-id", "hook-1"}, 60'000);
    m_proc->write(agent);
    Snapshot s = sample();
    QVERIFY(s.sessions[0].alive);
    m_sampler->tracker().endSession(QStringLiteral("hook-1"));
    m_clock->advance(31'000);
    s = sample();
    QVERIFY(!s.sessions[0].alive);
    // The root ignored the end of its session: after the linger time it is a leftover too.
    QCOMPARE(find(s, 920)->status, ProcessStatus::Orphan);
    QVERIFY2(find(s, 920)->reason.contains(QLatin1String("session hook-1 ended 31 s ago")),
             qPrintable(find(s, 920)->reason));
}

// Claude Code's /clear and /resume end one session and start another in the same process: the hook registers
// the same root under the new id, and the new session is alive, whatever became of the old one.
void tst_SessionTracker::newSessionOnAnEndedRoot()
{
    FakeProc::Proc agent = proc(925, 50, "claude", {"claude", "--session-id", "hook-1"}, 60'000);
    m_proc->write(agent);
    m_proc->write(proc(926, 925, "node", {"node", "mcp.js"}, 50'000));
    Snapshot s = sample();
    m_sampler->tracker().endSession(QStringLiteral("hook-1"));
    m_clock->advance(2'000);
    s = sample();
    QVERIFY(!s.sessions[0].alive);
    m_sampler->tracker().assignSession({925, agent.starttime}, QStringLiteral("hook-2"));
    m_clock->advance(2'000);
    s = sample();
    QCOMPARE(s.sessions.size(), size_t(1));
    QCOMPARE(s.sessions[0].id, QStringLiteral("hook-2"));
    QVERIFY(s.sessions[0].alive);
    QCOMPARE(s.sessions[0].endedAtMs, 0);
    QCOMPARE(find(s, 925)->status, ProcessStatus::Running);
    QCOMPARE(find(s, 926)->session, QStringLiteral("hook-2"));
    QCOMPARE(find(s, 926)->status, ProcessStatus::Running);
    // Long after the linger time, still nothing to reap.
    m_clock->advance(3600'000);
    s = sample();
    QVERIFY(s.sessions[0].alive);
    QCOMPARE(find(s, 926)->status, ProcessStatus::Running);
}

// An exec in progress shows its new comm before its arguments: a sample in that moment reads an empty
// cmdline. The next sample reads it again and recognises the agent (it used to stay "none" for its whole
// life).
void tst_SessionTracker::argumentsSeenLateAfterExec()
{
    FakeProc::Proc agent = proc(955, 50, "claude", {}, 1'000);
    m_proc->write(agent);
    Snapshot s = sample();
    QCOMPARE(find(s, 955)->cls, ProcessClass::None);
    agent.argv = QStringList{QStringLiteral("claude"), QStringLiteral("-p"), QStringLiteral("x")};
    m_proc->write(agent);
    m_clock->advance(2'000);
    s = sample();
    QCOMPARE(find(s, 955)->info.argv, agent.argv);
    QVERIFY(find(s, 955)->isAgent());
}

void tst_SessionTracker::assignedSessionRelabelsTree()
{
    FakeProc::Proc agent = proc(930, 50, "claude", {"claude", "-p", "x"}, 60'000);
    m_proc->write(agent);
    m_proc->write(proc(931, 930, "node", {"node", "tool.js"}, 50'000));
    Snapshot s = sample();
    QVERIFY(find(s, 931)->session.startsWith(QLatin1String("pid-930-")));
    m_sampler->tracker().assignSession({930, agent.starttime}, QStringLiteral("spawned-7"));
    m_proc->write(proc(932, 930, "node", {"node", "other.js"}, 1'000));
    s = sample();
    QCOMPARE(find(s, 930)->session, QStringLiteral("spawned-7"));
    QCOMPARE(find(s, 931)->session, QStringLiteral("spawned-7"));
    QCOMPARE(find(s, 932)->session, QStringLiteral("spawned-7"));
    QCOMPARE(s.sessions.size(), size_t(1));
    QCOMPARE(s.sessions[0].id, QStringLiteral("spawned-7"));
}

void tst_SessionTracker::protectRuleInReason()
{
    QVERIFY(m_rules->loadUserJson(
        R"({"rules": [{"name": "keep-db", "action": "protect", "program": "postgres-mcp"}]})",
        QStringLiteral("rules.json")));
    m_proc->write(proc(940, 1, "postgres-mcp", {"postgres-mcp"}, 600'000));
    const Snapshot s = sample();
    QCOMPARE(find(s, 940)->protectedBy, QStringLiteral("keep-db"));
    QCOMPARE(find(s, 940)->status, ProcessStatus::Orphan);
    QCOMPARE(find(s, 940)->reason,
             QStringLiteral("parent exited; adopted by PID 1; protected by rule keep-db"));
}

void tst_SessionTracker::nonAgentsStayOutOfSessions()
{
    FakeProc::Proc kthread = proc(2, 0, "kthreadd", {}, 10 * 3600'000);
    kthread.kernelThread = true;
    m_proc->write(kthread);
    m_proc->write(proc(960, 50, "vim", {"vim", "/home/u/.claude/settings.json"}, 60'000));
    const Snapshot s = sample();
    QCOMPARE(s.agentCount(), 0);
    QVERIFY(s.sessions.empty());
    QVERIFY(find(s, 2)->info.kernelThread);
    QCOMPARE(find(s, 960)->cls, ProcessClass::None);
}

void tst_SessionTracker::endedSessionsAreForgotten()
{
    FakeProc::Proc agent = proc(970, 50, "claude", {"claude", "-p", "x"}, 60'000);
    m_proc->write(agent);
    sample();
    m_proc->remove(970);
    m_clock->advance(1000);
    Snapshot s = sample();
    QCOMPARE(s.sessions.size(), size_t(1));
    QVERIFY(!s.sessions[0].alive);
    QCOMPARE(s.sessions[0].processCount, 0);
    QVERIFY(!s.sessions[0].leaked(s.takenAtMs, 0));
    m_clock->advance(m_sampler->tracker().policy().endedRetentionMs);
    s = sample();
    QVERIFY(s.sessions.empty());
    QCOMPARE(m_sampler->tracker().rememberedCount(), 2); // init and the shell
}

QTEST_GUILESS_MAIN(tst_SessionTracker)
#include "tst_sessiontracker.moc"
