#pragma once

#include "snapshot.h"

#include <QAbstractTableModel>
#include <QHash>

#include <vector>

namespace agentmon {

// The sessions of the main window, labelled the way a person knows them: agent, project, start time, short
// id; then how many processes and how much memory, and whether the session is live, ended, or ended and
// leaked (processes left after the linger time).
//
// update() follows ProcessModel's rules: rows keyed by session id, new sessions appended in one block,
// vanished ones removed in contiguous blocks (the tracker keeps ended sessions for a while itself, so there
// are no tombstones here), dataChanged over contiguous runs of changed rows and only for what a view shows or
// sorts on: Started only when its text changes (its wall time is recomputed from every snapshot, and jitters
// by milliseconds), Processes and Memory on their raw values, State when its text or look changes (an ended
// session turns leaked by time alone, without any change of its record). Never a model reset.
class SessionModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Agent, Project, Started, Session, Processes, Memory, State, ColumnCount };
    Q_ENUM(Column)

    explicit SessionModel(QObject *parent = nullptr);
    ~SessionModel() override;

    void update(const Snapshot &snapshot);

    // How long after its end a session with processes left counts as leaked (SessionRecord::leaked());
    // default 30 s as in design.md. Applied at once.
    qint64 lingerMs() const { return m_lingerMs; }
    void setLingerMs(qint64 ms);

    const SessionRecord *sessionAt(int row) const;
    // The row of a session, -1 when it has none. O(1).
    int rowOf(const QString &id) const;
    bool isLeaked(int row) const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

private:
    // How the State column and the row look.
    enum class Look { Live, Ended, Leaked, Gone };

    struct Row {
        SessionRecord record;
        qint64 startedWallMs = 0; // 0 when unknown
        QString startedText;
        QString stateText;
        Look look = Look::Live;
        quint32 generation = 0;
    };

    // Recomputes the derived fields of row; returns the columns whose display changed (bit per Column).
    quint32 derive(Row &row) const;
    void emitChanged(const std::vector<quint32> &changed);
    void dropRows(const std::vector<int> &rows); // sorted ascending
    void reindexFrom(int first);

    QString displayText(const Row &row, int column) const;
    QVariant sortValue(const Row &row, int column) const;
    QString toolTip(const Row &row, int column) const;
    QString agentText(const SessionRecord &record) const;
    QString projectText(const SessionRecord &record) const;

    std::vector<Row> m_rows;
    QHash<QString, int> m_index;
    qint64 m_nowMs = 0;
    qint64 m_nowWallMs = 0;
    qint64 m_lingerMs = 30'000;
    quint32 m_generation = 0;
};

} // namespace agentmon
