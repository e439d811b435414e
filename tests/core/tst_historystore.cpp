// SqliteHistoryStore on real SQLite files: round trips, downsampled queries, retention and downsampling on a
// manual clock, the size bound, corrupt files moved aside, and the kill audit log sharing history.sqlite.
#include "auditlog.h"
#include "historystore.h"
#include "manualclock.h"
#include "snapshot.h"
#include "sqlitehistorystore.h"
#include "testfiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMap>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <utility>

using namespace agentmon;
using namespace agentmon::test;

namespace {

constexpr qint64 kMinuteMs = 60'000;
constexpr qint64 kHourMs = 60 * kMinuteMs;
constexpr qint64 kDayMs = 24 * kHourMs;
// A wall time on a whole day (and so on every tier's bucket), for tests that need aligned times.
constexpr qint64 kDayStart = 19'700LL * kDayMs;

QStringList asideFiles(const QString &dir)
{
    return QDir(dir).entryList({QStringLiteral("history.sqlite.corrupt-*")}, QDir::Files, QDir::Name);
}

// Runs SQL on a file through a connection of its own (to make foreign or old files).
HistorySample point(qint64 timeMs, quint64 memAvailableKb, int level = 0, double psiSome10 = -1,
                    int count = 1, qint64 resolutionMs = 0)
{
    HistorySample sample;
    sample.timeMs = timeMs;
    sample.memAvailableKb = memAvailableKb;
    sample.level = level;
    sample.psiSome10 = psiSome10;
    sample.sampleCount = count;
    sample.resolutionMs = resolutionMs;
    return sample;
}

// A sample with every field set, varied by i.
HistorySample full(qint64 timeMs, int i)
{
    HistorySample sample;
    sample.timeMs = timeMs;
    sample.memAvailableKb = 4'000'000 + quint64(i % 97) * 1000;
    sample.memTotalKb = 16'000'000;
    sample.swapUsedKb = quint64(i % 13) * 512;
    sample.swapTotalKb = 8'000'000;
    sample.psiSome10 = i % 5 == 0 ? -1 : (i % 40) * 0.25;
    sample.psiFull10 = i % 5 == 0 ? -1 : (i % 8) * 0.5;
    sample.agentCount = i % 11;
    sample.agentRssKb = quint64(i % 11) * 250'000 + quint64(i % 7);
    sample.agentPssKb = quint64(i % 11) * 200'000;
    sample.agentSwapKb = quint64(i % 3) * 64;
    sample.orphans = i % 17 == 3 ? 4 : i % 4;
    sample.zombies = i % 29 == 5 ? 600 : i % 6;
    sample.level = i % 31 == 7 ? 2 : (i % 9 == 0 ? 1 : 0);
    sample.sessions = i % 3;
    return sample;
}

QString show(const HistorySample &s)
{
    return QStringLiteral(
               "{t=%1 res=%2 n=%3 avail=%4 total=%5 swap=%6/%7 psi=%8/%9 agents=%10 rss=%11 pss=%12 "
               "aswap=%13 orphans=%14 zombies=%15 level=%16 sessions=%17}")
        .arg(s.timeMs)
        .arg(s.resolutionMs)
        .arg(s.sampleCount)
        .arg(s.memAvailableKb)
        .arg(s.memTotalKb)
        .arg(s.swapUsedKb)
        .arg(s.swapTotalKb)
        .arg(s.psiSome10)
        .arg(s.psiFull10)
        .arg(s.agentCount)
        .arg(s.agentRssKb)
        .arg(s.agentPssKb)
        .arg(s.agentSwapKb)
        .arg(s.orphans)
        .arg(s.zombies)
        .arg(s.level)
        .arg(s.sessions);
}

bool samePsi(double a, double b)
{
    return std::abs(a - b) < 1e-9;
}

bool same(const HistorySample &a, const HistorySample &b)
{
    HistorySample x = a;
    HistorySample y = b;
    if (!samePsi(x.psiSome10, y.psiSome10) || !samePsi(x.psiFull10, y.psiFull10))
        return false;
    x.psiSome10 = y.psiSome10;
    x.psiFull10 = y.psiFull10;
    return x == y;
}

// Empty when the lists match (PSI within 1e-9), else the first difference.
QString differ(const QList<HistorySample> &actual, const QList<HistorySample> &expected)
{
    for (qsizetype i = 0; i < qMin(actual.size(), expected.size()); ++i) {
        if (!same(actual[i], expected[i]))
            return QStringLiteral("point %1 of %2:\n   actual %3\n expected %4")
                .arg(i)
                .arg(expected.size())
                .arg(show(actual[i]), show(expected[i]));
    }
    if (actual.size() != expected.size())
        return QStringLiteral("%1 points, expected %2").arg(actual.size()).arg(expected.size());
    return {};
}

// The merged row of a group: averages weighted by sample counts (PSI over the samples that have it), maxima
// of orphans, zombies and level; rounding as SQLite's ROUND (half away from zero).
HistorySample reference(const QList<HistorySample> &group, qint64 timeMs, qint64 resolutionMs)
{
    double n = 0, avail = 0, total = 0, swap = 0, swapTotal = 0, agents = 0, rss = 0, pss = 0, aswap = 0,
           sessions = 0, some = 0, full = 0, someN = 0, fullN = 0;
    HistorySample out;
    out.timeMs = timeMs;
    out.resolutionMs = resolutionMs;
    out.sampleCount = 0;
    for (const HistorySample &s : group) {
        const double w = s.sampleCount;
        n += w;
        out.sampleCount += s.sampleCount;
        avail += double(s.memAvailableKb) * w;
        total += double(s.memTotalKb) * w;
        swap += double(s.swapUsedKb) * w;
        swapTotal += double(s.swapTotalKb) * w;
        agents += s.agentCount * w;
        rss += double(s.agentRssKb) * w;
        pss += double(s.agentPssKb) * w;
        aswap += double(s.agentSwapKb) * w;
        sessions += s.sessions * w;
        if (s.psiSome10 >= 0) {
            some += s.psiSome10 * w;
            someN += w;
        }
        if (s.psiFull10 >= 0) {
            full += s.psiFull10 * w;
            fullN += w;
        }
        out.orphans = qMax(out.orphans, s.orphans);
        out.zombies = qMax(out.zombies, s.zombies);
        out.level = qMax(out.level, s.level);
    }
    auto avg = [&](double sum) { return quint64(std::llround(sum / n)); };
    out.memAvailableKb = avg(avail);
    out.memTotalKb = avg(total);
    out.swapUsedKb = avg(swap);
    out.swapTotalKb = avg(swapTotal);
    out.agentCount = int(avg(agents));
    out.agentRssKb = avg(rss);
    out.agentPssKb = avg(pss);
    out.agentSwapKb = avg(aswap);
    out.sessions = int(avg(sessions));
    out.psiSome10 = someN > 0 ? some / someN : -1;
    out.psiFull10 = fullN > 0 ? full / fullN : -1;
    return out;
}

// What prune() at nowMs should leave of samples (all within the retention time): kHistoryTiers applied.
QList<HistorySample> referenceDownsample(const QList<HistorySample> &samples, qint64 nowMs)
{
    QMap<qint64, std::pair<qint64, QList<HistorySample>>> buckets; // start -> (resolution, rows)
    QList<HistorySample> raw;
    for (const HistorySample &s : samples) {
        qint64 resolution = 0;
        for (const HistoryTier &tier : kHistoryTiers) {
            const qint64 cutoff = (nowMs - tier.olderThanMs) / tier.resolutionMs * tier.resolutionMs;
            if (s.timeMs < cutoff)
                resolution = tier.resolutionMs;
        }
        if (resolution == 0) {
            raw.append(s);
            continue;
        }
        auto &bucket = buckets[s.timeMs / resolution * resolution];
        bucket.first = resolution;
        bucket.second.append(s);
    }
    QList<HistorySample> out;
    for (auto it = buckets.cbegin(); it != buckets.cend(); ++it)
        out.append(reference(it.value().second, it.key(), it.value().first));
    out.append(raw);
    std::sort(out.begin(), out.end(),
              [](const HistorySample &a, const HistorySample &b) { return a.timeMs < b.timeMs; });
    return out;
}

AuditEntry killEntry(int pid)
{
    AuditEntry entry;
    entry.session = QStringLiteral("s1");
    entry.key = {pid, quint64(pid) * 100 + 7};
    entry.command = QStringLiteral("node mcp-server --port %1").arg(pid);
    entry.cls = QStringLiteral("mcp");
    entry.reason = QStringLiteral("orphan");
    entry.signal = QStringLiteral("TERM");
    entry.outcome = QStringLiteral("killed");
    entry.rssFreedKb = 1024;
    entry.requestedBy = QStringLiteral("periodic");
    entry.trigger = QStringLiteral("orphan-sweep");
    entry.reapId = QStringLiteral("reap-1");
    return entry;
}

qint64 pragmaOf(const QString &file, const char *name)
{
    const QString connection = QStringLiteral("tst_historystore-pragma");
    qint64 value = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(file);
        if (db.open()) {
            QSqlQuery query(db);
            if (query.exec(QStringLiteral("PRAGMA %1").arg(QLatin1String(name))) && query.next())
                value = query.value(0).toLongLong();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    return value;
}

qint64 diskSize(const QString &file)
{
    const QFileInfo wal(file + QStringLiteral("-wal"));
    return QFileInfo(file).size() + (wal.exists() ? wal.size() : 0);
}

} // namespace

class tst_HistoryStore : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void zeroTimeMeansNowAndSameTimeReplaces();
    void sampleOfSnapshot();
    void bucketWidth_data();
    void bucketWidth();
    void downsampledQuery_data();
    void downsampledQuery();
    void hourViewOfTwoSecondSamples();
    void retentionOnAdvancingClock();
    void downsamplingTiers_data();
    void downsamplingTiers();
    void sizeBound_data();
    void sizeBound();
    void corruptFileIsMovedAside_data();
    void corruptFileIsMovedAside();
    void bothStoresOnOneFile();
    void closedStoreFailsClearly();
};

void tst_HistoryStore::roundTrip_data()
{
    QTest::addColumn<HistorySample>("sample");
    QTest::newRow("every field") << full(kDayStart + 1234, 1);
    QTest::newRow("no PSI") << full(kDayStart + 5, 5);
    QTest::newRow("zeros") << point(kDayStart, 0);
    HistorySample big = full(kDayStart + 99, 7);
    big.memAvailableKb = big.memTotalKb = 4'000'000'000ULL; // 4 TB
    big.agentRssKb = 123'456'789'012ULL;
    big.zombies = 100'000;
    big.level = 2;
    QTest::newRow("large figures, critical") << big;
    QTest::newRow("merged row") << point(kDayStart + kMinuteMs, 777, 1, 12.5, 30, kMinuteMs);
}

void tst_HistoryStore::roundTrip()
{
    QFETCH(HistorySample, sample);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ManualClock clock;
    const QString file = dir.filePath(QStringLiteral("history.sqlite"));
    {
        SqliteHistoryStore store(file, clock);
        QVERIFY2(store.open(), qPrintable(store.errorString()));
        QVERIFY(store.warnings().isEmpty());
        QVERIFY2(store.record(sample), qPrintable(store.errorString()));
        const QList<HistorySample> back = store.samples(0, std::numeric_limits<qint64>::max(), 0);
        QVERIFY2(differ(back, {sample}).isEmpty(), qPrintable(differ(back, {sample})));
        QCOMPARE(back.first(), sample); // exactly, PSI included
    }
    SqliteHistoryStore reopened(file, clock);
    QVERIFY2(reopened.open(), qPrintable(reopened.errorString()));
    QCOMPARE(reopened.samples(sample.timeMs, sample.timeMs, 10), QList<HistorySample>{sample});
    QVERIFY(reopened.samples(sample.timeMs + 1, sample.timeMs + 1000, 10).isEmpty());
    QVERIFY(reopened.samples(sample.timeMs, sample.timeMs - 1, 10).isEmpty()); // empty range
}

void tst_HistoryStore::zeroTimeMeansNowAndSameTimeReplaces()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ManualClock clock;
    SqliteHistoryStore store(dir.filePath(QStringLiteral("history.sqlite")), clock);
    QVERIFY2(store.open(), qPrintable(store.errorString()));
    QVERIFY(store.record(point(0, 100)));
    QVERIFY(store.record(QList<HistorySample>{})); // nothing to do is fine
    QList<HistorySample> rows = store.samples(0, clock.wallMs() * 2, 0);
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.first().timeMs, clock.wallMs());
    QVERIFY(store.record(point(clock.wallMs(), 200)));
    rows = store.samples(0, clock.wallMs() * 2, 0);
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.first().memAvailableKb, quint64(200));
    QCOMPARE(store.rowCount(), qint64(1));
}

void tst_HistoryStore::sampleOfSnapshot()
{
    Snapshot snapshot;
    snapshot.takenAtWallMs = kDayStart + 42;
    snapshot.system.mem = {16'000'000, 3'000'000, 4'000'000, 1'000'000};
    snapshot.system.psi = PsiFigures{12.5, 0, 3.25, 0};
    auto process = [&](int pid, ProcessClass cls, quint64 rss, std::optional<MemoryDetail> memory,
                       ProcessStatus status = ProcessStatus::Running) {
        ProcessRecord record;
        record.info.key = {pid, 1};
        record.info.rssKb = rss;
        record.info.memory = memory;
        record.cls = cls;
        record.status = status;
        snapshot.processes.push_back(record);
    };
    process(10, ProcessClass::Session, 250'000, MemoryDetail{200'000, 1'000, 0});
    process(11, ProcessClass::Mcp, 80'000, std::nullopt, ProcessStatus::Orphan); // smaps not read
    process(12, ProcessClass::Tool, 5'000, MemoryDetail{4'000, 20, 0}, ProcessStatus::Orphan);
    process(13, ProcessClass::None, 9'999'999, MemoryDetail{9'999'999, 9, 0}); // not an agent
    snapshot.zombies = {ZombieRecord{{20, 1}, 10, {}, {}}, ZombieRecord{{21, 1}, 1, {}, {}}};
    SessionRecord live;
    live.alive = true;
    SessionRecord ended;
    snapshot.sessions = {live, ended, live};

    HistorySample sample = sampleOf(snapshot, PressureLevel::Warning, kDayStart + 7);
    QCOMPARE(sample.timeMs, kDayStart + 7);
    QCOMPARE(sample.memAvailableKb, quint64(3'000'000));
    QCOMPARE(sample.memTotalKb, quint64(16'000'000));
    QCOMPARE(sample.swapUsedKb, quint64(3'000'000));
    QCOMPARE(sample.swapTotalKb, quint64(4'000'000));
    QCOMPARE(sample.psiSome10, 12.5);
    QCOMPARE(sample.psiFull10, 3.25);
    QCOMPARE(sample.agentCount, 3);
    QCOMPARE(sample.agentRssKb, quint64(335'000));
    QCOMPARE(sample.agentPssKb, quint64(204'000));
    QCOMPARE(sample.agentSwapKb, quint64(1'020));
    QCOMPARE(sample.orphans, 2);
    QCOMPARE(sample.zombies, 2);
    QCOMPARE(sample.sessions, 2);
    QCOMPARE(sample.level, 1);
    QCOMPARE(sample.resolutionMs, qint64(0));
    QCOMPARE(sample.sampleCount, 1);

    snapshot.system.psi.reset();
    sample = sampleOf(snapshot, PressureLevel::Critical);
    QCOMPARE(sample.timeMs, kDayStart + 42);
    QCOMPARE(sample.psiSome10, -1.0);
    QCOMPARE(sample.psiFull10, -1.0);
    QCOMPARE(sample.level, 2);
}

void tst_HistoryStore::bucketWidth_data()
{
    QTest::addColumn<qint64>("from");
    QTest::addColumn<qint64>("to");
    QTest::addColumn<int>("maxPoints");
    QTest::addColumn<qint64>("width");
    QTest::newRow("4 s in 2, aligned") << kDayStart << kDayStart + 3'999 << 2 << qint64(2'000);
    QTest::newRow("4 s in 4, aligned") << kDayStart << kDayStart + 3'999 << 4 << qint64(1'000);
    QTest::newRow("4 s in 4, unaligned") << kDayStart + 500 << kDayStart + 4'499 << 4 << qint64(2'000);
    QTest::newRow("hour in 600") << kDayStart << kDayStart + kHourMs - 1 << 600 << qint64(6'000);
    QTest::newRow("hour in 600, sliding")
        << kDayStart + 1'234 << kDayStart + kHourMs + 1'233 << 600 << qint64(10'000);
    QTest::newRow("day in 720") << kDayStart + 17 << kDayStart + kDayMs + 17 << 720 << qint64(3 * kMinuteMs);
    QTest::newRow("week in 600") << kDayStart - 7 * kDayMs << kDayStart << 600 << qint64(20 * kMinuteMs);
    QTest::newRow("year in 10") << kDayStart - 365 * kDayMs << kDayStart << 10 << qint64(40 * kDayMs);
    QTest::newRow("one point") << kDayStart + 5 << kDayStart + 1'004 << 1 << qint64(1'000);
}

void tst_HistoryStore::bucketWidth()
{
    QFETCH(qint64, from);
    QFETCH(qint64, to);
    QFETCH(int, maxPoints);
    QFETCH(qint64, width);
    QCOMPARE(historyBucketMs(from, to, maxPoints), width);
    if (maxPoints >= 2) {
        QVERIFY(to / width - from / width + 1 <= maxPoints);
    }
}

void tst_HistoryStore::downsampledQuery_data()
{
    QTest::addColumn<QList<HistorySample>>("stored");
    QTest::addColumn<qint64>("from");
    QTest::addColumn<qint64>("to");
    QTest::addColumn<int>("maxPoints");
    QTest::addColumn<QList<HistorySample>>("expected");
    const qint64 t = kDayStart;
    const QList<HistorySample> four = {point(t, 100, 0, 10), point(t + 1'000, 200, 2, 20),
                                       point(t + 2'000, 300, 0, -1), point(t + 3'000, 400, 1, 40)};

    QTest::newRow("fits: rows as stored") << four << t << t + 3'999 << 4 << four;
    QTest::newRow("no limit") << four << t << t + 3'999 << 0 << four;
    QTest::newRow("range bounds are inclusive") << four << t + 1'000 << t + 2'000 << 10 << four.mid(1, 2);
    QTest::newRow("two buckets of two")
        << four << t << t + 3'999 << 2
        << QList<HistorySample>{point(t, 150, 2, 15, 2, 2'000), point(t + 2'000, 350, 1, 40, 2, 2'000)};
    QTest::newRow("first bucket starts at from")
        << four << t + 500 << t + 3'999 << 2
        << QList<HistorySample>{point(t + 500, 200, 2, 20, 1, 2'000), point(t + 2'000, 350, 1, 40, 2, 2'000)};
    QTest::newRow("one point at from") << four << t - 10 << t + 3'999 << 1
                                       << QList<HistorySample>{point(t - 10, 250, 2, 70.0 / 3, 4, 4'010)};
    QTest::newRow("weighted by sample counts")
        << QList<HistorySample>{point(t, 100, 0, 1, 1, kMinuteMs),
                                point(t + kMinuteMs, 200, 0, 5, 3, kMinuteMs),
                                point(t + 2 * kMinuteMs, 999, 1, -1, 2, kMinuteMs)}
        << t << t + 3 * kMinuteMs - 1 << 2
        << QList<HistorySample>{point(t, 175, 0, 4, 4, 2 * kMinuteMs),
                                point(t + 2 * kMinuteMs, 999, 1, -1, 2, 2 * kMinuteMs)};
    QTest::newRow("rounded, half up") << QList<HistorySample>{point(t, 1), point(t + 1, 2)} << t << t + 3 << 1
                                      << QList<HistorySample>{point(t, 2, 0, -1, 2, 4)}; // 1.5
    QTest::newRow("rounded down") << QList<HistorySample>{point(t, 1), point(t + 1, 2), point(t + 2, 7)} << t
                                  << t + 3 << 1 << QList<HistorySample>{point(t, 3, 0, -1, 3, 4)}; // 3.33
    QTest::newRow("empty buckets give no point")
        << QList<HistorySample>{point(t, 10), point(t + 1, 20), point(t + 2, 30), point(t + 9'000, 40)} << t
        << t + 9'999 << 3
        << QList<HistorySample>{point(t, 20, 0, -1, 3, 4'000), point(t + 8'000, 40, 0, -1, 1, 4'000)};
}

void tst_HistoryStore::downsampledQuery()
{
    QFETCH(QList<HistorySample>, stored);
    QFETCH(qint64, from);
    QFETCH(qint64, to);
    QFETCH(int, maxPoints);
    QFETCH(QList<HistorySample>, expected);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ManualClock clock;
    SqliteHistoryStore store(dir.filePath(QStringLiteral("history.sqlite")), clock);
    QVERIFY2(store.open(), qPrintable(store.errorString()));
    QVERIFY2(store.record(stored), qPrintable(store.errorString()));
    const QList<HistorySample> points = store.samples(from, to, maxPoints);
    QVERIFY2(store.errorString().isEmpty(), qPrintable(store.errorString()));
    const QString why = differ(points, expected);
    QVERIFY2(why.isEmpty(), qPrintable(why));
}

void tst_HistoryStore::hourViewOfTwoSecondSamples()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ManualClock clock;
    SqliteHistoryStore store(dir.filePath(QStringLiteral("history.sqlite")), clock);
    QVERIFY2(store.open(), qPrintable(store.errorString()));
    QList<HistorySample> stored;
    for (int i = 0; i < 1800; ++i)
        stored.append(full(kDayStart + i * 2'000, i));
    QVERIFY(store.record(stored));
    for (const int maxPoints : {600, 100, 7}) {
        const QList<HistorySample> points = store.samples(kDayStart, kDayStart + kHourMs - 1, maxPoints);
        QVERIFY(!points.isEmpty());
        QVERIFY2(points.size() <= maxPoints, qPrintable(QString::number(points.size())));
        const qint64 width = historyBucketMs(kDayStart, kDayStart + kHourMs - 1, maxPoints);
        int total = 0;
        for (qsizetype i = 0; i < points.size(); ++i) {
            const HistorySample &p = points[i];
            if (i > 0)
                QVERIFY(p.timeMs > points[i - 1].timeMs);
            QCOMPARE(p.resolutionMs, width);
            total += p.sampleCount;
            QList<HistorySample> group;
            for (const HistorySample &s : std::as_const(stored)) {
                if (s.timeMs >= p.timeMs && s.timeMs < p.timeMs + width)
                    group.append(s);
            }
            const HistorySample expected = reference(group, p.timeMs, width);
            QVERIFY2(same(p, expected), qPrintable(show(p) + QStringLiteral("\n") + show(expected)));
        }
        QCOMPARE(total, 1800);
    }
}

void tst_HistoryStore::retentionOnAdvancingClock()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ManualClock clock(1'000'000, kDayStart + 17'000); // not on a minute
    SqliteHistoryStore store(dir.filePath(QStringLiteral("history.sqlite")), clock, 7);
    QVERIFY2(store.open(), qPrintable(store.errorString()));
    QList<HistorySample> recorded;
    QList<HistorySample> batch;
    for (int i = 0; i < 8 * 24 * 12; ++i) { // 8 days, every 5 minutes
        clock.advance(5 * kMinuteMs);
        batch.append(full(clock.wallMs(), i));
        if (batch.size() == 72) { // every 6 hours
            QVERIFY2(store.record(batch), qPrintable(store.errorString()));
            recorded.append(batch);
            batch.clear();
            QVERIFY2(store.prune() >= 0, qPrintable(store.errorString()));
        }
    }
    QVERIFY(batch.isEmpty());
    const qint64 now = clock.wallMs();
    const QList<HistorySample> rows = store.samples(0, now, 0);
    QVERIFY(!rows.isEmpty());
    QVERIFY2(rows.first().timeMs >= now - 7 * kDayMs, qPrintable(show(rows.first())));
    QVERIFY(rows.first().timeMs < now - 7 * kDayMs + 10 * kMinuteMs); // ... and not much more
    QCOMPARE(rows.last().timeMs, now);
    for (const HistorySample &row : rows) {
        const qint64 age = now - row.timeMs;
        if (age <= kDayMs)
            QVERIFY2(row.resolutionMs == 0, qPrintable(show(row)));
        else if (age > 3 * kDayMs + 10 * kMinuteMs)
            QVERIFY2(row.resolutionMs == 10 * kMinuteMs, qPrintable(show(row)));
        else if (age > kDayMs + kMinuteMs && age <= 3 * kDayMs)
            QVERIFY2(row.resolutionMs == kMinuteMs, qPrintable(show(row)));
    }
    // Merging keeps every sample counted: from the first whole 10-minute bucket inside the retention time on.
    const qint64 since = (now - 7 * kDayMs) / (10 * kMinuteMs) * (10 * kMinuteMs) + 10 * kMinuteMs;
    int stored = 0;
    for (const HistorySample &row : rows)
        stored += row.timeMs >= since ? row.sampleCount : 0;
    const auto expected = std::count_if(recorded.cbegin(), recorded.cend(),
                                        [&](const HistorySample &s) { return s.timeMs >= since; });
    QCOMPARE(stored, int(expected));
    // and the rows are what the tiers say.
    QList<HistorySample> kept;
    for (const HistorySample &s : std::as_const(recorded)) {
        if (s.timeMs >= since)
            kept.append(s);
    }
    QList<HistorySample> tail;
    for (const HistorySample &row : rows) {
        if (row.timeMs >= since)
            tail.append(row);
    }
    const QString why = differ(tail, referenceDownsample(kept, now));
    QVERIFY2(why.isEmpty(), qPrintable(why));

    // A day later without new samples, a prune drops the next day.
    clock.advance(kDayMs);
    QVERIFY(store.prune() > 0);
    QVERIFY(store.samples(0, now - 6 * kDayMs - 1, 0).isEmpty());
}

void tst_HistoryStore::downsamplingTiers_data()
{
    QTest::addColumn<qint64>("age");  // of the first sample
    QTest::addColumn<qint64>("span"); // of the samples
    QTest::addColumn<qint64>("interval");
    QTest::addColumn<qint64>("resolution"); // of the rows they become; 0: both tiers
    QTest::newRow("a day of 2 s samples, 24-48 h old") << 2 * kDayMs << kDayMs << qint64(2'000) << kMinuteMs;
    QTest::newRow("6 h of 2 s samples, 5 days old")
        << 5 * kDayMs << 6 * kHourMs << qint64(2'000) << 10 * kMinuteMs;
    QTest::newRow("2 days of 5 s samples, across 3 days")
        << 4 * kDayMs << 2 * kDayMs << qint64(5'000) << qint64(0);
    QTest::newRow("7 s samples, buckets not on samples")
        << 4 * kDayMs << 3 * kDayMs + kHourMs << qint64(7'000) << qint64(0);
}

void tst_HistoryStore::downsamplingTiers()
{
    QFETCH(qint64, age);
    QFETCH(qint64, span);
    QFETCH(qint64, interval);
    QFETCH(qint64, resolution);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const qint64 now = kDayStart + 10 * kDayMs + 13 * kHourMs + 7'777;
    ManualClock clock(1'000'000, now);
    SqliteHistoryStore store(dir.filePath(QStringLiteral("history.sqlite")), clock);
    QVERIFY2(store.open(), qPrintable(store.errorString()));

    const qint64 first = (now - age) / kMinuteMs * kMinuteMs;
    QList<HistorySample> samples;
    for (qint64 t = first; t < first + span; t += interval)
        samples.append(full(t, int(samples.size())));
    // and the last hour, which stays as it is.
    for (qint64 t = now - kHourMs; t <= now; t += interval)
        samples.append(full(t, int(samples.size())));
    QVERIFY2(store.record(samples), qPrintable(store.errorString()));

    QVERIFY2(store.prune() > 0, qPrintable(store.errorString()));
    const QList<HistorySample> rows = store.samples(0, now, 0);
    const QList<HistorySample> expected = referenceDownsample(samples, now);
    const QString why = differ(rows, expected);
    QVERIFY2(why.isEmpty(), qPrintable(why));
    int merged = 0;
    for (const HistorySample &row : rows) {
        if (row.resolutionMs == 0) {
            QVERIFY2(row.timeMs >= now - kDayMs - kMinuteMs, qPrintable(show(row)));
            continue;
        }
        ++merged;
        if (resolution)
            QCOMPARE(row.resolutionMs, resolution);
        QCOMPARE(row.timeMs % row.resolutionMs, qint64(0));
    }
    if (resolution)
        QCOMPARE(merged, int(span / resolution));
    else
        QVERIFY(merged > 0);

    // Idempotent: a second prune changes nothing.
    QCOMPARE(store.prune(), 0);
    QVERIFY(differ(store.samples(0, now, 0), expected).isEmpty());
}

void tst_HistoryStore::sizeBound_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("alone") << QStringLiteral("alone");
    QTest::newRow("with the audit log open") << QStringLiteral("audit");
    QTest::newRow("file made before auto_vacuum") << QStringLiteral("old");
}

void tst_HistoryStore::sizeBound()
{
    QFETCH(QString, kind);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("history.sqlite"));
    ManualClock clock(1'000'000, kDayStart);
    if (kind == QLatin1String("old")) {
        QVERIFY(
            execSql(file, {QStringLiteral("PRAGMA journal_mode=WAL"),
                           QStringLiteral("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"),
                           QStringLiteral("INSERT INTO meta VALUES ('schema_version', '1')")}));
    }
    std::unique_ptr<AuditLog> audit;
    if (kind == QLatin1String("audit")) {
        audit = std::make_unique<AuditLog>(file, clock);
        QVERIFY2(audit->open(), qPrintable(audit->errorString()));
        QVERIFY(audit->record({killEntry(1), killEntry(2)}));
    }
    constexpr qint64 maxBytes = 64 * 1024;
    SqliteHistoryStore store(file, clock, 7, maxBytes);
    QVERIFY2(store.open(), qPrintable(store.errorString()));
    QList<HistorySample> samples;
    for (int i = 0; i < 20'000; ++i) // 11 hours of 2 s samples
        samples.append(full(kDayStart - 20'000 * 2'000 + i * 2'000, i));
    QVERIFY(store.record(samples));
    QVERIFY2(store.usedBytes() > 10 * maxBytes, qPrintable(QString::number(store.usedBytes())));

    const int removed = store.prune();
    QVERIFY2(removed > 0, qPrintable(store.errorString()));
    QVERIFY2(store.usedBytes() <= maxBytes, qPrintable(QString::number(store.usedBytes())));
    QVERIFY2(diskSize(file) <= maxBytes, qPrintable(QString::number(diskSize(file))));
    QCOMPARE(store.sizeBytes(), diskSize(file));
    // The newest rows are kept, as they were.
    const QList<HistorySample> rows = store.samples(0, kDayStart, 0);
    QVERIFY(rows.size() > 50);
    QCOMPARE(rows.size() + removed, samples.size());
    const QString why = differ(rows, samples.mid(samples.size() - rows.size()));
    QVERIFY2(why.isEmpty(), qPrintable(why));
    if (audit)
        QCOMPARE(audit->entries().size(), 2);

    // Hours later, more samples and another prune: still below, the newest kept.
    clock.advance(4 * kHourMs);
    QList<HistorySample> more;
    for (int i = 0; i < 2'000; ++i)
        more.append(full(clock.wallMs() - 2'000 * 2'000 + (i + 1) * 2'000, i));
    QVERIFY(store.record(more));
    QVERIFY2(store.prune() > 0, qPrintable(store.errorString()));
    QVERIFY2(diskSize(file) <= maxBytes, qPrintable(QString::number(diskSize(file))));
    QCOMPARE(store.samples(0, clock.wallMs(), 0).last(), more.last());
    store.close();
    if (audit)
        QCOMPARE(audit->entries().size(), 2);
    audit.reset();
    QCOMPARE(pragmaOf(file, "auto_vacuum"), qint64(2)); // incremental, the old file too after its VACUUM
}

void tst_HistoryStore::corruptFileIsMovedAside_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("recoveredBy"); // "store" or "audit": the other opens the file afterwards
    QTest::addColumn<QString>("why");
    for (const QString &by : {QStringLiteral("store"), QStringLiteral("audit")}) {
        auto row = [&](const char *name, const char *kind, const char *why) {
            QTest::addRow("%s, recovered by the %s", name, qPrintable(by))
                << QString::fromLatin1(kind) << by << QString::fromLatin1(why);
        };
        row("random bytes", "random", "not an SQLite database");
        row("truncated", "truncated", "corrupt");
        row("samples of another layout", "othersamples", "sample_count");
        row("samples without meta", "nometa", "unknown schema");
        row("newer schema", "newer", "schema version 99");
    }
}

void tst_HistoryStore::corruptFileIsMovedAside()
{
    QFETCH(QString, kind);
    QFETCH(QString, recoveredBy);
    QFETCH(QString, why);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("history.sqlite"));
    ManualClock clock(1'000'000, kDayStart);

    if (kind == QLatin1String("random")) {
        QByteArray bytes(64 * 1024, Qt::Uninitialized);
        QRandomGenerator generator(7);
        generator.fillRange(reinterpret_cast<quint32 *>(bytes.data()), bytes.size() / 4);
        QVERIFY(writeAll(file, bytes));
    } else if (kind == QLatin1String("truncated")) {
        {
            SqliteHistoryStore first(file, clock);
            QVERIFY2(first.open(), qPrintable(first.errorString()));
            QList<HistorySample> samples;
            for (int i = 0; i < 5'000; ++i)
                samples.append(full(kDayStart - i * 2'000, i));
            QVERIFY(first.record(samples));
        }
        QVERIFY(!QFile::exists(file + QStringLiteral("-wal"))); // checkpointed on close
        QByteArray bytes = readAll(file);
        QVERIFY(bytes.size() > 64 * 1024);
        bytes.truncate(bytes.size() / 2);
        QVERIFY(writeAll(file, bytes));
    } else if (kind == QLatin1String("othersamples")) {
        QVERIFY(execSql(file,
                        {QStringLiteral("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"),
                         QStringLiteral("INSERT INTO meta VALUES ('schema_version', '1')"),
                         QStringLiteral("CREATE TABLE samples (time_ms INTEGER PRIMARY KEY, mem INTEGER)")}));
    } else if (kind == QLatin1String("nometa")) {
        QVERIFY(execSql(file,
                        {QStringLiteral("CREATE TABLE samples (time_ms INTEGER PRIMARY KEY, mem INTEGER)")}));
    } else {
        QVERIFY(
            execSql(file, {QStringLiteral("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"),
                           QStringLiteral("INSERT INTO meta VALUES ('schema_version', '99')")}));
    }
    const QByteArray original = readAll(file);
    QVERIFY(!original.isEmpty());

    SqliteHistoryStore store(file, clock);
    AuditLog audit(file, clock);
    const bool storeFirst = recoveredBy == QLatin1String("store");
    QVERIFY2(storeFirst ? store.open() : audit.open(),
             qPrintable(storeFirst ? store.errorString() : audit.errorString()));
    const QStringList warnings = storeFirst ? store.warnings() : audit.warnings();
    QVERIFY2(!storeFirst ? store.open() : audit.open(),
             qPrintable(!storeFirst ? store.errorString() : audit.errorString()));
    QVERIFY2((storeFirst ? audit.warnings() : store.warnings()).isEmpty(), "moved aside once only");

    const QStringList aside = asideFiles(dir.path());
    QCOMPARE(aside.size(), 1);
    const QString asidePath = dir.filePath(aside.first());
    QCOMPARE(readAll(asidePath), original);
    QCOMPARE(warnings.size(), 1);
    QVERIFY2(warnings.first().contains(file) && warnings.first().contains(asidePath) &&
                 warnings.first().contains(why) &&
                 warnings.first().startsWith(storeFirst ? QStringLiteral("history ")
                                                        : QStringLiteral("audit log ")),
             qPrintable(warnings.first()));

    // Both work on the new file.
    QVERIFY(store.samples(0, kDayStart, 0).isEmpty());
    QVERIFY2(store.record(full(kDayStart, 1)), qPrintable(store.errorString()));
    QVERIFY2(audit.record({killEntry(1)}), qPrintable(audit.lastError()));
    QCOMPARE(store.samples(0, kDayStart, 0).size(), 1);
    QCOMPARE(audit.entries().size(), 1);
    QVERIFY(store.prune() >= 0);
    QCOMPARE(audit.prune(), 0);
}

void tst_HistoryStore::bothStoresOnOneFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("history.sqlite"));
    ManualClock clock(1'000'000, kDayStart);
    {
        AuditLog audit(file, clock);
        SqliteHistoryStore store(file, clock);
        QVERIFY2(audit.open(), qPrintable(audit.errorString()));
        QVERIFY2(store.open(), qPrintable(store.errorString()));
        for (int i = 0; i < 50; ++i) {
            clock.advance(2'000);
            QVERIFY2(store.record(full(clock.wallMs(), i)), qPrintable(store.errorString()));
            if (i % 10 == 0)
                QVERIFY2(audit.record({killEntry(100 + i)}), qPrintable(audit.lastError()));
            // A reader of one does not block the writer of the other.
            QCOMPARE(store.samples(0, clock.wallMs(), 0).size(), i + 1);
            QCOMPARE(audit.entries().size(), i / 10 + 1);
        }
        clock.advance(8 * kDayMs);
        QVERIFY(audit.record({killEntry(999)}));
        QCOMPARE(store.prune(), 50);
        QCOMPARE(audit.prune(), 5);
        QCOMPARE(audit.entries().size(), 1);
        QVERIFY(store.record(full(clock.wallMs(), 1)));
    }
    // Reopened the other way round, the data is there.
    SqliteHistoryStore store(file, clock);
    AuditLog audit(file, clock);
    QVERIFY2(store.open(), qPrintable(store.errorString()));
    QVERIFY2(audit.open(), qPrintable(audit.errorString()));
    QVERIFY(store.warnings().isEmpty() && audit.warnings().isEmpty());
    QCOMPARE(store.samples(0, clock.wallMs(), 0), QList<HistorySample>{full(clock.wallMs(), 1)});
    QCOMPARE(audit.entries().size(), 1);
    QCOMPARE(audit.entries().first().key.pid, 999);
    QVERIFY(asideFiles(dir.path()).isEmpty());
}

void tst_HistoryStore::closedStoreFailsClearly()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ManualClock clock;
    QVERIFY(writeAll(dir.filePath(QStringLiteral("blocker")), "a file, not a directory"));
    SqliteHistoryStore broken(dir.filePath(QStringLiteral("blocker/history.sqlite")), clock);
    QVERIFY(!broken.open());
    QVERIFY2(broken.errorString().contains(QStringLiteral("directory")), qPrintable(broken.errorString()));
    QVERIFY(!broken.isOpen());

    const QString file = dir.filePath(QStringLiteral("history.sqlite"));
    SqliteHistoryStore store(file, clock);
    HistoryStore &history = store; // through the interface
    QVERIFY(!history.record(point(1, 1)));
    QVERIFY2(history.errorString().contains(QStringLiteral("not open")) &&
                 history.errorString().contains(file),
             qPrintable(history.errorString()));
    QVERIFY(history.samples(0, 10, 10).isEmpty());
    QCOMPARE(history.prune(), -1);
    QVERIFY(history.open());
    QVERIFY(history.errorString().isEmpty());
    QVERIFY(history.record(point(1, 1)));
    store.close();
    QVERIFY(!history.isOpen());
    QVERIFY(!history.record(point(2, 2)));
    QVERIFY(history.open()); // reopened on the same connection name
    QCOMPARE(history.samples(0, 10, 0).size(), 1);
}

QTEST_GUILESS_MAIN(tst_HistoryStore)
#include "tst_historystore.moc"
