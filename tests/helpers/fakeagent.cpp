// A stand-in for an agent process. Run it under any argv[0] (bash: exec -a claude fakeagent --output-format
// stream-json ...) and it looks like that agent to agentmon's rules. It prints "ready <pid>" and waits.
//   AGENTMON_HELPER_IGNORE_TERM=1   ignore SIGTERM (and SIGHUP, SIGINT)
//   AGENTMON_HELPER_ALLOC_MB=N      touch N MiB so that it has that much RSS
#include "helpercommon.h"

#include <cstring>
#include <vector>

int main()
{
    helper::boundLifetime();
    if (const char *ignore = std::getenv("AGENTMON_HELPER_IGNORE_TERM");
        ignore && std::strcmp(ignore, "1") == 0) {
        signal(SIGTERM, SIG_IGN);
        signal(SIGHUP, SIG_IGN);
        signal(SIGINT, SIG_IGN);
    }
    std::vector<char> memory;
    if (const char *mb = std::getenv("AGENTMON_HELPER_ALLOC_MB")) {
        memory.resize(size_t(std::atol(mb)) * 1024 * 1024);
        for (size_t i = 0; i < memory.size(); i += 4096)
            memory[i] = 1;
    }
    helper::say("ready", long(getpid()));
    helper::waitForever();
}
