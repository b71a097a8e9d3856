#pragma once

// Paints a RunTrace into any QPainter at an explicit size: the same code for
// the widget, PNG, SVG and PDF. Only visible spans are touched (lower-bound
// search per lane), sub-pixel spans are merged, bar fills are fillRect
// without antialiasing.

#include "theme.h"
#include "time_mapping.h"
#include "timeline_layout.h"

#include "trace.h"

#include <QSize>
#include <QString>

#include <memory>
#include <optional>

class QPainter;

namespace asyncscope {

struct TimelineFonts;

struct SpanRef
{
    int plan = -1;
    int span = -1;
    bool operator==(const SpanRef &) const = default;
};

struct TimelinePaintOptions
{
    Theme theme = Theme::light();
    std::optional<double> viewStartMs;   // the visible range; empty = the whole axis
    std::optional<double> viewEndMs;
    std::optional<double> playheadMs;    // state at time t; empty = final state
    QString highlightedTask;
    std::optional<SpanRef> hoveredSpan;
    bool showTitle = true;
    bool showLegend = true;
    QString title;                       // empty: the scenario name
    double scrollY = 0;                  // widget: how far the bands are scrolled up
    int fillHeight = 0;                  // widget: lanes grow into this height (TimelineLayoutParams)
    bool vectorOutput = false;           // SVG/PDF: prefer plain shapes (no gradients)
    const RunTrace *baseline = nullptr;  // not owned: a run drawn faintly behind this one (baseline_pass.h)
};

class TimelinePainter
{
public:
    TimelinePainter();
    ~TimelinePainter();
    TimelinePainter(TimelinePainter &&) noexcept;
    TimelinePainter &operator=(TimelinePainter &&) noexcept;

    // The end of the drawn axis: the trace end plus room for labels, rounded to a nice tick.
    static double axisEndMs(const RunTrace &trace);

    const TimelineGeometry &geometry(const RunTrace &trace, quint64 generation, int width,
                                     const TimelinePaintOptions &options);
    TimeAxis timeAxis(const TimelineGeometry &geometry, const RunTrace &trace,
                      const TimelinePaintOptions &options) const;

    // Height the picture needs at `width` (exports use width × this).
    int requiredHeight(const RunTrace &trace, int width, const TimelinePaintOptions &options);

    void paint(QPainter *painter, const QSize &size, const RunTrace &trace, quint64 generation,
               const TimelinePaintOptions &options);

    // The span under `pos` (in the painted coordinates), with a few pixels of slack.
    std::optional<SpanRef> spanAt(const RunTrace &trace, quint64 generation, const QSize &size,
                                  const TimelinePaintOptions &options, const QPointF &pos);
    // The text of the console line(s) whose marker is under `pos` (markers_pass.h), or nothing.
    std::optional<QString> consoleLineAt(const RunTrace &trace, quint64 generation, const QSize &size,
                                         const TimelinePaintOptions &options, const QPointF &pos);

    // How many bars the last paint() drew (merged runs count once): tests and the SVG count check.
    int lastBarCount() const { return m_lastBarCount; }

private:
    // The picture's fonts, made once per scale: a QFont made anew each frame looked its
    // engine up in the font database again, about a tenth of a zoom step at 100k spans.
    const TimelineFonts &fontsFor(const Theme &theme);

    TimelineLayout m_layout;
    std::unique_ptr<TimelineFonts> m_fonts;
    qreal m_fontsScale = 0;
    int m_lastBarCount = 0;
};

// "✓ fulfilled at 200 ms → [user, posts]", "✗ rejected at 80 ms: \"HTTP 503\"", "pending (never settles)".
QString settleLabel(const PlanTrace &plan);
// Short JSON text of a value: strings quoted, arrays "[a, b, …]".
QString compactJson(const QJsonValue &value, int maxChars = 80);

} // namespace asyncscope
