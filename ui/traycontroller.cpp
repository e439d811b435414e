#include "traycontroller.h"

#include "humanformat.h"
#include "icons.h"
#include "mainwindow.h"
#include "settings.h"

#include <QAction>
#include <QDateTime>
#include <QLocale>
#include <QMenu>
#include <QSettings>
#include <QStatusBar>
#include <QSystemTrayIcon>

namespace agentmon {

namespace {
quint64 freedKb(const ReapReport &report)
{
    QHash<ProcessKey, quint64> rss;
    for (const ReapTarget &t : report.targets)
        rss.insert(t.key, t.rssKb);
    quint64 kb = 0;
    for (const KillRecord &k : report.cascade.killed)
        kb += rss.value(k.key);
    return kb;
}
} // namespace

TrayController::TrayController(MonitorBackend *backend, MainWindow *window, const Paths &paths,
                               const Clock &clock, QObject *parent)
    : QObject(parent), m_backend(backend), m_window(window), m_paths(paths), m_throttle(clock),
      m_available([] { return QSystemTrayIcon::isSystemTrayAvailable(); })
{
    m_menu = new QMenu(window);
    m_showAction = m_menu->addAction(tr("&Show agentmon"), this, &TrayController::toggleWindow);
    m_reapAction = m_menu->addAction(agentmonIcon(QLatin1StringView("kill-orphans")),
                                     tr("&Reap Orphans Now…"), this, [this] {
                                         showWindow();
                                         m_window->killOrphans();
                                     });
    m_pauseAction = m_menu->addAction(tr("&Pause Reaper"));
    m_pauseAction->setCheckable(true);
    connect(m_pauseAction, &QAction::triggered, m_backend, &MonitorBackend::setReaperPaused);
    m_menu->addSeparator();
    m_lastReapAction = m_menu->addAction(tr("No reap yet"), this, [this] {
        showWindow();
        m_window->showTab(MainWindow::HistoryTab);
    });
    m_lastReapAction->setEnabled(false);
    m_menu->addSeparator();
    m_quitAction = m_menu->addAction(tr("&Quit agentmon"), this, &TrayController::quitRequested);

    connect(m_backend, &MonitorBackend::snapshotReady, this, &TrayController::onSnapshot);
    connect(m_backend, &MonitorBackend::reaped, this, &TrayController::onReaped);
    connect(&m_tracker, &TrayStateTracker::lookChanged, this, [this](TrayLook look, bool badge) {
        if (m_icon)
            m_icon->setIcon(trayIcon(look, badge));
    });
    connect(&m_tracker, &TrayStateTracker::toolTipChanged, this, [this](const QString &text) {
        if (m_icon)
            m_icon->setToolTip(tr("agentmon: %1").arg(text));
    });
    connect(&m_tracker, &TrayStateTracker::pressureRaised, this,
            [this](PressureLevel, const QStringList &) { m_throttle.post(pressureNotification(m_summary)); });
    connect(&m_tracker, &TrayStateTracker::leakAppeared, this, [this](const QString &session) {
        // With the leak policy on "auto" the reap that follows says it; "off" means silence.
        const Settings settings(m_paths.configFile());
        const Settings::Policy policy = settings.policy("policy/leaks");
        if (policy == Settings::Policy::Off || (policy == Settings::Policy::Auto && !m_summary.reaperPaused &&
                                                m_backend->status().mode == MonitorStatus::Mode::Local))
            return;
        m_throttle.post(leakNotification(m_tracker.leakedSession(session)));
    });
    connect(&m_throttle, &NotificationThrottle::show, this, &TrayController::showNotification);
    m_retryTimer.setInterval(2000);
    connect(&m_retryTimer, &QTimer::timeout, this, &TrayController::tryShowIcon);
}

TrayController::~TrayController() = default;

void TrayController::setRetry(int intervalMs, int attempts)
{
    m_retryTimer.setInterval(intervalMs);
    m_attemptsLeft = attempts;
}

void TrayController::start(bool minimized)
{
    m_minimized = minimized;
    if (!minimized)
        showWindow();
    tryShowIcon();
}

bool TrayController::isInTray() const
{
    return m_icon && m_icon->isVisible();
}

void TrayController::tryShowIcon()
{
    if (m_icon)
        return;
    if (!m_available()) {
        if (m_attemptsLeft-- > 0) {
            if (!m_retryTimer.isActive())
                m_retryTimer.start();
            return;
        }
        m_retryTimer.stop();
        m_gaveUp = true;
        // Nowhere to live in the background: the window stays, and says why.
        showWindow();
        m_window->statusBar()->showMessage(
            tr("No system tray was found: agentmon keeps this window, and closing it quits."));
        return;
    }
    m_retryTimer.stop();
    m_icon = new QSystemTrayIcon(this);
    m_icon->setContextMenu(m_menu);
    m_icon->setIcon(trayIcon(m_tracker.look(), m_tracker.badge()));
    m_icon->setToolTip(tr("agentmon: %1").arg(trayToolTip(m_summary)));
    connect(m_icon, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason == QSystemTrayIcon::Trigger)
            toggleWindow();
    });
    connect(m_icon, &QSystemTrayIcon::messageClicked, this, &TrayController::activateLastNotification);
    m_icon->show();
}

void TrayController::onSnapshot(const Snapshot &snapshot, const MonitorStatus &status)
{
    m_summary = summarize(snapshot, status.level, status.reasons, status.lingerMs, status.reaperPaused);
    m_summary.connected =
        status.mode == MonitorStatus::Mode::Local || status.mode == MonitorStatus::Mode::Remote;
    m_tracker.update(m_summary);
    if (m_pauseAction->isChecked() != status.reaperPaused)
        m_pauseAction->setChecked(status.reaperPaused);
    m_reapAction->setEnabled(m_summary.connected);
    m_pauseAction->setEnabled(m_summary.connected);
    m_showAction->setText(m_window && m_window->isVisible() ? tr("&Hide agentmon") : tr("&Show agentmon"));
}

void TrayController::onReaped(const ReapReport &report)
{
    if (report.request.dryRun)
        return;
    m_lastReap = report;
    m_lastReapWallMs = QDateTime::currentMSecsSinceEpoch();
    m_lastReapAction->setText(lastReapText());
    m_lastReapAction->setEnabled(true);
    if (report.request.requestedBy == QLatin1String("person") || report.cascade.killed.isEmpty())
        return; // a person saw the receipt already; nothing happened otherwise
    QString label;
    if (report.request.kind == ReapRequest::Kind::Session) {
        const LeakedSession leak = m_tracker.leakedSession(report.request.session);
        label = leak.label;
    }
    m_throttle.post(reapNotification(report, label));
}

QString TrayController::lastReapText() const
{
    if (m_lastReapWallMs == 0)
        return tr("No reap yet");
    const QString when =
        QLocale().toString(QDateTime::fromMSecsSinceEpoch(m_lastReapWallMs).time(), QLocale::ShortFormat);
    const int killed = int(m_lastReap.cascade.killed.size());
    return killed == 1 ? tr("Last reap %1: 1 process, %2 freed").arg(when, formatKb(freedKb(m_lastReap)))
                       : tr("Last reap %1: %n processes, %2 freed", nullptr, killed)
                             .arg(when, formatKb(freedKb(m_lastReap)));
}

void TrayController::showNotification(const TrayNotification &notification)
{
    m_lastShown = notification;
    if (isInTray()) {
        const QSystemTrayIcon::MessageIcon icon = notification.condition == QLatin1String("pressure")
                                                      ? QSystemTrayIcon::Warning
                                                      : QSystemTrayIcon::Information;
        m_icon->showMessage(notification.title, notification.text, icon, 10'000);
    } else if (m_window) {
        m_window->statusBar()->showMessage(notification.title + QStringLiteral(": ") + notification.text,
                                           30'000);
    }
    Q_EMIT notificationShown(notification);
}

void TrayController::activateLastNotification()
{
    const QString target = m_lastShown.target;
    showWindow();
    if (target.startsWith(QLatin1String("session:")))
        m_window->selectSession(target.mid(8));
    else if (target == QLatin1String("orphans"))
        m_window->killOrphans();
    else if (target.startsWith(QLatin1String("receipt:")))
        m_window->showTab(MainWindow::HistoryTab);
}

void TrayController::windowClosed()
{
    if (!isInTray()) {
        Q_EMIT quitRequested();
        return;
    }
    // Said once, ever: closing hides, the watching goes on.
    QSettings state(m_paths.configFile(), QSettings::IniFormat);
    if (!state.value(QStringLiteral("window/closedToTrayBefore"), false).toBool()) {
        state.setValue(QStringLiteral("window/closedToTrayBefore"), true);
        m_icon->showMessage(tr("agentmon is still running"),
                            tr("It keeps watching your agents and reaping what they leak from the tray. Quit "
                               "it from the tray icon's menu."),
                            QSystemTrayIcon::Information, 10'000);
    }
    m_showAction->setText(tr("&Show agentmon"));
}

void TrayController::toggleWindow()
{
    if (m_window && m_window->isVisible() && !m_window->isMinimized()) {
        m_window->hide();
        m_showAction->setText(tr("&Show agentmon"));
    } else {
        showWindow();
    }
}

void TrayController::showWindow()
{
    if (!m_window)
        return;
    m_window->raiseAndActivate();
    m_showAction->setText(tr("&Hide agentmon"));
}

} // namespace agentmon
