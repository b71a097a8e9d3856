#include "json_syntax_error.h"

#include <QRegularExpression>

#include <algorithm>

namespace asyncscope {

namespace {

// Qt's parser has consumed the offending character when it stops (except
// where noted), so most offsets are moved back one to point at it.
QString structureMessage(const QByteArray &json, const QJsonParseError &error, qsizetype &offset)
{
    const bool consumed = error.error != QJsonParseError::GarbageAtEnd && error.error != QJsonParseError::DeepNesting
        && error.error != QJsonParseError::UnterminatedString && error.error != QJsonParseError::TerminationByNumber;
    offset = std::clamp<qsizetype>(offset, 0, json.size());
    // At the end of the file after a line break nothing was consumed.
    if (consumed && offset > 0 && !QChar::isSpace(uchar(json[offset - 1])))
        --offset;
    const char offending = offset < json.size() ? json[offset] : '\0';
    if (offending == '\'')
        return QStringLiteral("JSON strings and field names need double quotes, not single quotes");
    qsizetype before = offset - 1;
    while (before >= 0 && QChar::isSpace(uchar(json[before])))
        --before;
    const char previous = before >= 0 ? json[before] : '\0';
    qsizetype characterEnd = offset + 1; // one whole UTF-8 sequence
    while (characterEnd < json.size() && (uchar(json[characterEnd]) & 0xC0) == 0x80)
        ++characterEnd;
    QString got = QStringLiteral("got the end of the file");
    if (offset < json.size()) {
        const QString character = QString::fromUtf8(json.mid(offset, characterEnd - offset));
        if (character == QLatin1String("\""))
            got = QStringLiteral("got a string");
        else if (character.trimmed().isEmpty() || !character[0].isPrint())
            got = QStringLiteral("got U+%1").arg(character[0].unicode(), 4, 16, QLatin1Char('0'));
        else
            got = QStringLiteral("got \"%1\"").arg(character);
    }

    switch (error.error) {
    case QJsonParseError::UnterminatedObject:
        if (offset >= json.size())
            return QStringLiteral("unterminated object (a \"}\" is missing at the end of the file)");
        if (previous == '{' || previous == ',')
            return QStringLiteral("expected a field name in double quotes, %1").arg(got);
        return QStringLiteral("expected \",\" or \"}\" after a value, %1").arg(got);
    case QJsonParseError::UnterminatedArray:
    case QJsonParseError::MissingValueSeparator:
        if (offset >= json.size())
            return QStringLiteral("unterminated array (a \"]\" is missing at the end of the file)");
        return QStringLiteral("expected \",\" or \"]\" after a value, %1").arg(got);
    case QJsonParseError::MissingNameSeparator:
        return QStringLiteral("expected \":\" after a field name, %1").arg(got);
    case QJsonParseError::IllegalValue:
        return QStringLiteral("not a JSON value (strings need double quotes; true, false and null are lower case)");
    case QJsonParseError::TerminationByNumber:
        return QStringLiteral("the file ends inside a number");
    case QJsonParseError::IllegalEscapeSequence:
        return QStringLiteral("invalid escape sequence in a string");
    case QJsonParseError::IllegalUTF8String:
        return QStringLiteral("invalid UTF-8 in a string");
    case QJsonParseError::UnterminatedString:
        return QStringLiteral("unterminated string (a closing \" is missing)");
    case QJsonParseError::MissingObject:
        if (previous == ',')
            return QStringLiteral("expected a value after \",\" (JSON allows no trailing comma), %1").arg(got);
        return QStringLiteral("expected a value, %1").arg(got);
    case QJsonParseError::DeepNesting:
        return QStringLiteral("nested too deeply for JSON (more than 1024 levels of arrays and objects)");
    case QJsonParseError::GarbageAtEnd:
        return QStringLiteral("unexpected text after the end of the JSON object");
    default:
        return error.errorString();
    }
}

// Qt reports a bad number at its end; find the whole token to name it and point at its start.
QString numberMessage(const QByteArray &json, qsizetype &offset)
{
    const auto isTokenChar = [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '+' || c == '-' || c == '.';
    };
    qsizetype start = std::min(offset, json.size());
    while (start > 0 && isTokenChar(json[start - 1]))
        --start;
    qsizetype end = start;
    while (end < json.size() && isTokenChar(json[end]) && end - start < 40)
        ++end;
    const QString token = QString::fromLatin1(json.mid(start, end - start));
    offset = start;
    if (start < json.size() && json[start] == '\'')
        return QStringLiteral("JSON strings need double quotes, not single quotes");
    if (!token.isEmpty() && token[0].isLetter() && token != QLatin1String("NaN") && token != QLatin1String("Infinity"))
        return QStringLiteral("not a JSON value: %1 (strings need double quotes; true, false and null are lower case)")
            .arg(token);
    static const QRegularExpression number(
        QRegularExpression::anchoredPattern(QStringLiteral("-?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?")));
    if (number.match(token).hasMatch())
        return QStringLiteral("number %1 is out of range").arg(token);
    if (token.contains(QLatin1String("NaN")) || token.contains(QLatin1String("Infinity")))
        return QStringLiteral("%1 is not a JSON number; write a finite number").arg(token);
    return QStringLiteral("invalid number \"%1\"").arg(token);
}

} // namespace

QString describeJsonSyntaxError(const QByteArray &json, const QJsonParseError &error, qsizetype &offset)
{
    if (error.error == QJsonParseError::IllegalNumber)
        return numberMessage(json, offset);
    return structureMessage(json, error, offset);
}

} // namespace asyncscope
