#include "bands_pass.h"

#include "markers_pass.h"
#include "paint_context.h"
#include "ruler_pass.h"

#include <QPainter>
#include <QPen>

#include <algorithm>
#include <bit>
#include <cmath>
#include <vector>

namespace asyncscope {

namespace {

// Runs of merged bars: one slot per style x discarded x highlighted.
constexpr int kRunSlots = kBarStyleCount * 4;

struct BarRun
{
    double left = 0;
    double right = 0;
    int count = 0;
    BarDrawInfo info;
};

int runSlot(BarStyle style, bool discarded, bool highlighted)
{
    return (int(style) * 2 + (discarded ? 1 : 0)) * 2 + (highlighted ? 1 : 0);
}

void paintQueueLine(const PaintContext &context, double fromMs, double toMs, const LaneGeometry &lane)
{
    if (toMs <= fromMs)
        return;
    QPainter *p = context.painter;
    const double s = context.scale;
    const double y = std::round(lane.rect.center().y()) + 0.5;
    const double from = std::max(context.x(fromMs), context.plotLeft());
    const double to = std::min(context.x(toMs), context.plotRight());
    if (to <= from)
        return;
    QPen pen(context.theme.mutedText, 1.2 * s, Qt::DotLine);
    p->setPen(pen);
    p->drawLine(QPointF(from, y), QPointF(to, y));
    // A small tick where it was asked for.
    if (context.x(fromMs) >= context.plotLeft()) {
        p->setPen(QPen(context.theme.mutedText, 1));
        p->drawLine(QPointF(from, y - 3 * s), QPointF(from, y + 3 * s));
    }
}

double paintBadge(const PaintContext &context, double left, const QRectF &header, const QString &text,
                  const QColor &color, bool filled)
{
    QPainter *p = context.painter;
    const Theme &t = context.theme;
    const double s = context.scale;
    const MeasuredFont &f = context.fonts.badge;
    const double w = f.metrics.horizontalAdvance(text) + 12 * s;
    const double hgt = f.metrics.height() + 2 * s;
    const QRectF r(left, header.center().y() - hgt / 2, w, hgt);
    // A badge that does not fit whole is left out.
    if (r.right() > context.size.width())
        return left;
    p->setRenderHint(QPainter::Antialiasing, true);
    p->setPen(filled ? Qt::NoPen : QPen(color, 1));
    p->setBrush(filled ? QBrush(color) : Qt::NoBrush);
    p->drawRoundedRect(r, hgt / 2, hgt / 2);
    p->setRenderHint(QPainter::Antialiasing, false);
    p->setBrush(Qt::NoBrush);
    p->setFont(f.font);
    p->setPen(filled ? (t.kind == Theme::Kind::Dark ? t.background : QColor(Qt::white)) : color);
    p->drawText(r, Qt::AlignCenter, text);
    return r.right();
}

void paintBandHeader(const PaintContext &context, const BandGeometry &band, const PlanTrace &plan)
{
    QPainter *p = context.painter;
    const Theme &t = context.theme;
    const double s = context.scale;
    const QRectF h = band.header;
    const MeasuredFont &name = context.fonts.planName;
    p->setFont(name.font);
    p->setPen(t.text);
    const double baseline = h.top() + (h.height() + name.metrics.ascent() - name.metrics.descent()) / 2;
    p->drawText(QPointF(8 * s, baseline),
                name.metrics.elidedText(plan.name, Qt::ElideRight, context.geometry.labelRight - 12 * s));

    double cursor = context.plotLeft();
    const MeasuredFont &mono = context.fonts.expression;
    // Leave room for the badges after the expression.
    const double available = context.plotRight() - cursor - 180 * s;
    const QString expr
        = mono.metrics.elidedText(QString(plan.run).simplified(), Qt::ElideRight, std::max(60.0, available));
    p->setFont(mono.font);
    p->setPen(t.mutedText);
    p->drawText(QPointF(cursor, baseline), expr);
    cursor += mono.metrics.horizontalAdvance(expr) + 10 * s;

    if (band.fastest)
        cursor = paintBadge(context, cursor, h, QStringLiteral("fastest"), t.accent, true) + 6 * s;
    if (const int zombies = band.discardedCount; zombies > 0)
        cursor = paintBadge(context, cursor, h,
                            QStringLiteral("%1 zombie%2 · %3 wasted")
                                .arg(zombies)
                                .arg(zombies == 1 ? "" : "s")
                                .arg(formatDuration(band.wastedMs)),
                            t.mutedText, false)
                 + 6 * s;
}

} // namespace

void BandsPass::paintBand(PaintContext &context, int bandIndex)
{
    const BandGeometry &band = context.geometry.bands.at(bandIndex);
    QPainter *p = context.painter;
    const Theme &t = context.theme;
    const double s = context.scale;
    const TimelineGeometry &g = context.geometry;
    const PlanTrace &plan = context.trace.plans.at(band.planIndex);
    if (band.planIndex % 2 == 1) {
        p->fillRect(QRectF(g.labelRight, band.rect.top(), context.size.width() - g.labelRight, band.rect.height()),
                    t.bandStripe);
        paintGridLines(context, band.rect.top(), band.rect.bottom());
    }
    // Separator above every band.
    p->setPen(QPen(t.grid.darker(t.kind == Theme::Kind::Dark ? 70 : 115), 1));
    p->drawLine(QPointF(0, std::floor(band.rect.top()) + 0.5),
                QPointF(context.size.width(), std::floor(band.rect.top()) + 0.5));

    paintBandHeader(context, band, plan);

    const MeasuredFont &laneFont = context.fonts.laneLabel;
    p->setFont(laneFont.font);
    std::optional<QRectF> causeBar;
    for (const LaneGeometry &lane : band.lanes) {
        if (!context.inView(lane.rect))
            continue;
        const bool laneHighlighted = !context.options.highlightedTask.isEmpty()
                                     && lane.task == context.options.highlightedTask;
        if (laneHighlighted) {
            QColor h = t.highlight;
            h.setAlpha(t.monochrome() ? 40 : 70);
            p->fillRect(lane.rect, h);
        }
        p->setFont(laneFont.font);
        p->setPen(laneHighlighted ? t.text : t.mutedText);
        p->drawText(QRectF(14 * s, lane.rect.top(), g.labelRight - 20 * s, lane.rect.height()),
                    Qt::AlignVCenter | Qt::AlignLeft,
                    laneFont.metrics.elidedText(lane.label, Qt::ElideMiddle, g.labelRight - 20 * s));
        paintLane(context, plan, band, lane, &causeBar);
    }
    context.causeBars[std::size_t(bandIndex)] = causeBar;
}

// Lanes hold spans sorted by start; maxDurationMs bounds how far left a visible span can start.
void BandsPass::paintLane(PaintContext &context, const PlanTrace &plan, const BandGeometry &band,
                          const LaneGeometry &lane, std::optional<QRectF> *causeBar)
{
    if (!context.options.playheadMs && lane.coverage && paintLaneCoverage(context, plan, band, lane, causeBar))
        return;
    QPainter *p = context.painter;
    const TimeAxis &axis = context.axis;
    const TimelinePaintOptions &o = context.options;
    const BarClip plotClip{context.plotLeft(), context.plotRight()};
    const double visibleStart
        = std::min(axis.startMs - lane.maxDurationMs, lane.firstOpenStartMs.value_or(axis.startMs));
    const double visibleEnd = axis.endMs;
    const auto firstStart = std::lower_bound(lane.starts.cbegin(), lane.starts.cend(), visibleStart);
    const auto first = lane.spans.cbegin() + (firstStart - lane.starts.cbegin());
    const double barTop = lane.rect.center().y() - context.geometry.barHeight / 2;
    const double barHeight = context.geometry.barHeight;

    // A run of merged sub-pixel spans, flushed as one bar.
    double mergeLeft = 0, mergeRight = -1;
    QColor mergeColor;
    auto flush = [&] {
        if (mergeRight >= mergeLeft) {
            p->fillRect(QRectF(mergeLeft, barTop, std::max(1.0, mergeRight - mergeLeft), barHeight), mergeColor);
            ++context.barCount;
        }
        mergeRight = -1;
    };

    // Bars a pixel or wider: one open run per draw style (and zombie/highlight
    // flag); a bar that overlaps or touches its run's pixels extends it. Lanes
    // with one span each (every plan up to 48 invocations) never merge.
    std::array<BarRun, kRunSlots> runs;
    auto flushRun = [&](BarRun &run) {
        if (run.count == 0)
            return;
        paintBar(context, QRectF(run.left, barTop, run.right - run.left, barHeight), run.info, plotClip);
        ++context.barCount;
        run.count = 0;
    };
    auto flushRuns = [&] {
        for (BarRun &run : runs)
            flushRun(run);
    };

    // When every span of the lane is narrower than a pixel, a whole pixel column
    // is one merged bar: jump past the column instead of visiting each span.
    const bool subPixelLane = lane.maxDurationMs * axis.pixelsPerMs() < 0.5 && lane.spans.size() > 64;
    // Lanes hold the spans of one task: highlighted or not as a whole.
    const bool laneHighlighted = !o.highlightedTask.isEmpty() && lane.task == o.highlightedTask;
    // A lane with a level of detail looks the same span by span as from its buckets.
    const bool tiledHatch = lane.coverage != nullptr;
    const std::optional<double> t = o.playheadMs;
    // Spans with decorations of their own are never merged.
    const bool causeShown = !t || (plan.settledMs && *plan.settledMs <= *t);
    const int causeIndex = causeShown ? plan.cause.spanIndex : -1;
    const int hoveredIndex = o.hoveredSpan && o.hoveredSpan->plan == band.planIndex ? o.hoveredSpan->span : -1;
    for (auto it = first, next = first; it != lane.spans.cend(); it = next) {
        next = it + 1;
        const int index = *it;
        const qsizetype pos = it - lane.spans.cbegin();
        const double startMs = lane.starts.at(pos);
        if (startMs > visibleEnd)
            break;
        // Without a playhead the lane's dense facts say it all; the Span is read
        // only for a wait line (at 1M spans, touching each Span is the cost).
        if (!t && mergeRight < mergeLeft && index != causeIndex && index != hoveredIndex) {
            // Fast path, most spans when zoomed out: a settled bar that extends an open run.
            const LaneSpanFacts &facts = lane.facts.at(pos);
            if (!facts.queued && !facts.open) {
                if (facts.endMs < axis.startMs)
                    continue;
                BarRun &run = runs[runSlot(styleOf(facts.outcome), facts.discarded, laneHighlighted)];
                const double left = context.x(startMs);
                const double right = context.x(facts.endMs);
                if (run.count > 0 && left <= run.right + 1.0 && right - left >= 1.0) {
                    run.right = std::max(run.right, right);
                    ++run.count;
                    continue;
                }
            }
        }
        const Span &span = plan.spans.at(index);
        double endMs;
        BarDrawInfo info;
        bool queued;
        if (!t) {
            const LaneSpanFacts &facts = lane.facts.at(pos);
            info.discarded = facts.discarded;
            queued = facts.queued;
            if (facts.open) {
                endMs = context.fullAxisEndMs;
                info.style = BarStyle::Pending;
                info.openRight = true;
            } else {
                endMs = facts.endMs;
                info.style = styleOf(facts.outcome);
            }
        } else {
            // Unseen pending spans may still start before the range (maxDuration ignores them).
            if (std::min(span.queuedMs, span.startMs) > *t)
                continue; // not asked for yet: invisible
            info.discarded = span.discarded;
            if (span.startMs > *t) {
                // Queued but not started at t: only the wait line so far.
                paintQueueLine(context, span.queuedMs, *t, lane);
                continue;
            }
            queued = span.wasQueued();
            if (!span.endMs || *span.endMs > *t) {
                endMs = *t;
                info.style = BarStyle::Running;
                info.discarded = false;
            } else {
                endMs = *span.endMs;
                info.style = styleOf(span.outcome);
            }
        }
        if (endMs < axis.startMs)
            continue;
        if (queued)
            paintQueueLine(context, span.queuedMs, startMs, lane);
        const double left = context.x(startMs);
        const double right = context.x(endMs);
        info.highlighted = laneHighlighted;
        info.hovered = index == hoveredIndex;
        info.isCause = index == causeIndex;
        info.tiledHatch = tiledHatch;
        if (info.isCause)
            info.causeColor = settleMarkerColor(context.theme, plan);

        if (right - left < 1.0 && !info.isCause && !info.hovered) {
            // Sub-pixel: merge with neighbours that touch the same pixel column.
            const QColor &c = fillColorOf(context.theme, info.style, info.discarded);
            if (mergeRight >= mergeLeft && left <= mergeRight + 1.0) {
                mergeRight = std::max(mergeRight, right);
            } else {
                flush();
                mergeLeft = left;
                mergeRight = right;
                mergeColor = c;
            }
            if (subPixelLane && !t) {
                const double skipToMs = pixelToTime(axis, std::floor(mergeRight) + 1.0);
                const auto from = lane.starts.cbegin() + (next - lane.spans.cbegin());
                next += std::lower_bound(from, lane.starts.cend(), skipToMs) - from;
                if (next != lane.spans.cbegin() && next - 1 != it) {
                    // The skipped spans end inside the column (they are sub-pixel).
                    const qsizetype last = next - 1 - lane.spans.cbegin();
                    const LaneSpanFacts &lastFacts = lane.facts.at(last);
                    const double lastEndMs = lastFacts.open ? lane.starts.at(last) : lastFacts.endMs;
                    mergeRight = std::max(mergeRight, context.x(lastEndMs));
                }
            }
            continue;
        }
        flush();
        if (!info.isCause && !info.hovered) {
            BarRun &run = runs[runSlot(info.style, info.discarded, info.highlighted)];
            if (run.count > 0 && left <= run.right + 1.0) {
                run.right = std::max(run.right, right);
                ++run.count;
            } else {
                flushRun(run);
                run.left = left;
                run.right = right;
                run.count = 1;
                run.info = info;
            }
            continue;
        }
        // The causing or hovered span keeps its own bar and decorations, on top.
        flushRuns();
        const QRectF bar(left, barTop, right - left, barHeight);
        paintBar(context, bar, info, plotClip);
        ++context.barCount;
        if (info.isCause)
            *causeBar = bar;
    }
    flush();
    flushRuns();
}

bool BandsPass::paintLaneCoverage(PaintContext &context, const PlanTrace &plan, const BandGeometry &band,
                                  const LaneGeometry &lane, std::optional<QRectF> *causeBar)
{
    const LaneCoverage &coverage = *lane.coverage;
    const TimeAxis &axis = context.axis;
    const int level = coverage.levelFor(1.0 / axis.pixelsPerMs());
    if (level < 0)
        return false; // zoomed in further than the finest buckets
    const double visibleStart
        = std::min(axis.startMs - lane.maxDurationMs, lane.firstOpenStartMs.value_or(axis.startMs));
    const auto from = std::lower_bound(lane.starts.cbegin(), lane.starts.cend(), visibleStart);
    const auto to = std::upper_bound(from, lane.starts.cend(), axis.endMs);
    if (to - from < kMinVisibleSpansForCoverage)
        return false;

    QPainter *p = context.painter;
    const TimelinePaintOptions &o = context.options;
    const BarClip plotClip{context.plotLeft(), context.plotRight()};
    const double barTop = lane.rect.center().y() - context.geometry.barHeight / 2;
    const double barHeight = context.geometry.barHeight;
    const bool laneHighlighted = !o.highlightedTask.isEmpty() && lane.task == o.highlightedTask;
    const std::vector<LaneCoverage::Mask> &buckets = coverage.levels.at(std::size_t(level));
    const double bucketMs = coverage.bucketMsAt(level);
    const auto count = qint64(buckets.size());
    // Clamped as doubles first: a view far off the axis must not overflow the cast.
    const auto bucketIndex = [&](double ms) {
        const double b = std::floor(ms / bucketMs);
        return !(b >= 0) ? 0 : qint64(std::min(b, double(count)));
    };
    const qint64 first = bucketIndex(axis.startMs);
    const qint64 last = std::min(count, bucketIndex(axis.endMs) + 1);

    // One open run per bit; a bucket that touches its run's pixels extends it.
    struct CoverageRun
    {
        double fromMs = 0;
        double toMs = 0;
        bool open = false;
    };
    std::array<CoverageRun, LaneCoverage::kBitCount> runs;
    // Bars are collected in the order they would be painted, then painted, leaving out those
    // a later plain fulfilled bar paints over whole (zoomed out, a lane's fulfilled run often
    // spans it and is drawn last: its rejected runs underneath were most of the frame, unseen).
    struct CoverageBar
    {
        double left = 0;
        double right = 0;
        int bit = 0;
    };
    std::vector<CoverageBar> bars;
    auto flush = [&](int bit) {
        CoverageRun &run = runs[std::size_t(bit)];
        if (!run.open)
            return;
        run.open = false;
        if (bit == LaneCoverage::kQueuedBit) {
            paintQueueLine(context, run.fromMs, run.toMs, lane);
            return;
        }
        bars.push_back(CoverageBar{std::max(context.x(run.fromMs), plotClip.left),
                                   std::min(context.x(run.toMs), plotClip.right), bit});
    };
    auto paintCoverageBar = [&](const CoverageBar &bar) {
        BarDrawInfo info;
        info.style = styleOf(SpanOutcome(bar.bit / 2));
        info.discarded = bar.bit % 2 == 1;
        info.highlighted = laneHighlighted;
        info.tiledHatch = true;
        if (bar.right - bar.left < 1.0)
            p->fillRect(QRectF(bar.left, barTop, 1.0, barHeight), fillColorOf(context.theme, info.style, info.discarded));
        else
            paintBar(context, QRectF(bar.left, barTop, bar.right - bar.left, barHeight), info, plotClip);
        ++context.barCount;
    };
    // Wait lines first, under the bars.
    for (const bool bars : {false, true}) {
        const LaneCoverage::Mask bits = bars ? LaneCoverage::Mask((1u << LaneCoverage::kQueuedBit) - 1)
                                             : LaneCoverage::Mask(1u << LaneCoverage::kQueuedBit);
        for (qint64 i = first; i < last; ++i) {
            LaneCoverage::Mask mask = buckets[std::size_t(i)] & bits;
            while (mask) {
                const int bit = std::countr_zero(mask);
                mask &= LaneCoverage::Mask(mask - 1);
                CoverageRun &run = runs[std::size_t(bit)];
                const double fromMs = double(i) * bucketMs;
                if (run.open && context.x(fromMs) <= context.x(run.toMs) + 1.0) {
                    run.toMs = fromMs + bucketMs;
                    continue;
                }
                flush(bit);
                run = CoverageRun{fromMs, fromMs + bucketMs, true};
            }
        }
        for (int bit = 0; bit < LaneCoverage::kBitCount; ++bit)
            flush(bit);
    }
    // What covers: plain fulfilled bars (opaque fill, nothing drawn outside their rect), in
    // paint order; they are disjoint and so also sorted by x. Only settled, not-zombie
    // fulfilled and rejected bars are left out under them (an aborted bar's end cap and a
    // highlight's outline reach past the bar's rows); a rejected bar's extent includes its "×".
    const int fulfilledBit = coverageBit(SpanOutcome::Fulfilled, false);
    const int rejectedBit = coverageBit(SpanOutcome::Rejected, false);
    std::vector<std::size_t> covers;
    if (!laneHighlighted && context.scale >= 1) {
        for (std::size_t k = 0; k < bars.size(); ++k) {
            if (bars[k].bit == fulfilledBit && bars[k].right - bars[k].left >= 1.0)
                covers.push_back(k);
        }
    }
    const double crossReach = barHeight * 0.7 + 3 * context.scale + 1; // paintEndCross: 2c + 2s past the end, ±s
    for (std::size_t k = 0; k < bars.size(); ++k) {
        const CoverageBar &bar = bars[k];
        if (!covers.empty() && (bar.bit == fulfilledBit || bar.bit == rejectedBit)) {
            const double from = bar.left - 2;
            const double to = std::max(bar.left + 1.0, bar.right) + (bar.bit == rejectedBit ? crossReach : 0) + 2;
            // The only cover that may hold `from`: the last one starting at or before it.
            const auto after = std::upper_bound(covers.cbegin(), covers.cend(), from,
                                                [&](double x, std::size_t c) { return x < bars[c].left; });
            if (after != covers.cbegin()) {
                const std::size_t cover = *(after - 1);
                if (cover > k && bars[cover].right >= to)
                    continue; // painted over whole, later
            }
        }
        paintCoverageBar(bar);
    }

    // The causing and the hovered span keep their own bars and decorations, on top.
    const int causeIndex = plan.cause.spanIndex; // no playhead here: the cause is shown
    const int hovered = o.hoveredSpan && o.hoveredSpan->plan == band.planIndex ? o.hoveredSpan->span : -1;
    const int hoveredIndex = hovered == causeIndex ? -1 : hovered; // one bar for both
    for (const int index : {causeIndex, hoveredIndex}) {
        const auto it = std::lower_bound(lane.spans.cbegin(), lane.spans.cend(), index);
        if (index < 0 || it == lane.spans.cend() || *it != index)
            continue;
        const qsizetype pos = it - lane.spans.cbegin();
        const LaneSpanFacts &facts = lane.facts.at(pos);
        const double startMs = lane.starts.at(pos);
        const double endMs = facts.open ? context.fullAxisEndMs : facts.endMs;
        if (startMs > axis.endMs || endMs < axis.startMs)
            continue;
        BarDrawInfo info;
        info.style = facts.open ? BarStyle::Pending : styleOf(facts.outcome);
        info.openRight = facts.open;
        info.discarded = facts.discarded;
        info.highlighted = laneHighlighted;
        info.hovered = index == hovered;
        info.isCause = index == causeIndex;
        info.tiledHatch = true;
        if (info.isCause)
            info.causeColor = settleMarkerColor(context.theme, plan);
        const QRectF bar(context.x(startMs), barTop, context.x(endMs) - context.x(startMs), barHeight);
        paintBar(context, bar, info, plotClip);
        ++context.barCount;
        if (info.isCause)
            *causeBar = bar;
    }
    return true;
}

void BandsPass::paintOverBands(PaintContext &context)
{
    const TimelineGeometry &g = context.geometry;
    if (g.omittedPlans <= 0 || !context.inView(g.omittedRow))
        return;
    QPainter *p = context.painter;
    const MeasuredFont &f = context.fonts.laneLabel;
    p->setFont(f.font);
    p->setPen(context.theme.mutedText);
    p->drawText(g.omittedRow.adjusted(8 * context.scale, 0, 0, 0), Qt::AlignVCenter | Qt::AlignLeft,
                QStringLiteral("+%1 more plans not drawn (a picture shows at most %2)")
                    .arg(g.omittedPlans)
                    .arg(kMaxPictureBands));
}

const QColor &BandsPass::fillColorOf(const Theme &theme, BarStyle style, bool discarded)
{
    if (!m_fillColorsReady) {
        for (int i = 0; i < kBarStyleCount; ++i) {
            const QColor c = colorOf(theme, BarStyle(i));
            m_fillColors[std::size_t(i) * 2] = c;
            m_fillColors[std::size_t(i) * 2 + 1] = desaturated(c, theme);
        }
        m_fillColorsReady = true;
    }
    return m_fillColors[std::size_t(style) * 2 + (discarded ? 1 : 0)];
}

} // namespace asyncscope
