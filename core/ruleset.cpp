#include "ruleset.h"

#include "commandline.h"
#include "coretext.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace agentmon {

ArgPattern ArgPattern::parse(const QString &text)
{
    ArgPattern pattern;
    if (!text.startsWith(QLatin1Char('-'))) {
        pattern.positional = true;
        pattern.value = text;
        return pattern;
    }
    const qsizetype eq = text.indexOf(QLatin1Char('='));
    if (eq < 0) {
        pattern.option = text;
    } else {
        pattern.option = text.left(eq);
        pattern.value = text.mid(eq + 1);
    }
    return pattern;
}

bool ArgPattern::matches(const QStringList &argv, int from) const
{
    for (int i = qMax(from, 0); i < argv.size(); ++i) {
        const QString &token = argv.at(i);
        if (positional) {
            if (globMatch(value, token))
                return true;
            continue;
        }
        if (token == option) {
            if (value.isEmpty())
                return true;
            if (i + 1 < argv.size() && globMatch(value, argv.at(i + 1)))
                return true;
        } else if (token.size() > option.size() && token.startsWith(option) &&
                   token.at(option.size()) == QLatin1Char('=')) {
            if (value.isEmpty() || globMatch(value, QStringView(token).mid(option.size() + 1)))
                return true;
        }
    }
    return false;
}

bool Rule::matches(const QStringList &argv, const ProgramName &program, bool hasTty) const
{
    if (argv.isEmpty())
        return false;
    if (tty && *tty != hasTty)
        return false;
    const bool anyNameCondition = !programs.isEmpty() || !paths.isEmpty() || !argv0.isEmpty();
    bool nameMatched = !anyNameCondition;
    for (const QString &glob : programs) {
        if (globMatch(glob, program.base)) {
            nameMatched = true;
            break;
        }
    }
    if (!nameMatched) {
        for (const QString &glob : paths) {
            if (globMatch(glob, program.path)) {
                nameMatched = true;
                break;
            }
        }
    }
    if (!nameMatched && !argv0.isEmpty()) {
        const QString first = baseName(argv.first());
        for (const QString &glob : argv0) {
            if (globMatch(glob, first)) {
                nameMatched = true;
                break;
            }
        }
    }
    if (!nameMatched)
        return false;
    const int from = program.index + 1;
    for (const ArgPattern &arg : args) {
        if (!arg.matches(argv, from))
            return false;
    }
    if (!anyArgs.isEmpty()) {
        bool any = false;
        for (const ArgPattern &arg : anyArgs) {
            if (arg.matches(argv, from)) {
                any = true;
                break;
            }
        }
        if (!any)
            return false;
    }
    return true;
}

namespace {

bool readStringList(const QJsonObject &object, const QString &key, QStringList &out, QString &problem)
{
    const QJsonValue value = object.value(key);
    if (value.isUndefined())
        return true;
    if (value.isString()) {
        out = {value.toString()};
    } else if (value.isArray()) {
        for (const QJsonValue &item : value.toArray()) {
            if (!item.isString() || item.toString().isEmpty()) {
                problem = QStringLiteral("\"%1\" must hold non-empty strings").arg(key);
                return false;
            }
            out.append(item.toString());
        }
    } else {
        problem = QStringLiteral("\"%1\" must be a string or an array of strings").arg(key);
        return false;
    }
    return true;
}

std::optional<Rule> parseRule(const QJsonObject &object, bool builtIn, QString &problem)
{
    static const QStringList known = {QStringLiteral("name"),  QStringLiteral("action"),
                                      QStringLiteral("class"), QStringLiteral("program"),
                                      QStringLiteral("path"),  QStringLiteral("argv0"),
                                      QStringLiteral("args"),  QStringLiteral("any_args"),
                                      QStringLiteral("tty"),   QStringLiteral("description")};
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!known.contains(it.key())) {
            problem = QStringLiteral("unknown key \"%1\"").arg(it.key());
            return std::nullopt;
        }
    }
    Rule rule;
    rule.name = object.value(QLatin1String("name")).toString();
    const QString action =
        object.value(QLatin1String("action")).toString(builtIn ? QStringLiteral("classify") : QString());
    if (action == QLatin1String("classify") && builtIn) {
        rule.action = Rule::Action::Classify;
    } else if (action == QLatin1String("cleanup")) {
        rule.action = Rule::Action::Cleanup;
    } else if (action == QLatin1String("protect")) {
        rule.action = Rule::Action::Protect;
    } else {
        problem = QStringLiteral("\"action\" must be \"cleanup\" or \"protect\", not \"%1\"").arg(action);
        return std::nullopt;
    }
    const QJsonValue cls = object.value(QLatin1String("class"));
    if (!cls.isUndefined()) {
        const auto parsed = processClassFromString(cls.toString());
        if (!parsed || *parsed == ProcessClass::None) {
            problem = QStringLiteral("unknown class \"%1\" (session, agent, mcp, tool, daemon, child)")
                          .arg(cls.toString());
            return std::nullopt;
        }
        rule.cls = *parsed;
    }
    QStringList args;
    QStringList anyArgs;
    if (!readStringList(object, QStringLiteral("program"), rule.programs, problem) ||
        !readStringList(object, QStringLiteral("path"), rule.paths, problem) ||
        !readStringList(object, QStringLiteral("argv0"), rule.argv0, problem) ||
        !readStringList(object, QStringLiteral("args"), args, problem) ||
        !readStringList(object, QStringLiteral("any_args"), anyArgs, problem))
        return std::nullopt;
    if (rule.programs.isEmpty() && rule.paths.isEmpty() && rule.argv0.isEmpty()) {
        problem = QStringLiteral("needs \"program\", \"path\" or \"argv0\"");
        return std::nullopt;
    }
    // A lone "*" would match every process on the machine: not a rule anyone means to write.
    for (const QStringList *list : {&rule.programs, &rule.paths, &rule.argv0}) {
        for (const QString &glob : *list) {
            if (glob.count(QLatin1Char('*')) == glob.size()) {
                problem = QStringLiteral("the wildcard \"%1\" matches every process").arg(glob);
                return std::nullopt;
            }
        }
    }
    for (const QString &arg : std::as_const(args))
        rule.args.append(ArgPattern::parse(arg));
    for (const QString &arg : std::as_const(anyArgs))
        rule.anyArgs.append(ArgPattern::parse(arg));
    const QJsonValue tty = object.value(QLatin1String("tty"));
    if (!tty.isUndefined()) {
        if (!tty.isBool()) {
            problem = QStringLiteral("\"tty\" must be true or false");
            return std::nullopt;
        }
        rule.tty = tty.toBool();
    }
    if (rule.name.isEmpty())
        rule.name = rule.programs.value(0, rule.paths.value(0, rule.argv0.value(0)));
    return rule;
}

} // namespace

QList<Rule> RuleSet::parse(const QByteArray &json, const QString &sourceName, bool builtIn,
                           QStringList &errors)
{
    QList<Rule> rules;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        errors.append(coreText(CoreText::RulesNotJson)
                          .arg(sourceName)
                          .arg(parseError.offset)
                          .arg(parseError.errorString()));
        return rules;
    }
    if (!doc.isObject() || !doc.object().value(QLatin1String("rules")).isArray()) {
        errors.append(QStringLiteral("%1: expected an object with a \"rules\" array").arg(sourceName));
        return rules;
    }
    const QJsonArray array = doc.object().value(QLatin1String("rules")).toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QJsonValue value = array.at(i);
        const QString label = value.toObject().value(QLatin1String("name")).toString();
        const QString where =
            label.isEmpty() ? coreText(CoreText::RuleNumber).arg(sourceName).arg(i + 1)
                            : QStringLiteral("%1: rule %2 (\"%3\")").arg(sourceName).arg(i + 1).arg(label);
        if (!value.isObject()) {
            errors.append(coreText(CoreText::RuleMustBeObject).arg(where));
            continue;
        }
        QString problem;
        if (auto rule = parseRule(value.toObject(), builtIn, problem))
            rules.append(*rule);
        else
            errors.append(coreText(CoreText::RuleIgnored).arg(where, problem));
    }
    return rules;
}

RuleSet::RuleSet()
{
    QFile file(QStringLiteral(":/agentmon/rules/builtin-rules.json"));
    if (!file.open(QIODevice::ReadOnly)) {
        m_errors.append(coreText(CoreText::BuiltInRulesMissing));
        return;
    }
    m_builtIn = parse(file.readAll(), coreText(CoreText::BuiltInRules), true, m_errors);
    m_builtInErrors = m_errors.size();
}

bool RuleSet::loadUserFile(const QString &path)
{
    m_userFile = path;
    QFile file(path);
    if (!file.exists())
        return true;
    if (!file.open(QIODevice::ReadOnly)) {
        m_errors.append(coreText(CoreText::CannotBeRead).arg(path, file.errorString()));
        return false;
    }
    return loadUserJson(file.readAll(), path);
}

bool RuleSet::reloadUserFile()
{
    m_user.clear();
    m_errors.resize(m_builtInErrors);
    return m_userFile.isEmpty() || loadUserFile(m_userFile);
}

bool RuleSet::loadUserJson(const QByteArray &json, const QString &sourceName)
{
    const qsizetype before = m_errors.size();
    m_user = parse(json, sourceName, false, m_errors);
    return m_errors.size() == before;
}

Classification RuleSet::classify(const QStringList &argv, bool hasTty) const
{
    Classification result;
    if (argv.isEmpty())
        return result;
    const ProgramName program = resolveProgram(argv);
    for (const Rule &rule : m_user) {
        if (!rule.matches(argv, program, hasTty))
            continue;
        if (rule.action == Rule::Action::Protect) {
            if (result.protectedBy.isEmpty())
                result.protectedBy = rule.name;
        } else if (result.cls == ProcessClass::None) {
            result.cls = rule.cls;
            result.rule = rule.name;
            result.userRule = true;
        }
    }
    if (result.cls == ProcessClass::None) {
        for (const Rule &rule : m_builtIn) {
            if (rule.matches(argv, program, hasTty)) {
                result.cls = rule.cls;
                result.rule = rule.name;
                break;
            }
        }
    }
    return result;
}

} // namespace agentmon
