#include "doctorview.h"

#include "coretext.h"
#include "humanformat.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QFile>
#include <QFontDatabase>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIcon>
#include <QJsonArray>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QScrollArea>
#include <QScrollBar>
#include <QSplitter>
#include <QStandardItemModel>
#include <QStyle>
#include <QTime>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>
#include <functional>

namespace agentmon {

namespace {

constexpr int maxArrayRows = 50;    // a longer array shows this many and a summary row
constexpr int maxInlineScalars = 8; // a short array of numbers or strings fits in the value column
constexpr int pathRole = Qt::UserRole;

// The tray's state icons when the app's resources are linked in, else the desktop's, else the style's.
QIcon stateIcon(const QWidget *widget, const QString &state)
{
    const QString own = QStringLiteral(":/icons/state-%1.svg").arg(state);
    if (QFile::exists(own))
        return QIcon(own);
    if (state == QLatin1String("ok"))
        return QIcon::fromTheme(QStringLiteral("emblem-default"),
                                widget->style()->standardIcon(QStyle::SP_DialogApplyButton));
    if (state == QLatin1String("warning"))
        return QIcon::fromTheme(QStringLiteral("dialog-warning"),
                                widget->style()->standardIcon(QStyle::SP_MessageBoxWarning));
    return QIcon::fromTheme(QStringLiteral("dialog-error"),
                            widget->style()->standardIcon(QStyle::SP_MessageBoxCritical));
}

QString sectionTitle(const QString &key)
{
    static const struct {
        const char *key;
        const char *title;
    } titles[] = {
        {"instance", QT_TRANSLATE_NOOP("agentmon::DoctorView", "Instance")},
        {"config", QT_TRANSLATE_NOOP("agentmon::DoctorView", "Configuration")},
        {"rules", QT_TRANSLATE_NOOP("agentmon::DoctorView", "Rules")},
        {"token", QT_TRANSLATE_NOOP("agentmon::DoctorView", "API token")},
        {"registry", QT_TRANSLATE_NOOP("agentmon::DoctorView", "Registry")},
        {"memory", QT_TRANSLATE_NOOP("agentmon::DoctorView", "Memory")},
        {"pressure", QT_TRANSLATE_NOOP("agentmon::DoctorView", "Memory pressure")},
        {"zombies", QT_TRANSLATE_NOOP("agentmon::DoctorView", "Zombies")},
        {"untracked_agents", QT_TRANSLATE_NOOP("agentmon::DoctorView", "Untracked agents")},
        {"leaks", QT_TRANSLATE_NOOP("agentmon::DoctorView", "Leaks")},
        {"duplicates", QT_TRANSLATE_NOOP("agentmon::DoctorView", "Duplicates")},
        {"trend", QT_TRANSLATE_NOOP("agentmon::DoctorView", "Trend")},
        {"pool", QT_TRANSLATE_NOOP("agentmon::DoctorView", "Pool")},
        {"drift", QT_TRANSLATE_NOOP("agentmon::DoctorView", "Drift")},
        {"history", QT_TRANSLATE_NOOP("agentmon::DoctorView", "History")},
    };
    for (const auto &entry : titles) {
        if (key == QLatin1String(entry.key))
            return QCoreApplication::translate("agentmon::DoctorView", entry.title);
    }
    return key;
}

// The order sections are shown in: what is running first, then files, then the figures.
int sectionRank(const QString &key)
{
    static const QStringList order = {
        QStringLiteral("instance"),   QStringLiteral("config"),   QStringLiteral("rules"),
        QStringLiteral("token"),      QStringLiteral("registry"), QStringLiteral("history"),
        QStringLiteral("memory"),     QStringLiteral("pressure"), QStringLiteral("leaks"),
        QStringLiteral("trend"),      QStringLiteral("zombies"),  QStringLiteral("untracked_agents"),
        QStringLiteral("duplicates"), QStringLiteral("pool"),     QStringLiteral("drift"),
    };
    const qsizetype rank = order.indexOf(key);
    return rank < 0 ? int(order.size()) : int(rank);
}

QString formatScalar(const QString &key, const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return QCoreApplication::translate("agentmon::DoctorView", "not available");
    case QJsonValue::Bool:
        return value.toBool() ? QCoreApplication::translate("agentmon::DoctorView", "yes")
                              : QCoreApplication::translate("agentmon::DoctorView", "no");
    case QJsonValue::Double: {
        const double number = value.toDouble();
        const bool integral = number == double(qint64(number));
        const QString raw = integral ? QString::number(qint64(number)) : QString::number(number, 'g', 6);
        // Sizes and durations as a person reads them, the raw figure beside.
        if (integral && number >= 0 && key.endsWith(QLatin1String("_kb")))
            return QStringLiteral("%1 (%2)").arg(formatKb(quint64(number)), raw);
        if (integral && number >= 0 && key.endsWith(QLatin1String("_bytes")))
            return QStringLiteral("%1 (%2)").arg(formatKb(quint64(number) / 1024), raw);
        if (integral && number >= 60 && key.endsWith(QLatin1String("_s")))
            return QStringLiteral("%1 (%2)").arg(formatDuration(qint64(number) * 1000), raw);
        return raw;
    }
    case QJsonValue::String:
        return translateCoreText(value.toString());
    default:
        return {};
    }
}

bool isScalar(const QJsonValue &value)
{
    return !value.isArray() && !value.isObject();
}

// One line for an object in an array: its "text" when it has one, else its first few plain fields.
QString summary(const QJsonObject &object)
{
    if (object.value(QLatin1String("text")).isString())
        return translateCoreText(object.value(QLatin1String("text")).toString());
    QStringList parts;
    for (auto it = object.begin(); it != object.end() && parts.size() < 4; ++it) {
        if (isScalar(it.value()))
            parts.append(QStringLiteral("%1 %2").arg(it.key(), formatScalar(it.key(), it.value())));
    }
    return parts.join(QStringLiteral(", "));
}

bool looksLikeCommand(const QString &fix)
{
    for (const char *command : {"agentmonctl ", "chmod ", "systemctl "}) {
        if (fix.startsWith(QLatin1String(command)))
            return true;
    }
    return false;
}

} // namespace

DoctorView::DoctorView(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);

    auto *header = new QHBoxLayout;
    m_icon = new QLabel(this);
    m_icon->setObjectName(QStringLiteral("headlineIcon"));
    m_icon->setAlignment(Qt::AlignTop);
    header->addWidget(m_icon);
    auto *texts = new QVBoxLayout;
    m_headline = new QLabel(this);
    m_headline->setObjectName(QStringLiteral("headline"));
    QFont font = m_headline->font();
    font.setBold(true);
    if (font.pointSizeF() > 0)
        font.setPointSizeF(font.pointSizeF() * 1.25);
    m_headline->setFont(font);
    m_headline->setTextFormat(Qt::PlainText);
    texts->addWidget(m_headline);
    m_detailLabel = new QLabel(this);
    m_detailLabel->setObjectName(QStringLiteral("headlineDetail"));
    m_detailLabel->setTextFormat(Qt::PlainText);
    m_detailLabel->setWordWrap(true);
    m_detailLabel->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    texts->addWidget(m_detailLabel);
    header->addLayout(texts, 1);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("busy"));
    m_progress->setRange(0, 0); // running, length unknown
    m_progress->setTextVisible(false);
    m_progress->setMaximumWidth(fontMetrics().averageCharWidth() * 16);
    m_progress->hide();
    header->addWidget(m_progress, 0, Qt::AlignVCenter);

    m_refresh = new QAction(QIcon::fromTheme(QStringLiteral("view-refresh"),
                                             QFile::exists(QStringLiteral(":/icons/refresh.svg"))
                                                 ? QIcon(QStringLiteral(":/icons/refresh.svg"))
                                                 : style()->standardIcon(QStyle::SP_BrowserReload)),
                            tr("&Refresh"), this);
    m_refresh->setObjectName(QStringLiteral("refresh"));
    m_refresh->setShortcut(QKeySequence(Qt::Key_F5));
    m_refresh->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_refresh->setToolTip(tr("Run the checks again (F5)"));
    addAction(m_refresh);
    connect(m_refresh, &QAction::triggered, this, &DoctorView::refreshRequested);
    m_refreshButton = new QToolButton(this);
    m_refreshButton->setObjectName(QStringLiteral("refreshButton"));
    m_refreshButton->setDefaultAction(m_refresh);
    m_refreshButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    header->addWidget(m_refreshButton, 0, Qt::AlignVCenter);
    layout->addLayout(header);

    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->setChildrenCollapsible(false);
    m_problemsArea = new QScrollArea(m_splitter);
    m_problemsArea->setObjectName(QStringLiteral("problems"));
    m_problemsArea->setWidgetResizable(true);
    m_problemsArea->setFrameShape(QFrame::NoFrame);
    m_problemsWidget = new QWidget;
    m_problemsLayout = new QVBoxLayout(m_problemsWidget);
    m_problemsLayout->setContentsMargins(0, 0, 0, 0);
    m_problemsLayout->addStretch(1);
    m_problemsArea->setWidget(m_problemsWidget);
    m_problemsArea->hide();

    m_model = new QStandardItemModel(0, 2, this);
    m_model->setHorizontalHeaderLabels({tr("Item"), tr("Value")});
    m_tree = new QTreeView(m_splitter);
    m_tree->setObjectName(QStringLiteral("reportTree"));
    m_tree->setModel(m_model);
    m_tree->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Interactive);
    m_tree->header()->setStretchLastSection(true);
    m_tree->setColumnWidth(0, fontMetrics().averageCharWidth() * 28);
    connect(m_tree, &QTreeView::expanded, this, [this](const QModelIndex &index) {
        const QString path = index.data(pathRole).toString();
        m_collapsed.removeAll(path);
        if (!m_expanded.contains(path))
            m_expanded.append(path);
    });
    connect(m_tree, &QTreeView::collapsed, this, [this](const QModelIndex &index) {
        const QString path = index.data(pathRole).toString();
        m_expanded.removeAll(path);
        if (!index.parent().isValid() && !m_collapsed.contains(path))
            m_collapsed.append(path);
    });
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 2);
    layout->addWidget(m_splitter, 1);

    setHeadline(QString(), tr("No report yet"), tr("Press Refresh to run the checks."));
}

DoctorView::~DoctorView() = default;

QString DoctorView::headline() const
{
    return m_headline->text();
}

void DoctorView::setHeadline(const QString &iconName, const QString &text, const QString &detail)
{
    const int size = fontMetrics().height() * 2;
    m_icon->setPixmap(iconName.isEmpty()
                          ? QPixmap()
                          : stateIcon(this, iconName).pixmap(QSize(size, size), devicePixelRatioF()));
    m_icon->setVisible(!iconName.isEmpty());
    m_headline->setText(text);
    m_detail = detail;
    updateBusy();
}

void DoctorView::setReport(const QJsonObject &doctor)
{
    m_report = doctor;
    m_failed = false;
    m_busy = false;
    m_problems.clear();
    for (const QJsonValue &value : doctor.value(QLatin1String("problems")).toArray()) {
        const QJsonObject object = value.toObject();
        const QString problem =
            value.isString() ? value.toString() : object.value(QLatin1String("problem")).toString();
        if (!problem.isEmpty())
            m_problems.append({problem, object.value(QLatin1String("fix")).toString()});
    }
    const int count = int(m_problems.size());
    const QString checked =
        tr("Checked at %1.").arg(QLocale().toString(QTime::currentTime(), QLocale::ShortFormat));
    if (count == 0)
        setHeadline(QStringLiteral("ok"), tr("No problems found"), checked);
    else
        setHeadline(QStringLiteral("warning"),
                    count == 1 ? tr("1 problem") : tr("%n problems", nullptr, count), checked);
    rebuildProblems();
    rebuildTree();
}

void DoctorView::setBusy(bool busy)
{
    m_busy = busy;
    updateBusy();
}

void DoctorView::setError(const QString &error)
{
    m_failed = true;
    m_busy = false;
    m_report = {};
    m_problems.clear();
    setHeadline(QStringLiteral("critical"), tr("The checks could not run"), error);
    rebuildProblems();
    rebuildTree();
}

void DoctorView::updateBusy()
{
    m_progress->setVisible(m_busy);
    m_refresh->setEnabled(!m_busy);
    m_detailLabel->setText(m_busy ? tr("Running the checks…") : m_detail);
}

void DoctorView::rebuildProblems()
{
    // Everything but the trailing stretch goes.
    while (m_problemsLayout->count() > 1) {
        QLayoutItem *item = m_problemsLayout->takeAt(0);
        delete item->widget();
        delete item;
    }
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    const int iconSize = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    const QPixmap warning =
        stateIcon(this, QStringLiteral("warning")).pixmap(QSize(iconSize, iconSize), devicePixelRatioF());
    int index = 0;
    for (const Problem &problem : std::as_const(m_problems)) {
        auto *card = new QFrame(m_problemsWidget);
        card->setObjectName(QStringLiteral("problemCard"));
        card->setFrameShape(QFrame::StyledPanel);
        auto *grid = new QGridLayout(card);
        auto *icon = new QLabel(card);
        icon->setPixmap(warning);
        icon->setAlignment(Qt::AlignTop);
        grid->addWidget(icon, 0, 0);
        auto *text = new QLabel(translateCoreText(problem.problem), card);
        text->setObjectName(QStringLiteral("problemText"));
        text->setTextFormat(Qt::PlainText);
        text->setWordWrap(true);
        text->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
        QFont bold = text->font();
        bold.setBold(true);
        text->setFont(bold);
        grid->addWidget(text, 0, 1, 1, 2);
        if (!problem.fix.isEmpty()) {
            auto *fixLabel = new QLabel(tr("Fix:"), card);
            fixLabel->setAlignment(Qt::AlignTop | Qt::AlignRight);
            grid->addWidget(fixLabel, 1, 0);
            auto *fix = new QLabel(translateCoreText(problem.fix), card);
            fix->setObjectName(QStringLiteral("fixText"));
            fix->setTextFormat(Qt::PlainText);
            fix->setWordWrap(true);
            fix->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
            if (looksLikeCommand(problem.fix))
                fix->setFont(fixed);
            grid->addWidget(fix, 1, 1);
            auto *copy = new QToolButton(card);
            copy->setObjectName(QStringLiteral("copyFix"));
            copy->setIcon(QIcon::fromTheme(QStringLiteral("edit-copy")));
            copy->setText(tr("Copy"));
            copy->setToolButtonStyle(copy->icon().isNull() ? Qt::ToolButtonTextOnly
                                                           : Qt::ToolButtonTextBesideIcon);
            copy->setToolTip(tr("Copy the fix to the clipboard"));
            connect(copy, &QToolButton::clicked, this,
                    [fix = problem.fix] { QGuiApplication::clipboard()->setText(fix); });
            grid->addWidget(copy, 1, 2, Qt::AlignTop);
        }
        grid->setColumnStretch(1, 1);
        m_problemsLayout->insertWidget(index++, card);
        card->show(); // now, not from the event loop: the view may be painted before that
    }
    m_problemsArea->setVisible(!m_problems.isEmpty());
    if (!m_problems.isEmpty() && !m_sized) {
        // A first split that shows the problems without taking the whole view from the report.
        m_sized = true;
        const int total = qMax(m_splitter->height(), fontMetrics().height() * 20);
        const int wanted = qMin(m_problemsWidget->sizeHint().height(), total / 2);
        m_splitter->setSizes({wanted, total - wanted});
    }
}

void DoctorView::rebuildTree()
{
    const int scroll = m_tree->verticalScrollBar()->value();
    // Removing rows collapses them: keep what a person opened and closed.
    const QStringList expanded = m_expanded;
    const QStringList collapsed = m_collapsed;
    m_model->removeRows(0, m_model->rowCount());
    m_expanded = expanded;
    m_collapsed = collapsed;

    QStringList keys = m_report.keys();
    keys.removeAll(QStringLiteral("problems"));
    std::stable_sort(keys.begin(), keys.end(), [](const QString &a, const QString &b) {
        const int ra = sectionRank(a), rb = sectionRank(b);
        return ra != rb ? ra < rb : a < b;
    });
    for (const QString &key : std::as_const(keys))
        addValue(nullptr, key, m_report.value(key), key, 0);

    // Sections open unless a person closed them; deeper items as a person left them.
    std::function<void(const QModelIndex &)> restore = [&](const QModelIndex &parent) {
        for (int row = 0; row < m_model->rowCount(parent); ++row) {
            const QModelIndex index = m_model->index(row, 0, parent);
            if (!m_model->hasChildren(index))
                continue;
            const QString path = index.data(pathRole).toString();
            m_tree->setExpanded(index,
                                parent.isValid() ? expanded.contains(path) : !collapsed.contains(path));
            restore(index);
        }
    };
    restore(QModelIndex());
    m_expanded = expanded;
    m_collapsed = collapsed;
    m_tree->verticalScrollBar()->setValue(scroll);
}

void DoctorView::addValue(QStandardItem *parent, const QString &key, const QJsonValue &value,
                          const QString &path, int depth)
{
    auto *item = new QStandardItem(depth == 0 ? sectionTitle(key) : key);
    auto *valueItem = new QStandardItem;
    item->setData(path, pathRole);
    if (depth == 0) {
        QFont font = item->font();
        font.setBold(true);
        item->setFont(font);
        item->setToolTip(key);
    }
    if (parent)
        parent->appendRow({item, valueItem});
    else
        m_model->appendRow({item, valueItem});

    QString text;
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        if (depth > 0 && key.startsWith(QLatin1Char('#'))) // an element of an array
            text = summary(object);
        for (auto it = object.begin(); it != object.end(); ++it)
            addValue(item, it.key(), it.value(), path + QLatin1Char('/') + it.key(), depth + 1);
        if (object.isEmpty())
            text = tr("empty");
    } else if (value.isArray()) {
        const QJsonArray array = value.toArray();
        bool allScalars = true;
        for (const QJsonValue &element : array)
            allScalars &= isScalar(element);
        if (array.isEmpty()) {
            text = tr("none");
        } else if (allScalars && array.size() <= maxInlineScalars) {
            QStringList parts;
            for (const QJsonValue &element : array)
                parts.append(formatScalar(key, element));
            text = parts.join(array.first().isString() ? QStringLiteral("; ") : QStringLiteral(", "));
        } else {
            text = array.size() == 1 ? tr("1 item") : tr("%n items", nullptr, int(array.size()));
            const int shown = int(qMin<qsizetype>(array.size(), maxArrayRows));
            for (int i = 0; i < shown; ++i) {
                const QString label = QStringLiteral("#%1").arg(i + 1);
                addValue(item, label, array.at(i), path + QLatin1Char('/') + label, depth + 1);
            }
            if (array.size() > shown) {
                auto *more = new QStandardItem(QStringLiteral("…"));
                more->setData(QString(path + QStringLiteral("/…")), pathRole);
                item->appendRow({more, new QStandardItem(tr("%1 more not shown").arg(array.size() - shown))});
            }
        }
    } else {
        text = formatScalar(key, value);
    }
    valueItem->setText(text);
    valueItem->setToolTip(text);
}

} // namespace agentmon
