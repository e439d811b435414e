#include "traystate.h"

#include "coretext.h"
#include "humanformat.h"

#include <QCoreApplication>
#include <QDir>
#include <QIconEngine>
#include <QPainter>
#include <QPixmap>
#include <QPixmapCache>
#include <QSvgRenderer>

#include <algorithm>

namespace agentmon {

// The translation context of the tray's texts that belong to no QObject.
class TrayState {
    Q_DECLARE_TR_FUNCTIONS(agentmon::TrayState)
};

namespace {

QString shortenHome(const QString &path)
{
    const QString home = QDir::homePath();
    if (home.isEmpty() || home == QLatin1String("/"))
        return path;
    if (path == home)
        return QStringLiteral("~");
    if (path.startsWith(home) && path.at(home.size()) == QLatin1Char('/'))
        return QLatin1Char('~') + path.mid(home.size());
    return path;
}

} // namespace

QString trayLabel(const SessionRecord &session)
{
    const QString agent = session.agent.isEmpty() ? session.rootComm : session.agent;
    const QString project = shortenHome(session.projectDir);
    if (agent.isEmpty() && project.isEmpty())
        return shortSessionId(session.id);
    if (project.isEmpty())
        return TrayState::tr("%1 (%2)").arg(agent, shortSessionId(session.id));
    return TrayState::tr("%1 in %2").arg(agent.isEmpty() ? TrayState::tr("agent") : agent, project);
}

TraySummary summarize(const Snapshot &snapshot, PressureLevel level, const QStringList &reasons,
                      qint64 lingerMs, bool reaperPaused)
{
    TraySummary s;
    s.level = level;
    s.reasons = reasons;
    s.reaperPaused = reaperPaused;
    for (const ProcessRecord &p : snapshot.processes) {
        if (!p.isAgent() || p.info.isZombie() || p.status == ProcessStatus::Zombie)
            continue;
        ++s.agents;
        s.agentRssKb += p.info.rssKb;
        if (p.status == ProcessStatus::Orphan) {
            ++s.orphans;
            s.orphanKb += p.info.rssKb;
        }
    }
    for (const SessionRecord &session : snapshot.sessions) {
        if (!session.leaked(snapshot.takenAtMs, lingerMs))
            continue;
        s.leaked.append({session.id, trayLabel(session), session.processCount, session.rssKb});
        s.leakedProcesses += session.processCount;
        s.leakedKb += session.rssKb;
    }
    std::sort(s.leaked.begin(), s.leaked.end(), [](const LeakedSession &a, const LeakedSession &b) {
        return a.kb != b.kb ? a.kb > b.kb : a.id < b.id;
    });
    s.leakedSessions = int(s.leaked.size());
    return s;
}

TrayLook trayLook(const TraySummary &summary)
{
    if (!summary.connected)
        return TrayLook::Warning;
    switch (summary.level) {
    case PressureLevel::Ok:
        return TrayLook::Ok;
    case PressureLevel::Warning:
        return TrayLook::Warning;
    case PressureLevel::Critical:
        return TrayLook::Critical;
    }
    return TrayLook::Ok;
}

bool trayBadge(const TraySummary &summary)
{
    return summary.connected && (summary.orphans > 0 || summary.leakedSessions > 0);
}

QString trayToolTip(const TraySummary &s)
{
    if (!s.connected)
        return TrayState::tr("no connection to the agentmon instance");

    // Explicit singulars: no English translation file exists to turn "%n agents" into "1 agent".
    QStringList parts;
    if (s.agents == 0)
        parts << TrayState::tr("no agents");
    else if (s.agents == 1)
        parts << TrayState::tr("1 agent, %1").arg(formatKb(s.agentRssKb));
    else
        parts << TrayState::tr("%n agents, %1", nullptr, s.agents).arg(formatKb(s.agentRssKb));

    if (s.orphans == 1)
        parts << TrayState::tr("1 orphan");
    else if (s.orphans > 1)
        parts << TrayState::tr("%n orphans", nullptr, s.orphans);

    if (s.leakedSessions > 0) {
        const QString processes = s.leakedProcesses == 1
                                      ? TrayState::tr("1 process")
                                      : TrayState::tr("%n processes", nullptr, s.leakedProcesses);
        if (s.leakedSessions == 1)
            parts << TrayState::tr("1 leaked session (%1, %2)").arg(processes, formatKb(s.leakedKb));
        else
            parts << TrayState::tr("%n leaked sessions (%1, %2)", nullptr, s.leakedSessions)
                         .arg(processes, formatKb(s.leakedKb));
    }

    const QString reason = s.reasons.isEmpty() ? QString() : translateCoreText(s.reasons.first());
    switch (s.level) {
    case PressureLevel::Ok:
        parts << TrayState::tr("memory ok");
        break;
    case PressureLevel::Warning:
        parts << (reason.isEmpty() ? TrayState::tr("memory warning")
                                   : TrayState::tr("memory warning: %1").arg(reason));
        break;
    case PressureLevel::Critical:
        parts << (reason.isEmpty() ? TrayState::tr("memory critical")
                                   : TrayState::tr("memory critical: %1").arg(reason));
        break;
    }

    if (s.reaperPaused)
        parts << TrayState::tr("reaper paused");
    return parts.join(TrayState::tr("; ", "between the parts of the tray tooltip"));
}

namespace {

// Draws the state SVG and, for the badge, the leak drop over the lower-right corner, at any size. Rendered
// pixmaps go to QPixmapCache, so a tray host asking for the same size again costs nothing.
class TrayIconEngine final : public QIconEngine {
public:
    TrayIconEngine(TrayLook look, bool badge) : m_look(look), m_badge(badge) {}

    void paint(QPainter *painter, const QRect &rect, QIcon::Mode mode, QIcon::State) override
    {
        // Square and centred: the SVGs are square.
        const int side = qMin(rect.width(), rect.height());
        const QRectF square(rect.x() + (rect.width() - side) / 2.0, rect.y() + (rect.height() - side) / 2.0,
                            side, side);
        painter->save();
        if (mode == QIcon::Disabled)
            painter->setOpacity(0.45);
        QSvgRenderer base(baseFile());
        base.render(painter, square);
        if (m_badge) {
            // The drop's white rim keeps it apart from every base colour, so nothing is cleared under it.
            const qreal badgeSide = square.width() * 0.45;
            QSvgRenderer badge(QStringLiteral(":/icons/state-leak-badge.svg"));
            badge.render(painter, QRectF(square.right() - badgeSide, square.bottom() - badgeSide, badgeSide,
                                         badgeSide));
        }
        painter->restore();
    }

    // The size is in device pixels: QIcon::pixmap(size, dpr) asks for size * dpr and sets the ratio itself
    // (the default scaledPixmap() forwards here).
    QPixmap pixmap(const QSize &size, QIcon::Mode mode, QIcon::State state) override
    {
        if (size.isEmpty())
            return QPixmap();
        const QString key = QStringLiteral("agentmon-tray-%1-%2-%3-%4x%5")
                                .arg(int(m_look))
                                .arg(int(m_badge))
                                .arg(int(mode))
                                .arg(size.width())
                                .arg(size.height());
        QPixmap pm;
        if (!QPixmapCache::find(key, &pm)) {
            pm = QPixmap(size);
            pm.fill(Qt::transparent);
            QPainter painter(&pm);
            painter.setRenderHint(QPainter::Antialiasing);
            paint(&painter, QRect(QPoint(0, 0), size), mode, state);
            painter.end();
            QPixmapCache::insert(key, pm);
        }
        return pm;
    }

    QSize actualSize(const QSize &size, QIcon::Mode, QIcon::State) override
    {
        const int side = qMin(size.width(), size.height());
        return QSize(side, side);
    }

    QList<QSize> availableSizes(QIcon::Mode, QIcon::State) override
    {
        return {QSize(16, 16), QSize(22, 22), QSize(24, 24), QSize(32, 32), QSize(48, 48), QSize(64, 64)};
    }

    QString key() const override { return QStringLiteral("agentmon-tray"); }
    QIconEngine *clone() const override { return new TrayIconEngine(m_look, m_badge); }
    bool isNull() override { return false; }

private:
    QString baseFile() const
    {
        switch (m_look) {
        case TrayLook::Ok:
            break;
        case TrayLook::Warning:
            return QStringLiteral(":/icons/state-warning.svg");
        case TrayLook::Critical:
            return QStringLiteral(":/icons/state-critical.svg");
        }
        return QStringLiteral(":/icons/state-ok.svg");
    }

    TrayLook m_look;
    bool m_badge;
};

} // namespace

QIcon trayIcon(TrayLook look, bool badge)
{
    static QHash<int, QIcon> cache;
    const int key = int(look) * 2 + (badge ? 1 : 0);
    auto it = cache.find(key);
    if (it == cache.end())
        it = cache.insert(key, QIcon(new TrayIconEngine(look, badge)));
    return *it;
}

TrayStateTracker::TrayStateTracker(QObject *parent) : QObject(parent) {}

void TrayStateTracker::update(const TraySummary &summary)
{
    m_summary = summary;

    const TrayLook look = trayLook(summary);
    const bool badge = trayBadge(summary);
    const QString toolTip = trayToolTip(summary);
    const bool lookChanges = !m_started || look != m_look || badge != m_badge;
    const bool toolTipChanges = !m_started || toolTip != m_toolTip;
    m_started = true;
    m_look = look;
    m_badge = badge;
    m_toolTip = toolTip;

    // State first, then the transitions, so that a slot of a transition sees the new state.
    if (lookChanges)
        Q_EMIT lookChanged(look, badge);
    if (toolTipChanges)
        Q_EMIT toolTipChanged(toolTip);

    if (!summary.connected)
        return;
    const PressureLevel before = m_judgedLevel;
    m_judgedLevel = summary.level;
    if (summary.level > before)
        Q_EMIT pressureRaised(summary.level, summary.reasons);

    QSet<QString> leaks;
    leaks.reserve(summary.leaked.size());
    QStringList appeared;
    for (const LeakedSession &s : summary.leaked) {
        leaks.insert(s.id);
        if (!m_judgedLeaks.contains(s.id))
            appeared << s.id;
    }
    m_judgedLeaks = std::move(leaks);
    for (const QString &id : std::as_const(appeared))
        Q_EMIT leakAppeared(id);
}

LeakedSession TrayStateTracker::leakedSession(const QString &id) const
{
    for (const LeakedSession &s : m_summary.leaked) {
        if (s.id == id)
            return s;
    }
    return {};
}

} // namespace agentmon
