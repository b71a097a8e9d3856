// The JavaScript editor of the Code dock: a gutter as wide as the largest
// line number, and an error mark at Node's line and column (the line tinted,
// its number in red, the character underlined) that follows edits and clears.

#include "code_editor.h"
#include "code_highlighter.h"

#include <QApplication>
#include <QImage>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextLayout>

using namespace asyncscope;

namespace {

// The reddest pixel of a region (red minus green): a red line number scores high.
int reddest(const QImage &image, const QRect &region)
{
    int best = -255;
    for (int y = std::max(0, region.top()); y <= std::min(image.height() - 1, region.bottom()); ++y) {
        for (int x = std::max(0, region.left()); x <= std::min(image.width() - 1, region.right()); ++x) {
            const QColor c = image.pixelColor(x, y);
            best = std::max(best, c.red() - c.green());
        }
    }
    return best;
}

// The foreground colour the highlighter gave character `column` (0-based) of `line`.
QColor colourAt(const QTextDocument &document, int line, int column)
{
    const QTextBlock block = document.findBlockByNumber(line);
    for (const QTextLayout::FormatRange &range : block.layout()->formats()) {
        if (column >= range.start && column < range.start + range.length)
            return range.format.foreground().color();
    }
    return {};
}

} // namespace

class TestCodeEditor : public QObject
{
    Q_OBJECT

private slots:
    void gutterGrowsWithTheLineCount()
    {
        CodeEditor editor;
        editor.setPlainText(QStringLiteral("a\nb"));
        const int digit = editor.fontMetrics().horizontalAdvance(QLatin1Char('9'));
        QCOMPARE(editor.lineNumberAreaWidth(), 8 + 2 * digit); // room for two digits at least
        QStringList lines;
        for (int i = 0; i < 120; ++i)
            lines << QStringLiteral("await fetchUser(%1);").arg(i);
        editor.setPlainText(lines.join(QLatin1Char('\n')));
        QCOMPARE(editor.blockCount(), 120);
        QCOMPARE(editor.lineNumberAreaWidth(), 8 + 3 * digit);
        QCOMPARE(editor.viewport()->geometry().left() - editor.contentsRect().left(), editor.lineNumberAreaWidth());
    }

    void errorMarkSitsAtLineAndColumn()
    {
        CodeEditor editor;
        editor.setPlainText(QStringLiteral("const a = 1;\nawait fetchUser(;\nreturn a;"));
        editor.setErrorPosition(2, 17);
        QCOMPARE(editor.errorLine(), 2);
        const QList<QTextEdit::ExtraSelection> marks = editor.extraSelections();
        QCOMPARE(marks.size(), 2);
        QVERIFY(marks.at(0).format.property(QTextFormat::FullWidthSelection).toBool());
        QCOMPARE(marks.at(0).cursor.blockNumber(), 1);
        const QTextCursor at = marks.at(1).cursor;
        QCOMPARE(at.selectedText(), QStringLiteral(";"));
        QCOMPARE(at.selectionStart(), 13 + 16); // line 1 and its newline, then 16 characters
        QCOMPARE(marks.at(1).format.underlineStyle(), QTextCharFormat::WaveUnderline);

        // "Unexpected end of input": a column past the end marks the line's last character.
        editor.setErrorPosition(3, 40);
        QCOMPARE(editor.extraSelections().at(1).cursor.selectedText(), QStringLiteral(";"));
        // A line that is not there marks nothing; clearing clears.
        editor.setErrorPosition(9, 1);
        QVERIFY(editor.extraSelections().isEmpty());
        editor.setErrorPosition(1, 1);
        QCOMPARE(editor.extraSelections().size(), 2);
        editor.clearErrorPosition();
        QVERIFY(editor.extraSelections().isEmpty());
    }

    void theErrorLineNumberIsRed()
    {
        CodeEditor editor;
        editor.resize(400, 200);
        editor.setPlainText(QStringLiteral("const a = 1;\nawait fetchUser(;\nreturn a;"));
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        const int lineHeight = editor.fontMetrics().height();
        const int top = editor.contentsRect().top() + int(editor.document()->documentMargin());
        const QRect gutterLine1(0, top, editor.lineNumberAreaWidth(), lineHeight);
        const QRect gutterLine2 = gutterLine1.translated(0, lineHeight);
        QImage before = editor.grab().toImage();
        QVERIFY(reddest(before, gutterLine2) < 60); // grey numbers
        editor.setErrorPosition(2, 17);
        QCoreApplication::processEvents();
        const QImage after = editor.grab().toImage();
        QVERIFY2(reddest(after, gutterLine2) > 80, qPrintable(QString::number(reddest(after, gutterLine2))));
        QVERIFY(reddest(after, gutterLine1) < 60);
    }

    void highlighterFollowsTemplatesAndBlockComments()
    {
        QTextDocument document;
        CodeHighlighter highlighter(CodeHighlighter::Language::JavaScript, &document);
        document.setPlainText(QStringLiteral("const s = `a\n${x} await\nb`; /* c\nawait */ return 'x`y';\nlet n = 42; // const"));
        highlighter.rehighlight(); // a new highlighter's first pass is queued
        const QColor string(0x2e, 0x8b, 0x3e);
        const QColor comment(0x80, 0x80, 0x80);
        const QColor keyword(0x8e, 0x44, 0xad);
        const QColor number(0xc0, 0x6c, 0x00);
        QCOMPARE(colourAt(document, 0, 0), keyword);          // const
        QCOMPARE(colourAt(document, 0, 10), string);          // the backtick
        QCOMPARE(colourAt(document, 1, 5), string);           // "await" inside the template
        QCOMPARE(colourAt(document, 2, 0), string);           // b
        QCOMPARE(colourAt(document, 2, 1), string);           // the closing backtick
        QCOMPARE(colourAt(document, 2, 5), comment);          // /* opens
        QCOMPARE(colourAt(document, 3, 0), comment);          // "await" inside the comment
        QCOMPARE(colourAt(document, 3, 9), keyword);          // return, after */
        QCOMPARE(colourAt(document, 3, 17), string);          // the backtick inside 'x`y' opens nothing...
        QCOMPARE(colourAt(document, 4, 0), keyword);          // ...so the next line is code: let
        QCOMPARE(colourAt(document, 4, 8), number);           // 42
        QCOMPARE(colourAt(document, 4, 15), comment);         // // const
        QCOMPARE(document.findBlockByNumber(0).userState(), 2); // inside a template
        QCOMPARE(document.findBlockByNumber(2).userState(), 1); // inside a block comment
        QCOMPARE(document.findBlockByNumber(4).userState(), 0);
    }
};

QTEST_MAIN(TestCodeEditor)
#include "tst_code_editor.moc"
