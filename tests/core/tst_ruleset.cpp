#include "ruleset.h"
#include "testprinters.h"

#include <QTemporaryDir>
#include <QTest>

using namespace agentmon;

namespace {
const QString snapshotShell =
    QStringLiteral("source /home/u/.claude/shell-snapshots/snapshot-bash-1763790000000-x1y2z3.sh && eval "
                   "'npm test' \\< /dev/null "
                   "&& pwd -P >| /tmp/claude-4f2a-cwd");
}

class tst_RuleSet : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void builtInsAreValid();
    void classify_data();
    void classify();
    void userProtectBeatsBuiltIn();
    void userCleanupAddsAgents();
    void userFileMissingIsFine();
    void userFileNotJson();
    void userFileBadEntries_data();
    void userFileBadEntries();
};

void tst_RuleSet::builtInsAreValid()
{
    const RuleSet rules;
    QVERIFY2(rules.errors().isEmpty(), qPrintable(rules.errors().join(QLatin1Char('\n'))));
    QVERIFY(rules.builtInRules().size() >= 15);
}

void tst_RuleSet::classify_data()
{
    QTest::addColumn<QStringList>("argv");
    QTest::addColumn<bool>("tty");
    QTest::addColumn<QString>("cls");
    QTest::addColumn<QString>("rule");

    const QString cliJs = QStringLiteral("/usr/lib/node_modules/@anthropic-ai/claude-code/cli.js");
    // Claude Code as observed on Linux.
    QTest::newRow("claude in a terminal") << QStringList{"claude"} << true << "session"
                                          << "claude-interactive";
    QTest::newRow("claude resumed in a terminal")
        << QStringList{"claude", "--resume", "6f1c"} << true << "session"
        << "claude-interactive";
    QTest::newRow("older claude through node") << QStringList{"node", cliJs} << true << "session"
                                               << "claude-interactive";
    QTest::newRow("claude sdk stream-json") << QStringList{"claude",    "--output-format", "stream-json",
                                                           "--verbose", "--input-format",  "stream-json"}
                                            << false << "agent"
                                            << "claude-sdk";
    QTest::newRow("claude sdk with =")
        << QStringList{"/usr/bin/claude", "--output-format=stream-json"} << false << "agent"
        << "claude-sdk";
    QTest::newRow("claude sdk input only")
        << QStringList{"claude", "--input-format", "stream-json", "-p"} << false << "agent"
        << "claude-sdk";
    QTest::newRow("claude sdk through node")
        << QStringList{"node", cliJs, "--output-format", "stream-json"} << false << "agent"
        << "claude-sdk";
    QTest::newRow("claude -p in a terminal") << QStringList{"claude", "-p", "summarise"} << true << "agent"
                                             << "claude-print";
    QTest::newRow("claude without terminal") << QStringList{"claude", "--continue"} << false << "agent"
                                             << "claude-headless";
    // Near misses: none of these is an agent.
    QTest::newRow("claude-foo") << QStringList{"claude-foo"} << true << "none"
                                << "";
    QTest::newRow("myclaude") << QStringList{"/usr/local/bin/myclaude", "--output-format", "stream-json"}
                              << false << "none"
                              << "";
    QTest::newRow("path containing claude")
        << QStringList{"/home/u/claude/bin/python3", "/home/u/claude/app.py"} << true << "none"
        << "";
    QTest::newRow("editor on a claude file")
        << QStringList{"vim", "/home/u/.claude/CLAUDE.md"} << true << "none"
        << "";
    QTest::newRow("claude-code directory tool")
        << QStringList{"/opt/claude-code/bin/helper", "--output-format", "stream-json"} << false << "none"
        << "";
    QTest::newRow("settings JSON mentioning stream-json")
        << QStringList{"claude", "--settings", "{\"outputFormat\":\"--output-format stream-json\"}"} << true
        << "session"
        << "claude-interactive";
    QTest::newRow("grep for stream-json")
        << QStringList{"grep", "-r", "--output-format", "stream-json"} << false << "none"
        << "";
    QTest::newRow("rg run from claude's own executable")
        << QStringList{"rg", "--files", "--hidden", "/home/u/project"} << false << "none"
        << "";
    QTest::newRow("empty argv (kernel thread)") << QStringList{} << false << "none"
                                                << "";
    // Other agents.
    QTest::newRow("codex in a terminal") << QStringList{"codex"} << true << "session"
                                         << "codex-interactive";
    QTest::newRow("codex exec") << QStringList{"codex", "exec", "fix the build"} << false << "agent"
                                << "codex-exec";
    QTest::newRow("codex through node")
        << QStringList{"node", "/usr/lib/node_modules/@openai/codex/bin/codex.js"} << true << "session"
        << "codex-interactive";
    QTest::newRow("codex prompt mentioning exec")
        << QStringList{"codex", "please exec the plan"} << true << "session"
        << "codex-interactive";
    QTest::newRow("gemini through node")
        << QStringList{"node", "/usr/lib/node_modules/@google/gemini-cli/dist/index.js"} << true << "session"
        << "gemini-interactive";
    QTest::newRow("gemini headless") << QStringList{"gemini", "-p", "x"} << false << "agent"
                                     << "gemini-headless";
    QTest::newRow("opencode") << QStringList{"/home/u/.opencode/bin/opencode"} << true << "session"
                              << "opencode-interactive";
    QTest::newRow("cursor-agent headless") << QStringList{"cursor-agent", "-p", "x"} << false << "agent"
                                           << "cursor-agent-headless";
    QTest::newRow("aider through python")
        << QStringList{"/usr/bin/python3", "/home/u/.local/bin/aider"} << true << "session"
        << "aider-interactive";
    // MCP servers.
    QTest::newRow("mcp-remote through npx cache")
        << QStringList{"node", "/home/u/.npm/_npx/9a8b/node_modules/.bin/mcp-remote",
                       "https://mcp.example/sse"}
        << false << "mcp"
        << "mcp-server";
    QTest::newRow("npx mcp-remote") << QStringList{"npx", "-y", "mcp-remote@0.1.2", "https://x"} << false
                                    << "mcp"
                                    << "mcp-server";
    QTest::newRow("npm exec modelcontextprotocol")
        << QStringList{"npm", "exec", "@modelcontextprotocol/server-filesystem", "/tmp"} << false << "mcp"
        << "mcp-server";
    QTest::newRow("modelcontextprotocol dist")
        << QStringList{"node", "/x/node_modules/@modelcontextprotocol/server-memory/dist/index.js"} << false
        << "mcp"
        << "mcp-server";
    QTest::newRow("chroma-mcp through uvx")
        << QStringList{"uvx", "chroma-mcp", "--client-type", "persistent"} << false << "mcp"
        << "mcp-server";
    QTest::newRow("chroma_mcp module") << QStringList{"python3", "-m", "chroma_mcp"} << false << "mcp"
                                       << "mcp-server";
    QTest::newRow("any -mcp binary") << QStringList{"/usr/local/bin/postgres-mcp", "--dsn", "x"} << false
                                     << "mcp"
                                     << "mcp-server";
    QTest::newRow("mcp alone") << QStringList{"mcp"} << false << "none"
                               << "";
    QTest::newRow("project folder named mcp")
        << QStringList{"node", "/home/u/mcp-notes/index.js"} << false << "none"
        << "";
    QTest::newRow("grep for modelcontextprotocol")
        << QStringList{"grep", "-r", "@modelcontextprotocol/sdk", "."} << false << "none"
        << "";
    // Bash-tool shells.
    QTest::newRow("bash tool shell") << QStringList{"/bin/bash", "-c", snapshotShell} << false << "tool"
                                     << "claude-bash-tool";
    QTest::newRow("zsh tool shell") << QStringList{"/usr/bin/zsh", "-c", snapshotShell} << false << "tool"
                                    << "claude-bash-tool";
    QTest::newRow("echo of a snapshot path")
        << QStringList{"bash", "-c", "echo source /home/u/.claude/shell-snapshots/snapshot-bash-1.sh"}
        << false << "none"
        << "";
    QTest::newRow("snapshot run as a script")
        << QStringList{"bash", "/home/u/.claude/shell-snapshots/snapshot-bash-1.sh"} << false << "none"
        << "";
    // Daemons.
    QTest::newRow("claude-mem worker daemon")
        << QStringList{"bun", "/home/u/.claude/plugins/marketplaces/thedotmack/worker-service.cjs",
                       "--daemon"}
        << false << "daemon"
        << "claude-mem-worker";
    QTest::newRow("worker without --daemon")
        << QStringList{"node", "/srv/worker-service.cjs"} << false << "none"
        << "";
}

void tst_RuleSet::classify()
{
    QFETCH(QStringList, argv);
    QFETCH(bool, tty);
    QFETCH(QString, cls);
    QFETCH(QString, rule);
    const RuleSet rules;
    const Classification result = rules.classify(argv, tty);
    QCOMPARE(className(result.cls), cls);
    QCOMPARE(result.rule, rule);
    QVERIFY(!result.isProtected());
}

void tst_RuleSet::userProtectBeatsBuiltIn()
{
    RuleSet rules;
    QVERIFY(rules.loadUserJson(R"({"rules": [
        {"name": "keep-db", "action": "protect", "program": "postgres-mcp"},
        {"name": "clean-db", "action": "cleanup", "class": "mcp", "program": ["postgres-mcp"]}
    ]})",
                               QStringLiteral("rules.json")));
    const Classification result = rules.classify({"/usr/local/bin/postgres-mcp"}, false);
    QCOMPARE(result.cls, ProcessClass::Mcp);
    QCOMPARE(result.protectedBy, QStringLiteral("keep-db"));
    QVERIFY(result.isProtected());
    // Other processes are untouched by the protect rule.
    QVERIFY(!rules.classify({"/usr/local/bin/redis-mcp"}, false).isProtected());
}

void tst_RuleSet::userCleanupAddsAgents()
{
    RuleSet rules;
    QVERIFY(rules.loadUserJson(R"({"rules": [
        {"name": "my-agent", "action": "cleanup", "program": "my-agent", "args": ["--worker"]},
        {"name": "python-tool", "action": "cleanup", "class": "tool", "path": "*/agents/tool.py"}
    ]})",
                               QStringLiteral("rules.json")));
    Classification result = rules.classify({"/opt/bin/my-agent", "--worker", "3"}, false);
    QCOMPARE(result.cls, ProcessClass::Agent);
    QCOMPARE(result.rule, QStringLiteral("my-agent"));
    QVERIFY(result.userRule);
    QCOMPARE(rules.classify({"/opt/bin/my-agent"}, false).cls, ProcessClass::None); // --worker required
    result = rules.classify({"python3", "/home/u/agents/tool.py"}, false);
    QCOMPARE(result.cls, ProcessClass::Tool);
    // Built-ins still apply.
    QCOMPARE(rules.classify({"claude"}, true).cls, ProcessClass::Session);
}

void tst_RuleSet::userFileMissingIsFine()
{
    QTemporaryDir dir;
    RuleSet rules;
    QVERIFY(rules.loadUserFile(dir.filePath(QStringLiteral("rules.json"))));
    QVERIFY(rules.errors().isEmpty());
    QVERIFY(rules.userRules().isEmpty());
}

void tst_RuleSet::userFileNotJson()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("rules.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{\"rules\": [ {\"action\": \"protect\", ");
    file.close();
    RuleSet rules;
    QVERIFY(!rules.loadUserFile(path));
    QCOMPARE(rules.errors().size(), 1);
    QVERIFY2(rules.errors().first().startsWith(path), qPrintable(rules.errors().first()));
    QVERIFY(rules.errors().first().contains(QLatin1String("not valid JSON")));
    QCOMPARE(rules.classify({"claude"}, true).cls, ProcessClass::Session); // built-ins stay in force
}

void tst_RuleSet::userFileBadEntries_data()
{
    QTest::addColumn<QByteArray>("entry");
    QTest::addColumn<QString>("problem");
    QTest::newRow("unknown action") << QByteArray(R"({"name": "bad", "action": "destroy", "program": "x"})")
                                    << "rule 2 (\"bad\"): \"action\" must be";
    QTest::newRow("classify is for built-ins")
        << QByteArray(R"({"action": "classify", "program": "x"})") << "rule 2: \"action\" must be";
    QTest::newRow("unknown class")
        << QByteArray(R"({"name": "c", "action": "cleanup", "class": "robot", "program": "x"})")
        << "unknown class \"robot\"";
    QTest::newRow("no name condition") << QByteArray(R"({"name": "n", "action": "cleanup", "args": ["--x"]})")
                                       << "needs \"program\", \"path\" or \"argv0\"";
    QTest::newRow("matches everything")
        << QByteArray(R"({"name": "all", "action": "cleanup", "program": "*"})") << "matches every process";
    QTest::newRow("number in list") << QByteArray(R"({"name": "num", "action": "protect", "program": [1]})")
                                    << "\"program\" must hold non-empty strings";
    QTest::newRow("typo in key") << QByteArray(R"({"name": "typo", "action": "protect", "programs": ["x"]})")
                                 << "unknown key \"programs\"";
    QTest::newRow("tty not bool")
        << QByteArray(R"({"name": "t", "action": "protect", "program": "x", "tty": "yes"})")
        << "\"tty\" must be true or false";
    QTest::newRow("not an object") << QByteArray(R"("protect everything")") << "rule 2: must be an object";
}

void tst_RuleSet::userFileBadEntries()
{
    QFETCH(QByteArray, entry);
    QFETCH(QString, problem);
    const QByteArray json =
        R"({"rules": [ {"name": "good", "action": "protect", "program": "keep-me"}, )" + entry + "]}";
    RuleSet rules;
    QVERIFY(!rules.loadUserJson(json, QStringLiteral("/home/u/.config/agentmon/rules.json")));
    QCOMPARE(rules.errors().size(), 1);
    const QString error = rules.errors().first();
    QVERIFY2(error.startsWith(QLatin1String("/home/u/.config/agentmon/rules.json: rule 2")),
             qPrintable(error));
    QVERIFY2(error.contains(problem), qPrintable(error));
    // The good entry before it is kept.
    QCOMPARE(rules.userRules().size(), 1);
    QVERIFY(rules.classify({"keep-me"}, false).isProtected());
}

QTEST_GUILESS_MAIN(tst_RuleSet)
#include "tst_ruleset.moc"
