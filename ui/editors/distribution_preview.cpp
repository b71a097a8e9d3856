#include "distribution_preview.h"

#include "number_format.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace asyncscope {

namespace {

constexpr double kZ95 = 1.6448536269514722;  // lognormal: p95 = median * exp(kZ95 * sigma)
constexpr double kZ99 = 2.3263478740408408;

} // namespace

double latencyDensity(const LatencyDistribution &d, double ms)
{
    using Kind = LatencyDistribution::Kind;
    switch (d.kind) {
    case Kind::Fixed:
        return 0;
    case Kind::Uniform:
        return d.b > d.a && ms >= d.a && ms <= d.b ? 1.0 / (d.b - d.a) : 0;
    case Kind::Normal: {
        if (d.b <= 0)
            return 0;
        const double z = (ms - d.a) / d.b;
        return std::exp(-0.5 * z * z) / (d.b * std::sqrt(2 * std::numbers::pi));
    }
    case Kind::LogNormal: {
        if (ms <= 0 || d.a <= 0 || d.b <= d.a)
            return 0;
        const double sigma = std::log(d.b / d.a) / kZ95;
        const double z = (std::log(ms) - std::log(d.a)) / sigma;
        return std::exp(-0.5 * z * z) / (ms * sigma * std::sqrt(2 * std::numbers::pi));
    }
    case Kind::Exponential:
        return d.a > 0 && ms >= 0 ? std::exp(-ms / d.a) / d.a : 0;
    }
    return 0;
}

double previewRangeMs(const LatencyDistribution &d)
{
    using Kind = LatencyDistribution::Kind;
    double end = 0;
    switch (d.kind) {
    case Kind::Fixed: end = d.a * 2; break;
    case Kind::Uniform: end = d.b * 1.25; break;
    case Kind::Normal: end = d.a + kZ99 * d.b; break;
    case Kind::LogNormal: end = d.b > d.a && d.a > 0 ? d.a * std::exp(kZ99 * std::log(d.b / d.a) / kZ95) : d.a * 2; break;
    case Kind::Exponential: end = d.a * std::log(100.0); break;
    }
    return std::max(end, 1.0);
}

DistributionPreview::DistributionPreview(QWidget *parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setToolTip(tr("The density of this task's latency: where its draws fall"));
}

void DistributionPreview::setDistribution(const std::optional<LatencyDistribution> &distribution)
{
    m_distribution = distribution;
    update();
}

void DistributionPreview::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QRectF area = QRectF(rect()).adjusted(4, 4, -4, -16);
    const QColor ink = palette().color(QPalette::Text);
    painter.setPen(QPen(palette().color(QPalette::Mid), 1));
    painter.drawLine(area.bottomLeft(), area.bottomRight());
    if (!m_distribution) {
        painter.setPen(ink);
        painter.drawText(rect(), Qt::AlignCenter, tr("fixed latency: no distribution"));
        return;
    }
    const LatencyDistribution &d = *m_distribution;
    const double range = previewRangeMs(d);
    auto xAt = [&](double ms) { return area.left() + ms / range * area.width(); };
    QColor fill = palette().color(QPalette::Highlight);
    painter.setPen(QPen(fill.darker(120), 1.5));
    if (d.kind == LatencyDistribution::Kind::Fixed) {
        painter.drawLine(QPointF(xAt(d.a), area.bottom()), QPointF(xAt(d.a), area.top()));
    } else {
        constexpr int kSamples = 160;
        double peak = 0;
        std::vector<double> ys(kSamples + 1);
        for (int i = 0; i <= kSamples; ++i) {
            ys[size_t(i)] = latencyDensity(d, range * i / kSamples);
            peak = std::max(peak, ys[size_t(i)]);
        }
        if (peak > 0) {
            QPainterPath path(QPointF(area.left(), area.bottom()));
            for (int i = 0; i <= kSamples; ++i)
                path.lineTo(area.left() + area.width() * i / kSamples, area.bottom() - ys[size_t(i)] / peak * area.height());
            path.lineTo(area.right(), area.bottom());
            path.closeSubpath();
            fill.setAlpha(90);
            painter.setBrush(fill);
            painter.drawPath(path);
        }
    }
    painter.setPen(ink);
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    painter.setFont(small);
    const QRectF labels(area.left(), area.bottom() + 1, area.width(), 14);
    painter.drawText(labels, Qt::AlignLeft | Qt::AlignVCenter, QStringLiteral("0"));
    painter.drawText(labels, Qt::AlignRight | Qt::AlignVCenter, formatMs(range));
}

} // namespace asyncscope
