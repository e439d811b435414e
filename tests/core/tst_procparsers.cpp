#include "processinfo.h"
#include "procparsers.h"

#include <QFile>
#include <QTest>

#include <limits>

using namespace agentmon;

namespace {

// The captured (real) and hand-written (hostile or rare) files in tests/fixtures/proc/.
QByteArray fixture(const QString &name)
{
    const QString path = QStringLiteral(AGENTMON_FIXTURE_DIR "/proc/") + name;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", qPrintable(path));
    return file.readAll();
}

// dev_t the way the kernel encodes it in field 7 of stat (new_encode_dev).
int ttyDev(uint major, uint minor)
{
    return int((minor & 0xffu) | (major << 8) | ((minor & ~0xffu) << 12));
}

} // namespace

class tst_ProcParsers : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void stat_data();
    void stat();
    void statMalformed_data();
    void statMalformed();
    void cmdline_data();
    void cmdline();
    void environMarkers_data();
    void environMarkers();
    void smapsRollup_data();
    void smapsRollup();
    void meminfo_data();
    void meminfo();
    void pressure_data();
    void pressure();
    void statusRealUid_data();
    void statusRealUid();
    void unsignedNumber_data();
    void unsignedNumber();
    void tty_data();
    void tty();
};

void tst_ProcParsers::stat_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<int>("pid");
    QTest::addColumn<QByteArray>("comm");
    QTest::addColumn<char>("state");
    QTest::addColumn<int>("ppid");
    QTest::addColumn<int>("pgid");
    QTest::addColumn<int>("sid");
    QTest::addColumn<int>("ttyNr");
    QTest::addColumn<int>("tpgid");
    QTest::addColumn<bool>("kernelThread");
    QTest::addColumn<quint64>("utime");
    QTest::addColumn<quint64>("stime");
    QTest::addColumn<int>("threads");
    QTest::addColumn<quint64>("starttime");
    QTest::addColumn<quint64>("rssPages");

    // Captured from this machine: `sleep 300` and the kernel thread ksoftirqd/0.
    QTest::newRow("real process, no tty, tpgid -1")
        << fixture("stat-normal") << 5267 << QByteArray("sleep") << 'S' << 1 << 5262 << 4315 << 0 << -1
        << false << quint64(0) << quint64(0) << 1 << quint64(71640) << quint64(420);
    QTest::newRow("real kernel thread")
        << fixture("stat-kthread") << 14 << QByteArray("ksoftirqd/0") << 'S' << 2 << 0 << 0 << 0 << -1 << true
        << quint64(2) << quint64(0) << 1 << quint64(24) << quint64(0);
    // Hand-written: every field distinct, so reading a neighbouring field gives a wrong value.
    QTest::newRow("comm 'a) Z (b' on pts/3")
        << fixture("stat-comm-parens") << 4242 << QByteArray("a) Z (b") << 'S' << 4100 << 4242 << 4100
        << ttyDev(136, 3) << 4300 << false << quint64(1234) << quint64(567) << 7 << quint64(987654)
        << quint64(2345);
    QTest::newRow("comm with newline and spaces")
        << fixture("stat-comm-newline") << 777 << QByteArray("x\ny  z") << 'R' << 1 << 777 << 777 << 0 << -1
        << false << quint64(31) << quint64(32) << 2 << quint64(5555) << quint64(66);
    QTest::newRow("comm truncated to 15 characters")
        << fixture("stat-comm-truncated") << 31337 << QByteArray("chroma-mcp-serv") << 'S' << 4242 << 31337
        << 4100 << 0 << -1 << false << quint64(900) << quint64(100) << 12 << quint64(777777)
        << quint64(30000);
    QTest::newRow("zombie") << fixture("stat-zombie") << 9001 << QByteArray("node") << 'Z' << 4242 << 4242
                            << 4100 << 0 << -1 << false << quint64(4500) << quint64(300) << 1
                            << quint64(888888) << quint64(0);
    QTest::newRow("empty comm, no trailing fields")
        << QByteArray("5 () D 4 3 2 1 0 64 0 0 0 0 11 12 0 0 20 0 3 0 13 100 14") << 5 << QByteArray() << 'D'
        << 4 << 3 << 2 << 1 << 0 << false << quint64(11) << quint64(12) << 3 << quint64(13) << quint64(14);
    QTest::newRow("64-bit starttime")
        << QByteArray("6 (big) S 1 6 6 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 18446744073709551000 0 0\n") << 6
        << QByteArray("big") << 'S' << 1 << 6 << 6 << 0 << -1 << false << quint64(0) << quint64(0) << 1
        << quint64(18446744073709551000ull) << quint64(0);
    // Found by tst_parserfuzz under UBSan: negating -2^63 overflowed. It wraps into the int field now.
    QTest::newRow("most negative tpgid")
        << QByteArray("7 (x) S 1 7 7 0 -9223372036854775808 0 0 0 0 0 0 0 0 0 20 0 1 0 9 0 0\n") << 7
        << QByteArray("x") << 'S' << 1 << 7 << 7 << 0 << 0 << false << quint64(0) << quint64(0) << 1
        << quint64(9) << quint64(0);
}

void tst_ProcParsers::stat()
{
    QFETCH(QByteArray, data);
    QFETCH(int, pid);
    QFETCH(QByteArray, comm);
    QFETCH(char, state);
    QFETCH(int, ppid);
    QFETCH(int, pgid);
    QFETCH(int, sid);
    QFETCH(int, ttyNr);
    QFETCH(int, tpgid);
    QFETCH(bool, kernelThread);
    QFETCH(quint64, utime);
    QFETCH(quint64, stime);
    QFETCH(int, threads);
    QFETCH(quint64, starttime);
    QFETCH(quint64, rssPages);

    const auto f = procparse::parseStat(data);
    QVERIFY(f);
    QCOMPARE(f->pid, pid);
    QCOMPARE(f->comm.toByteArray(), comm);
    QCOMPARE(f->state, state);
    QCOMPARE(f->ppid, ppid);
    QCOMPARE(f->pgid, pgid);
    QCOMPARE(f->sid, sid);
    QCOMPARE(f->ttyNr, ttyNr);
    QCOMPARE(f->tpgid, tpgid);
    QCOMPARE(f->isKernelThread(), kernelThread);
    QCOMPARE(f->utime, utime);
    QCOMPARE(f->stime, stime);
    QCOMPARE(f->threads, threads);
    QCOMPARE(f->starttime, starttime);
    QCOMPARE(f->rssPages, rssPages);
}

void tst_ProcParsers::statMalformed_data()
{
    QTest::addColumn<QByteArray>("data");

    QTest::newRow("empty") << QByteArray();
    QTest::newRow("garbage") << QByteArray("not a stat line\n");
    QTest::newRow("pid only") << QByteArray("123");
    QTest::newRow("negative pid") << QByteArray("-1 (x) S 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5 0 0");
    QTest::newRow("no space before comm")
        << QByteArray("123(x) S 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5 0 0");
    QTest::newRow("no parenthesis") << QByteArray("123 x S 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5 0 0");
    QTest::newRow("letters where ppid belongs")
        << QByteArray("7 (x) S one 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5 0 0");
    QTest::newRow("captured truncated line (cut before utime)") << fixture("stat-truncated");
    // A truncated 'a) Z (b' line: the only ')' left is the one inside the name.
    QTest::newRow("hostile comm cut inside the name") << QByteArray("4242 (a) Z (b");

    // The captured stat of `sleep 300` cut after each field up to vsize: rss (field 24) is the last field the
    // parser needs, so every one of these must be rejected rather than read as zeros.
    const QByteArray full = fixture("stat-normal");
    const qsizetype afterComm = full.lastIndexOf(')') + 1;
    QTest::addRow("cut inside comm") << full.left(afterComm - 2);
    QTest::addRow("cut after comm") << full.left(afterComm);
    qsizetype pos = afterComm;
    for (int field = 3; field <= 23; ++field) {
        pos = full.indexOf(' ', pos + 1);
        QTest::addRow("cut after field %d", field) << full.left(pos);
        QTest::addRow("cut after field %d and its space", field) << full.left(pos + 1);
    }
}

void tst_ProcParsers::statMalformed()
{
    QFETCH(QByteArray, data);
    QVERIFY(!procparse::parseStat(data));
    // The complete line the cut ones came from does parse: the rejection above is about the cut.
    QVERIFY(procparse::parseStat(fixture("stat-normal")));
}

void tst_ProcParsers::cmdline_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QStringList>("argv");

    QTest::newRow("real process") << fixture("cmdline-normal") << QStringList{"sleep", "300"};
    QTest::newRow("real kernel thread: empty") << fixture("cmdline-kthread") << QStringList();
    QTest::newRow("trailing NULs dropped")
        << fixture("cmdline-trailing-nuls")
        << QStringList{"node", "/usr/lib/node_modules/@anthropic-ai/claude-code/cli.js", "--verbose"};
    QTest::newRow("setproctitle: one space-separated string")
        << fixture("cmdline-setproctitle") << QStringList{"postgres: checkpointer   "};
    QTest::newRow("empty argument in the middle kept")
        << fixture("cmdline-empty-arg") << QStringList{"python3", "-c", "", "--flag"};
    QTest::newRow("invalid UTF-8 becomes replacement characters")
        << fixture("cmdline-invalid-utf8")
        << QStringList{QStringLiteral(u"/opt/caf\uFFFD/bin/tool"), QStringLiteral(u"--name=\uFFFD\uFFFD"),
                       QStringLiteral("ok")};
    QTest::newRow("valid UTF-8 decoded") << QByteArray("caf\xc3\xa9\0-x\0", 9)
                                         << QStringList{QStringLiteral(u"caf\u00e9"), QStringLiteral("-x")};
    QTest::newRow("no trailing NUL") << QByteArray("a\0b", 3) << QStringList{"a", "b"};
    QTest::newRow("only NULs") << QByteArray(5, '\0') << QStringList();
    QTest::newRow("nothing") << QByteArray() << QStringList();
}

void tst_ProcParsers::cmdline()
{
    QFETCH(QByteArray, data);
    QFETCH(QStringList, argv);
    QCOMPARE(procparse::parseCmdline(data), argv);
}

void tst_ProcParsers::environMarkers_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QString>("sessionId");
    QTest::addColumn<QString>("projectDir");
    QTest::addColumn<QString>("entrypoint");
    QTest::addColumn<bool>("claudeCode");
    QTest::addColumn<bool>("childSession");

    QTest::newRow("agent session") << fixture("environ-agent")
                                   << QStringLiteral("3f2c7a9e-8d41-4b6a-9c0e-5a1b2c3d4e5f")
                                   << QStringLiteral("/home/dev/src/agentmon") << QStringLiteral("cli")
                                   << true << false;
    QTest::newRow("child session, UTF-8 project dir")
        << fixture("environ-child") << QString() << QStringLiteral(u"/srv/w\u00e9b")
        << QStringLiteral("sdk-cli") << false << true;
    QTest::newRow("near-miss keys and values match nothing")
        << fixture("environ-near-miss") << QString() << QString() << QString() << false << false;
    QTest::newRow("empty environ") << QByteArray() << QString() << QString() << QString() << false << false;
    QTest::newRow("last entry without NUL")
        << QByteArray("A=1\0CLAUDECODE=1", 16) << QString() << QString() << QString() << true << false;
    QTest::newRow("duplicate keys: the first wins, as for getenv")
        << QByteArray(
               "CLAUDE_CODE_SESSION_ID=first\0CLAUDECODE=1\0CLAUDE_CODE_SESSION_ID=second\0CLAUDECODE=0\0",
               85)
        << QStringLiteral("first") << QString() << QString() << true << false;
    QTest::newRow("marker first, value with '='")
        << QByteArray("CLAUDE_CODE_SESSION_ID=a=b\0", 27) << QStringLiteral("a=b") << QString() << QString()
        << false << false;
}

void tst_ProcParsers::environMarkers()
{
    QFETCH(QByteArray, data);
    QFETCH(QString, sessionId);
    QFETCH(QString, projectDir);
    QFETCH(QString, entrypoint);
    QFETCH(bool, claudeCode);
    QFETCH(bool, childSession);

    const EnvMarkers m = procparse::parseEnvironMarkers(data);
    QCOMPARE(m.sessionId, sessionId);
    QCOMPARE(m.projectDir, projectDir);
    QCOMPARE(m.entrypoint, entrypoint);
    QCOMPARE(m.claudeCode, claudeCode);
    QCOMPARE(m.childSession, childSession);
    QCOMPARE(m.isEmpty(), sessionId.isEmpty() && projectDir.isEmpty() && !claudeCode && !childSession);
}

void tst_ProcParsers::smapsRollup_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<quint64>("pssKb");
    QTest::addColumn<quint64>("swapKb");
    QTest::addColumn<quint64>("swapPssKb");

    QTest::newRow("real process") << fixture("smaps_rollup-normal") << true << quint64(277) << quint64(0)
                                  << quint64(0);
    QTest::newRow("swapped out") << fixture("smaps_rollup-swapped") << true << quint64(301122)
                                 << quint64(51200) << quint64(40960);
    QTest::newRow("Pss_* and SwapPss before Pss and Swap")
        << QByteArray("Pss_Anon: 5 kB\nSwapPss: 3 kB\nPss:\t7 kB\nSwap: 9 kB\n") << true << quint64(7)
        << quint64(9) << quint64(3);
    QTest::newRow("no Pss line") << QByteArray("Rss: 100 kB\nSwap: 0 kB\n") << false << quint64(0)
                                 << quint64(0) << quint64(0);
    QTest::newRow("Pss without number")
        << QByteArray("Pss: kB\n") << false << quint64(0) << quint64(0) << quint64(0);
    QTest::newRow("empty (kernel thread)") << QByteArray() << false << quint64(0) << quint64(0) << quint64(0);
}

void tst_ProcParsers::smapsRollup()
{
    QFETCH(QByteArray, data);
    QFETCH(bool, valid);
    QFETCH(quint64, pssKb);
    QFETCH(quint64, swapKb);
    QFETCH(quint64, swapPssKb);

    const auto detail = procparse::parseSmapsRollup(data);
    QCOMPARE(bool(detail), valid);
    if (!detail)
        return;
    QCOMPARE(detail->pssKb, pssKb);
    QCOMPARE(detail->swapKb, swapKb);
    QCOMPARE(detail->swapPssKb, swapPssKb);
}

void tst_ProcParsers::meminfo_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<quint64>("totalKb");
    QTest::addColumn<quint64>("availableKb");
    QTest::addColumn<quint64>("swapTotalKb");
    QTest::addColumn<quint64>("swapFreeKb");

    QTest::newRow("real meminfo") << fixture("meminfo") << true << quint64(24684096) << quint64(23877192)
                                  << quint64(0) << quint64(0);
    QTest::newRow("old kernel without MemAvailable: MemFree")
        << fixture("meminfo-old-kernel") << true << quint64(2059764) << quint64(123456) << quint64(4194300)
        << quint64(3145724);
    QTest::newRow("SwapCached is not SwapTotal")
        << QByteArray(
               "SwapCached: 5 kB\nMemTotal: 100 kB\nMemAvailable: 50 kB\nSwapTotal: 20 kB\nSwapFree: 10 kB")
        << true << quint64(100) << quint64(50) << quint64(20) << quint64(10);
    QTest::newRow("no MemTotal") << QByteArray("MemFree: 5 kB\nMemAvailable: 50 kB\n") << false << quint64(0)
                                 << quint64(0) << quint64(0) << quint64(0);
    QTest::newRow("garbage") << QByteArray("\x01\x02 garbage\n") << false << quint64(0) << quint64(0)
                             << quint64(0) << quint64(0);
    QTest::newRow("empty") << QByteArray() << false << quint64(0) << quint64(0) << quint64(0) << quint64(0);
}

void tst_ProcParsers::meminfo()
{
    QFETCH(QByteArray, data);
    QFETCH(bool, valid);
    QFETCH(quint64, totalKb);
    QFETCH(quint64, availableKb);
    QFETCH(quint64, swapTotalKb);
    QFETCH(quint64, swapFreeKb);

    const auto info = procparse::parseMeminfo(data);
    QCOMPARE(bool(info), valid);
    if (!info)
        return;
    QCOMPARE(info->memTotalKb, totalKb);
    QCOMPARE(info->memAvailableKb, availableKb);
    QCOMPARE(info->swapTotalKb, swapTotalKb);
    QCOMPARE(info->swapFreeKb, swapFreeKb);
}

void tst_ProcParsers::pressure_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<double>("someAvg10");
    QTest::addColumn<double>("someAvg60");
    QTest::addColumn<double>("fullAvg10");
    QTest::addColumn<double>("fullAvg60");

    QTest::newRow("real, idle machine") << fixture("pressure-memory") << true << 0.0 << 0.0 << 0.0 << 0.0;
    QTest::newRow("under pressure") << fixture("pressure-memory-busy") << true << 12.34 << 5.67 << 3.21
                                    << 0.98;
    QTest::newRow("some line only") << QByteArray("some avg10=1.50 avg60=2.50 avg300=0.00 total=9\n") << true
                                    << 1.5 << 2.5 << 0.0 << 0.0;
    QTest::newRow("unparsable figure")
        << fixture("pressure-memory-garbage") << false << 0.0 << 0.0 << 0.0 << 0.0;
    QTest::newRow("no PSI: empty") << QByteArray() << false << 0.0 << 0.0 << 0.0 << 0.0;
    QTest::newRow("no PSI: error text")
        << QByteArray("Operation not supported\n") << false << 0.0 << 0.0 << 0.0 << 0.0;
    QTest::newRow("full line only") << QByteArray("full avg10=1.00 avg60=1.00 avg300=1.00 total=1\n") << false
                                    << 0.0 << 0.0 << 0.0 << 0.0;
    // Found by tst_parserfuzz: QByteArray::toDouble takes "nan" and "inf"; no kernel writes them.
    QTest::newRow("nan") << QByteArray("some avg10=nan avg60=0.00 avg300=0.00 total=0\n") << false << 0.0
                         << 0.0 << 0.0 << 0.0;
    QTest::newRow("inf") << QByteArray("some avg10=0.00 avg60=inf avg300=0.00 total=0\n") << false << 0.0
                         << 0.0 << 0.0 << 0.0;
}

void tst_ProcParsers::pressure()
{
    QFETCH(QByteArray, data);
    QFETCH(bool, valid);
    QFETCH(double, someAvg10);
    QFETCH(double, someAvg60);
    QFETCH(double, fullAvg10);
    QFETCH(double, fullAvg60);

    const auto psi = procparse::parsePressure(data);
    QCOMPARE(bool(psi), valid);
    if (!psi)
        return;
    QCOMPARE(psi->someAvg10, someAvg10);
    QCOMPARE(psi->someAvg60, someAvg60);
    QCOMPARE(psi->fullAvg10, fullAvg10);
    QCOMPARE(psi->fullAvg60, fullAvg60);
}

void tst_ProcParsers::statusRealUid_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<uint>("uid");

    QTest::newRow("real status") << fixture("status-normal") << true << 0u;
    QTest::newRow("setuid: real uid, not effective") << fixture("status-setuid") << true << 1000u;
    QTest::newRow("no Uid line") << QByteArray("Name:\tx\nPid:\t5\nGid:\t1\t1\t1\t1\n") << false << 0u;
    QTest::newRow("Uid not at line start") << QByteArray("Name:\tx\nXUid:\t5\t5\t5\t5\n") << false << 0u;
    QTest::newRow("Uid without number") << QByteArray("Name:\tx\nUid:\t\n") << false << 0u;
    QTest::newRow("empty") << QByteArray() << false << 0u;
}

void tst_ProcParsers::statusRealUid()
{
    QFETCH(QByteArray, data);
    QFETCH(bool, valid);
    QFETCH(uint, uid);

    const auto real = procparse::parseStatusRealUid(data);
    QCOMPARE(bool(real), valid);
    if (real)
        QCOMPARE(*real, uid);
}

void tst_ProcParsers::unsignedNumber_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<quint64>("value");
    QTest::addColumn<QByteArray>("rest");

    QTest::newRow("whole input") << QByteArray("123") << true << quint64(123) << QByteArray();
    QTest::newRow("stops at space") << QByteArray("42 kB") << true << quint64(42) << QByteArray(" kB");
    QTest::newRow("leading zeros") << QByteArray("007x") << true << quint64(7) << QByteArray("x");
    QTest::newRow("zero") << QByteArray("0") << true << quint64(0) << QByteArray();
    QTest::newRow("64-bit maximum") << QByteArray("18446744073709551615\n") << true
                                    << std::numeric_limits<quint64>::max() << QByteArray("\n");
    QTest::newRow("empty") << QByteArray() << false << quint64(0) << QByteArray();
    QTest::newRow("letters") << QByteArray("abc") << false << quint64(0) << QByteArray("abc");
    QTest::newRow("sign") << QByteArray("-5") << false << quint64(0) << QByteArray("-5");
    QTest::newRow("leading space") << QByteArray(" 5") << false << quint64(0) << QByteArray(" 5");
}

void tst_ProcParsers::unsignedNumber()
{
    QFETCH(QByteArray, data);
    QFETCH(bool, ok);
    QFETCH(quint64, value);
    QFETCH(QByteArray, rest);

    QByteArrayView view(data);
    quint64 parsed = 4711; // left alone on failure
    QCOMPARE(procparse::parseUnsigned(view, parsed), ok);
    QCOMPARE(parsed, ok ? value : quint64(4711));
    QCOMPARE(view.toByteArray(), rest);
}

void tst_ProcParsers::tty_data()
{
    QTest::addColumn<int>("ttyNr");
    QTest::addColumn<QString>("name");

    QTest::newRow("none") << 0 << QString();
    QTest::newRow("pts/0") << ttyDev(136, 0) << QStringLiteral("pts/0");
    QTest::newRow("pts/3") << ttyDev(136, 3) << QStringLiteral("pts/3");
    QTest::newRow("pts/255") << ttyDev(136, 255) << QStringLiteral("pts/255");
    QTest::newRow("pts/300: minor above 255") << ttyDev(136, 300) << QStringLiteral("pts/300");
    QTest::newRow("major 137 is pts/256+") << ttyDev(137, 5) << QStringLiteral("pts/261");
    QTest::newRow("major 143 is the last pts major") << ttyDev(143, 255) << QStringLiteral("pts/2047");
    QTest::newRow("major 135 is not a pts") << ttyDev(135, 1) << QStringLiteral("tty(135,1)");
    QTest::newRow("major 144 is not a pts") << ttyDev(144, 1) << QStringLiteral("tty(144,1)");
    QTest::newRow("virtual console tty0") << ttyDev(4, 0) << QStringLiteral("tty0");
    QTest::newRow("virtual console tty2") << ttyDev(4, 2) << QStringLiteral("tty2");
    QTest::newRow("virtual console tty63") << ttyDev(4, 63) << QStringLiteral("tty63");
    QTest::newRow("serial ttyS0") << ttyDev(4, 64) << QStringLiteral("ttyS0");
    QTest::newRow("serial ttyS5") << ttyDev(4, 69) << QStringLiteral("ttyS5");
    QTest::newRow("console (5,1)") << ttyDev(5, 1) << QStringLiteral("tty(5,1)");
}

void tst_ProcParsers::tty()
{
    QFETCH(int, ttyNr);
    QFETCH(QString, name);
    QCOMPARE(ttyName(ttyNr), name);
}

QTEST_GUILESS_MAIN(tst_ProcParsers)
#include "tst_procparsers.moc"
