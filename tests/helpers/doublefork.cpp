// Leaves an escapee the way daemonising code does: fork, setsid, fork again, and the middle process exits, so the
// grandchild is reparented to PID 1 or the nearest subreaper and is in a session and process group of its own.
// The grandchild execs the command given as arguments (default: waits). Prints "escapee <pid>", then "ready <pid>"
// and waits, or exits 0 at once with --exit (its child's parent is then gone too).
#include "helpercommon.h"

#include <cstring>
#include <sys/wait.h>

int main(int argc, char *argv[])
{
    helper::boundLifetime();
    int first = 1;
    bool exitAfter = false;
    if (argc > 1 && std::strcmp(argv[1], "--exit") == 0) {
        exitAfter = true;
        first = 2;
    }
    int pipeFds[2];
    if (pipe(pipeFds) != 0)
        return 1;
    const pid_t middle = fork();
    if (middle < 0)
        return 1;
    if (middle == 0) {
        setsid();
        const pid_t grandchild = fork();
        if (grandchild < 0)
            _exit(1);
        if (grandchild == 0) {
            close(pipeFds[0]);
            close(pipeFds[1]);
            if (first < argc) {
                execvp(argv[first], argv + first);
                _exit(127);
            }
            helper::waitForever();
        }
        const long value = grandchild;
        if (write(pipeFds[1], &value, sizeof value) != sizeof value)
            _exit(1);
        _exit(0);
    }
    close(pipeFds[1]);
    long escapee = 0;
    if (read(pipeFds[0], &escapee, sizeof escapee) != sizeof escapee)
        return 1;
    waitpid(middle, nullptr, 0);
    helper::say("escapee", escapee);
    if (exitAfter)
        return 0;
    helper::say("ready", long(getpid()));
    helper::waitForever();
}
