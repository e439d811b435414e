// SessionModel: how sessions are labelled (agent, project, start time, short id) and how live, ended and
// leaked sessions look, with the same minimal-signal rules as the process table; on hand-made records and on
// a recorded session that ends and leaks in the real Sampler over a fake /proc.
#include "fakeproc.h"
#include "humanformat.h"
#include "manualclock.h"
#include "modelroles.h"
#include "processsource.h"
#include "ruleset.h"
#include "sampler.h"
#include "sessionmodel.h"

#include <QAbstractItemModelTester>
#include <QBrush>
#include <QDateTime>
#include <QFont>
#include <QGuiApplication>
#include <QLocale>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTemporaryDir>
#include <QTest>

#include <array>
#include <memory>

using namespace agentmon;
using agentmon::test::FakeProc;
using agentmon::test::ManualClock;

namespace {

constexpr qint64 kTickMs = 2000;
constexpr qint64 kNowMs = 5 * 86'400'000; // monotonic, ms after boot: up 5 days

// A fixed local wall time for the snapshots: 3 May 2024, 14:30:20.
qint64 wallAt(int day, int hour, int minute, int second = 0)
{
    return QDateTime(QDate(2024, 5, day), QTime(hour, minute, second)).toMSecsSinceEpoch();
}
const qint64 kNowWallMs = wallAt(3, 14, 30, 20);

struct Signals {
    explicit Signals(QAbstractItemModel *model)
        : dataChanged(model, &QAbstractItemModel::dataChanged),
          inserted(model, &QAbstractItemModel::rowsInserted),
          removed(model, &QAbstractItemModel::rowsRemoved),
          aboutToReset(model, &QAbstractItemModel::modelAboutToBeReset),
          layout(model, &QAbstractItemModel::layoutAboutToBeChanged),
          moved(model, &QAbstractItemModel::rowsMoved)
    {
    }
    qsizetype total() const
    {
        return dataChanged.size() + inserted.size() + removed.size() + aboutToReset.size() + layout.size() +
               moved.size();
    }
    void clear()
    {
        dataChanged.clear();
        inserted.clear();
        removed.clear();
        aboutToReset.clear();
        layout.clear();
        moved.clear();
    }
    QSignalSpy dataChanged, inserted, removed, aboutToReset, layout, moved;
};

std::array<int, 4> cellRange(const QList<QVariant> &args)
{
    const auto topLeft = args.at(0).value<QModelIndex>();
    const auto bottomRight = args.at(1).value<QModelIndex>();
    return {topLeft.row(), topLeft.column(), bottomRight.row(), bottomRight.column()};
}

std::pair<int, int> rowRange(const QList<QVariant> &args)
{
    return {args.at(1).toInt(), args.at(2).toInt()};
}

// A live session whose root started startedAgoMs before kNowMs.
SessionRecord session(const QString &id, qint64 startedAgoMs, int processCount = 3, quint64 rssKb = 500'000)
{
    SessionRecord s;
    s.id = id;
    s.root = {4242, 123456};
    s.rootComm = QStringLiteral("claude");
    s.agent = QStringLiteral("claude");
    s.rootClass = ProcessClass::Session;
    s.projectDir = QStringLiteral("/home/u/src/agentmon/");
    s.tty = QStringLiteral("pts/3");
    s.alive = true;
    s.interactive = true;
    s.startedAtMs = kNowMs - startedAgoMs;
    s.processCount = processCount;
    s.rssKb = rssKb;
    s.pssKb = rssKb * 3 / 4;
    s.swapKb = 1024;
    return s;
}

Snapshot snapshotOf(std::vector<SessionRecord> sessions, qint64 nowMs = kNowMs, qint64 wallMs = kNowWallMs)
{
    Snapshot s;
    s.takenAtMs = nowMs;
    s.takenAtWallMs = wallMs;
    s.sessions = std::move(sessions);
    return s;
}

Snapshot nextTick(Snapshot s, qint64 ms = kTickMs)
{
    s.takenAtMs += ms;
    s.takenAtWallMs += ms;
    return s;
}

QVariant cell(const SessionModel &model, int row, int column, int role = Qt::DisplayRole)
{
    return model.data(model.index(row, column), role);
}

const QString kUuid = QStringLiteral("7d3f0c1e-aaaa-bbbb-cccc-1234567890ab");

} // namespace

class tst_SessionModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void liveSessionDisplay();
    void startedTodayAndBefore();
    void unknownsShowAsSuch();
    void endedLeakedAndGone();
    void lingerChangeRestyles();
    void incrementalUpdates();
    void sortsOnRawValues();
    void recordedSessionEndsAndLeaks();
    void headers();
};

void tst_SessionModel::liveSessionDisplay()
{
    SessionModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.update(snapshotOf({session(kUuid, 2 * 3600'000 + 20'000)}));
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(cell(model, 0, SessionModel::Agent).toString(), QStringLiteral("claude"));
    QCOMPARE(cell(model, 0, SessionModel::Project).toString(), QStringLiteral("agentmon"));
    QCOMPARE(cell(model, 0, SessionModel::Project, Qt::ToolTipRole).toString(),
             QStringLiteral("/home/u/src/agentmon/"));
    QCOMPARE(cell(model, 0, SessionModel::Started).toString(), QStringLiteral("12:30"));
    QCOMPARE(cell(model, 0, SessionModel::Session).toString(), QStringLiteral("7d3f0c1e"));
    QCOMPARE(cell(model, 0, SessionModel::Session, Qt::ToolTipRole).toString(), kUuid);
    QCOMPARE(cell(model, 0, SessionModel::Processes).toString(), QStringLiteral("3"));
    QCOMPARE(cell(model, 0, SessionModel::Memory).toString(), QStringLiteral("488 MB"));
    const QString memoryTip = cell(model, 0, SessionModel::Memory, Qt::ToolTipRole).toString();
    QVERIFY2(memoryTip.contains(QStringLiteral("PSS 366 MB")) &&
                 memoryTip.contains(QStringLiteral("swap 1.0 MB")),
             qPrintable(memoryTip));
    QCOMPARE(cell(model, 0, SessionModel::State).toString(), QStringLiteral("live"));
    QVERIFY(cell(model, 0, 0, roles::Alive).toBool());
    QVERIFY(!cell(model, 0, 0, roles::Leaked).toBool());
    QCOMPARE(cell(model, 0, SessionModel::Memory, roles::SessionId).toString(), kUuid);
    QVERIFY(!cell(model, 0, SessionModel::State, Qt::ForegroundRole).isValid());
    QVERIFY(!cell(model, 0, SessionModel::State, Qt::FontRole).isValid());
    QCOMPARE(cell(model, 0, SessionModel::Memory, Qt::TextAlignmentRole).toInt(),
             int(Qt::AlignRight | Qt::AlignVCenter));
    QCOMPARE(model.sessionAt(0)->id, kUuid);
    QCOMPARE(model.rowOf(kUuid), 0);
    QCOMPARE(model.rowOf(QStringLiteral("nope")), -1);
    QCOMPARE(model.sessionAt(1), nullptr);
    QVERIFY(cell(model, 0, SessionModel::Agent, Qt::ToolTipRole).toString().contains(QStringLiteral("4242")));
}

void tst_SessionModel::startedTodayAndBefore()
{
    SessionModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    const qint64 yesterdayAgo = kNowWallMs - wallAt(2, 9, 5);
    Snapshot s =
        snapshotOf({session(QStringLiteral("a"), 60'000), session(QStringLiteral("b"), yesterdayAgo)});
    model.update(s);
    QCOMPARE(cell(model, 0, SessionModel::Started).toString(), QStringLiteral("14:29"));
    const QString before = cell(model, 1, SessionModel::Started).toString();
    QCOMPARE(before, QLocale().toString(QDate(2024, 5, 2), QLocale::ShortFormat) + QStringLiteral(" 09:05"));
    // Sorting is on wall time in ms, not on the text.
    QCOMPARE(cell(model, 1, SessionModel::Started, roles::Sort).toLongLong(), wallAt(2, 9, 5));
    QCOMPARE(cell(model, 0, SessionModel::Started, roles::Sort).toLongLong(), kNowWallMs - 60'000);

    // The two clocks of a snapshot drift by a few ms from one to the next: nothing a view shows changes.
    Signals sig(&model);
    s = nextTick(s);
    s.takenAtWallMs += 3;
    model.update(s);
    QCOMPARE(sig.total(), 0);
    QCOMPARE(cell(model, 0, SessionModel::Started, roles::Sort).toLongLong(), kNowWallMs - 60'000 + 3);

    // A wall clock that moves by minutes (NTP, a time zone change) changes the text: announced.
    s = nextTick(s);
    s.takenAtWallMs += 5 * 60'000;
    model.update(s);
    QCOMPARE(sig.dataChanged.size(), 1);
    QCOMPARE(cellRange(sig.dataChanged.at(0)),
             (std::array<int, 4>{0, SessionModel::Started, 1, SessionModel::Started}));
    QCOMPARE(cell(model, 0, SessionModel::Started).toString(), QStringLiteral("14:34"));
}

void tst_SessionModel::unknownsShowAsSuch()
{
    SessionModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    SessionRecord s = session(QStringLiteral("pid-777-98765"), 5000);
    s.agent.clear();
    s.rootComm = QStringLiteral("node");
    s.projectDir.clear();
    SessionRecord markerOnly = session(QStringLiteral("sess-x"), 5000);
    markerOnly.agent.clear();
    markerOnly.rootComm.clear();
    markerOnly.root = {};
    markerOnly.startedAtMs = 0;
    model.update(snapshotOf({s, markerOnly}));
    QCOMPARE(cell(model, 0, SessionModel::Agent).toString(), QStringLiteral("node"));
    QCOMPARE(cell(model, 0, SessionModel::Project).toString(), QStringLiteral("—"));
    QCOMPARE(cell(model, 0, SessionModel::Session).toString(), QStringLiteral("pid-777"));
    QCOMPARE(cell(model, 1, SessionModel::Agent).toString(), QStringLiteral("unknown"));
    QCOMPARE(cell(model, 1, SessionModel::Started).toString(), QStringLiteral("—"));
    QVERIFY(!cell(model, 1, SessionModel::Agent, Qt::ToolTipRole).toString().isEmpty());
}

void tst_SessionModel::endedLeakedAndGone()
{
    SessionModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QCOMPARE(model.lingerMs(), qint64(30'000));
    SessionRecord leaky = session(QStringLiteral("leaky"), 3600'000, 3, 1258'292); // 1.2 GB
    leaky.alive = false;
    leaky.endedAtMs = kNowMs - 10'000;
    SessionRecord empty = session(QStringLiteral("empty"), 3600'000, 0, 0);
    empty.alive = false;
    empty.endedAtMs = kNowMs - 10'000;
    Snapshot s = snapshotOf({session(QStringLiteral("live"), 60'000), leaky, empty});
    model.update(s);

    // Within the linger time: ended, not yet leaked.
    QCOMPARE(cell(model, 1, SessionModel::State).toString(), QStringLiteral("ended"));
    QVERIFY(!cell(model, 1, 0, roles::Leaked).toBool());
    QVERIFY(!cell(model, 1, 0, roles::Alive).toBool());
    QVERIFY(!cell(model, 1, SessionModel::State, Qt::ForegroundRole).isValid());
    QVERIFY(!model.isLeaked(1));
    // Ended with nothing left: greyed.
    QCOMPARE(cell(model, 2, SessionModel::State).toString(), QStringLiteral("ended"));
    const QColor grey = QGuiApplication::palette().color(QPalette::Disabled, QPalette::Text);
    QCOMPARE(cell(model, 2, SessionModel::Agent, Qt::ForegroundRole).value<QBrush>().color(), grey);

    // Time alone makes it leaked, 30 s after its end: the whole row restyles, once.
    Signals sig(&model);
    for (int i = 0; i < 5; ++i) { // 12 s ... 20 s after the end
        s = nextTick(s);
        model.update(s);
    }
    QCOMPARE(sig.total(), 0);
    for (int i = 0; i < 5; ++i) { // 22 s ... 30 s
        s = nextTick(s);
        model.update(s);
    }
    QCOMPARE(sig.total(), 1);
    QCOMPARE(cellRange(sig.dataChanged.at(0)), (std::array<int, 4>{1, 0, 1, SessionModel::ColumnCount - 1}));
    QCOMPARE(cell(model, 1, SessionModel::State).toString(), QStringLiteral("3 left, 1.2 GB"));
    QVERIFY(cell(model, 1, 0, roles::Leaked).toBool());
    QVERIFY(model.isLeaked(1));
    QVERIFY(cell(model, 1, SessionModel::State, Qt::FontRole).value<QFont>().bold());
    QVERIFY(!cell(model, 1, SessionModel::Agent, Qt::FontRole).isValid());
    QCOMPARE(cell(model, 1, SessionModel::State, Qt::ForegroundRole).value<QBrush>().color(),
             modelcolors::warning(QGuiApplication::palette()));
    const QString tip = cell(model, 1, SessionModel::State, Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(QStringLiteral("30 s")), qPrintable(tip));

    // One of its processes is reaped: count and memory in the state text follow.
    sig.clear();
    s = nextTick(s);
    s.sessions[1].processCount = 1;
    s.sessions[1].rssKb = 2048;
    model.update(s);
    QCOMPARE(sig.total(), 1);
    QCOMPARE(cellRange(sig.dataChanged.at(0)),
             (std::array<int, 4>{1, SessionModel::Processes, 1, SessionModel::State}));
    QCOMPARE(cell(model, 1, SessionModel::State).toString(), QStringLiteral("1 left, 2.0 MB"));

    // The last one goes: greyed, no longer leaked.
    sig.clear();
    s = nextTick(s);
    s.sessions[1].processCount = 0;
    s.sessions[1].rssKb = 0;
    model.update(s);
    QCOMPARE(sig.total(), 1);
    QCOMPARE(cellRange(sig.dataChanged.at(0)), (std::array<int, 4>{1, 0, 1, SessionModel::ColumnCount - 1}));
    QCOMPARE(cell(model, 1, SessionModel::State).toString(), QStringLiteral("ended"));
    QCOMPARE(cell(model, 1, SessionModel::Agent, Qt::ForegroundRole).value<QBrush>().color(), grey);
    QCOMPARE(sig.aboutToReset.size(), 0);
}

void tst_SessionModel::lingerChangeRestyles()
{
    SessionModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    SessionRecord leaky = session(QStringLiteral("leaky"), 3600'000, 2, 4096);
    leaky.alive = false;
    leaky.endedAtMs = kNowMs - 60'000;
    model.update(snapshotOf({session(QStringLiteral("live"), 1000), leaky}));
    QVERIFY(model.isLeaked(1));
    Signals sig(&model);
    model.setLingerMs(120'000);
    QCOMPARE(model.lingerMs(), qint64(120'000));
    QCOMPARE(sig.total(), 1);
    QCOMPARE(cellRange(sig.dataChanged.at(0)), (std::array<int, 4>{1, 0, 1, SessionModel::ColumnCount - 1}));
    QVERIFY(!model.isLeaked(1));
    model.setLingerMs(120'000);
    QCOMPARE(sig.total(), 1);
    model.setLingerMs(60'000);
    QVERIFY(model.isLeaked(1));
    QCOMPARE(sig.total(), 2);
    QCOMPARE(sig.aboutToReset.size(), 0);
}

void tst_SessionModel::incrementalUpdates()
{
    SessionModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    Snapshot s = snapshotOf({session(QStringLiteral("a"), 600'000), session(QStringLiteral("b"), 500'000),
                             session(QStringLiteral("c"), 400'000)});
    model.update(s);
    Signals sig(&model);
    model.update(s);
    QCOMPARE(sig.total(), 0);
    s = nextTick(s);
    model.update(s);
    QCOMPARE(sig.total(), 0);

    s = nextTick(s);
    s.sessions[1].rssKb += 1;
    model.update(s);
    QCOMPARE(sig.total(), 1);
    QCOMPARE(cellRange(sig.dataChanged.at(0)),
             (std::array<int, 4>{1, SessionModel::Memory, 1, SessionModel::Memory}));

    sig.clear();
    s = nextTick(s);
    s.sessions[2].processCount = 4;
    s.sessions[2].pssKb += 100; // shown in a tooltip only: no signal of its own
    model.update(s);
    QCOMPARE(sig.total(), 1);
    QCOMPARE(cellRange(sig.dataChanged.at(0)),
             (std::array<int, 4>{2, SessionModel::Processes, 2, SessionModel::Processes}));

    sig.clear();
    s = nextTick(s);
    s.sessions.insert(s.sessions.begin(), session(QStringLiteral("new"), 1000));
    model.update(s);
    QCOMPARE(sig.total(), 1);
    QCOMPARE(rowRange(sig.inserted.at(0)), std::make_pair(3, 3));
    QCOMPARE(model.rowOf(QStringLiteral("new")), 3);

    sig.clear();
    s = nextTick(s);
    s.sessions.erase(s.sessions.begin() + 1); // "a"
    s.sessions.erase(s.sessions.begin() + 1); // "b"
    model.update(s);
    QCOMPARE(sig.total(), 1);
    QCOMPARE(rowRange(sig.removed.at(0)), std::make_pair(0, 1));
    QCOMPARE(model.rowOf(QStringLiteral("c")), 0);
    QCOMPARE(model.rowOf(QStringLiteral("new")), 1);
    QCOMPARE(model.rowOf(QStringLiteral("a")), -1);
}

void tst_SessionModel::sortsOnRawValues()
{
    SessionModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    SessionRecord leaky = session(QStringLiteral("leaky"), 3600'000, 2, 4096);
    leaky.alive = false;
    leaky.endedAtMs = kNowMs - 60'000;
    model.update(snapshotOf({session(QStringLiteral("big"), 1000, 3, 2 * 1024 * 1024),
                             session(QStringLiteral("small"), 1000, 12, 900), leaky}));
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setSortRole(roles::Sort);
    QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
    auto idAt = [&](int row) { return proxy.index(row, 0).data(roles::SessionId).toString(); };

    // "900 KB" > "2.0 GB" > "4.0 MB" as text; not as memory.
    proxy.sort(SessionModel::Memory, Qt::AscendingOrder);
    QCOMPARE(idAt(0), QStringLiteral("small"));
    QCOMPARE(idAt(1), QStringLiteral("leaky"));
    QCOMPARE(idAt(2), QStringLiteral("big"));
    // "12" < "3" as text.
    proxy.sort(SessionModel::Processes, Qt::DescendingOrder);
    QCOMPARE(idAt(0), QStringLiteral("small"));
    // Leaked sessions first when sorting by state, descending.
    proxy.sort(SessionModel::State, Qt::DescendingOrder);
    QCOMPARE(idAt(0), QStringLiteral("leaky"));
    QCOMPARE(cell(model, 0, SessionModel::Memory, roles::Sort).typeId(), QMetaType::ULongLong);
}

void tst_SessionModel::recordedSessionEndsAndLeaks()
{
    constexpr qint64 bootNowMs = 10 * 3600'000;
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    FakeProc proc(dir.path());
    ManualClock clock(bootNowMs);
    auto source = createProcessSource(clock, dir.path());
    QVERIFY(source->isValid());
    RuleSet rules;
    Sampler sampler(*source, rules, clock);
    auto fake = [&](int pid, int ppid, const QString &comm, const QStringList &argv, qint64 ageMs) {
        FakeProc::Proc p;
        p.pid = pid;
        p.ppid = ppid;
        p.comm = comm;
        p.argv = argv;
        p.starttime = quint64((bootNowMs - ageMs) / 10);
        return p;
    };
    proc.write(fake(1, 0, QStringLiteral("systemd"), {QStringLiteral("/sbin/init")}, bootNowMs));
    proc.write(fake(50, 1, QStringLiteral("bash"), {QStringLiteral("-bash")}, 9 * 3600'000));
    FakeProc::Proc claude = fake(100, 50, QStringLiteral("claude"), {QStringLiteral("claude")}, 600'000);
    claude.ttyNr = 34816;
    claude.sid = 50;
    claude.pgid = 100;
    claude.cwd = dir.path();
    proc.write(claude);
    FakeProc::Proc shell =
        fake(200, 100, QStringLiteral("bash"),
             {QStringLiteral("/bin/bash"), QStringLiteral("-c"),
              QStringLiteral("source /home/u/.claude/shell-snapshots/snapshot-bash-1-abc.sh "
                             "&& eval 'sleep 1000'")},
             300'000);
    proc.write(shell);
    proc.write(
        fake(300, 200, QStringLiteral("sleep"), {QStringLiteral("sleep"), QStringLiteral("1000")}, 299'000));

    SessionModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    Signals sig(&model);
    Snapshot s = sampler.sample();
    model.update(s);
    QCOMPARE(sig.total(), 1);
    QCOMPARE(model.rowCount(), 1);
    const QString id = s.sessions.at(0).id;
    QCOMPARE(cell(model, 0, SessionModel::Agent).toString(), QStringLiteral("claude"));
    QCOMPARE(cell(model, 0, SessionModel::Project).toString(), QFileInfo(dir.path()).fileName());
    QCOMPARE(cell(model, 0, SessionModel::Session).toString(), QStringLiteral("pid-100"));
    QCOMPARE(cell(model, 0, SessionModel::Processes).toString(), QStringLiteral("3"));
    QCOMPARE(cell(model, 0, SessionModel::State).toString(), QStringLiteral("live"));
    const QDateTime started = QDateTime::fromMSecsSinceEpoch(clock.wallMs() - 600'000);
    if (started.date() == QDateTime::fromMSecsSinceEpoch(clock.wallMs()).date())
        QCOMPARE(cell(model, 0, SessionModel::Started).toString(), started.toString(QStringLiteral("hh:mm")));

    sig.clear();
    clock.advance(kTickMs);
    s = sampler.sample();
    model.update(s);
    QCOMPARE(sig.total(), 0);

    // claude dies; its Bash-tool shell and what it runs live on under PID 1.
    proc.remove(100);
    shell.ppid = 1;
    proc.write(shell);
    clock.advance(kTickMs);
    s = sampler.sample();
    model.update(s);
    QCOMPARE(model.rowOf(id), 0);
    QCOMPARE(cell(model, 0, SessionModel::State).toString(), QStringLiteral("ended"));
    QCOMPARE(cell(model, 0, SessionModel::Processes).toString(), QStringLiteral("2"));
    QVERIFY(!cell(model, 0, 0, roles::Alive).toBool());
    QVERIFY(!model.isLeaked(0));
    QCOMPARE(sig.dataChanged.size(), 1);

    // 30 s later what is left has leaked.
    sig.clear();
    for (int i = 0; i < 15; ++i) {
        clock.advance(kTickMs);
        model.update(sampler.sample());
    }
    QVERIFY(model.isLeaked(0));
    const quint64 rssKb = model.sessionAt(0)->rssKb;
    QCOMPARE(cell(model, 0, SessionModel::State).toString(),
             QStringLiteral("2 left, %1").arg(formatKb(rssKb)));
    QCOMPARE(sig.dataChanged.size(), 1);
    QCOMPARE(sig.total(), 1);
}

void tst_SessionModel::headers()
{
    SessionModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QCOMPARE(model.columnCount(), int(SessionModel::ColumnCount));
    for (int column = 0; column < model.columnCount(); ++column) {
        QVERIFY(!model.headerData(column, Qt::Horizontal).toString().isEmpty());
        QVERIFY(!model.headerData(column, Qt::Horizontal, Qt::ToolTipRole).toString().isEmpty());
    }
    QCOMPARE(model.headerData(SessionModel::Project, Qt::Horizontal).toString(), QStringLiteral("Project"));
}

QTEST_MAIN(tst_SessionModel)
#include "tst_sessionmodel.moc"
