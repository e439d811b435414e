#pragma once

#include "systemstats.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

class QSocketNotifier;

namespace agentmon {

class Clock;
class PsiTrigger;

// How short memory is, machine-wide. Ordered: Ok < Warning < Critical.
enum class PressureLevel { Ok, Warning, Critical };

// "ok", "warning", "critical".
QString pressureLevelName(PressureLevel level);

// design.md "Defaults". A figure counts when it is beyond its threshold (strictly). A threshold can be turned
// off: 0 for warnAvailableMb and critAvailablePct, 100 for the percentages of swap and PSI.
struct PressureThresholds {
    double warnAvailableMb = 1024; // MemAvailable below this: warning
    double warnSwapPct = 70;       // swap used above this share of SwapTotal: warning
    double warnPsiSome10 = 10;     // PSI memory "some" avg10 above this: warning
    int warnZombies = 500;         // more zombies than this: warning
    double critPsiFull10 = 40;     // PSI memory "full" avg10 above this: critical
    double critAvailablePct = 5;   // MemAvailable below this share of MemTotal: critical
    // A level is left only when every figure that holds it is back past its threshold by this share of the
    // threshold (MemAvailable above 1024 MB + 20%, swap below 70% - 20%, ...),
    double hysteresisPct = 20;
    // and not before the level held this long. Going up is never delayed.
    qint64 minDwellMs = 30'000;
};

struct PressureJudgement {
    PressureLevel level = PressureLevel::Ok;
    // One line per figure that puts or keeps the level where it is, critical ones first, e.g.
    // "MemAvailable 812 MB < 1024 MB", "PSI full avg10 47% > 40%"; a figure that only holds the level within
    // the hysteresis band says so: "MemAvailable 1100 MB < 1229 MB (1024 MB + 20% hysteresis)".
    QStringList reasons;
};

// The pure judge: the level for these figures, given the level they are judged from (for the hysteresis;
// the minimum dwell time is the monitor's business). Without PSI the judgement rests on meminfo and zombies;
// a MemInfo without MemTotal (unreadable) adds nothing.
PressureJudgement judgePressure(const MemInfo &mem, const std::optional<PsiFigures> &psi, int zombies,
                                const PressureThresholds &thresholds, PressureLevel current);

// Keeps the pressure level of the machine. The sampler feeds every sample into update() (the path that always
// works); where the kernel allows, armTrigger() adds PSI triggers on <procRoot>/pressure/memory, so that a
// stall is seen when it happens rather than at the next sample: the monitor then re-reads
// <procRoot>/meminfo and <procRoot>/pressure/memory at once and judges again. The zombie count comes from
// the sampler (Snapshot::zombies lists each zombie with its parent); a re-read keeps the last count.
class PressureMonitor : public QObject {
    Q_OBJECT
public:
    PressureMonitor(const QString &procRoot, const Clock &clock, const PressureThresholds &thresholds = {},
                    QObject *parent = nullptr);
    ~PressureMonitor() override;

    // Re-arms the triggers (when armed) with stall times that follow the new PSI thresholds.
    void setThresholds(const PressureThresholds &thresholds);
    PressureThresholds thresholds() const { return m_thresholds; }
    // The sampling interval of the fallback, for triggerState() only.
    void setSampleIntervalMs(qint64 ms) { m_sampleIntervalMs = ms; }

    // One sample of the sampled path.
    void update(const SystemStats &stats, int zombieCount);
    // Reads <procRoot>/meminfo and <procRoot>/pressure/memory now and judges again (what a trigger does).
    // False when meminfo could not be read or parsed; the figures of the last sample stay then.
    bool refresh();

    // Arms a "some" and a "full" trigger (stall = the warning / critical PSI share of a 2 s window). False
    // when the kernel or the file refuses (no PSI, EPERM, EINVAL, not a pressure file): the sampled path
    // stays and triggerState() says why. Arming again replaces the old triggers.
    bool armTrigger();
    void disarmTrigger();
    bool isTriggerArmed() const { return m_notifiers[0] != nullptr; }
    // "psi trigger armed (...)", "no /proc/pressure/memory: sampled every 2 s", or the refusal and its errno
    // text.
    QString triggerState() const { return m_triggerState; }
    int triggerCount() const { return m_triggerCount; }

    PressureLevel level() const { return m_level; }
    QStringList reasons() const { return m_reasons; }
    // nowMs() of the clock when the current level was entered.
    qint64 levelSinceMs() const { return m_sinceMs; }
    // The figures of the last judgement.
    const MemInfo &memInfo() const { return m_mem; }
    const std::optional<PsiFigures> &psi() const { return m_psi; }
    int zombieCount() const { return m_zombies; }

    static constexpr qint64 kTriggerWindowUs = 2'000'000; // a multiple of 2 s: allowed to unprivileged users

Q_SIGNALS:
    void levelChanged(agentmon::PressureLevel level, const QStringList &reasons);
    // A PSI trigger fired; the figures were re-read and judged before this is emitted.
    void triggered();

private:
    void rejudge();
    void onTrigger();
    QString fallbackText() const;

    QString m_procRoot;
    const Clock &m_clock;
    PressureThresholds m_thresholds;
    qint64 m_sampleIntervalMs = 2'000;

    MemInfo m_mem;
    std::optional<PsiFigures> m_psi;
    int m_zombies = 0;

    PressureLevel m_level = PressureLevel::Ok;
    QStringList m_reasons;
    qint64 m_sinceMs = 0;

    std::unique_ptr<PsiTrigger> m_triggers[2]; // some, full
    QSocketNotifier *m_notifiers[2] = {nullptr, nullptr};
    QString m_triggerState;
    int m_triggerCount = 0;
};

} // namespace agentmon
