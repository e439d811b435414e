#include "cascade.h"
#include "processhandle.h"
#include "procparsers.h"

#include <cerrno>
#include <fcntl.h>
#include <poll.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace agentmon {

namespace {

std::optional<quint64> readStartTime(int pid)
{
    char path[40];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return std::nullopt;
    char buffer[4096];
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    ::close(fd);
    if (n <= 0)
        return std::nullopt;
    const auto stat = procparse::parseStat(QByteArrayView(buffer, n));
    if (!stat || stat->pid != pid)
        return std::nullopt;
    return stat->starttime;
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
    char path[40];
    snprintf(path, sizeof path, "/proc/%d/status", m_key.pid);
    const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return std::nullopt;
    char buffer[4096];
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    ::close(fd);
    if (n <= 0 || hasExited()) // read after the check that the pidfd's process still lives: not a successor's
        return std::nullopt;
    return procparse::parseStatusRealUid(QByteArrayView(buffer, n));
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
    for (int depth = 0; current > 1 && depth < 4096; ++depth) {
        pids.insert(current);
        char path[40];
        snprintf(path, sizeof path, "/proc/%d/stat", current);
        const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            break;
        char buffer[4096];
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        ::close(fd);
        const auto stat = n > 0 ? procparse::parseStat(QByteArrayView(buffer, n)) : std::nullopt;
        if (!stat)
            break;
        current = stat->ppid;
    }
    return pids;
}

QString forbiddenReason(int pid)
{
    if (pid <= 1)
        return QStringLiteral("pid %1 is never signalled").arg(pid);
    if (pid == int(::getpid()))
        return QStringLiteral("agentmon itself");
    if (selfAndAncestors().contains(pid))
        return QStringLiteral("an ancestor of agentmon");
    return {};
}

} // namespace agentmon
