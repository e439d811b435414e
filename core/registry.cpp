#include "registry.h"

#include "processhandle.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>
#include <QRandomGenerator>
#include <QSaveFile>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <fcntl.h>
#include <limits>
#include <sys/file.h>
#include <unistd.h>

namespace agentmon {

namespace {

const QString kFormat = QStringLiteral("agentmon-registry");
constexpr int kVersion = 1;
constexpr int kSaveDelayMs = 50;    // coalesces the mutations of one burst into one write
constexpr int kFirstRetryMs = 1000; // after a failed write; doubled up to kMaxRetryMs
constexpr int kMaxRetryMs = 60'000;
constexpr qint64 kMaxFileBytes = 32 * 1024 * 1024; // a registry is a few KiB; anything this big is not ours
constexpr double kMaxExactInteger = 9007199254740992.0; // 2^53: what a JSON number holds exactly

constexpr QFileDevice::Permissions kFileMode = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

// An integer in [min, max] or nothing (not a number, a fraction, out of range).
std::optional<qint64> integerIn(const QJsonValue &value, double min, double max)
{
    if (!value.isDouble())
        return std::nullopt;
    const double d = value.toDouble();
    if (!std::isfinite(d) || std::trunc(d) != d || d < min || d > max)
        return std::nullopt;
    return value.toInteger();
}

std::optional<ProcessKey> keyFromJson(const QJsonValue &value, QString *why)
{
    if (!value.isObject()) {
        *why = QStringLiteral("not an object");
        return std::nullopt;
    }
    const QJsonObject object = value.toObject();
    const auto pid = integerIn(object.value(QLatin1String("pid")), 1, std::numeric_limits<int>::max());
    if (!pid) {
        *why = QStringLiteral("\"pid\" is not a positive integer");
        return std::nullopt;
    }
    const auto start = integerIn(object.value(QLatin1String("starttime")), 0, kMaxExactInteger);
    if (!start) {
        *why = QStringLiteral("\"starttime\" is not a non-negative integer");
        return std::nullopt;
    }
    return ProcessKey{int(*pid), quint64(*start)};
}

QJsonObject keyToJson(const ProcessKey &key)
{
    return QJsonObject{{QLatin1String("pid"), key.pid}, {QLatin1String("starttime"), qint64(key.starttime)}};
}

std::optional<RegistryEntry> entryFromJson(const QJsonValue &value, QString *why)
{
    if (!value.isObject()) {
        *why = QStringLiteral("not an object");
        return std::nullopt;
    }
    const QJsonObject object = value.toObject();
    RegistryEntry entry;

    const QJsonValue id = object.value(QLatin1String("id"));
    if (!id.isString() || id.toString().isEmpty()) {
        *why = QStringLiteral("\"id\" is not a non-empty string");
        return std::nullopt;
    }
    entry.id = id.toString();

    const auto key = keyFromJson(object, why);
    if (!key)
        return std::nullopt;
    entry.key = *key;

    const QJsonValue pgid = object.value(QLatin1String("pgid"));
    if (!pgid.isUndefined()) {
        const auto value = integerIn(pgid, 0, std::numeric_limits<int>::max());
        if (!value) {
            *why = QStringLiteral("\"pgid\" is not a non-negative integer");
            return std::nullopt;
        }
        entry.pgid = int(*value);
    }

    const QJsonValue session = object.value(QLatin1String("session"));
    if (!session.isUndefined() && !session.isNull()) {
        if (!session.isString()) {
            *why = QStringLiteral("\"session\" is not a string");
            return std::nullopt;
        }
        entry.session = session.toString();
    }

    const auto kind = entryKindFromString(object.value(QLatin1String("kind")).toString());
    if (!kind) {
        *why = QStringLiteral("\"kind\" is not one of spawned, registered, discovered");
        return std::nullopt;
    }
    entry.kind = *kind;

    const QJsonValue command = object.value(QLatin1String("command"));
    if (!command.isUndefined()) {
        if (!command.isArray()) {
            *why = QStringLiteral("\"command\" is not an array");
            return std::nullopt;
        }
        for (const QJsonValue &arg : command.toArray()) {
            if (!arg.isString()) {
                *why = QStringLiteral("\"command\" holds something other than strings");
                return std::nullopt;
            }
            entry.command.append(arg.toString());
        }
    }

    const QJsonValue started = object.value(QLatin1String("started_at"));
    if (!started.isUndefined() && !started.isNull()) {
        const QDateTime time = QDateTime::fromString(started.toString(), Qt::ISODateWithMs);
        if (!started.isString() || !time.isValid()) {
            *why = QStringLiteral("\"started_at\" is not an ISO-8601 time");
            return std::nullopt;
        }
        entry.startedAtWallMs = time.toMSecsSinceEpoch();
    }

    const QJsonValue lineage = object.value(QLatin1String("lineage"));
    if (!lineage.isUndefined()) {
        if (!lineage.isArray()) {
            *why = QStringLiteral("\"lineage\" is not an array");
            return std::nullopt;
        }
        for (const QJsonValue &member : lineage.toArray()) {
            QString memberWhy;
            const auto memberKey = keyFromJson(member, &memberWhy);
            if (!memberKey) {
                *why = QStringLiteral("a \"lineage\" member is bad (%1)").arg(memberWhy);
                return std::nullopt;
            }
            if (*memberKey != entry.key && !entry.lineage.contains(*memberKey))
                entry.lineage.append(*memberKey);
        }
    }
    return entry;
}

QJsonObject entryToJson(const RegistryEntry &entry)
{
    QJsonArray lineage;
    for (const ProcessKey &key : entry.lineage)
        lineage.append(keyToJson(key));
    return QJsonObject{
        {QLatin1String("id"), entry.id},
        {QLatin1String("pid"), entry.key.pid},
        {QLatin1String("starttime"), qint64(entry.key.starttime)},
        {QLatin1String("pgid"), entry.pgid},
        {QLatin1String("session"), entry.session},
        {QLatin1String("kind"), entryKindName(entry.kind)},
        {QLatin1String("command"), QJsonArray::fromStringList(entry.command)},
        {QLatin1String("started_at"),
         entry.startedAtWallMs
             ? QJsonValue(
                   QDateTime::fromMSecsSinceEpoch(entry.startedAtWallMs).toUTC().toString(Qt::ISODateWithMs))
             : QJsonValue(QJsonValue::Null)},
        {QLatin1String("lineage"), lineage},
    };
}

std::optional<ReapMark> markFromJson(const QJsonValue &value, QString *why)
{
    if (!value.isObject()) {
        *why = QStringLiteral("not an object");
        return std::nullopt;
    }
    const QJsonObject object = value.toObject();
    ReapMark mark;
    auto text = [&](const char *name, QString *out, bool required) {
        const QJsonValue v = object.value(QLatin1String(name));
        if ((v.isUndefined() || v.isNull()) && !required)
            return true;
        if (!v.isString() || (required && v.toString().isEmpty())) {
            *why = QStringLiteral("\"%1\" is not a%2 string")
                       .arg(QLatin1String(name), required ? QStringLiteral(" non-empty") : QString());
            return false;
        }
        *out = v.toString();
        return true;
    };
    auto number = [&](const char *name, qint64 *out) {
        const auto v = integerIn(object.value(QLatin1String(name)), 0, kMaxExactInteger);
        if (!v) {
            *why = QStringLiteral("\"%1\" is not a non-negative integer").arg(QLatin1String(name));
            return false;
        }
        *out = *v;
        return true;
    };
    if (!text("id", &mark.reapId, true) || !text("session", &mark.session, true) ||
        !text("requested_by", &mark.requestedBy, false) || !text("trigger", &mark.trigger, false) ||
        !number("grace_ms", &mark.graceMs) || !number("confirm_ms", &mark.confirmMs) ||
        !number("started_boot_ms", &mark.startedBootMs))
        return std::nullopt;
    const QJsonValue started = object.value(QLatin1String("started_at"));
    if (started.isString()) {
        const QDateTime time = QDateTime::fromString(started.toString(), Qt::ISODateWithMs);
        if (time.isValid())
            mark.startedAtWallMs = time.toMSecsSinceEpoch();
    }
    const QJsonValue targets = object.value(QLatin1String("targets"));
    if (!targets.isArray()) {
        *why = QStringLiteral("\"targets\" is not an array");
        return std::nullopt;
    }
    for (const QJsonValue &target : targets.toArray()) {
        QString targetWhy;
        const auto key = keyFromJson(target, &targetWhy);
        if (!key) {
            *why = QStringLiteral("a \"targets\" member is bad (%1)").arg(targetWhy);
            return std::nullopt;
        }
        if (!mark.targets.contains(*key))
            mark.targets.append(*key);
    }
    return mark;
}

QJsonObject markToJson(const ReapMark &mark)
{
    QJsonArray targets;
    for (const ProcessKey &key : mark.targets)
        targets.append(keyToJson(key));
    return QJsonObject{
        {QLatin1String("id"), mark.reapId},
        {QLatin1String("session"), mark.session},
        {QLatin1String("requested_by"), mark.requestedBy},
        {QLatin1String("trigger"), mark.trigger},
        {QLatin1String("grace_ms"), mark.graceMs},
        {QLatin1String("confirm_ms"), mark.confirmMs},
        {QLatin1String("started_boot_ms"), mark.startedBootMs},
        {QLatin1String("started_at"),
         mark.startedAtWallMs
             ? QJsonValue(
                   QDateTime::fromMSecsSinceEpoch(mark.startedAtWallMs).toUTC().toString(Qt::ISODateWithMs))
             : QJsonValue(QJsonValue::Null)},
        {QLatin1String("targets"), targets},
    };
}

// True when a process holds the flock() QLockFile keeps on its lock file (a live holder); false when nobody
// does or the file cannot be opened.
bool lockFileIsHeld(const QString &lockFile)
{
    const int fd = ::open(QFile::encodeName(lockFile).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno != ENOENT;
    const bool held = ::flock(fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK;
    ::close(fd);
    return held;
}

QString shortJson(const QJsonValue &value)
{
    QByteArray text = value.isObject()  ? QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact)
                      : value.isArray() ? QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact)
                                        : QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    if (text.size() > 300)
        text = text.left(300) + "...";
    return QString::fromUtf8(text);
}

} // namespace

QString entryKindName(EntryKind kind)
{
    switch (kind) {
    case EntryKind::Spawned:
        return QStringLiteral("spawned");
    case EntryKind::Registered:
        return QStringLiteral("registered");
    case EntryKind::Discovered:
        return QStringLiteral("discovered");
    }
    return QStringLiteral("registered");
}

std::optional<EntryKind> entryKindFromString(QStringView text)
{
    if (text == u"spawned")
        return EntryKind::Spawned;
    if (text == u"registered")
        return EntryKind::Registered;
    if (text == u"discovered")
        return EntryKind::Discovered;
    return std::nullopt;
}

Registry::Registry(const QString &file, const QString &bootId, QObject *parent)
    : QObject(parent), m_file(QFileInfo(file).absoluteFilePath()), m_bootId(bootId),
      m_isAlive(&Registry::defaultIsAlive)
{
    m_saveTimer.setSingleShot(true);
    m_saveTimer.setInterval(kSaveDelayMs);
    connect(&m_saveTimer, &QTimer::timeout, this, [this] { save(); });
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, [this] { save(); });
}

Registry::~Registry()
{
    flush();
    // m_lock is released after this body, once the last write is done.
}

bool Registry::defaultIsAlive(const ProcessKey &key)
{
    const auto handle = ProcessHandle::open(key);
    return handle && !handle->hasExited();
}

void Registry::setLivenessCheck(LivenessCheck isAlive)
{
    m_isAlive = isAlive ? std::move(isAlive) : LivenessCheck(&Registry::defaultIsAlive);
}

bool Registry::isOpen() const
{
    return m_lock && m_lock->isLocked();
}

std::unique_ptr<QLockFile> Registry::takeLock(QString *why, bool *heldByOther) const
{
    *heldByOther = false;
    auto lock = std::make_unique<QLockFile>(m_file + QStringLiteral(".lock"));
    // tryLock removes a lock whose holder is gone by itself. A holder pid that was reused by a process of the
    // same name is not seen as gone: removeStaleLockFile() then deletes the lock file only if nobody holds
    // the flock() QLockFile keeps on it, i.e. only when its holder is really dead.
    bool locked = lock->tryLock(0);
    if (!locked && lock->error() == QLockFile::LockFailedError && lock->removeStaleLockFile())
        locked = lock->tryLock(0);
    if (locked)
        return lock;
    switch (lock->error()) {
    case QLockFile::LockFailedError: {
        // Nobody holds the flock: the holder is dead and its lock file could not be replaced (a read-only
        // directory). Not in use, just not writable.
        if (!lockFileIsHeld(lock->fileName())) {
            *why = QStringLiteral("cannot replace the stale lock file %1").arg(lock->fileName());
            break;
        }
        *heldByOther = true;
        qint64 pid = 0;
        QString host, app;
        if (lock->getLockInfo(&pid, &host, &app))
            *why = QStringLiteral("the registry %1 is in use: its lock file %2 is held by pid %3 "
                                  "(%4 on host %5)")
                       .arg(m_file, lock->fileName())
                       .arg(pid)
                       .arg(app.isEmpty() ? QStringLiteral("unknown program") : app,
                            host.isEmpty() ? QStringLiteral("unknown") : host);
        else
            *why = QStringLiteral("the registry %1 is in use: its lock file %2 is held by another "
                                  "process (unreadable lock file)")
                       .arg(m_file, lock->fileName());
        break;
    }
    case QLockFile::PermissionError:
        *why = QStringLiteral("cannot create the lock file %1: permission denied").arg(lock->fileName());
        break;
    default:
        *why = QStringLiteral("cannot create the lock file %1").arg(lock->fileName());
        break;
    }
    return nullptr;
}

bool Registry::open(bool inMemoryWhenUnwritable)
{
    if (isOpen())
        return true;
    m_errorString.clear();
    const QString dir = QFileInfo(m_file).absolutePath();
    if (!QDir().mkpath(dir) && !inMemoryWhenUnwritable) {
        m_errorString = QStringLiteral("cannot create the directory %1 for the registry").arg(dir);
        return false;
    }
    QString why;
    bool heldByOther = false;
    m_lock = takeLock(&why, &heldByOther);
    if (!m_lock) {
        if (heldByOther || !inMemoryWhenUnwritable) {
            m_errorString = why;
            return false;
        }
        // The directory cannot be written (full, read-only): the file is read, and written once the lock
        // can be taken (save() tries again).
        m_lockPending = true;
        m_lastError = QStringLiteral("cannot write %1: %2").arg(m_file, why);
        m_warnings.append(
            QStringLiteral("registry %1 is kept in memory until it can be written: %2").arg(m_file, why));
        m_retryDelayMs = kFirstRetryMs;
        m_retryTimer.start(m_retryDelayMs);
    }
    const QStringList early = m_warnings;
    load(m_isAlive);
    m_warnings = early + m_warnings;
    return true;
}

int Registry::load(const LivenessCheck &isAlive)
{
    const LivenessCheck alive = isAlive ? isAlive : LivenessCheck(&Registry::defaultIsAlive);
    m_warnings.clear();
    m_rebuilt = false;
    const bool hadEntries = !m_entries.isEmpty();
    m_entries.clear();
    m_marks.clear();

    QFile file(m_file);
    if (!file.exists()) {
        if (hadEntries)
            Q_EMIT changed();
        return 0;
    }

    auto corrupt = [&](const QByteArray *bytes, const QString &why) {
        moveAside(bytes ? std::optional<QByteArray>(*bytes) : std::nullopt, why);
        m_rebuilt = true;
        markDirty(); // rebuilt: an empty registry replaces the corrupt one (once its bytes are safe)
        if (hadEntries)
            Q_EMIT changed();
        return 0;
    };

    if (file.size() > kMaxFileBytes)
        return corrupt(nullptr, QStringLiteral("is too large (%1 bytes)").arg(file.size()));
    if (!file.open(QIODevice::ReadOnly))
        return corrupt(nullptr, QStringLiteral("cannot be read (%1)").arg(file.errorString()));
    const QByteArray bytes = file.readAll();
    if (file.error() != QFileDevice::NoError)
        return corrupt(nullptr, QStringLiteral("cannot be read (%1)").arg(file.errorString()));
    file.close();

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return corrupt(&bytes, QStringLiteral("not valid JSON (%1 at offset %2)")
                                   .arg(parseError.errorString())
                                   .arg(parseError.offset));
    if (!document.isObject())
        return corrupt(&bytes, QStringLiteral("not a JSON object"));
    const QJsonObject root = document.object();
    if (root.value(QLatin1String("format")).toString() != kFormat)
        return corrupt(&bytes,
                       QStringLiteral("not an agentmon registry (\"format\" is not \"%1\")").arg(kFormat));
    const auto version = integerIn(root.value(QLatin1String("version")), 0, kMaxExactInteger);
    if (version != kVersion)
        return corrupt(&bytes, QStringLiteral("of an unknown version (%1)")
                                   .arg(shortJson(root.value(QLatin1String("version")))));
    const QJsonValue bootId = root.value(QLatin1String("boot_id"));
    if (!bootId.isString())
        return corrupt(&bytes, QStringLiteral("without a \"boot_id\" string"));
    const QJsonValue entries = root.value(QLatin1String("entries"));
    if (!entries.isArray())
        return corrupt(&bytes, QStringLiteral("without an \"entries\" array"));

    // From here on the file is ours: bad entries are skipped one by one, the file stays where it is.
    const bool sameBoot = bootId.toString() == m_bootId;
    bool dropped = false;
    const QJsonArray array = entries.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        QString why;
        auto entry = entryFromJson(array.at(i), &why);
        if (!entry) {
            m_warnings.append(QStringLiteral("registry %1: entry #%2 skipped, %3: %4")
                                  .arg(m_file)
                                  .arg(i + 1)
                                  .arg(why, shortJson(array.at(i))));
            dropped = true;
            continue;
        }
        if (indexOfId(entry->id) >= 0 || indexOfKey(entry->key) >= 0) {
            m_warnings.append(QStringLiteral("registry %1: entry #%2 skipped, its id or (pid, starttime) "
                                             "repeats an earlier entry: %3")
                                  .arg(m_file)
                                  .arg(i + 1)
                                  .arg(shortJson(array.at(i))));
            dropped = true;
            continue;
        }
        // A starttime counts from boot: after a reboot the same (pid, starttime) may name another process.
        if (!sameBoot || !alive(entry->key)) {
            dropped = true;
            continue;
        }
        if (trimLineage(*entry, alive))
            dropped = true;
        m_entries.append(*entry);
    }
    // Reaps in progress ("reaps"; older files have none). A mark of another boot is dropped: its processes
    // are gone and its boot-time clock means nothing now.
    const QJsonValue reaps = root.value(QLatin1String("reaps"));
    if (!reaps.isUndefined() && !reaps.isArray()) {
        m_warnings.append(QStringLiteral("registry %1: \"reaps\" is not an array, ignored: %2")
                              .arg(m_file, shortJson(reaps)));
        dropped = true;
    }
    const QJsonArray marks = reaps.toArray();
    for (qsizetype i = 0; i < marks.size(); ++i) {
        QString why;
        const auto mark = markFromJson(marks.at(i), &why);
        if (!mark) {
            m_warnings.append(QStringLiteral("registry %1: reap in progress #%2 skipped, %3: %4")
                                  .arg(m_file)
                                  .arg(i + 1)
                                  .arg(why, shortJson(marks.at(i))));
            dropped = true;
            continue;
        }
        if (!sameBoot || std::any_of(m_marks.cbegin(), m_marks.cend(),
                                     [&](const ReapMark &m) { return m.reapId == mark->reapId; })) {
            dropped = true;
            continue;
        }
        m_marks.append(*mark);
    }
    if (dropped)
        markDirty();
    if (hadEntries || !m_entries.isEmpty())
        Q_EMIT changed();
    return int(m_entries.size());
}

void Registry::moveAside(const std::optional<QByteArray> &bytes, const QString &why)
{
    const QString base = m_file + QStringLiteral(".corrupt-") +
                         QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    QString target;
    for (int n = 1; n < 1000; ++n) {
        target = n == 1 ? base : base + QLatin1Char('-') + QString::number(n);
        if (QFileInfo::exists(target))
            continue;
        if (QFile::rename(m_file, target)) {
            m_warnings.append(QStringLiteral("registry %1 is %2: moved it aside to %3 and started empty")
                                  .arg(m_file, why, target));
            return;
        }
        break;
    }
    // Not moved (read-only directory...): the file stays and is not overwritten before its content is
    // saved elsewhere (see preservePendingCorrupt()).
    m_asidePending = true;
    m_pendingCorrupt = bytes;
    m_warnings.append(
        QStringLiteral("registry %1 is %2 and could not be moved aside to %3: started empty, the "
                       "file will not be overwritten before it is saved aside")
            .arg(m_file, why, target));
}

bool Registry::preservePendingCorrupt()
{
    if (!m_asidePending)
        return true;
    const QString base = m_file + QStringLiteral(".corrupt-") +
                         QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    const bool present = QFileInfo::exists(m_file);
    for (int n = 1; n < 1000; ++n) {
        const QString target = n == 1 ? base : base + QLatin1Char('-') + QString::number(n);
        if (QFileInfo::exists(target))
            continue;
        bool saved = false;
        if (present && QFile::rename(m_file, target)) {
            saved = true;
        } else if (m_pendingCorrupt) {
            QFile copy(target);
            saved = copy.open(QIODevice::WriteOnly | QIODevice::NewOnly) &&
                    copy.write(*m_pendingCorrupt) == m_pendingCorrupt->size() && copy.flush();
            if (copy.isOpen())
                copy.close();
            if (!saved)
                QFile::remove(target);
        } else if (!present) {
            saved = true; // gone by itself, and its bytes were never read: nothing left to keep
            m_asidePending = false;
            return true;
        }
        if (saved) {
            m_warnings.append(
                QStringLiteral("registry %1: the corrupt file was saved aside to %2").arg(m_file, target));
            m_asidePending = false;
            m_pendingCorrupt.reset();
            return true;
        }
        break;
    }
    m_lastError =
        QStringLiteral("cannot write %1: the corrupt file there could not be saved aside first").arg(m_file);
    return false;
}

QString Registry::newId(EntryKind kind) const
{
    const QString prefix = kind == EntryKind::Spawned      ? QStringLiteral("sp-")
                           : kind == EntryKind::Registered ? QStringLiteral("rg-")
                                                           : QStringLiteral("dc-");
    for (;;) {
        const quint64 bits = QRandomGenerator::system()->generate64() & 0xffff'ffff'ffffULL;
        QString id = prefix + QStringLiteral("%1").arg(bits, 12, 16, QLatin1Char('0'));
        if (indexOfId(id) < 0)
            return id;
    }
}

qsizetype Registry::indexOfId(const QString &id) const
{
    for (qsizetype i = 0; i < m_entries.size(); ++i) {
        if (m_entries.at(i).id == id)
            return i;
    }
    return -1;
}

qsizetype Registry::indexOfKey(const ProcessKey &key) const
{
    for (qsizetype i = 0; i < m_entries.size(); ++i) {
        if (m_entries.at(i).key == key)
            return i;
    }
    return -1;
}

bool Registry::trimLineage(RegistryEntry &entry, const LivenessCheck &isAlive)
{
    const auto removed = entry.lineage.removeIf([&](const ProcessKey &member) { return !isAlive(member); });
    return removed > 0;
}

QString Registry::add(RegistryEntry entry)
{
    if (!entry.key.isValid())
        return {};
    const qsizetype byKey = indexOfKey(entry.key);
    if (entry.id.isEmpty())
        entry.id = byKey >= 0 ? m_entries.at(byKey).id : newId(entry.kind);
    QList<ProcessKey> lineage;
    for (const ProcessKey &member : std::as_const(entry.lineage)) {
        if (member.isValid() && member != entry.key && !lineage.contains(member))
            lineage.append(member);
    }
    entry.lineage = lineage;

    if (byKey >= 0 && m_entries.at(byKey) == entry)
        return entry.id;
    qsizetype position = m_entries.size();
    if (byKey >= 0) {
        m_entries.removeAt(byKey);
        position = byKey;
    }
    const qsizetype byId = indexOfId(entry.id);
    if (byId >= 0) {
        m_entries.removeAt(byId);
        if (byId < position)
            --position;
    }
    m_entries.insert(position, entry);
    markDirty();
    Q_EMIT changed();
    return entry.id;
}

bool Registry::remove(const QString &id)
{
    const qsizetype index = indexOfId(id);
    if (index < 0)
        return false;
    m_entries.removeAt(index);
    markDirty();
    Q_EMIT changed();
    return true;
}

bool Registry::removeKey(const ProcessKey &key)
{
    const qsizetype index = indexOfKey(key);
    if (index < 0)
        return false;
    m_entries.removeAt(index);
    markDirty();
    Q_EMIT changed();
    return true;
}

bool Registry::setSession(const QString &id, const QString &session)
{
    const qsizetype index = indexOfId(id);
    if (index < 0)
        return false;
    if (m_entries.at(index).session != session) {
        m_entries[index].session = session;
        markDirty();
        Q_EMIT changed();
    }
    return true;
}

void Registry::addLineage(const QString &id, const ProcessKey &descendant)
{
    const qsizetype index = indexOfId(id);
    if (index < 0 || !descendant.isValid())
        return;
    RegistryEntry &entry = m_entries[index];
    if (descendant == entry.key || entry.lineage.contains(descendant))
        return;
    entry.lineage.append(descendant);
    markDirty();
    Q_EMIT changed();
}

void Registry::addReapMark(const ReapMark &mark)
{
    for (ReapMark &existing : m_marks) {
        if (existing.reapId == mark.reapId) {
            if (existing == mark)
                return;
            existing = mark;
            markDirty();
            return;
        }
    }
    m_marks.append(mark);
    markDirty();
}

bool Registry::removeReapMark(const QString &reapId)
{
    const auto removed = m_marks.removeIf([&](const ReapMark &mark) { return mark.reapId == reapId; });
    if (removed)
        markDirty();
    return removed > 0;
}

int Registry::prune()
{
    int removed = 0;
    bool trimmed = false;
    for (qsizetype i = 0; i < m_entries.size();) {
        if (!m_isAlive(m_entries.at(i).key)) {
            m_entries.removeAt(i);
            ++removed;
            continue;
        }
        if (trimLineage(m_entries[i], m_isAlive))
            trimmed = true;
        ++i;
    }
    if (removed || trimmed) {
        markDirty();
        Q_EMIT changed();
    }
    return removed;
}

std::optional<RegistryEntry> Registry::entry(const QString &id) const
{
    const qsizetype index = indexOfId(id);
    if (index < 0)
        return std::nullopt;
    return m_entries.at(index);
}

std::optional<RegistryEntry> Registry::findByKey(const ProcessKey &key) const
{
    const qsizetype index = indexOfKey(key);
    if (index < 0)
        return std::nullopt;
    return m_entries.at(index);
}

QList<RegistryEntry> Registry::entriesForSession(const QString &session) const
{
    QList<RegistryEntry> result;
    for (const RegistryEntry &entry : m_entries) {
        if (entry.session == session)
            result.append(entry);
    }
    return result;
}

QByteArray Registry::toJson() const
{
    QJsonArray entries;
    for (const RegistryEntry &entry : m_entries)
        entries.append(entryToJson(entry));
    QJsonObject root{
        {QLatin1String("format"), kFormat},
        {QLatin1String("version"), kVersion},
        {QLatin1String("boot_id"), m_bootId},
        {QLatin1String("entries"), entries},
    };
    // Only while a reap runs: the file stays as older versions wrote it otherwise (they ignore the key).
    if (!m_marks.isEmpty()) {
        QJsonArray reaps;
        for (const ReapMark &mark : m_marks)
            reaps.append(markToJson(mark));
        root.insert(QLatin1String("reaps"), reaps);
    }
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

void Registry::markDirty()
{
    m_dirty = true;
    if (!m_saveTimer.isActive())
        m_saveTimer.start();
}

bool Registry::flush()
{
    if (!m_dirty)
        return true;
    return save();
}

bool Registry::save()
{
    m_saveTimer.stop();
    m_retryTimer.stop();
    if (!m_dirty && !m_lockPending)
        return true;
    auto fail = [this](const QString &error) {
        m_lastError = error;
        m_retryDelayMs = m_retryDelayMs ? qMin(m_retryDelayMs * 2, kMaxRetryMs) : kFirstRetryMs;
        m_retryTimer.start(m_retryDelayMs);
        return false;
    };
    if (m_lockPending) {
        QString why;
        bool heldByOther = false;
        m_lock = takeLock(&why, &heldByOther);
        if (!m_lock)
            return fail(QStringLiteral("cannot write %1: %2").arg(m_file, why));
        m_lockPending = false;
        if (!m_dirty) {
            m_lastError.clear();
            m_retryDelayMs = 0;
            return true;
        }
    }
    if (!isOpen()) {
        // Only the holder of the lock writes; without it the registry lives in memory only.
        m_lastError = QStringLiteral("cannot write %1: the registry was not opened (no lock)").arg(m_file);
        return false;
    }
    const QString dir = QFileInfo(m_file).absolutePath();
    if (!QDir().mkpath(dir))
        return fail(QStringLiteral("cannot write %1: cannot create the directory %2").arg(m_file, dir));
    if (!preservePendingCorrupt())
        return fail(m_lastError);

    QSaveFile file(m_file);
    if (!file.open(QIODevice::WriteOnly))
        return fail(QStringLiteral("cannot write %1: %2").arg(m_file, file.errorString()));
    file.setPermissions(kFileMode); // the temporary file, before it takes the registry's name
    const QByteArray bytes = toJson();
    // Qt 6.4's commit() does not see a failed flush (QTBUG-75077): on a full disk it would rename an empty
    // file over the registry. Flushed here, so that a failure keeps the old file.
    if (file.write(bytes) != bytes.size() || !file.flush()) {
        const QString error = file.errorString();
        file.cancelWriting();
        return fail(QStringLiteral("cannot write %1: %2").arg(m_file, error));
    }
    if (!file.commit())
        return fail(QStringLiteral("cannot write %1: %2").arg(m_file, file.errorString()));
    QFile::setPermissions(m_file, kFileMode);

    m_dirty = false;
    m_lastError.clear();
    m_retryDelayMs = 0;
    ++m_saveCount;
    return true;
}

} // namespace agentmon
