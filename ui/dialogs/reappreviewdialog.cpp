#include "reappreviewdialog.h"

#include "coretext.h"
#include "humanformat.h"
#include "processdetailsdialog.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSet>
#include <QSortFilterProxyModel>
#include <QStyle>
#include <QTableView>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace agentmon {

namespace {

// More skipped processes than this and the "Not touched" list starts collapsed.
constexpr int expandedSkippedLimit = 5;

int severity(ReapTargetModel::Result result)
{
    switch (result) {
    case ReapTargetModel::Result::Survived:
        return 6;
    case ReapTargetModel::Result::Unknown:
        return 5;
    case ReapTargetModel::Result::Skipped:
        return 4;
    case ReapTargetModel::Result::KilledByKill:
        return 3;
    case ReapTargetModel::Result::KilledByTerm:
        return 2;
    case ReapTargetModel::Result::AlreadyGone:
        return 1;
    case ReapTargetModel::Result::Planned:
        return 0;
    }
    return 0;
}

// One line for a table cell: control characters inside arguments would break the row.
QString commandLine(const QStringList &argv)
{
    QString line = argv.join(QLatin1Char(' '));
    for (QChar &c : line) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            c = QLatin1Char(' ');
    }
    return line;
}

QString exitTime(qint64 ms)
{
    return ms < 1000 ? QCoreApplication::translate("agentmon::ReapPreviewDialog", "%1 ms").arg(ms)
                     : dialogtext::seconds(ms);
}

} // namespace

ReapTargetModel::ReapTargetModel(QObject *parent) : QAbstractTableModel(parent) {}

void ReapTargetModel::setRows(QList<Row> rows)
{
    // A dialog shows one plan or one report at a time: a reset is what happened.
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

int ReapTargetModel::rowOf(const ProcessKey &key) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).key == key)
            return i;
    }
    return -1;
}

int ReapTargetModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ReapTargetModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ReapTargetModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case Pid:
            return row.key.pid;
        case Outcome:
            return row.outcome;
        case Session:
            return row.session.isEmpty() ? QString() : shortSessionId(row.session);
        case Class:
            return row.known ? dialogtext::className(row.cls) : QString();
        case Status:
            return row.known ? dialogtext::statusName(row.status) : QString();
        case Reason:
            return translateCoreText(row.reason);
        case Rss:
            return row.known ? formatKb(row.rssKb) : QString();
        case Command:
            return commandLine(row.argv);
        }
        break;
    case SortRole:
        switch (column) {
        case Pid:
            return row.key.pid;
        case Outcome:
            return severity(row.result);
        case Session:
            return row.session;
        case Class:
            return int(row.cls);
        case Status:
            return int(row.status);
        case Reason:
            return translateCoreText(row.reason);
        case Rss:
            return qulonglong(row.rssKb);
        case Command:
            return commandLine(row.argv);
        }
        break;
    case Qt::ToolTipRole:
        switch (column) {
        case Pid:
            return tr("PID %1, start time %2 (clock ticks after boot), process group %3")
                .arg(row.key.pid)
                .arg(row.key.starttime)
                .arg(row.pgid);
        case Outcome:
            return row.outcome.isEmpty() ? QVariant() : QVariant(dialogtext::plainToolTip(row.outcome));
        case Session:
            return row.session.isEmpty() ? QVariant() : QVariant(dialogtext::plainToolTip(row.session));
        case Reason:
            return row.reason.isEmpty() ? QVariant()
                                        : QVariant(dialogtext::plainToolTip(translateCoreText(row.reason)));
        case Command:
            return row.argv.isEmpty() ? QVariant()
                                      : QVariant(dialogtext::plainToolTip(dialogtext::shellQuote(row.argv)));
        }
        break;
    case Qt::TextAlignmentRole:
        if (column == Pid || column == Rss)
            return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
        break;
    case Qt::DecorationRole:
        if (column == Outcome && (row.result == Result::Survived || row.result == Result::Unknown))
            return QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
        break;
    }
    return {};
}

QVariant ReapTargetModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole) {
        switch (section) {
        case Pid:
            return tr("PID");
        case Outcome:
            return tr("Outcome");
        case Session:
            return tr("Session");
        case Class:
            return tr("Class");
        case Status:
            return tr("Status");
        case Reason:
            return tr("Reason");
        case Rss:
            return tr("RSS");
        case Command:
            return tr("Command");
        }
    } else if (role == Qt::ToolTipRole) {
        switch (section) {
        case Pid:
            return tr(
                "Process ID; with the start time (in the tooltip of each row) it identifies the process");
        case Reason:
            return tr("Why the reaper chose this process");
        case Rss:
            return tr("Resident memory when the plan was made");
        default:
            break;
        }
    }
    return {};
}

ReapPreviewDialog::ReapPreviewDialog(QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("Reap"));
    setSizeGripEnabled(true);

    m_headline = new QLabel(this);
    m_headline->setTextFormat(Qt::PlainText);
    m_headline->setWordWrap(true);
    QFont big = m_headline->font();
    big.setBold(true);
    if (big.pointSizeF() > 0)
        big.setPointSizeF(big.pointSizeF() * 1.25);
    m_headline->setFont(big);

    m_summary = new QLabel(this);
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_busy = new QProgressBar(this);
    m_busy->setRange(0, 0);
    m_busy->setTextVisible(false);
    m_busy->hide();

    m_model = new ReapTargetModel(this);
    m_sorted = new QSortFilterProxyModel(this);
    m_sorted->setSourceModel(m_model);
    m_sorted->setSortRole(ReapTargetModel::SortRole);
    m_view = new QTableView(this);
    m_view->setModel(m_sorted);
    m_view->setSortingEnabled(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(fontMetrics().lineSpacing() * 3 / 2);
    QHeaderView *header = m_view->horizontalHeader();
    header->setStretchLastSection(true);
    header->setSectionResizeMode(QHeaderView::Interactive);
    for (const int column : {ReapTargetModel::Pid, ReapTargetModel::Session, ReapTargetModel::Class,
                             ReapTargetModel::Status, ReapTargetModel::Rss})
        header->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    const int charWidth = fontMetrics().averageCharWidth();
    header->resizeSection(ReapTargetModel::Outcome, charWidth * 30);
    header->resizeSection(ReapTargetModel::Reason, charWidth * 30);

    m_skippedToggle = new QToolButton(this);
    m_skippedToggle->setCheckable(true);
    m_skippedToggle->setAutoRaise(true);
    m_skippedToggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_skippedToggle->setToolTip(tr("Processes the reap leaves alone, and why"));
    connect(m_skippedToggle, &QToolButton::toggled, this, &ReapPreviewDialog::setSkippedExpanded);
    m_skipped = new QTreeWidget(this);
    m_skipped->setColumnCount(2);
    m_skipped->setHeaderLabels({tr("PID"), tr("Why")});
    m_skipped->setRootIsDecorated(false);
    m_skipped->setUniformRowHeights(true);

    m_buttons = new QDialogButtonBox(this);
    m_cancel = m_buttons->addButton(QDialogButtonBox::Cancel);
    // Destructive, not Accept: the button box never makes it the default button.
    m_confirm = m_buttons->addButton(tr("&Reap"), QDialogButtonBox::DestructiveRole);
    m_confirm->setAutoDefault(false);
    m_confirm->setDefault(false);
    m_close = m_buttons->addButton(QDialogButtonBox::Close);
    connect(m_cancel, &QPushButton::clicked, this, &ReapPreviewDialog::reject);
    connect(m_close, &QPushButton::clicked, this, &ReapPreviewDialog::reject);
    connect(m_confirm, &QPushButton::clicked, this, &ReapPreviewDialog::onConfirm);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_headline);
    layout->addWidget(m_summary);
    layout->addWidget(m_busy);
    layout->addWidget(m_view, 3);
    layout->addWidget(m_skippedToggle, 0, Qt::AlignLeft);
    layout->addWidget(m_skipped, 1);
    // Takes the room of the lists while none is shown, so that the texts stay at the top.
    layout->addStretch(0);
    m_filler = layout->count() - 1;
    layout->addWidget(m_buttons);

    setLoading();
}

QSize ReapPreviewDialog::sizeHint() const
{
    const QFontMetrics fm = fontMetrics();
    return {fm.averageCharWidth() * 120, fm.lineSpacing() * 32};
}

void ReapPreviewDialog::setSessionLabel(const QString &label)
{
    m_sessionLabel = label;
}

void ReapPreviewDialog::showButtons(bool cancel, bool confirm, bool close)
{
    m_cancel->setVisible(cancel);
    m_cancel->setEnabled(cancel);
    m_cancel->setToolTip(QString());
    m_confirm->setVisible(confirm);
    m_confirm->setEnabled(confirm);
    m_close->setVisible(close);
    m_close->setEnabled(close);
    // Exactly one default button, never the confirmation: a bare Enter must not reap.
    QPushButton *byDefault = close ? m_close : m_cancel;
    m_confirm->setDefault(false);
    m_cancel->setDefault(byDefault == m_cancel);
    m_close->setDefault(byDefault == m_close);
    byDefault->setFocus(Qt::OtherFocusReason);
    updateFiller();
}

void ReapPreviewDialog::setBusy(bool busy)
{
    m_busy->setVisible(busy);
}

void ReapPreviewDialog::updateFiller()
{
    auto *box = static_cast<QBoxLayout *>(layout());
    box->setStretch(m_filler, m_view->isVisibleTo(this) || m_skipped->isVisibleTo(this) ? 0 : 1);
}

void ReapPreviewDialog::setLoading()
{
    m_state = State::Loading;
    m_targetCount = 0;
    m_plannedRssKb = 0;
    m_headline->setText(tr("Working out what would be signalled\u2026"));
    m_summary->setText(tr("The reaper is making a dry run; nothing has been signalled."));
    setBusy(true);
    m_model->setRows({});
    m_view->hide();
    setSkipped({});
    showButtons(true, false, false);
}

QString ReapPreviewDialog::headlineFor(int count) const
{
    switch (m_kind) {
    case ReapKind::Session: {
        const QString id = shortSessionId(m_request.session);
        return m_sessionLabel.isEmpty() ? tr("Reap session %1?").arg(id)
                                        : tr("Reap session %1 (%2)?").arg(id, m_sessionLabel);
    }
    case ReapKind::Orphans:
        return count == 1 ? tr("Kill 1 orphaned agent process?")
                          : tr("Kill %n orphaned agent processes?", nullptr, count);
    case ReapKind::Selected:
        return count == 1 ? tr("Kill 1 selected process?")
                          : tr("Kill %n selected processes?", nullptr, count);
    }
    return {};
}

void ReapPreviewDialog::setPreview(ReapKind kind, const ReapRequest &request, const ReapPlan &plan)
{
    m_state = State::Preview;
    m_kind = kind;
    m_request = request;
    m_targetCount = int(plan.targets.size());
    switch (kind) {
    case ReapKind::Session:
        setWindowTitle(tr("Reap Session"));
        break;
    case ReapKind::Orphans:
        setWindowTitle(tr("Kill Orphaned Agents"));
        break;
    case ReapKind::Selected:
        setWindowTitle(tr("Kill Processes"));
        break;
    }

    QList<ReapTargetModel::Row> rows;
    rows.reserve(plan.targets.size());
    m_plannedRssKb = 0;
    for (const ReapTarget &t : plan.targets) {
        rows.append({t.key, t.pgid, t.session, t.cls, t.status, t.reason, t.rssKb, t.argv, true,
                     ReapTargetModel::Result::Planned, QString()});
        m_plannedRssKb += t.rssKb;
    }
    m_model->setRows(std::move(rows));
    m_view->setColumnHidden(ReapTargetModel::Outcome, true);
    m_view->sortByColumn(ReapTargetModel::Rss, Qt::DescendingOrder);
    setSkipped(plan.skipped);
    setBusy(false);

    const QString zombies =
        plan.zombieCount > 0 ? tr("Zombie processes left alone, since only their parents can clear them: %1.")
                                   .arg(plan.zombieCount)
                             : QString();
    if (plan.targets.isEmpty()) {
        switch (kind) {
        case ReapKind::Session:
            m_headline->setText(tr("Nothing to reap: session %1 has no process left that may be signalled.")
                                    .arg(shortSessionId(request.session)));
            break;
        case ReapKind::Orphans:
            m_headline->setText(
                tr("Nothing to reap: no orphaned, idle or stale agent process is older than %1.")
                    .arg(formatDuration(request.minAgeMs)));
            break;
        case ReapKind::Selected:
            m_headline->setText(tr("Nothing to reap: none of the selected processes may be signalled."));
            break;
        }
        QStringList notes;
        if (!plan.skipped.isEmpty())
            notes << tr("The processes found and why they are left alone are listed below.");
        if (!zombies.isEmpty())
            notes << zombies;
        m_summary->setText(notes.join(QLatin1Char(' ')));
        m_view->hide();
        showButtons(false, false, true);
        return;
    }

    m_headline->setText(headlineFor(m_targetCount));
    QStringList summary;
    summary << (m_targetCount == 1
                    ? tr("1 process will get SIGTERM, then SIGKILL after %1 if still running.")
                    : tr("%n processes will get SIGTERM, then SIGKILL after %1 if still running.", nullptr,
                         m_targetCount))
                   .arg(dialogtext::seconds(request.times.graceMs))
            << tr("About %1 will be freed.").arg(formatKb(m_plannedRssKb))
            << tr("Processes they start meanwhile in the same process groups are included.");
    if (!zombies.isEmpty())
        summary << zombies;
    m_summary->setText(summary.join(QLatin1Char(' ')));
    m_view->show();

    if (kind == ReapKind::Session)
        m_confirm->setText(m_targetCount == 1 ? tr("&Reap 1 process")
                                              : tr("&Reap %n processes", nullptr, m_targetCount));
    else
        m_confirm->setText(m_targetCount == 1 ? tr("&Kill 1 process")
                                              : tr("&Kill %n processes", nullptr, m_targetCount));
    m_confirm->setToolTip(tr("Send SIGTERM now; SIGKILL follows after %1 to those still running")
                              .arg(dialogtext::seconds(request.times.graceMs)));
    showButtons(true, true, false);
}

void ReapPreviewDialog::onConfirm()
{
    if (m_state != State::Preview || m_targetCount == 0)
        return;
    m_state = State::Signalling;
    m_headline->setText(m_targetCount == 1 ? tr("Signalling 1 process\u2026")
                                           : tr("Signalling %n processes\u2026", nullptr, m_targetCount));
    m_summary->setText(tr("Signalling\u2026 up to %1 grace, then SIGKILL.")
                           .arg(dialogtext::seconds(m_request.times.graceMs)));
    setBusy(true);
    showButtons(true, true, false);
    m_confirm->setEnabled(false);
    m_cancel->setEnabled(false);
    m_cancel->setToolTip(
        tr("A reap cannot be cancelled halfway: the processes have already been sent SIGTERM."));
    // Last: a receiver may answer with setReport() at once.
    Q_EMIT confirmed();
}

void ReapPreviewDialog::setReport(const ReapReport &report)
{
    using Result = ReapTargetModel::Result;
    m_state = State::Receipt;
    m_request = report.request;
    const CascadeReport &cascade = report.cascade;

    QHash<ProcessKey, KillRecord> killed;
    for (const KillRecord &k : cascade.killed)
        killed.insert(k.key, k);
    QHash<ProcessKey, SurvivorRecord> survivors;
    for (const SurvivorRecord &s : cascade.survivors)
        survivors.insert(s.key, s);
    const QSet<int> gone(cascade.alreadyGone.cbegin(), cascade.alreadyGone.cend());
    QSet<int> targetPids;
    for (const ReapTarget &t : report.targets)
        targetPids.insert(t.key.pid);
    QHash<int, QString> skippedTargets; // pid -> why, for targets the cascade refused
    QList<SkipRecord> notTouched;
    for (const SkipRecord &s : cascade.skipped) {
        if (targetPids.contains(s.pid) && !skippedTargets.contains(s.pid))
            skippedTargets.insert(s.pid, s.why);
        else
            notTouched << s;
    }

    auto describe = [&](ReapTargetModel::Row &row) {
        if (const auto k = killed.constFind(row.key); k != killed.cend()) {
            const bool byKill = k->signal == QLatin1String("KILL");
            row.result = byKill ? Result::KilledByKill : Result::KilledByTerm;
            row.outcome = byKill ? tr("killed by SIGKILL after %1").arg(exitTime(k->exitMs))
                                 : tr("killed by SIGTERM in %1").arg(exitTime(k->exitMs));
        } else if (const auto s = survivors.constFind(row.key); s != survivors.cend()) {
            row.result = Result::Survived;
            const QString state = dialogtext::stateName(s->state);
            row.outcome = s->wchan.isEmpty() ? tr("survived in state %1").arg(state)
                                             : tr("survived in state %1, waiting in %2").arg(state, s->wchan);
        } else if (row.known && skippedTargets.contains(row.key.pid)) {
            row.result = Result::Skipped;
            row.outcome = tr("skipped: %1").arg(skippedTargets.value(row.key.pid));
        } else if (gone.contains(row.key.pid)) {
            row.result = Result::AlreadyGone;
            row.outcome = tr("already gone");
        } else if (report.request.dryRun) {
            row.result = Result::Planned;
            row.outcome = tr("would be signalled (dry run)");
        } else {
            row.result = Result::Unknown;
            row.outcome = tr("no outcome reported");
        }
    };

    QList<ReapTargetModel::Row> rows;
    QSet<ProcessKey> listed;
    for (const ReapTarget &t : report.targets) {
        ReapTargetModel::Row row{t.key,   t.pgid, t.session, t.cls,           t.status, t.reason,
                                 t.rssKb, t.argv, true,      Result::Unknown, QString()};
        describe(row);
        rows << row;
        listed.insert(t.key);
    }
    // What the cascade found while it ran: process group members and children forked meanwhile.
    const QString session =
        report.request.kind == ReapRequest::Kind::Session ? report.request.session : QString();
    auto addFound = [&](const ProcessKey &key) {
        if (listed.contains(key))
            return;
        listed.insert(key);
        ReapTargetModel::Row row;
        row.key = key;
        row.session = session;
        row.known = false;
        row.reason = tr("found during the reap: in a target's process group, or started by a target");
        describe(row);
        rows << row;
    };
    for (const KillRecord &k : cascade.killed)
        addFound(k.key);
    for (const SurvivorRecord &s : cascade.survivors)
        addFound(s.key);

    int nKilled = 0;
    int nSurvived = 0;
    int nGone = 0;
    int nSkipped = 0;
    int nFound = 0;
    int nOutcomes = 0;
    quint64 freedKb = 0;
    for (const ReapTargetModel::Row &row : std::as_const(rows)) {
        nFound += row.known ? 0 : 1;
        switch (row.result) {
        case Result::KilledByTerm:
        case Result::KilledByKill:
            ++nKilled;
            freedKb += row.rssKb;
            break;
        case Result::Survived:
            ++nSurvived;
            break;
        case Result::AlreadyGone:
            ++nGone;
            break;
        case Result::Skipped:
            ++nSkipped;
            break;
        case Result::Planned:
        case Result::Unknown:
            break;
        }
        if (row.result != Result::Skipped)
            ++nOutcomes;
    }

    m_targetCount = int(rows.size());
    m_plannedRssKb = 0;
    for (const ReapTarget &t : report.targets)
        m_plannedRssKb += t.rssKb;

    if (report.request.dryRun)
        m_headline->setText(report.targets.size() == 1 ? tr("Dry run: 1 process would be signalled")
                                                       : tr("Dry run: %n processes would be signalled",
                                                            nullptr, int(report.targets.size())));
    else if (nSurvived > 0)
        m_headline->setText((nOutcomes == 1
                                 ? tr("%1 of 1 process killed; %2 survived")
                                 : tr("%1 of %n processes killed; %2 survived", nullptr, nOutcomes))
                                .arg(nKilled)
                                .arg(nSurvived));
    else if (nKilled > 0)
        m_headline->setText((nKilled == 1 ? tr("Killed 1 process, %1 freed")
                                          : tr("Killed %n processes, %1 freed", nullptr, nKilled))
                                .arg(formatKb(freedKb)));
    else if (rows.isEmpty())
        m_headline->setText(tr("Nothing was signalled"));
    else
        m_headline->setText(tr("No process was killed"));

    QStringList summary;
    summary << tr("Took %1.")
                   .arg(dialogtext::seconds(report.durationMs > 0 ? report.durationMs : cascade.durationMs));
    if (report.request.dryRun)
        summary << tr("Nothing was signalled. About %1 would be freed.").arg(formatKb(m_plannedRssKb));
    if (nGone > 0)
        summary << tr("Already gone before the first signal: %1.").arg(nGone);
    if (nSkipped > 0)
        summary << tr("Skipped: %1.").arg(nSkipped);
    if (nFound > 0)
        summary
            << tr("Found during the reap and included (process group members, children started meanwhile): "
                  "%1.")
                   .arg(nFound);
    if (nSurvived > 0) {
        bool inKernel = false;
        for (const SurvivorRecord &s : cascade.survivors)
            inKernel = inKernel || s.state == 'D';
        summary << (inKernel
                        ? tr("A process in state D waits for the kernel: SIGKILL takes effect once its I/O "
                             "completes.")
                        : tr("Survivors are still running; look at them in the process list."));
    }
    m_summary->setText(summary.join(QLatin1Char(' ')));

    m_model->setRows(std::move(rows));
    m_view->setColumnHidden(ReapTargetModel::Outcome, false);
    m_view->sortByColumn(ReapTargetModel::Outcome, Qt::DescendingOrder);
    m_view->setVisible(m_model->rowCount() > 0);
    setSkipped(notTouched);
    setBusy(false);
    showButtons(false, false, true);
}

void ReapPreviewDialog::setError(const QString &message)
{
    const bool wasSignalling = m_state == State::Signalling;
    m_state = State::Error;
    m_headline->setText(wasSignalling ? tr("The reap did not finish")
                                      : tr("Could not work out what to reap"));
    m_summary->setText(message);
    setBusy(false);
    // After signalling began, what was meant to be signalled stays in view.
    m_view->setVisible(wasSignalling && m_model->rowCount() > 0);
    if (!wasSignalling)
        setSkipped({});
    showButtons(false, false, true);
}

void ReapPreviewDialog::setSkipped(const QList<SkipRecord> &skipped)
{
    m_skippedRecords = skipped;
    m_skipped->clear();
    QList<QTreeWidgetItem *> items;
    items.reserve(skipped.size());
    for (const SkipRecord &s : skipped) {
        const QString why = translateCoreText(s.why);
        auto *item = new QTreeWidgetItem({QString::number(s.pid), why});
        item->setTextAlignment(0, Qt::AlignRight | Qt::AlignVCenter);
        item->setToolTip(1, dialogtext::plainToolTip(why));
        items << item;
    }
    m_skipped->addTopLevelItems(items);
    m_skipped->resizeColumnToContents(0);
    m_skippedToggle->setText(tr("Not touched (%1)").arg(skipped.size()));
    m_skippedToggle->setVisible(!skipped.isEmpty());
    const bool expanded = !skipped.isEmpty() && skipped.size() <= expandedSkippedLimit;
    {
        const QSignalBlocker blocker(m_skippedToggle);
        m_skippedToggle->setChecked(expanded);
    }
    setSkippedExpanded(expanded);
}

void ReapPreviewDialog::setSkippedExpanded(bool expanded)
{
    m_skippedToggle->setArrowType(expanded ? Qt::DownArrow : Qt::RightArrow);
    m_skipped->setVisible(expanded && !m_skippedRecords.isEmpty());
    updateFiller();
}

bool ReapPreviewDialog::isSkippedExpanded() const
{
    return m_skipped->isVisibleTo(this);
}

QString ReapPreviewDialog::headline() const
{
    return m_headline->text();
}

QString ReapPreviewDialog::summary() const
{
    return m_summary->text();
}

QList<ProcessKey> ReapPreviewDialog::shownTargets() const
{
    QList<ProcessKey> keys;
    if (!m_view->isVisibleTo(this))
        return keys;
    for (int row = 0; row < m_sorted->rowCount(); ++row)
        keys << m_model->keyAt(m_sorted->mapToSource(m_sorted->index(row, 0)).row());
    return keys;
}

QList<SkipRecord> ReapPreviewDialog::shownSkipped() const
{
    return m_skippedToggle->isVisibleTo(this) ? m_skippedRecords : QList<SkipRecord>();
}

QPushButton *ReapPreviewDialog::confirmButton() const
{
    return m_confirm->isVisibleTo(this) ? m_confirm : nullptr;
}

QPushButton *ReapPreviewDialog::cancelButton() const
{
    return m_cancel->isVisibleTo(this) ? m_cancel : nullptr;
}

QPushButton *ReapPreviewDialog::closeButton() const
{
    return m_close->isVisibleTo(this) ? m_close : nullptr;
}

void ReapPreviewDialog::reject()
{
    // Signals already sent cannot be taken back: the dialog stays until the receipt.
    if (m_state == State::Signalling)
        return;
    QDialog::reject();
}

} // namespace agentmon
