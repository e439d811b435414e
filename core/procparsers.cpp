#include "procparsers.h"

#include <QString>

#include <cmath>

namespace agentmon::procparse {

namespace {

void skipSpaces(QByteArrayView &data)
{
    qsizetype i = 0;
    while (i < data.size() && (data[i] == ' ' || data[i] == '\t'))
        ++i;
    data = data.sliced(i);
}

void skipField(QByteArrayView &data)
{
    qsizetype i = 0;
    while (i < data.size() && data[i] != ' ' && data[i] != '\n')
        ++i;
    data = data.sliced(i);
}

bool parseSigned(QByteArrayView &data, qint64 &value)
{
    bool negative = false;
    if (!data.isEmpty() && data.front() == '-') {
        negative = true;
        data = data.sliced(1);
    }
    quint64 magnitude = 0;
    if (!parseUnsigned(data, magnitude))
        return false;
    // Negated as unsigned: -qint64(2^63) overflows (undefined behaviour); wrapping is what the field's type
    // would do anyway.
    value = qint64(negative ? 0 - magnitude : magnitude);
    return true;
}

// Reads the next space-separated field as a number.
template <typename T> bool nextNumber(QByteArrayView &data, T &out)
{
    skipSpaces(data);
    qint64 value = 0;
    if (!parseSigned(data, value))
        return false;
    out = static_cast<T>(value);
    return true;
}

bool nextSkip(QByteArrayView &data, int count)
{
    for (int i = 0; i < count; ++i) {
        skipSpaces(data);
        if (data.isEmpty())
            return false;
        skipField(data);
    }
    return true;
}

// The value of a "Key:   1234 kB" line, searched from the start of each line.
std::optional<quint64> keyedKb(QByteArrayView data, QByteArrayView key)
{
    qsizetype pos = 0;
    while (pos < data.size()) {
        qsizetype end = data.indexOf('\n', pos);
        if (end < 0)
            end = data.size();
        QByteArrayView line = data.sliced(pos, end - pos);
        if (line.startsWith(key) && line.size() > key.size() && line[key.size()] == ':') {
            QByteArrayView rest = line.sliced(key.size() + 1);
            skipSpaces(rest);
            quint64 value = 0;
            if (parseUnsigned(rest, value))
                return value;
            return std::nullopt;
        }
        pos = end + 1;
    }
    return std::nullopt;
}

} // namespace

bool parseUnsigned(QByteArrayView &data, quint64 &value)
{
    qsizetype i = 0;
    quint64 result = 0;
    while (i < data.size() && data[i] >= '0' && data[i] <= '9') {
        result = result * 10 + quint64(data[i] - '0');
        ++i;
    }
    if (i == 0)
        return false;
    value = result;
    data = data.sliced(i);
    return true;
}

std::optional<StatFields> parseStat(QByteArrayView data)
{
    StatFields f;
    QByteArrayView rest = data;
    quint64 pid = 0;
    if (!parseUnsigned(rest, pid) || rest.size() < 2 || rest[0] != ' ' || rest[1] != '(')
        return std::nullopt;
    const qsizetype open = data.size() - rest.size() + 1;
    const qsizetype close = data.lastIndexOf(')');
    if (close < open)
        return std::nullopt;
    f.pid = int(pid);
    f.comm = data.sliced(open + 1, close - open - 1);
    rest = data.sliced(close + 1);
    skipSpaces(rest);
    if (rest.isEmpty())
        return std::nullopt;
    f.state = rest[0];
    rest = rest.sliced(1);
    // Fields 4..: ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime stime cutime
    // cstime priority nice num_threads itrealvalue starttime vsize rss
    if (!nextNumber(rest, f.ppid) || !nextNumber(rest, f.pgid) || !nextNumber(rest, f.sid) ||
        !nextNumber(rest, f.ttyNr) || !nextNumber(rest, f.tpgid) || !nextNumber(rest, f.flags))
        return std::nullopt;
    if (!nextSkip(rest, 4))
        return std::nullopt;
    if (!nextNumber(rest, f.utime) || !nextNumber(rest, f.stime))
        return std::nullopt;
    if (!nextSkip(rest, 4))
        return std::nullopt;
    if (!nextNumber(rest, f.threads) || !nextSkip(rest, 1) || !nextNumber(rest, f.starttime))
        return std::nullopt;
    if (!nextSkip(rest, 1) || !nextNumber(rest, f.rssPages))
        return std::nullopt;
    return f;
}

QStringList parseCmdline(QByteArrayView data)
{
    QStringList argv;
    while (!data.isEmpty() && data.back() == '\0')
        data.chop(1);
    if (data.isEmpty())
        return argv;
    qsizetype pos = 0;
    while (pos <= data.size()) {
        qsizetype end = data.indexOf('\0', pos);
        if (end < 0)
            end = data.size();
        argv.append(QString::fromUtf8(data.sliced(pos, end - pos)));
        pos = end + 1;
    }
    return argv;
}

EnvMarkers parseEnvironMarkers(QByteArrayView data)
{
    EnvMarkers markers;
    unsigned seen = 0;
    qsizetype pos = 0;
    while (pos < data.size()) {
        qsizetype end = data.indexOf('\0', pos);
        if (end < 0)
            end = data.size();
        const QByteArrayView entry = data.sliced(pos, end - pos);
        pos = end + 1;
        if (entry.isEmpty() || entry[0] != 'C')
            continue;
        auto valueOf = [&entry](QByteArrayView key) -> std::optional<QByteArrayView> {
            if (entry.size() > key.size() && entry.startsWith(key) && entry[key.size()] == '=')
                return entry.sliced(key.size() + 1);
            return std::nullopt;
        };
        // The first of duplicate keys wins, as it does for getenv().
        auto once = [&seen](unsigned bit) {
            const bool first = !(seen & bit);
            seen |= bit;
            return first;
        };
        if (auto v = valueOf("CLAUDE_CODE_SESSION_ID")) {
            if (once(1))
                markers.sessionId = QString::fromUtf8(*v);
        } else if (auto v = valueOf("CLAUDE_PROJECT_DIR")) {
            if (once(2))
                markers.projectDir = QString::fromUtf8(*v);
        } else if (auto v = valueOf("CLAUDE_CODE_ENTRYPOINT")) {
            if (once(4))
                markers.entrypoint = QString::fromUtf8(*v);
        } else if (auto v = valueOf("CLAUDECODE")) {
            if (once(8))
                markers.claudeCode = (*v == "1");
        } else if (auto v = valueOf("CLAUDE_CODE_CHILD_SESSION")) {
            if (once(16))
                markers.childSession = (*v == "1");
        }
    }
    return markers;
}

std::optional<MemoryDetail> parseSmapsRollup(QByteArrayView data)
{
    const auto pss = keyedKb(data, "Pss");
    if (!pss)
        return std::nullopt;
    MemoryDetail detail;
    detail.pssKb = *pss;
    detail.swapKb = keyedKb(data, "Swap").value_or(0);
    detail.swapPssKb = keyedKb(data, "SwapPss").value_or(0);
    return detail;
}

std::optional<MemInfo> parseMeminfo(QByteArrayView data)
{
    const auto total = keyedKb(data, "MemTotal");
    if (!total)
        return std::nullopt;
    MemInfo info;
    info.memTotalKb = *total;
    // Kernels before 3.14 have no MemAvailable; MemFree is the closest honest figure there.
    info.memAvailableKb = keyedKb(data, "MemAvailable").value_or(keyedKb(data, "MemFree").value_or(0));
    info.swapTotalKb = keyedKb(data, "SwapTotal").value_or(0);
    info.swapFreeKb = keyedKb(data, "SwapFree").value_or(0);
    return info;
}

std::optional<PsiFigures> parsePressure(QByteArrayView data)
{
    PsiFigures psi;
    bool sawSome = false;
    qsizetype pos = 0;
    while (pos < data.size()) {
        qsizetype end = data.indexOf('\n', pos);
        if (end < 0)
            end = data.size();
        const QByteArrayView line = data.sliced(pos, end - pos);
        pos = end + 1;
        double *avg10 = nullptr;
        double *avg60 = nullptr;
        if (line.startsWith("some ")) {
            avg10 = &psi.someAvg10;
            avg60 = &psi.someAvg60;
            sawSome = true;
        } else if (line.startsWith("full ")) {
            avg10 = &psi.fullAvg10;
            avg60 = &psi.fullAvg60;
        } else {
            continue;
        }
        const auto fields = QByteArray::fromRawData(line.data(), line.size()).split(' ');
        for (const QByteArray &field : fields) {
            double *figure = field.startsWith("avg10=")   ? avg10
                             : field.startsWith("avg60=") ? avg60
                                                          : nullptr;
            if (!figure)
                continue;
            bool ok = false;
            *figure = field.mid(6).toDouble(&ok);
            // toDouble() takes "nan" and "inf": not a pressure ("inf" would read as critical).
            if (!ok || !std::isfinite(*figure))
                return std::nullopt;
        }
    }
    if (!sawSome)
        return std::nullopt;
    return psi;
}

std::optional<uint> parseStatusRealUid(QByteArrayView data)
{
    const qsizetype at = data.indexOf("\nUid:");
    if (at < 0)
        return std::nullopt;
    QByteArrayView rest = data.sliced(at + 5);
    skipSpaces(rest);
    quint64 uid = 0;
    if (!parseUnsigned(rest, uid))
        return std::nullopt;
    return uint(uid);
}

} // namespace agentmon::procparse
