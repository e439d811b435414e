#pragma once

#include <QCoreApplication>

namespace agentmon {

// The translation context "agentmonctl" of agentmonctl's messages and help texts: Ctl::tr("...") is what
// lupdate finds and what QCoreApplication::translate("agentmonctl", "...") looks up.
class Ctl {
    Q_DECLARE_TR_FUNCTIONS(agentmonctl)
};

} // namespace agentmon
