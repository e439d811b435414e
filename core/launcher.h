#pragma once

#include "processinfo.h"

#include <QByteArray>
#include <QObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>

namespace agentmon {

struct LaunchOptions {
    enum class Isolation {
        NewSession,      // setsid(): own session and process group, no controlling terminal (headless agents)
        NewProcessGroup, // setpgid(): own process group in our session, keeps the terminal (agentmonctl
                         // spawn)
    };

    QStringList argv; // program and arguments
    QString workingDirectory;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    // Variables removed from the environment (the ones that make an agent think it runs inside another
    // session). A trailing '*' matches a prefix.
    QStringList scrubEnvironment = {QStringLiteral("CLAUDECODE"), QStringLiteral("CLAUDE_CODE_*"),
                                    QStringLiteral("MCP_SESSION_ID")};
    Isolation isolation = Isolation::NewSession;
    bool passThroughStdio = false;   // stdin, stdout and stderr are ours (nothing captured)
    bool foregroundTerminal = false; // with NewProcessGroup and a terminal on stdin: give it the terminal
    int stderrTailBytes = 8192;      // kept for people when stdio is not passed through
    quint64 childFileLimit = 0;      // RLIMIT_NOFILE soft limit to give the child back (0: leave as is)
};

// Arguments as the seed launcher passes them: an empty argument is dropped, and so is an option ("--x")
// right before it that would otherwise take the next argument as its value.
QStringList dropEmptyArguments(const QStringList &arguments);
// environment without the variables patterns name (exact names, or prefixes ending in '*').
QProcessEnvironment scrubEnvironment(QProcessEnvironment environment, const QStringList &patterns);

// Makes this process a child subreaper: orphans of what it starts are reparented to it instead of PID 1, so
// they stay visible and can be reaped. False where the system has no such thing.
bool makeChildSubreaper();

// One agent started through QProcess: in its own session or process group, with a parent-death signal (it
// dies with agentmon), an empty signal mask and default signal dispositions whatever agentmon's own are.
class AgentProcess : public QObject {
    Q_OBJECT
public:
    explicit AgentProcess(LaunchOptions options, QObject *parent = nullptr);
    ~AgentProcess() override;

    // Starts it and waits (bounded) until it runs. False with errorString() when it could not start.
    bool start(int timeoutMs = 10'000);
    QString errorString() const { return m_error; }
    ProcessKey key() const { return m_key; }
    QByteArray stderrTail() const { return m_stderrTail; }
    QProcess &process() { return m_process; }
    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }
    // Hands the terminal back to our own process group (after foregroundTerminal).
    void reclaimTerminal();

Q_SIGNALS:
    // exitCode is the process's own; signal is the signal that ended it, 0 when it exited normally.
    void finished(int exitCode, int signal);

private:
    LaunchOptions m_options;
    QProcess m_process;
    ProcessKey m_key;
    QByteArray m_stderrTail;
    QString m_error;
    bool m_tookTerminal = false;
};

} // namespace agentmon
