#include "lesson_check.h"

#include "explanation.h"
#include "number_format.h"

#include <cmath>

namespace asyncscope {

namespace {

const PlanTrace *findPlan(const RunTrace &run, const QString &name)
{
    for (const PlanTrace &plan : run.plans) {
        if (plan.name == name)
            return &plan;
    }
    return nullptr;
}

QString choiceLetter(int index)
{
    return QString(QChar(u'a' + index % 26));
}

QString indented(const QString &text, int spaces)
{
    const QString pad(spaces, QLatin1Char(' '));
    QStringList lines = text.split(QLatin1Char('\n'));
    for (QString &line : lines)
        line = line.isEmpty() ? line : pad + line;
    return lines.join(QLatin1Char('\n'));
}

QString planWhy(const Scenario &scenario, const RunTrace &run, const QString &name)
{
    const PlanTrace *plan = findPlan(run, name);
    if (!plan)
        return {};
    return QStringLiteral("%1: %2\n").arg(name, explainSettlement(scenario, *plan));
}

} // namespace

AnswerCheck checkAnswer(const LessonQuestion &question, const LessonAnswer &answer, const RunTrace &run)
{
    AnswerCheck check;
    check.explanation = question.explain;
    if (question.kind == LessonQuestion::Kind::Exercise) {
        check.verdict = QStringLiteral("An exercise is judged by running its code (exercise_check.h).");
        return check;
    }
    if (question.kind == LessonQuestion::Kind::Choice) {
        const QString right = question.choices.value(question.answer);
        check.correct = answer.choice == question.answer;
        if (check.correct) {
            check.verdict = QStringLiteral("Right: %1.").arg(right);
        } else if (answer.choice < 0 || answer.choice >= question.choices.size()) {
            check.verdict = QStringLiteral("No answer given. The answer is %1.").arg(right);
        } else {
            check.verdict = QStringLiteral("Not quite: you chose %1, the answer is %2.")
                                .arg(question.choices.at(answer.choice), right);
        }
        return check;
    }

    const PlanTrace *plan = findPlan(run, question.plan);
    const QString said = answer.predictedMs ? formatMs(*answer.predictedMs) : QStringLiteral("never");
    if (!plan) {
        check.verdict = QStringLiteral("Plan %1 was not run, so the prediction cannot be checked.").arg(question.plan);
        return check;
    }
    if (!plan->settledMs) {
        check.correct = !answer.predictedMs.has_value();
        check.verdict = check.correct
            ? QStringLiteral("Right: %1 never settles.").arg(question.plan)
            : QStringLiteral("Not quite: %1 never settles (you said %2).").arg(question.plan, said);
        return check;
    }
    const double actual = *plan->settledMs;
    const QString settles = QStringLiteral("%1 settles at %2").arg(question.plan, formatMs(actual));
    if (!answer.predictedMs) {
        check.verdict = QStringLiteral("Not quite: %1 (%2), it does not stay pending.")
                            .arg(settles, toString(plan->outcome));
        return check;
    }
    const double error = std::abs(*answer.predictedMs - actual);
    check.correct = error <= question.toleranceMs;
    const QString tolerance = QStringLiteral("±%1").arg(formatMs(question.toleranceMs));
    if (check.correct) {
        check.verdict = error == 0
            ? QStringLiteral("Right: %1, exactly.").arg(settles)
            : QStringLiteral("Right: %1 (you said %2, within %3).").arg(settles, said, tolerance);
    } else {
        check.verdict = QStringLiteral("Not quite: %1; you said %2, %3 %4 (allowed %5).")
                            .arg(settles, said, formatMs(error),
                                 *answer.predictedMs < actual ? QStringLiteral("too early") : QStringLiteral("too late"),
                                 tolerance);
    }
    return check;
}

QString lessonText(const Scenario &scenario, const RunTrace &run)
{
    QString out;
    const LessonParseResult parsed = parseLesson(scenario);
    const QString comparison = explainComparison(run);

    if (!parsed.lesson) {
        out += QStringLiteral("Why:\n");
        for (const PlanTrace &plan : run.plans)
            out += QStringLiteral("  ") + planWhy(scenario, run, plan.name);
        if (!comparison.isEmpty())
            out += QStringLiteral("  ") + comparison + QLatin1Char('\n');
        return out;
    }

    const Lesson &lesson = *parsed.lesson;
    out += QStringLiteral("Lesson: %1\n").arg(lesson.title);
    for (qsizetype i = 0; i < lesson.steps.size(); ++i) {
        const LessonStep &step = lesson.steps.at(i);
        out += QStringLiteral("\nStep %1/%2: %3\n").arg(i + 1).arg(lesson.steps.size()).arg(step.text);
        QStringList plans = step.plans;
        if (plans.isEmpty()) {
            for (const PlanTrace &plan : run.plans)
                plans.append(plan.name);
        }
        if (step.question) {
            const LessonQuestion &question = *step.question;
            out += QStringLiteral("  Question: %1\n").arg(question.prompt);
            if (question.kind == LessonQuestion::Kind::Choice) {
                for (qsizetype c = 0; c < question.choices.size(); ++c)
                    out += QStringLiteral("    %1) %2\n").arg(choiceLetter(int(c)), question.choices.at(c));
                out += QStringLiteral("  Answer: %1) %2\n")
                           .arg(choiceLetter(question.answer), question.choices.value(question.answer));
            } else if (question.kind == LessonQuestion::Kind::Exercise) {
                out += QStringLiteral("  Your code runs in %1 conditions:\n").arg(question.conditions.size());
                for (const ExerciseCondition &condition : question.conditions)
                    out += QStringLiteral("    - %1%2\n").arg(condition.name, condition.text.isEmpty() ? QString() : QStringLiteral(": ") + condition.text);
                out += QStringLiteral("  Check an answer: asyncscope check FILE --answer CODE.js (--step %1); "
                                      "the solution stays hidden (--solution shows it).\n").arg(i + 1);
            } else {
                const PlanTrace *plan = findPlan(run, question.plan);
                QString actual = QStringLiteral("(not run)");
                if (plan)
                    actual = plan->settledMs ? formatMs(*plan->settledMs) : QStringLiteral("never settles");
                out += QStringLiteral("  Answer: %1 (answers within ±%2 count)\n")
                           .arg(actual, formatMs(question.toleranceMs));
            }
            // An exercise's explanation tells the way to the solution: the window shows it once asked.
            if (!question.explain.isEmpty() && question.kind != LessonQuestion::Kind::Exercise)
                out += indented(question.explain, 2) + QLatin1Char('\n');
        }
        for (const QString &name : plans) {
            const QString why = planWhy(scenario, run, name);
            if (!why.isEmpty())
                out += QStringLiteral("  ") + why;
        }
    }
    if (!comparison.isEmpty())
        out += QStringLiteral("\n") + comparison + QLatin1Char('\n');
    return out;
}

} // namespace asyncscope
