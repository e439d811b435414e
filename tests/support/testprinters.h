#pragma once

// Lets QCOMPARE print agentmon's enums by name.
#include "processinfo.h"

#include <QTest>

namespace QTest {
template <> inline char *toString(const agentmon::ProcessClass &cls)
{
    return qstrdup(qPrintable(agentmon::className(cls)));
}
template <> inline char *toString(const agentmon::ProcessStatus &status)
{
    return qstrdup(qPrintable(agentmon::statusName(status)));
}
} // namespace QTest
