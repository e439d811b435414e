// Soak: 500 sessions (AGENTMON_SOAK_SESSIONS) started and ended against one real daemon, half through
// `agentmonctl spawn` (the pool) and half through the API (POST /api/register, POST /api/sessions/{id}/end),
// every 5th leaving a double-forked escapee behind. Then a reaper pass (POST /api/reap): every planted leak
// is gone, by (pid, starttime); nothing else is touched (bystanders the test started); the daemon's RSS and
// open files are back to their baseline after warm-up, and it has no zombie child.
//
// It runs in a PID namespace of its own, where the test's processes are all there is: a reaper pass judges
// the whole machine, and no test may signal what it did not start.
#include "faultsupport.h"
#include "instanceclient.h"
#include "testfiles.h"

#include <QElapsedTimer>
#include <QScopeGuard>
#include <QTemporaryDir>

#include <map>
#include <memory>

using namespace agentmon;
using namespace agentmon::test;

namespace {

struct Usage {
    qint64 rssKb = 0;
    int fds = 0;
};

Usage usageOf(int pid)
{
    Usage usage;
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (status.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : status.readAll().split('\n')) {
            if (line.startsWith("VmRSS:"))
                usage.rssKb = line.mid(6).trimmed().split(' ').first().toLongLong();
        }
    }
    usage.fds = int(QDir(QStringLiteral("/proc/%1/fd").arg(pid))
                        .entryList(QDir::NoDotAndDotDot | QDir::AllEntries)
                        .size());
    return usage;
}

QProcessEnvironment helperEnvironment(const QString &home)
{
    QProcessEnvironment env = homeEnvironment(home);
    env.insert(QStringLiteral("AGENTMON_HELPER_IGNORE_TERM"), QStringLiteral("0"));
    env.insert(QStringLiteral("AGENTMON_HELPER_LIFETIME"), QStringLiteral("150"));
    return env;
}

// Leaves an agent behind: doublefork's grandchild, in a session of its own, execs `claude -p leak`.
QStringList leakCommand(const QString &tag)
{
    return {helperPath(QStringLiteral("doublefork")),
            QStringLiteral("--exit"),
            QStringLiteral("/bin/bash"),
            QStringLiteral("-c"),
            QStringLiteral("exec -a claude \"$0\" -p leak-%1").arg(tag),
            helperPath(QStringLiteral("fakeagent"))};
}

QString shellQuote(const QStringList &words)
{
    QStringList quoted;
    for (QString word : words)
        quoted << QLatin1Char('\'') + word.replace(QLatin1Char('\''), QLatin1String("'\\''")) +
                      QLatin1Char('\'');
    return quoted.join(QLatin1Char(' '));
}

struct Counts {
    int sessions = 0;
    int leaks = 0;
};

} // namespace

class tst_SoakInner : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void soak();

private:
    // `agentmonctl spawn` sessions [first, first + count), at most parallel at once. Leaky ones print the
    // escapee's pid, whose key goes to planted; the command ends when the test writes a line to it.
    void spawnSessions(int first, int count, int parallel, QList<ProcessKey> &planted);
    // API sessions: a root started by the test, registered, its session ended, the root ended.
    void apiSessions(int first, int count, int batch, QList<ProcessKey> &planted);
    QJsonObject reapPass();

    std::unique_ptr<QTemporaryDir> m_home;
    std::unique_ptr<Daemon> m_daemon;
    std::unique_ptr<InstanceClient> m_client;
    int m_spawnFailures = 0;
};

void tst_SoakInner::spawnSessions(int first, int count, int parallel, QList<ProcessKey> &planted)
{
    int next = first;
    int done = 0;
    int running = 0;
    std::map<int, std::unique_ptr<QProcess>> processes;
    std::function<void()> startOne = [&] {
        const int i = next++;
        const bool leaky = i % 5 == 4;
        const QString session = QStringLiteral("soak-spawn-%1").arg(i);
        // The command ends when a line comes; the leaky one leaves its escapee first.
        const QString script = leaky ? shellQuote(leakCommand(session)) + QStringLiteral("; read -r line")
                                     : QStringLiteral("echo clean; read -r line");
        auto process = std::make_unique<QProcess>();
        QProcess *p = process.get();
        p->setProcessEnvironment(helperEnvironment(m_home->path()));
        p->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
        auto buffer = std::make_shared<QByteArray>();
        connect(p, &QProcess::readyReadStandardOutput, this, [this, p, buffer, leaky, &planted] {
            *buffer += p->readAllStandardOutput();
            if (leaky && buffer->contains("escapee ") && buffer->contains('\n')) {
                const qsizetype at = buffer->indexOf("escapee ");
                const qsizetype end = buffer->indexOf('\n', at);
                if (end < 0)
                    return;
                const int pid = buffer->mid(at + 8, end - at - 8).trimmed().toInt();
                const auto key = keyOf(pid);
                if (key)
                    planted.append(*key);
                else
                    ++m_spawnFailures; // gone before the test saw it: cannot be checked
                buffer->clear();
                p->write("\n");
                p->closeWriteChannel();
            } else if (!leaky && buffer->contains("clean")) {
                buffer->clear();
                p->write("\n");
                p->closeWriteChannel();
            }
        });
        connect(p, &QProcess::finished, this, [&, p, i, leaky](int code, QProcess::ExitStatus status) {
            const QByteArray err = p->readAllStandardError();
            // It held a slot of the daemon's pool (no "no pool limit applies" warning, nor any other), and
            // ended what its command left behind.
            if (status != QProcess::NormalExit || code != 0 || err.contains("warning") ||
                err.contains("left behind") != leaky) {
                ++m_spawnFailures;
                qWarning("spawn %d: exit %d: %s", i, code, err.constData());
            }
            ++done;
            --running;
            if (next < first + count) {
                ++running;
                startOne();
            }
        });
        p->start(QStringLiteral(AGENTMONCTL_PATH),
                 {QStringLiteral("spawn"), QStringLiteral("--session"), session, QStringLiteral("--"),
                  QStringLiteral("/bin/bash"), QStringLiteral("-c"), script});
        processes.emplace(i, std::move(process));
    };
    // Whatever path this takes, no signal of a process reaches the lambdas after these locals are gone.
    auto disconnectAll = qScopeGuard([&] {
        for (auto &[index, process] : processes)
            process->disconnect(this);
    });
    for (; running < parallel && next < first + count; ++running)
        startOne();
    QVERIFY2(QTest::qWaitFor([&] { return done == count; }, 120'000),
             qPrintable(QStringLiteral("%1 of %2 spawns ended").arg(done).arg(count)));
}

void tst_SoakInner::apiSessions(int first, int count, int batch, QList<ProcessKey> &planted)
{
    const QString fakeagent = helperPath(QStringLiteral("fakeagent"));
    for (int from = first; from < first + count; from += batch) {
        std::vector<std::unique_ptr<HelperProcess>> roots;
        QStringList sessions;
        for (int i = from; i < qMin(first + count, from + batch); ++i) {
            const bool leaky = i % 5 == 4;
            const QString session = QStringLiteral("soak-api-%1").arg(i);
            const QString root = QStringLiteral("exec -a claude \"$0\" -p %1").arg(session);
            const QString script =
                leaky ? shellQuote(leakCommand(session)) + QStringLiteral("; ") + root : root;
            roots.push_back(std::make_unique<HelperProcess>(
                QStringLiteral("/bin/bash"), QStringList{QStringLiteral("-c"), script, fakeagent}, QString(),
                helperEnvironment(m_home->path())));
            HelperProcess &r = *roots.back();
            if (leaky) {
                QVERIFY(r.start("escapee"));
                // start() took the escapee line; the escapee's pid is the rest of it, read again below.
            } else {
                QVERIFY(r.start("ready"));
            }
            sessions << session;
        }
        for (qsizetype k = 0; k < qsizetype(roots.size()); ++k) {
            HelperProcess &r = *roots[size_t(k)];
            const int i = from + int(k);
            if (i % 5 == 4) {
                // The escapee line was consumed by start(): the escapee is the one process of the namespace
                // that runs `claude -p leak-<session>`.
                const QByteArray marker = "leak-" + sessions.at(k).toLatin1() + '\0';
                const QList<Stat> escapees = processesWhere([&](const Stat &s) {
                    QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(s.key.pid));
                    return s.state != 'Z' && cmdline.open(QIODevice::ReadOnly) &&
                           cmdline.readAll().contains(marker);
                });
                QCOMPARE(escapees.size(), 1);
                const ProcessKey escapee = escapees.first().key;
                planted.append(escapee);
                // A leak is an agent once bash has exec'd it as claude (slow on a loaded machine): until then
                // a pass has no reason to take it.
                QTRY_VERIFY_WITH_TIMEOUT(readAll(QStringLiteral("/proc/%1/cmdline").arg(escapee.pid))
                                             .startsWith(QByteArray("claude\0-p\0", 10)),
                                         10'000);
                QVERIFY(r.waitForLine("ready")); // the root itself
            }
            // The root's key, now that it has exec'd.
            const auto key = keyOf(r.pid());
            QVERIFY(key);
            const auto reply = m_client->request("POST", QStringLiteral("/api/register"),
                                                 {{QStringLiteral("pid"), key->pid},
                                                  {QStringLiteral("starttime"), qint64(key->starttime)},
                                                  {QStringLiteral("session"), sessions.at(k)}});
            QVERIFY2(reply.status == 200, qPrintable(reply.error));
        }
        for (qsizetype k = 0; k < qsizetype(roots.size()); ++k) {
            const auto reply = m_client->request(
                "POST",
                QStringLiteral("/api/sessions/%1/end").arg(InstanceClient::encodeSegment(sessions.at(k))));
            QVERIFY2(reply.status == 200, qPrintable(reply.error));
            roots[size_t(k)]->stop(); // the root ends; the escapee lives on
        }
    }
}

QJsonObject tst_SoakInner::reapPass()
{
    const auto reply =
        m_client->request("POST", QStringLiteral("/api/reap"),
                          {{QStringLiteral("min_age_s"), 0}, {QStringLiteral("grace_ms"), 1000}}, 60'000);
    if (reply.status != 200)
        qWarning("POST /api/reap: %d %s", reply.status, qPrintable(reply.error));
    return reply.json.object();
}

void tst_SoakInner::soak()
{
    const int total = qEnvironmentVariableIsSet("AGENTMON_SOAK_SESSIONS")
                          ? qEnvironmentVariableIntValue("AGENTMON_SOAK_SESSIONS")
                          : 500;
    QVERIFY(total >= 10);
    QElapsedTimer took;
    took.start();
    m_home = std::make_unique<QTemporaryDir>();
    QVERIFY(m_home->isValid());
    // Quick: no linger, no minimum age, short grace; no periodic pass and no policy (the test asks).
    QFile conf(m_home->filePath(QStringLiteral("agentmon.conf")));
    QVERIFY(conf.open(QIODevice::WriteOnly));
    conf.write("[reaper]\nintervalMinutes=0\nminAgeSeconds=0\ngraceMs=1000\nconfirmMs=500\n"
               "[policy]\norphans=off\nleaks=notify\n[status]\nlingerSeconds=0\n"
               "[pool]\nmaxConcurrent=8\nhardCap=64\nwaitTimeoutSeconds=60\n");
    conf.close();
    m_daemon = std::make_unique<Daemon>(m_home->path());
    QVERIFY2(m_daemon->start(), m_daemon->errors().constData());
    m_client = std::make_unique<InstanceClient>(m_daemon->client());
    const int daemonPid = int(m_daemon->process().processId());

    // Bystanders, in no session the test ends: an agent and an MCP server whose parent lives, and a
    // double-forked escapee that is no agent. None of them may be touched.
    std::vector<std::unique_ptr<HelperProcess>> bystanders;
    bystanders.push_back(
        std::make_unique<HelperProcess>(helperPath(QStringLiteral("fakeagent")),
                                        QStringList{QStringLiteral("-p"), QStringLiteral("bystander")},
                                        QStringLiteral("claude"), helperEnvironment(m_home->path())));
    bystanders.push_back(std::make_unique<HelperProcess>(
        helperPath(QStringLiteral("fakeagent")),
        QStringList{QStringLiteral("/x/node_modules/@modelcontextprotocol/server-memory/dist/index.js")},
        QStringLiteral("node"), helperEnvironment(m_home->path())));
    for (auto &b : bystanders)
        QVERIFY(b->start());
    HelperProcess escapeeMaker(helperPath(QStringLiteral("doublefork")),
                               {QStringLiteral("--exit"), helperPath(QStringLiteral("fakeagent"))}, QString(),
                               helperEnvironment(m_home->path()));
    QVERIFY(escapeeMaker.start("escapee"));
    QVERIFY(escapeeMaker.process().waitForFinished(10'000));
    QList<ProcessKey> bystanderKeys;
    for (auto &b : bystanders)
        bystanderKeys << b->key();
    const QList<Stat> strays = processesWhere([](const Stat &s) { return s.ppid == 1 && s.state != 'Z'; });
    for (const Stat &s : strays) {
        QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(s.key.pid));
        if (cmdline.open(QIODevice::ReadOnly) && cmdline.readAll().contains("fakeagent"))
            bystanderKeys << s.key; // the non-agent escapee
    }
    QCOMPARE(bystanderKeys.size(), 3);

    // Warm-up, then the baseline.
    const int warm = 20;
    QList<ProcessKey> planted;
    spawnSessions(0, warm / 2, 8, planted);
    if (QTest::currentTestFailed())
        return;
    apiSessions(warm / 2, warm / 2, 25, planted);
    if (QTest::currentTestFailed())
        return;
    QJsonObject pass = reapPass();
    QCOMPARE(pass.value(QLatin1String("status")).toString(), QStringLiteral("ok"));
    for (const ProcessKey &key : std::as_const(planted))
        QVERIFY2(!isAlive(key), qPrintable(QStringLiteral("warm-up leak %1 alive").arg(key.pid)));
    planted.clear();
    QCOMPARE(m_client->request("GET", QStringLiteral("/api/health")).status, 200);
    const Usage baseline = usageOf(daemonPid);
    const qint64 warmMs = took.elapsed();

    // The soak.
    const int spawned = (total - warm) / 2;
    spawnSessions(warm, spawned, 8, planted);
    if (QTest::currentTestFailed())
        return;
    const int spawnLeaks = int(planted.size());
    // What spawn itself left: nothing, since it ends what its command leaves behind.
    for (const ProcessKey &key : std::as_const(planted))
        QVERIFY2(!isAlive(key), qPrintable(QStringLiteral("spawn leak %1 alive").arg(key.pid)));
    const qint64 spawnMs = took.elapsed() - warmMs;
    apiSessions(warm + spawned, total - warm - spawned, 25, planted);
    if (QTest::currentTestFailed())
        return;
    const qint64 apiMs = took.elapsed() - warmMs - spawnMs;
    QList<ProcessKey> apiLeaks = planted.mid(spawnLeaks);
    for (const ProcessKey &key : std::as_const(apiLeaks))
        QVERIFY2(isAlive(key), "an API leak died before the reaper pass");
    const Usage peak = usageOf(daemonPid);

    // The reaper pass takes every planted leak and nothing else.
    pass = reapPass();
    QCOMPARE(pass.value(QLatin1String("status")).toString(), QStringLiteral("ok"));
    const QSet<ProcessKey> killed = jsonKeys(pass.value(QLatin1String("killed")).toArray());
    const QSet<ProcessKey> expected(apiLeaks.cbegin(), apiLeaks.cend());
    if (killed != expected) {
        // Say which, and what the pass made of them.
        QStringList diff;
        for (const ProcessKey &key : killed - expected)
            diff << QStringLiteral("killed but not planted: %1/%2").arg(key.pid).arg(key.starttime);
        for (const ProcessKey &key : expected - killed)
            diff << QStringLiteral("planted but not killed: %1/%2").arg(key.pid).arg(key.starttime);
        QFAIL(qPrintable(diff.join(QLatin1String("; ")) + QLatin1Char('\n') +
                         QString::fromUtf8(QJsonDocument(pass).toJson(QJsonDocument::Compact))));
    }
    for (const ProcessKey &key : std::as_const(planted))
        QVERIFY2(!isAlive(key), qPrintable(QStringLiteral("leak %1 alive").arg(key.pid)));
    for (const ProcessKey &key : std::as_const(bystanderKeys))
        QVERIFY2(isAlive(key), qPrintable(QStringLiteral("bystander %1 was touched").arg(key.pid)));
    QCOMPARE(m_spawnFailures, 0);

    // No zombie child of the daemon; its own resources back to where they were.
    QTRY_VERIFY_WITH_TIMEOUT(
        processesWhere([&](const Stat &s) { return s.ppid == daemonPid && s.state == 'Z'; }).isEmpty(),
        10'000);
    constexpr int kFdSlack = 2;
    constexpr qint64 kRssSlackKb = 8 * 1024;
    Usage after;
    const bool settled = QTest::qWaitFor(
        [&] {
            after = usageOf(daemonPid);
            return after.fds <= baseline.fds + kFdSlack && after.rssKb <= baseline.rssKb + kRssSlackKb;
        },
        10'000);
    qInfo(
        "soak: %d sessions (%d spawn, %d API; %d planted leaks) in %lld ms: warm-up %lld ms, spawn %lld ms, "
        "API %lld ms, pass %lld ms; daemon RSS %lld kB baseline, %lld kB at the peak, %lld kB after; fds %d "
        "baseline, %d at the peak, %d after",
        total, warm / 2 + spawned, warm / 2 + (total - warm - spawned), int(planted.size()), took.elapsed(),
        warmMs, spawnMs, apiMs, qint64(pass.value(QLatin1String("duration_ms")).toInteger()), baseline.rssKb,
        peak.rssKb, after.rssKb, baseline.fds, peak.fds, after.fds);
    QVERIFY2(settled,
             qPrintable(QStringLiteral("daemon at %1 kB / %2 fds after the soak, baseline %3 kB / %4 fds")
                            .arg(after.rssKb)
                            .arg(after.fds)
                            .arg(baseline.rssKb)
                            .arg(baseline.fds)));
    QCOMPARE(m_client->request("GET", QStringLiteral("/api/health")).status, 200);
    QVERIFY(m_daemon->terminate());
}

class tst_Soak : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void soak()
    {
        if (const QString why = pidNamespaceRefused(); !why.isEmpty())
            QSKIP(qPrintable(why));
        const InnerRun run = runInner(QStringLiteral("soak"), 110'000);
        for (const QByteArray &line : run.output.split('\n')) {
            if (line.startsWith("QINFO") || line.startsWith("QWARN"))
                qInfo("inner: %s", line.constData());
        }
        if (!run.skipped.isEmpty())
            QSKIP(qPrintable(run.skipped));
        QVERIFY2(run.finished, run.output.constData());
        QVERIFY2(run.exitCode == 0, run.output.constData());
        QVERIFY2(run.output.contains("PASS   : tst_SoakInner::soak()"), run.output.constData());
    }
};

AGENTMON_FAULT_MAIN(tst_Soak, tst_SoakInner)
#include "tst_soak.moc"
