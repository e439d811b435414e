#include "commandline.h"

namespace agentmon {

namespace {

enum class Kind { Plain, Node, Python, Launcher, PackageManager, Runner };

Kind interpreterKind(const QString &base)
{
    static const QStringList node = {QStringLiteral("node"), QStringLiteral("nodejs"),
                                     QStringLiteral("bun"),  QStringLiteral("deno"),
                                     QStringLiteral("tsx"),  QStringLiteral("ts-node")};
    static const QStringList launchers = {QStringLiteral("npx"), QStringLiteral("bunx"),
                                          QStringLiteral("pnpx"), QStringLiteral("uvx")};
    static const QStringList packageManagers = {QStringLiteral("npm"), QStringLiteral("pnpm"),
                                                QStringLiteral("yarn")};
    if (node.contains(base))
        return Kind::Node;
    if (base.startsWith(QLatin1String("python")) || base.startsWith(QLatin1String("pypy")))
        return Kind::Python;
    if (launchers.contains(base))
        return Kind::Launcher;
    if (packageManagers.contains(base))
        return Kind::PackageManager;
    if (base == QLatin1String("uv"))
        return Kind::Runner;
    return Kind::Plain;
}

// Options of interpreters and launchers that take the next token as their value.
bool takesValue(Kind kind, const QString &option)
{
    static const QStringList nodeOpts = {QStringLiteral("-r"),
                                         QStringLiteral("--require"),
                                         QStringLiteral("--import"),
                                         QStringLiteral("--loader"),
                                         QStringLiteral("--experimental-loader"),
                                         QStringLiteral("-C"),
                                         QStringLiteral("--conditions"),
                                         QStringLiteral("--title")};
    static const QStringList pythonOpts = {QStringLiteral("-X"), QStringLiteral("-W"), QStringLiteral("-Q")};
    static const QStringList launcherOpts = {QStringLiteral("-p"),       QStringLiteral("--package"),
                                             QStringLiteral("--from"),   QStringLiteral("--with"),
                                             QStringLiteral("--python"), QStringLiteral("-c"),
                                             QStringLiteral("--call")};
    switch (kind) {
    case Kind::Node:
        return nodeOpts.contains(option);
    case Kind::Python:
        return pythonOpts.contains(option);
    case Kind::Launcher:
    case Kind::PackageManager:
    case Kind::Runner:
        return launcherOpts.contains(option);
    case Kind::Plain:
        break;
    }
    return false;
}

// "@scope/name@1.2.3" -> "@scope/name", "mcp-remote@latest" -> "mcp-remote".
QString stripVersion(const QString &spec)
{
    const qsizetype at = spec.lastIndexOf(QLatin1Char('@'));
    if (at > 0)
        return spec.left(at);
    return spec;
}

ProgramName plain(const QStringList &argv, int index, const QString &interpreter = {})
{
    ProgramName name;
    name.index = index;
    name.path = argv.value(index);
    name.base = baseName(name.path);
    name.interpreter = interpreter;
    return name;
}

} // namespace

QString baseName(const QString &path)
{
    qsizetype end = path.size();
    while (end > 1 && path.at(end - 1) == QLatin1Char('/'))
        --end;
    const qsizetype slash = path.lastIndexOf(QLatin1Char('/'), end - 1);
    return path.mid(slash + 1, end - slash - 1);
}

ProgramName resolveProgram(const QStringList &argv)
{
    if (argv.isEmpty())
        return {};
    const QString interpreter = baseName(argv.first());
    const Kind kind = interpreterKind(interpreter);
    if (kind == Kind::Plain)
        return plain(argv, 0);

    int i = 1;
    // "npm exec x", "pnpm dlx x", "yarn dlx x", "uv run x", "uv tool run x", "bun run x", "deno run x"
    auto skipWord = [&](QLatin1String word) {
        if (i < argv.size() && argv.at(i) == word) {
            ++i;
            return true;
        }
        return false;
    };
    if (kind == Kind::PackageManager) {
        if (!(skipWord(QLatin1String("exec")) || skipWord(QLatin1String("dlx")) ||
              skipWord(QLatin1String("x"))))
            return plain(argv, 0);
    } else if (kind == Kind::Runner) {
        skipWord(QLatin1String("tool"));
        if (!skipWord(QLatin1String("run")))
            return plain(argv, 0);
    } else if (kind == Kind::Node) {
        skipWord(QLatin1String("run"));
    }
    for (; i < argv.size(); ++i) {
        const QString &token = argv.at(i);
        if (token == QLatin1String("--")) {
            ++i;
            break;
        }
        if (!token.startsWith(QLatin1Char('-')) || token.size() == 1)
            break;
        if (kind == Kind::Python && token == QLatin1String("-m") && i + 1 < argv.size()) {
            ProgramName name = plain(argv, i + 1, interpreter);
            return name;
        }
        // -c / -e / -p (python -c, node -e / -p): the code is inline, the interpreter is the program.
        if ((kind == Kind::Python && token == QLatin1String("-c")) ||
            (kind == Kind::Node && (token == QLatin1String("-e") || token == QLatin1String("--eval") ||
                                    token == QLatin1String("-p") || token == QLatin1String("--print"))))
            return plain(argv, 0);
        if (takesValue(kind, token))
            ++i;
    }
    if (i >= argv.size())
        return plain(argv, 0);
    ProgramName name = plain(argv, i, interpreter);
    if (kind == Kind::Launcher || kind == Kind::PackageManager || kind == Kind::Runner) {
        name.path = stripVersion(name.path);
        name.base = baseName(name.path);
    }
    return name;
}

bool globMatch(QStringView pattern, QStringView text)
{
    qsizetype p = 0;
    qsizetype t = 0;
    qsizetype starP = -1;
    qsizetype starT = 0;
    while (t < text.size()) {
        if (p < pattern.size() && (pattern[p] == QLatin1Char('?') || pattern[p] == text[t])) {
            ++p;
            ++t;
        } else if (p < pattern.size() && pattern[p] == QLatin1Char('*')) {
            starP = p++;
            starT = t;
        } else if (starP >= 0) {
            p = starP + 1;
            t = ++starT;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == QLatin1Char('*'))
        ++p;
    return p == pattern.size();
}

QString optionValue(const QStringList &argv, QStringView name, int from)
{
    for (int i = qMax(from, 0); i < argv.size(); ++i) {
        const QString &token = argv.at(i);
        if (token == name)
            return argv.value(i + 1);
        if (token.size() > name.size() && token.startsWith(name) && token.at(name.size()) == QLatin1Char('='))
            return token.mid(name.size() + 1);
    }
    return {};
}

} // namespace agentmon
