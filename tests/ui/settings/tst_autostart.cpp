#include "autostart.h"
#include "testfiles.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace agentmon;

namespace {

// The [Desktop Entry] group of a file, read by lines as a desktop environment would.
QHash<QString, QString> readEntry(const QString &path)
{
    QHash<QString, QString> keys;
    const QList<QByteArray> lines = test::readAll(path).split('\n');
    bool inGroup = false;
    for (const QByteArray &raw : lines) {
        const QString line = QString::fromUtf8(raw);
        if (line.startsWith(QLatin1Char('['))) {
            inGroup = line == QLatin1String("[Desktop Entry]");
            continue;
        }
        const qsizetype eq = line.indexOf(QLatin1Char('='));
        if (inGroup && eq > 0)
            keys.insert(line.left(eq), line.mid(eq + 1));
    }
    return keys;
}

// The Exec value back to argv, following the Desktop Entry spec: the string escapes first, then the quoting
// (a quoted argument ends at an unescaped '"'; inside it '\' escapes the next character), then "%%" -> '%'.
QStringList parseExec(const QString &value, bool *ok)
{
    QString unescaped;
    for (qsizetype i = 0; i < value.size(); ++i) {
        if (value.at(i) == QLatin1Char('\\') && i + 1 < value.size()) {
            const QChar next = value.at(++i);
            unescaped += next == QLatin1Char('s')   ? QChar(QLatin1Char(' '))
                         : next == QLatin1Char('n') ? QChar(QLatin1Char('\n'))
                         : next == QLatin1Char('t') ? QChar(QLatin1Char('\t'))
                         : next == QLatin1Char('r') ? QChar(QLatin1Char('\r'))
                                                    : next;
        } else {
            unescaped += value.at(i);
        }
    }
    QStringList argv;
    QString current;
    bool inQuotes = false, any = false;
    *ok = true;
    for (qsizetype i = 0; i < unescaped.size(); ++i) {
        const QChar c = unescaped.at(i);
        if (inQuotes) {
            if (c == QLatin1Char('\\') && i + 1 < unescaped.size()) {
                current += unescaped.at(++i);
            } else if (c == QLatin1Char('"')) {
                inQuotes = false;
            } else {
                current += c;
            }
        } else if (c == QLatin1Char('"')) {
            inQuotes = true;
            any = true;
        } else if (c == QLatin1Char(' ')) {
            if (any || !current.isEmpty())
                argv.append(current);
            current.clear();
            any = false;
        } else {
            // Unquoted, a reserved character is not allowed.
            if (QStringLiteral("\t\n\"'\\><~|&;$*?#()`").contains(c))
                *ok = false;
            current += c;
        }
    }
    if (inQuotes)
        *ok = false;
    if (any || !current.isEmpty())
        argv.append(current);
    for (QString &arg : argv)
        arg.replace(QLatin1String("%%"), QLatin1String("%"));
    return argv;
}

} // namespace

class TestAutostart : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void filePathIsInTheTestConfig();
    void enableWritesADesktopEntry();
    void execIsQuoted_data();
    void execIsQuoted();
    void disableRemovesTheFile();
    void hiddenCountsAsOff();
    void gnomeDisabledCountsAsOff();
    void unwritableFolderFails();

private:
    QTemporaryDir m_home;
};

void TestAutostart::initTestCase()
{
    // Test mode puts the config location under $HOME/.qttest; HOME is a temporary folder of this test.
    QVERIFY(m_home.isValid());
    qputenv("HOME", QFile::encodeName(m_home.path()));
    QStandardPaths::setTestModeEnabled(true);
}

void TestAutostart::cleanup()
{
    QFile::remove(Autostart::filePath());
}

void TestAutostart::filePathIsInTheTestConfig()
{
    QVERIFY2(Autostart::filePath().startsWith(m_home.path()), qPrintable(Autostart::filePath()));
    QVERIFY(Autostart::filePath().endsWith(QLatin1String("/autostart/agentmon.desktop")));
    QVERIFY(!Autostart::isEnabled());
}

void TestAutostart::enableWritesADesktopEntry()
{
    QString error;
    QVERIFY2(Autostart::setEnabled(true, QStringLiteral("/usr/bin/agentmon"), &error), qPrintable(error));
    QVERIFY(QFile::exists(Autostart::filePath()));
    QVERIFY(Autostart::isEnabled());

    const QHash<QString, QString> entry = readEntry(Autostart::filePath());
    QCOMPARE(entry.value(QStringLiteral("Type")), QStringLiteral("Application"));
    QCOMPARE(entry.value(QStringLiteral("Name")), QStringLiteral("agentmon"));
    QVERIFY(!entry.value(QStringLiteral("Comment")).isEmpty());
    QCOMPARE(entry.value(QStringLiteral("Exec")), QStringLiteral("/usr/bin/agentmon --minimized"));
    QCOMPARE(entry.value(QStringLiteral("Icon")), QStringLiteral("agentmon"));
    QCOMPARE(entry.value(QStringLiteral("Terminal")), QStringLiteral("false"));
    QCOMPARE(entry.value(QStringLiteral("X-GNOME-Autostart-enabled")), QStringLiteral("true"));
    QCOMPARE(entry.value(QStringLiteral("Categories")), QStringLiteral("System;Monitor;"));
    QVERIFY(!entry.contains(QStringLiteral("Hidden")));

    // QSettings reads it as an INI file too (the group name has a space).
    QSettings ini(Autostart::filePath(), QSettings::IniFormat);
    QCOMPARE(ini.value(QStringLiteral("Desktop Entry/Type")).toString(), QStringLiteral("Application"));
    QCOMPARE(ini.value(QStringLiteral("Desktop Entry/Icon")).toString(), QStringLiteral("agentmon"));

    // Enabling again rewrites in place, no leftovers of the atomic write.
    QVERIFY(Autostart::setEnabled(true, QStringLiteral("/opt/agentmon/bin/agentmon"), &error));
    QCOMPARE(readEntry(Autostart::filePath()).value(QStringLiteral("Exec")),
             QStringLiteral("/opt/agentmon/bin/agentmon --minimized"));
    QCOMPARE(QDir(QFileInfo(Autostart::filePath()).absolutePath()).entryList(QDir::Files | QDir::Hidden),
             QStringList{QStringLiteral("agentmon.desktop")});
}

void TestAutostart::execIsQuoted_data()
{
    QTest::addColumn<QString>("executable");
    QTest::addColumn<QString>("exec");
    QTest::newRow("plain") << QStringLiteral("/usr/bin/agentmon")
                           << QStringLiteral("/usr/bin/agentmon --minimized");
    QTest::newRow("space") << QStringLiteral("/home/me/My Apps/agentmon")
                           << QStringLiteral("\"/home/me/My Apps/agentmon\" --minimized");
    // '$' and '"' escaped by one backslash for the quoting; that backslash doubled by the string escapes.
    QTest::newRow("dollar and quote")
        << QStringLiteral("/opt/a$b \"c\"/agentmon")
        << QStringLiteral("\"/opt/a\\\\$b \\\\\"c\\\\\"/agentmon\" --minimized");
    QTest::newRow("backslash") << QStringLiteral("/opt/a\\b/agentmon")
                               << QStringLiteral("\"/opt/a\\\\\\\\b/agentmon\" --minimized");
    QTest::newRow("percent") << QStringLiteral("/opt/100%/agentmon")
                             << QStringLiteral("/opt/100%%/agentmon --minimized");
}

void TestAutostart::execIsQuoted()
{
    QFETCH(QString, executable);
    QFETCH(QString, exec);
    QString error;
    QVERIFY2(Autostart::setEnabled(true, executable, &error), qPrintable(error));
    const QString written = readEntry(Autostart::filePath()).value(QStringLiteral("Exec"));
    QCOMPARE(written, exec);
    // And a reader that follows the spec gets the program and its option back.
    bool ok = false;
    const QStringList argv = parseExec(written, &ok);
    QVERIFY2(ok, qPrintable(written));
    QCOMPARE(argv, (QStringList{executable, QStringLiteral("--minimized")}));
}

void TestAutostart::disableRemovesTheFile()
{
    QString error;
    QVERIFY(Autostart::setEnabled(true, QStringLiteral("/usr/bin/agentmon"), &error));
    QVERIFY(Autostart::isEnabled());
    QVERIFY2(Autostart::setEnabled(false, QString(), &error), qPrintable(error));
    QVERIFY(!QFile::exists(Autostart::filePath()));
    QVERIFY(!Autostart::isEnabled());
    // Off when already off is fine.
    QVERIFY(Autostart::setEnabled(false, QString(), &error));
}

void TestAutostart::hiddenCountsAsOff()
{
    QString error;
    QVERIFY(Autostart::setEnabled(true, QStringLiteral("/usr/bin/agentmon"), &error));
    QByteArray bytes = test::readAll(Autostart::filePath());
    QVERIFY(test::writeAll(Autostart::filePath(), bytes + "Hidden=true\n"));
    QVERIFY(!Autostart::isEnabled());
    QVERIFY(test::writeAll(Autostart::filePath(), bytes + "Hidden=false\n"));
    QVERIFY(Autostart::isEnabled());
    // Hidden in another group does not count.
    QVERIFY(test::writeAll(Autostart::filePath(), bytes + "[Desktop Action x]\nHidden=true\n"));
    QVERIFY(Autostart::isEnabled());
    // Turning it on again replaces a hidden entry by a visible one.
    QVERIFY(test::writeAll(Autostart::filePath(), bytes + "Hidden=true\n"));
    QVERIFY(Autostart::setEnabled(true, QStringLiteral("/usr/bin/agentmon"), &error));
    QVERIFY(Autostart::isEnabled());
}

void TestAutostart::gnomeDisabledCountsAsOff()
{
    QString error;
    QVERIFY(Autostart::setEnabled(true, QStringLiteral("/usr/bin/agentmon"), &error));
    QByteArray bytes = test::readAll(Autostart::filePath());
    bytes.replace("X-GNOME-Autostart-enabled=true", "X-GNOME-Autostart-enabled=false");
    QVERIFY(test::writeAll(Autostart::filePath(), bytes));
    QVERIFY(!Autostart::isEnabled());
}

void TestAutostart::unwritableFolderFails()
{
    // A file where the autostart folder should be: no folder can be made, whoever runs the test.
    const QString dir = QFileInfo(Autostart::filePath()).absolutePath();
    QVERIFY(!QFileInfo::exists(dir) || QDir(dir).removeRecursively());
    QVERIFY(test::writeAll(dir, "not a folder"));
    QString error;
    const bool written = Autostart::setEnabled(true, QStringLiteral("/usr/bin/agentmon"), &error);
    QVERIFY(QFile::remove(dir));
    QVERIFY(!written);
    QVERIFY2(error.contains(dir), qPrintable(error));
    QVERIFY(!Autostart::isEnabled());
}

QTEST_MAIN(TestAutostart)
#include "tst_autostart.moc"
