#pragma once

// A small picture of a latency distribution's density, under the
// distribution's fields in the task editor, so "lognormal, median 120, p95
// 400" reads as a shape with a long tail before anything runs.

#include "scenario.h"

#include <QWidget>

#include <optional>

namespace asyncscope {

// The probability density at `ms` (per ms); a fixed latency has none (a spike).
double latencyDensity(const LatencyDistribution &distribution, double ms);
// Where the picture ends: far enough right to show the tail (about the 99th percentile).
double previewRangeMs(const LatencyDistribution &distribution);

class DistributionPreview : public QWidget
{
    Q_OBJECT
public:
    explicit DistributionPreview(QWidget *parent = nullptr);

    void setDistribution(const std::optional<LatencyDistribution> &distribution);
    QSize sizeHint() const override { return {220, 64}; }
    QSize minimumSizeHint() const override { return {80, 48}; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    std::optional<LatencyDistribution> m_distribution;
};

} // namespace asyncscope
