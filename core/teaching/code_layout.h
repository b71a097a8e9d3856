#pragma once

#include "js_names.h"

// Shared by the JavaScript and C++ generators: identifiers from task and plan
// ids, and a tiny layout model that keeps a call on one line when it fits and
// otherwise puts one argument per line, as the seed's code does.

#include <QString>
#include <QStringList>

#include <vector>

namespace asyncscope::codegen {

// Lines longer than this break an array or argument list one item per line, as the seed does.
constexpr int kLineWidth = 80;

// A piece of code that is either one piece of text or a bracketed list that
// may break over several lines: `open item, item close`.
struct Doc
{
    QString text;              // leaf text
    bool group = false;
    QString open;
    QString close;
    std::vector<Doc> items;
    bool trailingComma = true; // after the last item when broken (C++ allows it in braces only)

    static Doc leaf(const QString &text) { return Doc{text, false, {}, {}, {}, true}; }
    static Doc list(const QString &open, std::vector<Doc> items, const QString &close)
    {
        return Doc{{}, true, open, close, std::move(items), true};
    }

    QString flat() const
    {
        if (!group)
            return text;
        QStringList parts;
        for (const Doc &item : items)
            parts.append(item.flat());
        return open + parts.join(QStringLiteral(", ")) + close;
    }

    Doc prefixed(const QString &prefix) const
    {
        Doc copy = *this;
        if (group)
            copy.open.prepend(prefix);
        else
            copy.text.prepend(prefix);
        return copy;
    }

    // `column` is where the doc starts on its first line; `trailing` what follows it there (";").
    QString render(int indent, int column, int trailing = 0, int step = 2) const
    {
        const QString oneLine = flat();
        if (!group || items.empty() || column + oneLine.size() + trailing <= kLineWidth)
            return oneLine;
        const QString pad(indent + step, QLatin1Char(' '));
        QString out = open + QLatin1Char('\n');
        for (size_t i = 0; i < items.size(); ++i) {
            const bool comma = i + 1 < items.size() || trailingComma;
            out += pad + items[i].render(indent + step, indent + step, 1, step) + (comma ? QStringLiteral(",\n") : QStringLiteral("\n"));
        }
        return out + QString(indent, QLatin1Char(' ')) + close;
    }
};

// identifierWords, pascalCase, camelCase: core/model/js_names.h, shared with
// the JavaScript engine so the code we show calls what the engine defines.
using asyncscope::camelCase;
using asyncscope::identifierWords;
using asyncscope::pascalCase;

} // namespace asyncscope::codegen
