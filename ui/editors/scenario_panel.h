#pragma once

// The "Scenario" dock: the task table (latency slider, fails, failure rate)
// above the plan expressions. Both edit the ScenarioDocument directly.

#include <QWidget>

class QLabel;
class QSplitter;
class QTableView;

namespace asyncscope {

class PlanListEditor;
class ScenarioDocument;
class TaskTableModel;

class ScenarioPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ScenarioPanel(ScenarioDocument *document, QWidget *parent = nullptr); // document not owned

    QTableView *taskTable() const { return m_taskTable; }
    TaskTableModel *taskModel() const { return m_taskModel; }
    PlanListEditor *planEditor() const { return m_planEditor; }

private:
    void openLiveEditors();

    ScenarioDocument *m_document;
    QLabel *m_description;
    TaskTableModel *m_taskModel;
    QTableView *m_taskTable;
    PlanListEditor *m_planEditor;
    QSplitter *m_splitter = nullptr;
};

} // namespace asyncscope
