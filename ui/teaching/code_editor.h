#pragma once

// A plain-text code editor with a line-number gutter (Qt's "Code Editor
// Example") and one error mark: the line tinted and the column underlined
// with a wave, where Node reported a syntax error or a plan could not run.

#include <QPlainTextEdit>

namespace asyncscope {

class CodeEditor : public QPlainTextEdit
{
    Q_OBJECT

public:
    explicit CodeEditor(QWidget *parent = nullptr);

    // 1-based, as Node reports them; line 0 clears the mark.
    void setErrorPosition(int line, int column);
    void clearErrorPosition() { setErrorPosition(0, 0); }
    int errorLine() const { return m_errorLine; }
    int errorColumn() const { return m_errorColumn; }

    int lineNumberAreaWidth() const;
    // The gutter's painting, called by the gutter widget.
    void paintLineNumbers(QPaintEvent *event);

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void updateLineNumberAreaWidth();
    void updateLineNumberArea(const QRect &rect, int dy);
    void showErrorMark();

    QWidget *m_lineNumberArea; // child
    int m_errorLine = 0;
    int m_errorColumn = 0;
};

} // namespace asyncscope
