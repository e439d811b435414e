#pragma once

#include <QSqlDatabase>
#include <QString>
#include <QStringList>

class QSqlError;

namespace agentmon {

// history.sqlite (design.md "Files") is one SQLite file shared by two stores, each with its own connection:
// the kill audit log (AuditLog, table `kills`) and the sample history (SqliteHistoryStore, table `samples`).
// Both open it here, so that the file is checked, moved aside when corrupt and given its schema in one place,
// by whichever store comes first.
//
// The schema is one: table `meta` (key/value, with `schema_version`), `kills` and `samples`, all created when
// missing. Adding a table keeps the version (an older build ignores a table it does not know); a version is
// spent only on a change that older builds could not read.
//
// open() creates the file (mode 0600), a new file with auto_vacuum=INCREMENTAL (so that the history can give
// space back), in WAL mode with synchronous=NORMAL. A file that is not an SQLite database, fails
// `PRAGMA quick_check`, carries a schema version newer than this build knows, or a `meta`, `kills` or
// `samples` table of another layout, is moved aside as <file>.corrupt-<yyyyMMdd-HHmmss> (UTC; "-2", "-3"...
// on clashes; its -wal, -shm and -journal files follow as <aside>-wal...), noted in warnings, and a fresh
// database is created.
namespace historydb {

constexpr int kSchemaVersion = 1;

struct OpenResult {
    bool ok = false;
    QString errorString;  // why it failed (without the file name: callers say what they were opening)
    QStringList warnings; // corrupt file moved aside, no WAL...
};

// Opens file on a new Qt SQL connection named connection (unique in the process; removed again on failure)
// into *db. label names the caller in warnings: "audit log", "history".
OpenResult open(const QString &file, const QString &connection, const QString &label, QSqlDatabase *db);
// Closes *db and removes its connection.
void close(QSqlDatabase *db);

// A connection name unique in the process: "<prefix>-<n>".
QString newConnectionName(const QString &prefix);
// SQLite's primary result code of a failed statement, -1 when unknown.
int sqliteCode(const QSqlError &error);
// SQLITE_CORRUPT, SQLITE_NOTADB or SQLITE_FORMAT.
bool isCorruption(const QSqlError &error);
// The driver's text and SQLite's error code.
QString describe(const QSqlError &error);

} // namespace historydb

} // namespace agentmon
