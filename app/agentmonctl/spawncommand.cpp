#include "spawncommand.h"

#include "cascade.h"
#include "clock.h"
#include "connection.h"
#include "ctltext.h"
#include "exitcodes.h"
#include "launcher.h"
#include "paths.h"
#include "processhandle.h"
#include "processsource.h"
#include "registry.h"
#include "settings.h"
#include "signalnotifier.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QEventLoop>
#include <QHash>
#include <QJsonObject>
#include <QTextStream>

#include <csignal>
#include <functional>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace agentmon {

namespace {

// What CMD left behind: every descendant of this process (CMD's orphans come back to us, a child subreaper)
// and every process still in CMD's process group.
QList<ProcessKey> leftovers(int agentPgid)
{
    SystemClock clock;
    const auto source = createProcessSource(clock);
    std::vector<ProcessInfo> all;
    source->scan(all);
    QHash<int, QList<const ProcessInfo *>> children;
    for (const ProcessInfo &p : all)
        children[p.ppid].append(&p);
    QList<ProcessKey> found;
    QSet<int> seen;
    QList<int> queue{int(::getpid())};
    while (!queue.isEmpty()) {
        const int pid = queue.takeFirst();
        for (const ProcessInfo *child : children.value(pid)) {
            if (seen.contains(child->key.pid))
                continue;
            seen.insert(child->key.pid);
            if (!child->isZombie())
                found.append(child->key);
            queue.append(child->key.pid);
        }
    }
    for (const ProcessInfo &p : all) {
        if (agentPgid > 1 && p.pgid == agentPgid && !seen.contains(p.key.pid) && !p.isZombie())
            found.append(p.key);
    }
    return found;
}

void reapChildren()
{
    while (::waitpid(-1, nullptr, WNOHANG) > 0) {
    }
}

} // namespace

int runSpawn(const QStringList &arguments)
{
    QTextStream err(stderr);
    QTextStream out(stdout);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        Ctl::tr("Run CMD as a supervised agent: wait for a pool slot of the running "
                "instance, pass stdio, signals and "
                "the exit code through, and end whatever CMD leaves behind."));
    parser.addHelpOption();
    const QCommandLineOption sessionOption(QStringLiteral("session"), Ctl::tr("Session id of the agent."),
                                           QStringLiteral("ID"));
    const QCommandLineOption waitOption(
        QStringLiteral("wait"),
        Ctl::tr("Wait at most S seconds for a pool slot (default: pool/waitTimeoutSeconds)."),
        QStringLiteral("S"));
    parser.addOptions({sessionOption, waitOption});
    parser.addPositionalArgument(QStringLiteral("CMD"), Ctl::tr("The command to run, after --."));
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);
    if (!parser.parse(arguments)) {
        err << "agentmonctl spawn: " << parser.errorText() << '\n';
        return exitcode::Usage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out << parser.helpText().replace(QLatin1String("[options]"), QLatin1String("spawn [options] --"));
        return exitcode::Success;
    }
    const QStringList command = parser.positionalArguments();
    if (command.isEmpty()) {
        err << "agentmonctl spawn: "
            << Ctl::tr("no command given (agentmonctl spawn [--session ID] [--wait S] -- CMD [ARGS...])")
            << '\n';
        return exitcode::Usage;
    }
    double waitSeconds = -1;
    if (parser.isSet(waitOption)) {
        bool ok = false;
        waitSeconds = parser.value(waitOption).toDouble(&ok);
        if (!ok || waitSeconds < 0) {
            err << "agentmonctl spawn: " << Ctl::tr("--wait takes a number of seconds") << '\n';
            return exitcode::Usage;
        }
    }
    const QString session = parser.value(sessionOption);

    const Paths paths;
    const Settings settings(paths.configFile());
    makeChildSubreaper();

    // Signals sent to the wrapper go to CMD. They are caught from the start: one that arrives before CMD runs
    // is kept and delivered to it (or, for the ending ones, stops the wrapper before CMD is started).
    SignalNotifier forwarder({SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH});
    std::optional<ProcessHandle> handle;
    QList<int> pending;
    QObject::connect(&forwarder, &SignalNotifier::received, [&handle, &pending](int sig) {
        if (handle)
            handle->signal(sig);
        else
            pending.append(sig);
    });

    // A slot of the running instance's pool, held for this process: it is freed when we exit, whatever way.
    QString why;
    std::unique_ptr<InstanceClient> client = connectToInstance(paths, &why);
    quint64 lease = 0;
    if (client) {
        QJsonObject body{{QStringLiteral("pid"), qint64(::getpid())},
                         {QStringLiteral("label"), command.join(QLatin1Char(' ')).left(200)}};
        if (waitSeconds >= 0)
            body.insert(QLatin1String("wait_s"), waitSeconds);
        const qint64 waitMs =
            waitSeconds >= 0 ? qint64(waitSeconds * 1000) : settings.poolLimits().waitTimeoutMs;
        // The wait may be long: it runs on a thread of its own so that Ctrl-C or SIGTERM end it at once. The
        // instance then drops the request by itself, since the holder (this process) is gone.
        InstanceClient::Reply reply;
        QEventLoop waiting;
        int interruptedBy = 0;
        std::thread worker([&] {
            const InstanceClient::Reply answer =
                client->request("POST", QStringLiteral("/api/slots"), body, int(waitMs + 10'000));
            QMetaObject::invokeMethod(
                &waiting,
                [&reply, &waiting, answer] {
                    reply = answer;
                    waiting.quit();
                },
                Qt::QueuedConnection);
        });
        const auto stopWaiting =
            QObject::connect(&forwarder, &SignalNotifier::received, &waiting, [&](int sig) {
                if (sig == SIGTERM || sig == SIGINT || sig == SIGHUP || sig == SIGQUIT) {
                    interruptedBy = sig;
                    waiting.quit();
                }
            });
        waiting.exec();
        QObject::disconnect(stopWaiting);
        if (interruptedBy) {
            err << "agentmonctl spawn: " << Ctl::tr("interrupted while waiting for a pool slot") << '\n';
            err.flush();
            worker.detach();
            ::_exit(128 + interruptedBy); // the worker still blocks on its socket: no orderly return
        }
        worker.join();
        if (reply.status == 429) {
            err << "agentmonctl spawn: " << reply.error << '\n';
            return exitcode::NoSlot;
        }
        if (!reply.ok()) {
            err << "agentmonctl spawn: " << Ctl::tr("the instance refused a pool slot: %1").arg(reply.error)
                << '\n';
            return exitcode::Failure;
        }
        lease = quint64(reply.json.object().value(QLatin1String("lease")).toInteger());
    } else {
        err << "agentmonctl spawn: " << Ctl::tr("warning: %1; no pool limit applies").arg(why) << '\n';
    }
    err.flush();

    LaunchOptions options;
    options.argv = command;
    options.isolation = LaunchOptions::Isolation::NewProcessGroup;
    options.passThroughStdio = true;
    options.foregroundTerminal = true;
    options.scrubEnvironment = settings.scrubbedEnvironment();
    options.childFileLimit = raiseOpenFileLimit();
    // Signals that came while waiting for the slot (the wait blocks) are read now.
    QCoreApplication::processEvents();
    for (const int sig : std::as_const(pending)) {
        if (sig == SIGTERM || sig == SIGINT || sig == SIGHUP || sig == SIGQUIT) {
            if (client && lease)
                client->request("DELETE", QStringLiteral("/api/slots/%1").arg(lease));
            return 128 + sig;
        }
    }
    AgentProcess agent(options);
    if (!agent.start()) {
        err << "agentmonctl spawn: " << agent.errorString() << '\n';
        return 127;
    }
    handle = ProcessHandle::open(agent.key());
    for (const int sig : std::as_const(pending)) {
        if (handle)
            handle->signal(sig);
    }
    pending.clear();

    // Register CMD: with the instance when there is one, in the registry file otherwise. The file is locked
    // only while it is written, so that spawns without an instance do not shut each other out.
    QString entryId;
    QString bootId;
    auto withRegistry = [&](const std::function<void(Registry &)> &change) {
        Registry registry(paths.registryFile(), bootId);
        if (!registry.open()) {
            err << "agentmonctl spawn: " << Ctl::tr("warning: %1").arg(registry.errorString()) << '\n';
            return;
        }
        change(registry);
        registry.flush();
    };
    if (client) {
        QJsonObject body{{QStringLiteral("pid"), agent.key().pid},
                         {QStringLiteral("starttime"), qint64(agent.key().starttime)}};
        if (!session.isEmpty())
            body.insert(QLatin1String("session"), session);
        const auto reply = client->request("POST", QStringLiteral("/api/register"), body);
        // A CMD that has already exited has nothing to register: no warning for a command that was quick.
        if (!reply.ok() && !(handle && handle->hasExited()))
            err << "agentmonctl spawn: "
                << Ctl::tr("warning: could not register pid %1: %2").arg(agent.key().pid).arg(reply.error)
                << '\n';
    } else {
        SystemClock clock;
        bootId = createProcessSource(clock)->readSystem().bootId;
        withRegistry([&](Registry &registry) {
            RegistryEntry entry;
            entry.key = agent.key();
            entry.pgid = agent.key().pid;
            entry.session = session.isEmpty()
                                ? QStringLiteral("pid-%1-%2").arg(agent.key().pid).arg(agent.key().starttime)
                                : session;
            entry.kind = EntryKind::Spawned;
            entry.command = command;
            entry.startedAtWallMs = QDateTime::currentMSecsSinceEpoch();
            entryId = registry.add(entry);
        });
    }

    int exitCode = 0;
    QEventLoop loop;
    QObject::connect(&agent, &AgentProcess::finished, &loop, [&](int code, int signal) {
        exitCode = signal ? 128 + signal : code;
        loop.quit();
    });
    if (agent.isRunning())
        loop.exec();
    err.flush();

    // Whatever CMD left behind ends within the grace period.
    const QList<ProcessKey> left = leftovers(agent.key().pid);
    if (!left.isEmpty()) {
        Cascade cascade(left, settings.cascadeTimes());
        QEventLoop wait;
        QObject::connect(&cascade, &Cascade::finished, &wait, &QEventLoop::quit);
        cascade.start();
        if (!cascade.isFinished())
            wait.exec();
        const CascadeReport &report = cascade.report();
        err << "agentmonctl spawn: "
            << Ctl::tr("ended %n process(es) left behind by %1", nullptr, int(report.killed.size()))
                   .arg(command.first());
        if (!report.survivors.isEmpty())
            err << "; "
                << Ctl::tr("%n survived (state %1)", nullptr, int(report.survivors.size()))
                       .arg(report.survivors.first().state);
        err << '\n';
    }
    reapChildren();

    if (client && lease)
        client->request("DELETE", QStringLiteral("/api/slots/%1").arg(lease));
    if (!entryId.isEmpty())
        withRegistry([&](Registry &registry) { registry.remove(entryId); });
    return exitCode;
}

} // namespace agentmon
