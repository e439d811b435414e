#pragma once

#include <QString>

namespace agentmon {

// Durations for reasons and tables: "42 s", "3 min", "2 h 14 min", "3 d 4 h".
QString formatDuration(qint64 ms);
// Sizes from KiB in powers of 1024 with the usual short names: "812 KB", "240 MB", "2.3 GB".
QString formatKb(quint64 kb);

// A session id short enough for tables and reasons: "pid-4242" for pid-4242-<starttime>, the first 8
// characters of a UUID, other ids as they are.
QString shortSessionId(const QString &id);

} // namespace agentmon
