#pragma once

// A lesson (model/lesson.h) against a real run: is the class's answer right,
// and the whole lesson as text for `asyncscope run --format text`.

#include "lesson.h"
#include "trace.h"

#include <optional>

namespace asyncscope {

// What the class answered. For a predict question, an empty predictedMs
// means "it never settles".
struct LessonAnswer
{
    int choice = -1;
    std::optional<double> predictedMs;
};

struct AnswerCheck
{
    bool correct = false;
    QString verdict;           // "Right: parallel settles at 200 ms (you said 210 ms, within ±20 ms)."
    QString explanation;       // the question's explain text
};

// Judges `answer`; a predict question reads the plan's settle time from `run`.
AnswerCheck checkAnswer(const LessonQuestion &question, const LessonAnswer &answer, const RunTrace &run);

// The plain-text rendering for `asyncscope run --format text`: every step,
// its question with the right answer and its explanation, and why each plan
// settled as it did. Without a lesson: the comparison and one line per plan.
QString lessonText(const Scenario &scenario, const RunTrace &run);

} // namespace asyncscope
