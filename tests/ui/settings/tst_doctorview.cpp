#include "doctorview.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QClipboard>
#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QIcon>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QPainter>
#include <QProgressBar>
#include <QScrollArea>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>
#include <QTreeView>

using namespace agentmon;

namespace {

const QString iconDir = QStringLiteral(AGENTMON_FIXTURE_DIR "/../../resources/icons");

// A report shaped like `agentmonctl doctor --json` with a running instance.
QJsonObject sampleReport(int problemCount, int zombieCount = 3)
{
    QJsonArray problems;
    if (problemCount >= 1)
        problems.append(QJsonObject{
            {QStringLiteral("problem"),
             QStringLiteral("session 4f1c2a9b ended 2 min ago and left 3 processes "
                            "(1.2 GB)")},
            {QStringLiteral("fix"), QStringLiteral("agentmonctl reap --session 4f1c2a9b-aaaa-bbbb")}});
    if (problemCount >= 2)
        problems.append(QJsonObject{
            {QStringLiteral("problem"),
             QStringLiteral("the API token /home/me/.config/agentmon/token is readable "
                            "by other users")},
            {QStringLiteral("fix"), QStringLiteral("chmod 600 /home/me/.config/agentmon/token")}});
    QJsonArray zombies;
    for (int i = 0; i < zombieCount; ++i)
        zombies.append(QJsonObject{{QStringLiteral("pid"), 7000 + i},
                                   {QStringLiteral("ppid"), 4242},
                                   {QStringLiteral("parent_comm"), QStringLiteral("node")}});
    return QJsonObject{
        {QStringLiteral("problems"), problems},
        {QStringLiteral("instance"), QJsonObject{{QStringLiteral("pid"), 1234},
                                                 {QStringLiteral("port"), 37790},
                                                 {QStringLiteral("subreaper"), true},
                                                 {QStringLiteral("pidfd"), true},
                                                 {QStringLiteral("psi"), false},
                                                 {QStringLiteral("uptime_s"), 7260},
                                                 {QStringLiteral("api"), QStringLiteral("ok")}}},
        {QStringLiteral("config"),
         QJsonObject{{QStringLiteral("file"), QStringLiteral("/home/me/.config/agentmon/"
                                                             "agentmon.conf")},
                     {QStringLiteral("exists"), false}}},
        {QStringLiteral("registry"), QJsonObject{{QStringLiteral("entries"), 4},
                                                 {QStringLiteral("alive"), 2},
                                                 {QStringLiteral("dead_pids"), QJsonArray{311, 312}}}},
        {QStringLiteral("memory"),
         QJsonObject{{QStringLiteral("mem_total_kb"), 16'384'000},
                     {QStringLiteral("mem_available_kb"), 812'000},
                     {QStringLiteral("psi"), QJsonObject{{QStringLiteral("some_avg10"), 1.5},
                                                         {QStringLiteral("full_avg10"), 0.25}}}}},
        {QStringLiteral("zombies"), zombies},
        {QStringLiteral("rules"), QJsonObject{{QStringLiteral("builtin"), 30},
                                              {QStringLiteral("user"), 0},
                                              {QStringLiteral("errors"), QJsonArray()}}},
    };
}

QStringList labelTexts(const QWidget &view, const QString &name)
{
    QStringList texts;
    const QList<QLabel *> labels = view.findChildren<QLabel *>(name);
    for (const QLabel *label : labels)
        texts.append(label->text());
    return texts;
}

QTreeView *reportTree(const QWidget &view)
{
    return view.findChild<QTreeView *>(QStringLiteral("reportTree"));
}

// The row of the tree whose first column reads key, under parent.
QModelIndex child(const QAbstractItemModel *model, const QModelIndex &parent, const QString &key)
{
    for (int row = 0; row < model->rowCount(parent); ++row) {
        const QModelIndex index = model->index(row, 0, parent);
        if (index.data().toString() == key)
            return index;
    }
    return {};
}

QModelIndex topLevel(const QAbstractItemModel *model, const QString &title)
{
    return child(model, QModelIndex(), title);
}

QString valueOf(const QModelIndex &index)
{
    return index.siblingAtColumn(1).data().toString();
}

QStringList childKeys(const QAbstractItemModel *model, const QModelIndex &parent)
{
    QStringList keys;
    for (int row = 0; row < model->rowCount(parent); ++row)
        keys.append(model->index(row, 0, parent).data().toString());
    return keys;
}

// The icon drawn on white, in shades of grey: what a person who cannot tell the colours apart sees.
QImage greyOnWhite(const QString &file, int size)
{
    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.drawPixmap(0, 0, QIcon(file).pixmap(size));
    painter.end();
    return image.convertToFormat(QImage::Format_Grayscale8);
}

void saveGrab(QWidget *widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("AGENTMON_ARTIFACT_DIR");
    if (dir.isEmpty())
        return;
    QVERIFY(QDir().mkpath(dir));
    QVERIFY(widget->grab().save(dir + QStringLiteral("/doctor-%1.png").arg(name)));
}

} // namespace

class TestDoctorView : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void twoProblemsWithTheirFixes();
    void noProblems();
    void sectionsInTheTree();
    void longArraysAreSummarised();
    void expansionSurvivesARefresh();
    void refreshEmitsRefreshRequested();
    void busyAndError();
    void iconsRender();
    void stateIconsDifferWithoutColour();
};

void TestDoctorView::twoProblemsWithTheirFixes()
{
    DoctorView view;
    view.resize(view.fontMetrics().averageCharWidth() * 100, view.fontMetrics().height() * 30);
    view.setReport(sampleReport(2));
    QCOMPARE(view.problemCount(), 2);
    QCOMPARE(view.headline(), QStringLiteral("2 problems"));
    QCOMPARE(labelTexts(view, QStringLiteral("problemText")),
             (QStringList{QStringLiteral("session 4f1c2a9b ended 2 min ago and left 3 processes (1.2 GB)"),
                          QStringLiteral(
                              "the API token /home/me/.config/agentmon/token is readable by other users")}));
    QCOMPARE(labelTexts(view, QStringLiteral("fixText")),
             (QStringList{QStringLiteral("agentmonctl reap --session 4f1c2a9b-aaaa-bbbb"),
                          QStringLiteral("chmod 600 /home/me/.config/agentmon/token")}));
    const QList<QLabel *> fixes = view.findChildren<QLabel *>(QStringLiteral("fixText"));
    for (const QLabel *fix : fixes)
        QVERIFY(fix->textInteractionFlags() & Qt::TextSelectableByMouse);
    QVERIFY(view.findChild<QScrollArea *>(QStringLiteral("problems"))->isVisibleTo(&view));
    QVERIFY(!view.findChild<QLabel *>(QStringLiteral("headlineIcon"))->pixmap().isNull());

    // Copy puts the fix, exactly, on the clipboard.
    const QList<QToolButton *> copies = view.findChildren<QToolButton *>(QStringLiteral("copyFix"));
    QCOMPARE(copies.size(), 2);
    QGuiApplication::clipboard()->clear();
    QTest::mouseClick(copies.at(1), Qt::LeftButton);
    QCOMPARE(QGuiApplication::clipboard()->text(),
             QStringLiteral("chmod 600 /home/me/.config/agentmon/token"));

    // The problems are not repeated in the tree.
    const QAbstractItemModel *model = reportTree(view)->model();
    QVERIFY(!topLevel(model, QStringLiteral("problems")).isValid());
    QVERIFY(topLevel(model, QStringLiteral("Instance")).isValid());

    // A new report replaces the old problems, it does not add to them.
    view.setReport(sampleReport(1));
    QCOMPARE(view.headline(), QStringLiteral("1 problem"));
    QCOMPARE(labelTexts(view, QStringLiteral("problemText")).size(), 1);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setReport(sampleReport(2));
    const QList<QFrame *> cards = view.findChildren<QFrame *>(QStringLiteral("problemCard"));
    QCOMPARE(cards.size(), 2);
    for (const QFrame *card : cards)
        QVERIFY(card->isVisible());
    saveGrab(&view, QStringLiteral("problems"));
}

void TestDoctorView::noProblems()
{
    DoctorView view;
    view.setReport(sampleReport(2));
    view.setReport(sampleReport(0));
    QCOMPARE(view.problemCount(), 0);
    QCOMPARE(view.headline(), QStringLiteral("No problems found"));
    QVERIFY(labelTexts(view, QStringLiteral("problemText")).isEmpty());
    QVERIFY(!view.findChild<QScrollArea *>(QStringLiteral("problems"))->isVisibleTo(&view));
    QVERIFY(!view.findChild<QLabel *>(QStringLiteral("headlineIcon"))->pixmap().isNull());
    // A report without a "problems" key at all is the same.
    QJsonObject report = sampleReport(0);
    report.remove(QStringLiteral("problems"));
    view.setReport(report);
    QCOMPARE(view.headline(), QStringLiteral("No problems found"));
}

void TestDoctorView::sectionsInTheTree()
{
    DoctorView view;
    QTreeView *tree = reportTree(view);
    QVERIFY(tree);
    QAbstractItemModel *model = tree->model();
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    view.setReport(sampleReport(2));

    // Sections in a fixed order, by their titles, open.
    QCOMPARE(
        childKeys(model, QModelIndex()),
        (QStringList{QStringLiteral("Instance"), QStringLiteral("Configuration"), QStringLiteral("Rules"),
                     QStringLiteral("Registry"), QStringLiteral("Memory"), QStringLiteral("Zombies")}));
    const QModelIndex memory = topLevel(model, QStringLiteral("Memory"));
    QVERIFY(memory.isValid());
    QVERIFY(tree->isExpanded(memory));
    // Sizes in units a person reads, with the raw figure.
    QCOMPARE(valueOf(child(model, memory, QStringLiteral("mem_total_kb"))),
             QStringLiteral("15.6 GB (16384000)"));
    QCOMPARE(valueOf(child(model, memory, QStringLiteral("mem_available_kb"))),
             QStringLiteral("793 MB (812000)"));
    // Nested objects are items of their own.
    const QModelIndex psi = child(model, memory, QStringLiteral("psi"));
    QVERIFY(psi.isValid());
    QCOMPARE(childKeys(model, psi),
             (QStringList{QStringLiteral("full_avg10"), QStringLiteral("some_avg10")}));
    QCOMPARE(valueOf(child(model, psi, QStringLiteral("some_avg10"))), QStringLiteral("1.5"));
    QCOMPARE(valueOf(child(model, psi, QStringLiteral("full_avg10"))), QStringLiteral("0.25"));
    const QModelIndex instance = topLevel(model, QStringLiteral("Instance"));
    QCOMPARE(valueOf(child(model, instance, QStringLiteral("subreaper"))), QStringLiteral("yes"));
    QCOMPARE(valueOf(child(model, instance, QStringLiteral("psi"))), QStringLiteral("no"));
    QCOMPARE(valueOf(child(model, instance, QStringLiteral("uptime_s"))), QStringLiteral("2 h 1 min (7260)"));
    // A short array of numbers fits on its line; an empty one says so.
    QCOMPARE(valueOf(child(model, topLevel(model, QStringLiteral("Registry")), QStringLiteral("dead_pids"))),
             QStringLiteral("311, 312"));
    QCOMPARE(valueOf(child(model, topLevel(model, QStringLiteral("Rules")), QStringLiteral("errors"))),
             QStringLiteral("none"));
    // Objects in an array are numbered, with a summary line, and expandable.
    const QModelIndex zombies = topLevel(model, QStringLiteral("Zombies"));
    QCOMPARE(valueOf(zombies), QStringLiteral("3 items"));
    QCOMPARE(model->rowCount(zombies), 3);
    const QModelIndex first = child(model, zombies, QStringLiteral("#1"));
    QVERIFY(first.isValid());
    QVERIFY2(valueOf(first).contains(QLatin1String("7000")), qPrintable(valueOf(first)));
    QCOMPARE(valueOf(child(model, first, QStringLiteral("parent_comm"))), QStringLiteral("node"));
    // Unknown sections are shown too, under their own key.
    QJsonObject report = sampleReport(0);
    report.insert(QStringLiteral("future_section"), QJsonObject{{QStringLiteral("x"), 1}});
    view.setReport(report);
    const QModelIndex future = topLevel(model, QStringLiteral("future_section"));
    QVERIFY(future.isValid());
    QCOMPARE(valueOf(child(model, future, QStringLiteral("x"))), QStringLiteral("1"));
}

void TestDoctorView::longArraysAreSummarised()
{
    DoctorView view;
    QAbstractItemModel *model = reportTree(view)->model();
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    view.setReport(sampleReport(0, 600));
    const QModelIndex zombies = topLevel(model, QStringLiteral("Zombies"));
    QCOMPARE(valueOf(zombies), QStringLiteral("600 items"));
    // Some shown, the rest counted, not hundreds of rows.
    const int rows = model->rowCount(zombies);
    QVERIFY(rows > 10);
    QVERIFY(rows < 100);
    const QModelIndex last = model->index(rows - 1, 0, zombies);
    QVERIFY2(valueOf(last).contains(QString::number(600 - (rows - 1))), qPrintable(valueOf(last)));
    QVERIFY(child(model, zombies, QStringLiteral("#%1").arg(rows - 1)).isValid());
}

void TestDoctorView::expansionSurvivesARefresh()
{
    DoctorView view;
    QTreeView *tree = reportTree(view);
    const QAbstractItemModel *model = tree->model();
    view.setReport(sampleReport(1));
    const QModelIndex psi = child(model, topLevel(model, QStringLiteral("Memory")), QStringLiteral("psi"));
    QVERIFY(psi.isValid());
    QVERIFY(!tree->isExpanded(psi));
    tree->setExpanded(psi, true);
    tree->setExpanded(topLevel(model, QStringLiteral("Registry")), false);

    view.setReport(sampleReport(2));
    QVERIFY(tree->isExpanded(child(model, topLevel(model, QStringLiteral("Memory")), QStringLiteral("psi"))));
    QVERIFY(!tree->isExpanded(topLevel(model, QStringLiteral("Registry"))));
    QVERIFY(tree->isExpanded(topLevel(model, QStringLiteral("Instance"))));
    // And once more, so that the restoring itself does not lose the state.
    view.setReport(sampleReport(0));
    QVERIFY(tree->isExpanded(child(model, topLevel(model, QStringLiteral("Memory")), QStringLiteral("psi"))));
    QVERIFY(!tree->isExpanded(topLevel(model, QStringLiteral("Registry"))));
}

void TestDoctorView::refreshEmitsRefreshRequested()
{
    DoctorView view;
    QSignalSpy spy(&view, &DoctorView::refreshRequested);
    auto *button = view.findChild<QToolButton *>(QStringLiteral("refreshButton"));
    QVERIFY(button);
    QTest::mouseClick(button, Qt::LeftButton);
    QCOMPARE(spy.count(), 1);

    view.show();
    view.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&view));
    QTreeView *tree = reportTree(view);
    tree->setFocus();
    QTest::keyClick(tree, Qt::Key_F5);
    QCOMPARE(spy.count(), 2);

    // Not while a report is on its way.
    view.setBusy(true);
    QTest::keyClick(tree, Qt::Key_F5);
    QTest::mouseClick(button, Qt::LeftButton);
    QCOMPARE(spy.count(), 2);
    view.setReport(sampleReport(0));
    QVERIFY(!view.isBusy());
    QTest::keyClick(tree, Qt::Key_F5);
    QCOMPARE(spy.count(), 3);
}

void TestDoctorView::busyAndError()
{
    DoctorView view;
    auto *progress = view.findChild<QProgressBar *>(QStringLiteral("busy"));
    QVERIFY(progress);
    view.setReport(sampleReport(2));
    view.setBusy(true);
    QVERIFY(progress->isVisibleTo(&view));
    QVERIFY(!view.refreshAction()->isEnabled());
    // The last report stays while the next is on its way.
    QCOMPARE(view.problemCount(), 2);
    QCOMPARE(view.headline(), QStringLiteral("2 problems"));

    view.setError(QStringLiteral("agentmonctl doctor exited with code 1: no such file"));
    QVERIFY(!view.isBusy());
    QVERIFY(!progress->isVisibleTo(&view));
    QVERIFY(view.refreshAction()->isEnabled());
    QCOMPARE(view.headline(), QStringLiteral("The checks could not run"));
    QVERIFY(view.findChild<QLabel *>(QStringLiteral("headlineDetail"))
                ->text()
                .contains(QLatin1String("no such file")));
    QCOMPARE(view.problemCount(), 0);
    QVERIFY(labelTexts(view, QStringLiteral("problemText")).isEmpty());
    QCOMPARE(reportTree(view)->model()->rowCount(), 0);
    QVERIFY(!view.findChild<QLabel *>(QStringLiteral("headlineIcon"))->pixmap().isNull());
}

void TestDoctorView::iconsRender()
{
    const QStringList expected = {
        QStringLiteral("agentmon"),       QStringLiteral("state-ok"),         QStringLiteral("state-warning"),
        QStringLiteral("state-critical"), QStringLiteral("state-leak-badge"), QStringLiteral("reap-session"),
        QStringLiteral("kill-orphans"),   QStringLiteral("kill-selected"),    QStringLiteral("refresh"),
        QStringLiteral("settings"),       QStringLiteral("doctor"),           QStringLiteral("history")};
    const QStringList present = QDir(iconDir).entryList({QStringLiteral("*.svg")}, QDir::Files);
    for (const QString &name : expected)
        QVERIFY2(present.contains(name + QStringLiteral(".svg")), qPrintable(name));

    for (const QString &file : present) {
        const QString path = iconDir + QLatin1Char('/') + file;
        // Self-contained: nothing fetched from elsewhere, scalable.
        const QByteArray svg = [&] {
            QFile f(path);
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        }();
        QVERIFY2(svg.contains("viewBox=\"0 0 64 64\""), qPrintable(file));
        QVERIFY2(!svg.contains("href"), qPrintable(file));
        QVERIFY2(!svg.contains("<image"), qPrintable(file));
        QVERIFY2(!svg.contains("url(http"), qPrintable(file));

        for (int size : {16, 22, 64, 256}) {
            const QPixmap pixmap = QIcon(path).pixmap(size);
            QVERIFY2(!pixmap.isNull(), qPrintable(file));
            QCOMPARE(pixmap.width(), size);
            const QImage image = pixmap.toImage().convertToFormat(QImage::Format_ARGB32);
            int opaque = 0;
            for (int y = 0; y < image.height(); ++y) {
                for (int x = 0; x < image.width(); ++x)
                    opaque += qAlpha(image.pixel(x, y)) > 128;
            }
            // Something drawn, filling a fair part of the square, not a solid square.
            const int area = size * size;
            QVERIFY2(opaque > area / 10,
                     qPrintable(QStringLiteral("%1 at %2: %3 opaque").arg(file).arg(size).arg(opaque)));
            QVERIFY2(opaque < area, qPrintable(file));
        }
    }
}

void TestDoctorView::stateIconsDifferWithoutColour()
{
    const QStringList states = {QStringLiteral("ok"), QStringLiteral("warning"), QStringLiteral("critical")};
    const int size = 22; // a tray
    for (int a = 0; a < states.size(); ++a) {
        for (int b = a + 1; b < states.size(); ++b) {
            const QImage one = greyOnWhite(iconDir + QStringLiteral("/state-%1.svg").arg(states.at(a)), size);
            const QImage two = greyOnWhite(iconDir + QStringLiteral("/state-%1.svg").arg(states.at(b)), size);
            int different = 0;
            for (int y = 0; y < size; ++y) {
                for (int x = 0; x < size; ++x)
                    different += qAbs(qGray(one.pixel(x, y)) - qGray(two.pixel(x, y))) > 32;
            }
            // Measured: 10% (ok and critical: the glyph alone) to 43% (with warning's light screen).
            QVERIFY2(different > size * size * 6 / 100,
                     qPrintable(QStringLiteral("%1 and %2: %3 pixels differ")
                                    .arg(states.at(a), states.at(b))
                                    .arg(different)));
        }
    }
}

QTEST_MAIN(TestDoctorView)
#include "tst_doctorview.moc"
