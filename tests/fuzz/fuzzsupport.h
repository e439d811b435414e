#pragma once

// What the seeded fuzz tests share: the run seed (printed; AGENTMON_FUZZ_SEED replays it), a generator per
// case derived from (run seed, case number) so that one case replays alone, the case count
// (AGENTMON_FUZZ_COUNT), and a printable dump of the bytes of a failing case.
#include <QByteArray>
#include <QRandomGenerator>
#include <QString>
#include <QtGlobal>

#include <initializer_list>
#include <random>

namespace agentmon::test {

class Rng {
public:
    explicit Rng(quint64 seed) : m_engine(seed) {}
    quint64 next() { return m_engine(); }
    int below(int n) { return n <= 0 ? 0 : int(next() % quint64(n)); }
    int between(int lo, int hi) { return lo + below(hi - lo + 1); }
    bool chance(int percent) { return below(100) < percent; }
    template <typename T> T pick(std::initializer_list<T> list)
    {
        return *(list.begin() + below(int(list.size())));
    }
    template <typename List> const auto &pick(const List &list) { return list.at(below(int(list.size()))); }
    QByteArray bytes(int n)
    {
        QByteArray out(n, Qt::Uninitialized);
        for (char &c : out)
            c = char(next());
        return out;
    }
    QByteArray printable(int n, const QByteArray &alphabet = {})
    {
        static const QByteArray letters =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~";
        const QByteArray &from = alphabet.isEmpty() ? letters : alphabet;
        QByteArray out(n, Qt::Uninitialized);
        for (char &c : out)
            c = from.at(below(int(from.size())));
        return out;
    }

private:
    std::mt19937_64 m_engine;
};

// The seed of this run: AGENTMON_FUZZ_SEED when set, else a fresh one.
inline quint64 fuzzSeed()
{
    bool ok = false;
    const quint64 seed = qEnvironmentVariable("AGENTMON_FUZZ_SEED").toULongLong(&ok);
    return ok ? seed : QRandomGenerator::system()->generate64();
}

// AGENTMON_FUZZ_COUNT when set, else fallback: the number of cases (of each test function).
inline int fuzzCount(int fallback)
{
    bool ok = false;
    const int count = qEnvironmentVariable("AGENTMON_FUZZ_COUNT").toInt(&ok);
    return ok && count >= 0 ? count : fallback;
}

// AGENTMON_FUZZ_CASE: run only that case (-1: all).
inline int fuzzOnlyCase()
{
    bool ok = false;
    const int only = qEnvironmentVariable("AGENTMON_FUZZ_CASE").toInt(&ok);
    return ok ? only : -1;
}

inline quint64 caseSeed(quint64 runSeed, int index)
{
    quint64 z = runSeed + 0x9e3779b97f4a7c15ULL * quint64(index + 1); // splitmix64
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

// The bytes as printable text; beyond limit, the first two thirds and the last third of limit.
inline QByteArray printableDump(const QByteArray &bytes, int limit = 1500)
{
    auto printable = [](QByteArrayView part) {
        QByteArray out;
        for (const char ch : part) {
            const uchar c = uchar(ch);
            if (c == '\r')
                out += "\\r";
            else if (c == '\n')
                out += "\\n\n";
            else if (c == '\\')
                out += "\\\\";
            else if (c >= 0x20 && c < 0x7f)
                out += char(c);
            else
                out += "\\x" + QByteArray::number(c, 16).rightJustified(2, '0');
        }
        return out;
    };
    if (bytes.size() <= limit)
        return printable(bytes);
    const qsizetype head = limit * 2 / 3;
    const qsizetype tail = limit - head;
    return printable(QByteArrayView(bytes).first(head)) + "\n... (" +
           QByteArray::number(bytes.size() - head - tail) + " bytes left out of " +
           QByteArray::number(bytes.size()) + ") ...\n" + printable(QByteArrayView(bytes).last(tail));
}

} // namespace agentmon::test
