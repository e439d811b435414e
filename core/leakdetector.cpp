#include "leakdetector.h"

#include "clock.h"
#include "commandline.h"
#include "coretext.h"
#include "humanformat.h"
#include "snapshot.h"

#include <QHash>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <vector>

namespace agentmon {

namespace {

constexpr double kMsPerHour = 3'600'000.0;

// Script names that say nothing about the program ("index.js", "cli.mjs", "main.py").
bool isGenericScript(const QString &base)
{
    const qsizetype dot = base.lastIndexOf(QLatin1Char('.'));
    if (dot <= 0)
        return false;
    const QStringView stem = QStringView(base).left(dot);
    return stem == QLatin1String("index") || stem == QLatin1String("main") || stem == QLatin1String("cli");
}

// Build and source folders between a package and its entry point.
bool isLayoutFolder(const QString &name)
{
    static const QStringList folders = {
        QStringLiteral("dist"), QStringLiteral("build"), QStringLiteral("lib"), QStringLiteral("src"),
        QStringLiteral("bin"),  QStringLiteral("out"),   QStringLiteral("esm"), QStringLiteral("cjs")};
    return folders.contains(name);
}

// Least-squares slope of value over time, per hour; 0 with fewer than two distinct times.
template <typename Point, typename Value>
double slopePerHour(const std::vector<const Point *> &points, Value value)
{
    const size_t n = points.size();
    if (n < 2)
        return 0;
    const qint64 t0 = points.front()->atMs;
    double meanT = 0;
    double meanY = 0;
    for (const Point *p : points) {
        meanT += double(p->atMs - t0) / kMsPerHour;
        meanY += value(*p);
    }
    meanT /= double(n);
    meanY /= double(n);
    double sxy = 0;
    double sxx = 0;
    for (const Point *p : points) {
        const double dt = double(p->atMs - t0) / kMsPerHour - meanT;
        sxy += dt * (value(*p) - meanY);
        sxx += dt * dt;
    }
    return sxx > 0 ? sxy / sxx : 0;
}

// A forecast is rough: say it in round figures ("~3 h", "~40 min", "~4 d").
QString approximateDuration(qint64 ms)
{
    constexpr qint64 minute = 60'000;
    constexpr qint64 hour = 60 * minute;
    qint64 unit = minute;
    if (ms >= 7 * 24 * hour)
        unit = 24 * hour;
    else if (ms >= 2 * hour)
        unit = hour;
    else if (ms >= hour)
        unit = 5 * minute;
    const qint64 rounded = std::max(minute, (ms + unit / 2) / unit * unit);
    return QLatin1Char('~') + formatDuration(rounded);
}

QString processesText(int count)
{
    return coreText(count == 1 ? CoreText::OneProcess : CoreText::ManyProcesses).arg(count);
}

} // namespace

quint64 effectiveMemoryKb(const ProcessInfo &info)
{
    if (info.memory)
        return info.memory->pssKb + info.memory->swapKb;
    return info.rssKb;
}

QString leftoverProgramName(const ProcessInfo &info)
{
    if (info.argv.isEmpty())
        return info.comm;
    const ProgramName program = resolveProgram(info.argv);
    if (program.base.isEmpty())
        return info.comm;
    // A script inside node_modules: its package, or the command for node_modules/.bin/<command>.
    static const QLatin1String nodeModules("node_modules/");
    const qsizetype nm = program.path.lastIndexOf(nodeModules);
    if (nm >= 0) {
        const QStringList parts =
            program.path.mid(nm + nodeModules.size()).split(QLatin1Char('/'), Qt::SkipEmptyParts);
        if (!parts.isEmpty()) {
            if (parts.first() == QLatin1String(".bin"))
                return program.base;
            if (parts.first().startsWith(QLatin1Char('@')) && parts.size() >= 2)
                return parts.at(0) + QLatin1Char('/') + parts.at(1);
            return parts.first();
        }
    }
    if (isGenericScript(program.base)) {
        QStringList parts = program.path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
        parts.removeLast();
        while (!parts.isEmpty() && isLayoutFolder(parts.last()))
            parts.removeLast();
        if (!parts.isEmpty() && parts.last() != QLatin1String(".") && parts.last() != QLatin1String(".."))
            return parts.last();
    }
    return program.base;
}

LeakDetector::LeakDetector(const Clock &clock, qint64 windowMs)
    : m_clock(clock), m_windowMs(std::max<qint64>(windowMs, 1))
{
}

void LeakDetector::add(const Snapshot &snapshot)
{
    if (!m_points.empty() && snapshot.takenAtMs <= m_points.back().atMs)
        return;
    Point point;
    point.atMs = snapshot.takenAtMs;
    for (const ProcessRecord &record : snapshot.processes) {
        if (!record.isAgent())
            continue;
        ++point.agents;
        if (!record.info.isZombie()) {
            point.agentMemoryKb += effectiveMemoryKb(record.info);
            point.agentRssKb += record.info.rssKb;
        }
    }
    point.memInfo = snapshot.system.mem.memTotalKb > 0;
    point.availableKb = snapshot.system.mem.memAvailableKb;

    // Thin out samples that come faster than the cap allows over the window: the last point stays open (is
    // replaced by the newest sample) until it is minGapMs after the one before it.
    const qint64 minGapMs = std::max<qint64>(1, (m_windowMs + kMaxPoints - 2) / (kMaxPoints - 1));
    if (m_points.size() >= 2 && m_points.back().atMs - m_points[m_points.size() - 2].atMs < minGapMs)
        m_points.back() = point;
    else
        m_points.push_back(point);
    while (!m_points.empty() && m_points.front().atMs < point.atMs - m_windowMs)
        m_points.pop_front();
    while (m_points.size() > size_t(kMaxPoints))
        m_points.pop_front();
}

QList<Leak> LeakDetector::leaks(const Snapshot &snapshot, qint64 lingerMs)
{
    QList<Leak> out;
    QHash<QString, qsizetype> index;
    for (const SessionRecord &session : snapshot.sessions) {
        if (!session.leaked(snapshot.takenAtMs, lingerMs))
            continue;
        Leak leak;
        leak.session = session.id;
        leak.agent = session.agent;
        leak.root = session.root;
        leak.endedAgoMs = std::max<qint64>(0, snapshot.takenAtMs - session.endedAtMs);
        leak.endUnseen = !session.root.isValid();
        index.insert(session.id, out.size());
        out.append(leak);
    }
    if (out.isEmpty())
        return out;
    for (const ProcessRecord &record : snapshot.processes) {
        if (record.session.isEmpty() || record.info.isZombie())
            continue;
        const auto it = index.constFind(record.session);
        if (it == index.constEnd())
            continue;
        Leak &leak = out[*it];
        ++leak.processes;
        leak.rssKb += record.info.rssKb;
        if (record.info.memory) {
            leak.pssKb += record.info.memory->pssKb;
            leak.swapKb += record.info.memory->swapKb;
        }
        leak.memoryKb += effectiveMemoryKb(record.info);
        leak.keys.append(record.info.key);
    }
    out.removeIf([](const Leak &leak) { return leak.processes == 0; });
    for (Leak &leak : out) {
        leak.text = coreText(leak.endUnseen ? CoreText::LeakTextAtLeast : CoreText::LeakText)
                        .arg(shortSessionId(leak.session), formatDuration(leak.endedAgoMs),
                             processesText(leak.processes), formatKb(leak.memoryKb));
    }
    std::sort(out.begin(), out.end(), [](const Leak &a, const Leak &b) {
        if (a.memoryKb != b.memoryKb)
            return a.memoryKb > b.memoryKb;
        if (a.processes != b.processes)
            return a.processes > b.processes;
        return a.session < b.session;
    });
    return out;
}

QList<DuplicateGroup> LeakDetector::duplicates(const Snapshot &snapshot, qint64 lingerMs)
{
    QSet<QString> leaked;
    for (const SessionRecord &session : snapshot.sessions) {
        if (session.leaked(snapshot.takenAtMs, lingerMs))
            leaked.insert(session.id);
    }
    QList<DuplicateGroup> groups;
    QHash<QString, qsizetype> index;
    for (const ProcessRecord &record : snapshot.processes) {
        if (record.info.isZombie())
            continue;
        const bool ofLeakedSession = !record.session.isEmpty() && leaked.contains(record.session);
        const bool leftBehind = record.isAgent() && (record.status == ProcessStatus::Orphan ||
                                                     record.status == ProcessStatus::Idle ||
                                                     record.status == ProcessStatus::Stale);
        if (!ofLeakedSession && !leftBehind)
            continue;
        const QString program = leftoverProgramName(record.info);
        auto it = index.constFind(program);
        if (it == index.constEnd()) {
            it = index.insert(program, groups.size());
            DuplicateGroup group;
            group.program = program;
            groups.append(group);
        }
        DuplicateGroup &group = groups[*it];
        ++group.count;
        group.memoryKb += effectiveMemoryKb(record.info);
        group.keys.append(record.info.key);
    }
    groups.removeIf([](const DuplicateGroup &group) { return group.count < 2; });
    for (DuplicateGroup &group : groups)
        group.text = coreText(CoreText::Copies).arg(group.count).arg(group.program, formatKb(group.memoryKb));
    std::sort(groups.begin(), groups.end(), [](const DuplicateGroup &a, const DuplicateGroup &b) {
        if (a.count != b.count)
            return a.count > b.count;
        if (a.memoryKb != b.memoryKb)
            return a.memoryKb > b.memoryKb;
        return a.program < b.program;
    });
    return groups;
}

Trend LeakDetector::trend() const
{
    Trend trend;
    const qint64 from = m_clock.nowMs() - m_windowMs;
    std::vector<const Point *> points;
    std::vector<const Point *> withMemInfo;
    for (const Point &point : m_points) {
        if (point.atMs < from)
            continue;
        points.push_back(&point);
        if (point.memInfo)
            withMemInfo.push_back(&point);
    }
    trend.points = int(points.size());
    if (points.empty()) {
        trend.text = coreText(CoreText::NotEnoughSamples);
        return trend;
    }
    const Point &last = *points.back();
    trend.spanMs = last.atMs - points.front()->atMs;
    trend.availableKb = last.availableKb;
    trend.processesPerHour = slopePerHour(points, [](const Point &p) { return double(p.agents); });
    trend.agentMemoryMbPerHour =
        slopePerHour(points, [](const Point &p) { return double(p.agentMemoryKb) / 1024.0; });
    trend.agentRssMbPerHour =
        slopePerHour(points, [](const Point &p) { return double(p.agentRssKb) / 1024.0; });
    trend.availableMbPerHour =
        slopePerHour(withMemInfo, [](const Point &p) { return double(p.availableKb) / 1024.0; });

    trend.enough = trend.points >= kMinPoints && trend.spanMs >= kMinSpanMs;
    if (!trend.enough) {
        trend.text = coreText(CoreText::NotEnoughSamples);
        return trend;
    }
    const bool processesGrow = trend.processesPerHour >= kMinGrowthProcessesPerHour;
    const bool memoryGrows = trend.agentMemoryMbPerHour >= kMinGrowthMbPerHour;
    if (memoryGrows && last.memInfo) {
        // The faster of the two: agents' own growth, or MemAvailable falling (agents that page out fall
        // less than they grow; other programs may take their share too).
        const double mbPerHour = std::max(trend.agentMemoryMbPerHour, -trend.availableMbPerHour);
        trend.exhaustionInMs =
            qint64(std::llround(double(last.availableKb) / 1024.0 / mbPerHour * kMsPerHour));
    }

    QStringList parts;
    if (processesGrow) {
        const qint64 perHour = std::max<qint64>(1, std::llround(trend.processesPerHour));
        parts.append(
            coreText(perHour == 1 ? CoreText::OneAgentProcessPerHour : CoreText::AgentProcessesPerHour)
                .arg(perHour));
    }
    if (memoryGrows)
        parts.append(coreText(CoreText::AgentMemoryPerHour)
                         .arg(formatKb(quint64(std::llround(trend.agentMemoryMbPerHour * 1024.0)))));
    if (parts.isEmpty())
        trend.text = coreText(CoreText::Stable);
    else
        trend.text =
            parts.size() == 1 ? parts.first() : coreText(CoreText::JoinedComma).arg(parts[0], parts[1]);
    if (trend.exhaustionInMs) {
        trend.text = *trend.exhaustionInMs > 0
                         ? coreText(CoreText::MemoryExhaustedIn)
                               .arg(trend.text, approximateDuration(*trend.exhaustionInMs))
                         : coreText(CoreText::MemoryExhausted).arg(trend.text);
    }
    return trend;
}

} // namespace agentmon
