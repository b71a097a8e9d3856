#pragma once

// Just enough colour to read JavaScript and C++: keywords, strings, numbers,
// comments and (JavaScript) template literals. Rules are regular expressions
// applied per line; block comments and template literals, which a user's
// JavaScript plan may spread over lines, are followed by the block state.

#include <QList>
#include <QRegularExpression>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>

class QTextDocument;

namespace asyncscope {

class CodeHighlighter : public QSyntaxHighlighter
{
    Q_OBJECT

public:
    enum class Language { JavaScript, Cpp };

    CodeHighlighter(Language language, QTextDocument *document);

protected:
    void highlightBlock(const QString &text) override;

private:
    enum BlockState { Code = 0, InBlockComment = 1, InTemplate = 2 };
    void highlightMultiLine(const QString &text);

    struct Rule
    {
        QRegularExpression pattern;
        QTextCharFormat format;
    };
    QList<Rule> m_rules;   // later rules win: comments and strings come last
    Language m_language;
    QTextCharFormat m_commentFormat;
    QTextCharFormat m_stringFormat;
};

} // namespace asyncscope
