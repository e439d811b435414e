#include "connection.h"

#include "processhandle.h"

#include <QFile>

namespace agentmon {

std::unique_ptr<InstanceClient> connectToInstance(const Paths &paths, QString *why, int timeoutMs)
{
    auto fail = [why](const QString &text) -> std::unique_ptr<InstanceClient> {
        if (why)
            *why = text;
        return nullptr;
    };
    const auto info = InstanceClient::readInstanceFile(paths.instanceFile());
    if (!info)
        return fail(QStringLiteral("no running agentmon instance (no %1)").arg(paths.instanceFile()));
    const auto handle = ProcessHandle::open({info->pid, info->starttime});
    if (!handle || handle->hasExited())
        return fail(QStringLiteral("no running agentmon instance (pid %1 in %2 has exited)")
                        .arg(info->pid)
                        .arg(paths.instanceFile()));
    QFile tokenFile(paths.tokenFile());
    if (!tokenFile.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot read the API token %1: %2")
                        .arg(paths.tokenFile(), tokenFile.errorString()));
    const QByteArray token = tokenFile.readAll().trimmed();
    auto client = std::make_unique<InstanceClient>(info->port, token);
    const InstanceClient::Reply reply = client->request("GET", QStringLiteral("/api/health"), {}, timeoutMs);
    if (!reply.ok())
        return fail(QStringLiteral("the agentmon instance (pid %1, port %2) does not answer: %3")
                        .arg(info->pid)
                        .arg(info->port)
                        .arg(reply.error));
    return client;
}

} // namespace agentmon
