#pragma once

#include "processinfo.h"

#include <QProcess>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace agentmon::test {

// Path of a helper program built from tests/helpers/.
QString helperPath(const QString &name);
// A copy of that helper that another user can run too (the build tree may sit in a private directory, such as
// a mktemp -d clone): for tests that start a helper as uid 65534. Empty when it cannot be made.
QString publicHelperPath(const QString &name);

// Reads the starttime of pid from /proc; nullopt when it is gone.
std::optional<quint64> startTimeOf(int pid);
std::optional<ProcessKey> keyOf(int pid);

// Sends sig to the process key names, through a pidfd whose identity is checked after opening it. Returns
// false (and sends nothing) when the pid no longer belongs to that process.
bool signalVerified(const ProcessKey &key, int sig);
// Waits (bounded) until the process of key is gone or a zombie. Uses a pidfd, not a sleep loop.
bool waitGone(const ProcessKey &key, int timeoutMs);

// A helper process started by a test in a process group of its own, with PR_SET_PDEATHSIG so that it dies
// with the test. argv[0] can be any name ("claude"): it is set with bash's exec -a. The destructor kills the
// group with SIGKILL and reaps it, so nothing outlives the test whatever path it takes.
class HelperProcess {
public:
    HelperProcess(const QString &program, const QStringList &arguments, const QString &argv0 = {},
                  const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment());
    ~HelperProcess();
    HelperProcess(const HelperProcess &) = delete;
    HelperProcess &operator=(const HelperProcess &) = delete;

    // Starts it and waits (bounded) for the line starting with readyPrefix ("ready" by default).
    bool start(const QByteArray &readyPrefix = "ready", int timeoutMs = 10'000);
    // Waits (bounded) for a line starting with prefix and returns the rest of it, trimmed.
    std::optional<QByteArray> waitForLine(const QByteArray &prefix, int timeoutMs = 10'000);

    int pid() const;
    ProcessKey key() const { return m_key; }
    QProcess &process() { return m_process; }
    // Ends the group now (SIGKILL) and reaps it.
    void stop();

private:
    QProcess m_process;
    ProcessKey m_key;
    QByteArray m_pending;
    QList<QByteArray> m_lines;
};

} // namespace agentmon::test
