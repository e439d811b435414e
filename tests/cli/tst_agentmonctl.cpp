// agentmonctl as users and scripts run it: the real binary, real processes, exit codes and JSON shapes.
#include "helperprocess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace agentmon::test;

namespace {

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run agentmonctl(const QStringList &arguments, const QString &home)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("AGENTMON_HOME"), home);
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(AGENTMONCTL_PATH), arguments);
    Run run;
    if (!process.waitForFinished(30'000)) {
        process.kill();
        process.waitForFinished(5000);
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

// The process object of design.md: every key, with its JSON type. "string?" may also be null.
const QList<QPair<QString, QString>> processSchema = {
    {"pid", "int"},        {"starttime", "int"}, {"ppid", "int"},        {"pgid", "int"},
    {"sid", "int"},        {"uid", "int"},       {"state", "string"},    {"comm", "string"},
    {"cmdline", "string"}, {"tty", "string?"},   {"session", "string?"}, {"class", "string"},
    {"status", "string"},  {"reason", "string"}, {"rss_kb", "int"},      {"cpu_pct", "number"},
    {"age_s", "int"},      {"tracked", "bool"},  {"argv", "array"},      {"protected_by", "string?"},
};
const QStringList optionalIntKeys = {"pss_kb", "swap_kb"};
const QStringList classes = {"none", "session", "agent", "mcp", "tool", "daemon", "child"};
const QStringList statuses = {"running", "orphan", "idle", "stale", "zombie", "unkillable"};

QString schemaProblem(const QJsonObject &object)
{
    for (const auto &[key, type] : processSchema) {
        if (!object.contains(key))
            return QStringLiteral("missing \"%1\"").arg(key);
        const QJsonValue v = object.value(key);
        bool ok = false;
        if (type == QLatin1String("int"))
            ok = v.isDouble() && v.toDouble() == double(v.toInteger()) && v.toInteger() >= 0;
        else if (type == QLatin1String("number"))
            ok = v.isDouble() && v.toDouble() >= 0;
        else if (type == QLatin1String("string"))
            ok = v.isString();
        else if (type == QLatin1String("string?"))
            ok = v.isString() || v.isNull();
        else if (type == QLatin1String("bool"))
            ok = v.isBool();
        else if (type == QLatin1String("array"))
            ok = v.isArray();
        if (!ok)
            return QStringLiteral("\"%1\" is not %2").arg(key, type);
    }
    for (const QString &key : optionalIntKeys) {
        if (object.contains(key) && !object.value(key).isDouble())
            return QStringLiteral("\"%1\" is not a number").arg(key);
    }
    for (auto it = object.begin(); it != object.end(); ++it) {
        const bool known = optionalIntKeys.contains(it.key()) ||
                           std::any_of(processSchema.begin(), processSchema.end(),
                                       [&](const auto &entry) { return entry.first == it.key(); });
        if (!known)
            return QStringLiteral("unexpected key \"%1\"").arg(it.key());
    }
    if (!classes.contains(object.value("class").toString()))
        return QStringLiteral("unknown class %1").arg(object.value("class").toString());
    if (!statuses.contains(object.value("status").toString()))
        return QStringLiteral("unknown status %1").arg(object.value("status").toString());
    if (object.value("state").toString().size() != 1)
        return QStringLiteral("state is not one letter");
    return {};
}

} // namespace

class tst_Agentmonctl : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void usageErrors_data();
    void usageErrors();
    void helpAndVersion();
    void snapshotJsonFollowsTheSchema();
    void snapshotAllIncludesEveryProcess();
    void snapshotTable();
    void badRulesFileWarnsAndKeepsBuiltIns();

private:
    QTemporaryDir m_home;
};

void tst_Agentmonctl::initTestCase()
{
    QVERIFY(m_home.isValid());
    QVERIFY(QFile::exists(QStringLiteral(AGENTMONCTL_PATH)));
}

void tst_Agentmonctl::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("no command") << QStringList{} << "Usage: agentmonctl";
    QTest::newRow("unknown command") << QStringList{"frobnicate"} << "unknown command 'frobnicate'";
    QTest::newRow("unknown option") << QStringList{"snapshot", "--bogus"} << "Unknown option 'bogus'";
    QTest::newRow("stray argument") << QStringList{"snapshot", "extra"} << "unexpected argument 'extra'";
}

void tst_Agentmonctl::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const Run run = agentmonctl(arguments, m_home.path());
    QCOMPARE(run.exitCode, 2);
    QVERIFY(run.out.isEmpty());
    QVERIFY2(run.err.contains(message.toUtf8()), run.err.constData());
}

void tst_Agentmonctl::helpAndVersion()
{
    Run run = agentmonctl({"--version"}, m_home.path());
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out, QByteArray("agentmonctl " AGENTMON_VERSION "\n"));
    run = agentmonctl({"--help"}, m_home.path());
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.contains("snapshot [--all] [--json]"));
    run = agentmonctl({"snapshot", "--help"}, m_home.path());
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.contains("--json"));
    QVERIFY(run.out.contains("--all"));
}

void tst_Agentmonctl::snapshotJsonFollowsTheSchema()
{
    HelperProcess agent(
        helperPath(QStringLiteral("fakeagent")),
        {QStringLiteral("--output-format"), QStringLiteral("stream-json"), QStringLiteral("--verbose")},
        QStringLiteral("claude"));
    QVERIFY(agent.start());
    const Run run = agentmonctl({"snapshot", "--json"}, m_home.path());
    QCOMPARE(run.exitCode, 0);
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(run.out, &error);
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    QVERIFY(doc.isArray());
    QJsonObject mine;
    for (const QJsonValue &value : doc.array()) {
        QVERIFY(value.isObject());
        const QJsonObject object = value.toObject();
        const QString problem = schemaProblem(object);
        QVERIFY2(problem.isEmpty(), qPrintable(problem + QLatin1Char(' ') + QJsonDocument(object).toJson()));
        QVERIFY2(object.value("class").toString() != QLatin1String("none"),
                 "without --all only agents are listed");
        if (object.value("pid").toInt() == agent.pid())
            mine = object;
    }
    QVERIFY2(!mine.isEmpty(), "the fake agent is missing from the snapshot");
    QCOMPARE(mine.value("starttime").toInteger(), qint64(agent.key().starttime));
    QCOMPARE(mine.value("class").toString(), QStringLiteral("agent"));
    QCOMPARE(mine.value("status").toString(), QStringLiteral("running"));
    QCOMPARE(mine.value("cmdline").toString(),
             QStringLiteral("claude --output-format stream-json --verbose"));
    QCOMPARE(mine.value("argv").toArray().size(), 4);
    QCOMPARE(mine.value("session").toString(),
             QStringLiteral("pid-%1-%2").arg(agent.pid()).arg(agent.key().starttime));
    QCOMPARE(mine.value("ppid").toInt(), int(::getpid()));
    QCOMPARE(mine.value("pgid").toInt(), agent.pid());
    QCOMPARE(mine.value("uid").toInt(), int(::getuid()));
    QCOMPARE(mine.value("tracked").toBool(), false);
    QVERIFY(mine.value("rss_kb").toInteger() > 0);
    QVERIFY(mine.value("pss_kb").toInteger() > 0);
    QVERIFY(mine.value("tty").isNull());
}

void tst_Agentmonctl::snapshotAllIncludesEveryProcess()
{
    const Run run = agentmonctl({"snapshot", "--all", "--json"}, m_home.path());
    QCOMPARE(run.exitCode, 0);
    const QJsonArray array = QJsonDocument::fromJson(run.out).array();
    bool sawSelf = false;
    bool sawInit = false;
    for (const QJsonValue &value : array) {
        const QJsonObject object = value.toObject();
        QVERIFY2(schemaProblem(object).isEmpty(), qPrintable(schemaProblem(object)));
        sawSelf = sawSelf || object.value("pid").toInt() == int(::getpid());
        sawInit = sawInit || object.value("pid").toInt() == 1;
    }
    QVERIFY(sawSelf);
    QVERIFY(sawInit);
}

void tst_Agentmonctl::snapshotTable()
{
    HelperProcess agent(helperPath(QStringLiteral("fakeagent")),
                        {QStringLiteral("--input-format=stream-json")}, QStringLiteral("claude"));
    QVERIFY(agent.start());
    const Run run = agentmonctl({"snapshot"}, m_home.path());
    QCOMPARE(run.exitCode, 0);
    const QList<QByteArray> lines = run.out.split('\n');
    QVERIFY2(lines.first().trimmed().simplified().startsWith(
                 "PID SESSION CLASS STATUS RSS CPU% AGE COMMAND REASON"),
             lines.first().constData());
    QByteArray row;
    for (const QByteArray &line : lines) {
        if (line.trimmed().startsWith(QByteArray::number(agent.pid()) + ' '))
            row = line;
    }
    QVERIFY2(!row.isEmpty(), run.out.constData());
    QVERIFY(row.contains(" agent "));
    QVERIFY(row.contains(" running "));
    QVERIFY(row.contains("claude --input-format=stream-json"));
    QVERIFY(run.out.contains("memory: "));
}

void tst_Agentmonctl::badRulesFileWarnsAndKeepsBuiltIns()
{
    QTemporaryDir home;
    QFile rules(home.filePath(QStringLiteral("rules.json")));
    QVERIFY(rules.open(QIODevice::WriteOnly));
    rules.write(R"({"rules": [{"name": "x", "action": "explode", "program": "y"}]})");
    rules.close();
    HelperProcess agent(helperPath(QStringLiteral("fakeagent")), {QStringLiteral("-p"), QStringLiteral("hi")},
                        QStringLiteral("claude"));
    QVERIFY(agent.start());
    const Run run = agentmonctl({"snapshot", "--json"}, home.path());
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.err.contains(rules.fileName().toUtf8() + ": rule 1 (\"x\"): \"action\" must be"),
             run.err.constData());
    bool found = false;
    for (const QJsonValue &value : QJsonDocument::fromJson(run.out).array())
        found = found || value.toObject().value("pid").toInt() == agent.pid();
    QVERIFY(found);
}

QTEST_GUILESS_MAIN(tst_Agentmonctl)
#include "tst_agentmonctl.moc"
