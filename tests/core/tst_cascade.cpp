// The kill cascade on real processes: TERM, grace, KILL, confirmation, all seen by events.
#include "cascade.h"
#include "helperprocess.h"

#include <QElapsedTimer>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTest>

#include <csignal>
#include <sys/prctl.h>
#include <unistd.h>

using namespace agentmon;
using namespace agentmon::test;

namespace {
QProcessEnvironment ignoringTerm()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("AGENTMON_HELPER_IGNORE_TERM"), QStringLiteral("1"));
    return env;
}

CascadeReport run(const QList<ProcessKey> &keys, CascadeTimes times)
{
    Cascade cascade(keys, times);
    QSignalSpy spy(&cascade, &Cascade::finished);
    cascade.start();
    if (!spy.wait(int(times.graceMs + times.confirmMs + 5000)))
        return {};
    return cascade.report();
}
} // namespace

class tst_Cascade : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { qRegisterMetaType<CascadeReport>(); }
    void termIsEnough();
    void ignoringTermGetsKillAtTheDeadline();
    void stoppedProcessStillDies();
    void wrongIdentityIsAlreadyGone();
    void neverSelfNorInit();
    void emptyTargetsFinish();
    void neverAnotherUsersProcess();
};

void tst_Cascade::termIsEnough()
{
    HelperProcess a(helperPath(QStringLiteral("fakeagent")), {});
    HelperProcess b(helperPath(QStringLiteral("fakeagent")), {});
    QVERIFY(a.start());
    QVERIFY(b.start());
    const CascadeReport report = run({a.key(), b.key()}, {5000, 1000});
    QCOMPARE(report.killed.size(), 2);
    for (const KillRecord &k : report.killed) {
        QCOMPARE(k.signal, QStringLiteral("TERM"));
        QVERIFY(k.exitMs < 5000);
    }
    QVERIFY(report.survivors.isEmpty());
    QVERIFY(report.durationMs < 5000); // did not wait for the grace period
}

void tst_Cascade::ignoringTermGetsKillAtTheDeadline()
{
    HelperProcess stubborn(helperPath(QStringLiteral("fakeagent")), {}, {}, ignoringTerm());
    HelperProcess polite(helperPath(QStringLiteral("fakeagent")), {});
    QVERIFY(stubborn.start());
    QVERIFY(polite.start());
    const CascadeReport report = run({stubborn.key(), polite.key()}, {400, 1000});
    QCOMPARE(report.killed.size(), 2);
    for (const KillRecord &k : report.killed) {
        if (k.key == stubborn.key()) {
            QCOMPARE(k.signal, QStringLiteral("KILL"));
            QVERIFY2(k.exitMs >= 400, qPrintable(QString::number(k.exitMs)));
        } else {
            QCOMPARE(k.signal, QStringLiteral("TERM"));
        }
    }
    QVERIFY(stubborn.process().state() == QProcess::NotRunning || stubborn.process().waitForFinished(5000));
    QCOMPARE(stubborn.process().exitCode(), SIGKILL);
}

void tst_Cascade::stoppedProcessStillDies()
{
    HelperProcess stopped(helperPath(QStringLiteral("fakeagent")), {});
    QVERIFY(stopped.start());
    QVERIFY(signalVerified(stopped.key(), SIGSTOP));
    const CascadeReport report = run({stopped.key()}, {3000, 1000});
    QCOMPARE(report.killed.size(), 1);
    QCOMPARE(report.killed.first().signal, QStringLiteral("TERM")); // SIGCONT let it act on SIGTERM
}

void tst_Cascade::wrongIdentityIsAlreadyGone()
{
    HelperProcess helper(helperPath(QStringLiteral("fakeagent")), {});
    QVERIFY(helper.start());
    const ProcessKey forged{helper.pid(), helper.key().starttime + 1};
    const CascadeReport report = run({forged}, {300, 300});
    QCOMPARE(report.alreadyGone, QList<int>{helper.pid()});
    QVERIFY(report.killed.isEmpty());
    QCOMPARE(helper.process().state(), QProcess::Running); // the real process was not touched
}

void tst_Cascade::neverSelfNorInit()
{
    const auto self = keyOf(int(::getpid()));
    const auto parent = keyOf(int(::getppid()));
    QVERIFY(self);
    const CascadeReport report = run({*self, {1, 0}, parent.value_or(ProcessKey{})}, {300, 300});
    QVERIFY(report.killed.isEmpty());
    QVERIFY(report.skipped.size() >= 2);
    QCOMPARE(report.skipped.at(0).why, QStringLiteral("agentmon itself"));
    QCOMPARE(report.skipped.at(1).why, QStringLiteral("pid 1 is never signalled"));
}

void tst_Cascade::emptyTargetsFinish()
{
    const CascadeReport report = run({}, {300, 300});
    QVERIFY(report.killed.isEmpty());
}

void tst_Cascade::neverAnotherUsersProcess()
{
    if (::geteuid() != 0)
        QSKIP("needs root to start a process of another user (without root the kernel refuses the signal "
              "anyway)");
    const QString program = publicHelperPath(QStringLiteral("fakeagent"));
    QVERIFY(!program.isEmpty());
    QProcess other;
    other.setProgram(program);
    other.setChildProcessModifier([] {
        ::setpgid(0, 0);
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::setgid(65534) != 0 || ::setuid(65534) != 0)
            ::_exit(126);
    });
    other.start();
    QVERIFY(other.waitForStarted(5000));
    auto cleanup = qScopeGuard([&] {
        ::killpg(pid_t(other.processId()), SIGKILL); // its own group, started here
        other.waitForFinished(5000);
    });
    QVERIFY(other.waitForReadyRead(5000)); // "ready": it runs as uid 65534 now
    const auto key = keyOf(int(other.processId()));
    QVERIFY(key);
    const CascadeReport report = run({*key}, {300, 300});
    QVERIFY(report.killed.isEmpty());
    QCOMPARE(report.skipped.size(), 1);
    QCOMPARE(report.skipped.first().why, QStringLiteral("belongs to uid 65534"));
    QCOMPARE(other.state(), QProcess::Running);
}

QTEST_GUILESS_MAIN(tst_Cascade)
#include "tst_cascade.moc"
