#include "code_highlighter.h"

#include <QColor>
#include <QFont>

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
{
    // Mid-tone colours that read on light and dark backgrounds alike.
    const QString keywords = language == Language::JavaScript
        ? QStringLiteral("async|await|const|let|function|return|new|try|catch|finally|throw|for|of|if|while|"
                         "true|false|null|undefined")
        : QStringLiteral("const|auto|return|using|namespace|mutable|true|false|nullptr|template");
    m_rules.append({QRegularExpression(QStringLiteral("\\b(%1)\\b").arg(keywords)), charFormat(QColor(0x8e, 0x44, 0xad), true)});
    const QString types = language == Language::JavaScript
        ? QStringLiteral("Promise|AbortController|AggregateError|Error")
        : QStringLiteral("QFuture|QList|QJsonValue|JsonFuture|JsonStart|SettledResult|AbortController|AbortSignal|Clock");
    m_rules.append({QRegularExpression(QStringLiteral("\\b(%1)\\b").arg(types)), charFormat(QColor(0x16, 0x80, 0x9b))});
    m_rules.append({QRegularExpression(QStringLiteral("\\b\\d+(\\.\\d+)?\\b")), charFormat(QColor(0xc0, 0x6c, 0x00))});
    m_rules.append({QRegularExpression(QStringLiteral("'[^']*'|\"[^\"]*\"|`[^`]*`")), charFormat(QColor(0x2e, 0x8b, 0x3e))});
    m_rules.append({QRegularExpression(QStringLiteral("//.*$")), charFormat(QColor(0x80, 0x80, 0x80), false, true)});
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
}

} // namespace asyncscope
