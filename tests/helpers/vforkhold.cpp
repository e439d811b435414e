// A process in uninterruptible sleep that a fatal signal still ends: it vfork()s, and its child never execs
// nor exits, so the parent waits in the kernel for the child to let go of its memory (state D in /proc on
// kernels since 2.6.33: a killable wait). Prints "ready <pid>", then the child prints "child <pid>". Both end
// after the helper lifetime: the child by its own alarm, and the parent resumes and exits.
#include "helpercommon.h"

#include <cstring>

int main()
{
    helper::boundLifetime();
    const char *value = std::getenv("AGENTMON_HELPER_LIFETIME");
    const unsigned lifetime = value && std::atoi(value) > 0 ? unsigned(std::atoi(value)) : 120u;
    helper::say("ready", long(getpid()));
    const pid_t child = vfork();
    if (child < 0)
        return 1;
    if (child == 0) {
        // Only async-signal-safe calls in a vfork child, and never a return: write, alarm, pause, _exit.
        alarm(lifetime); // alarms are not inherited
        char line[32];
        long pid = long(getpid());
        char digits[24];
        int n = 0;
        do {
            digits[n++] = char('0' + pid % 10);
            pid /= 10;
        } while (pid > 0);
        std::memcpy(line, "child ", 6);
        int at = 6;
        while (n > 0)
            line[at++] = digits[--n];
        line[at++] = '\n';
        if (write(STDOUT_FILENO, line, size_t(at)) != at)
            _exit(1);
        for (;;)
            pause(); // ended by its alarm (inherited from boundLifetime) or by a signal
    }
    return 0;
}
