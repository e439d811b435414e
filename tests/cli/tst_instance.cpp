// The instance as users meet it: agentmonctl daemon, spawn, register, session-end and doctor, as real
// processes talking over loopback, each test in its own AGENTMON_HOME.
#include "auditlog.h"
#include "clock.h"
#include "helperprocess.h"
#include "instanceclient.h"
#include "promtext.h"
#include "testdaemon.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QScopeGuard>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <csignal>
#include <memory>
#include <sys/prctl.h>
#include <unistd.h>

using namespace agentmon;
using namespace agentmon::test;

namespace {

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run agentmonctl(const QStringList &arguments, const QString &home, const QByteArray &input = {},
                const QList<QPair<QString, QString>> &extra = {}, int timeoutMs = 60'000)
{
    QProcess process;
    process.setProcessEnvironment(homeEnvironment(home, extra));
    process.start(QStringLiteral(AGENTMONCTL_PATH), arguments);
    Run run;
    if (!process.waitForStarted(10'000))
        return run;
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(5000);
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

QJsonObject processObject(const InstanceClient &client, int pid)
{
    const auto reply = client.request("GET", QStringLiteral("/api/processes?all=1"));
    for (const QJsonValue &value : reply.json.array()) {
        if (value.toObject().value(QLatin1String("pid")).toInt() == pid)
            return value.toObject();
    }
    return {};
}

} // namespace

class tst_Instance : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void daemonAnswersAndCleansUp();
    void secondDaemonIsRefused();
    void commandsNeedAnInstance();
    void spawnPassesStdioAndExitCode();
    void spawnWithoutInstanceWarns();
    void spawnReportsDeathBySignal();
    void spawnLeavesNoDescendant();
    void poolNeverExceedsItsLimit();
    void noSlotWithinTheWait();
    void registerAndSessionEnd();
    void killedDaemonReattachesOnRestart();
    void apiRefusesWhatItShould();
    void doctorFindsDeadEntry();
    void snapshotAsksTheInstance();
    void reapUsageErrors();
    void reapSessionThroughTheDaemon();
    void reapSessionInProcess();
    void reapOnceDryRunSignalsNothing();
    void metricsFollowTheExpositionFormat();
    void doctorFindsABlindRuleSet();

private:
    std::unique_ptr<QTemporaryDir> m_home;
    QString home() const { return m_home->path(); }
};

void tst_Instance::init()
{
    m_home = std::make_unique<QTemporaryDir>();
    QVERIFY(m_home->isValid());
}

void tst_Instance::daemonAnswersAndCleansUp()
{
    Daemon daemon(home());
    QVERIFY2(daemon.start(), daemon.errors().constData());
    const QString tokenFile = home() + QStringLiteral("/token");
    // Owner read and write, nothing for group and others (Qt's "User" bits repeat the owner's for the
    // caller).
    QCOMPARE(QFileInfo(tokenFile).permissions() &
                 ~(QFileDevice::ReadUser | QFileDevice::WriteUser | QFileDevice::ExeUser),
             QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    const auto health = daemon.client().request("GET", QStringLiteral("/api/health"));
    QVERIFY2(health.ok(), qPrintable(health.error));
    QCOMPARE(health.json.object().value(QLatin1String("status")).toString(), QStringLiteral("ok"));
    QCOMPARE(health.json.object().value(QLatin1String("pid")).toInt(), daemon.info().pid);
    // doctor reports the instance and what the kernel offers it.
    const Run doctor = agentmonctl({QStringLiteral("doctor"), QStringLiteral("--json")}, home());
    const QJsonObject report = QJsonDocument::fromJson(doctor.out).object();
    const QJsonObject instance = report.value(QLatin1String("instance")).toObject();
    QCOMPARE(instance.value(QLatin1String("running")).toBool(), true);
    QCOMPARE(instance.value(QLatin1String("pid")).toInt(), daemon.info().pid);
    QCOMPARE(instance.value(QLatin1String("pidfd")).toBool(), true);
    QCOMPARE(instance.value(QLatin1String("subreaper")).toBool(), true);
    QVERIFY(report.value(QLatin1String("history")).toObject().value(QLatin1String("size_bytes")).toInteger() >
            0);
    QVERIFY(report.contains(QLatin1String("registry")));
    QVERIFY(report.contains(QLatin1String("zombies")));
    const QString level =
        report.value(QLatin1String("pressure")).toObject().value(QLatin1String("level")).toString();
    QVERIFY2(QStringList({"ok", "warning", "critical"}).contains(level), qPrintable(level));
    QVERIFY(!report.value(QLatin1String("pressure"))
                 .toObject()
                 .value(QLatin1String("trigger"))
                 .toString()
                 .isEmpty());
    QVERIFY(report.value(QLatin1String("trend")).toObject().contains(QLatin1String("text")));
    QVERIFY(report.value(QLatin1String("leaks")).isArray());
    QVERIFY(daemon.terminate());
    QCOMPARE(daemon.process().exitStatus(), QProcess::NormalExit);
    QCOMPARE(daemon.process().exitCode(), 0);
    QVERIFY(!QFile::exists(home() + QStringLiteral("/instance.json")));
}

void tst_Instance::secondDaemonIsRefused()
{
    Daemon first(home());
    QVERIFY(first.start());
    const Run second =
        agentmonctl({QStringLiteral("daemon"), QStringLiteral("--port"), QStringLiteral("0")}, home());
    QCOMPARE(second.exitCode, 1);
    QVERIFY2(second.err.contains("already running (pid " + QByteArray::number(first.info().pid)),
             second.err.constData());
    // The first one is untouched and still answers; its instance.json is still there.
    QVERIFY(first.client().request("GET", QStringLiteral("/api/health")).ok());
    QVERIFY(QFile::exists(home() + QStringLiteral("/instance.json")));
}

void tst_Instance::commandsNeedAnInstance()
{
    Run run = agentmonctl({QStringLiteral("register"), QStringLiteral("--pid"), QString::number(::getpid())},
                          home());
    QCOMPARE(run.exitCode, 3);
    QVERIFY(run.err.contains("no running agentmon instance"));
    run = agentmonctl({QStringLiteral("session-end"), QStringLiteral("abc")}, home());
    QCOMPARE(run.exitCode, 3);
    run = agentmonctl({QStringLiteral("register")}, home());
    QCOMPARE(run.exitCode, 2);
}

void tst_Instance::spawnPassesStdioAndExitCode()
{
    Daemon daemon(home());
    QVERIFY(daemon.start());
    const Run run =
        agentmonctl({QStringLiteral("spawn"), QStringLiteral("--"), QStringLiteral("/bin/sh"),
                     QStringLiteral("-c"), QStringLiteral("read x; echo \"got $x\"; echo oops >&2; exit 7")},
                    home(), "hello\n");
    QCOMPARE(run.exitCode, 7);
    QCOMPARE(run.out, QByteArray("got hello\n"));
    QVERIFY2(run.err.contains("oops"), run.err.constData());
    QVERIFY(!run.err.contains("no pool limit"));
}

void tst_Instance::spawnWithoutInstanceWarns()
{
    const Run run = agentmonctl({QStringLiteral("spawn"), QStringLiteral("--"), QStringLiteral("/bin/sh"),
                                 QStringLiteral("-c"), QStringLiteral("exit 4")},
                                home());
    QCOMPARE(run.exitCode, 4);
    QVERIFY2(run.err.contains("no pool limit applies"), run.err.constData());
    // It registered in the registry file while CMD ran and removed itself afterwards.
    QFile registry(home() + QStringLiteral("/registry.json"));
    QVERIFY(registry.open(QIODevice::ReadOnly));
    QCOMPARE(
        QJsonDocument::fromJson(registry.readAll()).object().value(QLatin1String("entries")).toArray().size(),
        0);
}

void tst_Instance::spawnReportsDeathBySignal()
{
    const Run run = agentmonctl({QStringLiteral("spawn"), QStringLiteral("--"), QStringLiteral("/bin/sh"),
                                 QStringLiteral("-c"), QStringLiteral("kill -TERM $$")},
                                home());
    QCOMPARE(run.exitCode, 128 + SIGTERM);
}

void tst_Instance::spawnLeavesNoDescendant()
{
    // CMD double-forks an escapee (own session and group, reparented) and exits at once.
    const Run run =
        agentmonctl({QStringLiteral("spawn"), QStringLiteral("--"), helperPath(QStringLiteral("doublefork")),
                     QStringLiteral("--exit"), helperPath(QStringLiteral("fakeagent"))},
                    home());
    QCOMPARE(run.exitCode, 0);
    int escapee = 0;
    for (const QByteArray &line : run.out.split('\n')) {
        if (line.startsWith("escapee "))
            escapee = line.mid(8).trimmed().toInt();
    }
    QVERIFY(escapee > 1);
    QVERIFY2(run.err.contains("ended 1 process(es) left behind"), run.err.constData());
    const auto key = keyOf(escapee);
    // Gone, or (if the pid was reused meanwhile) not a fakeagent.
    if (key) {
        QFile comm(QStringLiteral("/proc/%1/comm").arg(escapee));
        QVERIFY(comm.open(QIODevice::ReadOnly));
        QVERIFY(!comm.readAll().startsWith("fakeagent"));
    }
}

void tst_Instance::poolNeverExceedsItsLimit()
{
    Daemon daemon(home(), {{QStringLiteral("AGENTMON_MAX_CONCURRENT"), QStringLiteral("2")}});
    QVERIFY(daemon.start());
    constexpr int count = 20;
    std::vector<std::unique_ptr<QProcess>> spawns;
    for (int i = 0; i < count; ++i) {
        auto process = std::make_unique<QProcess>();
        process->setProcessEnvironment(homeEnvironment(home()));
        // Each child reports when it really ran, from its own clock.
        process->start(QStringLiteral(AGENTMONCTL_PATH),
                       {QStringLiteral("spawn"), QStringLiteral("--"), QStringLiteral("/bin/sh"),
                        QStringLiteral("-c"), QStringLiteral("date +%s%N; sleep 0.2; date +%s%N")});
        spawns.push_back(std::move(process));
    }
    QList<QPair<qint64, qint64>> intervals;
    for (auto &process : spawns) {
        QVERIFY(process->waitForFinished(120'000));
        QCOMPARE(process->exitCode(), 0);
        const QList<QByteArray> lines = process->readAllStandardOutput().trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        intervals.append({lines.at(0).toLongLong(), lines.at(1).toLongLong()});
    }
    int maxOverlap = 0;
    for (const auto &a : std::as_const(intervals)) {
        int overlap = 0;
        for (const auto &b : std::as_const(intervals)) {
            if (b.first <= a.first && a.first < b.second)
                ++overlap;
        }
        maxOverlap = std::max(maxOverlap, overlap);
    }
    QVERIFY2(maxOverlap <= 2, qPrintable(QStringLiteral("%1 ran at once").arg(maxOverlap)));
    QVERIFY(maxOverlap >= 1);
}

void tst_Instance::noSlotWithinTheWait()
{
    Daemon daemon(home(), {{QStringLiteral("AGENTMON_MAX_CONCURRENT"), QStringLiteral("1")}});
    QVERIFY(daemon.start());
    QProcess holder;
    holder.setProcessEnvironment(homeEnvironment(home()));
    holder.start(QStringLiteral(AGENTMONCTL_PATH),
                 {QStringLiteral("spawn"), QStringLiteral("--"), helperPath(QStringLiteral("fakeagent"))});
    auto stop = qScopeGuard([&] {
        if (holder.state() != QProcess::NotRunning) {
            ::kill(pid_t(holder.processId()), SIGTERM); // forwarded to the fake agent
            holder.waitForFinished(20'000);
        }
    });
    QVERIFY(holder.waitForReadyRead(20'000)); // "ready": it holds the only slot
    const Run waiter = agentmonctl({QStringLiteral("spawn"), QStringLiteral("--wait"), QStringLiteral("0.5"),
                                    QStringLiteral("--"), QStringLiteral("/bin/true")},
                                   home());
    QCOMPARE(waiter.exitCode, 75);
    QVERIFY2(waiter.err.contains("slot"), waiter.err.constData());

    // A waiter can be interrupted while it waits (Ctrl-C, SIGTERM): it ends at once and CMD never runs.
    const QString marker = home() + QStringLiteral("/ran");
    QProcess patient;
    patient.setProcessEnvironment(homeEnvironment(home()));
    patient.start(QStringLiteral(AGENTMONCTL_PATH),
                  {QStringLiteral("spawn"), QStringLiteral("--wait"), QStringLiteral("60"),
                   QStringLiteral("--"), QStringLiteral("/bin/sh"), QStringLiteral("-c"),
                   QStringLiteral("echo ran > '%1'").arg(marker)});
    QVERIFY(patient.waitForStarted(10'000));
    const InstanceClient client = daemon.client();
    QTRY_COMPARE_WITH_TIMEOUT(client.request("GET", QStringLiteral("/api/doctor"))
                                  .json.object()
                                  .value(QLatin1String("pool"))
                                  .toObject()
                                  .value(QLatin1String("waiting"))
                                  .toInt(),
                              1, 20'000);
    ::kill(pid_t(patient.processId()), SIGTERM);
    QVERIFY(patient.waitForFinished(5000));
    QCOMPARE(patient.exitCode(), 128 + SIGTERM);
    QVERIFY(!QFile::exists(marker));
    QTRY_COMPARE_WITH_TIMEOUT(client.request("GET", QStringLiteral("/api/doctor"))
                                  .json.object()
                                  .value(QLatin1String("pool"))
                                  .toObject()
                                  .value(QLatin1String("waiting"))
                                  .toInt(),
                              0, 10'000);
    stop.dismiss();
    ::kill(pid_t(holder.processId()), SIGTERM);
    QVERIFY(holder.waitForFinished(20'000));
    QCOMPARE(holder.exitCode(), 128 + SIGTERM); // the signal reached CMD, and its death came back
}

void tst_Instance::registerAndSessionEnd()
{
    Daemon daemon(home());
    QVERIFY(daemon.start());
    HelperProcess agent(helperPath(QStringLiteral("fakeagent")), {QStringLiteral("-p"), QStringLiteral("x")},
                        QStringLiteral("claude"));
    QVERIFY(agent.start());
    Run run = agentmonctl({QStringLiteral("register"), QStringLiteral("--pid"), QString::number(agent.pid()),
                           QStringLiteral("--session"), QStringLiteral("hook 1 \u00e4")},
                          home());
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY2(QString::fromUtf8(run.out).contains(QStringLiteral(u"in session hook 1 \u00e4")),
             run.out.constData());
    const QJsonObject object = processObject(daemon.client(), agent.pid());
    QCOMPARE(object.value(QLatin1String("session")).toString(), QStringLiteral("hook 1 \u00e4"));
    QCOMPARE(object.value(QLatin1String("tracked")).toBool(), true);
    run = agentmonctl({QStringLiteral("session-end"), QStringLiteral("hook 1 \u00e4")}, home());
    QCOMPARE(run.exitCode, 0);
    const auto sessions = daemon.client().request("GET", QStringLiteral("/api/sessions"));
    QVERIFY(sessions.ok());
    run = agentmonctl({QStringLiteral("register"), QStringLiteral("--pid"), QStringLiteral("999999999")},
                      home());
    QCOMPARE(run.exitCode, 1);
}

void tst_Instance::killedDaemonReattachesOnRestart()
{
    HelperProcess agent(helperPath(QStringLiteral("fakeagent")),
                        {QStringLiteral("--output-format"), QStringLiteral("stream-json")},
                        QStringLiteral("claude"));
    QVERIFY(agent.start());
    {
        Daemon daemon(home());
        QVERIFY(daemon.start());
        const Run run =
            agentmonctl({QStringLiteral("register"), QStringLiteral("--pid"), QString::number(agent.pid()),
                         QStringLiteral("--session"), QStringLiteral("survivor")},
                        home());
        QCOMPARE(run.exitCode, 0);
        daemon.killHard(); // no shutdown, no clean-up: instance.json and the lock stay behind
    }
    Daemon again(home());
    QVERIFY2(again.start(), again.errors().constData());
    const QJsonObject object = processObject(again.client(), agent.pid());
    QCOMPARE(object.value(QLatin1String("tracked")).toBool(), true);
    QCOMPARE(object.value(QLatin1String("session")).toString(), QStringLiteral("survivor"));
    QCOMPARE(object.value(QLatin1String("starttime")).toInteger(), qint64(agent.key().starttime));
}

void tst_Instance::apiRefusesWhatItShould()
{
    Daemon daemon(home());
    QVERIFY(daemon.start());
    InstanceClient noToken(daemon.info().port, QByteArray());
    QCOMPARE(noToken.request("GET", QStringLiteral("/api/processes")).status, 401);
    QCOMPARE(noToken.request("GET", QStringLiteral("/api/health")).status, 200);
    const InstanceClient client = daemon.client();
    QCOMPARE(client.request("GET", QStringLiteral("/api/nothing")).status, 404);
    QCOMPARE(client
                 .request("POST", QStringLiteral("/api/register"),
                          QJsonObject{{QStringLiteral("pid"), QStringLiteral("x")}})
                 .status,
             400);
    QCOMPARE(client.request("DELETE", QStringLiteral("/api/slots/424242")).status, 404);
    QCOMPARE(
        client.request("POST", QStringLiteral("/api/slots"), QJsonObject{{QStringLiteral("pid"), 999999999}})
            .status,
        409);
}

void tst_Instance::doctorFindsDeadEntry()
{
    // A registry entry of a process that has exited, planted before any instance runs.
    HelperProcess gone(helperPath(QStringLiteral("fakeagent")), {});
    QVERIFY(gone.start());
    const ProcessKey key = gone.key();
    gone.stop();
    QFile registry(home() + QStringLiteral("/registry.json"));
    QVERIFY(registry.open(QIODevice::WriteOnly));
    registry.write(
        QJsonDocument(QJsonObject{{QStringLiteral("format"), QStringLiteral("agentmon-registry")},
                                  {QStringLiteral("version"), 1},
                                  {QStringLiteral("boot_id"), QString()},
                                  {QStringLiteral("entries"),
                                   QJsonArray{QJsonObject{
                                       {QStringLiteral("id"), QStringLiteral("rg-000000000001")},
                                       {QStringLiteral("pid"), key.pid},
                                       {QStringLiteral("starttime"), qint64(key.starttime)},
                                       {QStringLiteral("pgid"), key.pid},
                                       {QStringLiteral("session"), QStringLiteral("s")},
                                       {QStringLiteral("kind"), QStringLiteral("registered")},
                                       {QStringLiteral("command"), QJsonArray()},
                                       {QStringLiteral("started_at"), QStringLiteral("2026-01-01T00:00:00Z")},
                                       {QStringLiteral("lineage"), QJsonArray()}}}}})
            .toJson());
    registry.close();
    const Run run = agentmonctl({QStringLiteral("doctor"), QStringLiteral("--json")}, home());
    QCOMPARE(run.exitCode, 1);
    const QJsonObject report = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(report.value(QLatin1String("instance")).toObject().value(QLatin1String("running")).toBool(),
             false);
    QCOMPARE(report.value(QLatin1String("registry")).toObject().value(QLatin1String("dead_pids")).toArray(),
             QJsonArray{key.pid});
    QVERIFY(!report.value(QLatin1String("problems")).toArray().isEmpty());
}

void tst_Instance::snapshotAsksTheInstance()
{
    // Only the instance knows the session a hook gave this process, and that it is tracked.
    Daemon daemon(home());
    QVERIFY(daemon.start());
    HelperProcess agent(helperPath(QStringLiteral("fakeagent")), {QStringLiteral("-p"), QStringLiteral("x")},
                        QStringLiteral("claude"));
    QVERIFY(agent.start());
    QCOMPARE(agentmonctl({QStringLiteral("register"), QStringLiteral("--pid"), QString::number(agent.pid()),
                          QStringLiteral("--session"), QStringLiteral("from-hook")},
                         home())
                 .exitCode,
             0);
    const Run json = agentmonctl({QStringLiteral("snapshot"), QStringLiteral("--json")}, home());
    QCOMPARE(json.exitCode, 0);
    QJsonObject mine;
    for (const QJsonValue &value : QJsonDocument::fromJson(json.out).array()) {
        if (value.toObject().value(QLatin1String("pid")).toInt() == agent.pid())
            mine = value.toObject();
    }
    QCOMPARE(mine.value(QLatin1String("session")).toString(), QStringLiteral("from-hook"));
    QCOMPARE(mine.value(QLatin1String("tracked")).toBool(), true);
    const Run table = agentmonctl({QStringLiteral("snapshot")}, home());
    QVERIFY(table.out.contains("from-hook"));
    QVERIFY(table.out.contains("(from the running instance)"));
}

void tst_Instance::reapUsageErrors()
{
    QCOMPARE(agentmonctl({QStringLiteral("reap")}, home()).exitCode, 2);
    QCOMPARE(agentmonctl({QStringLiteral("reap"), QStringLiteral("--once"), QStringLiteral("--session"),
                          QStringLiteral("x")},
                         home())
                 .exitCode,
             2);
    QCOMPARE(agentmonctl({QStringLiteral("reap"), QStringLiteral("--session"), QStringLiteral("x"),
                          QStringLiteral("--min-age"), QStringLiteral("3")},
                         home())
                 .exitCode,
             2);
    QCOMPARE(agentmonctl({QStringLiteral("reap"), QStringLiteral("--once"), QStringLiteral("--grace"),
                          QStringLiteral("-1")},
                         home())
                 .exitCode,
             2);
}

namespace {
// A headless claude with an MCP-like child, both ignoring nothing.
std::unique_ptr<HelperProcess> agentTree()
{
    const QString script =
        QStringLiteral("exec 3<&0; (exec -a node \"$1\" "
                       "/x/node_modules/@modelcontextprotocol/server-memory/dist/index.js) & "
                       "exec -a claude \"$1\" --output-format stream-json");
    auto tree = std::make_unique<HelperProcess>(
        QStringLiteral("/bin/bash"), QStringList{QStringLiteral("-c"), script, QStringLiteral("bash"),
                                                 helperPath(QStringLiteral("fakeagent"))});
    return tree;
}

QList<AuditEntry> auditRows(const QString &home, const QString &session)
{
    SystemClock clock;
    AuditLog log(home + QStringLiteral("/history.sqlite"), clock);
    if (!log.open())
        return {};
    return log.entriesForSession(session);
}
} // namespace

void tst_Instance::reapSessionThroughTheDaemon()
{
    Daemon daemon(home());
    QVERIFY(daemon.start());
    auto tree = agentTree();
    QVERIFY(tree->start());
    QVERIFY(tree->waitForLine("ready")); // both processes are up
    QCOMPARE(agentmonctl({QStringLiteral("register"), QStringLiteral("--pid"), QString::number(tree->pid()),
                          QStringLiteral("--session"), QStringLiteral("r1")},
                         home())
                 .exitCode,
             0);
    // The next sample attributes the child to r1 as well.
    const InstanceClient client = daemon.client();
    QTRY_VERIFY_WITH_TIMEOUT(
        client.request("GET", QStringLiteral("/api/sessions")).json.array().size() > 0 &&
            [&] {
                for (const QJsonValue &v :
                     client.request("GET", QStringLiteral("/api/sessions")).json.array()) {
                    if (v.toObject().value(QLatin1String("id")).toString() == QLatin1String("r1"))
                        return v.toObject().value(QLatin1String("processes")).toInt() == 2;
                }
                return false;
            }(),
        10'000);

    Run dry = agentmonctl({QStringLiteral("reap"), QStringLiteral("--session"), QStringLiteral("r1"),
                           QStringLiteral("--dry-run"), QStringLiteral("--json")},
                          home());
    QCOMPARE(dry.exitCode, 0);
    QJsonObject report = QJsonDocument::fromJson(dry.out).object();
    QCOMPARE(report.value(QLatin1String("dry_run")).toBool(), true);
    QCOMPARE(report.value(QLatin1String("targets")).toArray().size(), 2);
    QVERIFY(report.value(QLatin1String("killed")).toArray().isEmpty());
    QCOMPARE(tree->process().state(), QProcess::Running);

    const Run real = agentmonctl({QStringLiteral("reap"), QStringLiteral("--session"), QStringLiteral("r1"),
                                  QStringLiteral("--grace"), QStringLiteral("2000")},
                                 home());
    QCOMPARE(real.exitCode, 0);
    QVERIFY2(real.out.contains("killed 2 process(es)"), real.out.constData());
    QVERIFY2(real.out.contains("of session r1: 2 by TERM in"), real.out.constData());
    QVERIFY(tree->process().waitForFinished(5000) || tree->process().state() == QProcess::NotRunning);

    const QList<AuditEntry> rows = auditRows(home(), QStringLiteral("r1"));
    int killed = 0;
    int planned = 0;
    for (const AuditEntry &row : rows) {
        QCOMPARE(row.requestedBy, QStringLiteral("api"));
        killed += row.outcome == QLatin1String("killed");
        planned += row.outcome == QLatin1String("planned");
    }
    QCOMPARE(killed, 2);
    QCOMPARE(planned, 2);
    // An unknown session is an error, not an empty reap.
    const Run unknown =
        agentmonctl({QStringLiteral("reap"), QStringLiteral("--session"), QStringLiteral("nope")}, home());
    QCOMPARE(unknown.exitCode, 1);
    QVERIFY2(unknown.err.contains("no session nope"), unknown.err.constData());
}

void tst_Instance::reapSessionInProcess()
{
    auto tree = agentTree();
    QVERIFY(tree->start());
    QVERIFY(tree->waitForLine("ready"));
    const QString session = QStringLiteral("pid-%1-%2").arg(tree->pid()).arg(tree->key().starttime);
    const Run run = agentmonctl({QStringLiteral("reap"), QStringLiteral("--session"), session,
                                 QStringLiteral("--json"), QStringLiteral("--grace"), QStringLiteral("2000")},
                                home());
    QCOMPARE(run.exitCode, 0);
    const QJsonObject report = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(report.value(QLatin1String("status")).toString(), QStringLiteral("ok"));
    QCOMPARE(report.value(QLatin1String("killed")).toArray().size(), 2);
    QCOMPARE(report.value(QLatin1String("requested_by")).toString(), QStringLiteral("person"));
    QVERIFY(tree->process().waitForFinished(5000) || tree->process().state() == QProcess::NotRunning);
    QCOMPARE(auditRows(home(), session).size(), 2);
}

void tst_Instance::reapOnceDryRunSignalsNothing()
{
    // An orphaned agent of this test: a dry-run pass lists it and touches nothing (a real pass would look at
    // the whole machine, which a test must not signal).
    HelperProcess launcher(helperPath(QStringLiteral("doublefork")),
                           {QStringLiteral("--exit"), QStringLiteral("/bin/bash"), QStringLiteral("-c"),
                            QStringLiteral("exec -a claude \"$0\" -p orphaned"),
                            helperPath(QStringLiteral("fakeagent"))});
    ProcessKey orphan;
    auto cleanup = qScopeGuard([&] {
        if (orphan.isValid())
            signalVerified(orphan, SIGKILL);
    });
    QVERIFY(launcher.start("escapee"));
    QVERIFY(launcher.process().waitForFinished(10'000));
    // The escapee's pid was on the line start() consumed; find it as the orphaned "claude -p orphaned".
    const Run run =
        agentmonctl({QStringLiteral("reap"), QStringLiteral("--once"), QStringLiteral("--dry-run"),
                     QStringLiteral("--min-age"), QStringLiteral("0"), QStringLiteral("--json")},
                    home());
    QCOMPARE(run.exitCode, 0);
    const QJsonObject report = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(report.value(QLatin1String("dry_run")).toBool(), true);
    for (const QJsonValue &v : report.value(QLatin1String("targets")).toArray()) {
        if (v.toObject().value(QLatin1String("cmdline")).toString() == QLatin1String("claude -p orphaned"))
            orphan = {v.toObject().value(QLatin1String("pid")).toInt(),
                      quint64(v.toObject().value(QLatin1String("starttime")).toInteger())};
    }
    QVERIFY2(orphan.isValid(), run.out.constData());
    QVERIFY(report.value(QLatin1String("killed")).toArray().isEmpty());
    QVERIFY(keyOf(orphan.pid) == orphan); // still alive, untouched
}

void tst_Instance::metricsFollowTheExpositionFormat()
{
    Daemon daemon(home());
    QVERIFY(daemon.start());
    auto tree = agentTree();
    QVERIFY(tree->start());
    QVERIFY(tree->waitForLine("ready"));
    QCOMPARE(agentmonctl({QStringLiteral("register"), QStringLiteral("--pid"), QString::number(tree->pid()),
                          QStringLiteral("--session"), QStringLiteral("m1")},
                         home())
                 .exitCode,
             0);
    const Run reap =
        agentmonctl({QStringLiteral("reap"), QStringLiteral("--session"), QStringLiteral("m1")}, home());
    QCOMPARE(reap.exitCode, 0);

    // /metrics needs no token (Prometheus scrapes it), and is plain text.
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, daemon.info().port);
    QVERIFY(socket.waitForConnected(5000));
    socket.write("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(daemon.info().port) +
                 "\r\nConnection: close\r\n\r\n");
    QByteArray response;
    auto complete = [&response] {
        const qsizetype end = response.indexOf("\r\n\r\n");
        if (end < 0)
            return false;
        const qsizetype at = response.indexOf("Content-Length: ");
        if (at < 0 || at > end)
            return false;
        const qsizetype length = response.mid(at + 16, response.indexOf("\r\n", at) - at - 16).toLongLong();
        return response.size() >= end + 4 + length;
    };
    while (!complete() && socket.waitForReadyRead(5000))
        response += socket.readAll();
    QVERIFY2(response.startsWith("HTTP/1.1 200"), response.left(200).constData());
    QVERIFY(response.contains("Content-Type: text/plain; version=0.0.4"));
    const QByteArray body = response.mid(response.indexOf("\r\n\r\n") + 4);
    const PromText metrics = parsePromText(body);
    QVERIFY2(metrics.problems.isEmpty(), qPrintable(metrics.problems.join(QLatin1Char('\n'))));
    for (const char *name :
         {"agentmon_agent_processes", "agentmon_agent_rss_bytes", "agentmon_agent_pss_bytes",
          "agentmon_agent_swap_bytes", "agentmon_orphans", "agentmon_leaked_sessions", "agentmon_zombies",
          "agentmon_memory_available_bytes", "agentmon_swap_used_bytes", "agentmon_kills_total",
          "agentmon_reap_failures_total", "agentmon_pool_slots_in_use", "agentmon_pool_waiting",
          "agentmon_sample_duration_seconds", "agentmon_api_requests_total", "agentmon_pressure_level",
          "agentmon_agent_processes_per_hour"})
        QVERIFY2(metrics.has(QString::fromLatin1(name)), name);
    QVERIFY(metrics.value(QStringLiteral("agentmon_memory_available_bytes")) > 0);
    QCOMPARE(
        metrics.value(QStringLiteral("agentmon_kills_total"), {{"signal", "TERM"}, {"requested_by", "api"}}),
        2.0);
    QCOMPARE(metrics.value(QStringLiteral("agentmon_reaps_total")), 1.0);
    QVERIFY(metrics.value(QStringLiteral("agentmon_api_requests_total"), {{"code", "200"}}) >= 2);
}

void tst_Instance::doctorFindsABlindRuleSet()
{
    // A program the kernel calls "claude" (its executable's name) that no rule recognises: say a new release
    // started its agents under another argv[0]. doctor must notice that the rules went blind.
    QTemporaryDir bin;
    const QString claude = bin.filePath(QStringLiteral("claude"));
    QVERIFY(QFile::link(helperPath(QStringLiteral("fakeagent")), claude));
    HelperProcess blind(claude, {QStringLiteral("--new-protocol")}, QStringLiteral("agent-runtime"));
    QVERIFY(blind.start());
    Daemon daemon(home());
    QVERIFY(daemon.start());
    const Run run = agentmonctl({QStringLiteral("doctor"), QStringLiteral("--json")}, home());
    QCOMPARE(run.exitCode, 1);
    const QJsonObject report = QJsonDocument::fromJson(run.out).object();
    const QJsonObject drift = report.value(QLatin1String("drift")).toObject();
    QVERIFY(drift.value(QLatin1String("claude_named")).toInt() >
            drift.value(QLatin1String("claude_matched")).toInt());
    bool named = false;
    for (const QJsonValue &p : report.value(QLatin1String("problems")).toArray())
        named = named || p.toObject()
                             .value(QLatin1String("problem"))
                             .toString()
                             .contains(QLatin1String("matched by the rules"));
    QVERIFY2(named, run.out.constData());
}

QTEST_GUILESS_MAIN(tst_Instance)
#include "tst_instance.moc"
