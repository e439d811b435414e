// libFuzzer harness: every /proc parser on the same bytes. Besides what the sanitizers catch, a stat's comm
// must lie inside its input and a pressure figure must be finite.
#include "procparsers.h"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

using namespace agentmon;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));
    if (const auto stat = procparse::parseStat(input)) {
        if (stat->comm.data() < input.data() ||
            stat->comm.data() + stat->comm.size() > input.data() + input.size())
            std::abort();
    }
    (void)procparse::parseCmdline(input);
    (void)procparse::parseEnvironMarkers(input);
    (void)procparse::parseSmapsRollup(input);
    (void)procparse::parseMeminfo(input);
    if (const auto psi = procparse::parsePressure(input)) {
        for (const double figure : {psi->someAvg10, psi->someAvg60, psi->fullAvg10, psi->fullAvg60}) {
            if (!std::isfinite(figure))
                std::abort();
        }
    }
    (void)procparse::parseStatusRealUid(input);
    QByteArrayView number = input;
    quint64 value = 0;
    (void)procparse::parseUnsigned(number, value);
    return 0;
}
