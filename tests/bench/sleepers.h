#pragma once

// Sleepers: forked children that do nothing, for benchmarks that need many processes (or process groups to
// signal). Each sleeper joins a process group of the benchmark's own, arms PR_SET_PDEATHSIG (SIGKILL) and
// alarm(), and waits in pause(). The child side calls async-signal-safe functions only, so forking from a
// process with threads (Qt) is safe, and no Qt code runs in them. stop() ends them with killpg(SIGKILL) on
// their groups and reaps every one of them; the destructor does it too, and a fatal signal handler can
// call killAllSleepers(), so they end in every path.

#include <string>
#include <sys/types.h>
#include <vector>

namespace agentmon::bench {

struct SleeperOptions {
    bool ignoreTerm = false;     // SIGTERM ignored: only SIGKILL ends them
    unsigned alarmSeconds = 600; // the latest they end on their own
    int readyTimeoutMs = 60'000; // how long growTo() / addGroups() wait for all of them to be parked
};

class Sleepers {
public:
    explicit Sleepers(SleeperOptions options = {});
    ~Sleepers() { stop(); }
    Sleepers(const Sleepers &) = delete;
    Sleepers &operator=(const Sleepers &) = delete;

    // Forks sleepers into the first group (founding it) until there are total of them, all parked in pause()
    // when it returns true. False with error otherwise; the ones started stay, for stop().
    bool growTo(int total, std::string &error);
    // Forks groups new process groups of perGroup sleepers each; otherwise as growTo().
    bool addGroups(int groups, int perGroup, std::string &error);
    // killpg(SIGKILL) on every group, then reaps every sleeper (also one that was signalled and not reaped).
    void stop();

    // In the order they were forked (group by group for addGroups()).
    const std::vector<pid_t> &pids() const { return m_pids; }
    int size() const { return int(m_pids.size()); }
    // The first group; 0 when there is none.
    pid_t group() const { return m_groups.empty() ? 0 : m_groups.front(); }

private:
    // groups × perGroup sleepers, each group founded by its first sleeper (joinFirst: all in the first group,
    // founding it when there is none yet); then waits until all of them are parked.
    bool forkGroups(int groups, int perGroup, bool joinFirst, std::string &error);
    // Forks one sleeper into group (0: it founds a new one). -1 with error when the fork failed.
    pid_t forkOne(pid_t group, int readyFd, std::string &error);
    // Reads the pipe until every sleeper started since it was opened closed its end (or the timeout).
    bool awaitReady(int readFd, int started, std::string &error) const;

    SleeperOptions m_options;
    std::vector<pid_t> m_pids;
    std::vector<pid_t> m_groups;
    std::vector<pid_t> m_outsideGroup; // parent-side setpgid failed: ended one by one as well
};

// For a fatal signal's handler: killpg(SIGKILL) on the groups of every Sleepers alive. Async-signal-safe.
void killAllSleepers();
// A handler for SIGINT, SIGTERM and SIGHUP that calls killAllSleepers() and then dies of the signal. Their
// death signal would end them too; this is quicker.
void endSleepersOnFatalSignals();

} // namespace agentmon::bench
