#pragma once

// The "Scenario" dock, the whole editor: the scenario's name and description,
// the task table (latency slider, fails, failure rate; id and label edited in
// place) with add / duplicate / remove / move, every field of the selected
// task below it (TaskDetailEditor), and the plans with the same buttons. All
// of it edits the ScenarioDocument, one undo step per edit.

#include <QWidget>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSplitter;
class QTableView;
class QToolButton;

namespace asyncscope {

class PlanListEditor;
class ScenarioDocument;
class TaskDetailEditor;
class TaskTableModel;

class ScenarioPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ScenarioPanel(ScenarioDocument *document, QWidget *parent = nullptr); // document not owned
    ~ScenarioPanel() override;

    QTableView *taskTable() const { return m_taskTable; }
    TaskTableModel *taskModel() const { return m_taskModel; }
    PlanListEditor *planEditor() const { return m_planEditor; }
    TaskDetailEditor *taskDetail() const { return m_taskDetail; }
    QLineEdit *nameEdit() const { return m_name; }
    QPlainTextEdit *descriptionEdit() const { return m_description; }
    QString message() const;        // the last refusal shown; empty when none

    int currentTaskRow() const;
    void selectTask(int row);

private:
    void openLiveEditors();
    void showMessage(const QString &text);
    QWidget *taskButtons();
    QWidget *planButtons();
    void reloadDescription();

    ScenarioDocument *m_document;
    QLineEdit *m_name;
    QPlainTextEdit *m_description;
    TaskTableModel *m_taskModel;
    QTableView *m_taskTable;
    TaskDetailEditor *m_taskDetail;
    PlanListEditor *m_planEditor;
    QLabel *m_message;
    QSplitter *m_splitter = nullptr;
};

} // namespace asyncscope
