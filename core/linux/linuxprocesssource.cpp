#include "linuxprocesssource.h"

#include "clock.h"
#include "procparsers.h"

#include <QFile>

#include <cerrno>
#include <charconv>
#include <dirent.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

namespace agentmon {

namespace {

constexpr qsizetype kStatLimit = 4096;
constexpr qsizetype kCmdlineLimit = 256 * 1024;
constexpr qsizetype kEnvironLimit = 1024 * 1024;
constexpr quint32 kUidRefreshScans = 8;

// "<pid>/<name>" into buf without allocating.
const char *pidPath(char *buf, size_t size, int pid, const char *name)
{
    auto [end, ec] = std::to_chars(buf, buf + size - 1, pid);
    if (ec != std::errc())
        return nullptr;
    if (name) {
        *end++ = '/';
        const size_t left = size_t(buf + size - 1 - end);
        const size_t len = strnlen(name, left);
        memcpy(end, name, len);
        end += len;
    }
    *end = '\0';
    return buf;
}

class FdGuard {
public:
    explicit FdGuard(int fd) : m_fd(fd) {}
    ~FdGuard()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    FdGuard(const FdGuard &) = delete;
    FdGuard &operator=(const FdGuard &) = delete;
    int get() const { return m_fd; }

private:
    int m_fd;
};

} // namespace

quint64 raiseOpenFileLimit()
{
    static rlim_t original = 0; // the limit this process started with, whatever the number of calls
    rlimit files{};
    if (::getrlimit(RLIMIT_NOFILE, &files) != 0)
        return 0;
    if (original == 0)
        original = files.rlim_cur;
    const rlim_t before = original;
    const rlim_t wanted =
        files.rlim_max == RLIM_INFINITY ? rlim_t(65536) * 4 : qMin<rlim_t>(files.rlim_max, 65536 * 4);
    if (wanted > files.rlim_cur) {
        files.rlim_cur = wanted;
        ::setrlimit(RLIMIT_NOFILE, &files);
    }
    return quint64(before);
}

std::unique_ptr<ProcessSource> createProcessSource(const Clock &clock, const QString &procRoot)
{
    return std::make_unique<LinuxProcessSource>(clock,
                                                procRoot.isEmpty() ? QStringLiteral("/proc") : procRoot);
}

LinuxProcessSource::LinuxProcessSource(const Clock &clock, const QString &procRoot)
    : m_clock(clock), m_procRoot(procRoot)
{
    m_procFd = ::open(QFile::encodeName(procRoot).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (m_procFd < 0)
        m_error = QStringLiteral("cannot open %1: %2").arg(procRoot, QString::fromLocal8Bit(strerror(errno)));
    const long ticks = sysconf(_SC_CLK_TCK);
    if (ticks > 0)
        m_ticksPerSecond = quint64(ticks);
    const long page = sysconf(_SC_PAGESIZE);
    if (page > 0)
        m_pageKb = quint64(page) / 1024;
    m_buffer.resize(kStatLimit);
    m_dents.resize(64 * 1024);
    // Only procfs binds an open file to a process; a captured copy of /proc (tests) is read afresh every
    // time.
    struct statfs fs {};
    rlimit files{};
    if (m_procFd >= 0 && ::fstatfs(m_procFd, &fs) == 0 && fs.f_type == PROC_SUPER_MAGIC &&
        ::getrlimit(RLIMIT_NOFILE, &files) == 0)
        m_fdBudget = files.rlim_cur == RLIM_INFINITY ? 65536 : int(qMin<rlim_t>(files.rlim_cur / 4, 65536));
    QByteArray bootId;
    if (m_procFd >= 0 && readAt(m_procFd, "sys/kernel/random/boot_id", bootId, 128))
        m_bootId = QString::fromLatin1(bootId).trimmed();
}

LinuxProcessSource::~LinuxProcessSource()
{
    for (Cached &cached : m_cache)
        dropFd(cached);
    if (m_procFd >= 0)
        ::close(m_procFd);
}

bool LinuxProcessSource::readAt(int dirFd, const char *path, QByteArray &buffer, qsizetype limit)
{
    const FdGuard fd(::openat(dirFd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY));
    if (fd.get() < 0)
        return false;
    qsizetype used = 0;
    if (buffer.size() < 512)
        buffer.resize(512);
    for (;;) {
        if (used == buffer.size()) {
            if (buffer.size() >= limit)
                break; // keep what fits; callers treat the rest as cut off
            buffer.resize(qMin(limit, buffer.size() * 2));
        }
        const ssize_t n = ::read(fd.get(), buffer.data() + used, size_t(buffer.size() - used));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        if (n == 0)
            break;
        used += n;
    }
    buffer.truncate(used);
    return true;
}

void LinuxProcessSource::scan(std::vector<ProcessInfo> &out)
{
    out.clear();
    if (m_procFd < 0)
        return;
    ++m_mark;
    const qint64 nowMs = m_clock.nowMs();
    if (::lseek(m_procFd, 0, SEEK_SET) < 0)
        return;
    char path[64];
    QByteArray cmdBuffer;
    m_buffer.resize(kStatLimit);
    for (;;) {
        const ssize_t n = ::getdents64(m_procFd, m_dents.data(), size_t(m_dents.size()));
        if (n <= 0)
            break;
        for (ssize_t off = 0; off < n;) {
            const auto *entry = reinterpret_cast<const dirent64 *>(m_dents.constData() + off);
            off += entry->d_reclen;
            const char *name = entry->d_name;
            if (name[0] < '1' || name[0] > '9')
                continue;
            int pid = 0;
            const char *nameEnd = name + strlen(name);
            if (std::from_chars(name, nameEnd, pid).ptr != nameEnd)
                continue;

            Cached &cached = m_cache[pid];
            ssize_t got = -1;
            if (cached.statFd >= 0) {
                got = ::pread(cached.statFd, m_buffer.data(), size_t(m_buffer.size()), 0);
                if (got <= 0)
                    dropFd(cached); // that process exited; the pid may already belong to another one
            }
            if (cached.statFd < 0) {
                const int fd =
                    ::openat(m_procFd, pidPath(path, sizeof path, pid, "stat"), O_RDONLY | O_CLOEXEC);
                if (fd < 0)
                    continue; // vanished between readdir and open
                got = ::read(fd, m_buffer.data(), size_t(m_buffer.size()));
                cached.statFd = fd;
                ++m_openFds;
                cached.uidCheckedAt = 0;
            }
            if (got <= 0) {
                dropFd(cached); // ESRCH: it exited meanwhile
                continue;
            }
            if (cached.uidCheckedAt == 0 || m_mark - cached.uidCheckedAt >= kUidRefreshScans) {
                struct stat st {};
                if (::fstat(cached.statFd, &st) < 0) {
                    dropFd(cached);
                    continue;
                }
                cached.uid = st.st_uid;
                cached.uidCheckedAt = m_mark;
            }
            if (m_openFds > m_fdBudget)
                dropFd(cached);
            const auto stat = procparse::parseStat(QByteArrayView(m_buffer.constData(), got));
            if (!stat || stat->pid != pid)
                continue;

            const bool sameProcess = cached.mark != 0 && cached.starttime == stat->starttime;
            const bool commChanged = !sameProcess || cached.commBytes != stat->comm;
            if (commChanged) {
                cached.commBytes = stat->comm.toByteArray();
                cached.comm = QString::fromUtf8(cached.commBytes);
            }
            if (!sameProcess) {
                cached.starttime = stat->starttime;
                cached.prevTicks = 0;
                cached.prevMs = 0;
            }
            // argv once per process instance, and again after an exec (which renames comm). An exec in
            // progress shows its new comm before its arguments (the kernel sets them up after the new name):
            // an empty argv of a live process is read again at the next scan, or the agent would stay
            // unrecognised.
            const bool argvMissing = cached.argv.isEmpty() && stat->state != 'Z' && stat->state != 'X';
            if ((commChanged || argvMissing) && !stat->isKernelThread()) {
                if (readAt(m_procFd, pidPath(path, sizeof path, pid, "cmdline"), cmdBuffer, kCmdlineLimit))
                    cached.argv = procparse::parseCmdline(cmdBuffer);
                else
                    cached.argv.clear();
            } else if (stat->isKernelThread()) {
                cached.argv.clear();
            }
            cached.mark = m_mark;

            ProcessInfo info;
            info.key = {pid, stat->starttime};
            info.ppid = stat->ppid;
            info.pgid = stat->pgid;
            info.sid = stat->sid;
            info.ttyNr = stat->ttyNr;
            info.tpgid = stat->tpgid;
            info.uid = cached.uid;
            info.state = stat->state;
            info.kernelThread = stat->isKernelThread();
            info.comm = cached.comm;
            info.argv = cached.argv;
            info.rssKb = stat->rssPages * m_pageKb;
            info.threads = stat->threads;
            info.cpuTicks = stat->utime + stat->stime;
            if (cached.prevMs > 0 && nowMs > cached.prevMs) {
                const double ticks = double(info.cpuTicks - qMin(info.cpuTicks, cached.prevTicks));
                info.cpuPct =
                    100.0 * ticks / double(m_ticksPerSecond) * 1000.0 / double(nowMs - cached.prevMs);
            } else {
                const qint64 startMs = qint64(stat->starttime * 1000 / m_ticksPerSecond);
                if (nowMs > startMs)
                    info.cpuPct = 100.0 * double(info.cpuTicks) / double(m_ticksPerSecond) * 1000.0 /
                                  double(nowMs - startMs);
            }
            cached.prevTicks = info.cpuTicks;
            cached.prevMs = nowMs;
            out.push_back(std::move(info));
        }
    }
    // Sweep: forget what this scan did not see.
    for (auto it = m_cache.begin(); it != m_cache.end();) {
        if (it->mark != m_mark) {
            dropFd(*it);
            it = m_cache.erase(it);
        } else
            ++it;
    }
}

void LinuxProcessSource::dropFd(Cached &cached)
{
    if (cached.statFd < 0)
        return;
    ::close(cached.statFd);
    cached.statFd = -1;
    --m_openFds;
}

uint LinuxProcessSource::currentUid() const
{
    return ::getuid();
}

SystemStats LinuxProcessSource::readSystem()
{
    SystemStats stats;
    stats.bootId = m_bootId;
    stats.clockTicksPerSecond = m_ticksPerSecond;
    if (m_procFd < 0)
        return stats;
    QByteArray buffer;
    if (readAt(m_procFd, "meminfo", buffer, 64 * 1024)) {
        if (auto mem = procparse::parseMeminfo(buffer))
            stats.mem = *mem;
    }
    if (readAt(m_procFd, "pressure/memory", buffer, 4096))
        stats.psi = procparse::parsePressure(buffer);
    return stats;
}

int LinuxProcessSource::openVerified(const ProcessKey &key)
{
    if (m_procFd < 0 || key.pid <= 0)
        return -1;
    char path[32];
    const int dirFd =
        ::openat(m_procFd, pidPath(path, sizeof path, key.pid, nullptr), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirFd < 0)
        return -1;
    QByteArray buffer;
    if (readAt(dirFd, "stat", buffer, kStatLimit)) {
        const auto stat = procparse::parseStat(buffer);
        if (stat && stat->pid == key.pid && stat->starttime == key.starttime)
            return dirFd;
    }
    ::close(dirFd);
    return -1;
}

std::optional<ProcessInfo> LinuxProcessSource::readProcess(const ProcessKey &key)
{
    const FdGuard dir(openVerified(key));
    if (dir.get() < 0)
        return std::nullopt;
    QByteArray buffer;
    if (!readAt(dir.get(), "stat", buffer, kStatLimit))
        return std::nullopt;
    const auto stat = procparse::parseStat(buffer);
    if (!stat || stat->starttime != key.starttime)
        return std::nullopt;
    ProcessInfo info;
    info.key = key;
    info.ppid = stat->ppid;
    info.pgid = stat->pgid;
    info.sid = stat->sid;
    info.ttyNr = stat->ttyNr;
    info.tpgid = stat->tpgid;
    info.state = stat->state;
    info.kernelThread = stat->isKernelThread();
    info.comm = QString::fromUtf8(stat->comm);
    info.rssKb = stat->rssPages * m_pageKb;
    info.threads = stat->threads;
    info.cpuTicks = stat->utime + stat->stime;
    struct stat st {};
    if (::fstat(dir.get(), &st) == 0)
        info.uid = st.st_uid;
    if (!info.kernelThread && readAt(dir.get(), "cmdline", buffer, kCmdlineLimit))
        info.argv = procparse::parseCmdline(buffer);
    return info;
}

std::optional<EnvMarkers> LinuxProcessSource::readEnvMarkers(const ProcessKey &key)
{
    const FdGuard dir(openVerified(key));
    if (dir.get() < 0)
        return std::nullopt;
    QByteArray buffer;
    if (!readAt(dir.get(), "environ", buffer, kEnvironLimit))
        return std::nullopt; // another user's process, or gone
    return procparse::parseEnvironMarkers(buffer);
}

std::optional<MemoryDetail> LinuxProcessSource::readMemory(const ProcessKey &key)
{
    const FdGuard dir(openVerified(key));
    if (dir.get() < 0)
        return std::nullopt;
    QByteArray buffer;
    if (!readAt(dir.get(), "smaps_rollup", buffer, 16 * 1024))
        return std::nullopt;
    return procparse::parseSmapsRollup(buffer);
}

QString LinuxProcessSource::readCwd(const ProcessKey &key)
{
    const FdGuard dir(openVerified(key));
    if (dir.get() < 0)
        return {};
    char target[4096];
    const ssize_t n = ::readlinkat(dir.get(), "cwd", target, sizeof target);
    if (n <= 0)
        return {};
    return QFile::decodeName(QByteArray(target, n));
}

std::optional<uint> LinuxProcessSource::readRealUid(const ProcessKey &key)
{
    const FdGuard dir(openVerified(key));
    if (dir.get() < 0)
        return std::nullopt;
    QByteArray buffer;
    if (!readAt(dir.get(), "status", buffer, 16 * 1024))
        return std::nullopt;
    return procparse::parseStatusRealUid(buffer);
}

} // namespace agentmon
