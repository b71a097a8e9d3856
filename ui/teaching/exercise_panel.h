#pragma once

// A lesson step's exercise (model/lesson.h, kind "exercise"): the class edits
// the starter code, Check (Ctrl+Return) runs it in every condition beside the
// hidden solution (core/teaching/exercise_check.h) off the GUI thread, and
// each condition shows pass, or what went wrong. The runs go to the timeline
// (traceReady): one band per condition, and the solution's under each once
// Show Solution was pressed. A stale check is dropped by its generation.

#include "exercise_check.h"
#include "lesson.h"
#include "scenario.h"

#include <QFutureWatcher>
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace asyncscope {

class ExercisePanel : public QWidget
{
    Q_OBJECT

public:
    explicit ExercisePanel(QWidget *parent = nullptr);

    // A new exercise: the editor gets its starter code, results and solution go.
    void setExercise(const Scenario &scenario, const LessonQuestion &question);

    void focusEditor();
    QString code() const;
    void setCode(const QString &code);
    bool isChecking() const { return m_watcher.isRunning(); }
    bool isSolutionShown() const { return m_solutionShown; }
    std::optional<ExerciseCheck> lastCheck() const { return m_check; }

public Q_SLOTS:
    void check();
    void showSolution();

Q_SIGNALS:
    void checked(int passed, int total);
    void traceReady(const asyncscope::RunTrace &trace);

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    void startCheck();
    void showCheck();
    void publishTrace();

    Scenario m_scenario;
    LessonQuestion m_question;
    std::optional<ExerciseCheck> m_check;
    bool m_solutionShown = false;
    quint64 m_generation = 0;
    QFutureWatcher<ExerciseCheck> m_watcher;
    quint64 m_watchedGeneration = 0;
    bool m_checkWanted = false;   // Check pressed while a check ran

    // Child widgets (Qt parent: this).
    QPlainTextEdit *m_editor;
    QPushButton *m_checkButton;
    QPushButton *m_solutionButton;
    QLabel *m_status;
    QLabel *m_results;
    QLabel *m_solutionTitle;
    QPlainTextEdit *m_solution;
};

} // namespace asyncscope
