#include "humanformat.h"
#include "reappreviewdialog.h"
#include "testprinters.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QLocale>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>

#include <algorithm>
#include <memory>

using namespace agentmon;

namespace {

using Result = ReapTargetModel::Result;

ReapTarget target(int pid, quint64 starttime, quint64 rssKb, const QStringList &argv,
                  const QString &session = QStringLiteral("3f2a9c1e-7d41-4b6e-9a0c-5e2f8d1b7a63"))
{
    ReapTarget t;
    t.key = {pid, starttime};
    t.pgid = pid;
    t.session = session;
    t.cls = ProcessClass::Mcp;
    t.status = ProcessStatus::Orphan;
    t.reason = QStringLiteral("parent %1 exited; adopted by systemd --user").arg(pid - 1);
    t.rssKb = rssKb;
    t.argv = argv;
    return t;
}

// Three targets whose sizes sort differently as text ("8.8 MB" > "586 MB" > "1.9 GB") than as numbers.
ReapPlan planOfThree()
{
    ReapPlan plan;
    plan.targets << target(4101, 880011, 9'000,
                           {QStringLiteral("node"), QStringLiteral("/opt/mcp/dist/index.js")})
                 << target(4102, 880012, 600'000,
                           {QStringLiteral("chroma-mcp"), QStringLiteral("--client-type"),
                            QStringLiteral("persistent")})
                 << target(4103, 880013, 2'000'000,
                           {QStringLiteral("claude"), QStringLiteral("--output-format"),
                            QStringLiteral("stream-json"), QStringLiteral("-p"),
                            QStringLiteral("summarise <b>this</b> & that")});
    plan.skipped << SkipRecord{5001, QStringLiteral("protected by rule keep-my-db")}
                 << SkipRecord{5002, QStringLiteral("zombie: its parent 4990 (bash) has not reaped it")};
    return plan;
}

quint64 sumRss(const ReapPlan &plan)
{
    quint64 kb = 0;
    for (const ReapTarget &t : plan.targets)
        kb += t.rssKb;
    return kb;
}

ReapRequest passRequest()
{
    ReapRequest request;
    request.kind = ReapRequest::Kind::Pass;
    request.minAgeMs = 120'000;
    request.times.graceMs = 5'000;
    return request;
}

ReapRequest sessionRequest()
{
    ReapRequest request = passRequest();
    request.kind = ReapRequest::Kind::Session;
    request.session = QStringLiteral("3f2a9c1e-7d41-4b6e-9a0c-5e2f8d1b7a63");
    return request;
}

QList<ProcessKey> sortedKeys(QList<ProcessKey> keys)
{
    std::sort(keys.begin(), keys.end(), [](const ProcessKey &a, const ProcessKey &b) {
        return std::tie(a.pid, a.starttime) < std::tie(b.pid, b.starttime);
    });
    return keys;
}

void saveGrab(QWidget *widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("AGENTMON_ARTIFACT_DIR");
    if (dir.isEmpty())
        return;
    QVERIFY(QDir().mkpath(dir));
    QVERIFY(widget->grab().save(dir + QStringLiteral("/dialog-%1.png").arg(name)));
}

void showAndWait(QWidget *widget)
{
    widget->resize(widget->sizeHint());
    widget->show();
    QVERIFY(QTest::qWaitForWindowExposed(widget));
}

} // namespace

class TestReapPreviewDialog : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void previewShowsExactlyThePlan()
    {
        ReapPreviewDialog dialog;
        QAbstractItemModelTester modelTester(dialog.targetModel(),
                                             QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester proxyTester(dialog.sortedModel(),
                                             QAbstractItemModelTester::FailureReportingMode::QtTest);
        const ReapPlan plan = planOfThree();
        dialog.setPreview(ReapKind::Orphans, passRequest(), plan);

        QCOMPARE(dialog.state(), ReapPreviewDialog::State::Preview);
        QCOMPARE(dialog.kind(), ReapKind::Orphans);
        QList<ProcessKey> expected;
        for (const ReapTarget &t : plan.targets)
            expected << t.key;
        QCOMPARE(sortedKeys(dialog.shownTargets()), sortedKeys(expected));
        QCOMPARE(dialog.targetModel()->rowCount(), 3);

        // Each row names its process by pid in the table and by start time in its tooltip.
        const QAbstractItemModel *model = dialog.targetModel();
        for (const ReapTarget &t : plan.targets) {
            const int row = dialog.targetModel()->rowOf(t.key);
            QVERIFY(row >= 0);
            QCOMPARE(model->index(row, ReapTargetModel::Pid).data().toInt(), t.key.pid);
            QVERIFY(model->index(row, ReapTargetModel::Pid)
                        .data(Qt::ToolTipRole)
                        .toString()
                        .contains(QString::number(t.key.starttime)));
            QCOMPARE(model->index(row, ReapTargetModel::Rss).data().toString(), formatKb(t.rssKb));
            QCOMPARE(model->index(row, ReapTargetModel::Reason).data().toString(), t.reason);
            QCOMPARE(model->index(row, ReapTargetModel::Command).data().toString(),
                     t.argv.join(QLatin1Char(' ')));
        }
        // The command tooltip is the full command, escaped so that it shows as text.
        const int claudeRow = dialog.targetModel()->rowOf(plan.targets.at(2).key);
        const QString tip =
            model->index(claudeRow, ReapTargetModel::Command).data(Qt::ToolTipRole).toString();
        QVERIFY2(tip.contains(QStringLiteral("&lt;b&gt;this&lt;/b&gt; &amp; that")), qPrintable(tip));

        // Sorted by memory, largest first, on the raw values.
        const QList<ProcessKey> shown = dialog.shownTargets();
        QCOMPARE(shown,
                 (QList<ProcessKey>{plan.targets.at(2).key, plan.targets.at(1).key, plan.targets.at(0).key}));
        dialog.targetView()->sortByColumn(ReapTargetModel::Pid, Qt::AscendingOrder);
        QCOMPARE(dialog.shownTargets(), expected);

        // What is left alone, with why.
        const QList<SkipRecord> skipped = dialog.shownSkipped();
        QCOMPARE(skipped.size(), 2);
        QCOMPARE(skipped.at(0).pid, 5001);
        QCOMPARE(skipped.at(1).pid, 5002);
        QVERIFY(dialog.isSkippedExpanded());
        const auto *tree = dialog.findChild<QTreeWidget *>();
        QVERIFY(tree);
        QCOMPARE(tree->topLevelItemCount(), 2);
        QCOMPARE(tree->topLevelItem(0)->text(0), QStringLiteral("5001"));
        QCOMPARE(tree->topLevelItem(0)->text(1), QStringLiteral("protected by rule keep-my-db"));
        QCOMPARE(tree->topLevelItem(1)->text(0), QStringLiteral("5002"));

        QCOMPARE(dialog.headline(), QStringLiteral("Kill 3 orphaned agent processes?"));
        QVERIFY(dialog.confirmButton());
        QCOMPARE(dialog.confirmButton()->text(), QStringLiteral("&Kill 3 processes"));

        showAndWait(&dialog);
        saveGrab(&dialog, QStringLiteral("reap-preview"));
    }

    void summaryCountsTheTotalMemory()
    {
        ReapPreviewDialog dialog;
        const ReapPlan plan = planOfThree();
        const quint64 total = sumRss(plan);
        dialog.setPreview(ReapKind::Orphans, passRequest(), plan);
        QCOMPARE(dialog.plannedRssKb(), total);
        QCOMPARE(formatKb(total), QStringLiteral("2.5 GB"));
        const QString summary = dialog.summary();
        QVERIFY2(summary.contains(QStringLiteral("About 2.5 GB will be freed.")), qPrintable(summary));
        QVERIFY2(summary.contains(QStringLiteral("3 processes will get SIGTERM, then SIGKILL after 5.0 s")),
                 qPrintable(summary));
        QVERIFY(summary.contains(QStringLiteral("same process groups")));

        // Another plan, another total: nothing of the first one stays.
        ReapPlan two = plan;
        two.targets.removeLast();
        ReapRequest slow = passRequest();
        slow.times.graceMs = 12'500;
        dialog.setPreview(ReapKind::Orphans, slow, two);
        QCOMPARE(dialog.plannedRssKb(), sumRss(two));
        QVERIFY2(
            dialog.summary().contains(QStringLiteral("About %1 will be freed.").arg(formatKb(sumRss(two)))),
            qPrintable(dialog.summary()));
        QVERIFY(dialog.summary().contains(QStringLiteral("after 12.5 s")));
        QCOMPARE(dialog.shownTargets().size(), 2);
    }

    void kindsProduceTheirHeadlines_data()
    {
        QTest::addColumn<ReapKind>("kind");
        QTest::addColumn<QString>("label");
        QTest::addColumn<QString>("headline");
        QTest::addColumn<QString>("confirm");
        QTest::addColumn<QString>("title");
        QTest::newRow("session with label")
            << ReapKind::Session << QStringLiteral("claude in ~/src/app")
            << QStringLiteral("Reap session 3f2a9c1e (claude in ~/src/app)?")
            << QStringLiteral("&Reap 3 processes") << QStringLiteral("Reap Session");
        QTest::newRow("session") << ReapKind::Session << QString() << QStringLiteral("Reap session 3f2a9c1e?")
                                 << QStringLiteral("&Reap 3 processes") << QStringLiteral("Reap Session");
        QTest::newRow("orphans") << ReapKind::Orphans << QString()
                                 << QStringLiteral("Kill 3 orphaned agent processes?")
                                 << QStringLiteral("&Kill 3 processes")
                                 << QStringLiteral("Kill Orphaned Agents");
        QTest::newRow("selected") << ReapKind::Selected << QString()
                                  << QStringLiteral("Kill 3 selected processes?")
                                  << QStringLiteral("&Kill 3 processes") << QStringLiteral("Kill Processes");
    }

    void kindsProduceTheirHeadlines()
    {
        QFETCH(ReapKind, kind);
        QFETCH(QString, label);
        QFETCH(QString, headline);
        QFETCH(QString, confirm);
        QFETCH(QString, title);
        ReapPreviewDialog dialog;
        if (!label.isEmpty())
            dialog.setSessionLabel(label);
        dialog.setPreview(kind, kind == ReapKind::Session ? sessionRequest() : passRequest(), planOfThree());
        QCOMPARE(dialog.kind(), kind);
        QCOMPARE(dialog.headline(), headline);
        QVERIFY(dialog.confirmButton());
        QCOMPARE(dialog.confirmButton()->text(), confirm);
        QCOMPARE(dialog.windowTitle(), title);
    }

    void oneProcessReadsInTheSingular()
    {
        ReapPreviewDialog dialog;
        ReapPlan plan = planOfThree();
        plan.targets.resize(1);
        dialog.setPreview(ReapKind::Selected, passRequest(), plan);
        QCOMPARE(dialog.headline(), QStringLiteral("Kill 1 selected process?"));
        QCOMPARE(dialog.confirmButton()->text(), QStringLiteral("&Kill 1 process"));
        QVERIFY(dialog.summary().startsWith(QStringLiteral("1 process will get SIGTERM")));
        dialog.setPreview(ReapKind::Orphans, passRequest(), plan);
        QCOMPARE(dialog.headline(), QStringLiteral("Kill 1 orphaned agent process?"));

        ReapReport report;
        report.request = passRequest();
        report.targets = plan.targets;
        report.cascade.killed << KillRecord{plan.targets.first().key, QStringLiteral("TERM"), 10};
        dialog.setReport(report);
        QCOMPARE(dialog.headline(),
                 QStringLiteral("Killed 1 process, %1 freed").arg(formatKb(plan.targets.first().rssKb)));
    }

    void emptyPlanOffersOnlyClose_data()
    {
        QTest::addColumn<ReapKind>("kind");
        QTest::newRow("session") << ReapKind::Session;
        QTest::newRow("orphans") << ReapKind::Orphans;
        QTest::newRow("selected") << ReapKind::Selected;
    }

    void emptyPlanOffersOnlyClose()
    {
        QFETCH(ReapKind, kind);
        ReapPreviewDialog dialog;
        QAbstractItemModelTester modelTester(dialog.targetModel(),
                                             QAbstractItemModelTester::FailureReportingMode::QtTest);
        // A preview first, then an empty one: its buttons and rows must go.
        dialog.setPreview(kind, kind == ReapKind::Session ? sessionRequest() : passRequest(), planOfThree());
        QVERIFY(dialog.confirmButton());
        ReapPlan empty;
        empty.skipped << SkipRecord{5001, QStringLiteral("protected by rule keep-my-db")};
        dialog.setPreview(kind, kind == ReapKind::Session ? sessionRequest() : passRequest(), empty);

        QVERIFY2(dialog.headline().startsWith(QStringLiteral("Nothing to reap: ")),
                 qPrintable(dialog.headline()));
        QCOMPARE(dialog.confirmButton(), nullptr);
        QCOMPARE(dialog.cancelButton(), nullptr);
        QVERIFY(dialog.closeButton());
        QVERIFY(dialog.closeButton()->isDefault());
        QVERIFY(dialog.shownTargets().isEmpty());
        QCOMPARE(dialog.targetModel()->rowCount(), 0);
        QCOMPARE(dialog.shownSkipped().size(), 1);

        QSignalSpy confirmed(&dialog, &ReapPreviewDialog::confirmed);
        showAndWait(&dialog);
        if (kind == ReapKind::Orphans)
            saveGrab(&dialog, QStringLiteral("reap-empty"));
        QTest::keyClick(&dialog, Qt::Key_Return);
        QCOMPARE(confirmed.count(), 0);
        QVERIFY(!dialog.isVisible());
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
    }

    void longSkippedListStartsCollapsed()
    {
        ReapPreviewDialog dialog;
        ReapPlan plan = planOfThree();
        for (int i = 0; i < 8; ++i)
            plan.skipped << SkipRecord{6000 + i, QStringLiteral("belongs to uid 0")};
        dialog.setPreview(ReapKind::Orphans, passRequest(), plan);
        QCOMPARE(dialog.shownSkipped().size(), 10);
        QVERIFY(!dialog.isSkippedExpanded());
        auto *toggle = dialog.findChild<QToolButton *>();
        QVERIFY(toggle);
        QVERIFY(toggle->text().contains(QStringLiteral("10")));
        toggle->click();
        QVERIFY(dialog.isSkippedExpanded());
        toggle->click();
        QVERIFY(!dialog.isSkippedExpanded());
    }

    void cancelIsTheDefaultAndEnterDoesNotConfirm()
    {
        ReapPreviewDialog dialog;
        dialog.setPreview(ReapKind::Session, sessionRequest(), planOfThree());
        QPushButton *confirm = dialog.confirmButton();
        QPushButton *cancel = dialog.cancelButton();
        QVERIFY(confirm);
        QVERIFY(cancel);
        QVERIFY(cancel->isDefault());
        QVERIFY(!confirm->isDefault());
        QVERIFY(!confirm->autoDefault());

        QSignalSpy confirmed(&dialog, &ReapPreviewDialog::confirmed);
        QSignalSpy rejected(&dialog, &QDialog::rejected);
        showAndWait(&dialog);
        // Showing must not have made the confirmation the default button.
        QVERIFY(cancel->isDefault());
        QVERIFY(!confirm->isDefault());

        QTest::keyClick(&dialog, Qt::Key_Return);
        QCOMPARE(confirmed.count(), 0);
        QCOMPARE(rejected.count(), 1);
        QVERIFY(!dialog.isVisible());

        // Even with the focus on the confirmation, Enter does not reap.
        showAndWait(&dialog);
        confirm->setFocus();
        QTest::keyClick(confirm, Qt::Key_Return);
        QTest::keyClick(confirm, Qt::Key_Enter, Qt::KeypadModifier);
        QCOMPARE(confirmed.count(), 0);
        QCOMPARE(rejected.count(), 2);

        showAndWait(&dialog);
        QTest::keyClick(&dialog, Qt::Key_Escape);
        QCOMPARE(confirmed.count(), 0);
        QCOMPARE(rejected.count(), 3);
    }

    void confirmEmitsOnceAndLocksTheDialog()
    {
        ReapPreviewDialog dialog;
        dialog.setPreview(ReapKind::Orphans, passRequest(), planOfThree());
        showAndWait(&dialog);
        QSignalSpy confirmed(&dialog, &ReapPreviewDialog::confirmed);
        QSignalSpy rejected(&dialog, &QDialog::rejected);
        QPushButton *confirm = dialog.confirmButton();
        QVERIFY(confirm);
        QTest::mouseClick(confirm, Qt::LeftButton);
        QCOMPARE(confirmed.count(), 1);
        QCOMPARE(dialog.state(), ReapPreviewDialog::State::Signalling);
        QVERIFY(!confirm->isEnabled());
        QVERIFY(dialog.cancelButton());
        QVERIFY(!dialog.cancelButton()->isEnabled());
        QVERIFY(dialog.cancelButton()->toolTip().contains(QStringLiteral("cannot be cancelled")));
        QVERIFY2(dialog.summary().contains(QStringLiteral("up to 5.0 s grace, then SIGKILL")),
                 qPrintable(dialog.summary()));
        // The targets stay in view while they are being signalled.
        QCOMPARE(dialog.shownTargets().size(), 3);

        QTest::mouseClick(confirm, Qt::LeftButton);
        confirm->click();
        QTest::keyClick(&dialog, Qt::Key_Escape);
        dialog.close();
        QCOMPARE(confirmed.count(), 1);
        QCOMPARE(rejected.count(), 0);
        QVERIFY(dialog.isVisible());
        saveGrab(&dialog, QStringLiteral("reap-signalling"));
    }

    void mnemonicConfirms()
    {
        ReapPreviewDialog dialog;
        dialog.setPreview(ReapKind::Orphans, passRequest(), planOfThree());
        showAndWait(&dialog);
        dialog.activateWindow();
        if (!QTest::qWaitForWindowActive(&dialog))
            QSKIP("this platform does not activate windows; shortcuts need an active window");
        QSignalSpy confirmed(&dialog, &ReapPreviewDialog::confirmed);
        QCOMPARE(dialog.confirmButton()->shortcut(), QKeySequence(Qt::ALT | Qt::Key_K));
        // A mnemonic clicks its button with a short animation, after the key event.
        QTest::keyClick(&dialog, Qt::Key_K, Qt::AltModifier);
        QTRY_COMPARE(confirmed.count(), 1);
        QCOMPARE(dialog.state(), ReapPreviewDialog::State::Signalling);
    }

    void receiptShowsWhatHappened()
    {
        ReapPreviewDialog dialog;
        QAbstractItemModelTester modelTester(dialog.targetModel(),
                                             QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester proxyTester(dialog.sortedModel(),
                                             QAbstractItemModelTester::FailureReportingMode::QtTest);
        ReapRequest request = sessionRequest();
        const QStringList argv{QStringLiteral("sh"), QStringLiteral("-c"), QStringLiteral("sleep 1000")};
        ReapPlan plan;
        plan.targets << target(4201, 1001, 300'000, argv) // dies of SIGTERM
                     << target(4202, 1002, 200'000, argv) // needs SIGKILL
                     << target(4203, 1003, 100'000, argv) // stuck in D
                     << target(4204, 1004, 50'000, argv)  // gone before the first signal
                     << target(4205, 1005, 10'000, argv); // refused by the cascade
        plan.skipped << SkipRecord{7001, QStringLiteral("protected by rule keep-my-db")};
        dialog.setPreview(ReapKind::Session, request, plan);
        QSignalSpy confirmed(&dialog, &ReapPreviewDialog::confirmed);
        dialog.confirmButton()->click();
        QCOMPARE(confirmed.count(), 1);

        ReapReport report;
        report.request = request;
        report.targets = plan.targets;
        report.durationMs = 6'200;
        const ProcessKey found{4299, 1099}; // forked by a target while the cascade ran
        report.cascade.killed << KillRecord{{4201, 1001}, QStringLiteral("TERM"), 40}
                              << KillRecord{{4202, 1002}, QStringLiteral("KILL"), 5'020}
                              << KillRecord{found, QStringLiteral("TERM"), 120};
        report.cascade.survivors << SurvivorRecord{
            {4203, 1003}, 'D', QStringLiteral("nfs_wait_bit_killable")};
        report.cascade.alreadyGone << 4204;
        report.cascade.skipped << plan.skipped << SkipRecord{4205, QStringLiteral("an ancestor of agentmon")};
        report.cascade.durationMs = 6'200;
        dialog.setReport(report);

        QCOMPARE(dialog.state(), ReapPreviewDialog::State::Receipt);
        const ReapTargetModel *model = dialog.targetModel();
        QCOMPARE(model->rowCount(), 6);
        auto rowOf = [&](const ProcessKey &key) { return model->rows().value(model->rowOf(key)); };
        auto outcome = [&](const ProcessKey &key) {
            return model->index(model->rowOf(key), ReapTargetModel::Outcome).data().toString();
        };
        QCOMPARE(rowOf({4201, 1001}).result, Result::KilledByTerm);
        QCOMPARE(outcome({4201, 1001}), QStringLiteral("killed by SIGTERM in 40 ms"));
        QCOMPARE(rowOf({4202, 1002}).result, Result::KilledByKill);
        QCOMPARE(outcome({4202, 1002}), QStringLiteral("killed by SIGKILL after 5.0 s"));
        QCOMPARE(rowOf({4203, 1003}).result, Result::Survived);
        QCOMPARE(
            outcome({4203, 1003}),
            QStringLiteral("survived in state D (uninterruptible sleep), waiting in nfs_wait_bit_killable"));
        QCOMPARE(rowOf({4204, 1004}).result, Result::AlreadyGone);
        QCOMPARE(outcome({4204, 1004}), QStringLiteral("already gone"));
        QCOMPARE(rowOf({4205, 1005}).result, Result::Skipped);
        QCOMPARE(outcome({4205, 1005}), QStringLiteral("skipped: an ancestor of agentmon"));
        QCOMPARE(rowOf(found).result, Result::KilledByTerm);
        QVERIFY(!rowOf(found).known);
        // Of a process found during the reap only its outcome is known.
        QCOMPARE(model->index(model->rowOf(found), ReapTargetModel::Class).data().toString(), QString());
        QCOMPARE(model->index(model->rowOf(found), ReapTargetModel::Rss).data().toString(), QString());

        // 4201, 4202 and the one found were killed, out of those the reap went for (not the skipped one).
        QCOMPARE(dialog.headline(), QStringLiteral("3 of 5 processes killed; 1 survived"));
        QVERIFY2(dialog.summary().contains(QStringLiteral("Took 6.2 s.")), qPrintable(dialog.summary()));
        QVERIFY(dialog.summary().contains(QStringLiteral("state D")));
        QVERIFY(dialog.summary().contains(QStringLiteral("Already gone before the first signal: 1.")));
        QVERIFY(dialog.summary().contains(QStringLiteral("Skipped: 1.")));
        // Survivors first.
        QCOMPARE(dialog.shownTargets().first(), (ProcessKey{4203, 1003}));
        // The planner's skips are listed apart; the cascade's skip of a target is on its row.
        const QList<SkipRecord> notTouched = dialog.shownSkipped();
        QCOMPARE(notTouched.size(), 1);
        QCOMPARE(notTouched.first().pid, 7001);

        QCOMPARE(dialog.confirmButton(), nullptr);
        QCOMPARE(dialog.cancelButton(), nullptr);
        QVERIFY(dialog.closeButton());
        QVERIFY(dialog.closeButton()->isDefault());
        showAndWait(&dialog);
        saveGrab(&dialog, QStringLiteral("reap-receipt"));
        QSignalSpy rejected(&dialog, &QDialog::rejected);
        dialog.closeButton()->click();
        QCOMPARE(rejected.count(), 1);
    }

    void receiptOfACleanReap()
    {
        ReapPreviewDialog dialog;
        ReapRequest request = passRequest();
        ReapReport report;
        report.request = request;
        report.targets << target(4301, 1, 700'000, {QStringLiteral("a")})
                       << target(4302, 2, 560'000, {QStringLiteral("b")});
        report.cascade.killed << KillRecord{{4301, 1}, QStringLiteral("TERM"), 35}
                              << KillRecord{{4302, 2}, QStringLiteral("TERM"), 80};
        report.durationMs = 90;
        dialog.setReport(report);
        QCOMPARE(dialog.headline(), QStringLiteral("Killed 2 processes, %1 freed").arg(formatKb(1'260'000)));
        QCOMPARE(formatKb(1'260'000), QStringLiteral("1.2 GB"));
        QVERIFY(dialog.summary().contains(QStringLiteral("Took 0.1 s.")));
        QVERIFY(dialog.shownSkipped().isEmpty());
    }

    void receiptOfADryRun()
    {
        ReapPreviewDialog dialog;
        ReapRequest request = passRequest();
        request.dryRun = true;
        ReapReport report;
        report.request = request;
        report.targets = planOfThree().targets;
        dialog.setReport(report);
        QCOMPARE(dialog.headline(), QStringLiteral("Dry run: 3 processes would be signalled"));
        for (const ReapTargetModel::Row &row : dialog.targetModel()->rows())
            QCOMPARE(row.result, Result::Planned);
        QVERIFY(dialog.summary().contains(formatKb(sumRss(planOfThree()))));
    }

    void loadingThenError()
    {
        ReapPreviewDialog dialog;
        dialog.setLoading();
        QCOMPARE(dialog.state(), ReapPreviewDialog::State::Loading);
        QVERIFY(dialog.cancelButton());
        QVERIFY(dialog.cancelButton()->isEnabled());
        QCOMPARE(dialog.confirmButton(), nullptr);
        QCOMPARE(dialog.closeButton(), nullptr);
        QVERIFY(dialog.shownTargets().isEmpty());
        showAndWait(&dialog);
        saveGrab(&dialog, QStringLiteral("reap-loading"));

        dialog.setError(QStringLiteral("the instance does not answer"));
        QCOMPARE(dialog.state(), ReapPreviewDialog::State::Error);
        QCOMPARE(dialog.headline(), QStringLiteral("Could not work out what to reap"));
        QCOMPARE(dialog.summary(), QStringLiteral("the instance does not answer"));
        QCOMPARE(dialog.confirmButton(), nullptr);
        QVERIFY(dialog.closeButton());

        // A failure after the signals went out keeps the targets in view.
        dialog.setPreview(ReapKind::Orphans, passRequest(), planOfThree());
        dialog.confirmButton()->click();
        dialog.setError(QStringLiteral("lost the instance"));
        QCOMPARE(dialog.headline(), QStringLiteral("The reap did not finish"));
        QCOMPARE(dialog.shownTargets().size(), 3);
        QSignalSpy rejected(&dialog, &QDialog::rejected);
        QTest::keyClick(&dialog, Qt::Key_Escape);
        QCOMPARE(rejected.count(), 1);
    }
};

QTEST_MAIN(TestReapPreviewDialog)
#include "tst_reappreviewdialog.moc"
