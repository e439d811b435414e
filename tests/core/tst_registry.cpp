// Registry on real processes and real files: what is adopted after a restart, what is pruned, what happens to
// corrupt files, locks and failed writes.
#include "helperprocess.h"
#include "registry.h"
#include "testfiles.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

using namespace agentmon;
using namespace agentmon::test;

namespace {

QString currentBootId()
{
    QFile file(QStringLiteral("/proc/sys/kernel/random/boot_id"));
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("unknown-boot");
    return QString::fromLatin1(file.readAll()).trimmed();
}

QJsonObject readJson(const QString &path)
{
    return QJsonDocument::fromJson(readAll(path)).object();
}

QJsonObject keyJson(const ProcessKey &key)
{
    return {{QStringLiteral("pid"), key.pid}, {QStringLiteral("starttime"), qint64(key.starttime)}};
}

QJsonObject entryJson(const QString &id, const ProcessKey &key, const QString &session = QStringLiteral("s"))
{
    QJsonObject entry = keyJson(key);
    entry.insert(QStringLiteral("id"), id);
    entry.insert(QStringLiteral("pgid"), key.pid);
    entry.insert(QStringLiteral("session"), session);
    entry.insert(QStringLiteral("kind"), QStringLiteral("registered"));
    entry.insert(QStringLiteral("command"), QJsonArray{QStringLiteral("claude")});
    entry.insert(QStringLiteral("started_at"), QStringLiteral("2024-05-01T10:00:00.000Z"));
    entry.insert(QStringLiteral("lineage"), QJsonArray{});
    return entry;
}

QByteArray registryJson(const QString &bootId, const QJsonArray &entries)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("format"), QStringLiteral("agentmon-registry")},
                                     {QStringLiteral("version"), 1},
                                     {QStringLiteral("boot_id"), bootId},
                                     {QStringLiteral("entries"), entries}})
        .toJson();
}

RegistryEntry makeEntry(const ProcessKey &key, EntryKind kind, const QString &session,
                        const QStringList &command = {QStringLiteral("claude")})
{
    RegistryEntry entry;
    entry.key = key;
    entry.pgid = key.pid;
    entry.session = session;
    entry.kind = kind;
    entry.command = command;
    return entry;
}

QStringList asideFiles(const QString &dir)
{
    return QDir(dir).entryList({QStringLiteral("registry.json.corrupt-*")}, QDir::Files, QDir::Name);
}

} // namespace

class tst_Registry : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void roundTripAdoptsLiveEntries();
    void deadEntryIsPrunedOnLoad();
    void reusedPidIsNeverAdopted_data();
    void reusedPidIsNeverAdopted();
    void corruptFileIsMovedAside_data();
    void corruptFileIsMovedAside();
    void asideNameGetsACounter();
    void badEntryIsSkipped();
    void otherBootIsPruned();
    void secondWriterIsRefused();
    void lockOfAGoneHolderIsTaken();
    void writesAreCoalesced();
    void readOnlyDirectoryKeepsEntries();
    void corruptFileIsKeptUntilSavedAside();
    void pruneRemovesOnlyDead();
    void mutations();
    void reapMarksRoundTrip();
    void reapMarksOfAnotherBootAreDropped();

private:
    QString m_bootId;
};

void tst_Registry::initTestCase()
{
    m_bootId = currentBootId();
}

void tst_Registry::roundTripAdoptsLiveEntries()
{
    HelperProcess a(helperPath(QStringLiteral("fakeagent")), {});
    HelperProcess b(helperPath(QStringLiteral("fakeagent")), {});
    HelperProcess child(helperPath(QStringLiteral("fakeagent")), {});
    QVERIFY(a.start());
    QVERIFY(b.start());
    QVERIFY(child.start());
    const auto keyA = keyOf(a.pid());
    const auto keyB = keyOf(b.pid());
    const auto keyChild = keyOf(child.pid());
    QVERIFY(keyA && keyB && keyChild);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("data/agentmon/registry.json")); // directories created

    RegistryEntry entryA =
        makeEntry(*keyA, EntryKind::Spawned, QStringLiteral("session-1"),
                  {QStringLiteral("claude"), QStringLiteral("--output-format"), QStringLiteral("stream-json"),
                   QStringLiteral("with space \"quoted\"")});
    entryA.startedAtWallMs = 1'714'557'600'123;
    entryA.lineage = {*keyChild};
    RegistryEntry entryB = makeEntry(*keyB, EntryKind::Registered, QStringLiteral("séance-2"),
                                     {QStringLiteral("node"), QStringLiteral("/tmp/ü/mcp.js")});
    entryB.pgid = 0;
    entryB.startedAtWallMs = 1'600'000'000'000;
    {
        Registry registry(file, m_bootId);
        QVERIFY2(registry.open(), qPrintable(registry.errorString()));
        QVERIFY(registry.warnings().isEmpty());
        entryA.id = registry.add(entryA);
        entryB.id = registry.add(entryB);
        QVERIFY(QRegularExpression(QStringLiteral("^sp-[0-9a-f]{12}$")).match(entryA.id).hasMatch());
        QVERIFY(QRegularExpression(QStringLiteral("^rg-[0-9a-f]{12}$")).match(entryB.id).hasMatch());
        QVERIFY(registry.flush());
        QCOMPARE(registry.saveCount(), 1);
        QVERIFY(registry.lastError().isEmpty());
    }
    QCOMPARE(fileMode(file), 0600);
    const QJsonObject root = readJson(file);
    QCOMPARE(root.value(QStringLiteral("format")).toString(), QStringLiteral("agentmon-registry"));
    QCOMPARE(root.value(QStringLiteral("version")).toInt(), 1);
    QCOMPARE(root.value(QStringLiteral("boot_id")).toString(), m_bootId);
    const QJsonArray entries = root.value(QStringLiteral("entries")).toArray();
    QCOMPARE(entries.size(), 2);
    const QJsonObject first = entries.at(0).toObject();
    QCOMPARE(first.value(QStringLiteral("started_at")).toString(),
             QStringLiteral("2024-05-01T10:00:00.123Z"));
    QCOMPARE(first.value(QStringLiteral("kind")).toString(), QStringLiteral("spawned"));
    QCOMPARE(first.value(QStringLiteral("starttime")).toInteger(), qint64(keyA->starttime));
    QCOMPARE(first.value(QStringLiteral("lineage")).toArray().at(0).toObject(), keyJson(*keyChild));

    Registry reopened(file, m_bootId);
    QVERIFY2(reopened.open(), qPrintable(reopened.errorString()));
    QVERIFY2(reopened.warnings().isEmpty(), qPrintable(reopened.warnings().join(u'\n')));
    QCOMPARE(reopened.count(), 2);
    QVERIFY(!reopened.isDirty()); // nothing pruned: no rewrite
    const auto adoptedA = reopened.entry(entryA.id);
    const auto adoptedB = reopened.findByKey(*keyB);
    QVERIFY(adoptedA && adoptedB);
    QCOMPARE(adoptedA->key, *keyA);
    QCOMPARE(adoptedA->pgid, entryA.pgid);
    QCOMPARE(adoptedA->session, entryA.session);
    QCOMPARE(adoptedA->kind, EntryKind::Spawned);
    QCOMPARE(adoptedA->command, entryA.command);
    QCOMPARE(adoptedA->startedAtWallMs, entryA.startedAtWallMs);
    QCOMPARE(adoptedA->lineage, entryA.lineage);
    QVERIFY(*adoptedA == entryA);
    QVERIFY(*adoptedB == entryB);
    QCOMPARE(reopened.entries().at(0).id, entryA.id); // order kept
}

void tst_Registry::deadEntryIsPrunedOnLoad()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("registry.json"));
    HelperProcess live(helperPath(QStringLiteral("fakeagent")), {});
    HelperProcess doomed(helperPath(QStringLiteral("fakeagent")), {});
    QVERIFY(live.start());
    QVERIFY(doomed.start());
    const ProcessKey doomedKey = doomed.key();
    {
        Registry registry(file, m_bootId);
        QVERIFY(registry.open());
        registry.add(makeEntry(live.key(), EntryKind::Spawned, QStringLiteral("a")));
        registry.add(makeEntry(doomedKey, EntryKind::Spawned, QStringLiteral("b")));
    } // the destructor writes
    QCOMPARE(readJson(file).value(QStringLiteral("entries")).toArray().size(), 2);
    doomed.stop();
    QVERIFY(waitGone(doomedKey, 5000));

    Registry registry(file, m_bootId);
    QVERIFY(registry.open());
    QCOMPARE(registry.count(), 1);
    QVERIFY(registry.findByKey(live.key()));
    QVERIFY(!registry.findByKey(doomedKey));
    QVERIFY(registry.isDirty()); // the file is rewritten without it
    QVERIFY(registry.flush());
    QCOMPARE(readJson(file).value(QStringLiteral("entries")).toArray().size(), 1);
    QCOMPARE(registry.load(&Registry::defaultIsAlive), 1);
}

void tst_Registry::reusedPidIsNeverAdopted_data()
{
    QTest::addColumn<qint64>("offset");
    QTest::newRow("starttime+1") << qint64(1);
    QTest::newRow("starttime-1") << qint64(-1);
}

void tst_Registry::reusedPidIsNeverAdopted()
{
    QFETCH(qint64, offset);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("registry.json"));

    HelperProcess gone(helperPath(QStringLiteral("fakeagent")), {});
    QVERIFY(gone.start());
    const ProcessKey goneKey = gone.key();
    gone.stop();
    QVERIFY(waitGone(goneKey, 5000));

    HelperProcess live(helperPath(QStringLiteral("fakeagent")), {});
    QVERIFY(live.start());
    const ProcessKey forged{live.key().pid, quint64(qint64(live.key().starttime) + offset)};
    QVERIFY(writeAll(file, registryJson(m_bootId, {entryJson(QStringLiteral("rg-000000000001"), goneKey),
                                                   entryJson(QStringLiteral("rg-000000000002"), forged)})));

    Registry registry(file, m_bootId);
    QVERIFY(registry.open());
    QCOMPARE(registry.count(), 0);
    QVERIFY(registry.warnings().isEmpty()); // pruned, not corrupt
    QVERIFY(asideFiles(dir.path()).isEmpty());

    // The same through the health sweep.
    registry.add(makeEntry(forged, EntryKind::Registered, QStringLiteral("s")));
    QCOMPARE(registry.prune(), 1);
    QCOMPARE(registry.count(), 0);
    QCOMPARE(live.process().state(), QProcess::Running); // nothing was sent to it
}

void tst_Registry::corruptFileIsMovedAside_data()
{
    QTest::addColumn<QByteArray>("bytes");
    const QByteArray valid =
        registryJson(QStringLiteral("b"), {entryJson(QStringLiteral("rg-1"), {12345, 678})});
    QTest::newRow("garbage") << QByteArray("\x00\xff\xfe garbage \x01\n", 14);
    QTest::newRow("truncated") << valid.left(valid.size() / 2);
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("other format") << QByteArray(
        R"({"format": "claude-mem-supervisor", "version": 1, "processes": {}})");
    QTest::newRow("no format") << QByteArray(R"({"processes": {"a": {"pid": 12}}})");
    QTest::newRow("array") << QByteArray("[1, 2, 3]");
    QTest::newRow("version 2") << QByteArray(
        R"({"format": "agentmon-registry", "version": 2, "boot_id": "b", "entries": []})");
    QTest::newRow("version string") << QByteArray(
        R"({"format": "agentmon-registry", "version": "1", "boot_id": "b", "entries": []})");
    QTest::newRow("entries not array") << QByteArray(
        R"({"format": "agentmon-registry", "version": 1, "boot_id": "b", "entries": {"x": 1}})");
    QTest::newRow("no boot id") << QByteArray(
        R"({"format": "agentmon-registry", "version": 1, "entries": []})");
}

void tst_Registry::corruptFileIsMovedAside()
{
    QFETCH(QByteArray, bytes);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("registry.json"));
    QVERIFY(writeAll(file, bytes));

    HelperProcess live(helperPath(QStringLiteral("fakeagent")), {});
    QVERIFY(live.start());

    Registry registry(file, m_bootId);
    QVERIFY2(registry.open(), qPrintable(registry.errorString()));
    QCOMPARE(registry.count(), 0);

    const QStringList aside = asideFiles(dir.path());
    QCOMPARE(aside.size(), 1);
    QVERIFY2(QRegularExpression(QStringLiteral("^registry\\.json\\.corrupt-\\d{8}-\\d{6}$"))
                 .match(aside.at(0))
                 .hasMatch(),
             qPrintable(aside.at(0)));
    const QString asidePath = dir.filePath(aside.at(0));
    QCOMPARE(readAll(asidePath), bytes); // not a byte lost
    QCOMPARE(registry.warnings().size(), 1);
    const QString warning = registry.warnings().at(0);
    QVERIFY2(warning.contains(file) && warning.contains(asidePath), qPrintable(warning));

    // Usable: the next write gives a valid file.
    const QString id = registry.add(makeEntry(live.key(), EntryKind::Discovered, QStringLiteral("s")));
    QVERIFY(id.startsWith(QStringLiteral("dc-")));
    QVERIFY(registry.flush());
    const QJsonObject root = readJson(file);
    QCOMPARE(root.value(QStringLiteral("format")).toString(), QStringLiteral("agentmon-registry"));
    QCOMPARE(root.value(QStringLiteral("entries")).toArray().size(), 1);
    QCOMPARE(readAll(asidePath), bytes);
    QCOMPARE(asideFiles(dir.path()).size(), 1);
}

void tst_Registry::asideNameGetsACounter()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("registry.json"));
    // Names of this second and the next one already taken, whichever the registry sees.
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (const QDateTime &time : {now, now.addSecs(1)}) {
        QVERIFY(writeAll(
            file + QStringLiteral(".corrupt-") + time.toString(QStringLiteral("yyyyMMdd-HHmmss")), "older"));
    }
    QVERIFY(writeAll(file, "not json"));
    Registry registry(file, m_bootId);
    QVERIFY(registry.open());
    const QStringList aside = asideFiles(dir.path());
    QCOMPARE(aside.size(), 3);
    QStringList moved;
    for (const QString &name : aside) {
        if (readAll(dir.filePath(name)) == "not json")
            moved.append(name);
    }
    QCOMPARE(moved.size(), 1);
    QVERIFY2(moved.at(0).endsWith(QStringLiteral("-2")), qPrintable(moved.at(0)));
}

void tst_Registry::badEntryIsSkipped()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("registry.json"));
    HelperProcess live(helperPath(QStringLiteral("fakeagent")), {});
    QVERIFY(live.start());

    QJsonObject badPid = entryJson(QStringLiteral("rg-bad1"), live.key());
    badPid.insert(QStringLiteral("pid"), QStringLiteral("12"));
    QJsonObject badKind = entryJson(QStringLiteral("rg-bad2"), live.key());
    badKind.insert(QStringLiteral("kind"), QStringLiteral("summoned"));
    QJsonObject badLineage = entryJson(QStringLiteral("rg-bad3"), live.key());
    badLineage.insert(QStringLiteral("lineage"), QJsonArray{QJsonObject{{QStringLiteral("pid"), -4}}});
    QJsonObject badTime = entryJson(QStringLiteral("rg-bad4"), live.key());
    badTime.insert(QStringLiteral("started_at"), QStringLiteral("yesterday"));
    QJsonObject fraction = entryJson(QStringLiteral("rg-bad5"), live.key());
    fraction.insert(QStringLiteral("starttime"), 1.5);
    const QJsonObject good = entryJson(QStringLiteral("rg-good"), live.key(), QStringLiteral("kept"));
    const QJsonObject duplicate = entryJson(QStringLiteral("rg-dup"), live.key());
    QVERIFY(writeAll(file, registryJson(m_bootId, {badPid, 42, badKind, good, badLineage, QStringLiteral("x"),
                                                   badTime, fraction, duplicate})));

    Registry registry(file, m_bootId);
    QVERIFY(registry.open());
    QCOMPARE(registry.count(), 1);
    const auto adopted = registry.entry(QStringLiteral("rg-good"));
    QVERIFY(adopted);
    QCOMPARE(adopted->session, QStringLiteral("kept"));
    QCOMPARE(adopted->key, live.key());
    const QStringList warnings = registry.warnings();
    QCOMPARE(warnings.size(), 8);
    for (int n : {1, 2, 3, 5, 6, 7, 8, 9})
        QVERIFY2(warnings.join(u'\n').contains(QStringLiteral("entry #%1 ").arg(n)),
                 qPrintable(warnings.join(u'\n')));
    QVERIFY(warnings.at(0).contains(file));
    QVERIFY(warnings.at(0).contains(QStringLiteral("rg-bad1"))); // the skipped entry is quoted
    QVERIFY(asideFiles(dir.path()).isEmpty());                   // the file is ours: not moved
}

void tst_Registry::otherBootIsPruned()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("registry.json"));
    HelperProcess live(helperPath(QStringLiteral("fakeagent")), {});
    QVERIFY(live.start());
    QVERIFY(writeAll(file, registryJson(QStringLiteral("00000000-dead-beef-0000-000000000000"),
                                        {entryJson(QStringLiteral("rg-1"), live.key())})));
    Registry registry(file, m_bootId);
    QVERIFY(registry.open());
    QCOMPARE(registry.count(), 0);
    QVERIFY(asideFiles(dir.path()).isEmpty());
    QVERIFY(registry.flush());
    const QJsonObject root = readJson(file);
    QCOMPARE(root.value(QStringLiteral("boot_id")).toString(), m_bootId);
    QCOMPARE(root.value(QStringLiteral("entries")).toArray().size(), 0);
    QCOMPARE(live.process().state(), QProcess::Running);
}

void tst_Registry::secondWriterIsRefused()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("registry.json"));
    auto first = std::make_unique<Registry>(file, m_bootId);
    QVERIFY(first->open());
    QVERIFY(first->isOpen());

    Registry second(file, m_bootId);
    QVERIFY(!second.open());
    QVERIFY(!second.isOpen());
    const QString error = second.errorString();
    QVERIFY2(error.contains(file + QStringLiteral(".lock")), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("pid %1").arg(QCoreApplication::applicationPid())),
             qPrintable(error));
    // Without the lock nothing is written.
    second.add(makeEntry({4'000'001, 1}, EntryKind::Registered, QStringLiteral("s")));
    QVERIFY(!second.flush());
    QVERIFY(!second.lastError().isEmpty());
    QVERIFY(!QFile::exists(file));
    second.remove(second.entries().at(0).id);

    first.reset();
    QVERIFY2(second.open(), qPrintable(second.errorString()));
}

void tst_Registry::lockOfAGoneHolderIsTaken()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("registry.json"));
    const QString lockFile = file + QStringLiteral(".lock");

    // A lock file whose holder died.
    HelperProcess gone(helperPath(QStringLiteral("fakeagent")), {});
    QVERIFY(gone.start());
    const ProcessKey goneKey = gone.key();
    gone.stop();
    QVERIFY(waitGone(goneKey, 5000));
    QVERIFY(writeAll(lockFile, QByteArray::number(goneKey.pid) + "\nagentmon\n" +
                                   QSysInfo::machineHostName().toLocal8Bit() + "\n"));
    {
        Registry registry(file, m_bootId);
        QVERIFY2(registry.open(), qPrintable(registry.errorString()));
    }
    QVERIFY(!QFile::exists(lockFile));

    // A lock file naming a live process of the same program (a reused pid) but held by nobody.
    QVERIFY(writeAll(lockFile, QByteArray::number(QCoreApplication::applicationPid()) + "\n" +
                                   QCoreApplication::applicationName().toUtf8() + "\n" +
                                   QSysInfo::machineHostName().toLocal8Bit() + "\n"));
    Registry registry(file, m_bootId);
    QVERIFY2(registry.open(), qPrintable(registry.errorString()));
}

void tst_Registry::writesAreCoalesced()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("registry.json"));
    Registry registry(file, m_bootId);
    QVERIFY(registry.open());
    QSignalSpy changed(&registry, &Registry::changed);
    // Forged keys: never signalled, and no liveness check runs in this test.
    for (int i = 0; i < 200; ++i)
        registry.add(makeEntry({4'000'000 + i, quint64(1000 + i)}, EntryKind::Spawned, QStringLiteral("s")));
    QCOMPARE(changed.count(), 200);
    QCOMPARE(registry.saveCount(), 0);
    QVERIFY(!QFile::exists(file));
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(file), 5000);
    QCOMPARE(registry.saveCount(), 1);
    QCOMPARE(readJson(file).value(QStringLiteral("entries")).toArray().size(), 200);
    QVERIFY(!registry.isDirty());

    for (const RegistryEntry &entry : registry.entries())
        registry.setSession(entry.id, QStringLiteral("t"));
    QTRY_COMPARE_WITH_TIMEOUT(registry.saveCount(), 2, 5000);
    QVERIFY(!registry.isDirty()); // nothing left to write: no further save is scheduled
    QCOMPARE(registry.entriesForSession(QStringLiteral("t")).size(), 200);
    registry.setLivenessCheck([](const ProcessKey &) { return false; });
    QCOMPARE(registry.prune(), 200);
}

void tst_Registry::readOnlyDirectoryKeepsEntries()
{
    if (isRoot())
        QSKIP("root ignores directory permissions");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("registry.json"));
    HelperProcess live(helperPath(QStringLiteral("fakeagent")), {});
    QVERIFY(live.start());

    Registry registry(file, m_bootId);
    QVERIFY(registry.open());
    QVERIFY(QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::ExeOwner)); // 0500
    auto restore = qScopeGuard(
        [&] { QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner); });

    const QString id = registry.add(makeEntry(live.key(), EntryKind::Registered, QStringLiteral("s")));
    QTRY_VERIFY_WITH_TIMEOUT(!registry.lastError().isEmpty(), 5000);
    QVERIFY2(registry.lastError().contains(file), qPrintable(registry.lastError()));
    QVERIFY(!registry.flush());
    QCOMPARE(registry.count(), 1);
    QVERIFY(registry.entry(id));
    QVERIFY(registry.isDirty());
    QCOMPARE(registry.saveCount(), 0);
    QVERIFY(!QFile::exists(file));

    restore.dismiss();
    QVERIFY(QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    QVERIFY(registry.flush());
    QVERIFY(registry.lastError().isEmpty());
    QCOMPARE(readJson(file).value(QStringLiteral("entries")).toArray().size(), 1);
}

void tst_Registry::corruptFileIsKeptUntilSavedAside()
{
    if (isRoot())
        QSKIP("root ignores directory permissions");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("registry.json"));
    HelperProcess live(helperPath(QStringLiteral("fakeagent")), {});
    QVERIFY(live.start());

    Registry registry(file, m_bootId);
    QVERIFY(registry.open());
    const QByteArray bytes("{\"format\": \"agentmon-registry\", \"vers");
    QVERIFY(writeAll(file, bytes));
    QVERIFY(QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::ExeOwner)); // cannot move it aside
    auto restore = qScopeGuard(
        [&] { QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner); });
    QCOMPARE(registry.load(&Registry::defaultIsAlive), 0);
    QCOMPARE(registry.warnings().size(), 1);
    QVERIFY2(registry.warnings().at(0).contains(QStringLiteral("could not be moved aside")),
             qPrintable(registry.warnings().at(0)));

    registry.add(makeEntry(live.key(), EntryKind::Registered, QStringLiteral("s")));
    QVERIFY(!registry.flush());
    QCOMPARE(readAll(file), bytes);

    restore.dismiss();
    QVERIFY(QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    QVERIFY2(registry.flush(), qPrintable(registry.lastError()));
    const QStringList aside = asideFiles(dir.path());
    QCOMPARE(aside.size(), 1);
    QCOMPARE(readAll(dir.filePath(aside.at(0))), bytes);
    QCOMPARE(readJson(file).value(QStringLiteral("entries")).toArray().size(), 1);
}

void tst_Registry::pruneRemovesOnlyDead()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("registry.json"));

    HelperProcess live(helperPath(QStringLiteral("fakeagent")), {});
    HelperProcess liveChild(helperPath(QStringLiteral("fakeagent")), {});
    HelperProcess dead(helperPath(QStringLiteral("fakeagent")), {});
    HelperProcess zombieParent(helperPath(QStringLiteral("zombiemaker")), {});
    QVERIFY(live.start());
    QVERIFY(liveChild.start());
    QVERIFY(dead.start());
    QVERIFY(zombieParent.start());
    const auto zombiePid = zombieParent.waitForLine("zombie");
    QVERIFY(zombiePid);
    const auto zombieKey = keyOf(zombiePid->toInt());
    QVERIFY(zombieKey);
    const ProcessKey deadKey = dead.key();
    dead.stop();
    QVERIFY(waitGone(deadKey, 5000));

    QVERIFY(Registry::defaultIsAlive(live.key()));
    QVERIFY(!Registry::defaultIsAlive(*zombieKey)); // still in /proc, but exited
    QVERIFY(!Registry::defaultIsAlive(deadKey));

    Registry registry(file, m_bootId);
    QVERIFY(registry.open());
    const QString liveId = registry.add(makeEntry(live.key(), EntryKind::Spawned, QStringLiteral("s")));
    registry.add(makeEntry(deadKey, EntryKind::Spawned, QStringLiteral("s")));
    registry.add(makeEntry(*zombieKey, EntryKind::Discovered, QStringLiteral("s")));
    registry.addLineage(liveId, liveChild.key());
    registry.addLineage(liveId, deadKey);
    registry.addLineage(liveId, *zombieKey);
    QVERIFY(registry.flush());
    QSignalSpy changed(&registry, &Registry::changed);

    QCOMPARE(registry.prune(), 2);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(registry.count(), 1);
    const auto kept = registry.entry(liveId);
    QVERIFY(kept);
    QCOMPARE(kept->lineage, QList<ProcessKey>{liveChild.key()}); // dead descendants forgotten too
    QCOMPARE(registry.prune(), 0);
    QCOMPARE(changed.count(), 1);
    QVERIFY(registry.flush());
    QCOMPARE(readJson(file).value(QStringLiteral("entries")).toArray().size(), 1);
    QCOMPARE(live.process().state(), QProcess::Running);
    QCOMPARE(zombieParent.process().state(), QProcess::Running);
}

void tst_Registry::mutations()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    Registry registry(dir.filePath(QStringLiteral("registry.json")), m_bootId);
    QVERIFY(registry.open());
    QSignalSpy changed(&registry, &Registry::changed);

    QVERIFY(registry.add(makeEntry({0, 5}, EntryKind::Spawned, QStringLiteral("s"))).isEmpty());
    QCOMPARE(changed.count(), 0);

    const ProcessKey keyA{4'100'001, 11};
    const ProcessKey keyB{4'100'002, 12};
    const QString a = registry.add(makeEntry(keyA, EntryKind::Spawned, QStringLiteral("one")));
    const QString b = registry.add(makeEntry(keyB, EntryKind::Registered, QStringLiteral("two")));
    QVERIFY(a != b);
    QCOMPARE(registry.count(), 2);
    QCOMPARE(changed.count(), 2);

    // Same key again: replaced, id kept, no second entry.
    RegistryEntry again = makeEntry(keyA, EntryKind::Registered, QStringLiteral("one-b"));
    QCOMPARE(registry.add(again), a);
    QCOMPARE(registry.count(), 2);
    QCOMPARE(registry.entry(a)->kind, EntryKind::Registered);
    QCOMPARE(registry.entries().at(0).id, a); // in place
    const int before = changed.count();
    again.id = a;
    QCOMPARE(registry.add(again), a); // identical: no change
    QCOMPARE(changed.count(), before);

    QVERIFY(registry.setSession(b, QStringLiteral("one-b")));
    QVERIFY(!registry.setSession(QStringLiteral("rg-nope"), QStringLiteral("x")));
    QCOMPARE(registry.entriesForSession(QStringLiteral("one-b")).size(), 2);
    QCOMPARE(registry.entriesForSession(QStringLiteral("two")).size(), 0);

    const ProcessKey descendant{4'100'003, 13};
    registry.addLineage(a, descendant);
    registry.addLineage(a, descendant);
    registry.addLineage(a, keyA);   // itself: ignored
    registry.addLineage(a, {0, 0}); // invalid: ignored
    registry.addLineage(QStringLiteral("nope"), descendant);
    QCOMPARE(registry.entry(a)->lineage, QList<ProcessKey>{descendant});

    QVERIFY(registry.removeKey(keyB));
    QVERIFY(!registry.removeKey(keyB));
    QVERIFY(!registry.findByKey(keyB));
    QVERIFY(registry.remove(a));
    QVERIFY(!registry.remove(a));
    QCOMPARE(registry.count(), 0);
    QVERIFY(!registry.entry(a));

    QCOMPARE(entryKindName(EntryKind::Spawned), QStringLiteral("spawned"));
    QCOMPARE(entryKindName(EntryKind::Registered), QStringLiteral("registered"));
    QCOMPARE(entryKindName(EntryKind::Discovered), QStringLiteral("discovered"));
    QCOMPARE(entryKindFromString(u"discovered"), std::optional<EntryKind>(EntryKind::Discovered));
    QVERIFY(!entryKindFromString(u"Spawned"));
}

void tst_Registry::reapMarksRoundTrip()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("registry.json"));
    HelperProcess live(helperPath(QStringLiteral("fakeagent")), {});
    QVERIFY(live.start());

    // A file written before reap marks existed (no "reaps") loads as before, with none.
    QVERIFY(writeAll(file, registryJson(m_bootId, {entryJson(QStringLiteral("rg-1"), live.key())})));
    ReapMark mark;
    mark.reapId = QStringLiteral("reap-0123456789abcdef");
    mark.session = QStringLiteral("séance");
    mark.requestedBy = QStringLiteral("api");
    mark.trigger = QStringLiteral("POST /api/sessions/x/reap");
    mark.graceMs = 30'000;
    mark.confirmMs = 1000;
    mark.startedBootMs = 123'456'789;
    mark.startedAtWallMs = 1'714'557'600'123;
    mark.targets = {live.key(), {4'100'009, 77}}; // a dead target is kept: the resuming reap checks
    {
        Registry registry(file, m_bootId);
        QVERIFY(registry.open());
        QCOMPARE(registry.count(), 1);
        QVERIFY(registry.reapMarks().isEmpty());
        QVERIFY(registry.warnings().isEmpty());
        QVERIFY(!registry.isDirty());
        registry.addReapMark(mark);
        QVERIFY(registry.isDirty());
        QVERIFY(registry.flush());
        ReapMark other = mark;
        other.reapId = QStringLiteral("reap-other");
        registry.addReapMark(other);
        QVERIFY(registry.removeReapMark(other.reapId));
        QVERIFY(!registry.removeReapMark(other.reapId));
        QVERIFY(registry.flush());
    }
    const QJsonArray reaps = readJson(file).value(QStringLiteral("reaps")).toArray();
    QCOMPARE(reaps.size(), 1);
    QCOMPARE(reaps.at(0).toObject().value(QStringLiteral("started_at")).toString(),
             QStringLiteral("2024-05-01T10:00:00.123Z"));
    {
        Registry reopened(file, m_bootId);
        QVERIFY(reopened.open());
        QVERIFY2(reopened.warnings().isEmpty(), qPrintable(reopened.warnings().join(u'\n')));
        QCOMPARE(reopened.reapMarks().size(), 1);
        QVERIFY(reopened.reapMarks().at(0) == mark);
        QVERIFY(reopened.removeReapMark(mark.reapId));
        QVERIFY(reopened.flush());
    }
    // No mark left: no "reaps" key, the file is as older versions write it.
    QVERIFY(!readJson(file).contains(QStringLiteral("reaps")));

    // A bad mark is skipped with a warning; the entries and the good marks stay.
    QJsonObject root = readJson(file);
    root.insert(QStringLiteral("reaps"),
                QJsonArray{QJsonObject{{QStringLiteral("id"), QStringLiteral("reap-bad")}},
                           QJsonObject{{QStringLiteral("id"), QStringLiteral("reap-good")},
                                       {QStringLiteral("session"), QStringLiteral("s")},
                                       {QStringLiteral("grace_ms"), 5000},
                                       {QStringLiteral("confirm_ms"), 1000},
                                       {QStringLiteral("started_boot_ms"), 1},
                                       {QStringLiteral("targets"), QJsonArray{keyJson(live.key())}}}});
    QVERIFY(writeAll(file, QJsonDocument(root).toJson()));
    Registry lenient(file, m_bootId);
    QVERIFY(lenient.open());
    QCOMPARE(lenient.count(), 1);
    QCOMPARE(lenient.reapMarks().size(), 1);
    QCOMPARE(lenient.reapMarks().at(0).reapId, QStringLiteral("reap-good"));
    QCOMPARE(lenient.reapMarks().at(0).targets, QList<ProcessKey>{live.key()});
    QCOMPARE(lenient.warnings().size(), 1);
    QVERIFY2(lenient.warnings().at(0).contains(QStringLiteral("reap-bad")),
             qPrintable(lenient.warnings().at(0)));
    QVERIFY(asideFiles(dir.path()).isEmpty());
}

void tst_Registry::reapMarksOfAnotherBootAreDropped()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("registry.json"));
    QJsonObject root =
        QJsonDocument::fromJson(registryJson(QStringLiteral("00000000-dead-beef-0000-000000000000"), {}))
            .object();
    root.insert(QStringLiteral("reaps"),
                QJsonArray{QJsonObject{{QStringLiteral("id"), QStringLiteral("reap-old")},
                                       {QStringLiteral("session"), QStringLiteral("s")},
                                       {QStringLiteral("grace_ms"), 5000},
                                       {QStringLiteral("confirm_ms"), 1000},
                                       {QStringLiteral("started_boot_ms"), 1},
                                       {QStringLiteral("targets"), QJsonArray{}}}});
    QVERIFY(writeAll(file, QJsonDocument(root).toJson()));
    Registry registry(file, m_bootId);
    QVERIFY(registry.open());
    QVERIFY(registry.reapMarks().isEmpty());
    QVERIFY(registry.flush());
    QVERIFY(!readJson(file).contains(QStringLiteral("reaps")));
}

QTEST_GUILESS_MAIN(tst_Registry)
#include "tst_registry.moc"
