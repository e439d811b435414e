#pragma once

#include "sessiontracker.h"
#include "snapshot.h"

#include <vector>

namespace agentmon {

class Clock;
class ProcessSource;
class RuleSet;

// One sampling pipeline: scan the process table, read the machine's figures, judge every process.
// Not thread-safe; a sampler belongs to one thread at a time.
class Sampler {
public:
    Sampler(ProcessSource &source, const RuleSet &rules, const Clock &clock, StatusPolicy policy = {});

    Snapshot sample();

    SessionTracker &tracker() { return m_tracker; }
    ProcessSource &source() { return m_source; }

private:
    ProcessSource &m_source;
    SessionTracker m_tracker;
    std::vector<ProcessInfo> m_scan;
};

} // namespace agentmon
