// HookSettings: agentmon's hooks edited into Claude Code's settings.json as text, every other byte kept.
#include "hooksettings.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace agentmon;

namespace {

const QString Ctl = QStringLiteral("/usr/bin/agentmonctl");
const QString StartCommand = QStringLiteral("/usr/bin/agentmonctl hook session-start");
const QString EndCommand = QStringLiteral("/usr/bin/agentmonctl hook session-end");

QJsonObject parse(const QByteArray &text)
{
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError)
        qWarning() << "not JSON:" << error.errorString() << error.offset << text;
    return document.object();
}

// The commands of every hook of an event, in order, as Claude Code would read them.
QStringList commandsOf(const QByteArray &text, const QString &event)
{
    QStringList commands;
    const QJsonArray groups = parse(text).value(QLatin1String("hooks")).toObject().value(event).toArray();
    for (const QJsonValue &group : groups) {
        for (const QJsonValue &hook : group.toObject().value(QLatin1String("hooks")).toArray())
            commands << hook.toObject().value(QLatin1String("command")).toString();
    }
    return commands;
}

// If result is original with at most two runs of bytes inserted, those runs; otherwise nullopt. (An
// install inserts into the SessionStart and the SessionEnd arrays: two places at most, or one when
// both keys are new.)
std::optional<QList<QByteArray>> insertions(const QByteArray &original, const QByteArray &result)
{
    qsizetype prefix = 0;
    while (prefix < original.size() && prefix < result.size() && original[prefix] == result[prefix])
        ++prefix;
    qsizetype suffix = 0;
    while (suffix < original.size() - prefix && suffix < result.size() - prefix &&
           original[original.size() - 1 - suffix] == result[result.size() - 1 - suffix])
        ++suffix;
    const QByteArray kept = original.mid(prefix, original.size() - prefix - suffix);
    const QByteArray middle = result.mid(prefix, result.size() - prefix - suffix);
    if (kept.isEmpty())
        return QList<QByteArray>{middle};
    const qsizetype at = middle.indexOf(kept);
    if (at < 0)
        return std::nullopt;
    QList<QByteArray> runs;
    if (at > 0)
        runs << middle.left(at);
    if (at + kept.size() < middle.size())
        runs << middle.mid(at + kept.size());
    return runs;
}

const QByteArray Theirs = R"J({
  "model": "opus",
  "env": {
    "FOO": "bar"
  },
  "hooks": {
    "PreToolUse": [
      {
        "matcher": "Bash",
        "hooks": [
          {
            "type": "command",
            "command": "their-guard"
          }
        ]
      }
    ],
    "SessionStart": [
      {
        "matcher": "startup",
        "hooks": [
          {
            "type": "command",
            "command": "their-start"
          }
        ]
      }
    ],
    "SessionEnd": [
      {
        "hooks": [
          {
            "type": "command",
            "command": "their-end",
            "timeout": 5
          }
        ]
      }
    ]
  },
  "permissions": {
    "allow": [
      "Bash(ls:*)"
    ]
}
}
)J";

} // namespace

class tst_HookSettings : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void commands_data();
    void commands();
    void installIntoNothing();
    void installIntoEmptyObject();
    void installKeepsTheirHooks();
    void oddFormatting_data();
    void oddFormatting();
    void movedBinaryIsUpdated();
    void duplicatesAreDropped();
    void uninstallTakesOnlyOurHookFromASharedGroup();
    void uninstallWithoutOurHooksChangesNothing();
    void invalidJsonIsRefused_data();
    void invalidJsonIsRefused();
    void status();
    void unifiedDiff();
};

void tst_HookSettings::commands_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<bool>("start");
    QTest::addColumn<bool>("end");
    QTest::addColumn<QString>("program");

    QTest::newRow("plain") << StartCommand << true << false << Ctl;
    QTest::newRow("end") << EndCommand << false << true << Ctl;
    QTest::newRow("quoted path") << QStringLiteral("'/opt/my tools/agentmonctl' hook session-start") << true
                                 << false << QStringLiteral("/opt/my tools/agentmonctl");
    QTest::newRow("quote in path") << QStringLiteral("'/opt/it'\\''s/agentmonctl' hook session-end") << false
                                   << true << QStringLiteral("/opt/it's/agentmonctl");
    QTest::newRow("env before") << QStringLiteral("AGENTMON_HOOK_DEBUG=1 agentmonctl hook session-start")
                                << true << false << QStringLiteral("agentmonctl");
    QTest::newRow("extra spaces") << QStringLiteral("  agentmonctl   hook\tsession-start ") << true << false
                                  << QStringLiteral("agentmonctl");
    QTest::newRow("another tool") << QStringLiteral("othertool hook session-start") << false << false
                                  << QStringLiteral("othertool");
    QTest::newRow("more after it") << QStringLiteral("agentmonctl hook session-start; echo hi") << false
                                   << false << QStringLiteral("agentmonctl");
    QTest::newRow("register") << QStringLiteral("agentmonctl register --pid $PPID") << false << false
                              << QStringLiteral("agentmonctl");
}

void tst_HookSettings::commands()
{
    QFETCH(QString, command);
    QFETCH(bool, start);
    QFETCH(bool, end);
    QFETCH(QString, program);
    QCOMPARE(HookSettings::isAgentmonCommand(command, HookSettings::Event::SessionStart), start);
    QCOMPARE(HookSettings::isAgentmonCommand(command, HookSettings::Event::SessionEnd), end);
    QCOMPARE(HookSettings::programOf(command), program);

    // What install writes is recognised, and runs the binary it was given, spaces and quotes included.
    for (const QString &path :
         {Ctl, QStringLiteral("/opt/my tools/agentmonctl"), QStringLiteral("/home/o'neil/bin/agentmonctl")}) {
        const QString written = HookSettings::commandFor(path, HookSettings::Event::SessionStart);
        QVERIFY2(HookSettings::isAgentmonCommand(written, HookSettings::Event::SessionStart),
                 qPrintable(written));
        QCOMPARE(HookSettings::programOf(written), path);
    }
    QCOMPARE(HookSettings::commandFor(Ctl, HookSettings::Event::SessionEnd), EndCommand);
    QCOMPARE(HookSettings::shellQuote(QStringLiteral("/opt/my tools/agentmonctl")),
             QStringLiteral("'/opt/my tools/agentmonctl'"));
}

void tst_HookSettings::installIntoNothing()
{
    // No file yet: a whole new one, laid out as Claude Code itself writes settings (two spaces).
    const HookSettings::Edit edit = HookSettings::install(QByteArray(), Ctl);
    QVERIFY2(edit.ok, qPrintable(edit.error));
    QVERIFY(edit.changed);
    QCOMPARE(edit.changes[0], HookSettings::Change::Added);
    QCOMPARE(edit.changes[1], HookSettings::Change::Added);
    const QByteArray expected = R"({
  "hooks": {
    "SessionStart": [
      {
        "hooks": [
          {
            "type": "command",
            "command": "/usr/bin/agentmonctl hook session-start",
            "timeout": 10
          }
        ]
      }
    ],
    "SessionEnd": [
      {
        "hooks": [
          {
            "type": "command",
            "command": "/usr/bin/agentmonctl hook session-end",
            "timeout": 10
          }
        ]
      }
    ]
  }
}
)";
    QCOMPARE(edit.text, expected);
    // Blank is the same as nothing.
    QCOMPARE(HookSettings::install(" \n", Ctl).text, expected);
}

void tst_HookSettings::installIntoEmptyObject()
{
    for (const QByteArray &original : {QByteArray("{}"), QByteArray("{}\n")}) {
        const HookSettings::Edit edit = HookSettings::install(original, Ctl);
        QVERIFY2(edit.ok, qPrintable(edit.error));
        QCOMPARE(commandsOf(edit.text, QStringLiteral("SessionStart")), QStringList{StartCommand});
        QCOMPARE(commandsOf(edit.text, QStringLiteral("SessionEnd")), QStringList{EndCommand});
        const QJsonObject hook = parse(edit.text)
                                     .value(QLatin1String("hooks"))
                                     .toObject()
                                     .value(QLatin1String("SessionStart"))
                                     .toArray()
                                     .first()
                                     .toObject()
                                     .value(QLatin1String("hooks"))
                                     .toArray()
                                     .first()
                                     .toObject();
        QCOMPARE(hook.value(QLatin1String("type")).toString(), QStringLiteral("command"));
        QCOMPARE(hook.value(QLatin1String("timeout")).toInt(), HookSettings::TimeoutSeconds);
        // "{}" is one line: so is what is added to it.
        QVERIFY2(!edit.text.trimmed().contains('\n'), edit.text.constData());
        QCOMPARE(edit.text.endsWith('\n'), original.endsWith('\n'));
        // Uninstalled: back to an empty "hooks", which stays.
        const HookSettings::Edit removed = HookSettings::uninstall(edit.text);
        QVERIFY(removed.ok);
        QCOMPARE(parse(removed.text), QJsonObject({{QStringLiteral("hooks"), QJsonObject()}}));
    }
}

void tst_HookSettings::installKeepsTheirHooks()
{
    const HookSettings::Edit edit = HookSettings::install(Theirs, Ctl);
    QVERIFY2(edit.ok, qPrintable(edit.error));
    QVERIFY(edit.changed);
    // Their bytes are all still there, in order: the edit only inserted, in two places.
    const auto runs = insertions(Theirs, edit.text);
    QVERIFY2(runs, edit.text.constData());
    QCOMPARE(runs->size(), 2);
    QVERIFY2(runs->at(0).contains(StartCommand.toUtf8()) && !runs->at(0).contains("their"),
             runs->at(0).constData());
    QVERIFY2(runs->at(1).contains(EndCommand.toUtf8()) && !runs->at(1).contains("their"),
             runs->at(1).constData());
    // Claude Code sees both theirs and ours; nothing else changed.
    QCOMPARE(commandsOf(edit.text, QStringLiteral("SessionStart")),
             QStringList({QStringLiteral("their-start"), StartCommand}));
    QCOMPARE(commandsOf(edit.text, QStringLiteral("SessionEnd")),
             QStringList({QStringLiteral("their-end"), EndCommand}));
    QCOMPARE(commandsOf(edit.text, QStringLiteral("PreToolUse")), QStringList{QStringLiteral("their-guard")});
    QJsonObject withoutHooks = parse(edit.text);
    QJsonObject originalWithoutHooks = parse(Theirs);
    withoutHooks.remove(QLatin1String("hooks"));
    originalWithoutHooks.remove(QLatin1String("hooks"));
    QCOMPARE(withoutHooks, originalWithoutHooks);
    // In the file's layout: the new group is indented as their group is.
    QVERIFY2(
        edit.text.contains("      },\n      {\n        \"hooks\": [\n          {\n            \"type\": "
                           "\"command\",\n            \"command\": \"/usr/bin/agentmonctl hook "
                           "session-start\",\n            \"timeout\": 10\n          }\n        ]\n      "
                           "}\n    ],"),
        edit.text.constData());

    // Idempotent: a second install changes nothing, byte for byte.
    const HookSettings::Edit again = HookSettings::install(edit.text, Ctl);
    QVERIFY(again.ok);
    QVERIFY(!again.changed);
    QCOMPARE(again.text, edit.text);
    QCOMPARE(again.changes[0], HookSettings::Change::None);
    QCOMPARE(again.changes[1], HookSettings::Change::None);

    // Uninstall gives back the original bytes exactly.
    const HookSettings::Edit removed = HookSettings::uninstall(edit.text);
    QVERIFY(removed.ok);
    QVERIFY(removed.changed);
    QCOMPARE(removed.changes[0], HookSettings::Change::Removed);
    QCOMPARE(removed.changes[1], HookSettings::Change::Removed);
    QCOMPARE(removed.text, Theirs);
}

void tst_HookSettings::oddFormatting_data()
{
    QTest::addColumn<QByteArray>("original");
    QTest::addColumn<bool>("restored"); // uninstall after install gives back the very bytes

    QTest::newRow("tabs") << QByteArray(
                                 "{\n\t\"hooks\": {\n\t\t\"SessionStart\": [\n\t\t\t{\n\t\t\t\t\"hooks\": "
                                 "[{\"type\": \"command\", \"command\": \"their-start\"}]\n\t\t\t}\n\t\t]"
                                 "\n\t},\n\t\"model\": \"opus\"\n}\n")
                          << true;
    QTest::newRow("compact one line")
        << QByteArray(R"({"model":"opus","hooks":{"SessionStart":[{"hooks":[{"type":"command","command":)"
                      R"("their-start"}]}],"SessionEnd":[]}})")
        << false; // the SessionEnd array that agentmon filled goes when emptied again
    QTest::newRow("compact without hooks") << QByteArray(R"({"model": "opus", "verbose": true})") << false;
    QTest::newRow("byte order mark") << QByteArray(
                                            "\xef\xbb\xbf{\n  \"model\": \"opus\",\n  \"hooks\": {}\n}\n")
                                     << true;
    QTest::newRow("CRLF") << QByteArray(Theirs).replace("\n", "\r\n") << true;
    QTest::newRow("four spaces") << QByteArray("{\n    \"hooks\": {\n        \"PreToolUse\": []\n    }\n}")
                                 << true;
    QTest::newRow("unicode escapes") << QByteArray(
                                            "{\n  \"name\": \"caf\\u00e9 \\ud83d\\ude00 \\\"q\\\"\",\n  "
                                            "\"\\u0068ooks\": {\n    \"Session\\u0053tart\": [\n      "
                                            "{\"hooks\": [{\"type\": \"command\", \"command\": "
                                            "\"their-start \\u00e4\"}]}\n    ]\n  }\n}\n")
                                     << true;
    QTest::newRow("utf-8 and a hooks key inside strings")
        << QByteArray(
               "{\n  \"note\": \"\xc3\xa4 \\\"hooks\\\": {\\\"SessionStart\\\": []}\",\n  \"env\": {\n    "
               "\"X\": \"{\\\"hooks\\\": {}}\"\n  },\n  \"hooks\": {\n    \"SessionEnd\": [\n      {\n   "
               "     \"hooks\": [\n          {\n            \"type\": \"command\",\n            "
               "\"command\": \"their-end\"\n          }\n        ]\n      }\n    ]\n  }\n}\n")
        << true;
    QTest::newRow("no hooks, a hooks key only inside a string")
        << QByteArray("{\n  \"description\": \"set \\\"hooks\\\": {} here\",\n  \"hooks_note\": [1, 2.5e3, "
                      "null, false]\n}\n")
        << false; // the "hooks" object that install added stays, empty
    QTest::newRow("empty hooks object, spaces around colons")
        << QByteArray("{\n  \"hooks\" : { },\n  \"x\" : 1\n}\n") << false; // "{ }" comes back as "{}"
}

void tst_HookSettings::oddFormatting()
{
    QFETCH(QByteArray, original);
    QFETCH(bool, restored);
    const QJsonObject before = parse(original);
    QVERIFY(!before.isEmpty());
    const QStringList theirStart = commandsOf(original, QStringLiteral("SessionStart"));
    const QStringList theirEnd = commandsOf(original, QStringLiteral("SessionEnd"));

    const HookSettings::Edit edit = HookSettings::install(original, Ctl);
    QVERIFY2(edit.ok, qPrintable(edit.error));
    QVERIFY(edit.changed);
    const auto runs = insertions(original, edit.text);
    QVERIFY2(runs && !runs->isEmpty() && runs->size() <= 2, edit.text.constData());
    for (const QByteArray &run : *runs)
        QVERIFY2(run.contains("agentmonctl hook session-") && !run.contains("their"), run.constData());
    QCOMPARE(commandsOf(edit.text, QStringLiteral("SessionStart")), theirStart + QStringList{StartCommand});
    QCOMPARE(commandsOf(edit.text, QStringLiteral("SessionEnd")), theirEnd + QStringList{EndCommand});
    QJsonObject after = parse(edit.text);
    QJsonObject beforeWithoutHooks = before;
    after.remove(QLatin1String("hooks"));
    beforeWithoutHooks.remove(QLatin1String("hooks"));
    QCOMPARE(after, beforeWithoutHooks);

    // The layout of what was added follows the file's.
    const QByteArray added = runs->join();
    if (!original.contains('\n'))
        QVERIFY2(!edit.text.contains('\n'), edit.text.constData());
    if (original.contains("\r\n"))
        QCOMPARE(edit.text.count('\n'), edit.text.count("\r\n"));
    if (original.contains("\n\t"))
        QVERIFY2(added.contains("\n\t") && !added.contains("\n "), added.constData());
    if (original.contains("\n    \"") && !original.contains("\n  \""))
        QVERIFY2(!added.contains(QByteArray("\n") + QByteArray(2, ' ') + '"'), added.constData());

    const HookSettings::Edit again = HookSettings::install(edit.text, Ctl);
    QVERIFY(again.ok);
    QVERIFY(!again.changed);
    QCOMPARE(again.text, edit.text);

    const HookSettings::Edit removed = HookSettings::uninstall(edit.text);
    QVERIFY2(removed.ok, qPrintable(removed.error));
    QCOMPARE(commandsOf(removed.text, QStringLiteral("SessionStart")), theirStart);
    QCOMPARE(commandsOf(removed.text, QStringLiteral("SessionEnd")), theirEnd);
    if (restored)
        QCOMPARE(removed.text, original);
    // Whatever else: everything but "hooks" is as it was, and nothing of ours is left.
    QJsonObject afterRemoval = parse(removed.text);
    afterRemoval.remove(QLatin1String("hooks"));
    QCOMPARE(afterRemoval, beforeWithoutHooks);
    QVERIFY(!removed.text.contains("agentmonctl"));
}

void tst_HookSettings::movedBinaryIsUpdated()
{
    const HookSettings::Edit first = HookSettings::install(Theirs, QStringLiteral("/old/place/agentmonctl"));
    QVERIFY(first.ok);
    const QString moved = QStringLiteral("/opt/agent mon/agentmonctl");
    const HookSettings::Edit second = HookSettings::install(first.text, moved);
    QVERIFY2(second.ok, qPrintable(second.error));
    QVERIFY(second.changed);
    QCOMPARE(second.changes[0], HookSettings::Change::Updated);
    QCOMPARE(second.previous[0], QStringLiteral("/old/place/agentmonctl hook session-start"));
    // Updated in place, not added a second time.
    QCOMPARE(commandsOf(second.text, QStringLiteral("SessionStart")),
             QStringList({QStringLiteral("their-start"),
                          QStringLiteral("'/opt/agent mon/agentmonctl' hook session-start")}));
    QCOMPARE(commandsOf(second.text, QStringLiteral("SessionEnd")),
             QStringList({QStringLiteral("their-end"), QStringLiteral("'/opt/agent mon/agentmonctl' hook "
                                                                      "session-end")}));
    QCOMPARE(HookSettings::uninstall(second.text).text, Theirs);
}

void tst_HookSettings::duplicatesAreDropped()
{
    // Two copies of agentmon's SessionStart hook (say, from a hand edit): install keeps the first.
    const QByteArray twice = R"({"hooks": {"SessionStart": [
  {"hooks": [{"type": "command", "command": "/usr/bin/agentmonctl hook session-start"}]},
  {"matcher": "resume", "hooks": [{"type": "command", "command": "their-start"}]},
  {"hooks": [{"type": "command", "command": "/usr/local/bin/agentmonctl hook session-start"}]}
], "SessionEnd": [{"hooks": [
  {"type": "command", "command": "/usr/bin/agentmonctl hook session-end"},
  {"type": "command", "command": "/usr/bin/agentmonctl hook session-end"}
]}]}}
)";
    const HookSettings::Edit edit = HookSettings::install(twice, Ctl);
    QVERIFY2(edit.ok, qPrintable(edit.error));
    QCOMPARE(edit.changes[0], HookSettings::Change::Updated);
    QCOMPARE(edit.changes[1], HookSettings::Change::Updated);
    QCOMPARE(commandsOf(edit.text, QStringLiteral("SessionStart")),
             QStringList({StartCommand, QStringLiteral("their-start")}));
    QCOMPARE(commandsOf(edit.text, QStringLiteral("SessionEnd")), QStringList{EndCommand});
    QCOMPARE(HookSettings::status(edit.text).commands[0], QStringList{StartCommand});
}

void tst_HookSettings::uninstallTakesOnlyOurHookFromASharedGroup()
{
    // Someone moved agentmon's hook into their own group: uninstall takes our hook object out of it and
    // leaves the group, its matcher and their hook.
    const QByteArray shared = R"({
  "hooks": {
    "SessionEnd": [
      {
        "matcher": "",
        "hooks": [
          {
            "type": "command",
            "command": "/usr/bin/agentmonctl hook session-end"
          },
          {
            "type": "command",
            "command": "their-end"
          }
        ]
      }
    ]
  }
}
)";
    const QByteArray expected = R"({
  "hooks": {
    "SessionEnd": [
      {
        "matcher": "",
        "hooks": [
          {
            "type": "command",
            "command": "their-end"
          }
        ]
      }
    ]
  }
}
)";
    const HookSettings::Edit removed = HookSettings::uninstall(shared);
    QVERIFY2(removed.ok, qPrintable(removed.error));
    QCOMPARE(removed.changes[0], HookSettings::Change::None);
    QCOMPARE(removed.changes[1], HookSettings::Change::Removed);
    QCOMPARE(removed.text, expected);
}

void tst_HookSettings::uninstallWithoutOurHooksChangesNothing()
{
    for (const QByteArray &text :
         {Theirs, QByteArray(), QByteArray("{}"), QByteArray(R"({"hooks": {"SessionStart": []}})")}) {
        const HookSettings::Edit edit = HookSettings::uninstall(text);
        QVERIFY2(edit.ok, qPrintable(edit.error));
        QVERIFY(!edit.changed);
        QCOMPARE(edit.text, text);
        QCOMPARE(edit.changes[0], HookSettings::Change::None);
    }
}

void tst_HookSettings::invalidJsonIsRefused_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("error");

    QTest::newRow("trailing comma") << QByteArray("{\n  \"a\": 1,\n}\n")
                                    << QStringLiteral("at line 3, column");
    QTest::newRow("truncated") << QByteArray("{\"hooks\": {\"SessionStart\": [")
                               << QStringLiteral("not valid JSON");
    QTest::newRow("comment") << QByteArray("{\n  // mine\n  \"a\": 1\n}") << QStringLiteral("line 2");
    QTest::newRow("garbage after") << QByteArray("{} {}") << QStringLiteral("not valid JSON");
    QTest::newRow("top level array") << QByteArray("[]") << QStringLiteral("top level is not an object");
    QTest::newRow("hooks is an array") << QByteArray("{\n  \"hooks\": []\n}")
                                       << QStringLiteral("\"hooks\" is not an object (line 2, column 12)");
    QTest::newRow("hooks is a string")
        << QByteArray(R"({"hooks": "none"})") << QStringLiteral("\"hooks\" is not an object");
    QTest::newRow("event is an object") << QByteArray(R"({"hooks": {"SessionEnd": {}}})")
                                        << QStringLiteral("\"hooks\".\"SessionEnd\" is not an array");
}

void tst_HookSettings::invalidJsonIsRefused()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, error);
    const HookSettings::Edit install = HookSettings::install(text, Ctl);
    QVERIFY(!install.ok);
    QVERIFY(!install.changed);
    QVERIFY2(install.error.contains(error), qPrintable(install.error));
    const HookSettings::Edit uninstall = HookSettings::uninstall(text);
    QVERIFY(!uninstall.ok);
    QVERIFY2(uninstall.error.contains(error), qPrintable(uninstall.error));
    const HookSettings::Status status = HookSettings::status(text);
    QVERIFY(!status.ok);
    QVERIFY2(status.error.contains(error), qPrintable(status.error));
}

void tst_HookSettings::status()
{
    HookSettings::Status status = HookSettings::status(Theirs);
    QVERIFY(status.ok);
    QVERIFY(status.commands[0].isEmpty());
    QVERIFY(status.commands[1].isEmpty());
    const QByteArray installed = HookSettings::install(Theirs, Ctl).text;
    status = HookSettings::status(installed);
    QVERIFY(status.ok);
    QCOMPARE(status.commands[0], QStringList{StartCommand});
    QCOMPARE(status.commands[1], QStringList{EndCommand});
    // A hook of ours under the other event is not counted as installed there.
    status = HookSettings::status(
        R"({"hooks": {"SessionStart": [{"hooks": [{"type": "command", "command": "agentmonctl hook session-end"}]}]}})");
    QVERIFY(status.ok);
    QVERIFY(status.commands[0].isEmpty());
    QVERIFY(status.commands[1].isEmpty());
    status = HookSettings::status(QByteArray());
    QVERIFY(status.ok);
    QVERIFY(status.commands[0].isEmpty());
}

void tst_HookSettings::unifiedDiff()
{
    QCOMPARE(HookSettings::unifiedDiff(Theirs, Theirs, "a", "b"), QByteArray());
    const QByteArray before = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
    const QByteArray after = "1\n2\n3\n4\n5\nfive and a half\n6\n7\n8\n9\n";
    QCOMPARE(HookSettings::unifiedDiff(before, after, "a/s.json", "b/s.json"),
             QByteArray(
                 "--- a/s.json\n+++ b/s.json\n@@ -3,6 +3,7 @@\n 3\n 4\n 5\n+five and a half\n 6\n 7\n 8\n"));
    // A new file, and a last line without a line end.
    QCOMPARE(HookSettings::unifiedDiff(QByteArray(), "{}", "/dev/null", "s.json"),
             QByteArray("--- /dev/null\n+++ s.json\n@@ -0,0 +1,1 @@\n+{}\n\\ No newline at end of file\n"));
    QCOMPARE(HookSettings::unifiedDiff("{}", "{\"hooks\": {}}", "a", "b"),
             QByteArray("--- a\n+++ b\n@@ -1,1 +1,1 @@\n-{}\n\\ No newline at end of file\n+{\"hooks\": "
                        "{}}\n\\ No newline at end of file\n"));
}

QTEST_APPLESS_MAIN(tst_HookSettings)
#include "tst_hooksettings.moc"
