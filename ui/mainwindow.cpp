#include "mainwindow.h"

#include "auditmodel.h"
#include "coretext.h"
#include "doctorview.h"
#include "historyview.h"
#include "humanformat.h"
#include "modelroles.h"
#include "processdetailsdialog.h"
#include "processfilterproxy.h"
#include "processmodel.h"
#include "reapmarkers.h"
#include "reappreviewdialog.h"
#include "sessionmodel.h"
#include "settingsdialog.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QCloseEvent>
#include <QDateTime>
#include <QDir>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIcon>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>

namespace agentmon {

namespace {
QIcon icon(const char *name)
{
    return QIcon(QStringLiteral(":/icons/%1.svg").arg(QLatin1String(name)));
}

QString translatedLines(const QStringList &lines)
{
    QStringList out;
    for (const QString &line : lines)
        out << translateCoreText(line);
    return out.join(QLatin1Char('\n'));
}

void setUpTable(QTreeView *view)
{
    view->setRootIsDecorated(false);
    view->setUniformRowHeights(true); // 5,000 rows: lets the view skip measuring each one
    view->setSortingEnabled(true);
    view->setAlternatingRowColors(true);
    view->setAllColumnsShowFocus(true);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    view->setContextMenuPolicy(Qt::CustomContextMenu);
    view->header()->setSectionsMovable(true);
    view->header()->setStretchLastSection(true);
}
} // namespace

MainWindow::MainWindow(MonitorBackend *backend, QWidget *parent)
    : QMainWindow(parent), m_backend(backend), m_state(backend->paths().configFile(), QSettings::IniFormat),
      m_processes(new ProcessModel(this)), m_sessions(new SessionModel(this)),
      m_processProxy(new ProcessFilterProxy(this)), m_sessionProxy(new QSortFilterProxyModel(this)),
      m_audit(new AuditModel(this))
{
    setWindowTitle(tr("agentmon"));
    setWindowIcon(icon("agentmon"));
    m_processProxy->setSourceModel(m_processes);
    m_sessionProxy->setSourceModel(m_sessions);
    m_sessionProxy->setSortRole(roles::Sort);
    m_sessionProxy->setDynamicSortFilter(true);

    createActions();
    createMenus();

    m_tabs = new QTabWidget(this);
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(createProcessesTab(), icon("kill-selected"), tr("&Processes"));
    m_tabs->addTab(createHistoryTab(), icon("history"), tr("&History"));
    m_doctor = new DoctorView(this);
    m_tabs->addTab(m_doctor, icon("doctor"), tr("&Doctor"));
    setCentralWidget(m_tabs);
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) {
        if (index == HistoryTab) {
            refreshHistory();
            refreshAudit();
        } else if (index == DoctorTab) {
            refreshDoctor();
        }
        updateActions();
    });
    connect(m_doctor, &DoctorView::refreshRequested, this, &MainWindow::refreshDoctor);

    // Status bar: memory pressure, the last sample, the reaper, where the data comes from.
    m_levelIcon = new QLabel(this);
    m_levelLabel = new QLabel(this);
    m_sampleLabel = new QLabel(this);
    m_reaperLabel = new QLabel(this);
    m_modeLabel = new QLabel(tr("Starting…"), this);
    statusBar()->addWidget(m_levelIcon);
    statusBar()->addWidget(m_levelLabel);
    statusBar()->addWidget(m_sampleLabel);
    statusBar()->addWidget(m_reaperLabel);
    statusBar()->addPermanentWidget(m_modeLabel);

    connect(m_backend, &MonitorBackend::started, this, &MainWindow::onStarted);
    connect(m_backend, &MonitorBackend::snapshotReady, this, &MainWindow::onSnapshot);
    connect(m_backend, &MonitorBackend::reaped, this, [this] {
        if (m_tabs->currentIndex() == HistoryTab) {
            refreshHistory();
            refreshAudit();
        }
    });
    m_historyTimer.setInterval(30'000);
    connect(&m_historyTimer, &QTimer::timeout, this, [this] {
        if (isVisible() && m_tabs->currentIndex() == HistoryTab) {
            refreshHistory();
            refreshAudit();
        }
    });
    m_historyTimer.start();
    restoreState();
    updateActions();
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions()
{
    m_reapSessionAction = new QAction(icon("reap-session"), tr("&Reap Session…"), this);
    m_reapSessionAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_reapSessionAction->setToolTip(
        tr("End the selected session's whole process tree (preview first) (%1)")
            .arg(m_reapSessionAction->shortcut().toString(QKeySequence::NativeText)));
    connect(m_reapSessionAction, &QAction::triggered, this, [this] {
        const QStringList sessions = selectedSessions();
        if (!sessions.isEmpty())
            reapSession(sessions.first());
    });

    m_killOrphansAction = new QAction(icon("kill-orphans"), tr("Kill &Orphans…"), this);
    m_killOrphansAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    m_killOrphansAction->setToolTip(
        tr("One reaper pass over orphaned, idle and stale agent processes (preview first) (%1)")
            .arg(m_killOrphansAction->shortcut().toString(QKeySequence::NativeText)));
    connect(m_killOrphansAction, &QAction::triggered, this, [this] { killOrphans(); });

    m_killSelectedAction = new QAction(icon("kill-selected"), tr("&Kill Selected…"), this);
    m_killSelectedAction->setShortcut(QKeySequence::Delete);
    m_killSelectedAction->setToolTip(
        tr("End the selected processes and what they started (preview first) (%1)")
            .arg(QKeySequence(QKeySequence::Delete).toString(QKeySequence::NativeText)));
    connect(m_killSelectedAction, &QAction::triggered, this, [this] { killSelected(); });

    m_detailsAction = new QAction(tr("&Details…"), this);
    m_detailsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    connect(m_detailsAction, &QAction::triggered, this, [this] {
        const QList<ProcessKey> keys = selectedProcesses();
        if (!keys.isEmpty())
            openDetails(keys.first());
    });

    m_showAllAction = new QAction(tr("Show &All Processes"), this);
    m_showAllAction->setCheckable(true);
    m_showAllAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
    m_showAllAction->setToolTip(tr("Show every process of the machine, not only agent processes"));
    connect(m_showAllAction, &QAction::toggled, this, [this](bool all) {
        m_processes->setShowAll(all);
        m_backend->setShowAll(all);
        if (m_showAllBox && m_showAllBox->isChecked() != all)
            m_showAllBox->setChecked(all);
        m_backend->sampleNow();
    });

    m_refreshAction = new QAction(icon("refresh"), tr("&Refresh"), this);
    m_refreshAction->setShortcut(QKeySequence::Refresh);
    connect(m_refreshAction, &QAction::triggered, this, [this] {
        m_backend->sampleNow();
        if (m_tabs->currentIndex() == HistoryTab) {
            refreshHistory();
            refreshAudit();
        } else if (m_tabs->currentIndex() == DoctorTab) {
            refreshDoctor();
        }
    });

    m_findAction = new QAction(tr("&Find…"), this);
    m_findAction->setShortcut(QKeySequence::Find);
    connect(m_findAction, &QAction::triggered, this, [this] {
        showTab(ProcessesTab);
        m_filter->setFocus(Qt::ShortcutFocusReason);
        m_filter->selectAll();
    });

    m_pauseAction = new QAction(tr("&Pause Reaper"), this);
    m_pauseAction->setCheckable(true);
    m_pauseAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
    m_pauseAction->setToolTip(tr("Stop the periodic reaper and automatic policies until resumed (kept across "
                                 "restarts); your own reaps still run"));
    connect(m_pauseAction, &QAction::triggered, this,
            [this](bool paused) { m_backend->setReaperPaused(paused); });

    m_settingsAction = new QAction(icon("settings"), tr("&Settings…"), this);
    m_settingsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    m_settingsAction->setMenuRole(QAction::PreferencesRole);
    connect(m_settingsAction, &QAction::triggered, this, &MainWindow::openSettings);

    m_historyAction = new QAction(icon("history"), tr("&History"), this);
    m_historyAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_H));
    connect(m_historyAction, &QAction::triggered, this, [this] { showTab(HistoryTab); });

    m_doctorAction = new QAction(icon("doctor"), tr("&Doctor"), this);
    m_doctorAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    connect(m_doctorAction, &QAction::triggered, this, [this] { showTab(DoctorTab); });

    m_quitAction = new QAction(tr("&Quit"), this);
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &MainWindow::quitRequested);

    for (QAction *action : {m_reapSessionAction, m_killOrphansAction, m_killSelectedAction, m_detailsAction,
                            m_refreshAction, m_findAction, m_settingsAction, m_historyAction, m_doctorAction,
                            m_pauseAction, m_showAllAction, m_quitAction})
        action->setShortcutContext(Qt::WindowShortcut);
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_settingsAction);
    file->addSeparator();
    file->addAction(m_quitAction);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_showAllAction);
    view->addAction(m_findAction);
    view->addAction(m_refreshAction);
    view->addSeparator();
    view->addAction(m_historyAction);
    view->addAction(m_doctorAction);

    QMenu *actions = menuBar()->addMenu(tr("&Actions"));
    actions->addAction(m_reapSessionAction);
    actions->addAction(m_killOrphansAction);
    actions->addAction(m_killSelectedAction);
    actions->addSeparator();
    actions->addAction(m_detailsAction);
    actions->addSeparator();
    actions->addAction(m_pauseAction);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *about = help->addAction(tr("&About agentmon"));
    about->setMenuRole(QAction::AboutRole);
    connect(about, &QAction::triggered, this, [this] {
        QMessageBox::about(
            this, tr("About agentmon"),
            tr("<h3>agentmon %1</h3><p>Watches the processes of AI coding agents, tells you when "
               "they leak or memory runs short, and cleans up without hitting the wrong "
               "process.</p><p>Every signal goes to a process verified by its pid and start "
               "time.</p>")
                .arg(QCoreApplication::applicationVersion()));
    });

    QToolBar *tools = addToolBar(tr("Actions"));
    tools->setObjectName(QStringLiteral("actionsToolBar"));
    tools->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    tools->addAction(m_reapSessionAction);
    tools->addAction(m_killOrphansAction);
    tools->addAction(m_killSelectedAction);
    tools->addSeparator();
    tools->addAction(m_refreshAction);
    tools->addAction(m_settingsAction);
}

QWidget *MainWindow::createProcessesTab()
{
    auto *page = new QWidget(this);
    m_splitter = new QSplitter(Qt::Horizontal, page);
    m_splitter->setObjectName(QStringLiteral("processesSplitter"));

    // Sessions, the way a person knows them.
    auto *left = new QWidget(m_splitter);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    auto *sessionsTitle = new QLabel(tr("<b>Sessions</b>"), left);
    leftLayout->addWidget(sessionsTitle);
    m_sessionView = new QTreeView(left);
    m_sessionView->setObjectName(QStringLiteral("sessionView"));
    setUpTable(m_sessionView);
    m_sessionView->setModel(m_sessionProxy);
    m_sessionView->sortByColumn(SessionModel::Started, Qt::DescendingOrder);
    m_sessionView->setToolTip(tr("Select a session to see its processes; Esc shows all again"));
    leftLayout->addWidget(m_sessionView);
    connect(m_sessionView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::onSessionSelectionChanged);
    connect(m_sessionView, &QWidget::customContextMenuRequested, this, &MainWindow::showSessionMenu);
    sessionsTitle->setBuddy(m_sessionView);

    // Processes, filtered by the sessions chosen and the filter box.
    auto *right = new QWidget(m_splitter);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    auto *bar = new QHBoxLayout;
    m_sessionTitle = new QLabel(tr("<b>All agent processes</b>"), right);
    m_sessionTitle->setTextFormat(Qt::RichText);
    m_sessionTitle->setMinimumWidth(0);
    m_sessionTitle->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    rightLayout->addWidget(m_sessionTitle);
    bar->setContentsMargins(0, 0, 0, 0);
    m_filter = new QLineEdit(right);
    m_filter->setObjectName(QStringLiteral("filter"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setPlaceholderText(tr("Filter: pid, command, session, status…"));
    m_filter->setMinimumWidth(fontMetrics().horizontalAdvance(m_filter->placeholderText()) + 40);
    connect(m_filter, &QLineEdit::textChanged, m_processProxy, &ProcessFilterProxy::setFilterText);
    bar->addWidget(m_filter, 1);
    m_showAllBox = new QCheckBox(tr("Show all processes"), right);
    m_showAllBox->setToolTip(m_showAllAction->toolTip());
    connect(m_showAllBox, &QCheckBox::toggled, m_showAllAction, &QAction::setChecked);
    bar->addWidget(m_showAllBox);
    rightLayout->addLayout(bar);

    m_processView = new QTreeView(right);
    m_processView->setObjectName(QStringLiteral("processView"));
    setUpTable(m_processView);
    m_processView->setModel(m_processProxy);
    m_processView->sortByColumn(ProcessModel::Rss, Qt::DescendingOrder);
    rightLayout->addWidget(m_processView);
    connect(m_processView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::updateActions);
    connect(m_processView, &QTreeView::doubleClicked, this,
            [this](const QModelIndex &index) { openDetails(index.data(roles::Key).value<ProcessKey>()); });
    connect(m_processView, &QWidget::customContextMenuRequested, this, &MainWindow::showProcessMenu);

    // Sensible first widths: numbers narrow, the command wide.
    const QFontMetrics fm = fontMetrics();
    m_processView->setColumnWidth(ProcessModel::Pid, fm.horizontalAdvance(QStringLiteral("4194304")) + 24);
    m_processView->setColumnWidth(ProcessModel::Session,
                                  fm.horizontalAdvance(QStringLiteral("pid-4194304")) + 16);
    m_processView->setColumnWidth(ProcessModel::Reason, fm.horizontalAdvance(QLatin1Char('x')) * 28);
    m_processView->setColumnWidth(ProcessModel::Command, fm.horizontalAdvance(QLatin1Char('x')) * 40);
    const int x = fm.horizontalAdvance(QLatin1Char('x'));
    // Wide enough for the header and its sort arrow, or for typical content, whichever is wider.
    auto fit = [&fm](QTreeView *view, int column, int contentWidth) {
        const QString title = view->model()->headerData(column, Qt::Horizontal).toString();
        view->setColumnWidth(column, qMax(fm.horizontalAdvance(title) + 32, contentWidth));
    };
    fit(m_sessionView, SessionModel::Agent, x * 8);
    fit(m_sessionView, SessionModel::Project, x * 14);
    fit(m_sessionView, SessionModel::Started, fm.horizontalAdvance(QStringLiteral("88:88")) + 16);
    fit(m_sessionView, SessionModel::Session, x * 10);
    fit(m_sessionView, SessionModel::Processes, x * 4);
    fit(m_sessionView, SessionModel::Memory, fm.horizontalAdvance(QStringLiteral("888.8 MB")) + 16);
    for (int column : {int(ProcessModel::Class), int(ProcessModel::Status), int(ProcessModel::Rss),
                       int(ProcessModel::Pss), int(ProcessModel::Swap), int(ProcessModel::Cpu),
                       int(ProcessModel::Age), int(ProcessModel::State), int(ProcessModel::Ppid)})
        fit(m_processView, column, fm.horizontalAdvance(QStringLiteral("888.8 MB")) + 16);

    m_splitter->addWidget(left);
    m_splitter->addWidget(right);
    m_splitter->setStretchFactor(0, 2);
    m_splitter->setStretchFactor(1, 5);

    auto *layout = new QVBoxLayout(page);
    layout->addWidget(m_splitter);

    auto *escape = new QAction(this);
    escape->setShortcut(Qt::Key_Escape);
    escape->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(escape, &QAction::triggered, this, [this] {
        if (!m_filter->text().isEmpty() && m_filter->hasFocus())
            m_filter->clear();
        else
            m_sessionView->clearSelection();
    });
    page->addAction(escape);
    return page;
}

QWidget *MainWindow::createHistoryTab()
{
    m_historySplitter = new QSplitter(Qt::Vertical, this);
    m_historySplitter->setObjectName(QStringLiteral("historySplitter"));
    m_history = new HistoryView(m_historySplitter);
    connect(m_history, &HistoryView::dataWanted, this, [this](qint64 from, qint64 to, int maxPoints) {
        QPointer<HistoryView> view = m_history;
        m_backend->history(
            from, to, maxPoints,
            [view, from, to](const QList<HistorySample> &samples, const QList<AuditEntry> &rows) {
                if (view)
                    view->setData(samples, reapMarkers(rows), from, to);
            });
    });
    auto *auditBox = new QWidget(m_historySplitter);
    auto *auditLayout = new QVBoxLayout(auditBox);
    auditLayout->setContentsMargins(0, 0, 0, 0);
    auditLayout->addWidget(
        new QLabel(tr("<b>Kill audit log</b> — every process agentmon signalled or chose not "
                      "to, newest first"),
                   auditBox));
    m_auditView = new QTreeView(auditBox);
    m_auditView->setObjectName(QStringLiteral("auditView"));
    setUpTable(m_auditView);
    auto *auditSorted = new QSortFilterProxyModel(this);
    auditSorted->setSourceModel(m_audit);
    auditSorted->setSortRole(AuditModel::SortRole);
    m_auditView->setModel(auditSorted);
    m_auditView->sortByColumn(AuditModel::TimeColumn, Qt::DescendingOrder);
    const QFontMetrics fm = fontMetrics();
    const int x = fm.horizontalAdvance(QLatin1Char('x'));
    m_auditView->setColumnWidth(AuditModel::TimeColumn,
                                fm.horizontalAdvance(QStringLiteral("8888-88-88 88:88:88")) + 24);
    m_auditView->setColumnWidth(AuditModel::SessionColumn, x * 12);
    m_auditView->setColumnWidth(AuditModel::PidColumn, x * 8);
    m_auditView->setColumnWidth(AuditModel::CommandColumn, x * 32);
    m_auditView->setColumnWidth(AuditModel::ReasonColumn, x * 28);
    m_auditView->setColumnWidth(AuditModel::OutcomeColumn, x * 18);
    auditLayout->addWidget(m_auditView);
    m_historySplitter->addWidget(m_history);
    m_historySplitter->addWidget(auditBox);
    m_historySplitter->setStretchFactor(0, 3);
    m_historySplitter->setStretchFactor(1, 2);
    return m_historySplitter;
}

void MainWindow::onStarted(const MonitorStatus &status)
{
    m_status = status;
    m_pauseAction->setChecked(status.reaperPaused);
    updateStatusBar(status);
    updateActions();
}

void MainWindow::onSnapshot(const Snapshot &snapshot, const MonitorStatus &status)
{
    m_status = status;
    m_sessions->setLingerMs(status.lingerMs);
    m_processes->update(snapshot);
    m_sessions->update(snapshot);
    m_lastSampleWallMs = snapshot.takenAtWallMs;
    m_lastSampleUs = snapshot.durationUs;
    m_lastProcessCount = int(snapshot.processes.size());
    if (m_pauseAction->isChecked() != status.reaperPaused)
        m_pauseAction->setChecked(status.reaperPaused);
    updateStatusBar(status);
    updateActions();
}

void MainWindow::updateStatusBar(const MonitorStatus &status)
{
    QString level;
    const char *stateIcon = "state-ok";
    switch (status.level) {
    case PressureLevel::Ok:
        level = tr("Memory: ok");
        break;
    case PressureLevel::Warning:
        level = tr("Memory: warning");
        stateIcon = "state-warning";
        break;
    case PressureLevel::Critical:
        level = tr("Memory: critical");
        stateIcon = "state-critical";
        break;
    }
    if (m_shownLevelIcon != stateIcon) { // rendering the SVG each sample costs more than the rest of the bar
        m_shownLevelIcon = stateIcon;
        const int size = style()->pixelMetric(QStyle::PM_SmallIconSize);
        m_levelIcon->setPixmap(icon(stateIcon).pixmap(size, size));
    }
    m_levelLabel->setText(level);
    m_levelLabel->setToolTip(status.reasons.isEmpty() ? tr("No sign of memory pressure")
                                                      : translatedLines(status.reasons));
    m_levelIcon->setToolTip(m_levelLabel->toolTip());

    if (m_lastSampleWallMs > 0) {
        m_sampleLabel->setText(
            (m_lastProcessCount == 1 ? tr("Sampled %1 · 1 process")
                                     : tr("Sampled %1 · %n processes", nullptr, m_lastProcessCount))
                .arg(QLocale().toString(QDateTime::fromMSecsSinceEpoch(m_lastSampleWallMs).time(),
                                        QLocale::ShortFormat)));
        m_sampleLabel->setToolTip(
            status.mode == MonitorStatus::Mode::Local
                ? tr("The last sample of /proc took %1 ms").arg(m_lastSampleUs / 1000.0, 0, 'f', 1)
                : tr("The last answer of the running instance"));
    }

    if (status.reaperPaused)
        m_reaperLabel->setText(tr("Reaper: paused"));
    else if (status.reaperIntervalMs <= 0)
        m_reaperLabel->setText(tr("Reaper: off"));
    else if (status.reaperNextRunMs >= 0)
        m_reaperLabel->setText(
            tr("Reaper: next pass in %1").arg(formatDuration(qMax<qint64>(status.reaperNextRunMs, 1000))));
    else
        m_reaperLabel->setText(tr("Reaper: every %1").arg(formatDuration(status.reaperIntervalMs)));

    switch (status.mode) {
    case MonitorStatus::Mode::Starting:
        m_modeLabel->setText(tr("Starting…"));
        m_modeLabel->setToolTip({});
        break;
    case MonitorStatus::Mode::Local:
        m_modeLabel->setText(status.apiPort
                                 ? tr("This window runs agentmon · API 127.0.0.1:%1").arg(status.apiPort)
                                 : tr("This window runs agentmon · API off"));
        m_modeLabel->setToolTip(status.warnings.join(QLatin1Char('\n')));
        break;
    case MonitorStatus::Mode::Remote:
        m_modeLabel->setText(tr("Connected to the running agentmon (pid %1)").arg(status.instancePid));
        m_modeLabel->setToolTip(
            tr("agentmon already ran when this window opened (agentmonctl daemon, or another "
               "agentmon): this window shows it and acts through its API."));
        break;
    case MonitorStatus::Mode::Unavailable:
        m_modeLabel->setText(tr("Not running: %1").arg(status.error));
        m_modeLabel->setToolTip(tr("Trying again every few seconds"));
        break;
    }
}

QString MainWindow::statusText() const
{
    return QStringList{m_levelLabel->text(), m_sampleLabel->text(), m_reaperLabel->text(),
                       m_modeLabel->text()}
        .join(QLatin1String(" | "));
}

void MainWindow::updateActions()
{
    const bool running =
        m_status.mode == MonitorStatus::Mode::Local || m_status.mode == MonitorStatus::Mode::Remote;
    m_reapSessionAction->setEnabled(running && !selectedSessions().isEmpty());
    m_killOrphansAction->setEnabled(running);
    m_killSelectedAction->setEnabled(running && m_backend->canKillSelected() &&
                                     !selectedProcesses().isEmpty());
    m_killSelectedAction->setToolTip(
        m_backend->canKillSelected() || !running
            ? m_killSelectedAction->toolTip()
            : tr("Only the instance itself kills chosen processes: reap their session "
                 "instead"));
    m_detailsAction->setEnabled(!selectedProcesses().isEmpty());
    m_pauseAction->setEnabled(running);
}

QList<ProcessKey> MainWindow::selectedProcesses() const
{
    QList<ProcessKey> keys;
    if (!m_processView)
        return keys;
    for (const QModelIndex &index : m_processView->selectionModel()->selectedRows()) {
        if (!index.data(roles::Tombstone).toBool())
            keys.append(index.data(roles::Key).value<ProcessKey>());
    }
    return keys;
}

QStringList MainWindow::selectedSessions() const
{
    QStringList ids;
    if (m_sessionView) {
        for (const QModelIndex &index : m_sessionView->selectionModel()->selectedRows())
            ids.append(index.data(roles::SessionId).toString());
    }
    // A process chosen on the right names its session too.
    if (ids.isEmpty() && m_processView) {
        for (const QModelIndex &index : m_processView->selectionModel()->selectedRows()) {
            const QString id = index.data(roles::SessionId).toString();
            if (!id.isEmpty() && !ids.contains(id))
                ids.append(id);
        }
    }
    return ids;
}

void MainWindow::onSessionSelectionChanged()
{
    QStringList ids;
    for (const QModelIndex &index : m_sessionView->selectionModel()->selectedRows())
        ids.append(index.data(roles::SessionId).toString());
    m_processProxy->setSessionFilter(ids);
    if (ids.isEmpty())
        m_sessionTitle->setText(tr("<b>All agent processes</b>"));
    else if (ids.size() == 1)
        m_sessionTitle->setText(tr("<b>Session %1</b>").arg(sessionLabel(ids.first()).toHtmlEscaped()));
    else
        m_sessionTitle->setText(tr("<b>%n sessions</b>", nullptr, int(ids.size())));
    updateActions();
}

QString MainWindow::sessionDescription(const QString &sessionId) const
{
    const int row = m_sessions->rowOf(sessionId);
    const SessionRecord *s = row >= 0 ? m_sessions->sessionAt(row) : nullptr;
    if (!s)
        return {};
    const QString agent = s->agent.isEmpty() ? s->rootComm : s->agent;
    QString project = s->projectDir;
    const QString home = QDir::homePath();
    if (!project.isEmpty() && project.startsWith(home + QLatin1Char('/')))
        project = QLatin1Char('~') + project.mid(home.size());
    if (project.isEmpty())
        return agent;
    return tr("%1 in %2").arg(agent.isEmpty() ? tr("agent") : agent, project);
}

QString MainWindow::sessionLabel(const QString &sessionId) const
{
    const QString description = sessionDescription(sessionId);
    return description.isEmpty() ? shortSessionId(sessionId)
                                 : tr("%1 (%2)").arg(shortSessionId(sessionId), description);
}

void MainWindow::selectSession(const QString &sessionId)
{
    showTab(ProcessesTab);
    const int row = m_sessions->rowOf(sessionId);
    if (row < 0)
        return;
    const QModelIndex index = m_sessionProxy->mapFromSource(m_sessions->index(row, 0));
    m_sessionView->selectionModel()->select(index,
                                            QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_sessionView->scrollTo(index);
}

void MainWindow::showTab(Tab tab)
{
    m_tabs->setCurrentIndex(tab);
}

void MainWindow::showProcessMenu(const QPoint &pos)
{
    QMenu menu(this);
    menu.addAction(m_detailsAction);
    menu.addSeparator();
    menu.addAction(m_killSelectedAction);
    menu.addAction(m_reapSessionAction);
    menu.addSeparator();
    menu.addAction(m_showAllAction);
    menu.exec(m_processView->viewport()->mapToGlobal(pos));
}

void MainWindow::showSessionMenu(const QPoint &pos)
{
    QMenu menu(this);
    menu.addAction(m_reapSessionAction);
    QAction *clear = menu.addAction(tr("Show All Sessions"));
    connect(clear, &QAction::triggered, m_sessionView, &QTreeView::clearSelection);
    menu.exec(m_sessionView->viewport()->mapToGlobal(pos));
}

ReapPreviewDialog *MainWindow::openPreview(ReapKind kind, const ReapRequest &request, const QString &label)
{
    auto *dialog = new ReapPreviewDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (!label.isEmpty())
        dialog->setSessionLabel(label);
    dialog->setLoading();
    dialog->open();
    QPointer<ReapPreviewDialog> guard(dialog);
    auto previewId = std::make_shared<quint64>(0);
    m_backend->preview(request, [this, guard, kind, previewId](const ReapPreview &preview) {
        if (!guard) {
            m_backend->discardPreview(preview.id);
            return;
        }
        if (!preview.error.isEmpty()) {
            guard->setError(preview.error);
            return;
        }
        *previewId = preview.id;
        guard->setPreview(kind, preview.request, preview.plan);
        // The loading state was small; the plan needs the room the dialog asks for.
        guard->resize(guard->size().expandedTo(guard->sizeHint()));
    });
    connect(dialog, &ReapPreviewDialog::confirmed, this, [this, guard, previewId] {
        m_backend->execute(*previewId, [guard](const ReapReport &report, const QString &error) {
            if (!guard)
                return;
            if (!error.isEmpty())
                guard->setError(error);
            else
                guard->setReport(report);
        });
    });
    connect(dialog, &QDialog::rejected, this, [this, previewId] {
        if (*previewId)
            m_backend->discardPreview(*previewId);
    });
    return dialog;
}

ReapPreviewDialog *MainWindow::reapSession(const QString &sessionId)
{
    ReapRequest request;
    request.kind = ReapRequest::Kind::Session;
    request.session = sessionId;
    request.requestedBy = QStringLiteral("person");
    return openPreview(ReapKind::Session, request, sessionDescription(sessionId));
}

ReapPreviewDialog *MainWindow::killOrphans()
{
    ReapRequest request;
    request.kind = ReapRequest::Kind::Pass;
    request.requestedBy = QStringLiteral("person");
    return openPreview(ReapKind::Orphans, request, {});
}

ReapPreviewDialog *MainWindow::killSelected()
{
    const QList<ProcessKey> keys = selectedProcesses();
    if (keys.isEmpty())
        return nullptr;
    ReapRequest request;
    request.kind = ReapRequest::Kind::Processes;
    request.processes = keys;
    request.requestedBy = QStringLiteral("person");
    return openPreview(ReapKind::Selected, request, {});
}

void MainWindow::openDetails(const ProcessKey &key)
{
    if (!key.isValid())
        return;
    auto *dialog = new ProcessDetailsDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (const int row = m_processes->rowOf(key); row >= 0) {
        ProcessDetails first;
        first.record = *m_processes->recordAt(row);
        dialog->setDetails(first);
    }
    dialog->show();
    QPointer<ProcessDetailsDialog> guard(dialog);
    auto load = [this, guard](const ProcessKey &k) {
        m_backend->details(k, [guard](const ProcessDetails &details) {
            if (guard)
                guard->setDetails(details);
        });
    };
    load(key);
    connect(dialog, &ProcessDetailsDialog::refreshRequested, this, load);
    connect(dialog, &ProcessDetailsDialog::processActivated, this,
            [this](const ProcessKey &k) { openDetails(k); });
}

void MainWindow::refreshHistory()
{
    m_history->refresh();
}

void MainWindow::refreshAudit()
{
    QPointer<AuditModel> model = m_audit;
    m_backend->auditLog(1000, [model](const QList<AuditEntry> &entries) {
        if (model)
            model->setEntries(entries);
    });
}

void MainWindow::refreshDoctor()
{
    m_doctor->setBusy(true);
    QPointer<DoctorView> view = m_doctor;
    m_backend->doctor([view](const QJsonObject &report) {
        if (!view)
            return;
        view->setBusy(false);
        view->setReport(report);
    });
}

void MainWindow::openSettings()
{
    auto *dialog = new SettingsDialog(m_backend->paths().configFile(), m_backend->paths().rulesFile(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAutostartExecutable(QCoreApplication::applicationFilePath());
    // The instance watches agentmon.conf and applies it; a sample right away shows the effect.
    connect(dialog, &SettingsDialog::applied, m_backend, &MonitorBackend::sampleNow);
    dialog->open();
}

void MainWindow::raiseAndActivate()
{
    if (isMinimized())
        showNormal();
    show();
    raise();
    activateWindow();
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    if (m_layoutRestored)
        return;
    m_layoutRestored = true;
    // First start: room for the sessions' columns on the left, at most half the window.
    int sessionsWidth = 2 * m_sessionView->frameWidth() + 4;
    for (int column = 0; column < m_sessions->columnCount(); ++column)
        sessionsWidth += m_sessionView->columnWidth(column);
    const int total = m_splitter->width();
    sessionsWidth = qMin(sessionsWidth, total * 2 / 5);
    m_splitter->setSizes({sessionsWidth, total - sessionsWidth});
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveState();
    QMainWindow::closeEvent(event);
    if (event->isAccepted())
        Q_EMIT closed();
}

void MainWindow::saveState()
{
    m_state.beginGroup(QStringLiteral("window"));
    m_state.setValue(QStringLiteral("geometry"), saveGeometry());
    m_state.setValue(QStringLiteral("state"), QMainWindow::saveState());
    m_state.setValue(QStringLiteral("splitter"), m_splitter->saveState());
    m_state.setValue(QStringLiteral("historySplitter"), m_historySplitter->saveState());
    m_state.setValue(QStringLiteral("processColumns"), m_processView->header()->saveState());
    m_state.setValue(QStringLiteral("sessionColumns"), m_sessionView->header()->saveState());
    m_state.setValue(QStringLiteral("showAll"), m_showAllAction->isChecked());
    m_state.setValue(QStringLiteral("tab"), m_tabs->currentIndex());
    m_state.endGroup();
    m_state.sync();
}

void MainWindow::restoreState()
{
    m_state.beginGroup(QStringLiteral("window"));
    if (!restoreGeometry(m_state.value(QStringLiteral("geometry")).toByteArray())) {
        // First start: two thirds of the screen, centred.
        const QRect screen = this->screen() ? this->screen()->availableGeometry() : QRect(0, 0, 1280, 800);
        resize(qMax(900, screen.width() * 2 / 3), qMax(560, screen.height() * 2 / 3));
        move(screen.center() - rect().center());
    }
    QMainWindow::restoreState(m_state.value(QStringLiteral("state")).toByteArray());
    m_layoutRestored = m_splitter->restoreState(m_state.value(QStringLiteral("splitter")).toByteArray());
    m_historySplitter->restoreState(m_state.value(QStringLiteral("historySplitter")).toByteArray());
    m_processView->header()->restoreState(m_state.value(QStringLiteral("processColumns")).toByteArray());
    m_sessionView->header()->restoreState(m_state.value(QStringLiteral("sessionColumns")).toByteArray());
    m_showAllAction->setChecked(m_state.value(QStringLiteral("showAll"), false).toBool());
    m_tabs->setCurrentIndex(qBound(0, m_state.value(QStringLiteral("tab"), 0).toInt(), m_tabs->count() - 1));
    m_state.endGroup();
}

} // namespace agentmon
