#include "settings.h"

namespace agentmon {

namespace {

struct KeyDefault {
    const char *key;
    double defaultValue;
    double min;
    double max;
};

// design.md "Defaults"
constexpr KeyDefault table[] = {
    {"status/lingerSeconds", 30, 0, 86400},
    {"status/idleWindowSeconds", 120, 1, 86400},
    {"status/idleCpuPercent", 1.0, 0, 100},
    {"status/maxAgeMinutes", 120, 1, 525600},
};

const KeyDefault *find(const char *key)
{
    for (const KeyDefault &entry : table) {
        if (qstrcmp(entry.key, key) == 0)
            return &entry;
    }
    return nullptr;
}

} // namespace

Settings::Settings(const QString &file) : m_settings(file, QSettings::IniFormat) {}

double Settings::number(const char *key) const
{
    const KeyDefault *entry = find(key);
    Q_ASSERT(entry);
    const QVariant raw = m_settings.value(QLatin1String(key));
    if (!raw.isValid())
        return entry->defaultValue;
    bool ok = false;
    const double value = raw.toDouble(&ok);
    if (!ok || value < entry->min || value > entry->max) {
        const QString problem = QStringLiteral("%1: %2 = \"%3\" is not a number from %4 to %5; using %6")
                                    .arg(m_settings.fileName(), QLatin1String(key), raw.toString())
                                    .arg(entry->min)
                                    .arg(entry->max)
                                    .arg(entry->defaultValue);
        if (!m_problems.contains(problem))
            m_problems.append(problem);
        return entry->defaultValue;
    }
    return value;
}

QVariant Settings::value(const char *key) const
{
    return number(key);
}

void Settings::setValue(const char *key, const QVariant &value)
{
    Q_ASSERT(find(key));
    m_settings.setValue(QLatin1String(key), value);
}

QStringList Settings::problems() const
{
    for (const KeyDefault &entry : table)
        number(entry.key);
    return m_problems;
}

StatusPolicy Settings::statusPolicy() const
{
    StatusPolicy policy;
    policy.lingerMs = qint64(number("status/lingerSeconds") * 1000);
    policy.idleWindowMs = qint64(number("status/idleWindowSeconds") * 1000);
    policy.idleCpuPct = number("status/idleCpuPercent");
    policy.maxAgeMs = qint64(number("status/maxAgeMinutes") * 60'000);
    return policy;
}

} // namespace agentmon
