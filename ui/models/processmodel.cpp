#include "processmodel.h"

#include "coretext.h"
#include "humanformat.h"
#include "modelroles.h"

#include <QBrush>
#include <QGuiApplication>
#include <QSet>

#include <algorithm>
#include <bit>

namespace agentmon {

namespace {

// What a cell shows of a long text: Qt lays the whole string out before eliding it, and a 4,000-character
// compiler command line costs a repaint 95 ms. The tooltip and the details keep the full text.
QString shownText(const QString &text)
{
    constexpr qsizetype kMaxShown = 300;
    return text.size() <= kMaxShown ? text : text.left(kMaxShown) + QChar(0x2026);
}

constexpr quint32 bit(int column)
{
    return quint32(1) << column;
}

constexpr quint32 kAllColumns = (quint32(1) << ProcessModel::ColumnCount) - 1;

// The colour group of a status; a change of group repaints the whole row.
enum class Tint { None, Warning, Zombie, Danger };

Tint tintOf(ProcessStatus status)
{
    switch (status) {
    case ProcessStatus::Orphan:
    case ProcessStatus::Stale:
        return Tint::Warning;
    case ProcessStatus::Zombie:
        return Tint::Zombie;
    case ProcessStatus::Unkillable:
        return Tint::Danger;
    case ProcessStatus::Running:
    case ProcessStatus::Idle:
        break;
    }
    return Tint::None;
}

// The finest unit formatDuration() shows at this age ("42 s", "3 min", "2 h 14 min", "3 d 4 h"): its text
// can change only when this does, so that most ticks need no formatting at all.
qint64 ageGranule(qint64 ms)
{
    const qint64 s = qMax<qint64>(0, ms) / 1000;
    if (s < 60)
        return s;
    if (s < 86'400)
        return 1'000'000 + s / 60;
    return 2'000'000 + s / 3600;
}

int cpuTenths(double cpuPct)
{
    return int(qRound64(cpuPct * 10.0));
}

QString commandLine(const ProcessInfo &info)
{
    if (info.argv.isEmpty())
        return QLatin1Char('[') + info.comm + QLatin1Char(']');
    return info.argv.join(QLatin1Char(' '));
}

std::optional<quint64> pssOf(const ProcessRecord &record)
{
    return record.info.memory ? std::optional<quint64>(record.info.memory->pssKb) : std::nullopt;
}

std::optional<quint64> swapOf(const ProcessRecord &record)
{
    return record.info.memory ? std::optional<quint64>(record.info.memory->swapKb) : std::nullopt;
}

bool isNumeric(int column)
{
    switch (column) {
    case ProcessModel::Pid:
    case ProcessModel::Rss:
    case ProcessModel::Pss:
    case ProcessModel::Swap:
    case ProcessModel::Cpu:
    case ProcessModel::Age:
    case ProcessModel::Ppid:
        return true;
    default:
        return false;
    }
}

bool hasGuiPalette()
{
    return qobject_cast<QGuiApplication *>(QCoreApplication::instance()) != nullptr;
}

} // namespace

ProcessModel::ProcessModel(QObject *parent) : QAbstractTableModel(parent) {}

ProcessModel::~ProcessModel() = default;

void ProcessModel::update(const Snapshot &snapshot)
{
    const qint64 previousNowMs = m_nowMs;
    m_nowMs = snapshot.takenAtMs;
    renumber();
    const quint32 generation = ++m_generation;

    std::vector<quint32> changed(m_rows.size(), 0);
    std::vector<int> gone;
    std::vector<RowPtr> added;
    QSet<ProcessKey> addedKeys;
    std::vector<ProcessRecord> hidden;
    if (!m_showAll)
        hidden.reserve(snapshot.processes.size());

    for (const ProcessRecord &record : snapshot.processes) {
        const bool visible = m_showAll || record.isAgent();
        const auto it = m_index.constFind(record.info.key);
        if (it != m_index.cend()) {
            Row &row = *it.value();
            const int r = row.row;
            if (row.generation == generation)
                continue; // the same key twice in one snapshot: the first one wins
            row.generation = generation;
            if (visible) {
                changed[size_t(r)] = takeRecord(row, record);
            } else {
                // No longer an agent process (reclassified): it did not end, so no tombstone.
                gone.push_back(r);
                hidden.push_back(record);
            }
        } else if (visible) {
            if (!addedKeys.contains(record.info.key)) {
                addedKeys.insert(record.info.key);
                added.push_back(makeRow(record));
            }
        } else {
            hidden.push_back(record);
        }
    }

    // Rows no snapshot process claimed: the process ended.
    for (size_t r = 0; r < m_rows.size(); ++r) {
        Row &row = *m_rows[r];
        if (row.generation == generation)
            continue;
        if (!row.isTombstone()) {
            if (m_tombstoneMs <= 0) {
                gone.push_back(int(r));
                continue;
            }
            row.endedAtMs = m_nowMs;
            row.record.info.cpuPct = 0.0;
            refreshSearchText(row);
            changed[r] = kAllColumns;
        } else if (m_nowMs - row.endedAtMs >= m_tombstoneMs) {
            gone.push_back(int(r));
            continue;
        }
        // A tombstone ages with the others, so that sorting by age stays right without signals.
        row.record.ageMs += qMax<qint64>(0, m_nowMs - previousNowMs);
        if (refreshAgeText(row))
            changed[r] |= bit(Age);
    }

    emitChanged(changed);
    if (!gone.empty()) {
        std::sort(gone.begin(), gone.end());
        dropRows(gone);
    }
    if (!added.empty())
        appendRows(std::move(added));
    if (!m_showAll)
        m_hidden = std::move(hidden);
}

void ProcessModel::setShowAll(bool showAll)
{
    if (showAll == m_showAll)
        return;
    m_showAll = showAll;
    if (showAll) {
        std::vector<RowPtr> rows;
        rows.reserve(m_hidden.size());
        for (const ProcessRecord &record : m_hidden) {
            if (!m_index.contains(record.info.key))
                rows.push_back(makeRow(record));
        }
        m_hidden.clear();
        m_hidden.shrink_to_fit();
        appendRows(std::move(rows));
    } else {
        std::vector<int> rows;
        for (size_t r = 0; r < m_rows.size(); ++r) {
            const Row &row = *m_rows[r];
            if (row.record.isAgent())
                continue;
            rows.push_back(int(r));
            if (!row.isTombstone())
                m_hidden.push_back(row.record);
        }
        dropRows(rows);
    }
    Q_EMIT showAllChanged(showAll);
}

const ProcessRecord *ProcessModel::recordAt(int row) const
{
    if (row < 0 || size_t(row) >= m_rows.size())
        return nullptr;
    return &m_rows[size_t(row)]->record;
}

bool ProcessModel::isTombstone(int row) const
{
    return row >= 0 && size_t(row) < m_rows.size() && m_rows[size_t(row)]->isTombstone();
}

int ProcessModel::rowOf(const ProcessKey &key) const
{
    const Row *row = m_index.value(key);
    if (!row)
        return -1;
    renumber();
    return row->row;
}

ProcessModel::RowPtr ProcessModel::makeRow(const ProcessRecord &record) const
{
    auto row = std::make_unique<Row>();
    row->record = record;
    row->command = commandLine(record.info);
    refreshAgeText(*row);
    row->generation = m_generation;
    refreshSearchText(*row);
    return row;
}

quint32 ProcessModel::takeRecord(Row &row, const ProcessRecord &record)
{
    const ProcessRecord &old = row.record;
    quint32 mask = 0;
    bool searchChanged = false;
    if (row.isTombstone()) {
        row.endedAtMs = -1; // back from the dead: a sample missed it
        mask = kAllColumns;
        searchChanged = true;
    }
    if (tintOf(old.status) != tintOf(record.status))
        mask = kAllColumns;
    if (old.session != record.session) {
        mask |= bit(Session);
        searchChanged = true;
    }
    if (old.cls != record.cls) {
        mask |= bit(Class);
        searchChanged = true;
    }
    if (old.status != record.status) {
        mask |= bit(Status);
        searchChanged = true;
    }
    if (old.reason != record.reason) {
        mask |= bit(Reason);
        searchChanged = true;
    }
    const bool commChanged = old.info.comm != record.info.comm;
    const bool commandChanged =
        old.info.argv != record.info.argv || (record.info.argv.isEmpty() && commChanged);
    if (commandChanged)
        mask |= bit(Command);
    searchChanged = searchChanged || commChanged || commandChanged;
    if (old.info.rssKb != record.info.rssKb)
        mask |= bit(Rss);
    if (pssOf(old) != pssOf(record))
        mask |= bit(Pss);
    if (swapOf(old) != swapOf(record))
        mask |= bit(Swap);
    if (cpuTenths(old.info.cpuPct) != cpuTenths(record.info.cpuPct))
        mask |= bit(Cpu);
    if (old.info.state != record.info.state)
        mask |= bit(State);
    if (old.info.ppid != record.info.ppid)
        mask |= bit(Ppid);

    row.record = record;
    if (refreshAgeText(row))
        mask |= bit(Age);
    if (commandChanged)
        row.command = commandLine(record.info);
    if (searchChanged)
        refreshSearchText(row);
    return mask;
}

bool ProcessModel::refreshAgeText(Row &row) const
{
    const qint64 granule = ageGranule(row.record.ageMs);
    if (granule == row.ageGranule && !row.ageText.isNull())
        return false;
    row.ageGranule = granule;
    QString text = formatDuration(row.record.ageMs);
    if (text == row.ageText)
        return false;
    row.ageText = std::move(text);
    return true;
}

void ProcessModel::refreshSearchText(Row &row) const
{
    const ProcessRecord &r = row.record;
    QStringList fields{QString::number(r.info.key.pid), r.info.comm, row.command, r.session, r.reason,
                       translateCoreText(r.reason)};
    // Class and status as shown and by their names in the API, which may differ once translated.
    const QString cls = classText(r.cls);
    fields << cls;
    if (r.isAgent() && cls != className(r.cls))
        fields << className(r.cls);
    fields << statusText(row);
    if (row.isTombstone())
        fields << QStringLiteral("ended");
    else if (statusText(row) != statusName(r.status))
        fields << statusName(r.status);
    row.searchText = fields.join(QLatin1Char('\n')).toLower();
}

void ProcessModel::emitChanged(const std::vector<quint32> &changed)
{
    struct Run {
        int first;
        int last;
        quint32 columns;
    };
    std::vector<Run> runs;
    const size_t count = qMin(changed.size(), m_rows.size());
    size_t r = 0;
    while (r < count) {
        if (!changed[r]) {
            ++r;
            continue;
        }
        const size_t first = r;
        quint32 columns = 0;
        while (r < count && changed[r])
            columns |= changed[r++];
        runs.push_back({int(first), int(r - 1), columns});
    }
    // Beyond a few runs, one range per changed column over the rows where it changed: a sorting proxy
    // re-sorts once per dataChanged that touches its sort column (5,000 rows, 10 % changing: ~180 re-sorts
    // with exact runs), and a view's work grows with rows x columns of each range, so a single range over
    // the union of the columns costs it several times more (bench_gui).
    if (runs.size() > kMaxChangedRanges) {
        std::vector<Run> byColumn;
        for (int column = 0; column < ColumnCount; ++column) {
            const quint32 bit = 1u << column;
            int first = -1;
            int last = -1;
            for (const Run &run : runs) {
                if (!(run.columns & bit))
                    continue;
                if (first < 0)
                    first = run.first;
                last = run.last;
            }
            if (first >= 0)
                byColumn.push_back({first, last, bit});
        }
        runs = std::move(byColumn);
    }
    for (const Run &run : runs) {
        const int left = std::countr_zero(run.columns);
        const int right = std::bit_width(run.columns) - 1;
        Q_EMIT dataChanged(index(run.first, left), index(run.last, right));
    }
}

void ProcessModel::dropRows(const std::vector<int> &rows)
{
    // Last block first, so that the rows of the blocks still to go keep their numbers.
    size_t end = rows.size();
    while (end > 0) {
        size_t begin = end - 1;
        while (begin > 0 && rows[begin - 1] == rows[begin] - 1)
            --begin;
        const int first = rows[begin];
        const int last = rows[end - 1];
        beginRemoveRows(QModelIndex(), first, last);
        for (int r = first; r <= last; ++r)
            m_index.remove(m_rows[size_t(r)]->record.info.key);
        m_rows.erase(m_rows.begin() + first, m_rows.begin() + last + 1);
        m_renumberFrom = qMin(m_renumberFrom, size_t(first));
        endRemoveRows();
        end = begin;
    }
}

void ProcessModel::appendRows(std::vector<RowPtr> rows)
{
    if (rows.empty())
        return;
    const int first = int(m_rows.size());
    beginInsertRows(QModelIndex(), first, first + int(rows.size()) - 1);
    m_rows.reserve(m_rows.size() + rows.size());
    for (RowPtr &row : rows) {
        row->row = int(m_rows.size());
        m_index.insert(row->record.info.key, row.get());
        m_rows.push_back(std::move(row));
    }
    if (m_renumberFrom == size_t(first))
        m_renumberFrom = m_rows.size();
    endInsertRows();
}

void ProcessModel::renumber() const
{
    for (size_t r = m_renumberFrom; r < m_rows.size(); ++r)
        m_rows[r]->row = int(r);
    m_renumberFrom = m_rows.size();
}

int ProcessModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ProcessModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

Qt::ItemFlags ProcessModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsSelectable | Qt::ItemIsEnabled | Qt::ItemNeverHasChildren;
}

QVariant ProcessModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.model() != this || index.row() >= int(m_rows.size()) ||
        index.column() >= ColumnCount)
        return {};
    const Row &row = *m_rows[size_t(index.row())];
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return displayText(row, column);
    case roles::Sort:
        return sortValue(row, column);
    case roles::Key:
        return QVariant::fromValue(row.record.info.key);
    case roles::SessionId:
        return row.record.session;
    case roles::IsAgent:
        return row.record.isAgent();
    case roles::Tombstone:
        return row.isTombstone();
    case roles::SearchText:
        return row.searchText;
    case Qt::ToolTipRole:
        return toolTip(row, column);
    case Qt::TextAlignmentRole:
        return isNumeric(column) ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter)) : QVariant();
    case Qt::ForegroundRole:
        return foreground(row);
    default:
        return {};
    }
}

QString ProcessModel::displayText(const Row &row, int column) const
{
    const ProcessRecord &r = row.record;
    switch (column) {
    case Pid:
        return QString::number(r.info.key.pid);
    case Session:
        return shortSessionId(r.session);
    case Class:
        return classText(r.cls);
    case Status:
        return statusText(row);
    case Reason:
        return shownText(translateCoreText(r.reason));
    case Command:
        return shownText(row.command);
    case Rss:
        return formatKb(r.info.rssKb);
    case Pss:
        return r.info.memory ? formatKb(r.info.memory->pssKb) : QString();
    case Swap:
        return r.info.memory ? formatKb(r.info.memory->swapKb) : QString();
    case Cpu:
        return QString::number(cpuTenths(r.info.cpuPct) / 10.0, 'f', 1);
    case Age:
        return row.ageText;
    case State:
        return stateText(r.info.state);
    case Ppid:
        return QString::number(r.info.ppid);
    default:
        return {};
    }
}

QVariant ProcessModel::sortValue(const Row &row, int column) const
{
    const ProcessRecord &r = row.record;
    switch (column) {
    case Pid:
        return r.info.key.pid;
    case Session:
        return r.session;
    case Rss:
        return QVariant::fromValue<quint64>(r.info.rssKb);
    case Pss:
        return QVariant::fromValue<quint64>(r.info.memory ? r.info.memory->pssKb : 0);
    case Swap:
        return QVariant::fromValue<quint64>(r.info.memory ? r.info.memory->swapKb : 0);
    case Cpu:
        return cpuTenths(r.info.cpuPct) / 10.0; // what is shown and announced, see the class comment
    case Age:
        return QVariant::fromValue<qint64>(r.ageMs);
    case Ppid:
        return r.info.ppid;
    default:
        return displayText(row, column);
    }
}

QString ProcessModel::toolTip(const Row &row, int column) const
{
    const ProcessRecord &r = row.record;
    QStringList lines;
    if (row.isTombstone())
        lines << tr("ended %1 ago").arg(formatDuration(m_nowMs - row.endedAtMs));
    switch (column) {
    case Rss:
    case Pss:
    case Swap:
        lines << tr("RSS %1").arg(formatKb(r.info.rssKb));
        if (r.info.memory) {
            lines
                << tr("PSS %1, swap %2").arg(formatKb(r.info.memory->pssKb), formatKb(r.info.memory->swapKb));
        } else {
            lines << tr("PSS and swap are read for agent processes only");
        }
        return lines.join(QLatin1Char('\n'));
    default:
        break;
    }
    lines << row.command;
    lines << tr("PID %1, parent %2, state %3")
                 .arg(r.info.key.pid)
                 .arg(r.info.ppid)
                 .arg(stateText(r.info.state));
    if (!r.session.isEmpty())
        lines << (r.sessionRoot ? tr("Session: %1 (its root)") : tr("Session: %1")).arg(r.session);
    if (r.isAgent()) {
        lines << (r.rule.isEmpty() ? tr("Class: %1 (by lineage)").arg(classText(r.cls))
                                   : tr("Class: %1 (rule %2)").arg(classText(r.cls), r.rule));
    }
    lines << (r.reason.isEmpty() ? tr("Status: %1").arg(statusText(row))
                                 : tr("Status: %1, %2").arg(statusText(row), translateCoreText(r.reason)));
    if (!r.protectedBy.isEmpty())
        lines << tr("Protected by rule %1").arg(r.protectedBy);
    return lines.join(QLatin1Char('\n'));
}

QVariant ProcessModel::foreground(const Row &row) const
{
    if (!hasGuiPalette())
        return {};
    const QPalette palette = QGuiApplication::palette();
    if (row.isTombstone())
        return QBrush(modelcolors::gone(palette));
    switch (tintOf(row.record.status)) {
    case Tint::Warning:
        return QBrush(modelcolors::warning(palette));
    case Tint::Zombie:
        return QBrush(modelcolors::zombie(palette));
    case Tint::Danger:
        return QBrush(modelcolors::danger(palette));
    case Tint::None:
        break;
    }
    return {};
}

QString ProcessModel::statusText(const Row &row) const
{
    if (row.isTombstone())
        return tr("ended");
    switch (row.record.status) {
    case ProcessStatus::Running:
        return tr("running");
    case ProcessStatus::Orphan:
        return tr("orphan");
    case ProcessStatus::Idle:
        return tr("idle");
    case ProcessStatus::Stale:
        return tr("stale");
    case ProcessStatus::Zombie:
        return tr("zombie");
    case ProcessStatus::Unkillable:
        return tr("unkillable");
    }
    return statusName(row.record.status);
}

QString ProcessModel::classText(ProcessClass cls) const
{
    switch (cls) {
    case ProcessClass::None:
        return QString();
    case ProcessClass::Session:
        return tr("session");
    case ProcessClass::Agent:
        return tr("agent");
    case ProcessClass::Mcp:
        return tr("mcp");
    case ProcessClass::Tool:
        return tr("tool");
    case ProcessClass::Daemon:
        return tr("daemon");
    case ProcessClass::Child:
        return tr("child");
    }
    return className(cls);
}

QString ProcessModel::stateText(char state) const
{
    switch (state) {
    case 'R':
        return tr("running");
    case 'S':
        return tr("sleeping");
    case 'D':
        return tr("disk sleep");
    case 'Z':
        return tr("zombie");
    case 'T':
        return tr("stopped");
    case 't':
        return tr("traced");
    case 'X':
    case 'x':
        return tr("dead");
    case 'I':
        return tr("idle");
    case 'P':
        return tr("parked");
    case 'W':
        return tr("waking");
    case 'K':
        return tr("wakekill");
    default:
        return QString(QLatin1Char(state));
    }
}

QVariant ProcessModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole) {
        switch (section) {
        case Pid:
            return tr("PID");
        case Session:
            return tr("Session");
        case Class:
            return tr("Class");
        case Status:
            return tr("Status");
        case Reason:
            return tr("Reason");
        case Command:
            return tr("Command");
        case Rss:
            return tr("RSS");
        case Pss:
            return tr("PSS");
        case Swap:
            return tr("Swap");
        case Cpu:
            return tr("CPU %");
        case Age:
            return tr("Age");
        case State:
            return tr("State");
        case Ppid:
            return tr("PPID");
        }
    } else if (role == Qt::ToolTipRole) {
        switch (section) {
        case Pid:
            return tr("Process id");
        case Session:
            return tr("The agent session the process belongs to");
        case Class:
            return tr("What agentmon recognised the process as: session, agent, mcp, tool, daemon or child");
        case Status:
            return tr(
                "running, orphan, idle, stale, zombie or unkillable; ended for a process that just exited");
        case Reason:
            return tr("Why the process has its status");
        case Command:
            return tr("The command line");
        case Rss:
            return tr("Resident memory");
        case Pss:
            return tr("Proportional set size: resident memory with shared pages split among their users "
                      "(agent processes only)");
        case Swap:
            return tr("Memory swapped out (agent processes only)");
        case Cpu:
            return tr("CPU use since the previous sample, 100 % being one core");
        case Age:
            return tr("Time since the process started");
        case State:
            return tr("Kernel scheduling state");
        case Ppid:
            return tr("Parent process id");
        }
    } else if (role == Qt::TextAlignmentRole) {
        return int((isNumeric(section) ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
    }
    return {};
}

} // namespace agentmon
