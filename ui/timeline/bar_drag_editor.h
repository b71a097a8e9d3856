#pragma once

// Turns the timeline's bar editing intents into document edits: a drag of a
// bar's end sets that task's latency at every step (every plan re-runs and
// redraws), one interactive edit from press to release so it undoes in one
// step; a click on the outcome marker or F flips whether the task fails.
// A task with per-invocation latencies gets that invocation's value; a
// random task's distribution is scaled so the dragged bar follows the mouse.

#include "bar_drag.h"

#include <QObject>

namespace asyncscope {

class ScenarioDocument;
class TimelineView;

class BarDragEditor : public QObject
{
    Q_OBJECT
public:
    // Neither is owned; both must outlive this (make it a child of one of them).
    BarDragEditor(TimelineView *view, ScenarioDocument *document, QObject *parent = nullptr);

    // The latency a drag target asks of its task: the value to give the document.
    double taskLatencyFor(const BarDragTarget &target) const;

private:
    void start(const BarDragTarget &target);
    void drag(const BarDragTarget &target);
    void finish(const BarDragTarget &target);
    void toggleFails(const BarDragTarget &target);

    TimelineView *m_view;          // not owned
    ScenarioDocument *m_document;  // not owned
    double m_pressNominalMs = 0;   // the task's nominal latency when the drag began
};

} // namespace asyncscope
