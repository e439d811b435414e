#pragma once

// One run of the real agentmonctl from a test: bounded, stdin closed, killed with the test if it dies.
#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>

#include <csignal>
#include <sys/prctl.h>

namespace agentmon::test {

struct CtlRun {
    int exitCode = -1; // -1: did not start, timed out or crashed
    QByteArray out;
    QByteArray err;
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
};

inline CtlRun runAgentmonctl(const QStringList &arguments, const QProcessEnvironment &env,
                             int timeoutMs = 60'000)
{
    QProcess process;
    process.setProcessEnvironment(env);
    process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
    process.start(QStringLiteral(AGENTMONCTL_PATH), arguments);
    CtlRun run;
    if (!process.waitForStarted(10'000))
        return run;
    process.closeWriteChannel();
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(5000);
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

} // namespace agentmon::test
