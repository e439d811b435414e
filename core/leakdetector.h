#pragma once

#include "processinfo.h"

#include <QList>
#include <QString>

#include <deque>
#include <optional>

namespace agentmon {

class Clock;
struct Snapshot;

// The memory a process holds as leak figures count it: PSS + swap where smaps_rollup was read (agent
// processes; leaked agents page out and would hide from RSS), RSS otherwise.
quint64 effectiveMemoryKb(const ProcessInfo &info);

// The name duplicates are grouped by: the program a command line runs (resolveProgram), with the package
// for scripts inside node_modules ("@modelcontextprotocol/server-postgres" rather than "index.js") and the
// directory for generic script names (".../mcp-postgres/dist/index.js" -> "mcp-postgres"); comm when argv is
// empty.
QString leftoverProgramName(const ProcessInfo &info);

// A session that ended (its root exited, or session-end was called) with processes still alive after the
// linger time.
struct Leak {
    QString session;
    QString agent; // program of the session's root ("claude", ...)
    ProcessKey root;
    qint64 endedAgoMs = 0;
    // The root was never seen (attributed by environment markers): endedAgoMs counts from when the leftovers
    // were first seen, and the text says "at least".
    bool endUnseen = false;
    int processes = 0;
    quint64 rssKb = 0;
    quint64 pssKb = 0;    // over the processes whose smaps_rollup was read
    quint64 swapKb = 0;   // likewise
    quint64 memoryKb = 0; // sum of effectiveMemoryKb(): the figure in text
    QList<ProcessKey> keys;
    QString text; // "session 7d3f0c1e ended 12 min ago: 7 processes, 1.2 GB left"
};

// Leftovers running the same program: "19 copies of mcp-postgres (2.1 GB)".
struct DuplicateGroup {
    QString program;
    int count = 0;
    quint64 memoryKb = 0; // sum of effectiveMemoryKb()
    QList<ProcessKey> keys;
    QString text;
};

// Growth of the agent processes over the window, as least-squares slopes.
struct Trend {
    int points = 0;      // samples in the window
    qint64 spanMs = 0;   // from the first to the last of them
    bool enough = false; // at least kMinPoints over at least kMinSpanMs: slopes below are meaningful
    double processesPerHour = 0;
    double agentMemoryMbPerHour = 0; // effectiveMemoryKb() summed over agent processes
    double agentRssMbPerHour = 0;
    double availableMbPerHour = 0; // MemAvailable
    quint64 availableKb = 0;       // MemAvailable of the last sample
    // Time until MemAvailable runs out at the current rate: only while agent memory grows (by at least
    // kMinGrowthMbPerHour), at the faster of that growth and the fall of MemAvailable.
    std::optional<qint64> exhaustionInMs;
    // "~20 agent processes/hour, agent memory +7.3 GB/hour; memory exhausted in ~3 h", "stable",
    // "not enough samples yet".
    QString text;
};

// Finds leaked sessions and duplicate leftovers in a snapshot, and keeps a short history of agent totals for
// the trend. Pure logic: it reads nothing but the snapshots it is given.
class LeakDetector {
public:
    static constexpr qint64 kDefaultWindowMs = 3'600'000;
    static constexpr int kMinPoints = 5;
    static constexpr qint64 kMinSpanMs = 5 * 60'000;
    static constexpr int kMaxPoints = 4000;
    // Below these a slope is noise (an agent's heap breathes by tens of MB), not growth.
    static constexpr double kMinGrowthProcessesPerHour = 0.5;
    static constexpr double kMinGrowthMbPerHour = 64.0;

    // The window is measured on clock: points older than windowMs before nowMs() are left out of the trend,
    // whether or not samples kept coming.
    explicit LeakDetector(const Clock &clock, qint64 windowMs = kDefaultWindowMs);

    // Records the snapshot's totals; snapshots not newer than the last one are ignored. At most kMaxPoints
    // points are kept: samples that come faster than that over the window take the place of the newest point.
    void add(const Snapshot &snapshot);
    void clear() { m_points.clear(); }
    int pointCount() const { return int(m_points.size()); }
    qint64 windowMs() const { return m_windowMs; }

    // Sessions leaked at the snapshot's time (SessionRecord::leaked), largest memory first.
    static QList<Leak> leaks(const Snapshot &snapshot, qint64 lingerMs);
    // Leftovers (processes of leaked sessions, and agent processes judged orphan, idle or stale: what the
    // reaper takes) grouped by leftoverProgramName(); groups of two or more, largest count first.
    static QList<DuplicateGroup> duplicates(const Snapshot &snapshot, qint64 lingerMs);

    Trend trend() const;

private:
    struct Point {
        qint64 atMs = 0;
        int agents = 0;
        quint64 agentMemoryKb = 0;
        quint64 agentRssKb = 0;
        quint64 availableKb = 0;
        bool memInfo = false; // meminfo was read
    };

    const Clock &m_clock;
    qint64 m_windowMs;
    std::deque<Point> m_points;
};

} // namespace agentmon
