#pragma once

#include <QString>

namespace agentmon {

// Where agentmon keeps its files (design.md, "Files"): the XDG locations of QStandardPaths, or all of them in
// one directory when AGENTMON_HOME is set (tests, portable use).
class Paths {
public:
    // Reads AGENTMON_HOME from the environment.
    Paths();
    // All files in home (empty: the standard locations).
    explicit Paths(const QString &home);

    QString configDir() const;
    QString dataDir() const;
    QString runtimeDir() const;

    QString configFile() const { return configDir() + QStringLiteral("/agentmon.conf"); }
    QString rulesFile() const { return configDir() + QStringLiteral("/rules.json"); }
    QString tokenFile() const { return configDir() + QStringLiteral("/token"); }
    QString registryFile() const { return dataDir() + QStringLiteral("/registry.json"); }
    QString historyFile() const { return dataDir() + QStringLiteral("/history.sqlite"); }
    QString instanceFile() const { return runtimeDir() + QStringLiteral("/instance.json"); }

    bool isPortable() const { return !m_home.isEmpty(); }

private:
    QString m_home;
};

} // namespace agentmon
