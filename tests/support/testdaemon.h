#pragma once

// A real `agentmonctl daemon --port 0` in a test's own AGENTMON_HOME, for tests that need a running instance
// in another process.
#include "instanceclient.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>

#include <csignal>
#include <sys/prctl.h>

namespace agentmon::test {

inline QProcessEnvironment homeEnvironment(const QString &home,
                                           const QList<QPair<QString, QString>> &extra = {})
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("AGENTMON_HOME"), home);
    for (const auto &[key, value] : extra)
        env.insert(key, value);
    return env;
}

// A running `agentmonctl daemon --port 0`, ended with SIGTERM (then SIGKILL) whatever happens.
class Daemon {
public:
    explicit Daemon(const QString &home, const QList<QPair<QString, QString>> &extra = {}) : m_home(home)
    {
        m_process.setProcessEnvironment(homeEnvironment(home, extra));
        m_process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
    }
    ~Daemon() { stop(); }

    bool start()
    {
        // Tests signal only what they started: the periodic reaper pass (which looks at the whole machine) is
        // off.
        QFile conf(m_home + QStringLiteral("/agentmon.conf"));
        if (!conf.exists() && conf.open(QIODevice::WriteOnly))
            conf.write("[reaper]\nintervalMinutes=0\n[policy]\norphans=off\n");
        conf.close();
        m_process.start(QStringLiteral(AGENTMONCTL_PATH),
                        {QStringLiteral("daemon"), QStringLiteral("--port"), QStringLiteral("0")});
        if (!m_process.waitForStarted(10'000))
            return false;
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 20'000 && m_process.state() == QProcess::Running) {
            m_process.waitForReadyRead(200);
            m_err += m_process.readAllStandardError();
            const auto info = InstanceClient::readInstanceFile(m_home + QStringLiteral("/instance.json"));
            if (info && info->pid == int(m_process.processId()) && m_err.contains("listening on")) {
                m_info = *info;
                return true;
            }
        }
        return false;
    }
    bool terminate()
    {
        if (m_process.state() == QProcess::NotRunning)
            return true;
        ::kill(pid_t(m_process.processId()), SIGTERM);
        return m_process.waitForFinished(20'000);
    }
    void killHard()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        ::kill(pid_t(m_process.processId()), SIGKILL);
        m_process.waitForFinished(10'000);
    }
    void stop()
    {
        if (!terminate())
            killHard();
    }
    InstanceClient client() const
    {
        QFile token(m_home + QStringLiteral("/token"));
        token.open(QIODevice::ReadOnly);
        return InstanceClient(m_info.port, token.readAll().trimmed());
    }
    QProcess &process() { return m_process; }
    const InstanceInfo &info() const { return m_info; }
    QByteArray errors()
    {
        m_err += m_process.readAllStandardError();
        return m_err;
    }

private:
    QString m_home;
    QProcess m_process;
    InstanceInfo m_info;
    QByteArray m_err;
};

} // namespace agentmon::test
