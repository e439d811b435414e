#pragma once

#include <QStringList>

namespace agentmon {

// agentmonctl reap --once [--dry-run] [--json] [--min-age S] [--grace MS]
// agentmonctl reap --session ID [--dry-run] [--json] [--grace MS]
int runReap(const QStringList &arguments);

} // namespace agentmon
