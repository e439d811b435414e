// The tray and background operation: the icon's state from pressure and leak events, notifications under the
// throttle with a manual clock, a real leak reaped while the window is closed to the tray, --minimized, and
// the fallback when no tray host comes.
#include "agentmonapp.h"
#include "helperprocess.h"
#include "instanceclient.h"
#include "mainwindow.h"
#include "manualclock.h"
#include "monitorbackend.h"
#include "settings.h"
#include "testprinters.h"
#include "traycontroller.h"

#include <QJsonArray>
#include <QMenu>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace agentmon;
using namespace agentmon::test;

namespace {

void writeSettings(const QString &home, const QByteArray &extra = {})
{
    // Tests signal only what they started: no periodic pass over the whole machine, no pressure pass.
    QFile conf(home + QStringLiteral("/agentmon.conf"));
    QVERIFY(conf.open(QIODevice::WriteOnly));
    conf.write("[reaper]\nintervalMinutes=0\ngraceMs=1000\n[policy]\norphans=off\n" + extra);
}

Snapshot snapshotWith(qint64 nowMs, int orphans, const QList<SessionRecord> &sessions = {})
{
    Snapshot s;
    s.takenAtMs = nowMs;
    s.takenAtWallMs = 1'700'000'000'000 + nowMs;
    for (int i = 0; i < 3 + orphans; ++i) {
        ProcessRecord r;
        r.info.key = {1000 + i, quint64(5000 + i)};
        r.info.state = 'S';
        r.info.comm = QStringLiteral("claude");
        r.info.argv = {QStringLiteral("claude"), QStringLiteral("-p")};
        r.info.rssKb = 100'000;
        r.cls = ProcessClass::Agent;
        r.status = i < orphans ? ProcessStatus::Orphan : ProcessStatus::Running;
        r.session = QStringLiteral("s%1").arg(i);
        s.processes.push_back(r);
    }
    for (const SessionRecord &session : sessions)
        s.sessions.push_back(session);
    return s;
}

MonitorStatus statusWith(PressureLevel level, QStringList reasons = {})
{
    MonitorStatus status;
    status.mode = MonitorStatus::Mode::Local;
    status.level = level;
    status.reasons = std::move(reasons);
    status.lingerMs = 30'000;
    return status;
}

} // namespace

class tst_Tray : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void iconFollowsPressureAndLeaksAndNotificationsAreThrottled();
    void closingToTheTrayKeepsReapingALeakedSession();
    void minimizedStartsWithoutAWindowAndFallsBackWithoutATray();
    void pauseSurvivesARestart();

private:
    std::unique_ptr<QTemporaryDir> m_home;
};

void tst_Tray::init()
{
    m_home = std::make_unique<QTemporaryDir>();
    QVERIFY(m_home->isValid());
    writeSettings(m_home->path());
}

void tst_Tray::cleanup()
{
    m_home.reset();
}

void tst_Tray::iconFollowsPressureAndLeaksAndNotificationsAreThrottled()
{
    // Driven by recorded snapshots through the backend's own signal; the backend itself is not started.
    ManualClock clock;
    MonitorBackend backend(Paths(m_home->path()));
    MainWindow window(&backend);
    TrayController tray(&backend, &window, Paths(m_home->path()), clock);
    tray.setTrayAvailability([] { return true; });
    tray.throttle()->setAutoPoll(false);
    tray.start(true);
    QVERIFY(tray.isInTray());
    QVERIFY(!window.isVisible());
    QSignalSpy looks(tray.tracker(), &TrayStateTracker::lookChanged);
    QSignalSpy shown(&tray, &TrayController::notificationShown);

    clock.setNowMs(100'000);
    Q_EMIT backend.snapshotReady(snapshotWith(clock.nowMs(), 0), statusWith(PressureLevel::Ok));
    QCOMPARE(tray.tracker()->look(), TrayLook::Ok);
    QVERIFY(!tray.tracker()->badge());
    QVERIFY2(tray.icon()->toolTip().contains(QLatin1String("3 agents")), qPrintable(tray.icon()->toolTip()));
    QCOMPARE(shown.size(), 0);

    // Pressure rises: the icon turns, and one notification says why.
    clock.advance(2000);
    Q_EMIT backend.snapshotReady(snapshotWith(clock.nowMs(), 0),
                                 statusWith(PressureLevel::Warning, {QStringLiteral("MemAvailable 800 MB")}));
    QCOMPARE(tray.tracker()->look(), TrayLook::Warning);
    QCOMPARE(shown.size(), 1);
    TrayNotification n = shown.last().first().value<TrayNotification>();
    QCOMPARE(n.condition, QStringLiteral("pressure"));
    QVERIFY(n.text.contains(QLatin1String("MemAvailable 800 MB")));

    // Critical twenty seconds later: within the minute, held back...
    clock.advance(20'000);
    Q_EMIT backend.snapshotReady(snapshotWith(clock.nowMs(), 2),
                                 statusWith(PressureLevel::Critical, {QStringLiteral("PSI full 45%")}));
    QCOMPARE(tray.tracker()->look(), TrayLook::Critical);
    QVERIFY(tray.tracker()->badge()); // orphans
    QVERIFY(tray.icon()->toolTip().contains(QLatin1String("2 orphans")));
    QCOMPARE(shown.size(), 1);
    // ...and shown once the minute has passed.
    clock.advance(40'001);
    tray.throttle()->poll();
    QCOMPARE(shown.size(), 2);
    QVERIFY(shown.last().first().value<TrayNotification>().text.contains(QLatin1String("PSI full 45%")));

    // Back to ok: no notification for going down.
    clock.advance(2000);
    Q_EMIT backend.snapshotReady(snapshotWith(clock.nowMs(), 0), statusWith(PressureLevel::Ok));
    QCOMPARE(tray.tracker()->look(), TrayLook::Ok);
    QVERIFY(!tray.tracker()->badge());
    clock.advance(120'000);
    tray.throttle()->poll();
    QCOMPARE(shown.size(), 2);

    // A leak is a condition of its own, independent of pressure: shown at once. Two more sessions leaking
    // within the minute are held and merged into one notification.
    SessionRecord leaked;
    leaked.id = QStringLiteral("leaky-1");
    leaked.agent = QStringLiteral("claude");
    leaked.projectDir = QStringLiteral("/src/app");
    leaked.alive = false;
    leaked.processCount = 3;
    leaked.rssKb = 1200 * 1024;
    leaked.endedAtMs = clock.nowMs() - 60'000;
    Q_EMIT backend.snapshotReady(snapshotWith(clock.nowMs(), 0, {leaked}), statusWith(PressureLevel::Ok));
    QVERIFY(tray.tracker()->badge());
    QCOMPARE(shown.size(), 3);
    n = shown.last().first().value<TrayNotification>();
    QCOMPARE(n.condition, QStringLiteral("leak"));
    QCOMPARE(n.target, QStringLiteral("session:leaky-1"));
    QVERIFY2(n.text.contains(QLatin1String("3 processes")), qPrintable(n.text));
    SessionRecord second = leaked;
    second.id = QStringLiteral("leaky-2");
    SessionRecord third = leaked;
    third.id = QStringLiteral("leaky-3");
    clock.advance(5000);
    Q_EMIT backend.snapshotReady(snapshotWith(clock.nowMs(), 0, {leaked, second, third}),
                                 statusWith(PressureLevel::Ok));
    QCOMPARE(shown.size(), 3);
    clock.advance(60'000);
    tray.throttle()->poll();
    QCOMPARE(shown.size(), 4);
    n = shown.last().first().value<TrayNotification>();
    QCOMPARE(n.merged, 2);
    QVERIFY(n.target.isEmpty()); // several sessions: the window's list

    // Clicking the merged notification opens the window (at its session list).
    tray.activateLastNotification();
    QVERIFY(window.isVisible());
}

void tst_Tray::closingToTheTrayKeepsReapingALeakedSession()
{
    writeSettings(m_home->path(), "leaks=auto\n[status]\nlingerSeconds=0\n");
    const Paths paths(m_home->path());
    SystemClock clock;
    MonitorBackend backend(paths, quint16(0));
    MainWindow window(&backend);
    TrayController tray(&backend, &window, paths, clock);
    tray.setTrayAvailability([] { return true; });
    QSignalSpy quit(&tray, &TrayController::quitRequested);
    connect(&window, &MainWindow::closed, &tray, &TrayController::windowClosed);
    tray.start(false);
    backend.start();
    auto stop = qScopeGuard([&backend] {
        bool stopped = false;
        backend.stop([&stopped] { stopped = true; });
        QTRY_VERIFY_WITH_TIMEOUT(stopped, 20'000);
    });
    QTRY_COMPARE_WITH_TIMEOUT(backend.status().mode, MonitorStatus::Mode::Local, 10'000);
    QVERIFY(window.isVisible());

    // A claude with a child, registered through the API as a hook would.
    const QString script = QStringLiteral(
        "exec 3<&0; (exec -a node \"$1\" /x/@modelcontextprotocol/server-memory/dist/index.js) & "
        "exec -a claude \"$1\" --output-format stream-json");
    HelperProcess tree(QStringLiteral("/bin/bash"), {QStringLiteral("-c"), script, QStringLiteral("bash"),
                                                     helperPath(QStringLiteral("fakeagent"))});
    QVERIFY(tree.start());
    QVERIFY(tree.waitForLine("ready"));
    const auto info = InstanceClient::readInstanceFile(paths.instanceFile());
    QVERIFY(info);
    QFile tokenFile(paths.tokenFile());
    QVERIFY(tokenFile.open(QIODevice::ReadOnly));
    const InstanceClient client(info->port, tokenFile.readAll().trimmed());
    const auto registered = client.request(
        "POST", QStringLiteral("/api/register"),
        QJsonObject{{QStringLiteral("pid"), tree.pid()}, {QStringLiteral("session"), QStringLiteral("bg")}});
    QVERIFY2(registered.ok(), qPrintable(registered.error));
    std::optional<ProcessKey> child;
    auto findChild = [&] {
        const auto reply = client.request("GET", QStringLiteral("/api/processes"));
        for (const QJsonValue &v : reply.json.array()) {
            const QJsonObject o = v.toObject();
            if (o[QLatin1String("session")].toString() == QLatin1String("bg") &&
                o[QLatin1String("pid")].toInt() != tree.pid())
                child = ProcessKey{o[QLatin1String("pid")].toInt(),
                                   quint64(o[QLatin1String("starttime")].toInteger())};
        }
        return child.has_value();
    };
    QTRY_VERIFY_WITH_TIMEOUT(findChild(), 10'000);
    auto cleanup = qScopeGuard([&] { signalVerified(*child, SIGKILL); });

    // The person closes the window: it hides, agentmon stays.
    window.close();
    QVERIFY(!window.isVisible());
    QVERIFY(tray.isInTray());
    QCOMPARE(quit.size(), 0);

    // The session's root dies and leaves its child: the leak policy reaps it in the background.
    QSignalSpy reaped(&backend, &MonitorBackend::reaped);
    QSignalSpy shown(&tray, &TrayController::notificationShown);
    QVERIFY(signalVerified(tree.key(), SIGKILL));
    QVERIFY(waitGone(tree.key(), 5000));
    tree.process().waitForFinished(5000);
    QTRY_VERIFY_WITH_TIMEOUT(!reaped.isEmpty(), 20'000);
    const ReapReport report = reaped.last().first().value<ReapReport>();
    QCOMPARE(report.request.requestedBy, QStringLiteral("policy:leak"));
    QCOMPARE(report.cascade.killed.size(), 1);
    QCOMPARE(report.cascade.killed.first().key, *child);
    QVERIFY(waitGone(*child, 5000));
    QVERIFY(!window.isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty(), 5000);
    QCOMPARE(shown.last().first().value<TrayNotification>().condition, QStringLiteral("reap"));
    QVERIFY(tray.lastReapText().contains(QLatin1String("1 process")));
}

void tst_Tray::minimizedStartsWithoutAWindowAndFallsBackWithoutATray()
{
    AppOptions options;
    options.minimized = true;
    options.port = 0;
    AgentmonApp app(Paths(m_home->path()), options);
    QVERIFY(app.claim());
    app.prepare();
    // No tray host on the offscreen platform: it waits a little for one, then keeps the window.
    app.tray()->setRetry(100, 30);
    QSignalSpy finished(&app, &AgentmonApp::finished);
    app.start();
    QVERIFY(!app.window()->isVisible());
    // While it asks again for a tray host, still no window.
    QTRY_VERIFY_WITH_TIMEOUT(app.tray()->attemptsLeft() <= 27, 5000);
    QVERIFY(!app.tray()->gaveUp());
    QVERIFY(!app.window()->isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(app.tray()->gaveUp(), 5000);
    QVERIFY(app.window()->isVisible());
    QVERIFY(app.window()->statusBar()->currentMessage().contains(QLatin1String("No system tray")));
    // Without a tray, closing the window quits.
    app.window()->close();
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 20'000);
}

void tst_Tray::pauseSurvivesARestart()
{
    const Paths paths(m_home->path());
    {
        MonitorBackend backend(paths, quint16(0));
        backend.start();
        QTRY_COMPARE_WITH_TIMEOUT(backend.status().mode, MonitorStatus::Mode::Local, 10'000);
        QVERIFY(!backend.status().reaperPaused);
        QSignalSpy snapshots(&backend, &MonitorBackend::snapshotReady);
        backend.setReaperPaused(true);
        QTRY_VERIFY_WITH_TIMEOUT(backend.status().reaperPaused, 5000);
        bool stopped = false;
        backend.stop([&stopped] { stopped = true; });
        QTRY_VERIFY_WITH_TIMEOUT(stopped, 20'000);
    }
    QVERIFY(Settings(paths.configFile()).reaperPaused());
    MonitorBackend again(paths, quint16(0));
    again.start();
    QTRY_COMPARE_WITH_TIMEOUT(again.status().mode, MonitorStatus::Mode::Local, 10'000);
    QVERIFY(again.status().reaperPaused);
    bool stopped = false;
    again.stop([&stopped] { stopped = true; });
    QTRY_VERIFY_WITH_TIMEOUT(stopped, 20'000);
}

QTEST_MAIN(tst_Tray)
#include "tst_tray.moc"
