#include "launcher.h"
#include "procparsers.h"

#include <QFile>

#include <csignal>
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <termios.h>
#include <unistd.h>

namespace agentmon {

QStringList dropEmptyArguments(const QStringList &arguments)
{
    QStringList result;
    for (const QString &argument : arguments) {
        if (argument.isEmpty()) {
            if (!result.isEmpty() && result.last().startsWith(QLatin1String("--")))
                result.removeLast();
            continue;
        }
        result.append(argument);
    }
    return result;
}

QProcessEnvironment scrubEnvironment(QProcessEnvironment environment, const QStringList &patterns)
{
    const QStringList keys = environment.keys();
    for (const QString &pattern : patterns) {
        if (pattern.endsWith(QLatin1Char('*'))) {
            const QStringView prefix = QStringView(pattern).chopped(1);
            for (const QString &key : keys) {
                if (key.startsWith(prefix))
                    environment.remove(key);
            }
        } else {
            environment.remove(pattern);
        }
    }
    return environment;
}

AgentProcess::AgentProcess(LaunchOptions options, QObject *parent)
    : QObject(parent), m_options(std::move(options))
{
    QStringList argv = m_options.argv;
    if (!argv.isEmpty()) {
        const QString program = argv.takeFirst();
        m_process.setProgram(program);
        m_process.setArguments(dropEmptyArguments(argv));
    }
    if (!m_options.workingDirectory.isEmpty())
        m_process.setWorkingDirectory(m_options.workingDirectory);
    m_process.setProcessEnvironment(scrubEnvironment(m_options.environment, m_options.scrubEnvironment));
    if (m_options.passThroughStdio) {
        m_process.setProcessChannelMode(QProcess::ForwardedChannels);
        m_process.setInputChannelMode(QProcess::ForwardedInputChannel);
    } else {
        m_process.setProcessChannelMode(QProcess::SeparateChannels);
        m_process.setStandardInputFile(QProcess::nullDevice());
        m_process.setStandardOutputFile(QProcess::nullDevice());
        connect(&m_process, &QProcess::readyReadStandardError, this, [this] {
            m_stderrTail += m_process.readAllStandardError();
            const qsizetype limit = m_options.stderrTailBytes;
            if (m_stderrTail.size() > limit)
                m_stderrTail.remove(0, m_stderrTail.size() - limit);
        });
    }

    const pid_t parentPid = ::getpid();
    const bool newSession = m_options.isolation == LaunchOptions::Isolation::NewSession;
    const bool takeTerminal = !newSession && m_options.foregroundTerminal && ::isatty(STDIN_FILENO) &&
                              ::tcgetpgrp(STDIN_FILENO) == ::getpgrp();
    m_tookTerminal = takeTerminal;
    const rlim_t fileLimit = rlim_t(m_options.childFileLimit);
    // Runs in the child between fork and exec: async-signal-safe calls only.
    m_process.setChildProcessModifier([parentPid, newSession, takeTerminal, fileLimit] {
        if (newSession) {
            ::setsid();
        } else {
            ::setpgid(0, 0);
            if (takeTerminal) {
                ::signal(SIGTTOU, SIG_IGN);
                ::tcsetpgrp(STDIN_FILENO, ::getpid());
            }
        }
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parentPid)
            ::_exit(127); // agentmon died before the parent-death signal was armed
        // Through the raw system call: glibc's sigaction() refuses the signals it reserves for itself (32,
        // 33), and an ignored one of those would otherwise be inherited.
        struct {
            void (*handler)(int);
            unsigned long flags;
            void (*restorer)();
            unsigned long mask;
        } defaultAction{SIG_DFL, 0, nullptr, 0};
        for (int sig = 1; sig < NSIG; ++sig) {
            if (sig != SIGKILL && sig != SIGSTOP)
                ::syscall(SYS_rt_sigaction, sig, &defaultAction, nullptr, sizeof(unsigned long));
        }
        sigset_t none;
        ::sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
        if (fileLimit > 0) {
            rlimit files{};
            if (::getrlimit(RLIMIT_NOFILE, &files) == 0 && fileLimit < files.rlim_cur) {
                files.rlim_cur = fileLimit;
                ::setrlimit(RLIMIT_NOFILE, &files);
            }
        }
    });
    connect(&m_process, &QProcess::finished, this, [this](int exitCode, QProcess::ExitStatus status) {
        reclaimTerminal();
        if (status == QProcess::CrashExit)
            Q_EMIT finished(exitCode, exitCode); // Qt reports the signal number as the exit code
        else
            Q_EMIT finished(exitCode, 0);
    });
}

AgentProcess::~AgentProcess()
{
    reclaimTerminal();
}

void AgentProcess::reclaimTerminal()
{
    if (!m_tookTerminal)
        return;
    m_tookTerminal = false;
    struct sigaction ignore {};
    struct sigaction previous {};
    ignore.sa_handler = SIG_IGN;
    ::sigaction(SIGTTOU, &ignore, &previous);
    ::tcsetpgrp(STDIN_FILENO, ::getpgrp());
    ::sigaction(SIGTTOU, &previous, nullptr);
}

bool AgentProcess::start(int timeoutMs)
{
    if (m_process.program().isEmpty()) {
        m_error = QStringLiteral("no command to run");
        return false;
    }
    m_process.start();
    if (!m_process.waitForStarted(timeoutMs)) {
        m_error = QStringLiteral("cannot start %1: %2").arg(m_process.program(), m_process.errorString());
        m_tookTerminal = false;
        return false;
    }
    const int pid = int(m_process.processId());
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (stat.open(QIODevice::ReadOnly)) {
        if (const auto fields = procparse::parseStat(stat.readAll()))
            m_key = {pid, fields->starttime};
    }
    return true;
}

bool makeChildSubreaper()
{
    return ::prctl(PR_SET_CHILD_SUBREAPER, 1) == 0;
}

} // namespace agentmon
