// ProcessFilterProxy over ProcessModel: filter words and session filter, sorting on raw values, re-sorting as
// updates come in, and a selection that stays on its process while rows move under it.
#include "modelroles.h"
#include "processfilterproxy.h"
#include "processmodel.h"

#include <QAbstractItemModelTester>
#include <QItemSelectionModel>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>

using namespace agentmon;

namespace {

const QString kS1 = QStringLiteral("7d3f0c1e-aaaa-bbbb-cccc-1234567890ab");
const QString kS2 = QStringLiteral("pid-900-55555");

ProcessRecord record(int pid, const QString &comm, const QStringList &argv, ProcessClass cls,
                     const QString &session, ProcessStatus status = ProcessStatus::Running,
                     const QString &reason = QString())
{
    ProcessRecord r;
    r.info.key = {pid, quint64(pid) * 11};
    r.info.ppid = 1;
    r.info.state = 'S';
    r.info.comm = comm;
    r.info.argv = argv;
    r.info.rssKb = 10'000;
    r.cls = cls;
    r.session = session;
    r.status = status;
    r.reason = reason;
    r.ageMs = 3600'000;
    return r;
}

// Four processes of two sessions, as an agent machine shows them.
std::vector<ProcessRecord> machine()
{
    return {
        record(4242, QStringLiteral("claude"), {QStringLiteral("claude")}, ProcessClass::Session, kS1,
               ProcessStatus::Running, QStringLiteral("interactive session on pts/0")),
        record(5000, QStringLiteral("node"),
               {QStringLiteral("node"), QStringLiteral("/usr/lib/node_modules/mcp-remote/dist/proxy.js"),
                QStringLiteral("https://example.com/sse")},
               ProcessClass::Mcp, kS1, ProcessStatus::Orphan,
               QStringLiteral("parent exited; adopted by PID 1")),
        record(6001, QStringLiteral("MainThread"),
               {QStringLiteral("python3"), QStringLiteral("-m"), QStringLiteral("chroma_mcp")},
               ProcessClass::Mcp, kS2),
        record(
            7000, QStringLiteral("bash"),
            {QStringLiteral("/bin/bash"), QStringLiteral("-c"),
             QStringLiteral("source /home/u/.claude/shell-snapshots/snapshot-bash-1-abc.sh && eval 'make'")},
            ProcessClass::Tool, kS2, ProcessStatus::Stale,
            QStringLiteral("older than 2 h without a live session")),
    };
}

Snapshot snapshotAt(qint64 nowMs, std::vector<ProcessRecord> processes)
{
    Snapshot s;
    s.takenAtMs = nowMs;
    s.takenAtWallMs = 1'700'000'000'000 + nowMs;
    s.processes = std::move(processes);
    return s;
}

QList<int> proxyPids(const QAbstractItemModel &proxy)
{
    QList<int> pids;
    for (int row = 0; row < proxy.rowCount(); ++row)
        pids << qvariant_cast<ProcessKey>(proxy.index(row, 0).data(roles::Key)).pid;
    return pids;
}

QList<int> sorted(QList<int> pids)
{
    std::sort(pids.begin(), pids.end());
    return pids;
}

} // namespace

class tst_ProcessFilterProxy : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void filterWords_data();
    void filterWords();
    void sessionFilter();
    void filteringLeavesSourceAlone();
    void sortsOnRawValues();
    void newAndChangedRowsFollowSortAndFilter();
    void selectionStaysOnItsProcess();
};

void tst_ProcessFilterProxy::filterWords_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QList<int>>("pids");
    QTest::newRow("empty") << QString() << QList<int>{4242, 5000, 6001, 7000};
    QTest::newRow("blank") << QStringLiteral("   ") << QList<int>{4242, 5000, 6001, 7000};
    QTest::newRow("comm or command") << QStringLiteral("claude") << QList<int>{4242, 7000};
    QTest::newRow("case") << QStringLiteral("CLAUDE") << QList<int>{4242, 7000};
    QTest::newRow("class and command") << QStringLiteral("mcp") << QList<int>{5000, 6001};
    QTest::newRow("all words") << QStringLiteral("mcp orphan") << QList<int>{5000};
    QTest::newRow("any order") << QStringLiteral("orphan mcp") << QList<int>{5000};
    QTest::newRow("any whitespace") << QStringLiteral("\tmcp \n  remote ") << QList<int>{5000};
    QTest::newRow("pid") << QStringLiteral("4242") << QList<int>{4242};
    QTest::newRow("comm only") << QStringLiteral("mainthread") << QList<int>{6001};
    QTest::newRow("short session id") << QStringLiteral("7d3f0c1e") << QList<int>{4242, 5000};
    QTest::newRow("full session id") << kS2 << QList<int>{6001, 7000};
    QTest::newRow("class") << QStringLiteral("tool") << QList<int>{7000};
    QTest::newRow("status") << QStringLiteral("stale") << QList<int>{7000};
    QTest::newRow("reason") << QStringLiteral("adopted") << QList<int>{5000};
    QTest::newRow("no match") << QStringLiteral("zzz") << QList<int>{};
    QTest::newRow("one word fails") << QStringLiteral("mcp zzz") << QList<int>{};
    // Fields are matched one by one: a word never spans two of them.
    QTest::newRow("across fields") << QStringLiteral("claudeclaude") << QList<int>{};
}

void tst_ProcessFilterProxy::filterWords()
{
    QFETCH(QString, text);
    QFETCH(QList<int>, pids);
    ProcessModel model;
    ProcessFilterProxy proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester modelTester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.update(snapshotAt(1'000'000, machine()));
    proxy.setFilterText(text);
    QCOMPARE(proxy.filterText(), text);
    QCOMPARE(sorted(proxyPids(proxy)), pids);
    // Filtering again by the same words changes nothing.
    QSignalSpy removed(&proxy, &QAbstractItemModel::rowsRemoved);
    proxy.setFilterText(text + QLatin1Char(' '));
    QCOMPARE(removed.size(), 0);
    QCOMPARE(sorted(proxyPids(proxy)), pids);
}

void tst_ProcessFilterProxy::sessionFilter()
{
    ProcessModel model;
    model.setShowAll(true);
    ProcessFilterProxy proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
    std::vector<ProcessRecord> processes = machine();
    processes.push_back(
        record(1, QStringLiteral("systemd"), {QStringLiteral("/sbin/init")}, ProcessClass::None, QString()));
    model.update(snapshotAt(1'000'000, processes));
    QCOMPARE(proxy.rowCount(), 5);

    proxy.setSessionFilter({kS2});
    QCOMPARE(proxy.sessionFilter(), QStringList{kS2});
    QCOMPARE(sorted(proxyPids(proxy)), (QList<int>{6001, 7000}));
    proxy.setFilterText(QStringLiteral("mcp"));
    QCOMPARE(sorted(proxyPids(proxy)), (QList<int>{6001}));
    proxy.setFilterText(QString());
    proxy.setSessionFilter({kS1, kS2});
    QCOMPARE(sorted(proxyPids(proxy)), (QList<int>{4242, 5000, 6001, 7000})); // not systemd: no session
    proxy.setSessionFilter({});
    QCOMPARE(proxy.rowCount(), 5);
    proxy.setSessionFilter({QStringLiteral("no-such-session")});
    QCOMPARE(proxy.rowCount(), 0);
}

void tst_ProcessFilterProxy::filteringLeavesSourceAlone()
{
    ProcessModel model;
    ProcessFilterProxy proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.update(snapshotAt(1'000'000, machine()));
    QSignalSpy sourceData(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy sourceRemoved(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy sourceInserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy sourceReset(&model, &QAbstractItemModel::modelAboutToBeReset);
    QSignalSpy sourceLayout(&model, &QAbstractItemModel::layoutAboutToBeChanged);
    QSignalSpy proxyReset(&proxy, &QAbstractItemModel::modelAboutToBeReset);
    QSignalSpy proxyRemoved(&proxy, &QAbstractItemModel::rowsRemoved);
    QSignalSpy proxyInserted(&proxy, &QAbstractItemModel::rowsInserted);

    proxy.setFilterText(QStringLiteral("mcp"));
    QCOMPARE(proxy.rowCount(), 2);
    proxy.setSessionFilter({kS1});
    QCOMPARE(proxy.rowCount(), 1);
    proxy.setSessionFilter({});
    proxy.setFilterText(QString());
    QCOMPARE(proxy.rowCount(), 4);
    QCOMPARE(sourceData.size() + sourceRemoved.size() + sourceInserted.size() + sourceReset.size() +
                 sourceLayout.size(),
             0);
    QCOMPARE(proxyReset.size(), 0);
    QVERIFY(proxyRemoved.size() > 0 && proxyInserted.size() > 0); // rows went and came back, one by one
}

void tst_ProcessFilterProxy::sortsOnRawValues()
{
    ProcessModel model;
    ProcessFilterProxy proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
    std::vector<ProcessRecord> processes = machine();
    processes[0].info.rssKb = 900;             // "900 KB"
    processes[1].info.rssKb = 2 * 1024 * 1024; // "2.0 GB"
    processes[2].info.rssKb = 40 * 1024;       // "40 MB"
    processes[3].info.rssKb = 3 * 1024 * 1024; // "3.0 GB"
    processes[0].info.key.pid = 10;            // "10" < "9" as text
    processes[2].info.key.pid = 9;
    processes[0].info.cpuPct = 9.5; // "9.5" > "10.0" as text
    processes[1].info.cpuPct = 10.0;
    processes[2].info.cpuPct = 0.05; // rounds to 0.1 (shown and sorted)
    processes[3].info.cpuPct = 0.04; // rounds to 0.0
    model.update(snapshotAt(1'000'000, processes));
    QCOMPARE(proxy.sortRole(), int(roles::Sort));
    QVERIFY(proxy.dynamicSortFilter());

    proxy.sort(ProcessModel::Rss, Qt::AscendingOrder);
    QCOMPARE(proxyPids(proxy), (QList<int>{10, 9, 5000, 7000}));
    QCOMPARE(proxy.index(0, ProcessModel::Rss).data().toString(), QStringLiteral("900 KB"));
    QCOMPARE(proxy.index(2, ProcessModel::Rss).data().toString(), QStringLiteral("2.0 GB"));
    proxy.sort(ProcessModel::Pid, Qt::AscendingOrder);
    QCOMPARE(proxyPids(proxy), (QList<int>{9, 10, 5000, 7000}));
    proxy.sort(ProcessModel::Cpu, Qt::DescendingOrder);
    QCOMPARE(proxyPids(proxy), (QList<int>{5000, 10, 9, 7000}));
    proxy.sort(ProcessModel::Age, Qt::AscendingOrder);
    QCOMPARE(proxy.rowCount(), 4);
}

void tst_ProcessFilterProxy::newAndChangedRowsFollowSortAndFilter()
{
    ProcessModel model;
    ProcessFilterProxy proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester modelTester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
    std::vector<ProcessRecord> processes = machine();
    for (size_t i = 0; i < processes.size(); ++i)
        processes[i].info.cpuPct = double(i + 1); // 1 .. 4
    Snapshot s = snapshotAt(1'000'000, processes);
    model.update(s);
    proxy.sort(ProcessModel::Cpu, Qt::DescendingOrder);
    proxy.setFilterText(QStringLiteral("mcp"));
    QCOMPARE(proxyPids(proxy), (QList<int>{6001, 5000}));

    // A CPU change reorders; a new mcp process lands in its place; a non-matching one stays out.
    s.takenAtMs += 2000;
    s.processes[1].info.cpuPct = 7.0; // 5000
    s.processes.push_back(record(8000, QStringLiteral("node"),
                                 {QStringLiteral("node"), QStringLiteral("x-mcp")}, ProcessClass::Mcp, kS1));
    s.processes.back().info.cpuPct = 5.0;
    s.processes.push_back(
        record(8001, QStringLiteral("sleep"), {QStringLiteral("sleep")}, ProcessClass::Child, kS1));
    s.processes.back().info.cpuPct = 50.0;
    model.update(s);
    QCOMPARE(proxyPids(proxy), (QList<int>{5000, 8000, 6001}));

    // A process that ends shows as "ended" and still matches words of its class.
    s.takenAtMs += 2000;
    s.processes.erase(s.processes.begin() + 2); // 6001
    model.update(s);
    QCOMPARE(proxyPids(proxy), (QList<int>{5000, 8000, 6001}));
    proxy.setFilterText(QStringLiteral("mcp ended"));
    QCOMPARE(proxyPids(proxy), (QList<int>{6001}));
}

void tst_ProcessFilterProxy::selectionStaysOnItsProcess()
{
    ProcessModel model;
    model.setTombstoneMs(4000);
    ProcessFilterProxy proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester modelTester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QItemSelectionModel selection(&proxy);

    // 30 processes, CPU 1 % .. 30 %, sorted by CPU descending.
    std::vector<ProcessRecord> processes;
    for (int i = 0; i < 30; ++i) {
        processes.push_back(record(100 + i, QStringLiteral("node"),
                                   {QStringLiteral("node"), QString::number(i)}, ProcessClass::Mcp, kS1));
        processes.back().info.cpuPct = i + 1;
    }
    Snapshot s = snapshotAt(1'000'000, processes);
    model.update(s);
    proxy.sort(ProcessModel::Cpu, Qt::DescendingOrder);
    const ProcessKey chosen = s.processes[20].info.key; // 21 %: row 9
    const QModelIndex index = proxy.index(9, 0);
    QCOMPARE(qvariant_cast<ProcessKey>(index.data(roles::Key)), chosen);
    selection.setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);

    auto check = [&](int expectedRow) {
        const QModelIndexList rows = selection.selectedRows();
        QCOMPARE(rows.size(), 1);
        QCOMPARE(qvariant_cast<ProcessKey>(rows.at(0).data(roles::Key)), chosen);
        QCOMPARE(qvariant_cast<ProcessKey>(selection.currentIndex().data(roles::Key)), chosen);
        QCOMPARE(rows.at(0).row(), expectedRow);
    };
    // Its CPU drops: it moves down, the selection with it.
    s.takenAtMs += 2000;
    s.processes[20].info.cpuPct = 2.5;
    model.update(s);
    check(27);
    // Others overtake it and new ones come before it, in the source's middle and end.
    s.takenAtMs += 2000;
    s.processes[0].info.cpuPct = 99;
    s.processes[1].info.cpuPct = 98;
    s.processes.push_back(
        record(500, QStringLiteral("node"), {QStringLiteral("node")}, ProcessClass::Mcp, kS1));
    s.processes.back().info.cpuPct = 60;
    model.update(s);
    check(30);
    // Processes before it in the source and in the view end, then their tombstones go.
    s.takenAtMs += 2000;
    s.processes.erase(s.processes.begin() + 5, s.processes.begin() + 10); // 6 % .. 10 %
    model.update(s);
    check(25); // the five are tombstones at 0.0 % now, below it
    for (int i = 0; i < 3; ++i) {
        s.takenAtMs += 2000;
        model.update(s);
    }
    QCOMPARE(model.rowCount(), 26);
    check(25);
}

QTEST_MAIN(tst_ProcessFilterProxy)
#include "tst_processfilterproxy.moc"
