#include "apiserver.h"

#include "apitoken.h"

#include <QHostAddress>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QList>
#include <QPointer>
#include <QStringDecoder>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>
#include <QUrlQuery>

#include <cmath>
#include <limits>
#include <optional>
#include <sys/socket.h>

namespace agentmon {

namespace {

using Method = QHttpServerRequest::Method;

// Slack for chunk framing when a body arrives without Content-Length; the decoded body is checked exactly.
constexpr qsizetype ChunkFramingSlack = 8 * 1024;
// What a refused connection may still send us before it is cut (so that its client reads the refusal).
constexpr qint64 MaxDiscardBytes = 8 * 1024 * 1024;
constexpr int RefusedLingerMs = 2000;
constexpr double MaxWaitSeconds = 24 * 3600;
constexpr int MaxLabelLength = 256;
// QHttpServer 6.4 (QHttpHeaderParser) drops every header of a request with more header fields than this, and
// with them its Content-Length: its body would then be read as another request.
constexpr int MaxHeaderFields = 100;

// The statuses QHttpServerResponder 6.4 can write (it throws std::out_of_range for a code missing from its
// table) and that this API uses, with their reason phrases.
const char *reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 202:
        return "Accepted";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 409:
        return "Conflict";
    case 410:
        return "Gone";
    case 413:
        return "Payload Too Large";
    case 422:
        return "Unprocessable Entity";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    default:
        return nullptr;
    }
}

QByteArray errorBody(int status, const QString &message)
{
    const QString text = message.isEmpty() ? QString::fromLatin1(reasonPhrase(status)).toLower() : message;
    return QJsonDocument(QJsonObject{{QStringLiteral("error"), text}, {QStringLiteral("code"), status}})
        .toJson(QJsonDocument::Compact);
}

QByteArray jsonText(const QJsonValue &value)
{
    if (value.isObject())
        return QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    if (value.isArray())
        return QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact);
    if (value.isNull() || value.isUndefined())
        return QByteArrayLiteral("{}");
    // A scalar: serialised inside an array, brackets removed.
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2);
}

enum class Route {
    Health,
    Doctor,
    Processes,
    Sessions,
    Register,
    SessionEnd,
    SessionReap,
    Reap,
    Slots,
    SlotRelease,
    Metrics,
};

struct RouteMatch {
    Route route;
    QByteArray param; // still percent-encoded
};

// Each route takes one method.
Method methodOf(Route route)
{
    switch (route) {
    case Route::Health:
    case Route::Doctor:
    case Route::Processes:
    case Route::Sessions:
    case Route::Metrics:
        return Method::Get;
    case Route::Register:
    case Route::SessionEnd:
    case Route::SessionReap:
    case Route::Reap:
    case Route::Slots:
        return Method::Post;
    case Route::SlotRelease:
        return Method::Delete;
    }
    return Method::Unknown;
}

QByteArray methodName(Method method)
{
    switch (method) {
    case Method::Get:
        return "GET";
    case Method::Post:
        return "POST";
    case Method::Delete:
        return "DELETE";
    default:
        return {};
    }
}

// The route table. path is the percent-encoded path of the request target.
std::optional<RouteMatch> matchRoute(const QByteArray &path)
{
    if (!path.startsWith('/'))
        return std::nullopt;
    const QList<QByteArray> s = path.mid(1).split('/');
    if (s.size() == 1 && s[0] == "metrics")
        return RouteMatch{Route::Metrics, {}};
    if (s.size() < 2 || s[0] != "api")
        return std::nullopt;
    if (s.size() == 2) {
        static const QList<std::pair<QByteArray, Route>> fixed = {
            {"health", Route::Health},     {"doctor", Route::Doctor},     {"processes", Route::Processes},
            {"sessions", Route::Sessions}, {"register", Route::Register}, {"reap", Route::Reap},
            {"slots", Route::Slots},
        };
        for (const auto &[name, route] : fixed) {
            if (s[1] == name)
                return RouteMatch{route, {}};
        }
        return std::nullopt;
    }
    if (s.size() == 3 && s[1] == "slots")
        return RouteMatch{Route::SlotRelease, s[2]};
    if (s.size() == 4 && s[1] == "sessions" && s[3] == "end")
        return RouteMatch{Route::SessionEnd, s[2]};
    if (s.size() == 4 && s[1] == "sessions" && s[3] == "reap")
        return RouteMatch{Route::SessionReap, s[2]};
    return std::nullopt;
}

// Percent-decodes one path segment; nullopt when the result is not UTF-8.
std::optional<QString> decodeSegment(const QByteArray &raw)
{
    const QByteArray bytes = QByteArray::fromPercentEncoding(raw);
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = decoder.decode(bytes);
    if (decoder.hasError())
        return std::nullopt;
    return text;
}

// Session ids: any characters but '/', at most MaxSessionIdLength. Empty string when valid.
QString sessionIdProblem(const QString &id, const QString &what)
{
    if (id.isEmpty())
        return QStringLiteral("%1 is empty").arg(what);
    if (id.contains(QLatin1Char('/')))
        return QStringLiteral("%1 must not contain '/'").arg(what);
    if (id.size() > ApiServer::MaxSessionIdLength)
        return QStringLiteral("%1 is longer than %2 characters").arg(what).arg(ApiServer::MaxSessionIdLength);
    return {};
}

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

bool absent(const QJsonValue &value)
{
    return value.isUndefined() || value.isNull();
}

// A request copied out of QHttpServer's (which is reused for the next request on the connection).
struct Request {
    Method method = Method::Unknown;
    QByteArray path; // percent-encoded
    QString query;
    QHostAddress peer;
    QHash<QByteArray, QByteArray> headers; // names in lower case
    int hostFields = 0;
    QByteArray body;

    bool has(const QByteArray &name) const { return headers.contains(name); }
    QByteArray header(const QByteArray &name) const { return headers.value(name); }
};

struct Answer {
    int status = 200;
    QByteArray body;
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray contentType = "application/json";

    static Answer error(int status, const QString &message)
    {
        return {status, errorBody(status, message), {}};
    }
};

Answer answerOf(const ApiResult &result)
{
    if (result.isError())
        return Answer::error(result.status, result.error);
    return {result.status, jsonText(result.body), {}};
}

// Accepts connections itself so that the body-size guard sees every socket before QHttpServer does: its
// readyRead connection comes first and can refuse a request while it is still arriving.
class GuardedTcpServer final : public QTcpServer {
public:
    using QTcpServer::QTcpServer;
    std::function<bool(QTcpSocket *)> onSocket;

protected:
    void incomingConnection(qintptr handle) override
    {
        auto *socket = new QTcpSocket(this);
        if (!socket->setSocketDescriptor(handle)) {
            delete socket;
            return;
        }
        if (onSocket && !onSocket(socket)) {
            socket->abort();
            delete socket;
            return;
        }
        addPendingConnection(socket);
    }
};

} // namespace

class ApiServer::Impl {
public:
    // Where the answer of one request goes. The responder refers to QHttpServer's socket, which is deleted
    // when the client goes away: it is used only while the QPointer says the socket is still there.
    struct Outlet {
        std::optional<QHttpServerResponder> responder;
        QPointer<QTcpSocket> socket;
        bool head = false;
        bool done = false;
    };
    struct Queued {
        Request request;
        std::shared_ptr<Outlet> outlet;
    };
    // One client connection: the state of the body-size guard, and the requests waiting behind an
    // asynchronous answer.
    struct Connection {
        QPointer<QTcpSocket> socket;
        QTimer *idle = nullptr; // child of the socket
        QByteArray head;        // the request's bytes until the end of its headers
        bool headerDone = false;
        qint64 bodySeen = 0;
        qint64 bodyLeft = 0;    // of a body framed by Content-Length; -1: a chunked body, counted to the end
        quint64 headsSeen = 0;  // requests whose headers the guard has seen end
        quint64 dispatched = 0; // requests QHttpServer has handed over
        quint64 dispatchedAtGuard = 0; // ... when the guard last ran
        qint64 leftover = 0;           // bytes QHttpServer left unread after the last request it handed over
        bool refused = false;
        qint64 discarded = 0;
        bool busy = false;
        QList<Queued> queue;
    };

    Impl(ApiServer *q, ApiBackend &backend, QByteArray token)
        : q(q), backend(backend), token(std::move(token))
    {
        http.setMissingHandler([this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            onRequest(request, std::move(responder));
        });
    }

    ~Impl() { shutdown(); }

    quint16 listen(quint16 wanted)
    {
        close();
        auto *server = new GuardedTcpServer;
        server->onSocket = [this](QTcpSocket *socket) { return accept(socket); };
        if (!server->listen(QHostAddress::LocalHost, wanted)) {
            error = server->errorString();
            delete server;
            return 0;
        }
        http.bind(server); // reparents it to http
        tcp = server;
        port = server->serverPort();
        error.clear();
        return port;
    }

    void close()
    {
        if (tcp) {
            tcp->close();
            tcp->deleteLater(); // with the sockets still open, its children
            tcp = nullptr;
        }
        port = 0;
        const auto open = conns;
        for (const auto &connection : open) {
            if (connection->socket)
                connection->socket->abort();
        }
    }

    // Cuts our connections to the sockets, then deletes them: nothing of ours runs while they go.
    void shutdown()
    {
        life.reset();
        for (const auto &connection : std::as_const(conns)) {
            if (connection->socket) {
                QObject::disconnect(connection->socket, nullptr, q, nullptr);
                QObject::disconnect(connection->idle, nullptr, q, nullptr);
            }
        }
        conns.clear();
        delete tcp.data();
    }

    bool accept(QTcpSocket *socket)
    {
        if (conns.size() >= ApiServer::MaxConnections)
            return false;
        auto connection = std::make_shared<Connection>();
        connection->socket = socket;
        connection->idle = new QTimer(socket);
        connection->idle->setSingleShot(true);
        connection->idle->setInterval(idleMs);
        QObject::connect(connection->idle, &QTimer::timeout, q, [this, socket] { onIdle(socket); });
        QObject::connect(socket, &QTcpSocket::readyRead, q, [this, socket] { guard(socket); });
        QObject::connect(socket, &QObject::destroyed, q, [this, socket] { conns.remove(socket); });
        connection->idle->start();
        conns.insert(socket, connection);
        return true;
    }

    void onIdle(QTcpSocket *socket)
    {
        const auto connection = conns.value(socket);
        if (!connection)
            return;
        if (connection->busy || !connection->queue.isEmpty()) {
            connection->idle->start();
            return;
        }
        socket->disconnectFromHost();
    }

    // Runs on every readyRead before QHttpServer's parser: refuses a request whose headers or body are too
    // large while it is still arriving, before QHttpServer buffers it. It follows the requests on the
    // connection by their Content-Length, so that pipelined requests are counted apart; a chunked body is
    // counted until QHttpServer hands the request over, its chunk framing within ChunkFramingSlack. A refusal
    // is sent at once: before the answers to requests pipelined ahead of it, which then go unanswered.
    //
    // QHttpServer (6.4) takes one request per readyRead and signals readyRead again for the rest; a request
    // that is not complete it reads to the end of what has arrived. So the bytes available here are new but
    // for what it left after the last request it handed over (onRequest), which the guard has seen.
    void guard(QTcpSocket *socket)
    {
        const auto connection = conns.value(socket);
        if (!connection)
            return;
        Connection &c = *connection;
        if (c.refused) {
            c.discarded += socket->readAll().size();
            if (c.discarded > MaxDiscardBytes)
                socket->abort();
            return;
        }
        c.idle->start();
        const qint64 available = socket->bytesAvailable();
        const qint64 seen = c.dispatched != c.dispatchedAtGuard ? qMin(c.leftover, available) : 0;
        c.dispatchedAtGuard = c.dispatched;
        const QByteArray fresh = socket->peek(available).mid(seen);
        qsizetype at = 0;
        while (at < fresh.size()) {
            if (!c.headerDone) {
                // Whitespace before a request line is skipped, as QHttpServer does.
                while (c.head.isEmpty() && at < fresh.size() &&
                       QByteArrayView(" \t\r\n\v").contains(fresh.at(at)))
                    ++at;
                c.head += QByteArrayView(fresh).sliced(at);
                at = fresh.size();
                // The headers end with an empty line, CRLF or bare LF (QHttpServer takes both).
                const qsizetype crlf = c.head.indexOf("\n\r\n");
                const qsizetype lf = c.head.indexOf("\n\n");
                const qsizetype end = crlf >= 0 && (lf < 0 || crlf < lf) ? crlf : lf;
                if (end < 0 || end > ApiServer::MaxHeaderBytes) {
                    if (end >= 0 || c.head.size() > ApiServer::MaxHeaderBytes)
                        refuse(c, 431,
                               QStringLiteral("request headers are larger than %1 bytes")
                                   .arg(ApiServer::MaxHeaderBytes));
                    return;
                }
                const qsizetype bodyStart = end + (end == crlf ? 3 : 2);
                at -= c.head.size() - bodyStart; // what follows the headers is looked at again, as body
                const HeadFacts facts = scanHead(c.head.left(end));
                c.head.clear();
                if (facts.fields > MaxHeaderFields) {
                    refuse(c, 431,
                           QStringLiteral("request has more than %1 header fields").arg(MaxHeaderFields));
                    return;
                }
                if (facts.contentLength > ApiServer::MaxBodyBytes) {
                    refuse(c, 413, bodyTooLarge());
                    return;
                }
                c.headerDone = true;
                ++c.headsSeen;
                c.bodySeen = 0;
                c.bodyLeft = facts.chunked ? -1 : qMax<qint64>(facts.contentLength, 0);
                // A client that asks first (curl with "Expect: 100-continue") would otherwise wait a second.
                // Only for the request answered next: an interim answer must not pass the answers of requests
                // pipelined ahead of it.
                if (facts.expectContinue && at == fresh.size() && facts.contentLength > 0 && !c.busy &&
                    c.headsSeen == c.dispatched + 1)
                    socket->write("HTTP/1.1 100 Continue\r\n\r\n");
                if (c.bodyLeft == 0)
                    c.headerDone = false; // no body: the next request starts here
                continue;
            }
            const qint64 rest = fresh.size() - at;
            const qint64 take = c.bodyLeft < 0 ? rest : qMin(c.bodyLeft, rest);
            at += take;
            c.bodySeen += take;
            if (c.bodySeen > ApiServer::MaxBodyBytes + ChunkFramingSlack) {
                refuse(c, 413, bodyTooLarge());
                return;
            }
            if (c.bodyLeft > 0) {
                c.bodyLeft -= take;
                if (c.bodyLeft == 0)
                    c.headerDone = false;
            }
        }
    }

    static QString bodyTooLarge()
    {
        return QStringLiteral("request body is larger than %1 bytes").arg(ApiServer::MaxBodyBytes);
    }

    struct HeadFacts {
        int fields = 0;
        qint64 contentLength = -1;
        bool chunked = false; // any Transfer-Encoding: the body's end is not known from the headers
        bool expectContinue = false;
    };

    // What the guard needs from a request's header block (QHttpServer parses it properly later).
    static HeadFacts scanHead(const QByteArray &headers)
    {
        HeadFacts facts;
        const QList<QByteArray> lines = headers.split('\n');
        for (qsizetype i = 1; i < lines.size(); ++i) { // after the request line
            const QByteArray &line = lines.at(i);
            if (!line.isEmpty() && line.front() != ' ' && line.front() != '\t') // not a folded line
                ++facts.fields;
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0)
                continue;
            const QByteArray name = line.left(colon).trimmed().toLower();
            const QByteArray value = line.mid(colon + 1).trimmed();
            if (name == "content-length") {
                bool ok = false;
                const qint64 n = value.toLongLong(&ok);
                facts.contentLength = ok ? qMax(facts.contentLength, n) : std::numeric_limits<qint64>::max();
            } else if (name == "transfer-encoding") {
                facts.chunked = true;
            } else if (name == "expect") {
                facts.expectContinue = value.compare("100-continue", Qt::CaseInsensitive) == 0;
            }
        }
        return facts;
    }

    // Answers directly on the socket, takes it away from QHttpServer's parser and drains what the client is
    // still sending, so that it reads the answer instead of a reset; the connection ends after that.
    void refuse(Connection &c, int status, const QString &message)
    {
        QTcpSocket *socket = c.socket;
        c.refused = true;
        c.idle->stop();
        QObject::disconnect(socket, &QTcpSocket::readyRead, &http, nullptr);
        if (socket->isTransactionStarted())
            socket->commitTransaction();
        c.discarded = socket->readAll().size();
        const QByteArray body = errorBody(status, message);
        QByteArray response = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
        response +=
            "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) +
            "\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n" +
            body;
        ++counts[status];
        socket->write(response);
        // Half-close once the answer is out; the client then closes, or we cut it after a while.
        auto closeWrite = [socket] {
            if (socket->bytesToWrite() == 0 && socket->socketDescriptor() >= 0)
                ::shutdown(int(socket->socketDescriptor()), SHUT_WR);
        };
        QObject::connect(socket, &QTcpSocket::bytesWritten, socket, closeWrite);
        socket->flush();
        closeWrite();
        QTimer::singleShot(RefusedLingerMs, socket, [socket] { socket->abort(); });
    }

    void onRequest(const QHttpServerRequest &request, QHttpServerResponder &&responder)
    {
        QTcpSocket *socket = responder.socket();
        const auto connection = conns.value(socket);
        if (connection) {
            // What QHttpServer leaves unread the guard has seen, unless it has not got past this request
            // (a chunked body, Content-Length headers read another way): then it starts again at the next
            // request, with what was left.
            Connection &c = *connection;
            ++c.dispatched;
            c.leftover = socket->bytesAvailable();
            if (c.headsSeen < c.dispatched || (c.headsSeen == c.dispatched && c.headerDone)) {
                c.head.clear();
                c.headerDone = false;
                c.bodySeen = 0;
                c.headsSeen = c.dispatched;
                c.leftover = 0;
            }
            if (connection->refused)
                return;
        }
        auto outlet = std::make_shared<Outlet>();
        outlet->responder.emplace(std::move(responder));
        outlet->socket = socket;
        outlet->head = request.method() == Method::Head;

        Request r;
        r.method = request.method();
        const QUrl url = request.url();
        r.path = url.path(QUrl::FullyEncoded).toUtf8();
        r.query = url.query(QUrl::FullyEncoded);
        r.peer = request.remoteAddress();
        const auto headers = request.headers();
        for (const auto &[name, value] : headers) {
            r.headers.insert(name.toLower(), value);
            if (name.compare("host", Qt::CaseInsensitive) == 0)
                ++r.hostFields;
        }
        r.body = request.body();

        if (connection && connection->busy) {
            connection->queue.append({std::move(r), outlet});
            return;
        }
        process(r, outlet, connection);
    }

    void drain(const std::shared_ptr<Connection> &connection)
    {
        while (!connection->busy && !connection->queue.isEmpty()) {
            const Queued next = connection->queue.takeFirst();
            process(next.request, next.outlet, connection);
        }
    }

    bool hostAllowed(const QByteArray &host) const
    {
        const QByteArray suffix = ':' + QByteArray::number(port);
        return host == "127.0.0.1" + suffix || host.compare("localhost" + suffix, Qt::CaseInsensitive) == 0;
    }

    // The one place every request goes through.
    void process(const Request &r, const std::shared_ptr<Outlet> &out, const std::shared_ptr<Connection> &c)
    {
        if (!r.peer.isLoopback())
            return respond(out, Answer::error(403, QStringLiteral("only local clients are served")));
        // One Host field, and the right one (RFC 9112 3.2: more than one is an error).
        if (r.hostFields != 1 || !hostAllowed(r.header("host")))
            return respond(
                out,
                Answer::error(403, QStringLiteral("Host must be 127.0.0.1:%1 or localhost:%1").arg(port)));
        if (r.method != Method::Get && r.has("origin"))
            return respond(out, Answer::error(403, QStringLiteral("requests from web pages are refused")));

        const std::optional<RouteMatch> match = matchRoute(r.path);
        const bool open = match && r.method == Method::Get &&
                          (match->route == Route::Health || match->route == Route::Metrics);
        if (!open) {
            const QByteArray authorization = r.header("authorization");
            if (authorization.isEmpty()) {
                Answer a = Answer::error(401, QStringLiteral("missing bearer token"));
                a.headers.append(std::pair<QByteArray, QByteArray>{"WWW-Authenticate", "Bearer"});
                return respond(out, a);
            }
            const qsizetype space = authorization.indexOf(' ');
            const QByteArray scheme = authorization.left(space);
            const QByteArray presented = space < 0 ? QByteArray() : authorization.mid(space + 1).trimmed();
            if (scheme.compare("Bearer", Qt::CaseInsensitive) != 0 || !ApiToken::matches(token, presented)) {
                Answer a = Answer::error(401, QStringLiteral("invalid bearer token"));
                a.headers.append(
                    std::pair<QByteArray, QByteArray>{"WWW-Authenticate", "Bearer error=\"invalid_token\""});
                return respond(out, a);
            }
        }

        bool lengthOk = true;
        const qint64 declared =
            r.has("content-length") ? r.header("content-length").toLongLong(&lengthOk) : 0;
        if (!lengthOk || declared > ApiServer::MaxBodyBytes || r.body.size() > ApiServer::MaxBodyBytes)
            return respond(out, Answer::error(413, bodyTooLarge()));

        if (!match)
            return respond(
                out, Answer::error(404, QStringLiteral("no such route: %1").arg(QString::fromUtf8(r.path))));
        const Method allowed = methodOf(match->route);
        if (r.method != allowed) {
            Answer a = Answer::error(
                405, QStringLiteral("%1 takes %2")
                         .arg(QString::fromUtf8(r.path), QString::fromLatin1(methodName(allowed))));
            a.headers.append(std::pair<QByteArray, QByteArray>{"Allow", methodName(allowed)});
            return respond(out, a);
        }

        switch (match->route) {
        case Route::Health:
            return respond(out, {200, jsonText(backend.health()), {}});
        case Route::Doctor:
            return respond(out, {200, jsonText(backend.doctor()), {}});
        case Route::Processes: {
            const QUrlQuery query(r.query);
            bool all = false;
            if (query.hasQueryItem(QStringLiteral("all"))) {
                const QString value = query.queryItemValue(QStringLiteral("all")).toLower();
                if (value.isEmpty() || value == QLatin1String("1") || value == QLatin1String("true"))
                    all = true;
                else if (value != QLatin1String("0") && value != QLatin1String("false"))
                    return respond(out, Answer::error(400, QStringLiteral("all must be 0 or 1")));
            }
            return respond(out, {200, jsonText(backend.processes(all)), {}});
        }
        case Route::Sessions:
            return respond(out, {200, jsonText(backend.sessions()), {}});
        case Route::Register:
            return registerProcess(r, out);
        case Route::SessionEnd: {
            QString problem;
            const std::optional<QString> id = sessionParam(match->param, &problem);
            if (!id)
                return respond(out, Answer::error(400, problem));
            return respond(out, answerOf(backend.endSession(*id)));
        }
        case Route::SessionReap: {
            QString problem;
            const std::optional<QString> id = sessionParam(match->param, &problem);
            if (!id)
                return respond(out, Answer::error(400, problem));
            return reap(r, out, c, id);
        }
        case Route::Reap:
            return reap(r, out, c, std::nullopt);
        case Route::Slots:
            return acquireSlot(r, out, c);
        case Route::SlotRelease: {
            const std::optional<QString> text = decodeSegment(match->param);
            bool ok = text && !text->isEmpty() && text->size() <= 20;
            for (qsizetype i = 0; ok && i < text->size(); ++i)
                ok = text->at(i).isDigit() && text->at(i).unicode() < 128;
            const quint64 lease = ok ? text->toULongLong(&ok) : 0;
            if (!ok)
                return respond(out, Answer::error(400, QStringLiteral("lease must be an unsigned integer")));
            return respond(out, answerOf(backend.releaseSlot(lease)));
        }
        case Route::Metrics: {
            QByteArray text = backend.metrics();
            // The server's own figures: requests answered, by status.
            text += "# HELP agentmon_api_requests_total HTTP API requests answered, by status\n"
                    "# TYPE agentmon_api_requests_total counter\n";
            QList<int> statuses = counts.keys();
            std::sort(statuses.begin(), statuses.end());
            for (const int status : std::as_const(statuses))
                text += "agentmon_api_requests_total{code=\"" + QByteArray::number(status) + "\"} " +
                        QByteArray::number(counts.value(status)) + '\n';
            Answer answer{200, text, {}};
            answer.contentType = "text/plain; version=0.0.4; charset=utf-8";
            return respond(out, answer);
        }
        }
        respond(out, Answer::error(500, QStringLiteral("unhandled route")));
    }

    static std::optional<QString> sessionParam(const QByteArray &raw, QString *problem)
    {
        const std::optional<QString> id = decodeSegment(raw);
        if (!id) {
            *problem = QStringLiteral("session id is not valid UTF-8");
            return std::nullopt;
        }
        *problem = sessionIdProblem(*id, QStringLiteral("session id"));
        if (!problem->isEmpty())
            return std::nullopt;
        return id;
    }

    static std::optional<QJsonObject> bodyObject(const QByteArray &body, QString *problem)
    {
        if (body.trimmed().isEmpty()) {
            *problem = QStringLiteral("body must be a JSON object");
            return std::nullopt;
        }
        QJsonParseError parseError{};
        const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
        if (parseError.error != QJsonParseError::NoError) {
            *problem = QStringLiteral("body is not valid JSON: %1 at offset %2")
                           .arg(parseError.errorString())
                           .arg(parseError.offset);
            return std::nullopt;
        }
        if (!document.isObject()) {
            *problem = QStringLiteral("body must be a JSON object");
            return std::nullopt;
        }
        return document.object();
    }

    // pid (required, > 0) and starttime (optional, >= 0) of a request body.
    static bool parseHolder(const QJsonObject &object, int *pid, std::optional<quint64> *starttime,
                            QString *problem)
    {
        const QJsonValue pidValue = object.value(QStringLiteral("pid"));
        if (pidValue.isUndefined()) {
            *problem = QStringLiteral("pid is required");
            return false;
        }
        const std::optional<qint64> p = integerOf(pidValue);
        if (!p || *p <= 0 || *p > std::numeric_limits<int>::max()) {
            *problem = QStringLiteral("pid must be a positive integer");
            return false;
        }
        *pid = int(*p);
        const QJsonValue startValue = object.value(QStringLiteral("starttime"));
        if (!absent(startValue)) {
            const std::optional<qint64> s = integerOf(startValue);
            if (!s || *s < 0) {
                *problem = QStringLiteral("starttime must be a non-negative integer");
                return false;
            }
            *starttime = quint64(*s);
        }
        return true;
    }

    void registerProcess(const Request &r, const std::shared_ptr<Outlet> &out)
    {
        QString problem;
        const std::optional<QJsonObject> object = bodyObject(r.body, &problem);
        int pid = 0;
        std::optional<quint64> starttime;
        if (!object || !parseHolder(*object, &pid, &starttime, &problem))
            return respond(out, Answer::error(400, problem));
        QString session;
        const QJsonValue sessionValue = object->value(QStringLiteral("session"));
        if (!absent(sessionValue)) {
            if (!sessionValue.isString())
                return respond(out, Answer::error(400, QStringLiteral("session must be a string")));
            session = sessionValue.toString();
            const QString bad = sessionIdProblem(session, QStringLiteral("session"));
            if (!session.isEmpty() && !bad.isEmpty())
                return respond(out, Answer::error(400, bad));
        }
        respond(out, answerOf(backend.registerProcess(pid, starttime, session)));
    }

    // POST /api/reap and /api/sessions/{id}/reap: {"dry_run"?: bool, "grace_ms"?: int, "min_age_s"?: number}
    // (an empty body is the defaults), answered when the reap is over.
    void reap(const Request &r, const std::shared_ptr<Outlet> &out, const std::shared_ptr<Connection> &c,
              const std::optional<QString> &session)
    {
        QString problem;
        QJsonObject object;
        if (!r.body.trimmed().isEmpty()) {
            const std::optional<QJsonObject> parsed = bodyObject(r.body, &problem);
            if (!parsed)
                return respond(out, Answer::error(400, problem));
            object = *parsed;
        }
        ReapApiRequest request;
        const QJsonValue dryRun = object.value(QStringLiteral("dry_run"));
        if (!absent(dryRun)) {
            if (!dryRun.isBool())
                return respond(out, Answer::error(400, QStringLiteral("dry_run must be true or false")));
            request.dryRun = dryRun.toBool();
        }
        const QJsonValue grace = object.value(QStringLiteral("grace_ms"));
        if (!absent(grace)) {
            const std::optional<qint64> ms = integerOf(grace);
            if (!ms || *ms < 0 || *ms > 600'000)
                return respond(
                    out, Answer::error(400, QStringLiteral("grace_ms must be an integer from 0 to 600000")));
            request.graceMs = *ms;
        }
        const QJsonValue minAge = object.value(QStringLiteral("min_age_s"));
        if (!absent(minAge)) {
            const double seconds = minAge.isDouble() ? minAge.toDouble() : -1;
            if (session || !minAge.isDouble() || !std::isfinite(seconds) || seconds < 0 ||
                seconds > 86400 * 365)
                return respond(
                    out,
                    Answer::error(400, session ? QStringLiteral("min_age_s is for a reaper pass only")
                                               : QStringLiteral("min_age_s must be a number of seconds")));
            request.minAgeMs = qint64(std::llround(seconds * 1000));
        }
        if (c)
            c->busy = true;
        std::weak_ptr<int> alive = life;
        std::weak_ptr<Connection> weakConnection = c;
        auto done = [this, alive, out, weakConnection](const ApiResult &result) {
            if (alive.expired() || out->done)
                return;
            deliver(out, answerOf(result));
            if (const auto connection = weakConnection.lock()) {
                connection->busy = false;
                drain(connection);
            }
        };
        if (session)
            backend.reapSession(*session, request, done);
        else
            backend.reapPass(request, done);
    }

    void acquireSlot(const Request &r, const std::shared_ptr<Outlet> &out,
                     const std::shared_ptr<Connection> &c)
    {
        QString problem;
        const std::optional<QJsonObject> object = bodyObject(r.body, &problem);
        SlotRequest request;
        if (!object || !parseHolder(*object, &request.pid, &request.starttime, &problem))
            return respond(out, Answer::error(400, problem));
        request.waitMs = -1;
        const QJsonValue wait = object->value(QStringLiteral("wait_s"));
        if (!absent(wait)) {
            const double seconds = wait.isDouble() ? wait.toDouble() : -1;
            if (!wait.isDouble() || !std::isfinite(seconds) || seconds < 0 || seconds > MaxWaitSeconds)
                return respond(out, Answer::error(400, QStringLiteral("wait_s must be a number from 0 to %1")
                                                           .arg(qint64(MaxWaitSeconds))));
            request.waitMs = qint64(std::llround(seconds * 1000));
        }
        const QJsonValue label = object->value(QStringLiteral("label"));
        if (!absent(label)) {
            if (!label.isString() || label.toString().size() > MaxLabelLength)
                return respond(out, Answer::error(400, QStringLiteral("label must be a string of at most %1 "
                                                                      "characters")
                                                           .arg(MaxLabelLength)));
            request.label = label.toString();
        }

        if (c)
            c->busy = true;
        std::weak_ptr<int> alive = life;
        std::weak_ptr<Connection> weakConnection = c;
        backend.acquireSlot(request, [this, alive, out, weakConnection](const ApiResult &result) {
            if (alive.expired() || out->done)
                return;
            const bool delivered = deliver(out, answerOf(result));
            // A slot granted to a client that is gone would stay taken until its holder exits.
            if (!delivered && !result.isError()) {
                const std::optional<qint64> lease =
                    integerOf(result.body.toObject().value(QStringLiteral("lease")));
                if (lease && *lease >= 0)
                    backend.releaseSlot(quint64(*lease));
            }
            if (const auto connection = weakConnection.lock()) {
                connection->busy = false;
                drain(connection);
            }
        });
    }

    void respond(const std::shared_ptr<Outlet> &out, Answer answer) { deliver(out, std::move(answer)); }

    // Writes the answer if the client is still connected. Returns whether it was written.
    bool deliver(const std::shared_ptr<Outlet> &out, Answer answer)
    {
        if (out->done)
            return false;
        out->done = true;
        if (!reasonPhrase(answer.status)) {
            qWarning("agentmon: API backend answered with HTTP status %d; sending 500", answer.status);
            answer = Answer::error(500, QStringLiteral("unexpected status %1").arg(answer.status));
        }
        if (answer.status == 204)
            answer.body.clear();
        ++counts[answer.status];

        QTcpSocket *socket = out->socket;
        const auto connection = conns.value(socket);
        if (!socket || socket->state() != QAbstractSocket::ConnectedState ||
            (connection && connection->refused)) {
            out->responder.reset();
            return false;
        }
        QHttpServerResponder &responder = *out->responder;
        responder.writeStatusLine(QHttpServerResponder::StatusCode(answer.status));
        if (answer.status != 204) {
            responder.writeHeader("Content-Type", answer.contentType);
            responder.writeHeader("Content-Length", QByteArray::number(answer.body.size()));
        }
        responder.writeHeader("Cache-Control", "no-store");
        responder.writeHeader("X-Content-Type-Options", "nosniff");
        for (const auto &[name, value] : std::as_const(answer.headers))
            responder.writeHeader(name, value);
        responder.writeBody(out->head ? QByteArray() : answer.body);
        out->responder.reset();
        if (connection)
            connection->idle->start();
        return true;
    }

    ApiServer *q;
    ApiBackend &backend;
    const QByteArray token;
    std::shared_ptr<int> life = std::make_shared<int>(0);
    QHash<int, quint64> counts;
    QHash<QTcpSocket *, std::shared_ptr<Connection>> conns;
    QHttpServer http;
    QPointer<GuardedTcpServer> tcp;
    quint16 port = 0;
    QString error;
    int idleMs = 60'000;
};

ApiServer::ApiServer(ApiBackend &backend, QByteArray token, QObject *parent)
    : QObject(parent), d(std::make_unique<Impl>(this, backend, std::move(token)))
{
}

ApiServer::~ApiServer()
{
    d->shutdown();
}

quint16 ApiServer::listen(quint16 port)
{
    return d->listen(port);
}

quint16 ApiServer::port() const
{
    return d->port;
}

bool ApiServer::isListening() const
{
    return d->tcp && d->tcp->isListening();
}

void ApiServer::close()
{
    d->close();
}

QString ApiServer::errorString() const
{
    return d->error;
}

void ApiServer::setIdleTimeout(int ms)
{
    d->idleMs = ms;
    for (const auto &connection : std::as_const(d->conns))
        connection->idle->setInterval(ms);
}

QHash<int, quint64> ApiServer::statusCounts() const
{
    return d->counts;
}

int ApiServer::connectionCount() const
{
    return int(d->conns.size());
}

} // namespace agentmon
