#include "ruler_ticks.h"

#include <cmath>

namespace asyncscope {

double niceStep(double roughStepMs)
{
    if (!(roughStepMs > 0))
        return 1;
    const double magnitude = std::pow(10.0, std::floor(std::log10(roughStepMs)));
    for (const double factor : {1.0, 2.0, 5.0, 10.0}) {
        if (factor * magnitude >= roughStepMs * (1 - 1e-9))
            return factor * magnitude;
    }
    return 10 * magnitude;
}

namespace {

// Digits after the point that `step` needs in `unit`s (1 for ms, 1000 for s).
int decimalsFor(double step, double unit)
{
    int decimals = 0;
    double scaled = step / unit;
    while (decimals < 6 && std::abs(scaled - std::round(scaled)) > 1e-9 * std::max(1.0, scaled)) {
        scaled *= 10;
        ++decimals;
    }
    return decimals;
}

QString trimmedNumber(double value, int decimals)
{
    QString s = QString::number(value, 'f', decimals);
    if (s.contains(QLatin1Char('.'))) {
        while (s.endsWith(QLatin1Char('0')))
            s.chop(1);
        if (s.endsWith(QLatin1Char('.')))
            s.chop(1);
    }
    if (s == QLatin1String("-0"))
        s = QStringLiteral("0");
    return s;
}

} // namespace

QString formatMs(double ms, double stepMs)
{
    if (std::abs(ms) < 1e-9)
        return QStringLiteral("0 ms");
    // Seconds once the step is a whole second or more of the axis.
    if (stepMs >= 500 && std::abs(ms) >= 1000)
        return trimmedNumber(ms / 1000.0, decimalsFor(stepMs, 1000.0)) + QStringLiteral(" s");
    return trimmedNumber(ms, decimalsFor(stepMs, 1.0)) + QStringLiteral(" ms");
}

QString formatDuration(double ms)
{
    if (std::abs(ms) >= 1000)
        return trimmedNumber(ms / 1000.0, 3) + QStringLiteral(" s");
    return trimmedNumber(ms, 2) + QStringLiteral(" ms");
}

QList<RulerTick> rulerTicks(double startMs, double endMs, int maxTicks)
{
    QList<RulerTick> ticks;
    if (!(endMs > startMs) || maxTicks < 1)
        return ticks;
    const double step = niceStep((endMs - startMs) / maxTicks);
    const double first = std::ceil(startMs / step - 1e-9) * step;
    for (int i = 0;; ++i) {
        const double ms = first + i * step;
        if (ms > endMs + step * 1e-9 || i > 1000)
            break;
        ticks.append({ms, formatMs(ms, step)});
    }
    return ticks;
}

} // namespace asyncscope
