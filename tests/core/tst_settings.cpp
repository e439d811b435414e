#include "settings.h"

#include <QTemporaryDir>
#include <QTest>

using namespace agentmon;

class tst_Settings : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void defaults();
    void roundTrip();
    void outOfRangeFallsBack_data();
    void outOfRangeFallsBack();
    void environmentOverridesPool();
    void scrubList();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString file() const { return m_dir->filePath(QStringLiteral("agentmon.conf")); }
};

void tst_Settings::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    qunsetenv("AGENTMON_MAX_CONCURRENT");
    qunsetenv("AGENTMON_HARD_CAP");
}

void tst_Settings::defaults()
{
    const Settings settings(file());
    const StatusPolicy policy = settings.statusPolicy();
    QCOMPARE(policy.lingerMs, 30'000);
    QCOMPARE(policy.idleWindowMs, 120'000);
    QCOMPARE(policy.maxAgeMs, 2 * 3600'000);
    const PoolLimits pool = settings.poolLimits();
    QCOMPARE(pool.maxConcurrent, 2);
    QCOMPARE(pool.hardCap, 10);
    QCOMPARE(pool.waitTimeoutMs, 60'000);
    QCOMPARE(settings.cascadeTimes().graceMs, 5'000);
    QCOMPARE(settings.cascadeTimes().confirmMs, 1'000);
    QCOMPARE(settings.sampleIntervalMs(true), 2'000);
    QCOMPARE(settings.sampleIntervalMs(false), 5'000);
    QCOMPARE(settings.healthSweepMs(), 30'000);
    QCOMPARE(settings.apiPort(), quint16(37790));
    QVERIFY(settings.problems().isEmpty());
}

void tst_Settings::roundTrip()
{
    {
        Settings settings(file());
        settings.setValue("pool/maxConcurrent", 4);
        settings.setValue("status/maxAgeMinutes", 30);
        settings.setValue("api/port", 40000);
        settings.sync();
    }
    const Settings again(file());
    QCOMPARE(again.poolLimits().maxConcurrent, 4);
    QCOMPARE(again.statusPolicy().maxAgeMs, 30 * 60'000);
    QCOMPARE(again.apiPort(), quint16(40000));
}

void tst_Settings::outOfRangeFallsBack_data()
{
    QTest::addColumn<QString>("value");
    QTest::newRow("zero") << "0";
    QTest::newRow("negative") << "-3";
    QTest::newRow("not a number") << "many";
    QTest::newRow("too large") << "100000";
}

void tst_Settings::outOfRangeFallsBack()
{
    QFETCH(QString, value);
    QFile conf(file());
    QVERIFY(conf.open(QIODevice::WriteOnly));
    conf.write("[pool]\nmaxConcurrent=" + value.toUtf8() + "\n");
    conf.close();
    const Settings settings(file());
    QCOMPARE(settings.poolLimits().maxConcurrent, 2);
    const QStringList problems = settings.problems();
    QCOMPARE(problems.size(), 1);
    QVERIFY2(problems.first().contains(QLatin1String("pool/maxConcurrent")), qPrintable(problems.first()));
    QVERIFY(problems.first().contains(file()));
}

void tst_Settings::environmentOverridesPool()
{
    Settings settings(file());
    settings.setValue("pool/maxConcurrent", 3);
    qputenv("AGENTMON_MAX_CONCURRENT", "5");
    qputenv("AGENTMON_HARD_CAP", "4");
    PoolLimits pool = settings.poolLimits();
    QCOMPARE(pool.hardCap, 4);
    QCOMPARE(pool.maxConcurrent, 4); // never above the hard cap
    qputenv("AGENTMON_MAX_CONCURRENT", "lots");
    pool = settings.poolLimits();
    QCOMPARE(pool.maxConcurrent, 3);
    QVERIFY(settings.problems().join(QLatin1Char('\n')).contains(QLatin1String("AGENTMON_MAX_CONCURRENT")));
    qunsetenv("AGENTMON_MAX_CONCURRENT");
    qunsetenv("AGENTMON_HARD_CAP");
}

void tst_Settings::scrubList()
{
    Settings settings(file());
    QCOMPARE(settings.scrubbedEnvironment(),
             (QStringList{QStringLiteral("CLAUDECODE"), QStringLiteral("CLAUDE_CODE_*"),
                          QStringLiteral("MCP_SESSION_ID")}));
    settings.setValue("launcher/scrubEnvironment", QStringList{QStringLiteral("FOO_*"), QString()});
    QCOMPARE(settings.scrubbedEnvironment(), QStringList{QStringLiteral("FOO_*")});
}

QTEST_GUILESS_MAIN(tst_Settings)
#include "tst_settings.moc"
