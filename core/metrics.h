#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

namespace agentmon {

// Prometheus text exposition format (version 0.0.4): families with HELP and TYPE lines, in the order they
// were first written, samples with escaped label values. Names carry their unit (_bytes, _seconds, _total,
// _ratio).
class MetricsWriter {
public:
    using Labels = QList<QPair<QString, QString>>;

    void gauge(const QString &name, const QString &help, double value, const Labels &labels = {});
    void counter(const QString &name, const QString &help, double value, const Labels &labels = {});
    QByteArray text() const;

    static QString escapeLabelValue(const QString &value);
    static QString formatValue(double value);

private:
    struct Family {
        QString name;
        QString help;
        QString type;
        QList<QPair<Labels, double>> samples;
    };
    void add(const QString &name, const QString &help, const QString &type, double value,
             const Labels &labels);
    QList<Family> m_families;
};

} // namespace agentmon
