#pragma once

// Teaching mode: a scenario may carry a `lesson`, a list of steps a presenter
// walks through. Each step shows some plans and may ask the class a question
// before the timeline is revealed: a multiple choice, or "predict when plan X
// settles" within a tolerance. parseLesson() is as strict as the scenario
// loader (unknown fields are errors; messages name the JSON path);
// teaching/lesson_check.h judges answers against a real run.
//
//   "lesson": {"title": "...", "steps": [
//     {"text": "...", "plans": ["sequential"],
//      "question": {"kind": "choice", "prompt": "...", "choices": ["a", "b"],
//                   "answer": 1, "explain": "..."}},
//     {"text": "...", "plans": ["parallel"],
//      "question": {"kind": "predict", "prompt": "...", "plan": "parallel",
//                   "tolerance_ms": 20, "explain": "..."}}]}

#include "scenario.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace asyncscope {

struct LessonQuestion
{
    enum class Kind { Choice, Predict };
    Kind kind = Kind::Choice;
    QString prompt;
    QString explain;           // shown after the answer, right or wrong
    // Choice
    QStringList choices;
    int answer = 0;            // index into choices
    // Predict: when does `plan` settle?
    QString plan;
    double toleranceMs = kDefaultToleranceMs;

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

// `json` is the value of the scenario's "lesson" field; `planNames` are the
// scenario's plans. An empty object means "no lesson" (ok, no value).
LessonParseResult parseLesson(const QJsonObject &json, const QStringList &planNames);
LessonParseResult parseLesson(const Scenario &scenario);

} // namespace asyncscope
