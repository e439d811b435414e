#pragma once

#include <QString>

#include <optional>

namespace agentmon {

// /proc/pressure/memory: share of time some (or all) tasks stalled on memory, in percent.
struct PsiFigures {
    double someAvg10 = 0;
    double someAvg60 = 0;
    double fullAvg10 = 0;
    double fullAvg60 = 0;
};

struct MemInfo {
    quint64 memTotalKb = 0;
    quint64 memAvailableKb = 0;
    quint64 swapTotalKb = 0;
    quint64 swapFreeKb = 0;

    quint64 swapUsedKb() const { return swapTotalKb > swapFreeKb ? swapTotalKb - swapFreeKb : 0; }
    double swapUsedPct() const
    {
        return swapTotalKb ? 100.0 * double(swapUsedKb()) / double(swapTotalKb) : 0.0;
    }
};

// Machine-wide figures of one sample.
struct SystemStats {
    MemInfo mem;
    std::optional<PsiFigures> psi; // absent where the kernel has no PSI
    QString bootId;
    quint64 clockTicksPerSecond = 100;
};

} // namespace agentmon
