#include "instancecommands.h"

#include "connection.h"
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

QString tr(const char *text)
{
    return QCoreApplication::translate("agentmonctl", text);
}

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
    parser.setApplicationDescription(tr("Tell the running instance about an agent process (for hooks)."));
    const QCommandLineOption pidOption(QStringLiteral("pid"), tr("The process to track."),
                                       QStringLiteral("PID"));
    const QCommandLineOption sessionOption(QStringLiteral("session"), tr("Its session id."),
                                           QStringLiteral("ID"));
    parser.addOptions({pidOption, sessionOption});
    if (const int stop =
            parse(parser, arguments, QStringLiteral("register"), QStringLiteral("register [options]"));
        stop >= 0)
        return stop;
    bool ok = false;
    const int pid = parser.value(pidOption).toInt(&ok);
    if (!parser.isSet(pidOption) || !ok || pid <= 0 || !parser.positionalArguments().isEmpty()) {
        err << "agentmonctl register: usage: agentmonctl register --pid PID [--session ID]\n";
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
    out << "registered pid " << pid << " (" << process.value(QLatin1String("comm")).toString()
        << ") in session " << process.value(QLatin1String("session")).toString() << '\n';
    return exitcode::Success;
}

int runSessionEnd(const QStringList &arguments)
{
    QTextStream err(stderr);
    QTextStream out(stdout);
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Tell the running instance that a session ended (for hooks)."));
    parser.addPositionalArgument(QStringLiteral("ID"), tr("The session id."));
    if (const int stop =
            parse(parser, arguments, QStringLiteral("session-end"), QStringLiteral("session-end ID"));
        stop >= 0)
        return stop;
    if (parser.positionalArguments().size() != 1 || parser.positionalArguments().first().isEmpty()) {
        err << "agentmonctl session-end: usage: agentmonctl session-end ID\n";
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
    out << "session " << id << " ended\n";
    return exitcode::Success;
}

int runDoctor(const QStringList &arguments)
{
    QTextStream err(stderr);
    QTextStream out(stdout);
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Check the installation and the running instance."));
    const QCommandLineOption jsonOption(QStringLiteral("json"), tr("Print one JSON object."));
    parser.addOption(jsonOption);
    if (const int stop =
            parse(parser, arguments, QStringLiteral("doctor"), QStringLiteral("doctor [options]"));
        stop >= 0)
        return stop;
    if (!parser.positionalArguments().isEmpty()) {
        err << "agentmonctl doctor: unexpected argument '" << parser.positionalArguments().first() << "'\n";
        return exitcode::Usage;
    }

    const Paths paths;
    QJsonArray problems;
    auto problem = [&problems](const QString &what, const QString &fix) {
        problems.append(QJsonObject{{QStringLiteral("problem"), what}, {QStringLiteral("fix"), fix}});
    };
    QJsonObject report;

    // Configuration and rules, read here whether or not an instance runs.
    const Settings settings(paths.configFile());
    for (const QString &p : settings.problems())
        problem(p, QStringLiteral("correct it in %1").arg(paths.configFile()));
    RuleSet rules;
    rules.loadUserFile(paths.rulesFile());
    for (const QString &e : rules.errors())
        problem(
            e,
            QStringLiteral("fix the entry in %1; the built-in rules stay in force").arg(paths.rulesFile()));
    report.insert(QLatin1String("config"),
                  QJsonObject{{QStringLiteral("file"), paths.configFile()},
                              {QStringLiteral("exists"), QFile::exists(paths.configFile())}});
    report.insert(QLatin1String("rules"),
                  QJsonObject{{QStringLiteral("file"), paths.rulesFile()},
                              {QStringLiteral("builtin"), int(rules.builtInRules().size())},
                              {QStringLiteral("user"), int(rules.userRules().size())},
                              {QStringLiteral("errors"), QJsonArray::fromStringList(rules.errors())}});

    // The API token must be private.
    QJsonObject token{{QStringLiteral("file"), paths.tokenFile()},
                      {QStringLiteral("exists"), QFile::exists(paths.tokenFile())}};
    if (QFile::exists(paths.tokenFile())) {
        const auto perms = QFileInfo(paths.tokenFile()).permissions();
        const bool private_ = !(perms & (QFileDevice::ReadGroup | QFileDevice::ReadOther |
                                         QFileDevice::WriteGroup | QFileDevice::WriteOther));
        token.insert(QLatin1String("private"), private_);
        if (!private_)
            problem(QStringLiteral("the API token %1 is readable by other users").arg(paths.tokenFile()),
                    QStringLiteral("chmod 600 %1").arg(paths.tokenFile()));
    }
    report.insert(QLatin1String("token"), token);

    // The instance, and its own findings.
    QString why;
    const auto client = connectToInstance(paths, &why);
    QJsonObject instance{{QStringLiteral("running"), bool(client)}};
    if (client) {
        const auto reply = client->request("GET", QStringLiteral("/api/doctor"));
        if (reply.ok()) {
            const QJsonObject found = reply.json.object();
            for (auto it = found.begin(); it != found.end(); ++it) {
                if (it.key() == QLatin1String("problems")) {
                    for (const QJsonValue &p : it.value().toArray())
                        problems.append(p);
                } else if (it.key() == QLatin1String("instance")) {
                    const QJsonObject theirs = it.value().toObject();
                    for (auto f = theirs.begin(); f != theirs.end(); ++f)
                        instance.insert(f.key(), f.value());
                } else {
                    report.insert(it.key(), it.value());
                }
            }
            instance.insert(QLatin1String("api"), QStringLiteral("ok"));
        } else {
            instance.insert(QLatin1String("api"), reply.error);
            problem(QStringLiteral("the instance does not answer /api/doctor: %1").arg(reply.error),
                    QStringLiteral("restart it (agentmonctl daemon, or the agentmon app)"));
        }
    } else {
        instance.insert(QLatin1String("why"), why);
        // Without an instance, look at the registry file directly (read-only: no lock is taken).
        QFile registry(paths.registryFile());
        QJsonObject reg{{QStringLiteral("file"), paths.registryFile()},
                        {QStringLiteral("exists"), registry.exists()}};
        if (registry.open(QIODevice::ReadOnly)) {
            QJsonParseError error;
            const QJsonDocument doc = QJsonDocument::fromJson(registry.readAll(), &error);
            if (error.error != QJsonParseError::NoError || !doc.isObject()) {
                problem(QStringLiteral("%1 is not valid JSON").arg(paths.registryFile()),
                        QStringLiteral("it is moved aside and rebuilt when agentmon next starts"));
            } else {
                const QJsonArray entries = doc.object().value(QLatin1String("entries")).toArray();
                QJsonArray dead;
                for (const QJsonValue &v : entries) {
                    const QJsonObject e = v.toObject();
                    const ProcessKey key{e.value(QLatin1String("pid")).toInt(),
                                         quint64(e.value(QLatin1String("starttime")).toInteger())};
                    const auto handle = ProcessHandle::open(key);
                    if (!handle || handle->hasExited())
                        dead.append(key.pid);
                }
                reg.insert(QLatin1String("entries"), entries.size());
                reg.insert(QLatin1String("dead_pids"), dead);
                if (!dead.isEmpty())
                    problem(QStringLiteral("%1 registry entries belong to processes that exited")
                                .arg(dead.size()),
                            QStringLiteral("start agentmon (or agentmonctl daemon): it prunes them"));
            }
        }
        report.insert(QLatin1String("registry"), reg);
    }
    report.insert(QLatin1String("instance"), instance);
    report.insert(QLatin1String("problems"), problems);

    if (parser.isSet(jsonOption)) {
        out << QJsonDocument(report).toJson(QJsonDocument::Indented);
    } else {
        out << (client ? "instance: running\n" : QStringLiteral("instance: not running (%1)\n").arg(why));
        out << "rules: " << rules.builtInRules().size() << " built-in, " << rules.userRules().size()
            << " from " << paths.rulesFile() << '\n';
        if (problems.isEmpty()) {
            out << "no problems found\n";
        } else {
            for (const QJsonValue &p : std::as_const(problems)) {
                out << "problem: " << p.toObject().value(QLatin1String("problem")).toString() << '\n'
                    << "    fix: " << p.toObject().value(QLatin1String("fix")).toString() << '\n';
            }
        }
    }
    return problems.isEmpty() ? exitcode::Success : exitcode::Failure;
}

} // namespace agentmon
