#include "ruler_pass.h"

#include "paint_context.h"

#include <QPainter>
#include <QPen>

#include <algorithm>
#include <cmath>

namespace asyncscope {

void paintGridLines(const PaintContext &context, double top, double bottom)
{
    QPainter *p = context.painter;
    p->setPen(QPen(context.theme.grid, 1));
    for (const RulerTick &tick : context.ticks) {
        const double tx = std::round(context.x(tick.ms)) + 0.5;
        p->drawLine(QPointF(tx, top), QPointF(tx, bottom));
    }
}

void RulerPass::paintUnderBands(PaintContext &context)
{
    const TimelineGeometry &g = context.geometry;
    context.painter->fillRect(QRectF(0, g.bandsTop, g.labelRight, g.bandsBottom - g.bandsTop), context.theme.surface);
    paintGridLines(context, g.bandsTop, g.bandsBottom);
}

void RulerPass::paintFixed(PaintContext &context)
{
    QPainter *p = context.painter;
    const Theme &t = context.theme;
    const double s = context.scale;
    const TimelineGeometry &g = context.geometry;
    const QRectF r = g.rulerRect;
    // Opaque: the bands scroll underneath.
    p->fillRect(r, t.background);
    p->fillRect(QRectF(0, r.top(), g.labelRight, r.height()), t.surface);
    const QFontMetricsF &fm = context.fonts.axis.metrics;
    p->setFont(context.fonts.axis.font);
    p->setPen(QPen(t.mutedText, 1));
    for (const RulerTick &tick : context.ticks) {
        const double tx = std::round(context.x(tick.ms)) + 0.5;
        p->drawLine(QPointF(tx, r.bottom() - 6 * s), QPointF(tx, r.bottom()));
        const double w = fm.horizontalAdvance(tick.label);
        double lx = tx - w / 2;
        // The first and last labels stay readable at the picture's edges.
        // (Not std::clamp: on a very narrow picture the right bound passes the left one.)
        lx = std::max(context.plotLeft() - 8 * s, std::min(lx, context.size.width() - w - 2));
        p->setPen(t.text);
        p->drawText(QPointF(lx, r.bottom() - 10 * s), tick.label);
        p->setPen(QPen(t.mutedText, 1));
    }
    p->setPen(QPen(t.mutedText, 1));
    p->drawLine(QPointF(context.plotLeft(), std::floor(r.bottom()) - 0.5),
                QPointF(context.plotRight(), std::floor(r.bottom()) - 0.5));
    // The axis unit, in the label column.
    p->setPen(t.mutedText);
    p->drawText(QRectF(8 * s, r.top(), g.labelRight - 16 * s, r.height() - 6 * s), Qt::AlignLeft | Qt::AlignBottom,
                QStringLiteral("time →"));
}

} // namespace asyncscope
