#include "settings.h"

#include "coretext.h"

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
    {"sampler/guiIntervalSeconds", 2, 0.5, 3600},
    {"sampler/daemonIntervalSeconds", 5, 0.5, 3600},
    {"health/sweepSeconds", 30, 1, 86400},
    {"pool/maxConcurrent", 2, 1, 1000},
    {"pool/hardCap", 10, 1, 1000},
    {"pool/waitTimeoutSeconds", 60, 0, 86400},
    {"reaper/graceMs", 5000, 0, 600000},
    {"reaper/confirmMs", 1000, 100, 600000},
    {"reaper/intervalMinutes", 5, 0, 10080},
    {"reaper/minAgeSeconds", 120, 0, 86400},
    {"api/port", 37790, 1, 65535},
    {"launcher/stderrTailBytes", 8192, 0, 1048576},
    // Memory pressure levels; 0 (MemAvailable) or 100 (percentages) turns a threshold off.
    {"pressure/warnAvailableMb", 1024, 0, 1e9},
    {"pressure/warnSwapPercent", 70, 0, 100},
    {"pressure/warnPsiSomeAvg10", 10, 0, 100},
    {"pressure/warnZombies", 500, 0, 1e9},
    {"pressure/critPsiFullAvg10", 40, 0, 100},
    {"pressure/critAvailablePercent", 5, 0, 100},
    {"pressure/hysteresisPercent", 20, 0, 90},
    {"pressure/minDwellSeconds", 30, 0, 86400},
    // history.sqlite: samples (and kill audit log) kept this long; the samples bounded to this size.
    {"history/retentionDays", 7, 1, 3650},
    {"history/maxMegabytes", 256, 1, 1048576},
};

const char *const scrubKey = "launcher/scrubEnvironment";
const char *const pausedKey = "reaper/paused";

struct PolicyDefault {
    const char *key;
    Settings::Policy value;
};
constexpr PolicyDefault policyTable[] = {
    {"policy/leaks", Settings::Policy::Notify},
    {"policy/orphans", Settings::Policy::Auto},
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
    if (!entry)
        return 0;
    const QVariant raw = m_settings.value(QLatin1String(key));
    if (!raw.isValid())
        return entry->defaultValue;
    bool ok = false;
    const double value = raw.toDouble(&ok);
    if (!ok || value < entry->min || value > entry->max) {
        const QString problem = coreText(CoreText::SettingNotNumber)
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

void Settings::setValue(const char *key, const QVariant &value)
{
    Q_ASSERT(find(key) || qstrcmp(key, scrubKey) == 0 || qstrncmp(key, "policy/", 7) == 0 ||
             qstrcmp(key, pausedKey) == 0);
    m_settings.setValue(QLatin1String(key), value);
}

void Settings::remove(const char *key)
{
    m_settings.remove(QLatin1String(key));
}

QList<Settings::NumericKey> Settings::numericKeys()
{
    QList<NumericKey> keys;
    for (const KeyDefault &entry : table)
        keys.append({entry.key, entry.defaultValue, entry.min, entry.max});
    return keys;
}

QList<QPair<const char *, Settings::Policy>> Settings::policyKeys()
{
    QList<QPair<const char *, Policy>> keys;
    for (const PolicyDefault &entry : policyTable)
        keys.append({entry.key, entry.value});
    return keys;
}

QString Settings::policyName(Policy policy)
{
    switch (policy) {
    case Policy::Off:
        return QStringLiteral("off");
    case Policy::Notify:
        return QStringLiteral("notify");
    case Policy::Auto:
        return QStringLiteral("auto");
    }
    return {};
}

bool Settings::reaperPaused() const
{
    const QVariant raw = m_settings.value(QLatin1String(pausedKey));
    return raw.isValid() && (raw.toString() == QLatin1String("true") || raw.toString() == QLatin1String("1"));
}

QStringList Settings::problems() const
{
    for (const PolicyDefault &entry : policyTable)
        policy(entry.key);
    for (const KeyDefault &entry : table)
        number(entry.key);
    poolLimits();
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

PoolLimits Settings::poolLimits() const
{
    PoolLimits limits;
    limits.maxConcurrent = int(number("pool/maxConcurrent"));
    limits.hardCap = int(number("pool/hardCap"));
    limits.waitTimeoutMs = qint64(number("pool/waitTimeoutSeconds") * 1000);
    auto fromEnvironment = [this](const char *name, int &target) {
        const QString text = qEnvironmentVariable(name);
        if (text.isEmpty())
            return;
        bool ok = false;
        const int value = text.toInt(&ok);
        if (ok && value >= 1 && value <= 1000) {
            target = value;
        } else {
            const QString problem = coreText(CoreText::EnvironmentNotNumber).arg(QLatin1String(name), text);
            if (!m_problems.contains(problem))
                m_problems.append(problem);
        }
    };
    fromEnvironment("AGENTMON_MAX_CONCURRENT", limits.maxConcurrent);
    fromEnvironment("AGENTMON_HARD_CAP", limits.hardCap);
    limits.maxConcurrent = qMin(limits.maxConcurrent, limits.hardCap);
    return limits;
}

CascadeTimes Settings::cascadeTimes() const
{
    return {qint64(number("reaper/graceMs")), qint64(number("reaper/confirmMs"))};
}

qint64 Settings::sampleIntervalMs(bool gui) const
{
    return qint64(number(gui ? "sampler/guiIntervalSeconds" : "sampler/daemonIntervalSeconds") * 1000);
}

qint64 Settings::reaperIntervalMs() const
{
    return qint64(number("reaper/intervalMinutes") * 60'000);
}

qint64 Settings::reaperMinAgeMs() const
{
    return qint64(number("reaper/minAgeSeconds") * 1000);
}

qint64 Settings::healthSweepMs() const
{
    return qint64(number("health/sweepSeconds") * 1000);
}

quint16 Settings::apiPort() const
{
    return quint16(number("api/port"));
}

QStringList Settings::scrubbedEnvironment() const
{
    static const QStringList defaults = {QStringLiteral("CLAUDECODE"), QStringLiteral("CLAUDE_CODE_*"),
                                         QStringLiteral("MCP_SESSION_ID")};
    const QVariant raw = m_settings.value(QLatin1String(scrubKey));
    if (!raw.isValid())
        return defaults;
    QStringList names = raw.toStringList();
    names.removeAll(QString());
    return names;
}

PressureThresholds Settings::pressureThresholds() const
{
    PressureThresholds t;
    t.warnAvailableMb = number("pressure/warnAvailableMb");
    t.warnSwapPct = number("pressure/warnSwapPercent");
    t.warnPsiSome10 = number("pressure/warnPsiSomeAvg10");
    t.warnZombies = int(number("pressure/warnZombies"));
    t.critPsiFull10 = number("pressure/critPsiFullAvg10");
    t.critAvailablePct = number("pressure/critAvailablePercent");
    t.hysteresisPct = number("pressure/hysteresisPercent");
    t.minDwellMs = qint64(number("pressure/minDwellSeconds") * 1000);
    return t;
}

Settings::Policy Settings::policy(const char *key) const
{
    Policy fallback = Policy::Notify;
    for (const PolicyDefault &entry : policyTable) {
        if (qstrcmp(entry.key, key) == 0)
            fallback = entry.value;
    }
    const QVariant raw = m_settings.value(QLatin1String(key));
    if (!raw.isValid())
        return fallback;
    const QString text = raw.toString().trimmed().toLower();
    if (text == QLatin1String("off"))
        return Policy::Off;
    if (text == QLatin1String("notify"))
        return Policy::Notify;
    if (text == QLatin1String("auto"))
        return Policy::Auto;
    const QString problem =
        coreText(CoreText::PolicyInvalid).arg(m_settings.fileName(), QLatin1String(key), raw.toString());
    if (!m_problems.contains(problem))
        m_problems.append(problem);
    return fallback;
}

bool Settings::policyDryRun() const
{
    const QVariant raw = m_settings.value(QStringLiteral("policy/dryRun"));
    return raw.isValid() && (raw.toString() == QLatin1String("true") || raw.toString() == QLatin1String("1"));
}

qint64 Settings::historyRetentionMs() const
{
    return qint64(number("history/retentionDays") * 86'400'000);
}

qint64 Settings::historyMaxBytes() const
{
    return qint64(number("history/maxMegabytes") * 1024 * 1024);
}

int Settings::stderrTailBytes() const
{
    return int(number("launcher/stderrTailBytes"));
}

} // namespace agentmon
