#pragma once

// A one-line label that never asks for more width than it is given: its text
// is elided at the right ("…") when it does not fit, and the whole text is
// its tooltip. For lines such as the trials note, which can be as long as the
// plans are many and must not push the window wider than the screen.

#include <QWidget>

namespace asyncscope {

class ElidedLabel : public QWidget
{
    Q_OBJECT
public:
    explicit ElidedLabel(QWidget *parent = nullptr);

    void setText(const QString &text);
    QString text() const { return m_text; }
    void clear() { setText({}); }
    bool isElided() const;          // at the current width
    QString shownText() const;      // what is painted

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QString m_text;
};

} // namespace asyncscope
