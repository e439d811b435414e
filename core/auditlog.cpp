#include "auditlog.h"

#include "clock.h"
#include "historydatabase.h"

#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>

namespace agentmon {

namespace {

const QString kSelectColumns = QStringLiteral(
    R"(SELECT time_ms, session, pid, starttime, command, "class", reason, "signal", outcome, rss_freed_kb,
       requested_by, "trigger", reap_id FROM kills)");

using historydb::describe;

// A text column is never NULL: a null QString is stored as ''.
QVariant text(const QString &value)
{
    return value.isNull() ? QVariant(QString(QLatin1String(""))) : QVariant(value);
}

} // namespace

AuditLog::AuditLog(const QString &file, const Clock &clock)
    : m_file(QFileInfo(file).absoluteFilePath()), m_clock(clock),
      m_connection(historydb::newConnectionName(QStringLiteral("agentmon-auditlog")))
{
}

AuditLog::~AuditLog()
{
    close();
}

bool AuditLog::isOpen() const
{
    return m_db.isValid() && m_db.isOpen();
}

void AuditLog::close()
{
    historydb::close(&m_db);
}

bool AuditLog::open()
{
    if (isOpen())
        return true;
    const historydb::OpenResult opened =
        historydb::open(m_file, m_connection, QStringLiteral("audit log"), &m_db);
    m_warnings = opened.warnings;
    m_errorString.clear();
    if (!opened.ok) {
        m_errorString = QStringLiteral("cannot open the audit log %1: %2").arg(m_file, opened.errorString);
        return false;
    }
    return true;
}

bool AuditLog::record(const QList<AuditEntry> &entries)
{
    if (!isOpen()) {
        m_lastError = QStringLiteral("the audit log %1 is not open%2")
                          .arg(m_file, m_errorString.isEmpty() ? QString()
                                                               : QStringLiteral(" (%1)").arg(m_errorString));
        return false;
    }
    if (entries.isEmpty()) {
        m_lastError.clear();
        return true;
    }
    if (!m_db.transaction()) {
        m_lastError =
            QStringLiteral("cannot write to the audit log %1: %2").arg(m_file, describe(m_db.lastError()));
        return false;
    }
    const qint64 now = m_clock.wallMs();
    QSqlQuery query(m_db);
    auto fail = [&](const QSqlError &error) {
        m_lastError = QStringLiteral("cannot write to the audit log %1: %2").arg(m_file, describe(error));
        query.finish();
        m_db.rollback();
        return false;
    };
    if (!query.prepare(QStringLiteral(
            R"(INSERT INTO kills (time_ms, session, pid, starttime, command, "class", reason, "signal", outcome,
                rss_freed_kb, requested_by, "trigger", reap_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?))")))
        return fail(query.lastError());
    for (const AuditEntry &entry : entries) {
        query.addBindValue(entry.timeMs ? entry.timeMs : now);
        query.addBindValue(text(entry.session));
        query.addBindValue(entry.key.pid);
        query.addBindValue(qint64(entry.key.starttime));
        query.addBindValue(text(entry.command));
        query.addBindValue(text(entry.cls));
        query.addBindValue(text(entry.reason));
        query.addBindValue(text(entry.signal));
        query.addBindValue(text(entry.outcome));
        query.addBindValue(qint64(entry.rssFreedKb));
        query.addBindValue(text(entry.requestedBy));
        query.addBindValue(text(entry.trigger));
        query.addBindValue(text(entry.reapId));
        if (!query.exec())
            return fail(query.lastError());
    }
    query.finish();
    if (!m_db.commit()) {
        const QSqlError error = m_db.lastError();
        m_db.rollback();
        m_lastError = QStringLiteral("cannot write to the audit log %1: %2").arg(m_file, describe(error));
        return false;
    }
    m_lastError.clear();
    return true;
}

QList<AuditEntry> AuditLog::select(const QString &where, const QVariantList &values, int limit) const
{
    QList<AuditEntry> result;
    if (!isOpen())
        return result;
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    QString sql = kSelectColumns + QStringLiteral(" WHERE ") + where +
                  QStringLiteral(" ORDER BY time_ms DESC, id DESC");
    if (limit > 0)
        sql += QStringLiteral(" LIMIT %1").arg(limit);
    if (!query.prepare(sql)) {
        m_lastError =
            QStringLiteral("cannot read the audit log %1: %2").arg(m_file, describe(query.lastError()));
        return result;
    }
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec()) {
        m_lastError =
            QStringLiteral("cannot read the audit log %1: %2").arg(m_file, describe(query.lastError()));
        return result;
    }
    while (query.next()) {
        AuditEntry entry;
        entry.timeMs = query.value(0).toLongLong();
        entry.session = query.value(1).toString();
        entry.key.pid = query.value(2).toInt();
        entry.key.starttime = quint64(query.value(3).toLongLong());
        entry.command = query.value(4).toString();
        entry.cls = query.value(5).toString();
        entry.reason = query.value(6).toString();
        entry.signal = query.value(7).toString();
        entry.outcome = query.value(8).toString();
        entry.rssFreedKb = quint64(query.value(9).toLongLong());
        entry.requestedBy = query.value(10).toString();
        entry.trigger = query.value(11).toString();
        entry.reapId = query.value(12).toString();
        result.append(entry);
    }
    return result;
}

QList<AuditEntry> AuditLog::entries(qint64 sinceWallMs, int limit) const
{
    return select(QStringLiteral("time_ms >= ?"), {sinceWallMs}, limit);
}

QList<AuditEntry> AuditLog::entriesForSession(const QString &session) const
{
    return select(QStringLiteral("session = ?"), {text(session)}, 0);
}

int AuditLog::prune(qint64 retentionMs)
{
    if (!isOpen()) {
        m_lastError = QStringLiteral("the audit log %1 is not open").arg(m_file);
        return -1;
    }
    QSqlQuery query(m_db);
    bool done = query.prepare(QStringLiteral("DELETE FROM kills WHERE time_ms < ?"));
    if (done) {
        query.addBindValue(m_clock.wallMs() - qMax<qint64>(retentionMs, 0));
        done = query.exec();
    }
    if (!done) {
        m_lastError =
            QStringLiteral("cannot prune the audit log %1: %2").arg(m_file, describe(query.lastError()));
        return -1;
    }
    m_lastError.clear();
    return query.numRowsAffected();
}

qint64 AuditLog::sizeBytes() const
{
    const QFileInfo main(m_file);
    const QFileInfo wal(m_file + QStringLiteral("-wal"));
    return (main.exists() ? main.size() : 0) + (wal.exists() ? wal.size() : 0);
}

QHash<QString, quint64> AuditLog::countsBySignalAndTrigger() const
{
    QHash<QString, quint64> counts;
    if (!isOpen())
        return counts;
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral(R"(SELECT "signal", requested_by, COUNT(*) FROM kills GROUP BY 1, 2)"))) {
        m_lastError =
            QStringLiteral("cannot read the audit log %1: %2").arg(m_file, describe(query.lastError()));
        return counts;
    }
    while (query.next())
        counts.insert(query.value(0).toString() + QLatin1Char('|') + query.value(1).toString(),
                      quint64(query.value(2).toLongLong()));
    return counts;
}

} // namespace agentmon
