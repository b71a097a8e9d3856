#include "timeline_editing.h"

#include "bar_drag_editor.h"
#include "dependency_graph_panel.h"
#include "run_controller.h"
#include "scenario_document.h"
#include "summary_chart.h"
#include "timeline_view.h"
#include "window_actions.h"

#include <QAction>
#include <QDockWidget>
#include <QMainWindow>
#include <QMenu>
#include <QStatusBar>

namespace asyncscope {

TimelineEditing::TimelineEditing(const Parts &parts, QObject *parent)
    : QObject(parent)
    , m_parts(parts)
    , m_barDragEditor(new BarDragEditor(parts.timeline, parts.document, this))
    , m_graphPanel(new DependencyGraphPanel(parts.window))
    , m_graphDock(new QDockWidget(tr("Dependencies"), parts.window))
{
    m_graphDock->setObjectName(QStringLiteral("dependenciesDock"));
    m_graphDock->setWidget(m_graphPanel);
    parts.window->addDockWidget(Qt::RightDockWidgetArea, m_graphDock);
    m_graphDock->hide();
    if (parts.actions->viewMenu)
        parts.actions->viewMenu->addAction(m_graphDock->toggleViewAction());

    ScenarioDocument *document = parts.document;
    auto showScenario = [this, document] {
        m_graphPanel->setScenario(document->scenario());
        // A scenario with needs opens with its graph in view; one without keeps the dock as the user left it.
        bool needs = false;
        for (const TaskSpec &task : document->scenario().tasks)
            needs = needs || !task.needs.isEmpty();
        if (needs && !m_graphDock->isVisible()) {
            m_graphDock->show();
            m_parts.window->resizeDocks({m_graphDock}, {340}, Qt::Horizontal);
        }
    };
    connect(document, &ScenarioDocument::scenarioReplaced, this, [this, showScenario] {
        m_parts.timeline->clearBaseline(); // another scenario: nothing to compare with
        showScenario();
    });
    // A hidden dock costs an edit nothing; shown again, it catches up.
    connect(document, &ScenarioDocument::edited, this, [this, document] {
        if (m_graphDock->isVisible())
            m_graphPanel->setScenario(document->scenario());
    });
    connect(parts.run, &RunController::traceChanged, this, [this] {
        if (m_graphDock->isVisible())
            m_graphPanel->setTrace(m_parts.run->shownTrace());
    });
    connect(m_graphDock, &QDockWidget::visibilityChanged, this, [this, document](bool visible) {
        if (!visible)
            return;
        m_graphPanel->setScenario(document->scenario());
        m_graphPanel->setTrace(m_parts.run->shownTrace());
    });
    connect(parts.timeline, &TimelineView::spanClicked, m_graphPanel, &DependencyGraphPanel::selectPlan);
    // The table's latency slider too: the picture before the drag stays behind the bars.
    connect(document, &ScenarioDocument::interactiveEditStarted, parts.timeline, &TimelineView::takeAutomaticBaseline);

    connect(parts.actions->pinBaseline, &QAction::triggered, this, [this] {
        m_parts.timeline->pinBaseline();
        m_parts.window->statusBar()->showMessage(tr("Baseline pinned: edits are now compared with this run"), 4000);
    });
    connect(parts.actions->clearBaseline, &QAction::triggered, parts.timeline, &TimelineView::clearBaseline);
    connect(parts.timeline, &TimelineView::baselineChanged, this, &TimelineEditing::showBaselineState);
    showBaselineState();
}

void TimelineEditing::setEditable(bool editable)
{
    m_parts.timeline->setBarEditingEnabled(editable);
}

void TimelineEditing::showBaselineState()
{
    const std::optional<RunTrace> &baseline = m_parts.timeline->baseline();
    m_parts.actions->clearBaseline->setEnabled(baseline.has_value());
    m_parts.chart->setBaseline(baseline ? &*baseline : nullptr);
}

} // namespace asyncscope
