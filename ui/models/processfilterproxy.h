#pragma once

#include <QSet>
#include <QSortFilterProxyModel>
#include <QStringList>

namespace agentmon {

// Filters and sorts ProcessModel (or any model with roles::SearchText, roles::SessionId and roles::Sort) for
// the process table: sorting on the raw values of roles::Sort, re-sorting and re-filtering as rows change
// (dynamicSortFilter). Changing the filter only re-filters the proxy; the source model is left alone.
class ProcessFilterProxy : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit ProcessFilterProxy(QObject *parent = nullptr);

    // Whitespace-separated words; a row passes when every word is found (case-insensitive substring) in one
    // of its pid, comm, command, session id, class, status or reason. Empty: every row.
    QString filterText() const { return m_text; }
    void setFilterText(const QString &text);

    // Rows of these sessions only (full session ids); empty: every session.
    QStringList sessionFilter() const { return m_sessionList; }
    void setSessionFilter(const QStringList &ids);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_text;
    QStringList m_words; // lower case
    QStringList m_sessionList;
    QSet<QString> m_sessions;
};

} // namespace agentmon
