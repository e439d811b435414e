#include "processfilterproxy.h"

#include "modelroles.h"

namespace agentmon {

ProcessFilterProxy::ProcessFilterProxy(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(roles::Sort);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    setDynamicSortFilter(true);
}

void ProcessFilterProxy::setFilterText(const QString &text)
{
    m_text = text;
    // simplified(): any whitespace separates words, not only spaces.
    QStringList words = text.simplified().toLower().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    words.removeDuplicates();
    if (words == m_words)
        return;
    m_words = words;
    invalidateFilter();
}

void ProcessFilterProxy::setSessionFilter(const QStringList &ids)
{
    QSet<QString> sessions(ids.cbegin(), ids.cend());
    m_sessionList = ids;
    if (sessions == m_sessions)
        return;
    m_sessions = std::move(sessions);
    invalidateFilter();
}

bool ProcessFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_words.isEmpty() && m_sessions.isEmpty())
        return true;
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (!m_sessions.isEmpty() && !m_sessions.contains(index.data(roles::SessionId).toString()))
        return false;
    if (m_words.isEmpty())
        return true;
    const QString text = index.data(roles::SearchText).toString();
    for (const QString &word : m_words) {
        if (!text.contains(word))
            return false;
    }
    return true;
}

} // namespace agentmon
