// Leaves an escapee the way daemonising code does: fork, setsid, fork again, and the middle process exits, so
// the grandchild is reparented to PID 1 or the nearest subreaper and is in a session and process group of its
// own. The grandchild execs the command given as arguments (default: waits). Prints "escapee <pid>", then
// "ready <pid>" and waits. Options:
//   --exit   exit 0 right after "escapee" (the escapee's whole ancestry up to here is then gone)
//   --hold   keep the middle process alive until a line arrives on stdin, so that an observer can see the
//            lineage first; prints "middle <pid>" before "ready" and "released" once the middle has exited
#include "helpercommon.h"

#include <cstring>
#include <sys/wait.h>

int main(int argc, char *argv[])
{
    helper::boundLifetime();
    int first = 1;
    bool exitAfter = false;
    bool hold = false;
    if (argc > 1 && std::strcmp(argv[1], "--exit") == 0) {
        exitAfter = true;
        first = 2;
    } else if (argc > 1 && std::strcmp(argv[1], "--hold") == 0) {
        hold = true;
        first = 2;
    }
    int report[2];
    int release[2];
    if (pipe(report) != 0 || pipe(release) != 0)
        return 1;
    const pid_t middle = fork();
    if (middle < 0)
        return 1;
    if (middle == 0) {
        close(report[0]);
        close(release[1]);
        setsid();
        const pid_t grandchild = fork();
        if (grandchild < 0)
            _exit(1);
        if (grandchild == 0) {
            close(report[1]);
            close(release[0]);
            if (first < argc) {
                execvp(argv[first], argv + first);
                _exit(127);
            }
            helper::waitForever();
        }
        const long value = grandchild;
        if (write(report[1], &value, sizeof value) != sizeof value)
            _exit(1);
        char byte;
        while (hold && read(release[0], &byte, 1) > 0) {
        }
        _exit(0);
    }
    close(report[1]);
    close(release[0]);
    long escapee = 0;
    if (read(report[0], &escapee, sizeof escapee) != sizeof escapee)
        return 1;
    helper::say("escapee", escapee);
    if (hold) {
        helper::say("middle", long(middle));
        helper::say("ready", long(getpid()));
        char line[64];
        if (!std::fgets(line, sizeof line, stdin))
            return 1;
    }
    close(release[1]);
    waitpid(middle, nullptr, 0);
    if (exitAfter)
        return 0;
    if (hold) {
        helper::say("released", long(middle));
        helper::waitForever();
    }
    helper::say("ready", long(getpid()));
    helper::waitForever();
}
