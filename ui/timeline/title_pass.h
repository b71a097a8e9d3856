#pragma once

// The picture's heading, for exports: the scenario name (or the caller's
// title) and its description on one line under it. Fixed: it does not scroll.

#include "timeline_render_pass.h"

namespace asyncscope {

class TitlePass : public TimelineRenderPass
{
public:
    void paintFixed(PaintContext &context) override;
};

} // namespace asyncscope
