#include "sleepers.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace agentmon::bench {

namespace {

// Every group of every Sleepers alive, for killAllSleepers() in a signal handler (0: a free slot). Written by
// the thread that forks only.
constexpr int kMaxGroups = 256;
volatile sig_atomic_t g_groups[kMaxGroups] = {};

int freeSlot()
{
    for (int i = 0; i < kMaxGroups; ++i) {
        if (g_groups[i] == 0)
            return i;
    }
    return -1;
}

void forget(pid_t group)
{
    for (int i = 0; i < kMaxGroups; ++i) {
        if (g_groups[i] == group)
            g_groups[i] = 0;
    }
}

void onFatalSignal(int sig)
{
    killAllSleepers();
    std::signal(sig, SIG_DFL);
    std::raise(sig);
}

std::string errnoText(int error)
{
    return std::strerror(error);
}

// The child side of a fork: async-signal-safe calls only (the parent may have had threads).
[[noreturn]] void sleeperMain(pid_t parent, pid_t group, int readyFd, const SleeperOptions &options)
{
    if (setpgid(0, group) < 0) // group 0: the first sleeper founds the group
        _exit(1);
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0)
        _exit(1);
    if (getppid() != parent)
        _exit(0); // the parent died before the death signal was armed
    struct sigaction action {};
    action.sa_handler = SIG_DFL;
    sigemptyset(&action.sa_mask);
    sigaction(SIGALRM, &action, nullptr);
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGHUP, &action, nullptr);
    sigaction(SIGCONT, &action, nullptr);
    action.sa_handler = options.ignoreTerm ? SIG_IGN : SIG_DFL;
    sigaction(SIGTERM, &action, nullptr);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    alarm(options.alarmSeconds);
    const char ready = 'r';
    if (write(readyFd, &ready, 1) != 1)
        _exit(1);
    close_range(3, ~0U, 0); // the pipe's write end too: the parent reads until every sleeper closed it
    for (;;)
        pause();
}

} // namespace

void killAllSleepers()
{
    const pid_t own = getpgrp();
    for (int i = 0; i < kMaxGroups; ++i) {
        const pid_t group = g_groups[i];
        if (group > 0 && group != own)
            killpg(group, SIGKILL);
    }
}

void endSleepersOnFatalSignals()
{
    std::signal(SIGINT, onFatalSignal);
    std::signal(SIGTERM, onFatalSignal);
    std::signal(SIGHUP, onFatalSignal);
}

Sleepers::Sleepers(SleeperOptions options) : m_options(options) {}

pid_t Sleepers::forkOne(pid_t group, int readyFd, std::string &error)
{
    const int slot = group == 0 ? freeSlot() : -1;
    if (group == 0 && slot < 0) {
        error = "more than " + std::to_string(kMaxGroups) + " process groups of sleepers";
        return -1;
    }
    const pid_t self = getpid();
    const pid_t pid = fork();
    if (pid < 0) {
        error = "fork failed after " + std::to_string(size()) + " sleepers: " + errnoText(errno);
        return -1;
    }
    if (pid == 0)
        sleeperMain(self, group, readyFd, m_options);
    m_pids.push_back(pid);
    // Both sides set the group, so it is in place whichever of them runs first.
    if (setpgid(pid, group == 0 ? pid : group) < 0 && errno != EACCES)
        m_outsideGroup.push_back(pid);
    if (group == 0) {
        g_groups[slot] = pid;
        m_groups.push_back(pid);
    }
    return pid;
}

bool Sleepers::awaitReady(int readFd, int started, std::string &error) const
{
    // Every sleeper writes one byte once parked and then closes its copy of the write end: EOF means that all
    // of them are ready or dead.
    using Clock = std::chrono::steady_clock;
    int ready = 0;
    const auto deadline = Clock::now() + std::chrono::milliseconds(m_options.readyTimeoutMs);
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) {
            error = "timed out waiting for the sleepers to start";
            return false;
        }
        pollfd pfd{readFd, POLLIN, 0};
        if (poll(&pfd, 1, int(left.count())) <= 0)
            continue; // EINTR, or the deadline: checked above
        char buffer[4096];
        const ssize_t n = ::read(readFd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        ready += int(n);
    }
    if (ready != started) {
        error =
            std::to_string(started - ready) + " of " + std::to_string(started) + " sleepers did not start";
        return false;
    }
    return true;
}

bool Sleepers::growTo(int total, std::string &error)
{
    return total <= size() || forkGroups(1, total - size(), true, error);
}

bool Sleepers::addGroups(int groups, int perGroup, std::string &error)
{
    return forkGroups(groups, perGroup, false, error);
}

bool Sleepers::forkGroups(int groups, int perGroup, bool joinFirst, std::string &error)
{
    int pipeFds[2];
    if (pipe2(pipeFds, O_CLOEXEC) < 0) {
        error = "pipe2: " + errnoText(errno);
        return false;
    }
    m_pids.reserve(m_pids.size() + size_t(groups) * size_t(perGroup));
    std::fflush(nullptr); // nothing buffered is written twice by a child
    int started = 0;
    bool ok = true;
    for (int g = 0; g < groups && ok; ++g) {
        pid_t group = joinFirst ? this->group() : 0;
        for (int m = 0; m < perGroup; ++m) {
            const pid_t pid = forkOne(group, pipeFds[1], error);
            if (pid < 0) {
                ok = false;
                break;
            }
            ++started;
            if (group == 0)
                group = pid;
        }
    }
    ::close(pipeFds[1]);
    std::string notReady;
    if (!awaitReady(pipeFds[0], started, notReady) && ok) {
        error = notReady;
        ok = false;
    }
    ::close(pipeFds[0]);
    return ok;
}

void Sleepers::stop()
{
    const pid_t own = getpgrp();
    for (const pid_t group : m_groups) {
        if (group > 0 && group != own)
            killpg(group, SIGKILL);
    }
    for (const pid_t pid : m_outsideGroup)
        kill(pid, SIGKILL); // our own unreaped child: the pid cannot belong to anyone else
    for (const pid_t pid : m_pids) {
        int status = 0;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
    }
    for (const pid_t group : m_groups)
        forget(group);
    m_pids.clear();
    m_groups.clear();
    m_outsideGroup.clear();
}

} // namespace agentmon::bench
