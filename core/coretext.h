#pragma once

#include <QString>

namespace agentmon {

// The core's sentences for people: status reasons, reap skip reasons, pressure reasons, leak and trend texts,
// the doctor's problems and fixes, settings and rules problems.
//
// The core writes them in English, the one language of the API, of --json output and of the audit log, so
// that scripts, logs and bug reports read the same on every machine. Where a person reads them (the window,
// the tray, agentmonctl's tables) they are translated at display time by translateCoreText(): it recognises
// the template a sentence was made from, translates it (context "agentmon::CoreText") and, recursively, its
// arguments. That works the same for an instance in-process and for one answering over the API.
//
// Every template is in the table of coretext.cpp, in the order of this enum; the core makes its sentences
// only from coreText(id).arg(...), so that no sentence escapes the catalogue.
enum class CoreText : int {
    // Status reasons (SessionTracker)
    ProtectedByRuleSuffix,
    ZombieNotReaped,
    ParentExitedAgo,
    AdoptedByInit,
    AdoptedBySubreaper,
    NowChildOf,
    AdoptedByYounger,
    SessionEndedAgo,
    LeftoverAfter,
    Joined,
    ParentExitedAdopted,
    IdleUnderDaemon,
    StaleWithoutSession,
    InteractiveSessionOn,
    AgentDaemon,
    StartedBy,
    InLiveSession,
    InMarkerSession,
    InSession,
    ChildOf,
    RegisteredPending,
    // Class names as className() writes them into reasons ("agent started by 7 (bash)")
    ClassSession,
    ClassAgent,
    ClassMcp,
    ClassTool,
    ClassDaemon,
    ClassChild,
    // Reap skip and target reasons (ReapPlanner, Cascade)
    Zombie,
    KernelThread,
    BelongsToUid,
    IdentityUnverified,
    ProtectedByRule,
    YoungerThanMinimum,
    InLiveInteractiveSession,
    StartedByReaped,
    PidReused,
    StartedByKilled,
    FoundDuringReap,
    OwnerUnreadable,
    NeverSignalled,
    AgentmonItself,
    AncestorOfAgentmon,
    // Memory pressure (PressureMonitor)
    LevelOk,
    LevelWarning,
    LevelCritical,
    PsiFullAbove,
    MemAvailableBelow,
    SwapUsedAbove,
    PsiSomeAbove,
    ZombiesAbove,
    WithHysteresis,
    PercentOfMb,
    LevelKept,
    // Leaks and trends (LeakDetector)
    LeakText,
    LeakTextAtLeast,
    OneProcess,
    ManyProcesses,
    Copies,
    NotEnoughSamples,
    Stable,
    OneAgentProcessPerHour,
    AgentProcessesPerHour,
    AgentMemoryPerHour,
    JoinedComma,
    MemoryExhaustedIn,
    MemoryExhausted,
    // Doctor (doctorReport, Instance::doctor)
    CorrectItIn,
    FixRulesEntry,
    TokenReadable,
    InstanceNoAnswer,
    RestartInstance,
    NotValidJson,
    RebuiltAtNextStart,
    DeadRegistryEntries,
    StartToPrune,
    CheckFreeSpace,
    PrunedBySweep,
    ClaudeDrift,
    AddCleanupRule,
    NoPidfd,
    NeedNewerKernel,
    NoPsi,
    BootWithPsi,
    AuditLogUnavailable,
    MemoryPressureIs,
    DryRunShows,
    NoSubreaper,
    NeedLinux34,
    SamplesNotRecorded,
    AuditRowsPending,
    AuditRowsKept,
    AuditRowsLost,
    // Settings and rules problems (Settings, RuleSet)
    SettingNotNumber,
    EnvironmentNotNumber,
    PolicyInvalid,
    RulesNotJson,
    RuleNumber,
    RuleMustBeObject,
    RuleIgnored,
    BuiltInRulesMissing,
    BuiltInRules,
    CannotBeRead,

    Count
};

// The English template of a sentence, for .arg(): coreText(CoreText::ChildOf).arg(parent).
QString coreText(CoreText id);

// The English template's source, as marked for translation.
const char *coreTextSource(CoreText id);

// The translation context of every template.
inline constexpr char coreTextContext[] = "agentmon::CoreText";

// A sentence of the core in the language of the installed translators: the template it was made from is
// translated and its arguments, which may be sentences themselves, too. Text the catalogue does not know (a
// command line, a path, a message of the kernel) comes back unchanged. Safe from any thread.
QString translateCoreText(const QString &english);

// Whether the text was made from a template of the catalogue (for tests and diagnostics).
bool isCoreText(const QString &english);

} // namespace agentmon
