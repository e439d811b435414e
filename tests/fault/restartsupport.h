#pragma once

// Shared by tst_faultrestart and tst_faultdisk: running agentmonctl, reading what a daemon wrote, and a
// guard that ends every process a test started, by verified identity, whatever path the test takes.
#include "auditlog.h"
#include "ctlrun.h"
#include "helperprocess.h"
#include "instanceclient.h"
#include "testdaemon.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>

#include <csignal>

namespace agentmon::test {

using Run = CtlRun;

// Every process a test learns of (members of the trees it started, escapees included) is killed with SIGKILL
// when the guard goes, through a pidfd checked against its (pid, starttime): nothing else can be hit.
class ProcessGuard {
public:
    ProcessGuard() = default;
    ProcessGuard(const ProcessGuard &) = delete;
    ProcessGuard &operator=(const ProcessGuard &) = delete;
    ~ProcessGuard()
    {
        for (const ProcessKey &key : std::as_const(m_keys))
            signalVerified(key, SIGKILL);
        for (const ProcessKey &key : std::as_const(m_keys))
            waitGone(key, 5000);
    }
    // The key of pid now, remembered for the clean-up; invalid when pid is gone.
    ProcessKey watch(int pid)
    {
        const auto key = keyOf(pid);
        if (!key)
            return {};
        m_keys.append(*key);
        return *key;
    }

private:
    QList<ProcessKey> m_keys;
};

inline bool alive(const ProcessKey &key)
{
    return key.isValid() && keyOf(key.pid) == key && !waitGone(key, 0);
}

inline int parentOf(int pid)
{
    QFile file(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray line = file.readAll();
    const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
    return fields.size() > 1 ? fields.at(1).toInt() : 0;
}

inline QJsonObject readJsonFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

// The marks of reaps in progress that registry.json holds for session.
inline QJsonArray reapMarksFor(const QString &registryFile, const QString &session)
{
    QJsonArray marks;
    for (const QJsonValue &mark : readJsonFile(registryFile).value(QLatin1String("reaps")).toArray()) {
        if (mark.toObject().value(QLatin1String("session")).toString() == session)
            marks.append(mark);
    }
    return marks;
}

inline int sessionSize(const InstanceClient &client, const QString &session)
{
    for (const QJsonValue &v : client.request("GET", QStringLiteral("/api/sessions")).json.array()) {
        if (v.toObject().value(QLatin1String("id")).toString() == session)
            return v.toObject().value(QLatin1String("processes")).toInt();
    }
    return -1;
}

inline QJsonObject processObject(const InstanceClient &client, int pid)
{
    for (const QJsonValue &value :
         client.request("GET", QStringLiteral("/api/processes?all=1")).json.array()) {
        if (value.toObject().value(QLatin1String("pid")).toInt() == pid)
            return value.toObject();
    }
    return {};
}

// The kill audit log rows of session, read through a read-only connection of its own: a test never writes
// to (or moves aside) the database of the daemon it watches. Empty when it cannot be read now.
inline QList<AuditEntry> auditRows(const QString &historyFile, const QString &session)
{
    static int serial = 0;
    const QString name = QStringLiteral("fault-audit-%1").arg(++serial);
    QList<AuditEntry> rows;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(historyFile);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=2000"));
        if (db.open()) {
            QSqlQuery query(db);
            query.prepare(
                QStringLiteral(R"(SELECT pid, starttime, requested_by, outcome, "signal", reason, "trigger",
                                             reap_id FROM kills WHERE session = ? ORDER BY id)"));
            query.addBindValue(session);
            if (query.exec()) {
                while (query.next()) {
                    AuditEntry row;
                    row.session = session;
                    row.key = {query.value(0).toInt(), quint64(query.value(1).toLongLong())};
                    row.requestedBy = query.value(2).toString();
                    row.outcome = query.value(3).toString();
                    row.signal = query.value(4).toString();
                    row.reason = query.value(5).toString();
                    row.trigger = query.value(6).toString();
                    row.reapId = query.value(7).toString();
                    rows.append(row);
                }
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return rows;
}

} // namespace agentmon::test
