#pragma once

#include <QStringList>

namespace agentmon {

// agentmonctl register --pid PID [--session ID]
int runRegister(const QStringList &arguments);
// agentmonctl session-end ID
int runSessionEnd(const QStringList &arguments);
// agentmonctl doctor [--json]
int runDoctor(const QStringList &arguments);

} // namespace agentmon
