// A fork storm with a bound: the whole tree forks AGENTMON_HELPER_FORKS processes (default 200) as fast as it
// can, every new process joining in (a fork bomb that stops at the budget). The budget and the counts live in
// memory shared by the tree. A fork the kernel refuses (pids.max, EAGAIN) is retried after 1 ms, so that the
// storm goes on for as long as anything of it lives. Everything stays in the caller's process group. Prints
// "ready <pid>"; with --wait-go (anywhere in its arguments) it then waits for a line on stdin before storming
// (time to move it into a cgroup). The process that makes the last fork prints "stormed <count>". Every
// process ends after the helper lifetime.
#include "helpercommon.h"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <new>
#include <sys/mman.h>

namespace {

struct Shared {
    std::atomic<int> budget;
    std::atomic<int> forked;
    std::atomic<int> refused;
};

bool take(std::atomic<int> &budget)
{
    int left = budget.load();
    while (left > 0) {
        if (budget.compare_exchange_weak(left, left - 1))
            return true;
    }
    return false;
}

[[noreturn]] void storm(Shared &shared, int total)
{
    for (;;) {
        if (!take(shared.budget))
            helper::waitForever();
        const pid_t child = fork();
        if (child == 0) {
            helper::boundLifetime(); // alarms are not inherited across fork
            continue;                // the child storms too
        }
        if (child < 0) {
            shared.budget.fetch_add(1);
            shared.refused.fetch_add(1);
            const timespec pause{0, 1'000'000};
            nanosleep(&pause, nullptr);
            continue;
        }
        if (shared.forked.fetch_add(1) + 1 == total)
            helper::say("stormed", total);
    }
}

} // namespace

int main(int argc, char *argv[])
{
    helper::boundLifetime();
    const char *limit = std::getenv("AGENTMON_HELPER_FORKS");
    const int total = limit ? std::atoi(limit) : 200;
    void *memory = mmap(nullptr, sizeof(Shared), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (memory == MAP_FAILED)
        return 1;
    auto *shared = new (memory) Shared{{total}, {0}, {0}};
    helper::say("ready", long(getpid()));
    bool waitGo = false;
    for (int i = 1; i < argc; ++i)
        waitGo = waitGo || std::strcmp(argv[i], "--wait-go") == 0;
    if (waitGo) {
        char line[64];
        if (!std::fgets(line, sizeof line, stdin))
            return 1;
    }
    storm(*shared, total);
}
