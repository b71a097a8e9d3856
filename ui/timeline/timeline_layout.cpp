#include "timeline_layout.h"

#include "ruler_ticks.h"

#include <QFontMetricsF>
#include <QHash>

#include <algorithm>
#include <cmath>

namespace asyncscope {

namespace {

// Base sizes in logical pixels, multiplied by Theme::scale.
constexpr double kMargin = 16;
constexpr double kRulerHeight = 30;
constexpr double kBandHeaderHeight = 30;
constexpr double kSettleRowHeight = 24;
constexpr double kExplanationRowHeight = 18;
constexpr double kBandGap = 6;
constexpr double kLaneHeight = 22;
constexpr double kBarHeight = 14;
constexpr double kLegendHeight = 30;
constexpr double kFooterHeight = 22;

LaneSpanFacts factsOf(const Span &span)
{
    LaneSpanFacts facts;
    facts.endMs = span.endMs.value_or(0);
    facts.outcome = span.outcome;
    facts.open = !span.endMs;
    facts.discarded = span.discarded;
    facts.queued = span.wasQueued();
    return facts;
}

LaneGeometry makeLane(const QString &label, const QString &task)
{
    LaneGeometry lane;
    lane.label = label;
    lane.task = task;
    return lane;
}

QList<LaneGeometry> lanesFor(const PlanTrace &plan)
{
    QList<LaneGeometry> lanes;
    if (plan.spans.size() <= kMaxLanesPerInvocation) {
        for (int i = 0; i < plan.spans.size(); ++i) {
            const Span &span = plan.spans.at(i);
            LaneGeometry lane = makeLane(QStringLiteral("%1 #%2").arg(span.task).arg(span.instance), span.task);
            lane.spans.append(i);
            lane.starts.append(span.startMs);
            lane.facts.append(factsOf(span));
            lane.maxDurationMs = span.endMs ? *span.endMs - span.startMs : 0;
            if (!span.endMs)
                lane.firstOpenStartMs = span.startMs;
            lanes.append(lane);
        }
    } else {
        // Too many invocations for a row each: one row per task, in order of first start.
        QHash<QString, int> laneOfTask;
        for (int i = 0; i < plan.spans.size(); ++i) {
            const Span &span = plan.spans.at(i);
            auto it = laneOfTask.find(span.task);
            if (it == laneOfTask.end()) {
                it = laneOfTask.insert(span.task, int(lanes.size()));
                lanes.append(makeLane(span.task, span.task));
            }
            LaneGeometry &lane = lanes[*it];
            lane.spans.append(i); // spans are sorted by start, so each lane is too
            lane.starts.append(span.startMs);
            lane.facts.append(factsOf(span));
            if (span.endMs)
                lane.maxDurationMs = std::max(lane.maxDurationMs, *span.endMs - span.startMs);
            else if (!lane.firstOpenStartMs)
                lane.firstOpenStartMs = span.startMs;
        }
        for (LaneGeometry &lane : lanes)
            lane.label = QStringLiteral("%1 ×%2").arg(lane.task).arg(lane.spans.size());
    }
    if (lanes.isEmpty())
        lanes.append(makeLane(QString(), QString())); // room for the settle marker of a plan with no work
    return lanes;
}

// Lanes each band may keep so that all of them fit in `total`: bands under
// their share keep theirs, the rest share what is left (at least one each).
QList<int> laneBudgets(const QList<qsizetype> &counts, int total)
{
    QList<int> budgets(counts.size(), 0);
    QList<int> order(counts.size());
    for (int i = 0; i < order.size(); ++i)
        order[i] = i;
    std::sort(order.begin(), order.end(), [&](int a, int b) { return counts.at(a) < counts.at(b); });
    qsizetype left = total;
    for (int k = 0; k < order.size(); ++k) {
        const qsizetype share = std::max<qsizetype>(1, left / (order.size() - k));
        const int i = order.at(k);
        budgets[i] = int(std::min(counts.at(i), share));
        left = std::max<qsizetype>(0, left - budgets.at(i));
    }
    return budgets;
}

// Keeps the first keep - 1 lanes and merges the others into one, in start order.
void collapseLanes(QList<LaneGeometry> &lanes, int keep, const PlanTrace &plan)
{
    if (keep < 1 || lanes.size() <= keep)
        return;
    const qsizetype mergedLanes = lanes.size() - (keep - 1);
    LaneGeometry merged = makeLane(QString(), QString());
    for (qsizetype i = keep - 1; i < lanes.size(); ++i)
        merged.spans.append(lanes.at(i).spans);
    lanes.resize(keep - 1);
    std::sort(merged.spans.begin(), merged.spans.end()); // spans are sorted by start, so their indices are
    merged.starts.reserve(merged.spans.size());
    merged.facts.reserve(merged.spans.size());
    for (int index : std::as_const(merged.spans)) {
        const Span &span = plan.spans.at(index);
        merged.starts.append(span.startMs);
        merged.facts.append(factsOf(span));
        if (span.endMs)
            merged.maxDurationMs = std::max(merged.maxDurationMs, *span.endMs - span.startMs);
        else if (!merged.firstOpenStartMs)
            merged.firstOpenStartMs = span.startMs;
    }
    merged.label = QStringLiteral("%1%2 lanes ×%3")
                       .arg(keep > 1 ? QStringLiteral("+") : QString())
                       .arg(mergedLanes)
                       .arg(merged.spans.size());
    lanes.append(merged);
}

} // namespace

double axisEndMs(const RunTrace &trace)
{
    double end = trace.endMs();
    for (const PlanTrace &plan : trace.plans) {
        if (!plan.spans.isEmpty())
            end = std::max(end, plan.spans.constLast().startMs); // sorted by start
    }
    if (!(end > 0))
        return 100;
    // Room after the last event for an open pending bar and a settle label, then a whole tick.
    const double step = niceStep(end / 20);
    return std::ceil(end * 1.06 / step - 1e-9) * step;
}

int fastestPlan(const RunTrace &trace)
{
    if (trace.plans.size() < 2)
        return -1;
    int best = -1;
    int fulfilledCount = 0;
    for (int i = 0; i < trace.plans.size(); ++i) {
        const PlanTrace &plan = trace.plans.at(i);
        if (plan.outcome != PlanOutcome::Fulfilled || !plan.settledMs)
            continue;
        ++fulfilledCount;
        if (best < 0 || *plan.settledMs < *trace.plans.at(best).settledMs)
            best = i;
    }
    return fulfilledCount >= 1 ? best : -1;
}

TimelineGeometry TimelineLayout::compute(const RunTrace &trace, const TimelineLayoutParams &params, const Theme &theme,
                                         const TimelineGeometry *sameTrace)
{
    const double s = params.scale;
    TimelineGeometry g;
    g.width = params.width;
    g.laneHeight = kLaneHeight * s;
    g.barHeight = kBarHeight * s;
    const double margin = kMargin * s;

    double y = 0;
    if (params.showTitle) {
        const QFontMetricsF titleMetrics(theme.font(18, true));
        const QFontMetricsF subtitleMetrics(theme.font(10.5));
        double h = margin + titleMetrics.height();
        if (!trace.description.isEmpty())
            h += 4 * s + subtitleMetrics.height();
        h += 8 * s;
        g.titleRect = QRectF(margin, margin, params.width - 2 * margin, h - margin);
        y = h;
    }
    g.rulerRect = QRectF(0, y, params.width, kRulerHeight * s);
    y += g.rulerRect.height();

    // The label column fits the longest lane label (and plan name), within limits.
    const QFontMetricsF labelMetrics(theme.font(9.5));
    const QFontMetricsF nameMetrics(theme.font(10.5, true));
    double labelWidth = 80 * s;
    const int bandCount = int(std::min<qsizetype>(trace.plans.size(), kMaxPictureBands));
    g.omittedPlans = int(trace.plans.size()) - bandCount;
    g.axisEndMs = axisEndMs(trace);
    QList<QList<LaneGeometry>> lanesPerPlan;
    lanesPerPlan.reserve(bandCount);
    QList<qsizetype> laneCounts;
    for (int p = 0; p < bandCount; ++p) {
        lanesPerPlan.append(lanesFor(trace.plans.at(p)));
        laneCounts.append(lanesPerPlan.constLast().size());
    }
    const QList<int> budgets = laneBudgets(laneCounts, kMaxPictureLanes);
    for (int p = 0; p < bandCount; ++p) {
        const PlanTrace &plan = trace.plans.at(p);
        QList<LaneGeometry> &lanes = lanesPerPlan[p];
        collapseLanes(lanes, budgets.at(p), plan);
        labelWidth = std::max(labelWidth, nameMetrics.horizontalAdvance(plan.name) + 20 * s);
        for (qsizetype l = 0; l < lanes.size(); ++l) {
            LaneGeometry &lane = lanes[l];
            labelWidth = std::max(labelWidth, labelMetrics.horizontalAdvance(lane.label) + 24 * s);
            const LaneGeometry *before = sameTrace && p < sameTrace->bands.size() && l < sameTrace->bands.at(p).lanes.size()
                                             ? &sameTrace->bands.at(p).lanes.at(l)
                                             : nullptr;
            if (before && before->spans == lane.spans && sameTrace->axisEndMs == g.axisEndMs)
                lane.coverage = before->coverage;
            else
                lane.coverage = buildLaneCoverage(plan.spans, lane.spans, g.axisEndMs);
        }
    }
    labelWidth = std::min(labelWidth, std::max(60.0 * s, params.width * 0.28));
    g.labelRight = labelWidth;
    g.plotLeft = labelWidth + 12 * s;
    g.plotRight = std::max(g.plotLeft + 10, params.width - margin - 8 * s);

    g.bandsTop = y;
    const int fastest = fastestPlan(trace);
    for (int p = 0; p < bandCount; ++p) {
        BandGeometry band;
        band.planIndex = p;
        band.fastest = p == fastest;
        band.discardedCount = trace.plans.at(p).discardedCount();
        band.wastedMs = trace.plans.at(p).wastedMs();
        band.lanes = lanesPerPlan.at(p);
        g.bands.append(band);
    }
    // Everything below the bands' tops but the lanes has a fixed height: the lanes take what a
    // taller viewport gives, up to kMaxLaneStretch.
    double naturalLanes = 0;
    for (const BandGeometry &band : std::as_const(g.bands))
        naturalLanes += band.lanes.size() * g.laneHeight;
    const auto layBands = [&](double top) {
        double at = top;
        for (BandGeometry &band : g.bands) {
            const double bandTop = at;
            band.header = QRectF(0, at, params.width, kBandHeaderHeight * s);
            at += band.header.height();
            for (LaneGeometry &lane : band.lanes) {
                lane.rect = QRectF(0, at, params.width, g.laneHeight);
                at += g.laneHeight;
            }
            const bool explained = !trace.plans.at(band.planIndex).explanation.isEmpty();
            const double settleHeight = (kSettleRowHeight + (explained ? kExplanationRowHeight : 0)) * s;
            band.settleRow = QRectF(0, at, params.width, settleHeight);
            at += settleHeight;
            band.rect = QRectF(0, bandTop, params.width, at - bandTop);
            at += kBandGap * s;
        }
        if (g.omittedPlans > 0) {
            g.omittedRow = QRectF(0, at, params.width, kSettleRowHeight * s);
            at += g.omittedRow.height();
        }
        return at;
    };
    const double belowBands = params.showLegend ? (4 + kLegendHeight + kFooterHeight + 6) * s : 0;
    double bandsBottom = layBands(y);
    const double naturalHeight = bandsBottom + belowBands;
    g.naturalHeight = std::ceil(naturalHeight);
    g.stretchedHeight = std::ceil(naturalHeight + naturalLanes * (kMaxLaneStretch - 1));
    // A pixel short of the fill, so the rounded-up height never needs a scroll bar.
    if (params.fillHeight - 1 > naturalHeight && naturalLanes > 0) {
        const double stretch = std::min(kMaxLaneStretch, 1 + (params.fillHeight - 1 - naturalHeight) / naturalLanes);
        g.laneHeight *= stretch;
        g.barHeight *= stretch;
        bandsBottom = layBands(y);
    }
    y = bandsBottom;
    g.bandsBottom = y;

    if (params.showLegend) {
        y += 4 * s;
        g.legendRect = QRectF(margin, y, params.width - 2 * margin, kLegendHeight * s);
        y += g.legendRect.height();
        g.footerRect = QRectF(margin, y, params.width - 2 * margin, kFooterHeight * s);
        y += g.footerRect.height() + 6 * s;
    }
    g.height = std::ceil(y);
    return g;
}

const TimelineGeometry &TimelineLayout::geometry(const RunTrace &trace, quint64 generation,
                                                 const TimelineLayoutParams &params, const Theme &theme)
{
    // A viewport taller than the stretched picture, or shorter than the natural one, lays out
    // as any other such height: resizing the splitter over a long run recomputes nothing.
    const auto fillClass = [this](int fill) {
        return fill >= m_geometry.stretchedHeight ? -1 : fill <= m_geometry.naturalHeight ? -2 : fill;
    };
    TimelineLayoutParams same = params;
    if (m_valid && fillClass(params.fillHeight) == fillClass(m_params.fillHeight))
        same.fillHeight = m_params.fillHeight;
    if (!m_valid || generation != m_generation || !(same == m_params) || theme.scale != m_themeScale) {
        const bool sameTrace = m_valid && generation == m_generation;
        m_geometry = compute(trace, params, theme, sameTrace ? &m_geometry : nullptr);
        m_generation = generation;
        m_params = params;
        m_themeScale = theme.scale;
        m_valid = true;
    }
    return m_geometry;
}

} // namespace asyncscope
