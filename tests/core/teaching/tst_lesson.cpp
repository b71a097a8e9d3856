// Lessons: strict parsing with JSON-path errors, answer checking against a
// real run, and the built-in lessons (they load, their answers hold on the
// virtual clock, and their numbers are the seed's).

#include "scenario_run.h"
#include "lesson_check.h"
#include "scenario.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace asyncscope;

namespace {

const QStringList kPlans{QStringLiteral("sequential"), QStringLiteral("parallel")};
const QStringList kTasks{QStringLiteral("primary"), QStringLiteral("fallback")};

QJsonObject object(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (!document.isObject())
        qFatal("bad test JSON: %s", qPrintable(error.errorString()));
    return document.object();
}

RunTrace runWith(const QString &plan, std::optional<double> settledMs)
{
    RunTrace run;
    PlanTrace trace;
    trace.name = plan;
    trace.settledMs = settledMs;
    trace.outcome = settledMs ? PlanOutcome::Fulfilled : PlanOutcome::Pending;
    run.plans.append(trace);
    return run;
}

Scenario example(const QString &name)
{
    const LoadResult loaded = loadScenarioFile(QStringLiteral("example:") + name);
    if (!loaded.ok())
        qFatal("%s", qPrintable(loaded.error));
    return *loaded.scenario;
}

const LessonQuestion &questionOf(const Lesson &lesson, int step)
{
    return *lesson.steps.at(step).question;
}

} // namespace

class TestLesson : public QObject
{
    Q_OBJECT

private slots:
    void parsesChoiceAndPredictQuestions()
    {
        const LessonParseResult parsed = parseLesson(object(R"json({"title": "Profile", "steps": [
            {"text": "Sequential", "plans": ["sequential"],
             "question": {"kind": "choice", "prompt": "Which?", "choices": ["Promise.all", "Promise.allSettled"],
                          "answer": 1, "explain": "Because."}},
            {"text": "Parallel", "plans": ["parallel"],
             "question": {"kind": "predict", "prompt": "When?", "plan": "parallel", "tolerance_ms": 20}},
            {"text": "Both"}]})json"), kPlans, kTasks);
        QVERIFY2(parsed.ok(), qPrintable(parsed.error));
        const Lesson &lesson = *parsed.lesson;
        QCOMPARE(lesson.title, QStringLiteral("Profile"));
        QCOMPARE(lesson.steps.size(), 3);
        QCOMPARE(lesson.steps.at(0).plans, QStringList{QStringLiteral("sequential")});
        QCOMPARE(questionOf(lesson, 0).kind, LessonQuestion::Kind::Choice);
        QCOMPARE(questionOf(lesson, 0).choices, (QStringList{QStringLiteral("Promise.all"), QStringLiteral("Promise.allSettled")}));
        QCOMPARE(questionOf(lesson, 0).answer, 1);
        QCOMPARE(questionOf(lesson, 0).explain, QStringLiteral("Because."));
        QCOMPARE(questionOf(lesson, 1).kind, LessonQuestion::Kind::Predict);
        QCOMPARE(questionOf(lesson, 1).plan, QStringLiteral("parallel"));
        QCOMPARE(questionOf(lesson, 1).toleranceMs, 20.0);
        QVERIFY(lesson.steps.at(2).plans.isEmpty());
        QVERIFY(!lesson.steps.at(2).question.has_value());
    }

    void emptyObjectMeansNoLesson()
    {
        const LessonParseResult parsed = parseLesson(QJsonObject(), kPlans, kTasks);
        QVERIFY(parsed.ok());
        QVERIFY(!parsed.lesson.has_value());
    }

    void titleDefaultsToTheScenarioName()
    {
        Scenario scenario;
        scenario.name = QStringLiteral("Load a profile");
        scenario.lesson = object(R"json({"steps": [{"text": "look"}]})json");
        const LessonParseResult parsed = parseLesson(scenario);
        QVERIFY2(parsed.ok(), qPrintable(parsed.error));
        QCOMPARE(parsed.lesson->title, QStringLiteral("Load a profile"));
    }

    void defaultToleranceApplies()
    {
        const LessonParseResult parsed = parseLesson(object(R"json({"title": "t", "steps": [{"text": "x",
            "question": {"kind": "predict", "prompt": "When?", "plan": "parallel"}}]})json"), kPlans, kTasks);
        QVERIFY2(parsed.ok(), qPrintable(parsed.error));
        QCOMPARE(questionOf(*parsed.lesson, 0).toleranceMs, LessonQuestion::kDefaultToleranceMs);
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("error");
        const QByteArray choice = R"json("question": {"kind": "choice", "prompt": "Which?", "choices": ["a", "b", "c", "d"], )json";
        QTest::addRow("unknown lesson field") << QByteArray(R"json({"title": "t", "step": []})json")
                                              << "lesson: unknown field \"step\" (did you mean \"steps\"?)";
        QTest::addRow("title not a string") << QByteArray(R"json({"title": 3, "steps": [{"text": "x"}]})json")
                                            << "lesson.title: must be a string, got 3";
        QTest::addRow("steps not an array") << QByteArray(R"json({"title": "t", "steps": {}})json")
                                            << "lesson.steps: must be a non-empty array of steps, got an object";
        QTest::addRow("no steps") << QByteArray(R"json({"title": "t", "steps": []})json")
                                  << "lesson.steps: must be a non-empty array of steps, got an empty array";
        QTest::addRow("step without text") << QByteArray(R"json({"title": "t", "steps": [{"plans": []}]})json")
                                           << "lesson.steps[0].text: missing (a string)";
        QTest::addRow("unknown step field") << QByteArray(R"json({"title": "t", "steps": [{"text": "x", "qestion": {}}]})json")
                                            << "lesson.steps[0]: unknown field \"qestion\" (did you mean \"question\"?)";
        QTest::addRow("unknown plan") << QByteArray(R"json({"title": "t", "steps": [{"text": "x"}, {"text": "y", "plans": ["paralel"]}]})json")
                                      << "lesson.steps[1].plans[0]: unknown plan \"paralel\" (did you mean \"parallel\"?)";
        QTest::addRow("plan twice") << QByteArray(R"json({"title": "t", "steps": [{"text": "x", "plans": ["parallel", "parallel"]}]})json")
                                    << "lesson.steps[0].plans[1]: plan \"parallel\" is listed twice";
        QTest::addRow("answer out of range")
            << QByteArray(R"json({"title": "t", "steps": [{"text": "x"}, {"text": "y", )json" + choice + R"json("answer": 7}}]})json")
            << "lesson.steps[1].question.answer: must be an index into choices (0..3), got 7";
        QTest::addRow("answer not an integer")
            << QByteArray(R"json({"title": "t", "steps": [{"text": "y", )json" + choice + R"json("answer": 1.5}}]})json")
            << "lesson.steps[0].question.answer: must be an index into choices (0..3), got 1.5";
        QTest::addRow("answer a string")
            << QByteArray(R"json({"title": "t", "steps": [{"text": "y", )json" + choice + R"json("answer": "b"}}]})json")
            << "lesson.steps[0].question.answer: must be an index into choices (0..3), got \"b\"";
        QTest::addRow("missing answer")
            << QByteArray(R"json({"title": "t", "steps": [{"text": "y", )json" + choice + R"json("explain": "e"}}]})json")
            << "lesson.steps[0].question.answer: missing (the index of the right choice (0..3))";
        QTest::addRow("one choice")
            << QByteArray(R"json({"title": "t", "steps": [{"text": "y", "question": {"kind": "choice", "prompt": "p", "choices": ["a"], "answer": 0}}]})json")
            << "lesson.steps[0].question.choices: needs at least 2 choices, got 1";
        QTest::addRow("unknown kind")
            << QByteArray(R"json({"title": "t", "steps": [{"text": "y", "question": {"kind": "chioce", "prompt": "p"}}]})json")
            << "lesson.steps[0].question.kind: must be \"choice\", \"predict\" or \"exercise\", got \"chioce\" (did you mean \"choice\"?)";
        QTest::addRow("choice field on predict")
            << QByteArray(R"json({"title": "t", "steps": [{"text": "y", "question": {"kind": "predict", "prompt": "p", "plan": "parallel", "answer": 1}}]})json")
            << "lesson.steps[0].question: unknown field \"answer\"";
        QTest::addRow("predict unknown plan")
            << QByteArray(R"json({"title": "t", "steps": [{"text": "y", "question": {"kind": "predict", "prompt": "p", "plan": "sequentail"}}]})json")
            << "lesson.steps[0].question.plan: unknown plan \"sequentail\" (did you mean \"sequential\"?)";
        QTest::addRow("predict plan not shown")
            << QByteArray(R"json({"title": "t", "steps": [{"text": "y", "plans": ["sequential"], "question": {"kind": "predict", "prompt": "p", "plan": "parallel"}}]})json")
            << "lesson.steps[0].question.plan: \"parallel\" is not among the step's plans (sequential)";
        QTest::addRow("negative tolerance")
            << QByteArray(R"json({"title": "t", "steps": [{"text": "y", "question": {"kind": "predict", "prompt": "p", "plan": "parallel", "tolerance_ms": -5}}]})json")
            << "lesson.steps[0].question.tolerance_ms: must be a number >= 0, got -5";
        // The same words as the scenario loader's for the same slip (core/json/json_reader.h).
        QTest::addRow("no steps field") << QByteArray(R"json({"title": "t"})json")
                                        << "lesson.steps: missing (a non-empty array of steps)";
        QTest::addRow("step not an object") << QByteArray(R"json({"steps": [3]})json")
                                            << "lesson.steps[0]: must be an object, got 3";
        QTest::addRow("blank text") << QByteArray(R"json({"steps": [{"text": " "}]})json")
                                    << "lesson.steps[0].text: must not be empty";
        QTest::addRow("plan not a string") << QByteArray(R"json({"steps": [{"text": "x", "plans": [true]}]})json")
                                           << "lesson.steps[0].plans[0]: must be a plan name (a string), got true";
        QTest::addRow("kind not a string")
            << QByteArray(R"json({"steps": [{"text": "y", "question": {"kind": 1, "prompt": "p"}}]})json")
            << "lesson.steps[0].question.kind: must be \"choice\", \"predict\" or \"exercise\", got 1";
        QTest::addRow("no choices")
            << QByteArray(R"json({"steps": [{"text": "y", "question": {"kind": "choice", "prompt": "p", "answer": 0}}]})json")
            << "lesson.steps[0].question.choices: missing (an array of at least 2 strings)";
        QTest::addRow("choice listed twice")
            << QByteArray(R"json({"steps": [{"text": "y", "question": {"kind": "choice", "prompt": "p", "choices": ["a", "a"], "answer": 0}}]})json")
            << "lesson.steps[0].question.choices[1]: \"a\" is listed twice";
        QTest::addRow("choice with a line break listed twice")
            << QByteArray(R"json({"steps": [{"text": "y", "question": {"kind": "choice", "prompt": "p", "choices": ["a\nb", "a\nb"], "answer": 0}}]})json")
            << "lesson.steps[0].question.choices[1]: \"a\\nb\" is listed twice";
    }
    void errors()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, error);
        const LessonParseResult parsed = parseLesson(object(json), kPlans, kTasks);
        QVERIFY(!parsed.ok());
        QVERIFY(!parsed.lesson.has_value());
        QCOMPARE(parsed.error, error);
    }

    void loaderRefusesABadLessonWithTheFileAndPath()
    {
        const LoadResult loaded = loadScenario(R"json({"format": "asyncscope-scenario/1", "name": "x",
            "tasks": [{"id": "a", "latency_ms": 1}], "plans": [{"name": "p", "run": "a"}],
            "lesson": {"steps": [{"text": "s", "plans": ["q"]}]}})json", QStringLiteral("bad.json"));
        QVERIFY(!loaded.ok());
        QCOMPARE(loaded.error, QStringLiteral("bad.json: lesson.steps[0].plans[0]: unknown plan \"q\""));
    }

    void checkChoice_data()
    {
        QTest::addColumn<int>("choice");
        QTest::addColumn<bool>("correct");
        QTest::addColumn<QString>("verdict");
        QTest::addRow("right") << 1 << true << "Right: Promise.allSettled.";
        QTest::addRow("wrong") << 0 << false << "Not quite: you chose Promise.all, the answer is Promise.allSettled.";
        QTest::addRow("no answer") << -1 << false << "No answer given. The answer is Promise.allSettled.";
    }
    void checkChoice()
    {
        QFETCH(int, choice);
        QFETCH(bool, correct);
        QFETCH(QString, verdict);
        LessonQuestion question;
        question.kind = LessonQuestion::Kind::Choice;
        question.choices = QStringList{QStringLiteral("Promise.all"), QStringLiteral("Promise.allSettled")};
        question.answer = 1;
        question.explain = QStringLiteral("Partial results.");
        const AnswerCheck check = checkAnswer(question, LessonAnswer{choice, {}}, RunTrace{});
        QCOMPARE(check.correct, correct);
        QCOMPARE(check.verdict, verdict);
        QCOMPARE(check.explanation, QStringLiteral("Partial results."));
    }

    void checkPrediction_data()
    {
        QTest::addColumn<std::optional<double>>("actual");
        QTest::addColumn<std::optional<double>>("predicted");
        QTest::addColumn<bool>("correct");
        QTest::addColumn<QString>("verdict");
        using O = std::optional<double>;
        QTest::addRow("exact") << O(200) << O(200) << true << "Right: parallel settles at 200 ms, exactly.";
        QTest::addRow("within tolerance") << O(200) << O(215) << true
                                          << "Right: parallel settles at 200 ms (you said 215 ms, within ±20 ms).";
        QTest::addRow("edge of tolerance") << O(200) << O(180) << true
                                           << "Right: parallel settles at 200 ms (you said 180 ms, within ±20 ms).";
        QTest::addRow("too late") << O(200) << O(800) << false
                                  << "Not quite: parallel settles at 200 ms; you said 800 ms, 600 ms too late (allowed ±20 ms).";
        QTest::addRow("too early") << O(200) << O(50.5) << false
                                   << "Not quite: parallel settles at 200 ms; you said 50.5 ms, 149.5 ms too early (allowed ±20 ms).";
        QTest::addRow("never, and it never settles") << O() << O() << true << "Right: parallel never settles.";
        QTest::addRow("a time, but it never settles") << O() << O(100) << false
                                                      << "Not quite: parallel never settles (you said 100 ms).";
        QTest::addRow("never, but it settles") << O(200) << O() << false
                                               << "Not quite: parallel settles at 200 ms (fulfilled), it does not stay pending.";
    }
    void checkPrediction()
    {
        QFETCH(std::optional<double>, actual);
        QFETCH(std::optional<double>, predicted);
        QFETCH(bool, correct);
        QFETCH(QString, verdict);
        LessonQuestion question;
        question.kind = LessonQuestion::Kind::Predict;
        question.plan = QStringLiteral("parallel");
        question.toleranceMs = 20;
        const AnswerCheck check = checkAnswer(question, LessonAnswer{-1, predicted}, runWith(QStringLiteral("parallel"), actual));
        QCOMPARE(check.correct, correct);
        QCOMPARE(check.verdict, verdict);
    }

    void builtInLessonsParseAndTheirPredictionsHold_data()
    {
        QTest::addColumn<QString>("name");
        int lessons = 0;
        for (const ExampleInfo &info : builtInExamples()) {
            if (info.name.startsWith(QLatin1String("lesson-"))) {
                QTest::addRow("%s", qPrintable(info.name)) << info.name;
                ++lessons;
            }
        }
        QCOMPARE(lessons, 8);
    }
    void builtInLessonsParseAndTheirPredictionsHold()
    {
        QFETCH(QString, name);
        const Scenario scenario = example(name);
        const LessonParseResult parsed = parseLesson(scenario);
        QVERIFY2(parsed.ok(), qPrintable(parsed.error));
        QVERIFY(parsed.lesson.has_value());
        const RunTrace run = runVirtual(scenario, RunOptions{});
        for (const LessonStep &step : parsed.lesson->steps) {
            if (!step.question || step.question->kind != LessonQuestion::Kind::Predict)
                continue;
            const PlanTrace *plan = nullptr;
            for (const PlanTrace &p : run.plans)
                plan = p.name == step.question->plan ? &p : plan;
            QVERIFY(plan);
            QVERIFY(checkAnswer(*step.question, LessonAnswer{-1, plan->settledMs}, run).correct);
        }
        const QString text = lessonText(scenario, run);
        QVERIFY(text.startsWith(QStringLiteral("Lesson: ") + parsed.lesson->title + QLatin1Char('\n')));
        QCOMPARE(text.count(QStringLiteral("\nStep ")), parsed.lesson->steps.size());
    }

    void seedNumbers_data()
    {
        QTest::addColumn<QString>("lesson");
        QTest::addColumn<int>("step");
        QTest::addColumn<QString>("plan");
        QTest::addColumn<double>("settledMs");
        QTest::addRow("profile sequential") << "lesson-profile" << 0 << "sequential" << 800.0;
        QTest::addRow("profile parallel") << "lesson-profile" << 1 << "parallel" << 200.0;
        QTest::addRow("Promise.all fails fast") << "lesson-combinators" << 0 << "all" << 100.0;
        QTest::addRow("loadPage") << "lesson-compose" << 0 << "optional-fails" << 250.0;
        QTest::addRow("levels: 3 steps of 100 ms") << "lesson-dependency-graph" << 1 << "levels" << 300.0;
        QTest::addRow("abort still rejects at 100 ms") << "lesson-zombies" << 1 << "all-with-abort" << 100.0;
        QTest::addRow("timeout wins") << "lesson-timeouts" << 0 << "timeout-wins" << 200.0;
        QTest::addRow("hedge: fallback after 2 s") << "lesson-hedged-request" << 1 << "primary-slow" << 2400.0;
    }
    void seedNumbers()
    {
        QFETCH(QString, lesson);
        QFETCH(int, step);
        QFETCH(QString, plan);
        QFETCH(double, settledMs);
        const Scenario scenario = example(lesson);
        const Lesson parsed = *parseLesson(scenario).lesson;
        QCOMPARE(questionOf(parsed, step).plan, plan);
        const RunTrace run = runVirtual(scenario, RunOptions{0, {plan}, 0});
        QCOMPARE(run.plans.size(), 1);
        QCOMPARE(run.plans.first().settledMs, std::optional<double>(settledMs));
    }

    void graphQuizAnswerIsThreeSteps()
    {
        const Lesson lesson = *parseLesson(example(QStringLiteral("lesson-dependency-graph"))).lesson;
        const LessonQuestion &quiz = questionOf(lesson, 0);
        QCOMPARE(quiz.choices.at(quiz.answer), QStringLiteral("3"));
    }

    void lessonTextShowsAnswersAndWhy()
    {
        const Scenario scenario = example(QStringLiteral("lesson-profile"));
        const QString text = lessonText(scenario, runVirtual(scenario, RunOptions{}));
        QVERIFY2(text.contains(QStringLiteral("\nStep 1/3: A team's profile page awaits four API calls")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("  Question: When is the profile ready with sequential awaits?\n"
                                              "  Answer: 800 ms (answers within ±20 ms count)\n")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("    c) (1) and (3); (2) must wait for (1)\n"
                                              "    d) None: keep them sequential\n"
                                              "  Answer: c) (1) and (3); (2) must wait for (1)\n")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("\nparallel is 4.0× faster than sequential: 200 ms vs 800 ms\n")), qPrintable(text));
    }

    void lessonTextWithoutLessonExplainsEveryPlan()
    {
        const Scenario scenario = example(QStringLiteral("profile"));
        const QString text = lessonText(scenario, runVirtual(scenario, RunOptions{}));
        QVERIFY2(text.startsWith(QStringLiteral("Why:\n  sequential: ")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("\n  parallel: ")), qPrintable(text));
    }
};

QTEST_GUILESS_MAIN(TestLesson)
#include "tst_lesson.moc"
