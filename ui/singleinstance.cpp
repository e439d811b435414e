#include "singleinstance.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QLocalServer>
#include <QLocalSocket>

namespace agentmon {

SingleInstance::SingleInstance(const QString &runtimeDir, QObject *parent)
    : QObject(parent), m_socketPath(runtimeDir + QStringLiteral("/gui.socket")),
      m_lock(runtimeDir + QStringLiteral("/gui.lock"))
{
    QDir().mkpath(runtimeDir);
    m_lock.setStaleLockTime(0); // a lock whose holder died is stale at once (QLockFile checks the pid)
}

SingleInstance::~SingleInstance()
{
    if (m_server) {
        m_server->close();
        QFile::remove(m_socketPath);
    }
}

bool SingleInstance::claim()
{
    if (!m_lock.tryLock(0))
        return false;
    // The lock is ours, so a socket file left here belongs to a first instance that died.
    QLocalServer::removeServer(m_socketPath);
    m_server = new QLocalServer(this);
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    if (!m_server->listen(m_socketPath))
        qWarning("agentmon: cannot listen on %s: %s", qPrintable(m_socketPath),
                 qPrintable(m_server->errorString()));
    connect(m_server, &QLocalServer::newConnection, this, [this] {
        while (QLocalSocket *socket = m_server->nextPendingConnection()) {
            connect(socket, &QLocalSocket::readyRead, this, [this, socket] {
                if (socket->canReadLine() && socket->readLine().trimmed() == "raise") {
                    socket->write("ok\n");
                    socket->flush();
                    Q_EMIT raiseRequested();
                }
            });
            connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        }
    });
    return true;
}

bool SingleInstance::notifyFirst(int timeoutMs)
{
    // The first instance may still be starting: try until the deadline.
    const QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        QLocalSocket socket;
        socket.connectToServer(m_socketPath);
        if (socket.waitForConnected(int(qMax<qint64>(1, deadline.remainingTime())))) {
            socket.write("raise\n");
            socket.flush();
            if (socket.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime()))) &&
                socket.readLine().trimmed() == "ok")
                return true;
            return false;
        }
        QLocalSocket waiter; // a short, bounded pause without sleeping the whole budget away
        waiter.waitForConnected(50);
    }
    return false;
}

} // namespace agentmon
