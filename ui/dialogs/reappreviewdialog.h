#pragma once

#include "reaper.h"

#include <QAbstractTableModel>
#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;
class QToolButton;
class QTreeWidget;

namespace agentmon {

// What a person asked to reap; ReapRequest knows only passes and sessions.
enum class ReapKind { Session, Orphans, Selected };

// The processes of a reap: before it (what will be signalled) and after it (what happened to each).
class ReapTargetModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Pid, Outcome, Session, Class, Status, Reason, Rss, Command, ColumnCount };
    enum class Result {
        Planned,      // preview, or a dry run
        KilledByTerm, // confirmed dead after SIGTERM
        KilledByKill, // confirmed dead after SIGKILL
        AlreadyGone,  // gone before its first signal
        Survived,     // still there after SIGKILL and the confirmation
        Skipped,      // refused by the cascade (e.g. agentmon's own ancestor)
        Unknown,      // no record of it in the report
    };
    // Raw values for sorting: numbers for PID and RSS, severity for the outcome.
    static constexpr int SortRole = Qt::UserRole;

    struct Row {
        ProcessKey key;
        int pgid = 0;
        QString session;
        ProcessClass cls = ProcessClass::None;
        ProcessStatus status = ProcessStatus::Running;
        QString reason;
        quint64 rssKb = 0;
        QStringList argv;
        bool known = true; // false: found during the reap (a process group member, a child forked meanwhile)
        Result result = Result::Planned;
        QString outcome;
    };

    explicit ReapTargetModel(QObject *parent = nullptr);

    void setRows(QList<Row> rows);
    const QList<Row> &rows() const { return m_rows; }
    ProcessKey keyAt(int row) const { return m_rows.value(row).key; }
    int rowOf(const ProcessKey &key) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<Row> m_rows;
};

// The preview of a reap (the reaper's dry run: exactly what will be signalled), then its progress, then the
// receipt of what happened. Non-modal: the caller open()s it, computes the plan, calls setPreview(), runs the
// reap on confirmed() and hands the report to setReport().
class ReapPreviewDialog : public QDialog {
    Q_OBJECT
public:
    enum class State { Loading, Preview, Signalling, Receipt, Error };

    explicit ReapPreviewDialog(QWidget *parent = nullptr);

    // "claude in ~/src/app": how people know the session; shown in the headline of a session reap.
    void setSessionLabel(const QString &label);

    void setLoading();
    void setPreview(ReapKind kind, const ReapRequest &request, const ReapPlan &plan);
    void setReport(const ReapReport &report);
    void setError(const QString &message);

    ReapKind kind() const { return m_kind; }
    State state() const { return m_state; }
    QSize sizeHint() const override;

    // What the dialog shows, for tests and the caller.
    QString headline() const;
    QString summary() const;
    ReapTargetModel *targetModel() const { return m_model; }
    QSortFilterProxyModel *sortedModel() const { return m_sorted; }
    QTableView *targetView() const { return m_view; }
    QList<ProcessKey> shownTargets() const;
    QList<SkipRecord> shownSkipped() const;
    bool isSkippedExpanded() const;
    quint64 plannedRssKb() const { return m_plannedRssKb; }
    // Null when the current state has no such button.
    QPushButton *confirmButton() const;
    QPushButton *cancelButton() const;
    QPushButton *closeButton() const;

    void reject() override;

Q_SIGNALS:
    // The person confirmed the reap shown; emitted once per preview.
    void confirmed();

private:
    void onConfirm();
    void setSkipped(const QList<SkipRecord> &skipped);
    void setSkippedExpanded(bool expanded);
    void showButtons(bool cancel, bool confirm, bool close);
    void setBusy(bool busy);
    void updateFiller();
    QString headlineFor(int count) const;

    ReapKind m_kind = ReapKind::Session;
    State m_state = State::Loading;
    ReapRequest m_request;
    QString m_sessionLabel;
    quint64 m_plannedRssKb = 0;
    int m_targetCount = 0;
    int m_filler = -1; // index of the stretch in the dialog's layout

    QLabel *m_headline = nullptr;
    QLabel *m_summary = nullptr;
    QProgressBar *m_busy = nullptr;
    ReapTargetModel *m_model = nullptr;
    QSortFilterProxyModel *m_sorted = nullptr;
    QTableView *m_view = nullptr;
    QToolButton *m_skippedToggle = nullptr;
    QTreeWidget *m_skipped = nullptr;
    QList<SkipRecord> m_skippedRecords;
    QDialogButtonBox *m_buttons = nullptr;
    QPushButton *m_cancel = nullptr;
    QPushButton *m_confirm = nullptr;
    QPushButton *m_close = nullptr;
};

} // namespace agentmon
