#pragma once

#include "auditlog.h"

#include <QAbstractTableModel>
#include <QList>

namespace agentmon {

// The kill audit log as a table, newest row first, one row per process of a reap (AuditEntry). The main
// window reads the log on its worker thread and hands the rows over with setEntries().
class AuditModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        TimeColumn,
        SessionColumn,
        PidColumn,
        CommandColumn,
        ClassColumn,
        ReasonColumn,
        SignalColumn,
        OutcomeColumn,
        FreedColumn,
        RequestedByColumn,
        TriggerColumn,
        ColumnCount
    };
    Q_ENUM(Column)
    // Raw values for sorting (QSortFilterProxyModel::setSortRole): ms, pid, KB, the stored strings.
    static constexpr int SortRole = Qt::UserRole + 1;
    // The reapId of the row, to group or select the rows of one reap.
    static constexpr int ReapIdRole = Qt::UserRole + 2;

    explicit AuditModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // entries newest first, as AuditLog::entries() returns them. When they are the rows shown with newer rows
    // on top (and perhaps the oldest cut off by the query's limit), the model inserts and removes just those
    // rows, so that views keep their selection and scroll position; any other change resets the model.
    void setEntries(const QList<AuditEntry> &entries);
    const QList<AuditEntry> &entries() const { return m_entries; }
    // The row's entry; a default one out of range.
    AuditEntry entryAt(int row) const;

    // Human words for the stored values, shared with the history chart.
    static QString outcomeText(const QString &outcome);
    static QString requestedByText(const QString &requestedBy);
    static QString signalText(const QString &signal);

private:
    QVariant display(const AuditEntry &e, int column) const;
    QVariant sortValue(const AuditEntry &e, int column) const;
    QVariant toolTip(const AuditEntry &e, int column) const;
    QVariant foreground(const AuditEntry &e) const;

    QList<AuditEntry> m_entries;
};

} // namespace agentmon
