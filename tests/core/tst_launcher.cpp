// Launching agents through QProcess: isolation, signal state, environment and arguments, on real processes.
#include "helperprocess.h"
#include "launcher.h"
#include "processhandle.h"

#include <QFile>
#include <QSignalSpy>
#include <QTest>

#include <csignal>
#include <sys/syscall.h>
#include <unistd.h>

using namespace agentmon;
using namespace agentmon::test;

namespace {
QByteArray statusField(int pid, const QByteArray &name)
{
    QFile file(QStringLiteral("/proc/%1/status").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (line.startsWith(name + ':'))
            return line.mid(name.size() + 1).trimmed();
    }
    return {};
}

} // namespace

class tst_Launcher : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void emptyArguments_data();
    void emptyArguments();
    void scrubbing();
    void newSessionWithCleanSignalState();
    void processGroupKeepsSession();
    void stderrTailIsBounded();
    void exitCodeAndSignal();
    void missingProgram();
};

void tst_Launcher::emptyArguments_data()
{
    QTest::addColumn<QStringList>("in");
    QTest::addColumn<QStringList>("out");
    QTest::newRow("option with empty value is dropped")
        << QStringList{"--model", "", "-p", "x"} << QStringList{"-p", "x"};
    QTest::newRow("lone empty argument") << QStringList{"a", "", "b"} << QStringList{"a", "b"};
    QTest::newRow("trailing empty after option")
        << QStringList{"--verbose", "--resume", ""} << QStringList{"--verbose"};
    QTest::newRow("single dash option keeps") << QStringList{"-p", ""} << QStringList{"-p"};
    QTest::newRow("nothing empty") << QStringList{"--output-format", "stream-json"}
                                   << QStringList{"--output-format", "stream-json"};
}

void tst_Launcher::emptyArguments()
{
    QFETCH(QStringList, in);
    QFETCH(QStringList, out);
    QCOMPARE(dropEmptyArguments(in), out);
}

void tst_Launcher::scrubbing()
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("PATH"), QStringLiteral("/usr/bin"));
    env.insert(QStringLiteral("CLAUDECODE"), QStringLiteral("1"));
    env.insert(QStringLiteral("CLAUDE_CODE_SESSION_ID"), QStringLiteral("abc"));
    env.insert(QStringLiteral("CLAUDE_CODE_ENTRYPOINT"), QStringLiteral("cli"));
    env.insert(QStringLiteral("MCP_SESSION_ID"), QStringLiteral("m"));
    env.insert(QStringLiteral("CLAUDE_PROJECT_DIR"), QStringLiteral("/p"));
    env.insert(QStringLiteral("ANTHROPIC_API_KEY"), QStringLiteral("k"));
    const QProcessEnvironment out = scrubEnvironment(env, LaunchOptions().scrubEnvironment);
    QCOMPARE(out.keys(), (QStringList{"ANTHROPIC_API_KEY", "CLAUDE_PROJECT_DIR", "PATH"}));
}

void tst_Launcher::newSessionWithCleanSignalState()
{
    // Whatever agentmon itself blocks or ignores, the agent starts with defaults.
    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigset_t before;
    QCOMPARE(sigprocmask(SIG_BLOCK, &block, &before), 0);
    auto previousInt = ::signal(SIGINT, SIG_IGN);
    // Also one of the real-time signals glibc keeps for itself (32): sigaction() refuses it, the kernel does
    // not.
    struct {
        void (*handler)(int);
        unsigned long flags;
        void (*restorer)();
        unsigned long mask;
    } ignore{SIG_IGN, 0, nullptr, 0}, previous32{};
    QCOMPARE(::syscall(SYS_rt_sigaction, 32, &ignore, &previous32, sizeof(unsigned long)), 0L);
    auto restore = qScopeGuard([&] {
        sigprocmask(SIG_SETMASK, &before, nullptr);
        ::signal(SIGINT, previousInt);
        ::syscall(SYS_rt_sigaction, 32, &previous32, nullptr, sizeof(unsigned long));
    });

    LaunchOptions options;
    options.argv = {QStringLiteral("/bin/sleep"), QStringLiteral("30")};
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("CLAUDECODE"), QStringLiteral("1"));
    options.environment = env;
    AgentProcess agent(options);
    QVERIFY2(agent.start(), qPrintable(agent.errorString()));
    auto kill = qScopeGuard([&] {
        if (auto h = ProcessHandle::open(agent.key()))
            h->signal(SIGKILL);
        agent.process().waitForFinished(5000);
    });
    const int pid = agent.key().pid;
    QVERIFY(agent.key().starttime > 0);
    // QProcess reports "started" only once exec succeeded: from here on the status is sleep's own.
    QCOMPARE(::getsid(pid), pid);  // a session of its own
    QCOMPARE(::getpgid(pid), pid); // and a process group
    QCOMPARE(statusField(pid, "SigBlk"), QByteArray("0000000000000000"));
    QCOMPARE(statusField(pid, "SigIgn"), QByteArray("0000000000000000"));
    QFile environ(QStringLiteral("/proc/%1/environ").arg(pid));
    QVERIFY(environ.open(QIODevice::ReadOnly));
    QVERIFY(!environ.readAll().contains("CLAUDECODE="));
}

void tst_Launcher::processGroupKeepsSession()
{
    LaunchOptions options;
    options.argv = {QStringLiteral("/bin/sleep"), QStringLiteral("30")};
    options.isolation = LaunchOptions::Isolation::NewProcessGroup;
    AgentProcess agent(options);
    QVERIFY(agent.start());
    auto kill = qScopeGuard([&] {
        if (auto h = ProcessHandle::open(agent.key()))
            h->signal(SIGKILL);
        agent.process().waitForFinished(5000);
    });
    QCOMPARE(::getpgid(agent.key().pid), agent.key().pid);
    QCOMPARE(::getsid(agent.key().pid), ::getsid(0));
}

void tst_Launcher::stderrTailIsBounded()
{
    LaunchOptions options;
    options.argv = {
        QStringLiteral("/bin/sh"), QStringLiteral("-c"),
        QStringLiteral("i=0; while [ $i -lt 400 ]; do echo \"line $i of noise noise noise noise\" >&2; "
                       "i=$((i+1)); done; echo LAST >&2; exit 3")};
    options.stderrTailBytes = 1024;
    AgentProcess agent(options);
    QSignalSpy finished(&agent, &AgentProcess::finished);
    QVERIFY(agent.start());
    QVERIFY(finished.wait(10'000));
    QCOMPARE(finished.at(0).at(0).toInt(), 3);
    QCOMPARE(finished.at(0).at(1).toInt(), 0);
    QVERIFY(agent.stderrTail().size() <= 1024);
    QVERIFY(agent.stderrTail().size() > 900);
    QVERIFY(agent.stderrTail().endsWith("LAST\n"));
}

void tst_Launcher::exitCodeAndSignal()
{
    LaunchOptions options;
    options.argv = {QStringLiteral("/bin/sleep"), QStringLiteral("30")};
    AgentProcess agent(options);
    QSignalSpy finished(&agent, &AgentProcess::finished);
    QVERIFY(agent.start());
    auto handle = ProcessHandle::open(agent.key());
    QVERIFY(handle);
    QVERIFY(handle->signal(SIGTERM));
    QVERIFY(finished.wait(5000));
    QCOMPARE(finished.at(0).at(1).toInt(), SIGTERM);
}

void tst_Launcher::missingProgram()
{
    LaunchOptions options;
    options.argv = {QStringLiteral("/nonexistent/agent")};
    AgentProcess agent(options);
    QVERIFY(!agent.start());
    QVERIFY(agent.errorString().contains(QLatin1String("/nonexistent/agent")));
}

QTEST_GUILESS_MAIN(tst_Launcher)
#include "tst_launcher.moc"
