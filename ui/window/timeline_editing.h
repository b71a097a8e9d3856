#pragma once

// The window's part of editing in the timeline and comparing runs: the bar
// drags and outcome flips go to the document (BarDragEditor), Pin as Baseline
// / Clear Baseline act on the timeline's baseline, the state before any
// interactive edit (a drag of a bar or of the table's latency slider) becomes
// the baseline unless one is pinned, the summary chart shows the baseline
// next to the current run, and the Dependencies dock shows the tasks' graph
// with the critical path of the chosen plan. A thin shell over those pieces.

#include <QObject>

class QDockWidget;
class QMainWindow;

namespace asyncscope {

class BarDragEditor;
class DependencyGraphPanel;
class RunController;
class ScenarioDocument;
class SummaryChart;
class TimelineView;
struct WindowActions;

class TimelineEditing : public QObject
{
    Q_OBJECT
public:
    struct Parts
    {
        QMainWindow *window;
        TimelineView *timeline;
        SummaryChart *chart;
        ScenarioDocument *document;
        RunController *run;
        const WindowActions *actions;
    };
    // Every part is not owned and outlives this (a child of the window).
    explicit TimelineEditing(const Parts &parts, QObject *parent = nullptr);

    DependencyGraphPanel *graphPanel() const { return m_graphPanel; }
    QDockWidget *graphDock() const { return m_graphDock; }
    BarDragEditor *barDragEditor() const { return m_barDragEditor; }

    // A recording or a real run in flight: nothing to edit.
    void setEditable(bool editable);

private:
    void showBaselineState();

    Parts m_parts;
    BarDragEditor *m_barDragEditor;       // child
    DependencyGraphPanel *m_graphPanel;   // the dock's widget
    QDockWidget *m_graphDock;             // the window's child
};

} // namespace asyncscope
