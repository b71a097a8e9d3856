#pragma once

// The scenario's tasks drawn as a dependency graph: one column per level
// (dependency_graph.h), a task's box in its column, an arrow from each need to
// the task that needs it, and the critical path of one plan's run
// (critical_path.h) drawn thick in the accent colour. The headline says how
// many sequential steps the tasks need ("3 steps").

#include "dependency_graph.h"
#include "scenario.h"
#include "trace.h"

#include <QHash>
#include <QRectF>
#include <QSet>
#include <QWidget>

namespace asyncscope {

class DependencyGraphView : public QWidget
{
    Q_OBJECT
public:
    explicit DependencyGraphView(QWidget *parent = nullptr);

    void setScenario(const Scenario &scenario);
    // The run whose critical path is drawn; nullptr: none.
    void setPlanRun(const PlanTrace *plan);

    // What is drawn, for tests and the panel.
    const DependencyGraph &graph() const { return m_graph; }
    QString headline() const;                   // "3 steps · critical path of graph: A → C → E, 300 ms"
    QStringList criticalTasks() const { return m_criticalTasks; } // in path order
    bool isCriticalEdge(const DependencyEdge &edge) const;
    QRectF nodeRect(const QString &taskId) const; // in widget coordinates; empty if unknown

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void layoutNodes();
    QString stepsText() const;   // "3 steps"
    QString pathText() const;    // "critical path of graph: A → C → E, 300 ms", or empty
    double headlineHeight() const; // both, the path wrapped to the width

    Scenario m_scenario;
    DependencyGraph m_graph;
    QString m_planName;
    QStringList m_criticalTasks;
    double m_criticalMs = 0;
    QHash<QString, QRectF> m_nodeRects;
};

} // namespace asyncscope
