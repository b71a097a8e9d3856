#include "bar_style.h"

#include "paint_context.h"
#include "theme.h"

#include <QBrush>
#include <QImage>
#include <QLineF>
#include <QPainter>
#include <QPen>
#include <QString>
#include <QVarLengthArray>

#include <algorithm>
#include <cmath>
#include <vector>

namespace asyncscope {

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

QColor desaturated(const QColor &c, const Theme &theme)
{
    const QColor bg = theme.background;
    const int grey = qGray(c.rgb());
    auto mix = [](int a, int b, double t) { return int(std::lround(a * (1 - t) + b * t)); };
    return QColor(mix(mix(c.red(), grey, 0.6), bg.red(), 0.35), mix(mix(c.green(), grey, 0.6), bg.green(), 0.35),
                  mix(mix(c.blue(), grey, 0.6), bg.blue(), 0.35));
}

namespace {

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

// The line hatch of drawHatch as a brush: a spacing × spacing tile whose pixels on
// x + y ≡ 0 (rising) or x − y ≡ 0 (falling) are `ink`, the others `fill` (which may
// be transparent, for the zombie overlay). Filled with fillRect, a bar's hatch costs
// what its pixels cost, not a stroke per line. Tiles are kept per thread (exports
// may paint on another one), a handful per theme.
QBrush hatchBrush(const QColor &fill, const QColor &ink, double spacing, bool rising, bool falling)
{
    struct Tile
    {
        QRgb fill;
        QRgb ink;
        int size;
        bool rising;
        bool falling;
        QBrush brush;
    };
    thread_local std::vector<Tile> tiles;
    const int size = std::max(2, int(std::lround(spacing)));
    const QRgb fillRgb = fill.rgba(), inkRgb = ink.rgba();
    for (const Tile &tile : tiles) {
        if (tile.fill == fillRgb && tile.ink == inkRgb && tile.size == size && tile.rising == rising
            && tile.falling == falling)
            return tile.brush;
    }
    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    const QRgb fillPremultiplied = qPremultiply(fillRgb), inkPremultiplied = qPremultiply(inkRgb);
    for (int y = 0; y < size; ++y) {
        for (int x = 0; x < size; ++x) {
            const bool onLine = (rising && (x + y) % size == 0) || (falling && (x - y + size) % size == 0);
            image.setPixel(x, y, onLine ? inkPremultiplied : fillPremultiplied);
        }
    }
    if (tiles.size() >= 32)
        tiles.clear(); // themes come and go; the few of the current one are built again
    tiles.push_back(Tile{fillRgb, inkRgb, size, rising, falling, QBrush(image)});
    return tiles.back().brush;
}

// Rejected: an "×" just past the end, where the span failed.
void paintEndCross(const PaintContext &context, const QRectF &bar, const QColor &ink)
{
    QPainter *p = context.painter;
    const double s = context.scale;
    const double c = bar.height() * 0.35;
    const QPointF e(bar.right() + c + 2 * s, bar.center().y());
    p->setRenderHint(QPainter::Antialiasing, true);
    p->setPen(QPen(ink, 2 * s));
    p->drawLine(e + QPointF(-c, -c), e + QPointF(c, c));
    p->drawLine(e + QPointF(-c, c), e + QPointF(c, -c));
    p->setRenderHint(QPainter::Antialiasing, false);
}

// The same "×" drawn once into a small image per ink, scale and quarter-pixel
// offset, then stamped: for lanes with a level of detail, where a frame may hold
// thousands of rejected runs and an antialiased stroke each was a good part of it.
void stampEndCross(const PaintContext &context, const QRectF &bar, const QColor &ink)
{
    struct Stamp
    {
        QRgb ink;
        double scale;
        int phase; // quarter pixels of the cross centre, x and y
        QImage image;
    };
    thread_local std::vector<Stamp> stamps;
    const double s = context.scale;
    const double c = bar.height() * 0.35;
    const QPointF e(bar.right() + c + 2 * s, bar.center().y());
    const int margin = int(std::ceil(c + 2 * s)) + 1;
    const QPointF origin(std::floor(e.x()) - margin, std::floor(e.y()) - margin);
    const int phase = int((e.x() - std::floor(e.x())) * 4) * 4 + int((e.y() - std::floor(e.y())) * 4);
    const QRgb inkRgb = ink.rgba();
    const Stamp *found = nullptr;
    for (const Stamp &stamp : stamps) {
        if (stamp.ink == inkRgb && stamp.scale == s && stamp.phase == phase
            && stamp.image.width() == 2 * margin + 1) {
            found = &stamp;
            break;
        }
    }
    if (!found) {
        QImage image(2 * margin + 1, 2 * margin + 1, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::transparent);
        QPainter p(&image);
        p.setRenderHint(QPainter::Antialiasing, true);
        p.setPen(QPen(ink, 2 * s));
        const QPointF local(margin + (phase / 4) / 4.0, margin + (phase % 4) / 4.0);
        p.drawLine(local + QPointF(-c, -c), local + QPointF(c, c));
        p.drawLine(local + QPointF(-c, c), local + QPointF(c, -c));
        p.end();
        if (stamps.size() >= 64)
            stamps.clear();
        stamps.push_back(Stamp{inkRgb, s, phase, image});
        found = &stamps.back();
    }
    context.painter->drawImage(origin, found->image);
}

// Inside the bar, only if it fits there whole: a clipped word reads as noise.
void paintInlineLabel(const PaintContext &context, const QRectF &bar, const QString &text, const BarClip &clip)
{
    QPainter *p = context.painter;
    const double s = context.scale;
    const MeasuredFont &f = context.fonts.barLabel;
    const QFontMetricsF &fm = f.metrics;
    const double w = fm.horizontalAdvance(text);
    if (bar.width() < w + 8 * s)
        return;
    const QRectF r(bar.center().x() - w / 2 - 3 * s, bar.center().y() - fm.height() / 2, w + 6 * s, fm.height());
    if (r.left() < clip.left || r.right() > clip.right)
        return;
    p->fillRect(r, context.theme.background);
    p->setFont(f.font);
    p->setPen(context.theme.mutedText);
    p->drawText(r, Qt::AlignCenter, text);
}

} // namespace

void paintBar(const PaintContext &context, const QRectF &bar, const BarDrawInfo &info, const BarClip &clip)
{
    QPainter *p = context.painter;
    const Theme &t = context.theme;
    const double s = context.scale;
    const bool mono = t.monochrome();
    QColor base = colorOf(t, info.style);
    if (info.discarded)
        base = mono ? t.discarded.lighter(125) : desaturated(base, t); // print: light, so the hatch shows
    const QColor ink = mono ? QColor(Qt::black) : (t.kind == Theme::Kind::Dark ? base.lighter(140) : base.darker(150));
    const double hatchSpacing = 5 * s;
    const bool roomy = bar.width() >= 3;
    QRectF visibleBar = bar.intersected(QRectF(clip.left - 2, bar.top(), clip.right - clip.left + 4, bar.height()));
    if (visibleBar.isEmpty())
        return;

    switch (info.style) {
    case BarStyle::Fulfilled:
        p->fillRect(visibleBar, base);
        break;
    case BarStyle::Rejected:
        // Light fill with a cross-hatch: reads as "failed" without colour.
        if (roomy && info.tiledHatch) {
            p->fillRect(visibleBar, hatchBrush(mono ? QColor(Qt::white) : blend(base, t.background, 0.55),
                                               mono ? QColor(Qt::black) : base, hatchSpacing, true, true));
            break;
        }
        p->fillRect(visibleBar, mono ? QColor(Qt::white) : blend(base, t.background, 0.55));
        if (roomy) {
            p->setPen(QPen(mono ? QColor(Qt::black) : base, 1));
            drawHatch(p, visibleBar, hatchSpacing, true);
            drawHatch(p, visibleBar, hatchSpacing, false);
        }
        break;
    case BarStyle::Aborted:
        if (roomy && info.tiledHatch) {
            p->fillRect(visibleBar, hatchBrush(mono ? QColor::fromRgb(0xd8d8d8) : blend(base, t.background, 0.45),
                                               mono ? QColor::fromRgb(0x444444) : base.darker(120),
                                               hatchSpacing * 1.2, true, false));
            break;
        }
        p->fillRect(visibleBar, mono ? QColor::fromRgb(0xd8d8d8) : blend(base, t.background, 0.45));
        if (roomy) {
            p->setPen(QPen(mono ? QColor::fromRgb(0x444444) : base.darker(120), 1.2));
            drawHatch(p, visibleBar, hatchSpacing * 1.2, true);
        }
        break;
    case BarStyle::Pending:
        break; // outline only, below
    case BarStyle::Running: {
        QColor fill = base;
        if (!mono)
            fill.setAlpha(200);
        p->fillRect(visibleBar, fill);
        break;
    }
    }

    // Outlines say the rest: solid for settled, dotted for aborted, dashed and open for pending.
    const QRectF o = visibleBar.adjusted(0.5, 0.5, -0.5, -0.5);
    switch (info.style) {
    case BarStyle::Fulfilled:
        if (mono) {
            p->setPen(QPen(Qt::black, 1));
            p->setBrush(Qt::NoBrush);
            p->drawRect(o);
        }
        break;
    case BarStyle::Rejected:
        if (info.tiledHatch) {
            // Four fills instead of a 1.2 px stroke (the stroker was a good part of a frame), and
            // never a pixel outside the bar: BandsPass leaves out bars painted over whole.
            const double w = std::max(1.0, std::round(1.2 * s));
            const QRectF &v = visibleBar;
            p->fillRect(QRectF(v.left(), v.top(), v.width(), w), ink);
            p->fillRect(QRectF(v.left(), v.bottom() - w, v.width(), w), ink);
            p->fillRect(QRectF(v.left(), v.top(), w, v.height()), ink);
            p->fillRect(QRectF(v.right() - w, v.top(), w, v.height()), ink);
        } else {
            p->setPen(QPen(ink, 1.2 * s));
            p->setBrush(Qt::NoBrush);
            p->drawRect(o);
        }
        if (!info.discarded && bar.right() <= clip.right + 1) {
            if (info.tiledHatch)
                stampEndCross(context, bar, ink);
            else
                paintEndCross(context, bar, ink);
        }
        break;
    case BarStyle::Aborted: {
        QPen pen(ink, 1.2 * s, Qt::DotLine);
        p->setPen(pen);
        p->setBrush(Qt::NoBrush);
        p->drawRect(o);
        if (bar.right() <= clip.right + 1) {
            // "/" end cap: cut short.
            p->setRenderHint(QPainter::Antialiasing, true);
            p->setPen(QPen(ink, 2 * s));
            p->drawLine(QPointF(bar.right() - 3 * s, bar.bottom() + 2 * s),
                        QPointF(bar.right() + 3 * s, bar.top() - 2 * s));
            p->setRenderHint(QPainter::Antialiasing, false);
        }
        break;
    }
    case BarStyle::Pending: {
        QPen pen(mono ? QColor::fromRgb(0x555555) : base, 1.5 * s, Qt::DashLine);
        p->setPen(pen);
        const double l = o.left();
        const double r = std::min(o.right(), clip.right);
        p->drawLine(QPointF(l, o.top()), QPointF(r, o.top()));
        p->drawLine(QPointF(l, o.bottom()), QPointF(r, o.bottom()));
        if (bar.left() >= clip.left)
            p->drawLine(QPointF(l, o.top()), QPointF(l, o.bottom()));
        // "… never settles": an arrow head at the open end.
        if (info.openRight && bar.right() >= clip.right - 1) {
            p->setRenderHint(QPainter::Antialiasing, true);
            const double cy = o.center().y();
            p->setPen(QPen(mono ? QColor::fromRgb(0x555555) : base, 1.5 * s));
            p->drawLine(QPointF(r - 6 * s, cy - 4 * s), QPointF(r, cy));
            p->drawLine(QPointF(r - 6 * s, cy + 4 * s), QPointF(r, cy));
            p->setRenderHint(QPainter::Antialiasing, false);
        }
        break;
    }
    case BarStyle::Running:
        p->setPen(QPen(mono ? QColor(Qt::black) : base.darker(130), 1));
        p->setBrush(Qt::NoBrush);
        p->drawLine(QPointF(o.right(), o.top()), QPointF(o.right(), o.bottom()));
        break;
    }

    if (info.discarded && info.style != BarStyle::Running) {
        // Zombie: a hatched overlay and a label; its result is thrown away.
        if (roomy && info.tiledHatch) {
            p->fillRect(visibleBar, hatchBrush(Qt::transparent, mono ? QColor::fromRgb(0x505050) : t.mutedText, 4 * s,
                                               false, true));
        } else if (roomy) {
            p->setPen(QPen(mono ? QColor::fromRgb(0x505050) : t.mutedText, 1));
            drawHatch(p, visibleBar, 4 * s, false);
        }
        paintInlineLabel(context, bar, QStringLiteral("zombie"), clip);
    }
    if (info.highlighted || info.hovered || info.isCause) {
        p->setRenderHint(QPainter::Antialiasing, true);
        p->setBrush(Qt::NoBrush);
        if (info.isCause) {
            p->setPen(QPen(info.causeColor, 2 * s));
            p->drawRoundedRect(visibleBar.adjusted(-2 * s, -2 * s, 2 * s, 2 * s), 2 * s, 2 * s);
        }
        if (info.highlighted || info.hovered) {
            p->setPen(QPen(mono ? QColor(Qt::black) : (info.hovered ? t.text : t.highlight.darker(130)), 1.5 * s,
                           info.hovered ? Qt::SolidLine : Qt::DashLine));
            p->drawRect(visibleBar.adjusted(-1, -1, 1, 1));
        }
        p->setRenderHint(QPainter::Antialiasing, false);
    }
}

} // namespace asyncscope
