#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <optional>

namespace agentmon {

// The bearer token of the HTTP API (design.md, "HTTP API"): the content of the file `token` in the config
// directory, 64 hex characters (32 random bytes), mode 0600.
class ApiToken {
public:
    // Reads the token file. Creates it (and its directory, mode 0700, when missing) on first start; an empty
    // or garbled file is replaced by a new token; a file readable or writable by group or others is narrowed
    // to 0600. nullopt with *error when the file cannot be read, secured or written (or is another user's).
    static std::optional<QByteArray> loadOrCreate(const QString &path, QString *error);

    // True when presented equals expected; the time taken depends only on expected's length, not on where
    // the two differ. An empty expected token matches nothing.
    static bool matches(const QByteArray &expected, QByteArrayView presented);

    // 64 hex characters.
    static bool isWellFormed(QByteArrayView token);
    // 32 bytes from QRandomGenerator::system() as 64 lowercase hex characters.
    static QByteArray generate();

    // Writes data to path atomically (QSaveFile) with mode 0600, creating the directory with mode 0700 when
    // it is missing. Used for the token and for instance.json.
    static bool writePrivateFile(const QString &path, const QByteArray &data, QString *error);
};

} // namespace agentmon
