#pragma once

// The one mapping between milliseconds and pixels, shared by the widget, the
// overview strip and every exporter (Qt Creator's tracing library does the
// same): a bar and its tick can never disagree by a rounding rule.

#include <QtGlobal>

namespace asyncscope {

// A visible time range [startMs, endMs] drawn across [left, left + width] pixels.
struct TimeAxis
{
    double startMs = 0;
    double endMs = 1;
    double left = 0;
    double width = 1;

    double durationMs() const { return endMs > startMs ? endMs - startMs : 1.0; }
    double pixelsPerMs() const { return width / durationMs(); }
    double right() const { return left + width; }
};

inline double timeToPixel(const TimeAxis &axis, double ms)
{
    return axis.left + (ms - axis.startMs) * axis.width / axis.durationMs();
}

inline double pixelToTime(const TimeAxis &axis, double x)
{
    return axis.startMs + (x - axis.left) * axis.durationMs() / (axis.width > 0 ? axis.width : 1.0);
}

} // namespace asyncscope
