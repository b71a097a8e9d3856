#pragma once

// The time axis: the ruler row (ticks, their labels, the axis line, the unit),
// the grid lines under the bands at the same ticks, and the label column's
// panel the lane names sit on.

#include "timeline_render_pass.h"

namespace asyncscope {

class RulerPass : public TimelineRenderPass
{
public:
    void paintUnderBands(PaintContext &context) override; // label column panel, grid
    void paintFixed(PaintContext &context) override;      // the ruler row
};

// Grid lines at the ruler's ticks from `top` to `bottom`: the bands pass redraws
// them over its stripes, which would otherwise hide them.
void paintGridLines(const PaintContext &context, double top, double bottom);

} // namespace asyncscope
