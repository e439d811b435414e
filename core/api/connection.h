#pragma once

#include "instanceclient.h"
#include "paths.h"

#include <memory>
#include <optional>

namespace agentmon {

// Finds the running instance through instance.json, checks that its (pid, starttime) is alive and that it
// answers GET /api/health, and returns a client with its token. nullptr (and why) when none answers.
std::unique_ptr<InstanceClient> connectToInstance(const Paths &paths, QString *why = nullptr,
                                                  int timeoutMs = 2000);

} // namespace agentmon
