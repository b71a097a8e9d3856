// The interview exercise in the window (example:lesson-fallback, step 3):
// the class edits the code, Check runs it in every condition off the GUI
// thread, the verdicts show, the timeline draws one band per condition, and
// Show Solution adds the solution's runs. A runaway answer never freezes the
// window.

#include "exercise_panel.h"
#include "lesson_panel.h"
#include "lesson_stage.h"
#include "main_window.h"
#include "timeline_view.h"

#include <QElapsedTimer>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace asyncscope;

namespace {

QStringList planNames(const RunTrace &trace)
{
    QStringList names;
    for (const PlanTrace &plan : trace.plans)
        names << plan.name;
    return names;
}

const QString kSolution = QStringLiteral(
    "async function fetchWithFallback() {\n"
    "  let timer;\n"
    "  const primary = fetchPrimary();\n"
    "  const fallback = new Promise((resolve) => {\n"
    "    timer = setTimeout(resolve, 2000);\n"
    "    primary.catch(() => { clearTimeout(timer); resolve(); });\n"
    "  }).then(() => fetchFallback());\n"
    "  try { return await Promise.any([primary, fallback]); } finally { clearTimeout(timer); }\n"
    "}\n");

} // namespace

class TestExercisePanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void checkDrawsEveryCondition()
    {
        MainWindow window(false);
        window.resize(1400, 900);
        QVERIFY(window.openFile(QStringLiteral("example:lesson-fallback")));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        LessonPanel *lesson = window.lessonPanel();
        lesson->goToStep(2);
        QVERIFY(lesson->isExerciseStep());
        QVERIFY(!window.isLessonHidingTimeline()); // writing code is not predicting: no curtain
        ExercisePanel *exercise = lesson->exercisePanel();
        QVERIFY(exercise->isVisible());
        QTRY_VERIFY(window.findChild<QWidget *>(QStringLiteral("exerciseEditor"))->hasFocus()); // ready to type
        QVERIFY(exercise->code().contains(QLatin1String("async function fetchWithFallback()")));
        QVERIFY(!window.findChild<QWidget *>(QStringLiteral("exerciseSolution"))->isVisible());

        QSignalSpy checked(exercise, &ExercisePanel::checked);
        QTest::mouseClick(window.findChild<QPushButton *>(QStringLiteral("exerciseCheck")), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(checked.size(), 1, 30000);
        QCOMPARE(checked.at(0).at(0).toInt(), 1); // the starter passes "primary fast" only
        QCOMPARE(checked.at(0).at(1).toInt(), 4);
        const QString results = window.findChild<QLabel *>(QStringLiteral("exerciseResults"))->text();
        QVERIFY2(results.contains(QLatin1String("fetchFallback() was never called; it should be called at 2000 ms")), qPrintable(results));
        QCOMPARE(planNames(window.timeline()->trace()),
                 (QStringList{QStringLiteral("primary fast"), QStringLiteral("primary slow"), QStringLiteral("primary fails early"),
                              QStringLiteral("both fail")}));

        exercise->setCode(kSolution);
        QTest::keyClick(window.findChild<QWidget *>(QStringLiteral("exerciseEditor")), Qt::Key_Return, Qt::ControlModifier);
        QTRY_COMPARE_WITH_TIMEOUT(checked.size(), 2, 30000);
        QCOMPARE(checked.at(1).at(0).toInt(), 4);
        const RunTrace drawn = window.timeline()->trace();
        QCOMPARE(drawn.plans.at(1).spans.size(), 2);
        QCOMPARE(drawn.plans.at(1).spans.at(1).startMs, 2000.0); // primary slow: the fallback at 2 s
        QCOMPARE(*drawn.plans.at(1).settledMs, 2500.0);

        QTest::mouseClick(window.findChild<QPushButton *>(QStringLiteral("exerciseShowSolution")), Qt::LeftButton);
        QVERIFY(window.findChild<QWidget *>(QStringLiteral("exerciseSolution"))->isVisible());
        QCOMPARE(window.timeline()->trace().plans.size(), 8);
        QCOMPARE(window.timeline()->trace().plans.at(1).name, QStringLiteral("primary fast · solution"));

        // Leaving the step gives the timeline back to the scenario's plans.
        lesson->goToStep(1);
        QVERIFY(!window.lessonStage()->exerciseTrace().has_value());
    }

    void aRunawayAnswerKeepsTheWindowResponsive()
    {
        MainWindow window(false);
        QVERIFY(window.openFile(QStringLiteral("example:lesson-fallback")));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.lessonPanel()->goToStep(2);
        ExercisePanel *exercise = window.lessonPanel()->exercisePanel();
        exercise->setCode(QStringLiteral("async function fetchWithFallback() { while (true) {} }"));
        QSignalSpy checked(exercise, &ExercisePanel::checked);

        // A 10 ms timer on the GUI thread: the longest gap between its ticks is how long the window froze.
        QElapsedTimer clock;
        qint64 last = 0;
        qint64 longestGap = 0;
        QTimer ticker;
        ticker.setInterval(10);
        connect(&ticker, &QTimer::timeout, this, [&] {
            const qint64 now = clock.elapsed();
            longestGap = std::max(longestGap, now - last);
            last = now;
        });
        clock.start();
        ticker.start();
        exercise->check();
        QTRY_COMPARE_WITH_TIMEOUT(checked.size(), 1, 30000);
        ticker.stop();
        QVERIFY2(longestGap < 100, qPrintable(QStringLiteral("the window froze for %1 ms").arg(longestGap)));
        QVERIFY(clock.elapsed() >= 1500); // the code really ran into the wall-time limit
        const ExerciseCheck check = *exercise->lastCheck();
        QCOMPARE(check.passedCount(), 0);
        QVERIFY2(check.conditions.at(0).summary.startsWith(QLatin1String("did not run: stopped after")),
                 qPrintable(check.conditions.at(0).summary));
        QCOMPARE(check.conditions.at(3).summary, check.conditions.at(0).summary); // said once, not waited for four times
    }
};

QTEST_MAIN(TestExercisePanel)
#include "tst_exercise_panel.moc"
