#pragma once

#include "processinfo.h"

#include <QHash>
#include <QObject>

#include <memory>

namespace agentmon {

class ProcessHandle;

// Tells when processes exit, by event: each watched process has a handle (pidfd) in a QSocketNotifier that
// fires when the kernel has finished it. Works for any process of the user, not only our children; no
// polling.
class ProcessWatcher : public QObject {
    Q_OBJECT
public:
    explicit ProcessWatcher(QObject *parent = nullptr);
    ~ProcessWatcher() override;

    // Starts watching key. False when the process is already gone or is not the one key names; nothing is
    // emitted for it then. Watching a key twice is harmless.
    bool watch(const ProcessKey &key);
    void unwatch(const ProcessKey &key);
    bool isWatching(const ProcessKey &key) const;
    int count() const;

Q_SIGNALS:
    // Emitted once per watched process, from the event loop, after it exited. The watch ends with it.
    void exited(const agentmon::ProcessKey &key);

private:
    struct Watch;
    QHash<ProcessKey, std::shared_ptr<Watch>> m_watches;
};

} // namespace agentmon
