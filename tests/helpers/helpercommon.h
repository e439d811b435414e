#pragma once
// Shared by the helper programs the tests start. Plain POSIX, no Qt: they must behave like the small programs
// agents really start, and stay cheap to start by the thousand.

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <unistd.h>

namespace helper {

// Every helper ends by itself after AGENTMON_HELPER_LIFETIME seconds (default 120), whatever happens to the
// test that started it: a crashed test leaves nothing running for long.
inline void boundLifetime()
{
    const char *value = std::getenv("AGENTMON_HELPER_LIFETIME");
    const int seconds = value ? std::atoi(value) : 120;
    signal(SIGALRM, SIG_DFL);
    // Outlive the reader of stdout (a test that already moved on) instead of dying on the next "ready" line.
    signal(SIGPIPE, SIG_IGN);
    alarm(seconds > 0 ? unsigned(seconds) : 120u);
}

inline void say(const char *what, long value)
{
    std::printf("%s %ld\n", what, value);
    std::fflush(stdout);
}

// Waits for signals forever (until one ends the process).
[[noreturn]] inline void waitForever()
{
    for (;;)
        pause();
}

} // namespace helper
