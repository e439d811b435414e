#pragma once

#include "processdetails.h"

#include <QDialog>
#include <QMap>

class QLabel;
class QFormLayout;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QTreeWidget;
class QTreeWidgetItem;

namespace agentmon {

// Display texts shared by the dialogs of this library (translated, unlike core's identifiers).
namespace dialogtext {
QString className(ProcessClass cls);
QString statusName(ProcessStatus status);
// "S (sleeping)" for a /proc state letter.
QString stateName(char state);
// "5.0 s": durations of the kill cascade, which people compare with the configured grace.
QString seconds(qint64 ms);
// argv as one command line a POSIX shell reads back into the same arguments.
QString shellQuote(const QStringList &argv);
// A tooltip shown as plain text: Qt guesses rich text from a leading tag, and commands can contain any text.
// Long texts are cut.
QString plainToolTip(const QString &text);
} // namespace dialogtext

// Everything agentmon knows about one process: its record, command, environment markers, lineage and, for
// agents it launched, the tail of stderr. Non-modal; the caller fills it and refreshes it on request.
class ProcessDetailsDialog : public QDialog {
    Q_OBJECT
public:
    enum class Field {
        Pid,
        StartTime,
        Ppid,
        Pgid,
        Sid,
        Uid,
        State,
        Tty,
        Threads,
        Cpu,
        Age,
        Class,
        Rule,
        ProtectedBy,
        Status,
        Session,
        Tracked,
        Rss,
        Pss,
        Swap,
        Cwd,
    };

    explicit ProcessDetailsDialog(QWidget *parent = nullptr);

    void setDetails(const ProcessDetails &details);
    const ProcessDetails &details() const { return m_details; }
    ProcessKey key() const { return m_details.record.info.key; }

    QSize sizeHint() const override;

    // What the dialog shows, for tests.
    QString fieldText(Field field) const;
    QStringList argvLines() const;
    // "NAME=value" per marker found; empty when none.
    QStringList markerLines() const;
    QString errorText() const;
    QTreeWidget *lineageTree() const { return m_lineage; }
    bool isStderrShown() const;
    QString stderrText() const;

Q_SIGNALS:
    void refreshRequested(const agentmon::ProcessKey &key);
    // A process of the lineage was double-clicked: the caller may open its details.
    void processActivated(const agentmon::ProcessKey &key);

private:
    QWidget *createOverview();
    QWidget *createCommandPage();
    QWidget *createEnvironmentPage();
    QWidget *createLineagePage();
    QWidget *createStderrPage();
    QLabel *addField(QFormLayout *form, Field field, const QString &label);
    void setField(Field field, const QString &text);
    void fillOverview();
    void fillEnvironment();
    void fillLineage();
    void copyCommandLine();

    ProcessDetails m_details;
    QMap<Field, QLabel *> m_fields;
    QLabel *m_error = nullptr;
    QTabWidget *m_tabs = nullptr;
    QPlainTextEdit *m_argv = nullptr;
    QPushButton *m_copy = nullptr;
    QFormLayout *m_markerForm = nullptr;
    QList<QLabel *> m_markerValues;
    QLabel *m_noMarkers = nullptr;
    QTreeWidget *m_lineage = nullptr;
    QWidget *m_stderrPage = nullptr;
    QPlainTextEdit *m_stderr = nullptr;
    QPushButton *m_refresh = nullptr;
};

} // namespace agentmon
