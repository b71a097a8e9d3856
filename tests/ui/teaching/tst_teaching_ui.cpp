// The teaching widgets: the lesson panel keeps the timeline hidden until the
// class answers, checks the answer against the run, and is driven from the
// keyboard; the code panel shows both languages for the chosen plan and
// copies the current tab, edits a JavaScript plan (one debounced edit 250 ms
// after the last keystroke), offers "Edit as JavaScript" for an expression
// plan, and shows a plan's run error under the code with its position marked.

#include "code_editor.h"
#include "code_panel.h"
#include "scenario_run.h"
#include "lesson_panel.h"
#include "scenario.h"

#include <QApplication>
#include <QClipboard>
#include <QElapsedTimer>
#include <QPushButton>
#include <QLabel>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>

using namespace asyncscope;

namespace {

Scenario example(const QString &name)
{
    const LoadResult loaded = loadScenarioFile(QStringLiteral("example:") + name);
    if (!loaded.ok())
        qFatal("%s", qPrintable(loaded.error));
    return *loaded.scenario;
}

} // namespace

class TestTeachingUi : public QObject
{
    Q_OBJECT

private slots:
    void predictThenReveal()
    {
        const Scenario scenario = example(QStringLiteral("lesson-profile"));
        LessonPanel panel;
        QSignalSpy steps(&panel, &LessonPanel::stepChanged);
        QSignalSpy reveals(&panel, &LessonPanel::revealRequested);
        QSignalSpy answers(&panel, &LessonPanel::answerChecked);
        QVERIFY(panel.setScenario(scenario));
        panel.setRun(runVirtual(scenario, RunOptions{}));
        QCOMPARE(panel.stepCount(), 3);
        QCOMPARE(steps.count(), 1);
        QCOMPARE(panel.currentPlans(), QStringList{QStringLiteral("sequential")});
        QVERIFY(!panel.isRevealed());
        QCOMPARE(reveals.count(), 0);

        panel.setPredictedMs(790); // within ±20 ms of 800
        QTest::keyClick(&panel, Qt::Key_Return);
        QVERIFY(panel.isRevealed());
        QCOMPARE(reveals.count(), 1);
        QCOMPARE(reveals.first().first().toStringList(), QStringList{QStringLiteral("sequential")});
        QCOMPARE(answers.count(), 1);
        QCOMPARE(answers.first().first().toBool(), true);
        QCOMPARE(panel.lastCheck()->verdict,
                 QStringLiteral("Right: sequential settles at 800 ms (you said 790 ms, within ±20 ms)."));
        const auto *result = panel.findChild<QLabel *>(QStringLiteral("lessonResult"));
        QVERIFY(result->text().contains(QStringLiteral("seq fulfilled at 800 ms")));

        QTest::keyClick(&panel, Qt::Key_Right); // next step
        QCOMPARE(panel.currentStep(), 1);
        QCOMPARE(steps.count(), 2);
        QVERIFY(!panel.isRevealed());
        QCOMPARE(panel.currentPlans(), QStringList{QStringLiteral("parallel")});
    }

    void wrongChoiceIsExplained()
    {
        const Scenario scenario = example(QStringLiteral("lesson-combinators"));
        LessonPanel panel;
        QVERIFY(panel.setScenario(scenario));
        panel.setRun(runVirtual(scenario, RunOptions{}));
        panel.goToStep(1); // the dashboard quiz: allSettled
        QTest::keyClick(&panel, Qt::Key_1); // Promise.all
        QSignalSpy answers(&panel, &LessonPanel::answerChecked);
        QTest::keyClick(&panel, Qt::Key_PageDown); // reveals before moving on
        QCOMPARE(panel.currentStep(), 1);
        QCOMPARE(answers.count(), 1);
        QCOMPARE(answers.first().first().toBool(), false);
        QCOMPARE(panel.lastCheck()->verdict,
                 QStringLiteral("Not quite: you chose Promise.all, the answer is Promise.allSettled."));
        QTest::keyClick(&panel, Qt::Key_PageDown);
        QCOMPARE(panel.currentStep(), 2);
        QTest::keyClick(&panel, Qt::Key_PageUp);
        QCOMPARE(panel.currentStep(), 1);
    }

    void scenarioWithoutLessonIsRefused()
    {
        LessonPanel panel;
        QVERIFY(!panel.setScenario(example(QStringLiteral("profile"))));
        QVERIFY(!panel.hasLesson());
        QCOMPARE(panel.stepCount(), 0);
    }

    void codePanelShowsBothLanguagesAndCopies()
    {
        CodePanel panel;
        panel.setScenario(example(QStringLiteral("profile")));
        panel.setCurrentPlan(QStringLiteral("parallel"));
        QCOMPARE(panel.currentPlan(), QStringLiteral("parallel"));
        QVERIFY(panel.code(CodePanel::Language::JavaScript)
                    .contains(QStringLiteral("const [user, posts, followers, recommendations] = await Promise.all([")));
        QVERIFY(panel.code(CodePanel::Language::Cpp).contains(QStringLiteral("all(QList<JsonFuture>{")));
        const auto *tabs = panel.findChild<QTabWidget *>();
        QCOMPARE(tabs->tabText(0), QStringLiteral("JavaScript"));
        QCOMPARE(tabs->tabText(1), QStringLiteral("C++ (QFuture)"));

        QSignalSpy copied(&panel, &CodePanel::copied);
        panel.setLanguage(CodePanel::Language::Cpp);
        QTest::mouseClick(panel.findChild<QWidget *>(QStringLiteral("codePanelCopy")), Qt::LeftButton);
        QCOMPARE(copied.count(), 1);
        QCOMPARE(copied.first().first().toString(), panel.code(CodePanel::Language::Cpp));
    }

    void codePanelEditsAJavaScriptPlanDebounced()
    {
        CodePanel panel;
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        const Scenario scenario = example(QStringLiteral("js-load-profile"));
        panel.setScenario(scenario);
        panel.setCurrentPlan(QStringLiteral("loadProfile, Promise.all"));
        CodeEditor *editor = panel.javaScriptEditor();
        QVERIFY(!editor->isReadOnly());
        QCOMPARE(editor->toPlainText(), scenario.planByName(QStringLiteral("loadProfile, Promise.all"))->js);
        auto *convert = panel.findChild<QPushButton *>(QStringLiteral("codePanelEditAsJavaScript"));
        QVERIFY(!convert->isEnabled()); // it is JavaScript already

        QSignalSpy edited(&panel, &CodePanel::javaScriptEdited);
        editor->setFocus();
        editor->moveCursor(QTextCursor::End);
        QTest::keyClick(editor, Qt::Key_Return);
        QTest::keyClicks(editor, QStringLiteral("// one"));
        QElapsedTimer sinceLastKey;
        sinceLastKey.start();
        QCOMPARE(edited.count(), 0); // not on every keystroke
        QTRY_COMPARE_WITH_TIMEOUT(edited.count(), 1, 2000);
        QVERIFY(sinceLastKey.elapsed() >= CodePanel::kEditDebounceMs - 20);
        QCOMPARE(edited.first().at(0).toString(), QStringLiteral("loadProfile, Promise.all"));
        QVERIFY(edited.first().at(1).toString().endsWith(QStringLiteral("\n// one")));
        QTest::qWait(2 * CodePanel::kEditDebounceMs);
        QCOMPARE(edited.count(), 1); // one edit for the burst

        // The document's answer (the same text) does not move the cursor or re-send.
        Scenario after = scenario;
        after.plans[1].js = editor->toPlainText();
        const int cursor = editor->textCursor().position();
        panel.setScenario(after);
        QCOMPARE(editor->textCursor().position(), cursor);
        QTest::qWait(2 * CodePanel::kEditDebounceMs);
        QCOMPARE(edited.count(), 1);
    }

    void codePanelShowsARunErrorAtItsPosition()
    {
        CodePanel panel;
        panel.setScenario(example(QStringLiteral("js-load-profile")));
        panel.setCurrentPlan(QStringLiteral("loadProfile, Promise.all"));
        const QString error = QStringLiteral("line 2, column 17: Unexpected token ';'");
        panel.setPlanErrors({{QStringLiteral("loadProfile, Promise.all"), error}});
        QCOMPARE(panel.shownError(), error);
        QCOMPARE(panel.javaScriptEditor()->errorLine(), 2);
        QCOMPARE(panel.javaScriptEditor()->errorColumn(), 17);
        panel.setCurrentPlan(QStringLiteral("loadProfile, sequential")); // another plan: its own (no) error
        QCOMPARE(panel.shownError(), QString());
        QCOMPARE(panel.javaScriptEditor()->errorLine(), 0);
        panel.setCurrentPlan(QStringLiteral("loadProfile, Promise.all"));
        QCOMPARE(panel.shownError(), error);
        // A limit has no position: the message only.
        panel.setPlanErrors({{QStringLiteral("loadProfile, Promise.all"), QStringLiteral("stopped after 2000 ms: the code does not yield")}});
        QCOMPARE(panel.javaScriptEditor()->errorLine(), 0);
        QVERIFY(panel.shownError().startsWith(QStringLiteral("stopped after 2000 ms")));
        panel.setPlanErrors({});
        QCOMPARE(panel.shownError(), QString());
    }

    void codePanelOffersEditAsJavaScriptForExpressionPlans()
    {
        CodePanel panel;
        panel.setScenario(example(QStringLiteral("profile")));
        panel.setCurrentPlan(QStringLiteral("parallel"));
        QVERIFY(panel.javaScriptEditor()->isReadOnly());
        auto *convert = panel.findChild<QPushButton *>(QStringLiteral("codePanelEditAsJavaScript"));
        QVERIFY(convert->isEnabled());
        QSignalSpy requested(&panel, &CodePanel::editAsJavaScriptRequested);
        QSignalSpy edited(&panel, &CodePanel::javaScriptEdited);
        QTest::mouseClick(convert, Qt::LeftButton);
        QCOMPARE(requested.count(), 1);
        QCOMPARE(requested.first().first().toString(), QStringLiteral("parallel"));
        QTest::keyClicks(panel.javaScriptEditor(), QStringLiteral("x"));
        QTest::qWait(2 * CodePanel::kEditDebounceMs);
        QCOMPARE(edited.count(), 0); // generated code is read-only
    }
};

QTEST_MAIN(TestTeachingUi)
#include "tst_teaching_ui.moc"
