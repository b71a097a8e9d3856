#include "window_palette.h"

namespace asyncscope {

QPalette windowPalette(const Theme &theme)
{
    const bool dark = theme.background.lightnessF() < 0.5;
    const QColor window = theme.surface;
    const QColor base = theme.background;
    const QColor button = dark ? theme.surface.lighter(125) : theme.surface;
    QPalette p;
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, theme.text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, theme.bandStripe);
    p.setColor(QPalette::Text, theme.text);
    p.setColor(QPalette::Button, button);
    p.setColor(QPalette::ButtonText, theme.text);
    p.setColor(QPalette::BrightText, dark ? QColor(Qt::white) : QColor(Qt::black));
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, theme.text);
    p.setColor(QPalette::PlaceholderText, theme.mutedText);
    p.setColor(QPalette::Highlight, theme.accent);
    p.setColor(QPalette::HighlightedText, theme.accent.lightnessF() < 0.55 ? QColor(Qt::white) : QColor(Qt::black));
    p.setColor(QPalette::Link, theme.accent);
    p.setColor(QPalette::Light, button.lighter(150));
    p.setColor(QPalette::Midlight, button.lighter(115));
    p.setColor(QPalette::Mid, dark ? button.lighter(140) : button.darker(130));
    p.setColor(QPalette::Dark, dark ? button.darker(150) : button.darker(160));
    p.setColor(QPalette::Shadow, QColor(0, 0, 0, dark ? 200 : 90));
    for (QPalette::ColorRole role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, theme.mutedText);
    return p;
}

} // namespace asyncscope
