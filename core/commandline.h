#pragma once

#include <QString>
#include <QStringList>

namespace agentmon {

// The program a command line really runs. For `node /x/cli.js`, `python3 -m chroma_mcp`, `npx -y mcp-remote
// URL` or `npm exec @modelcontextprotocol/server-x` that is the script, module or package, not the
// interpreter; for anything else it is argv[0]. Rules match its base name and path, never substrings of the
// whole line.
struct ProgramName {
    QString path;  // argv token as written, package version suffix removed ("@scope/pkg@1.2" -> "@scope/pkg")
    QString base;  // last path component of path
    int index = 0; // argv index of the token; the program's own arguments follow it
    QString interpreter; // base name of the interpreter or launcher, empty when argv[0] is the program
};

ProgramName resolveProgram(const QStringList &argv);

// Last path component of a token ("/usr/bin/claude" -> "claude").
QString baseName(const QString &path);

// Shell-style wildcard match of a whole string: '*' matches any run (slashes included), '?' one character.
bool globMatch(QStringView pattern, QStringView text);

// The value of an option in argv (after index from): "--name value" or "--name=value". Empty when absent.
QString optionValue(const QStringList &argv, QStringView name, int from = 1);

} // namespace agentmon
