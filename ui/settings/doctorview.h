#pragma once

#include <QJsonObject>
#include <QStringList>
#include <QWidget>

class QAction;
class QLabel;
class QProgressBar;
class QScrollArea;
class QSplitter;
class QStandardItem;
class QStandardItemModel;
class QToolButton;
class QTreeView;
class QVBoxLayout;

namespace agentmon {

// The findings of `agentmonctl doctor --json` (or GET /api/doctor): a headline, each problem with its fix
// (selectable, with a Copy button), and the rest of the report as a tree of key and value (objectName
// "reportTree"; the text of column 0 is the key, or a section's title, or "#n" for the elements of an array).
// Refresh (F5) asks for a new report; fetching it is the owner's business, shown meanwhile by setBusy(true).
class DoctorView : public QWidget {
    Q_OBJECT
public:
    explicit DoctorView(QWidget *parent = nullptr);
    ~DoctorView() override;

    // {"problems": [{"problem", "fix"}], "instance": {...}, "registry": {...}, ...}. Ends the busy state.
    void setReport(const QJsonObject &doctor);
    QJsonObject report() const { return m_report; }
    // Waiting for a report: the last one stays visible, Refresh is disabled.
    void setBusy(bool busy);
    bool isBusy() const { return m_busy; }
    // The report could not be had (no agentmonctl, bad JSON, ...). Ends the busy state.
    void setError(const QString &error);

    QString headline() const;
    int problemCount() const { return int(m_problems.size()); }
    QAction *refreshAction() const { return m_refresh; }

Q_SIGNALS:
    void refreshRequested();

private:
    struct Problem {
        QString problem;
        QString fix;
    };

    void setHeadline(const QString &iconName, const QString &text, const QString &detail);
    void rebuildProblems();
    void rebuildTree();
    void addValue(QStandardItem *parent, const QString &key, const QJsonValue &value, const QString &path,
                  int depth);
    void updateBusy();

    QJsonObject m_report;
    QList<Problem> m_problems;
    bool m_busy = false;
    bool m_failed = false;
    bool m_sized = false;
    QString m_detail;
    QStringList m_expanded;  // paths of expanded items, kept over refreshes
    QStringList m_collapsed; // top-level sections a person collapsed

    QLabel *m_icon = nullptr;
    QLabel *m_headline = nullptr;
    QLabel *m_detailLabel = nullptr;
    QProgressBar *m_progress = nullptr;
    QToolButton *m_refreshButton = nullptr;
    QAction *m_refresh = nullptr;
    QSplitter *m_splitter = nullptr;
    QScrollArea *m_problemsArea = nullptr;
    QWidget *m_problemsWidget = nullptr;
    QVBoxLayout *m_problemsLayout = nullptr;
    QStandardItemModel *m_model = nullptr; // (a QTreeWidget's own model fails QAbstractItemModelTester)
    QTreeView *m_tree = nullptr;
};

} // namespace agentmon
