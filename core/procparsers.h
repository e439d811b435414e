#pragma once

#include "processinfo.h"
#include "systemstats.h"

#include <QByteArrayView>

#include <optional>

namespace agentmon::procparse {

// The fields of /proc/<pid>/stat that agentmon uses.
struct StatFields {
    int pid = 0;
    QByteArrayView comm; // points into the parsed buffer
    char state = '?';
    int ppid = 0;
    int pgid = 0;
    int sid = 0;
    int ttyNr = 0;
    int tpgid = -1;
    quint32 flags = 0;
    quint64 utime = 0;
    quint64 stime = 0;
    int threads = 0;
    quint64 starttime = 0;
    quint64 rssPages = 0;

    bool isKernelThread() const { return (flags & 0x00200000u) != 0; } // PF_KTHREAD
};

// Parses one /proc/<pid>/stat line. The command name is cut at the *last* ')' since names such as "a) Z (b"
// exist; it may hold spaces, parentheses and newlines. Returns nullopt for anything malformed or truncated.
std::optional<StatFields> parseStat(QByteArrayView data);

// NUL-separated argv from /proc/<pid>/cmdline. A process that rewrote its argv into one space-separated
// string (setproctitle) yields one element. Trailing NULs are dropped; invalid UTF-8 is kept as replacement
// characters.
QStringList parseCmdline(QByteArrayView data);

// The markers agentmon looks for in /proc/<pid>/environ (NUL-separated KEY=VALUE).
EnvMarkers parseEnvironMarkers(QByteArrayView data);

// Rss/Pss/Swap lines of /proc/<pid>/smaps_rollup.
std::optional<MemoryDetail> parseSmapsRollup(QByteArrayView data);

// MemTotal, MemAvailable, SwapTotal, SwapFree of /proc/meminfo.
std::optional<MemInfo> parseMeminfo(QByteArrayView data);

// "some avg10=0.00 avg60=0.00 avg300=0.00 total=0" and the "full" line of /proc/pressure/memory.
std::optional<PsiFigures> parsePressure(QByteArrayView data);

// The real uid (first field of "Uid:") in /proc/<pid>/status.
std::optional<uint> parseStatusRealUid(QByteArrayView data);

// A decimal number at the start of data; advances data past it. No sign, no overflow check beyond 64 bits.
bool parseUnsigned(QByteArrayView &data, quint64 &value);

} // namespace agentmon::procparse
