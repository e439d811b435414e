#pragma once

#include <QStringList>

namespace agentmon {

// agentmonctl snapshot [--all] [--json]; arguments start with "snapshot". Returns the exit code.
int runSnapshot(const QStringList &arguments);

} // namespace agentmon
