#include "historystore.h"

#include "snapshot.h"

#include <utility>

namespace agentmon {

HistoryStore::~HistoryStore() = default;

HistorySample sampleOf(const Snapshot &snapshot, PressureLevel level, qint64 wallMs)
{
    HistorySample sample;
    sample.timeMs = wallMs ? wallMs : snapshot.takenAtWallMs;
    const MemInfo &mem = snapshot.system.mem;
    sample.memAvailableKb = mem.memAvailableKb;
    sample.memTotalKb = mem.memTotalKb;
    sample.swapUsedKb = mem.swapUsedKb();
    sample.swapTotalKb = mem.swapTotalKb;
    if (snapshot.system.psi) {
        sample.psiSome10 = snapshot.system.psi->someAvg10;
        sample.psiFull10 = snapshot.system.psi->fullAvg10;
    }
    for (const ProcessRecord &record : snapshot.processes) {
        if (!record.isAgent())
            continue;
        ++sample.agentCount;
        sample.agentRssKb += record.info.rssKb;
        if (record.info.memory) {
            sample.agentPssKb += record.info.memory->pssKb;
            sample.agentSwapKb += record.info.memory->swapKb;
        }
        if (record.status == ProcessStatus::Orphan)
            ++sample.orphans;
    }
    sample.zombies = int(snapshot.zombies.size());
    for (const SessionRecord &session : snapshot.sessions) {
        if (session.alive)
            ++sample.sessions;
    }
    sample.level = int(level);
    return sample;
}

qint64 historyBucketMs(qint64 fromMs, qint64 toMs, int maxPoints)
{
    if (toMs < fromMs)
        std::swap(fromMs, toMs);
    if (maxPoints <= 1)
        return toMs - fromMs + 1;
    auto floorDiv = [](qint64 a, qint64 b) { return a / b - (a % b != 0 && a < 0 ? 1 : 0); };
    auto fits = [&](qint64 width) {
        return floorDiv(toMs, width) - floorDiv(fromMs, width) + 1 <= maxPoints;
    };
    constexpr qint64 s = 1000, min = 60 * s, h = 60 * min, day = 24 * h;
    static constexpr qint64 round[] = {
        1,        2,       5,       10,      20,      50,      100,      200,      500, //
        1 * s,    2 * s,   3 * s,   4 * s,   5 * s,   6 * s,   10 * s,   12 * s,   15 * s,   20 * s,
        30 * s, //
        1 * min,  2 * min, 3 * min, 4 * min, 5 * min, 6 * min, 10 * min, 12 * min, 15 * min, 20 * min,
        30 * min,                                                      //
        1 * h,    2 * h,   3 * h,   4 * h,   6 * h,   8 * h,   12 * h, //
    };
    for (const qint64 width : round) {
        if (fits(width))
            return width;
    }
    // Whole days, from the least that could do: maxPoints buckets of it cover no more than the range.
    for (qint64 days = qMax<qint64>(1, (toMs - fromMs) / maxPoints / day);; ++days) {
        if (fits(days * day))
            return days * day;
    }
}

} // namespace agentmon
