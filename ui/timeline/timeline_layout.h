#pragma once

// Where everything of the timeline picture goes: title, ruler, one band per
// plan with one lane per invocation ("user #1"), legend and footer. Pure
// geometry, computed once per (trace generation, width, scale, parts shown) and
// cached; the time range only changes the x mapping (TimeAxis), not this.

#include "theme.h"

#include "trace.h"

#include <QList>
#include <QRectF>
#include <QString>

#include <optional>

namespace asyncscope {

// What the painter needs of one span of a lane when no playhead is set, stored
// densely next to the starts: at 1M spans, reading the Spans themselves is the cost.
struct LaneSpanFacts
{
    double endMs = 0;       // undefined when open
    SpanOutcome outcome = SpanOutcome::Pending;
    bool open = false;      // no end: pending, runs to the axis end
    bool discarded = false;
    bool queued = false;    // Span::wasQueued(): has a wait line before it
};

struct LaneGeometry
{
    QString label;          // "user #1", or "user ×40" when a plan has too many invocations for a lane each
    QString task;
    QRectF rect;            // the whole row, label column included, in content coordinates
    QList<int> spans;       // indices into PlanTrace::spans, sorted by start
    QList<double> starts;   // their start times, dense: searched without touching the spans
    QList<LaneSpanFacts> facts; // and the rest of what is drawn of them, same order
    double maxDurationMs = 0; // of settled spans: for the lower-bound search of visible spans
    std::optional<double> firstOpenStartMs; // earliest pending span: it runs to the axis end, so is always visible
};

struct BandGeometry
{
    int planIndex = 0;
    QRectF rect;            // header and lanes
    QRectF header;
    QList<LaneGeometry> lanes;
    bool fastest = false;   // the quickest fulfilled plan (when there are several plans)
    int discardedCount = 0; // zombie spans, and their span-milliseconds (computed once, not per paint)
    double wastedMs = 0;
    QRectF settleRow;       // the settle label, and under it the plan's explanation when it has one
};

struct TimelineLayoutParams
{
    int width = 1200;
    qreal scale = 1.0;
    bool showTitle = true;  // title + subtitle (exports)
    bool showLegend = true; // legend + footer
    bool operator==(const TimelineLayoutParams &) const = default;
};

struct TimelineGeometry
{
    double width = 0;
    double height = 0;      // what the content needs
    QRectF titleRect;       // empty without a title
    QRectF rulerRect;       // full width; ticks drawn over the plot columns
    double labelRight = 0;  // label column is [0, labelRight)
    double plotLeft = 0;    // the time axis runs from plotLeft ...
    double plotRight = 0;   // ... to plotRight
    double bandsTop = 0;
    double bandsBottom = 0;
    QList<BandGeometry> bands;
    QRectF legendRect;      // empty without a legend
    QRectF footerRect;
    double laneHeight = 0;
    double barHeight = 0;
    double axisEndMs = 1;   // TimelinePainter::axisEndMs(trace), computed once per trace
};

// Plans with more spans than this get one lane per task instead of one per invocation.
inline constexpr int kMaxLanesPerInvocation = 48;

class TimelineLayout
{
public:
    // Recomputes only when the generation or the params change.
    const TimelineGeometry &geometry(const RunTrace &trace, quint64 generation, const TimelineLayoutParams &params,
                                     const Theme &theme);
    static TimelineGeometry compute(const RunTrace &trace, const TimelineLayoutParams &params, const Theme &theme);

private:
    TimelineGeometry m_geometry;
    quint64 m_generation = 0;
    TimelineLayoutParams m_params;
    qreal m_themeScale = 0;
    bool m_valid = false;
};

// The end of the drawn axis: the trace end plus room for labels, rounded to a nice tick.
double axisEndMs(const RunTrace &trace);
// Index of the quickest fulfilled plan, or -1 (also when fewer than two plans).
int fastestPlan(const RunTrace &trace);

} // namespace asyncscope
