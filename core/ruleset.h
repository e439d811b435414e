#pragma once

#include "processinfo.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace agentmon {

struct ProgramName;

// One condition on the program's arguments, written in rules as a single string:
//   "--output-format=stream-json"  the option with that value ("--output-format stream-json" or
//   "...=stream-json")
//   "--daemon"                      the option present (alone or as "--daemon=...")
//   "source */snapshot-*"           some argument matching the wildcard as a whole
struct ArgPattern {
    QString option;
    QString value; // wildcard; empty with option set: the option alone is enough
    bool positional = false;

    static ArgPattern parse(const QString &text);
    bool matches(const QStringList &argv, int from) const;
};

struct Rule {
    enum class Action { Classify, Cleanup, Protect };

    QString name;
    Action action = Action::Classify;
    ProcessClass cls = ProcessClass::Agent;
    QStringList programs; // wildcards on the program's base name
    QStringList paths;    // wildcards on the program's path as written
    QStringList
        argv0; // wildcards on the base name of argv[0] itself (before interpreters are looked through)
    QList<ArgPattern> args;    // all must match
    QList<ArgPattern> anyArgs; // at least one must match
    std::optional<bool> tty;   // controlling terminal required / forbidden

    bool matches(const QStringList &argv, const ProgramName &program, bool hasTty) const;
};

struct Classification {
    ProcessClass cls = ProcessClass::None;
    QString rule;          // name of the rule that gave the class
    bool userRule = false; // the class came from a user cleanup rule
    QString protectedBy;   // name of the protect rule that matched, empty when none

    bool isProtected() const { return !protectedBy.isEmpty(); }
    bool isAgent() const { return cls != ProcessClass::None; }
};

// Built-in rules (resource :/agentmon/rules/builtin-rules.json) plus a user's rules.json. User protect rules
// beat everything; user cleanup rules are tried before the built-ins. A bad user entry is reported and
// skipped, the good ones and the built-ins stay in force.
class RuleSet {
public:
    RuleSet(); // the built-ins only

    // Adds the rules of a user rules.json. A missing file is not an error. Returns false when anything in it
    // was rejected (see errors()).
    bool loadUserFile(const QString &path);
    bool loadUserJson(const QByteArray &json, const QString &sourceName);
    // Reads the user file again (it changed): its rules and errors replace the previous ones.
    bool reloadUserFile();

    Classification classify(const QStringList &argv, bool hasTty) const;

    const QStringList &errors() const { return m_errors; }
    const QList<Rule> &builtInRules() const { return m_builtIn; }
    const QList<Rule> &userRules() const { return m_user; }
    QString userFile() const { return m_userFile; }

    // Parses a rules document; rules that are wrong are left out and described in errors.
    static QList<Rule> parse(const QByteArray &json, const QString &sourceName, bool builtIn,
                             QStringList &errors);

private:
    QList<Rule> m_builtIn;
    QList<Rule> m_user;
    QString m_userFile;
    QStringList m_errors;
    qsizetype m_builtInErrors = 0; // the first errors are the built-ins' (a reload keeps them)
};

} // namespace agentmon
