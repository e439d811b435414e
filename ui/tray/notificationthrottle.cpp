#include "notificationthrottle.h"

#include "coretext.h"
#include "humanformat.h"

#include <QCoreApplication>
#include <QHash>

#include <chrono>
#include <utility>

namespace agentmon {

// The translation context of the notification texts built outside any QObject.
class TrayNotificationText {
    Q_DECLARE_TR_FUNCTIONS(agentmon::TrayNotification)
};

namespace {

QString processesAndSize(int processes, quint64 kb)
{
    return processes == 1
               ? TrayNotificationText::tr("1 process, %1").arg(formatKb(kb))
               : TrayNotificationText::tr("%n processes, %1", nullptr, processes).arg(formatKb(kb));
}

} // namespace

TrayNotification pressureNotification(const TraySummary &s)
{
    TrayNotification n;
    n.condition = QStringLiteral("pressure");
    switch (s.level) {
    case PressureLevel::Ok:
        n.title = TrayNotificationText::tr("Memory back to normal");
        break;
    case PressureLevel::Warning:
        // The warning level also covers a pile of zombies, which is not about memory.
        n.title = !s.reasons.isEmpty() && s.reasons.first().startsWith(QLatin1String("zombies"))
                      ? TrayNotificationText::tr("Too many zombie processes")
                      : TrayNotificationText::tr("Memory running short");
        break;
    case PressureLevel::Critical:
        n.title = TrayNotificationText::tr("Memory critical");
        break;
    }

    QStringList lines;
    for (const QString &reason : s.reasons.mid(0, 3))
        lines << translateCoreText(reason);
    if (s.agents == 0)
        lines << TrayNotificationText::tr("No agent processes run.");
    else if (s.agents == 1)
        lines << TrayNotificationText::tr("1 agent process uses %1.").arg(formatKb(s.agentRssKb));
    else
        lines << TrayNotificationText::tr("%n agent processes use %1.", nullptr, s.agents)
                     .arg(formatKb(s.agentRssKb));
    if (s.orphans == 1)
        lines << TrayNotificationText::tr("1 orphan holds %1.").arg(formatKb(s.orphanKb));
    else if (s.orphans > 1)
        lines
            << TrayNotificationText::tr("%n orphans hold %1.", nullptr, s.orphans).arg(formatKb(s.orphanKb));
    if (s.leakedSessions == 1)
        lines << TrayNotificationText::tr("1 leaked session holds %1.").arg(formatKb(s.leakedKb));
    else if (s.leakedSessions > 1)
        lines << TrayNotificationText::tr("%n leaked sessions hold %1.", nullptr, s.leakedSessions)
                     .arg(formatKb(s.leakedKb));
    n.text = lines.join(QLatin1Char('\n'));

    if (s.orphans > 0)
        n.target = QStringLiteral("orphans");
    else if (s.leaked.size() == 1)
        n.target = QStringLiteral("session:") + s.leaked.first().id;
    return n;
}

TrayNotification leakNotification(const LeakedSession &session)
{
    TrayNotification n;
    n.condition = QStringLiteral("leak");
    n.session = session.id;
    n.title = TrayNotificationText::tr("Session leaked: %1").arg(session.label);
    n.text = session.processes == 1
                 ? TrayNotificationText::tr("1 process (%1) outlived its session.").arg(formatKb(session.kb))
                 : TrayNotificationText::tr("%n processes (%1) outlived their session.", nullptr,
                                            session.processes)
                       .arg(formatKb(session.kb));
    n.line = TrayNotificationText::tr("%1: %2").arg(session.label,
                                                    processesAndSize(session.processes, session.kb));
    n.target = QStringLiteral("session:") + session.id;
    return n;
}

TrayNotification reapNotification(const ReapReport &report, const QString &sessionLabel)
{
    QHash<ProcessKey, quint64> rssOf;
    for (const ReapTarget &t : report.targets)
        rssOf.insert(t.key, t.rssKb);
    quint64 freed = 0;
    for (const KillRecord &k : report.cascade.killed)
        freed += rssOf.value(k.key);
    const int ended = int(report.cascade.killed.size());

    TrayNotification n;
    n.condition = QStringLiteral("reap");
    n.target = QStringLiteral("receipt:") + report.id;
    if (ended == 0)
        n.title = TrayNotificationText::tr("Reap ended no process");
    else if (ended == 1)
        n.title = TrayNotificationText::tr("Reaped 1 process (%1)").arg(formatKb(freed));
    else
        n.title = TrayNotificationText::tr("Reaped %n processes (%1)", nullptr, ended).arg(formatKb(freed));

    QString what;
    if (report.request.kind == ReapRequest::Kind::Session) {
        n.session = report.request.session;
        what = TrayNotificationText::tr("session %1")
                   .arg(sessionLabel.isEmpty() ? shortSessionId(report.request.session) : sessionLabel);
    } else {
        n.session = QStringLiteral("reap:") + report.id;
        int orphaned = 0, idle = 0, stale = 0, other = 0;
        for (const ReapTarget &t : report.targets) {
            switch (t.status) {
            case ProcessStatus::Orphan:
                ++orphaned;
                break;
            case ProcessStatus::Idle:
                ++idle;
                break;
            case ProcessStatus::Stale:
                ++stale;
                break;
            default:
                ++other;
                break;
            }
        }
        QStringList kinds;
        if (orphaned)
            kinds << TrayNotificationText::tr("%1 orphaned").arg(orphaned);
        if (idle)
            kinds << TrayNotificationText::tr("%1 idle").arg(idle);
        if (stale)
            kinds << TrayNotificationText::tr("%1 stale").arg(stale);
        if (other)
            kinds << TrayNotificationText::tr("%1 other").arg(other);
        what = kinds.isEmpty() ? TrayNotificationText::tr("nothing planned")
                               : kinds.join(TrayNotificationText::tr(", "));
    }

    QStringList lines{TrayNotificationText::tr("Targets: %1").arg(what)};
    const int survivors = int(report.cascade.survivors.size());
    if (survivors == 1)
        lines << TrayNotificationText::tr("1 process survived (state %1).")
                     .arg(QLatin1Char(report.cascade.survivors.first().state));
    else if (survivors > 1)
        lines << TrayNotificationText::tr("%n processes survived.", nullptr, survivors);
    n.text = lines.join(QLatin1Char('\n'));
    n.line = TrayNotificationText::tr("%1: %2").arg(n.title, what);
    return n;
}

NotificationThrottle::NotificationThrottle(const Clock &clock, qint64 windowMs, QObject *parent)
    : QObject(parent), m_clock(clock), m_windowMs(windowMs)
{
    m_timer.setSingleShot(true);
    // A minute's window: being a few seconds late would not matter, but tests and people expect "a minute".
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &NotificationThrottle::poll);
}

void NotificationThrottle::setAutoPoll(bool on)
{
    m_autoPoll = on;
    reschedule();
}

void NotificationThrottle::post(TrayNotification notification)
{
    const QString condition = notification.condition;
    Condition &c = m_conditions[condition];
    bool replaced = false;
    for (TrayNotification &pending : c.pending) {
        if (pending.session == notification.session) {
            notification.merged += pending.merged;
            pending = std::move(notification);
            replaced = true;
            break;
        }
    }
    if (!replaced)
        c.pending.append(std::move(notification));

    const qint64 now = m_clock.nowMs();
    if (isOpen(c, now))
        release(condition, now);
    reschedule();
}

void NotificationThrottle::poll()
{
    const qint64 now = m_clock.nowMs();
    QStringList due;
    for (auto it = m_conditions.cbegin(); it != m_conditions.cend(); ++it) {
        if (!it->pending.isEmpty() && isOpen(*it, now))
            due << it.key();
    }
    for (const QString &condition : std::as_const(due))
        release(condition, now);
    reschedule();
}

qint64 NotificationThrottle::nextDueMs() const
{
    const qint64 now = m_clock.nowMs();
    qint64 next = -1;
    for (const Condition &c : m_conditions) {
        if (c.pending.isEmpty())
            continue;
        const qint64 due = isOpen(c, now) ? 0 : qMax<qint64>(1, c.shownAtMs + m_windowMs - now);
        if (next < 0 || due < next)
            next = due;
    }
    return next;
}

int NotificationThrottle::pendingCount(const QString &condition) const
{
    const auto it = m_conditions.constFind(condition);
    return it == m_conditions.cend() ? 0 : int(it->pending.size());
}

void NotificationThrottle::discard(const QString &condition)
{
    const auto it = m_conditions.find(condition);
    if (it != m_conditions.end())
        it->pending.clear();
    reschedule();
}

void NotificationThrottle::release(const QString &condition, qint64 nowMs)
{
    Condition &c = m_conditions[condition];
    const QList<TrayNotification> entries = std::exchange(c.pending, {});
    if (entries.isEmpty())
        return;
    c.shown = true;
    c.shownAtMs = nowMs;
    // Last: a slot may post again.
    Q_EMIT show(merge(condition, entries));
}

void NotificationThrottle::reschedule()
{
    const qint64 due = m_autoPoll ? nextDueMs() : -1;
    if (due < 0)
        m_timer.stop();
    else
        m_timer.start(std::chrono::milliseconds(due));
}

TrayNotification NotificationThrottle::merge(const QString &condition, const QList<TrayNotification> &entries)
{
    if (entries.size() == 1)
        return entries.first();

    TrayNotification n;
    n.condition = condition;
    const int count = int(entries.size());
    if (condition == QLatin1String("leak"))
        n.title = tr("%n sessions leaked", nullptr, count);
    else if (condition == QLatin1String("reap"))
        n.title = tr("%n automatic reaps", nullptr, count);
    else
        n.title = tr("%n notifications", nullptr, count);

    QStringList lines;
    n.merged = 0;
    n.target = entries.first().target;
    for (const TrayNotification &e : entries) {
        n.merged += e.merged;
        if (e.target != n.target)
            n.target.clear(); // several places to go: the window itself
        if (lines.size() < kMaxLines)
            lines << (e.line.isEmpty() ? e.title : e.line);
    }
    if (count > kMaxLines)
        lines << tr("and %n more", nullptr, count - kMaxLines);
    n.text = lines.join(QLatin1Char('\n'));
    n.line = n.title;
    return n;
}

} // namespace agentmon
