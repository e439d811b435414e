#pragma once

// Small file helpers shared by the tests of the things that keep files (registry, audit log, history).
#include <QByteArray>
#include <QDebug>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QStringList>

#include <sys/stat.h>
#include <unistd.h>

namespace agentmon::test {

inline QByteArray readAll(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

inline bool writeAll(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

// Root ignores file permissions: tests of unwritable directories skip then.
inline bool isRoot()
{
    return ::geteuid() == 0;
}

// The permission bits of path, -1 when it cannot be read.
inline int fileMode(const QString &path)
{
    struct stat st {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return -1;
    return int(st.st_mode & 07777);
}

// Runs statements on an SQLite file through a connection of its own, to plant rows or damage.
inline bool execSql(const QString &file, const QStringList &statements)
{
    const QString name = QStringLiteral("agentmon-test-raw");
    bool ok = true;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(file);
        ok = db.open();
        if (ok) {
            QSqlQuery query(db);
            for (const QString &statement : statements) {
                if (!query.exec(statement)) {
                    qWarning() << statement << query.lastError();
                    ok = false;
                    break;
                }
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

} // namespace agentmon::test
