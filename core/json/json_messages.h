#pragma once

// How the loaders (scenario, trace import, expressions) show values inside
// their one-line error messages, so every message reads the same way.

#include <QJsonValue>
#include <QString>

namespace asyncscope {

// A name from the input, cut to 40 characters ("aaaa...") so a message stays
// one short line even when the name is a megabyte long.
QString shortenedForMessage(const QString &text);

// The shortest spelling that round-trips: 200, 2.5, 1e+06.
QString formatNumber(double value);

// A value that was not what was wanted, as shown after "got": null, true, 12,
// "text" (quoted, escaped, cut to 40 characters), an array, an object, nothing.
QString describeJsonValue(const QJsonValue &value);

} // namespace asyncscope
