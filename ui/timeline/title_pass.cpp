#include "title_pass.h"

#include "paint_context.h"

#include <QPainter>

namespace asyncscope {

void TitlePass::paintFixed(PaintContext &context)
{
    const QRectF r = context.geometry.titleRect;
    if (r.isEmpty())
        return;
    QPainter *p = context.painter;
    const MeasuredFont &title = context.fonts.title;
    p->setPen(context.theme.text);
    p->setFont(title.font);
    const QString text = context.options.title.isEmpty() ? context.trace.scenario : context.options.title;
    p->drawText(QPointF(r.left(), r.top() + title.metrics.ascent()),
                title.metrics.elidedText(text, Qt::ElideRight, r.width()));
    if (!context.trace.description.isEmpty()) {
        const MeasuredFont &sub = context.fonts.subtitle;
        p->setFont(sub.font);
        p->setPen(context.theme.mutedText);
        // One line: the layout made room for one.
        const QString desc = QString(context.trace.description).replace(QLatin1Char('\n'), QLatin1Char(' '));
        p->drawText(QPointF(r.left(), r.top() + title.metrics.height() + 4 * context.scale + sub.metrics.ascent()),
                    sub.metrics.elidedText(desc, Qt::ElideRight, r.width()));
    }
}

} // namespace asyncscope
