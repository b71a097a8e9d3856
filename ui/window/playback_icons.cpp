#include "playback_icons.h"

#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace asyncscope {

namespace {

// All shapes on a 24×24 grid, scaled to the pixmap.
QPainterPath triangle(qreal left, qreal right, bool pointsRight)
{
    QPainterPath path;
    if (pointsRight) {
        path.moveTo(left, 5);
        path.lineTo(right, 12);
        path.lineTo(left, 19);
    } else {
        path.moveTo(right, 5);
        path.lineTo(left, 12);
        path.lineTo(right, 19);
    }
    path.closeSubpath();
    return path;
}

void draw(QPainter &p, PlaybackIcon kind, const QColor &color)
{
    p.setPen(Qt::NoPen);
    p.setBrush(color);
    switch (kind) {
    case PlaybackIcon::Play:
        p.drawPath(triangle(7, 19, true));
        break;
    case PlaybackIcon::Pause:
        p.drawRect(QRectF(6, 5, 4, 14));
        p.drawRect(QRectF(14, 5, 4, 14));
        break;
    case PlaybackIcon::StepBack: // |◀ : to the previous event
        p.drawRect(QRectF(5, 5, 2.5, 14));
        p.drawPath(triangle(8, 19, false));
        break;
    case PlaybackIcon::StepForward: // ▶|
        p.drawPath(triangle(5, 16, true));
        p.drawRect(QRectF(16.5, 5, 2.5, 14));
        break;
    case PlaybackIcon::ToStart: // |◀◀
        p.drawRect(QRectF(3, 5, 2.5, 14));
        p.drawPath(triangle(5.5, 13, false));
        p.drawPath(triangle(13, 21, false));
        break;
    case PlaybackIcon::ToEnd: // ▶▶|
        p.drawPath(triangle(3, 11, true));
        p.drawPath(triangle(11, 18.5, true));
        p.drawRect(QRectF(18.5, 5, 2.5, 14));
        break;
    case PlaybackIcon::Restart: { // ↻
        QPen pen(color, 2.5, Qt::SolidLine, Qt::RoundCap);
        p.setPen(pen);
        p.setBrush(Qt::NoBrush);
        p.drawArc(QRectF(5, 5, 14, 14), 90 * 16, 270 * 16);
        p.setPen(Qt::NoPen);
        p.setBrush(color);
        QPainterPath head;
        head.moveTo(12, 1.5);
        head.lineTo(17, 5);
        head.lineTo(12, 8.5);
        head.closeSubpath();
        p.drawPath(head);
        break;
    }
    }
}

} // namespace

QIcon playbackIcon(PlaybackIcon kind, const QColor &color)
{
    // Drawn on a 24-unit grid, scaled to each size.
    auto rendered = [kind](int size, const QColor &ink) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.scale(size / 24.0, size / 24.0);
        draw(painter, kind, ink);
        return pixmap;
    };
    QColor faded = color;
    faded.setAlphaF(0.35);
    QIcon icon;
    for (int size : {16, 24, 32, 48, 64}) {
        icon.addPixmap(rendered(size, color), QIcon::Normal);
        icon.addPixmap(rendered(size, faded), QIcon::Disabled);
    }
    return icon;
}

} // namespace asyncscope
