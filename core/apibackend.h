#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <functional>
#include <optional>

namespace agentmon {

// What a route answers: a status and a JSON body. Errors carry a message that becomes
// {"error": message, "code": status}.
struct ApiResult {
    int status = 200;
    QJsonValue body;
    QString error;

    static ApiResult ok(const QJsonValue &body, int status = 200) { return {status, body, {}}; }
    static ApiResult fail(int status, const QString &message) { return {status, {}, message}; }
    bool isError() const { return status >= 400; }
};

// A request for a pool slot. The slot is held for the holder process (verified by pid and starttime) and
// freed at once when that process exits.
struct SlotRequest {
    int pid = 0;
    std::optional<quint64> starttime; // read from /proc when absent
    qint64 waitMs = 0;                // how long to wait for a slot; the pool's default when negative
    QString label;                    // for people: what the slot is for
};

// POST /api/reap and POST /api/sessions/{id}/reap
struct ReapApiRequest {
    bool dryRun = false;
    std::optional<qint64> graceMs;
    std::optional<qint64> minAgeMs; // a pass only
};

// The instance behind the HTTP API. The API server checks the transport (address, Host, Origin, token, body
// size, JSON syntax, routes and methods) and hands well-formed requests to this interface.
class ApiBackend {
public:
    virtual ~ApiBackend() = default;

    // GET /api/health: {"status":"ok","version","pid","uptime_s"}
    virtual QJsonObject health() const = 0;
    // GET /api/doctor
    virtual QJsonObject doctor() const = 0;
    // GET /api/processes[?all=1]: array of process objects
    virtual QJsonArray processes(bool all) const = 0;
    // GET /api/sessions
    virtual QJsonArray sessions() const = 0;
    // POST /api/register {"pid", "starttime"?, "session"?}: the registered process object
    virtual ApiResult registerProcess(int pid, std::optional<quint64> starttime, const QString &session) = 0;
    // POST /api/sessions/{id}/end
    virtual ApiResult endSession(const QString &id) = 0;
    // POST /api/slots: answers later, through done, with {"lease", "waited_ms", ...} or an error
    // (408 when no slot came within the wait, 429 beyond the hard cap, 409 when the holder is not running).
    virtual void acquireSlot(const SlotRequest &request, std::function<void(const ApiResult &)> done) = 0;
    // DELETE /api/slots/{lease}
    virtual ApiResult releaseSlot(quint64 lease) = 0;
    // GET /metrics: Prometheus text format (the server adds its own request counters).
    virtual QByteArray metrics() const = 0;
    // POST /api/reap: one reaper pass; answers with the reap report when it is over.
    virtual void reapPass(const ReapApiRequest &request, std::function<void(const ApiResult &)> done) = 0;
    // POST /api/sessions/{id}/reap: the session's whole tree (404 for a session the instance does not know).
    virtual void reapSession(const QString &id, const ReapApiRequest &request,
                             std::function<void(const ApiResult &)> done) = 0;
};

} // namespace agentmon
