// AuditLog on real SQLite files: round trips, ordering and filters, pruning on a manual clock, corrupt and
// foreign files moved aside, file mode, several logs in one process, unusable directories.
#include "auditlog.h"
#include "manualclock.h"
#include "testfiles.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>
#include <sys/stat.h>
#include <unistd.h>

using namespace agentmon;
using namespace agentmon::test;

namespace {

constexpr qint64 kDayMs = 24LL * 60 * 60 * 1000;

QStringList asideFiles(const QString &dir)
{
    return QDir(dir).entryList({QStringLiteral("history.sqlite.corrupt-*")}, QDir::Files, QDir::Name);
}

AuditEntry makeEntry(int pid, const QString &session = QStringLiteral("s1"), qint64 timeMs = 0)
{
    AuditEntry entry;
    entry.timeMs = timeMs;
    entry.session = session;
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

// Runs SQL on a file through a connection of its own (to make foreign files).
} // namespace

class tst_AuditLog : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void zeroTimeMeansNow();
    void manyRowsInOneTransaction();
    void newestFirstLimitSince();
    void perSession();
    void pruneRemovesOnlyOldRows();
    void countsBySignalAndRequester();
    void corruptFileIsMovedAside_data();
    void corruptFileIsMovedAside();
    void companionFilesFollow();
    void asideNameGetsACounter();
    void rowsSurviveReopening();
    void fileModeIs0600();
    void twoLogsInOneProcess();
    void unwritableDirectory();
    void directoryCannotBeCreated();
    void closedLogFailsClearly();
};

void tst_AuditLog::roundTrip_data()
{
    QTest::addColumn<AuditEntry>("entry");

    AuditEntry full;
    full.timeMs = 1'700'000'123'456;
    full.session = QStringLiteral("0d4c9a9e-5f7e-4a8e-9d3c-2f1e6b7a8c90");
    full.key = {4'194'303, 18'446'744'073'709ULL};
    full.command =
        QStringLiteral("python3 -c 'print(\"h\u00e9llo \u4e16\u754c \U0001F600\")'\n--flag\tvalue\r\n");
    full.cls = QStringLiteral("tool");
    full.reason = QStringLiteral("idle for 2h\nsecond line");
    full.signal = QStringLiteral("KILL");
    full.outcome = QStringLiteral("survived");
    full.rssFreedKb = 9'007'199'254'740'993ULL; // beyond a double's exact range
    full.requestedBy = QStringLiteral("policy:idle>2h");
    full.trigger = QStringLiteral("POST /api/v1/sessions/x/reap");
    full.reapId = QStringLiteral("reap-\u00e9-42");
    QTest::newRow("every field, unicode, newlines") << full;

    AuditEntry empty;
    empty.timeMs = 1;
    empty.key = {1, 0};
    QTest::newRow("empty strings") << empty;

    AuditEntry planned = makeEntry(77);
    planned.timeMs = 5;
    planned.signal = QStringLiteral("none");
    planned.outcome = QStringLiteral("planned");
    planned.rssFreedKb = 0;
    planned.command = QString(100'000, QLatin1Char('x')) + QStringLiteral("'; DROP TABLE kills; --");
    QTest::newRow("dry run, long command, quote") << planned;
}

void tst_AuditLog::roundTrip()
{
    QFETCH(AuditEntry, entry);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ManualClock clock;
    AuditLog log(dir.filePath(QStringLiteral("history.sqlite")), clock);
    QVERIFY2(log.open(), qPrintable(log.errorString()));
    QVERIFY(log.warnings().isEmpty());
    QVERIFY2(log.record({entry}), qPrintable(log.lastError()));
    const QList<AuditEntry> read = log.entries();
    QCOMPARE(read.size(), 1);
    const AuditEntry &got = read.first();
    QCOMPARE(got.timeMs, entry.timeMs);
    QCOMPARE(got.session, entry.session);
    QCOMPARE(got.key.pid, entry.key.pid);
    QCOMPARE(got.key.starttime, entry.key.starttime);
    QCOMPARE(got.command, entry.command);
    QCOMPARE(got.cls, entry.cls);
    QCOMPARE(got.reason, entry.reason);
    QCOMPARE(got.signal, entry.signal);
    QCOMPARE(got.outcome, entry.outcome);
    QCOMPARE(got.rssFreedKb, entry.rssFreedKb);
    QCOMPARE(got.requestedBy, entry.requestedBy);
    QCOMPARE(got.trigger, entry.trigger);
    QCOMPARE(got.reapId, entry.reapId);
    QVERIFY(got == entry);
    QCOMPARE(log.entriesForSession(entry.session).size(), 1);
}

void tst_AuditLog::zeroTimeMeansNow()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ManualClock clock;
    AuditLog log(dir.filePath(QStringLiteral("history.sqlite")), clock);
    QVERIFY2(log.open(), qPrintable(log.errorString()));
    QVERIFY(log.record({makeEntry(10)}));
    clock.advance(1234);
    QVERIFY(log.record({makeEntry(11), makeEntry(12, QStringLiteral("s1"), 42)}));
    QVERIFY(log.record({})); // nothing to do, not a failure
    const QList<AuditEntry> read = log.entries();
    QCOMPARE(read.size(), 3);
    QCOMPARE(read.at(0).key.pid, 11);
    QCOMPARE(read.at(0).timeMs, clock.wallMs());
    QCOMPARE(read.at(1).key.pid, 10);
    QCOMPARE(read.at(1).timeMs, clock.wallMs() - 1234);
    QCOMPARE(read.at(2).key.pid, 12);
    QCOMPARE(read.at(2).timeMs, qint64(42));
}

void tst_AuditLog::manyRowsInOneTransaction()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ManualClock clock;
    AuditLog log(dir.filePath(QStringLiteral("history.sqlite")), clock);
    QVERIFY2(log.open(), qPrintable(log.errorString()));
    QList<AuditEntry> batch;
    for (int i = 0; i < 1000; ++i)
        batch.append(makeEntry(1000 + i, QStringLiteral("s%1").arg(i % 7), clock.wallMs() + i));
    QVERIFY2(log.record(batch), qPrintable(log.lastError()));
    QCOMPARE(log.entries(0, 0).size(), 1000);
    QCOMPARE(log.entries().first().key.pid, 1999);
    QCOMPARE(log.entries().last().key.pid, 1000);

    // All or none: a row the database refuses (here by a trigger) rolls the whole batch back.
    QVERIFY(execSql(log.fileName(), {QStringLiteral("CREATE TRIGGER refuse BEFORE INSERT ON kills WHEN "
                                                    "NEW.pid = 666 BEGIN SELECT RAISE(ABORT, 'no'); END")}));
    QList<AuditEntry> bad{makeEntry(5000), makeEntry(666), makeEntry(5001)};
    QVERIFY(!log.record(bad));
    QVERIFY2(log.lastError().contains(log.fileName()), qPrintable(log.lastError()));
    QCOMPARE(log.entries(0, 0).size(), 1000);
    QVERIFY(log.record({makeEntry(5002)})); // usable after the failure
    QVERIFY(log.lastError().isEmpty());
    QCOMPARE(log.entries(0, 0).size(), 1001);
}

void tst_AuditLog::newestFirstLimitSince()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ManualClock clock;
    AuditLog log(dir.filePath(QStringLiteral("history.sqlite")), clock);
    QVERIFY2(log.open(), qPrintable(log.errorString()));
    // Recorded out of order; two rows share a time (the later insert comes first).
    QVERIFY(log.record({makeEntry(3, QStringLiteral("a"), 300), makeEntry(1, QStringLiteral("a"), 100),
                        makeEntry(5, QStringLiteral("a"), 500), makeEntry(2, QStringLiteral("a"), 200),
                        makeEntry(4, QStringLiteral("a"), 300)}));
    auto pids = [](const QList<AuditEntry> &list) {
        QList<int> result;
        for (const AuditEntry &entry : list)
            result.append(entry.key.pid);
        return result;
    };
    QCOMPARE(pids(log.entries()), (QList<int>{5, 4, 3, 2, 1}));
    QCOMPARE(pids(log.entries(0, 2)), (QList<int>{5, 4}));
    QCOMPARE(pids(log.entries(300)), (QList<int>{5, 4, 3}));
    QCOMPARE(pids(log.entries(300, 1)), (QList<int>{5}));
    QCOMPARE(pids(log.entries(501)), QList<int>{});
    QCOMPARE(pids(log.entries(0, -1)), (QList<int>{5, 4, 3, 2, 1}));
}

void tst_AuditLog::perSession()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ManualClock clock;
    AuditLog log(dir.filePath(QStringLiteral("history.sqlite")), clock);
    QVERIFY2(log.open(), qPrintable(log.errorString()));
    QVERIFY(log.record({makeEntry(1, QStringLiteral("alpha"), 10), makeEntry(2, QStringLiteral("beta"), 20),
                        makeEntry(3, QStringLiteral("alpha"), 30), makeEntry(4, QString(), 40)}));
    const QList<AuditEntry> alpha = log.entriesForSession(QStringLiteral("alpha"));
    QCOMPARE(alpha.size(), 2);
    QCOMPARE(alpha.at(0).key.pid, 3);
    QCOMPARE(alpha.at(1).key.pid, 1);
    QCOMPARE(log.entriesForSession(QStringLiteral("beta")).size(), 1);
    QCOMPARE(log.entriesForSession(QStringLiteral("gamma")).size(), 0);
    QCOMPARE(log.entriesForSession(QStringLiteral("ALPHA")).size(), 0);
    const QList<AuditEntry> none = log.entriesForSession(QString()); // rows without a session
    QCOMPARE(none.size(), 1);
    QCOMPARE(none.first().key.pid, 4);
}

void tst_AuditLog::pruneRemovesOnlyOldRows()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ManualClock clock;
    AuditLog log(dir.filePath(QStringLiteral("history.sqlite")), clock);
    QVERIFY2(log.open(), qPrintable(log.errorString()));
    QList<AuditEntry> old;
    for (int i = 0; i < 50; ++i)
        old.append(makeEntry(100 + i));
    QVERIFY(log.record(old));
    clock.advance(2 * kDayMs);
    QVERIFY(log.record({makeEntry(200), makeEntry(201)}));
    QCOMPARE(log.prune(), 0);  // nothing older than 7 days yet
    clock.advance(6 * kDayMs); // the first rows are 8 days old, the others 6
    QCOMPARE(log.prune(AuditLog::kDefaultRetentionMs), 50);
    QVERIFY(log.lastError().isEmpty());
    const QList<AuditEntry> left = log.entries();
    QCOMPARE(left.size(), 2);
    QCOMPARE(left.at(0).key.pid, 201);
    QCOMPARE(log.prune(), 0);
    // A row exactly at the cutoff stays.
    QVERIFY(
        log.record({makeEntry(300, QStringLiteral("s"), clock.wallMs() - AuditLog::kDefaultRetentionMs)}));
    QCOMPARE(log.prune(), 0);
    QCOMPARE(log.prune(0), 3);
    QVERIFY(log.entries().isEmpty());
}

void tst_AuditLog::countsBySignalAndRequester()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ManualClock clock;
    AuditLog log(dir.filePath(QStringLiteral("history.sqlite")), clock);
    QVERIFY2(log.open(), qPrintable(log.errorString()));
    QVERIFY(log.countsBySignalAndTrigger().isEmpty());
    QList<AuditEntry> rows;
    for (int i = 0; i < 3; ++i)
        rows.append(makeEntry(i)); // TERM|periodic
    AuditEntry kill = makeEntry(10);
    kill.signal = QStringLiteral("KILL");
    kill.requestedBy = QStringLiteral("person");
    rows << kill << kill;
    AuditEntry policy = makeEntry(20);
    policy.requestedBy = QStringLiteral("policy:idle");
    rows << policy;
    QVERIFY(log.record(rows));
    const QHash<QString, quint64> counts = log.countsBySignalAndTrigger();
    QCOMPARE(counts.size(), 3);
    QCOMPARE(counts.value(QStringLiteral("TERM|periodic")), quint64(3));
    QCOMPARE(counts.value(QStringLiteral("KILL|person")), quint64(2));
    QCOMPARE(counts.value(QStringLiteral("TERM|policy:idle")), quint64(1));
}

void tst_AuditLog::corruptFileIsMovedAside_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("why");
    QTest::newRow("random bytes") << QStringLiteral("random") << QStringLiteral("not an SQLite database");
    QTest::newRow("short text") << QStringLiteral("text") << QStringLiteral("not an SQLite database");
    QTest::newRow("newer schema") << QStringLiteral("newer") << QStringLiteral("schema version 99");
    QTest::newRow("other meta layout") << QStringLiteral("othermeta") << QStringLiteral("unknown schema");
    QTest::newRow("kills of another layout")
        << QStringLiteral("otherkills") << QStringLiteral("rss_freed_kb");
    QTest::newRow("truncated") << QStringLiteral("truncated") << QStringLiteral("corrupt");
    QTest::newRow("damaged page") << QStringLiteral("damaged") << QStringLiteral("corrupt");
}

void tst_AuditLog::corruptFileIsMovedAside()
{
    QFETCH(QString, kind);
    QFETCH(QString, why);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("history.sqlite"));
    ManualClock clock;

    if (kind == QLatin1String("random")) {
        QByteArray bytes(64 * 1024, Qt::Uninitialized);
        QRandomGenerator generator(42);
        generator.fillRange(reinterpret_cast<quint32 *>(bytes.data()), bytes.size() / 4);
        QVERIFY(writeAll(file, bytes));
    } else if (kind == QLatin1String("text")) {
        QVERIFY(writeAll(file, "hello\n"));
    } else if (kind == QLatin1String("newer")) {
        QVERIFY(
            execSql(file, {QStringLiteral("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"),
                           QStringLiteral("INSERT INTO meta VALUES ('schema_version', '99')"),
                           QStringLiteral("CREATE TABLE kills2 (id INTEGER PRIMARY KEY, what BLOB)"),
                           QStringLiteral("INSERT INTO kills2 (what) VALUES (x'00ff')")}));
    } else if (kind == QLatin1String("othermeta")) {
        QVERIFY(execSql(file, {QStringLiteral("CREATE TABLE meta (version INTEGER)"),
                               QStringLiteral("INSERT INTO meta VALUES (3)")}));
    } else if (kind == QLatin1String("otherkills")) {
        QVERIFY(
            execSql(file, {QStringLiteral("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"),
                           QStringLiteral("INSERT INTO meta VALUES ('schema_version', '1')"),
                           QStringLiteral("CREATE TABLE kills (id INTEGER PRIMARY KEY, time_ms INTEGER)")}));
    } else {
        AuditLog first(file, clock);
        QVERIFY2(first.open(), qPrintable(first.errorString()));
        QList<AuditEntry> rows;
        for (int i = 0; i < 2000; ++i)
            rows.append(makeEntry(10 + i));
        QVERIFY(first.record(rows));
        first.close();
        QVERIFY(!QFile::exists(file + QStringLiteral("-wal"))); // checkpointed on close
        QByteArray bytes = readAll(file);
        QVERIFY(bytes.size() > 64 * 1024);
        if (kind == QLatin1String("truncated")) {
            bytes.truncate(bytes.size() / 2);
        } else {
            // The second page (the first of the kills table, or its index) overwritten with garbage.
            for (qsizetype i = 4096; i < 8192; ++i)
                bytes[i] = char(i * 31 + 7);
        }
        QVERIFY(writeAll(file, bytes));
    }
    const QByteArray original = readAll(file);
    QVERIFY(!original.isEmpty());

    AuditLog log(file, clock);
    QVERIFY2(log.open(), qPrintable(log.errorString()));
    const QStringList aside = asideFiles(dir.path());
    QCOMPARE(aside.size(), 1);
    const QString asidePath = dir.filePath(aside.first());
    QVERIFY2(QRegularExpression(QStringLiteral("^history\\.sqlite\\.corrupt-\\d{8}-\\d{6}$"))
                 .match(aside.first())
                 .hasMatch(),
             qPrintable(aside.first()));
    QCOMPARE(readAll(asidePath), original);
    QCOMPARE(log.warnings().size(), 1);
    const QString warning = log.warnings().first();
    QVERIFY2(warning.contains(file) && warning.contains(asidePath) && warning.contains(why),
             qPrintable(warning));

    QVERIFY(log.entries().isEmpty());
    QVERIFY2(log.record({makeEntry(1)}), qPrintable(log.lastError()));
    QCOMPARE(log.entries().size(), 1);
    QCOMPARE(fileMode(file), 0600);
}

void tst_AuditLog::companionFilesFollow()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("history.sqlite"));
    QVERIFY(writeAll(file, QByteArray(8192, 'z')));
    QVERIFY(writeAll(file + QStringLiteral("-wal"), "wal bytes"));
    QVERIFY(writeAll(file + QStringLiteral("-shm"), "shm bytes"));
    ManualClock clock;
    AuditLog log(file, clock);
    QVERIFY2(log.open(), qPrintable(log.errorString()));
    const QStringList aside = asideFiles(dir.path());
    QCOMPARE(aside.size(), 3);
    const QString base = dir.filePath(aside.first());
    QCOMPARE(readAll(base), QByteArray(8192, 'z'));
    QCOMPARE(readAll(base + QStringLiteral("-wal")), QByteArray("wal bytes"));
    QCOMPARE(readAll(base + QStringLiteral("-shm")), QByteArray("shm bytes"));
    QVERIFY(log.record({makeEntry(1)}));
    QCOMPARE(log.entries().size(), 1);
}

void tst_AuditLog::asideNameGetsACounter()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("history.sqlite"));
    ManualClock clock;
    // Three corrupt files in a row, within a second or two: the names cannot clash.
    for (int round = 0; round < 3; ++round) {
        QVERIFY(writeAll(file, QByteArray("garbage ") + QByteArray::number(round)));
        AuditLog log(file, clock);
        QVERIFY2(log.open(), qPrintable(log.errorString()));
        QCOMPARE(log.warnings().size(), 1);
        QVERIFY(log.record({makeEntry(round + 1)}));
    }
    const QStringList aside = asideFiles(dir.path());
    QCOMPARE(aside.size(), 3);
    QList<QByteArray> contents;
    for (const QString &name : aside)
        contents.append(readAll(dir.filePath(name)));
    std::sort(contents.begin(), contents.end());
    QCOMPARE(contents, (QList<QByteArray>{"garbage 0", "garbage 1", "garbage 2"}));

    // Names already taken within the second get -2, -3...
    QTemporaryDir other;
    QVERIFY(other.isValid());
    const QString second = other.filePath(QStringLiteral("history.sqlite"));
    const QDateTime start = QDateTime::currentDateTimeUtc();
    for (int s = 0; s < 3; ++s) {
        const QString time = start.addSecs(s).toString(QStringLiteral("yyyyMMdd-HHmmss"));
        QVERIFY(writeAll(second + QStringLiteral(".corrupt-") + time, "taken"));
        QVERIFY(writeAll(second + QStringLiteral(".corrupt-") + time + QStringLiteral("-2"), "taken"));
    }
    QVERIFY(writeAll(second, "garbage again"));
    AuditLog log(second, clock);
    QVERIFY2(log.open(), qPrintable(log.errorString()));
    const QStringList names = asideFiles(other.path());
    QCOMPARE(names.size(), 7);
    int found = 0;
    for (const QString &name : names) {
        if (name.endsWith(QLatin1String("-3"))) {
            ++found;
            QCOMPARE(readAll(other.filePath(name)), QByteArray("garbage again"));
            QVERIFY2(log.warnings().first().contains(other.filePath(name)),
                     qPrintable(log.warnings().first()));
        }
    }
    QCOMPARE(found, 1);
}

void tst_AuditLog::rowsSurviveReopening()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("history.sqlite"));
    ManualClock clock;
    {
        AuditLog log(file, clock);
        QVERIFY2(log.open(), qPrintable(log.errorString()));
        QVERIFY(log.record({makeEntry(1), makeEntry(2)}));
    }
    {
        AuditLog log(file, clock);
        QVERIFY2(log.open(), qPrintable(log.errorString()));
        QVERIFY(log.warnings().isEmpty());
        QVERIFY(asideFiles(dir.path()).isEmpty());
        QCOMPARE(log.entries().size(), 2);
        QVERIFY(log.record({makeEntry(3)}));
        QVERIFY(log.sizeBytes() > 0);
    }
    // A reopened log sees rows written while it is open elsewhere (the WAL is shared).
    AuditLog reader(file, clock);
    QVERIFY2(reader.open(), qPrintable(reader.errorString()));
    QCOMPARE(reader.entries().size(), 3);
    {
        AuditLog writer(file, clock);
        QVERIFY2(writer.open(), qPrintable(writer.errorString()));
        QVERIFY(writer.record({makeEntry(4)}));
    }
    QCOMPARE(reader.entries().size(), 4);
    QVERIFY(reader.sizeBytes() > 0);
}

void tst_AuditLog::fileModeIs0600()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("history.sqlite"));
    const mode_t old = ::umask(0);
    auto restore = qScopeGuard([old] { ::umask(old); });
    ManualClock clock;
    AuditLog log(file, clock);
    QVERIFY2(log.open(), qPrintable(log.errorString()));
    QVERIFY(log.record({makeEntry(1)}));
    QCOMPARE(fileMode(file), 0600);
    QVERIFY(QFile::exists(file + QStringLiteral("-wal")));
    QCOMPARE(fileMode(file + QStringLiteral("-wal")), 0600);
    QCOMPARE(fileMode(file + QStringLiteral("-shm")), 0600);
    log.close();

    // An existing file of a looser mode is tightened.
    QVERIFY(QFile::setPermissions(file, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadOther));
    AuditLog again(file, clock);
    QVERIFY2(again.open(), qPrintable(again.errorString()));
    QCOMPARE(fileMode(file), 0600);
}

void tst_AuditLog::twoLogsInOneProcess()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ManualClock clock;
    auto a = std::make_unique<AuditLog>(dir.filePath(QStringLiteral("a/history.sqlite")), clock);
    AuditLog b(dir.filePath(QStringLiteral("b/history.sqlite")), clock);
    QVERIFY2(a->open(), qPrintable(a->errorString()));
    QVERIFY2(b.open(), qPrintable(b.errorString()));
    QVERIFY(a->record({makeEntry(1), makeEntry(2)}));
    QVERIFY(b.record({makeEntry(3)}));
    QCOMPARE(a->entries().size(), 2);
    QCOMPARE(b.entries().size(), 1);
    QCOMPARE(b.entries().first().key.pid, 3);
    const int connections = int(QSqlDatabase::connectionNames().size());
    a.reset(); // its connection is removed, the other one keeps working
    QCOMPARE(int(QSqlDatabase::connectionNames().size()), connections - 1);
    QVERIFY(b.record({makeEntry(4)}));
    QCOMPARE(b.entries().size(), 2);
}

void tst_AuditLog::unwritableDirectory()
{
    if (isRoot())
        QSKIP("root ignores directory permissions");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString sub = dir.filePath(QStringLiteral("data"));
    QVERIFY(QDir().mkpath(sub));
    QVERIFY(QFile::setPermissions(sub, QFile::ReadOwner | QFile::ExeOwner)); // 0500
    auto restore = qScopeGuard(
        [&] { QFile::setPermissions(sub, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner); });
    const QString file = sub + QStringLiteral("/history.sqlite");
    ManualClock clock;
    AuditLog log(file, clock);
    QVERIFY(!log.open());
    QVERIFY(!log.isOpen());
    QVERIFY2(log.errorString().contains(file) && log.errorString().contains(QStringLiteral("not writable")),
             qPrintable(log.errorString()));
    QVERIFY(!log.record({makeEntry(1)}));
    QVERIFY2(log.lastError().contains(QStringLiteral("not open")), qPrintable(log.lastError()));
    QVERIFY(log.entries().isEmpty());
    QCOMPARE(log.prune(), -1);
    QVERIFY(!QFile::exists(file));
}

void tst_AuditLog::directoryCannotBeCreated()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(writeAll(dir.filePath(QStringLiteral("blocker")), "a file, not a directory"));
    const QString file = dir.filePath(QStringLiteral("blocker/data/history.sqlite"));
    ManualClock clock;
    AuditLog log(file, clock);
    QVERIFY(!log.open());
    QVERIFY2(log.errorString().contains(file) && log.errorString().contains(QStringLiteral("directory")),
             qPrintable(log.errorString()));
    QVERIFY(!log.record({makeEntry(1)}));
    QVERIFY2(log.lastError().contains(file), qPrintable(log.lastError()));
    QVERIFY(log.entries().isEmpty());
    QVERIFY(log.entriesForSession(QStringLiteral("s1")).isEmpty());
    QVERIFY(log.countsBySignalAndTrigger().isEmpty());
    QCOMPARE(log.sizeBytes(), qint64(0));
}

void tst_AuditLog::closedLogFailsClearly()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ManualClock clock;
    AuditLog log(dir.filePath(QStringLiteral("history.sqlite")), clock);
    QVERIFY(!log.record({makeEntry(1)})); // never opened
    QVERIFY2(log.lastError().contains(QStringLiteral("not open")), qPrintable(log.lastError()));
    QVERIFY2(log.open(), qPrintable(log.errorString()));
    QVERIFY(log.open()); // again: no-op
    QVERIFY(log.record({makeEntry(1)}));
    log.close();
    QVERIFY(!log.isOpen());
    QVERIFY(!log.record({makeEntry(2)}));
    QVERIFY2(log.open(), qPrintable(log.errorString())); // reopened on the same connection name
    QCOMPARE(log.entries().size(), 1);
}

QTEST_GUILESS_MAIN(tst_AuditLog)
#include "tst_auditlog.moc"
