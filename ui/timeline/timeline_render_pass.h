#pragma once

// One layer of the timeline picture, as in Qt Creator's tracing library
// (TimelineRenderPass): TimelinePainter runs every pass in a fixed order over
// one PaintContext, and a pass keeps its own state for one frame.
//
// The phases exist because of two facts. The widget scrolls the bands under a
// ruler that stays put, so what scrolls is painted first (clipped below the
// ruler, translated by the scroll offset) and the title and ruler rows last, on
// top. And SVG and PDF record the paint order, so bands are composed band by
// band, every pass in turn (a plan's settle marker right after its own bars):
// the same order as one loop over the bands, and so the same bytes.

namespace asyncscope {

struct PaintContext;

class TimelineRenderPass
{
public:
    virtual ~TimelineRenderPass() = default;

    // Scrolled, back to front:
    virtual void paintUnderBands(PaintContext &) {}              // before the first band
    virtual void paintBand(PaintContext &, int /*bandIndex*/) {} // each band in view, in geometry order
    virtual void paintOverBands(PaintContext &) {}               // after the last band
    // Fixed: the title and ruler rows, over everything that scrolls.
    virtual void paintFixed(PaintContext &) {}
};

} // namespace asyncscope
