// Lesson mode in the main window: the timeline stays hidden until the class
// answers, the status bar gives nothing away, the reveal shows exactly the
// step's plans and plays them, and → walks the steps.

#include "code_panel.h"
#include "lesson_panel.h"
#include "main_window.h"
#include "playback_controller.h"
#include "scenario_document.h"
#include "timeline_view.h"

#include <QLabel>
#include <QStatusBar>
#include <QTest>

using namespace asyncscope;

class TestLessonMode : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void hiddenUntilRevealed();
    void arrowWalksSteps();
    void plainScenarioHasNoLesson();
    void invalidPlanStaysInItsStep();

private:
    static QString statusText(const MainWindow &window)
    {
        QString text;
        for (const QLabel *label : window.statusBar()->findChildren<QLabel *>())
            text += label->text() + QLatin1Char(' ');
        return text;
    }
};

void TestLessonMode::hiddenUntilRevealed()
{
    MainWindow window(false);
    window.resize(1400, 900);
    QVERIFY(window.openFile(QStringLiteral("example:lesson-profile")));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    QVERIFY(window.lessonPanel()->hasLesson());
    QCOMPARE(window.lessonPanel()->currentStep(), 0);
    QVERIFY(window.isLessonHidingTimeline());
    QVERIFY(!window.timeline()->isVisible());
    QVERIFY(window.findChild<QLabel *>(QStringLiteral("lessonCurtain"))->isVisible());
    QVERIFY2(!statusText(window).contains(QLatin1String("800 ms")), qPrintable(statusText(window)));
    // Nothing on screen gives the answer away: not the toolbar's time label, not the description.
    for (const QLabel *label : window.findChildren<QLabel *>()) {
        if (label->isVisible())
            QVERIFY2(!label->text().contains(QLatin1String("800")), qPrintable(label->text()));
    }

    window.lessonPanel()->setPredictedMs(800);
    window.lessonPanel()->reveal();

    QVERIFY(!window.isLessonHidingTimeline());
    QVERIFY(window.timeline()->isVisible());
    // Step 1 shows only the sequential plan, and it settles at 800 ms.
    const RunTrace &shown = window.timeline()->trace();
    QCOMPARE(shown.plans.size(), 1);
    QCOMPARE(shown.plans.first().name, QStringLiteral("sequential"));
    QCOMPARE(shown.plans.first().settledMs.value_or(-1), 800.0);
    QVERIFY(window.playback()->isPlaying());
    QVERIFY(window.lessonPanel()->lastCheck().has_value());
    QVERIFY(window.lessonPanel()->lastCheck()->correct);
    QVERIFY(statusText(window).contains(QLatin1String("800 ms")));
}

void TestLessonMode::arrowWalksSteps()
{
    MainWindow window(false);
    QVERIFY(window.openFile(QStringLiteral("example:lesson-profile")));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    // → first reveals the hidden step, the next → moves on and hides again.
    QTest::keyClick(&window, Qt::Key_Right);
    QVERIFY(window.timeline()->isVisible());
    QCOMPARE(window.lessonPanel()->currentStep(), 0);
    QTest::keyClick(&window, Qt::Key_Right);
    QCOMPARE(window.lessonPanel()->currentStep(), 1);
    QVERIFY(window.isLessonHidingTimeline());
    QTest::keyClick(&window, Qt::Key_Right);
    const RunTrace &shown = window.timeline()->trace();
    QCOMPARE(shown.plans.size(), 1);
    QCOMPARE(shown.plans.first().name, QStringLiteral("parallel"));
    QCOMPARE(shown.plans.first().settledMs.value_or(-1), 200.0);
    QTest::keyClick(&window, Qt::Key_Left);
    QCOMPARE(window.lessonPanel()->currentStep(), 0);
}

void TestLessonMode::plainScenarioHasNoLesson()
{
    MainWindow window(false);
    QVERIFY(window.openFile(QStringLiteral("example:lesson-profile")));
    QVERIFY(window.openFile(QStringLiteral("example:profile")));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(!window.isLessonHidingTimeline());
    QVERIFY(window.timeline()->isVisible());
    QCOMPARE(window.timeline()->trace().plans.size(), 2);
}

// The bug: a plan whose text is invalid runs its last valid version and is
// shown as "parallel (last valid version)"; the step that names "parallel"
// must still show it, check the answer against it and select it in the code panel.
void TestLessonMode::invalidPlanStaysInItsStep()
{
    MainWindow window(false);
    QVERIFY(window.openFile(QStringLiteral("example:lesson-profile")));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.document()->setPlanRun(1, QStringLiteral("all(user, psts)")).has_value());
    window.document()->setTaskLatency(0, 300); // re-runs: "parallel" runs its last valid version

    window.lessonPanel()->goToStep(1);
    QCOMPARE(window.lessonPanel()->currentPlans(), QStringList{QStringLiteral("parallel")});
    window.lessonPanel()->setPredictedMs(300);
    window.lessonPanel()->reveal();
    const RunTrace &shown = window.timeline()->trace();
    QCOMPARE(shown.plans.size(), 1);
    QCOMPARE(shown.plans.first().id, QStringLiteral("parallel"));
    QCOMPARE(shown.plans.first().name, QStringLiteral("parallel (last valid version)"));
    QCOMPARE(shown.plans.first().settledMs.value_or(-1), 300.0);
    QVERIFY(window.lessonPanel()->lastCheck().has_value());
    QVERIFY2(window.lessonPanel()->lastCheck()->correct, qPrintable(window.lessonPanel()->lastCheck()->verdict));
    QVERIFY(statusText(window).contains(QLatin1String("parallel (last valid version) 300 ms")));

    QCOMPARE(window.codePanel()->currentPlan(), QStringLiteral("sequential"));
    emit window.timeline()->spanClicked(0, 0); // row 0 of the step's timeline is "parallel"
    QCOMPARE(window.codePanel()->currentPlan(), QStringLiteral("parallel"));
}

QTEST_MAIN(TestLessonMode)
#include "tst_lesson_mode.moc"
