#include "commandline.h"

#include <QTest>

using namespace agentmon;

class tst_CommandLine : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void program_data();
    void program();
    void glob_data();
    void glob();
    void option();
};

void tst_CommandLine::program_data()
{
    QTest::addColumn<QStringList>("argv");
    QTest::addColumn<QString>("base");
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("index");

    QTest::newRow("plain binary") << QStringList{"/usr/bin/claude"} << "claude"
                                  << "/usr/bin/claude" << 0;
    QTest::newRow("bare name") << QStringList{"claude", "--resume", "x"} << "claude"
                               << "claude" << 0;
    QTest::newRow("node script") << QStringList{"node",
                                                "/usr/lib/node_modules/@anthropic-ai/claude-code/cli.js",
                                                "-p"}
                                 << "cli.js"
                                 << "/usr/lib/node_modules/@anthropic-ai/claude-code/cli.js" << 1;
    QTest::newRow("node with options")
        << QStringList{"node",          "--max-old-space-size=4096", "-r",
                       "dotenv/config", "/srv/worker-service.cjs",   "--daemon"}
        << "worker-service.cjs"
        << "/srv/worker-service.cjs" << 4;
    QTest::newRow("node eval is node itself") << QStringList{"node", "-e", "require('x')"} << "node"
                                              << "node" << 0;
    QTest::newRow("python module") << QStringList{"/usr/bin/python3", "-u", "-m", "chroma_mcp",
                                                  "--client-type"}
                                   << "chroma_mcp"
                                   << "chroma_mcp" << 3;
    QTest::newRow("python script") << QStringList{"python3.11", "/home/u/.local/bin/aider", "--model", "x"}
                                   << "aider"
                                   << "/home/u/.local/bin/aider" << 1;
    QTest::newRow("python -c") << QStringList{"python3", "-c", "import mcp"} << "python3"
                               << "python3" << 0;
    QTest::newRow("npx with version")
        << QStringList{"npx", "-y", "mcp-remote@latest", "https://x"} << "mcp-remote"
        << "mcp-remote" << 2;
    QTest::newRow("npm exec scoped") << QStringList{"npm", "exec",
                                                    "@modelcontextprotocol/server-filesystem@1.2.0", "/tmp"}
                                     << "server-filesystem"
                                     << "@modelcontextprotocol/server-filesystem" << 2;
    QTest::newRow("npm install is npm") << QStringList{"npm", "install"} << "npm"
                                        << "npm" << 0;
    QTest::newRow("uvx") << QStringList{"uvx", "--from", "chroma-mcp==1.0", "chroma-mcp"} << "chroma-mcp"
                         << "chroma-mcp" << 3;
    QTest::newRow("uv tool run") << QStringList{"uv", "tool", "run", "mcp-server-git"} << "mcp-server-git"
                                 << "mcp-server-git" << 3;
    QTest::newRow("bun run") << QStringList{"bun", "run", "/x/worker-service.cjs", "--daemon"}
                             << "worker-service.cjs"
                             << "/x/worker-service.cjs" << 2;
    QTest::newRow("interpreter alone") << QStringList{"node"} << "node"
                                       << "node" << 0;
    QTest::newRow("trailing slash") << QStringList{"/opt/tool/"} << "tool"
                                    << "/opt/tool/" << 0;
}

void tst_CommandLine::program()
{
    QFETCH(QStringList, argv);
    QFETCH(QString, base);
    QFETCH(QString, path);
    QFETCH(int, index);
    const ProgramName name = resolveProgram(argv);
    QCOMPARE(name.base, base);
    QCOMPARE(name.path, path);
    QCOMPARE(name.index, index);
}

void tst_CommandLine::glob_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("matches");
    QTest::newRow("exact") << "claude"
                           << "claude" << true;
    QTest::newRow("exact is whole") << "claude"
                                    << "claude-foo" << false;
    QTest::newRow("no prefix") << "claude"
                               << "myclaude" << false;
    QTest::newRow("suffix star") << "*-mcp"
                                 << "postgres-mcp" << true;
    QTest::newRow("suffix star needs dash") << "*-mcp"
                                            << "mcp" << false;
    QTest::newRow("star crosses slashes") << "*/@modelcontextprotocol/*"
                                          << "/a/b/@modelcontextprotocol/x/y.js" << true;
    QTest::newRow("question mark") << "py?"
                                   << "py3" << true;
    QTest::newRow("backtracking") << "a*b*c"
                                  << "aXbYbZc" << true;
    QTest::newRow("backtracking fails") << "a*b*c"
                                        << "aXbYbZ" << false;
    QTest::newRow("empty pattern") << ""
                                   << "" << true;
    QTest::newRow("star matches empty") << "*"
                                        << "" << true;
}

void tst_CommandLine::glob()
{
    QFETCH(QString, pattern);
    QFETCH(QString, text);
    QFETCH(bool, matches);
    QCOMPARE(globMatch(pattern, text), matches);
}

void tst_CommandLine::option()
{
    const QStringList argv{"claude", "--resume", "abc", "--session-id=def", "--x"};
    QCOMPARE(optionValue(argv, u"--resume"), QStringLiteral("abc"));
    QCOMPARE(optionValue(argv, u"--session-id"), QStringLiteral("def"));
    QCOMPARE(optionValue(argv, u"--x"), QString());
    QCOMPARE(optionValue(argv, u"--missing"), QString());
    QCOMPARE(baseName(QStringLiteral("/usr/bin/claude")), QStringLiteral("claude"));
}

QTEST_GUILESS_MAIN(tst_CommandLine)
#include "tst_commandline.moc"
