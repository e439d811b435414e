#pragma once

#include "historydatabase.h"
#include "processinfo.h"

#include <QHash>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace agentmon {

class Clock;

// One row of the kill audit log: what was (or, for a dry run, would have been) done to one process.
struct AuditEntry {
    qint64 timeMs = 0; // wall clock, ms since the epoch; 0 in record(): now from the clock
    QString session;
    ProcessKey key;
    QString command; // the command line as one string (may hold any text, newlines included)
    QString cls;     // className() of the process
    QString reason;  // why it was chosen
    QString signal;  // "TERM", "KILL", "none"
    QString outcome; // "killed", "survived", "already_gone", "skipped", "planned" (dry run)
    quint64 rssFreedKb = 0;
    QString requestedBy; // "person", "api", "periodic", "policy:<condition>"
    QString trigger;     // free text: the route, the condition...
    QString reapId;      // groups the rows of one reap

    friend bool operator==(const AuditEntry &, const AuditEntry &) = default;
};

// The kill audit log, table `kills` of history.sqlite (design.md, "Files"), through Qt SQL ("QSQLITE").
//
// open() opens the file through historydb::open() (historydatabase.h), shared with the sample history:
// created mode 0600 with the whole schema (tables `meta` with the file's schema version, `kills`, `samples`),
// in WAL mode with synchronous=NORMAL. A file that is not an SQLite database, fails `PRAGMA quick_check`, or
// carries a schema version newer than this build knows (or a `meta`/`kills`/`samples` table of another
// layout) is moved aside as <file>.corrupt-<yyyyMMdd-HHmmss> (UTC; "-2", "-3"... on clashes; its -wal, -shm
// and -journal files follow as <aside>-wal...), noted in warnings(), and a fresh database is
// created. When the file cannot be opened (directory not writable, file unreadable, corrupt file that
// cannot be moved), open() returns false with errorString() and the log is unavailable: record() and
// prune() fail with lastError(), the queries return nothing. Callers go on without it.
//
// Each instance has its own database connection, so several logs (on several files) may live in one
// process. A connection belongs to the thread that opened it: use an AuditLog from one thread only, the
// one that calls open().
class AuditLog {
public:
    static constexpr int kSchemaVersion = historydb::kSchemaVersion;
    static constexpr qint64 kDefaultRetentionMs = 7LL * 24 * 60 * 60 * 1000; // design.md: 7 days

    // file: path of history.sqlite; clock gives the wall time of rows recorded without one and of prune().
    AuditLog(const QString &file, const Clock &clock);
    ~AuditLog();
    Q_DISABLE_COPY_MOVE(AuditLog)

    // Opens (creating when needed) the database. True when the log is usable; a corrupt file moved aside
    // and replaced is not a failure (see warnings()).
    bool open();
    bool isOpen() const;
    void close();
    QString errorString() const { return m_errorString; }
    // Problems met by open() (corrupt file moved aside...), in clear text.
    QStringList warnings() const { return m_warnings; }
    // Why the last record() or prune() (or query) failed; cleared by a successful record() or prune().
    QString lastError() const { return m_lastError; }
    QString fileName() const { return m_file; }

    // Writes entries in one transaction (all or none). timeMs 0 means now (Clock::wallMs()). True for an
    // empty list when the log is open.
    bool record(const QList<AuditEntry> &entries);
    // Rows with timeMs >= sinceWallMs, newest first, at most limit of them (limit <= 0: all).
    QList<AuditEntry> entries(qint64 sinceWallMs = 0, int limit = 1000) const;
    // All rows of a session, newest first.
    QList<AuditEntry> entriesForSession(const QString &session) const;
    // Deletes the rows older than now (Clock::wallMs()) - retentionMs; returns how many, -1 on failure.
    int prune(qint64 retentionMs = kDefaultRetentionMs);
    // Bytes on disk: the database file and its -wal file. 0 when neither exists.
    qint64 sizeBytes() const;
    // Row counts keyed "<signal>|<requested_by>", e.g. "TERM|periodic", "KILL|policy:idle" (for metrics).
    QHash<QString, quint64> countsBySignalAndTrigger() const;

private:
    QList<AuditEntry> select(const QString &where, const QVariantList &values, int limit) const;

    QString m_file;
    const Clock &m_clock;
    QString m_connection;
    QSqlDatabase m_db;
    QString m_errorString;
    mutable QString m_lastError;
    QStringList m_warnings;
};

} // namespace agentmon

Q_DECLARE_METATYPE(agentmon::AuditEntry)
