// Fault injection: the data directory (registry.json, history.sqlite) fills up or turns read-only under a
// real `agentmonctl daemon`. The test process moves into a mount namespace of its own at start (unshare
// CLONE_NEWNS, mounts private), where it mounts a tmpfs of a few hundred KiB as the data directory, fills it,
// and makes it read-only with a read-only bind mount over it; the daemons it starts inherit that namespace,
// nothing outside sees it, and it goes with the test process. Skipped where the kernel refuses.
//
// The daemon runs with the XDG layout of a real installation (not AGENTMON_HOME): configuration and runtime
// directory (lock, instance.json) elsewhere, so that only the data directory is hit, as with a full home
// partition.
#include "restartsupport.h"

#include <QDir>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/statvfs.h>
#include <unistd.h>

using namespace agentmon;
using namespace agentmon::test;

namespace {

// Mounts made by a test, undone (lazily) when it goes, in reverse order.
class Mounts {
public:
    ~Mounts()
    {
        while (!m_points.isEmpty())
            ::umount2(QFile::encodeName(m_points.takeLast()).constData(), MNT_DETACH);
    }
    bool tmpfs(const QString &dir, int sizeKb, QString *error)
    {
        const QByteArray options = QByteArrayLiteral("mode=0700,size=") + QByteArray::number(sizeKb) + 'k';
        return done(::mount("tmpfs", QFile::encodeName(dir).constData(), "tmpfs", 0, options.constData()),
                    dir, error);
    }
    // dir turns read-only for whatever opens something in it from now on (what is open stays writable: a
    // bind mount over it, remounted read-only; the superblock itself cannot be while files are open).
    bool readOnly(const QString &dir, QString *error)
    {
        const QByteArray path = QFile::encodeName(dir);
        if (!done(::mount(path.constData(), path.constData(), nullptr, MS_BIND, nullptr), dir, error))
            return false;
        return ::mount(nullptr, path.constData(), nullptr, MS_REMOUNT | MS_BIND | MS_RDONLY, nullptr) == 0 ||
               fail(error);
    }
    bool undoLast()
    {
        return !m_points.isEmpty() && ::umount2(QFile::encodeName(m_points.takeLast()).constData(), 0) == 0;
    }

private:
    static bool fail(QString *error)
    {
        *error = QString::fromLocal8Bit(std::strerror(errno));
        return false;
    }
    bool done(int result, const QString &dir, QString *error)
    {
        if (result != 0)
            return fail(error);
        m_points.append(dir);
        return true;
    }
    QStringList m_points;
};

// Writes into path until the file system says ENOSPC: big chunks first, then down to single bytes.
bool fillUp(const QString &path)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0)
        return false;
    static const QByteArray chunk(64 * 1024, 'x');
    bool full = false;
    for (qsizetype size = chunk.size(); size >= 1 && !full; size /= 16) {
        for (;;) {
            const ssize_t written = ::write(fd, chunk.constData(), size_t(size));
            if (written < 0) {
                full = errno == ENOSPC && size == 1;
                break;
            }
        }
    }
    ::close(fd);
    return full;
}

qint64 freeBytes(const QString &dir)
{
    struct statvfs fs {};
    if (::statvfs(QFile::encodeName(dir).constData(), &fs) != 0)
        return -1;
    return qint64(fs.f_bavail) * qint64(fs.f_frsize);
}

// A real `agentmonctl daemon --port 0` with the XDG layout under home: home/config, home/data (the data
// directory's parent), home/run; HOME is home too. Ended with SIGTERM (then SIGKILL) whatever happens.
class XdgDaemon {
public:
    explicit XdgDaemon(const QString &home) : m_home(home)
    {
        m_process.setProcessEnvironment(environment(home));
        m_process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
    }
    ~XdgDaemon() { stop(); }

    static QProcessEnvironment environment(const QString &home)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("AGENTMON_HOME"));
        env.insert(QStringLiteral("HOME"), home);
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/config"));
        env.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/data"));
        env.insert(QStringLiteral("XDG_RUNTIME_DIR"), home + QStringLiteral("/run"));
        env.insert(QStringLiteral("XDG_CACHE_HOME"), home + QStringLiteral("/cache"));
        env.insert(QStringLiteral("XDG_STATE_HOME"), home + QStringLiteral("/state"));
        return env;
    }
    QString configDir() const { return m_home + QStringLiteral("/config/agentmon"); }
    QString dataDir() const { return m_home + QStringLiteral("/data/agentmon"); }
    QString runtimeDir() const { return m_home + QStringLiteral("/run/agentmon"); }

    // Starts it; false when it exits or does not answer within the bound (see errors()).
    bool start()
    {
        QDir().mkpath(configDir());
        QDir().mkpath(m_home + QStringLiteral("/run"));
        QFile::setPermissions(m_home + QStringLiteral("/run"),
                              QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        QFile conf(configDir() + QStringLiteral("/agentmon.conf"));
        if (!conf.exists() && conf.open(QIODevice::WriteOnly))
            conf.write("[sampler]\ndaemonIntervalSeconds=1\n[reaper]\nintervalMinutes=0\n"
                       "[policy]\norphans=off\nleaks=off\n");
        conf.close();
        m_process.start(QStringLiteral(AGENTMONCTL_PATH),
                        {QStringLiteral("daemon"), QStringLiteral("--port"), QStringLiteral("0")});
        if (!m_process.waitForStarted(10'000))
            return false;
        QDeadlineTimer deadline(20'000);
        while (!deadline.hasExpired() && m_process.state() == QProcess::Running) {
            m_process.waitForReadyRead(200);
            m_err += m_process.readAllStandardError();
            const auto info =
                InstanceClient::readInstanceFile(runtimeDir() + QStringLiteral("/instance.json"));
            if (info && info->pid == int(m_process.processId()) && m_err.contains("listening on")) {
                m_info = *info;
                return true;
            }
        }
        return false;
    }
    void stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        ::kill(pid_t(m_process.processId()), SIGTERM);
        if (!m_process.waitForFinished(20'000)) {
            ::kill(pid_t(m_process.processId()), SIGKILL);
            m_process.waitForFinished(10'000);
        }
    }
    InstanceClient client() const
    {
        QFile token(configDir() + QStringLiteral("/token"));
        token.open(QIODevice::ReadOnly);
        return InstanceClient(m_info.port, token.readAll().trimmed());
    }
    QProcess &process() { return m_process; }
    QByteArray errors()
    {
        m_process.waitForReadyRead(0);
        m_err += m_process.readAllStandardError();
        return m_err;
    }

private:
    QString m_home;
    QProcess m_process;
    InstanceInfo m_info;
    QByteArray m_err;
};

QJsonObject doctor(const InstanceClient &client)
{
    return client.request("GET", QStringLiteral("/api/doctor")).json.object();
}

// The problems /api/doctor lists, as one text.
QString problems(const InstanceClient &client)
{
    QStringList all;
    for (const QJsonValue &p : doctor(client).value(QLatin1String("problems")).toArray())
        all.append(p.toObject().value(QLatin1String("problem")).toString());
    return all.join(QLatin1Char('\n'));
}

bool healthy(const InstanceClient &client)
{
    const auto reply = client.request("GET", QStringLiteral("/api/health"));
    return reply.ok() && reply.json.object().value(QLatin1String("status")).toString() == QLatin1String("ok");
}

// The pids registry.json holds, or nothing when it is not a valid registry.
std::optional<QList<int>> registryPids(const QString &file)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return std::nullopt;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(f.readAll(), &error);
    if (error.error != QJsonParseError::NoError ||
        document.object().value(QLatin1String("format")).toString() != QLatin1String("agentmon-registry"))
        return std::nullopt;
    QList<int> pids;
    for (const QJsonValue &entry : document.object().value(QLatin1String("entries")).toArray())
        pids.append(entry.toObject().value(QLatin1String("pid")).toInt());
    return pids;
}

QByteArray fileBytes(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

Run registerPid(int pid, const QString &session, const QString &home)
{
    return runAgentmonctl({QStringLiteral("register"), QStringLiteral("--pid"), QString::number(pid),
                           QStringLiteral("--session"), session},
                          XdgDaemon::environment(home));
}

} // namespace

class tst_FaultDisk : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void fullDataDirectory();
    void readOnlyDataDirectory();
    void startOnAFullOrReadOnlyDataDirectory_data();
    void startOnAFullOrReadOnlyDataDirectory();

private:
    bool m_namespace = false;
    QString m_why;
    std::unique_ptr<QTemporaryDir> m_home;
    QString home() const { return m_home->path(); }
    QString dataMount() const { return home() + QStringLiteral("/data"); }
};

void tst_FaultDisk::initTestCase()
{
    // A mount namespace of this process's own, with no propagation back, so that nothing it mounts is seen
    // outside it.
    if (::unshare(CLONE_NEWNS) != 0) {
        m_why = QStringLiteral("unshare(CLONE_NEWNS) refused: %1")
                    .arg(QString::fromLocal8Bit(std::strerror(errno)));
        return;
    }
    if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) {
        m_why = QStringLiteral("cannot make the mounts private: %1")
                    .arg(QString::fromLocal8Bit(std::strerror(errno)));
        return;
    }
    m_namespace = true;
}

void tst_FaultDisk::init()
{
    if (!m_namespace)
        QSKIP(qPrintable(m_why));
    m_home = std::make_unique<QTemporaryDir>();
    QVERIFY(m_home->isValid());
    QVERIFY(QDir().mkpath(dataMount()));
}

void tst_FaultDisk::fullDataDirectory()
{
    Mounts mounts;
    QString error;
    if (!mounts.tmpfs(dataMount(), 768, &error))
        QSKIP(qPrintable(QStringLiteral("cannot mount a tmpfs: %1").arg(error)));
    ProcessGuard guard;
    XdgDaemon daemon(home());
    QVERIFY2(daemon.start(), daemon.errors().constData());
    const InstanceClient client = daemon.client();
    const QString registry = daemon.dataDir() + QStringLiteral("/registry.json");

    HelperProcess before(helperPath(QStringLiteral("fakeagent")), {});
    HelperProcess during(helperPath(QStringLiteral("fakeagent")), {});
    HelperProcess reaped(helperPath(QStringLiteral("fakeagent")), {});
    QVERIFY(before.start() && during.start() && reaped.start());
    guard.watch(before.pid());
    guard.watch(during.pid());
    const ProcessKey reapedKey = guard.watch(reaped.pid());
    QCOMPARE(registerPid(before.pid(), QStringLiteral("before"), home()).exitCode, 0);
    QTRY_COMPARE_WITH_TIMEOUT(registryPids(registry).value_or(QList<int>{}), QList<int>{before.pid()}, 5000);
    const QByteArray written = fileBytes(registry);

    // The disk fills up.
    QVERIFY(fillUp(dataMount() + QStringLiteral("/filler")));
    QCOMPARE(freeBytes(dataMount()), 0);

    // Registrations are answered and in force (in memory), the file keeps its last good content.
    QCOMPARE(registerPid(during.pid(), QStringLiteral("during"), home()).exitCode, 0);
    QCOMPARE(registerPid(reaped.pid(), QStringLiteral("reaped"), home()).exitCode, 0);
    QCOMPARE(processObject(client, during.pid()).value(QLatin1String("tracked")).toBool(), true);
    QTRY_VERIFY2_WITH_TIMEOUT(problems(client).contains(QStringLiteral("cannot write %1").arg(registry)),
                              qPrintable(problems(client)), 10'000);
    QCOMPARE(fileBytes(registry), written);
    // A sample cannot be recorded: dropped, counted, said.
    QTRY_VERIFY2_WITH_TIMEOUT(problems(client).contains(QStringLiteral("samples not recorded")),
                              qPrintable(problems(client)), 10'000);
    QVERIFY(doctor(client)
                .value(QLatin1String("history"))
                .toObject()
                .value(QLatin1String("samples_not_written"))
                .toInteger() > 0);

    // A reap while the disk is full: it works, and its audit rows wait in memory.
    const Run reap =
        runAgentmonctl({QStringLiteral("reap"), QStringLiteral("--session"), QStringLiteral("reaped"),
                        QStringLiteral("--grace"), QStringLiteral("2000")},
                       XdgDaemon::environment(home()));
    QCOMPARE(reap.exitCode, 0);
    QVERIFY(waitGone(reapedKey, 5000));
    QTRY_VERIFY2_WITH_TIMEOUT(
        problems(client).contains(QStringLiteral("rows of the kill audit log are not written yet")),
        qPrintable(problems(client)), 10'000);
    QCOMPARE(fileBytes(registry), written);
    QVERIFY(registryPids(registry));
    QVERIFY(healthy(client));
    QCOMPARE(daemon.process().state(), QProcess::Running);
    const QByteArray log = daemon.errors();
    QVERIFY2(log.contains("agentmon: cannot write " + registry.toUtf8()), log.constData());

    // Space comes back: everything kept in memory is written, the problems go.
    QVERIFY(QFile::remove(dataMount() + QStringLiteral("/filler")));
    QTRY_VERIFY_WITH_TIMEOUT(registryPids(registry).value_or(QList<int>{}).contains(during.pid()), 30'000);
    QVERIFY(!registryPids(registry)->contains(reaped.pid())); // reaped meanwhile
    QVERIFY(registryPids(registry)->contains(before.pid()));
    QTRY_VERIFY2_WITH_TIMEOUT(problems(client).isEmpty(), qPrintable(problems(client)), 30'000);
    const QList<AuditEntry> rows =
        auditRows(daemon.dataDir() + QStringLiteral("/history.sqlite"), QStringLiteral("reaped"));
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.at(0).key, reapedKey);
    QCOMPARE(rows.at(0).outcome, QStringLiteral("killed"));
    QVERIFY2(daemon.errors().contains(" is written again"), daemon.errors().constData());
    QCOMPARE(QDir(daemon.dataDir()).entryList({QStringLiteral("*.corrupt-*")}), QStringList());
    QCOMPARE(daemon.process().state(), QProcess::Running);
}

void tst_FaultDisk::readOnlyDataDirectory()
{
    Mounts mounts;
    QString error;
    ProcessGuard guard;
    XdgDaemon daemon(home());
    QVERIFY2(daemon.start(), daemon.errors().constData());
    const InstanceClient client = daemon.client();
    const QString registry = daemon.dataDir() + QStringLiteral("/registry.json");
    HelperProcess before(helperPath(QStringLiteral("fakeagent")), {});
    HelperProcess during(helperPath(QStringLiteral("fakeagent")), {});
    QVERIFY(before.start() && during.start());
    guard.watch(before.pid());
    guard.watch(during.pid());
    QCOMPARE(registerPid(before.pid(), QStringLiteral("before"), home()).exitCode, 0);
    QTRY_COMPARE_WITH_TIMEOUT(registryPids(registry).value_or(QList<int>{}), QList<int>{before.pid()}, 5000);
    const QByteArray written = fileBytes(registry);

    // Read-only for what is opened from now on: registry.json (written to a new file, renamed) is hit; the
    // history and audit log keep the database they have open and go on writing to it.
    if (!mounts.readOnly(daemon.dataDir(), &error))
        QSKIP(qPrintable(QStringLiteral("cannot make a read-only bind mount: %1").arg(error)));
    QVERIFY(!QFile(daemon.dataDir() + QStringLiteral("/probe")).open(QIODevice::WriteOnly));

    QCOMPARE(registerPid(during.pid(), QStringLiteral("during"), home()).exitCode, 0);
    QCOMPARE(processObject(client, during.pid()).value(QLatin1String("tracked")).toBool(), true);
    QTRY_VERIFY2_WITH_TIMEOUT(problems(client).contains(QStringLiteral("cannot write %1").arg(registry)),
                              qPrintable(problems(client)), 10'000);
    QCOMPARE(fileBytes(registry), written);
    QVERIFY(healthy(client));

    QVERIFY(mounts.undoLast());
    QTRY_VERIFY_WITH_TIMEOUT(registryPids(registry).value_or(QList<int>{}).contains(during.pid()), 30'000);
    QTRY_VERIFY2_WITH_TIMEOUT(problems(client).isEmpty(), qPrintable(problems(client)), 10'000);
    QCOMPARE(daemon.process().state(), QProcess::Running);
}

void tst_FaultDisk::startOnAFullOrReadOnlyDataDirectory_data()
{
    QTest::addColumn<bool>("readOnly");
    QTest::newRow("full") << false;
    QTest::newRow("read-only") << true;
}

void tst_FaultDisk::startOnAFullOrReadOnlyDataDirectory()
{
    QFETCH(bool, readOnly);
    Mounts mounts;
    QString error;
    if (!mounts.tmpfs(dataMount(), 768, &error))
        QSKIP(qPrintable(QStringLiteral("cannot mount a tmpfs: %1").arg(error)));
    ProcessGuard guard;
    HelperProcess agent(helperPath(QStringLiteral("fakeagent")), {});
    QVERIFY(agent.start());
    guard.watch(agent.pid());
    QString registry;
    QByteArray written;
    {
        // A first daemon leaves registry.json and history.sqlite behind, then dies hard.
        XdgDaemon first(home());
        QVERIFY2(first.start(), first.errors().constData());
        registry = first.dataDir() + QStringLiteral("/registry.json");
        QCOMPARE(registerPid(agent.pid(), QStringLiteral("kept"), home()).exitCode, 0);
        QTRY_COMPARE_WITH_TIMEOUT(registryPids(registry).value_or(QList<int>{}), QList<int>{agent.pid()},
                                  5000);
        written = fileBytes(registry);
        ::kill(pid_t(first.process().processId()), SIGKILL);
        QVERIFY(first.process().waitForFinished(10'000));
    }
    if (readOnly)
        QVERIFY(mounts.readOnly(dataMount(), &error));
    else
        QVERIFY(fillUp(dataMount() + QStringLiteral("/filler")));

    XdgDaemon daemon(home());
    const bool started = daemon.start();
    QVERIFY2(started, daemon.errors().constData());
    const InstanceClient client = daemon.client();
    // It re-attached to what registry.json holds, and says why it cannot write.
    const QJsonObject object = processObject(client, agent.pid());
    QCOMPARE(object.value(QLatin1String("session")).toString(), QStringLiteral("kept"));
    QCOMPARE(fileBytes(registry), written);
    if (readOnly) {
        QVERIFY2(problems(client).contains(QStringLiteral("cannot write %1").arg(registry)),
                 qPrintable(problems(client)));
        QVERIFY2(daemon.errors().contains("is kept in memory until it can be written"),
                 daemon.errors().constData());
    }
    QTRY_VERIFY2_WITH_TIMEOUT(problems(client).contains(QStringLiteral("samples not recorded")),
                              qPrintable(problems(client)), 10'000);
    QVERIFY2(problems(client).contains(QStringLiteral("the kill audit log")), qPrintable(problems(client)));
    QVERIFY2(daemon.errors().contains("agentmon: cannot open the history"), daemon.errors().constData());
    QVERIFY(healthy(client));

    if (readOnly)
        QVERIFY(mounts.undoLast());
    else
        QVERIFY(QFile::remove(dataMount() + QStringLiteral("/filler")));
    // Opened again by themselves (registry lock, audit log, history), nothing moved aside as corrupt.
    QTRY_VERIFY2_WITH_TIMEOUT(problems(client).isEmpty(), qPrintable(problems(client)), 30'000);
    QVERIFY(QFileInfo::exists(registry + QStringLiteral(".lock")));
    QVERIFY(registryPids(registry).value_or(QList<int>{}).contains(agent.pid()));
    QCOMPARE(QDir(daemon.dataDir()).entryList({QStringLiteral("*.corrupt-*")}), QStringList());
    QCOMPARE(daemon.process().state(), QProcess::Running);
}

QTEST_GUILESS_MAIN(tst_FaultDisk)
#include "tst_faultdisk.moc"
