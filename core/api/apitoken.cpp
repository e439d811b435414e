#include "apitoken.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSaveFile>

#include <array>
#include <cerrno>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

namespace agentmon {

namespace {

void setError(QString *error, const QString &message)
{
    if (error)
        *error = message;
}

QString errnoText()
{
    return QString::fromLocal8Bit(std::strerror(errno));
}

// Creates dir (mode 0700) when it is missing; its missing parents get the default mode. An existing
// directory is left as it is (it may be ~/.config).
bool ensurePrivateDir(const QString &dir, QString *error)
{
    if (QFileInfo(dir).isDir())
        return true;
    const QString parent = QFileInfo(dir).absolutePath();
    if (!QDir().mkpath(parent)) {
        setError(error, QStringLiteral("cannot create directory %1").arg(parent));
        return false;
    }
    if (::mkdir(QFile::encodeName(dir).constData(), 0700) != 0 && errno != EEXIST) {
        setError(error, QStringLiteral("cannot create directory %1: %2").arg(dir, errnoText()));
        return false;
    }
    if (!QFileInfo(dir).isDir()) {
        setError(error, QStringLiteral("%1 is not a directory").arg(dir));
        return false;
    }
    return true;
}

} // namespace

bool ApiToken::isWellFormed(QByteArrayView token)
{
    if (token.size() != 64)
        return false;
    for (char c : token) {
        const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        if (!hex)
            return false;
    }
    return true;
}

QByteArray ApiToken::generate()
{
    std::array<quint32, 8> words{};
    QRandomGenerator::system()->fillRange(words.data(), qsizetype(words.size()));
    const QByteArray raw(reinterpret_cast<const char *>(words.data()), qsizetype(sizeof(words)));
    return raw.toHex();
}

bool ApiToken::matches(const QByteArray &expected, QByteArrayView presented)
{
    if (expected.isEmpty())
        return false;
    // Walk over all of expected whatever presented is; fold every difference (and a length mismatch) in.
    unsigned diff = expected.size() == presented.size() ? 0u : 1u;
    const qsizetype n = expected.size();
    const qsizetype m = presented.size();
    for (qsizetype i = 0; i < n; ++i) {
        const unsigned char a = static_cast<unsigned char>(expected.at(i));
        const unsigned char b = m ? static_cast<unsigned char>(presented.at(i % m)) : 0u;
        diff |= unsigned(a ^ b);
    }
    return diff == 0;
}

bool ApiToken::writePrivateFile(const QString &path, const QByteArray &data, QString *error)
{
    if (!ensurePrivateDir(QFileInfo(path).absolutePath(), error))
        return false;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        setError(error, QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
        return false;
    }
    // Narrow the temporary file before anything is written to it; the rename keeps the mode.
    if (::fchmod(file.handle(), S_IRUSR | S_IWUSR) != 0) {
        setError(error, QStringLiteral("cannot set the mode of %1: %2").arg(path, errnoText()));
        file.cancelWriting();
        return false;
    }
    // flush() first: Qt 6.4's commit() does not see a failed flush (QTBUG-75077) and would rename an empty
    // file over the old one on a full disk.
    if (file.write(data) != data.size() || !file.flush() || !file.commit()) {
        setError(error, QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
        return false;
    }
    return true;
}

std::optional<QByteArray> ApiToken::loadOrCreate(const QString &path, QString *error)
{
    const QByteArray native = QFile::encodeName(path);
    struct stat st {};
    if (::stat(native.constData(), &st) == 0) {
        if (!S_ISREG(st.st_mode)) {
            setError(error, QStringLiteral("%1 is not a regular file").arg(path));
            return std::nullopt;
        }
        if (st.st_uid != ::geteuid()) {
            setError(error, QStringLiteral("%1 belongs to another user").arg(path));
            return std::nullopt;
        }
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            setError(error, QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
            return std::nullopt;
        }
        const QByteArray token = file.read(4096).trimmed();
        file.close();
        if (isWellFormed(token)) {
            if ((st.st_mode & 077) != 0 && ::chmod(native.constData(), S_IRUSR | S_IWUSR) != 0) {
                setError(error, QStringLiteral("cannot restrict %1 to its owner: %2").arg(path, errnoText()));
                return std::nullopt;
            }
            return token;
        }
        // Empty or garbled: replaced below by a new token.
    } else if (errno != ENOENT) {
        setError(error, QStringLiteral("cannot read %1: %2").arg(path, errnoText()));
        return std::nullopt;
    }

    const QByteArray token = generate();
    if (!writePrivateFile(path, token, error))
        return std::nullopt;
    return token;
}

} // namespace agentmon
