#pragma once

// Ruler ticks at "nice" steps (1, 2 or 5 × 10^k ms) with labels that read
// like a person wrote them: "200 ms", "1.5 s".

#include <QList>
#include <QString>

namespace asyncscope {

struct RulerTick
{
    double ms = 0;
    QString label;
};

// The smallest nice step >= roughStepMs.
double niceStep(double roughStepMs);
// "0 ms", "250 ms", "1 s", "1.5 s", "0.25 ms"; `stepMs` decides the precision.
QString formatMs(double ms, double stepMs);
// A duration for tooltips and labels: "200 ms", "1.25 s", "0.5 ms".
QString formatDuration(double ms);
// Ticks covering [startMs, endMs], aiming at about `maxTicks` of them.
QList<RulerTick> rulerTicks(double startMs, double endMs, int maxTicks);

} // namespace asyncscope
