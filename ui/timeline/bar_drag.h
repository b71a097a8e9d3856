#pragma once

// What a press on the timeline's bars would do, and the arithmetic of a bar
// drag: the end of a settled bar is a handle (drag it to change that
// invocation's latency), the few pixels just past it are the bar's outcome
// marker (click it to flip whether the task fails). Plain functions over the
// painter's geometry and time mapping, so the view and its tests agree.

#include "time_mapping.h"
#include "timeline_layout.h"
#include "timeline_painter.h"

#include "trace.h"

#include <QPointF>
#include <QString>

#include <optional>

namespace asyncscope {

enum class BarHandle { None, End, OutcomeMarker };

// What names a plan across runs: its id, or its name for a trace without ids (a recording).
inline QString planIdentity(const PlanTrace &plan)
{
    return plan.id.isEmpty() ? plan.name : plan.id;
}

struct BarHandleHit
{
    SpanRef span;
    BarHandle handle = BarHandle::None;
};

inline constexpr double kBarEndGrabPx = 4;       // either side of a bar's end
inline constexpr double kOutcomeMarkerMinPx = 10; // the marker's width past the grab zone, at least

// The handle under `viewportPos`; `scrollY` as in TimelinePaintOptions. A bar
// still running at the playhead, or pending, has no handles.
BarHandleHit barHandleAt(const RunTrace &trace, const TimelineGeometry &geometry, const TimeAxis &axis,
                         double scrollY, std::optional<double> playheadMs, const QPointF &viewportPos);

// A latency as a drag gives it: whole 10 ms steps, or 1 ms with `fine` (Alt); never below 0.
double snappedLatencyMs(double ms, bool fine);

// Which span a drag holds, by identity: a re-run after each step may reorder
// a plan's spans, but (plan, task, invocation) stays.
struct BarDragTarget
{
    QString planId;
    QString task;
    int instance = 1;
    double startMs = 0;          // where the bar started when pressed: the latency is measured from here
    double pressDurationMs = 0;  // its length then
    double latencyMs = 0;        // the latest value, snapped

    // The latency with the bar's end at `cursorMs`.
    double latencyAt(double cursorMs, bool fine) const { return snappedLatencyMs(cursorMs - startMs, fine); }
};

BarDragTarget dragTargetFor(const RunTrace &trace, const SpanRef &span);
// The span a target names in (another run of) the trace, if it is still there.
std::optional<SpanRef> findSpan(const RunTrace &trace, const QString &planId, const QString &task, int instance);

} // namespace asyncscope
