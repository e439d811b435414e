#include "autostart.h"
#include "settings.h"
#include "settingsdialog.h"
#include "testfiles.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace agentmon;

namespace {

QAbstractSpinBox *numberEditor(const QWidget *dialog, const char *key)
{
    return dialog->findChild<QAbstractSpinBox *>(QLatin1String(key));
}

void setNumber(const QWidget *dialog, const char *key, double value)
{
    QAbstractSpinBox *box = numberEditor(dialog, key);
    QVERIFY2(box, key);
    if (auto *spin = qobject_cast<QSpinBox *>(box))
        spin->setValue(int(value));
    else
        qobject_cast<QDoubleSpinBox *>(box)->setValue(value);
}

double number(const QWidget *dialog, const char *key)
{
    QAbstractSpinBox *box = numberEditor(dialog, key);
    if (!box)
        return qQNaN();
    if (auto *spin = qobject_cast<QSpinBox *>(box))
        return spin->value();
    return qobject_cast<QDoubleSpinBox *>(box)->value();
}

void setPolicy(const QWidget *dialog, const char *key, const QString &name)
{
    auto *combo = dialog->findChild<QComboBox *>(QLatin1String(key));
    QVERIFY2(combo, key);
    const int index = combo->findData(name);
    QVERIFY2(index >= 0, qPrintable(name));
    combo->setCurrentIndex(index);
}

QStringList keysInFile(const QString &file)
{
    QSettings raw(file, QSettings::IniFormat);
    QStringList keys = raw.allKeys();
    keys.sort();
    return keys;
}

QPushButton *button(const QWidget *dialog, QDialogButtonBox::StandardButton which)
{
    auto *box = dialog->findChild<QDialogButtonBox *>();
    return box ? box->button(which) : nullptr;
}

// Pictures for people to look at (ctest sets AGENTMON_ARTIFACT_DIR).
void saveGrab(QWidget *widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("AGENTMON_ARTIFACT_DIR");
    if (dir.isEmpty())
        return;
    QVERIFY(QDir().mkpath(dir));
    QVERIFY(widget->grab().save(dir + QStringLiteral("/settings-%1.png").arg(name)));
}

} // namespace

class TestSettingsDialog : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void everyNumericKeyHasAnEditor();
    void roundTrip();
    void defaultValuesLeaveNoKey();
    void nothingIsWrittenBeforeApply();
    void cancelLeavesTheFileAsItWas();
    void untouchedKeysSurviveOtherWriters();
    void restorePageDefaults();
    void restoreAllDefaults();
    void outOfRangeValuesShowAWarning();
    void policiesRoundTrip();
    void applyButtonFollowsChanges();
    void poolNoteWhenAboveTheHardCap();
    void autostartIsWrittenOnApply();
    void checkRules();
    void pagesAreReachable();

private:
    QTemporaryDir m_home; // HOME of this test: the autostart entry goes there
    QScopedPointer<QTemporaryDir> m_dir;
    QString m_conf;
    QString m_rules;
};

void TestSettingsDialog::initTestCase()
{
    QVERIFY(m_home.isValid());
    qputenv("HOME", QFile::encodeName(m_home.path()));
    QStandardPaths::setTestModeEnabled(true);
    qunsetenv("AGENTMON_MAX_CONCURRENT");
    qunsetenv("AGENTMON_HARD_CAP");
}

void TestSettingsDialog::init()
{
    m_dir.reset(new QTemporaryDir);
    QVERIFY(m_dir->isValid());
    m_conf = m_dir->filePath(QStringLiteral("agentmon.conf"));
    m_rules = m_dir->filePath(QStringLiteral("rules.json"));
}

void TestSettingsDialog::cleanup()
{
    QFile::remove(Autostart::filePath());
}

void TestSettingsDialog::everyNumericKeyHasAnEditor()
{
    SettingsDialog dialog(m_conf, m_rules);
    for (const Settings::NumericKey &key : Settings::numericKeys()) {
        QAbstractSpinBox *box = numberEditor(&dialog, key.key);
        QVERIFY2(box, key.key);
        if (auto *spin = qobject_cast<QSpinBox *>(box)) {
            QCOMPARE(spin->minimum(), int(key.min));
            QCOMPARE(spin->maximum(), int(key.max));
        } else {
            auto *dspin = qobject_cast<QDoubleSpinBox *>(box);
            QVERIFY(dspin);
            QCOMPARE(dspin->minimum(), key.min);
            QCOMPARE(dspin->maximum(), key.max);
        }
        QCOMPARE(number(&dialog, key.key), key.defaultValue);
    }
    for (const auto &policy : Settings::policyKeys()) {
        auto *combo = dialog.findChild<QComboBox *>(QLatin1String(policy.first));
        QVERIFY2(combo, policy.first);
        QCOMPARE(combo->currentData().toString(), Settings::policyName(policy.second));
        QCOMPARE(combo->count(), 3);
    }
    QVERIFY(dialog.findChild<QCheckBox *>(QStringLiteral("policy/dryRun")));
    QVERIFY(dialog.findChild<QCheckBox *>(QStringLiteral("reaper/paused")));
    QVERIFY(dialog.findChild<QCheckBox *>(QStringLiteral("autostart")));
    // Every key has a page of its own kind, none fell back to "Other".
    QVERIFY(!dialog.hasPage(SettingsDialog::OtherPage));
}

void TestSettingsDialog::roundTrip()
{
    SettingsDialog dialog(m_conf, m_rules);
    QSignalSpy applied(&dialog, &SettingsDialog::applied);
    setNumber(&dialog, "status/lingerSeconds", 45);
    setNumber(&dialog, "sampler/guiIntervalSeconds", 1.5);
    setNumber(&dialog, "pressure/warnPsiSomeAvg10", 12.5);
    setNumber(&dialog, "pressure/warnAvailableMb", 0); // off
    setNumber(&dialog, "reaper/graceMs", 8000);
    setNumber(&dialog, "reaper/intervalMinutes", 0); // off
    setNumber(&dialog, "pool/maxConcurrent", 3);
    setNumber(&dialog, "pool/hardCap", 12);
    setNumber(&dialog, "api/port", 40000);
    setNumber(&dialog, "history/retentionDays", 30);
    setPolicy(&dialog, "policy/leaks", QStringLiteral("auto"));
    setPolicy(&dialog, "policy/orphans", QStringLiteral("off"));
    dialog.findChild<QCheckBox *>(QStringLiteral("policy/dryRun"))->setChecked(true);
    dialog.findChild<QCheckBox *>(QStringLiteral("reaper/paused"))->setChecked(true);

    QTest::mouseClick(button(&dialog, QDialogButtonBox::Apply), Qt::LeftButton);
    QCOMPARE(applied.count(), 1);

    const Settings settings(m_conf);
    QCOMPARE(settings.statusPolicy().lingerMs, 45'000);
    QCOMPARE(settings.sampleIntervalMs(true), 1500);
    QCOMPARE(settings.pressureThresholds().warnPsiSome10, 12.5);
    QCOMPARE(settings.pressureThresholds().warnAvailableMb, 0.0);
    QCOMPARE(settings.cascadeTimes().graceMs, 8000);
    QCOMPARE(settings.reaperIntervalMs(), 0);
    QCOMPARE(settings.poolLimits().maxConcurrent, 3);
    QCOMPARE(settings.poolLimits().hardCap, 12);
    QCOMPARE(settings.apiPort(), quint16(40000));
    QCOMPARE(settings.historyRetentionMs(), qint64(30) * 86'400'000);
    QVERIFY(settings.policy("policy/leaks") == Settings::Policy::Auto);
    QVERIFY(settings.policy("policy/orphans") == Settings::Policy::Off);
    QVERIFY(settings.policyDryRun());
    QVERIFY(settings.reaperPaused());
    QVERIFY2(settings.problems().isEmpty(), qPrintable(settings.problems().join(QLatin1Char('\n'))));
    // Only what differs from the defaults is in the file.
    QCOMPARE(keysInFile(m_conf).size(), 14);

    // A second dialog on the file shows what was written.
    SettingsDialog again(m_conf, m_rules);
    QCOMPARE(number(&again, "status/lingerSeconds"), 45.0);
    QCOMPARE(number(&again, "sampler/guiIntervalSeconds"), 1.5);
    QCOMPARE(number(&again, "pressure/warnPsiSomeAvg10"), 12.5);
    QCOMPARE(again.findChild<QComboBox *>(QStringLiteral("policy/leaks"))->currentData().toString(),
             QStringLiteral("auto"));
    QVERIFY(again.findChild<QCheckBox *>(QStringLiteral("reaper/paused"))->isChecked());
    QVERIFY(!again.isModified());
}

void TestSettingsDialog::defaultValuesLeaveNoKey()
{
    QVERIFY(test::writeAll(m_conf, "[status]\nlingerSeconds=45\nidleCpuPercent=2.5\n[reaper]\ngraceMs=8000\n"
                                   "paused=true\n[policy]\nleaks=auto\ndryRun=true\n"));
    SettingsDialog dialog(m_conf, m_rules);
    QCOMPARE(number(&dialog, "status/idleCpuPercent"), 2.5);
    setNumber(&dialog, "status/lingerSeconds", 30);
    setNumber(&dialog, "status/idleCpuPercent", 1.0);
    setNumber(&dialog, "reaper/graceMs", 5000);
    setPolicy(&dialog, "policy/leaks", QStringLiteral("notify"));
    dialog.findChild<QCheckBox *>(QStringLiteral("reaper/paused"))->setChecked(false);
    dialog.findChild<QCheckBox *>(QStringLiteral("policy/dryRun"))->setChecked(false);
    QVERIFY(dialog.apply());
    QCOMPARE(keysInFile(m_conf), QStringList());

    // A value changed and changed back is not written either.
    setNumber(&dialog, "status/maxAgeMinutes", 10);
    setNumber(&dialog, "status/maxAgeMinutes", 120);
    QVERIFY(dialog.apply());
    QCOMPARE(keysInFile(m_conf), QStringList());
}

void TestSettingsDialog::nothingIsWrittenBeforeApply()
{
    {
        SettingsDialog dialog(m_conf, m_rules);
        setNumber(&dialog, "status/lingerSeconds", 50);
        setPolicy(&dialog, "policy/orphans", QStringLiteral("notify"));
        QVERIFY(dialog.isModified());
        QVERIFY(!QFileInfo::exists(m_conf));
        dialog.restoreAllDefaults();
        QVERIFY(!QFileInfo::exists(m_conf));
    }
    QVERIFY(!QFileInfo::exists(m_conf));
    // OK with nothing changed writes nothing at all.
    SettingsDialog dialog(m_conf, m_rules);
    QSignalSpy applied(&dialog, &SettingsDialog::applied);
    QTest::mouseClick(button(&dialog, QDialogButtonBox::Ok), Qt::LeftButton);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(applied.count(), 0);
    QVERIFY(!QFileInfo::exists(m_conf));
}

void TestSettingsDialog::cancelLeavesTheFileAsItWas()
{
    // Spacing, order, a comment and a key the dialog does not know: all kept byte for byte.
    const QByteArray original = "; written by hand\n[status]\nlingerSeconds = 40\n\n[launcher]\n"
                                "scrubEnvironment=FOO, BAR\n[reaper]\ngraceMs=7000\n";
    QVERIFY(test::writeAll(m_conf, original));
    const QDateTime before = QFileInfo(m_conf).lastModified();
    SettingsDialog dialog(m_conf, m_rules);
    QCOMPARE(number(&dialog, "status/lingerSeconds"), 40.0);
    setNumber(&dialog, "status/lingerSeconds", 10);
    setNumber(&dialog, "reaper/graceMs", 5000);
    setPolicy(&dialog, "policy/leaks", QStringLiteral("off"));
    dialog.findChild<QCheckBox *>(QStringLiteral("autostart"))->setChecked(true);
    dialog.restorePageDefaults();
    QTest::mouseClick(button(&dialog, QDialogButtonBox::Cancel), Qt::LeftButton);
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QCOMPARE(test::readAll(m_conf), original);
    QCOMPARE(QFileInfo(m_conf).lastModified(), before);
    QVERIFY(!QFileInfo::exists(Autostart::filePath()));
}

void TestSettingsDialog::untouchedKeysSurviveOtherWriters()
{
    SettingsDialog dialog(m_conf, m_rules);
    QVERIFY(!dialog.findChild<QCheckBox *>(QStringLiteral("reaper/paused"))->isChecked());
    // Meanwhile the tray pauses the reaper and someone edits the pool by hand.
    {
        Settings other(m_conf);
        other.setValue("reaper/paused", true);
        other.setValue("pool/hardCap", 20);
        other.sync();
    }
    setNumber(&dialog, "status/lingerSeconds", 60);
    QVERIFY(dialog.apply());
    const Settings settings(m_conf);
    QCOMPARE(settings.statusPolicy().lingerMs, 60'000);
    QVERIFY(settings.reaperPaused());
    QCOMPARE(settings.poolLimits().hardCap, 20);
    // After Apply the dialog shows the file as it is now.
    QVERIFY(dialog.findChild<QCheckBox *>(QStringLiteral("reaper/paused"))->isChecked());
    QCOMPARE(number(&dialog, "pool/hardCap"), 20.0);
}

void TestSettingsDialog::restorePageDefaults()
{
    QVERIFY(test::writeAll(m_conf, "[reaper]\ngraceMs=8000\nminAgeSeconds=10\npaused=true\n[status]\n"
                                   "lingerSeconds=45\n"));
    const QByteArray original = test::readAll(m_conf);
    SettingsDialog dialog(m_conf, m_rules);
    dialog.setCurrentPage(SettingsDialog::ReaperPage);
    QCOMPARE(dialog.currentPage(), SettingsDialog::ReaperPage);
    QTest::mouseClick(button(&dialog, QDialogButtonBox::RestoreDefaults), Qt::LeftButton);
    QCOMPARE(number(&dialog, "reaper/graceMs"), 5000.0);
    QCOMPARE(number(&dialog, "reaper/minAgeSeconds"), 120.0);
    QVERIFY(!dialog.findChild<QCheckBox *>(QStringLiteral("reaper/paused"))->isChecked());
    QCOMPARE(number(&dialog, "status/lingerSeconds"), 45.0); // another page: untouched
    QCOMPARE(test::readAll(m_conf), original);
    QVERIFY(dialog.apply());
    QCOMPARE(keysInFile(m_conf), QStringList{QStringLiteral("status/lingerSeconds")});

    // Pages without defaults of agentmon.conf have the button disabled.
    dialog.setCurrentPage(SettingsDialog::RulesPage);
    QVERIFY(!button(&dialog, QDialogButtonBox::RestoreDefaults)->isEnabled());
    dialog.setCurrentPage(SettingsDialog::PoliciesPage);
    QVERIFY(button(&dialog, QDialogButtonBox::RestoreDefaults)->isEnabled());
}

void TestSettingsDialog::restoreAllDefaults()
{
    QVERIFY(test::writeAll(m_conf,
                           "[reaper]\ngraceMs=8000\n[status]\nlingerSeconds=45\n[policy]\norphans=off\n"
                           "[history]\nmaxMegabytes=512\n"));
    SettingsDialog dialog(m_conf, m_rules);
    dialog.restoreAllDefaults();
    for (const Settings::NumericKey &key : Settings::numericKeys())
        QCOMPARE(number(&dialog, key.key), key.defaultValue);
    QVERIFY(dialog.apply());
    QCOMPARE(keysInFile(m_conf), QStringList());
}

void TestSettingsDialog::outOfRangeValuesShowAWarning()
{
    {
        QVERIFY(test::writeAll(m_conf, "[reaper]\ngraceMs=5000\n"));
        SettingsDialog dialog(m_conf, m_rules);
        QVERIFY(!dialog.findChild<QWidget *>(QStringLiteral("problemsWarning"))->isVisibleTo(&dialog));
    }
    const QByteArray original =
        "[reaper]\ngraceMs=99999999\n[pool]\nhardCap=many\n[policy]\nleaks=sometimes\n"
        "[status]\nlingerSeconds=45\n";
    QVERIFY(test::writeAll(m_conf, original));
    SettingsDialog dialog(m_conf, m_rules);
    auto *warning = dialog.findChild<QWidget *>(QStringLiteral("problemsWarning"));
    QVERIFY(warning);
    QVERIFY(warning->isVisibleTo(&dialog));
    const QString text = dialog.findChild<QLabel *>(QStringLiteral("problemsWarningText"))->text();
    QVERIFY2(text.contains(QLatin1String("reaper/graceMs")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("pool/hardCap")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("policy/leaks")), qPrintable(text));
    // The defaults in place of the bad values; the good one as it is.
    QCOMPARE(number(&dialog, "reaper/graceMs"), 5000.0);
    QCOMPARE(number(&dialog, "pool/hardCap"), 10.0);
    QCOMPARE(dialog.findChild<QComboBox *>(QStringLiteral("policy/leaks"))->currentData().toString(),
             QStringLiteral("notify"));
    QCOMPARE(number(&dialog, "status/lingerSeconds"), 45.0);
    // Apply is offered (it would write what is shown), but nothing is written yet.
    QVERIFY(dialog.isModified());
    QVERIFY(button(&dialog, QDialogButtonBox::Apply)->isEnabled());
    QCOMPARE(test::readAll(m_conf), original);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    saveGrab(&dialog, QStringLiteral("problems"));

    QTest::mouseClick(button(&dialog, QDialogButtonBox::Ok), Qt::LeftButton);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(keysInFile(m_conf), QStringList{QStringLiteral("status/lingerSeconds")});
    QVERIFY(Settings(m_conf).problems().isEmpty());
    QVERIFY(!warning->isVisibleTo(&dialog));
}

void TestSettingsDialog::policiesRoundTrip()
{
    SettingsDialog dialog(m_conf, m_rules);
    const QList<Settings::Policy> values = {Settings::Policy::Off, Settings::Policy::Notify,
                                            Settings::Policy::Auto};
    for (const auto &policy : Settings::policyKeys()) {
        for (Settings::Policy value : values) {
            setPolicy(&dialog, policy.first, Settings::policyName(value));
            QVERIFY(dialog.apply());
            QVERIFY2(Settings(m_conf).policy(policy.first) == value,
                     qPrintable(QStringLiteral("%1 %2").arg(QLatin1String(policy.first),
                                                            Settings::policyName(value))));
            QSettings raw(m_conf, QSettings::IniFormat);
            if (value == policy.second)
                QVERIFY(!raw.contains(QLatin1String(policy.first)));
            else
                QCOMPARE(raw.value(QLatin1String(policy.first)).toString(), Settings::policyName(value));
            // The explanation follows the choice.
            const auto *explanation =
                dialog.findChild<QLabel *>(QLatin1String(policy.first) + QStringLiteral("/explanation"));
            QVERIFY(explanation);
            QVERIFY(!explanation->text().isEmpty());
            QCOMPARE(explanation->text().contains(QLatin1String("(default)")), value == policy.second);
        }
    }
}

void TestSettingsDialog::applyButtonFollowsChanges()
{
    SettingsDialog dialog(m_conf, m_rules);
    QPushButton *apply = button(&dialog, QDialogButtonBox::Apply);
    QVERIFY(!apply->isEnabled());
    setNumber(&dialog, "health/sweepSeconds", 60);
    QVERIFY(apply->isEnabled());
    setNumber(&dialog, "health/sweepSeconds", 30);
    QVERIFY(!apply->isEnabled());
    setNumber(&dialog, "health/sweepSeconds", 90);
    QTest::mouseClick(apply, Qt::LeftButton);
    QVERIFY(!apply->isEnabled());
    QCOMPARE(Settings(m_conf).healthSweepMs(), 90'000);
    // Reset drops edits not applied.
    setNumber(&dialog, "health/sweepSeconds", 100);
    QTest::mouseClick(button(&dialog, QDialogButtonBox::Reset), Qt::LeftButton);
    QCOMPARE(number(&dialog, "health/sweepSeconds"), 90.0);
    QVERIFY(!apply->isEnabled());
}

void TestSettingsDialog::poolNoteWhenAboveTheHardCap()
{
    SettingsDialog dialog(m_conf, m_rules);
    dialog.setCurrentPage(SettingsDialog::PoolPage);
    auto *note = dialog.findChild<QLabel *>(QStringLiteral("poolNote"));
    QVERIFY(note);
    QVERIFY(!note->isVisibleTo(&dialog));
    setNumber(&dialog, "pool/hardCap", 4);
    setNumber(&dialog, "pool/maxConcurrent", 6);
    QVERIFY(note->isVisibleTo(&dialog));
    QVERIFY2(note->text().contains(QLatin1String("4")), qPrintable(note->text()));
    setNumber(&dialog, "pool/maxConcurrent", 4);
    QVERIFY(!note->isVisibleTo(&dialog));
}

void TestSettingsDialog::autostartIsWrittenOnApply()
{
    const QString program = m_dir->filePath(QStringLiteral("my apps/agentmon"));
    SettingsDialog dialog(m_conf, m_rules);
    dialog.setAutostartExecutable(program);
    auto *box = dialog.findChild<QCheckBox *>(QStringLiteral("autostart"));
    QVERIFY(!box->isChecked());
    box->setChecked(true);
    QVERIFY(!QFileInfo::exists(Autostart::filePath()));
    QVERIFY(dialog.apply());
    QVERIFY(Autostart::isEnabled());
    const QByteArray entry = test::readAll(Autostart::filePath());
    QVERIFY2(entry.contains("Exec=\"" + program.toUtf8() + "\" --minimized\n"), entry.constData());
    // agentmon.conf is not touched by the autostart.
    QVERIFY(!QFileInfo::exists(m_conf));

    SettingsDialog again(m_conf, m_rules);
    auto *box2 = again.findChild<QCheckBox *>(QStringLiteral("autostart"));
    QVERIFY(box2->isChecked());
    box2->setChecked(false);
    QVERIFY(again.apply());
    QVERIFY(!QFileInfo::exists(Autostart::filePath()));
}

void TestSettingsDialog::checkRules()
{
    SettingsDialog dialog(m_conf, m_rules);
    auto *verdict = dialog.findChild<QLabel *>(QStringLiteral("rulesVerdict"));
    auto *check = dialog.findChild<QPushButton *>(QStringLiteral("checkRules"));
    QVERIFY(verdict);
    QVERIFY(check);
    QVERIFY(verdict->text().isEmpty());

    QTest::mouseClick(check, Qt::LeftButton);
    QVERIFY2(verdict->text().contains(QLatin1String("no rules file")), qPrintable(verdict->text()));

    QVERIFY(test::writeAll(m_rules, R"({"version": 1, "rules": [
            {"name": "my-mcp", "action": "cleanup", "class": "mcp", "program": ["my-mcp"]},
            {"name": "keep-me", "action": "protect", "program": ["precious"]}]})"));
    QTest::mouseClick(check, Qt::LeftButton);
    QCOMPARE(verdict->text(), QStringLiteral("2 user rules, all valid."));

    QVERIFY(test::writeAll(m_rules, R"({"version": 1, "rules": [
            {"name": "my-mcp", "action": "cleanup", "class": "mcp", "program": ["my-mcp"]},
            {"name": "wizardry", "action": "cleanup", "class": "wizard", "program": ["x"]}]})"));
    QTest::mouseClick(check, Qt::LeftButton);
    QVERIFY2(verdict->text().contains(QLatin1String("wizardry")), qPrintable(verdict->text()));
    QVERIFY2(verdict->text().contains(QLatin1String("unknown class")), qPrintable(verdict->text()));
    QVERIFY2(verdict->text().contains(QLatin1String("1 user rules in force")), qPrintable(verdict->text()));

    QVERIFY(test::writeAll(m_rules, "{ not json"));
    QTest::mouseClick(check, Qt::LeftButton);
    QVERIFY2(verdict->text().contains(QLatin1String("not valid JSON")), qPrintable(verdict->text()));
}

void TestSettingsDialog::pagesAreReachable()
{
    SettingsDialog dialog(m_conf, m_rules);
    auto *sections = dialog.findChild<QListWidget *>(QStringLiteral("sections"));
    QVERIFY(sections);
    QAbstractItemModelTester tester(sections->model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(sections->count(), 10);
    const QList<SettingsDialog::Page> pages = {SettingsDialog::SamplingPage, SettingsDialog::ReaperPage,
                                               SettingsDialog::StatusesPage, SettingsDialog::PressurePage,
                                               SettingsDialog::PoolPage,     SettingsDialog::PoliciesPage,
                                               SettingsDialog::RulesPage,    SettingsDialog::ApiPage,
                                               SettingsDialog::StartupPage,  SettingsDialog::HistoryPage};
    for (SettingsDialog::Page page : pages) {
        QVERIFY(dialog.hasPage(page));
        dialog.setCurrentPage(page);
        QCOMPARE(dialog.currentPage(), page);
    }
    // The editors of a page are on the page shown for it.
    dialog.setCurrentPage(SettingsDialog::PressurePage);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(numberEditor(&dialog, "pressure/critPsiFullAvg10")->isVisible());
    QVERIFY(!numberEditor(&dialog, "reaper/graceMs")->isVisible());
    // The special "off" text at the minimum of thresholds that can be turned off.
    setNumber(&dialog, "pressure/warnAvailableMb", 0);
    QCOMPARE(numberEditor(&dialog, "pressure/warnAvailableMb")->text(), QStringLiteral("Off"));
    for (SettingsDialog::Page page : pages) {
        dialog.setCurrentPage(page);
        QCoreApplication::processEvents(); // the page's deferred layout
        saveGrab(&dialog, QString::number(int(page)));
    }
}

QTEST_MAIN(TestSettingsDialog)
#include "tst_settingsdialog.moc"
