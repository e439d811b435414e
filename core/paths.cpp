#include "paths.h"

#include <QDir>
#include <QStandardPaths>

#include <unistd.h>

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
    // Without XDG_RUNTIME_DIR (cron, some servers) QStandardPaths warns and falls back to /tmp; do that
    // quietly, in a directory of our own that Instance::start makes private (0700).
    if (qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR"))
        return QDir::tempPath() + QStringLiteral("/agentmon-%1").arg(::getuid());
    return QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation) + QStringLiteral("/agentmon");
}

} // namespace agentmon
