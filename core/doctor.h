#pragma once

#include "paths.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace agentmon {

// What the running instance said of itself, for doctorReport().
struct InstanceFindings {
    bool running = false;
    QString why;                       // why none runs (running false)
    std::optional<QJsonObject> report; // its GET /api/doctor (or Instance::doctor()) when it answered
    QString error;                     // why it did not answer (running, no report)
};

// The findings of `agentmonctl doctor` and of the GUI's doctor view: the installation (configuration, rules,
// the API token, the registry file when no instance runs) merged with the instance's own report. Every
// problem is {"problem", "fix"} in "problems".
QJsonObject doctorReport(const Paths &paths, const InstanceFindings &instance);

} // namespace agentmon
