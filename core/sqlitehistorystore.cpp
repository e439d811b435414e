#include "sqlitehistorystore.h"

#include "clock.h"
#include "historydatabase.h"

#include <QFileInfo>
#include <QSqlError>

#include <algorithm>
#include <cmath>
#include <iterator>

namespace agentmon {

namespace {

constexpr qint64 kDayMs = 24LL * 60 * 60 * 1000;
// Where the WAL is cut back to after a checkpoint (it may grow beyond while a reader holds it).
constexpr qint64 kWalLimitBytes = 4LL * 1024 * 1024;

using historydb::describe;

const QString kColumns = QStringLiteral(
    "time_ms, resolution_ms, sample_count, mem_available_kb, mem_total_kb, swap_used_kb, swap_total_kb, "
    "psi_some10, psi_full10, agent_count, agent_rss_kb, agent_pss_kb, agent_swap_kb, orphans, zombies, "
    "level, "
    "sessions");

// The figures of a group of rows, in the order of kColumns after sample_count: averages weighted by the rows'
// sample counts (PSI over the rows that have it), maxima of orphans, zombies and level.
QString aggregates()
{
    auto avg = [](const char *column) {
        return QStringLiteral("CAST(ROUND(SUM(%1 * 1.0 * sample_count) / SUM(sample_count)) AS INTEGER)")
            .arg(QLatin1String(column));
    };
    auto psi = [](const char *column) {
        // x / 0 is NULL in SQLite: no PSI in the group, no PSI in the result.
        return QStringLiteral(
                   "SUM(%1 * sample_count) / SUM(CASE WHEN %1 IS NULL THEN 0 ELSE sample_count END)")
            .arg(QLatin1String(column));
    };
    const QStringList parts = {
        QStringLiteral("SUM(sample_count)"),
        avg("mem_available_kb"),
        avg("mem_total_kb"),
        avg("swap_used_kb"),
        avg("swap_total_kb"),
        psi("psi_some10"),
        psi("psi_full10"),
        avg("agent_count"),
        avg("agent_rss_kb"),
        avg("agent_pss_kb"),
        avg("agent_swap_kb"),
        QStringLiteral("MAX(orphans)"),
        QStringLiteral("MAX(zombies)"),
        QStringLiteral("MAX(level)"),
        avg("sessions"),
    };
    return parts.join(QLatin1String(", "));
}

// A row of kColumns (time_ms, resolution_ms, sample_count, ...).
HistorySample readRow(const QSqlQuery &query)
{
    auto psi = [&](int column) {
        const QVariant value = query.value(column);
        return value.isNull() ? -1.0 : value.toDouble();
    };
    HistorySample sample;
    sample.timeMs = query.value(0).toLongLong();
    sample.resolutionMs = query.value(1).toLongLong();
    sample.sampleCount = query.value(2).toInt();
    sample.memAvailableKb = quint64(query.value(3).toLongLong());
    sample.memTotalKb = quint64(query.value(4).toLongLong());
    sample.swapUsedKb = quint64(query.value(5).toLongLong());
    sample.swapTotalKb = quint64(query.value(6).toLongLong());
    sample.psiSome10 = psi(7);
    sample.psiFull10 = psi(8);
    sample.agentCount = query.value(9).toInt();
    sample.agentRssKb = quint64(query.value(10).toLongLong());
    sample.agentPssKb = quint64(query.value(11).toLongLong());
    sample.agentSwapKb = quint64(query.value(12).toLongLong());
    sample.orphans = query.value(13).toInt();
    sample.zombies = query.value(14).toInt();
    sample.level = query.value(15).toInt();
    sample.sessions = query.value(16).toInt();
    return sample;
}

qint64 floorDiv(qint64 a, qint64 b)
{
    return a / b - (a % b != 0 && a < 0 ? 1 : 0);
}

} // namespace

SqliteHistoryStore::SqliteHistoryStore(const QString &file, const Clock &clock, int retentionDays,
                                       qint64 maxBytes)
    : m_file(QFileInfo(file).absoluteFilePath()), m_clock(clock), m_retentionDays(qMax(1, retentionDays)),
      m_maxBytes(qMax<qint64>(0, maxBytes)),
      m_connection(historydb::newConnectionName(QStringLiteral("agentmon-history")))
{
}

SqliteHistoryStore::~SqliteHistoryStore()
{
    close();
}

bool SqliteHistoryStore::isOpen() const
{
    return m_db.isValid() && m_db.isOpen();
}

void SqliteHistoryStore::close()
{
    m_insert.reset(); // a statement must be gone before its connection
    historydb::close(&m_db);
}

bool SqliteHistoryStore::fail(const QString &what, const QString &why) const
{
    m_errorString = QStringLiteral("cannot %1 the history %2: %3").arg(what, m_file, why);
    return false;
}

bool SqliteHistoryStore::open()
{
    if (isOpen())
        return true;
    const historydb::OpenResult opened =
        historydb::open(m_file, m_connection, QStringLiteral("history"), &m_db);
    m_warnings = opened.warnings;
    if (!opened.ok)
        return fail(QStringLiteral("open"), opened.errorString);
    QSqlQuery query(m_db);
    if (!query.exec(QStringLiteral("PRAGMA journal_size_limit=%1").arg(kWalLimitBytes))) {
        const QString why = describe(query.lastError());
        close();
        return fail(QStringLiteral("open"), why);
    }
    m_insert.emplace(m_db);
    if (!m_insert->prepare(QStringLiteral("INSERT OR REPLACE INTO samples (%1) VALUES (%2)")
                               .arg(kColumns, QStringLiteral("?, ").repeated(16) + QLatin1Char('?')))) {
        const QString why = describe(m_insert->lastError());
        close();
        return fail(QStringLiteral("open"), why);
    }
    m_errorString.clear();
    return true;
}

bool SqliteHistoryStore::record(const QList<HistorySample> &samples)
{
    if (!isOpen())
        return fail(QStringLiteral("write to"), QStringLiteral("it is not open"));
    if (samples.isEmpty()) {
        m_errorString.clear();
        return true;
    }
    const bool batch = samples.size() > 1;
    if (batch && !m_db.transaction())
        return fail(QStringLiteral("write to"), describe(m_db.lastError()));
    const qint64 now = m_clock.wallMs();
    QSqlQuery &insert = *m_insert;
    for (const HistorySample &sample : samples) {
        auto psi = [](double value) {
            return value < 0 ? QVariant(QMetaType(QMetaType::Double)) : QVariant(value);
        };
        int i = 0;
        insert.bindValue(i++, sample.timeMs ? sample.timeMs : now);
        insert.bindValue(i++, qMax<qint64>(0, sample.resolutionMs));
        insert.bindValue(i++, qMax(1, sample.sampleCount));
        insert.bindValue(i++, qint64(sample.memAvailableKb));
        insert.bindValue(i++, qint64(sample.memTotalKb));
        insert.bindValue(i++, qint64(sample.swapUsedKb));
        insert.bindValue(i++, qint64(sample.swapTotalKb));
        insert.bindValue(i++, psi(sample.psiSome10));
        insert.bindValue(i++, psi(sample.psiFull10));
        insert.bindValue(i++, sample.agentCount);
        insert.bindValue(i++, qint64(sample.agentRssKb));
        insert.bindValue(i++, qint64(sample.agentPssKb));
        insert.bindValue(i++, qint64(sample.agentSwapKb));
        insert.bindValue(i++, sample.orphans);
        insert.bindValue(i++, sample.zombies);
        insert.bindValue(i++, sample.level);
        insert.bindValue(i++, sample.sessions);
        if (!insert.exec()) {
            const QString why = describe(insert.lastError());
            insert.finish();
            if (batch)
                m_db.rollback();
            return fail(QStringLiteral("write to"), why);
        }
    }
    insert.finish();
    if (batch && !m_db.commit()) {
        const QString why = describe(m_db.lastError());
        m_db.rollback();
        return fail(QStringLiteral("write to"), why);
    }
    m_errorString.clear();
    return true;
}

QList<HistorySample> SqliteHistoryStore::samples(qint64 fromMs, qint64 toMs, int maxPoints) const
{
    QList<HistorySample> result;
    if (!isOpen()) {
        fail(QStringLiteral("read"), QStringLiteral("it is not open"));
        return result;
    }
    fromMs = qMax<qint64>(0, fromMs);
    m_errorString.clear();
    if (toMs < fromMs)
        return result;
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    auto run = [&](const QString &sql, const QVariantList &values) {
        bool ok = query.prepare(sql);
        for (const QVariant &value : values)
            query.addBindValue(value);
        if (ok)
            ok = query.exec();
        if (!ok)
            fail(QStringLiteral("read"), describe(query.lastError()));
        return ok;
    };

    qint64 count = 0;
    if (maxPoints > 0) {
        if (!run(QStringLiteral("SELECT COUNT(*) FROM samples WHERE time_ms BETWEEN ? AND ?"),
                 {fromMs, toMs}))
            return result;
        count = query.next() ? query.value(0).toLongLong() : 0;
    }
    if (maxPoints <= 0 || count <= maxPoints) {
        if (!run(QStringLiteral("SELECT %1 FROM samples WHERE time_ms BETWEEN ? AND ? ORDER BY time_ms")
                     .arg(kColumns),
                 {fromMs, toMs}))
            return result;
        while (query.next())
            result.append(readRow(query));
        return result;
    }

    const qint64 width = historyBucketMs(fromMs, toMs, maxPoints);
    const qint64 origin = maxPoints == 1 ? fromMs : 0;
    if (!run(QStringLiteral(
                 "SELECT (time_ms - ?) / ? AS bucket, 0, %1 FROM samples WHERE time_ms BETWEEN ? AND ? "
                 "GROUP BY bucket ORDER BY bucket")
                 .arg(aggregates()),
             {origin, width, fromMs, toMs}))
        return result;
    result.reserve(qsizetype(std::min<qint64>(count, maxPoints)));
    while (query.next()) {
        HistorySample sample = readRow(query);
        sample.timeMs = qMax(fromMs, origin + sample.timeMs * width);
        sample.resolutionMs = width;
        result.append(sample);
    }
    return result;
}

std::optional<qint64> SqliteHistoryStore::pragma(const char *name) const
{
    QSqlQuery query(m_db);
    if (!query.exec(QStringLiteral("PRAGMA %1").arg(QLatin1String(name))) || !query.next()) {
        fail(QStringLiteral("read"),
             QStringLiteral("PRAGMA %1: %2").arg(QLatin1String(name), describe(query.lastError())));
        return std::nullopt;
    }
    return query.value(0).toLongLong();
}

qint64 SqliteHistoryStore::usedBytes() const
{
    if (!isOpen())
        return -1;
    const auto pages = pragma("page_count");
    const auto free = pragma("freelist_count");
    const auto pageSize = pragma("page_size");
    if (!pages || !free || !pageSize)
        return -1;
    return (*pages - *free) * *pageSize;
}

qint64 SqliteHistoryStore::sizeBytes() const
{
    const QFileInfo main(m_file);
    const QFileInfo wal(m_file + QStringLiteral("-wal"));
    return (main.exists() ? main.size() : 0) + (wal.exists() ? wal.size() : 0);
}

qint64 SqliteHistoryStore::rowCount() const
{
    if (!isOpen())
        return -1;
    QSqlQuery query(m_db);
    if (!query.exec(QStringLiteral("SELECT COUNT(*) FROM samples")) || !query.next()) {
        fail(QStringLiteral("read"), describe(query.lastError()));
        return -1;
    }
    return query.value(0).toLongLong();
}

// Merges the rows older than olderThanMs (whole buckets only) into rows of resolutionMs. A bucket is merged
// when it holds a row of a finer resolution; its rows already merged count with their sample counts.
bool SqliteHistoryStore::merge(qint64 olderThanMs, qint64 resolutionMs, qint64 nowMs)
{
    const qint64 cutoff = floorDiv(nowMs - olderThanMs, resolutionMs) * resolutionMs;
    if (cutoff <= 0)
        return true;
    const QString r = QString::number(resolutionMs);
    const QString c = QString::number(cutoff);
    const QStringList statements = {
        QStringLiteral("CREATE TEMP TABLE IF NOT EXISTS merged (%1)").arg(kColumns),
        QStringLiteral("DELETE FROM temp.merged"),
        QStringLiteral(
            "INSERT INTO temp.merged (%1) SELECT (time_ms / %2) * %2, MAX(MAX(resolution_ms), %2), %3 "
            "FROM samples WHERE time_ms < %4 AND time_ms / %2 IN "
            "(SELECT time_ms / %2 FROM samples WHERE time_ms < %4 AND resolution_ms < %2) "
            "GROUP BY time_ms / %2")
            .arg(kColumns, r, aggregates(), c),
        QStringLiteral("DELETE FROM samples WHERE time_ms < %2 AND time_ms / %1 IN "
                       "(SELECT time_ms / %1 FROM temp.merged)")
            .arg(r, c),
        QStringLiteral("INSERT INTO samples (%1) SELECT %1 FROM temp.merged").arg(kColumns),
        QStringLiteral("DELETE FROM temp.merged"),
    };
    QSqlQuery query(m_db);
    for (const QString &statement : statements) {
        if (!query.exec(statement))
            return fail(QStringLiteral("downsample"), describe(query.lastError()));
    }
    return true;
}

// Deletes the oldest rows while the pages in use exceed the bound, down to 90% of it.
bool SqliteHistoryStore::dropOldestWhileOver()
{
    if (m_maxBytes <= 0)
        return true;
    qint64 used = usedBytes();
    if (used < 0)
        return false;
    if (used <= m_maxBytes)
        return true;
    const qint64 target = m_maxBytes / 10 * 9;
    QSqlQuery query(m_db);
    for (int round = 0; round < 100 && used > target; ++round) {
        const qint64 rows = rowCount();
        if (rows < 0)
            return false;
        if (rows == 0)
            break; // the rest is the kill audit log's: not ours to drop
        // The share of the pages to free, as a share of the rows (a little less: the schema and the audit
        // log take pages too), at least 5% of them per round.
        const double share = double(used - target) / double(used);
        const qint64 drop =
            std::clamp<qint64>(qint64(std::ceil(double(rows) * share)), qMax<qint64>(1, rows / 20), rows);
        if (!query.prepare(QStringLiteral("DELETE FROM samples WHERE time_ms IN (SELECT time_ms FROM samples "
                                          "ORDER BY time_ms LIMIT ?)"))) {
            return fail(QStringLiteral("bound the size of"), describe(query.lastError()));
        }
        query.addBindValue(drop);
        if (!query.exec())
            return fail(QStringLiteral("bound the size of"), describe(query.lastError()));
        used = usedBytes();
        if (used < 0)
            return false;
    }
    return true;
}

// Returns free pages to the file system when they are a quarter of the file or more, or when the file is
// over its bound, and cuts the WAL back.
bool SqliteHistoryStore::giveSpaceBack()
{
    const auto pages = pragma("page_count");
    const auto free = pragma("freelist_count");
    const auto pageSize = pragma("page_size");
    const auto autoVacuum = pragma("auto_vacuum");
    if (!pages || !free || !pageSize || !autoVacuum)
        return false;
    const bool over = m_maxBytes > 0 && *pages * *pageSize > m_maxBytes;
    if (*free == 0 || (*free * 4 < *pages && !over))
        return true;
    QSqlQuery query(m_db);
    if (*autoVacuum == 2 /* incremental */) {
        // Qt steps a statement once when it has no columns, and each step of incremental_vacuum frees one
        // page: one execution per free page, in one transaction.
        if (!m_db.transaction())
            return fail(QStringLiteral("shrink"), describe(m_db.lastError()));
        if (!query.prepare(QStringLiteral("PRAGMA incremental_vacuum"))) {
            const QString why = describe(query.lastError());
            m_db.rollback();
            return fail(QStringLiteral("shrink"), why);
        }
        for (qint64 page = 0; page < *free; ++page) {
            if (!query.exec()) {
                const QString why = describe(query.lastError());
                query.finish();
                m_db.rollback();
                return fail(QStringLiteral("shrink"), why);
            }
        }
        query.finish();
        if (!m_db.commit()) {
            const QString why = describe(m_db.lastError());
            m_db.rollback();
            return fail(QStringLiteral("shrink"), why);
        }
    } else {
        // A file made before auto_vacuum: rewritten once, in incremental mode from then on.
        if (!query.exec(QStringLiteral("PRAGMA auto_vacuum=INCREMENTAL")) ||
            !query.exec(QStringLiteral("VACUUM")))
            return fail(QStringLiteral("shrink"), describe(query.lastError()));
    }
    query.finish();
    // The database file shrinks when the WAL is checkpointed; TRUNCATE also empties the WAL. A reader holding
    // an old snapshot makes it give up (busy): the next prune tries again.
    if (!query.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")))
        return fail(QStringLiteral("shrink"), describe(query.lastError()));
    query.finish();
    return true;
}

int SqliteHistoryStore::prune()
{
    if (!isOpen()) {
        fail(QStringLiteral("prune"), QStringLiteral("it is not open"));
        return -1;
    }
    const qint64 before = rowCount();
    if (before < 0)
        return -1;
    const qint64 now = m_clock.wallMs();
    if (!m_db.transaction()) {
        fail(QStringLiteral("prune"), describe(m_db.lastError()));
        return -1;
    }
    auto rollback = [this] {
        const QString why = m_errorString;
        m_db.rollback();
        m_errorString = why;
        return -1;
    };
    QSqlQuery query(m_db);
    bool ok = query.prepare(QStringLiteral("DELETE FROM samples WHERE time_ms < ?"));
    if (ok) {
        query.addBindValue(now - qint64(m_retentionDays) * kDayMs);
        ok = query.exec();
    }
    if (!ok) {
        fail(QStringLiteral("prune"), describe(query.lastError()));
        return rollback();
    }
    query.finish();
    // Coarsest first: rows old enough for several tiers are merged once, from the samples themselves.
    for (auto tier = std::rbegin(kHistoryTiers); tier != std::rend(kHistoryTiers); ++tier) {
        if (!merge(tier->olderThanMs, tier->resolutionMs, now))
            return rollback();
    }
    if (!dropOldestWhileOver())
        return rollback();
    if (!m_db.commit()) {
        fail(QStringLiteral("prune"), describe(m_db.lastError()));
        return rollback();
    }
    if (!giveSpaceBack())
        return -1;
    const qint64 after = rowCount();
    if (after < 0)
        return -1;
    m_errorString.clear();
    return int(qMax<qint64>(0, before - after));
}

} // namespace agentmon
