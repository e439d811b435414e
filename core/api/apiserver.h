#pragma once

#include "apibackend.h"

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QString>

#include <memory>

namespace agentmon {

// The local HTTP API (design.md, "HTTP API") on 127.0.0.1. Every request goes through one path that checks,
// in this order: the peer is loopback (403), Host is 127.0.0.1:PORT or localhost:PORT (403), no Origin on a
// non-GET request (403), the bearer token except for GET /api/health and GET /metrics (401), the body size
// (413; also enforced while the request is still arriving), the route (404) and its method (405 with Allow),
// then the JSON body and path parameters (400). Well-formed requests go to the ApiBackend. Every error is
// {"error": "...", "code": N} as application/json.
//
// QHttpServer 6.4 is used for its HTTP parser and its responder only: no QHttpServer route is registered, the
// routing is the table in apiserver.cpp. A POST /api/slots is answered when the backend calls `done`, which
// must happen on this object's thread; requests that arrive on the same connection meanwhile wait their turn.
class ApiServer : public QObject {
    Q_OBJECT
public:
    static constexpr qsizetype MaxBodyBytes = 64 * 1024;
    static constexpr qsizetype MaxHeaderBytes = 16 * 1024;
    static constexpr int MaxSessionIdLength = 256;
    static constexpr int MaxConnections = 128;

    ApiServer(ApiBackend &backend, QByteArray token, QObject *parent = nullptr);
    ~ApiServer() override;

    // Listens on 127.0.0.1:port (port 0: a free port). Returns the bound port, 0 on failure (errorString()).
    // Listening again closes the previous socket first.
    quint16 listen(quint16 port);
    quint16 port() const;
    bool isListening() const;
    // Stops listening and drops every open connection; answers still pending are dropped when they come.
    void close();
    QString errorString() const;

    // A keep-alive connection with no request for this long is closed (default 60 s).
    void setIdleTimeout(int ms);

    // Responses decided so far, by HTTP status (for the metrics).
    QHash<int, quint64> statusCounts() const;
    // Client connections open now.
    int connectionCount() const;

private:
    class Impl;
    std::unique_ptr<Impl> d;
};

} // namespace agentmon
