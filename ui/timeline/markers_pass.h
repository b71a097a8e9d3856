#pragma once

// Points in time: each plan's settle marker with its label and explanation (and
// a connector from the bar that caused it, left by the bands pass), and the
// playhead: its line through the bands and its time handle on the ruler; and a
// JavaScript plan's console.log lines, small markers on its band's header at
// their virtual time (their text is the tooltip: consoleLineAt).

#include "timeline_render_pass.h"

#include <QColor>
#include <QPointF>
#include <QString>

#include <optional>

namespace asyncscope {

struct BandGeometry;
struct PlanTrace;
struct RunTrace;
struct Theme;
struct TimeAxis;
struct TimelineGeometry;

class MarkersPass : public TimelineRenderPass
{
public:
    void paintBand(PaintContext &context, int bandIndex) override; // the plan's settle marker
    void paintOverBands(PaintContext &context) override;          // playhead line
    void paintFixed(PaintContext &context) override;              // playhead handle on the ruler
};

// Where the marker of a console line at `x` sits on its band (picture coordinates), and its half size.
QPointF consoleMarkerCentre(const BandGeometry &band, double x, double scale);
constexpr double kConsoleMarkerRadius = 4.0; // times the theme's scale

// The console line whose marker is under `pos` (picture coordinates, scroll
// applied), shown up to `playheadMs` when there is one: "12 ms  log: hello".
std::optional<QString> consoleLineAt(const TimelineGeometry &geometry, const TimeAxis &axis, const RunTrace &trace,
                                     const QPointF &pos, double scale, std::optional<double> playheadMs);

// The settle marker, its label and the outline of the span that caused it share one colour.
QColor settleMarkerColor(const Theme &theme, const PlanTrace &plan);

} // namespace asyncscope
