#pragma once

#include "processinfo.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <functional>
#include <memory>
#include <optional>

class QLockFile;

namespace agentmon {

// How a process came to be tracked.
enum class EntryKind : quint8 { Spawned, Registered, Discovered };

QString entryKindName(EntryKind kind); // "spawned", "registered", "discovered"
std::optional<EntryKind> entryKindFromString(QStringView text);

// One tracked agent process.
struct RegistryEntry {
    QString id; // per-spawn id ("sp-", "rg-", "dc-" + 12 hex digits); assigned by Registry::add when empty
    ProcessKey key;
    int pgid = 0;
    QString session;
    EntryKind kind = EntryKind::Registered;
    QStringList command;
    qint64 startedAtWallMs = 0; // wall clock, ms since the epoch; 0 when unknown
    QList<ProcessKey> lineage;  // descendants the sampler saw, by (pid, starttime)

    friend bool operator==(const RegistryEntry &, const RegistryEntry &) = default;
};

// A session reap whose first signals were sent and that had not finished when the registry was written: an
// instance that dies (SIGKILL, crash) in the middle of a reap leaves it here, and the next instance finishes
// it (Instance resumes it at start-up and removes the mark when that reap is over).
struct ReapMark {
    QString reapId; // the ReapReport id of the running reap
    QString session;
    QString requestedBy; // who asked ("person", "api", "policy:leak", "resume"...)
    QString trigger;
    qint64 graceMs = 0;
    qint64 confirmMs = 0;
    qint64 startedBootMs = 0;   // Clock::nowMs() (CLOCK_BOOTTIME) when it started signalling
    qint64 startedAtWallMs = 0; // wall clock, for people
    QList<ProcessKey> targets;  // what it planned to signal, by (pid, starttime)

    friend bool operator==(const ReapMark &, const ReapMark &) = default;
};

// The persistent registry of tracked agent processes (design.md, "Files": registry.json).
//
// One writer per file: open() takes a lock file next to it and refuses when another instance holds it.
// Mutations are kept in memory at once and written atomically (QSaveFile, mode 0600) shortly after, many
// mutations in one event-loop turn giving one write. A failed write keeps everything in memory and is
// retried (next mutation, flush(), a back-off timer, the destructor). Entries are identified by (pid,
// starttime) and by the boot they were recorded in: on load, only those whose process is still alive are
// kept. Not thread-safe: use it from the thread it lives in.
class Registry : public QObject {
    Q_OBJECT
public:
    using LivenessCheck = std::function<bool(const ProcessKey &)>;

    // file: path of registry.json; bootId: the current boot (/proc/sys/kernel/random/boot_id).
    Registry(const QString &file, const QString &bootId, QObject *parent = nullptr);
    ~Registry() override; // flushes

    // Takes the lock and loads the file with the liveness check. False (see errorString()) only when the
    // lock is held by another live process or cannot be taken; a missing or corrupt file is not an error
    // (see warnings()). With inMemoryWhenUnwritable, a lock that cannot be taken because the directory
    // cannot be written (full, read-only) is not an error either: the file is read, the registry kept in
    // memory, and written (the lock taken first) as soon as the directory takes it (lastError() until then).
    bool open(bool inMemoryWhenUnwritable = false);
    // True when the last load found the file corrupt or foreign and started empty: what is alive should be
    // recorded again (Instance does, as "discovered" entries).
    bool wasRebuilt() const { return m_rebuilt; }
    bool isOpen() const;
    QString errorString() const { return m_errorString; }

    // Replaces what is in memory with the file's entries whose process isAlive says is still there (the
    // others are dropped, as are lineage members no longer alive). A corrupt or foreign file is moved aside
    // as <file>.corrupt-<yyyyMMdd-HHmmss> (UTC). Returns how many entries were adopted.
    int load(const LivenessCheck &isAlive);
    // The check used by open() and prune(); the default opens a ProcessHandle on the key and requires that
    // the process has not exited (a zombie, or a pid now owned by another process, is not alive).
    void setLivenessCheck(LivenessCheck isAlive);
    static bool defaultIsAlive(const ProcessKey &key);

    // Adds entry (assigning an id when it has none) and returns its id; an entry with the same key or the
    // same id is replaced (the replaced entry's id is kept when entry has none). Empty when key is invalid.
    QString add(RegistryEntry entry);
    bool remove(const QString &id);
    bool removeKey(const ProcessKey &key);
    bool setSession(const QString &id, const QString &session);
    void addLineage(const QString &id, const ProcessKey &descendant);
    // Health sweep: removes the entries whose process is no longer alive (and dead lineage members).
    // Returns how many entries were removed.
    int prune();

    // Reaps in progress. Kept across restarts of the same boot only; nothing is checked here (the resuming
    // reap verifies every target again). Marks are written with the entries, shortly after a change.
    void addReapMark(const ReapMark &mark); // replaces a mark with the same reapId
    bool removeReapMark(const QString &reapId);
    QList<ReapMark> reapMarks() const { return m_marks; }

    QList<RegistryEntry> entries() const { return m_entries; }
    std::optional<RegistryEntry> entry(const QString &id) const;
    std::optional<RegistryEntry> findByKey(const ProcessKey &key) const;
    QList<RegistryEntry> entriesForSession(const QString &session) const;
    int count() const { return int(m_entries.size()); }

    // Writes now if anything changed since the last write. True when the file is up to date.
    bool flush();
    bool isDirty() const { return m_dirty; }

    QString fileName() const { return m_file; }
    QString bootId() const { return m_bootId; }
    // Problems met while loading (corrupt file moved aside, entries skipped or pruned), in clear text.
    QStringList warnings() const { return m_warnings; }
    // Why the last write failed; empty after a successful one.
    QString lastError() const { return m_lastError; }
    // Successful writes so far (tests, diagnostics).
    int saveCount() const { return m_saveCount; }

    // The document written to the file (exposed for tests and the doctor).
    QByteArray toJson() const;

Q_SIGNALS:
    void changed();

private:
    std::unique_ptr<QLockFile> takeLock(QString *why, bool *heldByOther) const;
    void markDirty();
    bool save();
    void moveAside(const std::optional<QByteArray> &bytes, const QString &why);
    bool preservePendingCorrupt();
    QString newId(EntryKind kind) const;
    qsizetype indexOfId(const QString &id) const;
    qsizetype indexOfKey(const ProcessKey &key) const;
    bool trimLineage(RegistryEntry &entry, const LivenessCheck &isAlive);

    QString m_file;
    QString m_bootId;
    std::unique_ptr<QLockFile> m_lock;
    LivenessCheck m_isAlive;
    QList<RegistryEntry> m_entries;
    QList<ReapMark> m_marks;
    QTimer m_saveTimer;
    QTimer m_retryTimer;
    int m_retryDelayMs = 0;
    bool m_dirty = false;
    int m_saveCount = 0;
    QString m_errorString;
    QString m_lastError;
    QStringList m_warnings;
    // A corrupt file that could not be moved aside: it is moved (or its bytes saved) to a .corrupt-* file
    // before the registry file is overwritten, never dropped.
    bool m_asidePending = false;
    std::optional<QByteArray> m_pendingCorrupt; // when it could be read
    bool m_rebuilt = false;
    bool m_lockPending = false; // opened without the lock (unwritable directory): taken before a write
};

} // namespace agentmon

Q_DECLARE_METATYPE(agentmon::RegistryEntry)
