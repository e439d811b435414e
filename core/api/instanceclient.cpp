#include "instanceclient.h"

#include "apitoken.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QHostAddress>
#include <QJsonParseError>
#include <QNetworkProxy>
#include <QTcpSocket>
#include <QUrl>

#include <algorithm>
#include <limits>

namespace agentmon {

namespace {

constexpr qint64 MaxResponseBytes = 64 * 1024 * 1024;
constexpr qint64 MaxResponseHeaderBytes = 64 * 1024;

int remainingMs(const QDeadlineTimer &deadline)
{
    return int(std::clamp<qint64>(deadline.remainingTime(), 1, std::numeric_limits<int>::max()));
}

// The request target: bytes a request line cannot carry are percent-encoded, '%' is left as it is.
QByteArray requestTarget(const QString &path)
{
    QByteArray target;
    for (const char ch : path.toUtf8()) {
        const auto c = static_cast<unsigned char>(ch);
        if (c <= 0x20 || c >= 0x7f || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' || c == '`' ||
            c == '{' || c == '|' || c == '}' || c == '#')
            target += '%' + QByteArray::number(c, 16).toUpper().rightJustified(2, '0');
        else
            target += char(c);
    }
    return target;
}

} // namespace

InstanceClient::InstanceClient(quint16 port, QByteArray token) : m_port(port), m_token(std::move(token)) {}

QString InstanceClient::encodeSegment(const QString &segment)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(segment));
}

InstanceClient::Reply InstanceClient::request(const QByteArray &method, const QString &path,
                                              const QJsonObject &body, int timeoutMs) const
{
    Reply reply;
    if (!path.startsWith(QLatin1Char('/'))) {
        reply.error = QStringLiteral("path must start with '/'");
        return reply;
    }
    const QDeadlineTimer deadline(qMax(1, timeoutMs));
    const QString where = QStringLiteral("127.0.0.1:%1").arg(m_port);
    auto timedOut = [&] {
        reply.status = 0;
        reply.error = QStringLiteral("no answer from %1 within %2 ms").arg(where).arg(timeoutMs);
        return reply;
    };

    QTcpSocket socket;
    socket.setProxy(QNetworkProxy::NoProxy);
    socket.connectToHost(QHostAddress(QHostAddress::LocalHost), m_port);
    if (!socket.waitForConnected(remainingMs(deadline))) {
        if (socket.error() == QAbstractSocket::SocketTimeoutError || deadline.hasExpired())
            return timedOut();
        reply.error = QStringLiteral("cannot connect to %1: %2").arg(where, socket.errorString());
        return reply;
    }

    const bool sendBody = method == "POST" || method == "PUT" || method == "PATCH" || !body.isEmpty();
    const QByteArray payload = sendBody ? QJsonDocument(body).toJson(QJsonDocument::Compact) : QByteArray();
    QByteArray message = method + ' ' + requestTarget(path) + " HTTP/1.1\r\n";
    message += "Host: " + where.toLatin1() + "\r\n";
    if (!m_token.isEmpty())
        message += "Authorization: Bearer " + m_token + "\r\n";
    message += "Accept: application/json\r\nConnection: close\r\n";
    if (sendBody)
        message += "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(payload.size()) +
                   "\r\n";
    message += "\r\n" + payload;
    socket.write(message);
    while (socket.bytesToWrite() > 0) {
        if (!socket.waitForBytesWritten(remainingMs(deadline))) {
            if (deadline.hasExpired())
                return timedOut();
            reply.error = QStringLiteral("cannot send to %1: %2").arg(where, socket.errorString());
            return reply;
        }
    }

    // Reads until the headers, then Content-Length bytes (or the end of the connection without it).
    QByteArray data;
    qsizetype headerEnd = -1;
    qint64 contentLength = -1;
    for (;;) {
        if (headerEnd < 0) {
            headerEnd = data.indexOf("\r\n\r\n");
            if (headerEnd >= 0) {
                const QList<QByteArray> lines = data.left(headerEnd).split('\n');
                const QList<QByteArray> statusLine = lines.first().trimmed().split(' ');
                bool ok = statusLine.size() >= 2 && statusLine[0].startsWith("HTTP/1.");
                reply.status = ok ? statusLine[1].toInt(&ok) : 0;
                if (!ok || reply.status < 100 || reply.status > 599) {
                    reply.status = 0;
                    reply.error = QStringLiteral("garbled answer from %1").arg(where);
                    return reply;
                }
                for (qsizetype i = 1; i < lines.size(); ++i) {
                    const qsizetype colon = lines[i].indexOf(':');
                    if (colon > 0 && lines[i].left(colon).trimmed().toLower() == "content-length")
                        contentLength = lines[i].mid(colon + 1).trimmed().toLongLong();
                }
                if (method == "HEAD" || reply.status == 204 || reply.status == 304)
                    contentLength = 0;
            } else if (data.size() > MaxResponseHeaderBytes) {
                reply.error = QStringLiteral("garbled answer from %1").arg(where);
                return reply;
            }
        }
        if (headerEnd >= 0 && contentLength >= 0 && data.size() - headerEnd - 4 >= contentLength)
            break;
        if (data.size() > MaxResponseBytes) {
            reply.status = 0;
            reply.error = QStringLiteral("answer from %1 is too large").arg(where);
            return reply;
        }
        if (socket.state() != QAbstractSocket::ConnectedState && socket.bytesAvailable() == 0) {
            if (headerEnd >= 0 && contentLength < 0)
                break; // delimited by the end of the connection
            reply.status = 0;
            reply.error = QStringLiteral("%1 closed the connection before answering").arg(where);
            return reply;
        }
        if (socket.bytesAvailable() == 0 && !socket.waitForReadyRead(remainingMs(deadline))) {
            if (deadline.hasExpired())
                return timedOut();
            continue; // disconnected: handled above
        }
        data += socket.readAll();
    }

    const QByteArray content =
        data.mid(headerEnd + 4, contentLength >= 0 ? contentLength : data.size() - headerEnd - 4);
    if (!content.trimmed().isEmpty()) {
        QJsonParseError parseError{};
        reply.json = QJsonDocument::fromJson(content, &parseError);
        if (parseError.error != QJsonParseError::NoError)
            reply.error =
                QStringLiteral("answer from %1 is not JSON: %2").arg(where, parseError.errorString());
    }
    if (reply.status >= 400 && reply.error.isEmpty()) {
        const QString message = reply.json.object().value(QStringLiteral("error")).toString();
        reply.error = message.isEmpty() ? QStringLiteral("HTTP status %1").arg(reply.status) : message;
    }
    return reply;
}

std::optional<InstanceInfo> InstanceClient::readInstanceFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(file.read(64 * 1024), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    const QJsonObject object = document.object();
    constexpr qint64 invalid = std::numeric_limits<qint64>::min();
    auto integer = [&](const char *key) {
        const QJsonValue value = object.value(QLatin1String(key));
        return value.isDouble() ? value.toInteger(invalid) : invalid;
    };
    const qint64 pid = integer("pid");
    const qint64 starttime = integer("starttime");
    const qint64 port = integer("port");
    if (pid <= 0 || pid > std::numeric_limits<int>::max() || starttime < 0 || port <= 0 || port > 65535)
        return std::nullopt;
    return InstanceInfo{int(pid), quint64(starttime), quint16(port)};
}

bool InstanceClient::writeInstanceFile(const QString &path, const InstanceInfo &info, QString *error)
{
    const QJsonObject object{{QStringLiteral("pid"), info.pid},
                             {QStringLiteral("starttime"), qint64(info.starttime)},
                             {QStringLiteral("port"), int(info.port)}};
    return ApiToken::writePrivateFile(path, QJsonDocument(object).toJson(QJsonDocument::Indented), error);
}

} // namespace agentmon
