#include "lesson_stage.h"

#include "exercise_panel.h"
#include "lesson_panel.h"
#include "playback_controller.h"
#include "run_controller.h"
#include "summary_chart.h"
#include "timeline_view.h"

#include <QDockWidget>
#include <QLabel>
#include <QSplitter>

namespace asyncscope {

LessonStage::LessonStage(const Parts &parts, QObject *parent)
    : QObject(parent)
    , m_parts(parts)
    , m_curtain(new QLabel(tr("Predict first.\n\nAnswer the question in the Lesson panel, then press → to run it.")))
{
    m_curtain->setObjectName(QStringLiteral("lessonCurtain"));
    m_curtain->setAlignment(Qt::AlignCenter);
    m_curtain->setWordWrap(true);
    QFont big = m_curtain->font();
    big.setPointSizeF(big.pointSizeF() * 1.6);
    m_curtain->setFont(big);
    m_parts.centre->insertWidget(0, m_curtain);
    m_curtain->hide();
    connect(m_parts.panel, &LessonPanel::stepChanged, this, &LessonStage::showStep);
    connect(m_parts.panel, &LessonPanel::revealRequested, this, &LessonStage::reveal);
    connect(m_parts.panel, &LessonPanel::exerciseTraceReady, this, &LessonStage::showExercise);
}

void LessonStage::setScenario(const Scenario &scenario)
{
    const bool lesson = m_parts.panel->setScenario(scenario);
    m_parts.dock->setVisible(lesson);
    if (lesson) {
        showStep();
    } else {
        m_parts.run->setPlanFilter({});
        setCurtain(false);
        emit statusChanged();
    }
}

void LessonStage::close()
{
    m_exerciseTrace.reset();
    m_parts.dock->hide();
    setCurtain(false);
}

void LessonStage::stepBack()
{
    if (m_parts.dock->isVisible())
        m_parts.panel->previousStep();
    else
        m_parts.playback->stepBack();
}

void LessonStage::stepForward()
{
    if (m_parts.dock->isVisible())
        m_parts.panel->nextStep();
    else
        m_parts.playback->stepForward();
}

void LessonStage::showStep()
{
    // The class predicts before it sees: timeline and chart stay hidden until the reveal.
    // An exercise's step shows its plans while the class writes; its checks then draw instead.
    m_exerciseTrace.reset();
    m_parts.run->setPlanFilter(m_parts.panel->currentPlans());
    m_parts.playback->pause();
    setCurtain(!m_parts.panel->isExerciseStep());
    if (!m_parts.run->trace().plans.isEmpty())
        m_parts.run->rerun();
    emit statusChanged();
    if (m_parts.panel->isExerciseStep())
        m_parts.panel->exercisePanel()->focusEditor(); // the class writes code now; Next moves on
    else
        m_parts.panel->setFocus();
}

void LessonStage::reveal(const QStringList &planIds)
{
    m_parts.run->setPlanFilter(planIds);
    setCurtain(false);
    m_parts.run->rerun();
    m_parts.timeline->fitAll();
    m_parts.playback->restart();
}

void LessonStage::showExercise(const RunTrace &trace)
{
    m_exerciseTrace = trace;
    setCurtain(false);
    emit exerciseShown();
    m_parts.timeline->fitAll();
    m_parts.playback->restart();
    emit statusChanged();
}

void LessonStage::setCurtain(bool hiding)
{
    m_hiding = hiding;
    m_curtain->setVisible(hiding);
    m_parts.timeline->setVisible(!hiding);
    m_parts.chart->setVisible(!hiding);
}

} // namespace asyncscope
