#include "table.h"

namespace agentmon {

Table::Table(QStringList header, QList<bool> rightAligned)
    : m_header(std::move(header)), m_right(std::move(rightAligned))
{
}

void Table::addRow(QStringList cells)
{
    m_rows.append(std::move(cells));
}

QString Table::render() const
{
    QList<qsizetype> widths(m_header.size(), 0);
    auto measure = [&widths](const QStringList &row) {
        for (qsizetype i = 0; i < row.size() && i < widths.size(); ++i)
            widths[i] = qMax(widths[i], row.at(i).size());
    };
    measure(m_header);
    for (const QStringList &row : m_rows)
        measure(row);
    QString out;
    auto print = [&](const QStringList &row) {
        QString line;
        for (qsizetype i = 0; i < widths.size(); ++i) {
            const QString cell = row.value(i);
            const bool last = i == widths.size() - 1;
            if (i > 0)
                line += QLatin1String("  ");
            if (last)
                line += cell;
            else if (m_right.value(i))
                line += cell.rightJustified(widths[i]);
            else
                line += cell.leftJustified(widths[i]);
        }
        while (line.endsWith(QLatin1Char(' ')))
            line.chop(1);
        out += line + QLatin1Char('\n');
    };
    print(m_header);
    for (const QStringList &row : m_rows)
        print(row);
    return out;
}

QString elideMiddle(const QString &text, int width)
{
    if (text.size() <= width || width < 5)
        return text;
    const int head = (width - 1) * 2 / 3;
    const int tail = width - 1 - head;
    return text.left(head) + QChar(0x2026) + text.right(tail);
}

} // namespace agentmon

namespace agentmon {

QString printable(const QString &text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        const ushort u = c.unicode();
        if (u == '\n')
            out += QLatin1String("\\n");
        else if (u == '\t')
            out += QLatin1String("\\t");
        else if (u < 0x20 || u == 0x7f || (u >= 0x80 && u < 0xa0))
            out += QStringLiteral("\\x%1").arg(u, 2, 16, QLatin1Char('0'));
        else
            out += c;
    }
    return out;
}

} // namespace agentmon
