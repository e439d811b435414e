// ProcessModel against recorded samples: snapshots of a fake /proc taken by the real Sampler on a manual
// clock, and hand-made records where a test needs one exact change. Every test watches the model with
// QAbstractItemModelTester and counts the signals a view would get: each change must cost the fewest.
#include "coretext.h"
#include "fakeproc.h"
#include "humanformat.h"
#include "i18n.h"
#include "manualclock.h"
#include "modelroles.h"
#include "processmodel.h"
#include "processsource.h"
#include "ruleset.h"
#include "sampler.h"
#include "testprinters.h"

#include <QAbstractItemModelTester>
#include <QBrush>
#include <QGuiApplication>
#include <QPalette>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

#include <array>
#include <cmath>
#include <memory>

using namespace agentmon;
using agentmon::test::FakeProc;
using agentmon::test::ManualClock;

namespace {

constexpr qint64 kTickMs = 2000;
const QString kSession = QStringLiteral("7d3f0c1e-aaaa-bbbb-cccc-1234567890ab");

// Every signal a view reacts to; total() is what one update cost.
struct Signals {
    explicit Signals(QAbstractItemModel *model)
        : dataChanged(model, &QAbstractItemModel::dataChanged),
          inserted(model, &QAbstractItemModel::rowsInserted),
          removed(model, &QAbstractItemModel::rowsRemoved),
          aboutToReset(model, &QAbstractItemModel::modelAboutToBeReset),
          layout(model, &QAbstractItemModel::layoutAboutToBeChanged),
          moved(model, &QAbstractItemModel::rowsMoved), header(model, &QAbstractItemModel::headerDataChanged)
    {
    }
    qsizetype total() const
    {
        return dataChanged.size() + inserted.size() + removed.size() + aboutToReset.size() + layout.size() +
               moved.size() + header.size();
    }
    void clear()
    {
        dataChanged.clear();
        inserted.clear();
        removed.clear();
        aboutToReset.clear();
        layout.clear();
        moved.clear();
        header.clear();
    }
    QSignalSpy dataChanged, inserted, removed, aboutToReset, layout, moved, header;
};

// (first row, last row) of a rowsInserted / rowsRemoved emission.
std::pair<int, int> rowRange(const QList<QVariant> &args)
{
    return {args.at(1).toInt(), args.at(2).toInt()};
}

// (top, left, bottom, right) of a dataChanged emission.
std::array<int, 4> cellRange(const QList<QVariant> &args)
{
    const auto topLeft = args.at(0).value<QModelIndex>();
    const auto bottomRight = args.at(1).value<QModelIndex>();
    return {topLeft.row(), topLeft.column(), bottomRight.row(), bottomRight.column()};
}

ProcessRecord record(int pid, quint64 rssKb = 100'000, double cpuPct = 0.0, qint64 ageMs = 610'000,
                     ProcessClass cls = ProcessClass::Mcp)
{
    ProcessRecord r;
    r.info.key = {pid, quint64(pid) * 7 + 3};
    r.info.ppid = 100;
    r.info.state = 'S';
    r.info.comm = QStringLiteral("node");
    r.info.argv = {QStringLiteral("node"), QStringLiteral("/opt/mcp/server-%1.js").arg(pid)};
    r.info.rssKb = rssKb;
    r.info.cpuPct = cpuPct;
    if (cls != ProcessClass::None)
        r.info.memory = MemoryDetail{rssKb / 2, 0, 0};
    r.cls = cls;
    r.session = cls != ProcessClass::None ? kSession : QString();
    r.reason = cls != ProcessClass::None ? QStringLiteral("child of session 7d3f0c1e") : QString();
    r.ageMs = ageMs;
    return r;
}

Snapshot snapshotAt(qint64 nowMs, std::vector<ProcessRecord> processes)
{
    Snapshot s;
    s.takenAtMs = nowMs;
    s.takenAtWallMs = 1'700'000'000'000 + nowMs;
    s.processes = std::move(processes);
    return s;
}

// The next sample of the same processes kTickMs later: every age grows, nothing else changes.
Snapshot nextTick(Snapshot s)
{
    s.takenAtMs += kTickMs;
    s.takenAtWallMs += kTickMs;
    for (ProcessRecord &r : s.processes)
        r.ageMs += kTickMs;
    return s;
}

ProcessRecord *find(Snapshot &s, int pid)
{
    for (ProcessRecord &r : s.processes) {
        if (r.info.key.pid == pid)
            return &r;
    }
    return nullptr;
}

QVariant cell(const ProcessModel &model, int row, int column, int role = Qt::DisplayRole)
{
    return model.data(model.index(row, column), role);
}

double relativeLuminance(const QColor &c)
{
    auto channel = [](double v) { return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
}

double contrast(const QColor &a, const QColor &b)
{
    const double la = relativeLuminance(a), lb = relativeLuminance(b);
    return (qMax(la, lb) + 0.05) / (qMin(la, lb) + 0.05);
}

} // namespace

class tst_ProcessModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void recordedSamplesGiveMinimalSignals();
    void sameSnapshotTwiceIsSilent();
    void oneRssChangeIsOneCell();
    void rawAgeChangeIsSilent();
    void ageTextCrossesUnits();
    void cpuChangesOnlyAtDisplayedPrecision();
    void changedRowsGroupIntoRuns();
    void newProcessesAreOneInsert();
    void vanishedProcessLeavesTombstone();
    void tombstoneComesBackToLife();
    void removalsInContiguousBlocks();
    void showAllInsertsAndRemoves();
    void reclassifiedProcessLeavesWithoutTombstone();
    void displayAndRoles();
    void sortRoleHoldsRawValues();
    void statusColoursReadOnLightAndDark();
    void headers();
    void longCommandLinesAreCutForDisplayOnly();
    void manyRunsBecomeOneRangePerColumn();
    void reasonsShowInTheUserLanguage();

private:
    FakeProc::Proc fakeProc(int pid, int ppid, const QString &comm, const QStringList &argv,
                            qint64 ageMs) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeProc> m_proc;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<ProcessSource> m_source;
    std::unique_ptr<RuleSet> m_rules;
    std::unique_ptr<Sampler> m_sampler;
    QPalette m_palette;
};

// The fake machine stands at 10 hours after boot; starttimes are in ticks (100 Hz) after boot.
constexpr qint64 kBootNowMs = 10 * 3600'000;

void tst_ProcessModel::init()
{
    m_palette = QGuiApplication::palette();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_proc = std::make_unique<FakeProc>(m_dir->path());
    m_clock = std::make_unique<ManualClock>(kBootNowMs);
    m_source = createProcessSource(*m_clock, m_dir->path());
    QVERIFY(m_source->isValid());
    QCOMPARE(m_source->clockTicksPerSecond(), quint64(100));
    m_rules = std::make_unique<RuleSet>();
    m_sampler = std::make_unique<Sampler>(*m_source, *m_rules, *m_clock);
}

void tst_ProcessModel::cleanup()
{
    QGuiApplication::setPalette(m_palette);
    m_sampler.reset();
    m_rules.reset();
    m_source.reset();
    m_clock.reset();
    m_proc.reset();
    m_dir.reset();
}

FakeProc::Proc tst_ProcessModel::fakeProc(int pid, int ppid, const QString &comm, const QStringList &argv,
                                          qint64 ageMs) const
{
    FakeProc::Proc p;
    p.pid = pid;
    p.ppid = ppid;
    p.comm = comm;
    p.argv = argv;
    p.starttime = quint64((kBootNowMs - ageMs) / 10);
    return p;
}

void tst_ProcessModel::recordedSamplesGiveMinimalSignals()
{
    // A terminal with an interactive claude, its Bash-tool shell and what that shell runs; ages are minutes
    // plus a few seconds, so that 2 s ticks do not cross into the next minute.
    m_proc->write(fakeProc(1, 0, QStringLiteral("systemd"), {QStringLiteral("/sbin/init")}, 10 * 3600'000));
    m_proc->write(fakeProc(50, 1, QStringLiteral("bash"), {QStringLiteral("-bash")}, 9 * 3600'000));
    FakeProc::Proc claude = fakeProc(100, 50, QStringLiteral("claude"), {QStringLiteral("claude")}, 610'000);
    claude.ttyNr = 34816; // pts/0
    claude.sid = 50;
    claude.pssKb = 200'000;
    claude.swapKb = 0;
    m_proc->write(claude);
    const QString snapshotShell =
        QStringLiteral("source /home/u/.claude/shell-snapshots/snapshot-bash-1-abc.sh && eval 'sleep 1000'");
    m_proc->write(fakeProc(200, 100, QStringLiteral("bash"),
                           {QStringLiteral("/bin/bash"), QStringLiteral("-c"), snapshotShell}, 305'000));
    FakeProc::Proc sleeper = fakeProc(300, 200, QStringLiteral("sleep"),
                                      {QStringLiteral("sleep"), QStringLiteral("1000")}, 304'000);
    m_proc->write(sleeper);

    ProcessModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    Signals sig(&model);

    Snapshot s = m_sampler->sample();
    model.update(s);
    QCOMPARE(sig.inserted.size(), 1);
    QCOMPARE(rowRange(sig.inserted.at(0)), std::make_pair(0, 2));
    QCOMPARE(sig.total(), 1);
    QCOMPARE(model.rowCount(), 3); // the agents only: not systemd, not the terminal's shell
    QCOMPARE(model.rowOf(ProcessKey{50, quint64((kBootNowMs - 9 * 3600'000) / 10)}), -1);
    const int sleeperRow = model.rowOf(find(s, 300)->info.key);
    QVERIFY(sleeperRow >= 0);
    QCOMPARE(cell(model, sleeperRow, ProcessModel::Class).toString(), QStringLiteral("child"));
    QCOMPARE(cell(model, sleeperRow, ProcessModel::Command).toString(), QStringLiteral("sleep 1000"));
    QCOMPARE(cell(model, sleeperRow, ProcessModel::Age).toString(), QStringLiteral("5 min"));

    // The next sample: ages grew by 2 s, nothing a view shows changed.
    sig.clear();
    m_clock->advance(kTickMs);
    s = m_sampler->sample();
    model.update(s);
    QCOMPARE(sig.total(), 0);
    model.update(s);
    QCOMPARE(sig.total(), 0);

    // The sleeper grows: one cell.
    sleeper.rssPages = 5000;
    m_proc->write(sleeper);
    m_clock->advance(kTickMs);
    s = m_sampler->sample();
    model.update(s);
    QCOMPARE(sig.total(), 1);
    QCOMPARE(sig.dataChanged.size(), 1);
    QCOMPARE(cellRange(sig.dataChanged.at(0)),
             (std::array<int, 4>{sleeperRow, ProcessModel::Rss, sleeperRow, ProcessModel::Rss}));
    QCOMPARE(cell(model, sleeperRow, ProcessModel::Rss, roles::Sort).toULongLong(), find(s, 300)->info.rssKb);

    // The shell starts another command: one row at the end.
    sig.clear();
    m_proc->write(fakeProc(400, 200, QStringLiteral("sleep"),
                           {QStringLiteral("sleep"), QStringLiteral("2000")}, 125'000));
    m_clock->advance(kTickMs);
    s = m_sampler->sample();
    model.update(s);
    QCOMPARE(sig.total(), 1);
    QCOMPARE(sig.inserted.size(), 1);
    QCOMPARE(rowRange(sig.inserted.at(0)), std::make_pair(3, 3));
    QCOMPARE(model.rowOf(find(s, 400)->info.key), 3);

    // The sleeper exits: a tombstone first, gone after 10 s.
    sig.clear();
    m_proc->remove(300);
    m_clock->advance(kTickMs);
    s = m_sampler->sample();
    model.update(s);
    QCOMPARE(sig.removed.size(), 0);
    QCOMPARE(sig.dataChanged.size(), 1);
    QCOMPARE(cellRange(sig.dataChanged.at(0)),
             (std::array<int, 4>{sleeperRow, 0, sleeperRow, ProcessModel::ColumnCount - 1}));
    QVERIFY(model.isTombstone(sleeperRow));
    QCOMPARE(cell(model, sleeperRow, ProcessModel::Status).toString(), QStringLiteral("ended"));
    const qint64 endedAt = s.takenAtMs;
    int removedAfterMs = -1;
    for (int i = 0; i < 10 && removedAfterMs < 0; ++i) {
        m_clock->advance(kTickMs);
        s = m_sampler->sample();
        model.update(s);
        if (!sig.removed.isEmpty())
            removedAfterMs = int(s.takenAtMs - endedAt);
    }
    QCOMPARE(removedAfterMs, 10'000);
    QCOMPARE(sig.removed.size(), 1);
    QCOMPARE(rowRange(sig.removed.at(0)), std::make_pair(sleeperRow, sleeperRow));
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(sig.aboutToReset.size(), 0);
    QCOMPARE(sig.layout.size(), 0);
    // The rows after it moved up, and the index knows.
    for (int row = 0; row < model.rowCount(); ++row)
        QCOMPARE(model.rowOf(model.recordAt(row)->info.key), row);
}

void tst_ProcessModel::sameSnapshotTwiceIsSilent()
{
    ProcessModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    const Snapshot s = snapshotAt(5'000'000, {record(10), record(11), record(12, 5000, 3.5, 5000)});
    model.update(s);
    Signals sig(&model);
    model.update(s);
    model.update(s);
    QCOMPARE(sig.total(), 0);
}

void tst_ProcessModel::oneRssChangeIsOneCell()
{
    ProcessModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    Snapshot s = snapshotAt(5'000'000, {record(10), record(11), record(12)});
    model.update(s);
    Signals sig(&model);
    s = nextTick(s);
    find(s, 11)->info.rssKb += 4;
    model.update(s);
    QCOMPARE(sig.total(), 1);
    QCOMPARE(cellRange(sig.dataChanged.at(0)),
             (std::array<int, 4>{1, ProcessModel::Rss, 1, ProcessModel::Rss}));
    QCOMPARE(cell(model, 1, ProcessModel::Rss, roles::Sort).toULongLong(), quint64(100'004));
}

void tst_ProcessModel::rawAgeChangeIsSilent()
{
    ProcessModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    // 10 min 10 s shows as "10 min" for another 50 s; 42 s shows every second.
    Snapshot s = snapshotAt(5'000'000, {record(10, 1000, 0, 610'000), record(11, 1000, 0, 42'000)});
    model.update(s);
    Signals sig(&model);
    s = nextTick(s);
    model.update(s);
    QCOMPARE(sig.dataChanged.size(), 1);
    QCOMPARE(cellRange(sig.dataChanged.at(0)),
             (std::array<int, 4>{1, ProcessModel::Age, 1, ProcessModel::Age}));
    QCOMPARE(cell(model, 1, ProcessModel::Age).toString(), QStringLiteral("44 s"));
    // The raw age is there to sort on, though no signal told of it.
    QCOMPARE(cell(model, 0, ProcessModel::Age, roles::Sort).toLongLong(), qint64(612'000));
    QCOMPARE(cell(model, 0, ProcessModel::Age).toString(), QStringLiteral("10 min"));
    QCOMPARE(sig.total(), 1);
}

void tst_ProcessModel::ageTextCrossesUnits()
{
    ProcessModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    // Each crosses into the next unit in the next tick; the last one stays "2 h 5 min".
    Snapshot s = snapshotAt(5'000'000, {record(10, 1000, 0, 58'500), record(11, 1000, 0, 3599'000),
                                        record(12, 1000, 0, 86'399'000), record(13, 1000, 0, 7'500'000)});
    model.update(s);
    Signals sig(&model);
    s = nextTick(s);
    model.update(s);
    QCOMPARE(sig.total(), 1);
    QCOMPARE(cellRange(sig.dataChanged.at(0)),
             (std::array<int, 4>{0, ProcessModel::Age, 2, ProcessModel::Age}));
    QCOMPARE(cell(model, 0, ProcessModel::Age).toString(), QStringLiteral("1 min"));
    QCOMPARE(cell(model, 1, ProcessModel::Age).toString(), QStringLiteral("1 h"));
    QCOMPARE(cell(model, 2, ProcessModel::Age).toString(), QStringLiteral("1 d"));
    QCOMPARE(cell(model, 3, ProcessModel::Age).toString(), QStringLiteral("2 h 5 min"));
    for (int row = 0; row < 4; ++row)
        QCOMPARE(cell(model, row, ProcessModel::Age).toString(),
                 formatDuration(s.processes[size_t(row)].ageMs));
}

void tst_ProcessModel::cpuChangesOnlyAtDisplayedPrecision()
{
    ProcessModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    Snapshot s = snapshotAt(5'000'000, {record(10, 1000, 1.23)});
    model.update(s);
    Signals sig(&model);
    s = nextTick(s);
    s.processes[0].info.cpuPct = 1.19; // still "1.2"
    model.update(s);
    QCOMPARE(sig.total(), 0);
    QCOMPARE(cell(model, 0, ProcessModel::Cpu).toString(), QStringLiteral("1.2"));
    s = nextTick(s);
    s.processes[0].info.cpuPct = 1.26;
    model.update(s);
    QCOMPARE(sig.total(), 1);
    QCOMPARE(cellRange(sig.dataChanged.at(0)),
             (std::array<int, 4>{0, ProcessModel::Cpu, 0, ProcessModel::Cpu}));
    QCOMPARE(cell(model, 0, ProcessModel::Cpu).toString(), QStringLiteral("1.3"));
    QCOMPARE(cell(model, 0, ProcessModel::Cpu, roles::Sort).toDouble(), 1.3);
}

void tst_ProcessModel::changedRowsGroupIntoRuns()
{
    ProcessModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    Snapshot s = snapshotAt(5'000'000, {record(10), record(11), record(12), record(13), record(14)});
    model.update(s);
    Signals sig(&model);
    s = nextTick(s);
    find(s, 10)->info.rssKb = 1;   // rows 0 and 1: one run over Rss
    find(s, 11)->info.rssKb = 2;   //
    find(s, 13)->info.cpuPct = 50; // row 3: Cpu alone
    find(s, 14)->info.ppid = 1;    // row 4 joins row 3's run: Cpu..Ppid
    model.update(s);
    QCOMPARE(sig.dataChanged.size(), 2);
    QCOMPARE(cellRange(sig.dataChanged.at(0)),
             (std::array<int, 4>{0, ProcessModel::Rss, 1, ProcessModel::Rss}));
    QCOMPARE(cellRange(sig.dataChanged.at(1)),
             (std::array<int, 4>{3, ProcessModel::Cpu, 4, ProcessModel::Ppid}));
    QCOMPARE(sig.total(), 2);
}

void tst_ProcessModel::newProcessesAreOneInsert()
{
    ProcessModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    Snapshot s = snapshotAt(5'000'000, {record(10), record(20)});
    model.update(s);
    Signals sig(&model);
    s = nextTick(s);
    s.processes.insert(s.processes.begin() + 1, record(15));
    model.update(s);
    QCOMPARE(sig.total(), 1);
    QCOMPARE(rowRange(sig.inserted.at(0)), std::make_pair(2, 2));
    QCOMPARE(model.rowOf(s.processes[1].info.key), 2);

    // Several at once, wherever they sit in the snapshot: still one block at the end.
    sig.clear();
    s = nextTick(s);
    s.processes.insert(s.processes.begin(), record(5));
    s.processes.push_back(record(30));
    s.processes.push_back(record(31));
    model.update(s);
    QCOMPARE(sig.total(), 1);
    QCOMPARE(rowRange(sig.inserted.at(0)), std::make_pair(3, 5));
    QCOMPARE(model.recordAt(3)->info.key.pid, 5);
    QCOMPARE(model.recordAt(5)->info.key.pid, 31);
}

void tst_ProcessModel::vanishedProcessLeavesTombstone()
{
    ProcessModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QCOMPARE(model.tombstoneMs(), qint64(10'000));
    Snapshot s = snapshotAt(5'000'000, {record(10), record(11, 3 * 1024 * 1024, 12.0), record(12)});
    model.update(s);
    Signals sig(&model);

    s = nextTick(s);
    const ProcessKey key = find(s, 11)->info.key;
    s.processes.erase(s.processes.begin() + 1);
    model.update(s);
    QCOMPARE(sig.removed.size(), 0);
    QCOMPARE(sig.total(), 1);
    QCOMPARE(cellRange(sig.dataChanged.at(0)), (std::array<int, 4>{1, 0, 1, ProcessModel::ColumnCount - 1}));
    QCOMPARE(model.rowOf(key), 1);
    QVERIFY(model.isTombstone(1));
    QVERIFY(cell(model, 1, 0, roles::Tombstone).toBool());
    QVERIFY(!cell(model, 0, 0, roles::Tombstone).toBool());
    QCOMPARE(cell(model, 1, ProcessModel::Status).toString(), QStringLiteral("ended"));
    QCOMPARE(cell(model, 1, ProcessModel::Cpu).toString(), QStringLiteral("0.0"));
    QCOMPARE(cell(model, 1, ProcessModel::Rss).toString(), QStringLiteral("3.0 GB")); // last seen
    const QColor grey = QGuiApplication::palette().color(QPalette::Disabled, QPalette::Text);
    QCOMPARE(cell(model, 1, ProcessModel::Command, Qt::ForegroundRole).value<QBrush>().color(), grey);
    QVERIFY(!cell(model, 0, ProcessModel::Command, Qt::ForegroundRole).isValid());

    for (qint64 since = kTickMs; since < model.tombstoneMs(); since += kTickMs) {
        s = nextTick(s);
        model.update(s);
        QCOMPARE(sig.removed.size(), 0);
        QVERIFY(model.isTombstone(1));
        const QString tip = cell(model, 1, ProcessModel::Command, Qt::ToolTipRole).toString();
        QVERIFY2(tip.startsWith(QStringLiteral("ended %1 s ago").arg(since / 1000)), qPrintable(tip));
    }
    s = nextTick(s);
    model.update(s);
    QCOMPARE(sig.removed.size(), 1);
    QCOMPARE(rowRange(sig.removed.at(0)), std::make_pair(1, 1));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.rowOf(key), -1);
    QCOMPARE(model.rowOf(find(s, 12)->info.key), 1);
    QCOMPARE(sig.aboutToReset.size(), 0);
    QCOMPARE(sig.inserted.size(), 0);

    // A shorter tombstone time applies from the next update; 0 removes at once.
    model.setTombstoneMs(0);
    sig.clear();
    s = nextTick(s);
    s.processes.pop_back();
    model.update(s);
    QCOMPARE(sig.total(), 1);
    QCOMPARE(rowRange(sig.removed.at(0)), std::make_pair(1, 1));
}

void tst_ProcessModel::tombstoneComesBackToLife()
{
    ProcessModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    Snapshot s = snapshotAt(5'000'000, {record(10), record(11)});
    model.update(s);
    Signals sig(&model);
    Snapshot missed = nextTick(s);
    missed.processes.pop_back();
    model.update(missed);
    QVERIFY(model.isTombstone(1));
    s = nextTick(nextTick(s));
    model.update(s); // the sample had missed it
    QVERIFY(!model.isTombstone(1));
    QCOMPARE(cell(model, 1, ProcessModel::Status).toString(), QStringLiteral("running"));
    QCOMPARE(sig.inserted.size() + sig.removed.size(), 0);
    QCOMPARE(sig.dataChanged.size(), 2);
}

void tst_ProcessModel::removalsInContiguousBlocks()
{
    ProcessModel model;
    model.setTombstoneMs(0);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    Snapshot s =
        snapshotAt(5'000'000, {record(10), record(11), record(12), record(13), record(14), record(15)});
    model.update(s);
    Signals sig(&model);
    // Slots that look rows up while the blocks go see the numbers of that moment.
    int lookups = 0;
    connect(&model, &QAbstractItemModel::rowsRemoved, this, [&] {
        for (int row = 0; row < model.rowCount(); ++row) {
            QCOMPARE(model.rowOf(model.recordAt(row)->info.key), row);
            ++lookups;
        }
    });
    s = nextTick(s);
    std::erase_if(s.processes, [](const ProcessRecord &r) {
        return r.info.key.pid == 11 || r.info.key.pid == 12 || r.info.key.pid == 14;
    });
    model.update(s);
    QCOMPARE(sig.removed.size(), 2);
    QCOMPARE(rowRange(sig.removed.at(0)), std::make_pair(4, 4)); // last block first
    QCOMPARE(rowRange(sig.removed.at(1)), std::make_pair(1, 2));
    QCOMPARE(sig.total(), 2);
    QCOMPARE(lookups, 5 + 3);
    QCOMPARE(model.rowCount(), 3);
    for (const ProcessRecord &r : s.processes)
        QCOMPARE(model.recordAt(model.rowOf(r.info.key))->info.key, r.info.key);
}

void tst_ProcessModel::showAllInsertsAndRemoves()
{
    ProcessModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy toggled(&model, &ProcessModel::showAllChanged);
    Snapshot s = snapshotAt(5'000'000, {record(1, 9000, 0, 3600'000, ProcessClass::None), record(10),
                                        record(20, 7000, 0, 3600'000, ProcessClass::None), record(30)});
    model.update(s);
    QCOMPARE(model.rowCount(), 2);
    Signals sig(&model);

    model.setShowAll(true);
    QVERIFY(model.showAll());
    QCOMPARE(toggled.size(), 1);
    QCOMPARE(sig.total(), 1);
    QCOMPARE(rowRange(sig.inserted.at(0)), std::make_pair(2, 3));
    QCOMPARE(model.recordAt(2)->info.key.pid, 1);
    QVERIFY(!cell(model, 2, 0, roles::IsAgent).toBool());
    QVERIFY(cell(model, 0, 0, roles::IsAgent).toBool());
    QCOMPARE(cell(model, 2, ProcessModel::Class).toString(), QString());

    // While every process shows, updates reach the other processes too.
    sig.clear();
    s = nextTick(s);
    find(s, 20)->info.rssKb = 8000;
    model.update(s);
    QCOMPARE(sig.total(), 1);
    QCOMPARE(cellRange(sig.dataChanged.at(0)),
             (std::array<int, 4>{3, ProcessModel::Rss, 3, ProcessModel::Rss}));

    sig.clear();
    model.setShowAll(false);
    QCOMPARE(sig.removed.size(), 1);
    QCOMPARE(rowRange(sig.removed.at(0)), std::make_pair(2, 3));
    QCOMPARE(sig.total(), 1);
    QCOMPARE(model.rowCount(), 2);
    model.setShowAll(false);
    QCOMPARE(toggled.size(), 2);

    // Hidden processes keep up with the snapshots: turned on again, they show the latest.
    s = nextTick(s);
    find(s, 20)->info.rssKb = 9000;
    model.update(s);
    sig.clear();
    model.setShowAll(true);
    QCOMPARE(sig.total(), 1);
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.recordAt(model.rowOf(find(s, 20)->info.key))->info.rssKb, quint64(9000));
    QCOMPARE(sig.aboutToReset.size(), 0);
}

void tst_ProcessModel::reclassifiedProcessLeavesWithoutTombstone()
{
    ProcessModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    Snapshot s = snapshotAt(5'000'000, {record(10), record(11)});
    model.update(s);
    Signals sig(&model);
    s = nextTick(s);
    find(s, 10)->cls = ProcessClass::None; // the rules changed: no longer an agent, but alive
    model.update(s);
    QCOMPARE(sig.total(), 1);
    QCOMPARE(rowRange(sig.removed.at(0)), std::make_pair(0, 0));
    // and it comes back when showing everything
    sig.clear();
    model.setShowAll(true);
    QCOMPARE(sig.total(), 1);
    QCOMPARE(model.rowCount(), 2);
    QVERIFY(!model.isTombstone(1));
}

void tst_ProcessModel::displayAndRoles()
{
    ProcessModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    ProcessRecord orphan = record(4242, 900, 0.04, 7'500'000);
    orphan.status = ProcessStatus::Orphan;
    orphan.reason = QStringLiteral("parent exited; adopted by PID 1");
    orphan.info.memory = MemoryDetail{700, 64, 64};
    ProcessRecord kernelLike = record(77, 0, 0, 1000);
    kernelLike.info.argv.clear();
    kernelLike.info.comm = QStringLiteral("kworker/0:1");
    kernelLike.info.state = 'D';
    kernelLike.session = QStringLiteral("pid-100-12345");
    model.update(snapshotAt(5'000'000, {orphan, kernelLike}));

    QCOMPARE(cell(model, 0, ProcessModel::Pid).toString(), QStringLiteral("4242"));
    QCOMPARE(cell(model, 0, ProcessModel::Session).toString(), QStringLiteral("7d3f0c1e"));
    QCOMPARE(cell(model, 0, ProcessModel::Session, roles::SessionId).toString(), kSession);
    QCOMPARE(cell(model, 0, ProcessModel::Class).toString(), QStringLiteral("mcp"));
    QCOMPARE(cell(model, 0, ProcessModel::Status).toString(), QStringLiteral("orphan"));
    QCOMPARE(cell(model, 0, ProcessModel::Reason).toString(), orphan.reason);
    QCOMPARE(cell(model, 0, ProcessModel::Command).toString(),
             QStringLiteral("node /opt/mcp/server-4242.js"));
    QCOMPARE(cell(model, 0, ProcessModel::Rss).toString(), QStringLiteral("900 KB"));
    QCOMPARE(cell(model, 0, ProcessModel::Pss).toString(), QStringLiteral("700 KB"));
    QCOMPARE(cell(model, 0, ProcessModel::Swap).toString(), QStringLiteral("64 KB"));
    QCOMPARE(cell(model, 0, ProcessModel::Cpu).toString(), QStringLiteral("0.0"));
    QCOMPARE(cell(model, 0, ProcessModel::Age).toString(), formatDuration(7'500'000));
    QCOMPARE(cell(model, 0, ProcessModel::State).toString(), QStringLiteral("sleeping"));
    QCOMPARE(cell(model, 0, ProcessModel::Ppid).toString(), QStringLiteral("100"));
    QCOMPARE(cell(model, 1, ProcessModel::Command).toString(), QStringLiteral("[kworker/0:1]"));
    QCOMPARE(cell(model, 1, ProcessModel::Session).toString(), QStringLiteral("pid-100"));
    QCOMPARE(cell(model, 1, ProcessModel::State).toString(), QStringLiteral("disk sleep"));

    QCOMPARE(qvariant_cast<ProcessKey>(cell(model, 0, ProcessModel::Command, roles::Key)), orphan.info.key);
    QVERIFY(cell(model, 0, ProcessModel::Pid, roles::IsAgent).toBool());
    const QString tip = cell(model, 0, ProcessModel::Status, Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(QStringLiteral("node /opt/mcp/server-4242.js")), qPrintable(tip));
    QVERIFY2(tip.contains(orphan.reason), qPrintable(tip));
    QVERIFY2(tip.contains(kSession), qPrintable(tip));
    const QString memoryTip = cell(model, 0, ProcessModel::Pss, Qt::ToolTipRole).toString();
    QVERIFY2(memoryTip.contains(QStringLiteral("PSS 700 KB, swap 64 KB")), qPrintable(memoryTip));

    const int right = int(Qt::AlignRight | Qt::AlignVCenter);
    for (int column :
         {int(ProcessModel::Pid), int(ProcessModel::Rss), int(ProcessModel::Pss), int(ProcessModel::Swap),
          int(ProcessModel::Cpu), int(ProcessModel::Age), int(ProcessModel::Ppid)})
        QCOMPARE(cell(model, 0, column, Qt::TextAlignmentRole).toInt(), right);
    QVERIFY(!cell(model, 0, ProcessModel::Command, Qt::TextAlignmentRole).isValid());

    // The search text covers every field a filter word may match, in lower case.
    const QString search = cell(model, 1, 0, roles::SearchText).toString();
    for (const QString &field :
         {QStringLiteral("77"), QStringLiteral("kworker/0:1"), QStringLiteral("pid-100-12345"),
          QStringLiteral("mcp"), QStringLiteral("running"), QStringLiteral("child of session 7d3f0c1e")})
        QVERIFY2(search.split(QLatin1Char('\n')).contains(field),
                 qPrintable(field + QStringLiteral(" in ") + search));
}

void tst_ProcessModel::sortRoleHoldsRawValues()
{
    ProcessModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    ProcessRecord p = record(9, 2 * 1024 * 1024, 12.34, 90'061'000);
    model.update(snapshotAt(5'000'000, {p}));
    QCOMPARE(cell(model, 0, ProcessModel::Pid, roles::Sort).typeId(), QMetaType::Int);
    QCOMPARE(cell(model, 0, ProcessModel::Rss, roles::Sort).typeId(), QMetaType::ULongLong);
    QCOMPARE(cell(model, 0, ProcessModel::Rss, roles::Sort).toULongLong(), quint64(2 * 1024 * 1024));
    QCOMPARE(cell(model, 0, ProcessModel::Pss, roles::Sort).toULongLong(), quint64(1024 * 1024));
    QCOMPARE(cell(model, 0, ProcessModel::Cpu, roles::Sort).typeId(), QMetaType::Double);
    QCOMPARE(cell(model, 0, ProcessModel::Cpu, roles::Sort).toDouble(), 12.3);
    QCOMPARE(cell(model, 0, ProcessModel::Age, roles::Sort).typeId(), QMetaType::LongLong);
    QCOMPARE(cell(model, 0, ProcessModel::Age, roles::Sort).toLongLong(), qint64(90'061'000));
    QCOMPARE(cell(model, 0, ProcessModel::Session, roles::Sort).toString(), kSession);
    QCOMPARE(cell(model, 0, ProcessModel::Command, roles::Sort).toString(),
             QStringLiteral("node /opt/mcp/server-9.js"));
}

void tst_ProcessModel::statusColoursReadOnLightAndDark()
{
    ProcessModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    std::vector<ProcessRecord> records;
    const ProcessStatus statuses[] = {ProcessStatus::Running, ProcessStatus::Orphan,     ProcessStatus::Stale,
                                      ProcessStatus::Zombie,  ProcessStatus::Unkillable, ProcessStatus::Idle};
    for (int i = 0; i < 6; ++i) {
        records.push_back(record(10 + i));
        records.back().status = statuses[i];
    }
    model.update(snapshotAt(5'000'000, records));
    QVERIFY(!cell(model, 0, 0, Qt::ForegroundRole).isValid()); // running: the palette's own text colour
    QVERIFY(!cell(model, 5, 0, Qt::ForegroundRole).isValid()); // idle too

    QPalette lightPalette;
    lightPalette.setColor(QPalette::Base, Qt::white);
    lightPalette.setColor(QPalette::Text, Qt::black);
    QPalette darkPalette;
    darkPalette.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    darkPalette.setColor(QPalette::Text, QColor(0xe0, 0xe0, 0xe0));
    QColor onLight[6], onDark[6];
    for (int dark = 0; dark < 2; ++dark) {
        const QPalette &palette = dark ? darkPalette : lightPalette;
        QGuiApplication::setPalette(palette);
        for (int row = 1; row <= 4; ++row) {
            const QVariant brush = cell(model, row, ProcessModel::Status, Qt::ForegroundRole);
            QVERIFY(brush.isValid());
            const QColor colour = brush.value<QBrush>().color();
            const double ratio = contrast(colour, palette.color(QPalette::Base));
            QVERIFY2(ratio >= 4.5, qPrintable(QStringLiteral("row %1: %2 on %3, contrast %4")
                                                  .arg(row)
                                                  .arg(colour.name(), palette.color(QPalette::Base).name())
                                                  .arg(ratio)));
            (dark ? onDark : onLight)[row] = colour;
        }
    }
    // Orphans and stale processes share the warning colour; zombies and unkillables have their own.
    QCOMPARE(onLight[1], onLight[2]);
    QVERIFY(onLight[3] != onLight[1] && onLight[4] != onLight[1] && onLight[4] != onLight[3]);
    QVERIFY(onDark[1] != onLight[1]);
}

void tst_ProcessModel::longCommandLinesAreCutForDisplayOnly()
{
    ProcessModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    ProcessRecord r = record(10);
    r.info.argv = {QStringLiteral("cc"), QString(5000, QLatin1Char('x'))};
    model.update(snapshotAt(kBootNowMs, {r}));
    const QModelIndex command = model.index(0, ProcessModel::Command);
    const QString shown = command.data(Qt::DisplayRole).toString();
    QVERIFY(shown.size() <= 301);
    QVERIFY(shown.endsWith(QChar(0x2026)));
    QVERIFY(command.data(Qt::ToolTipRole).toString().contains(QString(5000, QLatin1Char('x'))));
    QVERIFY(model.data(model.index(0, ProcessModel::Pid), roles::SearchText)
                .toString()
                .contains(QString(5000, QLatin1Char('x'))));
}

void tst_ProcessModel::manyRunsBecomeOneRangePerColumn()
{
    // Every other row changes its RSS, every fourth its CPU: many runs, two columns.
    ProcessModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    std::vector<ProcessRecord> rows;
    for (int i = 0; i < 40; ++i)
        rows.push_back(record(100 + i, 100'000, 0.0));
    Snapshot s = snapshotAt(kBootNowMs, rows);
    model.update(s);
    Snapshot next = nextTick(s);
    for (int i = 0; i < 40; i += 2)
        find(next, 100 + i)->info.rssKb += 4096;
    for (int i = 1; i < 40; i += 4)
        find(next, 100 + i)->info.cpuPct = 12.5;
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.update(next);
    QCOMPARE(changed.size(), 2);
    QSet<int> columns;
    for (const QList<QVariant> &signal : changed) {
        const QModelIndex from = signal.at(0).toModelIndex();
        const QModelIndex to = signal.at(1).toModelIndex();
        QCOMPARE(from.column(), to.column());
        columns.insert(from.column());
    }
    QCOMPARE(columns, (QSet<int>{ProcessModel::Rss, ProcessModel::Cpu}));
}

void tst_ProcessModel::headers()
{
    ProcessModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QCOMPARE(model.columnCount(), int(ProcessModel::ColumnCount));
    QSet<QString> titles;
    for (int column = 0; column < model.columnCount(); ++column) {
        const QString title = model.headerData(column, Qt::Horizontal).toString();
        QVERIFY(!title.isEmpty());
        titles.insert(title);
        QVERIFY(!model.headerData(column, Qt::Horizontal, Qt::ToolTipRole).toString().isEmpty());
    }
    QCOMPARE(titles.size(), model.columnCount());
    QCOMPARE(model.headerData(ProcessModel::Rss, Qt::Horizontal).toString(), QStringLiteral("RSS"));
    QCOMPARE(model.headerData(ProcessModel::Cpu, Qt::Horizontal).toString(), QStringLiteral("CPU %"));
}

// The core writes reasons in English (API, audit log); the window shows them in the user's language.
void tst_ProcessModel::reasonsShowInTheUserLanguage()
{
    QTranslator german;
    QVERIFY(german.load(QLocale(QLocale::German), QStringLiteral("agentmon"), QStringLiteral("_"),
                        QString::fromUtf16(translationsResourceDir)));
    QVERIFY(QCoreApplication::installTranslator(&german));
    const auto removeTranslator = qScopeGuard([&german] { QCoreApplication::removeTranslator(&german); });

    ProcessModel model;
    ProcessRecord orphan = record(4242, 900, 0.04, 7'500'000);
    orphan.status = ProcessStatus::Orphan;
    orphan.reason = coreText(CoreText::ParentExitedAdopted).arg(coreText(CoreText::AdoptedByInit));
    model.update(snapshotAt(5'000'000, {orphan}));
    const QString german_ = QStringLiteral("Elternprozess beendet; von PID 1 adoptiert");
    QCOMPARE(cell(model, 0, ProcessModel::Reason).toString(), german_);
    const QString tip = cell(model, 0, ProcessModel::Status, Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(german_), qPrintable(tip));
    // The filter finds it by either language.
    const QStringList search = cell(model, 0, 0, roles::SearchText).toString().split(QLatin1Char('\n'));
    QVERIFY(search.contains(german_.toLower()));
    QVERIFY(search.contains(orphan.reason.toLower()));
}

QTEST_MAIN(tst_ProcessModel)
#include "tst_processmodel.moc"
