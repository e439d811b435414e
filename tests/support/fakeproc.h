#pragma once

#include "processinfo.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace agentmon::test {

// Writes a small /proc look-alike into a directory, for the parts of a test that need situations a test
// cannot make for real (another user's agent, a machine with 5 days of uptime, a kernel without PSI). The
// real LinuxProcessSource reads it, so parsers and the sampler run their normal code paths.
class FakeProc {
public:
    struct Proc {
        int pid = 0;
        int ppid = 1;
        quint64 starttime = 100;
        QString comm;
        QStringList argv;
        char state = 'S';
        int ttyNr = 0;
        int pgid = 0; // 0: pid
        int sid = 0;  // 0: pid
        quint64 utime = 0;
        quint64 stime = 0;
        quint64 rssPages = 1000;
        bool kernelThread = false;
        QStringList environ; // KEY=VALUE
        std::optional<quint64> pssKb;
        std::optional<quint64> swapKb;
        QString cwd;
    };

    explicit FakeProc(const QString &root);

    void write(const Proc &proc) const;
    void remove(int pid) const;
    void writeMeminfo(quint64 totalKb, quint64 availableKb, quint64 swapTotalKb = 0,
                      quint64 swapFreeKb = 0) const;
    void writePressure(const QByteArray &content) const; // empty: no pressure file (kernel without PSI)
    QString root() const { return m_root; }

    // The stat line the kernel would print for proc.
    static QByteArray statLine(const Proc &proc);

private:
    QString m_root;
};

} // namespace agentmon::test
