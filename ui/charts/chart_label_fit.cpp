#include "chart_label_fit.h"

#include <QFontMetricsF>

#include <algorithm>
#include <cmath>

namespace asyncscope {

namespace {

bool breaksAfter(const QString &name, int i)
{
    const QChar c = name.at(i);
    if (c == QLatin1Char('-') || c == QLatin1Char('_') || c == QLatin1Char('.') || c == QLatin1Char('/')
        || c == QLatin1Char(' ') || c == QLatin1Char(','))
        return true;
    // camelCase: "loadProfile" -> "load" / "Profile"
    return i + 1 < name.size() && c.isLower() && name.at(i + 1).isUpper();
}

qreal widestOf(const QStringList &lines, const QFontMetricsF &metrics)
{
    qreal widest = 0;
    for (const QString &line : lines)
        widest = std::max(widest, metrics.horizontalAdvance(line));
    return widest;
}

QFont sized(const Theme &theme, qreal pointSize, bool bold, int pixels)
{
    QFont font = theme.font(pointSize, bold);
    font.setPixelSize(pixels);
    return font;
}

int startPixels(const Theme &theme, qreal pointSize, bool bold)
{
    return std::max(kMinChartLabelPixels, theme.font(pointSize, bold).pixelSize());
}

} // namespace

QStringList wrapName(const QString &name, const QFontMetricsF &metrics, qreal room)
{
    const QString text = name.trimmed();
    // The pieces a line may end after: "auth-", "then-", "all".
    QStringList pieces;
    int start = 0;
    for (int i = 0; i < text.size(); ++i) {
        if (i + 1 == text.size() || breaksAfter(text, i)) {
            pieces << text.mid(start, i + 1 - start);
            start = i + 1;
        }
    }
    QStringList lines;
    QString line;
    for (const QString &piece : std::as_const(pieces)) {
        const QString longer = line + piece;
        if (!line.isEmpty() && metrics.horizontalAdvance(longer.trimmed()) > room) {
            lines << line.trimmed();
            line = piece;
        } else {
            line = longer;
        }
    }
    if (!line.trimmed().isEmpty() || lines.isEmpty())
        lines << line.trimmed();
    return lines;
}

FittedLabels fitLabels(const QStringList &names, qreal room, qreal maxHeight, const Theme &theme, qreal pointSize,
                       bool bold, int maxLines)
{
    FittedLabels fitted;
    for (int pixels = startPixels(theme, pointSize, bold); pixels >= kMinChartLabelPixels; --pixels) {
        const QFont font = sized(theme, pointSize, bold, pixels);
        const QFontMetricsF metrics(font);
        QList<QStringList> wrapped;
        qreal widest = 0;
        int lines = 1;
        for (const QString &name : names) {
            wrapped.append(metrics.horizontalAdvance(name) <= room ? QStringList{name} : wrapName(name, metrics, room));
            widest = std::max(widest, widestOf(wrapped.constLast(), metrics));
            lines = std::max(lines, int(wrapped.constLast().size()));
        }
        fitted.font = font;
        fitted.lines = lines;
        fitted.labels.clear();
        for (const QStringList &parts : std::as_const(wrapped)) {
            QStringList escaped;
            for (const QString &part : parts)
                escaped << part.toHtmlEscaped();
            fitted.labels << escaped.join(QStringLiteral("<br>"));
        }
        fitted.fits = widest <= room && lines <= maxLines && (maxHeight <= 0 || lines * metrics.lineSpacing() <= maxHeight);
        if (fitted.fits)
            return fitted;
    }
    return fitted;
}

QFont fitFont(const QString &text, qreal room, const Theme &theme, qreal pointSize, bool bold, bool *fits)
{
    QFont font;
    bool fitted = false;
    for (int pixels = startPixels(theme, pointSize, bold); pixels >= kMinChartLabelPixels; --pixels) {
        font = sized(theme, pointSize, bold, pixels);
        fitted = QFontMetricsF(font).horizontalAdvance(text) <= room;
        if (fitted)
            break;
    }
    if (fits)
        *fits = fitted;
    return font;
}

int valueTickCount(double axisEnd, qreal length, qreal labelExtent)
{
    for (int ticks : {6, 5, 3}) {
        // Whole steps, as the labels are whole milliseconds: 250 in 2 steps of 125, not 4 of 62.5.
        const double step = axisEnd / (ticks - 1);
        const bool whole = std::abs(step - std::round(step)) < 1e-6;
        // Each label centred on its tick; neighbours keep a gap of 12 px.
        if (whole && (ticks - 1) * (labelExtent + 12) + labelExtent <= length)
            return ticks;
    }
    return 2;
}

} // namespace asyncscope
