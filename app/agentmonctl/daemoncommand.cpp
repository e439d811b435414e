#include "daemoncommand.h"

#include "apiserver.h"
#include "apitoken.h"
#include "ctltext.h"
#include "exitcodes.h"
#include "instance.h"
#include "instanceclient.h"
#include "paths.h"
#include "processhandle.h"
#include "procparsers.h"
#include "signalnotifier.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QTextStream>

#include <csignal>
#include <unistd.h>

namespace agentmon {

namespace {
quint64 ownStartTime()
{
    QFile file(QStringLiteral("/proc/self/stat"));
    if (file.open(QIODevice::ReadOnly)) {
        if (const auto stat = procparse::parseStat(file.readAll()))
            return stat->starttime;
    }
    return 0;
}
} // namespace

int runDaemon(const QStringList &arguments)
{
    QTextStream err(stderr);
    QTextStream out(stdout);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        Ctl::tr("Run agentmon without a display: sampler, periodic health sweep, slot pool "
                "and the HTTP API on 127.0.0.1."));
    parser.addHelpOption();
    const QCommandLineOption portOption(
        QStringLiteral("port"), Ctl::tr("Listen on port N (default: api/port, 37790)."), QStringLiteral("N"));
    parser.addOption(portOption);
    if (!parser.parse(arguments)) {
        err << "agentmonctl daemon: " << parser.errorText() << '\n';
        return exitcode::Usage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out << parser.helpText().replace(QLatin1String("[options]"), QLatin1String("daemon [options]"));
        return exitcode::Success;
    }
    if (!parser.positionalArguments().isEmpty()) {
        err << "agentmonctl daemon: "
            << Ctl::tr("unexpected argument '%1'").arg(parser.positionalArguments().first()) << '\n';
        return exitcode::Usage;
    }
    int port = -1;
    if (parser.isSet(portOption)) {
        bool ok = false;
        port = parser.value(portOption).toInt(&ok);
        if (!ok || port < 0 || port > 65535) {
            err << "agentmonctl daemon: " << Ctl::tr("--port takes a number from 0 to 65535") << '\n';
            return exitcode::Usage;
        }
    }

    const Paths paths;
    Instance instance(paths, false);
    if (!instance.start()) {
        err << "agentmonctl daemon: " << instance.errorString() << '\n';
        return exitcode::Failure;
    }
    for (const QString &warning : instance.warnings())
        err << "agentmonctl daemon: " << Ctl::tr("warning: %1").arg(warning) << '\n';

    QString tokenError;
    const auto token = ApiToken::loadOrCreate(paths.tokenFile(), &tokenError);
    if (!token) {
        err << "agentmonctl daemon: " << tokenError << '\n';
        return exitcode::Failure;
    }
    ApiServer server(instance, *token);
    const quint16 wanted = port >= 0 ? quint16(port) : instance.settings().apiPort();
    const quint16 bound = server.listen(wanted);
    if (bound == 0) {
        err << "agentmonctl daemon: "
            << Ctl::tr("cannot listen on 127.0.0.1:%1: %2").arg(wanted).arg(server.errorString()) << '\n';
        return exitcode::Failure;
    }
    instance.setApiPort(bound);
    const InstanceInfo info{int(::getpid()), ownStartTime(), bound};
    if (!InstanceClient::writeInstanceFile(paths.instanceFile(), info))
        err << "agentmonctl daemon: " << Ctl::tr("warning: cannot write %1").arg(paths.instanceFile())
            << '\n';
    err << "agentmon daemon: " << Ctl::tr("pid %1, listening on 127.0.0.1:%2").arg(info.pid).arg(bound)
        << '\n';
    err.flush();

    SignalNotifier signals({SIGTERM, SIGINT, SIGHUP});
    QObject::connect(&signals, &SignalNotifier::received, &instance, [&instance, &server](int) {
        server.close();
        instance.shutdown(); // a second signal while it runs changes nothing
    });
    QObject::connect(&instance, &Instance::shutdownFinished, qApp, [&paths, info] {
        // Remove instance.json only if it is still ours (another daemon may have started since).
        const auto current = InstanceClient::readInstanceFile(paths.instanceFile());
        if (current && current->pid == info.pid && current->starttime == info.starttime)
            QFile::remove(paths.instanceFile());
        QCoreApplication::quit();
    });
    return QCoreApplication::exec() == 0 ? exitcode::Success : exitcode::Failure;
}

} // namespace agentmon
