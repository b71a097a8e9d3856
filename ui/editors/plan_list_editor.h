#pragma once

// The scenario's plans, each an editable expression. Every keystroke is
// parsed; while the text is invalid the parser's message (with its column)
// shows in red under the line and the plan keeps its last good expression.

#include <QList>
#include <QWidget>

class QLabel;
class QLineEdit;
class QVBoxLayout;

namespace asyncscope {

class ScenarioDocument;

class PlanListEditor : public QWidget
{
    Q_OBJECT
public:
    explicit PlanListEditor(ScenarioDocument *document, QWidget *parent = nullptr); // document not owned

    int planCount() const { return int(m_rows.size()); }
    QLineEdit *expressionEdit(int row) const;
    QString errorText(int row) const;  // empty while valid
    bool isErrorShown(int row) const;

    // Marks the plan the timeline's selection belongs to.
    void setCurrentPlan(int row);

private:
    struct Row
    {
        QLabel *name = nullptr;
        QLineEdit *expression = nullptr;
        QLabel *error = nullptr;
    };

    void rebuild();
    void showState(int row);

    ScenarioDocument *m_document;
    QVBoxLayout *m_layout;
    QList<Row> m_rows;
};

} // namespace asyncscope
