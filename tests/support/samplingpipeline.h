#pragma once

#include "processsource.h"
#include "reaper.h"
#include "ruleset.h"
#include "sampler.h"

#include <QTest>

#include <functional>
#include <memory>
#include <unistd.h>

namespace agentmon::test {

// agentmon's sampling pipeline on the real /proc, as the instance runs it: a sampler, its session tracker and
// a planner (tst_reaper, the fault tests).
struct Pipeline {
    Pipeline(const Clock &clock, const RuleSet &rules, StatusPolicy policy = {})
        : source(createProcessSource(clock)), sampler(*source, rules, clock, policy)
    {
    }

    ReapPlanner planner() const
    {
        ProcessSource *s = source.get();
        return ReapPlanner(::getuid(), [s](const ProcessKey &key) { return s->readRealUid(key); });
    }

    // Samples until ready holds (at least twice, so that lineage is learnt); bounded.
    bool sampleUntil(const std::function<bool(const Snapshot &)> &ready, int timeoutMs = 10'000)
    {
        snapshot = sampler.sample();
        return QTest::qWaitFor(
            [&] {
                snapshot = sampler.sample();
                return ready(snapshot);
            },
            timeoutMs);
    }

    const ProcessRecord *find(int pid) const
    {
        for (const ProcessRecord &record : snapshot.processes) {
            if (record.info.key.pid == pid)
                return &record;
        }
        return nullptr;
    }

    std::unique_ptr<ProcessSource> source;
    Sampler sampler;
    Snapshot snapshot;
};

} // namespace agentmon::test
