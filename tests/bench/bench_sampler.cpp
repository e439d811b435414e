// bench_sampler: what one sample costs on this machine, against `ps`.
//
// For the idle machine, then with 1,000 and 5,000 extra sleeping processes that it starts itself, it measures
// (medians over --reps runs):
//   steady: scan() of a source whose cache is warm, and a full Sampler::sample() after a first one;
//   cold:   the first scan() of a fresh source (argv of every process), and the first sample() of a fresh
//   sampler; ps:     `ps -eo pid,ppid,rss,etime,comm` as a whole process (spawn, read all output, wait).
// One `name value unit` line per figure; comment lines start with '#'.
//
// The sleepers (sleepers.h) are forked children in one process group of their own. They arm PR_SET_PDEATHSIG
// and alarm(600) and pause(); the benchmark ends them with killpg() on that group and reaps each of them, in
// every path. They call nothing but async-signal-safe functions, so no Qt code runs in them.

#include "benchstats.h"
#include "clock.h"
#include "processinfo.h"
#include "processsource.h"
#include "ruleset.h"
#include "sampler.h"
#include "sleepers.h"
#include "snapshot.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <fcntl.h>
#include <optional>
#include <spawn.h>
#include <string>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char **environ;

namespace {

using agentmon::bench::count;
using agentmon::bench::figure;
using agentmon::bench::median;

using BenchClock = std::chrono::steady_clock;

constexpr double kGoalSteadyUs = 20.0;
constexpr double kGoalPsFactor = 5.0;
constexpr int kGoalPsLevel = 1000;
constexpr double kGoalColdUs = 40.0;

double usSince(BenchClock::time_point start)
{
    return std::chrono::duration<double, std::micro>(BenchClock::now() - start).count();
}

std::string errnoText(int error)
{
    return std::strerror(error);
}

std::string readSmallFile(const char *path)
{
    std::string text;
    if (FILE *file = std::fopen(path, "re")) {
        char buffer[4096];
        size_t n = 0;
        while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0)
            text.append(buffer, n);
        std::fclose(file);
    }
    while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
        text.pop_back();
    return text;
}

long long readNumberFile(const char *path)
{
    const std::string text = readSmallFile(path);
    if (text.empty() || text == "max")
        return -1;
    return std::atoll(text.c_str());
}

// Empty when `more` further processes fit under every limit that applies; otherwise what stops them.
std::string capacityProblem(int more, const std::vector<agentmon::ProcessInfo> &scan)
{
    long long allTasks = 0;
    long long myTasks = 0;
    const uid_t uid = getuid();
    for (const agentmon::ProcessInfo &info : scan) {
        allTasks += std::max(1, info.threads);
        if (info.uid == uid)
            myTasks += std::max(1, info.threads);
    }
    const long long margin = 64;
    std::string problems;
    rlimit limit{};
    if (getrlimit(RLIMIT_NPROC, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY && uid != 0 &&
        myTasks + more + margin > (long long)limit.rlim_cur) {
        problems += "RLIMIT_NPROC (ulimit -u) is " + std::to_string(limit.rlim_cur) + " and about " +
                    std::to_string(myTasks) + " tasks already run as uid " + std::to_string(uid) +
                    "; raise it to at least " + std::to_string(myTasks + more + margin) + " (ulimit -u " +
                    std::to_string(myTasks + more + margin) + "). ";
    }
    const long long pidMax = readNumberFile("/proc/sys/kernel/pid_max");
    if (pidMax > 0 && allTasks + more + margin > pidMax)
        problems += "kernel.pid_max is " + std::to_string(pidMax) + " and " + std::to_string(allTasks) +
                    " tasks exist already. ";
    const long long threadsMax = readNumberFile("/proc/sys/kernel/threads-max");
    if (threadsMax > 0 && allTasks + more + margin > threadsMax)
        problems += "kernel.threads-max is " + std::to_string(threadsMax) + " and " +
                    std::to_string(allTasks) + " tasks exist already. ";
    // The pids controller of our cgroup (v2 unified, or v1 "pids" hierarchy).
    const std::string cgroups = readSmallFile("/proc/self/cgroup");
    size_t start = 0;
    while (start < cgroups.size()) {
        size_t end = cgroups.find('\n', start);
        if (end == std::string::npos)
            end = cgroups.size();
        const std::string line = cgroups.substr(start, end - start);
        start = end + 1;
        const size_t first = line.find(':');
        const size_t second = first == std::string::npos ? first : line.find(':', first + 1);
        if (second == std::string::npos)
            continue;
        const std::string controllers = line.substr(first + 1, second - first - 1);
        const std::string path = line.substr(second + 1);
        std::vector<std::string> dirs;
        if (controllers.empty())
            dirs = {"/sys/fs/cgroup" + path, "/sys/fs/cgroup/unified" + path};
        else if (controllers == "pids" || controllers.find("pids,") == 0 ||
                 controllers.find(",pids") != std::string::npos)
            dirs = {"/sys/fs/cgroup/pids" + path, "/sys/fs/cgroup/" + controllers + path};
        for (const std::string &dir : dirs) {
            const long long max = readNumberFile((dir + "/pids.max").c_str());
            if (max < 0)
                continue;
            const long long current = std::max(0LL, readNumberFile((dir + "/pids.current").c_str()));
            if (current + more + margin > max)
                problems += "cgroup " + dir + " allows " + std::to_string(max) + " tasks and holds " +
                            std::to_string(current) + ". ";
            break;
        }
    }
    return problems;
}

// ---- measurements
// ----------------------------------------------------------------------------------------------

struct PsRun {
    double us = 0;
    long long processes = 0; // output lines without the header
};

std::optional<PsRun> runPs(std::string &error)
{
    int pipeFds[2];
    if (pipe2(pipeFds, O_CLOEXEC) < 0) {
        error = "pipe2: " + errnoText(errno);
        return std::nullopt;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipeFds[1], STDOUT_FILENO);
    char arg0[] = "ps";
    char arg1[] = "-eo";
    char arg2[] = "pid,ppid,rss,etime,comm";
    char *argv[] = {arg0, arg1, arg2, nullptr};

    const auto start = BenchClock::now();
    pid_t pid = 0;
    const int spawned = posix_spawnp(&pid, "ps", &actions, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(pipeFds[1]);
    if (spawned != 0) {
        ::close(pipeFds[0]);
        error = "cannot run ps: " + errnoText(spawned);
        return std::nullopt;
    }
    long long lines = 0;
    char buffer[64 * 1024];
    for (;;) {
        const ssize_t n = ::read(pipeFds[0], buffer, sizeof buffer);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        lines += std::count(buffer, buffer + n, '\n');
    }
    ::close(pipeFds[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    PsRun run;
    run.us = usSince(start);
    run.processes = std::max(0LL, lines - 1);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        error = "ps failed (status " + std::to_string(status) + ")";
        return std::nullopt;
    }
    return run;
}

struct Series {
    std::vector<double> totalUs;
    std::vector<double> perProcessUs;

    void add(double us, size_t n)
    {
        totalUs.push_back(us);
        perProcessUs.push_back(n ? us / double(n) : 0.0);
    }
    double total() const { return median(totalUs); }
    double perProcess() const { return median(perProcessUs); }
};

struct LevelResult {
    std::string label;
    int sleepers = 0;
    Series steadyScan, steadySample, coldScan, coldSample, ps;
};

bool measureLevel(LevelResult &result, int reps, pid_t sleeperGroup, const agentmon::RuleSet &rules,
                  std::string &error)
{
    agentmon::SystemClock clock;
    const std::string &l = result.label;

    // The steady pair: a source whose cache is warm, and a sampler that has sampled already.
    auto steadySource = agentmon::createProcessSource(clock);
    if (!steadySource->isValid()) {
        error = steadySource->errorString().toStdString();
        return false;
    }
    std::vector<agentmon::ProcessInfo> out;
    steadySource->scan(out);
    steadySource->scan(out);
    const long long seen =
        sleeperGroup > 0
            ? std::count_if(out.begin(), out.end(),
                            [&](const agentmon::ProcessInfo &p) { return p.pgid == sleeperGroup; })
            : 0;
    count("processes_" + l, (long long)out.size());
    count("sleepers_seen_" + l, seen);
    if (seen != result.sleepers) {
        error = "expected " + std::to_string(result.sleepers) + " sleepers in the process table, saw " +
                std::to_string(seen);
        return false;
    }
    auto samplerSource = agentmon::createProcessSource(clock);
    agentmon::Sampler steadySampler(*samplerSource, rules, clock);
    (void)steadySampler.sample();
    (void)steadySampler.sample();
    if (!runPs(error)) // warm-up: ps, its libraries and locale files in the page cache
        return false;

    // The kinds take turns within each repetition, so that drift of the machine's speed (a VM's neighbours,
    // reclaim after the forks) spreads over all of them alike instead of biasing the ratios.
    for (int i = 0; i < reps; ++i) {
        auto start = BenchClock::now();
        steadySource->scan(out);
        result.steadyScan.add(usSince(start), out.size());

        start = BenchClock::now();
        {
            const agentmon::Snapshot snapshot = steadySampler.sample();
            result.steadySample.add(usSince(start), snapshot.processes.size());
        }

        // Cold: a fresh source (and sampler) every time; the first scan reads the argv of every process.
        {
            auto source = agentmon::createProcessSource(clock);
            std::vector<agentmon::ProcessInfo> coldOut;
            start = BenchClock::now();
            source->scan(coldOut);
            result.coldScan.add(usSince(start), coldOut.size());
        }
        {
            auto source = agentmon::createProcessSource(clock);
            agentmon::Sampler sampler(*source, rules, clock);
            start = BenchClock::now();
            const agentmon::Snapshot snapshot = sampler.sample();
            result.coldSample.add(usSince(start), snapshot.processes.size());
        }

        // ps as a whole process: spawn, read all of its output, wait.
        const auto run = runPs(error);
        if (!run)
            return false;
        result.ps.add(run->us, size_t(run->processes));
    }

    figure("steady_scan_us_per_process_" + l, result.steadyScan.perProcess(), "us");
    figure("steady_scan_total_" + l, result.steadyScan.total() / 1000.0, "ms");
    figure("steady_sample_us_per_process_" + l, result.steadySample.perProcess(), "us");
    figure("steady_sample_total_" + l, result.steadySample.total() / 1000.0, "ms");
    figure("cold_scan_us_per_process_" + l, result.coldScan.perProcess(), "us");
    figure("cold_scan_total_" + l, result.coldScan.total() / 1000.0, "ms");
    figure("cold_sample_us_per_process_" + l, result.coldSample.perProcess(), "us");
    figure("cold_sample_total_" + l, result.coldSample.total() / 1000.0, "ms");
    figure("ps_total_" + l, result.ps.total() / 1000.0, "ms");
    figure("ps_us_per_process_" + l, result.ps.perProcess(), "us");
    figure("ps_over_steady_scan_" + l, result.ps.total() / result.steadyScan.total(), "x");
    figure("ps_over_steady_sample_" + l, result.ps.total() / result.steadySample.total(), "x");
    std::fflush(stdout);
    return true;
}

struct Options {
    int reps = 15;
    std::vector<int> levels{0, 1000, 5000};
};

bool parseOptions(int argc, char **argv, Options &options)
{
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--reps" && i + 1 < argc) {
            options.reps = std::max(1, std::atoi(argv[++i]));
        } else if (arg == "--levels" && i + 1 < argc) {
            options.levels.clear();
            std::string list = argv[++i];
            size_t start = 0;
            while (start <= list.size()) {
                size_t end = list.find(',', start);
                if (end == std::string::npos)
                    end = list.size();
                const int n = std::atoi(list.substr(start, end - start).c_str());
                if (n < 0 || n > 30000)
                    return false;
                options.levels.push_back(n);
                start = end + 1;
            }
            if (!std::is_sorted(options.levels.begin(), options.levels.end()))
                return false;
        } else {
            return false;
        }
    }
    return true;
}

int run(const Options &options, agentmon::bench::Sleepers &sleepers)
{
    utsname machine{};
    uname(&machine);
    std::printf("# machine: nproc %ld, kernel %s %s %s %s\n", sysconf(_SC_NPROCESSORS_ONLN), machine.sysname,
                machine.release, machine.version, machine.machine);
    rlimit limit{};
    getrlimit(RLIMIT_NPROC, &limit);
    std::printf("# limits: RLIMIT_NPROC %s%s, pid_max %lld, threads-max %lld\n",
                limit.rlim_cur == RLIM_INFINITY ? "unlimited" : std::to_string(limit.rlim_cur).c_str(),
                getuid() == 0 ? " (not enforced for root)" : "", readNumberFile("/proc/sys/kernel/pid_max"),
                readNumberFile("/proc/sys/kernel/threads-max"));
    std::printf("# %d repetitions per figure, medians; per-process figures divide by the processes seen\n",
                options.reps);
    std::printf(
        "# goal: steady <= %.0f us/process and >= %.0fx faster than ps at %d; cold <= %.0f us/process\n",
        kGoalSteadyUs, kGoalPsFactor, kGoalPsLevel, kGoalColdUs);
    std::fflush(stdout);

    const agentmon::RuleSet rules;
    agentmon::SystemClock clock;
    std::vector<LevelResult> results;
    bool failed = false;
    for (const int level : options.levels) {
        LevelResult result;
        result.label = level == 0 ? "idle" : std::to_string(level);
        result.sleepers = level;
        if (level > sleepers.size()) {
            std::vector<agentmon::ProcessInfo> now;
            agentmon::createProcessSource(clock)->scan(now);
            const std::string problem = capacityProblem(level - sleepers.size(), now);
            if (!problem.empty()) {
                std::printf("# SKIPPED %d sleepers: not enough room for %d more processes: %s\n", level,
                            level - sleepers.size(), problem.c_str());
                failed = true;
                break;
            }
            std::string error;
            const auto start = BenchClock::now();
            if (!sleepers.growTo(level, error)) {
                std::printf("# ERROR starting sleepers: %s\n", error.c_str());
                failed = true;
                break;
            }
            std::printf("# started sleepers: %d in process group %d (%.0f ms)\n", sleepers.size(),
                        int(sleepers.group()), usSince(start) / 1000.0);
        }
        std::printf("# level %s: %d extra sleeping processes\n", result.label.c_str(), level);
        std::fflush(stdout);
        std::string error;
        if (!measureLevel(result, options.reps, sleepers.group(), rules, error)) {
            std::printf("# ERROR measuring level %s: %s\n", result.label.c_str(), error.c_str());
            failed = true;
            break;
        }
        results.push_back(std::move(result));
    }
    sleepers.stop();

    // Goals, judged on the full sample (what agentmon pays per refresh); scan figures are for reference.
    double worstSteady = -1, worstCold = -1;
    std::string worstSteadyAt, worstColdAt;
    std::optional<double> psFactor;
    for (const LevelResult &r : results) {
        if (r.steadySample.perProcess() > worstSteady) {
            worstSteady = r.steadySample.perProcess();
            worstSteadyAt = r.label;
        }
        if (r.coldSample.perProcess() > worstCold) {
            worstCold = r.coldSample.perProcess();
            worstColdAt = r.label;
        }
        if (r.sleepers == kGoalPsLevel)
            psFactor = r.ps.total() / r.steadySample.total();
    }
    int met = 0;
    auto verdict = [&](bool have, bool ok) -> const char * {
        if (!have)
            return "NOT MEASURED";
        met += ok;
        return ok ? "met" : "MISSED";
    };
    const char *steady = verdict(worstSteady >= 0, worstSteady >= 0 && worstSteady <= kGoalSteadyUs);
    std::printf("# goal steady <= %.0f us/process: %s (worst steady_sample_us_per_process_%s %.2f us)\n",
                kGoalSteadyUs, steady, worstSteadyAt.c_str(), worstSteady);
    const char *ps = verdict(psFactor.has_value(), psFactor && *psFactor >= kGoalPsFactor);
    std::printf("# goal >= %.0fx faster than ps at %d: %s (ps_over_steady_sample_%d %.2f x)\n", kGoalPsFactor,
                kGoalPsLevel, ps, kGoalPsLevel, psFactor.value_or(0.0));
    const char *cold = verdict(worstCold >= 0, worstCold >= 0 && worstCold <= kGoalColdUs);
    std::printf("# goal cold <= %.0f us/process: %s (worst cold_sample_us_per_process_%s %.2f us)\n",
                kGoalColdUs, cold, worstColdAt.c_str(), worstCold);
    std::printf("# goals met: %d of 3 (steady %s, %.0fx ps at %d %s, cold %s)%s\n", met, steady,
                kGoalPsFactor, kGoalPsLevel, ps, cold,
                failed ? "; run INCOMPLETE, see the errors above" : "");
    std::fflush(stdout);
    return failed ? 1 : 0; // missed goals are reported, not an error
}

} // namespace

int main(int argc, char **argv)
{
    Options options;
    if (!parseOptions(argc, argv, options)) {
        std::fprintf(stderr, "usage: %s [--reps N] [--levels 0,1000,5000]\n", argv[0]);
        return 1;
    }
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    // As agentmonctl and agentmon do: room to keep one stat file open per process between scans.
    const quint64 softBefore = agentmon::raiseOpenFileLimit();
    rlimit files{};
    getrlimit(RLIMIT_NOFILE, &files);
    std::printf("# RLIMIT_NOFILE soft %llu -> %llu (a source keeps up to a quarter of it open)\n",
                static_cast<unsigned long long>(softBefore), static_cast<unsigned long long>(files.rlim_cur));
    agentmon::bench::endSleepersOnFatalSignals();

    agentmon::bench::Sleepers sleepers;
    int status = 1;
    try {
        status = run(options, sleepers);
    } catch (const std::exception &e) {
        std::printf("# ERROR: %s\n", e.what());
    } catch (...) {
        std::printf("# ERROR: unknown exception\n");
    }
    sleepers.stop();
    return status;
}
