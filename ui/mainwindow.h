#pragma once

#include "monitorbackend.h"

#include <QMainWindow>
#include <QPointer>
#include <QSettings>
#include <QTimer>

class QAction;
class QCheckBox;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QSplitter;
class QTabWidget;
class QTreeView;

namespace agentmon {

class AuditModel;
class DoctorView;
class HistoryView;
class ProcessFilterProxy;
class ProcessModel;
class ReapPreviewDialog;
class SessionModel;
enum class ReapKind;

// The agentmon window: sessions beside their processes, the history and the kill audit log, the doctor. It
// shows what the backend samples (on its worker thread) and asks it for everything else; nothing here blocks.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    enum Tab { ProcessesTab, HistoryTab, DoctorTab };

    explicit MainWindow(MonitorBackend *backend, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Brings the window up in front (a second launch of agentmon asks for this).
    void raiseAndActivate();
    // Opens the preview of a reap; returns the dialog (owned by the window, deleted when closed).
    ReapPreviewDialog *reapSession(const QString &sessionId);
    ReapPreviewDialog *killOrphans();
    ReapPreviewDialog *killSelected();
    void selectSession(const QString &sessionId);
    void showTab(Tab tab);

    // For tests and the tray: the models and views as they are.
    ProcessModel *processModel() const { return m_processes; }
    SessionModel *sessionModel() const { return m_sessions; }
    QTreeView *processView() const { return m_processView; }
    QTreeView *sessionView() const { return m_sessionView; }
    HistoryView *historyView() const { return m_history; }
    DoctorView *doctorView() const { return m_doctor; }
    QString statusText() const;
    QList<ProcessKey> selectedProcesses() const;
    QStringList selectedSessions() const;

Q_SIGNALS:
    // The person asked to quit (the menu or Ctrl+Q); closing the window only closes it.
    void quitRequested();
    // The person closed the window (it is hidden, not destroyed).
    void closed();

protected:
    void closeEvent(QCloseEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void createActions();
    void createMenus();
    QWidget *createProcessesTab();
    QWidget *createHistoryTab();
    void onStarted(const MonitorStatus &status);
    void onSnapshot(const Snapshot &snapshot, const MonitorStatus &status);
    void updateStatusBar(const MonitorStatus &status);
    void updateActions();
    void onSessionSelectionChanged();
    void showProcessMenu(const QPoint &pos);
    void showSessionMenu(const QPoint &pos);
    void openDetails(const ProcessKey &key);
    ReapPreviewDialog *openPreview(ReapKind kind, const ReapRequest &request, const QString &label);
    void refreshHistory();
    void refreshAudit();
    void refreshDoctor();
    void openSettings();
    void saveState();
    void restoreState();
    // "claude in ~/src/app" (empty when unknown), and with the short id first.
    QString sessionDescription(const QString &sessionId) const;
    QString sessionLabel(const QString &sessionId) const;

    MonitorBackend *m_backend;
    QSettings m_state; // window geometry and view layout, in agentmon.conf [window]
    ProcessModel *m_processes;
    SessionModel *m_sessions;
    ProcessFilterProxy *m_processProxy;
    QSortFilterProxyModel *m_sessionProxy;
    AuditModel *m_audit;
    QTabWidget *m_tabs = nullptr;
    QSplitter *m_splitter = nullptr;
    QSplitter *m_historySplitter = nullptr;
    QTreeView *m_sessionView = nullptr;
    QTreeView *m_processView = nullptr;
    QTreeView *m_auditView = nullptr;
    QLineEdit *m_filter = nullptr;
    QCheckBox *m_showAllBox = nullptr;
    QLabel *m_sessionTitle = nullptr;
    HistoryView *m_history = nullptr;
    DoctorView *m_doctor = nullptr;
    QLabel *m_levelIcon = nullptr;
    const char *m_shownLevelIcon = nullptr;
    QLabel *m_levelLabel = nullptr;
    QLabel *m_sampleLabel = nullptr;
    QLabel *m_reaperLabel = nullptr;
    QLabel *m_modeLabel = nullptr;
    QAction *m_reapSessionAction = nullptr;
    QAction *m_killOrphansAction = nullptr;
    QAction *m_killSelectedAction = nullptr;
    QAction *m_detailsAction = nullptr;
    QAction *m_showAllAction = nullptr;
    QAction *m_refreshAction = nullptr;
    QAction *m_findAction = nullptr;
    QAction *m_pauseAction = nullptr;
    QAction *m_settingsAction = nullptr;
    QAction *m_historyAction = nullptr;
    QAction *m_doctorAction = nullptr;
    QAction *m_quitAction = nullptr;
    QTimer m_historyTimer; // the history tab follows time while it is shown
    MonitorStatus m_status;
    qint64 m_lastSampleWallMs = 0;
    qint64 m_lastSampleUs = 0;
    int m_lastProcessCount = 0;
    bool m_layoutRestored = false; // the splitter's sizes came from the saved state, or were set once
};

} // namespace agentmon
