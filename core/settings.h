#pragma once

#include "sessiontracker.h"

#include <QSettings>
#include <QString>
#include <QVariant>

namespace agentmon {

// Typed access to agentmon.conf (QSettings INI). Every key and its default live in one table in settings.cpp;
// values out of range fall back to the default with a warning in problems().
class Settings {
public:
    explicit Settings(const QString &file);

    StatusPolicy statusPolicy() const;

    QVariant value(const char *key) const;
    void setValue(const char *key, const QVariant &value);
    QStringList problems() const;
    QString fileName() const { return m_settings.fileName(); }

private:
    double number(const char *key) const;

    mutable QSettings m_settings;
    mutable QStringList m_problems;
};

} // namespace agentmon
