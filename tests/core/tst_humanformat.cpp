#include "humanformat.h"

#include <QTest>

using namespace agentmon;

class tst_HumanFormat : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void duration_data();
    void duration();
    void size_data();
    void size();
    void sessionId_data();
    void sessionId();
};

void tst_HumanFormat::duration_data()
{
    QTest::addColumn<qint64>("ms");
    QTest::addColumn<QString>("text");
    QTest::newRow("negative clamps to zero") << qint64(-5) << "0 s";
    QTest::newRow("seconds") << qint64(42'999) << "42 s";
    QTest::newRow("minutes") << qint64(3 * 60'000 + 59'000) << "3 min";
    QTest::newRow("whole hours") << qint64(2 * 3600'000) << "2 h";
    QTest::newRow("hours and minutes") << qint64(2 * 3600'000 + 14 * 60'000) << "2 h 14 min";
    QTest::newRow("days and hours") << qint64(76 * 3600'000) << "3 d 4 h";
    QTest::newRow("whole days") << qint64(48 * 3600'000) << "2 d";
}

void tst_HumanFormat::duration()
{
    QFETCH(qint64, ms);
    QFETCH(QString, text);
    QCOMPARE(formatDuration(ms), text);
}

void tst_HumanFormat::size_data()
{
    QTest::addColumn<quint64>("kb");
    QTest::addColumn<QString>("text");
    QTest::newRow("zero") << quint64(0) << "0 KB";
    QTest::newRow("kilobytes") << quint64(812) << "812 KB";
    QTest::newRow("small megabytes keep a decimal") << quint64(2765) << "2.7 MB";
    QTest::newRow("megabytes") << quint64(240 * 1024) << "240 MB";
    QTest::newRow("gigabytes") << quint64(2.3 * 1024 * 1024) << "2.3 GB";
    QTest::newRow("44 GB of leaked claude") << quint64(44ull * 1024 * 1024) << "44.0 GB";
    QTest::newRow("hundreds of gigabytes") << quint64(256ull * 1024 * 1024) << "256 GB";
}

void tst_HumanFormat::size()
{
    QFETCH(quint64, kb);
    QFETCH(QString, text);
    QCOMPARE(formatKb(kb), text);
}

void tst_HumanFormat::sessionId_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("text");
    QTest::newRow("pid fallback") << "pid-4242-812300"
                                  << "pid-4242";
    QTest::newRow("uuid") << "7d3f0c1e-5b9a-4c1e-9f0d-2a6b8c4e1f37"
                          << "7d3f0c1e";
    QTest::newRow("short id kept") << "hook-1"
                                   << "hook-1";
    QTest::newRow("empty") << ""
                           << "";
}

void tst_HumanFormat::sessionId()
{
    QFETCH(QString, id);
    QFETCH(QString, text);
    QCOMPARE(shortSessionId(id), text);
}

QTEST_GUILESS_MAIN(tst_HumanFormat)
#include "tst_humanformat.moc"
