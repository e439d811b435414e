// The HTTP API of a real `agentmonctl daemon` under a seeded request fuzzer on loopback: random and mutated
// methods, targets, headers and bodies; slow, truncated, dropped and pipelined requests; bursts of half-open
// connections. Whatever arrives, the daemon must stay up (same pid, /api/health answers every HealthEvery
// cases and at the end), every answer must be a well-formed HTTP/1.1 response with a 2xx or 4xx status (4xx
// with a JSON error), a complete request must be answered (or, when malformed, refused or closed) within
// AnswerTimeoutMs, and the daemon's descriptors must come back to their baseline once the connections close.
//
// Reproduce: the seed is printed; AGENTMON_FUZZ_SEED=<seed> replays the run, AGENTMON_FUZZ_CASE=<n> only case
// n of it, AGENTMON_FUZZ_COUNT=<n> sets how many cases run. A failure prints the case's bytes.
//
// Safety: the daemon looks at the whole machine, so the fuzzer never lets it signal anything. A request that
// could reach a reap route (any "reap" in it, percent-decoded or not) is sent alone on its connection,
// framed exactly, with a body that asks for a dry run or that the server must refuse; pids in bodies are the
// test's own helpers or pids no process can have; the daemon's own reaper and policies are off.
#include "fuzzsupport.h"
#include "helperprocess.h"
#include "testdaemon.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <arpa/inet.h>
#include <cerrno>
#include <cmath>
#include <fcntl.h>
#include <functional>
#include <limits>
#include <memory>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace agentmon;
using namespace agentmon::test;

namespace {

constexpr int DefaultCount = 3000;
constexpr int HealthEvery = 25;
// A complete request must be answered within this; generous, since it is a hang detector, not a speed test.
constexpr int AnswerTimeoutMs = 15'000;
constexpr int NoSuchPid = 4194305;   // above PID_MAX_LIMIT (2^22): no process can have it
constexpr int MaxBody = 64 * 1024;   // ApiServer::MaxBodyBytes
constexpr int MaxHeader = 16 * 1024; // ApiServer::MaxHeaderBytes
constexpr double MaxSafeWaitS = 2;   // slot requests never wait longer than this

// ---- one raw client connection ---------------------------------------------------------------------------

// A POSIX socket, so that the test sends exactly the bytes it made (half a request, a reset, a half-close).
class Wire {
public:
    explicit Wire(quint16 port)
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (m_fd < 0)
            return;
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(m_fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0) {
            ::close(m_fd);
            m_fd = -1;
            return;
        }
        ::fcntl(m_fd, F_SETFL, ::fcntl(m_fd, F_GETFL) | O_NONBLOCK);
    }
    ~Wire() { close(); }
    Wire(const Wire &) = delete;
    Wire &operator=(const Wire &) = delete;

    bool isOpen() const { return m_fd >= 0; }
    bool peerClosed() const { return m_peerClosed; }

    // Sends every byte unless the peer closes or resets first (false then). Bounded by timeoutMs.
    bool send(QByteArrayView bytes, int timeoutMs = AnswerTimeoutMs)
    {
        QDeadlineTimer deadline(timeoutMs);
        qsizetype sent = 0;
        while (sent < bytes.size()) {
            if (m_fd < 0)
                return false;
            const ssize_t n = ::send(m_fd, bytes.data() + sent, size_t(bytes.size() - sent), MSG_NOSIGNAL);
            if (n > 0) {
                sent += n;
                continue;
            }
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                // The server reads slowly or not at all (a refused request): take what it says meanwhile.
                pump(int(qMin<qint64>(deadline.remainingTime(), 50)), POLLOUT);
                if (deadline.hasExpired())
                    return false;
                continue;
            }
            return false; // EPIPE, ECONNRESET: the server has closed
        }
        return true;
    }

    // Waits up to ms for bytes (or the end of the stream), appending them to in. False when the time passed
    // without either.
    bool pump(int ms, short alsoFor = 0)
    {
        if (m_fd < 0 || m_peerClosed)
            return false;
        pollfd p{m_fd, short(POLLIN | alsoFor), 0};
        const int ready = ::poll(&p, 1, qMax(ms, 0));
        if (ready <= 0)
            return false;
        if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
            char buffer[65536];
            for (;;) {
                const ssize_t n = ::recv(m_fd, buffer, sizeof buffer, 0);
                if (n > 0) {
                    in.append(buffer, n);
                    continue;
                }
                if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR))
                    m_peerClosed = true;
                break;
            }
            return true;
        }
        return p.revents != 0;
    }

    // Reads until done() holds, the peer closes or timeoutMs pass. True when done() held.
    template <typename Done> bool readUntil(Done done, int timeoutMs)
    {
        QDeadlineTimer deadline(timeoutMs);
        while (!done()) {
            if (m_peerClosed || m_fd < 0 || deadline.hasExpired())
                return done();
            pump(int(qMin<qint64>(deadline.remainingTime(), 1000)));
        }
        return true;
    }

    void halfClose()
    {
        if (m_fd >= 0)
            ::shutdown(m_fd, SHUT_WR);
    }
    // Closes with a reset (RST) instead of a FIN: the connection dropped mid-request.
    void reset()
    {
        if (m_fd < 0)
            return;
        const linger hard{1, 0};
        ::setsockopt(m_fd, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
        close();
    }
    void close()
    {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = -1;
    }

    QByteArray in;
    bool closeAnnounced = false; // an answer said "Connection: close"

private:
    int m_fd = -1;
    bool m_peerClosed = false;
};

// ---- answers ---------------------------------------------------------------------------------------------

struct Answer {
    int status = 0;
    QHash<QByteArray, QByteArray> headers; // names in lower case
    QByteArray body;
};

// Takes one response off the front of buffer: 1 when it did, 0 when more bytes are needed, -1 (and why)
// when the bytes there are not a well-formed HTTP/1.1 response.
int takeAnswer(QByteArray &buffer, bool head, Answer *answer, QString *why)
{
    const qsizetype end = buffer.indexOf("\r\n\r\n");
    if (end < 0) {
        if (buffer.size() > MaxHeader * 4) {
            *why = QStringLiteral("no end of the response headers in %1 bytes").arg(buffer.size());
            return -1;
        }
        return 0;
    }
    const QList<QByteArray> lines = buffer.left(end).split('\n');
    static const QRegularExpression statusLine(
        QStringLiteral("^HTTP/1\\.1 ([1-5][0-9][0-9]) [\\x20-\\x7e]*\r$"));
    static const QRegularExpression headerLine(
        QStringLiteral("^([!#$%&'*+.^_`|~0-9A-Za-z-]+): ?([\\x20-\\x7e\\t]*)\r$"));
    const QString first = QString::fromLatin1(lines.first() + (lines.size() == 1 ? "\r" : ""));
    const auto status = statusLine.match(first);
    if (!status.hasMatch()) {
        *why =
            QStringLiteral("bad status line \"%1\"").arg(QString::fromLatin1(printableDump(lines.first())));
        return -1;
    }
    Answer a;
    a.status = status.captured(1).toInt();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QString text = QString::fromLatin1(lines.at(i) + (i == lines.size() - 1 ? "\r" : ""));
        const auto header = headerLine.match(text);
        if (!header.hasMatch()) {
            *why =
                QStringLiteral("bad header line \"%1\"").arg(QString::fromLatin1(printableDump(lines.at(i))));
            return -1;
        }
        const QByteArray name = header.captured(1).toLatin1().toLower();
        if (a.headers.contains(name) && name == "content-length") {
            *why = QStringLiteral("two Content-Length headers");
            return -1;
        }
        a.headers.insert(name, header.captured(2).toLatin1().trimmed());
    }
    qint64 length = 0;
    const bool bodiless = a.status < 200 || a.status == 204 || a.status == 304;
    if (!bodiless) {
        bool ok = false;
        length = a.headers.value("content-length").toLongLong(&ok);
        if (!ok || length < 0) {
            *why = QStringLiteral("no valid Content-Length (status %1)").arg(a.status);
            return -1;
        }
    }
    const qint64 take = head ? 0 : length;
    if (buffer.size() < end + 4 + take)
        return 0;
    a.body = buffer.mid(end + 4, take);
    buffer.remove(0, end + 4 + take);
    *answer = a;
    return 1;
}

// What is wrong with a final answer, empty when nothing is.
QString judge(const Answer &a, bool head)
{
    const bool success = a.status >= 200 && a.status < 300;
    const bool clientError = a.status >= 400 && a.status < 500;
    if (!success && !clientError)
        return QStringLiteral("status %1 is neither 2xx nor 4xx").arg(a.status);
    if (head)
        return {};
    const QByteArray type = a.headers.value("content-type");
    if (clientError) {
        if (!type.startsWith("application/json"))
            return QStringLiteral("%1 with Content-Type \"%2\"").arg(a.status).arg(QString::fromLatin1(type));
        QJsonParseError error{};
        const QJsonDocument document = QJsonDocument::fromJson(a.body, &error);
        const QJsonObject object = document.object();
        if (error.error != QJsonParseError::NoError || !document.isObject() ||
            !object.value(QLatin1String("error")).isString() ||
            object.value(QLatin1String("error")).toString().isEmpty() ||
            object.value(QLatin1String("code")).toInt() != a.status)
            return QStringLiteral("%1 without a JSON {\"error\", \"code\"} body: %2")
                .arg(a.status)
                .arg(QString::fromUtf8(printableDump(a.body, 300)));
    } else if (type.startsWith("application/json") && a.status != 204) {
        QJsonParseError error{};
        QJsonDocument::fromJson(a.body, &error);
        if (error.error != QJsonParseError::NoError)
            return QStringLiteral("%1 whose JSON body does not parse: %2")
                .arg(a.status)
                .arg(error.errorString());
    }
    return {};
}

// ---- requests --------------------------------------------------------------------------------------------

// What the server owes a message once all its bytes are sent.
enum class Owed {
    Answer,        // well-formed and complete: an answer
    AnswerOrClose, // complete but malformed: an answer (400...) or the connection closed
    Nothing,       // incomplete or ambiguous on purpose: the server may wait for more
};

struct Message {
    QByteArray bytes;
    qsizetype bodyAt = -1; // where the body starts (for Expect: 100-continue)
    Owed owed = Owed::Answer;
    bool head = false;
    bool expectContinue = false;
    bool reap = false;           // may reach a reap route
    bool bodyTooLarge = false;   // a 413 is right
    bool headerTooLarge = false; // a 431 is right
    bool chunked = false;
    QStringList what; // how it was made
};

enum class Route { Health, Doctor, Processes, Sessions, Register, SessionEnd, Slots, SlotRelease, Metrics };

struct Context {
    quint16 port = 0;
    QByteArray token;
    QList<int> ownPids;            // the test's helpers
    QList<QByteArray> ownSessions; // the sessions they were registered in
    QList<quint64> leases;         // slots granted to this test and not released yet
    QByteArray runMarker;          // in every session id the fuzzer makes up
};

// A request before it becomes bytes.
struct Draft {
    QByteArray method = "GET";
    QByteArray target = "/api/health";
    QByteArray version = "HTTP/1.1";
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;
    bool chunked = false;
    QList<int> chunkSizes;    // how the body is cut into chunks
    bool lengthHeader = true; // a correct Content-Length when there is a body or the method is POST
    QByteArray eol = "\r\n";
    Owed owed = Owed::Answer;
    bool reap = false;
    QStringList what;

    void add(const QByteArray &name, const QByteArray &value) { headers.append({name, value}); }
    void worsen(Owed to)
    {
        if (int(to) > int(owed))
            owed = to;
    }
};

// What a request with Content-Length headers of its own making is owed, as the server's guard reads them.
Owed owedForLengths(const Draft &d)
{
    QList<QByteArray> values;
    for (const auto &[name, value] : d.headers) {
        if (name.compare("Content-Length", Qt::CaseInsensitive) == 0)
            values.append(value);
    }
    if (values.isEmpty() || d.lengthHeader)
        return Owed::Answer;
    // Bare LF line ends: the server's guard does not see the headers end, and QHttpServer reads these
    // lengths its own way.
    if (d.eol != "\r\n")
        return Owed::Nothing;
    qint64 largest = -1;
    for (const QByteArray &value : std::as_const(values)) {
        bool ok = false;
        const qint64 n = value.trimmed().toLongLong(&ok);
        if (!ok)
            return Owed::Answer; // refused (413) as soon as the headers are in
        largest = qMax(largest, n);
    }
    if (largest > MaxBody)
        return Owed::Answer; // refused too
    if (largest > d.body.size())
        return Owed::Nothing; // the server waits for the rest of the body
    const bool plain = values.size() == 1 && values.first() == QByteArray::number(d.body.size());
    return plain ? Owed::Answer : Owed::AnswerOrClose; // shorter (the rest is another request), or odd
}

Message serialize(const Draft &d)
{
    Message m;
    QByteArray &out = m.bytes;
    out = d.method + ' ' + d.target + (d.version.isEmpty() ? QByteArray() : ' ' + d.version) + d.eol;
    for (const auto &[name, value] : d.headers) {
        out += name + ": " + value + d.eol;
        if (name.toLower() == "expect" && value.toLower() == "100-continue")
            m.expectContinue = true;
    }
    QByteArray framed = d.body;
    if (d.chunked) {
        out += "Transfer-Encoding: chunked" + d.eol;
        framed.clear();
        qsizetype at = 0;
        for (const int size : d.chunkSizes) {
            const QByteArray piece = d.body.mid(at, size);
            at += piece.size();
            if (piece.isEmpty())
                continue;
            framed += QByteArray::number(piece.size(), 16) + "\r\n" + piece + "\r\n";
        }
        if (at < d.body.size())
            framed += QByteArray::number(d.body.size() - at, 16) + "\r\n" + d.body.mid(at) + "\r\n";
        framed += "0\r\n\r\n";
    } else if (d.lengthHeader && (!d.body.isEmpty() || d.method == "POST")) {
        out += "Content-Length: " + QByteArray::number(d.body.size()) + d.eol;
    }
    out += d.eol;
    m.bodyAt = out.size();
    out += framed;
    m.owed = Owed(qMax(int(d.owed), int(owedForLengths(d))));
    m.head = d.method == "HEAD";
    // As the server's guard sees it: a Content-Length that is not a number or over the limit, a body over
    // the limit (chunk framing included, with slack), headers over their limit.
    m.bodyTooLarge = d.body.size() > MaxBody || (d.chunked && framed.size() > MaxBody);
    for (const auto &[name, value] : d.headers) {
        bool ok = false;
        if (name.toLower() == "content-length" && (value.trimmed().toLongLong(&ok) > MaxBody || !ok))
            m.bodyTooLarge = true;
    }
    // Over 16 KiB of headers, or over 100 header fields (QHttpServer 6.4 would drop them all).
    m.headerTooLarge = m.bodyAt > MaxHeader || m.bytes.left(m.bodyAt).count('\n') - 2 > 100;
    m.chunked = d.chunked;
    m.reap = d.reap;
    m.what = d.what;
    return m;
}

// True when bytes could reach a reap route: "reap" in any case, also after percent-decoding (QUrl decodes
// %XX of unreserved characters in paths), repeatedly.
bool mentionsReap(QByteArray bytes)
{
    for (int round = 0; round < 4; ++round) {
        QByteArray folded = bytes.toLower();
        folded.replace('\0', QByteArray());
        if (folded.contains("reap"))
            return true;
        const QByteArray decoded = QByteArray::fromPercentEncoding(bytes);
        if (decoded == bytes)
            break;
        bytes = decoded;
    }
    return false;
}

// An integer the way ApiServer reads one (QJsonValue::toInteger of a double).
std::optional<qint64> integerOf(const QJsonValue &value)
{
    constexpr qint64 sentinel = std::numeric_limits<qint64>::min();
    if (!value.isDouble())
        return std::nullopt;
    const qint64 n = value.toInteger(sentinel);
    if (n == sentinel)
        return std::nullopt;
    return n;
}

// Whether a body, read the way ApiServer reads it, is one the fuzzer may send anywhere but to a reap route: a
// pid it names is the test's own or one no process can have, and a slot wait is short.
bool bodySafe(const QByteArray &body, const Context &c)
{
    const QJsonDocument document = QJsonDocument::fromJson(body);
    if (!document.isObject())
        return true;
    const QJsonObject object = document.object();
    if (const auto pid = integerOf(object.value(QLatin1String("pid")))) {
        if (*pid > 0 && *pid < NoSuchPid && !c.ownPids.contains(int(*pid)))
            return false;
    }
    const QJsonValue wait = object.value(QLatin1String("wait_s"));
    if (wait.isDouble() && std::isfinite(wait.toDouble()) && wait.toDouble() > MaxSafeWaitS)
        return false;
    return true;
}

// Whether a reap body is a dry run or certain to be refused (ApiServer: an empty body, or "dry_run" absent
// or null, is a real reap; anything but a JSON object, or a "dry_run" that is not a boolean, is a 400).
bool reapBodySafe(const QByteArray &body)
{
    if (body.trimmed().isEmpty())
        return false;
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return true;
    const QJsonValue dryRun = document.object().value(QLatin1String("dry_run"));
    if (dryRun.isBool())
        return dryRun.toBool();
    return !(dryRun.isUndefined() || dryRun.isNull());
}

class Generator {
public:
    Generator(Rng &rng, const Context &c) : r(rng), c(c) {}

    // ---- JSON values: right, wrong and extreme ----
    QByteArray anyJsonValue(int depth = 0)
    {
        switch (r.below(depth > 2 ? 6 : 8)) {
        case 0:
            return r.pick<QByteArray>({"0",
                                       "-1",
                                       "1",
                                       "2147483647",
                                       "2147483648",
                                       "-2147483649",
                                       "4294967296",
                                       "9007199254740992",
                                       "9007199254740993",
                                       "9223372036854775807",
                                       "9223372036854775808",
                                       "-9223372036854775808",
                                       "18446744073709551616",
                                       "1e308",
                                       "1e309",
                                       "-1e309",
                                       "1.5",
                                       "-0",
                                       "0.0",
                                       "1e-320",
                                       "4.9e-324",
                                       "123456789012345678901234567890123456789"});
        case 1:
            return r.pick<QByteArray>({"\"\"", "\"x\"", "\"1\"", "\"true\"", "\"a/b\"", "\"\\u0000\"",
                                       "\"\\ud800\"", "\"\\udfff\\ud800\"", "\"caf\xc3\xa9 \xe2\x9c\x93\"",
                                       "\"\xff\xfe\"", "\"\\\"\"", "\"" + QByteArray(300, 'a') + "\"",
                                       "\"" + c.runMarker + "\""});
        case 2:
            return r.pick<QByteArray>({"true", "false", "null"});
        case 3:
            return r.pick<QByteArray>({"[]", "{}", "[1,2]", "{\"a\":1}", "[null]", "[[[]]]"});
        case 4:
            return "\"" + r.printable(r.between(0, 40)) + "\"";
        case 5:
            return (r.chance(50) ? "-" : "") + QByteArray::number(r.next() >> r.below(64));
        case 6:
            return "[" + anyJsonValue(depth + 1) + "," + anyJsonValue(depth + 1) + "]";
        default:
            return "{\"" + r.printable(r.between(1, 8)) + "\":" + anyJsonValue(depth + 1) + "}";
        }
    }

    QByteArray pidValue()
    {
        if (!c.ownPids.isEmpty() && r.chance(55))
            return QByteArray::number(r.pick(c.ownPids));
        if (r.chance(40))
            return QByteArray::number(
                r.pick({NoSuchPid, 99'999'999, std::numeric_limits<int>::max(), 0, -1, -NoSuchPid}));
        return anyJsonValue();
    }

    QByteArray sessionValue()
    {
        switch (r.below(4)) {
        case 0:
            return c.ownSessions.isEmpty() ? QByteArray("\"x\"") : "\"" + r.pick(c.ownSessions) + "\"";
        case 1:
            return "\"" + c.runMarker + "-" + r.printable(r.between(0, 20)) + "\"";
        case 2:
            return "\"" + c.runMarker + r.printable(r.pick({250, 256, 257, 1000}), "ab") + "\"";
        default:
            return anyJsonValue();
        }
    }

    // A JSON object with some of fields, each right or wrong, sometimes with extra and repeated keys.
    QByteArray object(const QList<std::pair<QByteArray, std::function<QByteArray()>>> &fields)
    {
        QList<QByteArray> members;
        for (const auto &[name, value] : fields) {
            if (r.chance(25))
                continue;
            members.append("\"" + name + "\":" + (r.chance(25) ? anyJsonValue() : value()));
            if (r.chance(5))
                members.append("\"" + name + "\":" + anyJsonValue()); // repeated key
        }
        if (r.chance(15))
            members.append("\"" + r.printable(r.between(1, 12)) + "\":" + anyJsonValue());
        for (qsizetype i = members.size() - 1; i > 0; --i)
            std::swap(members[i], members[r.below(int(i + 1))]);
        QByteArray out = "{";
        for (qsizetype i = 0; i < members.size(); ++i)
            out += (i ? (r.chance(10) ? " ,\n\t" : ",") : "") + members.at(i);
        return out + "}";
    }

    QByteArray registerBody()
    {
        return object({{"pid", [this] { return pidValue(); }},
                       {"starttime", [this] { return r.chance(50) ? QByteArray("0") : anyJsonValue(); }},
                       {"session", [this] { return sessionValue(); }}});
    }

    QByteArray slotBody()
    {
        return object({{"pid", [this] { return pidValue(); }},
                       {"starttime", [this] { return anyJsonValue(); }},
                       {"wait_s",
                        [this] {
                            return r.pick<QByteArray>(
                                {"0", "0.05", "0.2", "-1", "1e9", "\"1\"", "null", "86401", "NaN"});
                        }},
                       {"label", [this] { return r.chance(50) ? QByteArray("\"fuzz\"") : anyJsonValue(); }}});
    }

    QByteArray reapBody()
    {
        return object(
            {{"grace_ms",
              [this] {
                  return r.pick<QByteArray>({"0", "1", "600000", "600001", "-1", "1.5", "\"5\"", "1e20"});
              }},
             {"min_age_s", [this] {
                  return r.pick<QByteArray>({"0", "0.5", "31536000", "31536001", "-1", "1e400", "\"1\""});
              }}});
    }

    QByteArray nested(int depth)
    {
        QByteArray out;
        for (int i = 0; i < depth; ++i)
            out += r.chance(50) ? "[" : "{\"a\":";
        return out;
    }

    // Any body at all: right for a route, structurally hostile, or noise.
    QByteArray body(Route route)
    {
        switch (r.below(12)) {
        case 0:
        case 1:
        case 2:
        case 3:
            if (route == Route::Slots)
                return slotBody();
            return route == Route::Register || r.chance(50) ? registerBody() : slotBody();
        case 4: {
            const int depth = r.pick({10, 500, 1025, 5000, 20000});
            QByteArray open = nested(depth);
            if (r.chance(50))
                return open; // unterminated
            QByteArray close;
            for (qsizetype i = open.size() - 1; i >= 0; --i) {
                if (open.at(i) == '[')
                    close += ']';
                else if (open.at(i) == '{')
                    close += '}';
            }
            return open + "1" + close;
        }
        case 5:
            return r.bytes(r.between(1, 2000));
        case 6:
            return r.pick<QByteArray>({"", " ", "\r\n", "null", "[]", "\"x\"", "42", "{", "}", "{}}",
                                       "\xef\xbb\xbf{}", "{\"pid\":}", "{pid:1}", "{'pid':1}", "{\"pid\":1,}",
                                       QByteArray("\0{}", 3)});
        case 7:
            return "{\"pid\":" + QByteArray(r.pick({400, 5000, 60000}), '9') + "}";
        case 8: {
            // Near and over the 64 KiB body limit.
            const int size = r.pick({MaxBody - 1, MaxBody, MaxBody + 1, MaxBody * 2});
            QByteArray padded = "{\"label\":\"" + QByteArray(qMax(0, size - 12), 'x') + "\"}";
            return padded.left(size);
        }
        case 9: {
            QByteArray valid = route == Route::Slots ? slotBody() : registerBody();
            for (int n = r.between(1, 4); n > 0 && !valid.isEmpty(); --n) {
                const int at = r.below(int(valid.size()));
                switch (r.below(3)) {
                case 0:
                    valid[at] = char(r.next());
                    break;
                case 1:
                    valid.remove(at, 1);
                    break;
                default:
                    valid.insert(at, char(r.next()));
                }
            }
            return valid;
        }
        case 10:
            return "{\"pid\":" + pidValue() + ",\"session\":" + sessionValue() + "}" +
                   r.printable(r.between(1, 5));
        default:
            return "[" + anyJsonValue() + "," + anyJsonValue() + "]";
        }
    }

    // ---- targets ----
    QByteArray sessionSegment()
    {
        switch (r.below(9)) {
        case 0:
        case 1:
            return c.ownSessions.isEmpty() ? c.runMarker : r.pick(c.ownSessions).toPercentEncoding();
        case 2:
            return c.runMarker + "-" + r.printable(r.between(0, 30));
        case 3:
            return c.runMarker + "%2F" + r.printable(4);
        case 4:
            return c.runMarker + r.printable(r.pick({250, 256, 257, 5000}), "xyz");
        case 5:
            return c.runMarker + r.pick<QByteArray>({"%ff%fe", "%c0%af", "%ed%a0%80", "%00", "%", "%zz", "%4",
                                                     "\xc3\xa4", "%e2%9c%93"});
        case 6:
            return r.pick<QByteArray>({"", ".", "..", "%2e%2e", c.runMarker + "/..", c.runMarker + "/../x"});
        case 7:
            return c.runMarker + "?x=" + r.printable(5);
        default:
            return (c.runMarker + " " + r.printable(3)).toPercentEncoding();
        }
    }

    QByteArray targetOf(Route route)
    {
        switch (route) {
        case Route::Health:
            return "/api/health";
        case Route::Doctor:
            return "/api/doctor";
        case Route::Processes:
            return r.pick<QByteArray>(
                {"/api/processes", "/api/processes?all=1", "/api/processes?all=0", "/api/processes?all=true",
                 "/api/processes?all", "/api/processes?all=maybe", "/api/processes?all=%ff",
                 "/api/processes?all=1&all=0", "/api/processes?" + QByteArray(r.between(1, 3000), 'q')});
        case Route::Sessions:
            return "/api/sessions";
        case Route::Register:
            return "/api/register";
        case Route::SessionEnd:
            return "/api/sessions/" + sessionSegment() + "/end";
        case Route::Slots:
            return "/api/slots";
        case Route::SlotRelease:
            if (!c.leases.isEmpty() && r.chance(40))
                return "/api/slots/" + QByteArray::number(r.pick(c.leases) + quint64(r.below(2)));
            return "/api/slots/" + r.pick<QByteArray>({"0", "1", "424242", "-1", "18446744073709551615",
                                                       "18446744073709551616", "99999999999999999999999",
                                                       "1.5", "abc", "%31", "%ef%bc%91", "", "1/2"});
        case Route::Metrics:
            return "/metrics";
        }
        return "/";
    }

    static QByteArray methodOf(Route route)
    {
        switch (route) {
        case Route::Register:
        case Route::SessionEnd:
        case Route::Slots:
            return "POST";
        case Route::SlotRelease:
            return "DELETE";
        default:
            return "GET";
        }
    }

    Route anyRoute()
    {
        return r.pick({Route::Health, Route::Doctor, Route::Processes, Route::Sessions, Route::Register,
                       Route::Register, Route::SessionEnd, Route::Slots, Route::SlotRelease, Route::Metrics});
    }

    QByteArray host()
    {
        const QByteArray port = QByteArray::number(c.port);
        return r.chance(70) ? "127.0.0.1:" + port : "localhost:" + port;
    }

    Draft valid(Route route)
    {
        Draft d;
        d.method = methodOf(route);
        d.target = targetOf(route);
        d.add("Host", host());
        if (route != Route::Health && route != Route::Metrics ? r.chance(97) : r.chance(50))
            d.add("Authorization", "Bearer " + c.token);
        if (r.chance(20))
            d.add("User-Agent", "agentmon-fuzz/" + r.printable(4));
        if (r.chance(10))
            d.add("Accept", "*/*");
        if (d.method == "POST" && route != Route::SessionEnd)
            d.body = body(route);
        else if (d.method == "POST" && r.chance(30))
            d.body = body(route);
        if (!d.body.isEmpty() && r.chance(60))
            d.add("Content-Type", r.pick<QByteArray>({"application/json", "text/plain", "x/y"}));
        d.what << QStringLiteral("route %1").arg(int(route));
        return d;
    }

    // ---- mutations ----
    void mutateMethod(Draft &d)
    {
        const QByteArray method =
            r.pick<QByteArray>({"GET", "POST", "DELETE", "PUT", "PATCH", "HEAD", "OPTIONS", "TRACE",
                                "CONNECT", "get", "Post", "GETT", "PRI", "M-SEARCH", "PROPFIND", "", "G ET",
                                QByteArray(r.between(20, 3000), 'X'), r.bytes(r.between(1, 8))});
        d.method = method;
        static const QList<QByteArray> parsed = {"GET", "POST", "DELETE", "PUT", "PATCH", "HEAD", "OPTIONS"};
        if (!parsed.contains(method))
            d.worsen(Owed::AnswerOrClose);
        if (method.size() > MaxHeader)
            d.worsen(Owed::Answer);
        d.what << QStringLiteral("method %1").arg(QString::fromLatin1(printableDump(method, 40)));
    }

    void mutateTarget(Draft &d)
    {
        QByteArray &t = d.target;
        switch (r.below(12)) {
        case 0: { // insert odd bytes
            const QByteArray odd = r.pick<QByteArray>({"/",
                                                       "//",
                                                       "/./",
                                                       "/../",
                                                       "../",
                                                       "%",
                                                       "%2F",
                                                       "%2f",
                                                       "%00",
                                                       "%zz",
                                                       "%ff",
                                                       "?",
                                                       "#",
                                                       ";",
                                                       "\xc3\xa4",
                                                       "\xff",
                                                       " ",
                                                       "\t",
                                                       QByteArray(1, '\0'),
                                                       "\r",
                                                       "\n",
                                                       "\x7f",
                                                       "\\",
                                                       "{",
                                                       "|"});
            t.insert(r.below(int(t.size()) + 1), odd);
            break;
        }
        case 1: // drop a byte
            if (t.size() > 1)
                t.remove(r.below(int(t.size())), 1);
            break;
        case 2: // change case
            t = r.chance(50) ? t.toUpper()
                             : t.left(r.below(int(t.size()))) + t.mid(r.below(int(t.size()))).toUpper();
            break;
        case 3: // long
            t += "/" + QByteArray(r.pick({100, 2000, 8000, MaxHeader + 1, 40000}), 'a');
            break;
        case 4: // percent-encode it all
            t = t.toPercentEncoding("/?=&");
            break;
        case 5: // absolute form
            t = "http://127.0.0.1:" + QByteArray::number(c.port) + t;
            break;
        case 6:
            t = r.pick<QByteArray>({"*", "", "/", "api/health", "//api/health", "/api", "/api/",
                                    "/api/sessions/", "/api/sessions//end", "/api/slots/", "/metrics/",
                                    "/api/health/", "/api/%68ealth",
                                    "/api/sessions/" + c.runMarker + "/end/x"});
            break;
        case 7: // unicode, valid and not
            t += r.pick<QByteArray>({"/\xe2\x9c\x93", "/%e2%9c%93", "/\xf0\x9f\x98\x80", "/\xed\xa0\x80",
                                     "/\xc0\xaf", "?q=\xe2\x9c\x93"});
            break;
        case 8: // replace one byte with anything
            if (!t.isEmpty())
                t[r.below(int(t.size()))] = char(r.next());
            break;
        case 9:
            t += "?" + r.printable(r.between(0, 50), "abc=&%;+/?");
            break;
        case 10:
            t += "#" + r.printable(r.between(0, 10));
            break;
        default:
            t = "/.." + t;
        }
        for (const char ch : std::as_const(t)) {
            const uchar u = uchar(ch);
            if (u <= 0x20 || u >= 0x7f || QByteArray("\"<>\\^`{|}#").contains(ch))
                d.worsen(Owed::AnswerOrClose);
        }
        if (t.isEmpty())
            d.worsen(Owed::AnswerOrClose);
        d.what << QStringLiteral("target mutated");
    }

    void mutateHeaders(Draft &d)
    {
        auto drop = [&d](const QByteArray &name) {
            d.headers.removeIf(
                [&name](const auto &h) { return h.first.compare(name, Qt::CaseInsensitive) == 0; });
        };
        const int kind = r.below(16);
        d.what << QStringLiteral("headers %1").arg(kind);
        switch (kind) {
        case 0:
            drop("Host");
            break;
        case 1:
            d.add("Host", r.chance(50) ? host() : QByteArray("evil.example:80"));
            break;
        case 2:
            drop("Host");
            d.add("Host", r.pick<QByteArray>({"evil.example", "127.0.0.1", "127.0.0.1:1",
                                              "[::1]:" + QByteArray::number(c.port), "",
                                              "LOCALHOST:" + QByteArray::number(c.port),
                                              "127.0.0.1:" + QByteArray::number(c.port) + "."}));
            break;
        case 3:
            d.add("Origin", r.pick<QByteArray>({"http://evil.example", "null", ""}));
            break;
        case 4:
            drop("Authorization");
            d.add("Authorization",
                  r.pick<QByteArray>({"Bearer", "Bearer ", "bearer " + c.token, "Basic " + c.token,
                                      "Bearer " + c.token + "x", "Bearer " + c.token.left(63),
                                      "Bearer  " + c.token, "Bearer " + c.token.toUpper(),
                                      "Bearer " + QByteArray(5000, 'a')}));
            break;
        case 5: { // one huge header, or very many
            if (r.chance(50))
                d.add("X-Big", QByteArray(r.pick({MaxHeader - 200, MaxHeader + 1, 40000, 200000}), 'b'));
            else
                for (int i = r.pick({50, 500, 3000}); i > 0; --i)
                    d.add("X-" + QByteArray::number(i), r.printable(8));
            break;
        }
        case 6:
            d.add("Expect", "100-continue");
            break;
        case 7: { // Content-Length that lies or is not a number
            d.lengthHeader = false;
            const QByteArray real = QByteArray::number(d.body.size());
            const QByteArray value = r.pick<QByteArray>(
                {"abc", "-1", "99999999999999999999", "+" + real, " " + real + " ",
                 QByteArray::number(d.body.size() + 7),
                 QByteArray::number(qMax<qsizetype>(0, d.body.size() - 3)), real + "," + real, "0x10",
                 QByteArray::number(MaxBody + 1), "", "1e3", "2147483647", "4294967296"});
            d.add("Content-Length", value);
            if (r.chance(20))
                d.add("Content-Length", r.chance(50) ? real : QByteArray("1"));
            break; // what the server owes is worked out with the final body (serialize)
        }
        case 8: { // chunked, right or wrong
            d.chunked = true;
            d.lengthHeader = false;
            for (int n = r.between(0, 5); n > 0; --n)
                d.chunkSizes.append(r.between(1, qMax(1, int(d.body.size()))));
            if (r.chance(30)) {
                d.add("Content-Length", QByteArray::number(d.body.size()));
                d.worsen(Owed::AnswerOrClose);
            }
            break;
        }
        case 9:
            d.add("Transfer-Encoding", r.pick<QByteArray>({"gzip", "chunked, gzip", "identity", "x"}));
            d.worsen(Owed::Nothing);
            break;
        case 10:
            d.add("Connection", r.pick<QByteArray>({"close", "keep-alive", "Upgrade", "x"}));
            if (d.headers.last().second == "close")
                d.worsen(Owed::AnswerOrClose); // what follows on the connection may go unanswered
            if (r.chance(50)) {
                d.add("Upgrade", r.pick<QByteArray>({"websocket", "h2c", "x"}));
                d.worsen(Owed::AnswerOrClose);
            }
            break;
        case 11: // header lines that are not headers
            d.add(r.pick<QByteArray>(
                      {"No Colon", "X-Fold\r\n continued", "", ":empty", QByteArray("X\0Nul", 5), "X-A\rB"}),
                  r.printable(4));
            d.worsen(Owed::AnswerOrClose);
            break;
        case 12:
            d.add("X-Bytes", r.bytes(r.between(1, 40)));
            d.worsen(Owed::AnswerOrClose);
            break;
        case 13:
            d.eol = r.pick<QByteArray>({"\n", "\r"});
            d.worsen(d.eol == "\r" ? Owed::Nothing : Owed::AnswerOrClose);
            break;
        case 14:
            d.version = r.pick<QByteArray>({"HTTP/1.0", "HTTP/1.2", "HTTP/2.0", "HTTP/0.9", "http/1.1",
                                            "HTTP/11.1", "HTTP/1", "", "HTTP/1.1 extra"});
            d.worsen(Owed::AnswerOrClose); // even HTTP/1.0: the server may close after answering
            break;
        default:
            for (auto &h : d.headers)
                h.first = r.chance(50) ? h.first.toLower() : h.first.toUpper();
        }
    }

    // A non-reap request: a valid one and then a few mutations.
    Draft request()
    {
        Draft d = valid(anyRoute());
        for (int n = r.pick({0, 0, 1, 1, 1, 2, 3}); n > 0; --n) {
            switch (r.below(8)) {
            case 0:
                mutateMethod(d);
                break;
            case 1:
            case 2:
                mutateTarget(d);
                break;
            case 3: {
                d.body = body(anyRoute());
                d.what << QStringLiteral("other body");
                break;
            }
            default:
                mutateHeaders(d);
            }
        }
        return d;
    }

    // A request for a reap route: a dry run (or a body that must be refused), exactly framed.
    Draft reap()
    {
        Draft d;
        d.reap = true;
        d.method = "POST";
        if (r.chance(50)) {
            d.target =
                r.pick<QByteArray>({"/api/reap", "/api/reap?x=1", "/api/re%61p", "/api/reap/", "//api/reap"});
        } else {
            QByteArray id = c.ownSessions.isEmpty() || r.chance(40)
                                ? c.runMarker + "-" + r.printable(6)
                                : r.pick(c.ownSessions).toPercentEncoding();
            d.target = "/api/sessions/" + id + "/reap";
        }
        d.add("Host", host());
        if (r.chance(95))
            d.add("Authorization", "Bearer " + c.token);
        const int style = r.below(10);
        if (style < 6) {
            QByteArray object = reapBody();
            object.insert(1, object.size() > 2 ? "\"dry_run\":true," : "\"dry_run\":true");
            d.body = object;
        } else {
            d.body =
                r.pick<QByteArray>({"{\"dry_run\":\"true\"}", "{\"dry_run\":1}", "{\"dry_run\":[]}", "[]",
                                    "42", "\"x\"", "{", "nonsense", "{\"dry_run\":true", "\xef\xbb\xbf{}"});
        }
        if (r.chance(20))
            d.add("Expect", "100-continue");
        if (r.chance(10))
            d.add("Origin", "http://evil.example");
        if (r.chance(10)) {
            d.chunked = true;
            d.chunkSizes = {r.between(1, 5), r.between(1, 5)};
        }
        d.what << QStringLiteral("reap %1").arg(style);
        return d;
    }

private:
    Rng &r;
    const Context &c;
};

// ---- the daemon's descriptors ----------------------------------------------------------------------------

// The daemon's descriptors that requests could leave behind: sockets, and everything else but the /proc files
// its sampler keeps open (as many as there are processes on the machine, which come and go).
struct FdCount {
    int sockets = -1;
    int others = -1;
    bool operator==(const FdCount &) const = default;
};

FdCount fdCount(int pid)
{
    const QDir dir(QStringLiteral("/proc/%1/fd").arg(pid));
    if (!dir.exists())
        return {};
    FdCount count{0, 0};
    const QStringList entries = dir.entryList(QDir::NoDotAndDotDot | QDir::AllEntries | QDir::System);
    for (const QString &entry : entries) {
        char target[512];
        const QByteArray path = QFile::encodeName(dir.filePath(entry));
        const ssize_t n = ::readlink(path.constData(), target, sizeof target - 1);
        const QByteArray link = n > 0 ? QByteArray(target, n) : QByteArray();
        if (link.startsWith("socket:"))
            ++count.sockets;
        else if (!link.startsWith("/proc/"))
            ++count.others;
    }
    return count;
}

// The daemon's descriptors but the sampler's /proc files, as "fd -> target" lines.
QStringList fdTargets(int pid)
{
    QStringList targets;
    const QDir dir(QStringLiteral("/proc/%1/fd").arg(pid));
    const QStringList entries = dir.entryList(QDir::NoDotAndDotDot | QDir::AllEntries | QDir::System);
    for (const QString &entry : entries) {
        char target[512];
        const QByteArray path = QFile::encodeName(dir.filePath(entry));
        const ssize_t n = ::readlink(path.constData(), target, sizeof target - 1);
        const QByteArray link = n > 0 ? QByteArray(target, n) : QByteArray();
        if (!link.startsWith("/proc/"))
            targets << entry + QStringLiteral(" -> ") + QString::fromLocal8Bit(link);
    }
    return targets;
}

} // namespace

class tst_ApiFuzz : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void requestsNeverBreakTheDaemon();

private:
    // Runs one case; empty when the daemon did right, else what it did wrong.
    QString runCase(Rng &rng);
    QString deliver(const QList<Message> &messages, Rng &rng);
    QString collect(Wire &wire, const QList<Message> &messages, qsizetype sentCount, bool allSent);
    QString healthCheck();
    void learnLease(const Answer &answer);
    void releaseLeases(int keep);
    std::optional<Answer> exchange(const QByteArray &request);

    std::unique_ptr<QTemporaryDir> m_home;
    std::unique_ptr<HelperProcess> m_helpers[2];
    std::unique_ptr<Daemon> m_daemon;
    int m_daemonPid = 0;
    int m_socketsAtStart = -1;
    Context m_context;
    quint64 m_seed = 0;
    int m_answers = 0;
    QHash<int, int> m_statuses;
    int m_closedWithoutAnswer = 0;
    QString m_caseLabel;
};

void tst_ApiFuzz::initTestCase()
{
    m_seed = fuzzSeed();
    qInfo("api fuzz seed %llu (replay with AGENTMON_FUZZ_SEED=%llu)", m_seed, m_seed);

    m_home = std::make_unique<QTemporaryDir>();
    QVERIFY(m_home->isValid());
    // Nothing the daemon does on its own signals anything; a slot request without wait_s waits 1 s at most.
    QFile conf(m_home->filePath(QStringLiteral("agentmon.conf")));
    QVERIFY(conf.open(QIODevice::WriteOnly));
    conf.write("[reaper]\nintervalMinutes=0\n[policy]\norphans=off\nleaks=off\ndryRun=true\n"
               "[pool]\nwaitTimeoutSeconds=1\n");
    conf.close();

    for (auto &helper : m_helpers) {
        helper = std::make_unique<HelperProcess>(helperPath(QStringLiteral("fakeagent")),
                                                 QStringList{QStringLiteral("-p"), QStringLiteral("fuzz")},
                                                 QStringLiteral("claude"));
        QVERIFY(helper->start());
        m_context.ownPids.append(helper->pid());
    }
    m_daemon = std::make_unique<Daemon>(
        m_home->path(),
        QList<QPair<QString, QString>>{{QStringLiteral("AGENTMON_MAX_CONCURRENT"), QStringLiteral("4")},
                                       {QStringLiteral("AGENTMON_HARD_CAP"), QStringLiteral("8")}});
    QVERIFY2(m_daemon->start(), m_daemon->errors().constData());
    m_daemonPid = int(m_daemon->process().processId());
    m_socketsAtStart = fdCount(m_daemonPid).sockets; // no client has connected yet
    QVERIFY(m_socketsAtStart > 0);
    m_context.port = m_daemon->info().port;
    QFile token(m_home->filePath(QStringLiteral("token")));
    QVERIFY(token.open(QIODevice::ReadOnly));
    m_context.token = token.readAll().trimmed();
    m_context.runMarker = "agentmon-fuzz-" + QByteArray::number(m_seed % 1000000);

    // The helpers join sessions of their own, the only existing sessions the fuzzer names.
    for (int i = 0; i < 2; ++i) {
        const QByteArray session = m_context.runMarker + "-own-" + QByteArray::number(i);
        const QByteArray body =
            "{\"pid\":" + QByteArray::number(m_context.ownPids.at(i)) + ",\"session\":\"" + session + "\"}";
        const auto answer =
            exchange("POST /api/register HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(m_context.port) +
                     "\r\nAuthorization: Bearer " + m_context.token +
                     "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        QVERIFY(answer);
        QCOMPARE(answer->status, 200);
        m_context.ownSessions.append(session);
    }
}

void tst_ApiFuzz::cleanupTestCase()
{
    if (m_daemon) {
        // A clean exit: a sanitized daemon reports leaks and errors through its exit code.
        QVERIFY(m_daemon->terminate());
        QCOMPARE(m_daemon->process().exitStatus(), QProcess::NormalExit);
        QVERIFY2(m_daemon->process().exitCode() == 0, m_daemon->errors().right(4000).constData());
    }
    m_daemon.reset();
    for (auto &helper : m_helpers)
        helper.reset();
}

std::optional<Answer> tst_ApiFuzz::exchange(const QByteArray &request)
{
    Wire wire(m_context.port);
    if (!wire.isOpen() || !wire.send(request))
        return std::nullopt;
    Answer answer;
    QString why;
    int got = 0;
    wire.readUntil([&] { return (got = takeAnswer(wire.in, false, &answer, &why)) != 0; }, AnswerTimeoutMs);
    if (got != 1)
        return std::nullopt;
    return answer;
}

QString tst_ApiFuzz::healthCheck()
{
    if (m_daemon->process().state() != QProcess::Running ||
        int(m_daemon->process().processId()) != m_daemonPid)
        return QStringLiteral("the daemon (pid %1) is gone").arg(m_daemonPid);
    const auto answer = exchange(
        "GET /api/health HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(m_context.port) + "\r\n\r\n");
    if (!answer)
        return QStringLiteral("GET /api/health got no answer");
    const QJsonObject health = QJsonDocument::fromJson(answer->body).object();
    if (answer->status != 200 || health.value(QLatin1String("status")).toString() != QLatin1String("ok") ||
        health.value(QLatin1String("pid")).toInt() != m_daemonPid)
        return QStringLiteral("GET /api/health answered %1 %2")
            .arg(answer->status)
            .arg(QString::fromUtf8(answer->body.left(300)));
    return {};
}

void tst_ApiFuzz::learnLease(const Answer &answer)
{
    if (answer.status != 200)
        return;
    const QJsonValue lease = QJsonDocument::fromJson(answer.body).object().value(QLatin1String("lease"));
    if (const auto n = integerOf(lease); n && *n >= 0 && !m_context.leases.contains(quint64(*n)))
        m_context.leases.append(quint64(*n));
}

// Gives back what the fuzzer was granted, so that the pool keeps granting (the helpers live on).
void tst_ApiFuzz::releaseLeases(int keep)
{
    while (m_context.leases.size() > keep) {
        const quint64 lease = m_context.leases.takeFirst();
        exchange("DELETE /api/slots/" + QByteArray::number(lease) +
                 " HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(m_context.port) +
                 "\r\nAuthorization: Bearer " + m_context.token + "\r\n\r\n");
    }
}

// Reads the answers owed for the messages sent on wire and checks each. Answers are owed, in order, to
// the messages before the first that is not certain to be answered; a message the server may close on
// (the last one) gets an answer or a close.
QString tst_ApiFuzz::collect(Wire &wire, const QList<Message> &messages, qsizetype sentCount, bool allSent)
{
    qsizetype owedAnswers = 0;
    while (owedAnswers < sentCount && messages.at(owedAnswers).owed == Owed::Answer)
        ++owedAnswers;
    const bool lastMayClose =
        allSent && owedAnswers == sentCount - 1 && messages.at(owedAnswers).owed == Owed::AnswerOrClose;
    // Past a message that is not certain to be answered, which answer belongs to which message is not known
    // (a lying Content-Length moves the boundaries): those answers are not read.
    const qsizetype readable = lastMayClose ? sentCount : owedAnswers;
    if (!allSent) // a send failed: the server closed early, which it may do only after a refusal
        owedAnswers = 0;

    qsizetype next = 0;
    bool closing = false;
    QString problem;
    auto drain = [&]() {
        for (;;) {
            if (next >= readable)
                return;
            Answer a;
            QString why;
            const int got = takeAnswer(wire.in, messages.at(next).head, &a, &why);
            if (got < 0) {
                problem = why;
                return;
            }
            if (got == 0)
                return;
            if (a.status == 100) {
                if (!messages.at(next).expectContinue)
                    problem = QStringLiteral("100 Continue to a request without Expect");
                continue;
            }
            ++m_answers;
            ++m_statuses[a.status];
            const Message &m = messages.at(next);
            QString verdict = judge(a, m.head);
            // A refusal for size needs a request that is too large: this one or one pipelined after it (the
            // server refuses as soon as it sees it, before answering those ahead of it). After a chunked or a
            // malformed request, whatever follows it may count as its body or headers.
            if (verdict.isEmpty() && (a.status == 413 || a.status == 431)) {
                bool fits = false;
                for (qsizetype j = 0; j < sentCount && !fits; ++j) {
                    const Message &other = messages.at(j);
                    fits = other.chunked || other.owed != Owed::Answer ||
                           (j >= next && (other.bodyTooLarge || other.headerTooLarge));
                }
                if (!fits)
                    verdict =
                        QStringLiteral("refused with %1, but no request is over the limits").arg(a.status);
            }
            if (!verdict.isEmpty()) {
                problem = QStringLiteral("answer to message %1: %2").arg(next).arg(verdict);
                return;
            }
            learnLease(a);
            ++next;
            // The server ends the connection after this answer (a refusal): nothing more is owed.
            if (a.headers.value("connection").toLower() == "close")
                closing = wire.closeAnnounced = true;
        }
    };
    const bool enough = wire.readUntil(
        [&] {
            drain();
            return !problem.isEmpty() || closing || next >= (lastMayClose ? sentCount : owedAnswers);
        },
        AnswerTimeoutMs);
    if (!problem.isEmpty())
        return problem;
    if (!enough && !(lastMayClose && wire.peerClosed() && next >= owedAnswers)) {
        if (wire.peerClosed())
            return QStringLiteral("the server closed the connection after %1 of %2 owed answers")
                .arg(next)
                .arg(lastMayClose ? sentCount : owedAnswers);
        return QStringLiteral("no answer within %1 ms (%2 of %3 owed answers came)")
            .arg(AnswerTimeoutMs)
            .arg(next)
            .arg(lastMayClose ? sentCount : owedAnswers);
    }
    if (lastMayClose && next < sentCount)
        ++m_closedWithoutAnswer;
    return problem;
}

// Sends messages on one connection in one of several ways and checks what comes back.
QString tst_ApiFuzz::deliver(const QList<Message> &messages, Rng &rng)
{
    Wire wire(m_context.port);
    if (!wire.isOpen())
        return QStringLiteral("cannot connect to port %1").arg(m_context.port);
    const int style = messages.size() > 1 ? rng.pick({0, 1, 10}) : rng.below(10);
    m_caseLabel += QStringLiteral(", delivery %1").arg(style);
    switch (style) {
    case 0: { // pipelined: every byte at once (one message: the plain case)
        QByteArray all;
        for (const Message &m : messages)
            all += m.bytes;
        const bool sent = wire.send(all);
        return collect(wire, messages, messages.size(), sent);
    }
    case 10: { // pipelined, in pieces of any size cut anywhere, each let in before the next
        QByteArray all;
        for (const Message &m : messages)
            all += m.bytes;
        bool sent = true;
        for (qsizetype at = 0; at < all.size() && sent;) {
            const qsizetype piece = qMin<qsizetype>(all.size() - at, rng.between(1, 40'000));
            sent = wire.send(QByteArrayView(all).sliced(at, piece));
            at += piece;
            wire.pump(rng.between(0, 2));
        }
        return collect(wire, messages, messages.size(), sent);
    }
    case 1: { // one after another on a kept-alive connection
        for (qsizetype i = 0; i < messages.size(); ++i) {
            const bool sent = wire.send(messages.at(i).bytes);
            const QString problem = collect(wire, messages.mid(i, 1), 1, sent);
            if (!problem.isEmpty())
                return QStringLiteral("message %1: %2").arg(i).arg(problem);
            if (messages.at(i).owed != Owed::Answer || wire.peerClosed() || wire.closeAnnounced)
                break;
        }
        return {};
    }
    case 2:
    case 3: { // slowly, in small pieces, with short pauses (which end early when the server answers)
        // Byte by byte or a few bytes at a time, for 100 pieces at most (then the rest at once), with a few
        // pauses of some milliseconds.
        const Message &m = messages.first();
        const int largest = rng.chance(50) ? 1 : 16;
        qsizetype at = 0;
        bool sent = true;
        for (int pieces = 0; at < m.bytes.size() && sent; ++pieces) {
            const int piece = pieces >= 100 ? int(m.bytes.size()) : rng.between(1, largest);
            sent = wire.send(QByteArrayView(m.bytes).sliced(at, qMin<qsizetype>(piece, m.bytes.size() - at)));
            at += piece;
            wire.pump(rng.chance(10) ? rng.between(1, 5) : 0);
        }
        return collect(wire, messages, 1, sent);
    }
    case 4: { // Expect: 100-continue the way curl does it: the headers, a wait, then the body
        const Message &m = messages.first();
        if (!m.expectContinue || m.bodyAt <= 0 || m.bodyAt >= m.bytes.size()) {
            const bool sent = wire.send(m.bytes);
            return collect(wire, messages, 1, sent);
        }
        if (!wire.send(QByteArrayView(m.bytes).first(m.bodyAt)))
            return collect(wire, messages, 1, false);
        wire.readUntil([&] { return wire.in.contains("\r\n\r\n"); }, 1000);
        const bool sent = wire.send(QByteArrayView(m.bytes).sliced(m.bodyAt));
        return collect(wire, messages, 1, sent);
    }
    case 5:
    case 6: { // truncated, then closed, reset or half-closed
        const Message &m = messages.first();
        if (m.bytes.size() < 2)
            return {};
        const qsizetype cut =
            m.reap ? rng.between(1, int(qMax<qsizetype>(1, qMin(m.bodyAt - 4, m.bytes.size() - 1))))
                   : rng.between(1, int(m.bytes.size() - 1));
        if (!wire.send(QByteArrayView(m.bytes).first(cut)))
            return {};
        switch (rng.below(3)) {
        case 0:
            wire.close();
            return {};
        case 1:
            wire.reset();
            return {};
        default: {
            // The server sees the end of the stream: it must close its side (an early refusal may come
            // first).
            wire.halfClose();
            QString problem;
            wire.readUntil(
                [&] {
                    Answer a;
                    QString why;
                    for (int got; (got = takeAnswer(wire.in, m.head, &a, &why)) != 0;) {
                        if (got < 0) {
                            problem = why;
                            return true;
                        }
                        if (a.status == 100)
                            continue;
                        problem = judge(a, m.head);
                        if (!problem.isEmpty())
                            return true;
                    }
                    return false;
                },
                AnswerTimeoutMs);
            if (!problem.isEmpty())
                return problem;
            if (!wire.peerClosed())
                return QStringLiteral("half-closed after %1 of %2 bytes: the server kept the connection "
                                      "open for %3 ms")
                    .arg(cut)
                    .arg(m.bytes.size())
                    .arg(AnswerTimeoutMs);
            return {};
        }
        }
    }
    case 7: { // dropped mid-request with a reset
        const Message &m = messages.first();
        const qsizetype cut =
            m.reap ? qMin<qsizetype>(m.bodyAt / 2, m.bytes.size() - 1) : rng.below(int(m.bytes.size()));
        wire.send(QByteArrayView(m.bytes).first(qMax<qsizetype>(0, cut)));
        wire.reset();
        return {};
    }
    default: {
        const bool sent = wire.send(messages.first().bytes);
        return collect(wire, messages, 1, sent);
    }
    }
}

QString tst_ApiFuzz::runCase(Rng &rng)
{
    Generator g(rng, m_context);
    const int kind = rng.below(100);
    m_caseLabel = QStringLiteral("kind %1").arg(kind);
    QList<Message> messages;
    auto safe = [this](const Message &m) {
        return !mentionsReap(m.bytes) && bodySafe(m.bytes.mid(m.bodyAt), m_context);
    };
    auto nonReap = [&]() {
        for (int attempt = 0; attempt < 1000; ++attempt) {
            Draft d = g.request();
            Message m = serialize(d);
            // For chunked bodies, the check reads the decoded body.
            if (d.chunked && !bodySafe(d.body, m_context))
                continue;
            if (safe(m))
                return m;
        }
        return serialize(Draft{});
    };
    if (kind < 4) {
        // Many connections at once, each with the start of a request, then all dropped or closed.
        std::vector<std::unique_ptr<Wire>> wires;
        for (int n = rng.between(5, 60); n > 0; --n) {
            auto wire = std::make_unique<Wire>(m_context.port);
            const Message m = nonReap();
            wire->send(QByteArrayView(m.bytes).first(rng.below(int(m.bytes.size()))));
            wires.push_back(std::move(wire));
        }
        for (auto &wire : wires) {
            if (rng.chance(50))
                wire->reset();
        }
        return {};
    }
    if (kind < 8) {
        // Noise: random bytes, an HTTP/2 preface, a TLS hello.
        QByteArray noise =
            rng.pick<QByteArray>({rng.bytes(rng.between(1, 5000)), "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
                                  QByteArray::fromHex("160301012c010001280303") + rng.bytes(300),
                                  "\r\n\r\n\r\n", QByteArray(rng.between(1, 100), '\0')});
        const bool terminated = rng.chance(60);
        if (terminated)
            noise += "\r\n\r\n";
        if (mentionsReap(noise))
            return {};
        Message m;
        m.bytes = noise;
        // Empty lines before a request line are skipped (RFC 9112, 2.2): the server rightly waits for more.
        const bool blank = noise.count('\r') + noise.count('\n') == noise.size();
        m.owed = terminated && !blank ? Owed::AnswerOrClose : Owed::Nothing;
        m.what << QStringLiteral("noise");
        messages.append(m);
    } else if (kind < 11) {
        Draft d = g.reap();
        while (!reapBodySafe(d.body))
            d = g.reap();
        messages.append(serialize(d));
    } else if (kind < 25) {
        for (int n = rng.between(2, 8); n > 0; --n)
            messages.append(nonReap());
    } else {
        messages.append(nonReap());
    }
    for (const Message &m : std::as_const(messages)) {
        if (m.reap && messages.size() != 1)
            return QStringLiteral("internal: a reap request shares its connection");
    }
    const QString problem = deliver(messages, rng);
    if (problem.isEmpty())
        return {};
    // AGENTMON_FUZZ_DUMP=DIR: the messages' exact bytes as files, to send them again with any client.
    if (const QString dir = qEnvironmentVariable("AGENTMON_FUZZ_DUMP"); !dir.isEmpty()) {
        for (qsizetype i = 0; i < messages.size(); ++i) {
            QFile file(QDir(dir).filePath(QStringLiteral("message-%1.bin").arg(i)));
            if (file.open(QIODevice::WriteOnly | QIODevice::Truncate))
                file.write(messages.at(i).bytes);
        }
    }
    QString text = problem + QStringLiteral("\n%1; the case's messages:").arg(m_caseLabel);
    for (qsizetype i = 0; i < messages.size(); ++i)
        text += QStringLiteral("\n--- message %1 (%2; owed: %3):\n%4")
                    .arg(i)
                    .arg(messages.at(i).what.join(QStringLiteral(", ")))
                    .arg(QLatin1String(messages.at(i).owed == Owed::Answer          ? "an answer"
                                       : messages.at(i).owed == Owed::AnswerOrClose ? "an answer or a close"
                                                                                    : "nothing"))
                    .arg(QString::fromLatin1(printableDump(messages.at(i).bytes)));
    return text;
}

void tst_ApiFuzz::requestsNeverBreakTheDaemon()
{
    const int count = fuzzCount(DefaultCount);
    const int only = fuzzOnlyCase();
    const bool single = only >= 0;

    // Warm up every route, then take the baseline of the daemon's descriptors with no client connected.
    for (const char *target :
         {"/api/health", "/api/doctor", "/api/processes?all=1", "/api/sessions", "/metrics"})
        QVERIFY(exchange(QByteArray("GET ") + target +
                         " HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(m_context.port) +
                         "\r\nAuthorization: Bearer " + m_context.token + "\r\n\r\n"));
    QTRY_COMPARE_WITH_TIMEOUT(fdCount(m_daemonPid).sockets, m_socketsAtStart, 15'000);
    const FdCount baseline = fdCount(m_daemonPid);
    const QStringList baselineTargets = fdTargets(m_daemonPid);

    QElapsedTimer timer;
    timer.start();
    int ran = 0;
    QList<std::pair<qint64, QString>> slowest; // for whoever tunes the default count
    for (int i = 0; i < count; ++i) {
        if (single && i != only)
            continue;
        Rng rng(caseSeed(m_seed, i));
        QElapsedTimer caseTimer;
        caseTimer.start();
        const QString problem = runCase(rng);
        slowest.append({caseTimer.elapsed(), QStringLiteral("case %1 (%2)").arg(i).arg(m_caseLabel)});
        std::sort(slowest.begin(), slowest.end(),
                  [](const auto &a, const auto &b) { return a.first > b.first; });
        slowest.resize(qMin<qsizetype>(slowest.size(), 5));
        ++ran;
        QCoreApplication::processEvents(); // reads the daemon's stderr, so that it never blocks on it
        if (!problem.isEmpty())
            QFAIL(qPrintable(
                QStringLiteral("seed %1, case %2 (replay: AGENTMON_FUZZ_SEED=%1 AGENTMON_FUZZ_CASE=%2): "
                               "%3\ndaemon stderr (end):\n%4")
                    .arg(m_seed)
                    .arg(i)
                    .arg(problem, QString::fromUtf8(m_daemon->errors().right(3000)))));
        if (ran % HealthEvery == 0 || single) {
            const QString health = healthCheck();
            QVERIFY2(health.isEmpty(),
                     qPrintable(QStringLiteral("seed %1, after case %2: %3\n%4")
                                    .arg(m_seed)
                                    .arg(i)
                                    .arg(health, QString::fromUtf8(m_daemon->errors().right(3000)))));
        }
        if (m_context.leases.size() > 2)
            releaseLeases(0);
    }
    releaseLeases(0);
    const QString health = healthCheck();
    QVERIFY2(health.isEmpty(), qPrintable(health));
    QStringList statuses;
    QList<int> codes = m_statuses.keys();
    std::sort(codes.begin(), codes.end());
    for (const int code : codes)
        statuses << QStringLiteral("%1: %2").arg(code).arg(m_statuses.value(code));
    qInfo("%d cases in %lld ms: %d answers (%s), %d closed without an answer", ran, timer.elapsed(),
          m_answers, qPrintable(statuses.join(QStringLiteral(", "))), m_closedWithoutAnswer);
    QStringList slow;
    for (const auto &[ms, label] : std::as_const(slowest))
        slow << QStringLiteral("%1 ms %2").arg(ms).arg(label);
    qInfo("slowest cases: %s", qPrintable(slow.join(QStringLiteral("; "))));
    // Every connection the fuzzer opened is closed: the daemon's descriptors come back to the baseline.
    QTRY_VERIFY2_WITH_TIMEOUT(
        fdCount(m_daemonPid) == baseline,
        qPrintable(QStringLiteral("descriptors at the start:\n%1\nnow:\n%2")
                       .arg(baselineTargets.join(u'\n'), fdTargets(m_daemonPid).join(u'\n'))),
        15'000);
}

QTEST_GUILESS_MAIN(tst_ApiFuzz)
#include "tst_apifuzz.moc"
