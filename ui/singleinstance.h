#pragma once

#include <QLockFile>
#include <QObject>

class QLocalServer;

namespace agentmon {

// One agentmon window per user (design.md "Binaries"): the first launch holds a lock in the runtime
// directory and listens on a local socket beside it; a later launch finds the lock taken, tells the first
// one to show itself and exits 0.
class SingleInstance : public QObject {
    Q_OBJECT
public:
    explicit SingleInstance(const QString &runtimeDir, QObject *parent = nullptr);
    ~SingleInstance() override;

    // True when this process is the first: it then listens for later launches.
    bool claim();
    // From a later launch: asks the first to raise its window. Blocks up to timeoutMs (before any window
    // exists, so nothing is frozen). False when no first instance answered.
    bool notifyFirst(int timeoutMs = 3000);
    QString socketPath() const { return m_socketPath; }

Q_SIGNALS:
    // A later launch asked for the window.
    void raiseRequested();

private:
    QString m_socketPath;
    QLockFile m_lock;
    QLocalServer *m_server = nullptr;
};

} // namespace agentmon
