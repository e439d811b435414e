// The whole sampling pipeline on the real /proc, with real process trees from tests/helpers/.
#include "clock.h"
#include "helperprocess.h"
#include "processsource.h"
#include "ruleset.h"
#include "sampler.h"
#include "testprinters.h"

#include <QScopeGuard>
#include <QTest>
#include <QUuid>

#include <csignal>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace agentmon;
using namespace agentmon::test;

class tst_Sampler : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void agentTreeIsOneSession();
    void escapeeKeepsItsSessionAfterReparenting();
    void crashSurvivorFoundByMarkers();
    void zombieListedWithItsParent();

private:
    const ProcessRecord *find(const Snapshot &snapshot, int pid) const;
    void endEscapee(const ProcessKey &key);

    SystemClock m_clock;
    RuleSet m_rules;
};

void tst_Sampler::initTestCase()
{
    QVERIFY(m_rules.errors().isEmpty());
}

namespace {
// While it lives, orphans of what the test starts come back to the test, as they will to agentmon: the test
// then knows who adopted them, and reaps the ones it names.
class SubreaperScope {
public:
    SubreaperScope() { m_ok = ::prctl(PR_SET_CHILD_SUBREAPER, 1) == 0; }
    ~SubreaperScope()
    {
        ::prctl(PR_SET_CHILD_SUBREAPER, 0);
        for (const ProcessKey &key : m_adopted) {
            waitGone(key, 5000);
            ::waitpid(key.pid, nullptr, WNOHANG);
        }
    }
    bool ok() const { return m_ok; }
    void willReap(const ProcessKey &key) { m_adopted.append(key); }

private:
    bool m_ok = false;
    QList<ProcessKey> m_adopted;
};
} // namespace

const ProcessRecord *tst_Sampler::find(const Snapshot &snapshot, int pid) const
{
    for (const ProcessRecord &record : snapshot.processes) {
        if (record.info.key.pid == pid)
            return &record;
    }
    return nullptr;
}

void tst_Sampler::endEscapee(const ProcessKey &key)
{
    if (!key.isValid())
        return;
    signalVerified(key, SIGKILL);
    waitGone(key, 5000);
    ::waitpid(key.pid, nullptr, WNOHANG); // adopted by this test while it was a subreaper: reap it
}

void tst_Sampler::agentTreeIsOneSession()
{
    // claude (headless) with an MCP server child that has a child of its own.
    const QString script =
        QStringLiteral("exec 3<&0; (exec -a node \"$1\" "
                       "/x/node_modules/@modelcontextprotocol/server-memory/dist/index.js) & "
                       "exec -a claude \"$1\" --output-format stream-json --verbose");
    HelperProcess tree(QStringLiteral("/bin/bash"), {QStringLiteral("-c"), script, QStringLiteral("bash"),
                                                     helperPath(QStringLiteral("fakeagent"))});
    QVERIFY(tree.start());
    QVERIFY(tree.waitForLine("ready"));

    const auto source = createProcessSource(m_clock);
    Sampler sampler(*source, m_rules, m_clock);
    Snapshot s;
    const ProcessRecord *mcp = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            s = sampler.sample();
            for (const ProcessRecord &r : s.processes) {
                if (r.info.ppid == tree.pid() && r.cls == ProcessClass::Mcp)
                    mcp = &r;
            }
            return mcp && find(s, tree.pid()) && find(s, tree.pid())->cls == ProcessClass::Agent;
        }(),
        10'000);
    const ProcessRecord *claude = find(s, tree.pid());
    QCOMPARE(claude->rule, QStringLiteral("claude-sdk"));
    QVERIFY(claude->sessionRoot);
    QCOMPARE(claude->session, QStringLiteral("pid-%1-%2").arg(tree.pid()).arg(claude->info.key.starttime));
    QCOMPARE(mcp->session, claude->session);
    QCOMPARE(mcp->status, ProcessStatus::Running);
    QCOMPARE(mcp->info.pgid, tree.pid());
    QVERIFY(mcp->info.memory.has_value()); // smaps_rollup read for agent processes
    QVERIFY(mcp->info.memory->pssKb > 0);
    // The test process itself is no agent.
    QCOMPARE(find(s, int(::getpid()))->cls, ProcessClass::None);
}

void tst_Sampler::escapeeKeepsItsSessionAfterReparenting()
{
    // claude starts a helper that double-forks; the middle process is held until the sampler has seen the
    // lineage, then exits, and the escapee (its own session and group) is reparented to this test.
    const QString script = QStringLiteral("exec 3<&0; \"$1\" --hold \"$2\" <&3 & "
                                          "exec -a claude \"$2\" --output-format stream-json");
    SubreaperScope subreaper;
    QVERIFY(subreaper.ok());
    ProcessKey escapee;
    auto guard = qScopeGuard([&] { endEscapee(escapee); });
    HelperProcess tree(QStringLiteral("/bin/bash"),
                       {QStringLiteral("-c"), script, QStringLiteral("bash"),
                        helperPath(QStringLiteral("doublefork")), helperPath(QStringLiteral("fakeagent"))});
    QVERIFY(tree.start("escapee"));
    const auto middlePid = tree.waitForLine("middle");
    QVERIFY(middlePid);
    const int middle = middlePid->toInt();

    const auto source = createProcessSource(m_clock);
    Sampler sampler(*source, m_rules, m_clock);
    sampler.tracker().assignSession(tree.key(), QStringLiteral("spawned-1"));
    sampler.tracker().addSubreaper(int(::getpid()));
    Snapshot s;
    const ProcessRecord *grandchild = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            s = sampler.sample();
            grandchild = nullptr;
            for (const ProcessRecord &r : s.processes) {
                if (r.info.ppid == middle && r.info.comm == QLatin1String("fakeagent"))
                    grandchild = &r;
            }
            return grandchild != nullptr;
        }(),
        10'000);
    escapee = grandchild->info.key;
    // The doublefork process, child of claude, is adopted by the test when the tree is killed.
    const ProcessRecord *launcher = find(s, find(s, middle)->info.ppid);
    QVERIFY(launcher);
    subreaper.willReap(launcher->info.key);
    QCOMPARE(grandchild->session, QStringLiteral("spawned-1"));
    // The middle process called setsid: the escapee is outside the agent's session and process group.
    QCOMPARE(grandchild->info.sid, middle);
    QCOMPARE(grandchild->info.pgid, middle);
    QVERIFY(grandchild->info.sid != find(s, tree.pid())->info.sid);
    QCOMPARE(find(s, middle)->session, QStringLiteral("spawned-1"));
    QCOMPARE(find(s, tree.pid())->status, ProcessStatus::Running);

    tree.process().write("go\n");
    QVERIFY(tree.waitForLine("released"));
    s = sampler.sample();
    const ProcessRecord *after = find(s, escapee.pid);
    QVERIFY(after);
    QCOMPARE(after->info.key, escapee);
    QCOMPARE(after->info.ppid, int(::getpid()));
    QCOMPARE(after->session, QStringLiteral("spawned-1"));
    QCOMPARE(after->status, ProcessStatus::Orphan);
    QVERIFY2(after->reason.startsWith(QStringLiteral("parent %1 (doublefork) exited").arg(middle)),
             qPrintable(after->reason));
    QVERIFY2(after->reason.contains(QLatin1String("adopted by subreaper")), qPrintable(after->reason));
}

void tst_Sampler::crashSurvivorFoundByMarkers()
{
    // The agent and everything between it and the survivor are gone before agentmon ever looks.
    const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("CLAUDE_CODE_SESSION_ID"), id);
    env.insert(QStringLiteral("CLAUDECODE"), QStringLiteral("1"));
    SubreaperScope subreaper;
    QVERIFY(subreaper.ok());
    ProcessKey escapee;
    auto guard = qScopeGuard([&] { endEscapee(escapee); });
    HelperProcess launcher(helperPath(QStringLiteral("doublefork")),
                           {QStringLiteral("--exit"), helperPath(QStringLiteral("fakeagent"))}, {}, env);
    QVERIFY(launcher.start("escapee"));
    QVERIFY(launcher.process().waitForFinished(10'000));

    const auto source = createProcessSource(m_clock);
    Sampler sampler(*source, m_rules, m_clock);
    sampler.tracker().addSubreaper(int(::getpid()));
    Snapshot s;
    const ProcessRecord *survivor = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            s = sampler.sample();
            survivor = nullptr;
            for (const ProcessRecord &r : s.processes) {
                if (r.session == id)
                    survivor = &r;
            }
            return survivor != nullptr && survivor->info.comm == QLatin1String("fakeagent");
        }(),
        10'000);
    escapee = survivor->info.key;
    QCOMPARE(survivor->cls, ProcessClass::Child);
    QCOMPARE(survivor->info.ppid, int(::getpid()));
    QCOMPARE(survivor->status, ProcessStatus::Orphan);
    QVERIFY(survivor->info.env);
    QVERIFY(survivor->info.env->claudeCode);
}

void tst_Sampler::zombieListedWithItsParent()
{
    HelperProcess maker(helperPath(QStringLiteral("zombiemaker")), {});
    QVERIFY(maker.start("zombie"));
    const auto source = createProcessSource(m_clock);
    Sampler sampler(*source, m_rules, m_clock);
    const Snapshot s = sampler.sample();
    const auto it = std::find_if(s.zombies.begin(), s.zombies.end(),
                                 [&](const ZombieRecord &z) { return z.ppid == maker.pid(); });
    QVERIFY(it != s.zombies.end());
    QCOMPARE(it->parentComm, QStringLiteral("zombiemaker"));
    QCOMPARE(find(s, it->key.pid)->info.state, 'Z');
}

QTEST_GUILESS_MAIN(tst_Sampler)
#include "tst_sampler.moc"
