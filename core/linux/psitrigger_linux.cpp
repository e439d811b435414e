#include "psitrigger.h"

#include <QFile>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <linux/magic.h>
#include <sys/vfs.h>
#include <unistd.h>
#include <utility>

namespace agentmon {

namespace {

QString errnoText(int code)
{
    return QString::fromLocal8Bit(::strerror(code));
}

} // namespace

std::optional<PsiTrigger> PsiTrigger::arm(const QString &pressureFile, QByteArrayView kind, qint64 stallUs,
                                          qint64 windowUs, Error *error)
{
    auto fail = [error](int code, const QString &message) {
        if (error)
            *error = {code, message};
        return std::nullopt;
    };
    const QByteArray path = QFile::encodeName(pressureFile);
    int fd = -1;
    do {
        fd = ::open(path.constData(), O_RDWR | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        const int code = errno;
        return fail(
            code, QStringLiteral("cannot open %1 for a PSI trigger: %2").arg(pressureFile, errnoText(code)));
    }
    // Only procfs (/proc/pressure/*) and cgroup2 (*.pressure) files take triggers; anything else would just
    // be overwritten by the write below.
    struct statfs fs {};
    if (::fstatfs(fd, &fs) != 0 || (fs.f_type != PROC_SUPER_MAGIC && fs.f_type != CGROUP2_SUPER_MAGIC)) {
        ::close(fd);
        return fail(
            ENOTSUP,
            QStringLiteral("%1 is not a kernel pressure file (not on procfs or cgroup2)").arg(pressureFile));
    }
    const QByteArray spec =
        kind.toByteArray() + ' ' + QByteArray::number(stallUs) + ' ' + QByteArray::number(windowUs);
    // The kernel copies at most 32 bytes and overwrites the last one copied with the terminator, so the
    // terminating NUL is part of the write.
    ssize_t written = -1;
    do {
        written = ::write(fd, spec.constData(), size_t(spec.size()) + 1);
    } while (written < 0 && errno == EINTR);
    if (written < 0) {
        const int code = errno;
        ::close(fd);
        return fail(code, QStringLiteral("the kernel refused the PSI trigger \"%1\" on %2: %3")
                              .arg(QString::fromLatin1(spec), pressureFile, errnoText(code)));
    }
    return PsiTrigger(fd, spec);
}

PsiTrigger::PsiTrigger(PsiTrigger &&other) noexcept
    : m_fd(std::exchange(other.m_fd, -1)), m_spec(std::move(other.m_spec))
{
}

PsiTrigger &PsiTrigger::operator=(PsiTrigger &&other) noexcept
{
    if (this != &other) {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = std::exchange(other.m_fd, -1);
        m_spec = std::move(other.m_spec);
    }
    return *this;
}

PsiTrigger::~PsiTrigger()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

} // namespace agentmon
