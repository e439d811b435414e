#include "pressuremonitor.h"

#include "clock.h"
#include "coretext.h"
#include "procparsers.h"
#include "psitrigger.h"

#include <QFile>
#include <QSocketNotifier>

#include <cerrno>
#include <vector>

namespace agentmon {

namespace {

// v with at most `decimals` decimals and no trailing zeros: 47, 12.5, 1229.
QString number(double v, int decimals)
{
    QString text = QString::number(v, 'f', decimals);
    if (text.contains(QLatin1Char('.'))) {
        while (text.endsWith(QLatin1Char('0')))
            text.chop(1);
        if (text.endsWith(QLatin1Char('.')))
            text.chop(1);
    }
    return text;
}

struct Check {
    bool critical = false;
    bool above = true; // the figure counts when above the threshold (else when below it)
    double figure = 0;
    double threshold = 0;
    CoreText sentence;  // "PSI full avg10 %1 > %2"
    QString figureText; // "47%"
    QString unit;       // of the threshold: "%", " MB", ""
    int decimals = 1;   // of the threshold

    double bandLimit(double h) const { return above ? threshold * (1 - h) : threshold * (1 + h); }
    bool beyond(double limit) const { return above ? figure > limit : figure < limit; }

    QString text(double h, bool inBand) const
    {
        const QString line =
            coreText(sentence).arg(figureText, number(inBand ? bandLimit(h) : threshold, decimals) + unit);
        if (!inBand)
            return line;
        return coreText(CoreText::WithHysteresis)
            .arg(line, QStringLiteral("%1%2 %3 %4%")
                           .arg(number(threshold, decimals), unit)
                           .arg(QLatin1Char(above ? '-' : '+'))
                           .arg(number(h * 100, 1)));
    }
};

std::vector<Check> checksFor(const MemInfo &mem, const std::optional<PsiFigures> &psi, int zombies,
                             const PressureThresholds &t)
{
    std::vector<Check> checks;
    const double totalMb = double(mem.memTotalKb) / 1024.0;
    const double availableMb = double(mem.memAvailableKb) / 1024.0;
    // Critical first: that is the order of the reasons.
    if (psi && t.critPsiFull10 < 100) {
        checks.push_back({true, true, psi->fullAvg10, t.critPsiFull10, CoreText::PsiFullAbove,
                          number(psi->fullAvg10, 1) + QLatin1Char('%'), QStringLiteral("%"), 1});
    }
    if (mem.memTotalKb > 0 && t.critAvailablePct > 0) {
        const double pct = 100.0 * availableMb / totalMb;
        checks.push_back({true, false, pct, t.critAvailablePct, CoreText::MemAvailableBelow,
                          coreText(CoreText::PercentOfMb).arg(number(pct, 1), number(totalMb, 0)),
                          QStringLiteral("%"), 1});
    }
    if (mem.memTotalKb > 0 && t.warnAvailableMb > 0) {
        checks.push_back({false, false, availableMb, t.warnAvailableMb, CoreText::MemAvailableBelow,
                          number(availableMb, 0) + QStringLiteral(" MB"), QStringLiteral(" MB"), 0});
    }
    if (mem.swapTotalKb > 0 && t.warnSwapPct < 100) {
        const double pct = mem.swapUsedPct();
        checks.push_back(
            {false, true, pct, t.warnSwapPct, CoreText::SwapUsedAbove,
             coreText(CoreText::PercentOfMb).arg(number(pct, 1), number(mem.swapTotalKb / 1024.0, 0)),
             QStringLiteral("%"), 1});
    }
    if (psi && t.warnPsiSome10 < 100) {
        checks.push_back({false, true, psi->someAvg10, t.warnPsiSome10, CoreText::PsiSomeAbove,
                          number(psi->someAvg10, 1) + QLatin1Char('%'), QStringLiteral("%"), 1});
    }
    checks.push_back({false, true, double(zombies), double(t.warnZombies), CoreText::ZombiesAbove,
                      QString::number(zombies), QString(), 0});
    return checks;
}

qint64 stallUs(double pct)
{
    const auto us = qint64(pct / 100.0 * double(PressureMonitor::kTriggerWindowUs));
    return qBound(qint64(1'000), us, PressureMonitor::kTriggerWindowUs);
}

} // namespace

QString pressureLevelName(PressureLevel level)
{
    switch (level) {
    case PressureLevel::Ok:
        return coreText(CoreText::LevelOk);
    case PressureLevel::Warning:
        return coreText(CoreText::LevelWarning);
    case PressureLevel::Critical:
        return coreText(CoreText::LevelCritical);
    }
    return coreText(CoreText::LevelOk);
}

PressureJudgement judgePressure(const MemInfo &mem, const std::optional<PsiFigures> &psi, int zombies,
                                const PressureThresholds &thresholds, PressureLevel current)
{
    const double h = qBound(0.0, thresholds.hysteresisPct, 100.0) / 100.0;
    const std::vector<Check> checks = checksFor(mem, psi, qMax(0, zombies), thresholds);

    struct State {
        bool strict = false; // beyond the threshold: enters the level
        bool band = false;   // not yet back past the threshold by the hysteresis: keeps the level
    };
    std::vector<State> states;
    states.reserve(checks.size());
    bool critStrict = false, critBand = false, warnStrict = false, warnBand = false;
    for (const Check &check : checks) {
        const State state{check.beyond(check.threshold), check.beyond(check.bandLimit(h))};
        states.push_back(state);
        (check.critical ? critStrict : warnStrict) |= state.strict;
        (check.critical ? critBand : warnBand) |= state.band;
    }

    PressureJudgement judgement;
    if (critStrict || (current == PressureLevel::Critical && critBand))
        judgement.level = PressureLevel::Critical;
    else if (warnStrict || (current >= PressureLevel::Warning && warnBand))
        judgement.level = PressureLevel::Warning;

    for (size_t i = 0; i < checks.size(); ++i) {
        const Check &check = checks[i];
        const PressureLevel of = check.critical ? PressureLevel::Critical : PressureLevel::Warning;
        if (states[i].strict)
            judgement.reasons.append(check.text(h, false));
        else if (states[i].band && current >= of && judgement.level >= of)
            judgement.reasons.append(check.text(h, true));
    }
    return judgement;
}

PressureMonitor::PressureMonitor(const QString &procRoot, const Clock &clock,
                                 const PressureThresholds &thresholds, QObject *parent)
    : QObject(parent), m_procRoot(procRoot), m_clock(clock), m_thresholds(thresholds),
      m_sinceMs(clock.nowMs())
{
    m_triggerState = QStringLiteral("psi trigger not armed: ") + fallbackText();
}

PressureMonitor::~PressureMonitor()
{
    disarmTrigger();
}

void PressureMonitor::setThresholds(const PressureThresholds &thresholds)
{
    m_thresholds = thresholds;
    if (isTriggerArmed())
        armTrigger();
    rejudge();
}

void PressureMonitor::update(const SystemStats &stats, int zombieCount)
{
    m_mem = stats.mem;
    m_psi = stats.psi;
    m_zombies = qMax(0, zombieCount);
    rejudge();
}

bool PressureMonitor::refresh()
{
    auto read = [](const QString &path) -> std::optional<QByteArray> {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return std::nullopt;
        return file.readAll();
    };
    bool ok = false;
    if (const auto data = read(m_procRoot + QStringLiteral("/meminfo"))) {
        if (const auto mem = procparse::parseMeminfo(*data)) {
            m_mem = *mem;
            ok = true;
        }
    }
    const auto pressure = read(m_procRoot + QStringLiteral("/pressure/memory"));
    m_psi = pressure ? procparse::parsePressure(*pressure) : std::nullopt;
    rejudge();
    return ok;
}

void PressureMonitor::rejudge()
{
    PressureJudgement judgement = judgePressure(m_mem, m_psi, m_zombies, m_thresholds, m_level);
    const qint64 now = m_clock.nowMs();
    const qint64 held = now - m_sinceMs;
    if (judgement.level < m_level && held < m_thresholds.minDwellMs) {
        judgement.reasons.append(coreText(CoreText::LevelKept)
                                     .arg(pressureLevelName(m_level),
                                          number(m_thresholds.minDwellMs / 1000.0, 1),
                                          number(held / 1000.0, 0)));
        judgement.level = m_level;
    }
    m_reasons = judgement.reasons;
    if (judgement.level != m_level) {
        m_level = judgement.level;
        m_sinceMs = now;
        Q_EMIT levelChanged(m_level, m_reasons);
    }
}

QString PressureMonitor::fallbackText() const
{
    return QStringLiteral("sampled every %1 s").arg(number(m_sampleIntervalMs / 1000.0, 1));
}

bool PressureMonitor::armTrigger()
{
    disarmTrigger();
    const QString file = m_procRoot + QStringLiteral("/pressure/memory");
    const QByteArrayView kinds[2] = {"some", "full"};
    const qint64 stalls[2] = {stallUs(m_thresholds.warnPsiSome10), stallUs(m_thresholds.critPsiFull10)};
    std::unique_ptr<PsiTrigger> armed[2];
    for (int i = 0; i < 2; ++i) {
        PsiTrigger::Error error;
        auto trigger = PsiTrigger::arm(file, kinds[i], stalls[i], kTriggerWindowUs, &error);
        if (!trigger) {
            m_triggerState = error.code == ENOENT
                                 ? QStringLiteral("no %1: %2").arg(file, fallbackText())
                                 : QStringLiteral("%1; %2").arg(error.message, fallbackText());
            return false;
        }
        armed[i] = std::make_unique<PsiTrigger>(std::move(*trigger));
    }
    for (int i = 0; i < 2; ++i) {
        m_triggers[i] = std::move(armed[i]);
        m_notifiers[i] = new QSocketNotifier(m_triggers[i]->fd(), QSocketNotifier::Exception, this);
        connect(m_notifiers[i], &QSocketNotifier::activated, this, &PressureMonitor::onTrigger);
    }
    m_triggerState = QStringLiteral("psi trigger armed: some %1 ms / full %2 ms stall in %3 s windows on %4")
                         .arg(stalls[0] / 1000)
                         .arg(stalls[1] / 1000)
                         .arg(kTriggerWindowUs / 1'000'000)
                         .arg(file);
    return true;
}

void PressureMonitor::disarmTrigger()
{
    const bool wasArmed = isTriggerArmed();
    for (int i = 0; i < 2; ++i) {
        delete m_notifiers[i]; // before its descriptor is closed
        m_notifiers[i] = nullptr;
        m_triggers[i].reset();
    }
    if (wasArmed)
        m_triggerState = QStringLiteral("psi trigger disarmed: ") + fallbackText();
}

void PressureMonitor::onTrigger()
{
    ++m_triggerCount;
    refresh();
    Q_EMIT triggered();
}

} // namespace agentmon
