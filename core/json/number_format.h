#pragma once

// Times as text, decided once: how every view of asyncscope prints a time.
// (How JavaScript and JSON spell a number is async/js_number.h.)

#include "js_number.h" // jsNumber(): how JavaScript and JSON spell a number

#include <QString>

namespace asyncscope {

// A time for people: rounded to 0.1 ms, no trailing ".0": "200 ms", "312.5 ms".
// Lessons, explanations, the status bar, charts and tooltips all use it.
QString formatMs(double ms);

// A number of milliseconds rounded to 0.1 without the unit: "200", "312.5".
QString formatMsNumber(double ms);

// How many times faster, to one decimal: "4.0" (as in "4.0× faster").
QString formatRatio(double ratio);

} // namespace asyncscope
