#pragma once

// `run --format text`: per plan a readable block (what ran, how it ended,
// what settled it, the wasted work) and a small ASCII timeline on the axis
// every plan shares, so plans compare at a glance in a terminal.

#include "trace.h"

#include <QString>

namespace asyncscope {

inline constexpr int kTextTimelineColumns = 60;

QString toTraceText(const RunTrace &trace, int columns = kTextTimelineColumns);

} // namespace asyncscope
