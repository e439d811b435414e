// Fault injection: the instance (a real `agentmonctl daemon`) is killed with SIGKILL in the middle of a
// session reap — SIGTERM sent, the grace period running — and what happens next is watched on real processes.
//   spawnedSessionEnds*: a session started through `agentmonctl spawn` (CMD in a process group of its own,
//     with children, a grandchild that ignores SIGTERM and a double-forked escapee that ignores it too).
//   registeredSessionIsFinishedOnRestart: a session registered by the API, not a child of the daemon, next to
//     a bystander session that must not be touched.
// The GUI runs the same Instance in-process (ui/coreworker.cpp), so the mark-and-resume tested here is the
// GUI's too.
#include "restartsupport.h"

#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace agentmon;
using namespace agentmon::test;

namespace {

constexpr int kReapGraceMs = 8000; // long enough that the daemon is surely mid-reap when it is killed

void writeConf(const QString &home, int graceMs)
{
    // The periodic reaper and the automatic policies look at the whole machine: off. A sample every second
    // keeps the waits for what the daemon sees short. graceMs is what `spawn` uses for CMD's leftovers (the
    // reaps below pass --grace).
    QFile conf(home + QStringLiteral("/agentmon.conf"));
    QVERIFY(conf.open(QIODevice::WriteOnly));
    conf.write(QStringLiteral("[sampler]\ndaemonIntervalSeconds=1\n"
                              "[reaper]\nintervalMinutes=0\ngraceMs=%1\n"
                              "[policy]\norphans=off\nleaks=off\n")
                   .arg(graceMs)
                   .toUtf8());
}

// `agentmonctl reap --session ID --grace MS`, left running: it is cut off when its daemon dies.
std::unique_ptr<QProcess> startReap(const QString &home, const QString &session)
{
    auto reap = std::make_unique<QProcess>();
    reap->setProcessEnvironment(homeEnvironment(home));
    reap->start(QStringLiteral(AGENTMONCTL_PATH),
                {QStringLiteral("reap"), QStringLiteral("--session"), session, QStringLiteral("--grace"),
                 QString::number(kReapGraceMs)});
    return reap;
}

int pidAfter(HelperProcess &helper, const QByteArray &prefix)
{
    const auto rest = helper.waitForLine(prefix + ' ');
    return rest ? rest->split(' ').first().toInt() : 0;
}

} // namespace

class tst_FaultRestart : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void spawnedSessionEndsWhenTheDaemonDies();
    void spawnedSessionEndsWhenDaemonAndSpawnDie();
    void registeredSessionIsFinishedOnRestart();

private:
    void spawnedSession(bool killSpawnToo);
    std::unique_ptr<QTemporaryDir> m_home;
    QString home() const { return m_home->path(); }
    QString registryFile() const { return home() + QStringLiteral("/registry.json"); }
    QString historyFile() const { return home() + QStringLiteral("/history.sqlite"); }
};

void tst_FaultRestart::init()
{
    m_home = std::make_unique<QTemporaryDir>();
    QVERIFY(m_home->isValid());
}

void tst_FaultRestart::spawnedSessionEndsWhenTheDaemonDies()
{
    spawnedSession(false);
}

void tst_FaultRestart::spawnedSessionEndsWhenDaemonAndSpawnDie()
{
    spawnedSession(true);
}

void tst_FaultRestart::spawnedSession(bool killSpawnToo)
{
    // spawn ends CMD's leftovers with this grace period: short when it is meant to do so, long when it is
    // killed before it can.
    writeConf(home(), killSpawnToo ? 60'000 : 1000);
    ProcessGuard guard;
    auto daemon = std::make_unique<Daemon>(home());
    QVERIFY2(daemon->start(), daemon->errors().constData());

    // CMD (bash, obeys SIGTERM) -> inner bash (obeys) -> stubborn fakeagent (ignores SIGTERM)
    //                           -> doublefork --hold -> middle (held) -> escapee fakeagent (ignores SIGTERM)
    const QString fakeagent = helperPath(QStringLiteral("fakeagent"));
    const QString script =
        QStringLiteral("exec 3<&0; echo \"cmd $$\"; echo \"pid $$\"; "
                       "bash -c 'AGENTMON_HELPER_IGNORE_TERM=1 \"$0\" & echo \"stubborn $!\"; wait' \"$1\" & "
                       "echo \"inner $!\"; "
                       "AGENTMON_HELPER_IGNORE_TERM=1 \"$2\" --hold \"$1\" <&3 & echo \"df $!\"; wait");
    HelperProcess spawn(QStringLiteral(AGENTMONCTL_PATH),
                        {QStringLiteral("spawn"), QStringLiteral("--session"), QStringLiteral("fa"),
                         QStringLiteral("--"), QStringLiteral("/bin/bash"), QStringLiteral("-c"), script,
                         QStringLiteral("agent"), fakeagent, helperPath(QStringLiteral("doublefork"))},
                        {}, homeEnvironment(home()));
    QVERIFY(spawn.start("cmd"));
    const ProcessKey wrapper = guard.watch(spawn.pid());
    const ProcessKey cmd = guard.watch(pidAfter(spawn, "pid"));
    const ProcessKey stubborn = guard.watch(pidAfter(spawn, "stubborn"));
    const ProcessKey inner = guard.watch(pidAfter(spawn, "inner"));
    const ProcessKey doublefork = guard.watch(pidAfter(spawn, "df"));
    const ProcessKey escapee = guard.watch(pidAfter(spawn, "escapee"));
    const ProcessKey middle = guard.watch(pidAfter(spawn, "middle"));
    QVERIFY(cmd.isValid() && stubborn.isValid() && inner.isValid() && doublefork.isValid() &&
            escapee.isValid() && middle.isValid());
    // Both stubborn ones ignore SIGTERM from here on.
    QVERIFY(spawn.waitForLine(QByteArray("ready ") + QByteArray::number(stubborn.pid)));
    QVERIFY(spawn.waitForLine(QByteArray("ready ") + QByteArray::number(escapee.pid)));

    // The daemon sees the whole tree as session fa before the escapee leaves it.
    const InstanceClient client = daemon->client();
    QTRY_COMPARE_WITH_TIMEOUT(sessionSize(client, QStringLiteral("fa")), 6, 15'000);
    spawn.process().write("release\n");
    QVERIFY(spawn.process().waitForBytesWritten(5000));
    QVERIFY(spawn.waitForLine("released"));
    QVERIFY(waitGone(middle, 5000));
    QTRY_COMPARE_WITH_TIMEOUT(parentOf(escapee.pid), spawn.pid(), 5000); // adopted by the subreaper
    QTRY_COMPARE_WITH_TIMEOUT(sessionSize(client, QStringLiteral("fa")), 5, 15'000);

    // The reap starts; those that obey SIGTERM end at once (CMD's end also makes spawn end its leftovers,
    // which SIGTERMs them too): the daemon is then in the grace period.
    auto reap = startReap(home(), QStringLiteral("fa"));
    auto stopReap = qScopeGuard([&reap] {
        reap->kill();
        reap->waitForFinished(5000);
    });
    for (const ProcessKey &key : {cmd, inner, doublefork})
        QVERIFY(waitGone(key, 10'000));
    // The mark was written before the first signal.
    const QJsonArray marks = reapMarksFor(registryFile(), QStringLiteral("fa"));
    QCOMPARE(marks.size(), 1);
    QCOMPARE(marks.at(0).toObject().value(QLatin1String("requested_by")).toString(), QStringLiteral("api"));
    QCOMPARE(marks.at(0).toObject().value(QLatin1String("grace_ms")).toInteger(), qint64(kReapGraceMs));
    QCOMPARE(marks.at(0).toObject().value(QLatin1String("targets")).toArray().size(), 5);

    daemon->killHard();
    QCOMPARE(daemon->process().exitStatus(), QProcess::CrashExit);
    QVERIFY(reap->waitForFinished(10'000));
    QVERIFY(reap->exitCode() != 0); // its daemon died: no report

    if (!killSpawnToo) {
        // spawn, CMD's child subreaper, saw CMD end and ends what it left behind (SIGTERM, its grace period,
        // SIGKILL): the stubborn grandchild and the escapee it adopted. No agentmon instance is running.
        for (const ProcessKey &key : {stubborn, escapee, inner, doublefork})
            QVERIFY2(waitGone(key, 20'000), qPrintable(QString::number(key.pid)));
        QVERIFY(spawn.process().waitForFinished(10'000));
        QCOMPARE(spawn.process().exitCode(), 128 + SIGTERM); // CMD died of the daemon's SIGTERM
        const QByteArray err = spawn.process().readAllStandardError();
        QVERIFY2(err.contains("left behind by /bin/bash"), err.constData());
    } else {
        // spawn dies too before its grace period is over. CMD is gone already; spawn's adopted escapee and
        // the stubborn grandchild are orphans once more: the kernel gives them to the next subreaper up or
        // to PID 1, and nothing signals them (a parent-death signal only reaches a process's own child).
        QVERIFY(signalVerified(wrapper, SIGKILL));
        QVERIFY(spawn.process().waitForFinished(10'000));
        QTRY_VERIFY_WITH_TIMEOUT(parentOf(escapee.pid) != spawn.pid() && parentOf(escapee.pid) > 0, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(parentOf(stubborn.pid) != spawn.pid() && parentOf(stubborn.pid) > 0, 5000);
        QVERIFY(alive(stubborn));
        QVERIFY(alive(escapee));
    }

    // The next instance finds the mark and finishes the reap: what is left gets SIGKILL once the grace
    // period of the interrupted reap is over; the mark goes.
    Daemon again(home());
    QVERIFY2(again.start(), again.errors().constData());
    QVERIFY2(again.errors().contains("resuming the reap"), again.errors().constData());
    for (const ProcessKey &key : {stubborn, escapee, inner, doublefork, cmd})
        QVERIFY2(waitGone(key, 20'000), qPrintable(QString::number(key.pid)));
    QTRY_VERIFY_WITH_TIMEOUT(reapMarksFor(registryFile(), QStringLiteral("fa")).isEmpty(), 10'000);
    QVERIFY(!readJsonFile(registryFile()).contains(QLatin1String("reaps")));

    // The audit log says what the resumed reap did, asked by "resume".
    QList<AuditEntry> resumed;
    auto rowsText = [&] {
        QStringList text;
        for (const AuditEntry &row : auditRows(historyFile(), QStringLiteral("fa")))
            text.append(
                QStringLiteral("%1 %2 %3 %4").arg(row.key.pid).arg(row.requestedBy, row.outcome, row.reason));
        const QJsonObject doctor = again.client().request("GET", QStringLiteral("/api/doctor")).json.object();
        return text.join(u'\n') + u'\n' +
               QString::fromUtf8(QJsonDocument(doctor.value(QLatin1String("history")).toObject()).toJson()) +
               QString::fromUtf8(again.errors());
    };
    QTRY_VERIFY2_WITH_TIMEOUT(
        [&] {
            resumed.clear();
            for (const AuditEntry &row : auditRows(historyFile(), QStringLiteral("fa"))) {
                if (row.requestedBy == QLatin1String("resume"))
                    resumed.append(row);
            }
            return resumed.size() >= 5;
        }(),
        qPrintable(rowsText()), 10'000);
    QSet<ProcessKey> accounted;
    for (const AuditEntry &row : std::as_const(resumed)) {
        QVERIFY2(row.trigger.contains(QLatin1String("requested by api")), qPrintable(row.trigger));
        accounted.insert(row.key);
        if (killSpawnToo && (row.key == stubborn || row.key == escapee)) {
            QCOMPARE(row.outcome, QStringLiteral("killed"));
            QCOMPARE(row.signal, QStringLiteral("KILL"));
        }
    }
    for (const ProcessKey &key : {cmd, inner, stubborn, doublefork, escapee})
        QVERIFY2(accounted.contains(key), qPrintable(QString::number(key.pid)));
    QVERIFY(!accounted.contains(wrapper)); // spawn is not of the session: never a target
}

void tst_FaultRestart::registeredSessionIsFinishedOnRestart()
{
    writeConf(home(), 5000);
    ProcessGuard guard;
    auto daemon = std::make_unique<Daemon>(home());
    QVERIFY2(daemon->start(), daemon->errors().constData());

    // The victim, started by the test in a process group of its own: root (obeys SIGTERM) -> stubborn
    // (ignores it), root -> mid -> grand (both obey).
    const QString script = QStringLiteral(
        "AGENTMON_HELPER_IGNORE_TERM=1 \"$1\" & echo \"stubborn $!\"; "
        "bash -c '\"$0\" & echo \"grand $!\"; wait' \"$1\" & echo \"mid $!\"; echo \"root $$\"; wait");
    HelperProcess victim(QStringLiteral("/bin/bash"), {QStringLiteral("-c"), script, QStringLiteral("agent"),
                                                       helperPath(QStringLiteral("fakeagent"))});
    QVERIFY(victim.start("root"));
    const ProcessKey root = guard.watch(victim.pid());
    const ProcessKey stubborn = guard.watch(pidAfter(victim, "stubborn"));
    const ProcessKey mid = guard.watch(pidAfter(victim, "mid"));
    const ProcessKey grand = guard.watch(pidAfter(victim, "grand"));
    QVERIFY(root.isValid() && stubborn.isValid() && mid.isValid() && grand.isValid());
    QVERIFY(victim.waitForLine(QByteArray("ready ") + QByteArray::number(stubborn.pid)));
    QVERIFY(victim.waitForLine(QByteArray("ready ") + QByteArray::number(grand.pid)));

    // The bystander obeys SIGTERM: alive at the end means it got neither SIGTERM nor SIGKILL.
    HelperProcess bystander(helperPath(QStringLiteral("fakeagent")),
                            {QStringLiteral("--output-format"), QStringLiteral("stream-json")},
                            QStringLiteral("claude"));
    QVERIFY(bystander.start());
    const ProcessKey bystanderKey = guard.watch(bystander.pid());

    const QProcessEnvironment env = homeEnvironment(home());
    QCOMPARE(runAgentmonctl({QStringLiteral("register"), QStringLiteral("--pid"), QString::number(root.pid),
                             QStringLiteral("--session"), QStringLiteral("victim")},
                            env)
                 .exitCode,
             0);
    QCOMPARE(runAgentmonctl({QStringLiteral("register"), QStringLiteral("--pid"),
                             QString::number(bystanderKey.pid), QStringLiteral("--session"),
                             QStringLiteral("bystander")},
                            env)
                 .exitCode,
             0);
    const InstanceClient client = daemon->client();
    QTRY_COMPARE_WITH_TIMEOUT(sessionSize(client, QStringLiteral("victim")), 4, 15'000);

    auto reap = startReap(home(), QStringLiteral("victim"));
    auto stopReap = qScopeGuard([&reap] {
        reap->kill();
        reap->waitForFinished(5000);
    });
    // Those that obey SIGTERM are gone: the daemon has signalled every target and waits out the grace
    // period. (Killed any earlier, it may not have signalled them all yet: the next instance would.)
    for (const ProcessKey &key : {root, mid, grand})
        QVERIFY(waitGone(key, 10'000));
    const QJsonArray marks = reapMarksFor(registryFile(), QStringLiteral("victim"));
    QCOMPARE(marks.size(), 1);
    QCOMPARE(marks.at(0).toObject().value(QLatin1String("targets")).toArray().size(), 4);
    QVERIFY(reapMarksFor(registryFile(), QStringLiteral("bystander")).isEmpty());

    daemon->killHard();
    QVERIFY(reap->waitForFinished(10'000));
    // Not a child of the daemon: nothing ends the stubborn one while no instance runs.
    QVERIFY(alive(stubborn));

    auto again = std::make_unique<Daemon>(home());
    QVERIFY2(again->start(), again->errors().constData());
    const QByteArray log = again->errors();
    QVERIFY2(log.contains("resuming the reap " +
                          marks.at(0).toObject().value(QLatin1String("id")).toString().toUtf8() +
                          " of session victim (requested by api)"),
             log.constData());
    QVERIFY(waitGone(stubborn, 30'000));
    QTRY_VERIFY_WITH_TIMEOUT(reapMarksFor(registryFile(), QStringLiteral("victim")).isEmpty(), 10'000);

    // The bystander: alive, same process, still tracked in its session by the new instance.
    QVERIFY(alive(bystanderKey));
    QCOMPARE(bystander.process().state(), QProcess::Running);
    const QJsonObject object = processObject(again->client(), bystanderKey.pid);
    QCOMPARE(object.value(QLatin1String("session")).toString(), QStringLiteral("bystander"));
    QCOMPARE(object.value(QLatin1String("tracked")).toBool(), true);
    QVERIFY(auditRows(historyFile(), QStringLiteral("bystander")).isEmpty());

    // The audit log: the stubborn one killed by the resumed reap's SIGKILL, the rest accounted for as gone.
    QList<AuditEntry> rows;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            rows = auditRows(historyFile(), QStringLiteral("victim"));
            return rows.size() >= 4;
        }(),
        10'000);
    QHash<ProcessKey, AuditEntry> byKey;
    for (const AuditEntry &row : std::as_const(rows)) {
        QCOMPARE(row.requestedBy, QStringLiteral("resume"));
        byKey.insert(row.key, row);
    }
    QCOMPARE(byKey.size(), 4);
    QCOMPARE(byKey.value(stubborn).outcome, QStringLiteral("killed"));
    QCOMPARE(byKey.value(stubborn).signal, QStringLiteral("KILL"));
    for (const ProcessKey &key : {root, mid, grand})
        QCOMPARE(byKey.value(key).outcome, QStringLiteral("already_gone"));

    // After a clean stop nothing is left to resume.
    QVERIFY(again->terminate());
    QVERIFY(!readJsonFile(registryFile()).contains(QLatin1String("reaps")));
}

QTEST_GUILESS_MAIN(tst_FaultRestart)
#include "tst_faultrestart.moc"
