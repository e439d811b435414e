#include "fakeproc.h"

#include <QDir>
#include <QFile>

namespace agentmon::test {

namespace {
void writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        qFatal("cannot write %s", qPrintable(path));
    file.write(content);
}
} // namespace

FakeProc::FakeProc(const QString &root) : m_root(root)
{
    QDir().mkpath(root + QStringLiteral("/sys/kernel/random"));
    writeFile(root + QStringLiteral("/sys/kernel/random/boot_id"), "0f0e0d0c-0b0a-0908-0706-050403020100\n");
    writeMeminfo(16 * 1024 * 1024, 8 * 1024 * 1024);
}

QByteArray FakeProc::statLine(const Proc &p)
{
    const quint32 flags = p.kernelThread ? 0x00208040u : 0x00400100u;
    QByteArray line = QByteArray::number(p.pid) + " (" + p.comm.toUtf8() + ") " + QByteArray(1, p.state);
    const QList<quint64> numbers = {quint64(p.ppid),
                                    quint64(p.pgid ? p.pgid : p.pid),
                                    quint64(p.sid ? p.sid : p.pid),
                                    quint64(p.ttyNr),
                                    quint64(p.ttyNr ? (p.pgid ? p.pgid : p.pid) : 0),
                                    flags,
                                    0,
                                    0,
                                    0,
                                    0,
                                    p.utime,
                                    p.stime,
                                    0,
                                    0,
                                    20,
                                    0,
                                    1,
                                    0,
                                    p.starttime,
                                    100000000,
                                    p.rssPages};
    for (quint64 n : numbers)
        line += ' ' + QByteArray::number(n);
    // tpgid is -1 without a terminal; patch it in where the kernel prints it (field 8).
    if (!p.ttyNr) {
        QList<QByteArray> parts = line.mid(line.lastIndexOf(')') + 2).split(' ');
        parts[5] = "-1";
        line = line.left(line.lastIndexOf(')') + 2) + parts.join(' ');
    }
    line += " 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n";
    return line;
}

void FakeProc::write(const Proc &p) const
{
    const QString dir = m_root + QLatin1Char('/') + QString::number(p.pid);
    QDir().mkpath(dir);
    writeFile(dir + QStringLiteral("/stat"), statLine(p));
    QByteArray cmdline;
    for (const QString &arg : p.argv)
        cmdline += arg.toUtf8() + '\0';
    writeFile(dir + QStringLiteral("/cmdline"), cmdline);
    QByteArray env;
    for (const QString &entry : p.environ)
        env += entry.toUtf8() + '\0';
    writeFile(dir + QStringLiteral("/environ"), env);
    if (p.pssKb) {
        writeFile(dir + QStringLiteral("/smaps_rollup"),
                  "00400000-7ffd0000 ---p 00000000 00:00 0                          [rollup]\n"
                  "Rss:              " +
                      QByteArray::number(p.rssPages * 4) +
                      " kB\n"
                      "Pss:              " +
                      QByteArray::number(*p.pssKb) +
                      " kB\n"
                      "Swap:             " +
                      QByteArray::number(p.swapKb.value_or(0)) +
                      " kB\n"
                      "SwapPss:          " +
                      QByteArray::number(p.swapKb.value_or(0)) + " kB\n");
    } else {
        QFile::remove(dir + QStringLiteral("/smaps_rollup"));
    }
    QFile::remove(dir + QStringLiteral("/cwd"));
    if (!p.cwd.isEmpty())
        QFile::link(p.cwd, dir + QStringLiteral("/cwd"));
}

void FakeProc::remove(int pid) const
{
    QDir(m_root + QLatin1Char('/') + QString::number(pid)).removeRecursively();
}

void FakeProc::writeMeminfo(quint64 totalKb, quint64 availableKb, quint64 swapTotalKb,
                            quint64 swapFreeKb) const
{
    writeFile(m_root + QStringLiteral("/meminfo"), "MemTotal:       " + QByteArray::number(totalKb) +
                                                       " kB\n"
                                                       "MemFree:        " +
                                                       QByteArray::number(availableKb / 2) +
                                                       " kB\n"
                                                       "MemAvailable:   " +
                                                       QByteArray::number(availableKb) +
                                                       " kB\n"
                                                       "Buffers:          102400 kB\n"
                                                       "SwapTotal:      " +
                                                       QByteArray::number(swapTotalKb) +
                                                       " kB\n"
                                                       "SwapFree:       " +
                                                       QByteArray::number(swapFreeKb) + " kB\n");
}

void FakeProc::writePressure(const QByteArray &content) const
{
    const QString path = m_root + QStringLiteral("/pressure/memory");
    if (content.isEmpty()) {
        QFile::remove(path);
        return;
    }
    QDir().mkpath(m_root + QStringLiteral("/pressure"));
    writeFile(path, content);
}

} // namespace agentmon::test
