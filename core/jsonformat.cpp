#include "jsonformat.h"

#include <QDateTime>
#include <QTimeZone>

namespace agentmon::json {

namespace {
QJsonValue stringOrNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}
} // namespace

QJsonObject process(const ProcessRecord &record)
{
    const ProcessInfo &info = record.info;
    QJsonObject o;
    o.insert(QLatin1String("pid"), info.key.pid);
    o.insert(QLatin1String("starttime"), qint64(info.key.starttime));
    o.insert(QLatin1String("ppid"), info.ppid);
    o.insert(QLatin1String("pgid"), info.pgid);
    o.insert(QLatin1String("sid"), info.sid);
    o.insert(QLatin1String("uid"), qint64(info.uid));
    o.insert(QLatin1String("state"), QString(QLatin1Char(info.state)));
    o.insert(QLatin1String("comm"), info.comm);
    o.insert(QLatin1String("cmdline"), info.argv.join(QLatin1Char(' ')));
    o.insert(QLatin1String("argv"), QJsonArray::fromStringList(info.argv));
    o.insert(QLatin1String("tty"), stringOrNull(ttyName(info.ttyNr)));
    o.insert(QLatin1String("session"), stringOrNull(record.session));
    o.insert(QLatin1String("class"), className(record.cls));
    o.insert(QLatin1String("status"), statusName(record.status));
    o.insert(QLatin1String("reason"), record.reason);
    o.insert(QLatin1String("rss_kb"), qint64(info.rssKb));
    if (info.memory) {
        o.insert(QLatin1String("pss_kb"), qint64(info.memory->pssKb));
        o.insert(QLatin1String("swap_kb"), qint64(info.memory->swapKb));
    }
    o.insert(QLatin1String("cpu_pct"), qRound(info.cpuPct * 10) / 10.0);
    o.insert(QLatin1String("age_s"), record.ageMs / 1000);
    o.insert(QLatin1String("tracked"), record.tracked);
    o.insert(QLatin1String("protected_by"), stringOrNull(record.protectedBy));
    return o;
}

QJsonArray processes(const Snapshot &snapshot, bool all)
{
    QJsonArray array;
    for (const ProcessRecord &record : snapshot.processes) {
        if (all || record.isAgent())
            array.append(process(record));
    }
    return array;
}

QJsonObject session(const SessionRecord &s, qint64 nowMs, qint64 nowWallMs)
{
    auto wall = [&](qint64 ms) {
        return QDateTime::fromMSecsSinceEpoch(nowWallMs - (nowMs - ms), QTimeZone::utc())
            .toString(Qt::ISODate);
    };
    QJsonObject o;
    o.insert(QLatin1String("id"), s.id);
    QJsonObject root;
    if (s.root.isValid()) {
        root.insert(QLatin1String("pid"), s.root.pid);
        root.insert(QLatin1String("starttime"), qint64(s.root.starttime));
        root.insert(QLatin1String("comm"), s.rootComm);
    }
    o.insert(QLatin1String("root"), s.root.isValid() ? QJsonValue(root) : QJsonValue(QJsonValue::Null));
    o.insert(QLatin1String("agent"), stringOrNull(s.agent));
    o.insert(QLatin1String("class"), className(s.rootClass));
    o.insert(QLatin1String("marker_id"), stringOrNull(s.markerId));
    o.insert(QLatin1String("project_dir"), stringOrNull(s.projectDir));
    o.insert(QLatin1String("tty"), stringOrNull(s.tty));
    o.insert(QLatin1String("interactive"), s.interactive);
    o.insert(QLatin1String("alive"), s.alive);
    o.insert(QLatin1String("started_at"), wall(s.startedAtMs));
    o.insert(QLatin1String("age_s"), (nowMs - s.startedAtMs) / 1000);
    o.insert(QLatin1String("ended_at"),
             s.alive ? QJsonValue(QJsonValue::Null) : QJsonValue(wall(s.endedAtMs)));
    o.insert(QLatin1String("processes"), s.processCount);
    o.insert(QLatin1String("rss_kb"), qint64(s.rssKb));
    o.insert(QLatin1String("pss_kb"), qint64(s.pssKb));
    o.insert(QLatin1String("swap_kb"), qint64(s.swapKb));
    return o;
}

QJsonArray sessions(const Snapshot &snapshot)
{
    QJsonArray array;
    for (const SessionRecord &s : snapshot.sessions)
        array.append(session(s, snapshot.takenAtMs, snapshot.takenAtWallMs));
    return array;
}

} // namespace agentmon::json
