#include "sessionmodel.h"

#include "humanformat.h"
#include "modelroles.h"

#include <QBrush>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QFont>
#include <QGuiApplication>
#include <QLocale>
#include <QSet>

#include <algorithm>
#include <bit>

namespace agentmon {

namespace {

constexpr quint32 bit(int column)
{
    return quint32(1) << column;
}

constexpr quint32 kAllColumns = (quint32(1) << SessionModel::ColumnCount) - 1;

bool isNumeric(int column)
{
    return column == SessionModel::Processes || column == SessionModel::Memory;
}

bool hasGuiPalette()
{
    return qobject_cast<QGuiApplication *>(QCoreApplication::instance()) != nullptr;
}

} // namespace

SessionModel::SessionModel(QObject *parent) : QAbstractTableModel(parent) {}

SessionModel::~SessionModel() = default;

void SessionModel::update(const Snapshot &snapshot)
{
    m_nowMs = snapshot.takenAtMs;
    m_nowWallMs = snapshot.takenAtWallMs;
    const quint32 generation = ++m_generation;

    std::vector<quint32> changed(m_rows.size(), 0);
    std::vector<Row> added;
    QSet<QString> addedIds;
    for (const SessionRecord &session : snapshot.sessions) {
        const auto it = m_index.constFind(session.id);
        if (it == m_index.cend()) {
            if (addedIds.contains(session.id))
                continue;
            addedIds.insert(session.id);
            Row row;
            row.record = session;
            row.generation = generation;
            derive(row);
            added.push_back(std::move(row));
            continue;
        }
        const int r = it.value();
        Row &row = m_rows[size_t(r)];
        if (row.generation == generation)
            continue; // the same id twice in one snapshot: the first one wins
        row.generation = generation;
        const SessionRecord &old = row.record;
        quint32 mask = 0;
        if (agentText(old) != agentText(session))
            mask |= bit(Agent);
        if (old.projectDir != session.projectDir)
            mask |= bit(Project);
        if (old.processCount != session.processCount)
            mask |= bit(Processes);
        if (old.rssKb != session.rssKb)
            mask |= bit(Memory);
        row.record = session;
        changed[size_t(r)] = mask | derive(row);
    }

    std::vector<int> gone;
    for (size_t r = 0; r < m_rows.size(); ++r) {
        if (m_rows[r].generation != generation)
            gone.push_back(int(r));
    }

    emitChanged(changed);
    dropRows(gone);
    if (!added.empty()) {
        const int first = int(m_rows.size());
        beginInsertRows(QModelIndex(), first, first + int(added.size()) - 1);
        for (Row &row : added)
            m_rows.push_back(std::move(row));
        reindexFrom(first);
        endInsertRows();
    }
}

void SessionModel::setLingerMs(qint64 ms)
{
    ms = qMax<qint64>(0, ms);
    if (ms == m_lingerMs)
        return;
    m_lingerMs = ms;
    std::vector<quint32> changed(m_rows.size(), 0);
    for (size_t r = 0; r < m_rows.size(); ++r)
        changed[r] = derive(m_rows[r]);
    emitChanged(changed);
}

const SessionRecord *SessionModel::sessionAt(int row) const
{
    if (row < 0 || size_t(row) >= m_rows.size())
        return nullptr;
    return &m_rows[size_t(row)].record;
}

int SessionModel::rowOf(const QString &id) const
{
    return m_index.value(id, -1);
}

bool SessionModel::isLeaked(int row) const
{
    return row >= 0 && size_t(row) < m_rows.size() && m_rows[size_t(row)].look == Look::Leaked;
}

quint32 SessionModel::derive(Row &row) const
{
    const SessionRecord &s = row.record;
    quint32 mask = 0;

    // startedAtMs is on the monotonic clock: take it to wall time through the snapshot's pair of clocks.
    const qint64 wall = s.startedAtMs > 0 ? m_nowWallMs - (m_nowMs - s.startedAtMs) : 0;
    QString startedText;
    if (wall > 0) {
        const QDateTime started = QDateTime::fromMSecsSinceEpoch(wall);
        const QDate today = QDateTime::fromMSecsSinceEpoch(m_nowWallMs).date();
        startedText = started.date() == today
                          ? started.toString(QStringLiteral("hh:mm"))
                          : QLocale().toString(started.date(), QLocale::ShortFormat) + QLatin1Char(' ') +
                                started.toString(QStringLiteral("hh:mm"));
    } else {
        startedText = QStringLiteral("—");
    }
    row.startedWallMs = wall;
    if (startedText != row.startedText) {
        row.startedText = std::move(startedText);
        mask |= bit(Started);
    }

    Look look = Look::Live;
    QString stateText;
    if (s.alive) {
        stateText = tr("live");
    } else if (s.leaked(m_nowMs, m_lingerMs)) {
        look = Look::Leaked;
        //: How many processes of an ended session still run, and their memory: "3 left, 1.2 GB"
        stateText = tr("%n left, %1", nullptr, s.processCount).arg(formatKb(s.rssKb));
    } else {
        look = s.processCount > 0 ? Look::Ended : Look::Gone;
        stateText = tr("ended");
    }
    if (stateText != row.stateText) {
        row.stateText = std::move(stateText);
        mask |= bit(State);
    }
    if (look != row.look) {
        row.look = look;
        mask = kAllColumns; // colour and font of the whole row
    }
    return mask;
}

void SessionModel::emitChanged(const std::vector<quint32> &changed)
{
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
        Q_EMIT dataChanged(index(int(first), std::countr_zero(columns)),
                           index(int(r - 1), std::bit_width(columns) - 1));
    }
}

void SessionModel::dropRows(const std::vector<int> &rows)
{
    size_t end = rows.size();
    while (end > 0) {
        size_t begin = end - 1;
        while (begin > 0 && rows[begin - 1] == rows[begin] - 1)
            --begin;
        const int first = rows[begin];
        const int last = rows[end - 1];
        beginRemoveRows(QModelIndex(), first, last);
        for (int r = first; r <= last; ++r)
            m_index.remove(m_rows[size_t(r)].record.id);
        m_rows.erase(m_rows.begin() + first, m_rows.begin() + last + 1);
        reindexFrom(first);
        endRemoveRows();
        end = begin;
    }
}

void SessionModel::reindexFrom(int first)
{
    for (size_t r = size_t(first); r < m_rows.size(); ++r)
        m_index.insert(m_rows[r].record.id, int(r));
}

int SessionModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int SessionModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

Qt::ItemFlags SessionModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsSelectable | Qt::ItemIsEnabled | Qt::ItemNeverHasChildren;
}

QVariant SessionModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.model() != this || index.row() >= int(m_rows.size()) ||
        index.column() >= ColumnCount)
        return {};
    const Row &row = m_rows[size_t(index.row())];
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return displayText(row, column);
    case roles::Sort:
        return sortValue(row, column);
    case roles::SessionId:
        return row.record.id;
    case roles::Leaked:
        return row.look == Look::Leaked;
    case roles::Alive:
        return row.record.alive;
    case Qt::ToolTipRole:
        return toolTip(row, column);
    case Qt::TextAlignmentRole:
        return isNumeric(column) ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter)) : QVariant();
    case Qt::ForegroundRole:
        if (!hasGuiPalette())
            return {};
        if (row.look == Look::Leaked)
            return QBrush(modelcolors::warning(QGuiApplication::palette()));
        if (row.look == Look::Gone)
            return QBrush(modelcolors::gone(QGuiApplication::palette()));
        return {};
    case Qt::FontRole:
        if (row.look == Look::Leaked && column == State) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    default:
        return {};
    }
}

QString SessionModel::agentText(const SessionRecord &record) const
{
    if (!record.agent.isEmpty())
        return record.agent;
    if (!record.rootComm.isEmpty())
        return record.rootComm;
    return tr("unknown");
}

QString SessionModel::projectText(const SessionRecord &record) const
{
    if (record.projectDir.isEmpty())
        return QStringLiteral("—");
    const QString clean = QDir::cleanPath(record.projectDir);
    const QString name = QFileInfo(clean).fileName();
    return name.isEmpty() ? clean : name; // "/" has no base name
}

QString SessionModel::displayText(const Row &row, int column) const
{
    const SessionRecord &s = row.record;
    switch (column) {
    case Agent:
        return agentText(s);
    case Project:
        return projectText(s);
    case Started:
        return row.startedText;
    case Session:
        return shortSessionId(s.id);
    case Processes:
        return QString::number(s.processCount);
    case Memory:
        return formatKb(s.rssKb);
    case State:
        return row.stateText;
    default:
        return {};
    }
}

QVariant SessionModel::sortValue(const Row &row, int column) const
{
    const SessionRecord &s = row.record;
    switch (column) {
    case Started:
        return QVariant::fromValue<qint64>(row.startedWallMs);
    case Session:
        return s.id;
    case Processes:
        return s.processCount;
    case Memory:
        return QVariant::fromValue<quint64>(s.rssKb);
    case State:
        // Descending puts what needs a look first: leaked, live, ended with processes, ended and empty.
        switch (row.look) {
        case Look::Leaked:
            return 3;
        case Look::Live:
            return 2;
        case Look::Ended:
            return 1;
        case Look::Gone:
            return 0;
        }
        return 0;
    default:
        return displayText(row, column);
    }
}

QString SessionModel::toolTip(const Row &row, int column) const
{
    const SessionRecord &s = row.record;
    switch (column) {
    case Agent:
        if (s.root.pid <= 0)
            return tr("Root process never seen: processes attributed by their environment");
        if (s.tty.isEmpty())
            return tr("Root: %1 (PID %2)").arg(s.rootComm).arg(s.root.pid);
        return tr("Root: %1 (PID %2) on %3").arg(s.rootComm).arg(s.root.pid).arg(s.tty);
    case Project:
        return s.projectDir.isEmpty() ? tr("Project directory unknown") : s.projectDir;
    case Started:
        if (row.startedWallMs <= 0)
            return tr("Start time unknown");
        return QLocale().toString(QDateTime::fromMSecsSinceEpoch(row.startedWallMs), QLocale::LongFormat);
    case Session:
        return s.markerId.isEmpty() ? s.id : tr("%1\nagent's own id: %2").arg(s.id, s.markerId);
    case Memory:
        return tr("RSS %1, PSS %2, swap %3").arg(formatKb(s.rssKb), formatKb(s.pssKb), formatKb(s.swapKb));
    case Processes:
        return tr("%n live process(es) in the session", "", s.processCount);
    case State: {
        if (s.alive)
            return tr("The session's root process is alive");
        const QString ended = tr("Ended %1 ago").arg(formatDuration(m_nowMs - s.endedAtMs));
        if (row.look == Look::Leaked)
            return tr("%1; %n process(es) still running after the linger time of %2", "", s.processCount)
                .arg(ended, formatDuration(m_lingerMs));
        if (row.look == Look::Ended)
            return tr("%1; %n process(es) still running", "", s.processCount).arg(ended);
        return ended;
    }
    default:
        return {};
    }
}

QVariant SessionModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole) {
        switch (section) {
        case Agent:
            return tr("Agent");
        case Project:
            return tr("Project");
        case Started:
            return tr("Started");
        case Session:
            return tr("Session");
        case Processes:
            return tr("Processes");
        case Memory:
            return tr("Memory");
        case State:
            return tr("State");
        }
    } else if (role == Qt::ToolTipRole) {
        switch (section) {
        case Agent:
            return tr("The agent program that started the session");
        case Project:
            return tr("The project directory: the root's working directory or CLAUDE_PROJECT_DIR");
        case Started:
            return tr("When the session's root process started");
        case Session:
            return tr("Session id (shortened; the full id in the tooltip)");
        case Processes:
            return tr("Live processes of the session");
        case Memory:
            return tr("Resident memory of the session's processes");
        case State:
            return tr("live, ended, or what an ended session left running after the linger time");
        }
    } else if (role == Qt::TextAlignmentRole) {
        return int((isNumeric(section) ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
    }
    return {};
}

} // namespace agentmon
