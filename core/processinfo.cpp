#include "processinfo.h"

namespace agentmon {

namespace {
struct ClassName {
    ProcessClass cls;
    const char *name;
};
constexpr ClassName classNames[] = {
    {ProcessClass::None, "none"},   {ProcessClass::Session, "session"}, {ProcessClass::Agent, "agent"},
    {ProcessClass::Mcp, "mcp"},     {ProcessClass::Tool, "tool"},       {ProcessClass::Daemon, "daemon"},
    {ProcessClass::Child, "child"},
};
} // namespace

QString className(ProcessClass cls)
{
    for (const auto &entry : classNames) {
        if (entry.cls == cls)
            return QString::fromLatin1(entry.name);
    }
    return QStringLiteral("none");
}

std::optional<ProcessClass> processClassFromString(QStringView text)
{
    for (const auto &entry : classNames) {
        if (text == QLatin1String(entry.name))
            return entry.cls;
    }
    return std::nullopt;
}

QString statusName(ProcessStatus status)
{
    switch (status) {
    case ProcessStatus::Running:
        return QStringLiteral("running");
    case ProcessStatus::Orphan:
        return QStringLiteral("orphan");
    case ProcessStatus::Idle:
        return QStringLiteral("idle");
    case ProcessStatus::Stale:
        return QStringLiteral("stale");
    case ProcessStatus::Zombie:
        return QStringLiteral("zombie");
    case ProcessStatus::Unkillable:
        return QStringLiteral("unkillable");
    }
    return QStringLiteral("running");
}

QString ttyName(int ttyNr)
{
    if (ttyNr == 0)
        return {};
    // Linux encodes dev_t as major in bits 8-19, minor in bits 0-7 and 20-31.
    const uint dev = static_cast<uint>(ttyNr);
    const uint major = (dev >> 8) & 0xfff;
    const uint minor = (dev & 0xff) | ((dev >> 12) & 0xfff00);
    if (major >= 136 && major <= 143)
        return QStringLiteral("pts/%1").arg((major - 136) * 256 + minor);
    if (major == 4)
        return minor < 64 ? QStringLiteral("tty%1").arg(minor) : QStringLiteral("ttyS%1").arg(minor - 64);
    return QStringLiteral("tty(%1,%2)").arg(major).arg(minor);
}

} // namespace agentmon
