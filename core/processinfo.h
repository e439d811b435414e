#pragma once

#include <QHashFunctions>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>

namespace agentmon {

// A process is identified by (pid, starttime): starttime is field 22 of /proc/<pid>/stat, in clock ticks
// after boot. A pid alone is never enough, since the kernel hands pids out again.
struct ProcessKey {
    int pid = 0;
    quint64 starttime = 0;

    friend bool operator==(const ProcessKey &, const ProcessKey &) = default;
    bool isValid() const { return pid > 0; }
};

inline size_t qHash(const ProcessKey &key, size_t seed = 0) noexcept
{
    return qHashMulti(seed, key.pid, key.starttime);
}

// What agentmon knows a process to be. Order matters only for display.
enum class ProcessClass : quint8 { None, Session, Agent, Mcp, Tool, Daemon, Child };

enum class ProcessStatus : quint8 { Running, Orphan, Idle, Stale, Zombie, Unkillable };

QString className(ProcessClass cls);
QString statusName(ProcessStatus status);
std::optional<ProcessClass> processClassFromString(QStringView text);

// The environment variables that tie a process to an agent session. They survive setsid, double forks and
// exec.
struct EnvMarkers {
    QString sessionId;         // CLAUDE_CODE_SESSION_ID
    QString projectDir;        // CLAUDE_PROJECT_DIR
    QString entrypoint;        // CLAUDE_CODE_ENTRYPOINT (cli, sdk-cli, ...)
    bool claudeCode = false;   // CLAUDECODE=1
    bool childSession = false; // CLAUDE_CODE_CHILD_SESSION=1

    bool isEmpty() const
    {
        return sessionId.isEmpty() && projectDir.isEmpty() && !claudeCode && !childSession;
    }
    friend bool operator==(const EnvMarkers &, const EnvMarkers &) = default;
};

// PSS and swap come from smaps_rollup, which costs a walk of the address space: read for agent processes
// only.
struct MemoryDetail {
    quint64 pssKb = 0;
    quint64 swapKb = 0;
    quint64 swapPssKb = 0;
};

// One process as one sample saw it. Plain value, cheap to copy (Qt containers share their data).
struct ProcessInfo {
    ProcessKey key;
    int ppid = 0;
    int pgid = 0;
    int sid = 0;
    int ttyNr = 0; // device number of the controlling terminal, 0 for none
    int tpgid = -1;
    uint uid = 0; // owner of /proc/<pid> (effective uid, root for non-dumpable processes)
    char state = '?';
    bool kernelThread = false;
    QString comm;
    QStringList argv; // empty for kernel threads and for zombies first seen dead; kept from life otherwise
    quint64 rssKb = 0;
    quint64 cpuTicks = 0; // utime + stime
    double cpuPct = 0.0;  // over the interval since the previous sample; lifetime average on the first
    int threads = 0;

    std::optional<MemoryDetail> memory; // only for agent processes
    std::optional<EnvMarkers> env;      // only for candidate processes
    QString cwd;                        // only for session roots

    bool hasTty() const { return ttyNr != 0; }
    bool isZombie() const { return state == 'Z'; }
};

// Turns a tty device number (field 7 of stat) into the name people know ("pts/3", "tty2"); empty for none.
QString ttyName(int ttyNr);

} // namespace agentmon

Q_DECLARE_METATYPE(agentmon::ProcessKey)
