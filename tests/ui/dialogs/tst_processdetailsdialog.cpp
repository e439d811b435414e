#include "humanformat.h"
#include "processdetailsdialog.h"

#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QLabel>
#include <QLocale>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>
#include <QTreeWidget>

using namespace agentmon;

namespace {

using Field = ProcessDetailsDialog::Field;

const QString sessionId = QStringLiteral("3f2a9c1e-7d41-4b6e-9a0c-5e2f8d1b7a63");

QStringList sampleArgv()
{
    return {QStringLiteral("claude"),       QStringLiteral("--output-format"),
            QStringLiteral("stream-json"),  QStringLiteral("it's a \"prompt\" with $HOME and spaces"),
            QStringLiteral("line1\nline2"), QString()};
}

LineageEntry entry(int pid, quint64 starttime, const QString &comm, const QString &command, int depth = 0,
                   bool alive = true)
{
    LineageEntry e;
    e.key = {pid, starttime};
    e.comm = comm;
    e.command = command;
    e.depth = depth;
    e.alive = alive;
    return e;
}

ProcessDetails sampleDetails()
{
    ProcessDetails d;
    ProcessInfo &info = d.record.info;
    info.key = {4242, 987654};
    info.ppid = 4000;
    info.pgid = 4242;
    info.sid = 4000;
    info.uid = 1000;
    info.state = 'S';
    info.ttyNr = (136 << 8) | 3; // pts/3
    info.comm = QStringLiteral("claude");
    info.argv = sampleArgv();
    info.rssKb = 250'000;
    info.cpuPct = 12.5;
    info.threads = 17;
    info.memory = MemoryDetail{200'000, 1'024, 512};
    d.record.cls = ProcessClass::Agent;
    d.record.rule = QStringLiteral("claude-headless");
    d.record.status = ProcessStatus::Orphan;
    d.record.reason = QStringLiteral("parent 4000 exited; adopted by systemd --user");
    d.record.session = sessionId;
    d.record.sessionRoot = true;
    d.record.tracked = true;
    d.record.ageMs = 3 * 3600 * 1000 + 14 * 60 * 1000;
    EnvMarkers env;
    env.sessionId = sessionId;
    env.projectDir = QStringLiteral("/home/dev/src/app");
    env.entrypoint = QStringLiteral("sdk-cli");
    env.claudeCode = true;
    d.env = env;
    d.cwd = QStringLiteral("/home/dev/src/app");
    // Parent first.
    d.ancestors << entry(4000, 900, QStringLiteral("bash"), QStringLiteral("-bash"))
                << entry(3000, 800, QStringLiteral("tmux: server"), QString(), 0, false);
    d.children << entry(5000, 1000, QStringLiteral("node"), QStringLiteral("node /opt/mcp/dist/index.js"), 1)
               << entry(5001, 1001, QStringLiteral("sh"), QStringLiteral("sh -c chroma-mcp"), 2)
               << entry(5002, 1002, QStringLiteral("chroma-mcp"), QStringLiteral("chroma-mcp --port 0"), 1);
    d.stderrTail =
        QByteArrayLiteral("\x1b[33mwarning:\x1b[0m MCP server \"db\" restarted\r\nretrying in 2 s\n");
    d.registryKind = QStringLiteral("spawned");
    return d;
}

void saveGrab(QWidget *widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("AGENTMON_ARTIFACT_DIR");
    if (dir.isEmpty())
        return;
    QVERIFY(QDir().mkpath(dir));
    QVERIFY(widget->grab().save(dir + QStringLiteral("/dialog-%1.png").arg(name)));
}

QString visibleLabelText(const QWidget &dialog, const QString &text)
{
    const QList<QLabel *> labels = dialog.findChildren<QLabel *>();
    for (const QLabel *label : labels) {
        // Pages of a tab widget other than the current one are hidden: visible on its page is enough.
        if (label->text() == text && label->isVisibleTo(label->parentWidget()))
            return text;
    }
    return {};
}

} // namespace

class TestProcessDetailsDialog : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void overview()
    {
        ProcessDetailsDialog dialog;
        dialog.setDetails(sampleDetails());
        QCOMPARE(dialog.windowTitle(), QStringLiteral("PID 4242 \u2014 claude"));
        QCOMPARE(dialog.key(), (ProcessKey{4242, 987654}));
        QCOMPARE(dialog.fieldText(Field::Pid), QStringLiteral("4242"));
        QCOMPARE(dialog.fieldText(Field::StartTime), QStringLiteral("987654"));
        QCOMPARE(dialog.fieldText(Field::Ppid), QStringLiteral("4000"));
        QCOMPARE(dialog.fieldText(Field::Pgid), QStringLiteral("4242"));
        QCOMPARE(dialog.fieldText(Field::Sid), QStringLiteral("4000"));
        QCOMPARE(dialog.fieldText(Field::Uid), QStringLiteral("1000"));
        QCOMPARE(dialog.fieldText(Field::State), QStringLiteral("S (sleeping)"));
        QCOMPARE(dialog.fieldText(Field::Tty), QStringLiteral("pts/3"));
        QCOMPARE(dialog.fieldText(Field::Threads), QStringLiteral("17"));
        QCOMPARE(dialog.fieldText(Field::Cpu), QStringLiteral("12.5 %"));
        QCOMPARE(dialog.fieldText(Field::Age), formatDuration(sampleDetails().record.ageMs));
        QCOMPARE(dialog.fieldText(Field::Class), QStringLiteral("agent"));
        QCOMPARE(dialog.fieldText(Field::Rule), QStringLiteral("claude-headless"));
        QCOMPARE(dialog.fieldText(Field::ProtectedBy), QStringLiteral("not protected"));
        QCOMPARE(dialog.fieldText(Field::Status),
                 QStringLiteral("orphan: parent 4000 exited; adopted by systemd --user"));
        QCOMPARE(dialog.fieldText(Field::Session), QStringLiteral("%1 (its root process)").arg(sessionId));
        QCOMPARE(dialog.fieldText(Field::Tracked), QStringLiteral("launched by agentmon"));
        QCOMPARE(dialog.fieldText(Field::Rss), formatKb(250'000));
        QCOMPARE(dialog.fieldText(Field::Pss), formatKb(200'000));
        QCOMPARE(dialog.fieldText(Field::Swap), formatKb(1'024));
        QCOMPARE(dialog.fieldText(Field::Cwd), QStringLiteral("/home/dev/src/app"));
        QVERIFY(dialog.errorText().isEmpty());

        // A process that has gone, of no agent, without a terminal or PSS.
        ProcessDetails gone = sampleDetails();
        gone.record.cls = ProcessClass::None;
        gone.record.rule.clear();
        gone.record.protectedBy = QStringLiteral("keep-my-db");
        gone.record.info.ttyNr = 0;
        gone.record.info.memory.reset();
        gone.record.info.state = 'D';
        gone.registryKind.clear();
        gone.record.tracked = false;
        gone.error = QStringLiteral("the process has exited");
        dialog.setDetails(gone);
        QCOMPARE(dialog.fieldText(Field::Class), QStringLiteral("not an agent process"));
        QCOMPARE(dialog.fieldText(Field::Rule), QStringLiteral("none"));
        QCOMPARE(dialog.fieldText(Field::ProtectedBy), QStringLiteral("keep-my-db"));
        QCOMPARE(dialog.fieldText(Field::Tty), QStringLiteral("none"));
        QCOMPARE(dialog.fieldText(Field::State), QStringLiteral("D (uninterruptible sleep)"));
        QVERIFY(dialog.fieldText(Field::Pss).startsWith(QStringLiteral("not read")));
        QCOMPARE(dialog.fieldText(Field::Tracked), QStringLiteral("not in the registry"));
        QVERIFY2(dialog.errorText().contains(QStringLiteral("the process has exited")),
                 qPrintable(dialog.errorText()));
    }

    void commandOneArgumentPerLine()
    {
        ProcessDetailsDialog dialog;
        dialog.setDetails(sampleDetails());
        const QStringList expected{
            QStringLiteral("claude"),        QStringLiteral("--output-format"),
            QStringLiteral("stream-json"),   QStringLiteral("it's a \"prompt\" with $HOME and spaces"),
            QStringLiteral("line1\\nline2"), QString()};
        QCOMPARE(dialog.argvLines(), expected);
    }

    void copyQuotesForTheShell()
    {
        ProcessDetailsDialog dialog;
        dialog.setDetails(sampleDetails());
        QPushButton *copy = nullptr;
        const QList<QPushButton *> buttons = dialog.findChildren<QPushButton *>();
        for (QPushButton *button : buttons) {
            if (button->text().contains(QStringLiteral("opy")))
                copy = button;
        }
        QVERIFY(copy);
        QVERIFY(copy->isEnabled());
        QApplication::clipboard()->clear();
        copy->click();
        const QString line = QApplication::clipboard()->text();
        QCOMPARE(line,
                 QStringLiteral("claude --output-format stream-json 'it'\\''s a \"prompt\" with $HOME and "
                                "spaces' 'line1\nline2' ''"));

        // A real shell reads the same arguments back.
        QProcess sh;
        sh.start(
            QStringLiteral("/bin/sh"),
            {QStringLiteral("-c"), QStringLiteral("for a in %1; do printf '%s\\0' \"$a\"; done").arg(line)});
        QVERIFY(sh.waitForFinished(10'000));
        QCOMPARE(sh.exitCode(), 0);
        QStringList words = QString::fromUtf8(sh.readAllStandardOutput()).split(QChar(0));
        QCOMPARE(words.takeLast(), QString()); // after the last NUL
        QCOMPARE(words, sampleArgv());

        // Nothing to copy for a kernel thread.
        ProcessDetails kthread = sampleDetails();
        kthread.record.info.argv.clear();
        dialog.setDetails(kthread);
        QVERIFY(!copy->isEnabled());
        QVERIFY(dialog.argvLines().isEmpty());
    }

    void environmentMarkers()
    {
        ProcessDetailsDialog dialog;
        dialog.setDetails(sampleDetails());
        QCOMPARE(dialog.markerLines(), (QStringList{QStringLiteral("CLAUDE_CODE_SESSION_ID=") + sessionId,
                                                    QStringLiteral("CLAUDE_PROJECT_DIR=/home/dev/src/app"),
                                                    QStringLiteral("CLAUDE_CODE_ENTRYPOINT=sdk-cli"),
                                                    QStringLiteral("CLAUDECODE=1")}));
        QVERIFY(visibleLabelText(dialog, QStringLiteral("None found.")).isEmpty());

        ProcessDetails child = sampleDetails();
        child.env = EnvMarkers{};
        child.env->childSession = true;
        dialog.setDetails(child);
        QCOMPARE(dialog.markerLines(), QStringList{QStringLiteral("CLAUDE_CODE_CHILD_SESSION=1")});

        ProcessDetails none = sampleDetails();
        none.env = EnvMarkers{};
        dialog.setDetails(none);
        QVERIFY(dialog.markerLines().isEmpty());
        QCOMPARE(visibleLabelText(dialog, QStringLiteral("None found.")), QStringLiteral("None found."));

        ProcessDetails unread = sampleDetails();
        unread.env.reset();
        unread.record.info.env.reset();
        dialog.setDetails(unread);
        QVERIFY(dialog.markerLines().isEmpty());
        QVERIFY(visibleLabelText(dialog, QStringLiteral("None found.")).isEmpty());
    }

    void lineageTree()
    {
        ProcessDetailsDialog dialog;
        dialog.setDetails(sampleDetails());
        const QTreeWidget *tree = dialog.lineageTree();
        QCOMPARE(tree->topLevelItemCount(), 1);
        const QTreeWidgetItem *top = tree->topLevelItem(0);
        QCOMPARE(top->text(0), QStringLiteral("3000"));
        QVERIFY(top->text(1).contains(QStringLiteral("exited"))); // remembered, gone since
        QCOMPARE(top->childCount(), 1);
        const QTreeWidgetItem *parent = top->child(0);
        QCOMPARE(parent->text(0), QStringLiteral("4000"));
        QCOMPARE(parent->text(1), QStringLiteral("-bash"));
        QCOMPARE(parent->childCount(), 1);
        const QTreeWidgetItem *self = parent->child(0);
        QCOMPARE(self->text(0), QStringLiteral("4242"));
        QVERIFY2(!self->text(1).contains(QLatin1Char('\n')), qPrintable(self->text(1)));
        QVERIFY(self->text(1).startsWith(QStringLiteral("claude --output-format stream-json")));
        QVERIFY(self->font(0).bold());
        QVERIFY(!parent->font(0).bold());
        QCOMPARE(self->childCount(), 2);
        QCOMPARE(self->child(0)->text(0), QStringLiteral("5000"));
        QCOMPARE(self->child(0)->childCount(), 1);
        QCOMPARE(self->child(0)->child(0)->text(0), QStringLiteral("5001"));
        QCOMPARE(self->child(1)->text(0), QStringLiteral("5002"));
        QCOMPARE(self->child(1)->childCount(), 0);
        QVERIFY(!self->child(1)->font(0).bold());
        QVERIFY(self->isExpanded());

        // A double click asks for that process's details, by (pid, starttime).
        QSignalSpy activated(&dialog, &ProcessDetailsDialog::processActivated);
        Q_EMIT dialog.lineageTree()->itemDoubleClicked(self->child(0)->child(0), 0);
        QCOMPARE(activated.count(), 1);
        QCOMPARE(activated.at(0).at(0).value<ProcessKey>(), (ProcessKey{5001, 1001}));

        // No ancestors nor children: only the process itself.
        ProcessDetails alone = sampleDetails();
        alone.ancestors.clear();
        alone.children.clear();
        dialog.setDetails(alone);
        QCOMPARE(tree->topLevelItemCount(), 1);
        QCOMPARE(tree->topLevelItem(0)->text(0), QStringLiteral("4242"));
        QCOMPARE(tree->topLevelItem(0)->childCount(), 0);
    }

    void stderrTailOnlyWhenPresent()
    {
        ProcessDetailsDialog dialog;
        dialog.setDetails(sampleDetails());
        QVERIFY(dialog.isStderrShown());
        QCOMPARE(dialog.stderrText(),
                 QStringLiteral("warning: MCP server \"db\" restarted\nretrying in 2 s\n"));

        ProcessDetails quiet = sampleDetails();
        quiet.stderrTail.clear();
        dialog.setDetails(quiet);
        QVERIFY(!dialog.isStderrShown());
        QVERIFY(dialog.stderrText().isEmpty());
    }

    void invalidUtf8IsReplaced()
    {
        ProcessDetailsDialog dialog;
        ProcessDetails d = sampleDetails();
        d.stderrTail = QByteArray("ok \xff\xfe bad \xc3\x28 cut \xe2\x82") + QByteArray(1, '\0') +
                       QByteArrayLiteral(" end");
        d.record.info.comm = QString::fromUtf8("cl\xff"
                                               "aude");
        dialog.setDetails(d);
        QVERIFY(dialog.isStderrShown());
        const QString text = dialog.stderrText();
        QVERIFY2(text.startsWith(QStringLiteral("ok ")), qPrintable(text));
        QVERIFY(text.contains(QChar(QChar::ReplacementCharacter)));
        QVERIFY(text.endsWith(QStringLiteral(" end")));
        QVERIFY(!text.contains(QChar(0)));
        QVERIFY(dialog.windowTitle().contains(QChar(QChar::ReplacementCharacter)));
    }

    void refreshAsksForTheSameProcess()
    {
        ProcessDetailsDialog dialog;
        dialog.setDetails(sampleDetails());
        QSignalSpy refresh(&dialog, &ProcessDetailsDialog::refreshRequested);
        QPushButton *button = nullptr;
        const QList<QPushButton *> buttons = dialog.findChildren<QPushButton *>();
        for (QPushButton *b : buttons) {
            if (b->text() == QStringLiteral("&Refresh"))
                button = b;
        }
        QVERIFY(button);
        QCOMPARE(button->shortcut(), QKeySequence(Qt::Key_F5));
        button->click();
        QCOMPARE(refresh.count(), 1);
        QCOMPARE(refresh.at(0).at(0).value<ProcessKey>(), (ProcessKey{4242, 987654}));

        dialog.resize(dialog.sizeHint());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        dialog.activateWindow();
        if (QTest::qWaitForWindowActive(&dialog)) {
            // A shortcut clicks its button with a short animation, after the key event.
            QTest::keyClick(&dialog, Qt::Key_F5);
            QTRY_COMPARE(refresh.count(), 2);
        }
        saveGrab(&dialog, QStringLiteral("details"));
        dialog.findChild<QTabWidget *>()->setCurrentIndex(2);
        saveGrab(&dialog, QStringLiteral("details-lineage"));
    }

    void sizeFollowsTheFont()
    {
        ProcessDetailsDialog dialog;
        const QSize hint = dialog.sizeHint();
        QVERIFY(hint.width() >= dialog.fontMetrics().averageCharWidth() * 80);
        QVERIFY(hint.height() >= dialog.fontMetrics().lineSpacing() * 25);
    }
};

QTEST_MAIN(TestProcessDetailsDialog)
#include "tst_processdetailsdialog.moc"
