#include "snapshotcommand.h"

#include "clock.h"
#include "connection.h"
#include "coretext.h"
#include "ctltext.h"
#include "exitcodes.h"
#include "humanformat.h"
#include "jsonformat.h"
#include "paths.h"
#include "processsource.h"
#include "ruleset.h"
#include "sampler.h"
#include "settings.h"
#include "table.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>
#include <QTimer>

#include <algorithm>
#include <limits>

namespace agentmon {

namespace {

// CPU % needs two looks at the same process; this is the gap between them.
constexpr int kCpuIntervalMs = 250;

struct View {
    QJsonArray processes; // every process
    QJsonArray sessions;
    bool fromInstance = false;
};

// The running instance knows more (lineage it saw over time, tracked processes): ask it when it answers.
std::optional<View> fromInstance(const Paths &paths)
{
    const auto client = connectToInstance(paths);
    if (!client)
        return std::nullopt;
    const auto processes = client->request("GET", QStringLiteral("/api/processes?all=1"), {}, 10'000);
    const auto sessions = client->request("GET", QStringLiteral("/api/sessions"), {}, 10'000);
    if (!processes.ok() || !sessions.ok() || !processes.json.isArray() || !sessions.json.isArray())
        return std::nullopt;
    return View{processes.json.array(), sessions.json.array(), true};
}

std::optional<View> inProcess(const Paths &paths, QTextStream &err)
{
    SystemClock clock;
    const auto source = createProcessSource(clock);
    if (!source->isValid()) {
        err << "agentmonctl snapshot: " << source->errorString() << '\n';
        return std::nullopt;
    }
    RuleSet rules;
    rules.loadUserFile(paths.rulesFile());
    for (const QString &problem : rules.errors())
        err << "agentmonctl: " << Ctl::tr("warning: %1").arg(problem) << '\n';
    const Settings settings(paths.configFile());
    for (const QString &problem : settings.problems())
        err << "agentmonctl: " << Ctl::tr("warning: %1").arg(problem) << '\n';
    err.flush();

    Sampler sampler(*source, rules, clock, settings.statusPolicy());
    sampler.sample();
    QEventLoop loop;
    QTimer::singleShot(kCpuIntervalMs, &loop, &QEventLoop::quit);
    loop.exec();
    const Snapshot snapshot = sampler.sample();
    return View{json::processes(snapshot, true), json::sessions(snapshot), false};
}

QJsonArray selected(const QJsonArray &processes, bool all)
{
    QJsonArray out;
    for (const QJsonValue &value : processes) {
        if (all || value.toObject().value(QLatin1String("class")).toString() != QLatin1String("none"))
            out.append(value);
    }
    return out;
}

QString renderTable(const View &view, bool all)
{
    QList<QJsonObject> rows;
    for (const QJsonValue &value : selected(view.processes, all))
        rows.append(value.toObject());
    // Agent processes grouped by session (in the order the sessions come), by start within it; the rest
    // after.
    QHash<QString, qsizetype> sessionOrder;
    for (qsizetype i = 0; i < view.sessions.size(); ++i)
        sessionOrder.insert(view.sessions.at(i).toObject().value(QLatin1String("id")).toString(), i);
    auto orderOf = [&sessionOrder](const QJsonObject &o) {
        const QString session = o.value(QLatin1String("session")).toString();
        return session.isEmpty() ? std::numeric_limits<qsizetype>::max() : sessionOrder.value(session, 0);
    };
    std::stable_sort(rows.begin(), rows.end(), [&](const QJsonObject &a, const QJsonObject &b) {
        const qsizetype sa = orderOf(a);
        const qsizetype sb = orderOf(b);
        if (sa != sb)
            return sa < sb;
        const qint64 ta = a.value(QLatin1String("starttime")).toInteger();
        const qint64 tb = b.value(QLatin1String("starttime")).toInteger();
        return ta != tb ? ta < tb
                        : a.value(QLatin1String("pid")).toInt() < b.value(QLatin1String("pid")).toInt();
    });

    Table table({Ctl::tr("PID"), Ctl::tr("SESSION"), Ctl::tr("CLASS"), Ctl::tr("STATUS"), Ctl::tr("RSS"),
                 Ctl::tr("CPU%"), Ctl::tr("AGE"), Ctl::tr("COMMAND"), Ctl::tr("REASON")},
                {true, false, false, false, true, true, true, false, false});
    quint64 rss = 0;
    int agents = 0;
    int orphans = 0;
    for (const QJsonObject &o : std::as_const(rows)) {
        const QString cls = o.value(QLatin1String("class")).toString();
        const bool agent = cls != QLatin1String("none");
        QString command = o.value(QLatin1String("cmdline")).toString();
        if (command.isEmpty())
            command = QStringLiteral("[%1]").arg(o.value(QLatin1String("comm")).toString());
        const QString session = shortSessionId(o.value(QLatin1String("session")).toString());
        table.addRow({QString::number(o.value(QLatin1String("pid")).toInt()),
                      session.isEmpty() ? QStringLiteral("-") : session, agent ? cls : QStringLiteral("-"),
                      o.value(QLatin1String("status")).toString(),
                      formatKb(quint64(o.value(QLatin1String("rss_kb")).toInteger())),
                      QString::number(o.value(QLatin1String("cpu_pct")).toDouble(), 'f', 1),
                      formatDuration(o.value(QLatin1String("age_s")).toInteger() * 1000),
                      elideMiddle(printable(command), 60),
                      printable(translateCoreText(o.value(QLatin1String("reason")).toString()))});
        if (agent) {
            ++agents;
            rss += quint64(o.value(QLatin1String("rss_kb")).toInteger());
            if (o.value(QLatin1String("status")).toString() == QLatin1String("orphan"))
                ++orphans;
        }
    }
    QString out = rows.isEmpty() ? Ctl::tr("No agent processes.\n") : table.render();

    int leaked = 0;
    for (const QJsonValue &value : view.sessions) {
        const QJsonObject s = value.toObject();
        if (!s.value(QLatin1String("alive")).toBool() && s.value(QLatin1String("processes")).toInt() > 0)
            ++leaked;
    }
    int zombies = 0;
    for (const QJsonValue &value : view.processes) {
        if (value.toObject().value(QLatin1String("state")).toString() == QLatin1String("Z"))
            ++zombies;
    }
    SystemClock clock;
    const SystemStats system = createProcessSource(clock)->readSystem();
    const MemInfo &mem = system.mem;
    out += QLatin1Char('\n');
    out += Ctl::tr("%1 agent process(es) in %2 session(s), %3 RSS; %4 orphan(s); %5 ended session(s) with "
                   "leftovers\n")
               .arg(agents)
               .arg(view.sessions.size())
               .arg(formatKb(rss))
               .arg(orphans)
               .arg(leaked);
    out += Ctl::tr("memory: %1 available of %2").arg(formatKb(mem.memAvailableKb), formatKb(mem.memTotalKb));
    if (mem.swapTotalKb)
        out += Ctl::tr(", swap %1% used").arg(mem.swapUsedPct(), 0, 'f', 0);
    if (system.psi)
        out += Ctl::tr(", PSI some %1% full %2% (avg10)")
                   .arg(system.psi->someAvg10, 0, 'f', 2)
                   .arg(system.psi->fullAvg10, 0, 'f', 2);
    out += Ctl::tr("; %1 zombie(s)\n").arg(zombies);
    if (view.fromInstance)
        out += Ctl::tr("(from the running instance)\n");
    return out;
}

} // namespace

int runSnapshot(const QStringList &arguments)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    QCommandLineParser parser;
    parser.setApplicationDescription(Ctl::tr("Show agent processes with session, class, status and memory."));
    parser.addHelpOption();
    const QCommandLineOption allOption(QStringLiteral("all"),
                                       Ctl::tr("Show every process, not only agents."));
    const QCommandLineOption jsonOption(QStringLiteral("json"),
                                        Ctl::tr("Print one JSON array of process objects."));
    parser.addOptions({allOption, jsonOption});
    if (!parser.parse(arguments)) {
        err << "agentmonctl snapshot: " << parser.errorText() << '\n';
        return exitcode::Usage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out << parser.helpText().replace(QLatin1String("[options]"), QLatin1String("snapshot [options]"));
        return exitcode::Success;
    }
    if (!parser.positionalArguments().isEmpty()) {
        err << "agentmonctl snapshot: "
            << Ctl::tr("unexpected argument '%1'").arg(parser.positionalArguments().first()) << '\n';
        return exitcode::Usage;
    }

    const Paths paths;
    std::optional<View> view = fromInstance(paths);
    if (!view)
        view = inProcess(paths, err);
    if (!view)
        return exitcode::Failure;
    const bool all = parser.isSet(allOption);
    if (parser.isSet(jsonOption))
        out << QJsonDocument(selected(view->processes, all)).toJson(QJsonDocument::Indented);
    else
        out << renderTable(*view, all);
    return exitcode::Success;
}

} // namespace agentmon
