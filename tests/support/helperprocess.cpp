#include "helperprocess.h"

#include "procparsers.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <csignal>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace agentmon::test {

QString helperPath(const QString &name)
{
    return QStringLiteral(AGENTMON_HELPER_DIR "/") + name;
}

QString publicHelperPath(const QString &name)
{
    // One directory per test process, readable by everyone, removed when the test ends.
    static QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/agentmon-helpers-XXXXXX"));
    if (!dir.isValid())
        return {};
    const auto everyone = QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner |
                          QFileDevice::ReadGroup | QFileDevice::ExeGroup | QFileDevice::ReadOther |
                          QFileDevice::ExeOther;
    QFile::setPermissions(dir.path(), everyone);
    const QString copy = dir.filePath(name);
    if (!QFile::exists(copy) && !QFile::copy(helperPath(name), copy))
        return {};
    QFile::setPermissions(copy, everyone);
    return copy;
}

std::optional<quint64> startTimeOf(int pid)
{
    QFile file(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const auto stat = procparse::parseStat(file.readAll());
    if (!stat)
        return std::nullopt;
    return stat->starttime;
}

std::optional<ProcessKey> keyOf(int pid)
{
    if (auto start = startTimeOf(pid))
        return ProcessKey{pid, *start};
    return std::nullopt;
}

namespace {
int pidfdOpen(int pid)
{
    return int(::syscall(SYS_pidfd_open, pid, 0));
}
} // namespace

bool signalVerified(const ProcessKey &key, int sig)
{
    const int fd = pidfdOpen(key.pid);
    if (fd < 0)
        return false;
    bool sent = false;
    if (startTimeOf(key.pid) == key.starttime)
        sent = ::syscall(SYS_pidfd_send_signal, fd, sig, nullptr, 0) == 0;
    ::close(fd);
    return sent;
}

bool waitGone(const ProcessKey &key, int timeoutMs)
{
    const int fd = pidfdOpen(key.pid);
    if (fd < 0)
        return true;
    if (startTimeOf(key.pid) != key.starttime) {
        ::close(fd);
        return true;
    }
    pollfd pfd{fd, POLLIN, 0};
    const int ready = ::poll(&pfd, 1, timeoutMs);
    ::close(fd);
    return ready > 0;
}

HelperProcess::HelperProcess(const QString &program, const QStringList &arguments, const QString &argv0,
                             const QProcessEnvironment &environment)
{
    m_process.setProcessEnvironment(environment);
    m_process.setProcessChannelMode(QProcess::SeparateChannels);
    m_process.setChildProcessModifier([] {
        ::setpgid(0, 0);
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    });
    if (argv0.isEmpty()) {
        m_process.setProgram(program);
        m_process.setArguments(arguments);
    } else {
        m_process.setProgram(QStringLiteral("/bin/bash"));
        m_process.setArguments(
            QStringList{QStringLiteral("-c"), QStringLiteral("exec -a \"$0\" \"$@\""), argv0, program} +
            arguments);
    }
}

HelperProcess::~HelperProcess()
{
    stop();
}

bool HelperProcess::start(const QByteArray &readyPrefix, int timeoutMs)
{
    m_process.start();
    if (!m_process.waitForStarted(timeoutMs))
        return false;
    if (!waitForLine(readyPrefix, timeoutMs))
        return false;
    if (auto key = keyOf(int(m_process.processId())))
        m_key = *key;
    return m_key.isValid();
}

std::optional<QByteArray> HelperProcess::waitForLine(const QByteArray &prefix, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    auto takeOutput = [this] {
        m_pending += m_process.readAllStandardOutput();
        qsizetype nl;
        while ((nl = m_pending.indexOf('\n')) >= 0) {
            m_lines.append(m_pending.left(nl));
            m_pending.remove(0, nl + 1);
        }
    };
    for (;;) {
        takeOutput(); // also what a helper that has exited wrote before it went
        for (qsizetype i = 0; i < m_lines.size(); ++i) {
            if (m_lines.at(i).startsWith(prefix)) {
                const QByteArray rest = m_lines.takeAt(i).mid(prefix.size()).trimmed();
                return rest;
            }
        }
        if (deadline.hasExpired())
            return std::nullopt;
        if (m_process.state() == QProcess::NotRunning) {
            const qsizetype before = m_lines.size();
            takeOutput();
            if (m_lines.size() == before)
                return std::nullopt;
            continue;
        }
        m_process.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())));
    }
}

int HelperProcess::pid() const
{
    return int(m_process.processId());
}

void HelperProcess::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    const int pid = int(m_process.processId());
    // The group is the helper's own (setpgid(0, 0) above): its pgid is its pid.
    if (pid > 1 && ::getpgid(pid) == pid)
        ::killpg(pid, SIGKILL);
    m_process.waitForFinished(10'000);
}

} // namespace agentmon::test
