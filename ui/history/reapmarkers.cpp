#include "reapmarkers.h"

#include <QHash>

#include <algorithm>

namespace agentmon {

QList<ReapMarker> reapMarkers(const QList<AuditEntry> &entries)
{
    struct Group {
        ReapMarker marker;
        bool dryRun = false;
        bool mixedSessions = false;
    };
    QList<Group> groups;
    QHash<QString, qsizetype> byId;
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const AuditEntry &e = entries.at(i);
        qsizetype g = -1;
        if (!e.reapId.isEmpty())
            g = byId.value(e.reapId, -1);
        if (g < 0) {
            Group group;
            group.marker.timeMs = e.timeMs;
            group.marker.reapId = e.reapId;
            group.marker.requestedBy = e.requestedBy;
            group.marker.session = e.session;
            groups.append(group);
            g = groups.size() - 1;
            if (!e.reapId.isEmpty())
                byId.insert(e.reapId, g);
        }
        Group &group = groups[g];
        ReapMarker &m = group.marker;
        m.timeMs = std::min(m.timeMs, e.timeMs);
        if (m.requestedBy.isEmpty())
            m.requestedBy = e.requestedBy;
        // Rows without a session (skips found during the cascade) do not make a session reap a mixed one.
        if (!e.session.isEmpty() && !group.mixedSessions) {
            if (m.session.isEmpty())
                m.session = e.session;
            else if (m.session != e.session)
                group.mixedSessions = true;
        }
        if (e.outcome == QLatin1String("planned")) {
            group.dryRun = true;
        } else if (e.outcome == QLatin1String("killed")) {
            ++m.killed;
            m.freedKb += e.rssFreedKb;
        } else if (e.outcome == QLatin1String("survived")) {
            ++m.survived;
        }
    }

    QList<ReapMarker> markers;
    // The log lists newest first: walking it backwards keeps reaps of the same millisecond oldest first too.
    for (auto it = groups.rbegin(); it != groups.rend(); ++it) {
        Group &group = *it;
        if (group.dryRun || (group.marker.killed == 0 && group.marker.survived == 0))
            continue;
        if (group.mixedSessions)
            group.marker.session.clear();
        markers.append(group.marker);
    }
    std::stable_sort(markers.begin(), markers.end(),
                     [](const ReapMarker &a, const ReapMarker &b) { return a.timeMs < b.timeMs; });
    return markers;
}

} // namespace agentmon
