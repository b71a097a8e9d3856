#include "bar_drag_editor.h"

#include "scenario_document.h"
#include "timeline_view.h"

namespace asyncscope {

BarDragEditor::BarDragEditor(TimelineView *view, ScenarioDocument *document, QObject *parent)
    : QObject(parent), m_view(view), m_document(document)
{
    connect(view, &TimelineView::barDragStarted, this, &BarDragEditor::start);
    connect(view, &TimelineView::barDragged, this, &BarDragEditor::drag);
    connect(view, &TimelineView::barDragFinished, this, &BarDragEditor::finish);
    connect(view, &TimelineView::failsToggleRequested, this, &BarDragEditor::toggleFails);
}

double BarDragEditor::taskLatencyFor(const BarDragTarget &target) const
{
    const int row = m_document->scenario().taskIndex(target.task);
    if (row < 0)
        return target.latencyMs;
    const TaskSpec &task = m_document->scenario().tasks.at(row);
    // A drawn latency (distribution, jitter) is this bar's draw: scale the
    // task's centre by as much as the bar was stretched.
    if (task.isRandom() && target.pressDurationMs > 0)
        return m_pressNominalMs * target.latencyMs / target.pressDurationMs;
    return target.latencyMs;
}

void BarDragEditor::start(const BarDragTarget &target)
{
    const int row = m_document->scenario().taskIndex(target.task);
    m_pressNominalMs = row >= 0 ? m_document->scenario().tasks.at(row).nominalLatencyMs(target.instance) : 0;
    // Every step until release is one undo step; listeners keep the state before it.
    m_document->beginInteractiveEdit(tr("%1 latency").arg(target.task));
}

void BarDragEditor::drag(const BarDragTarget &target)
{
    const int row = m_document->scenario().taskIndex(target.task);
    if (row < 0)
        return;
    // The invocation's own value when the task has per-invocation latencies, else the task's.
    m_document->setTaskInvocationLatency(row, target.instance, taskLatencyFor(target));
}

void BarDragEditor::finish(const BarDragTarget &)
{
    m_pressNominalMs = 0;
    m_document->endInteractiveEdit();
}

void BarDragEditor::toggleFails(const BarDragTarget &target)
{
    const int row = m_document->scenario().taskIndex(target.task);
    if (row < 0)
        return;
    const TaskSpec &task = m_document->scenario().tasks.at(row);
    m_document->setTaskInvocationFails(row, target.instance, !task.nominalFails(target.instance));
}

} // namespace asyncscope
