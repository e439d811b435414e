#include "paths.h"

#include <QDir>
#include <QStandardPaths>

namespace agentmon {

Paths::Paths() : Paths(qEnvironmentVariable("AGENTMON_HOME")) {}

Paths::Paths(const QString &home) : m_home(home.isEmpty() ? QString() : QDir(home).absolutePath()) {}

QString Paths::configDir() const
{
    if (isPortable())
        return m_home;
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) +
           QStringLiteral("/agentmon");
}

QString Paths::dataDir() const
{
    if (isPortable())
        return m_home;
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
           QStringLiteral("/agentmon");
}

QString Paths::runtimeDir() const
{
    if (isPortable())
        return m_home;
    return QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation) + QStringLiteral("/agentmon");
}

} // namespace agentmon
