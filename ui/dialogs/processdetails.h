#pragma once

#include "processinfo.h"
#include "snapshot.h"

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>

namespace agentmon {

// One process of a lineage, as far as it is still known.
struct LineageEntry {
    ProcessKey key;
    QString comm;
    QString command;   // argv joined by spaces; empty when unknown
    bool alive = true; // false: remembered from earlier samples, exited since
    int depth = 0;     // children only: 1 for a direct child, 2 for a grandchild, ...
};

// What the backend gathers about one process for the details dialog.
struct ProcessDetails {
    ProcessRecord record;          // as last sampled
    std::optional<EnvMarkers> env; // read for this process; none when it could not be read
    QString cwd;
    QList<LineageEntry> ancestors; // parent first, up to but excluding pid 1
    QList<LineageEntry> children;  // live descendants, depth-first
    QByteArray stderrTail;         // agents launched by agentmon; empty otherwise
    QString registryKind;          // "spawned", "registered", "discovered" or empty
    QString error;                 // e.g. "the process has exited" (record is then the last known state)
};

} // namespace agentmon

Q_DECLARE_METATYPE(agentmon::ProcessDetails)
