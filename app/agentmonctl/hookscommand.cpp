#include "hookscommand.h"

#include "connection.h"
#include "ctltext.h"
#include "exitcodes.h"
#include "hooksettings.h"
#include "paths.h"
#include "procparsers.h"
#include "ruleset.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>
#include <QTextStream>

#include <cerrno>
#include <optional>
#include <poll.h>
#include <unistd.h>

namespace agentmon {

namespace {

// ---- agentmonctl hook -------------------------------------------------------------------------------------

constexpr qsizetype MaxHookInput = 64 * 1024;
constexpr int HookInputTimeoutMs = 1000;  // stdin: Claude Code writes the JSON and closes the pipe
constexpr int HookConnectTimeoutMs = 300; // instance.json to an answer of GET /api/health
constexpr int HookBudgetMs = 1000;        // the whole exchange with the instance
constexpr int MaxAncestors = 64;

bool hookDebug()
{
    const QByteArray value = qgetenv("AGENTMON_HOOK_DEBUG");
    return !value.isEmpty() && value != "0";
}

void dropMessage(QtMsgType, const QMessageLogContext &, const QString &) {}

// At most one line on stderr per run, and only when asked for.
void hookSay(const QString &event, const QString &text, const QElapsedTimer &timer)
{
    if (!hookDebug())
        return;
    QTextStream(stderr) << "agentmonctl hook " << event << ": " << text << " (" << timer.elapsed()
                        << " ms)\n";
}

// The hook's JSON from stdin: until EOF, a complete JSON object, the size limit or the timeout, whichever
// comes first. What comes beyond the limit is read and dropped, so that the writer never meets a closed pipe
// while the hook still runs.
QByteArray readHookInput(int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    QByteArray data;
    bool overflow = false;
    char buffer[16 * 1024];
    for (;;) {
        pollfd pfd{STDIN_FILENO, POLLIN, 0};
        const int ready = ::poll(&pfd, 1, int(qMax<qint64>(0, deadline.remainingTime())));
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready <= 0)
            break; // timeout, or stdin is unusable
        const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
        if (n < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (n <= 0)
            break; // EOF, or stdin is unusable
        if (data.size() + n > MaxHookInput)
            overflow = true;
        if (!overflow) {
            data.append(buffer, n);
            QJsonParseError error{};
            if (data.contains('}') && QJsonDocument::fromJson(data, &error).isObject())
                break; // complete: no need to wait for EOF
        }
    }
    return overflow ? QByteArray() : data;
}

struct Agent {
    ProcessKey key;
    QString comm;
};

// The nearest ancestor that the built-in rules call an agent (class session or agent): `claude` on a
// terminal, `claude -p`, `node .../@anthropic-ai/claude-code/cli.js`, ... Shells in between (Claude Code may
// run a hook through sh -c) are passed over.
std::optional<Agent> agentAbove()
{
    const RuleSet rules;
    int pid = int(::getppid());
    for (int depth = 0; pid > 1 && depth < MaxAncestors; ++depth) {
        QFile statFile(QStringLiteral("/proc/%1/stat").arg(pid));
        if (!statFile.open(QIODevice::ReadOnly))
            return std::nullopt;
        const QByteArray statData = statFile.read(4096);
        const auto stat = procparse::parseStat(statData);
        if (!stat || stat->pid != pid)
            return std::nullopt;
        QFile cmdlineFile(QStringLiteral("/proc/%1/cmdline").arg(pid));
        if (cmdlineFile.open(QIODevice::ReadOnly)) {
            const QStringList argv = procparse::parseCmdline(cmdlineFile.read(256 * 1024));
            if (!argv.isEmpty()) {
                const ProcessClass cls = rules.classify(argv, stat->ttyNr != 0).cls;
                if (cls == ProcessClass::Session || cls == ProcessClass::Agent)
                    return Agent{{pid, stat->starttime}, QString::fromUtf8(stat->comm)};
            }
        }
        pid = stat->ppid;
    }
    return std::nullopt;
}

// ---- agentmonctl hooks ------------------------------------------------------------------------------------

constexpr qint64 MaxSettingsBytes = 16 * 1024 * 1024;

QString defaultSettingsPath()
{
    // Claude Code reads its settings from $CLAUDE_CONFIG_DIR when that is set, ~/.claude otherwise.
    const QString configDir = qEnvironmentVariable("CLAUDE_CONFIG_DIR");
    if (!configDir.isEmpty())
        return QDir(configDir).absoluteFilePath(QStringLiteral("settings.json"));
    return QDir::homePath() + QStringLiteral("/.claude/settings.json");
}

struct SettingsFile {
    bool exists = false;
    QByteArray text;
};

std::optional<SettingsFile> readSettings(const QString &path, QString *error)
{
    SettingsFile settings;
    const QFileInfo info(path);
    if (!info.exists())
        return settings;
    if (info.isDir()) {
        *error = Ctl::tr("%1 is a directory").arg(path);
        return std::nullopt;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = Ctl::tr("cannot read %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    settings.text = file.read(MaxSettingsBytes + 1);
    if (settings.text.size() > MaxSettingsBytes) {
        *error = Ctl::tr("%1 is larger than 16 MiB; it was left as it is").arg(path);
        return std::nullopt;
    }
    if (file.error() != QFileDevice::NoError) {
        *error = Ctl::tr("cannot read %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    settings.exists = true;
    return settings;
}

// A copy of the bytes that are replaced, next to the file and with its permissions: PATH.agentmon-backup-
// <yyyyMMdd-HHmmss> (-2, -3, ... when that name is taken).
bool writeBackup(const QString &path, const QByteArray &bytes, QString *backupPath, QString *error)
{
    const QString base = path + QStringLiteral(".agentmon-backup-") +
                         QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    const QFileDevice::Permissions mode = QFile::permissions(path);
    for (int n = 1; n < 100; ++n) {
        const QString candidate = n == 1 ? base : base + QStringLiteral("-%1").arg(n);
        QFile backup(candidate);
        if (!backup.open(QIODevice::WriteOnly | QIODevice::NewOnly, mode)) {
            if (QFileInfo::exists(candidate))
                continue;
            *error = Ctl::tr("cannot write the backup %1: %2").arg(candidate, backup.errorString());
            return false;
        }
        if (backup.write(bytes) != bytes.size() || !backup.flush()) {
            *error = Ctl::tr("cannot write the backup %1: %2").arg(candidate, backup.errorString());
            backup.close();
            QFile::remove(candidate);
            return false;
        }
        backup.close();
        *backupPath = candidate;
        return true;
    }
    *error = Ctl::tr("cannot find a free name for the backup of %1").arg(path);
    return false;
}

// Replaces the file atomically (QSaveFile keeps its permissions and writes through a symlink to its target),
// after a backup, and only if nobody changed it since it was read.
bool writeSettings(const QString &path, const SettingsFile &before, const QByteArray &text,
                   QString *backupPath, QString *error)
{
    QString readError;
    const std::optional<SettingsFile> now = readSettings(path, &readError);
    if (!now || now->exists != before.exists || now->text != before.text) {
        *error =
            Ctl::tr("%1 changed while agentmonctl was editing it; nothing was written, try again").arg(path);
        return false;
    }
    if (before.exists) {
        if (!writeBackup(path, before.text, backupPath, error))
            return false;
    } else if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
        *error = Ctl::tr("cannot make the directory %1").arg(QFileInfo(path).absolutePath());
        return false;
    }
    // flush() first: Qt 6.4's commit() does not notice a flush that fails on a full disk (QTBUG-75077), and
    // would replace the user's settings.json with an empty file.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size() || !file.flush() ||
        !file.commit()) {
        *error = Ctl::tr("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

// Where a hook command's program is, for status: absolute as written, or found in PATH. Empty when it is
// nowhere.
QString locateProgram(const QString &program)
{
    if (program.isEmpty())
        return {};
    if (program.contains(QLatin1Char('/'))) {
        const QFileInfo info(program);
        return info.exists() && info.isFile() && info.isExecutable() ? info.absoluteFilePath() : QString();
    }
    return QStandardPaths::findExecutable(program);
}

int parseHooksArguments(QCommandLineParser &parser, const QStringList &arguments)
{
    QTextStream err(stderr);
    QTextStream out(stdout);
    parser.addHelpOption();
    if (!parser.parse(arguments)) {
        err << "agentmonctl hooks: " << parser.errorText() << '\n';
        return exitcode::Usage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out << parser.helpText().replace(QLatin1String("[options]"), QLatin1String("hooks [options]"));
        return exitcode::Success;
    }
    return -1;
}

QString eventLine(HookSettings::Event event, const QString &text)
{
    return HookSettings::eventKey(event) + QStringLiteral(": ") + text + QLatin1Char('\n');
}

int hooksStatus(const QString &path, const SettingsFile &settings)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    out << Ctl::tr("settings: %1").arg(path) << '\n';
    if (!settings.exists) {
        for (const HookSettings::Event event : HookSettings::Events)
            out << eventLine(event, Ctl::tr("not installed (no settings file)"));
        return exitcode::Failure;
    }
    const HookSettings::Status status = HookSettings::status(settings.text);
    if (!status.ok) {
        err << "agentmonctl hooks: " << path << ": " << status.error << '\n';
        return exitcode::Failure;
    }
    const QString self = QFileInfo(QCoreApplication::applicationFilePath()).canonicalFilePath();
    bool good = true;
    QStringList warnings;
    for (size_t i = 0; i < HookSettings::Events.size(); ++i) {
        const HookSettings::Event event = HookSettings::Events[i];
        const QStringList &commands = status.commands[i];
        if (commands.isEmpty()) {
            out << eventLine(event, Ctl::tr("not installed"));
            good = false;
            continue;
        }
        for (const QString &command : commands) {
            out << eventLine(event, Ctl::tr("installed (command %1)").arg(command));
            const QString program = HookSettings::programOf(command);
            const QString found = locateProgram(program);
            if (found.isEmpty()) {
                good = false;
                warnings << Ctl::tr(
                                "warning: the %1 hook runs %2, which does not exist; run `agentmonctl hooks "
                                "install` to point it at this agentmonctl")
                                .arg(HookSettings::eventKey(event), program);
            } else if (QFileInfo(found).canonicalFilePath() != self) {
                warnings << Ctl::tr("note: the %1 hook runs %2, not this agentmonctl (%3)")
                                .arg(HookSettings::eventKey(event), program, self);
            }
        }
        if (commands.size() > 1)
            warnings
                << Ctl::tr(
                       "warning: the %1 hook is installed %2 times; `agentmonctl hooks install` keeps one")
                       .arg(HookSettings::eventKey(event))
                       .arg(commands.size());
    }
    if (QJsonDocument::fromJson(settings.text).object().value(QLatin1String("disableAllHooks")).toBool()) {
        good = false;
        warnings << Ctl::tr("warning: \"disableAllHooks\" is true in %1: Claude Code runs no hooks at all")
                        .arg(path);
    }
    for (const QString &warning : std::as_const(warnings))
        out << warning << '\n';
    return good ? exitcode::Success : exitcode::Failure;
}

} // namespace

void quietUnlessHookDebug()
{
    if (!hookDebug())
        qInstallMessageHandler(dropMessage);
}

int runHook(const QStringList &arguments)
{
    QElapsedTimer timer;
    timer.start();
    const QString name = arguments.value(1);
    if (arguments.size() < 2 || name == QLatin1String("-h") || name == QLatin1String("--help")) {
        const QString help = Ctl::tr(
            "Usage: agentmonctl hook session-start|session-end\n"
            "\n"
            "What agentmon's Claude Code hooks run (see agentmonctl hooks install). Reads the hook's JSON\n"
            "on stdin: session-start registers the claude process above the hook under the hook's\n"
            "session_id with the running instance, session-end tells it that the session ended. Always\n"
            "exits 0 and prints nothing on stdout; AGENTMON_HOOK_DEBUG=1 says on stderr what it did.\n");
        if (arguments.size() < 2) {
            QTextStream(stderr) << help;
            return exitcode::Usage;
        }
        QTextStream(stdout) << help;
        return exitcode::Success;
    }
    std::optional<HookSettings::Event> event;
    for (const HookSettings::Event e : HookSettings::Events) {
        if (name == HookSettings::eventArgument(e))
            event = e;
    }
    if (!event || arguments.size() > 2) {
        hookSay(name,
                QStringLiteral("unknown event or extra arguments; expected session-start or session-end"),
                timer);
        return exitcode::Success; // a hook never fails the agent
    }

    const QByteArray input = readHookInput(HookInputTimeoutMs);
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(input, &parseError);
    const QJsonObject hook = document.object();
    QString session = hook.value(QLatin1String("session_id")).toString();
    if (session.contains(QLatin1Char('/')) || session.size() > 256)
        session.clear(); // an id the instance would refuse: let it name the session itself
    if (*event == HookSettings::Event::SessionEnd) {
        if (session.isEmpty()) {
            hookSay(name, QStringLiteral("no usable session_id in the hook's input"), timer);
            return exitcode::Success;
        }
        // /clear ends the conversation, not the process: the same claude goes on under the id that the
        // SessionStart hook (source "clear") registers next.
        if (hook.value(QLatin1String("reason")).toString() == QLatin1String("clear")) {
            hookSay(name,
                    QStringLiteral("session %1 was cleared; claude goes on, nothing to end").arg(session),
                    timer);
            return exitcode::Success;
        }
    }

    const QDeadlineTimer budget(HookBudgetMs);
    QString why;
    const auto client = connectToInstance(Paths(), &why, HookConnectTimeoutMs);
    if (!client) {
        hookSay(name, why, timer);
        return exitcode::Success;
    }
    auto remaining = [&budget] { return int(qMax<qint64>(1, budget.remainingTime())); };
    if (*event == HookSettings::Event::SessionStart) {
        const std::optional<Agent> agent = agentAbove();
        if (!agent) {
            hookSay(name, QStringLiteral("no claude process above this hook; nothing registered"), timer);
            return exitcode::Success;
        }
        QJsonObject body{{QStringLiteral("pid"), agent->key.pid},
                         {QStringLiteral("starttime"), qint64(agent->key.starttime)}};
        if (!session.isEmpty())
            body.insert(QLatin1String("session"), session);
        const auto reply = client->request("POST", QStringLiteral("/api/register"), body, remaining());
        hookSay(name,
                reply.ok()
                    ? QStringLiteral("registered pid %1 (%2) in session %3")
                          .arg(agent->key.pid)
                          .arg(agent->comm, reply.json.object().value(QLatin1String("session")).toString())
                    : QStringLiteral("registering pid %1 failed: %2").arg(agent->key.pid).arg(reply.error),
                timer);
    } else {
        const auto reply = client->request(
            "POST", QStringLiteral("/api/sessions/%1/end").arg(InstanceClient::encodeSegment(session)), {},
            remaining());
        hookSay(name,
                reply.ok() ? QStringLiteral("session %1 ended").arg(session)
                           : QStringLiteral("ending session %1 failed: %2").arg(session, reply.error),
                timer);
    }
    return exitcode::Success;
}

int runHooks(const QStringList &arguments)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    QCommandLineParser parser;
    parser.setApplicationDescription(Ctl::tr(
        "Add agentmon's hooks to Claude Code's settings.json (install), remove them (uninstall) or show them "
        "(status). SessionStart registers each session with the running instance, SessionEnd ends it.\n"
        "Only agentmon's entries are touched: every other byte of the file stays as it was, and a backup "
        "(settings.json.agentmon-backup-<time>) is written before any change."));
    parser.addPositionalArgument(QStringLiteral("install|uninstall|status"),
                                 Ctl::tr("Add the hooks, remove them, or show what is installed."));
    const QCommandLineOption settingsOption(
        QStringLiteral("settings"),
        Ctl::tr("The settings file (default: $CLAUDE_CONFIG_DIR/settings.json, or ~/.claude/settings.json)."),
        QStringLiteral("PATH"));
    const QCommandLineOption dryRunOption(QStringLiteral("dry-run"),
                                          Ctl::tr("Print the change as a diff on stdout; write nothing."));
    parser.addOptions({settingsOption, dryRunOption});
    if (const int stop = parseHooksArguments(parser, arguments); stop >= 0)
        return stop;
    const QStringList positional = parser.positionalArguments();
    const QString action = positional.value(0);
    if (positional.size() != 1 ||
        !QStringList{QStringLiteral("install"), QStringLiteral("uninstall"), QStringLiteral("status")}
             .contains(action)) {
        err << "agentmonctl hooks: "
            << Ctl::tr("usage: agentmonctl hooks install|uninstall|status [--settings PATH] [--dry-run]")
            << '\n';
        return exitcode::Usage;
    }
    const QString path = parser.isSet(settingsOption) ? QDir().absoluteFilePath(parser.value(settingsOption))
                                                      : defaultSettingsPath();
    QString error;
    const std::optional<SettingsFile> settings = readSettings(path, &error);
    if (!settings) {
        err << "agentmonctl hooks: " << error << '\n';
        return exitcode::Failure;
    }
    if (action == QLatin1String("status"))
        return hooksStatus(path, *settings);

    const bool install = action == QLatin1String("install");
    if (!install && !settings->exists) {
        out << Ctl::tr("no settings file %1; nothing to remove").arg(path) << '\n';
        return exitcode::Success;
    }
    const QString self = QCoreApplication::applicationFilePath();
    const HookSettings::Edit edit =
        install ? HookSettings::install(settings->text, self) : HookSettings::uninstall(settings->text);
    if (!edit.ok) {
        err << "agentmonctl hooks: " << path << ": " << edit.error << Ctl::tr("; the file was left as it is")
            << '\n';
        return exitcode::Failure;
    }

    const bool dryRun = parser.isSet(dryRunOption);
    QTextStream &report = dryRun ? err : out; // with --dry-run stdout holds the diff alone
    for (size_t i = 0; i < HookSettings::Events.size(); ++i) {
        const HookSettings::Event event = HookSettings::Events[i];
        const QString command = HookSettings::commandFor(self, event);
        switch (edit.changes[i]) {
        case HookSettings::Change::Added:
            report << eventLine(
                event,
                (dryRun ? Ctl::tr("would add (command %1)") : Ctl::tr("added (command %1)")).arg(command));
            break;
        case HookSettings::Change::Updated:
            report << eventLine(event,
                                (dryRun ? Ctl::tr("would update (command %1, was %2)")
                                        : Ctl::tr("updated (command %1, was %2)"))
                                    .arg(command, edit.previous[i].isEmpty() ? command : edit.previous[i]));
            break;
        case HookSettings::Change::Removed:
            report << eventLine(event, dryRun ? Ctl::tr("would remove") : Ctl::tr("removed"));
            break;
        case HookSettings::Change::None:
            report << eventLine(event, install ? Ctl::tr("already installed (command %1)").arg(command)
                                               : Ctl::tr("not installed"));
            break;
        }
    }
    report.flush();
    if (!edit.changed) {
        report << (install ? Ctl::tr("agentmon's hooks are already installed in %1; nothing changed")
                           : Ctl::tr("agentmon's hooks are not installed in %1; nothing changed"))
                      .arg(path)
               << '\n';
        return exitcode::Success;
    }
    if (dryRun) {
        out << HookSettings::unifiedDiff(settings->text, edit.text,
                                         settings->exists ? path : QStringLiteral("/dev/null"), path);
        out.flush();
        err << Ctl::tr("dry run: nothing was written") << '\n';
        return exitcode::Success;
    }
    QString backup;
    if (!writeSettings(path, *settings, edit.text, &backup, &error)) {
        err << "agentmonctl hooks: " << error << '\n';
        return exitcode::Failure;
    }
    if (settings->exists)
        out << Ctl::tr("wrote %1 (the previous version is in %2)").arg(path, backup) << '\n';
    else
        out << Ctl::tr("created %1").arg(path) << '\n';
    return exitcode::Success;
}

} // namespace agentmon
