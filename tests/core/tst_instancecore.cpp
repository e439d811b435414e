// The instance in-process: launching agents for sessions, replacing them, and the shutdown cascade.
#include "helperprocess.h"
#include "instance.h"
#include "processhandle.h"
#include "registry.h"
#include "slotpool.h"
#include "testfiles.h"
#include "testprinters.h"

#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <limits>

using namespace agentmon;
using namespace agentmon::test;

namespace {
LaunchOptions fakeAgent(bool ignoreTerm = false)
{
    LaunchOptions options;
    options.argv = {helperPath(QStringLiteral("fakeagent"))};
    if (ignoreTerm)
        options.environment.insert(QStringLiteral("AGENTMON_HELPER_IGNORE_TERM"), QStringLiteral("1"));
    return options;
}

bool alive(const ProcessKey &key)
{
    const auto handle = ProcessHandle::open(key);
    return handle && !handle->hasExited();
}
} // namespace

class tst_InstanceCore : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void secondInstanceRefused();
    void launchRegistersAndTracks();
    void secondAgentForSessionRefusedUnlessReplaced();
    void shutdownCascadeEndsLaunchedAgents();
    void corruptRegistryIsRebuiltFromWhatIsAlive();
    void leakPolicyAutoReapsTheLeakedSession();
    void criticalPressureRunsAPolicyPass();
    void samplesLandInTheHistory();
    void settingsAndRulesApplyLive();
    void pausedReaperOnlyNotifies();
    void plannedReapRunsExactlyThePlan();

private:
    std::unique_ptr<QTemporaryDir> m_home;
    std::unique_ptr<Instance> m_instance;
};

void tst_InstanceCore::init()
{
    m_home = std::make_unique<QTemporaryDir>();
    QVERIFY(m_home->isValid());
    Settings settings(Paths(m_home->path()).configFile());
    settings.setValue("reaper/graceMs", 500);
    settings.setValue("reaper/confirmMs", 1000);
    settings.setValue("reaper/intervalMinutes", 0); // no periodic pass over the whole machine in a test
    settings.setValue("policy/orphans",
                      QStringLiteral("off")); // nor one when this machine's memory runs short
    settings.sync();
    m_instance = std::make_unique<Instance>(Paths(m_home->path()), false);
    QVERIFY2(m_instance->start(), qPrintable(m_instance->errorString()));
}

void tst_InstanceCore::cleanup()
{
    if (m_instance && !m_instance->isShuttingDown()) {
        QSignalSpy done(m_instance.get(), &Instance::shutdownFinished);
        m_instance->shutdown();
        done.wait(10'000);
    }
    m_instance.reset();
    m_home.reset();
}

void tst_InstanceCore::secondInstanceRefused()
{
    Instance second(Paths(m_home->path()), false);
    QVERIFY(!second.start());
    QVERIFY2(second.errorString().contains(QLatin1String("already running")),
             qPrintable(second.errorString()));
}

void tst_InstanceCore::launchRegistersAndTracks()
{
    QString error;
    AgentProcess *agent = m_instance->launch(fakeAgent(), QStringLiteral("s1"), false, &error);
    QVERIFY2(agent, qPrintable(error));
    QVERIFY(agent->key().isValid());
    const auto entry = m_instance->registry().findByKey(agent->key());
    QVERIFY(entry);
    QCOMPARE(entry->session, QStringLiteral("s1"));
    QCOMPARE(entry->kind, EntryKind::Spawned);
    QCOMPARE(entry->pgid, agent->key().pid);
    m_instance->sampleNow();
    bool found = false;
    for (const ProcessRecord &record : m_instance->lastSnapshot().processes) {
        if (record.info.key == agent->key()) {
            found = true;
            QVERIFY(record.tracked);
            QCOMPARE(record.session, QStringLiteral("s1"));
        }
    }
    QVERIFY(found);
    // Launched without a session id, an agent still gets one, and is never taken for an orphan adopted by the
    // instance (its parent is the instance, a subreaper).
    AgentProcess *anonymous = m_instance->launch(fakeAgent(), QString(), false, &error);
    QVERIFY(anonymous);
    m_instance->sampleNow();
    for (const ProcessRecord &record : m_instance->lastSnapshot().processes) {
        if (record.info.key == anonymous->key()) {
            QCOMPARE(record.session,
                     QStringLiteral("pid-%1-%2").arg(anonymous->key().pid).arg(anonymous->key().starttime));
            QCOMPARE(record.status, ProcessStatus::Running);
        }
    }
    // When it exits, its entry goes.
    QSignalSpy finished(agent, &AgentProcess::finished);
    QVERIFY(ProcessHandle::open(agent->key())->signal(SIGTERM));
    QVERIFY(finished.wait(5000));
    QVERIFY(!m_instance->registry().findByKey(agent->key()));
}

void tst_InstanceCore::secondAgentForSessionRefusedUnlessReplaced()
{
    QString error;
    AgentProcess *first = m_instance->launch(fakeAgent(true), QStringLiteral("s2"), false, &error);
    QVERIFY(first);
    const ProcessKey firstKey = first->key();
    QVERIFY(!m_instance->launch(fakeAgent(), QStringLiteral("s2"), false, &error));
    QVERIFY2(error.contains(QLatin1String("already has a running agent")), qPrintable(error));
    QVERIFY(alive(firstKey));

    // Replacing: the old tree is reaped first (TERM, and KILL after the grace period should it ignore TERM by
    // then), and only then does the new one start.
    AgentProcess *second = m_instance->launch(fakeAgent(), QStringLiteral("s2"), true, &error);
    QVERIFY(second);
    QTRY_VERIFY_WITH_TIMEOUT(second->key().isValid(), 10'000);
    QVERIFY(!alive(firstKey));
    QVERIFY(alive(second->key()));
    QCOMPARE(m_instance->registry().entriesForSession(QStringLiteral("s2")).size(), 1);
}

void tst_InstanceCore::shutdownCascadeEndsLaunchedAgents()
{
    QString error;
    AgentProcess *polite = m_instance->launch(fakeAgent(), QStringLiteral("a"), false, &error);
    AgentProcess *stubborn = m_instance->launch(fakeAgent(true), QStringLiteral("b"), false, &error);
    QVERIFY(polite && stubborn);
    const ProcessKey politeKey = polite->key();
    const ProcessKey stubbornKey = stubborn->key();
    QSignalSpy done(m_instance.get(), &Instance::shutdownFinished);
    m_instance->shutdown();
    m_instance->shutdown(); // a second signal changes nothing
    QVERIFY(done.wait(10'000));
    QCOMPARE(done.count(), 1);
    QVERIFY(!alive(politeKey));
    QVERIFY(!alive(stubbornKey));
    QCOMPARE(m_instance->registry().count(), 0);
}

void tst_InstanceCore::corruptRegistryIsRebuiltFromWhatIsAlive()
{
    HelperProcess agent(helperPath(QStringLiteral("fakeagent")),
                        {QStringLiteral("--output-format"), QStringLiteral("stream-json")},
                        QStringLiteral("claude"));
    QVERIFY(agent.start());
    QTemporaryDir home;
    Settings settings(Paths(home.path()).configFile());
    settings.setValue("reaper/intervalMinutes", 0);
    settings.setValue("policy/orphans", QStringLiteral("off"));
    settings.sync();
    QFile registry(Paths(home.path()).registryFile());
    QVERIFY(registry.open(QIODevice::WriteOnly));
    registry.write("{\"format\": \"agentmon-registry\", \"entries\": [ {\"pid\": ");
    registry.close();

    Instance instance(Paths(home.path()), false);
    QVERIFY2(instance.start(), qPrintable(instance.errorString()));
    const QString warnings = instance.warnings().join(QLatin1Char('\n'));
    QVERIFY2(warnings.contains(QLatin1String("moved it aside")), qPrintable(warnings));
    const auto entry = instance.registry().findByKey(agent.key());
    QVERIFY(entry);
    QCOMPARE(entry->kind, EntryKind::Discovered);
    QCOMPARE(entry->session, QStringLiteral("pid-%1-%2").arg(agent.pid()).arg(agent.key().starttime));
    QSignalSpy done(&instance, &Instance::shutdownFinished);
    instance.shutdown();
    QVERIFY(done.wait(10'000));
    QVERIFY(alive(agent.key())); // discovered, not launched: the shutdown cascade leaves it alone
}

void tst_InstanceCore::leakPolicyAutoReapsTheLeakedSession()
{
    m_instance->settings().setValue("policy/leaks", QStringLiteral("auto"));
    m_instance->settings().setValue("status/lingerSeconds", 0);
    // A claude with a child; the test registers it as session "leaky".
    const QString script = QStringLiteral(
        "exec 3<&0; (exec -a node \"$1\" /x/@modelcontextprotocol/server-memory/dist/index.js) & "
        "exec -a claude \"$1\" --output-format stream-json");
    HelperProcess tree(QStringLiteral("/bin/bash"), {QStringLiteral("-c"), script, QStringLiteral("bash"),
                                                     helperPath(QStringLiteral("fakeagent"))});
    QVERIFY(tree.start());
    QVERIFY(tree.waitForLine("ready"));
    QVERIFY(!m_instance->registerProcess(tree.pid(), std::nullopt, QStringLiteral("leaky")).isError());
    m_instance->sampleNow();
    ProcessKey child;
    for (const ProcessRecord &record : m_instance->lastSnapshot().processes) {
        if (record.session == QLatin1String("leaky") && record.info.key != tree.key())
            child = record.info.key;
    }
    QVERIFY(child.isValid());
    auto cleanup = qScopeGuard([&] { signalVerified(child, SIGKILL); });

    // The root dies; its child lives on: a leak, which the policy reaps at once.
    QSignalSpy reaped(m_instance.get(), &Instance::reaped);
    QVERIFY(signalVerified(tree.key(), SIGKILL));
    QVERIFY(waitGone(tree.key(), 5000));
    tree.process().waitForFinished(5000);
    m_instance->sampleNow();
    QVERIFY(reaped.wait(10'000));
    const ReapReport report = reaped.at(0).at(0).value<ReapReport>();
    QCOMPARE(report.request.requestedBy, QStringLiteral("policy:leak"));
    QCOMPARE(report.request.session, QStringLiteral("leaky"));
    QCOMPARE(report.cascade.killed.size(), 1);
    QCOMPARE(report.cascade.killed.first().key, child);
    QVERIFY(!alive(child));
    bool audited = false;
    for (const AuditEntry &row : m_instance->auditLog()->entriesForSession(QStringLiteral("leaky")))
        audited = audited ||
                  (row.requestedBy == QLatin1String("policy:leak") && row.outcome == QLatin1String("killed"));
    QVERIFY(audited);
}

void tst_InstanceCore::criticalPressureRunsAPolicyPass()
{
    // Planned and logged, not signalled: a pass looks at the whole machine, which a test must not touch.
    m_instance->settings().setValue("policy/orphans", QStringLiteral("auto"));
    m_instance->settings().setValue("policy/dryRun", true);
    PressureThresholds thresholds;
    thresholds.critAvailablePct = 99.99; // whatever this machine has free: critical
    m_instance->pressure()->setThresholds(thresholds);
    QSignalSpy reaped(m_instance.get(), &Instance::reaped);
    m_instance->sampleNow();
    QCOMPARE(m_instance->pressure()->level(), PressureLevel::Critical);
    QVERIFY(reaped.wait(10'000));
    const ReapReport report = reaped.at(0).at(0).value<ReapReport>();
    QCOMPARE(report.request.requestedBy, QStringLiteral("policy:critical"));
    QVERIFY(report.request.dryRun);
    QCOMPARE(report.request.kind, ReapRequest::Kind::Pass);
    QVERIFY(report.cascade.killed.isEmpty());
}

void tst_InstanceCore::samplesLandInTheHistory()
{
    QString error;
    QVERIFY(m_instance->launch(fakeAgent(), QStringLiteral("h1"), false, &error));
    m_instance->sampleNow();
    m_instance->sampleNow();
    const QList<HistorySample> rows =
        m_instance->history()->samples(0, std::numeric_limits<qint64>::max(), 1000);
    // One row per sample; samples taken within the same millisecond (a sample of this small machine can take
    // less) share a row, so only the newest is sure to be there.
    QVERIFY(!rows.isEmpty());
    const HistorySample &last = rows.last();
    QVERIFY(last.memAvailableKb > 0);
    QVERIFY(last.memTotalKb >= last.memAvailableKb);
    QVERIFY(last.agentCount >= 1); // the launched agent is a member of session h1
    QVERIFY(last.sessions >= 1);
}

void tst_InstanceCore::settingsAndRulesApplyLive()
{
    QSignalSpy reloaded(m_instance.get(), &Instance::settingsReloaded);
    const Paths paths(m_home->path());
    {
        // Another writer (the settings dialog, a person with an editor): the running instance follows.
        Settings other(paths.configFile());
        other.setValue("pool/maxConcurrent", 5);
        other.setValue("status/lingerSeconds", 7);
        other.setValue("reaper/intervalMinutes", 3);
        other.setValue("reaper/paused", true);
        other.sync();
    }
    QVERIFY(reloaded.wait(5000));
    QCOMPARE(m_instance->pool().limits().maxConcurrent, 5);
    QVERIFY(m_instance->reaperPaused());
    QCOMPARE(m_instance->reaperNextRunMs(), -1);

    // A new user rule classifies a running process at once.
    HelperProcess sleeper(helperPath(QStringLiteral("fakeagent")), {QStringLiteral("--tag-live-rule")});
    QVERIFY(sleeper.start());
    auto classOf = [this](const ProcessKey &key) {
        for (const ProcessRecord &record : m_instance->lastSnapshot().processes) {
            if (record.info.key == key)
                return record.cls;
        }
        return ProcessClass::None;
    };
    m_instance->sampleNow();
    QCOMPARE(classOf(sleeper.key()), ProcessClass::None);
    reloaded.clear();
    writeAll(paths.rulesFile(), R"({"rules": [{"name": "live", "class": "daemon", "action": "cleanup",
                                     "program": ["fakeagent"], "args": ["--tag-live-rule"]}]})");
    QVERIFY(reloaded.wait(5000));
    QCOMPARE(classOf(sleeper.key()), ProcessClass::Daemon);

    // Resuming through the instance is persisted.
    m_instance->setReaperPaused(false);
    QVERIFY(!Settings(paths.configFile()).reaperPaused());
    QVERIFY(m_instance->reaperNextRunMs() > 0);
}

void tst_InstanceCore::pausedReaperOnlyNotifies()
{
    m_instance->settings().setValue("policy/leaks", QStringLiteral("auto"));
    m_instance->settings().setValue("status/lingerSeconds", 0);
    m_instance->setReaperPaused(true);
    HelperProcess tree(QStringLiteral("/bin/bash"),
                       {QStringLiteral("-c"), QStringLiteral("exec 3<&0; (\"$1\") & exec \"$1\""),
                        QStringLiteral("bash"), helperPath(QStringLiteral("fakeagent"))});
    QVERIFY(tree.start());
    QVERIFY(tree.waitForLine("ready"));
    QVERIFY(!m_instance->registerProcess(tree.pid(), std::nullopt, QStringLiteral("paused")).isError());
    m_instance->sampleNow();
    ProcessKey child;
    for (const ProcessRecord &record : m_instance->lastSnapshot().processes) {
        if (record.session == QLatin1String("paused") && record.info.key != tree.key())
            child = record.info.key;
    }
    QVERIFY(child.isValid());
    auto cleanup = qScopeGuard([&] { signalVerified(child, SIGKILL); });
    QSignalSpy notices(m_instance.get(), &Instance::notice);
    QSignalSpy reaped(m_instance.get(), &Instance::reaped);
    QVERIFY(signalVerified(tree.key(), SIGKILL));
    QVERIFY(waitGone(tree.key(), 5000));
    tree.process().waitForFinished(5000);
    QTRY_VERIFY_WITH_TIMEOUT((m_instance->sampleNow(), !notices.isEmpty()), 10'000);
    QCOMPARE(notices.first().at(0).toString(), QStringLiteral("leak"));
    QCoreApplication::processEvents();
    QCOMPARE(reaped.size(), 0);
    QVERIFY(alive(child));
}

void tst_InstanceCore::plannedReapRunsExactlyThePlan()
{
    // Two process groups of this test; a person selects one of them.
    QString error;
    AgentProcess *chosen = m_instance->launch(fakeAgent(), QStringLiteral("pick"), false, &error);
    QVERIFY2(chosen, qPrintable(error));
    AgentProcess *other = m_instance->launch(fakeAgent(), QStringLiteral("keep"), false, &error);
    QVERIFY2(other, qPrintable(error));
    m_instance->sampleNow();
    ReapRequest request;
    request.kind = ReapRequest::Kind::Processes;
    request.processes = {chosen->key()};
    request.times = {500, 1000};
    const ReapPlan plan = m_instance->planReap(request);
    QCOMPARE(plan.targets.size(), 1);
    QCOMPARE(plan.targets.first().key, chosen->key());
    QCOMPARE(plan.targets.first().reason, QStringLiteral("selected"));
    const Snapshot planned = m_instance->lastSnapshot();

    // Samples go on between the preview and the confirmation; the run takes the plan, not a new one.
    m_instance->sampleNow();
    ReapJob *job = m_instance->runReap(request, plan, planned, QStringLiteral("test"));
    QSignalSpy finished(job, &ReapJob::finished);
    QVERIFY(finished.wait(10'000));
    const ReapReport report = finished.first().first().value<ReapReport>();
    QCOMPARE(report.cascade.killed.size(), 1);
    QCOMPARE(report.cascade.killed.first().key, chosen->key());
    QVERIFY(!alive(chosen->key()));
    QVERIFY(alive(other->key()));

    // A key whose process is gone is planned as nothing.
    request.processes = {chosen->key()};
    m_instance->sampleNow();
    const ReapPlan again = m_instance->planReap(request);
    QVERIFY(again.targets.isEmpty());
    QCOMPARE(again.skipped.size(), 1);
}

QTEST_GUILESS_MAIN(tst_InstanceCore)
#include "tst_instancecore.moc"
