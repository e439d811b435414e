#pragma once

#include <QList>
#include <QObject>

class QSocketNotifier;

namespace agentmon {

// Turns Unix signals into a Qt signal on the event loop (the self-pipe trick): the handler only writes the
// signal number to a pipe. One instance per process.
class SignalNotifier : public QObject {
    Q_OBJECT
public:
    explicit SignalNotifier(const QList<int> &signals, QObject *parent = nullptr);
    ~SignalNotifier() override;

Q_SIGNALS:
    void received(int signal);

private:
    QList<int> m_signals;
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace agentmon
