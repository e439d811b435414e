#pragma once

#include "processinfo.h"
#include "settings.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <functional>
#include <memory>
#include <vector>

namespace agentmon {

class ProcessHandle;

struct KillRecord {
    ProcessKey key;
    QString signal;    // "TERM" or "KILL": what it died of, as far as agentmon's signals go
    qint64 exitMs = 0; // from the first signal to its confirmed exit
};

struct SurvivorRecord {
    ProcessKey key;
    char state = '?'; // e.g. D (uninterruptible sleep): SIGKILL waits for the kernel
    QString wchan;
};

struct SkipRecord {
    int pid = 0;
    QString why;
};

struct CascadeReport {
    QList<KillRecord> killed;
    QList<SurvivorRecord> survivors;
    QList<int> alreadyGone;
    QList<SkipRecord> skipped;
    qint64 durationMs = 0;
};

// One kill cascade over a fixed set of processes: SIGCONT and SIGTERM to each through a handle opened and
// verified against its (pid, starttime), the grace period, SIGKILL to those still alive, then a short
// confirmation. Exits are seen by events (pidfd readable), never by polling. Processes agentmon must never
// signal (pid <= 1, agentmon itself and its ancestors) are skipped. Deletes nothing itself; emits finished
// once.
class Cascade : public QObject {
    Q_OBJECT
public:
    Cascade(QList<ProcessKey> targets, CascadeTimes times, QObject *parent = nullptr);
    ~Cascade() override;

    // Called when the known targets are gone, at the grace deadline and when giving up: returns processes
    // that belong with the targets but were not known when the cascade started (children forked meanwhile,
    // members of the targets' process groups). They are signalled too: SIGTERM before the deadline, SIGKILL
    // after it.
    void setExpander(std::function<QList<ProcessKey>()> expander) { m_expander = std::move(expander); }

    void start();
    bool isFinished() const { return m_finished; }
    const CascadeReport &report() const { return m_report; }

Q_SIGNALS:
    void finished(const agentmon::CascadeReport &report);

private:
    struct Target;
    void onExited(Target *target);
    void signalSome();
    void escalate();
    void giveUp();
    void finishIfDone();
    bool expand(bool kill);
    bool addTarget(const ProcessKey &key, bool kill);

    QList<ProcessKey> m_keys;
    CascadeTimes m_times;
    std::vector<std::unique_ptr<Target>> m_targets;
    QHash<ProcessKey, Target *> m_byKey;
    QSet<int> m_forbidden; // this process and its ancestors, read once
    uint m_ownUid = 0;
    qsizetype m_nextKey = 0; // next of m_keys to signal
    int m_alive = 0;         // targets not yet exited (or given up)
    QTimer m_graceTimer;
    QTimer m_confirmTimer;
    QElapsedTimer m_clock;
    CascadeReport m_report;
    std::function<QList<ProcessKey>()> m_expander;
    int m_expansions = 0;
    bool m_pastDeadline = false;
    bool m_started = false;
    bool m_finished = false;
};

// pid <= 1, this process and its ancestors: never to be signalled.
QString forbiddenReason(int pid);
// This process and its ancestors up to PID 1.
QSet<int> selfAndAncestors();

} // namespace agentmon

Q_DECLARE_METATYPE(agentmon::CascadeReport)
