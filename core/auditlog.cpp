#include "auditlog.h"

#include "clock.h"

#include <QAtomicInteger>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

namespace agentmon {

namespace {

const QString kDriver = QStringLiteral("QSQLITE");
const QString kVersionKey = QStringLiteral("schema_version");
constexpr QFileDevice::Permissions kFileMode = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
// Files SQLite keeps next to a database; they go where the database goes.
const QStringList kCompanions = {QStringLiteral("-wal"), QStringLiteral("-shm"), QStringLiteral("-journal")};

const QStringList kKillsColumns = {
    QStringLiteral("id"),      QStringLiteral("time_ms"),      QStringLiteral("session"),
    QStringLiteral("pid"),     QStringLiteral("starttime"),    QStringLiteral("command"),
    QStringLiteral("class"),   QStringLiteral("reason"),       QStringLiteral("signal"),
    QStringLiteral("outcome"), QStringLiteral("rss_freed_kb"), QStringLiteral("requested_by"),
    QStringLiteral("trigger"), QStringLiteral("reap_id"),
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
};

const QString kSelectColumns = QStringLiteral(
    R"(SELECT time_ms, session, pid, starttime, command, "class", reason, "signal", outcome, rss_freed_kb,
       requested_by, "trigger", reap_id FROM kills)");

QString newConnectionName()
{
    static QAtomicInteger<quint64> counter;
    return QStringLiteral("agentmon-auditlog-%1").arg(counter.fetchAndAddRelaxed(1) + 1);
}

// SQLite's primary result code of a failed statement (the driver reports it as text).
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

// A text column is never NULL: a null QString is stored as ''.
QVariant text(const QString &value)
{
    return value.isNull() ? QVariant(QString(QLatin1String(""))) : QVariant(value);
}

} // namespace

AuditLog::AuditLog(const QString &file, const Clock &clock)
    : m_file(QFileInfo(file).absoluteFilePath()), m_clock(clock), m_connection(newConnectionName())
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
    if (!m_db.isValid())
        return;
    m_db.close();
    m_db = QSqlDatabase(); // the last handle on the connection must be gone before it is removed
    QSqlDatabase::removeDatabase(m_connection);
}

bool AuditLog::open()
{
    if (isOpen())
        return true;
    m_errorString.clear();
    m_warnings.clear();
    auto fail = [this](const QString &why) {
        m_errorString = QStringLiteral("cannot open the audit log %1: %2").arg(m_file, why);
        close();
        return false;
    };

    if (!QSqlDatabase::isDriverAvailable(kDriver))
        return fail(
            QStringLiteral("the Qt SQL driver %1 is not installed (Debian: libqt6sql6-sqlite)").arg(kDriver));
    const QString dir = QFileInfo(m_file).absolutePath();
    if (!QDir().mkpath(dir))
        return fail(QStringLiteral("cannot create the directory %1").arg(dir));
    // SQLite creates -wal and -shm files next to the database: a read-only directory is no use.
    const QFileInfo dirInfo(dir);
    if (!dirInfo.isDir() || !dirInfo.isWritable())
        return fail(QStringLiteral("the directory %1 is not writable").arg(dir));

    QString why;
    switch (checkExisting(&why)) {
    case Check::Ok:
    case Check::Fresh:
        break;
    case Check::Error:
        return fail(why);
    case Check::Corrupt:
        if (!moveAside(why))
            return fail(m_errorString);
        break;
    }

    // Created here rather than by SQLite so that it is 0600 from the start (command lines may hold secrets).
    QFile file(m_file);
    if (!file.exists()) {
        if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, kFileMode))
            return fail(QStringLiteral("cannot create the file: %1").arg(file.errorString()));
        file.close();
    }
    QFile::setPermissions(m_file, kFileMode);

    if (!openConnection() || !createSchema())
        return fail(m_errorString);
    return true;
}

// Looks at an existing file through a read-only connection, so that a corrupt file is moved aside with the
// bytes it had (a read-write connection could replay or checkpoint a WAL into it).
AuditLog::Check AuditLog::checkExisting(QString *why)
{
    QFile file(m_file);
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
        if (!QFileInfo::exists(m_file + suffix))
            madeByCheck.append(m_file + suffix);
    }

    const QString name = m_connection + QStringLiteral("-check");
    Check result = Check::Ok;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(kDriver, name);
        db.setDatabaseName(m_file);
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
                    // Another store of history.sqlite may have made the file first; a kills table without
                    // a meta table is not ours.
                    if (tables.contains(QStringLiteral("kills"))) {
                        *why = QStringLiteral("of an unknown schema (a kills table but no meta table)");
                        result = Check::Corrupt;
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
                if (!tables.contains(QStringLiteral("kills")))
                    return; // created by createSchema()
                if (!query.exec(QStringLiteral("PRAGMA table_info(kills)"))) {
                    result = failed(query.lastError(), QStringLiteral("reading the kills table"));
                    return;
                }
                QSet<QString> columns;
                while (query.next())
                    columns.insert(query.value(1).toString());
                QStringList missing;
                for (const QString &column : kKillsColumns) {
                    if (!columns.contains(column))
                        missing.append(column);
                }
                if (!missing.isEmpty()) {
                    *why = QStringLiteral("of an unknown schema (its kills table lacks the columns %1)")
                               .arg(missing.join(QLatin1String(", ")));
                    result = Check::Corrupt;
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

bool AuditLog::moveAside(const QString &why)
{
    const QString base = m_file + QStringLiteral(".corrupt-") +
                         QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    QString target;
    for (int n = 1;; ++n) {
        if (n >= 1000) {
            m_errorString = QStringLiteral("the file is %1 and no free name was found to move it aside as %2")
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
    if (!QFile::rename(m_file, target)) {
        m_errorString = QStringLiteral("the file is %1 and could not be moved aside to %2").arg(why, target);
        return false;
    }
    QStringList moved{target};
    for (const QString &suffix : kCompanions) {
        const QString companion = m_file + suffix;
        if (!QFileInfo::exists(companion))
            continue;
        if (QFile::rename(companion, target + suffix)) {
            moved.append(target + suffix);
            continue;
        }
        // Left there it would be taken for the new database's own: it cannot stay.
        if (!QFile::remove(companion)) {
            m_errorString =
                QStringLiteral(
                    "the file is %1; it was moved aside to %2 but %3 could neither be moved nor removed")
                    .arg(why, target, companion);
            return false;
        }
        m_warnings.append(QStringLiteral("audit log %1: %2 could not be moved aside to %3 and was removed")
                              .arg(m_file, companion, target + suffix));
    }
    m_warnings.prepend(QStringLiteral("audit log %1 is %2: moved it aside to %3 and started a new one")
                           .arg(m_file, why, moved.join(QLatin1String(", "))));
    return true;
}

bool AuditLog::openConnection()
{
    m_db = QSqlDatabase::addDatabase(kDriver, m_connection);
    m_db.setDatabaseName(m_file);
    m_db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!m_db.open()) {
        m_errorString = describe(m_db.lastError());
        return false;
    }
    QSqlQuery query(m_db);
    if (!query.exec(QStringLiteral("PRAGMA journal_mode=WAL"))) {
        m_errorString = QStringLiteral("PRAGMA journal_mode=WAL failed: %1").arg(describe(query.lastError()));
        return false;
    }
    const QString mode = query.next() ? query.value(0).toString() : QString();
    if (mode.compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0)
        m_warnings.append(QStringLiteral("audit log %1: WAL mode is not available here (journal mode \"%2\")")
                              .arg(m_file, mode));
    if (!query.exec(QStringLiteral("PRAGMA synchronous=NORMAL"))) {
        m_errorString =
            QStringLiteral("PRAGMA synchronous=NORMAL failed: %1").arg(describe(query.lastError()));
        return false;
    }
    return true;
}

bool AuditLog::createSchema()
{
    if (!m_db.transaction()) {
        m_errorString = QStringLiteral("cannot begin a transaction: %1").arg(describe(m_db.lastError()));
        return false;
    }
    QSqlQuery query(m_db);
    auto fail = [&](const QString &what) {
        m_errorString = QStringLiteral("%1 failed: %2").arg(what, describe(query.lastError()));
        query.finish();
        m_db.rollback();
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
    if (!m_db.commit()) {
        m_errorString = QStringLiteral("cannot commit the schema: %1").arg(describe(m_db.lastError()));
        m_db.rollback();
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
