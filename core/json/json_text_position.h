#pragma once

// Locating things in the raw bytes of a JSON file, for messages such as
// `profile.json:3:17: ...`: a byte offset as line:column, and the first byte
// that is not UTF-8.

#include <QByteArray>

namespace asyncscope {

struct TextPosition
{
    int line = 1;   // 1-based
    int column = 1; // 1-based, in characters (UTF-8 sequences), not bytes
};

// Where byte `offset` of `utf8` is. Offsets past the end give the end.
TextPosition textPositionAt(const QByteArray &utf8, qsizetype offset);

// Where the JSON value starts: the offset of the first byte after a UTF-8 byte
// order mark and white space, or utf8.size() when there is nothing else.
qsizetype firstSignificantOffset(const QByteArray &utf8);

// The offset of the first byte that does not belong to well-formed UTF-8
// (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF), or -1.
qsizetype firstInvalidUtf8Offset(const QByteArray &bytes);

// A field name that appears twice in one object of an already valid JSON
// document (QJsonDocument silently keeps the last one). `offset` is that of the
// second occurrence's opening quote, or -1 when every object is clean. Names
// are compared as written, escapes and all.
struct DuplicateKey
{
    qsizetype offset = -1;
    QByteArray name;
};
DuplicateKey firstDuplicateKey(const QByteArray &validJson);

} // namespace asyncscope
