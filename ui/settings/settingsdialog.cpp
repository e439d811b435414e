#include "settingsdialog.h"

#include "autostart.h"
#include "coretext.h"
#include "ruleset.h"
#include "settings.h"

#include <QCheckBox>
#include <QColor>
#include <QComboBox>
#include <QCoreApplication>
#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QResizeEvent>
#include <QSaveFile>
#include <QScrollArea>
#include <QSettings>
#include <QSpinBox>
#include <QStackedWidget>
#include <QStyle>
#include <QUrl>
#include <QVBoxLayout>

namespace agentmon {

namespace {

constexpr const char *context = "agentmon::SettingsDialog";

// How a numeric key of Settings::numericKeys() is shown; its range and default come from Settings itself.
struct NumberUi {
    const char *key;
    const char *label;
    const char *help;    // under the editor (null: none)
    const char *suffix;  // unit after the number
    int decimals;        // 0: a QSpinBox
    double step;         // 0: 1
    const char *offText; // shown at the minimum when the minimum turns the thing off
};

constexpr NumberUi numberUi[] = {
    // Sampling
    {"sampler/guiIntervalSeconds",
     QT_TRANSLATE_NOOP("agentmon::SettingsDialog", "Sample every (desktop app)"),
     QT_TRANSLATE_NOOP("agentmon::SettingsDialog",
                       "How often the desktop app reads the process table while it runs the instance."),
     QT_TRANSLATE_NOOP("agentmon::SettingsDialog", " s"), 1, 0.5, nullptr},
    {"sampler/daemonIntervalSeconds", QT_TRANSLATE_NOOP("agentmon::SettingsDialog", "Sample every (daemon)"),
     QT_TRANSLATE_NOOP("agentmon::SettingsDialog",
                       "The same for the headless instance (agentmonctl daemon)."),
     QT_TRANSLATE_NOOP("agentmon::SettingsDialog", " s"), 1, 0.5, nullptr},
    {"health/sweepSeconds", QT_TRANSLATE_NOOP("agentmon::SettingsDialog", "Health sweep every"),
     QT_TRANSLATE_NOOP("agentmon::SettingsDialog",
                       "Prunes registry entries of processes that exited and frees their pool slots."),
     QT_TRANSLATE_NOOP("agentmon::SettingsDialog", " s"), 0, 0, nullptr},
    // Reaper
    {"reaper/intervalMinutes", QT_TRANSLATE_NOOP("agentmon::SettingsDialog", "Reaper pass every"),
     QT_TRANSLATE_NOOP(
         "agentmon::SettingsDialog",
         "Orphaned, leaked, idle and stale agents are cleaned up on this schedule. Off: only when "
         "you ask for it."),
     QT_TRANSLATE_NOOP("agentmon::SettingsDialog", " min"), 0, 0,
     QT_TRANSLATE_NOOP("agentmon::SettingsDialog", "Off")},
    {"reaper/minAgeSeconds",
     QT_TRANSLATE_NOOP("agentmon::SettingsDialog", "Minimum age before an automatic kill"),
     QT_TRANSLATE_NOOP(
         "agentmon::SettingsDialog",
         "Nothing younger is signalled by a reaper pass or a policy; a person may still reap it."),
     QT_TRANSLATE_NOOP("agentmon::SettingsDialog", " s"), 0, 10, nullptr},
    {"reaper/graceMs", QT_TRANSLATE_NOOP("agentmon::SettingsDialog", "Grace period before SIGKILL"),
     QT_TRANSLATE_NOOP("agentmon::SettingsDialog",
                       "Time given to processes to exit after SIGTERM; the survivors then get SIGKILL."),
     QT_TRANSLATE_NOOP("agentmon::SettingsDialog", " ms"), 0, 500, nullptr},
    {"reaper/confirmMs", QT_TRANSLATE_NOOP("agentmon::SettingsDialog", "Confirmation after SIGKILL"),
     QT_TRANSLATE_NOOP("agentmon::SettingsDialog",
                       "How long to wait for the exits to be confirmed before a process is reported as a "
                       "survivor."),
     QT_TRANSLATE_NOOP("agentmon::SettingsDialog", " ms"), 0, 100, nullptr},
    // Statuses
    {"status/lingerSeconds", QT_TRANSLATE_NOOP("agentmon::SettingsDialog", "Session linger"),
     QT_TRANSLATE_NOOP("agentmon::SettingsDialog",
                       "What is still alive of a session this long after it ended counts as leaked."),
     QT_TRANSLATE_NOOP("agentmon::SettingsDialog", " s"), 0, 0, nullptr},
    {"status/idleWindowSeconds", QT_TRANSLATE_NOOP("agentmon::SettingsDialog", "Idle window"),
     QT_TRANSLATE_NOOP("agentmon::SettingsDialog",
                       "A child of an agent daemon below the idle CPU share for this long is idle."),
     QT_TRANSLATE_NOOP("agentmon::SettingsDialog", " s"), 0, 0, nullptr},
    {"status/idleCpuPercent", QT_TRANSLATE_NOOP("agentmon::SettingsDialog", "Idle below CPU"), nullptr,
     QT_TRANSLATE_NOOP("agentmon::SettingsDialog", " %"), 1, 0.5, nullptr},
    {"status/maxAgeMinutes", QT_TRANSLATE_NOOP("agentmon::SettingsDialog", "Maximum age"),
     QT_TRANSLATE_NOOP("agentmon::SettingsDialog",
                       "An agent older than this without a live session is stale."),
     QT_TRANSLATE_NOOP("agentmon::SettingsDialog", " min"), 0, 10, nullptr},
    // Memory pressure
    {"pressure/warnAvailableMb",
     QT_TRANSLATE_NOOP("agentmon::SettingsDialog", "Warning: available memory below"),
     QT_TRANSLATE_NOOP("agentmon::SettingsDialog",
                       "MemAvailable of /proc/meminfo. 0 turns this warning off."),
     QT_TRANSLATE_NOOP("agentmon::SettingsDialog", " MB"), 0, 128,
     QT_TRANSLATE_NOOP("agentmon::SettingsDialog", "Off")},
    {"pressure/warnSwapPercent", QT_TRANSLATE_NOOP("agentmon::SettingsDialog", "Warning: swap used above"),
     QT_TRANSLATE_NOOP("agentmon::SettingsDialog",
                       "Share of the swap space in use. 100 % turns this warning off."),
     QT_TRANSLATE_NOOP("agentmon::SettingsDialog", " %"), 0, 5, nullptr},
    {"pressure/warnPsiSomeAvg10",
     QT_TRANSLATE_NOOP("agentmon::SettingsDialog", "Warning: some tasks stalled above"),
     QT_TRANSLATE_NOOP(
         "agentmon::SettingsDialog",
         "Share of the last 10 seconds in which some tasks waited for memory (PSI \"some\" avg10 "
         "of /proc/pressure/memory). 100 % turns this warning off."),
     QT_TRANSLATE_NOOP("agentmon::SettingsDialog", " %"), 1, 1, nullptr},
    {"pressure/warnZombies", QT_TRANSLATE_NOOP("agentmon::SettingsDialog", "Warning: zombie processes above"),
     QT_TRANSLATE_NOOP(
         "agentmon::SettingsDialog",
         "Processes that exited but whose parent has not collected them; a growing number means "
         "a parent that leaks them."),
     nullptr, 0, 50, nullptr},
    {"pressure/critPsiFullAvg10",
     QT_TRANSLATE_NOOP("agentmon::SettingsDialog", "Critical: all tasks stalled above"),
     QT_TRANSLATE_NOOP(
         "agentmon::SettingsDialog",
         "Share of the last 10 seconds in which every task waited for memory (PSI \"full\" avg10). "
         "100 % turns this off."),
     QT_TRANSLATE_NOOP("agentmon::SettingsDialog", " %"), 1, 1, nullptr},
    {"pressure/critAvailablePercent",
     QT_TRANSLATE_NOOP("agentmon::SettingsDialog", "Critical: available memory below"),
     QT_TRANSLATE_NOOP("agentmon::SettingsDialog", "Share of the total memory. 0 turns this off."),
     QT_TRANSLATE_NOOP("agentmon::SettingsDialog", " %"), 1, 1,
     QT_TRANSLATE_NOOP("agentmon::SettingsDialog", "Off")},
    {"pressure/hysteresisPercent", QT_TRANSLATE_NOOP("agentmon::SettingsDialog", "Hysteresis"),
     QT_TRANSLATE_NOOP(
         "agentmon::SettingsDialog",
         "A level is left only when every figure is back past its threshold by this share of the "
         "threshold, so that the level does not flicker."),
     QT_TRANSLATE_NOOP("agentmon::SettingsDialog", " %"), 0, 5, nullptr},
    {"pressure/minDwellSeconds", QT_TRANSLATE_NOOP("agentmon::SettingsDialog", "Minimum time at a level"),
     QT_TRANSLATE_NOOP("agentmon::SettingsDialog",
                       "A level is left no sooner than this; going up is never delayed."),
     QT_TRANSLATE_NOOP("agentmon::SettingsDialog", " s"), 0, 5, nullptr},
    // Pool and launcher
    {"pool/maxConcurrent", QT_TRANSLATE_NOOP("agentmon::SettingsDialog", "Agents running at once"),
     QT_TRANSLATE_NOOP("agentmon::SettingsDialog",
                       "Further agents started through the pool wait for a slot."),
     nullptr, 0, 0, nullptr},
    {"pool/hardCap", QT_TRANSLATE_NOOP("agentmon::SettingsDialog", "Hard cap"),
     QT_TRANSLATE_NOOP("agentmon::SettingsDialog",
                       "With this many agents alive (tracked ones included), requests are refused instead of "
                       "queued."),
     nullptr, 0, 0, nullptr},
    {"pool/waitTimeoutSeconds", QT_TRANSLATE_NOOP("agentmon::SettingsDialog", "Wait for a slot at most"),
     QT_TRANSLATE_NOOP("agentmon::SettingsDialog",
                       "Unless the request asks for another time (spawn --wait)."),
     QT_TRANSLATE_NOOP("agentmon::SettingsDialog", " s"), 0, 0, nullptr},
    {"launcher/stderrTailBytes", QT_TRANSLATE_NOOP("agentmon::SettingsDialog", "Error output kept per agent"),
     QT_TRANSLATE_NOOP(
         "agentmon::SettingsDialog",
         "The end of the standard error of agents launched by agentmon, shown in their details."),
     QT_TRANSLATE_NOOP("agentmon::SettingsDialog", " bytes"), 0, 1024, nullptr},
    // API
    {"api/port", QT_TRANSLATE_NOOP("agentmon::SettingsDialog", "Port"),
     QT_TRANSLATE_NOOP("agentmon::SettingsDialog",
                       "The HTTP API listens on 127.0.0.1 only. A new port takes effect when the instance "
                       "restarts (the desktop app or agentmonctl daemon); their --port option overrides it."),
     nullptr, 0, 0, nullptr},
    // History
    {"history/retentionDays", QT_TRANSLATE_NOOP("agentmon::SettingsDialog", "Keep samples and kills for"),
     nullptr, QT_TRANSLATE_NOOP("agentmon::SettingsDialog", " days"), 0, 0, nullptr},
    {"history/maxMegabytes", QT_TRANSLATE_NOOP("agentmon::SettingsDialog", "Size limit of the samples"),
     QT_TRANSLATE_NOOP("agentmon::SettingsDialog",
                       "The oldest samples go first when the history grows past it."),
     QT_TRANSLATE_NOOP("agentmon::SettingsDialog", " MB"), 0, 64, nullptr},
};

const NumberUi *numberUiOf(const char *key)
{
    for (const NumberUi &ui : numberUi) {
        if (qstrcmp(ui.key, key) == 0)
            return &ui;
    }
    return nullptr;
}

QString translate(const char *text)
{
    return text ? QCoreApplication::translate(context, text) : QString();
}

bool sameNumber(double a, double b)
{
    return qAbs(a - b) <= 1e-9 * qMax(1.0, qMax(qAbs(a), qAbs(b)));
}

// A theme icon where the desktop has one, else the app's own, else the style's.
QIcon pageIcon(const QWidget *widget, const char *theme, const char *own, QStyle::StandardPixmap fallback)
{
    const QString themeName = QLatin1String(theme);
    if (QIcon::hasThemeIcon(themeName))
        return QIcon::fromTheme(themeName);
    if (own) {
        const QString path = QStringLiteral(":/icons/%1.svg").arg(QLatin1String(own));
        if (QFile::exists(path))
            return QIcon(path);
    }
    return widget->style()->standardIcon(fallback);
}

// Like KMessageWidget: a box tinted and bordered in the colour of the message, hidden until there is one.
QFrame *messageFrame(QWidget *parent, const QString &name, QStyle::StandardPixmap icon, const QColor &colour,
                     QLabel **text)
{
    auto *frame = new QFrame(parent);
    frame->setObjectName(name);
    frame->setStyleSheet(QStringLiteral("QFrame#%1 { border: 1px solid %2; border-radius: 4px; "
                                        "background-color: rgba(%3, %4, %5, 0.12); }")
                             .arg(name, colour.name())
                             .arg(colour.red())
                             .arg(colour.green())
                             .arg(colour.blue()));
    auto *layout = new QHBoxLayout(frame);
    auto *iconLabel = new QLabel(frame);
    const int size = parent->style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, parent);
    iconLabel->setPixmap(parent->style()->standardIcon(icon).pixmap(size));
    iconLabel->setAlignment(Qt::AlignTop);
    layout->addWidget(iconLabel);
    *text = new QLabel(frame);
    (*text)->setObjectName(name + QStringLiteral("Text"));
    (*text)->setWordWrap(true);
    (*text)->setTextFormat(Qt::RichText);
    (*text)->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    layout->addWidget(*text, 1);
    frame->hide();
    return frame;
}

QString htmlList(const QStringList &items)
{
    QString html = QStringLiteral("<ul style=\"margin-left: 0; -qt-list-indent: 1;\">");
    for (const QString &item : items)
        html += QStringLiteral("<li>%1</li>").arg(item.toHtmlEscaped());
    return html + QStringLiteral("</ul>");
}

// A page that scrolls only vertically: its width is the viewport's, its height what its wrapped texts need at
// that width. (QScrollArea's own resizing asks the content for the width of its longest help line.)
class PageScrollArea : public QScrollArea {
public:
    PageScrollArea(QWidget *content, QWidget *parent) : QScrollArea(parent)
    {
        setFrameShape(QFrame::NoFrame);
        setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        setWidget(content);
        content->installEventFilter(this);
    }

protected:
    void resizeEvent(QResizeEvent *event) override
    {
        QScrollArea::resizeEvent(event);
        fit();
    }
    bool viewportEvent(QEvent *event) override
    {
        if (event->type() == QEvent::Resize)
            fit();
        return QScrollArea::viewportEvent(event);
    }
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (watched == widget() && event->type() == QEvent::LayoutRequest)
            fit();
        return QScrollArea::eventFilter(watched, event);
    }

private:
    void fit()
    {
        QWidget *content = widget();
        if (!content || m_fitting)
            return;
        m_fitting = true;
        const int width = viewport()->width();
        const int height =
            content->hasHeightForWidth() ? content->heightForWidth(width) : content->sizeHint().height();
        const QSize size(width, qMax(height, viewport()->height()));
        if (content->size() != size)
            content->resize(size);
        m_fitting = false;
    }

    bool m_fitting = false;
};

} // namespace

double SettingsDialog::NumberEditor::value() const
{
    return intBox ? double(intBox->value()) : doubleBox->value();
}

void SettingsDialog::NumberEditor::setValue(double value) const
{
    if (intBox)
        intBox->setValue(int(qRound64(value)));
    else
        doubleBox->setValue(value);
}

SettingsDialog::SettingsDialog(const QString &configFile, const QString &rulesFile, QWidget *parent)
    : QDialog(parent), m_configFile(configFile), m_rulesFile(rulesFile),
      m_executable(QCoreApplication::applicationFilePath())
{
    setWindowTitle(tr("Settings — agentmon"));

    auto *layout = new QVBoxLayout(this);
    m_problemsFrame = messageFrame(this, QStringLiteral("problemsWarning"), QStyle::SP_MessageBoxWarning,
                                   QColor(0xf0, 0xa3, 0x0a), &m_problemsText);
    layout->addWidget(m_problemsFrame);
    m_errorFrame = messageFrame(this, QStringLiteral("applyError"), QStyle::SP_MessageBoxCritical,
                                QColor(0xd9, 0x2b, 0x2b), &m_errorText);
    layout->addWidget(m_errorFrame);

    auto *body = new QHBoxLayout;
    m_sections = new QListWidget(this);
    m_sections->setObjectName(QStringLiteral("sections"));
    m_sections->setSelectionMode(QAbstractItemView::SingleSelection);
    m_sections->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    const int iconSize = style()->pixelMetric(QStyle::PM_ToolBarIconSize, nullptr, this);
    m_sections->setIconSize(QSize(iconSize, iconSize));
    m_sections->setSpacing(qMax(1, fontMetrics().height() / 8));
    m_stack = new QStackedWidget(this);
    m_stack->setObjectName(QStringLiteral("pages"));
    body->addWidget(m_sections);
    body->addWidget(m_stack, 1);
    layout->addLayout(body, 1);

    m_buttons =
        new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Apply | QDialogButtonBox::Cancel |
                                 QDialogButtonBox::Reset | QDialogButtonBox::RestoreDefaults,
                             this);
    m_buttons->button(QDialogButtonBox::RestoreDefaults)
        ->setToolTip(tr("Set the values of this page to their defaults (written by Apply or OK)"));
    m_buttons->button(QDialogButtonBox::Reset)->setToolTip(tr("Drop the changes not applied yet"));
    m_buttons->button(QDialogButtonBox::Apply)
        ->setToolTip(tr("Write the changes; agentmon uses them at once"));
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_buttons->button(QDialogButtonBox::Apply), &QPushButton::clicked, this, &SettingsDialog::apply);
    connect(m_buttons->button(QDialogButtonBox::Reset), &QPushButton::clicked, this, &SettingsDialog::reload);
    connect(m_buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this,
            &SettingsDialog::restorePageDefaults);

    buildPages();

    // The list as wide as its longest entry, no wider.
    m_sections->setFixedWidth(m_sections->sizeHintForColumn(0) + 2 * m_sections->frameWidth() +
                              fontMetrics().averageCharWidth() * 3);
    connect(m_sections, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row < 0)
            return;
        m_stack->setCurrentIndex(row);
        updateState();
    });
    m_sections->setCurrentRow(0);

    reload();
    const QFontMetrics fm = fontMetrics();
    resize(fm.averageCharWidth() * 120, fm.height() * 40);
}

SettingsDialog::~SettingsDialog() = default;

QWidget *SettingsDialog::addPage(Page page, const QString &title, const QString &description,
                                 const QIcon &icon, QFormLayout **form)
{
    auto *content = new QWidget;
    content->setObjectName(QStringLiteral("page%1").arg(int(page)));
    auto *layout = new QVBoxLayout(content);
    auto *heading = new QLabel(title, content);
    QFont font = heading->font();
    font.setBold(true);
    if (font.pointSizeF() > 0)
        font.setPointSizeF(font.pointSizeF() * 1.2);
    heading->setFont(font);
    layout->addWidget(heading);
    if (!description.isEmpty()) {
        auto *text = new QLabel(description, content);
        text->setWordWrap(true);
        layout->addWidget(text);
    }
    layout->addSpacing(fontMetrics().height() / 2);
    auto *formLayout = new QFormLayout;
    formLayout->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    layout->addLayout(formLayout);
    layout->addStretch(1);

    auto *scroll = new PageScrollArea(content, m_stack);
    m_pageIndex.insert(page, m_stack->addWidget(scroll));
    auto *item = new QListWidgetItem(icon, title, m_sections);
    item->setData(Qt::UserRole, int(page));
    item->setToolTip(description);
    *form = formLayout;
    return content;
}

void SettingsDialog::addHelp(QFormLayout *form, const QString &help)
{
    if (help.isEmpty())
        return;
    auto *label = new QLabel(help);
    label->setWordWrap(true);
    label->setForegroundRole(QPalette::PlaceholderText);
    label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    label->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    QFont font = label->font();
    if (font.pointSizeF() > 0)
        font.setPointSizeF(font.pointSizeF() * 0.9);
    label->setFont(font);
    form->addRow(QString(), label);
}

void SettingsDialog::addNumber(QFormLayout *form, Page page, const char *key)
{
    NumberEditor editor;
    bool known = false;
    for (const Settings::NumericKey &numeric : Settings::numericKeys()) {
        if (qstrcmp(numeric.key, key) == 0) {
            editor.key = numeric.key;
            editor.defaultValue = numeric.defaultValue;
            editor.min = numeric.min;
            editor.max = numeric.max;
            known = true;
        }
    }
    Q_ASSERT(known);
    if (!known)
        return;
    editor.page = page;
    const NumberUi *ui = numberUiOf(key);
    const QString name = QString::fromLatin1(key);
    QAbstractSpinBox *box = nullptr;
    if (!ui || ui->decimals == 0) {
        editor.intBox = new QSpinBox;
        editor.intBox->setRange(int(editor.min), int(editor.max));
        if (ui && ui->step > 0)
            editor.intBox->setSingleStep(int(ui->step));
        if (ui && ui->suffix)
            editor.intBox->setSuffix(translate(ui->suffix));
        connect(editor.intBox, &QSpinBox::valueChanged, this, &SettingsDialog::updateState);
        box = editor.intBox;
    } else {
        editor.doubleBox = new QDoubleSpinBox;
        editor.doubleBox->setDecimals(ui->decimals);
        editor.doubleBox->setRange(editor.min, editor.max);
        if (ui->step > 0)
            editor.doubleBox->setSingleStep(ui->step);
        if (ui->suffix)
            editor.doubleBox->setSuffix(translate(ui->suffix));
        connect(editor.doubleBox, &QDoubleSpinBox::valueChanged, this, &SettingsDialog::updateState);
        box = editor.doubleBox;
    }
    box->setObjectName(name);
    if (ui && ui->offText)
        box->setSpecialValueText(translate(ui->offText));
    const QString help = ui ? translate(ui->help) : QString();
    box->setToolTip(tr("%1\n\nKey %2 in %3; default %4, from %5 to %6.")
                        .arg(help.isEmpty() ? (ui ? translate(ui->label) : name) : help, name,
                             QFileInfo(m_configFile).fileName())
                        .arg(editor.defaultValue)
                        .arg(editor.min)
                        .arg(editor.max));
    auto *label = new QLabel(ui ? translate(ui->label) + QLatin1Char(':') : name + QLatin1Char(':'));
    label->setBuddy(box);
    form->addRow(label, box);
    addHelp(form, help);
    m_numbers.append(editor);
}

void SettingsDialog::addBool(QFormLayout *form, Page page, const char *key, const QString &label,
                             const QString &help)
{
    BoolEditor editor;
    editor.key = key;
    editor.page = page;
    editor.box = new QCheckBox(label);
    editor.box->setObjectName(QString::fromLatin1(key));
    editor.box->setToolTip(help);
    connect(editor.box, &QCheckBox::toggled, this, &SettingsDialog::updateState);
    form->addRow(QString(), editor.box);
    addHelp(form, help);
    m_bools.append(editor);
}

void SettingsDialog::addPolicy(QFormLayout *form, const char *key)
{
    PolicyEditor editor;
    editor.key = key;
    for (const auto &policy : Settings::policyKeys()) {
        if (qstrcmp(policy.first, key) == 0)
            editor.defaultName = Settings::policyName(policy.second);
    }
    editor.combo = new QComboBox;
    editor.combo->setObjectName(QString::fromLatin1(key));
    editor.combo->addItem(tr("Off"), Settings::policyName(Settings::Policy::Off));
    editor.combo->addItem(tr("Notify"), Settings::policyName(Settings::Policy::Notify));
    editor.combo->addItem(tr("Automatic"), Settings::policyName(Settings::Policy::Auto));
    editor.explanation = new QLabel;
    editor.explanation->setObjectName(QString::fromLatin1(key) + QStringLiteral("/explanation"));
    editor.explanation->setWordWrap(true);
    editor.explanation->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    // Enough room for the longest explanation, so that switching does not make the page jump.
    editor.explanation->setMinimumHeight(fontMetrics().lineSpacing() * 3);
    editor.explanation->setAlignment(Qt::AlignLeft | Qt::AlignTop);

    QString label;
    if (qstrcmp(key, "policy/leaks") == 0)
        label = tr("Leaked sessions:");
    else if (qstrcmp(key, "policy/orphans") == 0)
        label = tr("Critical memory pressure:");
    else
        label = QString::fromLatin1(key) + QLatin1Char(':');
    auto *labelWidget = new QLabel(label);
    labelWidget->setBuddy(editor.combo);
    form->addRow(labelWidget, editor.combo);
    form->addRow(QString(), editor.explanation);
    m_policies.append(editor);
    const int index = int(m_policies.size()) - 1;
    connect(editor.combo, &QComboBox::currentIndexChanged, this, [this, index] {
        updatePolicyExplanation(m_policies.at(index));
        updateState();
    });
}

void SettingsDialog::updatePolicyExplanation(const PolicyEditor &editor)
{
    const QString name = editor.combo->currentData().toString();
    const bool leaks = editor.key == "policy/leaks";
    QString text;
    if (name == Settings::policyName(Settings::Policy::Off)) {
        text = leaks ? tr("Sessions that ended and left processes behind are only shown in the window.")
                     : tr("Nothing happens when memory runs short; the tray icon still turns red.");
    } else if (name == Settings::policyName(Settings::Policy::Notify)) {
        text = leaks ? tr("A notification names the session that left processes behind, and the doctor "
                          "lists it with the command that reaps it.")
                     : tr("A notification says that memory pressure turned critical and why.");
    } else {
        text = leaks ? tr("What a session left behind is reaped once it outlived the linger time, with every "
                          "guard of the reaper; a notification tells what was freed.")
                     : tr("When memory pressure turns critical, a reaper pass frees orphaned, leaked, idle "
                          "and stale agents older than the minimum age.");
        text += QLatin1Char(' ') + tr("While the reaper is paused, you are only notified.");
    }
    if (name == editor.defaultName)
        text += QLatin1Char(' ') + tr("(default)");
    editor.explanation->setText(text);
}

void SettingsDialog::buildPages()
{
    QFormLayout *form = nullptr;

    addPage(SamplingPage, tr("Sampling"),
            tr("How often agentmon looks at the processes and at its own records."),
            pageIcon(this, "utilities-system-monitor", "refresh", QStyle::SP_BrowserReload), &form);
    addNumber(form, SamplingPage, "sampler/guiIntervalSeconds");
    addNumber(form, SamplingPage, "sampler/daemonIntervalSeconds");
    addNumber(form, SamplingPage, "health/sweepSeconds");

    addPage(
        ReaperPage, tr("Reaper"),
        tr("The reaper ends orphaned, leaked, idle and stale agents: SIGTERM, a grace period, then SIGKILL. "
           "Interactive sessions are never touched automatically."),
        pageIcon(this, "edit-delete", "reap-session", QStyle::SP_TrashIcon), &form);
    addNumber(form, ReaperPage, "reaper/intervalMinutes");
    addBool(form, ReaperPage, "reaper/paused", tr("Pause the periodic reaper"),
            tr("Planned passes are skipped until it is resumed here or from the tray icon."));
    addNumber(form, ReaperPage, "reaper/minAgeSeconds");
    addNumber(form, ReaperPage, "reaper/graceMs");
    addNumber(form, ReaperPage, "reaper/confirmMs");

    addPage(StatusesPage, tr("Statuses"), tr("When a process counts as leaked, idle or stale."),
            pageIcon(this, "dialog-information", nullptr, QStyle::SP_MessageBoxInformation), &form);
    addNumber(form, StatusesPage, "status/lingerSeconds");
    addNumber(form, StatusesPage, "status/idleWindowSeconds");
    addNumber(form, StatusesPage, "status/idleCpuPercent");
    addNumber(form, StatusesPage, "status/maxAgeMinutes");

    addPage(PressurePage, tr("Memory Pressure"),
            tr("The levels of the tray icon and of the critical-pressure policy. A figure counts when it is "
               "beyond its threshold; a threshold set to its \"off\" value is never reached."),
            pageIcon(this, "dialog-warning", "state-warning", QStyle::SP_MessageBoxWarning), &form);
    for (const char *key :
         {"pressure/warnAvailableMb", "pressure/warnSwapPercent", "pressure/warnPsiSomeAvg10",
          "pressure/warnZombies", "pressure/critPsiFullAvg10", "pressure/critAvailablePercent",
          "pressure/hysteresisPercent", "pressure/minDwellSeconds"})
        addNumber(form, PressurePage, key);

    addPage(PoolPage, tr("Pool"),
            tr("Agents started with agentmonctl spawn or the API take a slot of the pool, so that only a few "
               "run at once."),
            pageIcon(this, "system-run", nullptr, QStyle::SP_ComputerIcon), &form);
    addNumber(form, PoolPage, "pool/maxConcurrent");
    addNumber(form, PoolPage, "pool/hardCap");
    m_poolNote = new QLabel;
    m_poolNote->setObjectName(QStringLiteral("poolNote"));
    m_poolNote->setWordWrap(true);
    m_poolNote->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    form->addRow(QString(), m_poolNote);
    addNumber(form, PoolPage, "pool/waitTimeoutSeconds");
    addNumber(form, PoolPage, "launcher/stderrTailBytes");

    addPage(
        PoliciesPage, tr("Policies"),
        tr("What agentmon does on its own when something happens. Automatic actions go through the reaper "
           "with all its guards."),
        pageIcon(this, "preferences-system", "settings", QStyle::SP_FileDialogDetailedView), &form);
    for (const auto &policy : Settings::policyKeys())
        addPolicy(form, policy.first);
    addBool(form, PoliciesPage, "policy/dryRun", tr("Dry run: plan and log, signal nothing"),
            tr("Automatic actions are written to the audit log as if they happened, but no process is "
               "signalled. Try a policy this way before trusting it."));

    addPage(RulesPage, tr("Rules"),
            tr("Rules recognise agent processes. Yours, in a rules file, come on top of the built-in ones; a "
               "protect rule beats any cleanup rule. agentmon reloads the file when it changes."),
            pageIcon(this, "document-properties", nullptr, QStyle::SP_FileIcon), &form);
    m_rulesPath = new QLabel(QDir::toNativeSeparators(m_rulesFile));
    m_rulesPath->setObjectName(QStringLiteral("rulesPath"));
    m_rulesPath->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_rulesPath->setWordWrap(true);
    m_rulesPath->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_rulesPath->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    form->addRow(tr("Rules file:"), m_rulesPath);
    auto *ruleButtons = new QHBoxLayout;
    auto *open = new QPushButton(QIcon::fromTheme(QStringLiteral("document-open")), tr("Open Rules File"));
    open->setObjectName(QStringLiteral("openRules"));
    open->setToolTip(tr("Opens the file in your editor; creates an empty one first if there is none"));
    auto *check =
        new QPushButton(QIcon::fromTheme(QStringLiteral("tools-check-spelling")), tr("Check Rules"));
    check->setObjectName(QStringLiteral("checkRules"));
    check->setToolTip(tr("Reads the file as agentmon would and lists what it rejects"));
    ruleButtons->addWidget(open);
    ruleButtons->addWidget(check);
    ruleButtons->addStretch(1);
    form->addRow(QString(), ruleButtons);
    m_rulesVerdict = new QLabel;
    m_rulesVerdict->setObjectName(QStringLiteral("rulesVerdict"));
    m_rulesVerdict->setWordWrap(true);
    m_rulesVerdict->setTextFormat(Qt::RichText);
    m_rulesVerdict->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_rulesVerdict->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    form->addRow(QString(), m_rulesVerdict);
    connect(open, &QPushButton::clicked, this, &SettingsDialog::openRulesFile);
    connect(check, &QPushButton::clicked, this, &SettingsDialog::checkRules);

    addPage(ApiPage, tr("API"), tr("The local HTTP API used by agentmonctl, hooks and scripts."),
            pageIcon(this, "network-server", nullptr, QStyle::SP_DriveNetIcon), &form);
    addNumber(form, ApiPage, "api/port");
    auto *token = new QLabel(tr("Clients authenticate with the token in %1.")
                                 .arg(QDir::toNativeSeparators(QFileInfo(m_configFile).absolutePath() +
                                                               QStringLiteral("/token"))));
    token->setWordWrap(true);
    token->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    token->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    form->addRow(QString(), token);

    addPage(StartupPage, tr("Startup"), tr("Whether agentmon starts with your desktop session."),
            pageIcon(this, "system-log-out", nullptr, QStyle::SP_MediaPlay), &form);
    m_autostart = new QCheckBox(tr("Start agentmon in the tray when I log in"));
    m_autostart->setObjectName(QStringLiteral("autostart"));
    connect(m_autostart, &QCheckBox::toggled, this, &SettingsDialog::updateState);
    form->addRow(QString(), m_autostart);
    addHelp(form, tr("Writes the autostart entry %1 (removed again when turned off).")
                      .arg(QDir::toNativeSeparators(Autostart::filePath())));

    addPage(HistoryPage, tr("History"), tr("Samples and the kill audit log in history.sqlite."),
            pageIcon(this, "document-open-recent", "history", QStyle::SP_FileDialogContentsView), &form);
    addNumber(form, HistoryPage, "history/retentionDays");
    addNumber(form, HistoryPage, "history/maxMegabytes");

    // Keys added to Settings later still get an editor.
    QList<const char *> rest;
    for (const Settings::NumericKey &numeric : Settings::numericKeys()) {
        bool shown = false;
        for (const NumberEditor &editor : std::as_const(m_numbers))
            shown |= editor.key == numeric.key;
        if (!shown)
            rest.append(numeric.key);
    }
    if (!rest.isEmpty()) {
        addPage(OtherPage, tr("Other"), QString(),
                pageIcon(this, "preferences-other", "settings", QStyle::SP_FileDialogListView), &form);
        for (const char *key : std::as_const(rest))
            addNumber(form, OtherPage, key);
    }
}

void SettingsDialog::reload()
{
    m_loading = true;
    const Settings settings(m_configFile);
    const QSettings raw(m_configFile, QSettings::IniFormat);
    for (NumberEditor &editor : m_numbers) {
        const double value = settings.number(editor.key.constData());
        editor.setValue(value);
        editor.baseline = editor.value();
        const QVariant text = raw.value(QLatin1String(editor.key));
        bool ok = false;
        const double parsed = text.isValid() ? text.toDouble(&ok) : 0;
        editor.invalidInFile = text.isValid() && (!ok || parsed < editor.min || parsed > editor.max);
    }
    for (BoolEditor &editor : m_bools) {
        if (editor.key == "reaper/paused")
            editor.baseline = settings.reaperPaused();
        else if (editor.key == "policy/dryRun")
            editor.baseline = settings.policyDryRun();
        editor.box->setChecked(editor.baseline);
    }
    for (PolicyEditor &editor : m_policies) {
        const QString name = Settings::policyName(settings.policy(editor.key.constData()));
        editor.combo->setCurrentIndex(editor.combo->findData(name));
        editor.baseline = name;
        const QVariant text = raw.value(QLatin1String(editor.key));
        editor.invalidInFile = text.isValid() && text.toString().trimmed().toLower() != name;
        updatePolicyExplanation(editor);
    }
    m_autostartBaseline = Autostart::isEnabled();
    m_autostart->setChecked(m_autostartBaseline);

    QStringList problems;
    for (const QString &problem : settings.problems())
        problems << translateCoreText(problem);
    m_problemsFrame->setVisible(!problems.isEmpty());
    if (!problems.isEmpty()) {
        m_problemsText->setText(
            tr("<b>Some values in %1 are not valid.</b> The defaults are shown in their place; Apply or OK "
               "writes what is shown.")
                .arg(QDir::toNativeSeparators(m_configFile).toHtmlEscaped()) +
            htmlList(problems));
    }
    m_errorFrame->hide();
    m_loading = false;
    updateState();
}

bool SettingsDialog::isModified() const
{
    for (const NumberEditor &editor : m_numbers) {
        if (editor.invalidInFile || !sameNumber(editor.value(), editor.baseline))
            return true;
    }
    for (const BoolEditor &editor : m_bools) {
        if (editor.box->isChecked() != editor.baseline)
            return true;
    }
    for (const PolicyEditor &editor : m_policies) {
        if (editor.invalidInFile || editor.combo->currentData().toString() != editor.baseline)
            return true;
    }
    return m_autostart->isChecked() != m_autostartBaseline;
}

void SettingsDialog::updateState()
{
    if (m_loading)
        return;
    const bool modified = isModified();
    m_buttons->button(QDialogButtonBox::Apply)->setEnabled(modified);
    m_buttons->button(QDialogButtonBox::Reset)->setEnabled(modified);
    const Page page = currentPage();
    bool hasDefaults = false;
    for (const NumberEditor &editor : m_numbers)
        hasDefaults |= editor.page == page;
    for (const BoolEditor &editor : m_bools)
        hasDefaults |= editor.page == page;
    hasDefaults |= page == PoliciesPage;
    m_buttons->button(QDialogButtonBox::RestoreDefaults)->setEnabled(hasDefaults);

    // The pool: the running limit cannot exceed the hard cap, and the environment beats the file.
    QStringList notes;
    double maxConcurrent = 0, hardCap = 0;
    for (const NumberEditor &editor : m_numbers) {
        if (editor.key == "pool/maxConcurrent")
            maxConcurrent = editor.value();
        else if (editor.key == "pool/hardCap")
            hardCap = editor.value();
    }
    if (maxConcurrent > hardCap)
        notes.append(tr("More than the hard cap: at most %1 agents run at once.").arg(hardCap));
    for (const char *name : {"AGENTMON_MAX_CONCURRENT", "AGENTMON_HARD_CAP"}) {
        if (qEnvironmentVariableIsSet(name))
            notes.append(tr("%1 is set in the environment of this program; it overrides the value here for "
                            "an instance started from it.")
                             .arg(QLatin1String(name)));
    }
    m_poolNote->setText(notes.join(QLatin1Char('\n')));
    m_poolNote->setVisible(!notes.isEmpty());
}

void SettingsDialog::setCurrentPage(Page page)
{
    const auto it = m_pageIndex.constFind(page);
    if (it != m_pageIndex.constEnd())
        m_sections->setCurrentRow(*it);
}

SettingsDialog::Page SettingsDialog::currentPage() const
{
    const QListWidgetItem *item = m_sections->currentItem();
    return item ? Page(item->data(Qt::UserRole).toInt()) : SamplingPage;
}

void SettingsDialog::restorePageDefaults()
{
    restoreDefaults(false);
}

void SettingsDialog::restoreAllDefaults()
{
    restoreDefaults(true);
}

void SettingsDialog::restoreDefaults(bool allPages)
{
    const Page page = currentPage();
    for (const NumberEditor &editor : std::as_const(m_numbers)) {
        if (allPages || editor.page == page)
            editor.setValue(editor.defaultValue);
    }
    for (const BoolEditor &editor : std::as_const(m_bools)) {
        if (allPages || editor.page == page)
            editor.box->setChecked(false);
    }
    if (allPages || page == PoliciesPage) {
        for (const PolicyEditor &editor : std::as_const(m_policies))
            editor.combo->setCurrentIndex(editor.combo->findData(editor.defaultName));
    }
    updateState();
}

void SettingsDialog::showApplyError(const QString &text)
{
    m_errorText->setText(text.toHtmlEscaped());
    m_errorFrame->setVisible(!text.isEmpty());
}

bool SettingsDialog::apply()
{
    QStringList errors;
    bool write = false;
    for (const NumberEditor &editor : std::as_const(m_numbers))
        write |= editor.invalidInFile || !sameNumber(editor.value(), editor.baseline);
    for (const BoolEditor &editor : std::as_const(m_bools))
        write |= editor.box->isChecked() != editor.baseline;
    for (const PolicyEditor &editor : std::as_const(m_policies))
        write |= editor.invalidInFile || editor.combo->currentData().toString() != editor.baseline;

    if (write) {
        // QSettings reports nothing useful when it cannot write; find out before.
        const QFileInfo info(m_configFile);
        const bool writable =
            QDir().mkpath(info.absolutePath()) &&
            (info.exists() ? info.isWritable() : QFileInfo(info.absolutePath()).isWritable());
        if (!writable) {
            errors.append(tr("Cannot write %1.").arg(QDir::toNativeSeparators(m_configFile)));
        } else {
            Settings settings(m_configFile);
            for (const NumberEditor &editor : std::as_const(m_numbers)) {
                const double value = editor.value();
                if (!editor.invalidInFile && sameNumber(value, editor.baseline))
                    continue; // untouched: left as it is in the file
                if (sameNumber(value, editor.defaultValue))
                    settings.remove(editor.key.constData());
                else if (editor.intBox)
                    settings.setValue(editor.key.constData(), editor.intBox->value());
                else
                    settings.setValue(editor.key.constData(), value);
            }
            for (const BoolEditor &editor : std::as_const(m_bools)) {
                if (editor.box->isChecked() == editor.baseline)
                    continue;
                if (editor.box->isChecked())
                    settings.setValue(editor.key.constData(), true);
                else
                    settings.remove(editor.key.constData()); // false is the default of both
            }
            for (const PolicyEditor &editor : std::as_const(m_policies)) {
                const QString name = editor.combo->currentData().toString();
                if (!editor.invalidInFile && name == editor.baseline)
                    continue;
                if (name == editor.defaultName)
                    settings.remove(editor.key.constData());
                else
                    settings.setValue(editor.key.constData(), name);
            }
            settings.sync();
        }
    }

    if (m_autostart->isChecked() != m_autostartBaseline) {
        QString error;
        if (!Autostart::setEnabled(m_autostart->isChecked(), m_executable, &error))
            errors.append(error);
    }

    if (!errors.isEmpty()) {
        showApplyError(errors.join(QLatin1Char('\n')));
        return false;
    }
    reload(); // the new baseline, and the problems left in the file
    Q_EMIT applied();
    return true;
}

void SettingsDialog::accept()
{
    if (isModified() && !apply())
        return;
    QDialog::accept();
}

void SettingsDialog::checkRules()
{
    if (!QFileInfo::exists(m_rulesFile)) {
        const RuleSet builtIn;
        m_rulesVerdict->setText(tr("There is no rules file; the %1 built-in rules apply.")
                                    .arg(builtIn.builtInRules().size())
                                    .toHtmlEscaped());
        return;
    }
    RuleSet rules;
    rules.loadUserFile(m_rulesFile);
    const qsizetype count = rules.userRules().size();
    if (rules.errors().isEmpty()) {
        m_rulesVerdict->setText(
            (count == 1 ? tr("1 user rule, valid.") : tr("%1 user rules, all valid.").arg(count))
                .toHtmlEscaped());
        return;
    }
    QStringList translatedErrors;
    for (const QString &error : rules.errors())
        translatedErrors << translateCoreText(error);
    m_rulesVerdict->setText(
        tr("<b>%1 user rules in force; these entries were rejected</b> (the built-in rules stay in force):")
            .arg(count) +
        htmlList(translatedErrors));
}

void SettingsDialog::openRulesFile()
{
    if (!QFileInfo::exists(m_rulesFile)) {
        // Something to start from: an empty, valid rules document.
        QDir().mkpath(QFileInfo(m_rulesFile).absolutePath());
        QSaveFile file(m_rulesFile);
        if (!file.open(QIODevice::WriteOnly) ||
            file.write("{\n  \"version\": 1,\n  \"rules\": [\n  ]\n}\n") < 0 || !file.flush() ||
            !file.commit()) {
            m_rulesVerdict->setText(tr("Could not create %1: %2")
                                        .arg(QDir::toNativeSeparators(m_rulesFile), file.errorString())
                                        .toHtmlEscaped());
            return;
        }
    }
    if (!QDesktopServices::openUrl(QUrl::fromLocalFile(m_rulesFile)))
        m_rulesVerdict->setText(tr("No program to open %1 was found.")
                                    .arg(QDir::toNativeSeparators(m_rulesFile))
                                    .toHtmlEscaped());
}

} // namespace agentmon
