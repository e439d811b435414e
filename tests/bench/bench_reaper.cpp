// bench_reaper: how soon the kill cascade knows that processes are gone, and how punctually it escalates,
// against the floor (how soon exit can be known at all) and against a 100 ms polling loop.
//
// Medians over --reps repetitions; in each repetition the three ways take turns on fresh processes:
//   term1:  one process group of 4 (a leader and 3 members) that die on SIGTERM;
//   term400: 100 such groups, 400 processes, in one Cascade;
//   esc400: 100 groups of 4 that ignore SIGTERM, one Cascade with a grace of 500 ms.
// The ways:
//   floor:   the benchmark sends the signal through a pidfd to each process in a tight loop while a dedicated
//            thread, already blocked in poll() on all their pidfds, timestamps each exit (a zombie counts:
//            the kernel has finished the process);
//   cascade: agentmon::Cascade over the (pid, starttime) keys; figures are its report's exit_ms (1 ms
//            resolution, truncated) and the steady-clock time from just before start() to its finished
//            signal;
//   poll:    SIGTERM with kill(), then a check of /proc/<pid>/stat every 100 ms (state Z or X, or no file,
//            is gone; kill(pid, 0) cannot tell for our own unreaped children), SIGKILL to the survivors at
//            the first tick past the deadline. The ticks run on their own 100 ms clock, not aligned with the
//            signal: repetition i puts the first tick (i + 0.5) * 100 / reps ms after SIGTERM, an even
//            spread of phases.
// Escalation (esc400): the report's exit_ms - grace for the KILL deaths is an upper bound that includes the
// kernel's SIGKILL-to-exit time (for 400 processes at once, tens of ms). The escalation figure itself is the
// first KILL death, timestamped by an ExitObserver thread during the cascade, minus the deadline (start() +
// grace), minus the median first death of the SIGKILL floor. The poller's SIGKILL send times are measured
// directly.
// One `name value unit` line per figure; comment lines start with '#'.
//
// The test processes are forked children (sleepers.h) that call nothing but async-signal-safe functions (no
// Qt code runs in them). Each group is a process group of its own; they arm PR_SET_PDEATHSIG and alarm(120)
// and pause(). The benchmark signals only them: through pidfds or kill() on its own unreaped children (whose
// pids cannot be reused), and killpg() on their groups, and reaps every one of them, in every path.

#include "benchstats.h"
#include "cascade.h"
#include "processinfo.h"
#include "processsource.h"
#include "procparsers.h"
#include "settings.h"
#include "sleepers.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QList>
#include <QObject>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <fcntl.h>
#include <optional>
#include <poll.h>
#include <string>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

using agentmon::bench::maximum;
using agentmon::bench::median;

using BenchClock = std::chrono::steady_clock;

constexpr int kGroups = 100;
constexpr int kPerGroup = 4;
constexpr qint64 kTermGraceMs = 5'000; // never reached by processes that die on SIGTERM
constexpr qint64 kEscGraceMs = 500;
constexpr qint64 kConfirmMs = 1'000;
constexpr int kTickMs = 100;
constexpr int kWaitBoundMs = 10'000; // on top of grace and confirmation: every wait ends

constexpr double kGoalOneGroupMs = 1.0;
constexpr double kGoalManyMs = 10.0;
constexpr double kGoalEscalationMs = 10.0;

double msBetween(BenchClock::time_point from, BenchClock::time_point to)
{
    return std::chrono::duration<double, std::milli>(to - from).count();
}

void figure(const std::string &name, double value, const char *unit)
{
    std::printf("%s %.3f %s\n", name.c_str(), value, unit);
}

std::string errnoText(int error)
{
    return std::strerror(error);
}

// Other work on the machine skews every figure here: shown at the start and at the end.
std::string readLoadavg()
{
    std::string text;
    if (FILE *file = std::fopen("/proc/loadavg", "re")) {
        char line[128] = {};
        if (std::fgets(line, sizeof line, file))
            text = line;
        std::fclose(file);
    }
    while (!text.empty() && text.back() == '\n')
        text.pop_back();
    return text;
}

int pidfdOpen(pid_t pid)
{
    return int(::syscall(SYS_pidfd_open, pid, 0));
}

bool pidfdSignal(int fd, int sig)
{
    return ::syscall(SYS_pidfd_send_signal, fd, sig, nullptr, 0) == 0;
}

std::optional<agentmon::procparse::StatFields> readStat(pid_t pid, char (&buffer)[4096])
{
    char path[40];
    std::snprintf(path, sizeof path, "/proc/%d/stat", int(pid));
    const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return std::nullopt;
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    ::close(fd);
    if (n <= 0)
        return std::nullopt;
    return agentmon::procparse::parseStat(QByteArrayView(buffer, n));
}

// ---- the three ways
// --------------------------------------------------------------------------------------------

// A dedicated thread blocked in poll() on the pidfds of all children, timestamping each exit as it is seen
// (a zombie counts: the kernel has finished the process).
class ExitObserver {
public:
    ExitObserver() = default;
    ~ExitObserver()
    {
        join();
        for (const pollfd &p : m_fds)
            ::close(p.fd);
    }
    ExitObserver(const ExitObserver &) = delete;
    ExitObserver &operator=(const ExitObserver &) = delete;

    bool open(const std::vector<pid_t> &pids, std::string &error)
    {
        m_fds.reserve(pids.size());
        for (const pid_t pid : pids) {
            const int fd = pidfdOpen(pid);
            if (fd < 0) {
                error = "pidfd_open: " + errnoText(errno);
                return false;
            }
            m_fds.push_back({fd, POLLIN, 0});
        }
        m_seen.assign(m_fds.size(), std::nullopt);
        return true;
    }
    // Returns once the thread is (all but) inside poll(); it ends when all exits are seen or after boundMs.
    void start(int boundMs)
    {
        std::atomic<bool> polling{false};
        m_thread = std::thread([this, boundMs, &polling] {
            std::vector<pollfd> set = m_fds;
            size_t left = set.size();
            const auto deadline = BenchClock::now() + std::chrono::milliseconds(boundMs);
            polling = true;
            while (left > 0) {
                const auto wait =
                    std::chrono::duration_cast<std::chrono::milliseconds>(deadline - BenchClock::now());
                if (wait.count() <= 0)
                    break;
                const int polled = poll(set.data(), nfds_t(set.size()), int(wait.count()) + 1);
                const auto now = BenchClock::now();
                if (polled <= 0)
                    continue;
                for (size_t i = 0; i < set.size(); ++i) {
                    if (set[i].fd >= 0 && set[i].revents != 0) {
                        m_seen[i] = now;
                        set[i].fd = -1; // poll() skips it from now on
                        --left;
                    }
                }
            }
        });
        for (int i = 0; i < 10'000 && !polling; ++i)
            std::this_thread::sleep_for(std::chrono::microseconds(100));
        std::this_thread::sleep_for(std::chrono::milliseconds(2)); // into poll()
    }
    void join()
    {
        if (m_thread.joinable())
            m_thread.join();
    }
    const std::vector<pollfd> &fds() const { return m_fds; }
    // After join(): ms from t0 to each exit seen; the count of those not seen.
    int exitsSince(BenchClock::time_point t0, std::vector<double> &ms) const
    {
        int missing = 0;
        for (const auto &at : m_seen) {
            if (at)
                ms.push_back(msBetween(t0, *at));
            else
                ++missing;
        }
        return missing;
    }

private:
    std::vector<pollfd> m_fds;
    std::vector<std::optional<BenchClock::time_point>> m_seen;
    std::thread m_thread;
};

struct FloorRun {
    std::vector<double> exitMs; // per process: signal sent -> exit seen
    double firstMs = 0;         // -> the first exit seen
    double allMs = 0;           // -> the last exit seen
};

// Sends sig to every child through a pidfd in a tight loop while an ExitObserver timestamps the exits.
bool measureFloor(const agentmon::bench::Sleepers &children, int sig, FloorRun &out, std::string &error)
{
    ExitObserver observer;
    if (!observer.open(children.pids(), error))
        return false;
    observer.start(kWaitBoundMs);
    const auto t0 = BenchClock::now();
    int failed = 0;
    for (const pollfd &p : observer.fds())
        failed += !pidfdSignal(p.fd, sig);
    observer.join();
    out = {};
    const int missing = observer.exitsSince(t0, out.exitMs);
    if (failed || missing) {
        error = "floor: " + std::to_string(failed) + " signals failed, " + std::to_string(missing) +
                " exits not seen within the bound";
        return false;
    }
    out.firstMs = *std::min_element(out.exitMs.begin(), out.exitMs.end());
    out.allMs = maximum(out.exitMs);
    return true;
}

struct CascadeRun {
    std::vector<double> exitMs;     // per process: the report's exit_ms
    double startCallMs = 0;         // inside start(): every handle opened and signalled
    double finishedMs = 0;          // just before start() -> finished
    std::vector<double> observedMs; // with observe: just before start() -> each exit seen by an ExitObserver
};

bool measureCascade(const agentmon::bench::Sleepers &children, qint64 graceMs, bool expectKill, bool observe,
                    CascadeRun &out, std::string &error)
{
    ExitObserver observer;
    if (observe && !observer.open(children.pids(), error))
        return false;
    QList<agentmon::ProcessKey> keys;
    char buffer[4096];
    for (const pid_t pid : children.pids()) {
        const auto stat = readStat(pid, buffer);
        if (!stat) {
            error = "cannot read /proc/" + std::to_string(pid) + "/stat";
            return false;
        }
        keys.append({int(pid), stat->starttime});
    }
    agentmon::Cascade cascade(keys, agentmon::CascadeTimes{graceMs, kConfirmMs});
    QEventLoop loop;
    std::optional<BenchClock::time_point> finishedAt;
    QObject::connect(&cascade, &agentmon::Cascade::finished, &loop, [&] {
        finishedAt = BenchClock::now();
        loop.quit();
    });
    QTimer bound;
    bound.setSingleShot(true);
    QObject::connect(&bound, &QTimer::timeout, &loop, &QEventLoop::quit);
    bound.start(int(graceMs + kConfirmMs + kWaitBoundMs));

    if (observe)
        observer.start(int(graceMs + kConfirmMs + kWaitBoundMs));
    const auto t0 = BenchClock::now();
    cascade.start();
    const auto t1 = BenchClock::now();
    if (!cascade.isFinished())
        loop.exec();
    if (!finishedAt) {
        error = "cascade: no finished signal within the bound";
        return false;
    }
    const agentmon::CascadeReport &report = cascade.report();
    const QString expected = expectKill ? QStringLiteral("KILL") : QStringLiteral("TERM");
    int wrongSignal = 0;
    out = {};
    for (const agentmon::KillRecord &record : report.killed) {
        wrongSignal += record.signal != expected;
        out.exitMs.push_back(double(record.exitMs));
    }
    out.startCallMs = msBetween(t0, t1);
    out.finishedMs = msBetween(t0, *finishedAt);
    if (observe) {
        observer.join();
        if (const int missing = observer.exitsSince(t0, out.observedMs)) {
            error = "observer: " + std::to_string(missing) + " exits not seen";
            return false;
        }
    }
    if (report.killed.size() != keys.size() || wrongSignal || !report.survivors.isEmpty() ||
        !report.alreadyGone.isEmpty() || !report.skipped.isEmpty()) {
        error = "cascade report: " + std::to_string(report.killed.size()) + " killed of " +
                std::to_string(keys.size()) + ", " + std::to_string(wrongSignal) + " not by " +
                expected.toStdString() + ", " + std::to_string(report.survivors.size()) + " survivors, " +
                std::to_string(report.alreadyGone.size()) + " already gone, " +
                std::to_string(report.skipped.size()) + " skipped";
        return false;
    }
    return true;
}

struct PollRun {
    std::vector<double> confirmMs;     // per process: SIGTERM -> seen gone at a tick
    std::vector<double> killLateMs;    // per SIGKILL: sent - deadline
    std::vector<double> killConfirmMs; // per KILL death: seen gone - deadline
    double allMs = 0;                  // SIGTERM -> the last one seen gone
};

bool isGone(pid_t pid)
{
    char buffer[4096];
    const auto stat = readStat(pid, buffer);
    return !stat || stat->pid != pid || stat->state == 'Z' || stat->state == 'X';
}

bool measurePoller(const agentmon::bench::Sleepers &children, qint64 graceMs, double phaseMs, PollRun &out,
                   std::string &error)
{
    const std::vector<pid_t> &pids = children.pids();
    std::vector<char> gone(pids.size(), 0);
    std::vector<char> killed(pids.size(), 0);
    out = {};
    const auto t0 = BenchClock::now();
    for (const pid_t pid : pids)
        kill(pid, SIGTERM); // our own unreaped child
    const auto deadline = t0 + std::chrono::milliseconds(graceMs);
    const auto bound = deadline + std::chrono::milliseconds(kConfirmMs + kWaitBoundMs);
    auto tick = t0 + std::chrono::duration_cast<BenchClock::duration>(
                         std::chrono::duration<double, std::milli>(phaseMs));
    size_t left = pids.size();
    bool killSent = false;
    while (left > 0) {
        std::this_thread::sleep_until(tick);
        const auto now = BenchClock::now();
        if (now > bound)
            break;
        for (size_t i = 0; i < pids.size(); ++i) {
            if (gone[i] || !isGone(pids[i]))
                continue;
            gone[i] = 1;
            --left;
            out.confirmMs.push_back(msBetween(t0, now));
            if (killed[i])
                out.killConfirmMs.push_back(msBetween(deadline, now));
        }
        if (!killSent && left > 0 && now >= deadline) {
            killSent = true;
            for (size_t i = 0; i < pids.size(); ++i) {
                if (gone[i])
                    continue;
                kill(pids[i], SIGKILL);
                killed[i] = 1;
                out.killLateMs.push_back(msBetween(deadline, BenchClock::now()));
            }
        }
        tick += std::chrono::milliseconds(kTickMs);
    }
    out.allMs = maximum(out.confirmMs);
    if (left > 0) {
        error = "poll: " + std::to_string(left) + " processes not seen gone within the bound";
        return false;
    }
    return true;
}

// ---- the run
// -----------------------------------------------------------------------------------------------------

struct Scenario {
    std::string name;
    int groups = 0;
    bool ignoreTerm = false;
    qint64 graceMs = 0;
    // pooled over repetitions (per process) or one value per repetition (all)
    std::vector<double> floorExit, floorAll, cascadeExit, cascadeStartCall, cascadeFinished, pollConfirm,
        pollAll, cascadeOverGrace, cascadeOverGraceMax, cascadeFinishedOverGrace, pollKillLate,
        pollKillLateMax, pollKillConfirm, pollFinishedOverGrace, floorFirst, cascadeFirstKillOverGrace,
        cascadeFirstKillOverArmed;
};

// The test processes of a scenario: SIGTERM ignored for the escalation, alarm(120), every wait bounded.
agentmon::bench::SleeperOptions childOptions(const Scenario &s)
{
    return {s.ignoreTerm, 120, kWaitBoundMs};
}

bool runOnce(Scenario &s, double phaseMs, bool record, std::string &error)
{
    const int sig = s.ignoreTerm ? SIGKILL : SIGTERM;
    {
        agentmon::bench::Sleepers children(childOptions(s));
        FloorRun run;
        if (!children.addGroups(s.groups, kPerGroup, error) || !measureFloor(children, sig, run, error))
            return false;
        children.stop();
        if (record) {
            s.floorExit.insert(s.floorExit.end(), run.exitMs.begin(), run.exitMs.end());
            s.floorAll.push_back(run.allMs);
            s.floorFirst.push_back(run.firstMs);
        }
    }
    {
        agentmon::bench::Sleepers children(childOptions(s));
        CascadeRun run;
        if (!children.addGroups(s.groups, kPerGroup, error) ||
            !measureCascade(children, s.graceMs, s.ignoreTerm, s.ignoreTerm, run, error))
            return false;
        children.stop();
        if (record) {
            s.cascadeExit.insert(s.cascadeExit.end(), run.exitMs.begin(), run.exitMs.end());
            s.cascadeStartCall.push_back(run.startCallMs);
            s.cascadeFinished.push_back(run.finishedMs);
            if (s.ignoreTerm) {
                std::vector<double> over;
                for (const double ms : run.exitMs)
                    over.push_back(ms - double(s.graceMs));
                s.cascadeOverGrace.insert(s.cascadeOverGrace.end(), over.begin(), over.end());
                s.cascadeOverGraceMax.push_back(maximum(over));
                s.cascadeFinishedOverGrace.push_back(run.finishedMs - double(s.graceMs));
                const double first = *std::min_element(run.observedMs.begin(), run.observedMs.end());
                s.cascadeFirstKillOverGrace.push_back(first - double(s.graceMs));
                s.cascadeFirstKillOverArmed.push_back(first - run.startCallMs - double(s.graceMs));
            }
        }
    }
    {
        agentmon::bench::Sleepers children(childOptions(s));
        PollRun run;
        if (!children.addGroups(s.groups, kPerGroup, error) ||
            !measurePoller(children, s.graceMs, phaseMs, run, error))
            return false;
        children.stop();
        if (record) {
            s.pollConfirm.insert(s.pollConfirm.end(), run.confirmMs.begin(), run.confirmMs.end());
            s.pollAll.push_back(run.allMs);
            if (s.ignoreTerm) {
                s.pollKillLate.insert(s.pollKillLate.end(), run.killLateMs.begin(), run.killLateMs.end());
                s.pollKillLateMax.push_back(maximum(run.killLateMs));
                s.pollKillConfirm.insert(s.pollKillConfirm.end(), run.killConfirmMs.begin(),
                                         run.killConfirmMs.end());
                s.pollFinishedOverGrace.push_back(run.allMs - double(s.graceMs));
            }
        }
    }
    return true;
}

double ratio(double a, double b)
{
    return b > 0 ? a / b : 0.0;
}

struct Verdicts {
    int met = 0;
    int measured = 0;
    std::string lines;
    void add(const std::string &what, bool have, bool ok, const std::string &detail)
    {
        measured += have;
        met += have && ok;
        lines += "# goal " + what + ": " +
                 (!have ? "NOT MEASURED"
                  : ok  ? "met"
                        : "MISSED") +
                 " (" + detail + ")\n";
    }
};

std::string fmt(double v)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.3f", v);
    return text;
}

int run(int reps)
{
    utsname machine{};
    uname(&machine);
    rlimit files{};
    getrlimit(RLIMIT_NOFILE, &files);
    std::printf("# machine: nproc %ld, kernel %s %s %s %s\n", sysconf(_SC_NPROCESSORS_ONLN), machine.sysname,
                machine.release, machine.version, machine.machine);
    std::printf("# loadavg at start: %s\n", readLoadavg().c_str());
    std::printf("# RLIMIT_NOFILE soft %llu; %d repetitions (+1 warm-up), medians; groups of %d processes\n",
                static_cast<unsigned long long>(files.rlim_cur), reps, kPerGroup);
    std::printf("# exit_ms of the Cascade report has 1 ms resolution (truncated); *_finished_* figures are "
                "steady-clock times from just before Cascade::start() to its finished signal\n");
    std::printf("# goals: term1 confirmed - floor <= %.0f ms; term400 finished - floor <= %.0f ms; esc400 "
                "first SIGKILL <= %.0f ms after start() + grace\n",
                kGoalOneGroupMs, kGoalManyMs, kGoalEscalationMs);
    std::fflush(stdout);

    auto scenario = [](std::string name, int groups, bool ignoreTerm, qint64 graceMs) {
        Scenario s;
        s.name = std::move(name);
        s.groups = groups;
        s.ignoreTerm = ignoreTerm;
        s.graceMs = graceMs;
        return s;
    };
    Scenario term1 = scenario("term1", 1, false, kTermGraceMs);
    Scenario term400 = scenario("term400", kGroups, false, kTermGraceMs);
    Scenario esc400 = scenario("esc400", kGroups, true, kEscGraceMs);
    std::vector<Scenario *> scenarios{&term1, &term400, &esc400};
    const auto started = BenchClock::now();
    for (int rep = -1; rep < reps; ++rep) {
        const double phase = rep < 0 ? 50.0 : (rep + 0.5) * kTickMs / reps;
        for (Scenario *s : scenarios) {
            std::string error;
            if (!runOnce(*s, phase, rep >= 0, error)) {
                std::printf("# ERROR in %s, repetition %d: %s\n", s->name.c_str(), rep, error.c_str());
                return 1;
            }
        }
    }
    std::printf("# measured in %.1f s; loadavg at end: %s\n", msBetween(started, BenchClock::now()) / 1000.0,
                readLoadavg().c_str());

    Verdicts verdicts;
    for (Scenario *s : {&term1, &term400}) {
        const std::string &n = s->name;
        std::printf("# %s: %d group(s) of %d dying on SIGTERM\n", n.c_str(), s->groups, kPerGroup);
        const double floorExit = median(s->floorExit), floorAll = median(s->floorAll);
        const double cascadeExit = median(s->cascadeExit), cascadeFinished = median(s->cascadeFinished);
        const double pollConfirm = median(s->pollConfirm), pollAll = median(s->pollAll);
        figure(n + "_floor_exit_ms", floorExit, "ms");
        figure(n + "_floor_all_ms", floorAll, "ms");
        figure(n + "_cascade_start_call_ms", median(s->cascadeStartCall), "ms");
        figure(n + "_cascade_exit_ms", cascadeExit, "ms");
        figure(n + "_cascade_exit_max_ms", maximum(s->cascadeExit), "ms");
        figure(n + "_cascade_finished_ms", cascadeFinished, "ms");
        figure(n + "_cascade_exit_over_floor_ms", cascadeExit - floorExit, "ms");
        figure(n + "_cascade_finished_over_floor_ms", cascadeFinished - floorAll, "ms");
        figure(n + "_poll_confirm_ms", pollConfirm, "ms");
        figure(n + "_poll_confirm_over_floor_ms", pollConfirm - floorExit, "ms");
        figure(n + "_poll_all_ms", pollAll, "ms");
        figure(n + "_poll_all_over_floor_ms", pollAll - floorAll, "ms");
        figure(n + "_poll_over_cascade_confirm_x", ratio(pollConfirm, cascadeFinished), "x");
        figure(n + "_poll_over_cascade_all_x", ratio(pollAll, cascadeFinished), "x");
        if (s == &term1) {
            const double worst = std::max(cascadeExit - floorExit, cascadeFinished - floorAll);
            verdicts.add("term1 confirmed - floor <= 1 ms", !s->floorAll.empty(), worst <= kGoalOneGroupMs,
                         "exit_ms over floor " + fmt(cascadeExit - floorExit) + " ms, finished over floor " +
                             fmt(cascadeFinished - floorAll) + " ms");
        } else {
            verdicts.add("term400 finished - floor <= 10 ms", !s->floorAll.empty(),
                         cascadeFinished - floorAll <= kGoalManyMs,
                         "finished " + fmt(cascadeFinished) + " ms, floor " + fmt(floorAll) +
                             " ms, start() " + fmt(median(s->cascadeStartCall)) + " ms of it");
        }
    }
    {
        Scenario &s = esc400;
        const std::string &n = s.name;
        std::printf("# %s: %d groups of %d ignoring SIGTERM, grace %lld ms; floor = SIGKILL -> exit\n",
                    n.c_str(), s.groups, kPerGroup, static_cast<long long>(s.graceMs));
        std::printf(
            "# escalation = first KILL death seen by an observer thread - (start() + grace) - first death "
            "of the SIGKILL floor; the Cascade arms its grace timer after its last planned SIGTERM, which "
            "the _armed figures take to be the end of start() (later with more than 32 targets, signalled in "
            "chunks)\n");
        const double killFloor = median(s.floorExit), killFloorFirst = median(s.floorFirst);
        const double overGrace = median(s.cascadeOverGrace), overGraceMax = median(s.cascadeOverGraceMax);
        const double firstOverGrace = median(s.cascadeFirstKillOverGrace);
        const double firstOverArmed = median(s.cascadeFirstKillOverArmed);
        const double escalation = firstOverGrace - killFloorFirst;
        const double escalationArmed = firstOverArmed - killFloorFirst;
        const double cascadeFinishedOver = median(s.cascadeFinishedOverGrace);
        const double pollKillLate = median(s.pollKillLate);
        const double pollKillConfirm = median(s.pollKillConfirm);
        const double pollFinishedOver = median(s.pollFinishedOverGrace);
        figure(n + "_kill_floor_exit_ms", killFloor, "ms");
        figure(n + "_kill_floor_first_ms", killFloorFirst, "ms");
        figure(n + "_kill_floor_all_ms", median(s.floorAll), "ms");
        figure(n + "_cascade_start_call_ms", median(s.cascadeStartCall), "ms");
        figure(n + "_cascade_kill_exit_over_grace_ms", overGrace, "ms");
        figure(n + "_cascade_kill_exit_over_grace_max_ms", overGraceMax, "ms");
        figure(n + "_cascade_kill_exit_over_grace_worst_ms", maximum(s.cascadeOverGrace), "ms");
        figure(n + "_cascade_kill_exit_over_grace_minus_floor_ms", overGrace - killFloor, "ms");
        figure(n + "_cascade_first_kill_exit_over_grace_ms", firstOverGrace, "ms");
        figure(n + "_cascade_first_kill_exit_over_armed_ms", firstOverArmed, "ms");
        figure(n + "_cascade_escalation_ms", escalation, "ms");
        figure(n + "_cascade_escalation_after_armed_ms", escalationArmed, "ms");
        figure(n + "_cascade_finished_over_grace_ms", cascadeFinishedOver, "ms");
        figure(n + "_poll_kill_sent_late_ms", pollKillLate, "ms");
        figure(n + "_poll_kill_sent_late_max_ms", median(s.pollKillLateMax), "ms");
        figure(n + "_poll_kill_confirm_over_grace_ms", pollKillConfirm, "ms");
        figure(n + "_poll_finished_over_grace_ms", pollFinishedOver, "ms");
        figure(n + "_poll_over_cascade_escalation_x", ratio(pollKillLate, escalation), "x");
        figure(n + "_poll_over_cascade_kill_confirm_x", ratio(pollKillConfirm, overGrace), "x");
        figure(n + "_poll_over_cascade_finished_x", ratio(pollFinishedOver, cascadeFinishedOver), "x");
        verdicts.add("esc400 SIGKILL sent <= 10 ms after start() + grace",
                     !s.cascadeFirstKillOverGrace.empty(), escalation <= kGoalEscalationMs,
                     "escalation " + fmt(escalation) + " ms, " + fmt(escalationArmed) +
                         " ms after the end of start(); KILL exit_ms - grace median " + fmt(overGrace) +
                         " ms, per-run max " + fmt(overGraceMax) + " ms, worst " +
                         fmt(maximum(s.cascadeOverGrace)) + " ms; SIGKILL floor " + fmt(killFloor) + " ms");
    }
    std::printf("%s# goals met: %d of 3\n", verdicts.lines.c_str(), verdicts.met);
    std::fflush(stdout);
    return 0; // missed goals are reported, not an error
}

} // namespace

int main(int argc, char **argv)
{
    int reps = 15;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--reps") == 0 && i + 1 < argc) {
            reps = std::clamp(std::atoi(argv[++i]), 1, 1000);
        } else {
            std::fprintf(stderr, "usage: %s [--reps N]\n", argv[0]);
            return 1;
        }
    }
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    // A cascade holds two pidfds per target; the floor another one each.
    agentmon::raiseOpenFileLimit();
    agentmon::bench::endSleepersOnFatalSignals();

    // The children are forked with this in place, but they run no Qt code (async-signal-safe calls only).
    QCoreApplication app(argc, argv);
    int status = 1;
    try {
        status = run(reps);
    } catch (const std::exception &e) {
        std::printf("# ERROR: %s\n", e.what());
    } catch (...) {
        std::printf("# ERROR: unknown exception\n");
    }
    return status;
}
