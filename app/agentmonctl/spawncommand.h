#pragma once

#include <QStringList>

namespace agentmon {

// agentmonctl spawn [--session ID] [--wait S] -- CMD [ARGS...]: runs CMD as a supervised agent and returns
// its exit code (128+N when it died of signal N), 75 when no pool slot came within the wait.
int runSpawn(const QStringList &arguments);

} // namespace agentmon
