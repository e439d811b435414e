#include "agentmonapp.h"

#include "mainwindow.h"
#include "monitorbackend.h"
#include "singleinstance.h"
#include "traycontroller.h"

namespace agentmon {

AgentmonApp::AgentmonApp(const Paths &paths, AppOptions options, QObject *parent)
    : QObject(parent), m_paths(paths), m_options(options),
      m_single(std::make_unique<SingleInstance>(paths.runtimeDir()))
{
}

AgentmonApp::~AgentmonApp()
{
    m_tray.reset();
    m_window.reset();
    m_backend.reset();
}

bool AgentmonApp::claim()
{
    return m_single->claim();
}

bool AgentmonApp::raiseOther()
{
    return m_single->notifyFirst();
}

void AgentmonApp::prepare()
{
    if (m_backend)
        return;
    m_backend = std::make_unique<MonitorBackend>(m_paths, m_options.port);
    m_window = std::make_unique<MainWindow>(m_backend.get());
    m_tray = std::make_unique<TrayController>(m_backend.get(), m_window.get(), m_paths, m_clock);
    connect(m_single.get(), &SingleInstance::raiseRequested, m_window.get(), &MainWindow::raiseAndActivate);
    connect(m_window.get(), &MainWindow::quitRequested, this, &AgentmonApp::quit);
    connect(m_window.get(), &MainWindow::closed, m_tray.get(), &TrayController::windowClosed);
    connect(m_tray.get(), &TrayController::quitRequested, this, &AgentmonApp::quit);
}

void AgentmonApp::start()
{
    prepare();
    m_tray->start(m_options.minimized);
    m_backend->start();
}

void AgentmonApp::quit()
{
    if (m_quitting)
        return;
    m_quitting = true;
    if (m_window)
        m_window->hide();
    // The instance's shutdown cascade first (agents it launched), then the event loop.
    if (m_backend)
        m_backend->stop([this] { Q_EMIT finished(); });
    else
        Q_EMIT finished();
}

} // namespace agentmon
