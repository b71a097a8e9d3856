#pragma once

// The Dependencies dock: the dependency graph of the open scenario and a
// choice of the plan whose critical path it highlights (a graph() or
// levels() plan first, or the plan of the bar last clicked). Follows every
// edit: the window hands it the scenario and the run after each re-run.

#include "trace.h"

#include <QWidget>

class QComboBox;

namespace asyncscope {

class DependencyGraphView;
struct Scenario;

class DependencyGraphPanel : public QWidget
{
    Q_OBJECT
public:
    explicit DependencyGraphPanel(QWidget *parent = nullptr);

    void setScenario(const Scenario &scenario);
    void setTrace(const RunTrace &trace);
    // Index into the trace's plans (as TimelineView::spanClicked gives it).
    void selectPlan(int planIndex);
    int selectedPlan() const;

    DependencyGraphView *view() const { return m_view; } // child

private:
    void showSelectedPlan();

    RunTrace m_trace;
    QComboBox *m_plans;              // child
    DependencyGraphView *m_view;     // child
    bool m_userChosePlan = false;
};

} // namespace asyncscope
