// bench_gui: how long the agentmon window's event loop stalls, on the idle machine and with 5,000 extra
// processes.
//
// The real window (MainWindow, 1200x800, shown) over a real MonitorBackend that runs the instance in-process
// (Local mode: sampling on its worker thread every 2 s), with AGENTMON_HOME in a fresh temporary directory
// whose agentmon.conf turns the periodic reaper and the orphan policy off and leaks to notify: nothing is
// ever signalled. The platform is offscreen when DISPLAY is unset (unless QT_QPA_PLATFORM says otherwise),
// else the X server of DISPLAY.
//
// Four conditions, --seconds (20) each: the idle machine, then with --sleepers (5,000) extra sleeping
// processes (sleepers.h), each with "Show All Processes" off, then on (the window's own action). Each is
// measured after the window has handled two snapshots in it. Per condition:
//   stall:    the largest gap between consecutive ticks of a 1 ms Qt::PreciseTimer on the GUI thread, minus
//             1 ms; also the p99 and median gaps;
//   window:   per snapshot, the time between a slot connected to MonitorBackend::snapshotReady before the
//             window was constructed and one connected after it: the window's own slot runs in between
//             (ProcessModel and SessionModel updates, the proxy's sort and filter, the status bar);
//   worker:   Snapshot::durationUs, the sample on the worker thread;
//   the processes in the snapshot and the rows the process view shows.
// Switching "Show All Processes" on is timed too: the action's own handler, and the first snapshot after it.
// The machine's own stalls (other load, a VM's stolen time) count in the stall as well; to tell them apart,
// per condition: the GUI thread's CPU time and preemptions in the longest gap, the most CPU time it spent in
// any one gap (its longest stretch of work), the longest gap of a plain thread sleeping 1 ms at a time (the
// floor), and the stolen time of /proc/stat.
// One `name value unit` line per figure, comment lines start with '#', then a Markdown table.
//
// The sleepers are forked from the GUI thread between measurements (their parent-death signal follows the
// thread that forked them, which lives to the end); they run no Qt code. At the end, in every path: the
// backend stops (the instance's shutdown, bounded), then the sleepers are killed with killpg() and reaped.

#include "benchstats.h"
#include "mainwindow.h"
#include "monitorbackend.h"
#include "paths.h"
#include "processmodel.h"
#include "sleepers.h"
#include "snapshot.h"

#include <QAbstractItemModel>
#include <QAction>
#include <QApplication>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QTemporaryDir>
#include <QTimer>
#include <QTreeView>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <functional>
#include <string>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <thread>
#include <time.h>
#include <unistd.h>
#include <vector>

namespace {

using agentmon::bench::count;
using agentmon::bench::figure;
using agentmon::bench::maximum;
using agentmon::bench::median;
using agentmon::bench::percentile;

using agentmon::MainWindow;
using agentmon::MonitorBackend;
using agentmon::MonitorStatus;
using agentmon::Snapshot;
using BenchClock = std::chrono::steady_clock;

constexpr double kGoalStallMs = 16.0; // one frame at 60 Hz
constexpr int kTickMs = 1;
constexpr int kSettleSnapshots = 2;
constexpr int kSnapshotWaitMs = 30'000; // for any snapshot the run waits for (two sample intervals and more)
constexpr int kStopWaitMs = 30'000;     // the backend's stop
constexpr const char *kConfig = "[reaper]\nintervalMinutes=0\n[policy]\norphans=off\nleaks=notify\n";

double msBetween(BenchClock::time_point from, BenchClock::time_point to)
{
    return std::chrono::duration<double, std::milli>(to - from).count();
}

// Runs the event loop until done() or timeoutMs; whether done() holds.
bool waitUntil(const std::function<bool()> &done, int timeoutMs)
{
    if (done())
        return true;
    QEventLoop loop;
    QTimer check;
    check.setInterval(10);
    QObject::connect(&check, &QTimer::timeout, &loop, [&] {
        if (done())
            loop.quit();
    });
    QTimer bound;
    bound.setSingleShot(true);
    QObject::connect(&bound, &QTimer::timeout, &loop, &QEventLoop::quit);
    check.start();
    bound.start(timeoutMs);
    loop.exec();
    return done();
}

void runEventLoopFor(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

// Other work on the machine (it has few CPUs) shows up as stalls too: shown with every condition.
std::string loadavg()
{
    QFile file(QStringLiteral("/proc/loadavg"));
    return file.open(QIODevice::ReadOnly) ? file.readLine().trimmed().toStdString() : std::string("?");
}

double threadCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1000.0 + double(ts.tv_nsec) / 1e6;
}

long threadPreemptions()
{
    rusage usage{};
    getrusage(RUSAGE_THREAD, &usage);
    return usage.ru_nivcsw;
}

// The GUI thread's 1 ms ticks while recording: per gap its wall time, the thread's CPU time and how often the
// thread was preempted, which tell this program's work from the machine's other load.
class Ticker {
public:
    struct Gap {
        double wallMs = 0;
        double cpuMs = 0;
        long preempted = 0;
    };

    Ticker()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(kTickMs);
        QObject::connect(&m_timer, &QTimer::timeout, [this] {
            const auto now = BenchClock::now();
            const double cpu = threadCpuMs();
            const long preempted = threadPreemptions();
            if (m_recording)
                m_gaps.push_back(
                    {msBetween(m_last.wall, now), cpu - m_last.cpuMs, preempted - m_last.preempted});
            m_last = {now, cpu, preempted};
        });
        m_timer.start();
    }
    void record(bool on)
    {
        m_recording = on;
        m_last = {BenchClock::now(), threadCpuMs(), threadPreemptions()};
        if (on)
            m_gaps.clear();
    }
    const std::vector<Gap> &gaps() const { return m_gaps; }

private:
    struct Mark {
        BenchClock::time_point wall;
        double cpuMs = 0;
        long preempted = 0;
    };
    QTimer m_timer;
    bool m_recording = false;
    Mark m_last;
    std::vector<Gap> m_gaps;
};

// The floor: a plain thread that sleeps 1 ms at a time, without Qt. Its longest gap is what the machine
// imposes on any thread (the scheduler, a VM's stolen time), for comparison with the GUI thread's.
class FloorThread {
public:
    FloorThread()
        : m_thread([this] {
              auto last = BenchClock::now();
              while (!m_stop.load()) {
                  const timespec oneMs{0, kTickMs * 1'000'000L};
                  clock_nanosleep(CLOCK_MONOTONIC, 0, &oneMs, nullptr);
                  const auto now = BenchClock::now();
                  const auto gapNs = std::chrono::duration_cast<std::chrono::nanoseconds>(now - last).count();
                  if (m_recording.load() && gapNs > m_maxGapNs.load())
                      m_maxGapNs.store(gapNs);
                  last = now;
              }
          })
    {
    }
    ~FloorThread()
    {
        m_stop.store(true);
        m_thread.join();
    }
    FloorThread(const FloorThread &) = delete;
    FloorThread &operator=(const FloorThread &) = delete;

    void record(bool on)
    {
        if (on)
            m_maxGapNs.store(0);
        m_recording.store(on);
    }
    double stallMs() const { return std::max(0.0, double(m_maxGapNs.load()) / 1e6 - kTickMs); }

private:
    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_recording{false};
    std::atomic<long long> m_maxGapNs{0};
    std::thread m_thread;
};

// Time the hypervisor gave to others while this machine's CPUs wanted to run (/proc/stat "steal"), in ms.
double stealMs()
{
    QFile file(QStringLiteral("/proc/stat"));
    if (!file.open(QIODevice::ReadOnly))
        return 0.0;
    const QList<QByteArray> fields = file.readLine().simplified().split(' ');
    return fields.size() > 8 ? fields.at(8).toDouble() * 1000.0 / double(sysconf(_SC_CLK_TCK)) : 0.0;
}

// What the two snapshotReady slots see.
struct Probe {
    BenchClock::time_point before;
    bool recording = false;
    int snapshots = 0;
    double lastHandleMs = 0;
    int lastProcesses = 0;
    int lastSleepersSeen = 0;
    pid_t sleeperGroup = 0;
    std::vector<double> handleMs, sampleMs, processes;

    void record(bool on)
    {
        recording = on;
        if (on) {
            handleMs.clear();
            sampleMs.clear();
            processes.clear();
        }
    }
    void handled(const Snapshot &snapshot, BenchClock::time_point after)
    {
        ++snapshots;
        lastHandleMs = msBetween(before, after);
        lastProcesses = int(snapshot.processes.size());
        if (sleeperGroup > 0)
            lastSleepersSeen = int(std::count_if(
                snapshot.processes.begin(), snapshot.processes.end(),
                [this](const agentmon::ProcessRecord &p) { return p.info.pgid == sleeperGroup; }));
        if (recording) {
            handleMs.push_back(lastHandleMs);
            sampleMs.push_back(double(snapshot.durationUs) / 1000.0);
            processes.push_back(double(lastProcesses));
        }
    }
};

struct Result {
    std::string name;  // for figure names: idle_agents, 5000_all, ...
    std::string label; // for the table
    double stallMs = 0, gapP99Ms = 0, gapMedianMs = 0;
    double stallCpuMs = 0,
           maxGapCpuMs = 0;  // the GUI thread's CPU time in the longest gap; the most in any gap
    long stallPreempted = 0; // how often it was preempted in the longest gap
    double floorStallMs = 0; // the same for a plain thread sleeping 1 ms at a time
    double stealMs = 0;      // the machine's stolen time meanwhile, all CPUs
    long long ticks = 0;
    double handleMedianMs = 0, handleMaxMs = 0, sampleMedianMs = 0, processes = 0;
    int snapshots = 0, rows = 0;
    double switchMs = -1, firstSnapshotMs = -1; // show all on: the action's handler, the first snapshot after
};

struct Options {
    int seconds = 20;
    int sleepers = 5000;
};

bool parseOptions(int argc, char **argv, Options &options, bool &help)
{
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--help" || arg == "-h") {
            help = true;
            return true;
        }
        const int value = i + 1 < argc ? std::atoi(argv[i + 1]) : -1;
        if (arg == "--seconds" && value >= 2 && value <= 600)
            options.seconds = value;
        else if (arg == "--sleepers" && value >= 1 && value <= 30000)
            options.sleepers = value;
        else
            return false;
        ++i;
    }
    return true;
}

QAction *findShowAllAction(const MainWindow &window)
{
    const QList<QAction *> actions = window.findChildren<QAction *>();
    for (QAction *action : actions) {
        if (action->isCheckable() &&
            QString(action->text()).remove(QLatin1Char('&')) == QLatin1String("Show All Processes"))
            return action;
    }
    return nullptr;
}

class Bench {
public:
    Bench(const Options &options, MonitorBackend &backend, MainWindow &window, Probe &probe,
          agentmon::bench::Sleepers &sleepers)
        : m_options(options), m_backend(backend), m_window(window), m_probe(probe), m_sleepers(sleepers)
    {
    }

    // False with error when a condition could not be measured; the results so far stay.
    bool run(std::string &error)
    {
        if (!waitForSnapshots(1, error))
            return false;
        const MonitorStatus &status = m_backend.status();
        if (status.mode != MonitorStatus::Mode::Local) {
            error = "the backend is not in Local mode (mode " + std::to_string(int(status.mode)) +
                    "): " + status.error.toStdString();
            return false;
        }
        std::printf("# backend: Local mode, API port %u, first snapshot of %d processes\n",
                    unsigned(status.apiPort), m_probe.lastProcesses);
        m_showAll = findShowAllAction(m_window);
        if (!m_showAll) {
            error = "the window has no checkable action \"Show All Processes\"";
            return false;
        }
        if (!measureLevel("idle", "idle", error))
            return false;

        std::printf("# starting %d sleepers\n", m_options.sleepers);
        const auto start = BenchClock::now();
        if (!m_sleepers.growTo(m_options.sleepers, error))
            return false;
        m_probe.sleeperGroup = m_sleepers.group();
        std::printf(
            "# started sleepers: %d in process group %d (%.0f ms, the event loop blocked meanwhile)\n",
            m_sleepers.size(), int(m_sleepers.group()), msBetween(start, BenchClock::now()));
        const int before = m_probe.snapshots;
        if (!waitUntil(
                [&] { return m_probe.snapshots > before && m_probe.lastSleepersSeen == m_sleepers.size(); },
                kSnapshotWaitMs)) {
            error = "no snapshot with all " + std::to_string(m_sleepers.size()) + " sleepers (last saw " +
                    std::to_string(m_probe.lastSleepersSeen) + ")";
            return false;
        }
        const std::string n = std::to_string(m_options.sleepers);
        return measureLevel(n, "+" + n + " sleepers", error);
    }

    const std::vector<Result> &results() const { return m_results; }

private:
    bool waitForSnapshots(int n, std::string &error)
    {
        const int target = m_probe.snapshots + n;
        if (waitUntil([&] { return m_probe.snapshots >= target; }, kSnapshotWaitMs))
            return true;
        error = "no snapshot within " + std::to_string(kSnapshotWaitMs / 1000) + " s";
        return false;
    }

    // Show all off, then on; back to off at the end.
    bool measureLevel(const std::string &name, const std::string &label, std::string &error)
    {
        if (m_showAll->isChecked())
            m_showAll->setChecked(false);
        Result off;
        off.name = name + "_agents";
        off.label = label + ", agents only";
        if (!waitForSnapshots(kSettleSnapshots, error) || !measure(off, error))
            return false;

        Result all;
        all.name = name + "_all";
        all.label = label + ", show all";
        const auto start = BenchClock::now();
        m_showAll->setChecked(true); // the model shows the other processes at once, then asks for a sample
        all.switchMs = msBetween(start, BenchClock::now());
        if (!m_window.processModel()->showAll()) {
            error = "the action did not turn show all on in the process model";
            return false;
        }
        if (!waitForSnapshots(1, error))
            return false;
        all.firstSnapshotMs = m_probe.lastHandleMs;
        if (!waitForSnapshots(kSettleSnapshots - 1, error) || !measure(all, error))
            return false;
        m_showAll->setChecked(false);
        return true;
    }

    bool measure(Result &result, std::string &error)
    {
        std::printf("# measuring %s for %d s (loadavg %s)\n", result.label.c_str(), m_options.seconds,
                    loadavg().c_str());
        m_probe.record(true);
        const double stealBefore = stealMs();
        m_floor.record(true);
        m_ticker.record(true);
        runEventLoopFor(m_options.seconds * 1000);
        m_ticker.record(false);
        m_floor.record(false);
        result.floorStallMs = m_floor.stallMs();
        result.stealMs = stealMs() - stealBefore;
        m_probe.record(false);

        std::vector<double> gaps, cpu;
        size_t longest = 0;
        for (const Ticker::Gap &gap : m_ticker.gaps()) {
            if (gap.wallMs > (gaps.empty() ? -1.0 : gaps[longest]))
                longest = gaps.size();
            gaps.push_back(gap.wallMs);
            cpu.push_back(gap.cpuMs);
        }
        result.ticks = (long long)gaps.size();
        result.stallMs = gaps.empty() ? 0.0 : std::max(0.0, gaps[longest] - kTickMs);
        result.stallCpuMs = gaps.empty() ? 0.0 : cpu[longest];
        result.stallPreempted = gaps.empty() ? 0 : m_ticker.gaps()[longest].preempted;
        result.maxGapCpuMs = maximum(cpu);
        result.gapP99Ms = percentile(gaps, 99);
        result.gapMedianMs = median(gaps);
        result.snapshots = int(m_probe.handleMs.size());
        result.handleMedianMs = median(m_probe.handleMs);
        result.handleMaxMs = maximum(m_probe.handleMs);
        result.sampleMedianMs = median(m_probe.sampleMs);
        result.processes = median(m_probe.processes);
        result.rows = m_window.processView()->model()->rowCount();

        const std::string &n = result.name;
        figure("stall_ms_" + n, result.stallMs, "ms");
        figure("stall_gui_thread_cpu_ms_" + n, result.stallCpuMs, "ms");
        count("stall_preempted_" + n, result.stallPreempted);
        figure("max_gui_thread_cpu_in_one_gap_ms_" + n, result.maxGapCpuMs, "ms");
        figure("gap_p99_ms_" + n, result.gapP99Ms, "ms");
        figure("floor_stall_ms_" + n, result.floorStallMs, "ms");
        figure("steal_ms_" + n, result.stealMs, "ms");
        figure("gap_median_ms_" + n, result.gapMedianMs, "ms");
        count("ticks_" + n, result.ticks);
        figure("window_per_snapshot_median_ms_" + n, result.handleMedianMs, "ms");
        figure("window_per_snapshot_max_ms_" + n, result.handleMaxMs, "ms");
        figure("worker_sample_median_ms_" + n, result.sampleMedianMs, "ms");
        count("snapshots_" + n, result.snapshots);
        count("processes_" + n, (long long)result.processes);
        count("rows_shown_" + n, result.rows);
        if (result.switchMs >= 0) {
            figure("show_all_switch_ms_" + n, result.switchMs, "ms");
            figure("show_all_first_snapshot_ms_" + n, result.firstSnapshotMs, "ms");
        }
        std::fflush(stdout);
        m_results.push_back(result);
        if (result.snapshots == 0) {
            error = "no snapshot while measuring " + result.label;
            return false;
        }
        return true;
    }

    const Options &m_options;
    MonitorBackend &m_backend;
    MainWindow &m_window;
    Probe &m_probe;
    agentmon::bench::Sleepers &m_sleepers;
    QAction *m_showAll = nullptr;
    Ticker m_ticker;
    FloorThread m_floor;
    std::vector<Result> m_results;
};

// The condition where field is largest.
const Result &worstBy(const std::vector<Result> &results, double Result::*field)
{
    return *std::max_element(results.begin(), results.end(),
                             [field](const Result &a, const Result &b) { return a.*field < b.*field; });
}

void printTable(const std::vector<Result> &results, bool complete)
{
    std::printf(
        "\n| condition | processes | rows shown | stall (ms) | its GUI CPU (ms) / preempted | most GUI CPU "
        "in a gap (ms) | floor stall (ms) | steal (ms) | gap p99 / median (ms) | window per snapshot "
        "median / max (ms) | worker sample median (ms) | snapshots | stall < %.0f ms |\n",
        kGoalStallMs);
    std::printf("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (const Result &r : results) {
        std::printf("| %s | %.0f | %d | %.2f | %.2f / %ld | %.2f | %.2f | %.0f | %.2f / %.2f | %.2f / %.2f | "
                    "%.2f | %d | %s |\n",
                    r.label.c_str(), r.processes, r.rows, r.stallMs, r.stallCpuMs, r.stallPreempted,
                    r.maxGapCpuMs, r.floorStallMs, r.stealMs, r.gapP99Ms, r.gapMedianMs, r.handleMedianMs,
                    r.handleMaxMs, r.sampleMedianMs, r.snapshots,
                    r.stallMs < kGoalStallMs ? "met" : "MISSED");
    }
    std::printf("\n");
    for (const Result &r : results) {
        if (r.switchMs >= 0)
            std::printf(
                "- %s: switching it on takes %.2f ms in the action's handler; the first snapshot after it "
                "%.2f ms in the window\n",
                r.label.c_str(), r.switchMs, r.firstSnapshotMs);
    }
    if (results.empty()) {
        std::printf("\n# goal stall < %.0f ms: NOT MEASURED\n", kGoalStallMs);
        std::fflush(stdout);
        return;
    }
    const Result &stall = worstBy(results, &Result::stallMs);
    const Result &work = worstBy(results, &Result::maxGapCpuMs);
    const Result &floor = worstBy(results, &Result::floorStallMs);
    std::printf("\n# goal stall < %.0f ms: %s (worst %.2f ms, %s)%s\n", kGoalStallMs,
                stall.stallMs < kGoalStallMs ? "met" : "MISSED", stall.stallMs, stall.label.c_str(),
                complete ? "" : "; run INCOMPLETE, see the errors above");
    std::printf(
        "# without the machine's share: the GUI thread's longest stretch of work %.2f ms (%s), %s; the "
        "floor thread's worst stall %.2f ms (%s)\n",
        work.maxGapCpuMs, work.label.c_str(), work.maxGapCpuMs < kGoalStallMs ? "met" : "MISSED",
        floor.floorStallMs, floor.label.c_str());
    std::fflush(stdout);
}

// The platform: as QT_QPA_PLATFORM says, else offscreen without DISPLAY and xcb with it.
std::string choosePlatform()
{
    const char *set = std::getenv("QT_QPA_PLATFORM");
    if (set && *set)
        return std::string(set) + " (QT_QPA_PLATFORM)";
    const char *display = std::getenv("DISPLAY");
    if (display && *display) {
        setenv("QT_QPA_PLATFORM", "xcb", 1);
        return std::string("xcb, the X server of DISPLAY=") + display;
    }
    setenv("QT_QPA_PLATFORM", "offscreen", 1);
    return "offscreen (DISPLAY is unset)";
}

int run(int argc, char **argv, const Options &options, agentmon::bench::Sleepers &sleepers)
{
    // AGENTMON_HOME before anything reads it, agentmon.conf before the instance does.
    QTemporaryDir home(QDir::tempPath() + QStringLiteral("/bench_gui-XXXXXX"));
    if (!home.isValid()) {
        std::printf("# ERROR: no temporary directory: %s\n", home.errorString().toStdString().c_str());
        return 1;
    }
    setenv("AGENTMON_HOME", QFile::encodeName(home.path()).constData(), 1);
    const agentmon::Paths paths(home.path());
    QDir().mkpath(paths.configDir());
    QFile config(paths.configFile());
    if (!config.open(QIODevice::WriteOnly) || config.write(kConfig) != qint64(std::strlen(kConfig))) {
        std::printf("# ERROR: cannot write %s\n", config.fileName().toStdString().c_str());
        return 1;
    }
    config.close();
    const std::string platform = choosePlatform();

    QApplication app(argc, argv);
    std::printf("# platform: %s; Qt reports \"%s\"\n", platform.c_str(),
                QGuiApplication::platformName().toStdString().c_str());
    std::printf("# AGENTMON_HOME %s, agentmon.conf: reaper off, orphans off, leaks notify\n",
                home.path().toStdString().c_str());

    MonitorBackend backend(paths, quint16(0));
    Probe probe;
    // Before the window's own slot (it connects in its constructor) and after it: the window's time between.
    QObject::connect(&backend, &MonitorBackend::snapshotReady, &app,
                     [&probe](const Snapshot &, const MonitorStatus &) { probe.before = BenchClock::now(); });
    int status = 1;
    {
        MainWindow window(&backend);
        QObject::connect(&backend, &MonitorBackend::snapshotReady, &app,
                         [&probe](const Snapshot &snapshot, const MonitorStatus &) {
                             probe.handled(snapshot, BenchClock::now());
                         });
        window.show();
        window.resize(1200, 800);
        std::printf("# window %dx%d, device pixel ratio %.2f\n", window.width(), window.height(),
                    window.devicePixelRatioF());
        backend.start();

        Bench bench(options, backend, window, probe, sleepers);
        std::string error;
        bool complete = false;
        try {
            complete = bench.run(error);
        } catch (const std::exception &e) {
            error = e.what();
        }
        if (!complete)
            std::printf("# ERROR: %s\n", error.c_str());
        printTable(bench.results(), complete);
        status = complete ? 0 : 1; // missed goals are reported, not an error

        bool stopped = false;
        backend.stop([&stopped] { stopped = true; });
        if (!waitUntil([&stopped] { return stopped; }, kStopWaitMs)) {
            std::printf("# ERROR: the backend did not stop within %d s\n", kStopWaitMs / 1000);
            status = 1;
        }
    }
    sleepers.stop();
    return status;
}

} // namespace

int main(int argc, char **argv)
{
    Options options;
    bool help = false;
    const bool parsed = parseOptions(argc, argv, options, help);
    if (!parsed || help) {
        std::fprintf(parsed ? stdout : stderr,
                     "usage: %s [--seconds S per condition (2-600), 20] [--sleepers N, 5000]\n", argv[0]);
        return parsed ? 0 : 1;
    }
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    agentmon::bench::endSleepersOnFatalSignals();
    utsname machine{};
    uname(&machine);
    std::printf("# machine: nproc %ld, kernel %s %s %s\n", sysconf(_SC_NPROCESSORS_ONLN), machine.sysname,
                machine.release, machine.machine);
    std::printf("# %d s per condition; goal: the longest stall of the GUI thread < %.0f ms\n",
                options.seconds, kGoalStallMs);

    agentmon::bench::Sleepers sleepers;
    int status = 1;
    try {
        status = run(argc, argv, options, sleepers);
    } catch (const std::exception &e) {
        std::printf("# ERROR: %s\n", e.what());
    } catch (...) {
        std::printf("# ERROR: unknown exception\n");
    }
    sleepers.stop();
    return status;
}
