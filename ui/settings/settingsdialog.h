#pragma once

#include <QDialog>
#include <QHash>
#include <QList>
#include <QString>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QFormLayout;
class QFrame;
class QIcon;
class QLabel;
class QListWidget;
class QSpinBox;
class QStackedWidget;

namespace agentmon {

// Editor of agentmon.conf (and of the autostart entry) over the typed Settings. Every editor's objectName is
// its settings key ("reaper/graceMs", "policy/leaks", ...; "autostart" for the autostart box). Nothing is
// written before Apply or OK; then a value equal to its default leaves the file, a changed one is written and
// an untouched one is left as it is (so that writes of others, such as the tray pausing the reaper, survive).
// The running instance watches the file and applies what changed.
class SettingsDialog : public QDialog {
    Q_OBJECT
public:
    enum Page {
        SamplingPage,
        ReaperPage,
        StatusesPage,
        PressurePage,
        PoolPage,
        PoliciesPage,
        RulesPage,
        ApiPage,
        StartupPage,
        HistoryPage,
        OtherPage, // numeric keys that no page knows yet; present only when there are some
    };
    Q_ENUM(Page)

    SettingsDialog(const QString &configFile, const QString &rulesFile, QWidget *parent = nullptr);
    ~SettingsDialog() override;

    QString configFile() const { return m_configFile; }
    QString rulesFile() const { return m_rulesFile; }

    void setCurrentPage(Page page);
    Page currentPage() const;
    bool hasPage(Page page) const { return m_pageIndex.contains(page); }

    // The program the autostart entry starts (default: this program).
    void setAutostartExecutable(const QString &path) { m_executable = path; }

    // Something differs from what was read (or from the last Apply).
    bool isModified() const;

public Q_SLOTS:
    // Writes what changed; false when something could not be written (the dialog says what).
    bool apply();
    // Reads the file (and the autostart entry) again, dropping edits.
    void reload();
    // Default values on the current page / on every page; written only by Apply or OK.
    void restorePageDefaults();
    void restoreAllDefaults();
    // Runs the user rules file through a RuleSet and shows the verdict on the Rules page.
    void checkRules();
    void openRulesFile();
    void accept() override;

Q_SIGNALS:
    // After Apply or OK wrote the settings.
    void applied();

private:
    struct NumberEditor {
        QByteArray key;
        double defaultValue = 0;
        double min = 0;
        double max = 0;
        Page page = OtherPage;
        QSpinBox *intBox = nullptr;
        QDoubleSpinBox *doubleBox = nullptr;
        double baseline = 0;
        bool invalidInFile = false; // present in the file but not a number in range: Apply replaces it

        double value() const;
        void setValue(double value) const;
    };
    struct BoolEditor {
        QByteArray key;
        Page page = OtherPage;
        QCheckBox *box = nullptr;
        bool baseline = false;
    };
    struct PolicyEditor {
        QByteArray key;
        QString defaultName;
        QComboBox *combo = nullptr;
        QLabel *explanation = nullptr;
        QString baseline;
        bool invalidInFile = false;
    };

    QWidget *addPage(Page page, const QString &title, const QString &description, const QIcon &icon,
                     QFormLayout **form);
    void addNumber(QFormLayout *form, Page page, const char *key);
    void addBool(QFormLayout *form, Page page, const char *key, const QString &label, const QString &help);
    void addPolicy(QFormLayout *form, const char *key);
    void addHelp(QFormLayout *form, const QString &help);
    void buildPages();
    void restoreDefaults(bool allPages);
    void updatePolicyExplanation(const PolicyEditor &editor);
    void updateState();
    void showApplyError(const QString &text);

    QString m_configFile;
    QString m_rulesFile;
    QString m_executable;

    QListWidget *m_sections = nullptr;
    QStackedWidget *m_stack = nullptr;
    QHash<int, int> m_pageIndex; // Page -> index in the stack
    QFrame *m_problemsFrame = nullptr;
    QLabel *m_problemsText = nullptr;
    QFrame *m_errorFrame = nullptr;
    QLabel *m_errorText = nullptr;
    QDialogButtonBox *m_buttons = nullptr;

    QList<NumberEditor> m_numbers;
    QList<BoolEditor> m_bools;
    QList<PolicyEditor> m_policies;
    QCheckBox *m_autostart = nullptr;
    bool m_autostartBaseline = false;
    QLabel *m_poolNote = nullptr;
    QLabel *m_rulesVerdict = nullptr;
    QLabel *m_rulesPath = nullptr;
    bool m_loading = false;
};

} // namespace agentmon
