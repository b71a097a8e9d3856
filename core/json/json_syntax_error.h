#pragma once

// What went wrong when QJsonDocument refused a file, in words a person can act
// on ("expected \",\" or \"}\" after a value, got \"2\""), and where: Qt's offsets
// are moved to the offending character, so line:column points at it.

#include <QByteArray>
#include <QJsonParseError>
#include <QString>

namespace asyncscope {

// `offset` comes in as error.offset and goes out as the byte offset to report.
QString describeJsonSyntaxError(const QByteArray &json, const QJsonParseError &error, qsizetype &offset);

} // namespace asyncscope
