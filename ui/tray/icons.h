#pragma once

#include <QIcon>
#include <QLatin1StringView>

namespace agentmon {

// An icon of resources/icons by its base name ("state-ok", "reap-session"), drawn from SVG at any size.
inline QIcon agentmonIcon(QLatin1StringView name)
{
    return QIcon(QStringLiteral(":/icons/") + name + QStringLiteral(".svg"));
}

} // namespace agentmon
