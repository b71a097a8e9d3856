#pragma once

// The scenario's plans, each an editable expression. Every keystroke is
// parsed; while the text is invalid the parser's message (with its column)
// shows in red under the line and the plan keeps its last good expression.
// The name is edited in place (renamePlan); the expression completes task ids
// and combinator names at the cursor.

#include <QList>
#include <QWidget>

class QCompleter;
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
    ~PlanListEditor() override;

    int planCount() const { return int(m_rows.size()); }
    QLineEdit *expressionEdit(int row) const;
    QString errorText(int row) const;  // empty while valid
    bool isErrorShown(int row) const;

    QLineEdit *nameEdit(int row) const;
    QCompleter *completer() const { return m_completer; }
    // The word under the cursor replaced by `completion` ("al|" + "allSettled").
    static QString completedText(const QString &text, int cursor, const QString &completion, int *newCursor);

    // Marks the plan the timeline's selection belongs to.
    void setCurrentPlan(int row);
    int currentPlan() const { return m_currentPlan; }

Q_SIGNALS:
    void currentPlanChanged(int row);
    void refused(const QString &message);   // a rename the document refused

private:
    struct Row
    {
        QLineEdit *name = nullptr;
        QLineEdit *expression = nullptr;
        QLabel *error = nullptr;
    };

    void rebuild();
    void showState(int row);
    void completeAtCursor(QLineEdit *edit);
    bool eventFilter(QObject *watched, QEvent *event) override;

    ScenarioDocument *m_document;
    QVBoxLayout *m_layout;
    QList<Row> m_rows;
    QCompleter *m_completer;
    int m_currentPlan = -1;
};

} // namespace asyncscope
