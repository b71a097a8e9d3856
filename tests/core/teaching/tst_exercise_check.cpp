// Exercises (lesson questions of kind "exercise"): the class's code runs on
// Node in each condition beside the hidden solution, and each verdict says
// what went wrong in the code's own terms. Uses the built-in
// example:lesson-fallback (the tutorial's interview question).

#include "exercise_check.h"
#include "lesson.h"
#include "scenario.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace asyncscope;

namespace {

Scenario fallbackLesson()
{
    const LoadResult loaded = loadScenarioFile(QStringLiteral("example:lesson-fallback"));
    if (!loaded.ok())
        qFatal("%s", qPrintable(loaded.error));
    return *loaded.scenario;
}

LessonQuestion exerciseOf(const Scenario &scenario)
{
    const LessonParseResult parsed = parseLesson(scenario);
    if (!parsed.lesson)
        qFatal("%s", qPrintable(parsed.error));
    for (const LessonStep &step : parsed.lesson->steps) {
        if (step.question && step.question->kind == LessonQuestion::Kind::Exercise)
            return *step.question;
    }
    qFatal("no exercise");
}

const ConditionVerdict &verdictOf(const ExerciseCheck &check, const QString &condition)
{
    for (const ConditionVerdict &verdict : check.conditions) {
        if (verdict.condition == condition)
            return verdict;
    }
    qFatal("no condition %s", qPrintable(condition));
}

QJsonObject user(const char *from)
{
    return QJsonObject{{QStringLiteral("name"), QStringLiteral("Ada")}, {QStringLiteral("from"), QString::fromLatin1(from)}};
}

const QString kBothAtOnce = QStringLiteral("async function fetchWithFallback() {\n"
                                           "  return Promise.any([fetchPrimary(), fetchFallback()]);\n"
                                           "}\n");
const QString kRaceWithTimer = QStringLiteral(
    "async function fetchWithFallback() {\n"
    "  const fallback = new Promise((resolve) => setTimeout(resolve, 2000)).then(() => fetchFallback());\n"
    "  return Promise.race([fetchPrimary(), fallback]);\n"
    "}\n");

} // namespace

class TestExerciseCheck : public QObject
{
    Q_OBJECT

private slots:
    void theSolutionPassesEveryCondition()
    {
        const Scenario scenario = fallbackLesson();
        const LessonQuestion question = exerciseOf(scenario);
        QCOMPARE(question.call, QStringLiteral("fetchWithFallback()"));
        QCOMPARE(question.conditions.size(), 4);
        const ExerciseCheck check = checkExercise(scenario, question, question.solution);
        QCOMPARE(check.passedCount(), 4);
        QVERIFY(check.allPassed());

        // The tutorial's rules, in numbers: a fast primary alone; a slow one gets the fallback at 2 s.
        const ConditionVerdict &fast = verdictOf(check, QStringLiteral("primary fast"));
        QCOMPARE(toString(fast.answer.outcome), toString(PlanOutcome::Fulfilled));
        QCOMPARE(*fast.answer.settledMs, 300.0);
        QCOMPARE(fast.answer.result, QJsonValue(user("primary")));
        QCOMPARE(fast.answer.spans.size(), 1); // the fallback is never sent
        QCOMPARE(fast.summary, QStringLiteral("fulfilled with {\"from\":\"primary\",\"name\":\"Ada\"} at 300 ms"));

        const ConditionVerdict &slow = verdictOf(check, QStringLiteral("primary slow"));
        QCOMPARE(*slow.answer.settledMs, 2500.0);
        QCOMPARE(slow.answer.result, QJsonValue(user("fallback")));
        QCOMPARE(slow.answer.spans.size(), 2);
        QCOMPARE(slow.answer.spans.at(1).task, QStringLiteral("fallback"));
        QCOMPARE(slow.answer.spans.at(1).startMs, 2000.0);
        QVERIFY(slow.answer.spans.at(0).discarded); // the primary still answers at 3000 ms, too late

        const ConditionVerdict &early = verdictOf(check, QStringLiteral("primary fails early"));
        QCOMPARE(early.answer.spans.at(1).startMs, 200.0);
        QCOMPARE(*early.answer.settledMs, 700.0);

        const ConditionVerdict &both = verdictOf(check, QStringLiteral("both fail"));
        QCOMPARE(toString(both.answer.outcome), toString(PlanOutcome::Rejected));
        QCOMPARE(*both.answer.settledMs, 2500.0);
        QCOMPARE(both.answer.result.toObject().value(QStringLiteral("name")).toString(), QStringLiteral("AggregateError"));
    }

    void theStarterFailsWithReasons()
    {
        const Scenario scenario = fallbackLesson();
        const LessonQuestion question = exerciseOf(scenario);
        const ExerciseCheck check = checkExercise(scenario, question, question.starter);
        QCOMPARE(check.passedCount(), 1);
        QVERIFY(verdictOf(check, QStringLiteral("primary fast")).passed);
        const ConditionVerdict &slow = verdictOf(check, QStringLiteral("primary slow"));
        QVERIFY(!slow.passed);
        QCOMPARE(slow.problems, (QStringList{
            QStringLiteral("fetchFallback() was never called; it should be called at 2000 ms"),
            QStringLiteral("fulfilled with {\"from\":\"primary\",\"name\":\"Ada\"}, not {\"from\":\"fallback\",\"name\":\"Ada\"}")}));
        QCOMPARE(verdictOf(check, QStringLiteral("primary fails early")).problems.last(),
                 QStringLiteral("it rejected with Error (\"primary: HTTP 503\") at 200 ms; "
                                "it should fulfil with {\"from\":\"fallback\",\"name\":\"Ada\"} at 700 ms"));
        QCOMPARE(verdictOf(check, QStringLiteral("both fail")).problems.last(), QStringLiteral("rejected with Error, not AggregateError"));
    }

    void bothAtOnceStartsTheFallbackTooEarly()
    {
        const Scenario scenario = fallbackLesson();
        const ExerciseCheck check = checkExercise(scenario, exerciseOf(scenario), kBothAtOnce);
        QCOMPARE(check.passedCount(), 0);
        QCOMPARE(verdictOf(check, QStringLiteral("primary fast")).summary,
                 QStringLiteral("fetchFallback() was called at 0 ms; in this condition it should not be called at all"));
        QCOMPARE(verdictOf(check, QStringLiteral("primary slow")).summary,
                 QStringLiteral("fetchFallback() was called at 0 ms; it should wait until 2000 ms"));
        QCOMPARE(verdictOf(check, QStringLiteral("primary slow")).problems.last(),
                 QStringLiteral("it settled at 500 ms; it should fulfil with {\"from\":\"fallback\",\"name\":\"Ada\"} at 2500 ms"));
    }

    void raceGivesTheWrongRejection()
    {
        const Scenario scenario = fallbackLesson();
        const ExerciseCheck check = checkExercise(scenario, exerciseOf(scenario), kRaceWithTimer);
        QVERIFY(verdictOf(check, QStringLiteral("primary slow")).passed);
        QCOMPARE(verdictOf(check, QStringLiteral("both fail")).problems, QStringList{QStringLiteral("rejected with Error, not AggregateError")});
        QCOMPARE(verdictOf(check, QStringLiteral("primary fails early")).summary,
                 QStringLiteral("fetchFallback() was called at 2000 ms; it should be called at 200 ms"));
    }

    void aSyntaxErrorIsAtTheEditorsLine()
    {
        const Scenario scenario = fallbackLesson();
        const ExerciseCheck check = checkExercise(scenario, exerciseOf(scenario),
                                                  QStringLiteral("async function fetchWithFallback() {\n  return fetchPrimary(;\n}\n"));
        QCOMPARE(check.passedCount(), 0);
        const QString summary = check.conditions.first().summary;
        QVERIFY2(summary.startsWith(QStringLiteral("did not run: line 2, column 23: ")), qPrintable(summary));
    }

    void anExceptionIsARejection()
    {
        const Scenario scenario = fallbackLesson();
        const ExerciseCheck check = checkExercise(scenario, exerciseOf(scenario),
                                                  QStringLiteral("function fetchWithFallback() { throw new TypeError('nope'); }"));
        QCOMPARE(verdictOf(check, QStringLiteral("both fail")).problems.last(), QStringLiteral("rejected with TypeError, not AggregateError"));
        QCOMPARE(verdictOf(check, QStringLiteral("primary fast")).summary,
                 QStringLiteral("fetchPrimary() was never called; it should be called at 0 ms"));
    }

    void conditionsChangeOnlyWhatTheyName()
    {
        const Scenario scenario = fallbackLesson();
        const LessonQuestion question = exerciseOf(scenario);
        const Scenario conditioned = exerciseScenario(scenario, question, question.conditions.at(2), QStringLiteral("x"), QStringLiteral("p"));
        const TaskSpec &primary = conditioned.tasks.at(conditioned.taskIndex(QStringLiteral("primary")));
        QCOMPARE(primary.latencyMs, QList<double>{200});
        QCOMPARE(primary.fails, QList<bool>{true});
        QCOMPARE(primary.error, scenario.tasks.at(0).error); // not named: unchanged
        QCOMPARE(conditioned.plans.size(), 1);
        QCOMPARE(conditioned.plans.first().js, QStringLiteral("x\nreturn fetchWithFallback();\n"));
        QVERIFY(conditioned.lesson.isEmpty());
    }

    void theTraceDrawsAnswerAndSolution()
    {
        const Scenario scenario = fallbackLesson();
        const LessonQuestion question = exerciseOf(scenario);
        const ExerciseCheck check = checkExercise(scenario, question, kBothAtOnce);
        QCOMPARE(exerciseTrace(scenario, check, false).plans.size(), 4);
        const RunTrace both = exerciseTrace(scenario, check, true);
        QCOMPARE(both.plans.size(), 8);
        QCOMPARE(both.plans.at(0).name, QStringLiteral("primary fast"));
        QCOMPARE(both.plans.at(1).name, QStringLiteral("primary fast · solution"));
        QCOMPARE(exerciseText(check).count(QStringLiteral("FAIL")), 4);
        QVERIFY(exerciseText(check).endsWith(QStringLiteral("0 of 4 conditions pass.\n")));
    }

    void badExercisesAreRefused_data()
    {
        QTest::addColumn<QByteArray>("question");
        QTest::addColumn<QString>("message");
        const QByteArray ok = R"x("prompt": "p", "starter": "", "call": "f()", "solution": "function f() {}")x";
        QTest::addRow("unknown task") << QByteArray(R"({"kind": "exercise", )" + ok + R"(, "conditions": [{"name": "c", "tasks": {"primry": {"latency_ms": 1}}}]})")
                                      << QStringLiteral("lesson.steps[0].question.conditions[0].tasks.primry: unknown task \"primry\" (did you mean \"primary\"?)");
        QTest::addRow("changes nothing") << QByteArray(R"({"kind": "exercise", )" + ok + R"(, "conditions": [{"name": "c", "tasks": {"primary": {}}}]})")
                                         << QStringLiteral("lesson.steps[0].question.conditions[0].tasks.primary: changes nothing; give latency_ms, fails, error or value");
        QTest::addRow("no conditions") << QByteArray(R"({"kind": "exercise", )" + ok + R"(, "conditions": []})")
                                       << QStringLiteral("lesson.steps[0].question.conditions: must be a non-empty array of conditions, got an empty array");
        QTest::addRow("same name twice") << QByteArray(R"({"kind": "exercise", )" + ok + R"(, "conditions": [{"name": "c", "tasks": {}}, {"name": "c", "tasks": {}}]})")
                                         << QStringLiteral("lesson.steps[0].question.conditions[1].name: \"c\" is the name of another condition");
        QTest::addRow("no solution") << QByteArray(R"x({"kind": "exercise", "prompt": "p", "starter": "", "call": "f()", "conditions": [{"name": "c", "tasks": {}}]})x")
                                     << QStringLiteral("lesson.steps[0].question.solution: missing (a string)");
        QTest::addRow("latency too long") << QByteArray(R"({"kind": "exercise", )" + ok + R"(, "conditions": [{"name": "c", "tasks": {"fallback": {"latency_ms": 1e308}}}]})")
                                          << QStringLiteral("lesson.steps[0].question.conditions[0].tasks.fallback.latency_ms: must be a number of milliseconds from 0 to 3600000 (one hour), got 1e+308");
        QTest::addRow("kind typo") << QByteArray(R"({"kind": "excercise"})")
                                   << QStringLiteral("lesson.steps[0].question.kind: must be \"choice\", \"predict\" or \"exercise\", got \"excercise\" (did you mean \"exercise\"?)");
    }

    void badExercisesAreRefused()
    {
        QFETCH(QByteArray, question);
        QFETCH(QString, message);
        const QJsonObject lesson = QJsonDocument::fromJson(R"({"steps": [{"text": "t", "question": )" + question + "}]}").object();
        QVERIFY(!lesson.isEmpty());
        const LessonParseResult parsed = parseLesson(lesson, {QStringLiteral("p")}, {QStringLiteral("primary"), QStringLiteral("fallback")});
        QCOMPARE(parsed.error, message);
    }
};

QTEST_GUILESS_MAIN(TestExerciseCheck)
#include "tst_exercise_check.moc"
