#include "historydatabase.h"

#include <QAtomicInteger>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

#include <utility>

namespace agentmon::historydb {

namespace {

const QString kDriver = QStringLiteral("QSQLITE");
const QString kVersionKey = QStringLiteral("schema_version");
constexpr QFileDevice::Permissions kFileMode = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
// Files SQLite keeps next to a database; they go where the database goes.
const QStringList kCompanions = {QStringLiteral("-wal"), QStringLiteral("-shm"), QStringLiteral("-journal")};

struct TableColumns {
    QString table;
    QStringList columns;
};

// The columns each table must have; a table that lacks one is of another layout.
const TableColumns kTables[] = {
    {QStringLiteral("kills"),
     {QStringLiteral("id"), QStringLiteral("time_ms"), QStringLiteral("session"), QStringLiteral("pid"),
      QStringLiteral("starttime"), QStringLiteral("command"), QStringLiteral("class"),
      QStringLiteral("reason"), QStringLiteral("signal"), QStringLiteral("outcome"),
      QStringLiteral("rss_freed_kb"), QStringLiteral("requested_by"), QStringLiteral("trigger"),
      QStringLiteral("reap_id")}},
    {QStringLiteral("samples"),
     {QStringLiteral("time_ms"), QStringLiteral("resolution_ms"), QStringLiteral("sample_count"),
      QStringLiteral("mem_available_kb"), QStringLiteral("mem_total_kb"), QStringLiteral("swap_used_kb"),
      QStringLiteral("swap_total_kb"), QStringLiteral("psi_some10"), QStringLiteral("psi_full10"),
      QStringLiteral("agent_count"), QStringLiteral("agent_rss_kb"), QStringLiteral("agent_pss_kb"),
      QStringLiteral("agent_swap_kb"), QStringLiteral("orphans"), QStringLiteral("zombies"),
      QStringLiteral("level"), QStringLiteral("sessions")}},
};

const char *const kSchema[] = {
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    R"(CREATE TABLE IF NOT EXISTS kills (
        id INTEGER PRIMARY KEY,
        time_ms INTEGER NOT NULL,
        session TEXT NOT NULL DEFAULT '',
        pid INTEGER NOT NULL,
        starttime INTEGER NOT NULL,
        command TEXT NOT NULL DEFAULT '',
        "class" TEXT NOT NULL DEFAULT '',
        reason TEXT NOT NULL DEFAULT '',
        "signal" TEXT NOT NULL DEFAULT '',
        outcome TEXT NOT NULL DEFAULT '',
        rss_freed_kb INTEGER NOT NULL DEFAULT 0,
        requested_by TEXT NOT NULL DEFAULT '',
        "trigger" TEXT NOT NULL DEFAULT '',
        reap_id TEXT NOT NULL DEFAULT ''))",
    "CREATE INDEX IF NOT EXISTS kills_time_ms ON kills (time_ms)",
    "CREATE INDEX IF NOT EXISTS kills_session ON kills (session)",
    // One row per sample (resolution_ms 0, sample_count 1), or, for older data, one row per bucket of
    // resolution_ms starting at time_ms, averaging sample_count samples (SqliteHistoryStore). The PSI columns
    // are NULL where the kernel has no PSI.
    R"(CREATE TABLE IF NOT EXISTS samples (
        time_ms INTEGER PRIMARY KEY,
        resolution_ms INTEGER NOT NULL DEFAULT 0,
        sample_count INTEGER NOT NULL DEFAULT 1,
        mem_available_kb INTEGER NOT NULL DEFAULT 0,
        mem_total_kb INTEGER NOT NULL DEFAULT 0,
        swap_used_kb INTEGER NOT NULL DEFAULT 0,
        swap_total_kb INTEGER NOT NULL DEFAULT 0,
        psi_some10 REAL,
        psi_full10 REAL,
        agent_count INTEGER NOT NULL DEFAULT 0,
        agent_rss_kb INTEGER NOT NULL DEFAULT 0,
        agent_pss_kb INTEGER NOT NULL DEFAULT 0,
        agent_swap_kb INTEGER NOT NULL DEFAULT 0,
        orphans INTEGER NOT NULL DEFAULT 0,
        zombies INTEGER NOT NULL DEFAULT 0,
        level INTEGER NOT NULL DEFAULT 0,
        sessions INTEGER NOT NULL DEFAULT 0))",
};

enum class Check { Ok, Fresh, Corrupt, Error };

// Looks at an existing file through a read-only connection, so that a corrupt file is moved aside with the
// bytes it had (a read-write connection could replay or checkpoint a WAL into it).
Check checkExisting(const QString &fileName, const QString &connection, QString *why)
{
    QFile file(fileName);
    if (!file.exists())
        return Check::Fresh;
    if (!file.open(QIODevice::ReadOnly)) {
        *why = QStringLiteral("cannot read the file: %1").arg(file.errorString());
        return Check::Error;
    }
    const QByteArray header = file.read(100);
    if (file.error() != QFileDevice::NoError) {
        *why = QStringLiteral("cannot read the file: %1").arg(file.errorString());
        return Check::Error;
    }
    file.close();
    if (header.isEmpty())
        return Check::Fresh; // SQLite takes an empty file for a new database
    if (header.size() < 100 || !header.startsWith(QByteArrayView("SQLite format 3\0", 16))) {
        *why = QStringLiteral("not an SQLite database");
        return Check::Corrupt;
    }

    // The check connection makes a -shm (and an empty -wal) for a database in WAL mode: when the file turns
    // out corrupt, those are removed again rather than moved aside with it.
    QStringList madeByCheck;
    for (const QString &suffix : kCompanions) {
        if (!QFileInfo::exists(fileName + suffix))
            madeByCheck.append(fileName + suffix);
    }

    const QString name = connection + QStringLiteral("-check");
    Check result = Check::Ok;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(kDriver, name);
        db.setDatabaseName(fileName);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"));
        auto failed = [&](const QSqlError &error, const QString &what) {
            if (isCorruption(error)) {
                *why = QStringLiteral("corrupt (%1: %2)").arg(what, describe(error));
                return Check::Corrupt;
            }
            *why = QStringLiteral("%1 failed: %2").arg(what, describe(error));
            return Check::Error;
        };
        if (!db.open()) {
            result = failed(db.lastError(), QStringLiteral("opening it"));
        } else {
            [&] {
                QSqlQuery query(db);
                if (!query.exec(QStringLiteral("PRAGMA quick_check"))) {
                    result = failed(query.lastError(), QStringLiteral("PRAGMA quick_check"));
                    return;
                }
                QStringList problems;
                while (query.next())
                    problems.append(query.value(0).toString().simplified());
                if (problems != QStringList{QStringLiteral("ok")}) {
                    if (problems.size() > 3)
                        problems = problems.mid(0, 3) << QStringLiteral("...");
                    *why = QStringLiteral("corrupt (PRAGMA quick_check: %1)")
                               .arg(problems.join(QLatin1String("; ")));
                    result = Check::Corrupt;
                    return;
                }

                if (!query.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table'"))) {
                    result = failed(query.lastError(), QStringLiteral("reading the schema"));
                    return;
                }
                QSet<QString> tables;
                while (query.next())
                    tables.insert(query.value(0).toString());
                if (!tables.contains(QStringLiteral("meta"))) {
                    // Our tables without a meta table are not ours.
                    for (const TableColumns &table : kTables) {
                        if (tables.contains(table.table)) {
                            *why = QStringLiteral("of an unknown schema (a %1 table but no meta table)")
                                       .arg(table.table);
                            result = Check::Corrupt;
                            return;
                        }
                    }
                    return;
                }
                bool read = query.prepare(QStringLiteral("SELECT value FROM meta WHERE key = ?"));
                if (read) {
                    query.addBindValue(kVersionKey);
                    read = query.exec();
                }
                if (!read) {
                    *why = QStringLiteral("of an unknown schema (its meta table: %1)")
                               .arg(describe(query.lastError()));
                    result = isCorruption(query.lastError()) || sqliteCode(query.lastError()) == 1 /* ERROR */
                                 ? Check::Corrupt
                                 : Check::Error;
                    return;
                }
                if (!query.next()) {
                    *why = QStringLiteral("of an unknown schema (no %1 in its meta table)").arg(kVersionKey);
                    result = Check::Corrupt;
                    return;
                }
                bool ok = false;
                const QString versionText = query.value(0).toString();
                const int version = versionText.toInt(&ok);
                if (!ok || version < 1) {
                    *why = QStringLiteral("of an unknown schema (schema version \"%1\")")
                               .arg(versionText.left(40));
                    result = Check::Corrupt;
                    return;
                }
                if (version > kSchemaVersion) {
                    *why = QStringLiteral("of schema version %1, newer than this agentmon knows (%2)")
                               .arg(version)
                               .arg(kSchemaVersion);
                    result = Check::Corrupt;
                    return;
                }
                for (const TableColumns &table : kTables) {
                    if (!tables.contains(table.table))
                        continue; // created by createSchema()
                    if (!query.exec(QStringLiteral("PRAGMA table_info(%1)").arg(table.table))) {
                        result = failed(query.lastError(),
                                        QStringLiteral("reading the %1 table").arg(table.table));
                        return;
                    }
                    QSet<QString> columns;
                    while (query.next())
                        columns.insert(query.value(1).toString());
                    QStringList missing;
                    for (const QString &column : table.columns) {
                        if (!columns.contains(column))
                            missing.append(column);
                    }
                    if (!missing.isEmpty()) {
                        *why = QStringLiteral("of an unknown schema (its %1 table lacks the columns %2)")
                                   .arg(table.table, missing.join(QLatin1String(", ")));
                        result = Check::Corrupt;
                        return;
                    }
                }
            }();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    if (result == Check::Corrupt) {
        for (const QString &path : std::as_const(madeByCheck)) {
            const QFileInfo info(path);
            if (info.exists() && (info.size() == 0 || path.endsWith(QLatin1String("-shm"))))
                QFile::remove(path);
        }
    }
    return result;
}

bool moveAside(const QString &fileName, const QString &label, const QString &why, OpenResult *result)
{
    const QString base = fileName + QStringLiteral(".corrupt-") +
                         QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    QString target;
    for (int n = 1;; ++n) {
        if (n >= 1000) {
            result->errorString =
                QStringLiteral("the file is %1 and no free name was found to move it aside as %2")
                    .arg(why, base);
            return false;
        }
        target = n == 1 ? base : base + QLatin1Char('-') + QString::number(n);
        bool taken = QFileInfo::exists(target);
        for (const QString &suffix : kCompanions)
            taken = taken || QFileInfo::exists(target + suffix);
        if (!taken)
            break;
    }
    if (!QFile::rename(fileName, target)) {
        result->errorString =
            QStringLiteral("the file is %1 and could not be moved aside to %2").arg(why, target);
        return false;
    }
    QStringList moved{target};
    for (const QString &suffix : kCompanions) {
        const QString companion = fileName + suffix;
        if (!QFileInfo::exists(companion))
            continue;
        if (QFile::rename(companion, target + suffix)) {
            moved.append(target + suffix);
            continue;
        }
        // Left there it would be taken for the new database's own: it cannot stay.
        if (!QFile::remove(companion)) {
            result->errorString =
                QStringLiteral(
                    "the file is %1; it was moved aside to %2 but %3 could neither be moved nor removed")
                    .arg(why, target, companion);
            return false;
        }
        result->warnings.append(QStringLiteral("%1 %2: %3 could not be moved aside to %4 and was removed")
                                    .arg(label, fileName, companion, target + suffix));
    }
    result->warnings.prepend(QStringLiteral("%1 %2 is %3: moved it aside to %4 and started a new one")
                                 .arg(label, fileName, why, moved.join(QLatin1String(", "))));
    return true;
}

bool openConnection(QSqlDatabase &db, const QString &fileName, const QString &label, OpenResult *result)
{
    db.setDatabaseName(fileName);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!db.open()) {
        result->errorString = describe(db.lastError());
        return false;
    }
    QSqlQuery query(db);
    // Takes effect on a new file only, and only before WAL mode is set (an older file keeps its mode until a
    // VACUUM, see SqliteHistoryStore::prune()).
    if (!query.exec(QStringLiteral("PRAGMA auto_vacuum=INCREMENTAL"))) {
        result->errorString =
            QStringLiteral("PRAGMA auto_vacuum=INCREMENTAL failed: %1").arg(describe(query.lastError()));
        return false;
    }
    if (!query.exec(QStringLiteral("PRAGMA journal_mode=WAL"))) {
        result->errorString =
            QStringLiteral("PRAGMA journal_mode=WAL failed: %1").arg(describe(query.lastError()));
        return false;
    }
    const QString mode = query.next() ? query.value(0).toString() : QString();
    if (mode.compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0)
        result->warnings.append(QStringLiteral("%1 %2: WAL mode is not available here (journal mode \"%3\")")
                                    .arg(label, fileName, mode));
    if (!query.exec(QStringLiteral("PRAGMA synchronous=NORMAL"))) {
        result->errorString =
            QStringLiteral("PRAGMA synchronous=NORMAL failed: %1").arg(describe(query.lastError()));
        return false;
    }
    return true;
}

bool createSchema(QSqlDatabase &db, OpenResult *result)
{
    if (!db.transaction()) {
        result->errorString = QStringLiteral("cannot begin a transaction: %1").arg(describe(db.lastError()));
        return false;
    }
    QSqlQuery query(db);
    auto fail = [&](const QString &what) {
        result->errorString = QStringLiteral("%1 failed: %2").arg(what, describe(query.lastError()));
        query.finish();
        db.rollback();
        return false;
    };
    for (const char *statement : kSchema) {
        if (!query.exec(QString::fromUtf8(statement)))
            return fail(QStringLiteral("creating the schema"));
    }
    query.prepare(QStringLiteral("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)"));
    query.addBindValue(kVersionKey);
    query.addBindValue(QString::number(kSchemaVersion));
    if (!query.exec())
        return fail(QStringLiteral("writing the schema version"));
    query.finish();
    if (!db.commit()) {
        result->errorString = QStringLiteral("cannot commit the schema: %1").arg(describe(db.lastError()));
        db.rollback();
        return false;
    }
    return true;
}

} // namespace

QString newConnectionName(const QString &prefix)
{
    static QAtomicInteger<quint64> counter;
    return QStringLiteral("%1-%2").arg(prefix).arg(counter.fetchAndAddRelaxed(1) + 1);
}

int sqliteCode(const QSqlError &error)
{
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok);
    return ok ? code & 0xff : -1;
}

bool isCorruption(const QSqlError &error)
{
    const int code = sqliteCode(error);
    return code == 11 /* SQLITE_CORRUPT */ || code == 26 /* SQLITE_NOTADB */ ||
           code == 24 /* SQLITE_FORMAT */;
}

QString describe(const QSqlError &error)
{
    QString text = error.databaseText().isEmpty() ? error.text() : error.databaseText();
    if (!error.nativeErrorCode().isEmpty())
        text += QStringLiteral(" (SQLite error %1)").arg(error.nativeErrorCode());
    return text;
}

void close(QSqlDatabase *db)
{
    if (!db->isValid())
        return;
    const QString connection = db->connectionName();
    db->close();
    *db = QSqlDatabase(); // the last handle on the connection must be gone before it is removed
    QSqlDatabase::removeDatabase(connection);
}

OpenResult open(const QString &fileName, const QString &connection, const QString &label, QSqlDatabase *db)
{
    OpenResult result;
    auto fail = [&](const QString &why) {
        result.errorString = why;
        close(db);
        return result;
    };

    if (!QSqlDatabase::isDriverAvailable(kDriver))
        return fail(
            QStringLiteral("the Qt SQL driver %1 is not installed (Debian: libqt6sql6-sqlite)").arg(kDriver));
    const QString dir = QFileInfo(fileName).absolutePath();
    if (!QDir().mkpath(dir))
        return fail(QStringLiteral("cannot create the directory %1").arg(dir));
    // SQLite creates -wal and -shm files next to the database: a read-only directory is no use.
    const QFileInfo dirInfo(dir);
    if (!dirInfo.isDir() || !dirInfo.isWritable())
        return fail(QStringLiteral("the directory %1 is not writable").arg(dir));

    QString why;
    switch (checkExisting(fileName, connection, &why)) {
    case Check::Ok:
    case Check::Fresh:
        break;
    case Check::Error:
        return fail(why);
    case Check::Corrupt:
        if (!moveAside(fileName, label, why, &result))
            return fail(result.errorString);
        break;
    }

    // Created here rather than by SQLite so that it is 0600 from the start (command lines may hold secrets).
    QFile file(fileName);
    if (!file.exists()) {
        if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, kFileMode))
            return fail(QStringLiteral("cannot create the file: %1").arg(file.errorString()));
        file.close();
    }
    QFile::setPermissions(fileName, kFileMode);

    *db = QSqlDatabase::addDatabase(kDriver, connection);
    if (!openConnection(*db, fileName, label, &result) || !createSchema(*db, &result))
        return fail(result.errorString);
    result.ok = true;
    return result;
}

} // namespace agentmon::historydb
