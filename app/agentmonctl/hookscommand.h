#pragma once

#include <QStringList>

namespace agentmon {

// For `agentmonctl hook ...`, before QCoreApplication exists: Qt's own messages (a locale warning, say) are
// dropped unless AGENTMON_HOOK_DEBUG is set, since a hook's output may be shown to the user or the model.
void quietUnlessHookDebug();

// agentmonctl hook session-start|session-end: what the installed Claude Code hooks run. Reads the hook's JSON
// on stdin, finds the claude process above the hook, and tells the running instance. Always exits 0 and
// prints nothing on stdout (Claude Code shows a SessionStart hook's stdout to the model); with
// AGENTMON_HOOK_DEBUG set it says on stderr, in one line, what it did or why not.
int runHook(const QStringList &arguments);

// agentmonctl hooks install|uninstall|status [--settings PATH] [--dry-run]
int runHooks(const QStringList &arguments);

} // namespace agentmon
