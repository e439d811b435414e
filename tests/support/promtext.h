#pragma once

// Reads Prometheus text exposition format (0.0.4) back, line by line, and says what is wrong with it: tests
// check agentmon's /metrics against the format rather than against its own writer.
#include <QByteArray>
#include <QHash>
#include <QList>
#include <QMap>
#include <QRegularExpression>
#include <QString>
#include <QStringList>

namespace agentmon::test {

struct PromSample {
    QString name;
    QMap<QString, QString> labels;
    double value = 0;
};

struct PromText {
    QHash<QString, QString> types; // family -> gauge/counter/...
    QHash<QString, QString> help;
    QList<PromSample> samples;
    QStringList problems;

    // The value of the sample of name with exactly these labels (nullopt-like: NaN when absent).
    double value(const QString &name, const QMap<QString, QString> &labels = {}) const
    {
        for (const PromSample &s : samples) {
            if (s.name == name && s.labels == labels)
                return s.value;
        }
        return qQNaN();
    }
    bool has(const QString &name) const
    {
        for (const PromSample &s : samples) {
            if (s.name == name)
                return true;
        }
        return false;
    }
};

inline PromText parsePromText(const QByteArray &text)
{
    PromText out;
    static const QRegularExpression nameRe(QStringLiteral("^[a-zA-Z_:][a-zA-Z0-9_:]*$"));
    static const QRegularExpression labelRe(
        QStringLiteral("^([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\[\\\\\"n])*)\"$"));
    static const QRegularExpression sampleRe(
        QStringLiteral("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})? ([^ ]+)$"));
    if (!text.endsWith('\n'))
        out.problems << QStringLiteral("does not end with a newline");
    QSet<QString> seenFamilies;
    QString currentFamily;
    int lineNo = 0;
    for (const QByteArray &raw : text.split('\n')) {
        ++lineNo;
        const QString line = QString::fromUtf8(raw);
        if (line.isEmpty())
            continue;
        if (line.startsWith(QLatin1String("# HELP ")) || line.startsWith(QLatin1String("# TYPE "))) {
            const QStringList parts = line.mid(7).split(QLatin1Char(' '));
            const QString family = parts.value(0);
            if (!nameRe.match(family).hasMatch())
                out.problems << QStringLiteral("line %1: bad family name %2").arg(lineNo).arg(family);
            if (line.startsWith(QLatin1String("# TYPE "))) {
                const QString type = parts.value(1);
                if (!QStringList{"counter", "gauge", "histogram", "summary", "untyped"}.contains(type))
                    out.problems << QStringLiteral("line %1: bad type %2").arg(lineNo).arg(type);
                if (out.types.contains(family))
                    out.problems << QStringLiteral("line %1: second TYPE for %2").arg(lineNo).arg(family);
                out.types.insert(family, type);
            } else {
                out.help.insert(family, parts.mid(1).join(QLatin1Char(' ')));
            }
            if (currentFamily != family && seenFamilies.contains(family))
                out.problems << QStringLiteral("line %1: family %2 split in two").arg(lineNo).arg(family);
            currentFamily = family;
            seenFamilies.insert(family);
            continue;
        }
        if (line.startsWith(QLatin1Char('#')))
            continue;
        const auto m = sampleRe.match(line);
        if (!m.hasMatch()) {
            out.problems << QStringLiteral("line %1: not a sample: %2").arg(lineNo).arg(line);
            continue;
        }
        PromSample sample;
        sample.name = m.captured(1);
        if (!out.types.contains(sample.name))
            out.problems << QStringLiteral("line %1: %2 has no TYPE before it").arg(lineNo).arg(sample.name);
        if (out.types.value(sample.name) == QLatin1String("counter") &&
            !sample.name.endsWith(QLatin1String("_total")))
            out.problems
                << QStringLiteral("line %1: counter %2 does not end in _total").arg(lineNo).arg(sample.name);
        if (sample.name != currentFamily)
            out.problems << QStringLiteral("line %1: %2 outside its family").arg(lineNo).arg(sample.name);
        const QString labels = m.captured(2);
        if (!labels.isEmpty()) {
            // Split on commas outside quotes.
            QStringList pairs;
            QString current;
            bool quoted = false;
            for (qsizetype i = 0; i < labels.size(); ++i) {
                const QChar c = labels.at(i);
                if (c == QLatin1Char('\\') && quoted && i + 1 < labels.size()) {
                    current += c;
                    current += labels.at(++i);
                    continue;
                }
                if (c == QLatin1Char('"'))
                    quoted = !quoted;
                if (c == QLatin1Char(',') && !quoted) {
                    pairs << current;
                    current.clear();
                } else {
                    current += c;
                }
            }
            pairs << current;
            for (const QString &pair : std::as_const(pairs)) {
                const auto lm = labelRe.match(pair);
                if (!lm.hasMatch()) {
                    out.problems << QStringLiteral("line %1: bad label %2").arg(lineNo).arg(pair);
                    continue;
                }
                QString value = lm.captured(2);
                value.replace(QLatin1String("\\n"), QLatin1String("\n"))
                    .replace(QLatin1String("\\\""), QLatin1String("\""))
                    .replace(QLatin1String("\\\\"), QLatin1String("\\"));
                sample.labels.insert(lm.captured(1), value);
            }
        }
        bool ok = false;
        const QString v = m.captured(3);
        sample.value = v == QLatin1String("+Inf")   ? qInf()
                       : v == QLatin1String("-Inf") ? -qInf()
                                                    : v.toDouble(&ok);
        if (!ok && v != QLatin1String("NaN") && !v.endsWith(QLatin1String("Inf")))
            out.problems << QStringLiteral("line %1: bad value %2").arg(lineNo).arg(v);
        out.samples.append(sample);
    }
    return out;
}

} // namespace agentmon::test
