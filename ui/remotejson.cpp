#include "remotejson.h"

#include <QDateTime>

namespace agentmon::json {

namespace {
ProcessKey keyOf(const QJsonObject &o)
{
    return {o.value(QLatin1String("pid")).toInt(), quint64(o.value(QLatin1String("starttime")).toInteger())};
}

quint64 kb(const QJsonObject &o, const char *name)
{
    return quint64(qMax<qint64>(0, o.value(QLatin1String(name)).toInteger()));
}

QStringList argvOf(const QJsonObject &o)
{
    QStringList argv;
    const QJsonValue array = o.value(QLatin1String("argv"));
    if (array.isArray()) {
        for (const QJsonValue &v : array.toArray())
            argv.append(v.toString());
    } else if (const QString cmdline = o.value(QLatin1String("cmdline")).toString(); !cmdline.isEmpty()) {
        argv = cmdline.split(QLatin1Char(' ')); // the API's cmdline joins argv with spaces
    }
    return argv;
}
} // namespace

std::optional<ProcessStatus> processStatusFromString(QStringView text)
{
    for (const ProcessStatus status :
         {ProcessStatus::Running, ProcessStatus::Orphan, ProcessStatus::Idle, ProcessStatus::Stale,
          ProcessStatus::Zombie, ProcessStatus::Unkillable}) {
        if (statusName(status) == text)
            return status;
    }
    return std::nullopt;
}

ProcessRecord processFromJson(const QJsonObject &o)
{
    ProcessRecord r;
    ProcessInfo &info = r.info;
    info.key = keyOf(o);
    info.ppid = o.value(QLatin1String("ppid")).toInt();
    info.pgid = o.value(QLatin1String("pgid")).toInt();
    info.sid = o.value(QLatin1String("sid")).toInt();
    info.uid = uint(o.value(QLatin1String("uid")).toInteger());
    const QString state = o.value(QLatin1String("state")).toString();
    info.state = state.isEmpty() ? '?' : state.at(0).toLatin1();
    info.comm = o.value(QLatin1String("comm")).toString();
    info.argv = argvOf(o);
    // The API gives the terminal's name, not its device number: any non-zero number says "has a tty".
    info.ttyNr = o.value(QLatin1String("tty")).isString() ? -1 : 0;
    info.rssKb = kb(o, "rss_kb");
    if (o.contains(QLatin1String("pss_kb")) || o.contains(QLatin1String("swap_kb")))
        info.memory = MemoryDetail{kb(o, "pss_kb"), kb(o, "swap_kb"), 0};
    info.cpuPct = o.value(QLatin1String("cpu_pct")).toDouble();
    r.cls = processClassFromString(o.value(QLatin1String("class")).toString()).value_or(ProcessClass::None);
    r.status =
        processStatusFromString(o.value(QLatin1String("status")).toString()).value_or(ProcessStatus::Running);
    r.reason = o.value(QLatin1String("reason")).toString();
    r.session = o.value(QLatin1String("session")).toString();
    r.protectedBy = o.value(QLatin1String("protected_by")).toString();
    r.tracked = o.value(QLatin1String("tracked")).toBool();
    r.ageMs = o.value(QLatin1String("age_s")).toInteger() * 1000;
    return r;
}

SessionRecord sessionFromJson(const QJsonObject &o, qint64 nowMs, qint64 nowWallMs)
{
    auto local = [&](const QJsonValue &v) -> qint64 {
        const QDateTime when = QDateTime::fromString(v.toString(), Qt::ISODate);
        return when.isValid() ? nowMs - (nowWallMs - when.toMSecsSinceEpoch()) : nowMs;
    };
    SessionRecord s;
    s.id = o.value(QLatin1String("id")).toString();
    s.markerId = o.value(QLatin1String("marker_id")).toString();
    const QJsonObject root = o.value(QLatin1String("root")).toObject();
    s.root = keyOf(root);
    s.rootComm = root.value(QLatin1String("comm")).toString();
    s.agent = o.value(QLatin1String("agent")).toString();
    s.rootClass =
        processClassFromString(o.value(QLatin1String("class")).toString()).value_or(ProcessClass::None);
    s.projectDir = o.value(QLatin1String("project_dir")).toString();
    s.tty = o.value(QLatin1String("tty")).toString();
    s.interactive = o.value(QLatin1String("interactive")).toBool();
    s.alive = o.value(QLatin1String("alive")).toBool();
    s.startedAtMs = local(o.value(QLatin1String("started_at")));
    s.endedAtMs = s.alive ? 0 : local(o.value(QLatin1String("ended_at")));
    s.processCount = o.value(QLatin1String("processes")).toInt();
    s.rssKb = kb(o, "rss_kb");
    s.pssKb = kb(o, "pss_kb");
    s.swapKb = kb(o, "swap_kb");
    return s;
}

ReapReport reapReportFromJson(const QJsonObject &o, const ReapRequest &request)
{
    ReapReport report;
    report.id = o.value(QLatin1String("id")).toString();
    report.request = request;
    report.request.dryRun = o.value(QLatin1String("dry_run")).toBool();
    report.durationMs = o.value(QLatin1String("duration_ms")).toInteger();
    for (const QJsonValue &v : o.value(QLatin1String("targets")).toArray()) {
        const QJsonObject t = v.toObject();
        ReapTarget target;
        target.key = keyOf(t);
        target.session = t.value(QLatin1String("session")).toString();
        target.cls =
            processClassFromString(t.value(QLatin1String("class")).toString()).value_or(ProcessClass::None);
        target.status = processStatusFromString(t.value(QLatin1String("status")).toString())
                            .value_or(ProcessStatus::Running);
        target.reason = t.value(QLatin1String("reason")).toString();
        target.rssKb = kb(t, "rss_kb");
        target.argv = argvOf(t);
        report.targets.append(target);
    }
    for (const QJsonValue &v : o.value(QLatin1String("killed")).toArray()) {
        const QJsonObject k = v.toObject();
        report.cascade.killed.append({keyOf(k), k.value(QLatin1String("signal")).toString(),
                                      k.value(QLatin1String("exit_ms")).toInteger()});
    }
    for (const QJsonValue &v : o.value(QLatin1String("survivors")).toArray()) {
        const QJsonObject s = v.toObject();
        const QString state = s.value(QLatin1String("state")).toString();
        report.cascade.survivors.append({keyOf(s), state.isEmpty() ? '?' : state.at(0).toLatin1(),
                                         s.value(QLatin1String("wchan")).toString()});
    }
    for (const QJsonValue &v : o.value(QLatin1String("skipped")).toArray()) {
        const QJsonObject s = v.toObject();
        report.cascade.skipped.append(
            {s.value(QLatin1String("pid")).toInt(), s.value(QLatin1String("why")).toString()});
    }
    for (const QJsonValue &v : o.value(QLatin1String("already_gone")).toArray())
        report.cascade.alreadyGone.append(v.toInt());
    report.cascade.durationMs = report.durationMs;
    report.zombieCount = o.value(QLatin1String("zombie_count")).toInt();
    report.freeMemMb = quint64(o.value(QLatin1String("free_mem_mb")).toInteger());
    report.swapPct = o.value(QLatin1String("swap_pct")).toDouble();
    return report;
}

} // namespace agentmon::json
