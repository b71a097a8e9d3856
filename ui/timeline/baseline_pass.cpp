#include "baseline_pass.h"

#include "bar_drag.h"
#include "paint_context.h"
#include "ruler_ticks.h"

#include <QHash>
#include <QPainter>

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

namespace asyncscope {

namespace {

// Lanes with more bars than this are not ghosted: the comparison would be noise and cost.
constexpr int kMaxGhostedSpansPerBand = 2000;

QString spanKey(const Span &span)
{
    return span.task + QLatin1Char('#') + QString::number(span.instance);
}

QString signedDuration(double deltaMs)
{
    if (std::abs(deltaMs) < 0.0005)
        return QStringLiteral("no change");
    return (deltaMs < 0 ? QStringLiteral("−") : QStringLiteral("+")) + formatDuration(std::abs(deltaMs));
}

// [from, to] minus the covered intervals (sorted by start), in pixels.
std::vector<std::pair<double, double>> uncovered(double from, double to,
                                                 const std::vector<std::pair<double, double>> &covered)
{
    std::vector<std::pair<double, double>> pieces;
    double cursor = from;
    for (const auto &[left, right] : covered) {
        if (right <= cursor)
            continue;
        if (left >= to)
            break;
        if (left > cursor)
            pieces.emplace_back(cursor, left);
        cursor = std::max(cursor, right);
    }
    if (cursor < to)
        pieces.emplace_back(cursor, to);
    return pieces;
}

void paintDifference(const PaintContext &context, const BandGeometry &band, const PlanTrace &baseline,
                     const PlanTrace &now)
{
    QPainter *p = context.painter;
    const Theme &t = context.theme;
    const double s = context.scale;
    const QString text = baselineDifference(baseline, now);
    const MeasuredFont &f = context.fonts.badge;
    const double w = f.metrics.horizontalAdvance(text) + 12 * s;
    const double h = f.metrics.height() + 2 * s;
    const QRectF r(context.plotRight() - w, band.header.center().y() - h / 2, w, h);
    QColor ink = t.mutedText;
    if (baseline.outcome != now.outcome)
        ink = now.outcome == PlanOutcome::Fulfilled ? t.fulfilled.darker(130) : t.rejected;
    else if (baseline.settledMs && now.settledMs && *now.settledMs < *baseline.settledMs - 0.0005)
        ink = t.fulfilled.darker(130);
    else if (baseline.settledMs && now.settledMs && *now.settledMs > *baseline.settledMs + 0.0005)
        ink = t.rejected;
    if (t.monochrome())
        ink = QColor(Qt::black);
    p->setRenderHint(QPainter::Antialiasing, true);
    p->setPen(QPen(ink, 1));
    p->setBrush(t.background);
    p->drawRoundedRect(r, h / 2, h / 2);
    p->setRenderHint(QPainter::Antialiasing, false);
    p->setBrush(Qt::NoBrush);
    p->setFont(f.font);
    p->drawText(r, Qt::AlignCenter, text);
}

} // namespace

QString baselineDifference(const PlanTrace &baseline, const PlanTrace &now)
{
    if (baseline.outcome == now.outcome) {
        if (!now.settledMs || !baseline.settledMs)
            return QStringLiteral("no change");
        return signedDuration(*now.settledMs - *baseline.settledMs);
    }
    switch (now.outcome) {
    case PlanOutcome::Fulfilled:
        return QStringLiteral("now fulfils at %1").arg(formatDuration(now.settledMs.value_or(0)));
    case PlanOutcome::Rejected:
        return QStringLiteral("now rejects at %1").arg(formatDuration(now.settledMs.value_or(0)));
    case PlanOutcome::Pending:
        break;
    }
    return QStringLiteral("now never settles");
}

const PlanTrace *baselinePlanFor(const RunTrace &baseline, const PlanTrace &now)
{
    const QString key = planIdentity(now);
    for (const PlanTrace &plan : baseline.plans) {
        if (planIdentity(plan) == key)
            return &plan;
    }
    return nullptr;
}

void BaselinePass::paintBand(PaintContext &context, int bandIndex)
{
    if (!context.options.baseline)
        return;
    const BandGeometry &band = context.geometry.bands.at(bandIndex);
    const PlanTrace &now = context.trace.plans.at(band.planIndex);
    const PlanTrace *before = baselinePlanFor(*context.options.baseline, now);
    if (!before)
        return;
    paintDifference(context, band, *before, now);
    if (now.spans.size() > kMaxGhostedSpansPerBand || before->spans.size() > kMaxGhostedSpansPerBand)
        return;

    QHash<QString, int> beforeByKey;
    beforeByKey.reserve(before->spans.size());
    for (int i = 0; i < before->spans.size(); ++i)
        beforeByKey.insert(spanKey(before->spans.at(i)), i);

    QPainter *p = context.painter;
    const Theme &t = context.theme;
    const double s = context.scale;
    QColor fill = t.mutedText;
    fill.setAlpha(t.monochrome() ? 40 : 45);
    QColor line = t.mutedText;
    line.setAlpha(t.monochrome() ? 255 : 190);
    QPen pen(line, 1.2 * s, Qt::DashLine);
    const double clipLeft = context.plotLeft();
    const double clipRight = context.plotRight();
    const double grow = 2 * s;

    for (const LaneGeometry &lane : band.lanes) {
        if (!context.inView(lane.rect))
            continue;
        std::vector<std::pair<double, double>> covered;
        std::vector<int> ghosts;
        for (int index : lane.spans) {
            const Span &span = now.spans.at(index);
            covered.emplace_back(context.x(span.startMs), context.x(span.endOr(context.fullAxisEndMs)));
            const auto found = beforeByKey.constFind(spanKey(span));
            if (found != beforeByKey.cend())
                ghosts.push_back(*found);
        }
        std::sort(covered.begin(), covered.end());
        const double top = lane.rect.center().y() - context.geometry.barHeight / 2 - grow;
        const double bottom = top + context.geometry.barHeight + 2 * grow;
        for (int index : ghosts) {
            const Span &ghost = before->spans.at(index);
            const double left = std::max(context.x(ghost.startMs), clipLeft);
            const double right = std::min(context.x(ghost.endOr(context.fullAxisEndMs)), clipRight);
            if (right - left < 1)
                continue;
            p->setPen(pen);
            for (const auto &[from, to] : uncovered(left, right, covered)) {
                p->fillRect(QRectF(from, top, to - from, bottom - top), fill);
                p->drawLine(QPointF(from, top + 0.5), QPointF(to, top + 0.5));
                p->drawLine(QPointF(from, bottom - 0.5), QPointF(to, bottom - 0.5));
                // The ghost's own ends, where they show.
                if (std::abs(from - left) < 0.5)
                    p->drawLine(QPointF(left + 0.5, top), QPointF(left + 0.5, bottom));
                if (std::abs(to - right) < 0.5)
                    p->drawLine(QPointF(right - 0.5, top), QPointF(right - 0.5, bottom));
            }
        }
    }
}

} // namespace asyncscope
