#pragma once

// Teaching mode: a scenario may carry a `lesson`, a list of steps a presenter
// walks through. Each step shows some plans and may ask the class a question
// before the timeline is revealed: a multiple choice, or "predict when plan X
// settles" within a tolerance. parseLesson() is as strict as the scenario
// loader (unknown fields are errors; messages name the JSON path);
// teaching/lesson_check.h judges answers against a real run, and
// teaching/exercise_check.h an exercise's code in each of its conditions.
//
//   "lesson": {"title": "...", "steps": [
//     {"text": "...", "plans": ["sequential"],
//      "question": {"kind": "choice", "prompt": "...", "choices": ["a", "b"],
//                   "answer": 1, "explain": "..."}},
//     {"text": "...", "plans": ["parallel"],
//      "question": {"kind": "predict", "prompt": "...", "plan": "parallel",
//                   "tolerance_ms": 20, "explain": "..."}},
//     {"text": "...", "question": {"kind": "exercise", "prompt": "...",
//                   "starter": "async function f() {}", "call": "f()",
//                   "solution": "...", "conditions": [
//                     {"name": "primary slow", "text": "...",
//                      "tasks": {"primary": {"latency_ms": 3000}}}]}}]}

#include "scenario.h"

#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <optional>

namespace asyncscope {

// One condition an exercise's code is run in: the scenario with some tasks
// changed. What is not given stays as the scenario has it.
struct ExerciseTaskChange
{
    std::optional<double> latencyMs;   // replaces latency, distribution and jitter
    std::optional<bool> fails;         // replaces fails and failure_rate
    QJsonValue error;                  // undefined: unchanged
    QJsonValue value;                  // undefined: unchanged
};

struct ExerciseCondition
{
    QString name;                      // "primary slow"
    QString text;                      // "the primary answers after 3 s"; may be empty
    QList<QPair<QString, ExerciseTaskChange>> tasks; // task id -> change, in file order
};

struct LessonQuestion
{
    enum class Kind { Choice, Predict, Exercise };
    Kind kind = Kind::Choice;
    QString prompt;
    QString explain;           // shown after the answer, right or wrong
    // Choice
    QStringList choices;
    int answer = 0;            // index into choices
    // Predict: when does `plan` settle?
    QString plan;
    double toleranceMs = kDefaultToleranceMs;

    // Exercise: the class writes code; it runs in each condition and is judged
    // against the solution's run (teaching/exercise_check.h).
    QString starter;           // the code the editor starts with
    QString call;              // the expression the plan returns, e.g. "fetchWithFallback()"
    QString solution;          // the reference; hidden until asked for
    QList<ExerciseCondition> conditions;

    static constexpr double kDefaultToleranceMs = 10;
};

struct LessonStep
{
    QString text;
    QStringList plans;         // the plans this step shows; empty = all of them
    std::optional<LessonQuestion> question;
};

struct Lesson
{
    QString title;             // optional in the file; parseLesson(Scenario) uses the scenario's name
    QList<LessonStep> steps;
};

struct LessonParseResult
{
    std::optional<Lesson> lesson; // empty when there is no lesson or on error
    QString error;                // "lesson.steps[1].question.answer: must be ..."
    bool ok() const { return error.isEmpty(); }
};

// `json` is the value of the scenario's "lesson" field; `planNames` and
// `taskIds` are the scenario's. An empty object means "no lesson" (ok, no value).
LessonParseResult parseLesson(const QJsonObject &json, const QStringList &planNames, const QStringList &taskIds);
LessonParseResult parseLesson(const Scenario &scenario);

} // namespace asyncscope
