#include "json_text_position.h"

#include <QChar>
#include <QSet>

#include <algorithm>
#include <vector>

namespace asyncscope {

namespace {

bool isContinuationByte(unsigned char byte)
{
    return (byte & 0xC0) == 0x80;
}

} // namespace

TextPosition textPositionAt(const QByteArray &utf8, qsizetype offset)
{
    TextPosition position;
    const qsizetype end = std::clamp<qsizetype>(offset, 0, utf8.size());
    for (qsizetype i = 0; i < end; ++i) {
        const auto byte = static_cast<unsigned char>(utf8[i]);
        if (byte == '\n') {
            ++position.line;
            position.column = 1;
        } else if (!isContinuationByte(byte)) {
            ++position.column;
        }
    }
    return position;
}

qsizetype firstSignificantOffset(const QByteArray &utf8)
{
    qsizetype first = utf8.startsWith("\xEF\xBB\xBF") ? 3 : 0;
    while (first < utf8.size() && QChar::isSpace(uchar(utf8[first])))
        ++first;
    return first;
}

qsizetype firstInvalidUtf8Offset(const QByteArray &bytes)
{
    const auto *data = reinterpret_cast<const unsigned char *>(bytes.constData());
    const qsizetype size = bytes.size();
    qsizetype i = 0;
    while (i < size) {
        const unsigned char lead = data[i];
        if (lead < 0x80) {
            ++i;
            continue;
        }
        int length = 0;
        unsigned char secondMin = 0x80;
        unsigned char secondMax = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            if (lead == 0xE0)
                secondMin = 0xA0; // overlong
            else if (lead == 0xED)
                secondMax = 0x9F; // UTF-16 surrogates
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            if (lead == 0xF0)
                secondMin = 0x90; // overlong
            else if (lead == 0xF4)
                secondMax = 0x8F; // above U+10FFFF
        } else {
            return i;
        }
        if (i + length > size)
            return i;
        if (data[i + 1] < secondMin || data[i + 1] > secondMax)
            return i;
        for (int k = 2; k < length; ++k) {
            if (!isContinuationByte(data[i + k]))
                return i;
        }
        i += length;
    }
    return -1;
}

DuplicateKey firstDuplicateKey(const QByteArray &validJson)
{
    // Names are views into the text: no copies. Most objects have a handful of
    // fields, searched linearly; a large one switches to a hash set so that an
    // object with a million fields stays linear too.
    constexpr size_t kLinearLimit = 16;
    struct Container
    {
        bool isObject = false;
        bool expectingName = false;
        std::vector<QByteArrayView> few;
        QSet<QByteArrayView> many;

        bool insert(QByteArrayView name)
        {
            if (!many.isEmpty()) {
                if (many.contains(name))
                    return false;
                many.insert(name);
                return true;
            }
            if (std::find(few.begin(), few.end(), name) != few.end())
                return false;
            few.push_back(name);
            if (few.size() > kLinearLimit) {
                many = QSet<QByteArrayView>(few.begin(), few.end());
                few.clear();
            }
            return true;
        }
    };
    std::vector<Container> open; // as deep as the document, which QJsonDocument bounds
    const qsizetype size = validJson.size();
    for (qsizetype i = 0; i < size; ++i) {
        const char c = validJson[i];
        if (c == '{' || c == '[') {
            open.push_back(Container{c == '{', c == '{', {}, {}});
        } else if (c == '}' || c == ']') {
            if (!open.empty())
                open.pop_back();
        } else if (c == ',') {
            if (!open.empty() && open.back().isObject)
                open.back().expectingName = true;
        } else if (c == '"') {
            const qsizetype start = i;
            for (++i; i < size && validJson[i] != '"'; ++i) {
                if (validJson[i] == '\\')
                    ++i; // the escaped character cannot end the string
            }
            if (open.empty() || !open.back().expectingName)
                continue;
            open.back().expectingName = false;
            const QByteArrayView name(validJson.constData() + start + 1, i - start - 1);
            if (!open.back().insert(name))
                return DuplicateKey{start, name.toByteArray()};
        }
    }
    return {};
}

} // namespace asyncscope
