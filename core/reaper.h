#pragma once

#include "auditlog.h"
#include "cascade.h"
#include "snapshot.h"

#include <QJsonObject>
#include <QObject>
#include <QString>

#include <functional>
#include <optional>

namespace agentmon {

class RuleSet;

// One process a reap will signal, fixed up front by (pid, starttime) with why it was chosen.
struct ReapTarget {
    ProcessKey key;
    int pgid = 0;
    QString session;
    ProcessClass cls = ProcessClass::None;
    ProcessStatus status = ProcessStatus::Running;
    QString reason;
    quint64 rssKb = 0;
    QStringList argv;
};

struct ReapPlan {
    QList<ReapTarget> targets;
    QList<SkipRecord> skipped;
    int zombieCount = 0;
};

struct ReapRequest {
    enum class Kind { Pass, Session, Processes };
    Kind kind = Kind::Pass;
    QString session;
    QList<ProcessKey> processes; // Kind::Processes: what a person selected
    bool dryRun = false;
    qint64 minAgeMs = 120'000;
    CascadeTimes times;
    QString requestedBy = QStringLiteral("person"); // person, api, periodic, policy:<condition>
};

struct ReapReport {
    QString id;
    ReapRequest request;
    qint64 durationMs = 0;
    QList<ReapTarget> targets;
    CascadeReport cascade;
    int zombieCount = 0;
    quint64 freeMemMb = 0;
    double swapPct = 0;

    bool hasSurvivors() const { return !cascade.survivors.isEmpty(); }
};

// Chooses what a reap takes, from a snapshot; pure, so that a dry run and a real run plan the same.
class ReapPlanner {
public:
    using RealUid = std::function<std::optional<uint>(const ProcessKey &)>;

    // uid: the user agentmon acts for; nothing of another user is ever planned. realUid re-reads the real uid
    // of a candidate (the sampled uid is the owner of /proc/<pid>).
    ReapPlanner(uint uid, RealUid realUid);

    // Limits what a pass may take to the processes scope accepts (tests: only what they started). None: all.
    void setScope(std::function<bool(const ProcessRecord &)> scope) { m_scope = std::move(scope); }

    // A person's reap of one session: its whole tree, root included, and nothing outside it (extra: processes
    // remembered for the session elsewhere, e.g. the registry's lineage).
    ReapPlan planSession(const Snapshot &snapshot, const QString &session,
                         const QList<ProcessKey> &extra = {}) const;
    // A reaper pass: orphaned, idle and stale agent processes older than minAgeMs, with their descendants,
    // never anything of a live interactive session, never a protected process.
    ReapPlan planPass(const Snapshot &snapshot, qint64 minAgeMs) const;
    // A person's kill of chosen processes: each of them (when still the same process) with what it started,
    // under the same guards as a session reap.
    ReapPlan planProcesses(const Snapshot &snapshot, const QList<ProcessKey> &keys) const;

private:
    QString unsafe(const ProcessRecord &record) const;
    uint m_uid;
    RealUid m_realUid;
    std::function<bool(const ProcessRecord &)> m_scope;
};

// Runs a plan: one kill cascade over its targets, whose process groups and children forked meanwhile are
// found again by fresh scans while it runs. With dryRun nothing is signalled. Emits finished once.
class ReapJob : public QObject {
    Q_OBJECT
public:
    ReapJob(const ReapRequest &request, ReapPlan plan, const Snapshot &snapshot, QObject *parent = nullptr);

    void start();
    const ReapReport &report() const { return m_report; }

Q_SIGNALS:
    void finished(const agentmon::ReapReport &report);

private:
    QList<ProcessKey> findMembers() const;
    void complete(const CascadeReport &cascade);

    ReapRequest m_request;
    ReapPlan m_plan;
    ReapReport m_report;
    QSet<ProcessKey> m_targetKeys;
    QSet<ProcessKey> m_spared; // what the snapshot showed and the plan did not take: the planner's decision
    QSet<int> m_groups;        // process groups led by a target, still holding a target at the start
    uint m_uid = 0;
    Cascade *m_cascade = nullptr;
};

namespace json {
// The reap report of design.md.
QJsonObject reapReport(const ReapReport &report);
} // namespace json

// The rows a reap leaves in the kill audit log: one per target (killed, survived, already gone, or planned in
// a dry run) and one per skipped process.
QList<AuditEntry> auditEntries(const ReapReport &report, const QString &trigger);

// "killed 7 processes (2.3 GB) of session abc: 6 by TERM in 40 ms, 1 by KILL after 5.0 s"
QString reapReceipt(const ReapReport &report);

} // namespace agentmon

Q_DECLARE_METATYPE(agentmon::ReapReport)
