#include "reaper.h"

#include "clock.h"
#include "coretext.h"
#include "humanformat.h"
#include "processsource.h"

#include <QHash>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QSet>
#include <QTimer>

#include <unistd.h>

namespace agentmon {

namespace {

ReapTarget targetOf(const ProcessRecord &record, const QString &reason = {})
{
    ReapTarget t;
    t.key = record.info.key;
    t.pgid = record.info.pgid;
    t.session = record.session;
    t.cls = record.cls;
    t.status = record.status;
    t.reason = reason.isEmpty() ? record.reason : reason;
    t.rssKb = record.info.rssKb;
    t.argv = record.info.argv;
    return t;
}

QString zombieWhy(const ProcessRecord &record)
{
    return coreText(CoreText::Zombie).arg(record.reason);
}

} // namespace

ReapPlanner::ReapPlanner(uint uid, RealUid realUid) : m_uid(uid), m_realUid(std::move(realUid)) {}

QString ReapPlanner::unsafe(const ProcessRecord &record) const
{
    if (const QString why = forbiddenReason(record.info.key.pid); !why.isEmpty())
        return why;
    if (record.info.kernelThread)
        return coreText(CoreText::KernelThread);
    if (record.info.uid != m_uid)
        return coreText(CoreText::BelongsToUid).arg(record.info.uid);
    if (m_realUid) {
        const auto real = m_realUid(record.info.key);
        if (!real)
            return coreText(CoreText::IdentityUnverified);
        if (*real != m_uid)
            return coreText(CoreText::BelongsToUid).arg(*real);
    }
    return {};
}

ReapPlan ReapPlanner::planSession(const Snapshot &snapshot, const QString &session,
                                  const QList<ProcessKey> &extra) const
{
    ReapPlan plan;
    const QSet<ProcessKey> remembered(extra.cbegin(), extra.cend());
    for (const ProcessRecord &record : snapshot.processes) {
        const bool member = record.session == session || remembered.contains(record.info.key);
        if (!member)
            continue;
        if (record.info.isZombie()) {
            ++plan.zombieCount;
            plan.skipped.append({record.info.key.pid, zombieWhy(record)});
            continue;
        }
        if (!record.protectedBy.isEmpty()) {
            plan.skipped.append(
                {record.info.key.pid, coreText(CoreText::ProtectedByRule).arg(record.protectedBy)});
            continue;
        }
        if (const QString why = unsafe(record); !why.isEmpty()) {
            plan.skipped.append({record.info.key.pid, why});
            continue;
        }
        ReapTarget target = targetOf(record);
        target.session = session; // a remembered member the sampler no longer places is still this session's
        plan.targets.append(target);
    }
    return plan;
}

ReapPlan ReapPlanner::planPass(const Snapshot &snapshot, qint64 minAgeMs) const
{
    ReapPlan plan;
    plan.zombieCount = int(snapshot.zombies.size());
    QHash<QString, const SessionRecord *> sessions;
    for (const SessionRecord &s : snapshot.sessions)
        sessions.insert(s.id, &s);
    auto liveInteractive = [&sessions](const ProcessRecord &record) {
        const SessionRecord *s = sessions.value(record.session);
        return s && s->alive && s->interactive;
    };

    QSet<int> chosen;
    for (const ProcessRecord &record : snapshot.processes) {
        if (!record.isAgent() || (m_scope && !m_scope(record)))
            continue;
        if (record.info.isZombie()) {
            plan.skipped.append({record.info.key.pid, zombieWhy(record)});
            continue;
        }
        const bool candidate = record.status == ProcessStatus::Orphan ||
                               record.status == ProcessStatus::Idle || record.status == ProcessStatus::Stale;
        if (!candidate)
            continue;
        QString why;
        if (record.ageMs < minAgeMs)
            why = coreText(CoreText::YoungerThanMinimum)
                      .arg(formatDuration(record.ageMs), formatDuration(minAgeMs));
        else if (liveInteractive(record))
            why = coreText(CoreText::InLiveInteractiveSession).arg(shortSessionId(record.session));
        else if (!record.protectedBy.isEmpty())
            why = coreText(CoreText::ProtectedByRule).arg(record.protectedBy);
        else
            why = unsafe(record);
        if (!why.isEmpty()) {
            plan.skipped.append({record.info.key.pid, why});
            continue;
        }
        plan.targets.append(targetOf(record));
        chosen.insert(record.info.key.pid);
    }

    // What the chosen ones started goes with them, unless it must not.
    QHash<int, QList<const ProcessRecord *>> children;
    for (const ProcessRecord &record : snapshot.processes)
        children[record.info.ppid].append(&record);
    QList<int> queue(chosen.cbegin(), chosen.cend());
    while (!queue.isEmpty()) {
        const int parent = queue.takeFirst();
        for (const ProcessRecord *child : children.value(parent)) {
            const int pid = child->info.key.pid;
            if (chosen.contains(pid) || child->info.isZombie() || (m_scope && !m_scope(*child)))
                continue;
            if (liveInteractive(*child) || !child->protectedBy.isEmpty() || !unsafe(*child).isEmpty())
                continue;
            chosen.insert(pid);
            plan.targets.append(targetOf(*child, coreText(CoreText::StartedByReaped).arg(parent)));
            queue.append(pid);
        }
    }
    return plan;
}

ReapPlan ReapPlanner::planProcesses(const Snapshot &snapshot, const QList<ProcessKey> &keys) const
{
    ReapPlan plan;
    QHash<ProcessKey, const ProcessRecord *> byKey;
    QHash<int, QList<const ProcessRecord *>> children;
    for (const ProcessRecord &record : snapshot.processes) {
        byKey.insert(record.info.key, &record);
        children[record.info.ppid].append(&record);
    }
    QSet<ProcessKey> chosen;
    QList<QPair<const ProcessRecord *, QString>> queue;
    for (const ProcessKey &key : keys) {
        const ProcessRecord *record = byKey.value(key);
        if (!record) {
            plan.skipped.append({key.pid, coreText(CoreText::PidReused)});
            continue;
        }
        queue.append({record, QStringLiteral("selected")});
    }
    while (!queue.isEmpty()) {
        const auto [record, reason] = queue.takeFirst();
        if (chosen.contains(record->info.key))
            continue;
        chosen.insert(record->info.key);
        QString why;
        if (record->info.isZombie()) {
            ++plan.zombieCount;
            why = zombieWhy(*record);
        } else if (!record->protectedBy.isEmpty()) {
            why = coreText(CoreText::ProtectedByRule).arg(record->protectedBy);
        } else {
            why = unsafe(*record);
        }
        if (!why.isEmpty()) {
            plan.skipped.append({record->info.key.pid, why});
            continue;
        }
        plan.targets.append(targetOf(*record, reason));
        for (const ProcessRecord *child : children.value(record->info.key.pid))
            queue.append({child, coreText(CoreText::StartedByKilled).arg(record->info.key.pid)});
    }
    return plan;
}

ReapJob::ReapJob(const ReapRequest &request, ReapPlan plan, const Snapshot &snapshot, QObject *parent)
    : QObject(parent), m_request(request), m_plan(std::move(plan)), m_uid(::getuid())
{
    m_report.id =
        QStringLiteral("reap-%1").arg(QRandomGenerator::system()->generate64(), 16, 16, QLatin1Char('0'));
    m_report.request = request;
    m_report.targets = m_plan.targets;
    m_report.zombieCount = m_plan.zombieCount;
    m_report.freeMemMb = snapshot.system.mem.memAvailableKb / 1024;
    m_report.swapPct = snapshot.system.mem.swapUsedPct();
    for (const ReapTarget &target : std::as_const(m_plan.targets))
        m_targetKeys.insert(target.key);
    // The planner saw these and left them alone (protected, in a live interactive session, another user's,
    // outside the session): no expansion may take them, nor what they start meanwhile.
    for (const ProcessRecord &record : snapshot.processes) {
        if (!m_targetKeys.contains(record.info.key))
            m_spared.insert(record.info.key);
    }
}

namespace {
std::vector<ProcessInfo> scanAll()
{
    SystemClock clock;
    const auto source = createProcessSource(clock);
    std::vector<ProcessInfo> all;
    source->scan(all);
    return all;
}
} // namespace

void ReapJob::start()
{
    if (m_request.dryRun || m_plan.targets.isEmpty()) {
        QTimer::singleShot(0, this, [this] { complete({}); });
        return;
    }
    // A target's process group is searched only while it is still the group the plan saw: some target, by
    // (pid, starttime), is in it now. A target that is gone, its pid perhaps reused by the leader of someone
    // else's group, adds no group.
    QSet<int> led;
    for (const ReapTarget &target : std::as_const(m_plan.targets)) {
        if (target.pgid == target.key.pid)
            led.insert(target.pgid);
    }
    if (!led.isEmpty()) {
        for (const ProcessInfo &p : scanAll()) {
            if (led.contains(p.pgid) && m_targetKeys.contains(p.key))
                m_groups.insert(p.pgid);
        }
    }
    QList<ProcessKey> keys;
    for (const ReapTarget &target : std::as_const(m_plan.targets))
        keys.append(target.key);
    m_cascade = new Cascade(keys, m_request.times, this);
    m_cascade->setExpander([this] { return findMembers(); });
    connect(m_cascade, &Cascade::finished, this, &ReapJob::complete);
    m_cascade->start();
}

QList<ProcessKey> ReapJob::findMembers() const
{
    // Members of the targets' own process groups, and what the targets and those started meanwhile; never
    // what the planner saw and left alone, nor what that started since in its process group (a protected
    // server's worker inherits its group, which may be a target's). Parents are matched by (pid, starttime),
    // so a reused pid adopts nothing into the reap.
    const std::vector<ProcessInfo> all = scanAll();
    QHash<int, const ProcessInfo *> byPid;
    for (const ProcessInfo &p : all)
        byPid.insert(p.key.pid, &p);
    auto parentOf = [&byPid](const ProcessInfo &p) { return byPid.value(p.ppid); };
    auto parentKey = [&parentOf](const ProcessInfo &p) {
        const ProcessInfo *parent = parentOf(p);
        return parent ? parent->key : ProcessKey{};
    };
    QSet<ProcessKey> spared;
    for (const ProcessInfo &p : all) {
        if (m_spared.contains(p.key))
            spared.insert(p.key);
    }
    for (bool grew = true; grew;) {
        grew = false;
        for (const ProcessInfo &p : all) {
            // Only a child still in its spared parent's group: an orphan's adopter passes nothing on.
            const ProcessInfo *parent = parentOf(p);
            if (parent && parent->pgid == p.pgid && spared.contains(parent->key) && !spared.contains(p.key) &&
                !m_targetKeys.contains(p.key)) {
                spared.insert(p.key);
                grew = true;
            }
        }
    }
    QSet<ProcessKey> known = m_targetKeys;
    QList<ProcessKey> found;
    for (bool grew = true; grew;) {
        grew = false;
        for (const ProcessInfo &p : all) {
            if (known.contains(p.key) || spared.contains(p.key) || p.isZombie() || p.uid != m_uid ||
                p.key.pid <= 1)
                continue;
            if (m_groups.contains(p.pgid) || known.contains(parentKey(p))) {
                known.insert(p.key);
                found.append(p.key);
                grew = true;
            }
        }
    }
    return found;
}

void ReapJob::complete(const CascadeReport &cascade)
{
    m_report.cascade = cascade;
    m_report.cascade.skipped = m_plan.skipped + cascade.skipped;
    m_report.durationMs = cascade.durationMs;
    Q_EMIT finished(m_report);
}

QJsonObject json::reapReport(const ReapReport &report)
{
    QJsonObject o;
    o.insert(QLatin1String("id"), report.id);
    o.insert(QLatin1String("dry_run"), report.request.dryRun);
    o.insert(QLatin1String("duration_ms"), report.durationMs);
    o.insert(QLatin1String("requested_by"), report.request.requestedBy);
    if (report.request.kind == ReapRequest::Kind::Session)
        o.insert(QLatin1String("session"), report.request.session);
    QJsonArray targets;
    for (const ReapTarget &t : report.targets) {
        targets.append(QJsonObject{
            {QStringLiteral("pid"), t.key.pid},
            {QStringLiteral("starttime"), qint64(t.key.starttime)},
            {QStringLiteral("session"), t.session.isEmpty() ? QJsonValue() : QJsonValue(t.session)},
            {QStringLiteral("class"), className(t.cls)},
            {QStringLiteral("status"), statusName(t.status)},
            {QStringLiteral("reason"), t.reason},
            {QStringLiteral("rss_kb"), qint64(t.rssKb)},
            {QStringLiteral("cmdline"), t.argv.join(QLatin1Char(' '))}});
    }
    o.insert(QLatin1String("targets"), targets);
    QJsonArray killed;
    for (const KillRecord &k : report.cascade.killed) {
        killed.append(QJsonObject{{QStringLiteral("pid"), k.key.pid},
                                  {QStringLiteral("starttime"), qint64(k.key.starttime)},
                                  {QStringLiteral("signal"), k.signal},
                                  {QStringLiteral("exit_ms"), k.exitMs}});
    }
    o.insert(QLatin1String("killed"), killed);
    QJsonArray survivors;
    for (const SurvivorRecord &s : report.cascade.survivors) {
        survivors.append(QJsonObject{{QStringLiteral("pid"), s.key.pid},
                                     {QStringLiteral("starttime"), qint64(s.key.starttime)},
                                     {QStringLiteral("state"), QString(QLatin1Char(s.state))},
                                     {QStringLiteral("wchan"), s.wchan}});
    }
    o.insert(QLatin1String("survivors"), survivors);
    QJsonArray skipped;
    for (const SkipRecord &s : report.cascade.skipped)
        skipped.append(QJsonObject{{QStringLiteral("pid"), s.pid}, {QStringLiteral("why"), s.why}});
    o.insert(QLatin1String("skipped"), skipped);
    QJsonArray gone;
    for (const int pid : report.cascade.alreadyGone)
        gone.append(pid);
    o.insert(QLatin1String("already_gone"), gone);
    o.insert(QLatin1String("status"),
             report.hasSurvivors() ? QStringLiteral("warning") : QStringLiteral("ok"));
    o.insert(QLatin1String("zombie_count"), report.zombieCount);
    o.insert(QLatin1String("free_mem_mb"), qint64(report.freeMemMb));
    o.insert(QLatin1String("swap_pct"), qRound(report.swapPct * 10) / 10.0);
    return o;
}

QList<AuditEntry> auditEntries(const ReapReport &report, const QString &trigger)
{
    QList<AuditEntry> rows;
    QHash<ProcessKey, const KillRecord *> killed;
    for (const KillRecord &k : report.cascade.killed)
        killed.insert(k.key, &k);
    QSet<ProcessKey> survived;
    for (const SurvivorRecord &s : report.cascade.survivors)
        survived.insert(s.key);
    const QSet<int> gone(report.cascade.alreadyGone.cbegin(), report.cascade.alreadyGone.cend());
    QSet<ProcessKey> listed;
    auto base = [&](const ReapTarget &t) {
        AuditEntry e;
        e.session = t.session;
        e.key = t.key;
        e.command = t.argv.join(QLatin1Char(' '));
        e.cls = className(t.cls);
        e.reason = t.reason;
        e.requestedBy = report.request.requestedBy;
        e.trigger = trigger;
        e.reapId = report.id;
        return e;
    };
    for (const ReapTarget &t : report.targets) {
        AuditEntry e = base(t);
        listed.insert(t.key);
        if (report.request.dryRun) {
            e.signal = QStringLiteral("none");
            e.outcome = QStringLiteral("planned");
        } else if (const KillRecord *k = killed.value(t.key)) {
            e.signal = k->signal;
            e.outcome = QStringLiteral("killed");
            e.rssFreedKb = t.rssKb;
        } else if (survived.contains(t.key)) {
            e.signal = QStringLiteral("KILL");
            e.outcome = QStringLiteral("survived");
        } else if (gone.contains(t.key.pid)) {
            e.signal = QStringLiteral("none");
            e.outcome = QStringLiteral("already_gone");
        } else {
            e.signal = QStringLiteral("none");
            e.outcome = QStringLiteral("skipped");
        }
        rows.append(e);
    }
    // Found while the reap ran (children forked meanwhile, members of the groups).
    for (const KillRecord &k : report.cascade.killed) {
        if (listed.contains(k.key))
            continue;
        ReapTarget t;
        t.key = k.key;
        t.session = report.request.session;
        t.reason = coreText(CoreText::FoundDuringReap);
        AuditEntry e = base(t);
        e.cls = QString();
        e.signal = k.signal;
        e.outcome = QStringLiteral("killed");
        rows.append(e);
    }
    for (const SkipRecord &s : report.cascade.skipped) {
        AuditEntry e;
        e.session = report.request.session;
        e.key = {s.pid, 0};
        e.reason = s.why;
        e.signal = QStringLiteral("none");
        e.outcome = QStringLiteral("skipped");
        e.requestedBy = report.request.requestedBy;
        e.trigger = trigger;
        e.reapId = report.id;
        rows.append(e);
    }
    return rows;
}

QString reapReceipt(const ReapReport &report)
{
    const QString of = report.request.kind == ReapRequest::Kind::Session
                           ? QStringLiteral(" of session %1").arg(shortSessionId(report.request.session))
                           : QString();
    QString text;
    if (report.request.dryRun) {
        quint64 rss = 0;
        for (const ReapTarget &t : report.targets)
            rss += t.rssKb;
        text = QStringLiteral("dry run: would signal %1 process(es) (%2)%3")
                   .arg(report.targets.size())
                   .arg(formatKb(rss), of);
    } else {
        QHash<ProcessKey, quint64> rssOf;
        for (const ReapTarget &t : report.targets)
            rssOf.insert(t.key, t.rssKb);
        quint64 freed = 0;
        int byTerm = 0;
        int byKill = 0;
        qint64 termMs = 0;
        qint64 killMs = 0;
        for (const KillRecord &k : report.cascade.killed) {
            freed += rssOf.value(k.key);
            if (k.signal == QLatin1String("KILL")) {
                ++byKill;
                killMs = qMax(killMs, k.exitMs);
            } else {
                ++byTerm;
                termMs = qMax(termMs, k.exitMs);
            }
        }
        const int total = byTerm + byKill;
        text = QStringLiteral("killed %1 process(es) (%2)%3").arg(total).arg(formatKb(freed), of);
        QStringList how;
        if (byTerm)
            how << QStringLiteral("%1 by TERM in %2 ms").arg(byTerm).arg(termMs);
        if (byKill)
            how << QStringLiteral("%1 by KILL after %2 s")
                       .arg(byKill)
                       .arg(double(killMs) / 1000.0, 0, 'f', 1);
        if (!how.isEmpty())
            text += QStringLiteral(": ") + how.join(QStringLiteral(", "));
    }
    QStringList notes;
    if (!report.cascade.survivors.isEmpty()) {
        QStringList states;
        for (const SurvivorRecord &s : report.cascade.survivors)
            states << QStringLiteral("%1 (state %2%3)")
                          .arg(s.key.pid)
                          .arg(QLatin1Char(s.state))
                          .arg(s.wchan.isEmpty() ? QString() : QStringLiteral(", in ") + s.wchan);
        notes << QStringLiteral("%1 survived: %2")
                     .arg(report.cascade.survivors.size())
                     .arg(states.join(QStringLiteral(", ")));
    }
    if (!report.cascade.alreadyGone.isEmpty())
        notes << QStringLiteral("%1 already gone").arg(report.cascade.alreadyGone.size());
    if (!report.cascade.skipped.isEmpty())
        notes << QStringLiteral("%1 skipped").arg(report.cascade.skipped.size());
    if (!notes.isEmpty())
        text += QStringLiteral("; ") + notes.join(QStringLiteral("; "));
    return text;
}

} // namespace agentmon
