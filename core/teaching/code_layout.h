#pragma once

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

inline QStringList identifierWords(const QString &id)
{
    // Split on anything that is not a letter or digit, and before an upper-case letter after a lower-case one.
    QString spaced;
    for (qsizetype i = 0; i < id.size(); ++i) {
        const QChar c = id.at(i);
        if (i > 0 && c.isUpper() && id.at(i - 1).isLower())
            spaced += QLatin1Char(' ');
        spaced += c.isLetterOrNumber() ? c : QLatin1Char(' ');
    }
    return spaced.split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

inline QString pascalCase(const QString &id)
{
    QString out;
    for (const QString &word : identifierWords(id))
        out += word.at(0).toUpper() + word.mid(1);
    return out;
}

inline QString camelCase(const QString &id)
{
    QString out = pascalCase(id);
    if (!out.isEmpty()) {
        // "API" -> "api", "A" -> "a", "Users" -> "users"
        qsizetype upper = 0;
        while (upper < out.size() && out.at(upper).isUpper())
            ++upper;
        const qsizetype lower = upper > 1 && upper < out.size() ? upper - 1 : upper;
        out = out.left(lower).toLower() + out.mid(lower);
    }
    if (out.isEmpty() || out.at(0).isDigit())
        out.prepend(QStringLiteral("value"));
    return out;
}

} // namespace asyncscope::codegen
