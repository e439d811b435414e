// agentmon: the desktop app (design.md "Binaries"): the window over the core, which it runs in-process
// unless an instance already runs.
#include "agentmonapp.h"
#include "i18n.h"
#include "paths.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QTextStream>

#include <cstdio>
#include <memory>

using namespace agentmon;

int main(int argc, char *argv[])
{
    // Options first, without a display: `agentmon --help` and `--version` work in any terminal. A plain
    // QCoreApplication lives while they are parsed, only so that translators can be installed (Qt needs an
    // application object for that); the QApplication below replaces it.
    auto preliminary = std::make_unique<QCoreApplication>(argc, argv);
    agentmon::installTranslations(*preliminary);
    const QStringList arguments = QCoreApplication::arguments();
    QCoreApplication::setApplicationName(QStringLiteral("agentmon"));
    QCoreApplication::setApplicationVersion(QStringLiteral(AGENTMON_VERSION));
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "agentmon", "Watch the processes of AI coding agents, reap what they leak, cap how many run."));
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    const QCommandLineOption minimizedOption(
        QStringLiteral("minimized"), QCoreApplication::translate("agentmon", "Start in the tray only."));
    const QCommandLineOption portOption(
        QStringLiteral("port"),
        QCoreApplication::translate("agentmon",
                                    "Serve the HTTP API on port N (default: the api/port setting)."),
        QStringLiteral("N"));
    parser.addOption(minimizedOption);
    parser.addOption(portOption);
    QTextStream err(stderr);
    if (!parser.parse(arguments)) {
        err << "agentmon: " << parser.errorText() << '\n';
        return 2;
    }
    if (parser.isSet(helpOption)) {
        QTextStream(stdout) << parser.helpText().replace(QLatin1String("<executable_name>"),
                                                         QLatin1String("agentmon"));
        return 0;
    }
    if (parser.isSet(versionOption)) {
        QTextStream(stdout) << "agentmon " << AGENTMON_VERSION << '\n';
        return 0;
    }
    if (!parser.positionalArguments().isEmpty()) {
        err << "agentmon: "
            << QCoreApplication::translate("agentmon", "unexpected argument '%1'")
                   .arg(parser.positionalArguments().first())
            << '\n';
        return 2;
    }
    std::optional<quint16> port;
    if (parser.isSet(portOption)) {
        bool ok = false;
        const int value = parser.value(portOption).toInt(&ok);
        if (!ok || value < 0 || value > 65535) {
            err << "agentmon: "
                << QCoreApplication::translate("agentmon", "--port takes a number from 0 to 65535") << '\n';
            return 2;
        }
        port = quint16(value);
    }

    preliminary.reset();
    QApplication app(argc, argv);
    agentmon::installTranslations(app);
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/agentmon.svg")));
    QGuiApplication::setDesktopFileName(QStringLiteral("agentmon"));

    AppOptions options;
    options.minimized = parser.isSet(minimizedOption);
    options.port = port;
    AgentmonApp agentmon(Paths(), options);
    if (!agentmon.claim()) {
        // Another agentmon window runs for this user: show it instead.
        if (agentmon.raiseOther())
            return 0;
        err << "agentmon: "
            << QCoreApplication::translate("agentmon",
                                           "another agentmon holds the window lock but does not answer")
            << '\n';
        return 1;
    }
    // The tray keeps agentmon running without a window; only Quit (or no tray at all) ends it.
    app.setQuitOnLastWindowClosed(false);
    QObject::connect(&agentmon, &AgentmonApp::finished, &app, &QCoreApplication::quit);
    agentmon.start();
    return app.exec();
}
