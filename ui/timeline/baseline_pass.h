#pragma once

// The run to compare against (TimelinePaintOptions::baseline): its bars as
// faint outlines behind the current ones, lane by lane (same task, same
// invocation), and in each band's header what changed since: "−600 ms",
// "now rejects at 90 ms". Drawn right after the bands pass; a ghost is only
// drawn where no current bar of its lane covers it, so it reads as behind.

#include "timeline_render_pass.h"

#include <QString>

namespace asyncscope {

struct PlanTrace;
struct RunTrace;

// What changed from `baseline` to `now` in a few words: "−600 ms", "+40 ms",
// "no change", "now rejects at 90 ms", "now fulfils at 200 ms", "now never settles".
QString baselineDifference(const PlanTrace &baseline, const PlanTrace &now);
// The plan of `baseline` that `now` is a later run of (same id), or nullptr.
const PlanTrace *baselinePlanFor(const RunTrace &baseline, const PlanTrace &now);

class BaselinePass : public TimelineRenderPass
{
public:
    void paintBand(PaintContext &context, int bandIndex) override;
};

} // namespace asyncscope
