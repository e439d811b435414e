// bench_model: what one snapshot costs the GUI thread in the process table at 5,000 processes.
//
// A ProcessModel showing every process (or agent processes only, --agents-only), a ProcessFilterProxy sorted
// by CPU descending and a QTableView shown on the offscreen platform (unless QT_QPA_PLATFORM says otherwise),
// with one row selected. Synthetic snapshots every 2 s of snapshot time: all ages grow, ~10 % of the
// processes change RSS and CPU, ~1 % end and as many new ones start (ended ones stay as tombstones for 10 s).
// Per tick it measures ProcessModel::update() (the proxy re-sorts and re-filters synchronously inside it) and
// then QCoreApplication::processEvents() (the view's relayout and repaint), and counts the signals of the
// model and of the proxy. One `name value unit` line per figure, comment lines start with '#', then the same
// as a Markdown table.

#include "benchstats.h"
#include "modelroles.h"
#include "processfilterproxy.h"
#include "processmodel.h"
#include "snapshot.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QTableView>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <random>
#include <string>
#include <vector>

namespace {

using agentmon::bench::figure;
using agentmon::bench::maximum;
using agentmon::bench::median;

using agentmon::ProcessClass;
using agentmon::ProcessFilterProxy;
using agentmon::ProcessModel;
using agentmon::ProcessRecord;
using agentmon::Snapshot;

constexpr qint64 kTickMs = 2000;
constexpr double kGoalMedianMs = 16.0; // one frame at 60 Hz
constexpr double kGoalMaxMs = 50.0;    // no visible stutter

struct Options {
    int processes = 5000;
    int ticks = 50;
    double changed = 0.10;
    double churn = 0.01;
    bool agentsOnly = false; // the default view: agent processes only (a fifth of them)
};

bool parseOptions(const QStringList &args, Options &options)
{
    for (qsizetype i = 1; i < args.size(); ++i) {
        const QString &arg = args.at(i);
        const bool hasValue = i + 1 < args.size();
        if (arg == QLatin1String("--processes") && hasValue)
            options.processes = std::max(10, args.at(++i).toInt());
        else if (arg == QLatin1String("--ticks") && hasValue)
            options.ticks = std::max(1, args.at(++i).toInt());
        else if (arg == QLatin1String("--changed") && hasValue)
            options.changed = std::clamp(args.at(++i).toDouble(), 0.0, 1.0);
        else if (arg == QLatin1String("--churn") && hasValue)
            options.churn = std::clamp(args.at(++i).toDouble(), 0.0, 0.5);
        else if (arg == QLatin1String("--agents-only"))
            options.agentsOnly = true;
        else
            return false;
    }
    return true;
}

// Synthetic processes: a fifth are agent processes in 50 sessions, the rest the machine's others.
class Machine {
public:
    explicit Machine(int count) : m_rng(42)
    {
        m_snapshot.takenAtMs = 10 * 86'400'000LL;
        m_snapshot.takenAtWallMs = 1'700'000'000'000LL;
        for (int i = 0; i < count; ++i)
            m_snapshot.processes.push_back(make());
    }

    const Snapshot &snapshot() const { return m_snapshot; }
    // A process that never ends: the selected one, so that the selection can be checked at the end.
    void keep(int pid) { m_kept = pid; }

    void tick(double changed, double churn)
    {
        m_snapshot.takenAtMs += kTickMs;
        m_snapshot.takenAtWallMs += kTickMs;
        auto &processes = m_snapshot.processes;
        for (ProcessRecord &r : processes)
            r.ageMs += kTickMs;
        const size_t n = processes.size();
        std::uniform_int_distribution<size_t> pick(0, n - 1);
        for (size_t i = 0, k = size_t(double(n) * changed); i < k; ++i) {
            ProcessRecord &r = processes[pick(m_rng)];
            r.info.rssKb = std::max<quint64>(64, quint64(double(r.info.rssKb) * m_drift(m_rng)));
            r.info.cpuPct = cpu();
        }
        const size_t churned = size_t(double(n) * churn);
        for (size_t i = 0; i < churned; ++i) {
            const size_t victim = pick(m_rng) % processes.size();
            if (processes[victim].info.key.pid != m_kept)
                processes.erase(processes.begin() + std::ptrdiff_t(victim));
        }
        for (size_t i = 0; i < churned; ++i)
            processes.push_back(make(0)); // the highest pids, last as in a scan of /proc
    }

private:
    double cpu()
    {
        const double roll = m_unit(m_rng);
        return roll < 0.7 ? 0.0 : roll < 0.95 ? m_unit(m_rng) * 5.0 : m_unit(m_rng) * 150.0;
    }

    ProcessRecord make(qint64 ageMs = -1)
    {
        static const char *const comms[] = {"node", "claude", "bash", "python3", "sleep", "chroma-mcp", "rg"};
        ProcessRecord r;
        const int pid = m_nextPid++;
        r.info.key = {pid, quint64(pid) * 13};
        r.info.ppid = 1 + int(m_unit(m_rng) * 500);
        r.info.state = m_unit(m_rng) < 0.97 ? 'S' : 'R';
        r.info.comm = QString::fromLatin1(comms[pid % 7]);
        r.info.argv = {r.info.comm, QStringLiteral("--worker"),
                       QStringLiteral("/home/u/project-%1").arg(pid % 97)};
        r.info.rssKb = quint64(std::exp(m_unit(m_rng) * 14.0 + 7.0)); // ~1 MB .. ~1.3 GB, skewed small
        r.info.cpuPct = cpu();
        r.ageMs = ageMs >= 0 ? ageMs : qint64(m_unit(m_rng) * 5 * 3600'000.0);
        if (m_unit(m_rng) < 0.2) {
            static const ProcessClass classes[] = {ProcessClass::Agent, ProcessClass::Mcp, ProcessClass::Tool,
                                                   ProcessClass::Child};
            r.cls = classes[pid % 4];
            r.session = QStringLiteral("pid-%1-%2").arg(100 + pid % 50).arg(77'000 + pid % 50);
            r.reason = QStringLiteral("child of session pid-%1").arg(100 + pid % 50);
            r.info.memory = agentmon::MemoryDetail{r.info.rssKb * 3 / 4, 0, 0};
        }
        return r;
    }

    Snapshot m_snapshot;
    std::mt19937 m_rng;
    std::uniform_real_distribution<double> m_unit{0.0, 1.0};
    std::lognormal_distribution<double> m_drift{0.0, 0.1};
    int m_nextPid = 1000;
    int m_kept = 0;
};

struct Counts {
    long long dataChanged = 0, inserted = 0, removed = 0, layout = 0, reset = 0;
};

void watch(QAbstractItemModel *model, Counts &c)
{
    QObject::connect(model, &QAbstractItemModel::dataChanged, model, [&c] { ++c.dataChanged; });
    QObject::connect(model, &QAbstractItemModel::rowsInserted, model, [&c] { ++c.inserted; });
    QObject::connect(model, &QAbstractItemModel::rowsRemoved, model, [&c] { ++c.removed; });
    QObject::connect(model, &QAbstractItemModel::layoutChanged, model, [&c] { ++c.layout; });
    QObject::connect(model, &QAbstractItemModel::modelAboutToBeReset, model, [&c] { ++c.reset; });
}

// CPU time of the GUI thread: on a busy machine wall time also counts the waits for a core.
double threadCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    QApplication app(argc, argv); // takes Qt's own options (-platform ...) out of the arguments
    Options options;
    if (!parseOptions(QCoreApplication::arguments(), options)) {
        std::fprintf(stderr,
                     "usage: %s [--processes N] [--ticks N] [--changed FRACTION] [--churn FRACTION] "
                     "[--agents-only]\n",
                     argv[0]);
        return 1;
    }

    ProcessModel model;
    model.setShowAll(!options.agentsOnly);
    ProcessFilterProxy proxy;
    proxy.setSourceModel(&model);
    QTableView view;
    view.setModel(&proxy);
    view.setSortingEnabled(true);
    view.sortByColumn(ProcessModel::Cpu, Qt::DescendingOrder);
    view.setSelectionBehavior(QAbstractItemView::SelectRows);
    view.verticalHeader()->hide();
    view.resize(view.fontMetrics().averageCharWidth() * 160, view.fontMetrics().height() * 50);
    view.show();

    Counts modelCounts, proxyCounts;
    watch(&model, modelCounts);
    watch(&proxy, proxyCounts);

    std::printf(
        "# platform %s, Qt %s, %d processes, %d ticks of %lld ms, %.0f %% changed and %.1f %% churned "
        "per tick\n",
        qPrintable(QGuiApplication::platformName()), qVersion(), options.processes, options.ticks,
        static_cast<long long>(kTickMs), options.changed * 100, options.churn * 100);
    std::printf("# model: %s; proxy sorted by CPU descending; QTableView shown, one row selected\n",
                options.agentsOnly ? "agent processes only (a fifth)" : "every process (showAll)");

    Machine machine(options.processes);
    QElapsedTimer timer;
    timer.start();
    model.update(machine.snapshot());
    const double firstUpdateMs = double(timer.nsecsElapsed()) / 1e6;
    const int firstRows = model.rowCount();
    timer.restart();
    QCoreApplication::processEvents();
    const double firstEventsMs = double(timer.nsecsElapsed()) / 1e6;
    const QModelIndex selected = proxy.index(proxy.rowCount() / 2, 0);
    view.selectionModel()->setCurrentIndex(selected,
                                           QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    const auto selectedKey = qvariant_cast<agentmon::ProcessKey>(selected.data(agentmon::roles::Key));
    machine.keep(selectedKey.pid);
    QCoreApplication::processEvents();

    // Warm-up: fill the tombstones to their steady number (10 s of churn).
    for (int i = 0; i < 5; ++i) {
        machine.tick(options.changed, options.churn);
        model.update(machine.snapshot());
        QCoreApplication::processEvents();
    }

    std::vector<double> updateMs, eventsMs, totalMs, cpuMs, modelData, modelInserted, modelRemoved,
        proxyLayout, proxyData;
    for (int tick = 0; tick < options.ticks; ++tick) {
        machine.tick(options.changed, options.churn);
        const Counts m0 = modelCounts, p0 = proxyCounts;
        const double cpuBefore = threadCpuMs();
        timer.restart();
        model.update(machine.snapshot());
        const qint64 afterUpdate = timer.nsecsElapsed();
        QCoreApplication::processEvents();
        const qint64 afterEvents = timer.nsecsElapsed();
        cpuMs.push_back(threadCpuMs() - cpuBefore);
        updateMs.push_back(double(afterUpdate) / 1e6);
        eventsMs.push_back(double(afterEvents - afterUpdate) / 1e6);
        totalMs.push_back(double(afterEvents) / 1e6);
        modelData.push_back(double(modelCounts.dataChanged - m0.dataChanged));
        modelInserted.push_back(double(modelCounts.inserted - m0.inserted));
        modelRemoved.push_back(double(modelCounts.removed - m0.removed));
        proxyLayout.push_back(double(proxyCounts.layout - p0.layout));
        proxyData.push_back(double(proxyCounts.dataChanged - p0.dataChanged));
    }

    // The selection must still be on its process, wherever the re-sorting moved it.
    const QModelIndexList rows = view.selectionModel()->selectedRows();
    const bool selectionKept = rows.size() == 1 && qvariant_cast<agentmon::ProcessKey>(
                                                       rows.at(0).data(agentmon::roles::Key)) == selectedKey;

    timer.restart();
    proxy.setFilterText(QStringLiteral("node worker"));
    QCoreApplication::processEvents();
    const double filterOnMs = double(timer.nsecsElapsed()) / 1e6;
    const int filtered = proxy.rowCount();
    timer.restart();
    proxy.setFilterText(QString());
    QCoreApplication::processEvents();
    const double filterOffMs = double(timer.nsecsElapsed()) / 1e6;

    std::printf("# rows at the end: %d (tombstones included); selection %s\n", model.rowCount(),
                selectionKept ? "kept on its process" : "LOST");
    figure("first_update", firstUpdateMs, "ms");
    figure("first_events", firstEventsMs, "ms");
    figure("update_median", median(updateMs), "ms");
    figure("update_max", maximum(updateMs), "ms");
    figure("events_median", median(eventsMs), "ms");
    figure("events_max", maximum(eventsMs), "ms");
    figure("tick_median", median(totalMs), "ms");
    figure("tick_max", maximum(totalMs), "ms");
    figure("tick_cpu_median", median(cpuMs), "ms");
    figure("tick_cpu_max", maximum(cpuMs), "ms");
    figure("model_datachanged_per_tick_median", median(modelData), "count");
    figure("model_datachanged_per_tick_max", maximum(modelData), "count");
    figure("model_rowsinserted_per_tick_median", median(modelInserted), "count");
    figure("model_rowsremoved_per_tick_median", median(modelRemoved), "count");
    figure("model_rowsremoved_per_tick_max", maximum(modelRemoved), "count");
    figure("model_resets_total", double(modelCounts.reset), "count");
    figure("proxy_layoutchanged_per_tick_median", median(proxyLayout), "count");
    figure("proxy_datachanged_per_tick_median", median(proxyData), "count");
    figure("filter_on", filterOnMs, "ms");
    figure("filter_off", filterOffMs, "ms");

    const double tickMedian = median(totalMs), tickMax = maximum(totalMs);
    std::printf("\n| figure | median | max |\n|---|---:|---:|\n");
    std::printf("| update() incl. proxy (ms) | %.2f | %.2f |\n", median(updateMs), maximum(updateMs));
    std::printf("| processEvents() for the view (ms) | %.2f | %.2f |\n", median(eventsMs), maximum(eventsMs));
    std::printf("| tick total (ms) | %.2f | %.2f |\n", tickMedian, tickMax);
    std::printf("| tick, GUI thread CPU time (ms) | %.2f | %.2f |\n", median(cpuMs), maximum(cpuMs));
    std::printf("| model dataChanged / tick | %.0f | %.0f |\n", median(modelData), maximum(modelData));
    std::printf("| model rowsInserted / tick | %.0f | %.0f |\n", median(modelInserted),
                maximum(modelInserted));
    std::printf("| model rowsRemoved / tick | %.0f | %.0f |\n", median(modelRemoved), maximum(modelRemoved));
    std::printf("| model resets (all ticks) | %lld | |\n", modelCounts.reset);
    std::printf("| proxy layoutChanged / tick | %.0f | %.0f |\n", median(proxyLayout), maximum(proxyLayout));
    std::printf("| proxy dataChanged / tick | %.0f | %.0f |\n", median(proxyData), maximum(proxyData));
    std::printf("| first update(): %d rows inserted (ms) | %.2f | |\n", firstRows, firstUpdateMs);
    std::printf("| filter \"node worker\" on / off (ms, %d rows pass) | %.2f / %.2f | |\n", filtered,
                filterOnMs, filterOffMs);
    std::printf(
        "\n# goal: tick median <= %.0f ms: %s (%.2f ms); tick max <= %.0f ms: %s (%.2f ms); no reset: %s\n",
        kGoalMedianMs, tickMedian <= kGoalMedianMs ? "met" : "MISSED", tickMedian, kGoalMaxMs,
        tickMax <= kGoalMaxMs ? "met" : "MISSED", tickMax, modelCounts.reset == 0 ? "met" : "MISSED");
    // Missed goals are reported, not an error; a lost selection or a reset is a defect.
    return !selectionKept || modelCounts.reset != 0 ? 1 : 0;
}
