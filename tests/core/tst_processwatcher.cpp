// ProcessHandle and ProcessWatcher on real processes: identity checked before any signal, exits seen by
// events.
#include "helperprocess.h"
#include "processhandle.h"
#include "processwatcher.h"

#include <QScopeGuard>
#include <QSignalSpy>
#include <QTest>

#include <csignal>
#include <unistd.h>

using namespace agentmon;
using namespace agentmon::test;

class tst_ProcessWatcher : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void handleRefusesWrongIdentity();
    void handleSignalsTheRightProcess();
    void watcherSeesExitOfANonChild();
    void watcherRefusesGoneProcess();
    void unwatchEmitsNothing();
};

void tst_ProcessWatcher::initTestCase()
{
    qRegisterMetaType<agentmon::ProcessKey>();
}

void tst_ProcessWatcher::handleRefusesWrongIdentity()
{
    HelperProcess helper(helperPath(QStringLiteral("fakeagent")), {});
    QVERIFY(helper.start());
    const ProcessKey key = helper.key();
    QVERIFY(!ProcessHandle::open({key.pid, key.starttime + 1}));
    QVERIFY(!ProcessHandle::open({key.pid, key.starttime - 1}));
    QVERIFY(!ProcessHandle::open({0, 0}));
    QVERIFY(!ProcessHandle::open({-key.pid, key.starttime})); // never a process group
    QVERIFY(ProcessHandle::open(key));
    QVERIFY(helper.process().state() == QProcess::Running); // nothing was sent
}

void tst_ProcessWatcher::handleSignalsTheRightProcess()
{
    HelperProcess helper(helperPath(QStringLiteral("fakeagent")), {});
    QVERIFY(helper.start());
    auto handle = ProcessHandle::open(helper.key());
    QVERIFY(handle);
    QVERIFY(!handle->hasExited());
    QVERIFY(handle->signal(SIGTERM));
    QVERIFY(helper.process().waitForFinished(5000));
    QCOMPARE(helper.process().exitStatus(), QProcess::CrashExit);
    QCOMPARE(helper.process().exitCode(), SIGTERM);
    QVERIFY(handle->hasExited());
    QVERIFY(!handle->signal(SIGTERM)); // bound to the dead process, whatever now has its pid
}

void tst_ProcessWatcher::watcherSeesExitOfANonChild()
{
    // The escapee of doublefork is not our child: only a pidfd can tell when it exits.
    HelperProcess launcher(helperPath(QStringLiteral("doublefork")), {});
    QVERIFY(launcher.start());
    const auto pid = launcher.waitForLine("escapee");
    QVERIFY(pid);
    const auto key = keyOf(pid->toInt());
    QVERIFY(key);
    auto guard = qScopeGuard([&] { signalVerified(*key, SIGKILL); });

    ProcessWatcher watcher;
    QSignalSpy spy(&watcher, &ProcessWatcher::exited);
    QVERIFY(watcher.watch(*key));
    QVERIFY(watcher.isWatching(*key));
    QVERIFY(signalVerified(*key, SIGTERM));
    QVERIFY(spy.wait(5000));
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0).value<ProcessKey>(), *key);
    QVERIFY(!watcher.isWatching(*key));
    QCOMPARE(watcher.count(), 0);
}

void tst_ProcessWatcher::watcherRefusesGoneProcess()
{
    ProcessWatcher watcher;
    HelperProcess helper(helperPath(QStringLiteral("fakeagent")), {});
    QVERIFY(helper.start());
    const ProcessKey key = helper.key();
    helper.stop();
    QVERIFY(!watcher.watch({key.pid, key.starttime + 7}));
    QCOMPARE(watcher.count(), 0);
}

void tst_ProcessWatcher::unwatchEmitsNothing()
{
    ProcessWatcher watcher;
    QSignalSpy spy(&watcher, &ProcessWatcher::exited);
    HelperProcess helper(helperPath(QStringLiteral("fakeagent")), {});
    QVERIFY(helper.start());
    QVERIFY(watcher.watch(helper.key()));
    QVERIFY(watcher.watch(helper.key())); // twice is harmless
    QCOMPARE(watcher.count(), 1);
    watcher.unwatch(helper.key());
    helper.stop();
    QVERIFY(!spy.wait(300));
    QCOMPARE(spy.count(), 0);
}

QTEST_GUILESS_MAIN(tst_ProcessWatcher)
#include "tst_processwatcher.moc"
