// Starts a child that exits at once and never reaps it, so the child stays a zombie while this parent lives.
// Prints "zombie <pid>", then "ready <pid>", and waits.
#include "helpercommon.h"

int main()
{
    helper::boundLifetime();
    signal(SIGCHLD, SIG_DFL); // SIG_IGN would let the kernel reap the child
    const pid_t child = fork();
    if (child < 0)
        return 1;
    if (child == 0)
        _exit(0);
    helper::say("zombie", long(child));
    helper::say("ready", long(getpid()));
    helper::waitForever();
}
