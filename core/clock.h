#pragma once

#include <QtGlobal>

namespace agentmon {

// Time as agentmon sees it. Ages, idle windows, linger and grace periods are measured on nowMs(), a clock
// that never jumps and keeps counting through suspend (CLOCK_BOOTTIME on Linux, the clock of /proc
// starttimes). Tests inject their own clock so that they need no long waits.
class Clock {
public:
    virtual ~Clock() = default;
    // Milliseconds since boot; the base of process start times.
    virtual qint64 nowMs() const = 0;
    // Wall-clock time in milliseconds since the epoch, for display and history only.
    virtual qint64 wallMs() const = 0;
};

class SystemClock final : public Clock {
public:
    qint64 nowMs() const override;
    qint64 wallMs() const override;
};

} // namespace agentmon
