#pragma once

#include "pressuremonitor.h"

#include <QList>
#include <QMetaType>
#include <QString>

namespace agentmon {

struct Snapshot;

// One point of the memory history (design.md "Files": history.sqlite holds the samples): what the machine and
// its agents looked like at timeMs. A stored row or a point of samples() may stand for several samples: it
// then covers resolutionMs from timeMs and holds the averages of its sampleCount samples (weighted by their
// counts), and the maxima of orphans, zombies and level.
struct HistorySample {
    qint64 timeMs = 0; // wall clock, ms since the epoch; 0 in record(): now (Clock::wallMs())
    quint64 memAvailableKb = 0;
    quint64 memTotalKb = 0;
    quint64 swapUsedKb = 0;
    quint64 swapTotalKb = 0;
    double psiSome10 = -1; // PSI memory avg10 in percent; -1 where the kernel has no PSI
    double psiFull10 = -1;
    int agentCount = 0;
    quint64 agentRssKb = 0; // summed over the agent processes
    quint64 agentPssKb = 0; // summed over the agent processes whose smaps_rollup was read
    quint64 agentSwapKb = 0;
    int orphans = 0;         // agent processes with status orphan
    int zombies = 0;         // zombies of the whole machine
    int level = 0;           // PressureLevel: 0 ok, 1 warning, 2 critical
    int sessions = 0;        // live agent sessions
    qint64 resolutionMs = 0; // 0: one sample as taken
    int sampleCount = 1;

    friend bool operator==(const HistorySample &, const HistorySample &) = default;
};

// The history point of one snapshot: agent figures summed over its agent processes, wallMs (0: the
// snapshot's takenAtWallMs) as its time.
HistorySample sampleOf(const Snapshot &snapshot, PressureLevel level, qint64 wallMs = 0);

// Downsampling of older data, the same for every store so that views look alike: samples as taken for the
// last 24 h, merged into 1-minute rows beyond, into 10-minute rows beyond 3 days (rows start at multiples
// of their resolution since the epoch). At 2 s per sample a week is about 47,000 rows.
struct HistoryTier {
    qint64 olderThanMs;
    qint64 resolutionMs;
};
inline constexpr HistoryTier kHistoryTiers[] = {
    {24LL * 60 * 60 * 1000, 60 * 1000},
    {3LL * 24 * 60 * 60 * 1000, 10 * 60 * 1000},
};

// The bucket width samples() uses for [fromMs, toMs] and maxPoints >= 2: the smallest "round" duration (1, 2,
// 5, 10... ms below a second; 1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30 s or min; 1, 2, 3, 4, 6, 8, 12 h; whole
// days) such that the buckets at its multiples since the epoch that meet the range are at most maxPoints.
// Buckets on round multiples do not move as a view slides forward, and line up with the stored tiers.
qint64 historyBucketMs(qint64 fromMs, qint64 toMs, int maxPoints);

// Where the sample history is kept. SqliteHistoryStore keeps it in history.sqlite next to the kill audit log;
// a store on a database server (Qt SQL's QPSQL driver, say) could serve a history shared by several machines
// through the same interface. A store belongs to the thread that opened it.
class HistoryStore {
public:
    virtual ~HistoryStore();

    // Connects (creating what is missing). False with errorString() when the store is unavailable; callers go
    // on without history.
    virtual bool open() = 0;
    virtual bool isOpen() const = 0;
    // Writes samples in one transaction (all or none). A sample at the time of a stored row replaces it.
    virtual bool record(const QList<HistorySample> &samples) = 0;
    bool record(const HistorySample &sample) { return record(QList<HistorySample>{sample}); }
    // The rows with fromMs <= timeMs <= toMs, oldest first. When there are more than maxPoints (> 0) of them,
    // they are merged into the buckets of historyBucketMs() (one point per bucket with data, timed at the
    // bucket's start or fromMs, whichever is later, resolutionMs the bucket width); maxPoints 1 merges them
    // all into one point at fromMs. maxPoints <= 0: every row. Empty when closed or on failure
    // (errorString()).
    virtual QList<HistorySample> samples(qint64 fromMs, qint64 toMs, int maxPoints) const = 0;
    // Housekeeping, to call now and then (at open and every hour or so): drops rows beyond the retention
    // time, downsamples older rows (kHistoryTiers) and, while the store is over its size bound, the oldest
    // rows. Returns how many rows fewer there are, -1 on failure.
    virtual int prune() = 0;
    // Why the last call failed; empty after a successful one.
    virtual QString errorString() const = 0;
};

} // namespace agentmon

Q_DECLARE_METATYPE(agentmon::HistorySample)
