#pragma once

// Fitting the summary charts' texts into the room Qt Charts gives them. Left
// alone, Qt Charts cuts a label that is wider than its share to "..." (a plan
// name under a box plot gets the plot's width / (plans + 2)); here the names
// keep their letters: a smaller type, down to a floor that still reads, or two
// lines broken where a person would break them ("auth-then-" / "all").
// Pure functions of fonts and widths, so tests measure them without a chart.

#include "theme.h"

#include <QFont>
#include <QFontMetricsF>
#include <QStringList>

namespace asyncscope {

// The smallest type a chart label is given, in pixels (about 7 pt at 96 dpi).
inline constexpr int kMinChartLabelPixels = 9;

struct FittedLabels
{
    QFont font;
    QStringList labels; // Qt Charts shows labels as rich text: HTML-escaped, "<br>" between lines
    int lines = 1;      // the most lines of any label
    bool fits = false;  // false: even the floor's type on two lines is too wide (the labels are the last try)
};

// "auth-then-all" -> {"auth-then-", "all"} in 70 px: broken after a dash,
// underscore, dot, slash, comma or space, or before a capital that follows a
// small letter, filling each line as far as `room` allows. A piece with no such
// point that is wider than `room` stays whole (the caller sees it is too wide).
QStringList wrapName(const QString &name, const QFontMetricsF &metrics, qreal room);

// The largest type from `pointSize` (before the theme's scale) down to the floor
// at which every name fits `room` pixels wide on at most `maxLines` lines, and
// its lines fit `maxHeight` pixels (0: any height).
FittedLabels fitLabels(const QStringList &names, qreal room, qreal maxHeight, const Theme &theme, qreal pointSize,
                       bool bold, int maxLines);

// One text (a chart title) at the largest type from `pointSize` down to the floor that fits `room`.
QFont fitFont(const QString &text, qreal room, const Theme &theme, qreal pointSize, bool bold, bool *fits = nullptr);

// How many ticks (2, 3, 5 or 6) a value axis from 0 to `axisEnd` gets so that its
// labels ("%.0f"), each `labelExtent` pixels along the axis, keep 12 px apart in
// `length` pixels, and the steps stay whole (250 in 5 steps of 50 or 2 of 125, not 4 of 62.5).
int valueTickCount(double axisEnd, qreal length, qreal labelExtent);

} // namespace asyncscope
