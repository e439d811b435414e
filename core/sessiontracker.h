#pragma once

#include "snapshot.h"

#include <QHash>
#include <QSet>

namespace agentmon {

class Clock;
class ProcessSource;
class RuleSet;

// The thresholds behind the statuses (design.md defaults).
struct StatusPolicy {
    qint64 lingerMs = 30'000;      // a session's leftovers become orphans this long after its root exited
    qint64 idleWindowMs = 120'000; // a daemon's child below idleCpuPct this long is idle
    double idleCpuPct = 1.0;
    qint64 maxAgeMs = 2 * 3600'000;    // older than this without a live interactive session is stale
    qint64 endedRetentionMs = 600'000; // an ended session with nothing left is forgotten after this long
};

// Remembers what earlier samples showed (who started whom, which session a process belongs to, when a parent
// went away) and turns each new sample into process records with class, session, status and reason.
// Knows nothing of /proc: details (environment markers, smaps, cwd) come through the ProcessSource interface,
// and only for the processes that need them.
class SessionTracker {
public:
    SessionTracker(const RuleSet &rules, const Clock &clock, StatusPolicy policy = {});

    void setPolicy(const StatusPolicy &policy) { m_policy = policy; }
    const StatusPolicy &policy() const { return m_policy; }

    // Session id to use for the process tree rooted at key (from spawn, register or the API).
    void assignSession(const ProcessKey &root, const QString &sessionId);
    // A session that ended by notice (session-end) rather than by its root exiting.
    void endSession(const QString &sessionId);
    // A process known to be a child subreaper (agentmon itself once it made itself one): what it adopts from
    // elsewhere is an orphan even when the reparenting happened before the tracker first saw it.
    void addSubreaper(int pid) { m_subreapers.insert(pid); }
    // The rules changed: every process is classified again at the next update.
    void reclassify()
    {
        for (Lineage &lineage : m_lineage)
            lineage.classified = false;
    }

    Snapshot update(std::vector<ProcessInfo> processes, const SystemStats &system, ProcessSource &details);

    // Processes the tracker remembers (alive in the last sample): for tests and diagnostics.
    int rememberedCount() const { return int(m_lineage.size()); }

private:
    struct Lineage {
        ProcessKey parent; // parent when first seen
        QString parentComm;
        bool parentStartedLater = false; // first seen under an adopter, not its creator
        int currentPpid = 0;
        QString currentParentComm;
        ProcessKey formerParent; // parent before the last reparenting
        QString formerParentComm;
        qint64 reparentedAtMs = 0;
        qint64 firstSeenMs = 0;
        qint64 lowCpuSinceMs = -1;
        QString session;
        QStringList classifiedArgv;
        bool classifiedTty = false;
        bool classified = false;
        Classification classification;
        bool envRead = false;
        std::optional<EnvMarkers> env;
        bool cwdRead = false;
        QString cwd;
        quint32 mark = 0;
    };

    struct Session {
        SessionRecord record;
        quint32 mark = 0;
    };

    const EnvMarkers *envOf(const ProcessInfo &info, Lineage &lineage, ProcessSource &details);
    QString sessionFor(const ProcessInfo &info, Lineage &lineage, const ProcessRecord &record,
                       ProcessSource &details);
    Session &ensureSession(const QString &id, const ProcessInfo *root, ProcessClass rootClass, qint64 nowMs);
    void judge(ProcessRecord &record, const Lineage &lineage, const QHash<int, qsizetype> &byPid,
               const std::vector<ProcessRecord> &records, qint64 nowMs) const;

    const RuleSet &m_rules;
    const Clock &m_clock;
    StatusPolicy m_policy;
    quint32 m_mark = 0;
    QHash<ProcessKey, Lineage> m_lineage;
    QHash<QString, Session> m_sessions;
    QHash<QString, QString> m_markerAlias; // agent's own session id -> session id
    QHash<ProcessKey, QString> m_assigned;
    QSet<QString> m_endedByNotice;
    QSet<int> m_subreapers;
};

} // namespace agentmon
