#pragma once

#include "snapshot.h"

#include <QJsonArray>
#include <QJsonObject>

namespace agentmon::json {

// The process object of design.md ("HTTP API").
QJsonObject process(const ProcessRecord &record);
// Agent processes, or every process with all.
QJsonArray processes(const Snapshot &snapshot, bool all);
QJsonObject session(const SessionRecord &session, qint64 nowMs, qint64 nowWallMs);
QJsonArray sessions(const Snapshot &snapshot);

} // namespace agentmon::json
