#pragma once

#include "monitorbackend.h"
#include "notificationthrottle.h"
#include "traystate.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>

class QAction;
class QMenu;
class QSystemTrayIcon;

namespace agentmon {

class Clock;
class MainWindow;

// The part of agentmon that is always there: the tray icon with the state at a glance, its menu, the
// notifications (rate-limited by NotificationThrottle), and the window's life: closing the window hides it
// while the icon is up, so the instance (sampler, periodic reaper, policies, API) keeps running.
//
// The icon needs a tray host. When none is there yet (a session still starting), the controller asks again
// every two seconds for thirty seconds, then gives up and keeps the window instead, and says so.
class TrayController : public QObject {
    Q_OBJECT
public:
    TrayController(MonitorBackend *backend, MainWindow *window, const Paths &paths, const Clock &clock,
                   QObject *parent = nullptr);
    ~TrayController() override;

    // For tests: whether a tray host is there (default QSystemTrayIcon::isSystemTrayAvailable) and how long
    // to wait for one.
    void setTrayAvailability(std::function<bool()> available) { m_available = std::move(available); }
    void setRetry(int intervalMs, int attempts);

    // Shows the icon when a tray host is there (or waits for one); the window stays hidden when minimized.
    void start(bool minimized);
    bool isInTray() const;
    // No tray host came: the window stays, and closing it quits.
    bool gaveUp() const { return m_gaveUp; }
    // Further attempts before giving up on a tray host.
    int attemptsLeft() const { return m_attemptsLeft; }
    // The person closed the window: hidden in the tray (said once), or quit when there is no tray.
    void windowClosed();
    // What a click on the notification shown last opens.
    void activateLastNotification();

    QSystemTrayIcon *icon() const { return m_icon; }
    QMenu *menu() const { return m_menu; }
    TrayStateTracker *tracker() { return &m_tracker; }
    NotificationThrottle *throttle() { return &m_throttle; }
    const TraySummary &summary() const { return m_summary; }
    QString lastReapText() const;

Q_SIGNALS:
    void quitRequested();
    void notificationShown(const agentmon::TrayNotification &notification);

private:
    void tryShowIcon();
    void onSnapshot(const Snapshot &snapshot, const MonitorStatus &status);
    void onReaped(const ReapReport &report);
    void showNotification(const TrayNotification &notification);
    void toggleWindow();
    void showWindow();

    MonitorBackend *m_backend;
    QPointer<MainWindow> m_window;
    Paths m_paths;
    QSystemTrayIcon *m_icon = nullptr;
    QMenu *m_menu = nullptr;
    QAction *m_showAction = nullptr;
    QAction *m_reapAction = nullptr;
    QAction *m_pauseAction = nullptr;
    QAction *m_lastReapAction = nullptr;
    QAction *m_quitAction = nullptr;
    TrayStateTracker m_tracker;
    NotificationThrottle m_throttle;
    QTimer m_retryTimer;
    std::function<bool()> m_available;
    int m_attemptsLeft = 15;
    bool m_minimized = false;
    bool m_gaveUp = false;
    TraySummary m_summary;
    TrayNotification m_lastShown;
    ReapReport m_lastReap;
    qint64 m_lastReapWallMs = 0;
};

} // namespace agentmon
