#pragma once

// What the marks mean, under the bands: a swatch per bar style (drawn exactly
// like a real bar), the queue-wait line and the settle marker; then the footer
// with the seed and clock that reproduce the run.

#include "timeline_render_pass.h"

namespace asyncscope {

class LegendPass : public TimelineRenderPass
{
public:
    void paintOverBands(PaintContext &context) override;
};

} // namespace asyncscope
