#include "bar_drag.h"

#include <algorithm>
#include <cmath>

namespace asyncscope {

BarHandleHit barHandleAt(const RunTrace &trace, const TimelineGeometry &g, const TimeAxis &axis, double scrollY,
                         std::optional<double> playheadMs, const QPointF &pos)
{
    if (pos.y() < g.rulerRect.bottom() || pos.x() < g.plotLeft - kBarEndGrabPx)
        return {};
    const double y = pos.y() + scrollY;
    const double markerPx = std::max(kOutcomeMarkerMinPx, g.barHeight);
    const double pxPerMs = std::max(axis.pixelsPerMs(), 1e-12);
    const double cursorMs = pixelToTime(axis, pos.x());
    for (const BandGeometry &band : g.bands) {
        if (y < band.rect.top() || y >= band.rect.bottom())
            continue;
        if (band.planIndex < 0 || band.planIndex >= trace.plans.size())
            return {};
        const PlanTrace &plan = trace.plans.at(band.planIndex);
        for (const LaneGeometry &lane : band.lanes) {
            if (y < lane.rect.top() || y >= lane.rect.bottom())
                continue;
            // Only bars whose end can be near the cursor: started before it, not longer than the lane's longest.
            const double earliest = cursorMs - lane.maxDurationMs - (kBarEndGrabPx + markerPx) / pxPerMs;
            const double latest = cursorMs + kBarEndGrabPx / pxPerMs;
            const auto from = std::lower_bound(lane.starts.cbegin(), lane.starts.cend(), earliest);
            BarHandleHit best;
            double bestDistance = 1e300;
            for (auto it = from; it != lane.starts.cend() && *it <= latest; ++it) {
                const int index = lane.spans.at(it - lane.starts.cbegin());
                const Span &span = plan.spans.at(index);
                if (!span.endMs || (playheadMs && *span.endMs > *playheadMs))
                    continue;
                const double dx = pos.x() - timeToPixel(axis, *span.endMs);
                BarHandle handle = BarHandle::None;
                double distance = std::abs(dx);
                if (std::abs(dx) <= kBarEndGrabPx) {
                    handle = BarHandle::End;
                } else if (dx > kBarEndGrabPx && dx <= kBarEndGrabPx + markerPx) {
                    handle = BarHandle::OutcomeMarker;
                    distance = dx + markerPx; // an end within reach wins over a marker
                }
                if (handle != BarHandle::None && distance < bestDistance) {
                    bestDistance = distance;
                    best = BarHandleHit{SpanRef{band.planIndex, index}, handle};
                }
            }
            return best;
        }
        return {};
    }
    return {};
}

double snappedLatencyMs(double ms, bool fine)
{
    const double step = fine ? 1.0 : 10.0;
    return std::max(0.0, std::round(ms / step) * step);
}

BarDragTarget dragTargetFor(const RunTrace &trace, const SpanRef &ref)
{
    BarDragTarget target;
    if (ref.plan < 0 || ref.plan >= trace.plans.size())
        return target;
    const PlanTrace &plan = trace.plans.at(ref.plan);
    if (ref.span < 0 || ref.span >= plan.spans.size())
        return target;
    const Span &span = plan.spans.at(ref.span);
    target.planId = planIdentity(plan);
    target.task = span.task;
    target.instance = span.instance;
    target.startMs = span.startMs;
    target.pressDurationMs = span.endOr(span.startMs) - span.startMs;
    target.latencyMs = target.pressDurationMs;
    return target;
}

std::optional<SpanRef> findSpan(const RunTrace &trace, const QString &planId, const QString &task, int instance)
{
    for (int p = 0; p < trace.plans.size(); ++p) {
        const PlanTrace &plan = trace.plans.at(p);
        if (planIdentity(plan) != planId)
            continue;
        for (int s = 0; s < plan.spans.size(); ++s) {
            if (plan.spans.at(s).task == task && plan.spans.at(s).instance == instance)
                return SpanRef{p, s};
        }
    }
    return std::nullopt;
}

} // namespace asyncscope
