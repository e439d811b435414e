#include "reapcommand.h"

#include "auditlog.h"
#include "clock.h"
#include "connection.h"
#include "coretext.h"
#include "ctltext.h"
#include "exitcodes.h"
#include "humanformat.h"
#include "paths.h"
#include "processsource.h"
#include "reaper.h"
#include "ruleset.h"
#include "sampler.h"
#include "settings.h"
#include "table.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>
#include <QTimer>

#include <unistd.h>

namespace agentmon {

namespace {

// The same reap in this process, when no instance answers.
QJsonObject reapInProcess(const Paths &paths, const ReapRequest &request, QTextStream &err)
{
    SystemClock clock;
    const auto source = createProcessSource(clock);
    RuleSet rules;
    rules.loadUserFile(paths.rulesFile());
    for (const QString &problem : rules.errors())
        err << "agentmonctl: " << Ctl::tr("warning: %1").arg(problem) << '\n';
    const Settings settings(paths.configFile());
    Sampler sampler(*source, rules, clock, settings.statusPolicy());
    sampler.sample();
    const Snapshot snapshot = sampler.sample();
    const ReapPlanner planner(::getuid(),
                              [&source](const ProcessKey &key) { return source->readRealUid(key); });
    ReapPlan plan = request.kind == ReapRequest::Kind::Session
                        ? planner.planSession(snapshot, request.session)
                        : planner.planPass(snapshot, request.minAgeMs);
    ReapJob job(request, std::move(plan), snapshot);
    QEventLoop loop;
    QObject::connect(&job, &ReapJob::finished, &loop, &QEventLoop::quit);
    job.start();
    loop.exec();
    AuditLog audit(paths.historyFile(), clock);
    if (!audit.open() || !audit.record(auditEntries(job.report(), QStringLiteral("agentmonctl reap"))))
        err << "agentmonctl reap: "
            << Ctl::tr("warning: the kill audit log is unavailable: %1")
                   .arg(audit.errorString().isEmpty() ? audit.lastError() : audit.errorString())
            << '\n';
    return json::reapReport(job.report());
}

QString describe(const QJsonObject &report)
{
    QString out;
    QHash<int, QString> outcome;
    for (const QJsonValue &v : report.value(QLatin1String("killed")).toArray()) {
        const QJsonObject k = v.toObject();
        outcome.insert(k.value(QLatin1String("pid")).toInt(),
                       QStringLiteral("%1 after %2 ms")
                           .arg(k.value(QLatin1String("signal")).toString())
                           .arg(k.value(QLatin1String("exit_ms")).toInteger()));
    }
    for (const QJsonValue &v : report.value(QLatin1String("survivors")).toArray()) {
        const QJsonObject s = v.toObject();
        outcome.insert(s.value(QLatin1String("pid")).toInt(),
                       QStringLiteral("SURVIVED (state %1)").arg(s.value(QLatin1String("state")).toString()));
    }
    for (const QJsonValue &v : report.value(QLatin1String("already_gone")).toArray())
        outcome.insert(v.toInt(), QStringLiteral("already gone"));
    const bool dryRun = report.value(QLatin1String("dry_run")).toBool();
    Table table({Ctl::tr("PID"), Ctl::tr("SESSION"), Ctl::tr("CLASS"), Ctl::tr("STATUS"), Ctl::tr("RSS"),
                 Ctl::tr("OUTCOME"), Ctl::tr("COMMAND"), Ctl::tr("REASON")},
                {true, false, false, false, true, false, false, false});
    for (const QJsonValue &v : report.value(QLatin1String("targets")).toArray()) {
        const QJsonObject t = v.toObject();
        const int pid = t.value(QLatin1String("pid")).toInt();
        table.addRow({QString::number(pid), shortSessionId(t.value(QLatin1String("session")).toString()),
                      t.value(QLatin1String("class")).toString(), t.value(QLatin1String("status")).toString(),
                      formatKb(quint64(t.value(QLatin1String("rss_kb")).toInteger())),
                      dryRun ? Ctl::tr("would signal") : outcome.value(pid, Ctl::tr("?")),
                      elideMiddle(printable(t.value(QLatin1String("cmdline")).toString()), 50),
                      printable(translateCoreText(t.value(QLatin1String("reason")).toString()))});
    }
    if (!table.isEmpty())
        out += table.render();
    const QJsonArray skipped = report.value(QLatin1String("skipped")).toArray();
    if (!skipped.isEmpty()) {
        out += Ctl::tr("skipped:\n");
        for (const QJsonValue &v : skipped)
            out += QStringLiteral("  %1: %2\n")
                       .arg(v.toObject().value(QLatin1String("pid")).toInt())
                       .arg(translateCoreText(v.toObject().value(QLatin1String("why")).toString()));
    }
    return out;
}

// The receipt line from a report object (it may come from the instance).
QString receiptOf(const QJsonObject &o)
{
    ReapReport report;
    report.request.dryRun = o.value(QLatin1String("dry_run")).toBool();
    if (o.contains(QLatin1String("session"))) {
        report.request.kind = ReapRequest::Kind::Session;
        report.request.session = o.value(QLatin1String("session")).toString();
    }
    for (const QJsonValue &v : o.value(QLatin1String("targets")).toArray()) {
        const QJsonObject t = v.toObject();
        ReapTarget target;
        target.key = {t.value(QLatin1String("pid")).toInt(),
                      quint64(t.value(QLatin1String("starttime")).toInteger())};
        target.rssKb = quint64(t.value(QLatin1String("rss_kb")).toInteger());
        report.targets.append(target);
    }
    for (const QJsonValue &v : o.value(QLatin1String("killed")).toArray()) {
        const QJsonObject k = v.toObject();
        report.cascade.killed.append({{k.value(QLatin1String("pid")).toInt(),
                                       quint64(k.value(QLatin1String("starttime")).toInteger())},
                                      k.value(QLatin1String("signal")).toString(),
                                      k.value(QLatin1String("exit_ms")).toInteger()});
    }
    for (const QJsonValue &v : o.value(QLatin1String("survivors")).toArray()) {
        const QJsonObject s = v.toObject();
        SurvivorRecord survivor;
        survivor.key = {s.value(QLatin1String("pid")).toInt(),
                        quint64(s.value(QLatin1String("starttime")).toInteger())};
        {
            const QByteArray state = s.value(QLatin1String("state")).toString().toLatin1();
            survivor.state = state.isEmpty() ? '?' : state.at(0);
        }
        survivor.wchan = s.value(QLatin1String("wchan")).toString();
        report.cascade.survivors.append(survivor);
    }
    for (const QJsonValue &v : o.value(QLatin1String("already_gone")).toArray())
        report.cascade.alreadyGone.append(v.toInt());
    for (const QJsonValue &v : o.value(QLatin1String("skipped")).toArray())
        report.cascade.skipped.append(
            {v.toObject().value(QLatin1String("pid")).toInt(),
             translateCoreText(v.toObject().value(QLatin1String("why")).toString())});
    return reapReceipt(report);
}

} // namespace

int runReap(const QStringList &arguments)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        Ctl::tr("End leaked agent processes: one reaper pass (--once) or one session's whole "
                "tree (--session ID). SIGTERM, grace, SIGKILL, confirmed."));
    parser.addHelpOption();
    const QCommandLineOption onceOption(QStringLiteral("once"),
                                        Ctl::tr("One reaper pass over orphaned, idle and stale agents."));
    const QCommandLineOption sessionOption(QStringLiteral("session"),
                                           Ctl::tr("Reap this session's whole tree."), QStringLiteral("ID"));
    const QCommandLineOption dryRunOption(QStringLiteral("dry-run"),
                                          Ctl::tr("Show what would be signalled; signal nothing."));
    const QCommandLineOption jsonOption(QStringLiteral("json"),
                                        Ctl::tr("Print the reap report as one JSON object."));
    const QCommandLineOption minAgeOption(
        QStringLiteral("min-age"), Ctl::tr("With --once: take nothing younger than S seconds (default 120)."),
        QStringLiteral("S"));
    const QCommandLineOption graceOption(QStringLiteral("grace"),
                                         Ctl::tr("Milliseconds between SIGTERM and SIGKILL (default 5000)."),
                                         QStringLiteral("MS"));
    parser.addOptions({onceOption, sessionOption, dryRunOption, jsonOption, minAgeOption, graceOption});
    if (!parser.parse(arguments)) {
        err << "agentmonctl reap: " << parser.errorText() << '\n';
        return exitcode::Usage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out << parser.helpText().replace(QLatin1String("[options]"), QLatin1String("reap [options]"));
        return exitcode::Success;
    }
    const bool once = parser.isSet(onceOption);
    const bool session = parser.isSet(sessionOption);
    if (once == session || !parser.positionalArguments().isEmpty() ||
        (session && parser.value(sessionOption).isEmpty())) {
        err << "agentmonctl reap: "
            << Ctl::tr(
                   "usage: agentmonctl reap --once [--dry-run] [--json] [--min-age S] [--grace MS]\n"
                   "                         agentmonctl reap --session ID [--dry-run] [--json] [--grace MS]")
            << '\n';
        return exitcode::Usage;
    }
    if (session && parser.isSet(minAgeOption)) {
        err << "agentmonctl reap: " << Ctl::tr("--min-age goes with --once") << '\n';
        return exitcode::Usage;
    }
    const Paths paths;
    const Settings settings(paths.configFile());
    ReapRequest request;
    request.kind = session ? ReapRequest::Kind::Session : ReapRequest::Kind::Pass;
    request.session = parser.value(sessionOption);
    request.dryRun = parser.isSet(dryRunOption);
    request.times = settings.cascadeTimes();
    request.minAgeMs = settings.reaperMinAgeMs();
    request.requestedBy = QStringLiteral("person");
    QJsonObject body{{QStringLiteral("dry_run"), request.dryRun}};
    bool ok = true;
    if (parser.isSet(minAgeOption)) {
        const double seconds = parser.value(minAgeOption).toDouble(&ok);
        if (!ok || seconds < 0) {
            err << "agentmonctl reap: " << Ctl::tr("--min-age takes a number of seconds") << '\n';
            return exitcode::Usage;
        }
        request.minAgeMs = qint64(seconds * 1000);
        body.insert(QLatin1String("min_age_s"), seconds);
    }
    if (parser.isSet(graceOption)) {
        const qint64 ms = parser.value(graceOption).toLongLong(&ok);
        if (!ok || ms < 0 || ms > 600'000) {
            err << "agentmonctl reap: " << Ctl::tr("--grace takes milliseconds from 0 to 600000") << '\n';
            return exitcode::Usage;
        }
        request.times.graceMs = ms;
        body.insert(QLatin1String("grace_ms"), ms);
    }

    QJsonObject report;
    if (const auto client = connectToInstance(paths)) {
        const QString path =
            session
                ? QStringLiteral("/api/sessions/%1/reap").arg(InstanceClient::encodeSegment(request.session))
                : QStringLiteral("/api/reap");
        const int timeout = int(request.times.graceMs + request.times.confirmMs + 60'000);
        const auto reply = client->request("POST", path, body, timeout);
        if (!reply.ok()) {
            err << "agentmonctl reap: " << reply.error << '\n';
            return exitcode::Failure;
        }
        report = reply.json.object();
    } else {
        report = reapInProcess(paths, request, err);
    }

    if (parser.isSet(jsonOption)) {
        out << QJsonDocument(report).toJson(QJsonDocument::Indented);
    } else {
        out << describe(report);
        out << receiptOf(report) << '\n';
    }
    return report.value(QLatin1String("status")).toString() == QLatin1String("ok") ? exitcode::Success
                                                                                   : exitcode::Failure;
}

} // namespace agentmon
