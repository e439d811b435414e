#include "cascade.h"
#include "coretext.h"
#include "processhandle.h"
#include "procparsers.h"

#include <cerrno>
#include <fcntl.h>
#include <poll.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace agentmon {

namespace {

// One small /proc/<pid>/<name> file in one read (stat, status: well under 4 KB).
QByteArray readProcFile(int pid, const char *name)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/%s", pid, name);
    const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return {};
    char buffer[4096];
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    ::close(fd);
    return n > 0 ? QByteArray(buffer, n) : QByteArray();
}

std::optional<procparse::StatFields> readStat(int pid, QByteArray &storage)
{
    storage = readProcFile(pid, "stat");
    const auto stat = procparse::parseStat(storage);
    if (!stat || stat->pid != pid)
        return std::nullopt;
    return stat;
}

std::optional<quint64> readStartTime(int pid)
{
    QByteArray storage;
    const auto stat = readStat(pid, storage);
    return stat ? std::optional<quint64>(stat->starttime) : std::nullopt;
}

} // namespace

std::optional<ProcessHandle> ProcessHandle::open(const ProcessKey &key)
{
    if (key.pid <= 0)
        return std::nullopt;
    const int fd = int(::syscall(SYS_pidfd_open, key.pid, 0));
    if (fd < 0)
        return std::nullopt;
    ::fcntl(fd, F_SETFD, FD_CLOEXEC);
    // Checked after opening: if the pid was reused before pidfd_open, the starttime differs; if the process
    // exits after this check, the pidfd still names the old one and signals fail instead of going astray.
    if (readStartTime(key.pid) != key.starttime) {
        ::close(fd);
        return std::nullopt;
    }
    return ProcessHandle(key, fd);
}

ProcessHandle::ProcessHandle(ProcessHandle &&other) noexcept : m_key(other.m_key), m_fd(other.m_fd)
{
    other.m_fd = -1;
}

ProcessHandle &ProcessHandle::operator=(ProcessHandle &&other) noexcept
{
    if (this != &other) {
        if (m_fd >= 0)
            ::close(m_fd);
        m_key = other.m_key;
        m_fd = other.m_fd;
        other.m_fd = -1;
    }
    return *this;
}

ProcessHandle::~ProcessHandle()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

bool ProcessHandle::signal(int sig) const
{
    if (m_fd < 0)
        return false;
    return ::syscall(SYS_pidfd_send_signal, m_fd, sig, nullptr, 0) == 0;
}

std::optional<uint> ProcessHandle::realUid() const
{
    const QByteArray status = readProcFile(m_key.pid, "status");
    // Read first, then checked that the pidfd's process still lives: so it was not a successor's status.
    if (status.isEmpty() || hasExited())
        return std::nullopt;
    return procparse::parseStatusRealUid(status);
}

bool ProcessHandle::hasExited() const
{
    if (m_fd < 0)
        return true;
    pollfd pfd{m_fd, POLLIN, 0};
    return ::poll(&pfd, 1, 0) > 0;
}

QSet<int> selfAndAncestors()
{
    QSet<int> pids;
    int current = int(::getpid());
    QByteArray storage;
    for (int depth = 0; current > 1 && depth < 4096; ++depth) {
        pids.insert(current);
        const auto stat = readStat(current, storage);
        if (!stat)
            break;
        current = stat->ppid;
    }
    return pids;
}

QString forbiddenReason(int pid)
{
    if (pid <= 1)
        return coreText(CoreText::NeverSignalled).arg(pid);
    if (pid == int(::getpid()))
        return coreText(CoreText::AgentmonItself);
    if (selfAndAncestors().contains(pid))
        return coreText(CoreText::AncestorOfAgentmon);
    return {};
}

} // namespace agentmon
