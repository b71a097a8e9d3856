#pragma once

// Lesson mode for a presenter: one step at a time, its text and question;
// the timeline stays hidden until the class has answered. Reveal (or Enter)
// checks the answer against the run, explains it, and asks the window to
// show and animate the step's plans. Keyboard: Right / PageDown / Space =
// reveal, then next step; Left / PageUp = previous step; Enter = answer;
// 1..9 pick a choice. Clickers send PageDown/PageUp.
//
// The window wires it (see the report / README):
//   connect(panel, &LessonPanel::stepChanged, ...)       hide the timeline, show panel->currentPlans() names only
//                                                        (plan ids: PlanTrace::id, not the decorated display name)
//   connect(panel, &LessonPanel::revealRequested, ...)   show those plans' bands and play the animation from 0
// and calls panel->setRun(trace) whenever the scenario was run.

#include "lesson_check.h"
#include "scenario.h"
#include "trace.h"

#include <QWidget>

#include <optional>

class QButtonGroup;
class QCheckBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QVBoxLayout;
class QWidget;

namespace asyncscope {

class ExercisePanel;

class LessonPanel : public QWidget
{
    Q_OBJECT

public:
    explicit LessonPanel(QWidget *parent = nullptr);

    // Parses the scenario's lesson and goes to step 0. Returns false (and
    // shows why) when the scenario has no lesson or an invalid one.
    bool setScenario(const Scenario &scenario);
    // The run answers are checked against and explanations are read from.
    void setRun(const RunTrace &run);

    bool hasLesson() const { return m_lesson.has_value(); }
    int stepCount() const;
    int currentStep() const { return m_step; }
    bool isRevealed() const { return m_revealed; }
    // The ids (PlanTrace::id) of the current step's plans (all plans when the step names none).
    QStringList currentPlans() const;
    // The current step asks the class to write code (ExercisePanel): no curtain,
    // its runs are drawn once checked (exerciseTraceReady).
    bool isExerciseStep() const;
    ExercisePanel *exercisePanel() const { return m_exercise; }
    // The last check, if the current step's question was answered.
    std::optional<AnswerCheck> lastCheck() const { return m_check; }

public slots:
    void nextStep();          // reveals first if the step is still hidden
    void previousStep();
    void goToStep(int step);
    void reveal();            // checks the answer (if any) and emits revealRequested
    void chooseAnswer(int choice);
    void setPredictedMs(std::optional<double> ms);

signals:
    void stepChanged(int step);
    void revealRequested(const QStringList &plans);
    void answerChecked(bool correct);
    void exerciseTraceReady(const asyncscope::RunTrace &trace);

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    void showStep();
    void clearQuestion();
    QString explanationsHtml() const;

    Scenario m_scenario;
    std::optional<Lesson> m_lesson;
    RunTrace m_run;
    int m_step = 0;
    bool m_revealed = false;
    std::optional<AnswerCheck> m_check;

    // Child widgets, owned by this widget (Qt parent).
    QLabel *m_title = nullptr;
    QLabel *m_progress = nullptr;
    QLabel *m_text = nullptr;
    QLabel *m_prompt = nullptr;
    QWidget *m_choices = nullptr;
    QVBoxLayout *m_choicesLayout = nullptr;
    QButtonGroup *m_choiceGroup = nullptr;
    QWidget *m_predict = nullptr;
    QDoubleSpinBox *m_predictMs = nullptr;
    QCheckBox *m_never = nullptr;
    ExercisePanel *m_exercise = nullptr;
    QLabel *m_result = nullptr;
    QPushButton *m_previous = nullptr;
    QPushButton *m_reveal = nullptr;
    QPushButton *m_next = nullptr;
};

} // namespace asyncscope
