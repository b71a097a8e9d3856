#include "lesson_editing.h"

#include "lesson_editor.h"
#include "lesson_panel.h"
#include "lesson_stage.h"
#include "scenario_document.h"
#include "window_actions.h"

#include <QAction>
#include <QDockWidget>
#include <QMainWindow>
#include <QMenu>

namespace asyncscope {

LessonEditing::LessonEditing(const Parts &parts, QObject *parent)
    : QObject(parent)
    , m_parts(parts)
    , m_editor(new LessonEditor(parts.document, parts.window))
    , m_dock(new QDockWidget(tr("Lesson Editor"), parts.window))
{
    m_dock->setObjectName(QStringLiteral("lessonEditorDock"));
    m_dock->setWidget(m_editor);
    m_dock->setAllowedAreas(Qt::LeftDockWidgetArea | Qt::RightDockWidgetArea);
    parts.window->addDockWidget(Qt::LeftDockWidgetArea, m_dock);
    parts.window->tabifyDockWidget(parts.scenarioDock, m_dock);
    parts.scenarioDock->raise();
    if (parts.actions->viewMenu)
        parts.actions->viewMenu->addAction(m_dock->toggleViewAction());

    connect(m_editor, &LessonEditor::playRequested, this, &LessonEditing::play);
    connect(m_editor, &LessonEditor::currentStepChanged, this, [this](int step) {
        if (isPlaying() && step >= 0 && step != m_parts.panel->currentStep())
            m_parts.panel->goToStep(step);
    });
    ScenarioDocument *document = parts.document;
    connect(document, &ScenarioDocument::scenarioReplaced, this, [this, document] {
        // The window's own connection has put the new lesson on stage.
        m_playedLesson = document->scenario().lesson;
        m_playedPlans = document->scenario().planNames();
    });
    connect(document, &ScenarioDocument::lessonChanged, this, &LessonEditing::follow);
    connect(document, &ScenarioDocument::structureChanged, this, &LessonEditing::follow);
    connect(document, &ScenarioDocument::planChanged, this, &LessonEditing::follow);
    connect(parts.lessonDock, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        // Closed (not merely tabbed away or the window hidden): leave lesson mode.
        if (!visible && m_parts.lessonDock->isHidden() && m_parts.panel->hasLesson())
            stop();
    });
    connect(parts.actions->presenter, &QAction::toggled, this, &LessonEditing::setPresenterMode);
}

bool LessonEditing::isPlaying() const
{
    return !m_parts.lessonDock->isHidden() && m_parts.panel->hasLesson();
}

bool LessonEditing::play(int step)
{
    const Scenario &scenario = m_parts.document->scenario();
    m_playedLesson = scenario.lesson;
    m_playedPlans = scenario.planNames();
    m_parts.stage->setScenario(scenario); // step 1, behind the curtain; shows the Lesson dock
    if (!m_parts.panel->hasLesson())
        return false;
    if (step > 0 && step < m_parts.panel->stepCount())
        m_parts.panel->goToStep(step);
    m_parts.lessonDock->show();
    m_parts.lessonDock->raise();
    return true;
}

void LessonEditing::follow()
{
    if (!isPlaying())
        return;
    const Scenario &scenario = m_parts.document->scenario();
    if (scenario.lesson == m_playedLesson && scenario.planNames() == m_playedPlans)
        return;
    play(m_editor->currentStep());
}

void LessonEditing::stop()
{
    // LessonStage's own way to a scenario without a lesson: no curtain, no plan filter, no panel.
    Scenario withoutLesson = m_parts.document->scenario();
    withoutLesson.lesson = QJsonObject();
    m_playedLesson = QJsonObject();
    m_parts.stage->setScenario(withoutLesson);
}

void LessonEditing::setEditable(bool editable)
{
    m_editor->setEnabled(editable);
}

void LessonEditing::setPresenterMode(bool on)
{
    if (m_presenter == on)
        return;
    m_presenter = on;
    if (on) {
        m_dockWasVisible = !m_dock->isHidden();
        m_dock->hide();
    } else if (m_dockWasVisible) {
        m_dock->show();
    }
}

} // namespace asyncscope
