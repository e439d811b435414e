#pragma once

#include "reaper.h"
#include "snapshot.h"

#include <QJsonArray>
#include <QJsonObject>

namespace agentmon::json {

// The inverse of jsonformat.h and json::reapReport() for the GUI in Remote mode: what a running instance's
// API answers, read back into the records the GUI shows. Fields the API does not carry keep their defaults.
ProcessRecord processFromJson(const QJsonObject &object);
// nowMs / nowWallMs: the local monotonic and wall clocks at the time of the answer (the API gives wall
// times).
SessionRecord sessionFromJson(const QJsonObject &object, qint64 nowMs, qint64 nowWallMs);
ReapReport reapReportFromJson(const QJsonObject &object, const ReapRequest &request);
std::optional<ProcessStatus> processStatusFromString(QStringView text);

} // namespace agentmon::json
