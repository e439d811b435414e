#pragma once

// A raw HTTP/1.1 client over a real loopback socket for the API tests: it sends exactly the bytes a test
// builds (hostile and malformed requests included) and reads answers while spinning the event loop, so that
// a server in the same thread keeps running. Every wait is bounded.
#include <QByteArray>
#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QHash>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkProxy>
#include <QTcpSocket>
#include <QTimer>

#include <optional>

namespace agentmon::test {

struct HttpResponse {
    int status = 0;
    QHash<QByteArray, QByteArray> headers; // names in lower case
    QByteArray body;

    QJsonDocument document() const { return QJsonDocument::fromJson(body); }
    QJsonObject json() const { return document().object(); }
};

class HttpTestClient {
public:
    // Runs the event loop until predicate() holds or timeoutMs pass; wakes on every event (QTest::qWaitFor
    // sleeps 10 ms between rounds, which makes a hundred exchanges slow).
    template <typename Predicate> static bool waitFor(Predicate predicate, int timeoutMs)
    {
        const QDeadlineTimer deadline(timeoutMs);
        while (!predicate()) {
            if (deadline.hasExpired())
                return false;
            QTimer wake;
            wake.setSingleShot(true);
            wake.start(int(qMin<qint64>(deadline.remainingTime(), 20)));
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
            QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        }
        return true;
    }

    explicit HttpTestClient(quint16 port)
    {
        socket.setProxy(QNetworkProxy::NoProxy);
        socket.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
    }

    bool send(const QByteArray &bytes)
    {
        if (!waitFor([this] { return socket.state() == QAbstractSocket::ConnectedState; }, 5000))
            return false;
        return socket.write(bytes) == bytes.size();
    }

    // Waits (bounded) for one whole answer; nullopt when none came.
    std::optional<HttpResponse> read(int timeoutMs = 5000)
    {
        std::optional<HttpResponse> response;
        (void)waitFor(
            [&] {
                buffer += socket.readAll();
                response = takeResponse();
                return response.has_value();
            },
            timeoutMs);
        if (!response) {
            buffer += socket.readAll();
            response = takeResponse();
        }
        return response;
    }

    // True when nothing at all arrives within ms (for "not answered yet").
    bool quietFor(int ms)
    {
        return !waitFor(
            [this] {
                buffer += socket.readAll();
                return !buffer.isEmpty();
            },
            ms);
    }

    std::optional<HttpResponse> exchange(const QByteArray &request, int timeoutMs = 5000)
    {
        if (!send(request))
            return std::nullopt;
        return read(timeoutMs);
    }

    QTcpSocket socket;
    QByteArray buffer;

private:
    std::optional<HttpResponse> takeResponse()
    {
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return std::nullopt;
        HttpResponse response;
        const QList<QByteArray> lines = buffer.left(end).split('\n');
        const QList<QByteArray> status = lines.first().trimmed().split(' ');
        if (status.size() < 2)
            return std::nullopt;
        response.status = status.at(1).toInt();
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            if (colon > 0)
                response.headers.insert(lines[i].left(colon).trimmed().toLower(),
                                        lines[i].mid(colon + 1).trimmed());
        }
        const qint64 length = response.headers.value("content-length", "0").toLongLong();
        if (buffer.size() < end + 4 + length)
            return std::nullopt;
        response.body = buffer.mid(end + 4, length);
        buffer.remove(0, end + 4 + length);
        return response;
    }
};

} // namespace agentmon::test
