#pragma once

// Points in time: each plan's settle marker with its label and explanation (and
// a connector from the bar that caused it, left by the bands pass), and the
// playhead: its line through the bands and its time handle on the ruler.

#include "timeline_render_pass.h"

#include <QColor>

namespace asyncscope {

struct PlanTrace;
struct Theme;

class MarkersPass : public TimelineRenderPass
{
public:
    void paintBand(PaintContext &context, int bandIndex) override; // the plan's settle marker
    void paintOverBands(PaintContext &context) override;          // playhead line
    void paintFixed(PaintContext &context) override;              // playhead handle on the ruler
};

// The settle marker, its label and the outline of the span that caused it share one colour.
QColor settleMarkerColor(const Theme &theme, const PlanTrace &plan);

} // namespace asyncscope
