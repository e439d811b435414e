#pragma once

#include "processinfo.h"
#include "systemstats.h"

#include <QString>

#include <memory>
#include <optional>
#include <vector>

namespace agentmon {

class Clock;

// Where process samples come from. One implementation per platform, chosen by CMake (core/linux/ on Linux).
// Identity matters everywhere: detail reads take the (pid, starttime) a scan returned and answer nothing when
// the pid now belongs to another process.
class ProcessSource {
public:
    virtual ~ProcessSource() = default;

    // False (with errorString()) when the process table cannot be read at all.
    virtual bool isValid() const = 0;
    virtual QString errorString() const = 0;

    // Reads every process into out (cleared first). Processes that vanish while being read are skipped
    // quietly. argv is read once per (pid, starttime) and again only when the command name changes (exec).
    virtual void scan(std::vector<ProcessInfo> &out) = 0;

    virtual SystemStats readSystem() = 0;

    // One process read on its own (no CPU %), for a process that appeared since the last scan.
    virtual std::optional<ProcessInfo> readProcess(const ProcessKey &key) = 0;
    virtual std::optional<EnvMarkers> readEnvMarkers(const ProcessKey &key) = 0;
    virtual std::optional<MemoryDetail> readMemory(const ProcessKey &key) = 0;
    virtual QString readCwd(const ProcessKey &key) = 0;
    // The real uid from status; the scan's uid is the owner of /proc/<pid>, which is root for non-dumpable
    // tasks.
    virtual std::optional<uint> readRealUid(const ProcessKey &key) = 0;

    virtual quint64 clockTicksPerSecond() const = 0;
    // The user agentmon runs as: environment markers are read only from this user's processes (or all for
    // root).
    virtual uint currentUid() const = 0;
};

// Raises the soft limit of open files to the hard limit (at most 65536 * 4), so that a source can keep a file
// open per process between scans. Returns the soft limit before, which processes agentmon starts should get
// back. Call it once, early in main().
quint64 raiseOpenFileLimit();

// The platform's source reading procRoot (default "/proc"); ages and CPU use clock, which must outlive it.
std::unique_ptr<ProcessSource> createProcessSource(const Clock &clock, const QString &procRoot = QString());

} // namespace agentmon
