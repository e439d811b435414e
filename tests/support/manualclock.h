#pragma once

#include "clock.h"

namespace agentmon::test {

// A clock that moves only when the test says so.
class ManualClock final : public Clock {
public:
    explicit ManualClock(qint64 nowMs = 1'000'000, qint64 wallMs = 1'700'000'000'000)
        : m_now(nowMs), m_wall(wallMs)
    {
    }
    qint64 nowMs() const override { return m_now; }
    qint64 wallMs() const override { return m_wall; }
    void advance(qint64 ms)
    {
        m_now += ms;
        m_wall += ms;
    }
    void setNowMs(qint64 ms) { m_now = ms; }

private:
    qint64 m_now;
    qint64 m_wall;
};

} // namespace agentmon::test
