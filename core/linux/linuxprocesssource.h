#pragma once

#include "processsource.h"

#include <QByteArray>
#include <QHash>

namespace agentmon {

// Reads /proc (or a captured copy of it) the way htop does: one open directory handle on the root, openat()
// relative to it, one reused read buffer, stat on the hot path and nothing else per process; argv once per
// process instance. Mark and sweep keeps per-process state (argv, previous CPU ticks) between scans.
//
// The stat file of a known process stays open between scans (up to a quarter of RLIMIT_NOFILE), so a steady
// scan costs one pread() per process instead of openat + fstat + read + close. An open /proc/<pid>/stat is
// bound to that process: once it exits the read fails, even if the pid is reused, and the file is opened
// anew. The uid (owner of /proc/<pid>) is refreshed every kUidRefreshScans scans; anything that acts on a
// process re-reads the real uid first (readRealUid).
class LinuxProcessSource final : public ProcessSource {
public:
    LinuxProcessSource(const Clock &clock, const QString &procRoot);
    ~LinuxProcessSource() override;
    LinuxProcessSource(const LinuxProcessSource &) = delete;
    LinuxProcessSource &operator=(const LinuxProcessSource &) = delete;

    bool isValid() const override { return m_procFd >= 0; }
    QString errorString() const override { return m_error; }

    void scan(std::vector<ProcessInfo> &out) override;
    SystemStats readSystem() override;
    std::optional<ProcessInfo> readProcess(const ProcessKey &key) override;
    std::optional<EnvMarkers> readEnvMarkers(const ProcessKey &key) override;
    std::optional<MemoryDetail> readMemory(const ProcessKey &key) override;
    QString readCwd(const ProcessKey &key) override;
    std::optional<uint> readRealUid(const ProcessKey &key) override;
    quint64 clockTicksPerSecond() const override { return m_ticksPerSecond; }
    uint currentUid() const override;

private:
    struct Cached {
        int statFd = -1; // kept open between scans while the budget allows: one pread instead of four calls
        quint32 uidCheckedAt = 0;
        uint uid = 0;
        quint64 starttime = 0;
        QByteArray commBytes;
        QString comm;
        QStringList argv;
        quint64 prevTicks = 0;
        qint64 prevMs = 0;
        quint32 mark = 0;
    };

    // Opens /proc/<pid> and checks that it still is the process of key; -1 otherwise. The returned directory
    // handle stays bound to that process: files read through it fail once the process is gone, even when the
    // pid is reused meanwhile.
    int openVerified(const ProcessKey &key);
    void dropFd(Cached &cached);
    bool readAt(int dirFd, const char *path, QByteArray &buffer, qsizetype limit);

    const Clock &m_clock;
    QString m_procRoot;
    QString m_error;
    int m_procFd = -1;
    quint64 m_ticksPerSecond = 100;
    quint64 m_pageKb = 4;
    quint32 m_mark = 0;
    int m_fdBudget = 0; // how many stat files may stay open between scans
    int m_openFds = 0;
    QString m_bootId;
    QByteArray m_buffer;
    QByteArray m_dents;
    QHash<int, Cached> m_cache;
};

} // namespace agentmon
