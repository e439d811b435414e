// The agentmon window over a real instance: in-process (Local) and through a running daemon (Remote), with
// real agent-like processes that the test starts in its own process groups. Previews must list exactly what
// the reaper's dry run plans, and a confirmation must signal exactly that.
#include "doctorview.h"
#include "helperprocess.h"
#include "historyview.h"
#include "instanceclient.h"
#include "mainwindow.h"
#include "modelroles.h"
#include "monitorbackend.h"
#include "processmodel.h"
#include "reappreviewdialog.h"
#include "sessionmodel.h"
#include "singleinstance.h"
#include "testdaemon.h"
#include "testprinters.h"

#include <QDir>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QPushButton>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

#include <csignal>

using namespace agentmon;
using namespace agentmon::test;

namespace {

// A headless claude with an MCP server child: one agent session, two processes, its own process group.
std::unique_ptr<HelperProcess> startSession()
{
    const QString script = QStringLiteral(
        "exec 3<&0; (exec -a node \"$1\" /x/@modelcontextprotocol/server-memory/dist/index.js) & "
        "exec -a claude \"$1\" --output-format stream-json --verbose");
    auto tree = std::make_unique<HelperProcess>(
        QStringLiteral("/bin/bash"), QStringList{QStringLiteral("-c"), script, QStringLiteral("bash"),
                                                 helperPath(QStringLiteral("fakeagent"))});
    if (!tree->start() || !tree->waitForLine("ready"))
        return nullptr;
    return tree;
}

QString sessionOf(const ProcessKey &root)
{
    return QStringLiteral("pid-%1-%2").arg(root.pid).arg(root.starttime);
}

QSet<ProcessKey> keysOfSession(ProcessModel *model, const QString &session)
{
    QSet<ProcessKey> keys;
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row, 0);
        if (index.data(roles::SessionId).toString() == session && !index.data(roles::Tombstone).toBool())
            keys.insert(index.data(roles::Key).value<ProcessKey>());
    }
    return keys;
}

QSet<ProcessKey> keySet(const QList<ProcessKey> &keys)
{
    return {keys.cbegin(), keys.cend()};
}

bool alive(const ProcessKey &key)
{
    return !waitGone(key, 0);
}

void writeTestSettings(const QString &home)
{
    // Tests signal only what they started: no periodic pass over the whole machine, no policy pass.
    QFile conf(home + QStringLiteral("/agentmon.conf"));
    QVERIFY(conf.open(QIODevice::WriteOnly));
    conf.write("[reaper]\nintervalMinutes=0\ngraceMs=1000\n[policy]\norphans=off\nleaks=notify\n");
}

} // namespace

class tst_MainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void windowShowsTheSessionAndIsScreenshotted();
    void previewIsTheDryRunAndConfirmReapsExactlyIt();
    void killSelectedTakesOnlyTheSelection();
    void actsThroughARunningDaemonAndTakesOverWhenItEnds();
    void secondLaunchRaisesTheFirst();

private:
    void startWindow();
    void stopWindow();

    std::unique_ptr<QTemporaryDir> m_home;
    std::unique_ptr<MonitorBackend> m_backend;
    std::unique_ptr<MainWindow> m_window;
};

void tst_MainWindow::init()
{
    m_home = std::make_unique<QTemporaryDir>();
    QVERIFY(m_home->isValid());
    writeTestSettings(m_home->path());
}

void tst_MainWindow::cleanup()
{
    stopWindow();
    m_home.reset();
}

void tst_MainWindow::startWindow()
{
    m_backend = std::make_unique<MonitorBackend>(Paths(m_home->path()), quint16(0));
    m_window = std::make_unique<MainWindow>(m_backend.get());
    m_window->resize(1200, 700);
    m_window->show();
    m_backend->start();
}

void tst_MainWindow::stopWindow()
{
    if (!m_backend)
        return;
    bool stopped = false;
    m_backend->stop([&stopped] { stopped = true; });
    QTRY_VERIFY_WITH_TIMEOUT(stopped, 20'000);
    m_window.reset();
    m_backend.reset();
}

void tst_MainWindow::windowShowsTheSessionAndIsScreenshotted()
{
    const auto tree = startSession();
    QVERIFY(tree);
    startWindow();
    QTRY_COMPARE_WITH_TIMEOUT(m_backend->status().mode, MonitorStatus::Mode::Local, 10'000);
    const QString session = sessionOf(tree->key());
    QTRY_COMPARE_WITH_TIMEOUT(keysOfSession(m_window->processModel(), session).size(), 2, 10'000);
    QVERIFY(m_window->sessionModel()->rowOf(session) >= 0);
    QVERIFY2(m_window->statusText().contains(QLatin1String("This window runs agentmon")),
             qPrintable(m_window->statusText()));

    // Choosing the session shows its processes and nothing else.
    m_window->selectSession(session);
    auto *view = m_window->processView();
    QTRY_COMPARE(view->model()->rowCount(), 2);
    for (int row = 0; row < view->model()->rowCount(); ++row)
        QCOMPARE(view->model()->index(row, 0).data(roles::SessionId).toString(), session);

    // The history tab charts what the instance recorded; the doctor tab shows the findings of the instance.
    m_window->showTab(MainWindow::HistoryTab);
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->historyView()->points(HistoryView::Line::Agents).isEmpty(), 10'000);
    QVERIFY(m_window->historyView()->points(HistoryView::Line::Agents).last().y() >= 2);
    m_window->showTab(MainWindow::DoctorTab);
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->doctorView()->report().isEmpty(), 10'000);
    const QJsonObject doctor = m_window->doctorView()->report();
    QCOMPARE(doctor[QLatin1String("instance")][QLatin1String("running")].toBool(), true);
    QCOMPARE(doctor[QLatin1String("instance")][QLatin1String("pid")].toInteger(),
             qint64(QCoreApplication::applicationPid()));
    QVERIFY(doctor.contains(QLatin1String("token")));
    m_window->showTab(MainWindow::ProcessesTab);

    // A person can look at it: kept as an artefact of the test run.
    const QString dir = qEnvironmentVariable("AGENTMON_ARTIFACT_DIR");
    if (!dir.isEmpty()) {
        QDir().mkpath(dir);
        const QString file = dir + QStringLiteral("/mainwindow.png");
        QVERIFY(m_window->grab().save(file));
        qInfo("screenshot: %s", qPrintable(file));
    }
}

void tst_MainWindow::previewIsTheDryRunAndConfirmReapsExactlyIt()
{
    const auto doomed = startSession();
    const auto kept = startSession();
    QVERIFY(doomed && kept);
    startWindow();
    const QString session = sessionOf(doomed->key());
    QTRY_COMPARE_WITH_TIMEOUT(keysOfSession(m_window->processModel(), session).size(), 2, 10'000);
    QTRY_COMPARE_WITH_TIMEOUT(keysOfSession(m_window->processModel(), sessionOf(kept->key())).size(), 2,
                              10'000);
    const QSet<ProcessKey> members = keysOfSession(m_window->processModel(), session);

    // The reaper's own dry run, asked through the instance's HTTP API.
    const auto info = InstanceClient::readInstanceFile(Paths(m_home->path()).instanceFile());
    QVERIFY(info);
    QFile tokenFile(Paths(m_home->path()).tokenFile());
    QVERIFY(tokenFile.open(QIODevice::ReadOnly));
    const InstanceClient client(info->port, tokenFile.readAll().trimmed());
    const auto dry = client.request("POST", QStringLiteral("/api/sessions/%1/reap").arg(session),
                                    QJsonObject{{QStringLiteral("dry_run"), true}});
    QVERIFY2(dry.ok(), qPrintable(dry.error));
    QSet<ProcessKey> planned;
    for (const QJsonValue &t : dry.json.object().value(QLatin1String("targets")).toArray())
        planned.insert({t[QLatin1String("pid")].toInt(), quint64(t[QLatin1String("starttime")].toInteger())});
    QCOMPARE(planned, members);

    ReapPreviewDialog *dialog = m_window->reapSession(session);
    QVERIFY(dialog);
    QTRY_COMPARE_WITH_TIMEOUT(dialog->state(), ReapPreviewDialog::State::Preview, 10'000);
    QCOMPARE(keySet(dialog->shownTargets()), planned);

    QSignalSpy reaped(m_backend.get(), &MonitorBackend::reaped);
    QVERIFY(dialog->confirmButton());
    dialog->confirmButton()->click();
    QTRY_COMPARE_WITH_TIMEOUT(dialog->state(), ReapPreviewDialog::State::Receipt, 15'000);
    QVERIFY(!reaped.isEmpty());
    const ReapReport report = reaped.last().first().value<ReapReport>();
    QSet<ProcessKey> killed;
    for (const KillRecord &k : report.cascade.killed)
        killed.insert(k.key);
    QCOMPARE(killed, planned);
    for (const ProcessKey &key : planned)
        QVERIFY(!alive(key));
    QVERIFY(alive(kept->key()));
    dialog->close();

    // The reap is marked on the history chart, and its rows are in the audit log.
    m_window->showTab(MainWindow::HistoryTab);
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->historyView()->shownReaps().isEmpty(), 10'000);
    QCOMPARE(m_window->historyView()->shownReaps().last().killed, int(planned.size()));
    const QString dir = qEnvironmentVariable("AGENTMON_ARTIFACT_DIR");
    if (!dir.isEmpty()) {
        QDir().mkpath(dir);
        QVERIFY(m_window->grab().save(dir + QStringLiteral("/mainwindow-history.png")));
    }
}

void tst_MainWindow::killSelectedTakesOnlyTheSelection()
{
    const auto tree = startSession();
    QVERIFY(tree);
    startWindow();
    const QString session = sessionOf(tree->key());
    QTRY_COMPARE_WITH_TIMEOUT(keysOfSession(m_window->processModel(), session).size(), 2, 10'000);
    ProcessKey child;
    for (const ProcessKey &key : keysOfSession(m_window->processModel(), session)) {
        if (key != tree->key())
            child = key;
    }
    QVERIFY(child.isValid());

    // Select the MCP child's row, as a person would.
    auto *view = m_window->processView();
    QModelIndex target;
    for (int row = 0; row < view->model()->rowCount(); ++row) {
        const QModelIndex index = view->model()->index(row, 0);
        if (index.data(roles::Key).value<ProcessKey>() == child)
            target = index;
    }
    QVERIFY(target.isValid());
    view->selectionModel()->select(target, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QCOMPARE(m_window->selectedProcesses(), QList<ProcessKey>{child});

    ReapPreviewDialog *dialog = m_window->killSelected();
    QVERIFY(dialog);
    QTRY_COMPARE_WITH_TIMEOUT(dialog->state(), ReapPreviewDialog::State::Preview, 10'000);
    QCOMPARE(dialog->shownTargets(), QList<ProcessKey>{child});
    dialog->confirmButton()->click();
    QTRY_COMPARE_WITH_TIMEOUT(dialog->state(), ReapPreviewDialog::State::Receipt, 15'000);
    QVERIFY(waitGone(child, 5000));
    QVERIFY(alive(tree->key()));
    // Its row ends as a zombie (its fake claude parent never reaps it) or a tombstone; the root stays.
    ProcessModel *model = m_window->processModel();
    QTRY_VERIFY_WITH_TIMEOUT(model->rowOf(child) < 0 || model->isTombstone(model->rowOf(child)) ||
                                 model->recordAt(model->rowOf(child))->info.isZombie(),
                             10'000);
    QVERIFY(m_window->processModel()->rowOf(tree->key()) >= 0);
    dialog->close();
}

void tst_MainWindow::actsThroughARunningDaemonAndTakesOverWhenItEnds()
{
    Daemon daemon(m_home->path());
    QVERIFY2(daemon.start(), daemon.errors().constData());
    const auto tree = startSession();
    QVERIFY(tree);
    startWindow();
    QTRY_COMPARE_WITH_TIMEOUT(m_backend->status().mode, MonitorStatus::Mode::Remote, 10'000);
    QCOMPARE(m_backend->status().instancePid, daemon.info().pid);
    QVERIFY(!m_backend->canKillSelected());
    const QString session = sessionOf(tree->key());
    QTRY_COMPARE_WITH_TIMEOUT(keysOfSession(m_window->processModel(), session).size(), 2, 15'000);
    QVERIFY2(m_window->statusText().contains(QString::number(daemon.info().pid)),
             qPrintable(m_window->statusText()));

    // A session reap through the daemon's API.
    const QSet<ProcessKey> members = keysOfSession(m_window->processModel(), session);
    ReapPreviewDialog *dialog = m_window->reapSession(session);
    QTRY_COMPARE_WITH_TIMEOUT(dialog->state(), ReapPreviewDialog::State::Preview, 10'000);
    QCOMPARE(keySet(dialog->shownTargets()), members);
    dialog->confirmButton()->click();
    QTRY_COMPARE_WITH_TIMEOUT(dialog->state(), ReapPreviewDialog::State::Receipt, 20'000);
    for (const ProcessKey &key : members)
        QVERIFY(waitGone(key, 5000));
    dialog->close();

    // The daemon ends: the window runs the instance itself from then on.
    QVERIFY(daemon.terminate());
    QTRY_COMPARE_WITH_TIMEOUT(m_backend->status().mode, MonitorStatus::Mode::Local, 20'000);
    QVERIFY(m_backend->canKillSelected());
}

void tst_MainWindow::secondLaunchRaisesTheFirst()
{
    const QString runtime = Paths(m_home->path()).runtimeDir();
    SingleInstance first(runtime);
    QVERIFY(first.claim());
    QSignalSpy raised(&first, &SingleInstance::raiseRequested);

    // The real agentmon binary, launched a second time for the same user and home.
    QProcess second;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("AGENTMON_HOME"), m_home->path());
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    second.setProcessEnvironment(env);
    second.start(QStringLiteral(AGENTMON_PATH), {});
    auto guard = qScopeGuard([&second] {
        if (second.state() != QProcess::NotRunning) {
            second.kill();
            second.waitForFinished(5000);
        }
    });
    QVERIFY(second.waitForStarted(5000));
    QTRY_VERIFY_WITH_TIMEOUT(!raised.isEmpty(), 10'000);
    QTRY_COMPARE_WITH_TIMEOUT(second.state(), QProcess::NotRunning, 10'000);
    QCOMPARE(second.exitStatus(), QProcess::NormalExit);
    QCOMPARE(second.exitCode(), 0);
    QCOMPARE(raised.size(), 1);
    // It started no instance of its own.
    QVERIFY(!QFile::exists(Paths(m_home->path()).instanceFile()));
}

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
