#pragma once

#include "historystore.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStringList>

#include <optional>

namespace agentmon {

class Clock;

// The sample history in table `samples` of history.sqlite, the file of the kill audit log (AuditLog): both
// open it through historydb::open() (historydatabase.h), which checks the file, moves a corrupt one aside and
// creates the schema of both, whichever comes first. Each store has its own connection (WAL mode: a reader
// does not block the writer); record() is one prepared INSERT.
//
// prune(), on the clock's wall time: deletes the rows older than the retention time, merges older rows into
// the buckets of kHistoryTiers, then, while the database's pages in use (page_count - freelist_count, the
// kill audit log included) exceed maxBytes, deletes the oldest rows (to 90% of maxBytes, so that the next
// prune has room), and gives free pages back to the file system (incremental_vacuum; a file made before
// auto_vacuum is VACUUMed once) and truncates the WAL, so that the file on disk is below maxBytes. The
// deletions are one transaction; when only giving space back fails, prune() says -1 with the rows already
// gone.
class SqliteHistoryStore final : public HistoryStore {
public:
    static constexpr int kDefaultRetentionDays = 7;                 // design.md "Files"
    static constexpr qint64 kDefaultMaxBytes = 256LL * 1024 * 1024; // settings: history/maxMegabytes

    SqliteHistoryStore(const QString &file, const Clock &clock, int retentionDays = kDefaultRetentionDays,
                       qint64 maxBytes = kDefaultMaxBytes);
    ~SqliteHistoryStore() override;
    Q_DISABLE_COPY_MOVE(SqliteHistoryStore)

    // True when the store is usable; a corrupt file moved aside and replaced is not a failure (warnings()).
    bool open() override;
    bool isOpen() const override;
    void close();

    using HistoryStore::record;
    bool record(const QList<HistorySample> &samples) override;
    QList<HistorySample> samples(qint64 fromMs, qint64 toMs, int maxPoints) const override;
    int prune() override;
    QString errorString() const override { return m_errorString; }

    // Problems met by open() (corrupt file moved aside, no WAL...), in clear text.
    QStringList warnings() const { return m_warnings; }
    QString fileName() const { return m_file; }
    void setRetentionDays(int days) { m_retentionDays = qMax(1, days); }
    int retentionDays() const { return m_retentionDays; }
    void setMaxBytes(qint64 bytes) { m_maxBytes = qMax<qint64>(0, bytes); }
    qint64 maxBytes() const { return m_maxBytes; }
    // Bytes of the database in use: (page_count - freelist_count) * page_size; -1 when closed.
    qint64 usedBytes() const;
    // Bytes on disk: the database file and its -wal file.
    qint64 sizeBytes() const;
    // Rows stored.
    qint64 rowCount() const;

private:
    bool fail(const QString &what, const QString &why) const;
    std::optional<qint64> pragma(const char *name) const;
    bool merge(qint64 olderThanMs, qint64 resolutionMs, qint64 nowMs);
    bool dropOldestWhileOver();
    bool giveSpaceBack();

    QString m_file;
    const Clock &m_clock;
    int m_retentionDays;
    qint64 m_maxBytes;
    QString m_connection;
    QSqlDatabase m_db;
    std::optional<QSqlQuery> m_insert;
    mutable QString m_errorString;
    QStringList m_warnings;
};

} // namespace agentmon
