// Pressure levels from fixture meminfo/pressure files (FakeProc) and from the real /proc. Nothing here
// creates memory pressure: the real files are only read, and a trigger is only armed and disarmed.
#include "coretext.h"
#include "fakeproc.h"
#include "manualclock.h"
#include "pressuremonitor.h"
#include "settings.h"

#include <QCoreApplication>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace agentmon;
using namespace agentmon::test;

namespace QTest {
template <> inline char *toString(const agentmon::PressureLevel &level)
{
    return qstrdup(qPrintable(agentmon::pressureLevelName(level)));
}
} // namespace QTest

namespace {

constexpr quint64 kMb = 1024; // kB
constexpr quint64 kTotalKb = 16 * 1024 * kMb;

QByteArray pressure(double some10, double full10)
{
    return QStringLiteral("some avg10=%1 avg60=0.00 avg300=0.00 total=0\n"
                          "full avg10=%2 avg60=0.00 avg300=0.00 total=0\n")
        .arg(some10, 0, 'f', 2)
        .arg(full10, 0, 'f', 2)
        .toLatin1();
}

MemInfo memAvailableMb(quint64 availableMb)
{
    MemInfo mem;
    mem.memTotalKb = kTotalKb;
    mem.memAvailableKb = availableMb * kMb;
    return mem;
}

SystemStats statsOf(quint64 availableMb, double some10 = 0, double full10 = 0)
{
    SystemStats stats;
    stats.mem = memAvailableMb(availableMb);
    stats.psi = PsiFigures{some10, 0, full10, 0};
    return stats;
}

} // namespace

class tst_PressureMonitor : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();

    void levelNames();
    void singleThreshold_data();
    void singleThreshold();
    void reasonTexts_data();
    void reasonTexts();
    void escalationIsImmediate();
    void hoveringAroundThresholdDoesNotFlap();
    void criticalToWarningToOk();
    void hysteresisBandsOfTheJudge_data();
    void hysteresisBandsOfTheJudge();
    void thresholdsFromSettings();
    void disabledThresholds();

    void realProcGivesALevel();
    void armTriggerOnRealProc();
    void armTriggerOnRegularFileFails();
    void armTriggerWithoutPsiFails();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeProc> m_proc;
};

void tst_PressureMonitor::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_proc = std::make_unique<FakeProc>(m_dir->path());
}

void tst_PressureMonitor::levelNames()
{
    QCOMPARE(pressureLevelName(PressureLevel::Ok), QStringLiteral("ok"));
    QCOMPARE(pressureLevelName(PressureLevel::Warning), QStringLiteral("warning"));
    QCOMPARE(pressureLevelName(PressureLevel::Critical), QStringLiteral("critical"));
    QVERIFY(PressureLevel::Ok < PressureLevel::Warning && PressureLevel::Warning < PressureLevel::Critical);
}

// Each threshold alone, from fixture files read by refresh() (the path a trigger takes) and fed as a sample
// through update() (the sampled path).
void tst_PressureMonitor::singleThreshold_data()
{
    QTest::addColumn<quint64>("availableMb");
    QTest::addColumn<quint64>("swapTotalMb");
    QTest::addColumn<quint64>("swapUsedMb");
    QTest::addColumn<QByteArray>("pressureFile"); // empty: no pressure file
    QTest::addColumn<int>("zombies");
    QTest::addColumn<PressureLevel>("expected");
    QTest::addColumn<QString>("reason"); // the first reason, empty for none

    const QByteArray calm = pressure(0, 0);
    QTest::newRow("all fine -> ok") << quint64(8192) << quint64(4096) << quint64(1024) << calm << 3
                                    << PressureLevel::Ok << QString();
    QTest::newRow("available 1000 MB (< 1024 MB) -> warning")
        << quint64(1000) << quint64(0) << quint64(0) << calm << 0 << PressureLevel::Warning
        << QStringLiteral("MemAvailable 1000 MB < 1024 MB");
    QTest::newRow("swap 75% used -> warning")
        << quint64(8192) << quint64(4096) << quint64(3072) << calm << 0 << PressureLevel::Warning
        << QStringLiteral("swap used 75% of 4096 MB > 70%");
    QTest::newRow("swap 70% used exactly -> ok")
        << quint64(8192) << quint64(1000) << quint64(700) << calm << 0 << PressureLevel::Ok << QString();
    QTest::newRow("PSI some avg10 12% -> warning")
        << quint64(8192) << quint64(0) << quint64(0) << pressure(12, 0) << 0 << PressureLevel::Warning
        << QStringLiteral("PSI some avg10 12% > 10%");
    QTest::newRow("600 zombies -> warning") << quint64(8192) << quint64(0) << quint64(0) << calm << 600
                                            << PressureLevel::Warning << QStringLiteral("zombies 600 > 500");
    QTest::newRow("500 zombies exactly -> ok")
        << quint64(8192) << quint64(0) << quint64(0) << calm << 500 << PressureLevel::Ok << QString();
    // "full" never exceeds "some" on a real kernel; some is kept below its own threshold to test full alone.
    QTest::newRow("PSI full avg10 45% -> critical")
        << quint64(8192) << quint64(0) << quint64(0) << pressure(5, 45) << 0 << PressureLevel::Critical
        << QStringLiteral("PSI full avg10 45% > 40%");
    QTest::newRow("available 4% of total -> critical")
        << quint64(655) << quint64(0) << quint64(0) << calm << 0 << PressureLevel::Critical
        << QStringLiteral("MemAvailable 4% of 16384 MB < 5%");
    QTest::newRow("no PSI file, meminfo fine -> ok")
        << quint64(8192) << quint64(0) << quint64(0) << QByteArray() << 0 << PressureLevel::Ok << QString();
    QTest::newRow("no PSI file, available 900 MB -> warning")
        << quint64(900) << quint64(0) << quint64(0) << QByteArray() << 0 << PressureLevel::Warning
        << QStringLiteral("MemAvailable 900 MB < 1024 MB");
}

void tst_PressureMonitor::singleThreshold()
{
    QFETCH(quint64, availableMb);
    QFETCH(quint64, swapTotalMb);
    QFETCH(quint64, swapUsedMb);
    QFETCH(QByteArray, pressureFile);
    QFETCH(int, zombies);
    QFETCH(PressureLevel, expected);
    QFETCH(QString, reason);

    m_proc->writeMeminfo(kTotalKb, availableMb * kMb, swapTotalMb * kMb, (swapTotalMb - swapUsedMb) * kMb);
    m_proc->writePressure(pressureFile);

    ManualClock clock;
    PressureMonitor monitor(m_proc->root(), clock);
    QSignalSpy changed(&monitor, &PressureMonitor::levelChanged);
    // The zombie count comes from the sampler; refresh() keeps the last one.
    SystemStats none;
    monitor.update(none, zombies);
    QVERIFY(monitor.refresh());
    QCOMPARE(monitor.psi().has_value(), !pressureFile.isEmpty());
    QCOMPARE(monitor.level(), expected);
    QCOMPARE(monitor.reasons().value(0), reason);
    QCOMPARE(monitor.reasons().isEmpty(), expected == PressureLevel::Ok);
    QCOMPARE(changed.size(), expected == PressureLevel::Ok ? 0 : 1);
    if (!changed.isEmpty()) {
        QCOMPARE(changed.first().at(0).value<PressureLevel>(), expected);
        QCOMPARE(changed.first().at(1).toStringList(), monitor.reasons());
    }

    // The same figures as a sample give the same judgement.
    PressureMonitor sampled(m_proc->root(), clock);
    SystemStats stats;
    stats.mem = monitor.memInfo();
    stats.psi = monitor.psi();
    sampled.update(stats, zombies);
    QCOMPARE(sampled.level(), expected);
    QCOMPARE(sampled.reasons(), monitor.reasons());
}

void tst_PressureMonitor::reasonTexts_data()
{
    QTest::addColumn<SystemStats>("stats");
    QTest::addColumn<int>("zombies");
    QTest::addColumn<QStringList>("reasons");

    SystemStats everything;
    everything.mem.memTotalKb = kTotalKb;
    everything.mem.memAvailableKb = 500 * kMb;
    everything.mem.swapTotalKb = 2048 * kMb;
    everything.mem.swapFreeKb = 100 * kMb;
    everything.psi = PsiFigures{62.5, 50, 47.23, 30};
    QTest::newRow("everything at once, critical first")
        << everything << 900 << QStringList{QStringLiteral("PSI full avg10 47.2% > 40%"),
                                            QStringLiteral("MemAvailable 3.1% of 16384 MB < 5%"),
                                            QStringLiteral("MemAvailable 500 MB < 1024 MB"),
                                            QStringLiteral("swap used 95.1% of 2048 MB > 70%"),
                                            QStringLiteral("PSI some avg10 62.5% > 10%"),
                                            QStringLiteral("zombies 900 > 500")};
    SystemStats low = statsOf(812);
    low.mem.memTotalKb = 8192 * kMb; // 812 MB of 16 GB would be below 5%: critical as well
    QTest::newRow("MemAvailable alone")
        << low << 0 << QStringList{QStringLiteral("MemAvailable 812 MB < 1024 MB")};
    SystemStats nothing;
    QTest::newRow("unreadable meminfo, no PSI, no zombies") << nothing << 0 << QStringList();
}

void tst_PressureMonitor::reasonTexts()
{
    QFETCH(SystemStats, stats);
    QFETCH(int, zombies);
    QFETCH(QStringList, reasons);
    const PressureJudgement judgement = judgePressure(stats.mem, stats.psi, zombies, {}, PressureLevel::Ok);
    QCOMPARE(judgement.reasons, reasons);
    for (const QString &reason : judgement.reasons)
        QVERIFY2(isCoreText(reason), qPrintable(reason));
}

void tst_PressureMonitor::escalationIsImmediate()
{
    ManualClock clock;
    PressureMonitor monitor(m_proc->root(), clock);
    QSignalSpy changed(&monitor, &PressureMonitor::levelChanged);
    monitor.update(statsOf(1000), 0);
    QCOMPARE(monitor.level(), PressureLevel::Warning);
    clock.advance(1);
    monitor.update(statsOf(1000, 50, 45), 0); // no dwell time on the way up
    QCOMPARE(monitor.level(), PressureLevel::Critical);
    QCOMPARE(changed.size(), 2);
    QCOMPARE(monitor.levelSinceMs(), clock.nowMs());
}

// MemAvailable hovers around 1024 MB: warning is entered at 1000 MB, not left at 1100 MB (inside the 20%
// band up to 1229 MB), not left at 1300 MB before the 30 s dwell, left at 1300 MB after it.
void tst_PressureMonitor::hoveringAroundThresholdDoesNotFlap()
{
    ManualClock clock;
    PressureMonitor monitor(m_proc->root(), clock);
    QSignalSpy changed(&monitor, &PressureMonitor::levelChanged);

    m_proc->writePressure(pressure(0, 0));
    const quint64 hover[] = {1000, 1100, 1030, 990, 1200, 1020, 1100, 1228};
    for (const quint64 availableMb : hover) {
        m_proc->writeMeminfo(kTotalKb, availableMb * kMb);
        QVERIFY(monitor.refresh());
        QCOMPARE(monitor.level(), PressureLevel::Warning);
        clock.advance(10'000);
    }
    QCOMPARE(changed.size(), 1);
    QCOMPARE(monitor.reasons(),
             QStringList{QStringLiteral("MemAvailable 1228 MB < 1229 MB (1024 MB + 20% hysteresis)")});

    // Back past the band, but the level was entered just now: it stays for the dwell time.
    PressureMonitor fresh(m_proc->root(), clock);
    QSignalSpy freshChanged(&fresh, &PressureMonitor::levelChanged);
    m_proc->writeMeminfo(kTotalKb, 1000 * kMb);
    fresh.refresh();
    QCOMPARE(fresh.level(), PressureLevel::Warning);
    clock.advance(10'000);
    m_proc->writeMeminfo(kTotalKb, 1100 * kMb);
    fresh.refresh();
    QCOMPARE(fresh.level(), PressureLevel::Warning);
    m_proc->writeMeminfo(kTotalKb, 1300 * kMb);
    fresh.refresh();
    QCOMPARE(fresh.level(), PressureLevel::Warning);
    QCOMPARE(fresh.reasons(),
             QStringList{QStringLiteral("warning kept for at least 30 s (entered 10 s ago)")});
    clock.advance(19'999);
    fresh.refresh();
    QCOMPARE(fresh.level(), PressureLevel::Warning);
    clock.advance(1);
    fresh.refresh();
    QCOMPARE(fresh.level(), PressureLevel::Ok);
    QVERIFY(fresh.reasons().isEmpty());
    QCOMPARE(freshChanged.size(), 2);
    QCOMPARE(freshChanged.last().at(0).value<PressureLevel>(), PressureLevel::Ok);

    // And once ok, 1100 MB (inside the band) does not bring the warning back: only 1024 MB does.
    m_proc->writeMeminfo(kTotalKb, 1100 * kMb);
    fresh.refresh();
    QCOMPARE(fresh.level(), PressureLevel::Ok);
    m_proc->writeMeminfo(kTotalKb, 1023 * kMb);
    fresh.refresh();
    QCOMPARE(fresh.level(), PressureLevel::Warning);
}

void tst_PressureMonitor::criticalToWarningToOk()
{
    ManualClock clock;
    PressureMonitor monitor(m_proc->root(), clock);
    QSignalSpy changed(&monitor, &PressureMonitor::levelChanged);
    m_proc->writeMeminfo(kTotalKb, 8192 * kMb);

    m_proc->writePressure(pressure(60, 45));
    monitor.refresh();
    QCOMPARE(monitor.level(), PressureLevel::Critical);

    // full 35% is below 40% but inside the band (down to 32%): still critical, even long after.
    clock.advance(60'000);
    m_proc->writePressure(pressure(50, 35));
    monitor.refresh();
    QCOMPARE(monitor.level(), PressureLevel::Critical);
    QCOMPARE(monitor.reasons().value(0), QStringLiteral("PSI full avg10 35% > 32% (40% - 20% hysteresis)"));

    // full 20%: critical is left; some 50% keeps a warning.
    m_proc->writePressure(pressure(50, 20));
    monitor.refresh();
    QCOMPARE(monitor.level(), PressureLevel::Warning);
    QCOMPARE(monitor.reasons(), QStringList{QStringLiteral("PSI some avg10 50% > 10%")});

    // some 9% is inside the band (down to 8%); 5% is out of it, but only after the dwell.
    clock.advance(40'000);
    m_proc->writePressure(pressure(9, 0));
    monitor.refresh();
    QCOMPARE(monitor.level(), PressureLevel::Warning);
    m_proc->writePressure(pressure(5, 0));
    monitor.refresh();
    QCOMPARE(monitor.level(), PressureLevel::Ok);

    QCOMPARE(changed.size(), 3);
    const PressureLevel steps[] = {PressureLevel::Critical, PressureLevel::Warning, PressureLevel::Ok};
    for (int i = 0; i < 3; ++i)
        QCOMPARE(changed.at(i).at(0).value<PressureLevel>(), steps[i]);

    // Critical straight to ok when nothing holds a warning, after the dwell.
    m_proc->writePressure(pressure(60, 45));
    monitor.refresh();
    QCOMPARE(monitor.level(), PressureLevel::Critical);
    clock.advance(30'000);
    m_proc->writePressure(pressure(1, 0));
    monitor.refresh();
    QCOMPARE(monitor.level(), PressureLevel::Ok);
}

// The judge alone (no dwell): where each figure enters and where it leaves a level.
void tst_PressureMonitor::hysteresisBandsOfTheJudge_data()
{
    QTest::addColumn<SystemStats>("stats");
    QTest::addColumn<int>("zombies");
    QTest::addColumn<PressureLevel>("current");
    QTest::addColumn<PressureLevel>("expected");

    auto swap = [](double usedPct) {
        SystemStats s = statsOf(8192);
        s.mem.swapTotalKb = 1000 * kMb;
        s.mem.swapFreeKb = quint64((100 - usedPct) * 10) * kMb;
        return s;
    };
    QTest::newRow("swap 60% from ok stays ok") << swap(60) << 0 << PressureLevel::Ok << PressureLevel::Ok;
    QTest::newRow("swap 60% from warning stays warning")
        << swap(60) << 0 << PressureLevel::Warning << PressureLevel::Warning;
    QTest::newRow("swap 55% from warning leaves")
        << swap(55) << 0 << PressureLevel::Warning << PressureLevel::Ok;
    QTest::newRow("450 zombies from warning stays")
        << statsOf(8192) << 450 << PressureLevel::Warning << PressureLevel::Warning;
    QTest::newRow("399 zombies from warning leaves")
        << statsOf(8192) << 399 << PressureLevel::Warning << PressureLevel::Ok;
    QTest::newRow("available 5.5% from critical stays critical")
        << statsOf(901) << 0 << PressureLevel::Critical << PressureLevel::Critical;
    QTest::newRow("available 5.5% from warning does not become critical")
        << statsOf(901) << 0 << PressureLevel::Warning << PressureLevel::Warning;
    QTest::newRow("available 6.5% from critical drops to warning")
        << statsOf(1065) << 0 << PressureLevel::Critical << PressureLevel::Warning;
    QTest::newRow("PSI full 33% from critical stays")
        << statsOf(8192, 40, 33) << 0 << PressureLevel::Critical << PressureLevel::Critical;
    QTest::newRow("PSI full 31% from critical, some 40%: warning")
        << statsOf(8192, 40, 31) << 0 << PressureLevel::Critical << PressureLevel::Warning;
    QTest::newRow("PSI full 31% from critical, some 2%: ok")
        << statsOf(8192, 2, 31) << 0 << PressureLevel::Critical << PressureLevel::Ok;
    QTest::newRow("PSI full 31% from ok stays ok, some 9%")
        << statsOf(8192, 9, 31) << 0 << PressureLevel::Ok << PressureLevel::Ok;
}

void tst_PressureMonitor::hysteresisBandsOfTheJudge()
{
    QFETCH(SystemStats, stats);
    QFETCH(int, zombies);
    QFETCH(PressureLevel, current);
    QFETCH(PressureLevel, expected);
    const PressureJudgement judgement = judgePressure(stats.mem, stats.psi, zombies, {}, current);
    QCOMPARE(judgement.level, expected);
    QCOMPARE(judgement.reasons.isEmpty(), expected == PressureLevel::Ok);
}

void tst_PressureMonitor::thresholdsFromSettings()
{
    Settings settings(m_dir->filePath(QStringLiteral("agentmon.conf")));
    const PressureThresholds defaults;
    const PressureThresholds read = settings.pressureThresholds();
    QCOMPARE(read.warnAvailableMb, defaults.warnAvailableMb);
    QCOMPARE(read.warnSwapPct, defaults.warnSwapPct);
    QCOMPARE(read.warnPsiSome10, defaults.warnPsiSome10);
    QCOMPARE(read.warnZombies, defaults.warnZombies);
    QCOMPARE(read.critPsiFull10, defaults.critPsiFull10);
    QCOMPARE(read.critAvailablePct, defaults.critAvailablePct);
    QCOMPARE(read.hysteresisPct, defaults.hysteresisPct);
    QCOMPARE(read.minDwellMs, defaults.minDwellMs);
    QVERIFY(settings.problems().isEmpty());

    settings.setValue("pressure/warnAvailableMb", 2048);
    settings.setValue("pressure/minDwellSeconds", 5);
    settings.setValue("pressure/warnSwapPercent", 150); // out of range: default and a problem
    const PressureThresholds changed = settings.pressureThresholds();
    QCOMPARE(changed.warnAvailableMb, 2048.0);
    QCOMPARE(changed.minDwellMs, 5'000);
    QCOMPARE(changed.warnSwapPct, 70.0);
    QVERIFY(settings.problems().join(QLatin1Char('\n')).contains(QLatin1String("pressure/warnSwapPercent")));

    ManualClock clock;
    PressureMonitor monitor(m_proc->root(), clock, changed);
    monitor.update(statsOf(1500), 0);
    QCOMPARE(monitor.level(), PressureLevel::Warning);
    QCOMPARE(monitor.reasons(), QStringList{QStringLiteral("MemAvailable 1500 MB < 2048 MB")});
}

void tst_PressureMonitor::disabledThresholds()
{
    PressureThresholds off;
    off.warnAvailableMb = 0;
    off.critAvailablePct = 0;
    off.warnSwapPct = 100;
    off.warnPsiSome10 = 100;
    off.critPsiFull10 = 100;
    SystemStats stats = statsOf(10, 99, 99);
    stats.mem.swapTotalKb = 1000;
    QCOMPARE(judgePressure(stats.mem, stats.psi, 0, off, PressureLevel::Critical).level, PressureLevel::Ok);
}

void tst_PressureMonitor::realProcGivesALevel()
{
    const bool hasPsi = QFile::exists(QStringLiteral("/proc/pressure/memory"));
    SystemClock clock;
    PressureMonitor monitor(QStringLiteral("/proc"), clock);
    QVERIFY(monitor.refresh());
    QVERIFY(monitor.memInfo().memTotalKb > 0);
    QVERIFY(monitor.memInfo().memAvailableKb <= monitor.memInfo().memTotalKb);
    QCOMPARE(monitor.psi().has_value(), hasPsi);
    const QString name = pressureLevelName(monitor.level());
    QVERIFY(!name.isEmpty());
    QCOMPARE(monitor.reasons().isEmpty(), monitor.level() == PressureLevel::Ok);
    qInfo("real /proc: %s, MemAvailable %llu MB of %llu MB, PSI %s%s", qPrintable(name),
          monitor.memInfo().memAvailableKb / 1024, monitor.memInfo().memTotalKb / 1024,
          hasPsi ? "present" : "absent",
          monitor.reasons().isEmpty()
              ? ""
              : qPrintable(QStringLiteral(": ") + monitor.reasons().join(QStringLiteral("; "))));
}

void tst_PressureMonitor::armTriggerOnRealProc()
{
    SystemClock clock;
    PressureMonitor monitor(QStringLiteral("/proc"), clock);
    if (!monitor.armTrigger())
        QSKIP(qPrintable(QStringLiteral("the kernel refuses a PSI trigger here: ") + monitor.triggerState()));
    QVERIFY(monitor.isTriggerArmed());
    QVERIFY2(monitor.triggerState().startsWith(QLatin1String("psi trigger armed")),
             qPrintable(monitor.triggerState()));
    qInfo("%s", qPrintable(monitor.triggerState()));
    // Arming again replaces the triggers (a pressure fd takes one trigger only).
    QVERIFY2(monitor.armTrigger(), qPrintable(monitor.triggerState()));
    // New thresholds re-arm with new stall times.
    PressureThresholds t;
    t.warnPsiSome10 = 5;
    monitor.setThresholds(t);
    QVERIFY2(monitor.isTriggerArmed(), qPrintable(monitor.triggerState()));
    QVERIFY2(monitor.triggerState().contains(QLatin1String("some 100 ms")),
             qPrintable(monitor.triggerState()));
    // The event loop runs with the notifiers installed; without real pressure nothing need fire.
    QCoreApplication::processEvents();
    monitor.disarmTrigger();
    QVERIFY(!monitor.isTriggerArmed());
}

void tst_PressureMonitor::armTriggerOnRegularFileFails()
{
    const QByteArray content = pressure(1, 0);
    m_proc->writePressure(content);
    ManualClock clock;
    PressureMonitor monitor(m_proc->root(), clock);
    monitor.setSampleIntervalMs(5'000);
    QVERIFY(!monitor.armTrigger());
    QVERIFY(!monitor.isTriggerArmed());
    const QString state = monitor.triggerState();
    QVERIFY2(state.contains(QLatin1String("is not a kernel pressure file")), qPrintable(state));
    QVERIFY2(state.contains(m_proc->root() + QStringLiteral("/pressure/memory")), qPrintable(state));
    QVERIFY2(state.endsWith(QLatin1String("sampled every 5 s")), qPrintable(state));
    // Nothing was written to the fixture, and the sampled path still works.
    QFile file(m_proc->root() + QStringLiteral("/pressure/memory"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), content);
    QVERIFY(monitor.refresh());
    QCOMPARE(monitor.level(), PressureLevel::Ok);
}

void tst_PressureMonitor::armTriggerWithoutPsiFails()
{
    m_proc->writePressure({});
    ManualClock clock;
    PressureMonitor monitor(m_proc->root(), clock);
    QVERIFY(!monitor.armTrigger());
    QCOMPARE(monitor.triggerState(),
             QStringLiteral("no %1/pressure/memory: sampled every 2 s").arg(m_proc->root()));
    m_proc->writeMeminfo(kTotalKb, 900 * kMb);
    QVERIFY(monitor.refresh());
    QVERIFY(!monitor.psi());
    QCOMPARE(monitor.level(), PressureLevel::Warning);
}

QTEST_GUILESS_MAIN(tst_PressureMonitor)
#include "tst_pressuremonitor.moc"
