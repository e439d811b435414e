#pragma once

// The small statistics and output helpers every benchmark uses: one `name value unit` line per figure.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

namespace agentmon::bench {

inline double median(std::vector<double> values)
{
    if (values.empty())
        return 0.0;
    std::sort(values.begin(), values.end());
    const size_t mid = values.size() / 2;
    return values.size() % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2.0;
}

// Nearest rank.
inline double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0.0;
    std::sort(values.begin(), values.end());
    const size_t rank = size_t(std::ceil(p / 100.0 * double(values.size())));
    return values[std::clamp<size_t>(rank, 1, values.size()) - 1];
}

inline double maximum(const std::vector<double> &values)
{
    return values.empty() ? 0.0 : *std::max_element(values.begin(), values.end());
}

inline void figure(const std::string &name, double value, const char *unit)
{
    std::printf("%s %.2f %s\n", name.c_str(), value, unit);
}

inline void count(const std::string &name, long long value)
{
    std::printf("%s %lld count\n", name.c_str(), value);
}

} // namespace agentmon::bench
