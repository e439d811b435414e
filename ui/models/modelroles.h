#pragma once

#include <QColor>
#include <QPalette>

namespace agentmon::roles {

// Item data roles beyond Qt's, shared by the models of the main window and the proxies and views on them.
enum : int {
    // The raw value a column sorts on: int pid, quint64 kB, double CPU % (to the 0.1 shown), qint64 ms,
    // QString for text columns. The proxies sort on it, never on the display text.
    Sort = Qt::UserRole + 1,
    // The row's identity: QVariant::fromValue(ProcessKey) in ProcessModel. Selections are restored by it.
    Key,
    // The full session id (not the short one shown); empty for processes outside any session.
    SessionId,
    // bool: the process is an agent process (ProcessRecord::isAgent()).
    IsAgent,
    // bool: the process has ended and the row stays only as a greyed tombstone for a few seconds.
    Tombstone,
    // bool (SessionModel): the session ended and some of its processes outlived the linger time.
    Leaked,
    // bool (SessionModel): the session's root is alive.
    Alive,
    // QString: every field a filter word may match (pid, comm, command, session id, class, status, reason),
    // lower case, one field per line, so that a word without whitespace never matches across two fields.
    SearchText,
};

} // namespace agentmon::roles

namespace agentmon::modelcolors {

// The palette is dark when its text is light: colours below then take their light variant, so that they read
// on both.
inline bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Text).lightness() > palette.color(QPalette::Base).lightness();
}

// Something that wants attention but is not yet wrong: orphans, stale processes, leaked sessions.
inline QColor warning(const QPalette &palette)
{
    return isDark(palette) ? QColor(0xff, 0xb3, 0x47) : QColor(0xa8, 0x55, 0x00);
}

// Something that went wrong: processes that cannot be killed.
inline QColor danger(const QPalette &palette)
{
    return isDark(palette) ? QColor(0xff, 0x7b, 0x72) : QColor(0xc0, 0x1c, 0x28);
}

// Zombies: dead already, waiting for a parent that does not reap them.
inline QColor zombie(const QPalette &palette)
{
    return isDark(palette) ? QColor(0xc8, 0xa2, 0xf0) : QColor(0x7a, 0x3e, 0xa8);
}

// Rows that stand for something gone: tombstones, sessions that ended with nothing left.
inline QColor gone(const QPalette &palette)
{
    return palette.color(QPalette::Disabled, QPalette::Text);
}

} // namespace agentmon::modelcolors
