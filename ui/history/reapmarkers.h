#pragma once

#include "auditlog.h"

#include <QList>
#include <QMetaType>
#include <QString>

namespace agentmon {

// One reap as the history chart marks it: the rows of the kill audit log that share a reapId, summed.
struct ReapMarker {
    qint64 timeMs = 0; // wall ms: the earliest row of the reap (when it started)
    QString reapId;
    QString requestedBy; // "person", "api", "periodic", "policy:<condition>"
    int killed = 0;
    int survived = 0;
    quint64 freedKb = 0;
    QString session; // the one session all its rows belong to; empty for a pass over several

    friend bool operator==(const ReapMarker &, const ReapMarker &) = default;
};

// One marker per reap (rows grouped by reapId; a row without one stands alone), oldest first. Dry runs (rows
// "planned") and reaps that touched nothing (no row killed or survived) are left out: the chart shows what
// changed the machine.
QList<ReapMarker> reapMarkers(const QList<AuditEntry> &entries);

} // namespace agentmon

Q_DECLARE_METATYPE(agentmon::ReapMarker)
