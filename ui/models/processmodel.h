#pragma once

#include "snapshot.h"

#include <QAbstractTableModel>
#include <QHash>

#include <memory>
#include <vector>

namespace agentmon {

// The process table of the main window: one row per process of the latest snapshot (agent processes only,
// or every process with showAll), plus tombstones of those that just ended.
//
// update() diffs each snapshot against the rows by ProcessKey and tells views only what changed; it never
// resets the model, so that selections, the current index and the scroll position survive every tick:
//  - rows of new processes are appended, in one beginInsertRows() block per update;
//  - rows that go are removed in contiguous blocks, last block first;
//  - changed cells are announced by dataChanged() over contiguous runs of changed rows, each spanning the
//    leftmost to the rightmost column that changed in the run (all roles).
// A cell counts as changed only when what a view shows or sorts on changes in a way that can matter:
//  - Age: every age grows by the same amount each tick, so their order never changes; only a change of the
//    displayed text ("42 s" -> "44 s", "3 min" -> "4 min") is announced. roles::Sort still gives raw ms
//    (tombstones keep ageing, so that this holds for them too).
//  - Cpu: only a change of the displayed value (0.1 %) is announced, and roles::Sort gives that rounded
//    value, so that the sort order changes exactly when a signal says so.
//  - Rss, Pss, Swap: any change of the raw kB, since sorting on them is by raw value.
//  - Tooltips are not announced: views ask for them when they show one.
//  - A change of status colour, a process becoming a tombstone or coming back announce the whole row.
// A sorting proxy re-sorts once per dataChanged() that covers its sort column, so these rules are also what
// keeps 5,000 rows cheap (tests/bench/bench_model.cpp).
//
// Tombstones: a process missing from a snapshot stays as a greyed row with the status "ended" (its CPU at
// 0, its last memory kept) for tombstoneMs of snapshot time (Snapshot::takenAtMs), then its row goes. A
// process that shows up again (a sample that missed it) comes back to life in its row.
class ProcessModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        Pid,
        Session,
        Class,
        Status,
        Reason,
        Command,
        Rss,
        Pss,
        Swap,
        Cpu,
        Age,
        State,
        Ppid,
        ColumnCount
    };
    Q_ENUM(Column)

    // More changed row runs than this in one update are announced as one range per changed column (see
    // emitChanged()).
    static constexpr size_t kMaxChangedRanges = 8;

    explicit ProcessModel(QObject *parent = nullptr);
    ~ProcessModel() override;

    void update(const Snapshot &snapshot);

    // Every process of the machine instead of agent processes only. Toggling inserts or removes the rows of
    // the other processes of the last snapshot; it never resets the model.
    bool showAll() const { return m_showAll; }
    void setShowAll(bool showAll);

    // How long an ended process stays as a tombstone (default 10 s); 0 removes rows at once. Applies from
    // the next update().
    qint64 tombstoneMs() const { return m_tombstoneMs; }
    void setTombstoneMs(qint64 ms) { m_tombstoneMs = qMax<qint64>(0, ms); }

    // The record a row shows: for a tombstone the last one seen alive, so check isTombstone() before acting
    // on it. nullptr for a row out of range.
    const ProcessRecord *recordAt(int row) const;
    bool isTombstone(int row) const;
    // The row of a process, -1 when it has none. O(1) by a hash (amortised: the first call after removals
    // renumbers the rows behind them, once).
    int rowOf(const ProcessKey &key) const;
    // Snapshot::takenAtMs of the last update().
    qint64 nowMs() const { return m_nowMs; }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

Q_SIGNALS:
    void showAllChanged(bool showAll);

private:
    struct Row {
        ProcessRecord record;
        QString command;        // argv joined with spaces, "[comm]" without argv
        QString ageText;        // formatDuration(record.ageMs), what the Age column shows
        qint64 ageGranule = -1; // the unit ageText shows, see ageGranule()
        QString searchText;     // roles::SearchText
        qint64 endedAtMs = -1;  // snapshot time the process was first missing; -1 while alive
        quint32 generation = 0;
        int row = 0; // its row number, valid below m_renumberFrom

        bool isTombstone() const { return endedAtMs >= 0; }
    };

    using RowPtr = std::unique_ptr<Row>;

    RowPtr makeRow(const ProcessRecord &record) const;
    // Columns of row that change when it takes record (bit per Column), and takes it.
    quint32 takeRecord(Row &row, const ProcessRecord &record);
    bool refreshAgeText(Row &row) const; // true when the text changed
    void refreshSearchText(Row &row) const;
    void emitChanged(const std::vector<quint32> &changed);
    void dropRows(const std::vector<int> &rows); // sorted ascending
    void appendRows(std::vector<RowPtr> rows);
    void renumber() const;

    QString displayText(const Row &row, int column) const;
    QVariant sortValue(const Row &row, int column) const;
    QString toolTip(const Row &row, int column) const;
    QVariant foreground(const Row &row) const;
    QString statusText(const Row &row) const;
    QString classText(ProcessClass cls) const;
    QString stateText(char state) const;

    // Rows live on the heap so that removing a block moves pointers, not records; their row numbers are
    // brought up to date lazily, so that removing k blocks costs O(n) once and not O(n) k times.
    std::vector<RowPtr> m_rows;
    QHash<ProcessKey, Row *> m_index;
    mutable size_t m_renumberFrom = 0;
    // The other processes of the last snapshot while showAll is off, for when it is turned on.
    std::vector<ProcessRecord> m_hidden;
    qint64 m_nowMs = 0;
    qint64 m_tombstoneMs = 10'000;
    quint32 m_generation = 0;
    bool m_showAll = false;
};

} // namespace agentmon
