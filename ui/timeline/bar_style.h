#pragma once

// How one bar looks, by outcome: fill, pattern, outline and end cap, so the
// picture also reads in grey print. Shared by the bands (real spans) and the
// legend (its swatches are drawn exactly like real bars).

#include "trace.h"

#include <QColor>
#include <QRectF>

namespace asyncscope {

struct PaintContext;
struct Theme;

// How a bar is drawn: the outcome at the playhead, or "running".
enum class BarStyle { Fulfilled, Rejected, Aborted, Pending, Running };
inline constexpr int kBarStyleCount = int(BarStyle::Running) + 1;

BarStyle styleOf(SpanOutcome outcome);
QColor colorOf(const Theme &theme, BarStyle style);
// Zombie work: the outcome colour washed towards the background.
QColor desaturated(const QColor &color, const Theme &theme);

struct BarDrawInfo
{
    BarStyle style = BarStyle::Fulfilled;
    bool discarded = false;
    bool openRight = false;  // pending: runs off to the axis end
    bool highlighted = false;
    bool hovered = false;
    bool isCause = false;
    QColor causeColor;       // the plan's settle marker colour
    // Hatches as one tiled fill instead of a line every few pixels: the same look, not
    // the same pixels (the tile is anchored to the picture, the lines to each bar).
    // For lanes with a level of detail: a bar there may run the whole width, and
    // thousands of hatch lines were most of a frame. Small lanes (every golden
    // export) keep the line hatch.
    bool tiledHatch = false;
};

// The columns a bar may be drawn in: the plot for spans (a bar running off the
// visible range is cut there, without its end cap), the whole width for the legend.
struct BarClip
{
    double left = 0;
    double right = 0;
};

void paintBar(const PaintContext &context, const QRectF &bar, const BarDrawInfo &info, const BarClip &clip);

} // namespace asyncscope
