#include "code_highlighter.h"

#include <QColor>
#include <QFont>

#include <algorithm>

namespace asyncscope {

namespace {

QTextCharFormat charFormat(const QColor &colour, bool bold = false, bool italic = false)
{
    QTextCharFormat f;
    f.setForeground(colour);
    if (bold)
        f.setFontWeight(QFont::Bold);
    f.setFontItalic(italic);
    return f;
}

} // namespace

CodeHighlighter::CodeHighlighter(Language language, QTextDocument *document)
    : QSyntaxHighlighter(document)
    , m_language(language)
    , m_commentFormat(charFormat(QColor(0x80, 0x80, 0x80), false, true))
    , m_stringFormat(charFormat(QColor(0x2e, 0x8b, 0x3e)))
{
    // Mid-tone colours that read on light and dark backgrounds alike.
    const QString keywords = language == Language::JavaScript
        ? QStringLiteral("async|await|const|let|var|function|return|new|try|catch|finally|throw|for|of|in|if|else|"
                         "while|do|break|continue|switch|case|default|typeof|instanceof|this|class|extends|"
                         "true|false|null|undefined")
        : QStringLiteral("const|auto|return|using|namespace|mutable|true|false|nullptr|template");
    m_rules.append({QRegularExpression(QStringLiteral("\\b(%1)\\b").arg(keywords)), charFormat(QColor(0x8e, 0x44, 0xad), true)});
    const QString types = language == Language::JavaScript
        ? QStringLiteral("Promise|AbortController|AbortSignal|AggregateError|Error|TypeError|console|performance|Date")
        : QStringLiteral("QFuture|QList|QJsonValue|JsonFuture|JsonStart|SettledResult|AbortController|AbortSignal|Clock");
    m_rules.append({QRegularExpression(QStringLiteral("\\b(%1)\\b").arg(types)), charFormat(QColor(0x16, 0x80, 0x9b))});
    m_rules.append({QRegularExpression(QStringLiteral("\\b\\d+(\\.\\d+)?\\b")), charFormat(QColor(0xc0, 0x6c, 0x00))});
    // JavaScript's template literals are followed across lines by highlightMultiLine.
    const QString strings = language == Language::JavaScript ? QStringLiteral("'(\\\\.|[^'\\\\])*'|\"(\\\\.|[^\"\\\\])*\"")
                                                             : QStringLiteral("'[^']*'|\"[^\"]*\"");
    m_rules.append({QRegularExpression(strings), m_stringFormat});
    m_rules.append({QRegularExpression(QStringLiteral("//.*$")), m_commentFormat});
}

void CodeHighlighter::highlightBlock(const QString &text)
{
    for (const Rule &rule : std::as_const(m_rules)) {
        auto matches = rule.pattern.globalMatch(text);
        while (matches.hasNext()) {
            const QRegularExpressionMatch match = matches.next();
            setFormat(int(match.capturedStart()), int(match.capturedLength()), rule.format);
        }
    }
    highlightMultiLine(text);
}

void CodeHighlighter::highlightMultiLine(const QString &text)
{
    int state = std::max(0, previousBlockState());
    int start = 0; // where the construct open at `i` began on this line
    qsizetype i = 0;
    const qsizetype n = text.size();
    while (i < n) {
        if (state == InBlockComment) {
            const qsizetype end = text.indexOf(QLatin1String("*/"), i);
            const qsizetype stop = end < 0 ? n : end + 2;
            setFormat(start, int(stop - start), m_commentFormat);
            i = stop;
            if (end >= 0)
                state = Code;
            continue;
        }
        if (state == InTemplate) {
            qsizetype end = i;
            while (end < n && text.at(end) != QLatin1Char('`'))
                end += text.at(end) == QLatin1Char('\\') ? 2 : 1;
            const qsizetype stop = std::min(n, end + 1);
            setFormat(start, int(stop - start), m_stringFormat);
            i = stop;
            if (end < n)
                state = Code;
            continue;
        }
        const QChar c = text.at(i);
        const QChar next = i + 1 < n ? text.at(i + 1) : QChar();
        if (m_language != Language::JavaScript && c != QLatin1Char('/')) {
            ++i;
        } else if (c == QLatin1Char('/') && next == QLatin1Char('/')) {
            break; // a line comment: the rest of the line is the rule's
        } else if (c == QLatin1Char('/') && next == QLatin1Char('*')) {
            state = InBlockComment;
            start = int(i);
            i += 2;
        } else if (c == QLatin1Char('`')) {
            state = InTemplate;
            start = int(i);
            ++i;
        } else if (c == QLatin1Char('\'') || c == QLatin1Char('"')) {
            qsizetype end = i + 1; // past the quoted string: a backtick in it opens nothing
            while (end < n && text.at(end) != c)
                end += text.at(end) == QLatin1Char('\\') ? 2 : 1;
            i = end + 1;
        } else {
            ++i;
        }
    }
    setCurrentBlockState(state);
}

} // namespace asyncscope
