// agentmonctl: the headless face of agentmon's core, for terminals, hooks, cron and servers.
#include "daemoncommand.h"
#include "exitcodes.h"
#include "hookscommand.h"
#include "i18n.h"
#include "instancecommands.h"
#include "processsource.h"
#include "reapcommand.h"
#include "snapshotcommand.h"
#include "spawncommand.h"

#include <QCoreApplication>
#include <QTextStream>

namespace {

QString usage()
{
    return QCoreApplication::translate(
        "agentmonctl",
        "Usage: agentmonctl <command> [options]\n"
        "\n"
        "Watch and clean up the processes of AI coding agents.\n"
        "\n"
        "Commands:\n"
        "  snapshot [--all] [--json]   agent processes with session, class, status and memory\n"
        "  reap --once [--dry-run] [--json] [--min-age S] [--grace MS]\n"
        "                              one reaper pass over orphaned, idle and stale agents\n"
        "  reap --session ID [--dry-run] [--json] [--grace MS]\n"
        "                              end one session's whole process tree\n"
        "  spawn [--session ID] [--wait S] -- CMD [ARGS...]\n"
        "                              run CMD as a supervised agent in a pool slot\n"
        "  register --pid PID [--session ID]\n"
        "                              tell the running instance about a process (for hooks)\n"
        "  session-end ID              tell the running instance that a session ended (for hooks)\n"
        "  hooks install|uninstall|status [--settings PATH] [--dry-run]\n"
        "                              add, remove or show agentmon's hooks in Claude Code's settings\n"
        "  hook session-start|session-end\n"
        "                              what those hooks run (the hook's JSON on stdin; always exits 0)\n"
        "  daemon [--port N]           run the instance without a display (sampler, pool, HTTP API)\n"
        "  doctor [--json]             check the installation and the running instance\n"
        "\n"
        "Options:\n"
        "  -h, --help                  show this help (agentmonctl <command> --help for a command's)\n"
        "  -v, --version               show the version\n"
        "\n"
        "Exit codes: 0 success, 1 failure, 2 usage error, 3 no running instance answers, 75 no pool slot\n"
        "within the wait; spawn returns CMD's own exit code (128+N when CMD died of signal N).\n");
}

} // namespace

int main(int argc, char *argv[])
{
    // A hook runs on every session start: it needs no more open files, and Qt must not talk on its behalf.
    const bool hook = argc > 1 && qstrcmp(argv[1], "hook") == 0;
    if (hook)
        agentmon::quietUnlessHookDebug();
    else
        agentmon::raiseOpenFileLimit();
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("agentmonctl"));
    QCoreApplication::setApplicationVersion(QStringLiteral(AGENTMON_VERSION));
    // Messages and help follow the system locale; JSON output and the hook's stdout stay English (a
    // contract).
    if (!hook)
        agentmon::installTranslations(app);

    const QStringList arguments = QCoreApplication::arguments();
    QTextStream out(stdout);
    QTextStream err(stderr);
    const QString command = arguments.value(1);
    if (command.isEmpty()) {
        err << usage();
        return agentmon::exitcode::Usage;
    }
    if (command == QLatin1String("-h") || command == QLatin1String("--help") ||
        command == QLatin1String("help")) {
        out << usage();
        return agentmon::exitcode::Success;
    }
    if (command == QLatin1String("-v") || command == QLatin1String("--version")) {
        out << "agentmonctl " << QCoreApplication::applicationVersion() << '\n';
        return agentmon::exitcode::Success;
    }
    if (command == QLatin1String("snapshot"))
        return agentmon::runSnapshot(arguments.mid(1));
    if (command == QLatin1String("reap"))
        return agentmon::runReap(arguments.mid(1));
    if (command == QLatin1String("spawn"))
        return agentmon::runSpawn(arguments.mid(1));
    if (command == QLatin1String("register"))
        return agentmon::runRegister(arguments.mid(1));
    if (command == QLatin1String("session-end"))
        return agentmon::runSessionEnd(arguments.mid(1));
    if (command == QLatin1String("hook"))
        return agentmon::runHook(arguments.mid(1));
    if (command == QLatin1String("hooks"))
        return agentmon::runHooks(arguments.mid(1));
    if (command == QLatin1String("daemon"))
        return agentmon::runDaemon(arguments.mid(1));
    if (command == QLatin1String("doctor"))
        return agentmon::runDoctor(arguments.mid(1));

    err << "agentmonctl: " << QCoreApplication::translate("agentmonctl", "unknown command '%1'").arg(command)
        << "\n\n"
        << usage();
    return agentmon::exitcode::Usage;
}
