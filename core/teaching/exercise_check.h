#pragma once

// An exercise (model/lesson.h, kind "exercise"): the class writes code, and
// it runs as a JavaScript plan in each of the exercise's conditions next to
// the hidden solution. A condition passes when the code starts every task at
// the solution's times and settles as the solution does (outcome, time, value
// or the reason's kind); otherwise the verdict says what went wrong in the
// terms of the code: "fetchFallback() was called at 0 ms; it should wait
// until 2000 ms", "rejected with Error, not AggregateError".

#include "lesson.h"
#include "trace.h"

namespace asyncscope {

struct ConditionVerdict
{
    QString condition;          // its name
    bool passed = false;
    QStringList problems;       // empty when passed; the first is the headline
    QString summary;            // one line: the problem, or what the code did ("fulfilled with ... at 300 ms")
    PlanTrace answer;           // the class's code in this condition
    PlanTrace solution;         // the reference, for the window to draw once asked for
};

struct ExerciseCheck
{
    QList<ConditionVerdict> conditions;
    int passedCount() const;
    bool allPassed() const { return passedCount() == conditions.size(); }
};

// The scenario a condition makes: `base` with the condition's task changes,
// no lesson, and one JavaScript plan named `planName` running `code` and
// returning the question's call.
Scenario exerciseScenario(const Scenario &base, const LessonQuestion &question, const ExerciseCondition &condition,
                          const QString &code, const QString &planName);

// Runs `code` (and the solution) in every condition on the virtual clock. Each
// condition runs the same seed, so random tasks draw alike for both.
ExerciseCheck checkExercise(const Scenario &scenario, const LessonQuestion &question, const QString &code);

// The runs to draw on one time axis: per condition the class's code (named
// as the condition, "primary slow") and, with `withSolution`, the solution
// under it ("primary slow · solution").
RunTrace exerciseTrace(const Scenario &scenario, const ExerciseCheck &check, bool withSolution);

// "3 of 4 conditions pass." and a line per condition, for the command line.
QString exerciseText(const ExerciseCheck &check);

} // namespace asyncscope
