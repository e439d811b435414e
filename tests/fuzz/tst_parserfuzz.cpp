// Seeded random and mutation fuzzing of the readers of input agentmon does not control: the /proc parsers
// (starting from tests/fixtures/proc and this process's own /proc files), the rules.json reader and the
// registry.json reader. Each case is a mutation of a real input or plain noise; the readers must not crash
// (a sanitized build also catches memory errors and undefined behaviour), must agree with simple reference
// readings where those exist, must say what is wrong with what they reject, and a corrupt registry must be
// set aside byte for byte and rebuilt, never lost.
//
// Reproduce: the seed is printed; AGENTMON_FUZZ_SEED=<seed> replays the run, AGENTMON_FUZZ_CASE=<n> only case
// n, AGENTMON_FUZZ_COUNT=<n> sets the number of cases of each test function.
#include "fuzzsupport.h"
#include "procparsers.h"
#include "registry.h"
#include "ruleset.h"
#include "testfiles.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringDecoder>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <unistd.h>

using namespace agentmon;
using namespace agentmon::test;

namespace {

QByteArray readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.read(1 << 20); // /proc files have no size: read up to 1 MiB
}

bool isUtf8(QByteArrayView bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder.decode(bytes); // decodes only when it becomes a QString
    Q_UNUSED(text);
    return !decoder.hasError();
}

// Tokens that parsers of numbers, parentheses and lines trip on.
const QList<QByteArray> &interestingTokens()
{
    static const QList<QByteArray> tokens = {"(",
                                             ")",
                                             ") ",
                                             " (",
                                             " ",
                                             "  ",
                                             "\t",
                                             "\n",
                                             QByteArray(1, '\0'),
                                             "-",
                                             "--",
                                             "0",
                                             "1",
                                             "18446744073709551615",
                                             "18446744073709551616",
                                             "-9223372036854775808",
                                             "9223372036854775807",
                                             "-9223372036854775809",
                                             "99999999999999999999999999",
                                             "4294967295",
                                             "4294967296",
                                             "2147483648",
                                             ":",
                                             "kB",
                                             "\nUid:",
                                             "Uid:\t",
                                             "MemTotal:",
                                             "MemAvailable:",
                                             "SwapTotal:",
                                             "SwapFree:",
                                             "Pss:",
                                             "Swap:",
                                             "SwapPss:",
                                             "some ",
                                             "full ",
                                             "avg10=",
                                             "avg60=",
                                             "nan",
                                             "inf",
                                             "1e999",
                                             "-0",
                                             "0x10",
                                             "\xff",
                                             "\xc3",
                                             "\xe2\x9c\x93",
                                             "CLAUDE_CODE_SESSION_ID=",
                                             "CLAUDECODE=1",
                                             "CLAUDE_PROJECT_DIR=",
                                             "CLAUDE_CODE_ENTRYPOINT=",
                                             "CLAUDE_CODE_CHILD_SESSION=1",
                                             "=",
                                             "C"};
    return tokens;
}

// One mutation of input: flipped bits, inserted, deleted, repeated or spliced bytes, interesting tokens.
QByteArray mutate(Rng &r, QByteArray data, const QList<QByteArray> &corpus)
{
    for (int n = r.pick({1, 1, 2, 3, 8}); n > 0; --n) {
        const int at = r.below(int(data.size()) + 1);
        switch (r.below(10)) {
        case 0:
            if (!data.isEmpty())
                data[qMin<qsizetype>(at, data.size() - 1)] ^= char(1 << r.below(8));
            break;
        case 1:
            if (!data.isEmpty())
                data[qMin<qsizetype>(at, data.size() - 1)] = char(r.next());
            break;
        case 2:
            data.insert(at, r.bytes(r.between(1, 8)));
            break;
        case 3:
            data.remove(at, r.between(1, 32));
            break;
        case 4:
            data.insert(at, r.pick(interestingTokens()));
            break;
        case 5: { // a piece of the input repeated
            const int from = r.below(int(data.size()) + 1);
            const QByteArray piece = data.mid(from, r.between(1, 64));
            data.insert(at, piece.repeated(r.between(1, 20)));
            break;
        }
        case 6: { // spliced with another input
            const QByteArray &other = r.pick(corpus);
            data = data.left(at) + other.mid(r.below(int(other.size()) + 1));
            break;
        }
        case 7:
            data.truncate(at);
            break;
        case 8: { // a number (digits and dots) changed into another, or into a word
            auto numeric = [](char c) { return (c >= '0' && c <= '9') || c == '.'; };
            qsizetype d = at;
            while (d < data.size() && !numeric(data.at(d)))
                ++d;
            qsizetype e = d;
            while (e < data.size() && numeric(data.at(e)))
                ++e;
            if (d < data.size())
                data.replace(d, e - d, r.pick(interestingTokens()));
            break;
        }
        default:
            data.replace(at, r.between(0, 4), r.pick(interestingTokens()));
        }
    }
    return data;
}

// Reference readings: slow and obvious, to compare the parsers with.
std::optional<quint64> referenceKeyedKb(const QByteArray &data, const QByteArray &key)
{
    for (const QByteArray &line : data.split('\n')) {
        if (!line.startsWith(key + ':'))
            continue;
        QByteArray rest = line.mid(key.size() + 1);
        while (rest.startsWith(' ') || rest.startsWith('\t'))
            rest.remove(0, 1);
        qsizetype digits = 0;
        while (digits < rest.size() && rest.at(digits) >= '0' && rest.at(digits) <= '9')
            ++digits;
        if (digits == 0)
            return std::nullopt;
        quint64 value = 0;
        for (qsizetype i = 0; i < digits; ++i)
            value = value * 10 + quint64(rest.at(i) - '0'); // wraps like the parser's "no overflow check"
        return value;
    }
    return std::nullopt;
}

std::optional<QString> referenceEnv(const QByteArray &data, const QByteArray &key)
{
    for (const QByteArray &entry : data.split('\0')) {
        if (entry.startsWith(key + '=') && entry.size() > key.size())
            return QString::fromUtf8(entry.mid(key.size() + 1));
    }
    return std::nullopt;
}

QString currentBootId()
{
    return QString::fromLatin1(readFile(QStringLiteral("/proc/sys/kernel/random/boot_id"))).trimmed();
}

} // namespace

class tst_ParserFuzz : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void procParsers();
    void rulesReader();
    void registryReader();

private:
    // Runs check(rng, index) for every case (or only AGENTMON_FUZZ_CASE); check returns what went wrong.
    template <typename Check> void runCases(int count, Check check);
    quint64 m_seed = 0;
};

void tst_ParserFuzz::initTestCase()
{
    m_seed = fuzzSeed();
    qInfo("parser fuzz seed %llu (replay with AGENTMON_FUZZ_SEED=%llu)", m_seed, m_seed);
}

template <typename Check> void tst_ParserFuzz::runCases(int count, Check check)
{
    const int only = fuzzOnlyCase();
    for (int i = 0; i < count; ++i) {
        if (only >= 0 && i != only)
            continue;
        quint64 function =
            14695981039346656037ULL; // FNV-1a of the test function's name: cases differ by function
        for (const char *c = QTest::currentTestFunction(); *c; ++c)
            function = (function ^ uchar(*c)) * 1099511628211ULL;
        Rng rng(caseSeed(m_seed ^ function, i));
        const QString problem = check(rng, i);
        if (!problem.isEmpty())
            QFAIL(qPrintable(
                QStringLiteral("seed %1, case %2 (replay: AGENTMON_FUZZ_SEED=%1 AGENTMON_FUZZ_CASE=%2): %3")
                    .arg(m_seed)
                    .arg(i)
                    .arg(problem)));
    }
}

void tst_ParserFuzz::procParsers()
{
    QList<QByteArray> corpus;
    const QDir fixtures(QStringLiteral(AGENTMON_FIXTURE_DIR "/proc"));
    const QStringList names = fixtures.entryList(QDir::Files, QDir::Name);
    for (const QString &name : names)
        corpus.append(readFile(fixtures.filePath(name)));
    // Not /proc/self/environ: a failure prints its input, and the environment is nobody's business.
    for (const char *path :
         {"/proc/self/stat", "/proc/self/cmdline", "/proc/self/status", "/proc/self/smaps_rollup",
          "/proc/meminfo", "/proc/pressure/memory", "/proc/1/stat"}) {
        const QByteArray bytes = readFile(QString::fromLatin1(path));
        if (!bytes.isEmpty())
            corpus.append(bytes);
    }
    QVERIFY2(corpus.size() > names.size(), "this process's /proc files are readable");
    QVERIFY(procparse::parseStat(readFile(QStringLiteral("/proc/self/stat"))).has_value());

    runCases(fuzzCount(50'000), [&](Rng &r, int) -> QString {
        QByteArray data;
        switch (r.below(10)) {
        case 0:
            data = r.bytes(r.between(0, 600));
            break;
        case 1: // many lines, long lines
            data = r.pick(corpus).repeated(r.between(2, 50));
            break;
        default:
            data = mutate(r, r.pick(corpus), corpus);
        }
        // The parsers read views; a copy of exactly the data's size lets a sanitizer see any overread.
        const QByteArray exact(data.constData(), data.size());
        auto where = [&data] {
            return QStringLiteral("input:\n") + QString::fromLatin1(printableDump(data));
        };

        if (const auto stat = procparse::parseStat(exact)) {
            const char *begin = exact.constData();
            if (stat->comm.data() < begin + 1 || stat->comm.data() + stat->comm.size() > begin + exact.size())
                return QStringLiteral("parseStat: comm is outside its input; ") + where();
            const qsizetype close = exact.lastIndexOf(')');
            if (stat->comm.data() + stat->comm.size() != begin + close)
                return QStringLiteral("parseStat: comm does not end at the last ')'; ") + where();
            quint64 pid = 0;
            QByteArrayView lead(exact);
            if (!procparse::parseUnsigned(lead, pid) || int(pid) != stat->pid)
                return QStringLiteral("parseStat: pid %1 is not the leading number; ").arg(stat->pid) +
                       where();
        }

        const QStringList argv = procparse::parseCmdline(exact);
        QByteArray chopped = exact;
        while (chopped.endsWith('\0'))
            chopped.chop(1);
        if (chopped.isEmpty() != argv.isEmpty())
            return QStringLiteral("parseCmdline: %1 arguments from %2 bytes; ")
                       .arg(argv.size())
                       .arg(chopped.size()) +
                   where();
        if (isUtf8(chopped) && !chopped.contains("\xef\xbb\xbf") && argv.join(QChar(0)).toUtf8() != chopped)
            return QStringLiteral("parseCmdline: the arguments do not join back into the input; ") + where();

        const EnvMarkers markers = procparse::parseEnvironMarkers(exact);
        const auto session = referenceEnv(exact, "CLAUDE_CODE_SESSION_ID");
        if (markers.sessionId != session.value_or(QString()))
            return QStringLiteral("parseEnvironMarkers: session \"%1\" where the first entry says \"%2\"; ")
                       .arg(markers.sessionId, session.value_or(QString())) +
                   where();
        if (markers.claudeCode != (referenceEnv(exact, "CLAUDECODE") == QStringLiteral("1")))
            return QStringLiteral("parseEnvironMarkers: CLAUDECODE read wrong; ") + where();

        const auto meminfo = procparse::parseMeminfo(exact);
        const auto total = referenceKeyedKb(exact, "MemTotal");
        if (meminfo.has_value() != total.has_value() || (meminfo && meminfo->memTotalKb != *total))
            return QStringLiteral("parseMeminfo: MemTotal read wrong; ") + where();

        const auto smaps = procparse::parseSmapsRollup(exact);
        const auto pss = referenceKeyedKb(exact, "Pss");
        if (smaps.has_value() != pss.has_value() || (smaps && smaps->pssKb != *pss))
            return QStringLiteral("parseSmapsRollup: Pss read wrong; ") + where();

        if (const auto psi = procparse::parsePressure(exact)) {
            for (const double value : {psi->someAvg10, psi->someAvg60, psi->fullAvg10, psi->fullAvg60}) {
                if (!std::isfinite(value))
                    return QStringLiteral("parsePressure: %1 accepted as a pressure; ").arg(value) + where();
            }
        }

        const auto uid = procparse::parseStatusRealUid(exact);
        const qsizetype at = exact.indexOf("\nUid:");
        if (uid.has_value() != (at >= 0 && referenceKeyedKb(exact.mid(at + 1), "Uid").has_value()))
            return QStringLiteral("parseStatusRealUid: found %1; ").arg(uid.has_value()) + where();
        return {};
    });
}

void tst_ParserFuzz::rulesReader()
{
    QFile builtIn(QStringLiteral(":/agentmon/rules/builtin-rules.json"));
    QVERIFY(builtIn.open(QIODevice::ReadOnly));
    const QByteArray builtInJson = builtIn.readAll();
    const QByteArray userJson = R"({"version": 1, "rules": [
        {"name": "keep-editor", "action": "protect", "program": ["nvim", "code*"], "tty": true},
        {"name": "my-worker", "action": "cleanup", "class": "daemon", "program": "my-worker",
         "args": ["--daemon"], "any_args": ["--port=*", "source */snapshot-*"]},
        {"action": "cleanup", "path": ["*/bin/agent-*"], "argv0": "agent?", "class": "agent"}]})";
    const QList<QByteArray> corpus = {builtInJson, userJson};
    // Command lines to classify with whatever rules survive.
    const QList<QStringList> argvs = {
        {QStringLiteral("claude")},
        {QStringLiteral("claude"), QStringLiteral("--output-format"), QStringLiteral("stream-json")},
        {QStringLiteral("node"), QStringLiteral("/usr/lib/node_modules/@anthropic-ai/claude-code/cli.js"),
         QStringLiteral("-p")},
        {QStringLiteral("/bin/bash"), QStringLiteral("-c"),
         QStringLiteral("source /home/u/.claude/shell-snapshots/snapshot-bash-1-x.sh && eval 'ls'")},
        {QStringLiteral("my-worker"), QStringLiteral("--daemon"), QStringLiteral("--port=4")},
        {QStringLiteral("npx"), QStringLiteral("-y"), QStringLiteral("@modelcontextprotocol/server-memory")},
        {QStringLiteral("nvim")},
        {QString()},
        {QStringLiteral("a").repeated(5000), QStringLiteral("*").repeated(300)},
    };
    const RuleSet reference;
    QVERIFY(reference.errors().isEmpty());

    runCases(fuzzCount(10'000), [&](Rng &r, int) -> QString {
        QByteArray json;
        switch (r.below(8)) {
        case 0:
            json = r.bytes(r.between(0, 300));
            break;
        case 1: { // a rule with hostile values in its fields
            QJsonObject rule;
            const QList<QJsonValue> values = {QJsonValue(QStringLiteral("*")),
                                              QJsonValue(QStringLiteral("**")),
                                              QJsonValue(QStringLiteral("*a*a*a*a*a*a*a*a*a*b")),
                                              QJsonValue(QString()),
                                              QJsonValue(42),
                                              QJsonValue(true),
                                              QJsonValue(),
                                              QJsonValue(QJsonArray{QStringLiteral("x"), 1}),
                                              QJsonValue(QJsonArray{}),
                                              QJsonValue(QJsonObject{}),
                                              QJsonValue(QStringLiteral("claude")),
                                              QJsonValue(QStringLiteral("--x=*")),
                                              QJsonValue(QStringLiteral("protect")),
                                              QJsonValue(QStringLiteral("cleanup")),
                                              QJsonValue(QStringLiteral("agent")),
                                              QJsonValue(QStringLiteral("a").repeated(r.between(1, 3000)))};
            for (const char *key : {"name", "action", "class", "program", "path", "argv0", "args", "any_args",
                                    "tty", "description", "unknown"}) {
                if (r.chance(60))
                    rule.insert(QLatin1String(key), r.pick(values));
            }
            json = QJsonDocument(QJsonObject{{QStringLiteral("rules"), QJsonArray{rule}}}).toJson();
            break;
        }
        default:
            json = mutate(r, r.pick(corpus), corpus);
        }
        auto where = [&json] {
            return QStringLiteral("rules.json:\n") + QString::fromLatin1(printableDump(json));
        };

        QStringList errors;
        const QList<Rule> rules = RuleSet::parse(json, QStringLiteral("rules.json"), false, errors);
        QJsonParseError parseError{};
        const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
        if (parseError.error != QJsonParseError::NoError) {
            if (!rules.isEmpty() || errors.size() != 1 ||
                !errors.first().contains(QLatin1String("not valid JSON")))
                return QStringLiteral("invalid JSON without a clear error: %1; ").arg(errors.join(u'|')) +
                       where();
            return {};
        }
        const QJsonValue array = document.object().value(QLatin1String("rules"));
        if (!document.isObject() || !array.isArray()) {
            if (!rules.isEmpty() || errors.isEmpty())
                return QStringLiteral("a document without a rules array was not reported; ") + where();
            return {};
        }
        // Every rule is either taken or reported, never silently dropped.
        if (rules.size() + errors.size() != array.toArray().size())
            return QStringLiteral("%1 rules taken and %2 reported out of %3; ")
                       .arg(rules.size())
                       .arg(errors.size())
                       .arg(array.toArray().size()) +
                   where();
        for (const QString &error : std::as_const(errors)) {
            if (!error.startsWith(QLatin1String("rules.json: rule ")))
                return QStringLiteral("an error that does not say which rule: %1; ").arg(error) + where();
        }
        for (const Rule &rule : rules) {
            if (rule.programs.isEmpty() && rule.paths.isEmpty() && rule.argv0.isEmpty())
                return QStringLiteral("rule \"%1\" matches by nothing; ").arg(rule.name) + where();
            if (rule.action == Rule::Action::Classify)
                return QStringLiteral("a user rule classifies; ") + where();
        }

        RuleSet set;
        const bool clean = set.loadUserJson(json, QStringLiteral("rules.json"));
        if (clean != errors.isEmpty())
            return QStringLiteral("loadUserJson says %1 with %2 errors; ").arg(clean).arg(errors.size()) +
                   where();
        for (const QStringList &argv : argvs) {
            const bool tty = r.chance(50);
            const Classification got = set.classify(argv, tty);
            const Classification builtInOnly = reference.classify(argv, tty);
            // Unless a user cleanup rule gave the class, the built-ins decide as they would alone.
            if (!got.userRule && (got.cls != builtInOnly.cls || got.rule != builtInOnly.rule))
                return QStringLiteral("%1 classified \"%2\" by \"%3\" instead of by the built-in \"%4\"; ")
                           .arg(argv.join(u' ').left(80), className(got.cls), got.rule, builtInOnly.rule) +
                       where();
        }
        return {};
    });
}

void tst_ParserFuzz::registryReader()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("registry.json"));
    const QString bootId = currentBootId();
    const ProcessKey self{int(::getpid()),
                          procparse::parseStat(readFile(QStringLiteral("/proc/self/stat")))->starttime};
    // Whether a key is alive, decided without /proc so that a case replays the same everywhere.
    const Registry::LivenessCheck alive = [self](const ProcessKey &key) {
        return key == self || key.pid % 3 == 0;
    };

    auto entry = [](int pid, quint64 start, const QString &id) {
        return QJsonObject{
            {QStringLiteral("id"), id},
            {QStringLiteral("pid"), pid},
            {QStringLiteral("starttime"), qint64(start)},
            {QStringLiteral("pgid"), pid},
            {QStringLiteral("session"), QStringLiteral("s-%1").arg(pid)},
            {QStringLiteral("kind"), QStringLiteral("registered")},
            {QStringLiteral("command"), QJsonArray{QStringLiteral("claude"), QStringLiteral("-p")}},
            {QStringLiteral("started_at"), QStringLiteral("2026-01-01T00:00:00.000Z")},
            {QStringLiteral("lineage"),
             QJsonArray{QJsonObject{{QStringLiteral("pid"), pid + 3},
                                    {QStringLiteral("starttime"), qint64(start + 1)}}}}};
    };
    const QByteArray valid =
        QJsonDocument(
            QJsonObject{{QStringLiteral("format"), QStringLiteral("agentmon-registry")},
                        {QStringLiteral("version"), 1},
                        {QStringLiteral("boot_id"), bootId},
                        {QStringLiteral("entries"),
                         QJsonArray{entry(self.pid, self.starttime, QStringLiteral("rg-000000000001")),
                                    entry(300, 12345, QStringLiteral("sp-000000000002")),
                                    entry(601, 99, QStringLiteral("dc-000000000003")),
                                    entry(903, 7, QStringLiteral("rg-000000000004"))}}})
            .toJson();
    const QList<QByteArray> corpus = {valid, QJsonDocument::fromJson(valid).toJson(QJsonDocument::Compact)};

    runCases(fuzzCount(400), [&](Rng &r, int) -> QString {
        QByteArray bytes;
        switch (r.below(8)) {
        case 0:
            bytes = r.bytes(r.between(0, 400));
            break;
        case 1: { // a field of the document or of an entry replaced by a value of another type
            QJsonObject root = QJsonDocument::fromJson(valid).object();
            const QList<QJsonValue> values = {QJsonValue(),
                                              QJsonValue(-1),
                                              QJsonValue(1.5),
                                              QJsonValue(1e300),
                                              QJsonValue(QStringLiteral("x")),
                                              QJsonValue(true),
                                              QJsonValue(QJsonArray{}),
                                              QJsonValue(QJsonObject{}),
                                              QJsonValue(9007199254740993.0),
                                              QJsonValue(2147483648.0),
                                              QJsonValue(QJsonValue::Undefined)};
            if (r.chance(30)) {
                const char *key = r.pick({"format", "version", "boot_id", "entries"});
                root.insert(QLatin1String(key), r.pick(values));
            } else {
                QJsonArray entries = root.value(QLatin1String("entries")).toArray();
                const int index = r.below(int(entries.size()));
                QJsonObject e = entries.at(index).toObject();
                const char *key = r.pick({"id", "pid", "starttime", "pgid", "session", "kind", "command",
                                          "started_at", "lineage"});
                const QJsonValue value = r.pick(values);
                if (value.isUndefined())
                    e.remove(QLatin1String(key));
                else
                    e.insert(QLatin1String(key), value);
                entries[index] = e;
                if (r.chance(20))
                    entries.append(entries.at(index)); // a repeated entry
                root.insert(QLatin1String("entries"), entries);
            }
            bytes = QJsonDocument(root).toJson();
            break;
        }
        default:
            bytes = mutate(r, r.pick(corpus), corpus);
        }
        auto where = [&bytes] {
            return QStringLiteral("registry.json:\n") + QString::fromLatin1(printableDump(bytes));
        };
        if (!writeAll(file, bytes))
            return QStringLiteral("cannot write %1").arg(file);

        // What the file is, read the way design.md describes: ours (kept, bad entries skipped) or not
        // (moved aside and rebuilt).
        const QJsonDocument document = QJsonDocument::fromJson(bytes);
        const QJsonObject root = document.object();
        const QJsonValue version = root.value(QLatin1String("version"));
        const bool ours =
            document.isObject() &&
            root.value(QLatin1String("format")).toString() == QLatin1String("agentmon-registry") &&
            version.isDouble() && version.toDouble() == 1 &&
            root.value(QLatin1String("boot_id")).isString() && root.value(QLatin1String("entries")).isArray();

        QString problem;
        QList<RegistryEntry> adopted;
        {
            Registry registry(file, bootId);
            registry.setLivenessCheck(alive);
            if (!registry.open())
                return QStringLiteral("open() failed: %1").arg(registry.errorString());
            adopted = registry.entries();
            if (registry.wasRebuilt() == ours)
                problem = QStringLiteral("rebuilt: %1, but the file is %2ours; warnings: %3; ")
                              .arg(registry.wasRebuilt())
                              .arg(ours ? QString() : QStringLiteral("not "))
                              .arg(registry.warnings().join(u'|'));
            if (ours && adopted.size() > root.value(QLatin1String("entries")).toArray().size())
                problem = QStringLiteral("more entries adopted than the file has; ");
            for (const RegistryEntry &e : std::as_const(adopted)) {
                if (!alive(e.key) || e.id.isEmpty())
                    problem = QStringLiteral("adopted an entry that is dead or has no id; ");
            }
            if (!registry.flush())
                problem = QStringLiteral("flush failed: %1; ").arg(registry.lastError());
        }
        if (!problem.isEmpty())
            return problem + where();

        const QStringList aside =
            QDir(dir.path()).entryList({QStringLiteral("registry.json.corrupt-*")}, QDir::Files);
        if (ours != aside.isEmpty())
            return QStringLiteral("%1 files set aside for a file that is %2ours; ")
                       .arg(aside.size())
                       .arg(ours ? QString() : QStringLiteral("not ")) +
                   where();
        if (!ours) {
            // Never lost: the corrupt bytes are kept as they were.
            if (aside.size() != 1 || readAll(dir.filePath(aside.first())) != bytes)
                return QStringLiteral("the corrupt file was not set aside byte for byte (%1); ")
                           .arg(aside.join(u',')) +
                       where();
            QFile::remove(dir.filePath(aside.first()));
        }
        // What was written back is a registry that reads again to the same entries.
        Registry again(file, bootId);
        again.setLivenessCheck(alive);
        if (!again.open() || again.wasRebuilt() || again.entries() != adopted)
            return QStringLiteral(
                       "the registry written back does not read again to the same %1 entries (%2); ")
                       .arg(adopted.size())
                       .arg(again.warnings().join(u'|')) +
                   where();
        return {};
    });
}

QTEST_GUILESS_MAIN(tst_ParserFuzz)
#include "tst_parserfuzz.moc"
