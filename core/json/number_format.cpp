#include "number_format.h"

#include <cmath>

namespace asyncscope {

QString formatMsNumber(double ms)
{
    const double rounded = std::round(ms * 10) / 10;
    if (rounded == std::floor(rounded))
        return QString::number(qint64(rounded));
    return QString::number(rounded, 'f', 1);
}

QString formatMs(double ms)
{
    return formatMsNumber(ms) + QStringLiteral(" ms");
}

QString formatRatio(double ratio)
{
    return QString::number(ratio, 'f', 1);
}

} // namespace asyncscope
