// AuditModel over rows of a real kill audit log (history.sqlite in a QTemporaryDir, manual clock): what each
// column shows and sorts on, and that newer rows arrive as inserts at the top, never as a reset.
#include "auditlog.h"
#include "auditmodel.h"
#include "humanformat.h"
#include "manualclock.h"

#include <QAbstractItemModelTester>
#include <QColor>
#include <QDateTime>
#include <QGuiApplication>
#include <QPalette>
#include <QPersistentModelIndex>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace agentmon;
using namespace agentmon::test;

namespace {

constexpr qint64 kMinuteMs = 60 * 1000;

AuditEntry row(int pid, const QString &outcome, const QString &reapId, quint64 freedKb = 0)
{
    AuditEntry e;
    e.session = QStringLiteral("3f2a9c1e-1111-4222-8333-944455556666");
    e.key = {pid, quint64(pid) * 10 + 3};
    e.command =
        QStringLiteral("node /home/u/.npm/_npx/1a2b/node_modules/.bin/mcp-server-%1 --stdio").arg(pid);
    e.cls = QStringLiteral("mcp");
    e.reason = QStringLiteral("orphan: its session ended 4 min ago");
    e.signal = outcome == QLatin1String("killed") || outcome == QLatin1String("survived")
                   ? QStringLiteral("TERM")
                   : QStringLiteral("none");
    e.outcome = outcome;
    e.rssFreedKb = freedKb;
    e.requestedBy = QStringLiteral("periodic");
    e.trigger = QStringLiteral("orphan sweep");
    e.reapId = reapId;
    return e;
}

QString shown(const QAbstractItemModel &model, int r, int column, int role = Qt::DisplayRole)
{
    return model.data(model.index(r, column), role).toString();
}

} // namespace

class tst_AuditModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void headersHaveTextAndToolTips();
    void rowsFromRealLogShowAsExpected();
    void sortRoleSortsOnRawValues();
    void growthInsertsAtTheTopWithoutReset();
    void growthPastTheLimitRemovesOldestAtTheEnd();
    void sameEntriesSignalNothing();
    void otherEntriesReset();
    void emptyingRemovesAllRows();

private:
    // Records rows at the clock's time, one minute after the previous call.
    void recordNow(QList<AuditEntry> rows);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<AuditLog> m_log;
    std::unique_ptr<AuditModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void tst_AuditModel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_clock = std::make_unique<ManualClock>();
    m_log = std::make_unique<AuditLog>(m_dir->filePath(QStringLiteral("history.sqlite")), *m_clock);
    QVERIFY2(m_log->open(), qPrintable(m_log->errorString()));
    m_model = std::make_unique<AuditModel>();
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void tst_AuditModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
    m_log.reset();
    m_clock.reset();
    m_dir.reset();
}

void tst_AuditModel::recordNow(QList<AuditEntry> rows)
{
    m_clock->advance(kMinuteMs);
    for (AuditEntry &e : rows)
        e.timeMs = 0; // the log's clock
    QVERIFY2(m_log->record(rows), qPrintable(m_log->lastError()));
}

void tst_AuditModel::headersHaveTextAndToolTips()
{
    QCOMPARE(m_model->columnCount(), 11);
    const QStringList expected = {
        QStringLiteral("Time"),         QStringLiteral("Session"), QStringLiteral("PID"),
        QStringLiteral("Command"),      QStringLiteral("Class"),   QStringLiteral("Reason"),
        QStringLiteral("Signal"),       QStringLiteral("Outcome"), QStringLiteral("Freed"),
        QStringLiteral("Requested by"), QStringLiteral("Trigger")};
    for (int c = 0; c < m_model->columnCount(); ++c) {
        QCOMPARE(m_model->headerData(c, Qt::Horizontal).toString(), expected.at(c));
        QVERIFY2(!m_model->headerData(c, Qt::Horizontal, Qt::ToolTipRole).toString().isEmpty(),
                 qPrintable(expected.at(c)));
    }
}

void tst_AuditModel::rowsFromRealLogShowAsExpected()
{
    AuditEntry withNewline = row(4101, QStringLiteral("killed"), QStringLiteral("reap-a"), 512 * 1024);
    withNewline.command = QStringLiteral("bash -c 'echo <b>hi</b>\nsleep 100'");
    recordNow({withNewline, row(4102, QStringLiteral("already_gone"), QStringLiteral("reap-a"))});
    const qint64 firstTime = m_clock->wallMs();
    AuditEntry survivor = row(4201, QStringLiteral("survived"), QStringLiteral("reap-b"));
    survivor.signal = QStringLiteral("KILL");
    survivor.requestedBy = QStringLiteral("policy:memory_low");
    recordNow({survivor, row(4202, QStringLiteral("killed"), QStringLiteral("reap-b"), 900)});
    const qint64 secondTime = m_clock->wallMs();

    const QList<AuditEntry> entries = m_log->entries();
    QCOMPARE(entries.size(), 4);
    m_model->setEntries(entries);
    QCOMPARE(m_model->rowCount(), 4);

    // Newest first: the second reap's rows on top.
    for (int r = 0; r < 2; ++r) {
        QCOMPARE(m_model->entryAt(r).timeMs, secondTime);
        QCOMPARE(m_model->entryAt(r).reapId, QStringLiteral("reap-b"));
        QCOMPARE(m_model->entryAt(r + 2).timeMs, firstTime);
    }
    QCOMPARE(m_model->entryAt(4), AuditEntry());

    const int survivorRow = m_model->entryAt(0).key.pid == 4201 ? 0 : 1;
    const int killedRow = 1 - survivorRow;
    const QString localTime = QDateTime::fromMSecsSinceEpoch(secondTime).toString(QStringLiteral("hh:mm:ss"));
    QVERIFY2(shown(*m_model, 0, AuditModel::TimeColumn).contains(localTime),
             qPrintable(shown(*m_model, 0, AuditModel::TimeColumn)));
    QCOMPARE(shown(*m_model, survivorRow, AuditModel::SessionColumn), QStringLiteral("3f2a9c1e"));
    QCOMPARE(shown(*m_model, survivorRow, AuditModel::SessionColumn, Qt::ToolTipRole),
             QStringLiteral("3f2a9c1e-1111-4222-8333-944455556666"));
    QCOMPARE(m_model->data(m_model->index(survivorRow, AuditModel::PidColumn)).toInt(), 4201);
    QCOMPARE(shown(*m_model, survivorRow, AuditModel::ClassColumn), QStringLiteral("mcp"));
    QCOMPARE(shown(*m_model, survivorRow, AuditModel::SignalColumn), QStringLiteral("SIGKILL"));
    QCOMPARE(shown(*m_model, survivorRow, AuditModel::OutcomeColumn), QStringLiteral("survived"));
    QCOMPARE(shown(*m_model, survivorRow, AuditModel::FreedColumn), QString());
    QCOMPARE(shown(*m_model, survivorRow, AuditModel::RequestedByColumn),
             QStringLiteral("policy: memory_low"));
    QCOMPARE(shown(*m_model, survivorRow, AuditModel::RequestedByColumn, AuditModel::SortRole),
             QStringLiteral("policy:memory_low"));
    QCOMPARE(shown(*m_model, survivorRow, AuditModel::TriggerColumn), QStringLiteral("orphan sweep"));
    QCOMPARE(shown(*m_model, killedRow, AuditModel::FreedColumn), formatKb(900));
    QCOMPARE(shown(*m_model, killedRow, AuditModel::SignalColumn), QStringLiteral("SIGTERM"));
    QCOMPARE(shown(*m_model, killedRow, AuditModel::RequestedByColumn), QStringLiteral("periodic reaper"));
    QCOMPARE(shown(*m_model, killedRow, AuditModel::OutcomeColumn), QStringLiteral("killed"));

    // A survivor stands out; a killed row keeps the view's colour; a row that changed nothing is muted.
    const QVariant survivorColour =
        m_model->data(m_model->index(survivorRow, AuditModel::OutcomeColumn), Qt::ForegroundRole);
    QVERIFY(survivorColour.isValid());
    QVERIFY(survivorColour.value<QColor>() != QGuiApplication::palette().color(QPalette::Text));
    QVERIFY(
        !m_model->data(m_model->index(killedRow, AuditModel::OutcomeColumn), Qt::ForegroundRole).isValid());

    // The first reap: the command with a newline shows on one line, whole in its tooltip, never as rich text.
    const int newlineRow = m_model->entryAt(2).key.pid == 4101 ? 2 : 3;
    const int goneRow = 5 - newlineRow;
    QCOMPARE(shown(*m_model, newlineRow, AuditModel::CommandColumn),
             QStringLiteral("bash -c 'echo <b>hi</b> sleep 100'"));
    QCOMPARE(shown(*m_model, newlineRow, AuditModel::CommandColumn, AuditModel::SortRole),
             withNewline.command);
    const QString commandTip = shown(*m_model, newlineRow, AuditModel::CommandColumn, Qt::ToolTipRole);
    QVERIFY2(commandTip.contains(withNewline.command.toHtmlEscaped()), qPrintable(commandTip));
    QCOMPARE(shown(*m_model, newlineRow, AuditModel::FreedColumn), QStringLiteral("512 MB"));
    QCOMPARE(m_model->data(m_model->index(newlineRow, AuditModel::FreedColumn), AuditModel::SortRole)
                 .toULongLong(),
             512ULL * 1024);
    QCOMPARE(shown(*m_model, goneRow, AuditModel::OutcomeColumn), QStringLiteral("already gone"));
    QCOMPARE(shown(*m_model, goneRow, AuditModel::SignalColumn), QStringLiteral("none"));
    QCOMPARE(
        m_model->data(m_model->index(goneRow, AuditModel::OutcomeColumn), Qt::ForegroundRole).value<QColor>(),
        QGuiApplication::palette().color(QPalette::PlaceholderText));
    QCOMPARE(
        m_model->data(m_model->index(goneRow, AuditModel::TimeColumn), AuditModel::SortRole).toLongLong(),
        firstTime);
    QCOMPARE(shown(*m_model, goneRow, AuditModel::PidColumn, Qt::ToolTipRole),
             QStringLiteral("PID 4102, start time 41023"));
    QCOMPARE(shown(*m_model, goneRow, AuditModel::TimeColumn, AuditModel::ReapIdRole),
             QStringLiteral("reap-a"));
}

void tst_AuditModel::sortRoleSortsOnRawValues()
{
    // Display strings would sort "10.0 MB" before "900 KB" and "512 MB"; the sort role sorts on KB.
    recordNow({row(10, QStringLiteral("killed"), QStringLiteral("r1"), 900),
               row(9, QStringLiteral("killed"), QStringLiteral("r1"), 10 * 1024),
               row(100, QStringLiteral("killed"), QStringLiteral("r1"), 512 * 1024)});
    m_model->setEntries(m_log->entries());
    QSortFilterProxyModel proxy;
    QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setSourceModel(m_model.get());
    proxy.setSortRole(AuditModel::SortRole);

    proxy.sort(AuditModel::FreedColumn, Qt::AscendingOrder);
    QCOMPARE(shown(proxy, 0, AuditModel::FreedColumn), QStringLiteral("900 KB"));
    QCOMPARE(shown(proxy, 1, AuditModel::FreedColumn), formatKb(10 * 1024));
    QCOMPARE(shown(proxy, 2, AuditModel::FreedColumn), QStringLiteral("512 MB"));

    proxy.sort(AuditModel::PidColumn, Qt::AscendingOrder);
    QCOMPARE(proxy.data(proxy.index(0, AuditModel::PidColumn)).toInt(), 9);
    QCOMPARE(proxy.data(proxy.index(1, AuditModel::PidColumn)).toInt(), 10);
    QCOMPARE(proxy.data(proxy.index(2, AuditModel::PidColumn)).toInt(), 100);
}

void tst_AuditModel::growthInsertsAtTheTopWithoutReset()
{
    recordNow({row(1, QStringLiteral("killed"), QStringLiteral("r1"), 100),
               row(2, QStringLiteral("killed"), QStringLiteral("r1"), 200)});
    recordNow({row(3, QStringLiteral("survived"), QStringLiteral("r2"))});
    m_model->setEntries(m_log->entries());
    QCOMPARE(m_model->rowCount(), 3);
    const QPersistentModelIndex oldTop = m_model->index(0, AuditModel::CommandColumn);
    const AuditEntry oldTopEntry = m_model->entryAt(0);

    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    QSignalSpy layout(m_model.get(), &QAbstractItemModel::layoutChanged);

    recordNow({row(4, QStringLiteral("killed"), QStringLiteral("r3"), 300),
               row(5, QStringLiteral("killed"), QStringLiteral("r3"), 400)});
    const QList<AuditEntry> now = m_log->entries();
    QCOMPARE(now.size(), 5);
    m_model->setEntries(now);

    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 0);
    QCOMPARE(inserted.at(0).at(2).toInt(), 1);
    QCOMPARE(removed.count(), 0);
    QCOMPARE(reset.count(), 0);
    QCOMPARE(layout.count(), 0);
    QCOMPARE(m_model->entries(), now);
    // What a view had selected moved down with its row.
    QVERIFY(oldTop.isValid());
    QCOMPARE(oldTop.row(), 2);
    QCOMPARE(m_model->entryAt(2), oldTopEntry);
    QCOMPARE(m_model->entryAt(0).reapId, QStringLiteral("r3"));
}

void tst_AuditModel::growthPastTheLimitRemovesOldestAtTheEnd()
{
    for (int i = 0; i < 7; ++i)
        recordNow({row(100 + i, QStringLiteral("killed"), QStringLiteral("r%1").arg(i), 1024)});
    constexpr int kLimit = 5;
    m_model->setEntries(m_log->entries(0, kLimit));
    QCOMPARE(m_model->rowCount(), kLimit);
    QCOMPARE(m_model->entryAt(0).key.pid, 106);
    QCOMPARE(m_model->entryAt(4).key.pid, 102);

    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    recordNow({row(107, QStringLiteral("killed"), QStringLiteral("r7"), 1024)});
    recordNow({row(108, QStringLiteral("killed"), QStringLiteral("r8"), 1024)});
    const QList<AuditEntry> now = m_log->entries(0, kLimit);
    m_model->setEntries(now);

    QCOMPARE(reset.count(), 0);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(removed.at(0).at(1).toInt(), 3);
    QCOMPARE(removed.at(0).at(2).toInt(), 4);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 0);
    QCOMPARE(inserted.at(0).at(2).toInt(), 1);
    QCOMPARE(m_model->rowCount(), kLimit);
    QCOMPARE(m_model->entries(), now);
    QCOMPARE(m_model->entryAt(0).key.pid, 108);
    QCOMPARE(m_model->entryAt(4).key.pid, 104);
}

void tst_AuditModel::sameEntriesSignalNothing()
{
    recordNow({row(1, QStringLiteral("killed"), QStringLiteral("r1"), 100)});
    m_model->setEntries(m_log->entries());
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    m_model->setEntries(m_log->entries());
    QCOMPARE(inserted.count() + removed.count() + reset.count(), 0);
    QCOMPARE(m_model->rowCount(), 1);
}

void tst_AuditModel::otherEntriesReset()
{
    recordNow({row(1, QStringLiteral("killed"), QStringLiteral("r1"), 100),
               row(2, QStringLiteral("killed"), QStringLiteral("r1"), 100)});
    m_model->setEntries(m_log->entries());
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);

    // A newer row on top but one in the middle gone: not the shown rows with newer ones on top.
    recordNow({row(3, QStringLiteral("killed"), QStringLiteral("r2"), 100)});
    QList<AuditEntry> other = m_log->entries();
    other.removeAt(1); // a row in the middle is gone
    m_model->setEntries(other);
    QCOMPARE(reset.count(), 1);
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(m_model->entries(), other);
}

void tst_AuditModel::emptyingRemovesAllRows()
{
    recordNow({row(1, QStringLiteral("killed"), QStringLiteral("r1"), 100),
               row(2, QStringLiteral("killed"), QStringLiteral("r1"), 100)});
    m_model->setEntries(m_log->entries());
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    m_model->setEntries({});
    QCOMPARE(reset.count(), 0);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(m_model->rowCount(), 0);
}

QTEST_MAIN(tst_AuditModel)
#include "tst_auditmodel.moc"
