#include "paint_context.h"

#include <QString>

#include <algorithm>

namespace asyncscope {

namespace {

QList<RulerTick> ticksFor(const TimeAxis &axis, const TimelineGeometry &geometry, const QFontMetricsF &axisMetrics)
{
    // Room for a wide label ("8888 ms") and almost as much again between labels.
    const double labelRoom = axisMetrics.horizontalAdvance(QStringLiteral("8888 ms")) * 1.9;
    const int maxTicks = std::max(2, int((geometry.plotRight - geometry.plotLeft) / labelRoom));
    return rulerTicks(axis.startMs, axis.endMs, maxTicks);
}

} // namespace

TimelineFonts::TimelineFonts(const Theme &theme)
    : title(theme.font(18, true)), subtitle(theme.font(10.5)), axis(theme.font(9)), planName(theme.font(10.5, true)),
      expression(theme.monoFont(9.5)), badge(theme.font(8, true)), laneLabel(theme.font(9.5)),
      barLabel(theme.font(7.5, true)), settleLabel(theme.font(9.5, true)), playhead(theme.font(8.5, true)),
      footer(theme.font(8.5))
{
}

PaintContext::PaintContext(QPainter *painter, const QSize &size, const RunTrace &trace,
                           const TimelineGeometry &geometry, const TimeAxis &axis, const TimelinePaintOptions &options,
                           const TimelineFonts &fonts)
    : painter(painter), size(size), trace(trace), geometry(geometry), options(options), theme(options.theme),
      scale(options.theme.scale), axis(axis), fullAxisEndMs(geometry.axisEndMs), fonts(fonts),
      ticks(ticksFor(axis, geometry, fonts.axis.metrics)), causeBars(std::size_t(geometry.bands.size()))
{
}

} // namespace asyncscope
