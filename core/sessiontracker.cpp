#include "sessiontracker.h"

#include "clock.h"
#include "commandline.h"
#include "coretext.h"
#include "humanformat.h"
#include "processsource.h"
#include "ruleset.h"

#include <algorithm>
#include <numeric>

namespace agentmon {

namespace {

// Processes that adopt orphans: a parent of this name that the child did not start with is an adopter.
bool isSubreaperComm(const QString &comm)
{
    static const QStringList names = {QStringLiteral("systemd"),   QStringLiteral("init"),
                                      QStringLiteral("tini"),      QStringLiteral("dumb-init"),
                                      QStringLiteral("catatonit"), QStringLiteral("docker-init"),
                                      QStringLiteral("s6-svscan"), QStringLiteral("runsvdir")};
    return names.contains(comm);
}

qint64 startMs(const ProcessInfo &info, quint64 ticksPerSecond)
{
    return qint64(info.key.starttime * 1000 / qMax<quint64>(ticksPerSecond, 1));
}

QString describe(int pid, const QString &comm)
{
    return comm.isEmpty() ? QString::number(pid) : QStringLiteral("%1 (%2)").arg(pid).arg(comm);
}

} // namespace

SessionTracker::SessionTracker(const RuleSet &rules, const Clock &clock, StatusPolicy policy)
    : m_rules(rules), m_clock(clock), m_policy(policy)
{
}

void SessionTracker::assignSession(const ProcessKey &root, const QString &sessionId)
{
    m_assigned.insert(root, sessionId);
    auto it = m_lineage.find(root);
    if (it == m_lineage.end() || it->session == sessionId)
        return;
    // Re-label the tree that was already attributed under another id.
    const QString old = it->session;
    for (Lineage &lineage : m_lineage) {
        if (!old.isEmpty() && lineage.session == old)
            lineage.session = sessionId;
    }
    it->session = sessionId;
    if (!old.isEmpty()) {
        if (auto s = m_sessions.find(old); s != m_sessions.end()) {
            Session moved = *s;
            moved.record.id = sessionId;
            // A new id on the same root is a new session (Claude Code's /clear, /resume): whatever ended the
            // old one, the next sample judges the new one by its root alone.
            moved.record.alive = true;
            moved.record.endedAtMs = 0;
            m_sessions.erase(s);
            m_sessions.insert(sessionId, moved);
        }
        for (auto a = m_markerAlias.begin(); a != m_markerAlias.end(); ++a) {
            if (a.value() == old)
                a.value() = sessionId;
        }
    }
}

void SessionTracker::endSession(const QString &sessionId)
{
    m_endedByNotice.insert(sessionId);
    if (auto s = m_sessions.find(sessionId); s != m_sessions.end() && s->record.endedAtMs == 0) {
        s->record.alive = false;
        s->record.endedAtMs = m_clock.nowMs();
    }
}

const EnvMarkers *SessionTracker::envOf(const ProcessInfo &info, Lineage &lineage, ProcessSource &details)
{
    if (!lineage.envRead) {
        lineage.envRead = true;
        if (info.env)
            lineage.env = info.env;
        else if (!info.isZombie() && (info.uid == details.currentUid() || details.currentUid() == 0))
            lineage.env = details.readEnvMarkers(info.key);
    }
    return lineage.env ? &*lineage.env : nullptr;
}

SessionTracker::Session &SessionTracker::ensureSession(const QString &id, const ProcessInfo *root,
                                                       ProcessClass rootClass, qint64 nowMs)
{
    auto it = m_sessions.find(id);
    if (it != m_sessions.end())
        return *it;
    Session session;
    SessionRecord &r = session.record;
    r.id = id;
    if (root) {
        r.root = root->key;
        r.rootComm = root->comm;
        r.agent = resolveProgram(root->argv).base;
        if (r.agent.isEmpty())
            r.agent = root->comm;
        r.rootClass = rootClass;
        r.interactive = rootClass == ProcessClass::Session && root->hasTty();
        r.tty = ttyName(root->ttyNr);
        r.alive = true;
        r.startedAtMs = nowMs; // corrected to the root's start time by update()
    } else {
        // Known only from the markers of what it left behind: its root was never seen alive.
        r.alive = false;
        r.endedAtMs = nowMs;
        r.startedAtMs = nowMs;
    }
    return *m_sessions.insert(id, session);
}

QString SessionTracker::sessionFor(const ProcessInfo &info, Lineage &lineage, const ProcessRecord &record,
                                   ProcessSource &details)
{
    const qint64 nowMs = m_clock.nowMs();
    if (const QString assigned = m_assigned.value(info.key); !assigned.isEmpty()) {
        ensureSession(assigned, &info, record.cls, nowMs);
        return assigned;
    }
    // A descendant belongs to its parent's session, and keeps belonging to it after it is reparented.
    if (auto parent = m_lineage.constFind(lineage.parent);
        parent != m_lineage.cend() && !parent->session.isEmpty())
        return parent->session;

    auto joinByMarker = [&](const QString &marker) -> QString {
        if (const QString alias = m_markerAlias.value(marker); !alias.isEmpty())
            return alias;
        ensureSession(marker, nullptr, ProcessClass::None, nowMs);
        return marker;
    };

    if (record.cls == ProcessClass::Mcp || record.cls == ProcessClass::Tool) {
        // Servers and shells belong to an agent: find it by the markers the agent gave them.
        const EnvMarkers *env = envOf(info, lineage, details);
        if (env && !env->sessionId.isEmpty())
            return joinByMarker(env->sessionId);
    }
    if (record.cls != ProcessClass::None) {
        const EnvMarkers *env = envOf(info, lineage, details);
        QString id;
        if (env && !env->sessionId.isEmpty()) {
            id = env->sessionId;
            if (const QString alias = m_markerAlias.value(id); !alias.isEmpty())
                return alias; // started inside that session (its marker was inherited)
            if (m_sessions.contains(id))
                return id;
        }
        if (id.isEmpty())
            id = optionValue(info.argv, u"--session-id");
        if (id.isEmpty())
            id = optionValue(info.argv, u"--resume");
        if (id.isEmpty() || id.startsWith(QLatin1Char('-')))
            id = QStringLiteral("pid-%1-%2").arg(info.key.pid).arg(info.key.starttime);
        Session &session = ensureSession(id, &info, record.cls, nowMs);
        if (session.record.root != info.key && session.record.root.isValid() && session.record.alive)
            return id; // joins a live session of the same id
        session.record.root = info.key;
        return id;
    }
    // Not an agent by its command line: a crash survivor or setsid escapee of an agent still carries the
    // agent's markers. Only processes that look cut loose are asked, so environ is not read for the whole
    // machine.
    const bool cutLoose = info.ppid <= 1 || lineage.reparentedAtMs > 0 ||
                          isSubreaperComm(lineage.parentComm) || m_subreapers.contains(info.ppid) ||
                          (info.sid == info.key.pid && !info.hasTty()) || lineage.parentStartedLater;
    if (cutLoose) {
        const EnvMarkers *env = envOf(info, lineage, details);
        if (env && !env->sessionId.isEmpty())
            return joinByMarker(env->sessionId);
    }
    return {};
}

Snapshot SessionTracker::update(std::vector<ProcessInfo> processes, const SystemStats &system,
                                ProcessSource &details)
{
    const qint64 nowMs = m_clock.nowMs();
    const quint64 hz =
        system.clockTicksPerSecond ? system.clockTicksPerSecond : details.clockTicksPerSecond();
    ++m_mark;

    Snapshot snapshot;
    snapshot.takenAtMs = nowMs;
    snapshot.takenAtWallMs = m_clock.wallMs();
    snapshot.system = system;
    std::vector<ProcessRecord> &records = snapshot.processes;
    records.resize(processes.size());
    QHash<int, qsizetype> byPid;
    byPid.reserve(qsizetype(processes.size()));
    for (size_t i = 0; i < processes.size(); ++i) {
        records[i].info = std::move(processes[i]);
        byPid.insert(records[i].info.key.pid, qsizetype(i));
    }
    // Parents start before the children they create, so walking by start time meets a creator before its
    // children and a child can inherit its parent's session in the same pass.
    std::vector<qsizetype> order(records.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&records](qsizetype a, qsizetype b) {
        const ProcessKey &ka = records[size_t(a)].info.key;
        const ProcessKey &kb = records[size_t(b)].info.key;
        return ka.starttime != kb.starttime ? ka.starttime < kb.starttime : ka.pid < kb.pid;
    });

    for (const qsizetype index : order) {
        ProcessRecord &record = records[size_t(index)];
        const ProcessInfo &info = record.info;
        const qsizetype parentIndex = byPid.value(info.ppid, -1);
        const ProcessInfo *parent = parentIndex >= 0 ? &records[size_t(parentIndex)].info : nullptr;

        auto it = m_lineage.find(info.key);
        if (it == m_lineage.end()) {
            it = m_lineage.insert(info.key, Lineage{});
            it->firstSeenMs = nowMs;
            it->currentPpid = info.ppid;
            if (parent) {
                it->parent = parent->key;
                it->parentComm = parent->comm;
                it->parentStartedLater = parent->key.starttime > info.key.starttime;
            }
        } else if (info.ppid != it->currentPpid) {
            it->formerParent =
                it->currentPpid == it->parent.pid ? it->parent : ProcessKey{it->currentPpid, 0};
            it->formerParentComm = it->currentParentComm.isEmpty() ? it->parentComm : it->currentParentComm;
            it->reparentedAtMs = nowMs;
            it->currentPpid = info.ppid;
            it->currentParentComm = parent ? parent->comm : QString();
        }
        Lineage &lineage = *it;
        lineage.mark = m_mark;

        if (!lineage.classified || lineage.classifiedTty != info.hasTty() ||
            lineage.classifiedArgv != info.argv) {
            lineage.classification = m_rules.classify(info.argv, info.hasTty());
            lineage.classifiedArgv = info.argv;
            lineage.classifiedTty = info.hasTty();
            lineage.classified = true;
        }
        record.cls = lineage.classification.cls;
        record.rule = lineage.classification.rule;
        record.protectedBy = lineage.classification.protectedBy;
        record.ageMs = qMax<qint64>(0, nowMs - startMs(info, hz));
        if (info.kernelThread)
            continue;
        if (lineage.session.isEmpty())
            lineage.session = sessionFor(info, lineage, record, details);
        record.session = lineage.session;
        if (record.session.isEmpty())
            continue;
        if (record.cls == ProcessClass::None)
            record.cls = ProcessClass::Child;
        if (info.cpuPct < m_policy.idleCpuPct) {
            if (lineage.lowCpuSinceMs < 0)
                lineage.lowCpuSinceMs = nowMs;
        } else {
            lineage.lowCpuSinceMs = -1;
        }
    }

    // Sessions: alive while their root is, totals over their live members.
    for (Session &session : m_sessions) {
        SessionRecord &r = session.record;
        r.processCount = 0;
        r.rssKb = r.pssKb = r.swapKb = 0;
        const qsizetype rootIndex = r.root.isValid() ? byPid.value(r.root.pid, -1) : -1;
        const bool rootAlive = rootIndex >= 0 && records[size_t(rootIndex)].info.key == r.root &&
                               !records[size_t(rootIndex)].info.isZombie();
        if (rootAlive) {
            r.startedAtMs = startMs(records[size_t(rootIndex)].info, hz);
            records[size_t(rootIndex)].sessionRoot = records[size_t(rootIndex)].session == r.id;
        }
        if (r.alive && (!rootAlive || m_endedByNotice.contains(r.id))) {
            r.alive = false;
            r.endedAtMs = nowMs;
        }
    }
    for (ProcessRecord &record : records) {
        if (record.session.isEmpty())
            continue;
        auto s = m_sessions.find(record.session);
        if (s == m_sessions.end())
            continue;
        SessionRecord &r = s->record;
        Lineage &lineage = m_lineage[record.info.key];
        if (!record.info.isZombie()) {
            ++r.processCount;
            r.rssKb += record.info.rssKb;
            if (!record.info.memory)
                record.info.memory = details.readMemory(record.info.key);
            if (record.info.memory) {
                r.pssKb += record.info.memory->pssKb;
                r.swapKb += record.info.memory->swapKb;
            }
        }
        const EnvMarkers *env = envOf(record.info, lineage, details);
        if (env) {
            record.info.env = *env;
            if (r.projectDir.isEmpty() && !env->projectDir.isEmpty())
                r.projectDir = env->projectDir;
            if (!env->sessionId.isEmpty() && env->sessionId != r.id && r.markerId.isEmpty() &&
                !record.sessionRoot) {
                r.markerId = env->sessionId;
                m_markerAlias.insert(env->sessionId, r.id);
            }
        }
        if (record.sessionRoot) {
            if (!lineage.cwdRead) {
                lineage.cwdRead = true;
                lineage.cwd = details.readCwd(record.info.key);
            }
            record.info.cwd = lineage.cwd;
            if (r.projectDir.isEmpty())
                r.projectDir = lineage.cwd;
        }
    }

    for (ProcessRecord &record : records) {
        if (record.info.isZombie()) {
            const qsizetype parentIndex = byPid.value(record.info.ppid, -1);
            snapshot.zombies.push_back({record.info.key, record.info.ppid,
                                        parentIndex >= 0 ? records[size_t(parentIndex)].info.comm : QString(),
                                        record.info.comm});
        }
        if (record.isAgent())
            judge(record, m_lineage.value(record.info.key), byPid, records, nowMs);
    }

    // Sweep what is gone.
    for (auto it = m_lineage.begin(); it != m_lineage.end();) {
        if (it->mark != m_mark)
            it = m_lineage.erase(it);
        else
            ++it;
    }
    for (auto it = m_assigned.begin(); it != m_assigned.end();) {
        if (!m_lineage.contains(it.key()))
            it = m_assigned.erase(it);
        else
            ++it;
    }
    for (auto it = m_sessions.begin(); it != m_sessions.end();) {
        const SessionRecord &r = it->record;
        if (!r.alive && r.processCount == 0 && nowMs - r.endedAtMs >= m_policy.endedRetentionMs) {
            const QString id = r.id;
            m_endedByNotice.remove(id);
            for (auto a = m_markerAlias.begin(); a != m_markerAlias.end();) {
                if (a.value() == id)
                    a = m_markerAlias.erase(a);
                else
                    ++a;
            }
            it = m_sessions.erase(it);
        } else {
            snapshot.sessions.push_back(r);
            ++it;
        }
    }
    std::sort(snapshot.sessions.begin(), snapshot.sessions.end(),
              [](const SessionRecord &a, const SessionRecord &b) {
                  if (a.alive != b.alive)
                      return a.alive;
                  return a.startedAtMs != b.startedAtMs ? a.startedAtMs < b.startedAtMs : a.id < b.id;
              });
    return snapshot;
}

void SessionTracker::judge(ProcessRecord &record, const Lineage &lineage, const QHash<int, qsizetype> &byPid,
                           const std::vector<ProcessRecord> &records, qint64 nowMs) const
{
    const ProcessInfo &info = record.info;
    const qsizetype parentIndex = byPid.value(info.ppid, -1);
    const ProcessInfo *parent = parentIndex >= 0 ? &records[size_t(parentIndex)].info : nullptr;
    const QString parentText = describe(info.ppid, parent ? parent->comm : QString());
    const SessionRecord *session = nullptr;
    if (auto s = m_sessions.constFind(record.session); s != m_sessions.cend())
        session = &s->record;
    auto finish = [&record](ProcessStatus status, const QString &reason) {
        record.status = status;
        record.reason = reason;
        if (!record.protectedBy.isEmpty())
            record.reason = coreText(CoreText::ProtectedByRuleSuffix).arg(record.reason, record.protectedBy);
    };

    if (info.isZombie()) {
        finish(ProcessStatus::Zombie, coreText(CoreText::ZombieNotReaped).arg(parentText));
        return;
    }

    // How it lost its parent, if it did.
    QString lostParent;
    if (lineage.reparentedAtMs > 0) {
        lostParent = coreText(CoreText::ParentExitedAgo)
                         .arg(describe(lineage.formerParent.pid, lineage.formerParentComm),
                              formatDuration(nowMs - lineage.reparentedAtMs));
    }
    QString adopter;
    if (info.ppid <= 1)
        adopter = coreText(CoreText::AdoptedByInit);
    else if ((m_subreapers.contains(info.ppid) && !m_assigned.contains(info.key)) ||
             isSubreaperComm(parent ? parent->comm : QString()))
        adopter = coreText(CoreText::AdoptedBySubreaper).arg(parentText);
    else if (lineage.reparentedAtMs > 0)
        adopter = coreText(CoreText::NowChildOf).arg(parentText);
    else if (parent && parent->key.starttime > info.key.starttime)
        adopter = coreText(CoreText::AdoptedByYounger).arg(parentText);

    // A session known only by the markers of its members has no end we saw: its members are judged by their
    // own parents below, so that the children of an agent the rules do not recognise are not taken for
    // leftovers.
    if (session && (session->root.isValid() || m_endedByNotice.contains(session->id)) && !session->alive &&
        !(record.sessionRoot && !m_endedByNotice.contains(session->id))) {
        const qint64 since = nowMs - session->endedAtMs;
        const QString ended =
            coreText(CoreText::SessionEndedAgo).arg(shortSessionId(session->id), formatDuration(since));
        if (since < m_policy.lingerMs) {
            finish(ProcessStatus::Running,
                   coreText(CoreText::LeftoverAfter).arg(ended, formatDuration(m_policy.lingerMs)));
        } else {
            finish(ProcessStatus::Orphan,
                   lostParent.isEmpty() ? ended : coreText(CoreText::Joined).arg(lostParent, ended));
        }
        return;
    }

    const bool daemonRoot = record.sessionRoot && record.cls == ProcessClass::Daemon;
    if (!adopter.isEmpty() && !daemonRoot) {
        finish(ProcessStatus::Orphan, lostParent.isEmpty()
                                          ? coreText(CoreText::ParentExitedAdopted).arg(adopter)
                                          : coreText(CoreText::Joined).arg(lostParent, adopter));
        return;
    }

    if (session && session->rootClass == ProcessClass::Daemon && !record.sessionRoot &&
        lineage.lowCpuSinceMs >= 0 && nowMs - lineage.lowCpuSinceMs >= m_policy.idleWindowMs) {
        finish(ProcessStatus::Idle, coreText(CoreText::IdleUnderDaemon)
                                        .arg(m_policy.idleCpuPct)
                                        .arg(formatDuration(nowMs - lineage.lowCpuSinceMs),
                                             describe(session->root.pid, session->rootComm)));
        return;
    }

    const bool liveInteractive = session && session->alive && session->interactive;
    if (record.cls != ProcessClass::Daemon && !liveInteractive && record.ageMs > m_policy.maxAgeMs) {
        finish(ProcessStatus::Stale,
               coreText(CoreText::StaleWithoutSession)
                   .arg(formatDuration(record.ageMs), formatDuration(m_policy.maxAgeMs)));
        return;
    }

    QString reason;
    if (record.sessionRoot) {
        switch (record.cls) {
        case ProcessClass::Session:
            reason = coreText(CoreText::InteractiveSessionOn).arg(ttyName(info.ttyNr));
            break;
        case ProcessClass::Daemon:
            reason = coreText(CoreText::AgentDaemon);
            break;
        default:
            reason = coreText(CoreText::StartedBy).arg(className(record.cls), parentText);
            break;
        }
    } else if (session && session->alive) {
        reason = coreText(CoreText::InLiveSession).arg(shortSessionId(session->id), parentText);
    } else if (session && !session->root.isValid()) {
        reason = coreText(CoreText::InMarkerSession).arg(shortSessionId(session->id), parentText);
    } else if (session) {
        reason = coreText(CoreText::InSession).arg(shortSessionId(session->id), parentText);
    } else {
        reason = coreText(CoreText::ChildOf).arg(parentText);
    }
    finish(ProcessStatus::Running, reason);
}

} // namespace agentmon
