#pragma once

#include "clock.h"
#include "paths.h"

#include <QObject>

#include <memory>
#include <optional>

namespace agentmon {

class MainWindow;
class MonitorBackend;
class SingleInstance;
class TrayController;

struct AppOptions {
    bool minimized = false;      // --minimized: the tray only
    std::optional<quint16> port; // --port N
};

// The desktop app as one object (main() only parses options): one per user (SingleInstance), the backend
// that runs or reaches the instance, the window and the tray. Quitting runs the instance's shutdown cascade
// before finished().
class AgentmonApp : public QObject {
    Q_OBJECT
public:
    AgentmonApp(const Paths &paths, AppOptions options, QObject *parent = nullptr);
    ~AgentmonApp() override;

    // False when another agentmon of this user runs: then raiseOther() asks it to show its window.
    bool claim();
    bool raiseOther();
    // Creates the backend, window and tray (start() does it when not done yet); tests adjust them between.
    void prepare();
    void start();
    void quit();

    MonitorBackend *backend() const { return m_backend.get(); }
    MainWindow *window() const { return m_window.get(); }
    TrayController *tray() const { return m_tray.get(); }

Q_SIGNALS:
    // The instance has shut down after quit(): the event loop may end.
    void finished();

private:
    Paths m_paths;
    AppOptions m_options;
    SystemClock m_clock;
    std::unique_ptr<SingleInstance> m_single;
    std::unique_ptr<MonitorBackend> m_backend;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<TrayController> m_tray;
    bool m_quitting = false;
};

} // namespace agentmon
