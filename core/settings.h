#pragma once

#include "pressuremonitor.h"
#include "sessiontracker.h"

#include <QSettings>
#include <QString>
#include <QStringList>
#include <QVariant>

namespace agentmon {

struct PoolLimits {
    int maxConcurrent = 2;
    int hardCap = 10;
    qint64 waitTimeoutMs = 60'000;
};

struct CascadeTimes {
    qint64 graceMs = 5'000;   // SIGTERM -> SIGKILL
    qint64 confirmMs = 1'000; // SIGKILL -> giving up on survivors
};

// Typed access to agentmon.conf (QSettings INI). Every key, its default and its range live in one table in
// settings.cpp; a value out of range falls back to the default with a warning in problems().
class Settings {
public:
    explicit Settings(const QString &file);

    StatusPolicy statusPolicy() const;
    // With AGENTMON_MAX_CONCURRENT / AGENTMON_HARD_CAP from the environment taking precedence.
    PoolLimits poolLimits() const;
    CascadeTimes cascadeTimes() const;
    qint64 sampleIntervalMs(bool gui) const;
    qint64 healthSweepMs() const;
    // The periodic reaper: every reaperIntervalMs (0: off), taking nothing younger than reaperMinAgeMs.
    qint64 reaperIntervalMs() const;
    qint64 reaperMinAgeMs() const;
    quint16 apiPort() const;
    // Environment variables removed from the environment of launched agents; a trailing '*' matches a prefix.
    QStringList scrubbedEnvironment() const;
    int stderrTailBytes() const;
    // Memory pressure levels (design.md "Defaults"), hysteresis and minimum dwell time.
    PressureThresholds pressureThresholds() const;
    // history.sqlite: how long samples and kill audit rows are kept, and the size bound of the samples.
    qint64 historyRetentionMs() const;
    qint64 historyMaxBytes() const;

    // What agentmon does on its own when a condition arises: nothing, tell (tray, doctor), or act through the
    // reaper with all its guards. "policy/leaks" (default notify) and "policy/orphans" (default auto: a
    // reaper pass when memory pressure turns critical).
    enum class Policy { Off, Notify, Auto };
    Policy policy(const char *key) const;
    // Policies plan and log their reaps but signal nothing (to try them before trusting them).
    bool policyDryRun() const;

    // Every numeric key with its default and range (the table of settings.cpp), for settings editors.
    struct NumericKey {
        const char *key;
        double defaultValue;
        double min;
        double max;
    };
    static QList<NumericKey> numericKeys();
    // The policy keys ("policy/leaks", "policy/orphans") and their defaults.
    static QList<QPair<const char *, Policy>> policyKeys();
    static QString policyName(Policy policy); // "off", "notify", "auto"

    // The periodic reaper is paused by a person (tray, window): planned passes are skipped until resumed.
    bool reaperPaused() const;

    double number(const char *key) const;
    void setValue(const char *key, const QVariant &value);
    // Back to the default: the key leaves the file.
    void remove(const char *key);
    QStringList problems() const;
    QString fileName() const { return m_settings.fileName(); }
    void sync() { m_settings.sync(); }

private:
    mutable QSettings m_settings;
    mutable QStringList m_problems;
};

} // namespace agentmon
