#include "doctor.h"

#include "coretext.h"
#include "processhandle.h"
#include "ruleset.h"
#include "settings.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

namespace agentmon {

QJsonObject doctorReport(const Paths &paths, const InstanceFindings &found)
{
    QJsonArray problems;
    auto problem = [&problems](const QString &what, const QString &fix) {
        problems.append(QJsonObject{{QStringLiteral("problem"), what}, {QStringLiteral("fix"), fix}});
    };
    QJsonObject report;

    // Configuration and rules, read here whether or not an instance runs.
    const Settings settings(paths.configFile());
    for (const QString &p : settings.problems())
        problem(p, coreText(CoreText::CorrectItIn).arg(paths.configFile()));
    RuleSet rules;
    rules.loadUserFile(paths.rulesFile());
    for (const QString &e : rules.errors())
        problem(e, coreText(CoreText::FixRulesEntry).arg(paths.rulesFile()));
    report.insert(QLatin1String("config"),
                  QJsonObject{{QStringLiteral("file"), paths.configFile()},
                              {QStringLiteral("exists"), QFile::exists(paths.configFile())}});
    report.insert(QLatin1String("rules"),
                  QJsonObject{{QStringLiteral("file"), paths.rulesFile()},
                              {QStringLiteral("builtin"), int(rules.builtInRules().size())},
                              {QStringLiteral("user"), int(rules.userRules().size())},
                              {QStringLiteral("errors"), QJsonArray::fromStringList(rules.errors())}});

    // The API token must be private.
    QJsonObject token{{QStringLiteral("file"), paths.tokenFile()},
                      {QStringLiteral("exists"), QFile::exists(paths.tokenFile())}};
    if (QFile::exists(paths.tokenFile())) {
        const auto perms = QFileInfo(paths.tokenFile()).permissions();
        const bool private_ = !(perms & (QFileDevice::ReadGroup | QFileDevice::ReadOther |
                                         QFileDevice::WriteGroup | QFileDevice::WriteOther));
        token.insert(QLatin1String("private"), private_);
        if (!private_)
            problem(coreText(CoreText::TokenReadable).arg(paths.tokenFile()),
                    QStringLiteral("chmod 600 %1").arg(paths.tokenFile()));
    }
    report.insert(QLatin1String("token"), token);

    // The instance, and its own findings.
    QJsonObject instance{{QStringLiteral("running"), found.running}};
    if (found.running && found.report) {
        for (auto it = found.report->begin(); it != found.report->end(); ++it) {
            if (it.key() == QLatin1String("problems")) {
                for (const QJsonValue &p : it.value().toArray()) {
                    if (!problems.contains(p)) // it reads the same files as above
                        problems.append(p);
                }
            } else if (it.key() == QLatin1String("instance")) {
                const QJsonObject theirs = it.value().toObject();
                for (auto f = theirs.begin(); f != theirs.end(); ++f)
                    instance.insert(f.key(), f.value());
            } else {
                report.insert(it.key(), it.value());
            }
        }
        instance.insert(QLatin1String("api"), QStringLiteral("ok"));
    } else if (found.running) {
        instance.insert(QLatin1String("api"), found.error);
        problem(coreText(CoreText::InstanceNoAnswer).arg(found.error), coreText(CoreText::RestartInstance));
    } else {
        instance.insert(QLatin1String("why"), found.why);
        // Without an instance, look at the registry file directly (read-only: no lock is taken).
        QFile registry(paths.registryFile());
        QJsonObject reg{{QStringLiteral("file"), paths.registryFile()},
                        {QStringLiteral("exists"), registry.exists()}};
        if (registry.open(QIODevice::ReadOnly)) {
            QJsonParseError error;
            const QJsonDocument doc = QJsonDocument::fromJson(registry.readAll(), &error);
            if (error.error != QJsonParseError::NoError || !doc.isObject()) {
                problem(coreText(CoreText::NotValidJson).arg(paths.registryFile()),
                        coreText(CoreText::RebuiltAtNextStart));
            } else {
                const QJsonArray entries = doc.object().value(QLatin1String("entries")).toArray();
                QJsonArray dead;
                for (const QJsonValue &v : entries) {
                    const QJsonObject e = v.toObject();
                    const ProcessKey key{e.value(QLatin1String("pid")).toInt(),
                                         quint64(e.value(QLatin1String("starttime")).toInteger())};
                    const auto handle = ProcessHandle::open(key);
                    if (!handle || handle->hasExited())
                        dead.append(key.pid);
                }
                reg.insert(QLatin1String("entries"), entries.size());
                reg.insert(QLatin1String("dead_pids"), dead);
                if (!dead.isEmpty())
                    problem(coreText(CoreText::DeadRegistryEntries).arg(dead.size()),
                            coreText(CoreText::StartToPrune));
            }
        }
        report.insert(QLatin1String("registry"), reg);
    }
    report.insert(QLatin1String("instance"), instance);
    report.insert(QLatin1String("problems"), problems);
    return report;
}

} // namespace agentmon
