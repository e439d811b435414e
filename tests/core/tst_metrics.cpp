#include "metrics.h"
#include "promtext.h"

#include <QTest>

#include <cmath>

using namespace agentmon;
using namespace agentmon::test;

class tst_Metrics : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void familiesAndLabels();
    void values_data();
    void values();
    void hostileLabelValues();
};

void tst_Metrics::familiesAndLabels()
{
    MetricsWriter w;
    w.gauge(QStringLiteral("agentmon_agent_processes"), QStringLiteral("Agent processes"), 3,
            {{QStringLiteral("class"), QStringLiteral("agent")},
             {QStringLiteral("status"), QStringLiteral("orphan")}});
    w.counter(QStringLiteral("agentmon_kills_total"), QStringLiteral("Kills"), 7,
              {{QStringLiteral("signal"), QStringLiteral("TERM")}});
    w.gauge(QStringLiteral("agentmon_agent_processes"), QStringLiteral("Agent processes"), 1,
            {{QStringLiteral("class"), QStringLiteral("mcp")},
             {QStringLiteral("status"), QStringLiteral("running")}});
    const QByteArray text = w.text();
    const PromText parsed = parsePromText(text);
    QVERIFY2(parsed.problems.isEmpty(),
             qPrintable(parsed.problems.join(QLatin1Char('\n')) + QLatin1Char('\n') + text));
    QCOMPARE(text.count("# TYPE agentmon_agent_processes gauge"), 1); // one family, both samples in it
    QCOMPARE(parsed.types.value(QStringLiteral("agentmon_kills_total")), QStringLiteral("counter"));
    QCOMPARE(
        parsed.value(QStringLiteral("agentmon_agent_processes"), {{"class", "mcp"}, {"status", "running"}}),
        1.0);
    QCOMPARE(parsed.value(QStringLiteral("agentmon_kills_total"), {{"signal", "TERM"}}), 7.0);
    QVERIFY(text.indexOf("agentmon_kills_total") > text.lastIndexOf("agentmon_agent_processes{"));
}

void tst_Metrics::values_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("text");
    QTest::newRow("integer") << 42.0 << "42";
    QTest::newRow("large bytes") << 24.5e9 << "24500000000";
    QTest::newRow("ratio") << 0.125 << "0.125";
    QTest::newRow("negative") << -3.0 << "-3";
    QTest::newRow("not a number") << qQNaN() << "NaN";
    QTest::newRow("infinity") << qInf() << "+Inf";
}

void tst_Metrics::values()
{
    QFETCH(double, value);
    QFETCH(QString, text);
    QCOMPARE(MetricsWriter::formatValue(value), text);
}

void tst_Metrics::hostileLabelValues()
{
    MetricsWriter w;
    const QString nasty = QStringLiteral("a\"b\\c\nd,e=f}");
    w.gauge(QStringLiteral("agentmon_x"), QStringLiteral("help with \\ and\nnewline"), 1,
            {{QStringLiteral("k"), nasty}});
    const PromText parsed = parsePromText(w.text());
    QVERIFY2(parsed.problems.isEmpty(), qPrintable(parsed.problems.join(QLatin1Char('\n'))));
    QCOMPARE(parsed.samples.size(), 1);
    QCOMPARE(parsed.samples.first().labels.value(QStringLiteral("k")), nasty);
    QVERIFY(!w.text().contains("newline\nnewline"));
}

QTEST_GUILESS_MAIN(tst_Metrics)
#include "tst_metrics.moc"
