#pragma once

// How JavaScript spells a number (String(n)): the shortest text that reads
// back as the same double: 200, 0.1, 312.5, 1e+21. The combinators' reasons
// ("Timed out after 300ms"), the trace writers and the code generators all
// spell numbers this way, so the text and the code agree.

#include <QLocale>
#include <QString>

namespace asyncscope {

inline QString jsNumber(double value)
{
    if (value == double(qint64(value)) && value > -1e15 && value < 1e15)
        return QString::number(qint64(value));
    return QString::number(value, 'g', QLocale::FloatingPointShortest);
}

} // namespace asyncscope
