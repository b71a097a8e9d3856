#pragma once

// Colours, fonts and scale of the timeline picture. One value type shared by
// the widget and every export format, so a screenshot and a slide look alike.
// Outcome colours start from the Okabe–Ito palette (readable for colour-blind
// viewers); the painter adds patterns so they also read in grey print.

#include <QColor>
#include <QFont>
#include <QString>

#include <optional>

namespace asyncscope {

struct Theme
{
    enum class Kind { Light, Dark, Print };
    Kind kind = Kind::Light;
    QString name;                 // "light" | "dark" | "print"

    QColor background;
    QColor surface;               // label column, header and legend panels
    QColor text;
    QColor mutedText;
    QColor grid;
    QColor bandStripe;            // every other band
    QColor fulfilled;
    QColor rejected;
    QColor aborted;
    QColor pending;
    QColor discarded;
    QColor settleMarker;
    QColor playhead;
    QColor highlight;             // the task the user clicked
    QColor accent;                // "fastest" badge, selection
    QColor running;               // a span still running at the playhead

    qreal scale = 1.0;            // presenter mode: bigger fonts, thicker bars

    // A font of `pointSize` (before scaling) in the UI family; monospace for expressions.
    QFont font(qreal pointSize, bool bold = false) const;
    QFont monoFont(qreal pointSize, bool bold = false) const;
    qreal px(qreal logicalPixels) const { return logicalPixels * scale; }

    // Print: black, white and greys only; outcomes differ by pattern.
    bool monochrome() const { return kind == Kind::Print; }

    static Theme light();
    static Theme dark();
    static Theme print();
    static std::optional<Theme> byName(const QString &name);
    static QStringList names();

    // A high-contrast copy at 1.8× for projectors.
    Theme presenter() const;
};

} // namespace asyncscope
