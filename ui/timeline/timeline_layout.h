#pragma once

// Where everything of the timeline picture goes: title, ruler, one band per
// plan with one lane per invocation ("user #1"), legend and footer. Pure
// geometry, computed once per (trace generation, width, scale, parts shown) and
// cached; the time range only changes the x mapping (TimeAxis), not this.

#include "lane_coverage.h"
#include "theme.h"

#include "trace.h"

#include <QList>
#include <QRectF>
#include <QString>

#include <memory>
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
    std::shared_ptr<const LaneCoverage> coverage; // level of detail, for lanes of thousands of spans; else null
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
    // The widget's viewport height: lanes grow (up to kMaxLaneStretch) so a short run does not
    // leave an empty area under its bands. 0, as for exports: every lane at its natural height.
    int fillHeight = 0;
    bool operator==(const TimelineLayoutParams &) const = default;
};

struct TimelineGeometry
{
    double width = 0;
    double height = 0;      // what the content needs
    double naturalHeight = 0;   // what it takes with every lane at its natural height (fillHeight 0)
    double stretchedHeight = 0; // and with every lane at kMaxLaneStretch: more room stays empty
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
    int omittedPlans = 0;   // plans past kMaxPictureBands, not laid out: said in omittedRow
    QRectF omittedRow;      // empty when every plan has its band
};

// How far lanes (and their bars) grow into a taller viewport: 22 px lanes up to 35, 14 px bars up to 22.
inline constexpr double kMaxLaneStretch = 1.6;
// Plans with more spans than this get one lane per task instead of one per invocation.
inline constexpr int kMaxLanesPerInvocation = 48;
// A picture has at most this many bands and lanes in all, whatever the recording
// (100 000 threads): the plans past kMaxPictureBands are left out (and said so),
// and a band with more than its share of lanes keeps its first lanes and merges the
// rest into one ("+99 990 tasks"). So the height stays below ~5 600 pixels at scale 1.
inline constexpr int kMaxPictureBands = 24;
inline constexpr int kMaxPictureLanes = 160;

class TimelineLayout
{
public:
    // Recomputes only when the generation or the params change.
    const TimelineGeometry &geometry(const RunTrace &trace, quint64 generation, const TimelineLayoutParams &params,
                                     const Theme &theme);
    // `sameTrace`: a geometry of the same trace (generation) at other params, whose lanes' levels of
    // detail are taken over where the lane holds the same spans (they do not depend on the width).
    static TimelineGeometry compute(const RunTrace &trace, const TimelineLayoutParams &params, const Theme &theme,
                                    const TimelineGeometry *sameTrace = nullptr);

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
