#pragma once

#include <QStringList>

namespace agentmon {

// agentmonctl daemon [--port N]: the headless instance. Returns the exit code when it stops.
int runDaemon(const QStringList &arguments);

} // namespace agentmon
