#pragma once

#include "processinfo.h"
#include "ruleset.h"
#include "systemstats.h"

#include <QMetaType>
#include <QString>

#include <vector>

namespace agentmon {

// One process with agentmon's judgement of it.
struct ProcessRecord {
    ProcessInfo info;
    ProcessClass cls = ProcessClass::None; // None: not an agent process
    QString rule;                          // rule that classified it; empty for members found by lineage
    QString protectedBy;                   // user protect rule, if any
    ProcessStatus status = ProcessStatus::Running;
    QString reason;
    QString session;
    bool sessionRoot = false;
    bool tracked = false;
    qint64 ageMs = 0;

    bool isAgent() const { return cls != ProcessClass::None; }
};

struct SessionRecord {
    QString id;
    QString markerId; // the agent's own session id (CLAUDE_CODE_SESSION_ID of its children) when id is not it
    ProcessKey root;  // pid 0 when the root was never seen (attributed by environment markers only)
    QString rootComm;
    QString agent; // program of the root ("claude", "codex", ...)
    ProcessClass rootClass = ProcessClass::None;
    QString projectDir;
    QString tty;
    bool alive = false;
    bool interactive = false;
    qint64 startedAtMs = 0; // on Clock::nowMs()
    qint64 endedAtMs = 0;   // 0 while alive
    int processCount = 0;   // live members
    quint64 rssKb = 0;
    quint64 pssKb = 0;
    quint64 swapKb = 0;

    bool leaked(qint64 nowMs, qint64 lingerMs) const
    {
        return !alive && processCount > 0 && nowMs - endedAtMs >= lingerMs;
    }
};

struct ZombieRecord {
    ProcessKey key;
    int ppid = 0;
    QString parentComm;
    QString comm;
};

struct Snapshot {
    qint64 takenAtMs = 0;     // Clock::nowMs()
    qint64 takenAtWallMs = 0; // Clock::wallMs()
    qint64 durationUs = 0;    // time the sample took
    SystemStats system;
    std::vector<ProcessRecord> processes; // every process of the machine
    std::vector<SessionRecord> sessions;
    std::vector<ZombieRecord> zombies;

    int agentCount() const;
};

} // namespace agentmon

Q_DECLARE_METATYPE(agentmon::Snapshot)
