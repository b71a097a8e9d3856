#include "timeline_painter.h"

#include "bands_pass.h"
#include "baseline_pass.h"
#include "legend_pass.h"
#include "markers_pass.h"
#include "paint_context.h"
#include "ruler_pass.h"
#include "ruler_ticks.h"
#include "title_pass.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPainter>

#include <algorithm>
#include <array>
#include <cmath>

namespace asyncscope {

QString compactJson(const QJsonValue &value, int maxChars)
{
    QString text;
    if (value.isString()) {
        text = QLatin1Char('"') + value.toString() + QLatin1Char('"');
    } else if (value.isArray()) {
        QStringList parts;
        for (const QJsonValue &v : value.toArray())
            parts.append(v.isString() ? v.toString() : compactJson(v, maxChars));
        text = QLatin1Char('[') + parts.join(QStringLiteral(", ")) + QLatin1Char(']');
    } else if (value.isObject()) {
        // Errors read like JavaScript prints them: "AggregateError [a, b]", "TimeoutError: slow".
        const QJsonObject o = value.toObject();
        if (o.value(QLatin1String("errors")).isArray()) {
            text = o.value(QLatin1String("name")).toString(QStringLiteral("AggregateError")) + QLatin1Char(' ')
                   + compactJson(o.value(QLatin1String("errors")), maxChars);
        } else if (o.contains(QLatin1String("name")) && o.contains(QLatin1String("message"))) {
            text = o.value(QLatin1String("name")).toString() + QStringLiteral(": ") + o.value(QLatin1String("message")).toString();
        } else {
            text = QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
        }
    } else if (value.isDouble()) {
        text = QString::number(value.toDouble());
    } else if (value.isBool()) {
        text = value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    } else if (value.isNull()) {
        text = QStringLiteral("null");
    } else {
        text = QStringLiteral("undefined");
    }
    if (text.size() > maxChars)
        text = text.left(maxChars - 1) + QChar(0x2026);
    return text;
}

QString settleLabel(const PlanTrace &plan)
{
    QString label;
    switch (plan.outcome) {
    case PlanOutcome::Fulfilled:
        label = QStringLiteral("✓ fulfilled at %1 → %2").arg(formatDuration(plan.settledMs.value_or(0)), compactJson(plan.result, 60));
        break;
    case PlanOutcome::Rejected:
        label = QStringLiteral("✗ rejected at %1: %2").arg(formatDuration(plan.settledMs.value_or(0)), compactJson(plan.result, 60));
        break;
    case PlanOutcome::Pending:
        return QStringLiteral("pending (never settles)");
    }
    if (!plan.cause.timer.isEmpty()) {
        label += QStringLiteral("  · by %1").arg(plan.cause.timer);
    } else if (plan.cause.spanIndex >= 0 && plan.cause.spanIndex < plan.spans.size()) {
        const Span &s = plan.spans.at(plan.cause.spanIndex);
        label += QStringLiteral("  · by %1 #%2").arg(s.task).arg(s.instance);
    }
    return label;
}

TimelinePainter::TimelinePainter() = default;
TimelinePainter::~TimelinePainter() = default;
TimelinePainter::TimelinePainter(TimelinePainter &&) noexcept = default;
TimelinePainter &TimelinePainter::operator=(TimelinePainter &&) noexcept = default;

const TimelineFonts &TimelinePainter::fontsFor(const Theme &theme)
{
    if (!m_fonts || m_fontsScale != theme.scale) {
        m_fonts = std::make_unique<TimelineFonts>(theme);
        m_fontsScale = theme.scale;
    }
    return *m_fonts;
}

double TimelinePainter::axisEndMs(const RunTrace &trace)
{
    return asyncscope::axisEndMs(trace);
}

const TimelineGeometry &TimelinePainter::geometry(const RunTrace &trace, quint64 generation, int width,
                                                  const TimelinePaintOptions &options)
{
    TimelineLayoutParams params;
    params.width = width;
    params.scale = options.theme.scale;
    params.showTitle = options.showTitle;
    params.showLegend = options.showLegend;
    params.fillHeight = options.fillHeight;
    return m_layout.geometry(trace, generation, params, options.theme);
}

TimeAxis TimelinePainter::timeAxis(const TimelineGeometry &g, const RunTrace &trace,
                                   const TimelinePaintOptions &options) const
{
    Q_UNUSED(trace); // the axis end comes from the geometry, computed once per trace
    TimeAxis axis;
    axis.startMs = options.viewStartMs.value_or(0);
    axis.endMs = options.viewEndMs.value_or(g.axisEndMs);
    if (!(axis.endMs > axis.startMs))
        axis.endMs = axis.startMs + 1;
    axis.left = g.plotLeft;
    axis.width = g.plotRight - g.plotLeft;
    return axis;
}

int TimelinePainter::requiredHeight(const RunTrace &trace, int width, const TimelinePaintOptions &options)
{
    TimelineLayoutParams params;
    params.width = width;
    params.scale = options.theme.scale;
    params.showTitle = options.showTitle;
    params.showLegend = options.showLegend;
    return int(std::ceil(TimelineLayout::compute(trace, params, options.theme).height));
}

void TimelinePainter::paint(QPainter *painter, const QSize &size, const RunTrace &trace, quint64 generation,
                            const TimelinePaintOptions &options)
{
    const TimelineGeometry &g = geometry(trace, generation, size.width(), options);
    PaintContext context(painter, size, trace, g, timeAxis(g, trace, options), options, fontsFor(options.theme));

    // Back to front, phase by phase (see TimelineRenderPass).
    TitlePass title;
    RulerPass ruler;
    BandsPass bands;
    BaselinePass baseline; // after the bands: ghosts only where no current bar covers them
    MarkersPass markers; // after the bands: it reads the cause bars they leave
    LegendPass legend;
    const std::array<TimelineRenderPass *, 6> passes{&title, &ruler, &bands, &baseline, &markers, &legend};

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, false);
    painter->setRenderHint(QPainter::TextAntialiasing, true);
    painter->fillRect(QRectF(0, 0, size.width(), size.height()), options.theme.background);

    const double rulerBottom = g.rulerRect.bottom();
    // Everything below the ruler scrolls (the widget); the ruler and title stay.
    painter->save();
    painter->setClipRect(QRectF(0, rulerBottom, size.width(), size.height() - rulerBottom));
    painter->translate(0, -options.scrollY);
    for (TimelineRenderPass *pass : passes)
        pass->paintUnderBands(context);
    for (int i = 0; i < g.bands.size(); ++i) {
        // Bands scrolled out of the widget cost nothing.
        if (!context.inView(g.bands.at(i).rect))
            continue;
        for (TimelineRenderPass *pass : passes)
            pass->paintBand(context, i);
    }
    for (TimelineRenderPass *pass : passes)
        pass->paintOverBands(context);
    painter->restore();

    for (TimelineRenderPass *pass : passes)
        pass->paintFixed(context);
    painter->restore();
    m_lastBarCount = context.barCount;
}

std::optional<QString> TimelinePainter::consoleLineAt(const RunTrace &trace, quint64 generation, const QSize &size,
                                                      const TimelinePaintOptions &options, const QPointF &pos)
{
    const TimelineGeometry &g = geometry(trace, generation, size.width(), options);
    if (pos.y() < g.rulerRect.bottom())
        return std::nullopt;
    return asyncscope::consoleLineAt(g, timeAxis(g, trace, options), trace, QPointF(pos.x(), pos.y() + options.scrollY),
                                     options.theme.scale, options.playheadMs);
}

std::optional<SpanRef> TimelinePainter::spanAt(const RunTrace &trace, quint64 generation, const QSize &size,
                                               const TimelinePaintOptions &options, const QPointF &pos)
{
    const TimelineGeometry &g = geometry(trace, generation, size.width(), options);
    if (pos.y() < g.rulerRect.bottom() || pos.x() < g.plotLeft - 4 || pos.x() > g.plotRight + 4)
        return std::nullopt;
    const TimeAxis axis = timeAxis(g, trace, options);
    const double y = pos.y() + options.scrollY;
    const double slackMs = 3.0 / std::max(axis.pixelsPerMs(), 1e-12);
    const double ms = pixelToTime(axis, pos.x());
    const double fullEnd = g.axisEndMs;
    for (const BandGeometry &band : g.bands) {
        if (y < band.rect.top() || y >= band.rect.bottom())
            continue;
        const PlanTrace &plan = trace.plans.at(band.planIndex);
        for (const LaneGeometry &lane : band.lanes) {
            if (y < lane.rect.top() || y >= lane.rect.bottom())
                continue;
            std::optional<SpanRef> best;
            double bestDistance = slackMs + 1;
            for (int index : lane.spans) {
                const Span &span = plan.spans.at(index);
                if (options.playheadMs && span.startMs > *options.playheadMs)
                    continue;
                double end = span.endOr(fullEnd);
                if (options.playheadMs)
                    end = std::min(end, *options.playheadMs);
                const double distance = ms < span.startMs ? span.startMs - ms : (ms > end ? ms - end : 0);
                if (distance <= slackMs && distance < bestDistance) {
                    bestDistance = distance;
                    best = SpanRef{band.planIndex, index};
                }
            }
            return best;
        }
    }
    return std::nullopt;
}

} // namespace asyncscope
