#pragma once

// What the render passes of one frame share: the painter, the trace and its
// geometry, the time mapping, the fonts, the ruler ticks, and what earlier
// passes leave for later ones. Built once per paint() and handed to every pass
// in order, so no pass measures a font, maps a time or counts a bar its own way.

#include "ruler_ticks.h"
#include "theme.h"
#include "time_mapping.h"
#include "timeline_layout.h"
#include "timeline_painter.h"

#include "trace.h"

#include <QFont>
#include <QFontMetricsF>
#include <QList>
#include <QRectF>
#include <QSize>

#include <optional>
#include <vector>

class QPainter;

namespace asyncscope {

// A font with its metrics: text is measured with exactly the font it is drawn in.
struct MeasuredFont
{
    explicit MeasuredFont(const QFont &f) : font(f), metrics(f) {}
    QFont font;
    QFontMetricsF metrics;
};

// Every font of the picture, made once per frame (sizes in points before Theme::scale).
struct TimelineFonts
{
    explicit TimelineFonts(const Theme &theme);
    MeasuredFont title;       // 18 bold: scenario name
    MeasuredFont subtitle;    // 10.5: scenario description
    MeasuredFont axis;        // 9: ruler ticks (and so the grid), legend, explanations
    MeasuredFont planName;    // 10.5 bold: band header
    MeasuredFont expression;  // 9.5 mono: the plan's run expression
    MeasuredFont badge;       // 8 bold: "fastest", zombie count
    MeasuredFont laneLabel;   // 9.5: "user #1"
    MeasuredFont barLabel;    // 7.5 bold: "zombie" inside a bar
    MeasuredFont settleLabel; // 9.5 bold
    MeasuredFont playhead;    // 8.5 bold: the time on the playhead handle
    MeasuredFont footer;      // 8.5: seed and clock
};

struct PaintContext
{
    PaintContext(QPainter *painter, const QSize &size, const RunTrace &trace, const TimelineGeometry &geometry,
                 const TimeAxis &axis, const TimelinePaintOptions &options, const TimelineFonts &fonts);

    QPainter *const painter; // not owned
    const QSize size;
    const RunTrace &trace;
    const TimelineGeometry &geometry;
    const TimelinePaintOptions &options;
    const Theme &theme;
    const double scale;         // theme.scale: lengths are written as "n * scale" logical pixels
    const TimeAxis axis;        // the visible range
    const double fullAxisEndMs; // open (pending) bars run to here, whatever the visible range
    const TimelineFonts &fonts; // the painter's, made once per scale
    // One tick list for the ruler and the grid lines behind the bands: they cannot disagree.
    const QList<RulerTick> ticks;

    // Left by earlier passes for later ones.
    int barCount = 0;                                // bars drawn (a merged run counts once)
    std::vector<std::optional<QRectF>> causeBars;    // per band: the bar of the span that settled its plan

    double x(double ms) const { return timeToPixel(axis, ms); }
    double plotLeft() const { return geometry.plotLeft; }
    double plotRight() const { return geometry.plotRight; }

    // Rows scrolled out of the widget are skipped (content coordinates, before the scroll).
    bool inView(const QRectF &row) const
    {
        const double viewTop = geometry.rulerRect.bottom() + options.scrollY;
        const double viewBottom = size.height() + options.scrollY;
        return !(row.bottom() < viewTop || row.top() > viewBottom);
    }
};

} // namespace asyncscope
