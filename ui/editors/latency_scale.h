#pragma once

// The latency slider's scale: logarithmic from 1 ms to 60 s over
// kLatencySliderSteps positions, so every decade has the same length and the
// values a lesson uses (50–500 ms) take a fifth of the slider, not a few pixels.

#include <algorithm>
#include <cmath>

namespace asyncscope {

inline constexpr int kLatencySliderSteps = 1000;
inline constexpr double kLatencySliderMinMs = 1.0;
inline constexpr double kLatencySliderMaxMs = 60000.0;

// Whole milliseconds: position 0 is 1 ms, the last is 60 000 ms.
inline double latencyAtSliderPosition(int position)
{
    const double fraction = double(std::clamp(position, 0, kLatencySliderSteps)) / kLatencySliderSteps;
    const double decades = std::log10(kLatencySliderMaxMs / kLatencySliderMinMs);
    return std::round(kLatencySliderMinMs * std::pow(10.0, fraction * decades));
}

// The nearest position; 0 ms and anything below 1 ms sit at 0, beyond 60 s at the end.
inline int sliderPositionForLatency(double ms)
{
    if (!(ms > kLatencySliderMinMs))
        return 0;
    const double decades = std::log10(kLatencySliderMaxMs / kLatencySliderMinMs);
    const double fraction = std::log10(ms / kLatencySliderMinMs) / decades;
    return std::clamp(int(std::lround(fraction * kLatencySliderSteps)), 0, kLatencySliderSteps);
}

} // namespace asyncscope
