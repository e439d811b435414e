// bench_report, the tool behind `make bench`'s Markdown report: figures, ratios and differences filled in,
// and a missing figure named and failing rather than passing unnoticed.
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

class tst_BenchReport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fillsFiguresRatiosAndDifferences();
    void missingFigureFailsAndIsNamed();
    void realTemplateNamesOnlyFiguresTheBenchesPrint();

private:
    static int run(const QString &results, const QString &templ, const QString &output, QString *err);
    static void write(const QString &path, const QByteArray &bytes);
};

int tst_BenchReport::run(const QString &results, const QString &templ, const QString &output, QString *err)
{
    QProcess p;
    p.start(QStringLiteral(BENCH_REPORT_PATH),
            {QStringLiteral("--results"), results, QStringLiteral("--template"), templ,
             QStringLiteral("--output"), output});
    if (!p.waitForFinished(30'000))
        return -1;
    *err = QString::fromUtf8(p.readAllStandardError());
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

void tst_BenchReport::write(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(bytes), bytes.size());
}

void tst_BenchReport::fillsFiguresRatiosAndDifferences()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    write(dir.filePath(QStringLiteral("sampler.txt")),
          "# commentary is skipped\nps_total_idle 24.44 ms\nsteady_total_idle 0.71 ms\nprocesses_idle 99 "
          "count\n"
          "ratio 34.2 x\nrate 55.66 per_s\nper_process 7.22 us\n");
    const QString templ = dir.filePath(QStringLiteral("t.md.in"));
    write(
        templ,
        "| {{sampler.processes_idle}} | {{ sampler.steady_total_idle }} | {{sampler.ratio}} | "
        "{{sampler.ps_total_idle / sampler.steady_total_idle}} | "
        "{{sampler.ps_total_idle - sampler.steady_total_idle}} | {{sampler.rate}} | {{sampler.per_process}} "
        "| {{env.cores}} |\n");
    const QString out = dir.filePath(QStringLiteral("report.md"));
    QString err;
    QCOMPARE(run(dir.path(), templ, out, &err), 0);
    QFile file(out);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString report = QString::fromUtf8(file.readAll());
    QCOMPARE(report, QStringLiteral("| 99 | 0.71 ms | 34.2× | 34.4× | 23.7 ms | 55.7/s | 7.22 µs | %1 |\n")
                         .arg(QThread::idealThreadCount()));
}

void tst_BenchReport::missingFigureFailsAndIsNamed()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    write(dir.filePath(QStringLiteral("reaper.txt")), "term1_floor_all_ms 1.38 ms\n");
    const QString templ = dir.filePath(QStringLiteral("t.md.in"));
    write(templ, "{{reaper.term1_floor_all_ms}} {{reaper.gone}} {{gui.stall / reaper.term1_floor_all_ms}}\n");
    const QString out = dir.filePath(QStringLiteral("report.md"));
    QString err;
    QCOMPARE(run(dir.path(), templ, out, &err), 1);
    QVERIFY2(err.contains(QLatin1String("missing figure reaper.gone")), qPrintable(err));
    QVERIFY2(err.contains(QLatin1String("missing figure gui.stall")), qPrintable(err));
    QFile file(out);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString report = QString::fromUtf8(file.readAll());
    QVERIFY2(report.startsWith(QLatin1String("1.38 ms n/a n/a\n")), qPrintable(report));
    QVERIFY2(report.contains(QLatin1String("`reaper.gone`")), qPrintable(report));
}

// Every figure the real template asks for is one that a bench prints: its name appears in a figure()/count()
// call of tests/bench (the benches build names from a prefix and a level, so match on the pieces).
void tst_BenchReport::realTemplateNamesOnlyFiguresTheBenchesPrint()
{
    QFile templ(QStringLiteral(BENCH_SOURCE_DIR "/report.md.in"));
    QVERIFY(templ.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(templ.readAll());
    static const QRegularExpression name(
        QStringLiteral("\\b(sampler|reaper|instance|model|gui)\\.([a-z0-9_]+)"));
    int checked = 0;
    for (auto it = name.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        QFile source(QStringLiteral(BENCH_SOURCE_DIR "/bench_%1.cpp").arg(m.captured(1)));
        QVERIFY2(source.open(QIODevice::ReadOnly), qPrintable(source.fileName()));
        const QString code = QString::fromUtf8(source.readAll());
        // Strip the level (_idle, _1000, _5000_all...) or the scenario (term1_...) and look for the rest.
        QString figure = m.captured(2);
        static const QRegularExpression level(QStringLiteral("_(idle|1000|5000)(_agents|_all)?$"));
        static const QRegularExpression scenario(QStringLiteral("^(term1|term400|esc400)_"));
        static const QRegularExpression prefix(QStringLiteral("^api_processes_(keepalive|newconn)_"));
        figure.remove(level).remove(scenario).remove(prefix);
        QVERIFY2(code.contains(QLatin1Char('"') + figure) ||
                     code.contains(QLatin1Char('_') + figure + QLatin1Char('"')),
                 qPrintable(m.captured(0)));
        ++checked;
    }
    QVERIFY(checked > 50);
}

QTEST_GUILESS_MAIN(tst_BenchReport)
#include "tst_benchreport.moc"
