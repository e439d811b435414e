#include "sampler.h"

#include "processsource.h"

#include <QElapsedTimer>

namespace agentmon {

Sampler::Sampler(ProcessSource &source, const RuleSet &rules, const Clock &clock, StatusPolicy policy)
    : m_source(source), m_tracker(rules, clock, policy)
{
}

Snapshot Sampler::sample()
{
    QElapsedTimer timer;
    timer.start();
    m_source.scan(m_scan);
    const SystemStats system = m_source.readSystem();
    Snapshot snapshot = m_tracker.update(std::move(m_scan), system, m_source);
    m_scan = {};
    snapshot.durationUs = timer.nsecsElapsed() / 1000;
    return snapshot;
}

} // namespace agentmon
