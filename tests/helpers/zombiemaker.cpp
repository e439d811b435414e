// Starts a child that exits at once and never reaps it, so the child stays a zombie while this parent lives.
// Prints "zombie <pid>", then "ready <pid>", and waits.
#include "helpercommon.h"

#include <sys/wait.h>

int main()
{
    helper::boundLifetime();
    signal(SIGCHLD, SIG_DFL); // SIG_IGN would let the kernel reap the child
    const pid_t child = fork();
    if (child < 0)
        return 1;
    if (child == 0)
        _exit(0);
    // Wait until it has exited, without reaping it (WNOWAIT): from here on it is a zombie.
    siginfo_t info{};
    if (waitid(P_PID, id_t(child), &info, WEXITED | WNOWAIT) != 0)
        return 1;
    helper::say("zombie", long(child));
    helper::say("ready", long(getpid()));
    helper::waitForever();
}
