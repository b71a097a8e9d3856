#include "legend_pass.h"

#include "bar_style.h"
#include "paint_context.h"

#include <QPainter>
#include <QPen>

#include <cmath>

namespace asyncscope {

namespace {

// One swatch and its word; returns where the next item starts.
double paintLegendItem(const PaintContext &context, double left, const QRectF &row, const QString &text,
                       BarStyle style, bool discarded)
{
    QPainter *p = context.painter;
    const double s = context.scale;
    const double sw = 26 * s;
    const QRectF swatch(left, row.center().y() - context.geometry.barHeight / 2, sw, context.geometry.barHeight);
    BarDrawInfo info;
    info.style = style;
    info.discarded = discarded;
    // The legend lives outside the plot columns: no plot clamp for it.
    paintBar(context, swatch, info, BarClip{0, double(context.size.width())});
    const MeasuredFont &f = context.fonts.axis;
    p->setFont(f.font);
    p->setPen(context.theme.text);
    // Rejected and aborted swatches have an end cap past their right edge.
    const double textLeft
        = swatch.right() + ((style == BarStyle::Rejected || style == BarStyle::Aborted) && !discarded ? 20 : 8) * s;
    p->drawText(QPointF(textLeft, row.center().y() + (f.metrics.ascent() - f.metrics.descent()) / 2), text);
    return textLeft + f.metrics.horizontalAdvance(text) + 18 * s;
}

void paintFooter(const PaintContext &context)
{
    QPainter *p = context.painter;
    const QRectF foot = context.geometry.footerRect;
    p->setFont(context.fonts.footer.font);
    p->setPen(context.theme.mutedText);
    const QString left
        = QStringLiteral("seed %1 · %2 clock · asyncscope").arg(context.trace.seed).arg(context.trace.clock);
    p->drawText(foot, Qt::AlignLeft | Qt::AlignVCenter, left);
    p->setPen(QPen(context.theme.grid, 1));
    const double y = std::floor(foot.top()) + 0.5;
    p->drawLine(QPointF(foot.left(), y), QPointF(foot.right(), y));
}

} // namespace

void LegendPass::paintOverBands(PaintContext &context)
{
    const QRectF row = context.geometry.legendRect;
    if (row.isEmpty())
        return;
    QPainter *p = context.painter;
    const Theme &t = context.theme;
    const double s = context.scale;
    double cursor = row.left();
    cursor = paintLegendItem(context, cursor, row, QStringLiteral("fulfilled"), BarStyle::Fulfilled, false);
    cursor = paintLegendItem(context, cursor, row, QStringLiteral("rejected"), BarStyle::Rejected, false);
    cursor = paintLegendItem(context, cursor, row, QStringLiteral("aborted"), BarStyle::Aborted, false);
    cursor = paintLegendItem(context, cursor, row, QStringLiteral("pending"), BarStyle::Pending, false);
    cursor = paintLegendItem(context, cursor, row, QStringLiteral("discarded"), BarStyle::Fulfilled, true);
    // Running bars exist only at a playhead.
    if (context.options.playheadMs)
        cursor = paintLegendItem(context, cursor, row, QStringLiteral("running"), BarStyle::Running, false);
    // Queue wait and settle marker.
    const MeasuredFont &f = context.fonts.axis;
    const double textY = row.center().y() + (f.metrics.ascent() - f.metrics.descent()) / 2;
    const double cy = std::round(row.center().y()) + 0.5;
    p->setPen(QPen(t.mutedText, 1.2 * s, Qt::DotLine));
    p->drawLine(QPointF(cursor, cy), QPointF(cursor + 22 * s, cy));
    p->setFont(f.font);
    p->setPen(t.text);
    p->drawText(QPointF(cursor + 28 * s, textY), QStringLiteral("queued"));
    cursor += 28 * s + f.metrics.horizontalAdvance(QStringLiteral("queued")) + 18 * s;
    p->setPen(QPen(t.settleMarker, 2 * s));
    p->drawLine(QPointF(cursor + 4 * s, row.center().y() - 8 * s), QPointF(cursor + 4 * s, row.center().y() + 8 * s));
    p->setPen(t.text);
    p->drawText(QPointF(cursor + 12 * s, textY), QStringLiteral("plan settles"));

    paintFooter(context);
}

} // namespace asyncscope
