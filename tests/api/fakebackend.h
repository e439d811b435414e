#pragma once

// A stand-in for the instance behind the HTTP API: records every call and answers with canned JSON.
// acquireSlot keeps its callback; it answers at once (immediateSlot), after slotDelayMs on a timer, or when
// the test calls answerSlot().
#include "apibackend.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>
#include <QTimer>

#include <functional>
#include <optional>

namespace agentmon::test {

class FakeBackend final : public ApiBackend {
public:
    struct SlotCall {
        SlotRequest request;
        std::function<void(const ApiResult &)> done;
    };
    struct RegisterCall {
        int pid = 0;
        std::optional<quint64> starttime;
        QString session;
    };

    QJsonObject health() const override
    {
        calls.append(QStringLiteral("health"));
        return QJsonObject{{QStringLiteral("status"), QStringLiteral("ok")},
                           {QStringLiteral("version"), QStringLiteral("0.1.0")},
                           {QStringLiteral("pid"), 4242},
                           {QStringLiteral("uptime_s"), 7}};
    }
    QJsonObject doctor() const override
    {
        calls.append(QStringLiteral("doctor"));
        return QJsonObject{{QStringLiteral("registry"), QJsonObject{{QStringLiteral("entries"), 0}}}};
    }
    QJsonArray processes(bool all) const override
    {
        calls.append(all ? QStringLiteral("processes all") : QStringLiteral("processes"));
        return QJsonArray{QJsonObject{{QStringLiteral("pid"), 10}, {QStringLiteral("starttime"), 20}}};
    }
    QJsonArray sessions() const override
    {
        calls.append(QStringLiteral("sessions"));
        return QJsonArray{QJsonObject{{QStringLiteral("id"), QStringLiteral("s1")}}};
    }
    ApiResult registerProcess(int pid, std::optional<quint64> starttime, const QString &session) override
    {
        calls.append(QStringLiteral("register"));
        registered.append({pid, starttime, session});
        if (registerResult)
            return *registerResult;
        return ApiResult::ok(QJsonObject{{QStringLiteral("pid"), pid}, {QStringLiteral("session"), session}});
    }
    ApiResult endSession(const QString &id) override
    {
        calls.append(QStringLiteral("end"));
        endedSessions.append(id);
        return ApiResult::ok(QJsonObject{{QStringLiteral("id"), id}, {QStringLiteral("ended"), true}});
    }
    void acquireSlot(const SlotRequest &request, std::function<void(const ApiResult &)> done) override
    {
        calls.append(QStringLiteral("acquire"));
        if (immediateSlot) {
            done(*immediateSlot);
            return;
        }
        slotCalls.append({request, done});
        if (slotDelayMs >= 0) {
            const qsizetype index = slotCalls.size() - 1;
            QTimer::singleShot(slotDelayMs, [this, index] { answerSlot(index, grant(quint64(index + 1))); });
        }
    }
    ApiResult releaseSlot(quint64 lease) override
    {
        calls.append(QStringLiteral("release"));
        released.append(lease);
        return ApiResult::ok(
            QJsonObject{{QStringLiteral("lease"), qint64(lease)}, {QStringLiteral("released"), true}});
    }

    QByteArray metrics() const override
    {
        calls.append(QStringLiteral("metrics"));
        return "# HELP agentmon_fake A fake figure\n# TYPE agentmon_fake gauge\nagentmon_fake 1\n";
    }
    void reapPass(const ReapApiRequest &request, std::function<void(const ApiResult &)> done) override
    {
        calls.append(QStringLiteral("reap"));
        reaps.append({QString(), request});
        done(ApiResult::ok(QJsonObject{{QStringLiteral("dry_run"), request.dryRun},
                                       {QStringLiteral("targets"), QJsonArray()},
                                       {QStringLiteral("status"), QStringLiteral("ok")}}));
    }
    void reapSession(const QString &id, const ReapApiRequest &request,
                     std::function<void(const ApiResult &)> done) override
    {
        calls.append(QStringLiteral("reap-session"));
        reaps.append({id, request});
        if (id == QLatin1String("unknown")) {
            done(ApiResult::fail(404, QStringLiteral("no session unknown")));
            return;
        }
        // Answers later, like a real reap that waits for its grace period.
        QTimer::singleShot(50, [done, request] {
            done(ApiResult::ok(QJsonObject{{QStringLiteral("dry_run"), request.dryRun},
                                           {QStringLiteral("status"), QStringLiteral("ok")}}));
        });
    }

    static ApiResult grant(quint64 lease)
    {
        return ApiResult::ok(
            QJsonObject{{QStringLiteral("lease"), qint64(lease)}, {QStringLiteral("waited_ms"), 1}});
    }
    void answerSlot(qsizetype index, const ApiResult &result) { slotCalls.at(index).done(result); }

    mutable QStringList calls;
    QList<RegisterCall> registered;
    QStringList endedSessions;
    QList<quint64> released;
    QList<SlotCall> slotCalls;
    QList<std::pair<QString, ReapApiRequest>> reaps;
    std::optional<ApiResult> registerResult;
    std::optional<ApiResult> immediateSlot;
    int slotDelayMs = -1; // < 0: only answerSlot() answers
};

} // namespace agentmon::test
