#include "timeline_painter.h"

#include "ruler_ticks.h"

#include <QFontMetricsF>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <array>
#include <cmath>

namespace asyncscope {

namespace {

// How a bar is drawn: the outcome at the playhead, or "running".
enum class BarStyle { Fulfilled, Rejected, Aborted, Pending, Running };

BarStyle styleOf(SpanOutcome outcome)
{
    switch (outcome) {
    case SpanOutcome::Fulfilled: return BarStyle::Fulfilled;
    case SpanOutcome::Rejected: return BarStyle::Rejected;
    case SpanOutcome::Aborted: return BarStyle::Aborted;
    case SpanOutcome::Pending: return BarStyle::Pending;
    }
    return BarStyle::Pending;
}

QColor colorOf(const Theme &theme, BarStyle style)
{
    switch (style) {
    case BarStyle::Fulfilled: return theme.fulfilled;
    case BarStyle::Rejected: return theme.rejected;
    case BarStyle::Aborted: return theme.aborted;
    case BarStyle::Pending: return theme.pending;
    case BarStyle::Running: return theme.running;
    }
    return theme.pending;
}

// Zombie work: the outcome colour washed towards the background.
QColor desaturated(const QColor &c, const Theme &theme)
{
    const QColor bg = theme.background;
    const int grey = qGray(c.rgb());
    auto mix = [](int a, int b, double t) { return int(std::lround(a * (1 - t) + b * t)); };
    return QColor(mix(mix(c.red(), grey, 0.6), bg.red(), 0.35), mix(mix(c.green(), grey, 0.6), bg.green(), 0.35),
                  mix(mix(c.blue(), grey, 0.6), bg.blue(), 0.35));
}

QColor blend(const QColor &a, const QColor &b, double t)
{
    return QColor::fromRgbF(float(a.redF() * (1 - t) + b.redF() * t), float(a.greenF() * (1 - t) + b.greenF() * t),
                            float(a.blueF() * (1 - t) + b.blueF() * t));
}

// 45° hatch lines clipped to `rect` analytically: plain line segments, so SVG
// and PDF get real vector lines and no clip paths. `rising` picks "/" over "\".
void drawHatch(QPainter *p, const QRectF &rect, double spacing, bool rising)
{
    if (rect.width() <= 0 || rect.height() <= 0)
        return;
    const double w = rect.width();
    const double h = rect.height();
    QVarLengthArray<QLineF, 64> lines;
    // Lines x - y = c (falling, "\") or x + y = c (rising, "/") in rect-local coordinates.
    for (double c = -h + std::fmod(rect.left(), spacing); c < w + h; c += spacing) {
        QPointF a, b;
        if (rising) {
            // x + y = c + h ... parametrise by local x along y = h - (x - c)
            const double x0 = std::max(0.0, c);
            const double x1 = std::min(w, c + h);
            if (x1 <= x0)
                continue;
            a = QPointF(x0, h - (x0 - c));
            b = QPointF(x1, h - (x1 - c));
        } else {
            const double x0 = std::max(0.0, c);
            const double x1 = std::min(w, c + h);
            if (x1 <= x0)
                continue;
            a = QPointF(x0, x0 - c);
            b = QPointF(x1, x1 - c);
        }
        lines.append(QLineF(a + rect.topLeft(), b + rect.topLeft()));
    }
    p->drawLines(lines.constData(), int(lines.size()));
}

struct BarDrawInfo
{
    BarStyle style = BarStyle::Fulfilled;
    bool discarded = false;
    bool openRight = false;  // pending: runs off to the axis end
    bool highlighted = false;
    bool hovered = false;
    bool isCause = false;
    QColor causeColor;       // the plan's settle marker colour
};

class Renderer
{
public:
    Renderer(QPainter *p, const QSize &size, const RunTrace &trace, const TimelineGeometry &g, const TimeAxis &axis,
             double fullAxisEnd, const TimelinePaintOptions &o)
        : m_p(p), m_size(size), m_trace(trace), m_g(g), m_axis(axis), m_fullAxisEnd(fullAxisEnd), m_o(o),
          m_t(o.theme), m_s(o.theme.scale), m_barClipLeft(g.plotLeft), m_barClipRight(g.plotRight)
    {
    }

    int barCount = 0;

    void paint()
    {
        m_p->save();
        m_p->setRenderHint(QPainter::Antialiasing, false);
        m_p->setRenderHint(QPainter::TextAntialiasing, true);
        m_p->fillRect(QRectF(0, 0, m_size.width(), m_size.height()), m_t.background);

        const double rulerBottom = m_g.rulerRect.bottom();
        // Everything below the ruler scrolls (the widget); the ruler and title stay.
        m_p->save();
        m_p->setClipRect(QRectF(0, rulerBottom, m_size.width(), m_size.height() - rulerBottom));
        m_p->translate(0, -m_o.scrollY);
        paintLabelColumn();
        paintGrid(m_g.bandsTop, m_g.bandsBottom);
        for (const BandGeometry &band : m_g.bands)
            paintBand(band);
        paintPlayheadLine(m_g.bandsTop, m_g.bandsBottom);
        if (!m_g.legendRect.isEmpty())
            paintLegendAndFooter();
        m_p->restore();

        if (!m_g.titleRect.isEmpty())
            paintTitle();
        paintRuler();
        m_p->restore();
    }

private:
    double x(double ms) const { return timeToPixel(m_axis, ms); }
    double plotLeft() const { return m_g.plotLeft; }
    double plotRight() const { return m_g.plotRight; }

    void paintTitle()
    {
        const QRectF r = m_g.titleRect;
        m_p->setPen(m_t.text);
        const QFont titleFont = m_t.font(18, true);
        m_p->setFont(titleFont);
        const QFontMetricsF tm(titleFont);
        const QString title = m_o.title.isEmpty() ? m_trace.scenario : m_o.title;
        m_p->drawText(QPointF(r.left(), r.top() + tm.ascent()), tm.elidedText(title, Qt::ElideRight, r.width()));
        if (!m_trace.description.isEmpty()) {
            const QFont subFont = m_t.font(10.5);
            const QFontMetricsF sm(subFont);
            m_p->setFont(subFont);
            m_p->setPen(m_t.mutedText);
            const QString desc = QString(m_trace.description).replace(QLatin1Char('\n'), QLatin1Char(' '));
            m_p->drawText(QPointF(r.left(), r.top() + tm.height() + 4 * m_s + sm.ascent()),
                          sm.elidedText(desc, Qt::ElideRight, r.width()));
        }
    }

    void paintRuler()
    {
        const QRectF r = m_g.rulerRect;
        m_p->fillRect(r, m_t.background);
        m_p->fillRect(QRectF(0, r.top(), m_g.labelRight, r.height()), m_t.surface);
        const QFont f = m_t.font(9);
        const QFontMetricsF fm(f);
        m_p->setFont(f);
        const int maxTicks = std::max(2, int((plotRight() - plotLeft()) / (fm.horizontalAdvance(QStringLiteral("8888 ms")) * 1.9)));
        const auto ticks = rulerTicks(m_axis.startMs, m_axis.endMs, maxTicks);
        m_p->setPen(QPen(m_t.mutedText, 1));
        for (const RulerTick &tick : ticks) {
            const double tx = std::round(x(tick.ms)) + 0.5;
            m_p->drawLine(QPointF(tx, r.bottom() - 6 * m_s), QPointF(tx, r.bottom()));
            const double w = fm.horizontalAdvance(tick.label);
            double lx = tx - w / 2;
            lx = std::clamp(lx, plotLeft() - 8 * m_s, m_size.width() - w - 2);
            m_p->setPen(m_t.text);
            m_p->drawText(QPointF(lx, r.bottom() - 10 * m_s), tick.label);
            m_p->setPen(QPen(m_t.mutedText, 1));
        }
        m_p->setPen(QPen(m_t.mutedText, 1));
        m_p->drawLine(QPointF(plotLeft(), std::floor(r.bottom()) - 0.5), QPointF(plotRight(), std::floor(r.bottom()) - 0.5));
        // The axis unit, in the label column.
        m_p->setPen(m_t.mutedText);
        m_p->drawText(QRectF(8 * m_s, r.top(), m_g.labelRight - 16 * m_s, r.height() - 6 * m_s),
                      Qt::AlignLeft | Qt::AlignBottom, QStringLiteral("time →"));
        if (m_o.playheadMs)
            paintPlayheadHandle();
    }

    void paintPlayheadHandle()
    {
        const double px = x(*m_o.playheadMs);
        if (px < plotLeft() - 1 || px > plotRight() + 1)
            return;
        const QRectF r = m_g.rulerRect;
        const QString label = formatDuration(*m_o.playheadMs);
        const QFont f = m_t.font(8.5, true);
        const QFontMetricsF fm(f);
        const double w = fm.horizontalAdvance(label) + 10 * m_s;
        const double h = fm.height() + 2 * m_s;
        QRectF pill(px - w / 2, r.top() + 2 * m_s, w, h);
        pill.moveLeft(std::clamp(pill.left(), 0.0, m_size.width() - w));
        m_p->setRenderHint(QPainter::Antialiasing, true);
        m_p->setPen(Qt::NoPen);
        m_p->setBrush(m_t.playhead);
        m_p->drawRoundedRect(pill, 3 * m_s, 3 * m_s);
        m_p->setFont(f);
        m_p->setPen(m_t.monochrome() ? QColor(Qt::white) : m_t.background);
        m_p->drawText(pill, Qt::AlignCenter, label);
        m_p->setRenderHint(QPainter::Antialiasing, false);
        m_p->setPen(QPen(m_t.playhead, 2 * m_s));
        m_p->drawLine(QPointF(px, pill.bottom()), QPointF(px, r.bottom()));
    }

    void paintLabelColumn()
    {
        m_p->fillRect(QRectF(0, m_g.bandsTop, m_g.labelRight, m_g.bandsBottom - m_g.bandsTop), m_t.surface);
    }

    void paintGrid(double top, double bottom)
    {
        const QFontMetricsF fm(m_t.font(9));
        const int maxTicks = std::max(2, int((plotRight() - plotLeft()) / (fm.horizontalAdvance(QStringLiteral("8888 ms")) * 1.9)));
        const auto ticks = rulerTicks(m_axis.startMs, m_axis.endMs, maxTicks);
        m_p->setPen(QPen(m_t.grid, 1));
        for (const RulerTick &tick : ticks) {
            const double tx = std::round(x(tick.ms)) + 0.5;
            m_p->drawLine(QPointF(tx, top), QPointF(tx, bottom));
        }
    }

    void paintBand(const BandGeometry &band)
    {
        // Skip bands scrolled out of view.
        const double viewTop = m_g.rulerRect.bottom() + m_o.scrollY;
        const double viewBottom = m_size.height() + m_o.scrollY;
        if (band.rect.bottom() < viewTop || band.rect.top() > viewBottom)
            return;
        const PlanTrace &plan = m_trace.plans.at(band.planIndex);
        if (band.planIndex % 2 == 1) {
            m_p->fillRect(QRectF(m_g.labelRight, band.rect.top(), m_size.width() - m_g.labelRight, band.rect.height()),
                          m_t.bandStripe);
            paintGridSegment(band.rect.top(), band.rect.bottom());
        }
        // Separator above every band.
        m_p->setPen(QPen(m_t.grid.darker(m_t.kind == Theme::Kind::Dark ? 70 : 115), 1));
        m_p->drawLine(QPointF(0, std::floor(band.rect.top()) + 0.5), QPointF(m_size.width(), std::floor(band.rect.top()) + 0.5));

        paintBandHeader(band, plan);

        const QFont laneFont = m_t.font(9.5);
        const QFontMetricsF lfm(laneFont);
        m_p->setFont(laneFont);
        std::optional<QRectF> causeBar;
        for (const LaneGeometry &lane : band.lanes) {
            if (lane.rect.bottom() < viewTop || lane.rect.top() > viewBottom)
                continue;
            const bool laneHighlighted = !m_o.highlightedTask.isEmpty() && lane.task == m_o.highlightedTask;
            if (laneHighlighted) {
                QColor h = m_t.highlight;
                h.setAlpha(m_t.monochrome() ? 40 : 70);
                m_p->fillRect(lane.rect, h);
            }
            m_p->setFont(laneFont);
            m_p->setPen(laneHighlighted ? m_t.text : m_t.mutedText);
            m_p->drawText(QRectF(14 * m_s, lane.rect.top(), m_g.labelRight - 20 * m_s, lane.rect.height()),
                          Qt::AlignVCenter | Qt::AlignLeft, lfm.elidedText(lane.label, Qt::ElideMiddle, m_g.labelRight - 20 * m_s));
            paintLane(plan, band, lane, &causeBar);
        }
        paintSettleMarker(band, plan, causeBar);
    }

    void paintGridSegment(double top, double bottom) { paintGrid(top, bottom); }

    void paintBandHeader(const BandGeometry &band, const PlanTrace &plan)
    {
        const QRectF h = band.header;
        const QFont nameFont = m_t.font(10.5, true);
        const QFontMetricsF nfm(nameFont);
        m_p->setFont(nameFont);
        m_p->setPen(m_t.text);
        const double baseline = h.top() + (h.height() + nfm.ascent() - nfm.descent()) / 2;
        m_p->drawText(QPointF(8 * m_s, baseline), nfm.elidedText(plan.name, Qt::ElideRight, m_g.labelRight - 12 * m_s));

        double cursor = plotLeft();
        const QFont monoFont = m_t.monoFont(9.5);
        const QFontMetricsF mfm(monoFont);
        const double available = plotRight() - cursor - 180 * m_s;
        const QString expr = mfm.elidedText(QString(plan.run).simplified(), Qt::ElideRight, std::max(60.0, available));
        m_p->setFont(monoFont);
        m_p->setPen(m_t.mutedText);
        m_p->drawText(QPointF(cursor, baseline), expr);
        cursor += mfm.horizontalAdvance(expr) + 10 * m_s;

        if (band.fastest)
            cursor = paintBadge(cursor, h, QStringLiteral("fastest"), m_t.accent, true) + 6 * m_s;
        if (const int zombies = band.discardedCount; zombies > 0)
            cursor = paintBadge(cursor, h, QStringLiteral("%1 zombie%2 · %3 wasted").arg(zombies).arg(zombies == 1 ? "" : "s").arg(formatDuration(band.wastedMs)),
                                m_t.mutedText, false) + 6 * m_s;
    }

    double paintBadge(double left, const QRectF &header, const QString &text, const QColor &color, bool filled)
    {
        const QFont f = m_t.font(8, true);
        const QFontMetricsF fm(f);
        const double w = fm.horizontalAdvance(text) + 12 * m_s;
        const double hgt = fm.height() + 2 * m_s;
        const QRectF r(left, header.center().y() - hgt / 2, w, hgt);
        if (r.right() > m_size.width())
            return left;
        m_p->setRenderHint(QPainter::Antialiasing, true);
        m_p->setPen(filled ? Qt::NoPen : QPen(color, 1));
        m_p->setBrush(filled ? QBrush(color) : Qt::NoBrush);
        m_p->drawRoundedRect(r, hgt / 2, hgt / 2);
        m_p->setRenderHint(QPainter::Antialiasing, false);
        m_p->setBrush(Qt::NoBrush);
        m_p->setFont(f);
        m_p->setPen(filled ? (m_t.kind == Theme::Kind::Dark ? m_t.background : QColor(Qt::white)) : color);
        m_p->drawText(r, Qt::AlignCenter, text);
        return r.right();
    }

    // Lanes hold spans sorted by start; maxDurationMs bounds how far left a visible span can start.
    void paintLane(const PlanTrace &plan, const BandGeometry &band, const LaneGeometry &lane, std::optional<QRectF> *causeBar)
    {
        const double visibleStart = std::min(m_axis.startMs - lane.maxDurationMs,
                                             lane.firstOpenStartMs.value_or(m_axis.startMs));
        const double visibleEnd = m_axis.endMs;
        const auto firstStart = std::lower_bound(lane.starts.cbegin(), lane.starts.cend(), visibleStart);
        const auto first = lane.spans.cbegin() + (firstStart - lane.starts.cbegin());
        const double barTop = lane.rect.center().y() - m_g.barHeight / 2;
        const double barHeight = m_g.barHeight;

        // A run of merged sub-pixel spans, flushed as one bar.
        double mergeLeft = 0, mergeRight = -1;
        QColor mergeColor;
        auto flush = [&] {
            if (mergeRight >= mergeLeft) {
                m_p->fillRect(QRectF(mergeLeft, barTop, std::max(1.0, mergeRight - mergeLeft), barHeight), mergeColor);
                ++barCount;
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
            paintBar(QRectF(run.left, barTop, run.right - run.left, barHeight), run.info, *run.span);
            ++barCount;
            run.count = 0;
        };
        auto flushRuns = [&] {
            for (BarRun &run : runs)
                flushRun(run);
        };

        // When every span of the lane is narrower than a pixel, a whole pixel column
        // is one merged bar: jump past the column instead of visiting each span.
        const bool subPixelLane = lane.maxDurationMs * m_axis.pixelsPerMs() < 0.5 && lane.spans.size() > 64;
        // Lanes hold the spans of one task: highlighted or not as a whole.
        const bool laneHighlighted = !m_o.highlightedTask.isEmpty() && lane.task == m_o.highlightedTask;
        const std::optional<double> t = m_o.playheadMs;
        // Spans with decorations of their own are never merged.
        const bool causeShown = !t || (plan.settledMs && *plan.settledMs <= *t);
        const int causeIndex = causeShown ? plan.cause.spanIndex : -1;
        const int hoveredIndex = m_o.hoveredSpan && m_o.hoveredSpan->plan == band.planIndex ? m_o.hoveredSpan->span : -1;
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
                    if (facts.endMs < m_axis.startMs)
                        continue;
                    BarRun &run = runs[runSlot(styleOf(facts.outcome), facts.discarded, laneHighlighted)];
                    const double left = x(startMs);
                    const double right = x(facts.endMs);
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
                    endMs = m_fullAxisEnd;
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
                    paintQueueLine(span.queuedMs, *t, lane);
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
            if (endMs < m_axis.startMs)
                continue;
            if (queued)
                paintQueueLine(span.queuedMs, startMs, lane);
            const double left = x(startMs);
            const double right = x(endMs);
            info.highlighted = laneHighlighted;
            info.hovered = index == hoveredIndex;
            info.isCause = index == causeIndex;
            if (info.isCause)
                info.causeColor = markerColor(plan);

            if (right - left < 1.0 && !info.isCause && !info.hovered) {
                // Sub-pixel: merge with neighbours that touch the same pixel column.
                const QColor &c = fillColorOf(info.style, info.discarded);
                if (mergeRight >= mergeLeft && left <= mergeRight + 1.0) {
                    mergeRight = std::max(mergeRight, right);
                } else {
                    flush();
                    mergeLeft = left;
                    mergeRight = right;
                    mergeColor = c;
                }
                if (subPixelLane && !t) {
                    const double skipToMs = pixelToTime(m_axis, std::floor(mergeRight) + 1.0);
                    const auto from = lane.starts.cbegin() + (next - lane.spans.cbegin());
                    next += std::lower_bound(from, lane.starts.cend(), skipToMs) - from;
                    if (next != lane.spans.cbegin() && next - 1 != it) {
                        // The skipped spans end inside the column (they are sub-pixel).
                        const qsizetype last = next - 1 - lane.spans.cbegin();
                        const LaneSpanFacts &lastFacts = lane.facts.at(last);
                        mergeRight = std::max(mergeRight, x(lastFacts.open ? lane.starts.at(last) : lastFacts.endMs));
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
                    run.span = &span;
                }
                continue;
            }
            // The causing or hovered span keeps its own bar and decorations, on top.
            flushRuns();
            const QRectF bar(left, barTop, right - left, barHeight);
            paintBar(bar, info, span);
            ++barCount;
            if (info.isCause)
                *causeBar = bar;
        }
        flush();
        flushRuns();
    }

    // Runs of merged bars: one slot per style x discarded x highlighted.
    static constexpr int kStyleCount = int(BarStyle::Running) + 1;
    static constexpr int kRunSlots = kStyleCount * 4;
    struct BarRun
    {
        double left = 0;
        double right = 0;
        int count = 0;
        BarDrawInfo info;
        const Span *span = nullptr;
    };
    static int runSlot(BarStyle style, bool discarded, bool highlighted)
    {
        return (int(style) * 2 + (discarded ? 1 : 0)) * 2 + (highlighted ? 1 : 0);
    }

    // The plain fill of each style, zombie or not: derived once per paint.
    const QColor &fillColorOf(BarStyle style, bool discarded)
    {
        if (!m_fillColorsReady) {
            for (int i = 0; i < kStyleCount; ++i) {
                const QColor c = colorOf(m_t, BarStyle(i));
                m_fillColors[std::size_t(i) * 2] = c;
                m_fillColors[std::size_t(i) * 2 + 1] = desaturated(c, m_t);
            }
            m_fillColorsReady = true;
        }
        return m_fillColors[std::size_t(style) * 2 + (discarded ? 1 : 0)];
    }

    void paintQueueLine(double fromMs, double toMs, const LaneGeometry &lane)
    {
        if (toMs <= fromMs)
            return;
        const double y = std::round(lane.rect.center().y()) + 0.5;
        const double from = std::max(x(fromMs), plotLeft());
        const double to = std::min(x(toMs), plotRight());
        if (to <= from)
            return;
        QPen pen(m_t.mutedText, 1.2 * m_s, Qt::DotLine);
        m_p->setPen(pen);
        m_p->drawLine(QPointF(from, y), QPointF(to, y));
        // A small tick where it was asked for.
        if (x(fromMs) >= plotLeft()) {
            m_p->setPen(QPen(m_t.mutedText, 1));
            m_p->drawLine(QPointF(from, y - 3 * m_s), QPointF(from, y + 3 * m_s));
        }
    }

    void paintBar(const QRectF &bar, const BarDrawInfo &info, const Span &span)
    {
        const Theme &t = m_t;
        const bool mono = t.monochrome();
        QColor base = colorOf(t, info.style);
        if (info.discarded)
            base = mono ? t.discarded.lighter(125) : desaturated(base, t); // print: light, so the hatch shows
        const QColor ink = mono ? QColor(Qt::black) : (t.kind == Theme::Kind::Dark ? base.lighter(140) : base.darker(150));
        const double hatchSpacing = 5 * m_s;
        const bool roomy = bar.width() >= 3;
        QRectF visibleBar = bar.intersected(QRectF(m_barClipLeft - 2, bar.top(), m_barClipRight - m_barClipLeft + 4, bar.height()));
        if (visibleBar.isEmpty())
            return;

        switch (info.style) {
        case BarStyle::Fulfilled:
            m_p->fillRect(visibleBar, base);
            break;
        case BarStyle::Rejected:
            // Light fill with a cross-hatch: reads as "failed" without colour.
            m_p->fillRect(visibleBar, mono ? QColor(Qt::white) : blend(base, t.background, 0.55));
            if (roomy) {
                m_p->setPen(QPen(mono ? QColor(Qt::black) : base, 1));
                drawHatch(m_p, visibleBar, hatchSpacing, true);
                drawHatch(m_p, visibleBar, hatchSpacing, false);
            }
            break;
        case BarStyle::Aborted:
            m_p->fillRect(visibleBar, mono ? QColor::fromRgb(0xd8d8d8) : blend(base, t.background, 0.45));
            if (roomy) {
                m_p->setPen(QPen(mono ? QColor::fromRgb(0x444444) : base.darker(120), 1.2));
                drawHatch(m_p, visibleBar, hatchSpacing * 1.2, true);
            }
            break;
        case BarStyle::Pending:
            break; // outline only, below
        case BarStyle::Running: {
            QColor fill = base;
            if (!mono)
                fill.setAlpha(200);
            m_p->fillRect(visibleBar, fill);
            break;
        }
        }

        // Outlines say the rest: solid for settled, dotted for aborted, dashed and open for pending.
        const QRectF o = visibleBar.adjusted(0.5, 0.5, -0.5, -0.5);
        switch (info.style) {
        case BarStyle::Fulfilled:
            if (mono) {
                m_p->setPen(QPen(Qt::black, 1));
                m_p->setBrush(Qt::NoBrush);
                m_p->drawRect(o);
            }
            break;
        case BarStyle::Rejected:
            m_p->setPen(QPen(ink, 1.2 * m_s));
            m_p->setBrush(Qt::NoBrush);
            m_p->drawRect(o);
            if (!info.discarded && bar.right() <= m_barClipRight + 1)
                paintEndCross(bar, ink);
            break;
        case BarStyle::Aborted: {
            QPen pen(ink, 1.2 * m_s, Qt::DotLine);
            m_p->setPen(pen);
            m_p->setBrush(Qt::NoBrush);
            m_p->drawRect(o);
            if (bar.right() <= m_barClipRight + 1) {
                // "/" end cap: cut short.
                m_p->setRenderHint(QPainter::Antialiasing, true);
                m_p->setPen(QPen(ink, 2 * m_s));
                m_p->drawLine(QPointF(bar.right() - 3 * m_s, bar.bottom() + 2 * m_s), QPointF(bar.right() + 3 * m_s, bar.top() - 2 * m_s));
                m_p->setRenderHint(QPainter::Antialiasing, false);
            }
            break;
        }
        case BarStyle::Pending: {
            QPen pen(mono ? QColor::fromRgb(0x555555) : base, 1.5 * m_s, Qt::DashLine);
            m_p->setPen(pen);
            const double l = o.left();
            const double r = std::min(o.right(), m_barClipRight);
            m_p->drawLine(QPointF(l, o.top()), QPointF(r, o.top()));
            m_p->drawLine(QPointF(l, o.bottom()), QPointF(r, o.bottom()));
            if (bar.left() >= m_barClipLeft)
                m_p->drawLine(QPointF(l, o.top()), QPointF(l, o.bottom()));
            // "… never settles": an arrow head at the open end.
            if (info.openRight && bar.right() >= m_barClipRight - 1) {
                m_p->setRenderHint(QPainter::Antialiasing, true);
                const double cy = o.center().y();
                m_p->setPen(QPen(mono ? QColor::fromRgb(0x555555) : base, 1.5 * m_s));
                m_p->drawLine(QPointF(r - 6 * m_s, cy - 4 * m_s), QPointF(r, cy));
                m_p->drawLine(QPointF(r - 6 * m_s, cy + 4 * m_s), QPointF(r, cy));
                m_p->setRenderHint(QPainter::Antialiasing, false);
            }
            break;
        }
        case BarStyle::Running:
            m_p->setPen(QPen(mono ? QColor(Qt::black) : base.darker(130), 1));
            m_p->setBrush(Qt::NoBrush);
            m_p->drawLine(QPointF(o.right(), o.top()), QPointF(o.right(), o.bottom()));
            break;
        }

        if (info.discarded && info.style != BarStyle::Running) {
            // Zombie: a hatched overlay and a label; its result is thrown away.
            if (roomy) {
                m_p->setPen(QPen(mono ? QColor::fromRgb(0x505050) : t.mutedText, 1));
                drawHatch(m_p, visibleBar, 4 * m_s, false);
            }
            paintInlineLabel(bar, QStringLiteral("zombie"));
        }
        if (info.highlighted || info.hovered || info.isCause) {
            m_p->setRenderHint(QPainter::Antialiasing, true);
            m_p->setBrush(Qt::NoBrush);
            if (info.isCause) {
                m_p->setPen(QPen(info.causeColor, 2 * m_s));
                m_p->drawRoundedRect(visibleBar.adjusted(-2 * m_s, -2 * m_s, 2 * m_s, 2 * m_s), 2 * m_s, 2 * m_s);
            }
            if (info.highlighted || info.hovered) {
                m_p->setPen(QPen(mono ? QColor(Qt::black) : (info.hovered ? t.text : t.highlight.darker(130)), 1.5 * m_s,
                                 info.hovered ? Qt::SolidLine : Qt::DashLine));
                m_p->drawRect(visibleBar.adjusted(-1, -1, 1, 1));
            }
            m_p->setRenderHint(QPainter::Antialiasing, false);
        }
        Q_UNUSED(span);
    }

    void paintEndCross(const QRectF &bar, const QColor &ink)
    {
        const double c = bar.height() * 0.35;
        const QPointF e(bar.right() + c + 2 * m_s, bar.center().y());
        m_p->setRenderHint(QPainter::Antialiasing, true);
        m_p->setPen(QPen(ink, 2 * m_s));
        m_p->drawLine(e + QPointF(-c, -c), e + QPointF(c, c));
        m_p->drawLine(e + QPointF(-c, c), e + QPointF(c, -c));
        m_p->setRenderHint(QPainter::Antialiasing, false);
    }

    void paintInlineLabel(const QRectF &bar, const QString &text) // inside a bar, if it fits
    {
        const QFont f = m_t.font(7.5, true);
        const QFontMetricsF fm(f);
        const double w = fm.horizontalAdvance(text);
        if (bar.width() < w + 8 * m_s)
            return;
        const QRectF r(bar.center().x() - w / 2 - 3 * m_s, bar.center().y() - fm.height() / 2, w + 6 * m_s, fm.height());
        if (r.left() < m_barClipLeft || r.right() > m_barClipRight)
            return;
        m_p->fillRect(r, m_t.background);
        m_p->setFont(f);
        m_p->setPen(m_t.mutedText);
        m_p->drawText(r, Qt::AlignCenter, text);
    }

    // The settle marker, its label and the outline of the span that caused it share one colour.
    QColor markerColor(const PlanTrace &plan) const
    {
        if (m_t.monochrome())
            return m_t.settleMarker;
        if (plan.outcome == PlanOutcome::Rejected)
            return m_t.rejected.darker(m_t.kind == Theme::Kind::Dark ? 80 : 120);
        if (plan.outcome == PlanOutcome::Fulfilled)
            return m_t.kind == Theme::Kind::Dark ? m_t.fulfilled.lighter(110) : m_t.fulfilled.darker(130);
        return m_t.settleMarker;
    }

    void paintSettleMarker(const BandGeometry &band, const PlanTrace &plan, const std::optional<QRectF> &causeBar)
    {
        const std::optional<double> t = m_o.playheadMs;
        const double labelRowTop = band.settleRow.top();
        const QFont f = m_t.font(9.5, true);
        const QFontMetricsF fm(f);
        QString label;
        QColor color = markerColor(plan);
        std::optional<double> markerX;
        if (plan.settledMs && (!t || *plan.settledMs <= *t)) {
            label = settleLabel(plan);
            markerX = x(*plan.settledMs);
        } else if (t) {
            label = QStringLiteral("… not settled yet");
            color = m_t.mutedText;
        } else {
            label = settleLabel(plan);
            color = m_t.mutedText;
        }

        if (markerX && *markerX >= plotLeft() - 1 && *markerX <= plotRight() + 1) {
            const double mx = std::round(*markerX) + 0.5;
            m_p->setPen(QPen(color, 2 * m_s));
            m_p->drawLine(QPointF(mx, band.header.bottom() + 2 * m_s), QPointF(mx, labelRowTop + 6 * m_s));
            if (causeBar) {
                // Connector: a dot where the causing bar meets the marker.
                m_p->setRenderHint(QPainter::Antialiasing, true);
                m_p->setPen(Qt::NoPen);
                m_p->setBrush(color);
                const double r = 3.5 * m_s;
                const QPointF from(std::clamp(causeBar->right(), plotLeft(), plotRight()), causeBar->center().y());
                if (std::abs(from.x() - mx) > 2) {
                    m_p->setPen(QPen(color, 1.2 * m_s, Qt::DashLine));
                    m_p->drawLine(from, QPointF(mx, from.y()));
                    m_p->setPen(Qt::NoPen);
                }
                m_p->drawEllipse(QPointF(mx, from.y()), r, r);
                m_p->setBrush(Qt::NoBrush);
                m_p->setRenderHint(QPainter::Antialiasing, false);
            }
        }

        // The label sits in the band's settle row, right of the marker when it fits.
        // A marker scrolled out of view leaves its label at that edge, with an arrow.
        bool labelAtRight = false;
        if (markerX && *markerX > plotRight() + 1) {
            label += QStringLiteral(" →");
            markerX.reset();
            labelAtRight = true;
        } else if (markerX && *markerX < plotLeft() - 1) {
            label.prepend(QStringLiteral("← "));
            markerX.reset();
        }
        const double textWidthMax = plotRight() - plotLeft();
        const QString shown = fm.elidedText(label, Qt::ElideMiddle, textWidthMax);
        const double w = fm.horizontalAdvance(shown);
        double lx = markerX ? *markerX + 6 * m_s : (labelAtRight ? plotRight() - w : plotLeft());
        if (lx + w > plotRight())
            lx = markerX ? *markerX - 6 * m_s - w : plotRight() - w;
        lx = std::max(lx, plotLeft());
        m_p->setFont(f);
        m_p->setPen(color);
        m_p->drawText(QPointF(lx, labelRowTop + 4 * m_s + fm.ascent()), shown);

        // Why it settled, in one sentence: only once the playhead has passed the settle point.
        const bool settledByNow = !t || (plan.settledMs && *plan.settledMs <= *t);
        if (!plan.explanation.isEmpty() && settledByNow) {
            const QFont ef = m_t.font(9);
            const QFontMetricsF efm(ef);
            const QString sentence = efm.elidedText(plan.explanation, Qt::ElideRight, plotRight() - plotLeft());
            m_p->setFont(ef);
            m_p->setPen(m_t.mutedText);
            m_p->drawText(QPointF(plotLeft(), labelRowTop + 24 * m_s + efm.ascent()), sentence);
        }
    }

    void paintPlayheadLine(double top, double bottom)
    {
        if (!m_o.playheadMs)
            return;
        const double px = x(*m_o.playheadMs);
        if (px < plotLeft() - 1 || px > plotRight() + 1)
            return;
        m_p->setPen(QPen(m_t.playhead, 2 * m_s));
        m_p->drawLine(QPointF(px, top), QPointF(px, bottom));
    }

    // One swatch: the same drawing as a real bar.
    double paintLegendItem(double left, const QRectF &row, const QString &text, BarStyle style, bool discarded)
    {
        const double sw = 26 * m_s;
        const QRectF swatch(left, row.center().y() - m_g.barHeight / 2, sw, m_g.barHeight);
        BarDrawInfo info;
        info.style = style;
        info.discarded = discarded;
        Span dummy;
        paintBarUnclipped(swatch, info, dummy);
        const QFont f = m_t.font(9);
        const QFontMetricsF fm(f);
        m_p->setFont(f);
        m_p->setPen(m_t.text);
        const double textLeft = swatch.right() + ((style == BarStyle::Rejected || style == BarStyle::Aborted) && !discarded ? 20 : 8) * m_s;
        m_p->drawText(QPointF(textLeft, row.center().y() + (fm.ascent() - fm.descent()) / 2), text);
        return textLeft + fm.horizontalAdvance(text) + 18 * m_s;
    }

    void paintBarUnclipped(const QRectF &bar, const BarDrawInfo &info, const Span &span)
    {
        // The legend lives outside the plot columns: lift the plot clamp for it.
        m_barClipLeft = 0;
        m_barClipRight = m_size.width();
        paintBar(bar, info, span);
        m_barClipLeft = plotLeft();
        m_barClipRight = plotRight();
    }

    void paintLegendAndFooter()
    {
        const QRectF row = m_g.legendRect;
        double cursor = row.left();
        cursor = paintLegendItem(cursor, row, QStringLiteral("fulfilled"), BarStyle::Fulfilled, false);
        cursor = paintLegendItem(cursor, row, QStringLiteral("rejected"), BarStyle::Rejected, false);
        cursor = paintLegendItem(cursor, row, QStringLiteral("aborted"), BarStyle::Aborted, false);
        cursor = paintLegendItem(cursor, row, QStringLiteral("pending"), BarStyle::Pending, false);
        cursor = paintLegendItem(cursor, row, QStringLiteral("discarded"), BarStyle::Fulfilled, true);
        if (m_o.playheadMs)
            cursor = paintLegendItem(cursor, row, QStringLiteral("running"), BarStyle::Running, false);
        // Queue wait and settle marker.
        const QFont f = m_t.font(9);
        const QFontMetricsF fm(f);
        const double cy = std::round(row.center().y()) + 0.5;
        m_p->setPen(QPen(m_t.mutedText, 1.2 * m_s, Qt::DotLine));
        m_p->drawLine(QPointF(cursor, cy), QPointF(cursor + 22 * m_s, cy));
        m_p->setFont(f);
        m_p->setPen(m_t.text);
        m_p->drawText(QPointF(cursor + 28 * m_s, row.center().y() + (fm.ascent() - fm.descent()) / 2), QStringLiteral("queued"));
        cursor += 28 * m_s + fm.horizontalAdvance(QStringLiteral("queued")) + 18 * m_s;
        m_p->setPen(QPen(m_t.settleMarker, 2 * m_s));
        m_p->drawLine(QPointF(cursor + 4 * m_s, row.center().y() - 8 * m_s), QPointF(cursor + 4 * m_s, row.center().y() + 8 * m_s));
        m_p->setPen(m_t.text);
        m_p->drawText(QPointF(cursor + 12 * m_s, row.center().y() + (fm.ascent() - fm.descent()) / 2), QStringLiteral("plan settles"));

        const QRectF foot = m_g.footerRect;
        const QFont ff = m_t.font(8.5);
        m_p->setFont(ff);
        m_p->setPen(m_t.mutedText);
        const QString left = QStringLiteral("seed %1 · %2 clock · asyncscope").arg(m_trace.seed).arg(m_trace.clock);
        m_p->drawText(foot, Qt::AlignLeft | Qt::AlignVCenter, left);
        m_p->setPen(QPen(m_t.grid, 1));
        m_p->drawLine(QPointF(foot.left(), std::floor(foot.top()) + 0.5), QPointF(foot.right(), std::floor(foot.top()) + 0.5));
    }

    QPainter *m_p;
    QSize m_size;
    const RunTrace &m_trace;
    const TimelineGeometry &m_g;
    TimeAxis m_axis;
    double m_fullAxisEnd;
    const TimelinePaintOptions &m_o;
    const Theme &m_t;
    double m_s;
    double m_barClipLeft = 0;  // bars are clamped to the plot columns (not in the legend)
    double m_barClipRight = 0;
    std::array<QColor, std::size_t(kStyleCount) * 2> m_fillColors;
    bool m_fillColorsReady = false;
};

} // namespace

QString compactJson(const QJsonValue &value, int maxChars)
{
    QString text;
    if (value.isString()) {
        text = QLatin1Char('"') + value.toString() + QLatin1Char('"');
    } else if (value.isArray()) {
        QStringList parts;
        for (const QJsonValue &v : value.toArray())
            parts.append(v.isString() ? v.toString() : compactJson(v, maxChars));
        text = QLatin1Char('[') + parts.join(QStringLiteral(", ")) + QLatin1Char(']');
    } else if (value.isObject()) {
        // Errors read like JavaScript prints them: "AggregateError [a, b]", "TimeoutError: slow".
        const QJsonObject o = value.toObject();
        if (o.value(QLatin1String("errors")).isArray()) {
            text = o.value(QLatin1String("name")).toString(QStringLiteral("AggregateError")) + QLatin1Char(' ')
                   + compactJson(o.value(QLatin1String("errors")), maxChars);
        } else if (o.contains(QLatin1String("name")) && o.contains(QLatin1String("message"))) {
            text = o.value(QLatin1String("name")).toString() + QStringLiteral(": ") + o.value(QLatin1String("message")).toString();
        } else {
            text = QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
        }
    } else if (value.isDouble()) {
        text = QString::number(value.toDouble());
    } else if (value.isBool()) {
        text = value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    } else if (value.isNull()) {
        text = QStringLiteral("null");
    } else {
        text = QStringLiteral("undefined");
    }
    if (text.size() > maxChars)
        text = text.left(maxChars - 1) + QChar(0x2026);
    return text;
}

QString settleLabel(const PlanTrace &plan)
{
    QString label;
    switch (plan.outcome) {
    case PlanOutcome::Fulfilled:
        label = QStringLiteral("✓ fulfilled at %1 → %2").arg(formatDuration(plan.settledMs.value_or(0)), compactJson(plan.result, 60));
        break;
    case PlanOutcome::Rejected:
        label = QStringLiteral("✗ rejected at %1: %2").arg(formatDuration(plan.settledMs.value_or(0)), compactJson(plan.result, 60));
        break;
    case PlanOutcome::Pending:
        return QStringLiteral("pending (never settles)");
    }
    if (!plan.cause.timer.isEmpty()) {
        label += QStringLiteral("  · by %1").arg(plan.cause.timer);
    } else if (plan.cause.spanIndex >= 0 && plan.cause.spanIndex < plan.spans.size()) {
        const Span &s = plan.spans.at(plan.cause.spanIndex);
        label += QStringLiteral("  · by %1 #%2").arg(s.task).arg(s.instance);
    }
    return label;
}

double TimelinePainter::axisEndMs(const RunTrace &trace)
{
    return asyncscope::axisEndMs(trace);
}

const TimelineGeometry &TimelinePainter::geometry(const RunTrace &trace, quint64 generation, int width,
                                                  const TimelinePaintOptions &options)
{
    TimelineLayoutParams params;
    params.width = width;
    params.scale = options.theme.scale;
    params.showTitle = options.showTitle;
    params.showLegend = options.showLegend;
    return m_layout.geometry(trace, generation, params, options.theme);
}

TimeAxis TimelinePainter::timeAxis(const TimelineGeometry &g, const RunTrace &trace,
                                   const TimelinePaintOptions &options) const
{
    Q_UNUSED(trace); // the axis end comes from the geometry, computed once per trace
    TimeAxis axis;
    axis.startMs = options.viewStartMs.value_or(0);
    axis.endMs = options.viewEndMs.value_or(g.axisEndMs);
    if (!(axis.endMs > axis.startMs))
        axis.endMs = axis.startMs + 1;
    axis.left = g.plotLeft;
    axis.width = g.plotRight - g.plotLeft;
    return axis;
}

int TimelinePainter::requiredHeight(const RunTrace &trace, int width, const TimelinePaintOptions &options)
{
    TimelineLayoutParams params;
    params.width = width;
    params.scale = options.theme.scale;
    params.showTitle = options.showTitle;
    params.showLegend = options.showLegend;
    return int(std::ceil(TimelineLayout::compute(trace, params, options.theme).height));
}

void TimelinePainter::paint(QPainter *painter, const QSize &size, const RunTrace &trace, quint64 generation,
                            const TimelinePaintOptions &options)
{
    const TimelineGeometry &g = geometry(trace, generation, size.width(), options);
    const TimeAxis axis = timeAxis(g, trace, options);
    Renderer renderer(painter, size, trace, g, axis, g.axisEndMs, options);
    renderer.paint();
    m_lastBarCount = renderer.barCount;
}

std::optional<SpanRef> TimelinePainter::spanAt(const RunTrace &trace, quint64 generation, const QSize &size,
                                               const TimelinePaintOptions &options, const QPointF &pos)
{
    const TimelineGeometry &g = geometry(trace, generation, size.width(), options);
    if (pos.y() < g.rulerRect.bottom() || pos.x() < g.plotLeft - 4 || pos.x() > g.plotRight + 4)
        return std::nullopt;
    const TimeAxis axis = timeAxis(g, trace, options);
    const double y = pos.y() + options.scrollY;
    const double slackMs = 3.0 / std::max(axis.pixelsPerMs(), 1e-12);
    const double ms = pixelToTime(axis, pos.x());
    const double fullEnd = g.axisEndMs;
    for (const BandGeometry &band : g.bands) {
        if (y < band.rect.top() || y >= band.rect.bottom())
            continue;
        const PlanTrace &plan = trace.plans.at(band.planIndex);
        for (const LaneGeometry &lane : band.lanes) {
            if (y < lane.rect.top() || y >= lane.rect.bottom())
                continue;
            std::optional<SpanRef> best;
            double bestDistance = slackMs + 1;
            for (int index : lane.spans) {
                const Span &span = plan.spans.at(index);
                if (options.playheadMs && span.startMs > *options.playheadMs)
                    continue;
                double end = span.endOr(fullEnd);
                if (options.playheadMs)
                    end = std::min(end, *options.playheadMs);
                const double distance = ms < span.startMs ? span.startMs - ms : (ms > end ? ms - end : 0);
                if (distance <= slackMs && distance < bestDistance) {
                    bestDistance = distance;
                    best = SpanRef{band.planIndex, index};
                }
            }
            return best;
        }
    }
    return std::nullopt;
}

} // namespace asyncscope
