#include "instancecommands.h"

#include "connection.h"
#include "coretext.h"
#include "ctltext.h"
#include "doctor.h"
#include "exitcodes.h"
#include "paths.h"
#include "processhandle.h"
#include "registry.h"
#include "ruleset.h"
#include "settings.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>
#include <QUrl>

namespace agentmon {

namespace {

// Parses arguments for command; returns an exit code to stop with, or -1 to go on.
int parse(QCommandLineParser &parser, const QStringList &arguments, const QString &command,
          const QString &usage)
{
    QTextStream err(stderr);
    QTextStream out(stdout);
    parser.addHelpOption();
    if (!parser.parse(arguments)) {
        err << "agentmonctl " << command << ": " << parser.errorText() << '\n';
        return exitcode::Usage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out << parser.helpText().replace(QLatin1String("[options]"), usage);
        return exitcode::Success;
    }
    return -1;
}

} // namespace

int runRegister(const QStringList &arguments)
{
    QTextStream err(stderr);
    QTextStream out(stdout);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        Ctl::tr("Tell the running instance about an agent process (for hooks)."));
    const QCommandLineOption pidOption(QStringLiteral("pid"), Ctl::tr("The process to track."),
                                       QStringLiteral("PID"));
    const QCommandLineOption sessionOption(QStringLiteral("session"), Ctl::tr("Its session id."),
                                           QStringLiteral("ID"));
    parser.addOptions({pidOption, sessionOption});
    if (const int stop =
            parse(parser, arguments, QStringLiteral("register"), QStringLiteral("register [options]"));
        stop >= 0)
        return stop;
    bool ok = false;
    const int pid = parser.value(pidOption).toInt(&ok);
    if (!parser.isSet(pidOption) || !ok || pid <= 0 || !parser.positionalArguments().isEmpty()) {
        err << "agentmonctl register: " << Ctl::tr("usage: agentmonctl register --pid PID [--session ID]")
            << '\n';
        return exitcode::Usage;
    }
    QString why;
    const auto client = connectToInstance(Paths(), &why);
    if (!client) {
        err << "agentmonctl register: " << why << '\n';
        return exitcode::NoInstance;
    }
    QJsonObject body{{QStringLiteral("pid"), pid}};
    if (parser.isSet(sessionOption))
        body.insert(QLatin1String("session"), parser.value(sessionOption));
    const auto reply = client->request("POST", QStringLiteral("/api/register"), body);
    if (!reply.ok()) {
        err << "agentmonctl register: " << reply.error << '\n';
        return exitcode::Failure;
    }
    const QJsonObject process = reply.json.object();
    out << Ctl::tr("registered pid %1 (%2) in session %3")
               .arg(pid)
               .arg(process.value(QLatin1String("comm")).toString(),
                    process.value(QLatin1String("session")).toString())
        << '\n';
    return exitcode::Success;
}

int runSessionEnd(const QStringList &arguments)
{
    QTextStream err(stderr);
    QTextStream out(stdout);
    QCommandLineParser parser;
    parser.setApplicationDescription(Ctl::tr("Tell the running instance that a session ended (for hooks)."));
    parser.addPositionalArgument(QStringLiteral("ID"), Ctl::tr("The session id."));
    if (const int stop =
            parse(parser, arguments, QStringLiteral("session-end"), QStringLiteral("session-end"));
        stop >= 0)
        return stop;
    if (parser.positionalArguments().size() != 1 || parser.positionalArguments().first().isEmpty()) {
        err << "agentmonctl session-end: " << Ctl::tr("usage: agentmonctl session-end ID") << '\n';
        return exitcode::Usage;
    }
    const QString id = parser.positionalArguments().first();
    QString why;
    const auto client = connectToInstance(Paths(), &why);
    if (!client) {
        err << "agentmonctl session-end: " << why << '\n';
        return exitcode::NoInstance;
    }
    const QString path =
        QStringLiteral("/api/sessions/%1/end").arg(QString::fromLatin1(QUrl::toPercentEncoding(id)));
    const auto reply = client->request("POST", path);
    if (!reply.ok()) {
        err << "agentmonctl session-end: " << reply.error << '\n';
        return exitcode::Failure;
    }
    out << Ctl::tr("session %1 ended").arg(id) << '\n';
    return exitcode::Success;
}

int runDoctor(const QStringList &arguments)
{
    QTextStream err(stderr);
    QTextStream out(stdout);
    QCommandLineParser parser;
    parser.setApplicationDescription(Ctl::tr("Check the installation and the running instance."));
    const QCommandLineOption jsonOption(QStringLiteral("json"), Ctl::tr("Print one JSON object."));
    parser.addOption(jsonOption);
    if (const int stop =
            parse(parser, arguments, QStringLiteral("doctor"), QStringLiteral("doctor [options]"));
        stop >= 0)
        return stop;
    if (!parser.positionalArguments().isEmpty()) {
        err << "agentmonctl doctor: "
            << Ctl::tr("unexpected argument '%1'").arg(parser.positionalArguments().first()) << '\n';
        return exitcode::Usage;
    }

    const Paths paths;
    QString why;
    const auto client = connectToInstance(paths, &why);
    InstanceFindings found;
    found.running = bool(client);
    found.why = why;
    if (client) {
        const auto reply = client->request("GET", QStringLiteral("/api/doctor"));
        if (reply.ok())
            found.report = reply.json.object();
        else
            found.error = reply.error;
    }
    const QJsonObject report = doctorReport(paths, found);
    const QJsonArray problems = report.value(QLatin1String("problems")).toArray();
    const QJsonObject rules = report.value(QLatin1String("rules")).toObject();

    if (parser.isSet(jsonOption)) {
        out << QJsonDocument(report).toJson(QJsonDocument::Indented);
    } else {
        // The labels are translated; the problems and fixes come from core's doctor in English, as in --json.
        out << (client ? Ctl::tr("instance: running") : Ctl::tr("instance: not running (%1)").arg(why))
            << '\n';
        out << Ctl::tr("rules: %1 built-in, %2 from %3")
                   .arg(rules.value(QLatin1String("builtin")).toInt())
                   .arg(rules.value(QLatin1String("user")).toInt())
                   .arg(paths.rulesFile())
            << '\n';
        if (problems.isEmpty()) {
            out << Ctl::tr("no problems found") << '\n';
        } else {
            for (const QJsonValue &p : std::as_const(problems)) {
                out << Ctl::tr("problem: %1")
                           .arg(translateCoreText(p.toObject().value(QLatin1String("problem")).toString()))
                    << '\n'
                    << "    "
                    << Ctl::tr("fix: %1").arg(
                           translateCoreText(p.toObject().value(QLatin1String("fix")).toString()))
                    << '\n';
            }
        }
    }
    return problems.isEmpty() ? exitcode::Success : exitcode::Failure;
}

} // namespace agentmon
