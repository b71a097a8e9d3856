#include "theme.h"

#include <QStringList>

#include <algorithm>

namespace asyncscope {

namespace {

// Fixed families keep exports identical from machine to machine where these
// fonts exist (DejaVu ships with Debian); Qt falls back otherwise.
const QString kSansFamily = QStringLiteral("DejaVu Sans");
const QString kMonoFamily = QStringLiteral("DejaVu Sans Mono");

QFont makeFont(const QString &family, QFont::StyleHint hint, qreal pointSize, bool bold, qreal scale)
{
    QFont f(family);
    f.setStyleHint(hint);
    // Pixel sizes (96 dpi points): the same metrics on a QImage, in SVG and in a
    // scaled PDF page, whatever each device's own resolution.
    f.setPixelSize(std::max(1, qRound(pointSize * scale * 96.0 / 72.0)));
    f.setBold(bold);
    // Exact metrics: the same text width at every zoom and in every export.
    f.setHintingPreference(QFont::PreferNoHinting);
    return f;
}

} // namespace

QFont Theme::font(qreal pointSize, bool bold) const
{
    return makeFont(kSansFamily, QFont::SansSerif, pointSize, bold, scale);
}

QFont Theme::monoFont(qreal pointSize, bool bold) const
{
    return makeFont(kMonoFamily, QFont::Monospace, pointSize, bold, scale);
}

Theme Theme::light()
{
    Theme t;
    t.kind = Kind::Light;
    t.name = QStringLiteral("light");
    t.background = QColor::fromRgb(0xffffff);
    t.surface = QColor::fromRgb(0xf4f5f7);
    t.text = QColor::fromRgb(0x1f2328);
    t.mutedText = QColor::fromRgb(0x656d76);
    t.grid = QColor::fromRgb(0xe3e6ea);
    t.bandStripe = QColor::fromRgb(0xf8f9fb);
    t.fulfilled = QColor::fromRgb(0x009e73);   // Okabe–Ito bluish green
    t.rejected = QColor::fromRgb(0xd55e00);    // vermillion
    t.aborted = QColor::fromRgb(0xe69f00);     // orange
    t.pending = QColor::fromRgb(0x8c959f);
    t.discarded = QColor::fromRgb(0xa8b0b8);
    t.settleMarker = QColor::fromRgb(0x0072b2); // blue
    t.playhead = QColor::fromRgb(0xcc79a7);    // reddish purple
    t.highlight = QColor::fromRgb(0xf0e442);   // yellow
    t.accent = QColor::fromRgb(0x0072b2);
    t.running = QColor::fromRgb(0x56b4e9);     // sky blue
    return t;
}

Theme Theme::dark()
{
    Theme t;
    t.kind = Kind::Dark;
    t.name = QStringLiteral("dark");
    t.background = QColor::fromRgb(0x16191d);
    t.surface = QColor::fromRgb(0x22262c);
    t.text = QColor::fromRgb(0xe6edf3);
    t.mutedText = QColor::fromRgb(0x9aa4ae);
    t.grid = QColor::fromRgb(0x30363d);
    t.bandStripe = QColor::fromRgb(0x1c2025);
    t.fulfilled = QColor::fromRgb(0x1fbf8f);
    t.rejected = QColor::fromRgb(0xf07a3a);
    t.aborted = QColor::fromRgb(0xf0b429);
    t.pending = QColor::fromRgb(0x8b949e);
    t.discarded = QColor::fromRgb(0x5d656e);
    t.settleMarker = QColor::fromRgb(0x56b4e9);
    t.playhead = QColor::fromRgb(0xe58fc0);
    t.highlight = QColor::fromRgb(0xf0e442);
    t.accent = QColor::fromRgb(0x56b4e9);
    t.running = QColor::fromRgb(0x56b4e9);
    return t;
}

Theme Theme::print()
{
    Theme t;
    t.kind = Kind::Print;
    t.name = QStringLiteral("print");
    t.background = QColor::fromRgb(0xffffff);
    t.surface = QColor::fromRgb(0xf2f2f2);
    t.text = QColor::fromRgb(0x000000);
    t.mutedText = QColor::fromRgb(0x555555);
    t.grid = QColor::fromRgb(0xdddddd);
    t.bandStripe = QColor::fromRgb(0xf7f7f7);
    t.fulfilled = QColor::fromRgb(0x404040);   // solid dark grey
    t.rejected = QColor::fromRgb(0x000000);    // black cross-hatch on white
    t.aborted = QColor::fromRgb(0x707070);     // diagonal lines
    t.pending = QColor::fromRgb(0x808080);     // dashed outline
    t.discarded = QColor::fromRgb(0xb0b0b0);
    t.settleMarker = QColor::fromRgb(0x000000);
    t.playhead = QColor::fromRgb(0x000000);
    t.highlight = QColor::fromRgb(0x000000);
    t.accent = QColor::fromRgb(0x000000);
    t.running = QColor::fromRgb(0x9a9a9a);
    return t;
}

std::optional<Theme> Theme::byName(const QString &name)
{
    const QString n = name.trimmed().toLower();
    if (n == QLatin1String("light"))
        return light();
    if (n == QLatin1String("dark"))
        return dark();
    if (n == QLatin1String("print"))
        return print();
    return std::nullopt;
}

QStringList Theme::names()
{
    return {QStringLiteral("light"), QStringLiteral("dark"), QStringLiteral("print")};
}

Theme Theme::presenter() const
{
    Theme t = *this;
    t.scale = 1.8;
    // More contrast for a washed-out projector: text to the extreme, grid a bit stronger.
    if (kind == Kind::Dark) {
        t.text = QColor::fromRgb(0xffffff);
        t.mutedText = QColor::fromRgb(0xc9d1d9);
        t.background = QColor::fromRgb(0x0d1117);
    } else {
        t.text = QColor::fromRgb(0x000000);
        t.mutedText = QColor::fromRgb(0x33383e);
        t.grid = t.grid.darker(115);
    }
    return t;
}

} // namespace asyncscope
