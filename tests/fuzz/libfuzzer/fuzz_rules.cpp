// libFuzzer harness: the bytes as a user rules.json, and the rules that survive classifying a few command
// lines. Every rule must be taken or reported, and a user rule never classifies on its own.
#include "ruleset.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

using namespace agentmon;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const RuleSet builtIns;
    static const QList<QStringList> argvs = {
        {QStringLiteral("claude")},
        {QStringLiteral("claude"), QStringLiteral("--output-format"), QStringLiteral("stream-json")},
        {QStringLiteral("node"), QStringLiteral("/usr/lib/node_modules/@anthropic-ai/claude-code/cli.js")},
        {QStringLiteral("/bin/bash"), QStringLiteral("-c"),
         QStringLiteral("source /home/u/.claude/shell-snapshots/snapshot-bash-1-x.sh && eval 'ls'")},
        {QStringLiteral("my-worker"), QStringLiteral("--daemon"), QStringLiteral("--port=4")},
        {QString()},
    };
    const QByteArray json(reinterpret_cast<const char *>(data), qsizetype(size));
    QStringList errors;
    const QList<Rule> rules = RuleSet::parse(json, QStringLiteral("rules.json"), false, errors);
    for (const Rule &rule : rules) {
        if (rule.action == Rule::Action::Classify ||
            (rule.programs.isEmpty() && rule.paths.isEmpty() && rule.argv0.isEmpty()))
            std::abort();
    }
    RuleSet set = builtIns;
    if (set.loadUserJson(json, QStringLiteral("rules.json")) != errors.isEmpty())
        std::abort();
    for (const QStringList &argv : argvs) {
        const Classification got = set.classify(argv, size % 2);
        const Classification alone = builtIns.classify(argv, size % 2);
        if (!got.userRule && (got.cls != alone.cls || got.rule != alone.rule))
            std::abort();
    }
    return 0;
}
