// ApiServer on a real loopback socket (port 0) with a fake backend: the checks every request goes through
// (peer, Host, Origin, token, body size, route, method, JSON), the asynchronous slot answer, and what clients
// can do to it (go away, pipeline, keep the connection alive, send too much).
#include "apiserver.h"
#include "fakebackend.h"
#include "httptestclient.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QTest>
#include <QUrl>

#include <memory>
#include <vector>

using namespace agentmon;
using namespace agentmon::test;

namespace {

const QByteArray Token = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
const QByteArray HostOnly = "Host: 127.0.0.1:$PORT\r\n";
const QByteArray Std = "Host: 127.0.0.1:$PORT\r\nAuthorization: Bearer $TOKEN\r\n";

} // namespace

class tst_ApiServer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void routes_data();
    void routes();
    void healthThroughNetworkAccessManager();
    void registerThroughNetworkAccessManager();
    void methodNotAllowedNamesTheMethod();
    void percentEncodedSessionIdArrivesDecoded();
    void slotRequestFieldsReachTheBackend();
    void backendStatuses_data();
    void backendStatuses();

    void bodyTooLargeWithContentLength();
    void bodyTooLargeDeclaredOnly();
    void bodyTooLargeChunked();
    void bodyTooLargeAfterDecoding();
    void bodyAtTheLimitIsAccepted();
    void pipelinedBodiesAreCountedApart();
    void bareLineFeedsOnOneConnection();
    void bodyAtTheLimitInPieces();
    void pipelinedRequestLeftPartlyRead();
    void tooManyHeaderFields();
    void twoHostFieldsAreRefused();
    void headersTooLarge();
    void expectContinue();

    void slotAnswerIsAsynchronous();
    void clientGoneBeforeSlotAnswer();
    void slotAnsweredAtOnce();
    void slotAnsweredTwice();
    void requestWaitsBehindSlotAnswer();
    void serverDeletedBeforeSlotAnswer();

    void hundredRequestsOnOneConnection();
    void statusesAreCounted();
    void idleConnectionIsClosed();
    void connectionsAreCapped();
    void listenFailsOnBusyPort();
    void closeStopsListening();

private:
    QByteArray request(const QByteArray &method, const QByteArray &target, const QByteArray &headers,
                       const QByteArray &body = {}) const;
    QByteArray get(const QByteArray &target, const QByteArray &headers = Std) const
    {
        return request("GET", target, headers);
    }
    QByteArray post(const QByteArray &target, const QByteArray &body, const QByteArray &headers = Std) const
    {
        return request("POST", target, headers, body);
    }
    static void verifyError(const HttpResponse &response, int status);

    std::unique_ptr<FakeBackend> m_backend;
    std::unique_ptr<ApiServer> m_server;
    quint16 m_port = 0;
};

QByteArray tst_ApiServer::request(const QByteArray &method, const QByteArray &target,
                                  const QByteArray &headers, const QByteArray &body) const
{
    QByteArray lines = headers;
    lines.replace("$PORT", QByteArray::number(m_port)).replace("$TOKEN", Token);
    QByteArray message = method + ' ' + target + " HTTP/1.1\r\n" + lines;
    if (!body.isEmpty() || method == "POST")
        message += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    return message + "\r\n" + body;
}

void tst_ApiServer::verifyError(const HttpResponse &response, int status)
{
    QCOMPARE(response.status, status);
    QCOMPARE(response.headers.value("content-type"), QByteArray("application/json"));
    const QJsonObject json = response.json();
    QCOMPARE(json.value(QStringLiteral("code")).toInt(), status);
    QVERIFY2(!json.value(QStringLiteral("error")).toString().isEmpty(), response.body.constData());
}

void tst_ApiServer::init()
{
    m_backend = std::make_unique<FakeBackend>();
    m_server = std::make_unique<ApiServer>(*m_backend, Token);
    m_port = m_server->listen(0);
    QVERIFY2(m_port != 0, qPrintable(m_server->errorString()));
    QCOMPARE(m_server->port(), m_port);
    QVERIFY(m_server->isListening());
}

void tst_ApiServer::cleanup()
{
    m_server.reset();
    m_backend.reset();
}

void tst_ApiServer::routes_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("headers");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("backend"); // the backend calls expected, comma separated

    const QByteArray none;
    const QByteArray reg = R"({"pid": 1234, "starttime": 99, "session": "s1"})";
    // Routes as they should work.
    QTest::newRow("health without token")
        << QByteArray("GET") << QByteArray("/api/health") << HostOnly << none << 200 << "health";
    QTest::newRow("health with token")
        << QByteArray("GET") << QByteArray("/api/health") << Std << none << 200 << "health";
    QTest::newRow("health with Origin")
        << QByteArray("GET") << QByteArray("/api/health") << HostOnly + "Origin: http://evil.example\r\n"
        << none << 200 << "health";
    QTest::newRow("Host localhost") << QByteArray("GET") << QByteArray("/api/health")
                                    << QByteArray("Host: localhost:$PORT\r\n") << none << 200 << "health";
    QTest::newRow("Host LOCALHOST") << QByteArray("GET") << QByteArray("/api/health")
                                    << QByteArray("Host: LOCALHOST:$PORT\r\n") << none << 200 << "health";
    QTest::newRow("doctor") << QByteArray("GET") << QByteArray("/api/doctor") << Std << none << 200
                            << "doctor";
    QTest::newRow("processes") << QByteArray("GET") << QByteArray("/api/processes") << Std << none << 200
                               << "processes";
    QTest::newRow("processes all=1") << QByteArray("GET") << QByteArray("/api/processes?all=1") << Std << none
                                     << 200 << "processes all";
    QTest::newRow("processes all=0") << QByteArray("GET") << QByteArray("/api/processes?all=0") << Std << none
                                     << 200 << "processes";
    QTest::newRow("processes all=yes")
        << QByteArray("GET") << QByteArray("/api/processes?all=yes") << Std << none << 400 << "";
    QTest::newRow("sessions") << QByteArray("GET") << QByteArray("/api/sessions") << Std << none << 200
                              << "sessions";
    QTest::newRow("register") << QByteArray("POST") << QByteArray("/api/register") << Std << reg << 200
                              << "register";
    QTest::newRow("register pid only") << QByteArray("POST") << QByteArray("/api/register") << Std
                                       << QByteArray(R"({"pid": 7})") << 200 << "register";
    QTest::newRow("register null starttime")
        << QByteArray("POST") << QByteArray("/api/register") << Std
        << QByteArray(R"({"pid": 7, "starttime": null})") << 200 << "register";
    QTest::newRow("session end") << QByteArray("POST") << QByteArray("/api/sessions/abc-1/end") << Std << none
                                 << 200 << "end";
    QTest::newRow("session id 256 chars")
        << QByteArray("POST") << "/api/sessions/" + QByteArray(256, 'a') + "/end" << Std << none << 200
        << "end";
    QTest::newRow("slots") << QByteArray("POST") << QByteArray("/api/slots") << Std
                           << QByteArray(R"({"pid": 55, "wait_s": 1.5, "label": "build"})") << 200
                           << "acquire";
    QTest::newRow("slot release") << QByteArray("DELETE") << QByteArray("/api/slots/7") << Std << none << 200
                                  << "release";
    QTest::newRow("bearer in lower case")
        << QByteArray("GET") << QByteArray("/api/doctor") << HostOnly + "Authorization: bearer $TOKEN\r\n"
        << none << 200 << "doctor";

    // Transport checks.
    QTest::newRow("no Host") << QByteArray("GET") << QByteArray("/api/health") << none << none << 403 << "";
    QTest::newRow("Host evil") << QByteArray("GET") << QByteArray("/api/health")
                               << QByteArray("Host: evil.example:$PORT\r\n") << none << 403 << "";
    QTest::newRow("Host other port") << QByteArray("GET") << QByteArray("/api/health")
                                     << QByteArray("Host: 127.0.0.1:1\r\n") << none << 403 << "";
    QTest::newRow("Host without port") << QByteArray("GET") << QByteArray("/api/health")
                                       << QByteArray("Host: 127.0.0.1\r\n") << none << 403 << "";
    QTest::newRow("Host with suffix")
        << QByteArray("GET") << QByteArray("/api/health")
        << QByteArray("Host: 127.0.0.1:$PORT.evil.example\r\n") << none << 403 << "";
    QTest::newRow("Origin on POST") << QByteArray("POST") << QByteArray("/api/register")
                                    << Std + "Origin: http://127.0.0.1:$PORT\r\n"
                                    << reg << 403 << "";
    QTest::newRow("empty Origin on POST")
        << QByteArray("POST") << QByteArray("/api/register") << Std + "Origin: \r\n"
        << reg << 403 << "";
    QTest::newRow("Origin on DELETE")
        << QByteArray("DELETE") << QByteArray("/api/slots/7") << Std + "Origin: null\r\n"
        << none << 403 << "";
    QTest::newRow("no token") << QByteArray("GET") << QByteArray("/api/doctor") << HostOnly << none << 401
                              << "";
    QTest::newRow("wrong token") << QByteArray("GET") << QByteArray("/api/doctor")
                                 << HostOnly + "Authorization: Bearer " + QByteArray(64, 'f') + "\r\n"
                                 << none << 401 << "";
    QTest::newRow("token prefix") << QByteArray("GET") << QByteArray("/api/doctor")
                                  << HostOnly + "Authorization: Bearer " + Token.left(32) + "\r\n"
                                  << none << 401 << "";
    QTest::newRow("token with suffix")
        << QByteArray("GET") << QByteArray("/api/doctor") << HostOnly + "Authorization: Bearer $TOKENx\r\n"
        << none << 401 << "";
    QTest::newRow("Basic scheme") << QByteArray("GET") << QByteArray("/api/doctor")
                                  << HostOnly + "Authorization: Basic $TOKEN\r\n"
                                  << none << 401 << "";
    QTest::newRow("token without scheme")
        << QByteArray("GET") << QByteArray("/api/doctor") << HostOnly + "Authorization: $TOKEN\r\n"
        << none << 401 << "";
    QTest::newRow("POST health without token")
        << QByteArray("POST") << QByteArray("/api/health") << HostOnly << none << 401 << "";
    QTest::newRow("unknown route without token")
        << QByteArray("GET") << QByteArray("/api/nothing") << HostOnly << none << 401 << "";
    QTest::newRow("Content-Length too large")
        << QByteArray("GET") << QByteArray("/api/doctor") << Std + "Content-Length: 65537\r\n"
        << none << 413 << "";

    // Routes and methods.
    QTest::newRow("unknown route") << QByteArray("GET") << QByteArray("/api/nothing") << Std << none << 404
                                   << "";
    QTest::newRow("root") << QByteArray("GET") << QByteArray("/") << Std << none << 404 << "";
    QTest::newRow("trailing slash") << QByteArray("GET") << QByteArray("/api/health/") << Std << none << 404
                                    << "";
    QTest::newRow("dot segments") << QByteArray("GET") << QByteArray("/api/../api/doctor") << Std << none
                                  << 404 << "";
    QTest::newRow("GET register") << QByteArray("GET") << QByteArray("/api/register") << Std << none << 405
                                  << "";
    QTest::newRow("POST health") << QByteArray("POST") << QByteArray("/api/health") << Std << none << 405
                                 << "";
    QTest::newRow("PUT slots") << QByteArray("PUT") << QByteArray("/api/slots") << Std << none << 405 << "";
    QTest::newRow("DELETE sessions") << QByteArray("DELETE") << QByteArray("/api/sessions") << Std << none
                                     << 405 << "";
    QTest::newRow("GET slot lease") << QByteArray("GET") << QByteArray("/api/slots/7") << Std << none << 405
                                    << "";
    QTest::newRow("PATCH session end")
        << QByteArray("PATCH") << QByteArray("/api/sessions/a/end") << Std << none << 405 << "";

    // Bodies and parameters.
    QTest::newRow("malformed JSON") << QByteArray("POST") << QByteArray("/api/register") << Std
                                    << QByteArray(R"({"pid": )") << 400 << "";
    QTest::newRow("empty body") << QByteArray("POST") << QByteArray("/api/register") << Std << none << 400
                                << "";
    QTest::newRow("JSON array") << QByteArray("POST") << QByteArray("/api/register") << Std
                                << QByteArray(R"([{"pid": 5}])") << 400 << "";
    QTest::newRow("pid missing") << QByteArray("POST") << QByteArray("/api/register") << Std
                                 << QByteArray(R"({"session": "x"})") << 400 << "";
    QTest::newRow("pid string") << QByteArray("POST") << QByteArray("/api/register") << Std
                                << QByteArray(R"({"pid": "1234"})") << 400 << "";
    QTest::newRow("pid 0") << QByteArray("POST") << QByteArray("/api/register") << Std
                           << QByteArray(R"({"pid": 0})") << 400 << "";
    QTest::newRow("pid negative") << QByteArray("POST") << QByteArray("/api/register") << Std
                                  << QByteArray(R"({"pid": -5})") << 400 << "";
    QTest::newRow("pid fraction") << QByteArray("POST") << QByteArray("/api/register") << Std
                                  << QByteArray(R"({"pid": 1.5})") << 400 << "";
    QTest::newRow("pid too large") << QByteArray("POST") << QByteArray("/api/register") << Std
                                   << QByteArray(R"({"pid": 4294967296})") << 400 << "";
    QTest::newRow("starttime negative") << QByteArray("POST") << QByteArray("/api/register") << Std
                                        << QByteArray(R"({"pid": 5, "starttime": -1})") << 400 << "";
    QTest::newRow("starttime string") << QByteArray("POST") << QByteArray("/api/register") << Std
                                      << QByteArray(R"({"pid": 5, "starttime": "9"})") << 400 << "";
    QTest::newRow("session number") << QByteArray("POST") << QByteArray("/api/register") << Std
                                    << QByteArray(R"({"pid": 5, "session": 5})") << 400 << "";
    QTest::newRow("session with slash") << QByteArray("POST") << QByteArray("/api/register") << Std
                                        << QByteArray(R"({"pid": 5, "session": "a/b"})") << 400 << "";
    QTest::newRow("wait_s negative") << QByteArray("POST") << QByteArray("/api/slots") << Std
                                     << QByteArray(R"({"pid": 5, "wait_s": -1})") << 400 << "";
    QTest::newRow("wait_s string") << QByteArray("POST") << QByteArray("/api/slots") << Std
                                   << QByteArray(R"({"pid": 5, "wait_s": "5"})") << 400 << "";
    QTest::newRow("label number") << QByteArray("POST") << QByteArray("/api/slots") << Std
                                  << QByteArray(R"({"pid": 5, "label": 5})") << 400 << "";
    QTest::newRow("slots pid string") << QByteArray("POST") << QByteArray("/api/slots") << Std
                                      << QByteArray(R"({"pid": "5"})") << 400 << "";
    QTest::newRow("lease abc") << QByteArray("DELETE") << QByteArray("/api/slots/abc") << Std << none << 400
                               << "";
    QTest::newRow("lease negative") << QByteArray("DELETE") << QByteArray("/api/slots/-1") << Std << none
                                    << 400 << "";
    QTest::newRow("lease with sign") << QByteArray("DELETE") << QByteArray("/api/slots/+1") << Std << none
                                     << 400 << "";
    QTest::newRow("lease too large") << QByteArray("DELETE") << QByteArray("/api/slots/99999999999999999999")
                                     << Std << none << 400 << "";
    QTest::newRow("session id encoded slash")
        << QByteArray("POST") << QByteArray("/api/sessions/a%2Fb/end") << Std << none << 400 << "";
    QTest::newRow("session id empty")
        << QByteArray("POST") << QByteArray("/api/sessions//end") << Std << none << 400 << "";
    QTest::newRow("session id 257 chars")
        << QByteArray("POST") << "/api/sessions/" + QByteArray(257, 'a') + "/end" << Std << none << 400 << "";
    QTest::newRow("session id bad UTF-8")
        << QByteArray("POST") << QByteArray("/api/sessions/%FF%FE/end") << Std << none << 400 << "";

    // Reaps: answered when the reap is over; bodies are checked first.
    QTest::newRow("reap, empty body")
        << QByteArray("POST") << QByteArray("/api/reap") << Std << none << 200 << "reap";
    QTest::newRow("reap, dry run") << QByteArray("POST") << QByteArray("/api/reap") << Std
                                   << QByteArray(R"({"dry_run": true, "min_age_s": 0})") << 200 << "reap";
    QTest::newRow("reap, dry_run not bool") << QByteArray("POST") << QByteArray("/api/reap") << Std
                                            << QByteArray(R"({"dry_run": "yes"})") << 400 << "";
    QTest::newRow("reap, grace too long") << QByteArray("POST") << QByteArray("/api/reap") << Std
                                          << QByteArray(R"({"grace_ms": 999999999})") << 400 << "";
    QTest::newRow("reap, GET") << QByteArray("GET") << QByteArray("/api/reap") << Std << none << 405 << "";
    QTest::newRow("session reap, later answer")
        << QByteArray("POST") << QByteArray("/api/sessions/s1/reap") << Std
        << QByteArray(R"({"grace_ms": 100})") << 200 << "reap-session";
    QTest::newRow("session reap, min_age_s refused")
        << QByteArray("POST") << QByteArray("/api/sessions/s1/reap") << Std
        << QByteArray(R"({"min_age_s": 1})") << 400 << "";
    QTest::newRow("session reap, unknown session")
        << QByteArray("POST") << QByteArray("/api/sessions/unknown/reap") << Std << none << 404
        << "reap-session";
    QTest::newRow("reap without token")
        << QByteArray("POST") << QByteArray("/api/reap") << HostOnly << none << 401 << "";
    // Reserved for later work.
    QTest::newRow("metrics without token")
        << QByteArray("GET") << QByteArray("/metrics") << HostOnly << none << 200 << "metrics";
    QTest::newRow("POST metrics without token")
        << QByteArray("POST") << QByteArray("/metrics") << HostOnly << none << 401 << "";
}

void tst_ApiServer::routes()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, headers);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, backend);

    m_backend->immediateSlot = FakeBackend::grant(1);
    HttpTestClient client(m_port);
    const auto response = client.exchange(request(method, target, headers, body));
    QVERIFY(response);
    QCOMPARE(response->status, status);
    if (target == "/metrics" && status == 200) {
        // Prometheus text: the backend's figures, then the server's own request counters.
        QCOMPARE(response->headers.value("content-type"),
                 QByteArray("text/plain; version=0.0.4; charset=utf-8"));
        QVERIFY(response->body.startsWith("# HELP agentmon_fake A fake figure\n"));
        QVERIFY(response->body.contains("# TYPE agentmon_api_requests_total counter\n"));
    } else {
        QCOMPARE(response->headers.value("content-type"), QByteArray("application/json"));
        if (status >= 400)
            verifyError(*response, status);
        else
            QVERIFY2(!response->document().isNull(), response->body.constData());
    }
    if (status == 401)
        QVERIFY(response->headers.contains("www-authenticate"));
    QCOMPARE(m_backend->calls.join(QLatin1Char(',')), backend);
}

void tst_ApiServer::healthThroughNetworkAccessManager()
{
    QNetworkAccessManager manager;
    manager.setProxy(QNetworkProxy::NoProxy);
    QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1/api/health").arg(m_port)));
    std::unique_ptr<QNetworkReply> reply(manager.get(request));
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QCOMPARE(reply->header(QNetworkRequest::ContentTypeHeader).toString(),
             QStringLiteral("application/json"));
    const QJsonObject json = QJsonDocument::fromJson(reply->readAll()).object();
    QCOMPARE(json.value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
    for (const char *key : {"version", "pid", "uptime_s"})
        QVERIFY2(json.contains(QLatin1String(key)), key);
}

void tst_ApiServer::registerThroughNetworkAccessManager()
{
    QNetworkAccessManager manager;
    manager.setProxy(QNetworkProxy::NoProxy);
    QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1/api/register").arg(m_port)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    request.setRawHeader("Authorization", "Bearer " + Token);
    std::unique_ptr<QNetworkReply> reply(manager.post(request, R"({"pid": 321, "session": "qnam"})"));
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QCOMPARE(m_backend->registered.size(), 1);
    QCOMPARE(m_backend->registered.at(0).pid, 321);
    QCOMPARE(m_backend->registered.at(0).session, QStringLiteral("qnam"));
    QVERIFY(!m_backend->registered.at(0).starttime);

    // Without the token, QNetworkAccessManager sees a 401 with the JSON error.
    QNetworkRequest anonymous(QUrl(QStringLiteral("http://127.0.0.1:%1/api/sessions").arg(m_port)));
    std::unique_ptr<QNetworkReply> refused(manager.get(anonymous));
    QTRY_VERIFY(refused->isFinished());
    QCOMPARE(refused->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 401);
    QCOMPARE(QJsonDocument::fromJson(refused->readAll()).object().value(QStringLiteral("code")).toInt(), 401);
}

void tst_ApiServer::methodNotAllowedNamesTheMethod()
{
    HttpTestClient client(m_port);
    auto response = client.exchange(get("/api/slots"));
    QVERIFY(response);
    verifyError(*response, 405);
    QCOMPARE(response->headers.value("allow"), QByteArray("POST"));
    response = client.exchange(post("/api/slots/3", "{}"));
    QVERIFY(response);
    verifyError(*response, 405);
    QCOMPARE(response->headers.value("allow"), QByteArray("DELETE"));
    QVERIFY(m_backend->calls.isEmpty());
}

void tst_ApiServer::percentEncodedSessionIdArrivesDecoded()
{
    HttpTestClient client(m_port);
    const auto response = client.exchange(post("/api/sessions/a%20b%C3%A9%3F%25x%23y/end", {}));
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(m_backend->endedSessions, QStringList{QStringLiteral("a bé?%x#y")});
    QCOMPARE(response->json().value(QStringLiteral("id")).toString(), QStringLiteral("a bé?%x#y"));
}

void tst_ApiServer::slotRequestFieldsReachTheBackend()
{
    HttpTestClient client(m_port);
    QVERIFY(client.send(
        post("/api/slots", R"({"pid": 77, "starttime": 123456789012, "wait_s": 2.5, "label": "make -j8"})")));
    QTRY_COMPARE(m_backend->slotCalls.size(), 1);
    const SlotRequest request = m_backend->slotCalls.at(0).request;
    QCOMPARE(request.pid, 77);
    QCOMPARE(request.starttime, std::optional<quint64>(123456789012));
    QCOMPARE(request.waitMs, qint64(2500));
    QCOMPARE(request.label, QStringLiteral("make -j8"));

    // Without wait_s: the pool's default (negative).
    HttpTestClient second(m_port);
    QVERIFY(second.send(post("/api/slots", R"({"pid": 78})")));
    QTRY_COMPARE(m_backend->slotCalls.size(), 2);
    QVERIFY(m_backend->slotCalls.at(1).request.waitMs < 0);
    QVERIFY(!m_backend->slotCalls.at(1).request.starttime);
    m_backend->answerSlot(0, FakeBackend::grant(1));
    m_backend->answerSlot(1, FakeBackend::grant(2));
    QCOMPARE(client.read()->json().value(QStringLiteral("lease")).toInt(), 1);
    QCOMPARE(second.read()->json().value(QStringLiteral("lease")).toInt(), 2);
}

void tst_ApiServer::backendStatuses_data()
{
    QTest::addColumn<int>("backendStatus");
    QTest::addColumn<QString>("message");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("error");

    QTest::newRow("408") << 408 << "no slot within 5 s" << 408 << "no slot within 5 s";
    QTest::newRow("409") << 409 << "holder is not running" << 409 << "holder is not running";
    QTest::newRow("429") << 429 << "hard cap reached" << 429 << "hard cap reached";
    QTest::newRow("409 without message") << 409 << "" << 409 << "conflict";
    QTest::newRow("unknown status") << 499 << "odd" << 500 << "unexpected status 499";
    QTest::newRow("201") << 201 << "" << 201 << "";
}

void tst_ApiServer::backendStatuses()
{
    QFETCH(int, backendStatus);
    QFETCH(QString, message);
    QFETCH(int, status);
    QFETCH(QString, error);

    m_backend->registerResult = backendStatus >= 400
                                    ? ApiResult::fail(backendStatus, message)
                                    : ApiResult::ok(QJsonObject{{QStringLiteral("pid"), 5}}, backendStatus);
    if (status != backendStatus) // the server complains about the status it replaces
        QTest::ignoreMessage(QtWarningMsg,
                             QRegularExpression(QStringLiteral("HTTP status %1").arg(backendStatus)));
    HttpTestClient client(m_port);
    const auto response = client.exchange(post("/api/register", R"({"pid": 5})"));
    QVERIFY(response);
    QCOMPARE(response->status, status);
    if (status >= 400) {
        verifyError(*response, status);
        QCOMPARE(response->json().value(QStringLiteral("error")).toString(), error);
    } else {
        QCOMPARE(response->json().value(QStringLiteral("pid")).toInt(), 5);
    }
}

void tst_ApiServer::bodyTooLargeWithContentLength()
{
    HttpTestClient client(m_port);
    const QByteArray body = R"({"pid": 5, "label": ")" + QByteArray(70 * 1024, 'x') + "\"}";
    const auto response = client.exchange(post("/api/register", body));
    QVERIFY(response);
    verifyError(*response, 413);
    QCOMPARE(response->headers.value("connection"), QByteArray("close"));
    QTRY_COMPARE(client.socket.state(), QAbstractSocket::UnconnectedState);
    QVERIFY(m_backend->calls.isEmpty());
    QTRY_COMPARE(m_server->connectionCount(), 0);
}

void tst_ApiServer::bodyTooLargeDeclaredOnly()
{
    // Refused from the headers alone: QHttpServer would otherwise wait for (and reserve) the whole body.
    HttpTestClient client(m_port);
    QByteArray message = request("POST", "/api/register", Std, {});
    message.replace("Content-Length: 0", "Content-Length: 1000000000000");
    const auto response = client.exchange(message + R"({"pid":)");
    QVERIFY(response);
    verifyError(*response, 413);
    QVERIFY(m_backend->calls.isEmpty());
}

// Pipelined requests that each fit are answered, however much they carry together (found by tst_apifuzz).
void tst_ApiServer::pipelinedBodiesAreCountedApart()
{
    HttpTestClient client(m_port);
    QByteArray pipeline;
    const int count = 12; // 12 x 7 KiB: more than a body may hold, in requests that each hold less
    for (int i = 0; i < count; ++i)
        pipeline += post("/api/register", R"({"pid": 5, "label": ")" + QByteArray(7 * 1024, 'x') + "\"}");
    QVERIFY(client.send(pipeline));
    for (int i = 0; i < count; ++i) {
        const auto response = client.read();
        QVERIFY2(response, qPrintable(QString::number(i)));
        QCOMPARE(response->status, 200);
    }
    QCOMPARE(m_backend->calls.size(), count);
}

// Requests with bare LF line ends (printf in a shell script) are served one after another on one connection:
// the guard, which does not see where their headers end, does not add them up.
void tst_ApiServer::bareLineFeedsOnOneConnection()
{
    HttpTestClient client(m_port);
    QByteArray message = get("/api/sessions", Std + "X-Padding: " + QByteArray(1000, 'p') + "\r\n");
    message.replace("\r\n", "\n");
    for (int i = 0; i < 30; ++i) { // 30 KiB in all: more than the headers of one request may hold
        const auto response = client.exchange(message);
        QVERIFY2(response, qPrintable(QString::number(i)));
        QCOMPARE(response->status, 200);
    }
    QCOMPARE(m_backend->calls.size(), 30);
}

// A body at the limit that arrives in pieces is counted once (found by tst_apifuzz): QHttpServer leaves a
// partial body in the socket until it is complete, and the guard sees those bytes again on the next read.
void tst_ApiServer::bodyAtTheLimitInPieces()
{
    QByteArray body = R"({"pid": 5})";
    body += QByteArray(ApiServer::MaxBodyBytes - body.size(), ' ');
    const QByteArray message = post("/api/register", body);
    const qsizetype piece = 8 * 1024;
    HttpTestClient client(m_port);
    qsizetype at = 0;
    for (; at + piece < message.size(); at += piece) {
        QVERIFY(client.send(message.mid(at, piece)));
        // Not refused while it arrives (and the server reads each piece on its own).
        QVERIFY2(client.quietFor(20), client.buffer.left(300).constData());
    }
    QVERIFY(client.send(message.mid(at) + get("/api/sessions")));
    const auto first = client.read();
    QVERIFY(first);
    QCOMPARE(first->status, 200);
    const auto second = client.read();
    QVERIFY(second);
    QCOMPARE(second->status, 200);
    QCOMPARE(m_backend->calls, (QStringList{QStringLiteral("register"), QStringLiteral("sessions")}));
}

// QHttpServer takes one request per read and signals readyRead again for what it left, here the start of a
// large request: the guard must not count those bytes twice (found by tst_apifuzz).
void tst_ApiServer::pipelinedRequestLeftPartlyRead()
{
    const QByteArray large =
        post("/api/register", R"({"pid": 5, "label": ")" + QByteArray(60'000, 'x') + "\"}");
    const qsizetype cut = large.size() / 2;
    HttpTestClient client(m_port);
    QVERIFY(client.send(get("/api/sessions") + large.left(cut)));
    const auto first = client.read();
    QVERIFY(first);
    QCOMPARE(first->status, 200);
    QVERIFY2(client.quietFor(20), client.buffer.left(300).constData()); // the half request is not refused
    QVERIFY(client.send(large.mid(cut) + get("/api/health", HostOnly)));
    const auto second = client.read();
    QVERIFY(second);
    QCOMPARE(second->status, 200);
    const auto third = client.read();
    QVERIFY(third);
    QCOMPARE(third->status, 200);
    QCOMPARE(m_backend->calls,
             (QStringList{QStringLiteral("sessions"), QStringLiteral("register"), QStringLiteral("health")}));
}

// QHttpServer 6.4 drops every header of a request with more than 100 fields, Content-Length included, and
// then reads the body as another request: refused instead (found by tst_apifuzz).
void tst_ApiServer::tooManyHeaderFields()
{
    auto extra = [](int count) {
        QByteArray lines;
        for (int i = 0; i < count; ++i)
            lines += "X-" + QByteArray::number(i) + ": a\r\n";
        return lines;
    };
    // Host, Authorization and Content-Length besides: 101 fields, then 100.
    HttpTestClient client(m_port);
    const auto response = client.exchange(post("/api/register", R"({"pid": 5})", Std + extra(98)));
    QVERIFY(response);
    verifyError(*response, 431);
    QVERIFY(m_backend->calls.isEmpty());

    HttpTestClient fits(m_port);
    const auto accepted = fits.exchange(post("/api/register", R"({"pid": 5})", Std + extra(97)));
    QVERIFY(accepted);
    QCOMPARE(accepted->status, 200);
}

// RFC 9112 3.2: a request with more than one Host field is refused, whichever comes last.
void tst_ApiServer::twoHostFieldsAreRefused()
{
    for (const QByteArray &hosts : {QByteArray("Host: evil.example\r\nHost: 127.0.0.1:$PORT\r\n"),
                                    QByteArray("Host: 127.0.0.1:$PORT\r\nHost: 127.0.0.1:$PORT\r\n")}) {
        HttpTestClient client(m_port);
        const auto response = client.exchange(get("/api/health", hosts));
        QVERIFY(response);
        verifyError(*response, 403);
    }
    QVERIFY(m_backend->calls.isEmpty());
}

void tst_ApiServer::bodyTooLargeChunked()
{
    HttpTestClient client(m_port);
    QByteArray message = request("POST", "/api/register", Std + "Transfer-Encoding: chunked\r\n");
    message.replace("Content-Length: 0\r\n", "");
    for (int i = 0; i < 18; ++i)
        message += "1000\r\n" + QByteArray(4096, ' ') + "\r\n"; // 72 KiB of spaces
    message += "0\r\n\r\n";
    const auto response = client.exchange(message);
    QVERIFY(response);
    verifyError(*response, 413);
    QVERIFY(m_backend->calls.isEmpty());
}

void tst_ApiServer::bodyTooLargeAfterDecoding()
{
    // 66 KiB in chunks gets past the streaming guard's framing allowance; the decoded body is checked too.
    HttpTestClient client(m_port);
    QByteArray message = request("POST", "/api/register", Std + "Transfer-Encoding: chunked\r\n");
    message.replace("Content-Length: 0\r\n", "");
    for (int i = 0; i < 33; ++i)
        message += "800\r\n" + QByteArray(2048, ' ') + "\r\n";
    message += "0\r\n\r\n";
    const auto response = client.exchange(message);
    QVERIFY(response);
    verifyError(*response, 413);
    QVERIFY(m_backend->calls.isEmpty());
}

void tst_ApiServer::bodyAtTheLimitIsAccepted()
{
    QByteArray body = R"({"pid": 5})";
    body += QByteArray(ApiServer::MaxBodyBytes - body.size(), ' ');
    QCOMPARE(body.size(), qsizetype(64 * 1024));
    HttpTestClient client(m_port);
    const auto response = client.exchange(post("/api/register", body));
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(m_backend->calls, QStringList{QStringLiteral("register")});
}

void tst_ApiServer::headersTooLarge()
{
    HttpTestClient client(m_port);
    const auto response =
        client.exchange(get("/api/health", Std + "X-Pad: " + QByteArray(20 * 1024, 'p') + "\r\n"));
    QVERIFY(response);
    verifyError(*response, 431);
    QVERIFY(m_backend->calls.isEmpty());
}

void tst_ApiServer::expectContinue()
{
    const QByteArray body = R"({"pid": 31})";
    QByteArray head = request("POST", "/api/register", Std + "Expect: 100-continue\r\n", body);
    head.chop(body.size());
    HttpTestClient client(m_port);
    QVERIFY(client.send(head));
    const auto interim = client.read();
    QVERIFY(interim);
    QCOMPARE(interim->status, 100);
    QVERIFY(m_backend->calls.isEmpty());
    QVERIFY(client.send(body));
    const auto response = client.read();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(m_backend->registered.value(0).pid, 31);

    // Too large: refused instead of invited.
    HttpTestClient big(m_port);
    QVERIFY(
        big.send(request("POST", "/api/register", Std + "Expect: 100-continue\r\nContent-Length: 100000\r\n")
                     .replace("Content-Length: 0\r\n", "")));
    const auto refused = big.read();
    QVERIFY(refused);
    verifyError(*refused, 413);
}

void tst_ApiServer::slotAnswerIsAsynchronous()
{
    HttpTestClient waiting(m_port);
    QElapsedTimer clock;
    clock.start();
    QVERIFY(waiting.send(post("/api/slots", R"({"pid": 1234, "wait_s": 5})")));
    QTRY_COMPARE(m_backend->slotCalls.size(), 1);
    QTimer::singleShot(300, this, [this] { m_backend->answerSlot(0, FakeBackend::grant(7)); });

    // Another client is served while the slot answer is held.
    HttpTestClient other(m_port);
    const auto health = other.exchange(get("/api/health", HostOnly));
    QVERIFY(health);
    QCOMPARE(health->status, 200);
    if (clock.elapsed() < 250)
        QVERIFY(waiting.buffer.isEmpty() && waiting.socket.bytesAvailable() == 0);

    const auto slot = waiting.read();
    QVERIFY(slot);
    QVERIFY(clock.elapsed() >= 300);
    QCOMPARE(slot->status, 200);
    QCOMPARE(slot->json().value(QStringLiteral("lease")).toInt(), 7);
    QVERIFY(m_backend->released.isEmpty());
}

void tst_ApiServer::clientGoneBeforeSlotAnswer()
{
    {
        HttpTestClient gone(m_port);
        QVERIFY(gone.send(post("/api/slots", R"({"pid": 1234})")));
        QTRY_COMPARE(m_backend->slotCalls.size(), 1);
        QCOMPARE(m_server->connectionCount(), 1);
        gone.socket.abort();
    }
    QTRY_COMPARE(m_server->connectionCount(), 0); // the server's socket is deleted
    m_backend->answerSlot(0, FakeBackend::grant(9));
    // The slot nobody can receive is given back.
    QCOMPARE(m_backend->released, QList<quint64>{9});

    // An error answer for a gone client releases nothing; the server still serves.
    HttpTestClient second(m_port);
    QVERIFY(second.send(post("/api/slots", R"({"pid": 1234})")));
    QTRY_COMPARE(m_backend->slotCalls.size(), 2);
    second.socket.abort();
    QTRY_COMPARE(m_server->connectionCount(), 0);
    m_backend->answerSlot(1, ApiResult::fail(408, QStringLiteral("no slot")));
    QCOMPARE(m_backend->released.size(), 1);

    HttpTestClient third(m_port);
    const auto response = third.exchange(get("/api/health", HostOnly));
    QVERIFY(response);
    QCOMPARE(response->status, 200);
}

void tst_ApiServer::slotAnsweredAtOnce()
{
    m_backend->immediateSlot = ApiResult::fail(429, QStringLiteral("hard cap of 10 slots reached"));
    HttpTestClient client(m_port);
    auto response = client.exchange(post("/api/slots", R"({"pid": 1234})"));
    QVERIFY(response);
    verifyError(*response, 429);
    // The connection is free again.
    response = client.exchange(get("/api/health", HostOnly));
    QVERIFY(response);
    QCOMPARE(response->status, 200);
}

void tst_ApiServer::slotAnsweredTwice()
{
    HttpTestClient client(m_port);
    QVERIFY(client.send(post("/api/slots", R"({"pid": 1234})")));
    QTRY_COMPARE(m_backend->slotCalls.size(), 1);
    m_backend->answerSlot(0, FakeBackend::grant(1));
    m_backend->answerSlot(0, FakeBackend::grant(2));
    const auto response = client.read();
    QVERIFY(response);
    QCOMPARE(response->json().value(QStringLiteral("lease")).toInt(), 1);
    QVERIFY(client.quietFor(100));
    QVERIFY(m_backend->released.isEmpty());
}

void tst_ApiServer::requestWaitsBehindSlotAnswer()
{
    // A second request on the same connection is answered after the slot answer, in order.
    HttpTestClient client(m_port);
    QVERIFY(client.send(post("/api/slots", R"({"pid": 1234})")));
    QTRY_COMPARE(m_backend->slotCalls.size(), 1);
    QVERIFY(client.send(get("/api/sessions")));
    QVERIFY(client.quietFor(200));
    QVERIFY(!m_backend->calls.contains(QStringLiteral("sessions")));
    m_backend->answerSlot(0, FakeBackend::grant(3));
    const auto first = client.read();
    QVERIFY(first);
    QCOMPARE(first->json().value(QStringLiteral("lease")).toInt(), 3);
    const auto second = client.read();
    QVERIFY(second);
    QCOMPARE(second->status, 200);
    QVERIFY(second->document().isArray());
}

void tst_ApiServer::serverDeletedBeforeSlotAnswer()
{
    HttpTestClient client(m_port);
    QVERIFY(client.send(post("/api/slots", R"({"pid": 1234})")));
    QTRY_COMPARE(m_backend->slotCalls.size(), 1);
    m_server.reset();
    m_backend->answerSlot(0, FakeBackend::grant(4)); // must not touch the deleted server
    QTRY_COMPARE(client.socket.state(), QAbstractSocket::UnconnectedState);
    QVERIFY(client.buffer.isEmpty());
}

void tst_ApiServer::hundredRequestsOnOneConnection()
{
    HttpTestClient client(m_port);
    for (int i = 0; i < 100; ++i) {
        const auto response = client.exchange(i % 2 ? get("/api/health", HostOnly) : get("/api/sessions"));
        QVERIFY2(response, qPrintable(QString::number(i)));
        QCOMPARE(response->status, 200);
    }
    QCOMPARE(m_server->connectionCount(), 1);
    QCOMPARE(m_backend->calls.size(), 100);
    QCOMPARE(m_server->statusCounts().value(200), quint64(100));
}

void tst_ApiServer::statusesAreCounted()
{
    HttpTestClient client(m_port);
    QVERIFY(client.exchange(get("/api/health", HostOnly)));
    QVERIFY(client.exchange(get("/api/doctor", HostOnly)));
    QVERIFY(client.exchange(get("/api/doctor", HostOnly)));
    QVERIFY(client.exchange(get("/api/nowhere")));
    HttpTestClient big(m_port);
    QVERIFY(big.exchange(post("/api/register", QByteArray(70 * 1024, ' '))));
    const QHash<int, quint64> counts = m_server->statusCounts();
    QCOMPARE(counts.value(200), quint64(1));
    QCOMPARE(counts.value(401), quint64(2));
    QCOMPARE(counts.value(404), quint64(1));
    QCOMPARE(counts.value(413), quint64(1));
    QCOMPARE(counts.size(), 4);
}

void tst_ApiServer::idleConnectionIsClosed()
{
    m_server->setIdleTimeout(200);
    HttpTestClient client(m_port);
    QVERIFY(client.exchange(get("/api/health", HostOnly)));
    QTRY_COMPARE(client.socket.state(), QAbstractSocket::UnconnectedState);
    QTRY_COMPARE(m_server->connectionCount(), 0);

    // Not while a slot answer is pending.
    HttpTestClient waiting(m_port);
    QVERIFY(waiting.send(post("/api/slots", R"({"pid": 1234})")));
    QTRY_COMPARE(m_backend->slotCalls.size(), 1);
    QVERIFY(waiting.quietFor(500));
    QCOMPARE(waiting.socket.state(), QAbstractSocket::ConnectedState);
    m_backend->answerSlot(0, FakeBackend::grant(1));
    QVERIFY(waiting.read());
}

void tst_ApiServer::connectionsAreCapped()
{
    // One after the other: a burst of connects would overflow the kernel's listen backlog instead.
    std::vector<std::unique_ptr<HttpTestClient>> clients;
    for (int i = 0; i < ApiServer::MaxConnections; ++i) {
        clients.push_back(std::make_unique<HttpTestClient>(m_port));
        QTRY_COMPARE(m_server->connectionCount(), i + 1);
    }
    HttpTestClient extra(m_port);
    QTRY_COMPARE(extra.socket.state(), QAbstractSocket::UnconnectedState);
    QCOMPARE(m_server->connectionCount(), ApiServer::MaxConnections);

    clients.front()->socket.abort();
    QTRY_COMPARE(m_server->connectionCount(), ApiServer::MaxConnections - 1);
    HttpTestClient next(m_port);
    const auto response = next.exchange(get("/api/health", HostOnly));
    QVERIFY(response);
    QCOMPARE(response->status, 200);
}

void tst_ApiServer::listenFailsOnBusyPort()
{
    ApiServer other(*m_backend, Token);
    QCOMPARE(other.listen(m_port), quint16(0));
    QVERIFY(!other.errorString().isEmpty());
    QVERIFY(!other.isListening());
}

void tst_ApiServer::closeStopsListening()
{
    HttpTestClient open(m_port);
    QVERIFY(open.exchange(get("/api/health", HostOnly)));
    m_server->close();
    QVERIFY(!m_server->isListening());
    QCOMPARE(m_server->port(), quint16(0));
    QTRY_COMPARE(open.socket.state(), QAbstractSocket::UnconnectedState);

    HttpTestClient refused(m_port);
    QTRY_COMPARE(refused.socket.state(), QAbstractSocket::UnconnectedState);
    QCOMPARE(refused.socket.error(), QAbstractSocket::ConnectionRefusedError);

    // And it can listen again.
    m_port = m_server->listen(0);
    QVERIFY(m_port);
    HttpTestClient again(m_port);
    const auto response = again.exchange(get("/api/health", HostOnly));
    QVERIFY(response);
    QCOMPARE(response->status, 200);
}

QTEST_GUILESS_MAIN(tst_ApiServer)
#include "tst_apiserver.moc"
