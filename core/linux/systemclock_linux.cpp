#include "clock.h"

#include <QDateTime>

#include <time.h>

namespace agentmon {

qint64 SystemClock::nowMs() const
{
    timespec ts{};
    clock_gettime(CLOCK_BOOTTIME, &ts);
    return qint64(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

qint64 SystemClock::wallMs() const
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace agentmon
