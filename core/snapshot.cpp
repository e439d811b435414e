#include "snapshot.h"

#include <algorithm>

namespace agentmon {

int Snapshot::agentCount() const
{
    return int(std::count_if(processes.begin(), processes.end(),
                             [](const ProcessRecord &r) { return r.isAgent(); }));
}

} // namespace agentmon
