#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace agentmon {

// instance.json in the runtime directory: how agentmonctl finds the running instance.
struct InstanceInfo {
    int pid = 0;
    quint64 starttime = 0;
    quint16 port = 0;
};

// A synchronous client of a running instance's HTTP API, for the CLI. It blocks the calling thread (a
// QTcpSocket with waitFor*, no event loop is spun), bounded by the timeout of each request.
class InstanceClient {
public:
    struct Reply {
        int status = 0;     // 0: no answer (connection refused, timeout, garbled response)
        QJsonDocument json; // the response body, when it is JSON
        QString error;      // what went wrong: the transport's error, or the server's {"error"} message
        bool ok() const { return status >= 200 && status < 300 && error.isEmpty(); }
    };

    InstanceClient(quint16 port, QByteArray token);

    // Sends method path to 127.0.0.1:port with the bearer token and waits at most timeoutMs in all (connect,
    // send, answer). path is the request target ("/api/processes?all=1"): percent-encode what goes into a
    // segment with encodeSegment(); characters not allowed in a request target are encoded here. body is
    // sent for POST (an empty object then) and for any method when not empty.
    Reply request(const QByteArray &method, const QString &path, const QJsonObject &body = {},
                  int timeoutMs = 5000) const;

    // Percent-encodes one path segment (a session id), '/' included.
    static QString encodeSegment(const QString &segment);

    static std::optional<InstanceInfo> readInstanceFile(const QString &path);
    // Atomic, mode 0600 (directory 0700 when it is created).
    static bool writeInstanceFile(const QString &path, const InstanceInfo &info, QString *error = nullptr);

private:
    quint16 m_port;
    QByteArray m_token;
};

} // namespace agentmon
