#pragma once

#include "processinfo.h"

#include <optional>

namespace agentmon {

// A handle on one process instance (a pidfd on Linux), opened and then checked against the (pid, starttime)
// of key. Signals go through the handle only, so they can never reach a process that took over the pid.
// Move-only.
class ProcessHandle {
public:
    // nullopt when the process is gone, the pid belongs to another process now, or the handle cannot be had
    // (fail closed: no handle, no signal).
    static std::optional<ProcessHandle> open(const ProcessKey &key);

    ProcessHandle(ProcessHandle &&other) noexcept;
    ProcessHandle &operator=(ProcessHandle &&other) noexcept;
    ProcessHandle(const ProcessHandle &) = delete;
    ProcessHandle &operator=(const ProcessHandle &) = delete;
    ~ProcessHandle();

    const ProcessKey &key() const { return m_key; }
    // Sends sig; false when it could not be sent (the process has exited, or permission was refused).
    bool signal(int sig) const;
    // The descriptor becomes readable when the process exits (for a QSocketNotifier).
    int fd() const { return m_fd; }
    // True once the process has exited (it may still be an unreaped zombie).
    bool hasExited() const;
    // The real uid of the process (Uid: in /proc/<pid>/status); nullopt once it is gone.
    std::optional<uint> realUid() const;

private:
    ProcessHandle(const ProcessKey &key, int fd) : m_key(key), m_fd(fd) {}
    ProcessKey m_key;
    int m_fd = -1;
};

} // namespace agentmon
