#pragma once

// Just enough colour to read generated JavaScript and C++: keywords,
// strings, numbers and comments. Rules are regular expressions applied per
// line; the generated code never has multi-line comments or strings.

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
    struct Rule
    {
        QRegularExpression pattern;
        QTextCharFormat format;
    };
    QList<Rule> m_rules;   // later rules win: comments and strings come last
};

} // namespace asyncscope
