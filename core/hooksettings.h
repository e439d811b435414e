#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <array>

namespace agentmon {

// agentmon's hooks in Claude Code's settings.json ({"hooks": {"SessionStart": [{"matcher"?, "hooks":
// [{"type": "command", "command", "timeout"?}]}], "SessionEnd": [...]}}).
//
// The file belongs to the user and to Claude Code, so it is edited as text: the JSON is parsed only to
// validate it and to find the byte spans of the values agentmon touches, and every byte outside what is
// inserted or removed stays as it was (other hooks, other keys, key order, indentation, line ends, escapes).
// New values follow the file's style (indent unit, line ends, one-line or indented). Installing twice changes
// nothing the second time; uninstalling after installing gives back the original bytes, except that a
// "hooks" object that install had to add stays (empty).
//
// agentmon's entries are recognised by their command: it contains "agentmonctl" and ends with
// " hook session-start" (SessionStart) or " hook session-end" (SessionEnd), whatever the binary's path.
class HookSettings {
public:
    enum class Event { SessionStart, SessionEnd };
    static constexpr std::array<Event, 2> Events{Event::SessionStart, Event::SessionEnd};

    enum class Change {
        None,    // already as wanted (install) or not there (uninstall)
        Added,   // install added agentmon's hook
        Updated, // install rewrote agentmon's hook (another binary) or dropped duplicates of it
        Removed, // uninstall removed agentmon's hook
    };

    struct Edit {
        bool ok = false;
        QString error;   // when !ok: what is wrong with the file, with where (line, column, offset)
        QByteArray text; // the new text; the input itself when nothing changed
        bool changed = false;
        std::array<Change, 2> changes{Change::None, Change::None}; // per Events
        std::array<QString, 2> previous; // Updated: the command that was there before
    };

    struct Status {
        bool ok = false;
        QString error;
        std::array<QStringList, 2> commands; // agentmon's hook commands found, per Events
    };

    // "SessionStart", "SessionEnd": the settings.json key.
    static QString eventKey(Event event);
    // "session-start", "session-end": the argument of `agentmonctl hook`.
    static QString eventArgument(Event event);

    // The command an installed hook runs: agentmonctl (quoted for sh when it needs to be), "hook" and the
    // event's argument.
    static QString commandFor(const QString &agentmonctl, Event event);
    static bool isAgentmonCommand(const QString &command, Event event);
    // The program a hook command runs: the word before "hook <event>" with sh quoting removed.
    static QString programOf(const QString &command);
    // Quotes text as one sh word ('...'), or leaves it as it is when it needs no quoting.
    static QString shellQuote(const QString &text);

    // Adds agentmon's SessionStart and SessionEnd hooks running agentmonctl. Empty (or blank) text is a file
    // that does not exist yet: the result is a whole new file. Refuses text that is not valid JSON, whose
    // top level is not an object, whose "hooks" is not an object, or whose "SessionStart" / "SessionEnd" is
    // not an array.
    static Edit install(const QByteArray &text, const QString &agentmonctl);
    // Removes agentmon's hooks only: a matcher group holding nothing but agentmon's hook goes as a whole,
    // from a group shared with other hooks only agentmon's hook object goes; an event key whose array this
    // emptied goes too. "hooks" itself stays.
    static Edit uninstall(const QByteArray &text);
    static Status status(const QByteArray &text);

    // A unified diff (one hunk) of two texts, for --dry-run. Empty when they are equal.
    static QByteArray unifiedDiff(const QByteArray &before, const QByteArray &after, const QString &fromLabel,
                                  const QString &toLabel, int context = 3);

    // The timeout (seconds) written into agentmon's hook entries.
    static constexpr int TimeoutSeconds = 10;
};

} // namespace agentmon
