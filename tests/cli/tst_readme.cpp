// Keeps README.md true: every agentmonctl subcommand and option, every agentmon option, every `make` target,
// every HTTP route and curl example, and every settings key it names must exist, and no settings key may go
// undocumented. The README is read from the source tree (AGENTMON_FIXTURE_DIR is tests/fixtures in it).
#include "testdaemon.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QHostAddress>
#include <QMap>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace agentmon;
using namespace agentmon::test;

namespace {

QString sourceFile(const QString &relative)
{
    return QDir::cleanPath(QStringLiteral(AGENTMON_FIXTURE_DIR "/../../") + relative);
}

QString readText(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

// Where a snippet was found, for failure messages.
struct Snippet {
    QString text;
    int line = 0;
};

QList<QStringList> tableRows(const QString &markdown, const QString &header);
QStringList backticked(const QString &text);

// The README's code: every line of a fenced block, and every inline `code span` outside them. The first cells
// of the command table (`snapshot [--all] [--json]`) are agentmonctl's, those of the option table agentmon's.
QList<Snippet> codeSnippets(const QString &readme)
{
    QList<Snippet> snippets;
    const QStringList lines = readme.split(QLatin1Char('\n'));
    static const QRegularExpression span(QStringLiteral("`([^`]+)`"));
    bool fenced = false;
    for (int i = 0; i < lines.size(); ++i) {
        const QString &line = lines[i];
        if (line.trimmed().startsWith(QLatin1String("```"))) {
            fenced = !fenced;
            continue;
        }
        if (fenced) {
            snippets.append({line, i + 1});
            continue;
        }
        for (auto it = span.globalMatch(line); it.hasNext();) {
            QString text = it.next().captured(1);
            text.replace(QLatin1String("\\|"), QLatin1String("|")); // escaped in tables
            snippets.append({text, i + 1});
        }
    }
    for (const auto &[header, program] :
         {std::pair{QStringLiteral("command"), QStringLiteral("agentmonctl ")},
          std::pair{QStringLiteral("option"), QStringLiteral("agentmon ")}}) {
        for (const QStringList &row : tableRows(readme, header)) {
            for (const QString &code : backticked(row.first()))
                snippets.append({program + code, 0});
        }
    }
    return snippets;
}

QString cleanToken(QString token)
{
    static const QString leading = QStringLiteral("\"'([");
    static const QString trailing = QStringLiteral("\"',;:.)]");
    while (!token.isEmpty() && leading.contains(token.front()))
        token.remove(0, 1);
    while (!token.isEmpty() && trailing.contains(token.back()))
        token.chop(1);
    return token;
}

bool endsInvocation(const QString &raw)
{
    static const QStringList stops = {QStringLiteral("#"),  QStringLiteral("|"),  QStringLiteral("||"),
                                      QStringLiteral("&&"), QStringLiteral(";"),  QStringLiteral("--"),
                                      QStringLiteral(">"),  QStringLiteral(">>"), QStringLiteral("2>&1")};
    return stops.contains(raw) || raw.startsWith(QLatin1Char('#'));
}

// One command line of the README: the program, its subcommand (agentmonctl) and the options given to it.
struct Invocation {
    QString program; // "agentmonctl" or "agentmon"
    QString subcommand;
    QString action; // the word after `hooks` or `hook`
    QStringList options;
    int line = 0;
    QString text;
};

QList<Invocation> invocations(const QList<Snippet> &snippets)
{
    QList<Invocation> found;
    static const QRegularExpression word(QStringLiteral("^[a-z][a-z-]*$"));
    static const QRegularExpression actionWord(QStringLiteral("^[a-z][a-z|-]*$"));
    for (const Snippet &snippet : snippets) {
        const QStringList raw =
            snippet.text.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
        for (int i = 0; i < raw.size(); ++i) {
            const QString token = cleanToken(raw[i]);
            Invocation inv;
            inv.line = snippet.line;
            inv.text = snippet.text;
            if (token == QLatin1String("agentmonctl") || token.endsWith(QLatin1String("/agentmonctl")))
                inv.program = QStringLiteral("agentmonctl");
            else if (token == QLatin1String("agentmon") || token.endsWith(QLatin1String("/app/agentmon")) ||
                     token.endsWith(QLatin1String("/bin/agentmon")))
                inv.program = QStringLiteral("agentmon");
            else
                continue;
            int j = i + 1;
            if (inv.program == QLatin1String("agentmonctl") && j < raw.size()) {
                const QString next = cleanToken(raw[j]);
                if (word.match(next).hasMatch()) {
                    inv.subcommand = next;
                    ++j;
                } else if (!next.startsWith(QLatin1String("--"))) {
                    continue; // a placeholder such as <command>
                }
            }
            if ((inv.subcommand == QLatin1String("hooks") || inv.subcommand == QLatin1String("hook")) &&
                j < raw.size() && actionWord.match(cleanToken(raw[j])).hasMatch()) {
                inv.action = cleanToken(raw[j]);
                ++j;
            }
            for (; j < raw.size() && !endsInvocation(raw[j]); ++j) {
                const QString option = cleanToken(raw[j]).section(QLatin1Char('='), 0, 0);
                if (option == QLatin1String("agentmonctl") || option == QLatin1String("agentmon"))
                    break;
                if (option.startsWith(QLatin1String("--")) && option.size() > 2)
                    inv.options.append(option);
            }
            found.append(inv);
        }
    }
    return found;
}

struct Help {
    int exitCode = -1;
    QString text;
};

QString agentmonPath()
{
    return QFileInfo(QStringLiteral(AGENTMONCTL_PATH)).absolutePath() + QStringLiteral("/agentmon");
}

Help runHelp(const QString &program, const QStringList &arguments)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    process.setProcessEnvironment(env);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, arguments);
    if (!process.waitForFinished(20'000)) {
        process.kill();
        process.waitForFinished(5'000);
        return {};
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAll())};
}

bool mentionsOption(const QString &help, const QString &option)
{
    return QRegularExpression(QRegularExpression::escape(option) + QStringLiteral("(?![A-Za-z0-9-])"))
        .match(help)
        .hasMatch();
}

// The rows of every Markdown table whose first header cell is `header`, as lists of cells.
QList<QStringList> tableRows(const QString &markdown, const QString &header)
{
    QList<QStringList> rows;
    bool inside = false;
    for (const QString &line : markdown.split(QLatin1Char('\n'))) {
        const QString trimmed = line.trimmed();
        if (!trimmed.startsWith(QLatin1Char('|'))) {
            inside = false;
            continue;
        }
        QString masked = trimmed;
        masked.replace(QLatin1String("\\|"), QStringLiteral("\x01"));
        QStringList cells = masked.split(QLatin1Char('|'));
        cells = cells.mid(1, cells.size() - 2);
        for (QString &cell : cells)
            cell = cell.replace(QLatin1Char('\x01'), QLatin1Char('|')).trimmed();
        if (cells.isEmpty())
            continue;
        if (!inside) {
            inside = cells.first() == header;
            continue; // the header row
        }
        if (cells.first().startsWith(QLatin1String("---")))
            continue;
        rows.append(cells);
    }
    return rows;
}

QStringList backticked(const QString &text)
{
    QStringList out;
    static const QRegularExpression span(QStringLiteral("`([^`]+)`"));
    for (auto it = span.globalMatch(text); it.hasNext();)
        out.append(it.next().captured(1));
    return out;
}

struct Route {
    QString method;
    QString path; // as in the README, {param} for a parameter
};

// The README's route tables: rows whose first cell names `METHOD /path`.
QList<Route> readmeRoutes(const QString &readme)
{
    QList<Route> routes;
    static const QRegularExpression route(QStringLiteral("^(GET|POST|DELETE|PUT|PATCH) (/\\S*)$"));
    for (const QStringList &row : tableRows(readme, QStringLiteral("route"))) {
        for (const QString &code : backticked(row.first())) {
            const auto m = route.match(code);
            if (m.hasMatch()) {
                QString path = m.captured(2);
                path.remove(QRegularExpression(QStringLiteral("\\[\\?[^\\]]*\\]$")));
                routes.append({m.captured(1), path});
            }
        }
    }
    return routes;
}

bool routeMatches(const Route &pattern, const QString &method, const QString &path)
{
    if (pattern.method != method)
        return false;
    QString re = QRegularExpression::escape(pattern.path);
    re.replace(QRegularExpression(QStringLiteral("\\\\\\{[a-z_]+\\\\\\}")), QStringLiteral("[^/]+"));
    return QRegularExpression(QStringLiteral("^") + re + QStringLiteral("$")).match(path).hasMatch();
}

// One HTTP/1.1 request to the instance; the status code and the whole answer.
std::pair<int, QByteArray> request(quint16 port, const QByteArray &method, const QByteArray &target,
                                   const QByteArray &token)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(5'000))
        return {-1, {}};
    QByteArray text = method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(port) +
                      "\r\nConnection: close\r\n";
    if (!token.isEmpty())
        text += "Authorization: Bearer " + token + "\r\n";
    text += "\r\n";
    socket.write(text);
    // Read the head, then as much body as Content-Length says (the server may keep the connection open).
    QByteArray answer;
    auto complete = [&answer] {
        const qsizetype end = answer.indexOf("\r\n\r\n");
        if (end < 0)
            return false;
        static const QRegularExpression length(QStringLiteral("\r\ncontent-length:\\s*(\\d+)"),
                                               QRegularExpression::CaseInsensitiveOption);
        const auto m = length.match(QString::fromLatin1(answer.left(end)));
        return !m.hasMatch() || answer.size() - (end + 4) >= m.captured(1).toLongLong();
    };
    while (!complete() && socket.waitForReadyRead(10'000))
        answer += socket.readAll();
    const QList<QByteArray> status = answer.left(answer.indexOf('\r')).split(' ');
    return {status.size() >= 2 ? status[1].toInt() : -1, answer};
}

// Settings keys with their numeric defaults, read from core/settings.cpp as text.
QMap<QString, QString> settingsKeys(const QString &source)
{
    QMap<QString, QString> keys;
    static const QRegularExpression key(QStringLiteral("\"([a-z]+/[A-Za-z0-9]+)\""));
    for (auto it = key.globalMatch(source); it.hasNext();)
        keys.insert(it.next().captured(1), QString());
    static const QRegularExpression entry(QStringLiteral("\\{\"([a-z]+/[A-Za-z0-9]+)\",\\s*([0-9.e+]+),"));
    for (auto it = entry.globalMatch(source); it.hasNext();) {
        const auto m = it.next();
        keys.insert(m.captured(1), m.captured(2));
    }
    return keys;
}

} // namespace

class TestReadme : public QObject {
    Q_OBJECT

private:
    QString m_readme;
    QHash<QString, Help> m_helps;

    const Help &help(const QString &program, const QString &subcommand)
    {
        const QString key = program + QLatin1Char(' ') + subcommand;
        auto it = m_helps.find(key);
        if (it == m_helps.end()) {
            const QStringList arguments = subcommand.isEmpty()
                                              ? QStringList{QStringLiteral("--help")}
                                              : QStringList{subcommand, QStringLiteral("--help")};
            it = m_helps.insert(key, runHelp(program == QLatin1String("agentmon")
                                                 ? agentmonPath()
                                                 : QStringLiteral(AGENTMONCTL_PATH),
                                             arguments));
        }
        return *it;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_readme = readText(sourceFile(QStringLiteral("README.md")));
        QVERIFY2(!m_readme.isEmpty(), qPrintable(sourceFile(QStringLiteral("README.md"))));
        QVERIFY2(QFileInfo::exists(agentmonPath()), qPrintable(agentmonPath()));
    }

    // Every `agentmonctl <subcommand> --option` and `agentmon --option` in the README exists.
    void commandsAndOptionsExist()
    {
        const QList<Invocation> found = invocations(codeSnippets(m_readme));
        QSet<QString> subcommands;
        int options = 0;
        QStringList problems;
        for (const Invocation &inv : found) {
            const Help &h = help(inv.program, inv.subcommand);
            const QString where = QStringLiteral("README.md:%1: `%2`")
                                      .arg(inv.line ? QString::number(inv.line) : QStringLiteral("table"))
                                      .arg(inv.text.trimmed());
            const QString command = (inv.program + QLatin1Char(' ') + inv.subcommand).trimmed();
            if (h.exitCode != 0) {
                problems.append(QStringLiteral("%1: `%2 --help` exits %3: %4")
                                    .arg(where, command)
                                    .arg(h.exitCode)
                                    .arg(h.text.left(200)));
                continue;
            }
            subcommands.insert(command);
            for (const QString &option : inv.options) {
                ++options;
                if (!mentionsOption(h.text, option))
                    problems.append(QStringLiteral("%1: `%2` has no option %3 (not in its --help)")
                                        .arg(where, command, option));
            }
            for (const QString &action : inv.action.split(QLatin1Char('|'), Qt::SkipEmptyParts)) {
                if (!mentionsOption(h.text, action))
                    problems.append(QStringLiteral("%1: `%2` has no action %3 (not in its --help)")
                                        .arg(where, command, action));
            }
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
        // The parser must have found the reference, or it checks nothing.
        for (const char *expected :
             {"agentmon", "agentmonctl snapshot", "agentmonctl reap", "agentmonctl spawn",
              "agentmonctl register", "agentmonctl session-end", "agentmonctl hooks", "agentmonctl hook",
              "agentmonctl daemon", "agentmonctl doctor"})
            QVERIFY2(subcommands.contains(QLatin1String(expected)), expected);
        QVERIFY2(options >= 20, qPrintable(QString::number(options)));
    }

    // Every subcommand agentmonctl --help lists has its section in the README's reference.
    void everySubcommandDocumented()
    {
        const Help &h = help(QStringLiteral("agentmonctl"), QString());
        QCOMPARE(h.exitCode, 0);
        const int from = h.text.indexOf(QLatin1String("Commands:"));
        const int to = h.text.indexOf(QLatin1String("Options:"), from);
        QVERIFY(from >= 0 && to > from);
        static const QRegularExpression command(QStringLiteral("^  ([a-z][a-z-]*)\\b"),
                                                QRegularExpression::MultilineOption);
        int seen = 0;
        for (auto it = command.globalMatch(h.text.mid(from, to - from)); it.hasNext();) {
            const QString name = it.next().captured(1);
            ++seen;
            QVERIFY2(m_readme.contains(QStringLiteral("`") + name) &&
                         m_readme.contains(QStringLiteral("agentmonctl ") + name),
                     qPrintable(QStringLiteral("agentmonctl %1 is not in README.md").arg(name)));
        }
        QVERIFY(seen >= 9);
    }

    // Every `make <target>` in the README is a target of the Makefile.
    void makeTargetsExist()
    {
        const QString makefile = readText(sourceFile(QStringLiteral("Makefile")));
        QVERIFY(!makefile.isEmpty());
        QSet<QString> targets;
        static const QRegularExpression rule(QStringLiteral("^([a-z][a-z-]*):"),
                                             QRegularExpression::MultilineOption);
        for (auto it = rule.globalMatch(makefile); it.hasNext();)
            targets.insert(it.next().captured(1));
        QStringList problems;
        int seen = 0;
        for (const Snippet &snippet : codeSnippets(m_readme)) {
            const QStringList raw =
                snippet.text.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
            for (int i = 0; i + 1 < raw.size(); ++i) {
                if (cleanToken(raw[i]) != QLatin1String("make"))
                    continue;
                const QString target = cleanToken(raw[i + 1]);
                if (target.contains(QLatin1Char('=')))
                    continue;
                ++seen;
                if (!targets.contains(target))
                    problems.append(QStringLiteral("README.md:%1: `make %2` is not a Makefile target")
                                        .arg(snippet.line)
                                        .arg(target));
            }
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
        QVERIFY(seen >= 5);
    }

    // The settings tables name every key of core/settings.cpp, and only those, with their defaults.
    void settingsKeysMatch()
    {
        const QMap<QString, QString> source =
            settingsKeys(readText(sourceFile(QStringLiteral("core/settings.cpp"))));
        QVERIFY(source.size() >= 25);
        static const QRegularExpression keyShape(QStringLiteral("^[a-z]+/[A-Za-z0-9]+$"));
        QSet<QString> documented;
        QStringList problems;
        for (const QStringList &row : tableRows(m_readme, QStringLiteral("key"))) {
            QStringList keys;
            for (const QString &code : backticked(row.first())) {
                if (keyShape.match(code).hasMatch())
                    keys.append(code);
            }
            const QStringList defaults = row.size() > 1 ? row[1].split(QStringLiteral(", ")) : QStringList();
            for (int i = 0; i < keys.size(); ++i) {
                documented.insert(keys[i]);
                if (!source.contains(keys[i])) {
                    problems.append(
                        QStringLiteral(
                            "README.md names the setting %1, which core/settings.cpp does not know")
                            .arg(keys[i]));
                    continue;
                }
                // Numeric defaults must agree with the table's.
                bool numeric = false;
                const double want = source.value(keys[i]).toDouble(&numeric);
                if (!numeric || defaults.size() != keys.size())
                    continue;
                bool ok = false;
                const double said = QString(defaults[i]).remove(QLatin1Char('`')).trimmed().toDouble(&ok);
                if (!ok || !qFuzzyCompare(said + 1, want + 1))
                    problems.append(
                        QStringLiteral("README.md gives %1 the default %2; core/settings.cpp has %3")
                            .arg(keys[i], defaults[i], source.value(keys[i])));
            }
        }
        for (auto it = source.cbegin(); it != source.cend(); ++it) {
            if (!documented.contains(it.key()))
                problems.append(
                    QStringLiteral("the setting %1 is not in README.md's settings tables").arg(it.key()));
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }

    // The route table's routes are the server's, with their methods; each curl example uses one of them.
    void apiRoutesExist()
    {
        const QList<Route> routes = readmeRoutes(m_readme);
        QVERIFY2(routes.size() >= 11, qPrintable(QString::number(routes.size())));

        // curl examples: the method (-X, or POST with -d) and path of each must be a route of the table.
        static const QRegularExpression url(QStringLiteral("http://127\\.0\\.0\\.1:\\d+(/[^\\s?'\"]*)"));
        static const QRegularExpression explicitMethod(QStringLiteral("-X\\s+([A-Z]+)"));
        int curls = 0;
        QStringList problems;
        for (const Snippet &snippet : codeSnippets(m_readme)) {
            if (!snippet.text.trimmed().startsWith(QLatin1String("curl ")))
                continue;
            const auto u = url.match(snippet.text);
            QVERIFY2(u.hasMatch(), qPrintable(snippet.text));
            const auto x = explicitMethod.match(snippet.text);
            const QString method = x.hasMatch()                                   ? x.captured(1)
                                   : snippet.text.contains(QLatin1String(" -d ")) ? QStringLiteral("POST")
                                                                                  : QStringLiteral("GET");
            ++curls;
            const bool known = std::any_of(routes.cbegin(), routes.cend(), [&](const Route &r) {
                return routeMatches(r, method, u.captured(1));
            });
            if (!known)
                problems.append(QStringLiteral("README.md:%1: %2 %3 is not in the route table")
                                    .arg(snippet.line)
                                    .arg(method, u.captured(1)));
        }
        QVERIFY(curls >= 10);

        // A real instance (reaper and policies off): each GET route answers 200; each other route, asked with
        // GET, answers 405 naming the README's method (so nothing is registered, reaped or ended).
        QTemporaryDir home;
        QVERIFY(home.isValid());
        Daemon daemon(home.path());
        QVERIFY2(daemon.start(), daemon.errors().constData());
        QFile tokenFile(home.path() + QStringLiteral("/token"));
        QVERIFY(tokenFile.open(QIODevice::ReadOnly));
        const QByteArray token = tokenFile.readAll().trimmed();
        for (const Route &route : routes) {
            QString target = route.path;
            target.replace(QRegularExpression(QStringLiteral("\\{[a-z_]+\\}")),
                           QStringLiteral("readme-test"));
            const auto [status, answer] = request(daemon.info().port, "GET", target.toUtf8(), token);
            const QString what = QStringLiteral("%1 %2: %3")
                                     .arg(route.method, route.path,
                                          QString::fromUtf8(answer.left(300))
                                              .replace(QLatin1String("\r\n"), QLatin1String(" ")));
            if (route.method == QLatin1String("GET")
                    ? status != 200
                    : status != 405 || !answer.contains("\r\nAllow: " + route.method.toLatin1() + "\r\n"))
                problems.append(QStringLiteral("the server does not route %1").arg(what));
        }
        QVERIFY(daemon.terminate());
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }
};

QTEST_GUILESS_MAIN(TestReadme)
#include "tst_readme.moc"
