#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace agentmon {

// A plain text table with aligned columns, for terminals. The last column is never padded.
class Table {
public:
    explicit Table(QStringList header, QList<bool> rightAligned = {});
    void addRow(QStringList cells);
    QString render() const;
    bool isEmpty() const { return m_rows.isEmpty(); }

private:
    QStringList m_header;
    QList<bool> m_right;
    QList<QStringList> m_rows;
};

// Shortens text to at most width characters, keeping its start and end around an ellipsis.
QString elideMiddle(const QString &text, int width);

} // namespace agentmon

namespace agentmon {
// Makes text safe for a terminal: control characters (newlines, escape sequences) are shown as \n, \x1b, ...
QString printable(const QString &text);
} // namespace agentmon
