#include "markers_pass.h"

#include "paint_context.h"

#include <QPainter>
#include <QPen>
#include <QRectF>
#include <QStringList>

#include <algorithm>
#include <cmath>
#include <optional>

namespace asyncscope {

QColor settleMarkerColor(const Theme &theme, const PlanTrace &plan)
{
    if (theme.monochrome())
        return theme.settleMarker;
    if (plan.outcome == PlanOutcome::Rejected)
        return theme.rejected.darker(theme.kind == Theme::Kind::Dark ? 80 : 120);
    if (plan.outcome == PlanOutcome::Fulfilled)
        return theme.kind == Theme::Kind::Dark ? theme.fulfilled.lighter(110) : theme.fulfilled.darker(130);
    return theme.settleMarker;
}

QPointF consoleMarkerCentre(const BandGeometry &band, double x, double scale)
{
    // On the header's bottom edge: above the lanes' bars, clear of the plan's name row text baseline.
    return {x, band.header.bottom() - (kConsoleMarkerRadius + 1) * scale};
}

std::optional<QString> consoleLineAt(const TimelineGeometry &geometry, const TimeAxis &axis, const RunTrace &trace,
                                     const QPointF &pos, double scale, std::optional<double> playheadMs)
{
    const double reach = (kConsoleMarkerRadius + 2) * scale;
    for (const BandGeometry &band : geometry.bands) {
        if (pos.y() < band.header.top() || pos.y() > band.header.bottom() + reach)
            continue;
        const PlanTrace &plan = trace.plans.at(band.planIndex);
        QStringList hits; // lines at one time share a marker: all of them
        for (const ConsoleLine &line : plan.console) {
            if (playheadMs && line.atMs > *playheadMs)
                continue;
            const QPointF centre = consoleMarkerCentre(band, timeToPixel(axis, line.atMs), scale);
            if (std::abs(centre.x() - pos.x()) <= reach && std::abs(centre.y() - pos.y()) <= reach)
                hits << QStringLiteral("%1  %2: %3").arg(formatDuration(line.atMs), line.level, line.text);
        }
        if (!hits.isEmpty())
            return hits.join(QLatin1Char('\n'));
    }
    return std::nullopt;
}

namespace {

// Console lines: a small speech-bubble square per distinct time, drawn once the playhead has passed it.
void paintConsoleMarkers(const PaintContext &context, const BandGeometry &band, const PlanTrace &plan)
{
    if (plan.console.isEmpty())
        return;
    QPainter *p = context.painter;
    const double s = context.scale;
    const double r = kConsoleMarkerRadius * s;
    const std::optional<double> t = context.options.playheadMs;
    p->setRenderHint(QPainter::Antialiasing, true);
    p->setPen(QPen(context.theme.background, 1 * s));
    std::optional<double> lastX;
    for (const ConsoleLine &line : plan.console) {
        if (t && line.atMs > *t)
            continue;
        const double x = context.x(line.atMs);
        if (x < context.plotLeft() - r || x > context.plotRight() + r || (lastX && std::abs(*lastX - x) < 1))
            continue;
        lastX = x;
        const QPointF c = consoleMarkerCentre(band, x, s);
        const bool warning = line.level == QLatin1String("warn") || line.level == QLatin1String("error");
        p->setBrush(warning ? context.theme.rejected : context.theme.mutedText);
        p->drawRoundedRect(QRectF(c.x() - r, c.y() - r, 2 * r, 2 * r), 1.5 * s, 1.5 * s);
    }
    p->setBrush(Qt::NoBrush);
    p->setRenderHint(QPainter::Antialiasing, false);
}

void paintSettleMarker(const PaintContext &context, const BandGeometry &band, const PlanTrace &plan,
                       const std::optional<QRectF> &causeBar)
{
    QPainter *p = context.painter;
    const Theme &theme = context.theme;
    const double s = context.scale;
    const double plotLeft = context.plotLeft();
    const double plotRight = context.plotRight();
    const std::optional<double> t = context.options.playheadMs;
    const double labelRowTop = band.settleRow.top();
    const MeasuredFont &f = context.fonts.settleLabel;
    const QFontMetricsF &fm = f.metrics;
    QString label;
    QColor color = settleMarkerColor(theme, plan);
    std::optional<double> markerX;
    if (plan.settledMs && (!t || *plan.settledMs <= *t)) {
        label = settleLabel(plan);
        markerX = context.x(*plan.settledMs);
    } else if (t) {
        label = QStringLiteral("… not settled yet");
        color = theme.mutedText;
    } else {
        label = settleLabel(plan);
        color = theme.mutedText;
    }

    if (markerX && *markerX >= plotLeft - 1 && *markerX <= plotRight + 1) {
        const double mx = std::round(*markerX) + 0.5;
        p->setPen(QPen(color, 2 * s));
        p->drawLine(QPointF(mx, band.header.bottom() + 2 * s), QPointF(mx, labelRowTop + 6 * s));
        if (causeBar) {
            // Connector: a dot where the causing bar meets the marker.
            p->setRenderHint(QPainter::Antialiasing, true);
            p->setPen(Qt::NoPen);
            p->setBrush(color);
            const double r = 3.5 * s;
            const QPointF from(std::clamp(causeBar->right(), plotLeft, plotRight), causeBar->center().y());
            if (std::abs(from.x() - mx) > 2) {
                p->setPen(QPen(color, 1.2 * s, Qt::DashLine));
                p->drawLine(from, QPointF(mx, from.y()));
                p->setPen(Qt::NoPen);
            }
            p->drawEllipse(QPointF(mx, from.y()), r, r);
            p->setBrush(Qt::NoBrush);
            p->setRenderHint(QPainter::Antialiasing, false);
        }
    }

    // The label sits in the band's settle row, right of the marker when it fits.
    // A marker scrolled out of view leaves its label at that edge, with an arrow.
    bool labelAtRight = false;
    if (markerX && *markerX > plotRight + 1) {
        label += QStringLiteral(" →");
        markerX.reset();
        labelAtRight = true;
    } else if (markerX && *markerX < plotLeft - 1) {
        label.prepend(QStringLiteral("← "));
        markerX.reset();
    }
    const double textWidthMax = plotRight - plotLeft;
    const QString shown = fm.elidedText(label, Qt::ElideMiddle, textWidthMax);
    const double w = fm.horizontalAdvance(shown);
    double lx = markerX ? *markerX + 6 * s : (labelAtRight ? plotRight - w : plotLeft);
    if (lx + w > plotRight)
        lx = markerX ? *markerX - 6 * s - w : plotRight - w;
    lx = std::max(lx, plotLeft);
    p->setFont(f.font);
    p->setPen(color);
    p->drawText(QPointF(lx, labelRowTop + 4 * s + fm.ascent()), shown);

    // Why it settled, in one sentence: only once the playhead has passed the settle point.
    const bool settledByNow = !t || (plan.settledMs && *plan.settledMs <= *t);
    if (!plan.explanation.isEmpty() && settledByNow) {
        const MeasuredFont &ef = context.fonts.axis;
        const QString sentence = ef.metrics.elidedText(plan.explanation, Qt::ElideRight, plotRight - plotLeft);
        p->setFont(ef.font);
        p->setPen(theme.mutedText);
        p->drawText(QPointF(plotLeft, labelRowTop + 24 * s + ef.metrics.ascent()), sentence);
    }
}

void paintPlayheadLine(const PaintContext &context, double top, double bottom)
{
    if (!context.options.playheadMs)
        return;
    const double px = context.x(*context.options.playheadMs);
    if (px < context.plotLeft() - 1 || px > context.plotRight() + 1)
        return;
    context.painter->setPen(QPen(context.theme.playhead, 2 * context.scale));
    context.painter->drawLine(QPointF(px, top), QPointF(px, bottom));
}

void paintPlayheadHandle(const PaintContext &context)
{
    const double px = context.x(*context.options.playheadMs);
    if (px < context.plotLeft() - 1 || px > context.plotRight() + 1)
        return;
    QPainter *p = context.painter;
    const Theme &t = context.theme;
    const double s = context.scale;
    const QRectF r = context.geometry.rulerRect;
    const QString label = formatDuration(*context.options.playheadMs);
    const MeasuredFont &f = context.fonts.playhead;
    const double w = f.metrics.horizontalAdvance(label) + 10 * s;
    const double h = f.metrics.height() + 2 * s;
    QRectF pill(px - w / 2, r.top() + 2 * s, w, h);
    pill.moveLeft(std::max(0.0, std::min(pill.left(), context.size.width() - w))); // a pill wider than the picture starts at 0
    p->setRenderHint(QPainter::Antialiasing, true);
    p->setPen(Qt::NoPen);
    p->setBrush(t.playhead);
    p->drawRoundedRect(pill, 3 * s, 3 * s);
    p->setFont(f.font);
    p->setPen(t.monochrome() ? QColor(Qt::white) : t.background);
    p->drawText(pill, Qt::AlignCenter, label);
    p->setRenderHint(QPainter::Antialiasing, false);
    p->setPen(QPen(t.playhead, 2 * s));
    p->drawLine(QPointF(px, pill.bottom()), QPointF(px, r.bottom()));
}

} // namespace

void MarkersPass::paintBand(PaintContext &context, int bandIndex)
{
    const BandGeometry &band = context.geometry.bands.at(bandIndex);
    const PlanTrace &plan = context.trace.plans.at(band.planIndex);
    paintSettleMarker(context, band, plan, context.causeBars.at(std::size_t(bandIndex)));
    paintConsoleMarkers(context, band, plan);
}

void MarkersPass::paintOverBands(PaintContext &context)
{
    paintPlayheadLine(context, context.geometry.bandsTop, context.geometry.bandsBottom);
}

void MarkersPass::paintFixed(PaintContext &context)
{
    if (context.options.playheadMs)
        paintPlayheadHandle(context);
}

} // namespace asyncscope
