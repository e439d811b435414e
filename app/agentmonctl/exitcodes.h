#pragma once

namespace agentmon::exitcode {

// design.md, "Binaries"
constexpr int Success = 0;
constexpr int Failure = 1;
constexpr int Usage = 2;
constexpr int NoInstance = 3;
constexpr int NoSlot = 75;

} // namespace agentmon::exitcode
