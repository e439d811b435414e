#include "coretext.h"

#include <QCoreApplication>
#include <QHash>
#include <QMutex>
#include <QRegularExpression>

#include <algorithm>
#include <array>
#include <vector>

namespace agentmon {

namespace {

struct Entry {
    CoreText id;
    const char *source;
};

// In the order of the enum (tst_coretext checks it). Keep each template specific: the translator finds a
// sentence's template by matching, so two templates must not both match one sentence of the other.
constexpr std::array kTable{
    Entry{CoreText::ProtectedByRuleSuffix,
          QT_TRANSLATE_NOOP("agentmon::CoreText", "%1; protected by rule %2")},
    Entry{CoreText::ZombieNotReaped,
          QT_TRANSLATE_NOOP("agentmon::CoreText", "exited; parent %1 has not reaped it")},
    Entry{CoreText::ParentExitedAgo, QT_TRANSLATE_NOOP("agentmon::CoreText", "parent %1 exited %2 ago")},
    Entry{CoreText::AdoptedByInit, QT_TRANSLATE_NOOP("agentmon::CoreText", "adopted by PID 1")},
    Entry{CoreText::AdoptedBySubreaper, QT_TRANSLATE_NOOP("agentmon::CoreText", "adopted by subreaper %1")},
    Entry{CoreText::NowChildOf, QT_TRANSLATE_NOOP("agentmon::CoreText", "now child of %1")},
    Entry{CoreText::AdoptedByYounger,
          QT_TRANSLATE_NOOP("agentmon::CoreText", "adopted by %1, which started after it")},
    Entry{CoreText::SessionEndedAgo, QT_TRANSLATE_NOOP("agentmon::CoreText", "session %1 ended %2 ago")},
    Entry{CoreText::LeftoverAfter,
          QT_TRANSLATE_NOOP("agentmon::CoreText", "%1; a leftover if still alive after %2")},
    Entry{CoreText::Joined, QT_TRANSLATE_NOOP("agentmon::CoreText", "%1; %2")},
    Entry{CoreText::ParentExitedAdopted, QT_TRANSLATE_NOOP("agentmon::CoreText", "parent exited; %1")},
    Entry{CoreText::IdleUnderDaemon,
          QT_TRANSLATE_NOOP("agentmon::CoreText", "below %1% CPU for %2 under daemon %3")},
    Entry{CoreText::StaleWithoutSession,
          QT_TRANSLATE_NOOP("agentmon::CoreText",
                            "running for %1 (max %2) without a live interactive session")},
    Entry{CoreText::InteractiveSessionOn,
          QT_TRANSLATE_NOOP("agentmon::CoreText", "interactive session on %1")},
    Entry{CoreText::AgentDaemon, QT_TRANSLATE_NOOP("agentmon::CoreText", "agent daemon")},
    Entry{CoreText::StartedBy, QT_TRANSLATE_NOOP("agentmon::CoreText", "%1 started by %2")},
    Entry{CoreText::InLiveSession,
          QT_TRANSLATE_NOOP("agentmon::CoreText", "in live session %1, child of %2")},
    Entry{CoreText::InMarkerSession,
          QT_TRANSLATE_NOOP("agentmon::CoreText",
                            "in session %1 (known by its markers; its agent was not seen), child of %2")},
    Entry{CoreText::InSession, QT_TRANSLATE_NOOP("agentmon::CoreText", "in session %1, child of %2")},
    Entry{CoreText::ChildOf, QT_TRANSLATE_NOOP("agentmon::CoreText", "child of %1")},
    Entry{CoreText::RegisteredPending,
          QT_TRANSLATE_NOOP("agentmon::CoreText", "registered; judged at the next sample")},
    Entry{CoreText::ClassSession, QT_TRANSLATE_NOOP("agentmon::CoreText", "session")},
    Entry{CoreText::ClassAgent, QT_TRANSLATE_NOOP("agentmon::CoreText", "agent")},
    Entry{CoreText::ClassMcp, QT_TRANSLATE_NOOP("agentmon::CoreText", "mcp")},
    Entry{CoreText::ClassTool, QT_TRANSLATE_NOOP("agentmon::CoreText", "tool")},
    Entry{CoreText::ClassDaemon, QT_TRANSLATE_NOOP("agentmon::CoreText", "daemon")},
    Entry{CoreText::ClassChild, QT_TRANSLATE_NOOP("agentmon::CoreText", "child")},

    Entry{CoreText::Zombie, QT_TRANSLATE_NOOP("agentmon::CoreText", "zombie: %1")},
    Entry{CoreText::KernelThread, QT_TRANSLATE_NOOP("agentmon::CoreText", "kernel thread")},
    Entry{CoreText::BelongsToUid, QT_TRANSLATE_NOOP("agentmon::CoreText", "belongs to uid %1")},
    Entry{CoreText::IdentityUnverified,
          QT_TRANSLATE_NOOP("agentmon::CoreText", "gone, or its identity could not be verified")},
    Entry{CoreText::ProtectedByRule, QT_TRANSLATE_NOOP("agentmon::CoreText", "protected by rule %1")},
    Entry{CoreText::YoungerThanMinimum,
          QT_TRANSLATE_NOOP("agentmon::CoreText", "younger than the minimum age (%1 of %2)")},
    Entry{CoreText::InLiveInteractiveSession,
          QT_TRANSLATE_NOOP("agentmon::CoreText", "in the live interactive session %1")},
    Entry{CoreText::StartedByReaped,
          QT_TRANSLATE_NOOP("agentmon::CoreText", "started by %1, which is reaped")},
    Entry{CoreText::PidReused,
          QT_TRANSLATE_NOOP("agentmon::CoreText", "gone, or its pid now belongs to another process")},
    Entry{CoreText::StartedByKilled,
          QT_TRANSLATE_NOOP("agentmon::CoreText", "started by %1, which is killed")},
    Entry{CoreText::FoundDuringReap,
          QT_TRANSLATE_NOOP("agentmon::CoreText",
                            "found while the reap ran (process group or child of a target)")},
    Entry{CoreText::OwnerUnreadable, QT_TRANSLATE_NOOP("agentmon::CoreText", "its owner could not be read")},
    Entry{CoreText::NeverSignalled, QT_TRANSLATE_NOOP("agentmon::CoreText", "pid %1 is never signalled")},
    Entry{CoreText::AgentmonItself, QT_TRANSLATE_NOOP("agentmon::CoreText", "agentmon itself")},
    Entry{CoreText::AncestorOfAgentmon, QT_TRANSLATE_NOOP("agentmon::CoreText", "an ancestor of agentmon")},

    Entry{CoreText::LevelOk, QT_TRANSLATE_NOOP("agentmon::CoreText", "ok")},
    Entry{CoreText::LevelWarning, QT_TRANSLATE_NOOP("agentmon::CoreText", "warning")},
    Entry{CoreText::LevelCritical, QT_TRANSLATE_NOOP("agentmon::CoreText", "critical")},
    Entry{CoreText::PsiFullAbove, QT_TRANSLATE_NOOP("agentmon::CoreText", "PSI full avg10 %1 > %2")},
    Entry{CoreText::MemAvailableBelow, QT_TRANSLATE_NOOP("agentmon::CoreText", "MemAvailable %1 < %2")},
    Entry{CoreText::SwapUsedAbove, QT_TRANSLATE_NOOP("agentmon::CoreText", "swap used %1 > %2")},
    Entry{CoreText::PsiSomeAbove, QT_TRANSLATE_NOOP("agentmon::CoreText", "PSI some avg10 %1 > %2")},
    Entry{CoreText::ZombiesAbove, QT_TRANSLATE_NOOP("agentmon::CoreText", "zombies %1 > %2")},
    Entry{CoreText::WithHysteresis, QT_TRANSLATE_NOOP("agentmon::CoreText", "%1 (%2 hysteresis)")},
    Entry{CoreText::PercentOfMb, QT_TRANSLATE_NOOP("agentmon::CoreText", "%1% of %2 MB")},
    Entry{CoreText::LevelKept,
          QT_TRANSLATE_NOOP("agentmon::CoreText", "%1 kept for at least %2 s (entered %3 s ago)")},

    Entry{CoreText::LeakText,
          QT_TRANSLATE_NOOP("agentmon::CoreText", "session %1 ended %2 ago: %3, %4 left")},
    Entry{CoreText::LeakTextAtLeast,
          QT_TRANSLATE_NOOP("agentmon::CoreText", "session %1 ended at least %2 ago: %3, %4 left")},
    Entry{CoreText::OneProcess, QT_TRANSLATE_NOOP("agentmon::CoreText", "%1 process")},
    Entry{CoreText::ManyProcesses, QT_TRANSLATE_NOOP("agentmon::CoreText", "%1 processes")},
    Entry{CoreText::Copies, QT_TRANSLATE_NOOP("agentmon::CoreText", "%1 copies of %2 (%3)")},
    Entry{CoreText::NotEnoughSamples, QT_TRANSLATE_NOOP("agentmon::CoreText", "not enough samples yet")},
    Entry{CoreText::Stable, QT_TRANSLATE_NOOP("agentmon::CoreText", "stable")},
    Entry{CoreText::OneAgentProcessPerHour,
          QT_TRANSLATE_NOOP("agentmon::CoreText", "~%1 agent process/hour")},
    Entry{CoreText::AgentProcessesPerHour,
          QT_TRANSLATE_NOOP("agentmon::CoreText", "~%1 agent processes/hour")},
    Entry{CoreText::AgentMemoryPerHour, QT_TRANSLATE_NOOP("agentmon::CoreText", "agent memory +%1/hour")},
    Entry{CoreText::JoinedComma, QT_TRANSLATE_NOOP("agentmon::CoreText", "%1, %2")},
    Entry{CoreText::MemoryExhaustedIn, QT_TRANSLATE_NOOP("agentmon::CoreText", "%1; memory exhausted in %2")},
    Entry{CoreText::MemoryExhausted, QT_TRANSLATE_NOOP("agentmon::CoreText", "%1; memory exhausted")},

    Entry{CoreText::CorrectItIn, QT_TRANSLATE_NOOP("agentmon::CoreText", "correct it in %1")},
    Entry{CoreText::FixRulesEntry,
          QT_TRANSLATE_NOOP("agentmon::CoreText", "fix the entry in %1; the built-in rules stay in force")},
    Entry{CoreText::TokenReadable,
          QT_TRANSLATE_NOOP("agentmon::CoreText", "the API token %1 is readable by other users")},
    Entry{CoreText::InstanceNoAnswer,
          QT_TRANSLATE_NOOP("agentmon::CoreText", "the instance does not answer /api/doctor: %1")},
    Entry{CoreText::RestartInstance,
          QT_TRANSLATE_NOOP("agentmon::CoreText", "restart it (agentmonctl daemon, or the agentmon app)")},
    Entry{CoreText::NotValidJson, QT_TRANSLATE_NOOP("agentmon::CoreText", "%1 is not valid JSON")},
    Entry{CoreText::RebuiltAtNextStart,
          QT_TRANSLATE_NOOP("agentmon::CoreText", "it is moved aside and rebuilt when agentmon next starts")},
    Entry{CoreText::DeadRegistryEntries,
          QT_TRANSLATE_NOOP("agentmon::CoreText", "%1 registry entries belong to processes that exited")},
    Entry{CoreText::StartToPrune,
          QT_TRANSLATE_NOOP("agentmon::CoreText", "start agentmon (or agentmonctl daemon): it prunes them")},
    Entry{CoreText::CheckFreeSpace,
          QT_TRANSLATE_NOOP("agentmon::CoreText", "check free space and permissions of %1")},
    Entry{CoreText::PrunedBySweep,
          QT_TRANSLATE_NOOP("agentmon::CoreText", "they are pruned by the next health sweep (every %1 s)")},
    Entry{CoreText::ClaudeDrift,
          QT_TRANSLATE_NOOP("agentmon::CoreText",
                            "%1 processes named claude running, %2 matched by the rules")},
    Entry{CoreText::AddCleanupRule,
          QT_TRANSLATE_NOOP("agentmon::CoreText", "add a cleanup rule for them to %1")},
    Entry{CoreText::NoPidfd,
          QT_TRANSLATE_NOOP("agentmon::CoreText",
                            "pidfd_open is not available: agentmon cannot verify a process before "
                            "signalling it, so it signals nothing")},
    Entry{CoreText::NeedNewerKernel,
          QT_TRANSLATE_NOOP("agentmon::CoreText", "run a Linux kernel of 5.3 or later")},
    Entry{CoreText::NoPsi,
          QT_TRANSLATE_NOOP(
              "agentmon::CoreText",
              "no /proc/pressure/memory: memory pressure is judged from MemAvailable and swap only")},
    Entry{CoreText::BootWithPsi,
          QT_TRANSLATE_NOOP("agentmon::CoreText", "boot with psi=1 (Linux 4.20 or later, CONFIG_PSI)")},
    Entry{CoreText::AuditLogUnavailable,
          QT_TRANSLATE_NOOP("agentmon::CoreText", "the kill audit log %1 is unavailable: %2")},
    Entry{CoreText::MemoryPressureIs, QT_TRANSLATE_NOOP("agentmon::CoreText", "memory pressure is %1: %2")},
    Entry{CoreText::DryRunShows,
          QT_TRANSLATE_NOOP("agentmon::CoreText",
                            "agentmonctl reap --once --dry-run shows what a reaper pass would free")},
    Entry{CoreText::NoSubreaper,
          QT_TRANSLATE_NOOP("agentmon::CoreText", "agentmon could not become a child subreaper")},
    Entry{CoreText::NeedLinux34,
          QT_TRANSLATE_NOOP("agentmon::CoreText",
                            "needs Linux 3.4 or later; orphans of launched agents go to PID 1 instead")},
    Entry{CoreText::SamplesNotRecorded,
          QT_TRANSLATE_NOOP("agentmon::CoreText", "%1 (%2 samples not recorded so far)")},
    Entry{CoreText::AuditRowsPending,
          QT_TRANSLATE_NOOP("agentmon::CoreText", "%1 rows of the kill audit log are not written yet: %2")},
    Entry{CoreText::AuditRowsKept,
          QT_TRANSLATE_NOOP(
              "agentmon::CoreText",
              "they are kept and written once %1 has room again; check free space and permissions of %1")},
    Entry{CoreText::AuditRowsLost,
          QT_TRANSLATE_NOOP("agentmon::CoreText",
                            "%1 rows of the kill audit log were lost: too many waited to be written")},

    Entry{CoreText::SettingNotNumber,
          QT_TRANSLATE_NOOP("agentmon::CoreText", "%1: %2 = \"%3\" is not a number from %4 to %5; using %6")},
    Entry{CoreText::EnvironmentNotNumber,
          QT_TRANSLATE_NOOP("agentmon::CoreText", "%1=\"%2\" is not a number from 1 to 1000; ignored")},
    Entry{CoreText::PolicyInvalid,
          QT_TRANSLATE_NOOP("agentmon::CoreText",
                            "%1: %2 = \"%3\" is not off, notify or auto; using the default")},
    Entry{CoreText::RulesNotJson,
          QT_TRANSLATE_NOOP("agentmon::CoreText", "%1: not valid JSON at offset %2: %3")},
    Entry{CoreText::RuleNumber, QT_TRANSLATE_NOOP("agentmon::CoreText", "%1: rule %2")},
    Entry{CoreText::RuleMustBeObject, QT_TRANSLATE_NOOP("agentmon::CoreText", "%1: must be an object")},
    Entry{CoreText::RuleIgnored, QT_TRANSLATE_NOOP("agentmon::CoreText", "%1: %2; rule ignored")},
    Entry{CoreText::BuiltInRulesMissing,
          QT_TRANSLATE_NOOP("agentmon::CoreText", "built-in rules are missing from the binary")},
    Entry{CoreText::BuiltInRules, QT_TRANSLATE_NOOP("agentmon::CoreText", "built-in rules")},
    Entry{CoreText::CannotBeRead, QT_TRANSLATE_NOOP("agentmon::CoreText", "%1: cannot be read: %2")},
};

static_assert(kTable.size() == size_t(CoreText::Count), "one template per CoreText");

constexpr bool inEnumOrder()
{
    for (size_t i = 0; i < kTable.size(); ++i) {
        if (size_t(kTable[i].id) != i)
            return false;
    }
    return true;
}
static_assert(inEnumOrder(), "kTable is in the order of CoreText");

// A template as a pattern: its literal text escaped, each %N a lazy group. Specific templates (more literal
// text) are tried first, so "%1; %2" only takes what nothing else explains.
struct Pattern {
    const char *source = nullptr;
    QRegularExpression re;
    std::vector<int> argNumbers; // the %N of each group, in order
    qsizetype literalLength = 0;
};

std::vector<Pattern> buildPatterns()
{
    static const QRegularExpression placeholder(QStringLiteral("%([1-9])"));
    std::vector<Pattern> patterns;
    patterns.reserve(kTable.size());
    for (const Entry &entry : kTable) {
        const QString text = QString::fromUtf8(entry.source);
        Pattern p;
        p.source = entry.source;
        QString re = QStringLiteral("\\A");
        qsizetype at = 0;
        for (auto it = placeholder.globalMatch(text); it.hasNext();) {
            const auto m = it.next();
            const QString literal = text.mid(at, m.capturedStart() - at);
            re += QRegularExpression::escape(literal) + QStringLiteral("(.*?)");
            p.literalLength += literal.size();
            p.argNumbers.push_back(m.captured(1).toInt());
            at = m.capturedEnd();
        }
        re += QRegularExpression::escape(text.mid(at)) + QStringLiteral("\\z");
        p.literalLength += text.size() - at;
        p.re = QRegularExpression(re, QRegularExpression::DotMatchesEverythingOption);
        patterns.push_back(std::move(p));
    }
    std::stable_sort(patterns.begin(), patterns.end(),
                     [](const Pattern &a, const Pattern &b) { return a.literalLength > b.literalLength; });
    return patterns;
}

const std::vector<Pattern> &patterns()
{
    static const std::vector<Pattern> all = buildPatterns();
    return all;
}

const Pattern *match(const QString &text, QRegularExpressionMatch *m)
{
    for (const Pattern &p : patterns()) {
        *m = p.re.match(text);
        if (m->hasMatch())
            return &p;
    }
    return nullptr;
}

// %1..%9 replaced in one pass, so an argument that contains "%2" stays as it is.
QString substitute(const QString &templ, const QStringList &args)
{
    QString out;
    out.reserve(templ.size() + 32);
    for (qsizetype i = 0; i < templ.size(); ++i) {
        const QChar c = templ.at(i);
        if (c == QLatin1Char('%') && i + 1 < templ.size()) {
            const int n = templ.at(i + 1).digitValue();
            if (n >= 1 && n <= args.size()) {
                out += args.at(n - 1);
                ++i;
                continue;
            }
        }
        out += c;
    }
    return out;
}

constexpr int kMaxDepth = 6;

QString translate(const QString &english, int depth)
{
    if (english.isEmpty() || depth > kMaxDepth)
        return english;
    QRegularExpressionMatch m;
    const Pattern *p = match(english, &m);
    if (!p)
        return english;
    QStringList args(9);
    for (size_t i = 0; i < p->argNumbers.size(); ++i)
        args[p->argNumbers[i] - 1] = translate(m.captured(int(i) + 1), depth + 1);
    return substitute(QCoreApplication::translate(coreTextContext, p->source), args);
}

} // namespace

const char *coreTextSource(CoreText id)
{
    const auto i = size_t(id);
    return i < kTable.size() ? kTable[i].source : "";
}

QString coreText(CoreText id)
{
    return QString::fromUtf8(coreTextSource(id));
}

QString translateCoreText(const QString &english)
{
    // English needs nothing: without a translation of the catalogue, skip the matching altogether.
    static const char *probe = kTable[size_t(CoreText::ChildOf)].source;
    const QString language = QCoreApplication::translate(coreTextContext, probe);
    if (language == QLatin1String(probe))
        return english;

    // Reasons repeat from sample to sample and row to row: remember the last few thousand, for as long as the
    // same translation is installed.
    static QMutex mutex;
    static QHash<QString, QString> cache;
    static QString cachedLanguage;
    {
        const QMutexLocker lock(&mutex);
        if (cachedLanguage != language) {
            cache.clear();
            cachedLanguage = language;
        }
        if (const auto it = cache.constFind(english); it != cache.constEnd())
            return *it;
    }
    const QString translated = translate(english, 0);
    const QMutexLocker lock(&mutex);
    if (cache.size() >= 4096)
        cache.clear();
    if (cachedLanguage == language)
        cache.insert(english, translated);
    return translated;
}

bool isCoreText(const QString &english)
{
    QRegularExpressionMatch m;
    return match(english, &m) != nullptr;
}

} // namespace agentmon
