#include "processdetailsdialog.h"

#include "coretext.h"
#include "humanformat.h"

#include <QApplication>
#include <QClipboard>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollBar>
#include <QTabWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace agentmon {

namespace dialogtext {

namespace {
struct Name {
    int value;
    const char *text;
};

constexpr Name classNames[] = {
    {int(ProcessClass::None), QT_TRANSLATE_NOOP("agentmon::ProcessClass", "none")},
    {int(ProcessClass::Session), QT_TRANSLATE_NOOP("agentmon::ProcessClass", "session")},
    {int(ProcessClass::Agent), QT_TRANSLATE_NOOP("agentmon::ProcessClass", "agent")},
    {int(ProcessClass::Mcp), QT_TRANSLATE_NOOP("agentmon::ProcessClass", "MCP server")},
    {int(ProcessClass::Tool), QT_TRANSLATE_NOOP("agentmon::ProcessClass", "tool")},
    {int(ProcessClass::Daemon), QT_TRANSLATE_NOOP("agentmon::ProcessClass", "daemon")},
    {int(ProcessClass::Child), QT_TRANSLATE_NOOP("agentmon::ProcessClass", "child")},
};

constexpr Name statusNames[] = {
    {int(ProcessStatus::Running), QT_TRANSLATE_NOOP("agentmon::ProcessStatus", "running")},
    {int(ProcessStatus::Orphan), QT_TRANSLATE_NOOP("agentmon::ProcessStatus", "orphan")},
    {int(ProcessStatus::Idle), QT_TRANSLATE_NOOP("agentmon::ProcessStatus", "idle")},
    {int(ProcessStatus::Stale), QT_TRANSLATE_NOOP("agentmon::ProcessStatus", "stale")},
    {int(ProcessStatus::Zombie), QT_TRANSLATE_NOOP("agentmon::ProcessStatus", "zombie")},
    {int(ProcessStatus::Unkillable), QT_TRANSLATE_NOOP("agentmon::ProcessStatus", "unkillable")},
};

// proc(5), field 3 of stat.
constexpr Name stateNames[] = {
    {'R', QT_TRANSLATE_NOOP("agentmon::ProcessState", "running")},
    {'S', QT_TRANSLATE_NOOP("agentmon::ProcessState", "sleeping")},
    {'D', QT_TRANSLATE_NOOP("agentmon::ProcessState", "uninterruptible sleep")},
    {'Z', QT_TRANSLATE_NOOP("agentmon::ProcessState", "zombie")},
    {'T', QT_TRANSLATE_NOOP("agentmon::ProcessState", "stopped")},
    {'t', QT_TRANSLATE_NOOP("agentmon::ProcessState", "stopped by a tracer")},
    {'X', QT_TRANSLATE_NOOP("agentmon::ProcessState", "dead")},
    {'I', QT_TRANSLATE_NOOP("agentmon::ProcessState", "idle kernel thread")},
    {'P', QT_TRANSLATE_NOOP("agentmon::ProcessState", "parked")},
};

QString lookup(const char *context, const Name *begin, const Name *end, int value)
{
    for (const Name *n = begin; n != end; ++n) {
        if (n->value == value)
            return QCoreApplication::translate(context, n->text);
    }
    return {};
}
} // namespace

QString className(ProcessClass cls)
{
    return lookup("agentmon::ProcessClass", std::begin(classNames), std::end(classNames), int(cls));
}

QString statusName(ProcessStatus status)
{
    return lookup("agentmon::ProcessStatus", std::begin(statusNames), std::end(statusNames), int(status));
}

QString stateName(char state)
{
    const QString name =
        lookup("agentmon::ProcessState", std::begin(stateNames), std::end(stateNames), state);
    const QString letter = QString(QLatin1Char(state));
    return name.isEmpty()
               ? letter
               : QCoreApplication::translate("agentmon::ProcessState", "%1 (%2)").arg(letter, name);
}

QString seconds(qint64 ms)
{
    return QCoreApplication::translate("agentmon::dialogtext", "%1 s")
        .arg(QLocale().toString(double(ms) / 1000.0, 'f', 1));
}

QString shellQuote(const QStringList &argv)
{
    static const QRegularExpression safe(QStringLiteral("^[A-Za-z0-9_@%+=:,./-]+$"));
    QStringList words;
    words.reserve(argv.size());
    for (const QString &arg : argv) {
        if (safe.match(arg).hasMatch())
            words << arg;
        else
            words << QLatin1Char('\'') + QString(arg).replace(QLatin1Char('\''), QLatin1String("'\\''")) +
                         QLatin1Char('\'');
    }
    return words.join(QLatin1Char(' '));
}

QString plainToolTip(const QString &text)
{
    // Agents' command lines can carry whole prompts: a tooltip stays readable.
    constexpr qsizetype maxChars = 2000;
    QString shown = text.size() > maxChars ? text.left(maxChars) + QChar(0x2026) : text;
    return QStringLiteral("<p style='white-space:pre-wrap'>%1</p>").arg(shown.toHtmlEscaped());
}

} // namespace dialogtext

namespace {

// One argument per line: line breaks and other control characters inside an argument are shown escaped.
QString visibleArgument(const QString &arg)
{
    QString out;
    out.reserve(arg.size());
    for (const QChar c : arg) {
        if (c == QLatin1Char('\n'))
            out += QLatin1String("\\n");
        else if (c == QLatin1Char('\r'))
            out += QLatin1String("\\r");
        else if (c == QLatin1Char('\t'))
            out += QLatin1String("\\t");
        else if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            out += QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0'));
        else
            out += c;
    }
    return out;
}

// Stderr of agents is written for terminals: colour and cursor sequences are dropped, invalid UTF-8 becomes
// U+FFFD.
QString readableStderr(const QByteArray &bytes)
{
    static const QRegularExpression csi(QStringLiteral("\x1b\\[[0-9;?]*[ -/]*[@-~]"));
    static const QRegularExpression osc(QStringLiteral("\x1b\\][^\x07\x1b]*(\x07|\x1b\\\\)?"));
    QString text = QString::fromUtf8(bytes);
    text.remove(csi);
    text.remove(osc);
    text.replace(QLatin1String("\r\n"), QLatin1String("\n"));
    QString out;
    out.reserve(text.size());
    for (const QChar c : std::as_const(text)) {
        if (c == QLatin1Char('\n') || c == QLatin1Char('\t') || (c.unicode() >= 0x20 && c.unicode() != 0x7f))
            out += c;
        else if (c == QLatin1Char('\r'))
            out += QLatin1Char('\n');
    }
    return out;
}

QFont monospace()
{
    return QFontDatabase::systemFont(QFontDatabase::FixedFont);
}

// One line for a tree row: line breaks inside arguments become spaces.
QString lineageCommand(const LineageEntry &entry)
{
    QString line = entry.command.isEmpty() ? entry.comm : entry.command;
    for (QChar &c : line) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            c = QLatin1Char(' ');
    }
    return line;
}

constexpr int KeyPidRole = Qt::UserRole;
constexpr int KeyStartRole = Qt::UserRole + 1;

} // namespace

ProcessDetailsDialog::ProcessDetailsDialog(QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("Process details"));
    setSizeGripEnabled(true);

    m_error = new QLabel(this);
    m_error->setTextFormat(Qt::PlainText);
    m_error->setWordWrap(true);
    m_error->setFrameShape(QFrame::StyledPanel);
    m_error->setMargin(fontMetrics().averageCharWidth());
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->hide();

    m_tabs = new QTabWidget(this);
    m_tabs->addTab(createCommandPage(), tr("&Command"));
    m_tabs->addTab(createEnvironmentPage(), tr("&Environment"));
    m_tabs->addTab(createLineagePage(), tr("&Lineage"));
    m_tabs->addTab(createStderrPage(), tr("&Stderr"));
    m_tabs->setTabVisible(m_tabs->indexOf(m_stderrPage), false);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_refresh = buttons->addButton(tr("&Refresh"), QDialogButtonBox::ActionRole);
    m_refresh->setShortcut(QKeySequence(Qt::Key_F5));
    m_refresh->setToolTip(tr("Read this process again (F5)"));
    m_refresh->setAutoDefault(false);
    connect(m_refresh, &QPushButton::clicked, this, [this] { Q_EMIT refreshRequested(key()); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_error);
    layout->addWidget(createOverview());
    layout->addWidget(m_tabs, 1);
    layout->addWidget(buttons);
}

QSize ProcessDetailsDialog::sizeHint() const
{
    const QFontMetrics fm = fontMetrics();
    return {fm.averageCharWidth() * 110, fm.lineSpacing() * 40};
}

QLabel *ProcessDetailsDialog::addField(QFormLayout *form, Field field, const QString &label)
{
    auto *value = new QLabel;
    value->setTextFormat(Qt::PlainText);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    value->setWordWrap(true);
    form->addRow(label, value);
    m_fields.insert(field, value);
    return value;
}

QWidget *ProcessDetailsDialog::createOverview()
{
    auto *box = new QGroupBox(tr("Overview"));
    auto *left = new QFormLayout;
    addField(left, Field::Pid, tr("PID:"));
    addField(left, Field::StartTime, tr("Start time:"))
        ->setToolTip(
            tr("Field 22 of /proc/PID/stat, in clock ticks after boot: with the PID it identifies the "
               "process"));
    addField(left, Field::Ppid, tr("Parent PID:"));
    addField(left, Field::Pgid, tr("Process group:"));
    addField(left, Field::Sid, tr("Session (SID):"));
    addField(left, Field::Uid, tr("User ID:"));
    addField(left, Field::State, tr("State:"));
    addField(left, Field::Tty, tr("Terminal:"));
    addField(left, Field::Threads, tr("Threads:"));
    addField(left, Field::Cpu, tr("CPU:"));
    addField(left, Field::Age, tr("Age:"));

    auto *right = new QFormLayout;
    addField(right, Field::Class, tr("Class:"));
    addField(right, Field::Rule, tr("Rule:"));
    addField(right, Field::ProtectedBy, tr("Protected by:"));
    addField(right, Field::Status, tr("Status:"));
    addField(right, Field::Session, tr("Agent session:"));
    addField(right, Field::Tracked, tr("Registry:"));
    addField(right, Field::Rss, tr("RSS:"));
    addField(right, Field::Pss, tr("PSS:"));
    addField(right, Field::Swap, tr("Swap:"));
    addField(right, Field::Cwd, tr("Working directory:"));

    auto *columns = new QHBoxLayout(box);
    columns->addLayout(left, 2);
    columns->addSpacing(fontMetrics().averageCharWidth() * 3);
    columns->addLayout(right, 3);
    return box;
}

QWidget *ProcessDetailsDialog::createCommandPage()
{
    auto *page = new QWidget;
    m_argv = new QPlainTextEdit;
    m_argv->setReadOnly(true);
    m_argv->setFont(monospace());
    m_argv->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_argv->setPlaceholderText(tr("No command line: a kernel thread, or a process first seen as a zombie."));
    m_copy = new QPushButton(tr("C&opy command line"));
    m_copy->setAutoDefault(false);
    m_copy->setToolTip(tr("Copy the command, quoted for a shell, to the clipboard"));
    connect(m_copy, &QPushButton::clicked, this, &ProcessDetailsDialog::copyCommandLine);
    auto *row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(m_copy);
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(m_argv, 1);
    layout->addLayout(row);
    return page;
}

QWidget *ProcessDetailsDialog::createEnvironmentPage()
{
    auto *page = new QWidget;
    auto *layout = new QVBoxLayout(page);
    auto *intro = new QLabel(tr("The environment variables that tie a process to its agent session; they "
                                "survive setsid, double forks and exec."));
    intro->setWordWrap(true);
    layout->addWidget(intro);
    m_markerForm = new QFormLayout;
    const QString names[] = {QStringLiteral("CLAUDE_CODE_SESSION_ID"), QStringLiteral("CLAUDE_PROJECT_DIR"),
                             QStringLiteral("CLAUDE_CODE_ENTRYPOINT"), QStringLiteral("CLAUDECODE"),
                             QStringLiteral("CLAUDE_CODE_CHILD_SESSION")};
    for (const QString &name : names) {
        auto *label = new QLabel(name);
        label->setFont(monospace());
        auto *value = new QLabel;
        value->setTextFormat(Qt::PlainText);
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        value->setFont(monospace());
        m_markerForm->addRow(label, value);
        m_markerValues << value;
    }
    layout->addLayout(m_markerForm);
    m_noMarkers = new QLabel;
    m_noMarkers->setWordWrap(true);
    layout->addWidget(m_noMarkers);
    layout->addStretch(1);
    return page;
}

QWidget *ProcessDetailsDialog::createLineagePage()
{
    m_lineage = new QTreeWidget;
    m_lineage->setColumnCount(2);
    m_lineage->setHeaderLabels({tr("PID"), tr("Command")});
    m_lineage->setRootIsDecorated(true);
    m_lineage->setUniformRowHeights(true);
    m_lineage->header()->setStretchLastSection(true);
    connect(m_lineage, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem *item) {
        const ProcessKey key{item->data(0, KeyPidRole).toInt(), item->data(0, KeyStartRole).toULongLong()};
        if (key.isValid())
            Q_EMIT processActivated(key);
    });
    return m_lineage;
}

QWidget *ProcessDetailsDialog::createStderrPage()
{
    m_stderrPage = new QWidget;
    m_stderr = new QPlainTextEdit;
    m_stderr->setReadOnly(true);
    m_stderr->setFont(monospace());
    m_stderr->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    auto *layout = new QVBoxLayout(m_stderrPage);
    auto *intro =
        new QLabel(tr("The last output this agent wrote to stderr (kept for agents agentmon launched)."));
    intro->setWordWrap(true);
    layout->addWidget(intro);
    layout->addWidget(m_stderr, 1);
    return m_stderrPage;
}

void ProcessDetailsDialog::setField(Field field, const QString &text)
{
    if (QLabel *label = m_fields.value(field))
        label->setText(text);
}

void ProcessDetailsDialog::setDetails(const ProcessDetails &details)
{
    m_details = details;
    const ProcessInfo &info = details.record.info;
    const QString name = info.comm.isEmpty() ? tr("unknown") : info.comm;
    setWindowTitle(tr("PID %1 \u2014 %2").arg(info.key.pid).arg(name));

    m_error->setText(details.error.isEmpty() ? QString() : tr("Last known state: %1.").arg(details.error));
    m_error->setVisible(!details.error.isEmpty());

    fillOverview();

    QStringList lines;
    lines.reserve(info.argv.size());
    for (const QString &arg : info.argv)
        lines << visibleArgument(arg);
    m_argv->setPlainText(lines.join(QLatin1Char('\n')));
    m_copy->setEnabled(!info.argv.isEmpty());

    fillEnvironment();
    fillLineage();

    const bool hasStderr = !details.stderrTail.isEmpty();
    m_stderr->setPlainText(hasStderr ? readableStderr(details.stderrTail) : QString());
    m_stderr->verticalScrollBar()->setValue(m_stderr->verticalScrollBar()->maximum());
    m_tabs->setTabVisible(m_tabs->indexOf(m_stderrPage), hasStderr);
}

void ProcessDetailsDialog::fillOverview()
{
    const ProcessRecord &record = m_details.record;
    const ProcessInfo &info = record.info;
    const QLocale locale;
    setField(Field::Pid, QString::number(info.key.pid));
    setField(Field::StartTime, QString::number(info.key.starttime));
    setField(Field::Ppid, QString::number(info.ppid));
    setField(Field::Pgid, QString::number(info.pgid));
    setField(Field::Sid, QString::number(info.sid));
    setField(Field::Uid, QString::number(info.uid));
    setField(Field::State, dialogtext::stateName(info.state));
    const QString tty = ttyName(info.ttyNr);
    setField(Field::Tty, tty.isEmpty() ? tr("none") : tty);
    setField(Field::Threads, locale.toString(info.threads));
    setField(Field::Cpu, tr("%1 %").arg(locale.toString(info.cpuPct, 'f', 1)));
    setField(Field::Age, formatDuration(record.ageMs));

    setField(Field::Class, record.isAgent() ? dialogtext::className(record.cls) : tr("not an agent process"));
    if (!record.rule.isEmpty())
        setField(Field::Rule, record.rule);
    else
        setField(Field::Rule, record.isAgent() ? tr("none: found by its lineage") : tr("none"));
    setField(Field::ProtectedBy, record.protectedBy.isEmpty() ? tr("not protected") : record.protectedBy);
    const QString status = dialogtext::statusName(record.status);
    setField(Field::Status,
             record.reason.isEmpty() ? status : tr("%1: %2").arg(status, translateCoreText(record.reason)));
    if (record.session.isEmpty())
        setField(Field::Session, tr("none"));
    else
        setField(Field::Session,
                 record.sessionRoot ? tr("%1 (its root process)").arg(record.session) : record.session);
    QString registry;
    if (m_details.registryKind == QLatin1String("spawned"))
        registry = tr("launched by agentmon");
    else if (m_details.registryKind == QLatin1String("registered"))
        registry = tr("registered");
    else if (m_details.registryKind == QLatin1String("discovered"))
        registry = tr("discovered");
    else if (!m_details.registryKind.isEmpty())
        registry = m_details.registryKind;
    else
        registry = record.tracked ? tr("tracked") : tr("not in the registry");
    setField(Field::Tracked, registry);

    setField(Field::Rss, formatKb(info.rssKb));
    const QString notRead = tr("not read (agent processes only)");
    setField(Field::Pss, info.memory ? formatKb(info.memory->pssKb) : notRead);
    setField(Field::Swap, info.memory ? formatKb(info.memory->swapKb) : notRead);
    const QString cwd = m_details.cwd.isEmpty() ? info.cwd : m_details.cwd;
    setField(Field::Cwd, cwd.isEmpty() ? tr("unknown") : cwd);
}

void ProcessDetailsDialog::fillEnvironment()
{
    const std::optional<EnvMarkers> env = m_details.env ? m_details.env : m_details.record.info.env;
    const QString one = QStringLiteral("1");
    const QString values[] = {env ? env->sessionId : QString(), env ? env->projectDir : QString(),
                              env ? env->entrypoint : QString(), env && env->claudeCode ? one : QString(),
                              env && env->childSession ? one : QString()};
    bool any = false;
    for (int i = 0; i < m_markerValues.size(); ++i) {
        m_markerValues[i]->setText(values[i]);
        m_markerForm->setRowVisible(i, !values[i].isEmpty());
        any = any || !values[i].isEmpty();
    }
    m_noMarkers->setVisible(!any);
    m_noMarkers->setText(env ? tr("None found.")
                             : tr("Not read: the environment of this process could not be read."));
}

void ProcessDetailsDialog::fillLineage()
{
    m_lineage->clear();
    const QBrush gone = palette().brush(QPalette::Disabled, QPalette::Text);
    auto makeItem = [&](QTreeWidgetItem *parent, const LineageEntry &entry) {
        auto *item = parent ? new QTreeWidgetItem(parent) : new QTreeWidgetItem(m_lineage);
        item->setText(0, QString::number(entry.key.pid));
        const QString command = lineageCommand(entry);
        item->setText(1, entry.alive ? command : tr("%1 (exited)").arg(command));
        item->setToolTip(1, dialogtext::plainToolTip(command));
        item->setToolTip(0, tr("PID %1, start time %2").arg(entry.key.pid).arg(entry.key.starttime));
        item->setData(0, KeyPidRole, entry.key.pid);
        item->setData(0, KeyStartRole, qulonglong(entry.key.starttime));
        if (!entry.alive) {
            item->setForeground(0, gone);
            item->setForeground(1, gone);
        }
        return item;
    };

    QTreeWidgetItem *parent = nullptr;
    for (auto it = m_details.ancestors.crbegin(); it != m_details.ancestors.crend(); ++it)
        parent = makeItem(parent, *it);

    const ProcessInfo &info = m_details.record.info;
    LineageEntry self{info.key, info.comm, info.argv.join(QLatin1Char(' ')), m_details.error.isEmpty(), 0};
    QTreeWidgetItem *selfItem = makeItem(parent, self);
    QFont bold = selfItem->font(0);
    bold.setBold(true);
    selfItem->setFont(0, bold);
    selfItem->setFont(1, bold);

    // parents[d] is the last item seen at depth d below this process.
    QList<QTreeWidgetItem *> parents{selfItem};
    for (const LineageEntry &child : m_details.children) {
        const qsizetype depth = qBound(qsizetype(1), qsizetype(child.depth), parents.size());
        QTreeWidgetItem *item = makeItem(parents.at(depth - 1), child);
        parents.resize(depth);
        parents.append(item);
    }
    m_lineage->expandAll();
    m_lineage->resizeColumnToContents(0);
    m_lineage->setCurrentItem(selfItem);
    m_lineage->scrollToItem(selfItem);
}

void ProcessDetailsDialog::copyCommandLine()
{
    QApplication::clipboard()->setText(dialogtext::shellQuote(m_details.record.info.argv));
}

QString ProcessDetailsDialog::fieldText(Field field) const
{
    const QLabel *label = m_fields.value(field);
    return label ? label->text() : QString();
}

QStringList ProcessDetailsDialog::argvLines() const
{
    const QString text = m_argv->toPlainText();
    return text.isEmpty() ? QStringList() : text.split(QLatin1Char('\n'));
}

QStringList ProcessDetailsDialog::markerLines() const
{
    QStringList lines;
    for (int i = 0; i < m_markerValues.size(); ++i) {
        if (!m_markerForm->isRowVisible(i))
            continue;
        const auto *name = qobject_cast<QLabel *>(m_markerForm->itemAt(i, QFormLayout::LabelRole)->widget());
        lines << name->text() + QLatin1Char('=') + m_markerValues.at(i)->text();
    }
    return lines;
}

QString ProcessDetailsDialog::errorText() const
{
    return m_error->isVisibleTo(this) ? m_error->text() : QString();
}

bool ProcessDetailsDialog::isStderrShown() const
{
    return m_tabs->isTabVisible(m_tabs->indexOf(m_stderrPage));
}

QString ProcessDetailsDialog::stderrText() const
{
    return m_stderr->toPlainText();
}

} // namespace agentmon
