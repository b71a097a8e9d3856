#include "exercise_check.h"

#include "engine.h"
#include "js_names.h"
#include "json_messages.h"
#include "number_format.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace asyncscope {

namespace {

// Virtual times are exact; half a millisecond absorbs nothing but rounding.
constexpr double kSameTimeMs = 0.5;
constexpr quint64 kSeed = 1;

bool sameTime(double a, double b)
{
    return std::abs(a - b) < kSameTimeMs;
}

QString shownValue(const QJsonValue &value)
{
    if (value.isString())
        return describeJsonValue(value);
    if (value.isUndefined() || value.isNull())
        return QStringLiteral("undefined");
    QString text;
    if (value.isObject())
        text = QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    else if (value.isArray())
        text = QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    else
        text = describeJsonValue(value);
    return text.size() > 60 ? text.left(57) + QStringLiteral("...") : text;
}

// What kind of rejection: an Error's name ("AggregateError", "TypeError"),
// "Error" for a task's rejection (the trace records a task's Error as the
// task's `error`, docs/javascript-plans.md), else what the value is.
struct Reason
{
    QString kind;
    QString message;
};

Reason describeReason(const Scenario &scenario, const QJsonValue &reason)
{
    const QJsonObject object = reason.toObject();
    if (const QString name = object.value(QStringLiteral("name")).toString(); !name.isEmpty())
        return {name, object.value(QStringLiteral("message")).toString()};
    for (const TaskSpec &task : scenario.tasks) {
        if (task.reason() == reason)
            return {QStringLiteral("Error"), reason.isString() ? reason.toString() : shownValue(reason)};
    }
    if (reason.isString())
        return {QStringLiteral("the string %1").arg(shownValue(reason)), {}};
    return {shownValue(reason), {}};
}

QString settlement(const Scenario &scenario, const PlanTrace &plan)
{
    if (plan.outcome == PlanOutcome::Pending || !plan.settledMs)
        return QStringLiteral("never settled");
    const QString at = formatMs(*plan.settledMs);
    if (plan.outcome == PlanOutcome::Fulfilled)
        return QStringLiteral("fulfilled with %1 at %2").arg(shownValue(plan.result), at);
    const Reason reason = describeReason(scenario, plan.result);
    return QStringLiteral("rejected with %1%2 at %3")
        .arg(reason.kind, reason.message.isEmpty() ? QString() : QStringLiteral(" (\"%1\")").arg(reason.message), at);
}

QString expectedSettlement(const Scenario &scenario, const PlanTrace &solution)
{
    if (solution.outcome == PlanOutcome::Pending || !solution.settledMs)
        return QStringLiteral("it should never settle");
    const QString at = formatMs(*solution.settledMs);
    if (solution.outcome == PlanOutcome::Fulfilled)
        return QStringLiteral("it should fulfil with %1 at %2").arg(shownValue(solution.result), at);
    return QStringLiteral("it should reject with %1 at %2").arg(describeReason(scenario, solution.result).kind, at);
}

QList<double> startsOf(const PlanTrace &plan, const QString &task)
{
    QList<double> starts;
    for (const Span &span : plan.spans) {
        if (span.task == task)
            starts.append(span.queuedMs);
    }
    return starts;
}

QString times(qsizetype n)
{
    return n == 1 ? QStringLiteral("once") : n == 2 ? QStringLiteral("twice") : QStringLiteral("%1 times").arg(n);
}

// When each task was called: the solution's times are the rule.
QStringList startProblems(const Scenario &scenario, const PlanTrace &answer, const PlanTrace &solution)
{
    QStringList problems;
    for (const TaskSpec &task : scenario.tasks) {
        const QString call = taskFunctionName(task) + QStringLiteral("()");
        const QList<double> got = startsOf(answer, task.id);
        const QList<double> want = startsOf(solution, task.id);
        if (got.isEmpty() && want.isEmpty())
            continue;
        if (got.isEmpty()) {
            problems.append(QStringLiteral("%1 was never called; it should be called at %2").arg(call, formatMs(want.first())));
            continue;
        }
        if (want.isEmpty()) {
            problems.append(QStringLiteral("%1 was called at %2; in this condition it should not be called at all")
                                .arg(call, formatMs(got.first())));
            continue;
        }
        const qsizetype common = std::min(got.size(), want.size());
        bool timed = true;
        for (qsizetype i = 0; i < common && timed; ++i) {
            if (sameTime(got.at(i), want.at(i)))
                continue;
            timed = false;
            const QString which = want.size() > 1 ? QStringLiteral(" (call %1)").arg(i + 1) : QString();
            problems.append(got.at(i) < want.at(i)
                    ? QStringLiteral("%1 was called at %2%3; it should wait until %4").arg(call, formatMs(got.at(i)), which, formatMs(want.at(i)))
                    : QStringLiteral("%1 was called at %2%3; it should be called at %4").arg(call, formatMs(got.at(i)), which, formatMs(want.at(i))));
        }
        if (timed && got.size() != want.size())
            problems.append(QStringLiteral("%1 was called %2; it should be called %3").arg(call, times(got.size()), times(want.size())));
    }
    return problems;
}

// How the code's promise settled: outcome, then the reason's kind or the value, then the time.
QString settleProblem(const Scenario &scenario, const PlanTrace &answer, const PlanTrace &solution)
{
    const bool settled = answer.outcome != PlanOutcome::Pending && answer.settledMs;
    const bool shouldSettle = solution.outcome != PlanOutcome::Pending && solution.settledMs;
    if (settled != shouldSettle || answer.outcome != solution.outcome)
        return QStringLiteral("it %1; %2").arg(settlement(scenario, answer), expectedSettlement(scenario, solution));
    if (!settled)
        return {};
    if (answer.outcome == PlanOutcome::Rejected) {
        const QString got = describeReason(scenario, answer.result).kind;
        const QString want = describeReason(scenario, solution.result).kind;
        if (got != want)
            return QStringLiteral("rejected with %1, not %2").arg(got, want);
    } else if (answer.result != solution.result) {
        return QStringLiteral("fulfilled with %1, not %2").arg(shownValue(answer.result), shownValue(solution.result));
    }
    if (!sameTime(*answer.settledMs, *solution.settledMs))
        return QStringLiteral("it settled at %1; %2").arg(formatMs(*answer.settledMs), expectedSettlement(scenario, solution));
    return {};
}

void applyChange(TaskSpec &task, const ExerciseTaskChange &change)
{
    if (change.latencyMs) {
        task.latencyMs = {*change.latencyMs};
        task.latency.reset();
        task.jitterMs = 0;
    }
    if (change.fails) {
        task.fails = {*change.fails};
        task.failureRate = 0;
    }
    if (!change.error.isUndefined())
        task.error = change.error;
    if (!change.value.isUndefined())
        task.value = change.value;
}

PlanSpec exercisePlan(const LessonQuestion &question, const QString &code, const QString &planName)
{
    PlanSpec plan;
    plan.name = planName;
    // The class's code first, so its line numbers are the editor's.
    plan.js = code + QStringLiteral("\nreturn ") + question.call + QStringLiteral(";\n");
    return plan;
}

// `conditioned` is exerciseScenario()'s: the condition's tasks; the plan is `code`'s.
PlanTrace runCode(Scenario conditioned, const LessonQuestion &question, const QString &code, const QString &planName)
{
    conditioned.plans = {exercisePlan(question, code, planName)};
    PlanTrace trace = runPlanVirtual(conditioned, conditioned.plans.first(), kSeed);
    trace.name = planName;
    trace.id = planName;
    return trace;
}

} // namespace

int ExerciseCheck::passedCount() const
{
    return int(std::count_if(conditions.cbegin(), conditions.cend(), [](const ConditionVerdict &c) { return c.passed; }));
}

Scenario exerciseScenario(const Scenario &base, const LessonQuestion &question, const ExerciseCondition &condition,
                          const QString &code, const QString &planName)
{
    Scenario scenario = base;
    scenario.lesson = {};
    for (const auto &[id, change] : condition.tasks) {
        const int index = scenario.taskIndex(id);
        if (index >= 0)
            applyChange(scenario.tasks[index], change);
    }
    scenario.plans = {exercisePlan(question, code, planName)};
    return scenario;
}

ExerciseCheck checkExercise(const Scenario &scenario, const LessonQuestion &question, const QString &code)
{
    ExerciseCheck check;
    QString couldNotRun; // a syntax error, an endless loop: said once, not waited for in every condition
    for (const ExerciseCondition &condition : question.conditions) {
        // The tasks as this condition has them (their errors also name a task's rejection).
        const Scenario conditioned = exerciseScenario(scenario, question, condition, {}, {});
        ConditionVerdict verdict;
        verdict.condition = condition.name;
        verdict.solution = runCode(conditioned, question, question.solution, condition.name + QStringLiteral(" · solution"));
        if (!couldNotRun.isEmpty()) {
            verdict.answer.name = verdict.answer.id = condition.name;
            verdict.answer.runError = couldNotRun;
            verdict.problems = {couldNotRun};
        } else {
            verdict.answer = runCode(conditioned, question, code, condition.name);
            if (!verdict.answer.runError.isEmpty()) {
                couldNotRun = QStringLiteral("did not run: ") + verdict.answer.runError;
                verdict.problems.append(couldNotRun);
            } else if (!verdict.solution.runError.isEmpty()) {
                verdict.problems.append(QStringLiteral("the solution did not run: ") + verdict.solution.runError);
            } else {
                verdict.problems = startProblems(conditioned, verdict.answer, verdict.solution);
                if (const QString settle = settleProblem(conditioned, verdict.answer, verdict.solution); !settle.isEmpty())
                    verdict.problems.append(settle);
            }
        }
        verdict.passed = verdict.problems.isEmpty();
        verdict.summary = verdict.passed ? settlement(conditioned, verdict.answer) : verdict.problems.first();
        check.conditions.append(verdict);
    }
    return check;
}

RunTrace exerciseTrace(const Scenario &scenario, const ExerciseCheck &check, bool withSolution)
{
    RunTrace run;
    run.scenario = scenario.name;
    run.description = scenario.description;
    run.seed = kSeed;
    for (const ConditionVerdict &verdict : check.conditions) {
        run.plans.append(verdict.answer);
        if (withSolution)
            run.plans.append(verdict.solution);
    }
    return run;
}

QString exerciseText(const ExerciseCheck &check)
{
    qsizetype width = 0;
    for (const ConditionVerdict &verdict : check.conditions)
        width = std::max(width, verdict.condition.size());
    QString out;
    for (const ConditionVerdict &verdict : check.conditions) {
        out += QStringLiteral("  %1  %2  %3\n")
                   .arg(verdict.condition.leftJustified(width), verdict.passed ? QStringLiteral("pass") : QStringLiteral("FAIL"),
                        verdict.summary);
        for (qsizetype i = 1; i < verdict.problems.size(); ++i)
            out += QStringLiteral("  %1        %2\n").arg(QString(width, QLatin1Char(' ')), verdict.problems.at(i));
    }
    out += QStringLiteral("%1 of %2 conditions pass.\n").arg(check.passedCount()).arg(check.conditions.size());
    return out;
}

} // namespace asyncscope
