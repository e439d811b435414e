// InstanceClient against a real ApiServer (the client blocks, so it runs in a thread of its own while this
// thread's event loop serves), against nobody and against a server that never answers; instance.json.
#include "apiserver.h"
#include "fakebackend.h"
#include "instanceclient.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <future>
#include <sys/stat.h>

using namespace agentmon;
using namespace agentmon::test;

namespace {

const QByteArray Token = "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";

int modeOf(const QString &path)
{
    struct stat st {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return -1;
    return int(st.st_mode & 07777);
}

} // namespace

class tst_InstanceClient : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void roundTrip();
    void encodedSessionId();
    void serverErrorsCarryTheirMessage();
    void slotAnswerWaitsForTheBackend();
    void refusedWhenNobodyListens();
    void timesOutOnASilentServer();
    void instanceFileRoundTrip();
    void instanceFileRejected_data();
    void instanceFileRejected();

private:
    // Runs the blocking request in another thread and serves meanwhile.
    InstanceClient::Reply call(const InstanceClient &client, const QByteArray &method, const QString &path,
                               const QJsonObject &body = {}, int timeoutMs = 5000);

    std::unique_ptr<FakeBackend> m_backend;
    std::unique_ptr<ApiServer> m_server;
    quint16 m_port = 0;
};

InstanceClient::Reply tst_InstanceClient::call(const InstanceClient &client, const QByteArray &method,
                                               const QString &path, const QJsonObject &body, int timeoutMs)
{
    auto future =
        std::async(std::launch::async, [&] { return client.request(method, path, body, timeoutMs); });
    const bool ready =
        QTest::qWaitFor([&] { return future.wait_for(std::chrono::seconds(0)) == std::future_status::ready; },
                        timeoutMs + 5000);
    if (!ready)
        qFatal("InstanceClient::request did not return within its timeout");
    return future.get();
}

void tst_InstanceClient::init()
{
    m_backend = std::make_unique<FakeBackend>();
    m_server = std::make_unique<ApiServer>(*m_backend, Token);
    m_port = m_server->listen(0);
    QVERIFY(m_port);
}

void tst_InstanceClient::cleanup()
{
    m_server.reset();
    m_backend.reset();
}

void tst_InstanceClient::roundTrip()
{
    const InstanceClient client(m_port, Token);
    InstanceClient::Reply reply = call(client, "GET", QStringLiteral("/api/health"));
    QVERIFY2(reply.ok(), qPrintable(reply.error));
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json.object().value(QStringLiteral("status")).toString(), QStringLiteral("ok"));

    reply =
        call(client, "POST", QStringLiteral("/api/register"),
             QJsonObject{{QStringLiteral("pid"), 4321}, {QStringLiteral("session"), QStringLiteral("hook")}});
    QVERIFY2(reply.ok(), qPrintable(reply.error));
    QCOMPARE(m_backend->registered.size(), 1);
    QCOMPARE(m_backend->registered.at(0).pid, 4321);
    QCOMPARE(m_backend->registered.at(0).session, QStringLiteral("hook"));

    reply = call(client, "GET", QStringLiteral("/api/processes?all=1"));
    QVERIFY(reply.ok());
    QVERIFY(reply.json.isArray());
    QVERIFY(m_backend->calls.contains(QStringLiteral("processes all")));

    reply = call(client, "DELETE", QStringLiteral("/api/slots/12"));
    QVERIFY(reply.ok());
    QCOMPARE(m_backend->released, QList<quint64>{12});
}

void tst_InstanceClient::encodedSessionId()
{
    const InstanceClient client(m_port, Token);
    const QString id = QStringLiteral("pid-12 é?#%");
    InstanceClient::Reply reply =
        call(client, "POST", QStringLiteral("/api/sessions/%1/end").arg(InstanceClient::encodeSegment(id)));
    QVERIFY2(reply.ok(), qPrintable(reply.error));
    QCOMPARE(m_backend->endedSessions, QStringList{id});

    reply = call(
        client, "POST",
        QStringLiteral("/api/sessions/%1/end").arg(InstanceClient::encodeSegment(QStringLiteral("a/b"))));
    QCOMPARE(reply.status, 400);
    QVERIFY(!reply.ok());
    QVERIFY2(reply.error.contains(QLatin1Char('/')), qPrintable(reply.error));
}

void tst_InstanceClient::serverErrorsCarryTheirMessage()
{
    const InstanceClient wrong(m_port, QByteArray(64, 'a'));
    const InstanceClient::Reply reply = call(wrong, "GET", QStringLiteral("/api/sessions"));
    QCOMPARE(reply.status, 401);
    QVERIFY(!reply.ok());
    QCOMPARE(reply.error, QStringLiteral("invalid bearer token"));
    QCOMPARE(reply.json.object().value(QStringLiteral("code")).toInt(), 401);
}

void tst_InstanceClient::slotAnswerWaitsForTheBackend()
{
    m_backend->slotDelayMs = 300;
    const InstanceClient client(m_port, Token);
    QElapsedTimer clock;
    clock.start();
    const InstanceClient::Reply reply =
        call(client, "POST", QStringLiteral("/api/slots"),
             QJsonObject{{QStringLiteral("pid"), 99}, {QStringLiteral("wait_s"), 10}});
    QVERIFY2(reply.ok(), qPrintable(reply.error));
    QVERIFY(clock.elapsed() >= 300);
    QCOMPARE(reply.json.object().value(QStringLiteral("lease")).toInt(), 1);
}

void tst_InstanceClient::refusedWhenNobodyListens()
{
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    const InstanceClient client(port, Token);
    QElapsedTimer clock;
    clock.start();
    const InstanceClient::Reply reply = client.request("GET", QStringLiteral("/api/health"), {}, 2000);
    QCOMPARE(reply.status, 0);
    QVERIFY(!reply.ok());
    QVERIFY(!reply.error.isEmpty());
    QVERIFY(clock.elapsed() < 2500);
}

void tst_InstanceClient::timesOutOnASilentServer()
{
    // Accepts (the kernel completes the handshake) but never answers.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    const InstanceClient client(silent.serverPort(), Token);
    QElapsedTimer clock;
    clock.start();
    const InstanceClient::Reply reply = client.request("GET", QStringLiteral("/api/health"), {}, 300);
    const qint64 elapsed = clock.elapsed();
    QCOMPARE(reply.status, 0);
    QVERIFY2(reply.error.contains(QStringLiteral("no answer")), qPrintable(reply.error));
    QVERIFY2(elapsed >= 250 && elapsed < 3000, qPrintable(QString::number(elapsed)));
}

void tst_InstanceClient::instanceFileRoundTrip()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("run/agentmon/instance.json"));
    QVERIFY(!InstanceClient::readInstanceFile(path));
    const InstanceInfo info{4242, 123456789012345ULL, 37790};
    QString error;
    QVERIFY2(InstanceClient::writeInstanceFile(path, info, &error), qPrintable(error));
    QCOMPARE(modeOf(path), 0600);
    QCOMPARE(modeOf(dir.filePath(QStringLiteral("run/agentmon"))), 0700);
    const auto read = InstanceClient::readInstanceFile(path);
    QVERIFY(read);
    QCOMPARE(read->pid, 4242);
    QCOMPARE(read->starttime, 123456789012345ULL);
    QCOMPARE(read->port, quint16(37790));

    // Rewritten in place, still private.
    QVERIFY(InstanceClient::writeInstanceFile(path, {7, 8, 9}));
    QCOMPARE(InstanceClient::readInstanceFile(path)->port, quint16(9));
    QCOMPARE(modeOf(path), 0600);
}

void tst_InstanceClient::instanceFileRejected_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("garbled") << QByteArray("{\"pid\": 5, ");
    QTest::newRow("array") << QByteArray("[5, 6, 7]");
    QTest::newRow("pid 0") << QByteArray(R"({"pid": 0, "starttime": 5, "port": 80})");
    QTest::newRow("pid string") << QByteArray(R"({"pid": "5", "starttime": 5, "port": 80})");
    QTest::newRow("no starttime") << QByteArray(R"({"pid": 5, "port": 80})");
    QTest::newRow("port 0") << QByteArray(R"({"pid": 5, "starttime": 5, "port": 0})");
    QTest::newRow("port too large") << QByteArray(R"({"pid": 5, "starttime": 5, "port": 70000})");
}

void tst_InstanceClient::instanceFileRejected()
{
    QFETCH(QByteArray, content);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("instance.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(content);
    file.close();
    QVERIFY(!InstanceClient::readInstanceFile(path));
}

QTEST_GUILESS_MAIN(tst_InstanceClient)
#include "tst_instanceclient.moc"
