// libFuzzer harness: the bytes as registry.json. A file that is not an agentmon registry must be moved aside
// byte for byte and replaced by an empty one; what is loaded must read back the same after it is written.
#include "registry.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

using namespace agentmon;

namespace {
QTemporaryDir *directory = nullptr;

bool alive(const ProcessKey &key)
{
    return key.pid % 3 == 0; // decided without /proc, so that an input replays the same everywhere
}
} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static QCoreApplication app(*argc, *argv); // Registry's timers want an event dispatcher
    directory = new QTemporaryDir;
    return directory->isValid() ? 0 : 1;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString file = directory->filePath(QStringLiteral("registry.json"));
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    {
        QFile out(file);
        if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate) || out.write(bytes) != bytes.size())
            std::abort();
    }
    QList<RegistryEntry> adopted;
    bool rebuilt = false;
    {
        Registry registry(file, QStringLiteral("boot"));
        registry.setLivenessCheck(alive);
        if (!registry.open() || !registry.flush())
            std::abort();
        adopted = registry.entries();
        rebuilt = registry.wasRebuilt();
    }
    const QStringList aside =
        QDir(directory->path()).entryList({QStringLiteral("registry.json.corrupt-*")}, QDir::Files);
    if (rebuilt != !aside.isEmpty())
        std::abort();
    for (const QString &name : aside) {
        QFile kept(directory->filePath(name));
        if (!kept.open(QIODevice::ReadOnly) || kept.readAll() != bytes)
            std::abort();
        kept.close();
        kept.remove();
    }
    Registry again(file, QStringLiteral("boot"));
    again.setLivenessCheck(alive);
    if (!again.open() || again.wasRebuilt() || again.entries() != adopted)
        std::abort();
    return 0;
}
