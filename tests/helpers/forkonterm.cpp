// A process that answers every SIGTERM with a new process: on each SIGTERM it forks a child that runs the
// same logic (a SIGTERM to the child forks again) and prints "child <pid>"; it never exits on SIGTERM itself.
// Prints "ready <pid>" and waits. Bounded: the whole tree forks at most AGENTMON_HELPER_FORKS times (default
// 20), counted in memory shared by every process of the tree, and every process ends after the helper
// lifetime. With AGENTMON_HELPER_EXIT_ON_TERM=1 the process that forked then exits: a respawner, which moves
// to a new pid on every SIGTERM.
#include "helpercommon.h"

#include <atomic>
#include <new>
#include <sys/mman.h>

namespace {

volatile sig_atomic_t termPending = 0;

void onTerm(int)
{
    termPending = 1;
}

// Takes one fork from the budget the tree shares; false when it is spent.
bool takeFork(std::atomic<int> &budget)
{
    int left = budget.load();
    while (left > 0) {
        if (budget.compare_exchange_weak(left, left - 1))
            return true;
    }
    return false;
}

} // namespace

int main()
{
    helper::boundLifetime();
    const char *limit = std::getenv("AGENTMON_HELPER_FORKS");
    void *shared =
        mmap(nullptr, sizeof(std::atomic<int>), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (shared == MAP_FAILED)
        return 1;
    auto *budget = new (shared) std::atomic<int>(limit ? std::atoi(limit) : 20);
    const char *exitOnTerm = std::getenv("AGENTMON_HELPER_EXIT_ON_TERM");
    const bool respawn = exitOnTerm && exitOnTerm[0] == '1';

    // SIGTERM is taken only inside sigsuspend, so that no SIGTERM is lost between the check and the wait.
    sigset_t term;
    sigset_t waiting;
    sigemptyset(&term);
    sigaddset(&term, SIGTERM);
    sigprocmask(SIG_BLOCK, &term, &waiting);
    sigdelset(&waiting, SIGTERM);
    struct sigaction action = {};
    action.sa_handler = onTerm;
    sigemptyset(&action.sa_mask);
    sigaction(SIGTERM, &action, nullptr);

    helper::say("ready", long(getpid()));
    for (;;) {
        while (!termPending)
            sigsuspend(&waiting);
        termPending = 0;
        if (!takeFork(*budget))
            continue;
        const pid_t child = fork();
        if (child < 0) {
            budget->fetch_add(1);
        } else if (child == 0) {
            helper::boundLifetime(); // alarms are not inherited across fork
            helper::say("child", long(getpid()));
        } else if (respawn) {
            _exit(0);
        }
    }
}
