#include "snapshotcommand.h"

#include "clock.h"
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
#include <QEventLoop>
#include <QJsonDocument>
#include <QTextStream>
#include <QTimer>

#include <algorithm>

namespace agentmon {

namespace {

// CPU % needs two looks at the same process; this is the gap between them.
constexpr int kCpuIntervalMs = 250;

QString tr(const char *text)
{
    return QCoreApplication::translate("agentmonctl", text);
}

QString renderTable(const Snapshot &snapshot, bool all)
{
    std::vector<const ProcessRecord *> rows;
    for (const ProcessRecord &record : snapshot.processes) {
        if (all || record.isAgent())
            rows.push_back(&record);
    }
    // Agent processes grouped by session, sessions and members in order of start; the rest after them.
    QHash<QString, qsizetype> sessionOrder;
    for (size_t i = 0; i < snapshot.sessions.size(); ++i)
        sessionOrder.insert(snapshot.sessions[i].id, qsizetype(i));
    std::sort(rows.begin(), rows.end(), [&sessionOrder](const ProcessRecord *a, const ProcessRecord *b) {
        const qsizetype sa =
            a->session.isEmpty() ? std::numeric_limits<qsizetype>::max() : sessionOrder.value(a->session);
        const qsizetype sb =
            b->session.isEmpty() ? std::numeric_limits<qsizetype>::max() : sessionOrder.value(b->session);
        if (sa != sb)
            return sa < sb;
        if (a->info.key.starttime != b->info.key.starttime)
            return a->info.key.starttime < b->info.key.starttime;
        return a->info.key.pid < b->info.key.pid;
    });

    Table table({tr("PID"), tr("SESSION"), tr("CLASS"), tr("STATUS"), tr("RSS"), tr("CPU%"), tr("AGE"),
                 tr("COMMAND"), tr("REASON")},
                {true, false, false, false, true, true, true, false, false});
    for (const ProcessRecord *r : rows) {
        QString command = r->info.argv.isEmpty() ? QStringLiteral("[%1]").arg(r->info.comm)
                                                 : r->info.argv.join(QLatin1Char(' '));
        const QString session = shortSessionId(r->session);
        table.addRow({QString::number(r->info.key.pid), session.isEmpty() ? QStringLiteral("-") : session,
                      r->isAgent() ? className(r->cls) : QStringLiteral("-"), statusName(r->status),
                      formatKb(r->info.rssKb), QString::number(r->info.cpuPct, 'f', 1),
                      formatDuration(r->ageMs), elideMiddle(printable(command), 60), printable(r->reason)});
    }
    QString out = rows.empty() ? tr("No agent processes.\n") : table.render();

    quint64 rss = 0;
    int agents = 0;
    int orphans = 0;
    for (const ProcessRecord &record : snapshot.processes) {
        if (!record.isAgent())
            continue;
        ++agents;
        rss += record.info.rssKb;
        if (record.status == ProcessStatus::Orphan)
            ++orphans;
    }
    int leaked = 0;
    for (const SessionRecord &s : snapshot.sessions) {
        if (!s.alive && s.processCount > 0)
            ++leaked;
    }
    const MemInfo &mem = snapshot.system.mem;
    out += QLatin1Char('\n');
    out += tr("%1 agent process(es) in %2 session(s), %3 RSS; %4 orphan(s); %5 ended session(s) with "
              "leftovers\n")
               .arg(agents)
               .arg(snapshot.sessions.size())
               .arg(formatKb(rss))
               .arg(orphans)
               .arg(leaked);
    out += QStringLiteral("memory: %1 available of %2")
               .arg(formatKb(mem.memAvailableKb), formatKb(mem.memTotalKb));
    if (mem.swapTotalKb)
        out += QStringLiteral(", swap %1% used").arg(mem.swapUsedPct(), 0, 'f', 0);
    if (snapshot.system.psi)
        out += QStringLiteral(", PSI some %1% full %2% (avg10)")
                   .arg(snapshot.system.psi->someAvg10, 0, 'f', 2)
                   .arg(snapshot.system.psi->fullAvg10, 0, 'f', 2);
    out += QStringLiteral("; %1 zombie(s)\n").arg(snapshot.zombies.size());
    return out;
}

} // namespace

int runSnapshot(const QStringList &arguments)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Show agent processes with session, class, status and memory."));
    parser.addHelpOption();
    const QCommandLineOption allOption(QStringLiteral("all"), tr("Show every process, not only agents."));
    const QCommandLineOption jsonOption(QStringLiteral("json"),
                                        tr("Print one JSON array of process objects."));
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
        err << "agentmonctl snapshot: unexpected argument '" << parser.positionalArguments().first() << "'\n";
        return exitcode::Usage;
    }

    const Paths paths;
    SystemClock clock;
    const auto source = createProcessSource(clock);
    if (!source->isValid()) {
        err << "agentmonctl snapshot: " << source->errorString() << '\n';
        return exitcode::Failure;
    }
    RuleSet rules;
    rules.loadUserFile(paths.rulesFile());
    for (const QString &problem : rules.errors())
        err << "agentmonctl: warning: " << problem << '\n';
    const Settings settings(paths.configFile());
    for (const QString &problem : settings.problems())
        err << "agentmonctl: warning: " << problem << '\n';
    err.flush();

    Sampler sampler(*source, rules, clock, settings.statusPolicy());
    sampler.sample();
    QEventLoop loop;
    QTimer::singleShot(kCpuIntervalMs, &loop, &QEventLoop::quit);
    loop.exec();
    const Snapshot snapshot = sampler.sample();

    if (parser.isSet(jsonOption)) {
        out << QJsonDocument(json::processes(snapshot, parser.isSet(allOption)))
                   .toJson(QJsonDocument::Indented);
    } else {
        out << renderTable(snapshot, parser.isSet(allOption));
    }
    return exitcode::Success;
}

} // namespace agentmon
