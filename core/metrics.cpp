#include "metrics.h"

#include <cmath>

namespace agentmon {

void MetricsWriter::gauge(const QString &name, const QString &help, double value, const Labels &labels)
{
    add(name, help, QStringLiteral("gauge"), value, labels);
}

void MetricsWriter::counter(const QString &name, const QString &help, double value, const Labels &labels)
{
    add(name, help, QStringLiteral("counter"), value, labels);
}

void MetricsWriter::add(const QString &name, const QString &help, const QString &type, double value,
                        const Labels &labels)
{
    for (Family &family : m_families) {
        if (family.name == name) {
            family.samples.append({labels, value});
            return;
        }
    }
    m_families.append({name, help, type, {{labels, value}}});
}

QString MetricsWriter::escapeLabelValue(const QString &value)
{
    QString out;
    out.reserve(value.size());
    for (const QChar c : value) {
        if (c == QLatin1Char('\\'))
            out += QLatin1String("\\\\");
        else if (c == QLatin1Char('"'))
            out += QLatin1String("\\\"");
        else if (c == QLatin1Char('\n'))
            out += QLatin1String("\\n");
        else
            out += c;
    }
    return out;
}

QString MetricsWriter::formatValue(double value)
{
    if (std::isnan(value))
        return QStringLiteral("NaN");
    if (std::isinf(value))
        return value > 0 ? QStringLiteral("+Inf") : QStringLiteral("-Inf");
    if (value == std::floor(value) && std::fabs(value) < 1e15)
        return QString::number(qint64(value));
    return QString::number(value, 'g', 10);
}

QByteArray MetricsWriter::text() const
{
    QString out;
    for (const Family &family : m_families) {
        QString help = family.help;
        help.replace(QLatin1Char('\\'), QLatin1String("\\\\"))
            .replace(QLatin1Char('\n'), QLatin1String("\\n"));
        out += QStringLiteral("# HELP %1 %2\n# TYPE %1 %3\n").arg(family.name, help, family.type);
        for (const auto &[labels, value] : family.samples) {
            out += family.name;
            if (!labels.isEmpty()) {
                QStringList parts;
                for (const auto &[key, labelValue] : labels)
                    parts << QStringLiteral("%1=\"%2\"").arg(key, escapeLabelValue(labelValue));
                out += QLatin1Char('{') + parts.join(QLatin1Char(',')) + QLatin1Char('}');
            }
            out += QLatin1Char(' ') + formatValue(value) + QLatin1Char('\n');
        }
    }
    return out.toUtf8();
}

} // namespace agentmon
