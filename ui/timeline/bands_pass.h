#pragma once

// One band per plan: its stripe, header (name, run expression, badges), and a
// lane per invocation with its label, queue-wait lines and bars. Only visible
// spans are visited (lower-bound search per lane); spans narrower than a pixel
// are merged, and neighbouring bars of one look are drawn as one run.
// A lane of thousands of spans, zoomed out, is drawn from its LaneCoverage
// (level of detail built with the layout) instead: the frame costs the
// buckets visible, not the spans loaded.
// Leaves the bar count and each band's cause bar in the PaintContext.

#include "bar_style.h"
#include "timeline_render_pass.h"

#include <QColor>
#include <QRectF>

#include <array>
#include <cstddef>
#include <optional>

namespace asyncscope {

struct BandGeometry;
struct LaneGeometry;
struct PlanTrace;

class BandsPass : public TimelineRenderPass
{
public:
    void paintBand(PaintContext &context, int bandIndex) override;
    void paintOverBands(PaintContext &context) override; // "+N more plans not drawn"

private:
    // A lane with a level of detail and many visible spans: drawn from its buckets
    // about a pixel wide. False (nothing drawn) when the spans are drawn one by one.
    bool paintLaneCoverage(PaintContext &context, const PlanTrace &plan, const BandGeometry &band,
                           const LaneGeometry &lane, std::optional<QRectF> *causeBar);
    void paintLane(PaintContext &context, const PlanTrace &plan, const BandGeometry &band, const LaneGeometry &lane,
                   std::optional<QRectF> *causeBar);
    const QColor &fillColorOf(const Theme &theme, BarStyle style, bool discarded);

    // The plain fill of each style, zombie or not, for merged sub-pixel runs: derived once per frame.
    std::array<QColor, std::size_t(kBarStyleCount) * 2> m_fillColors;
    bool m_fillColorsReady = false;
};

} // namespace asyncscope
