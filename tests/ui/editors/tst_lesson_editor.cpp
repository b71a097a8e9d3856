// The Lesson Editor: ScenarioDocument::setLesson as one undoable command
// (refused with the parser's message), the editor's fields driven as a
// teacher would (keys into the fields, checklist clicks, the kind box), typing
// merged into one undo step, a lesson built from New saved and reloaded
// identically, an exercise kept intact, plans renamed in the lesson, and the
// window playing what was just written (and following the edits).

#include "lesson.h"
#include "lesson_editing.h"
#include "lesson_editor.h"
#include "lesson_panel.h"
#include "main_window.h"
#include "scenario_document.h"

#include <QComboBox>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QUndoStack>

using namespace asyncscope;

namespace {

QJsonObject json(const char *text)
{
    return QJsonDocument::fromJson(QByteArray(text)).object();
}

QString undoText(const ScenarioDocument &document)
{
    return document.undoStack()->undoText();
}

// As a user picks an entry of a closed combo box: keys, so activated() is emitted.
void pick(QComboBox *box, int index)
{
    box->setFocus();
    while (box->currentIndex() < index)
        QTest::keyClick(box, Qt::Key_Down);
    while (box->currentIndex() > index)
        QTest::keyClick(box, Qt::Key_Up);
}

void typeInto(QPlainTextEdit *edit, const QString &text)
{
    edit->setFocus();
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Backspace);
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (i > 0)
            QTest::keyClick(edit, Qt::Key_Return);
        QTest::keyClicks(edit, lines.at(i));
    }
}

void clickCheck(QListWidget *list, int row)
{
    const QRect rect = list->visualItemRect(list->item(row));
    // The check box sits at the item's left edge.
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, QPoint(rect.left() + 10, rect.center().y()));
}

} // namespace

class TestLessonEditor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void setLessonIsOneUndoStep()
    {
        ScenarioDocument document;
        document.newScenario();
        QSignalSpy lessonChanged(&document, &ScenarioDocument::lessonChanged);
        QSignalSpy edited(&document, &ScenarioDocument::edited);
        const QJsonObject lesson = json(R"({"title": "Two requests", "steps": [{"text": "Look", "plans": ["parallel"]}]})");
        QVERIFY(document.setLesson(lesson, QStringLiteral("add step 1")));
        QCOMPARE(document.scenario().lesson, lesson);
        QCOMPARE(lessonChanged.size(), 1);
        QCOMPARE(edited.size(), 0); // nothing to re-run
        QVERIFY(document.isDirty());
        QCOMPARE(undoText(document), QStringLiteral("add step 1"));
        document.undoStack()->undo();
        QVERIFY(document.scenario().lesson.isEmpty());
        QCOMPARE(lessonChanged.size(), 2);
        QVERIFY(!document.isDirty());
        document.undoStack()->redo();
        QCOMPARE(document.scenario().lesson, lesson);
    }

    void refusedWithTheParsersMessage_data()
    {
        QTest::addColumn<QByteArray>("lesson");
        QTest::addColumn<QString>("message");
        QTest::addRow("no steps") << QByteArray(R"({"steps": []})")
                                  << QStringLiteral("lesson.steps: must be a non-empty array of steps, got an empty array");
        QTest::addRow("blank text") << QByteArray(R"({"steps": [{"text": " "}]})")
                                    << QStringLiteral("lesson.steps[0].text: must not be empty");
        QTest::addRow("unknown plan") << QByteArray(R"({"steps": [{"text": "a", "plans": ["paralel"]}]})")
                                      << QStringLiteral("lesson.steps[0].plans[0]: unknown plan \"paralel\" (did you mean \"parallel\"?)");
        QTest::addRow("choice twice")
            << QByteArray(R"({"steps": [{"text": "a", "question": {"kind": "choice", "prompt": "?", "choices": ["x", "x"], "answer": 0}}]})")
            << QStringLiteral("lesson.steps[0].question.choices[1]: \"x\" is listed twice");
        QTest::addRow("predict outside the step")
            << QByteArray(R"({"steps": [{"text": "a", "plans": ["parallel"], "question": {"kind": "predict", "prompt": "?", "plan": "sequential"}}]})")
            << QStringLiteral("lesson.steps[0].question.plan: \"sequential\" is not among the step's plans (parallel)");
    }

    void refusedWithTheParsersMessage()
    {
        QFETCH(QByteArray, lesson);
        QFETCH(QString, message);
        ScenarioDocument document;
        document.newScenario();
        QString error;
        QVERIFY(!document.setLesson(QJsonDocument::fromJson(lesson).object(), QStringLiteral("x"), {}, &error));
        QCOMPARE(error, message);
        QVERIFY(document.scenario().lesson.isEmpty());
        QCOMPARE(document.undoStack()->count(), 0);
    }

    void buildFromNewInTheEditor()
    {
        ScenarioDocument document;
        document.newScenario();
        LessonEditor editor(&document);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        QCOMPARE(editor.stepCount(), 0);
        QCOMPARE(editor.currentStep(), -1);
        QVERIFY(!editor.playButton()->isEnabled());

        // + writes step 1 and selects its placeholder text: typing replaces it, one undo step.
        QTest::mouseClick(editor.findChild<QToolButton *>(QStringLiteral("addLessonStep")), Qt::LeftButton);
        QCOMPARE(editor.stepCount(), 1);
        QCOMPARE(undoText(document), QStringLiteral("add step 1"));
        QVERIFY(editor.playButton()->isEnabled());
        QVERIFY(editor.textEdit()->hasFocus());
        QTest::keyClicks(editor.textEdit(), QStringLiteral("One after another."));
        QCOMPARE(document.undoStack()->count(), 2);
        QCOMPARE(undoText(document), QStringLiteral("step 1 text"));
        QCOMPARE(document.scenario().lesson.value(QLatin1String("steps"))[0][QLatin1String("text")].toString(),
                 QStringLiteral("One after another."));
        QCOMPARE(editor.stepList()->item(0)->text(), QStringLiteral("1: One after another."));

        // The step shows "sequential" only; it asks to predict when it settles.
        clickCheck(editor.planChecklist(), 0);
        QCOMPARE(undoText(document), QStringLiteral("step 1 plans: sequential"));
        pick(editor.kindBox(), LessonEditor::Predict);
        QCOMPARE(undoText(document), QStringLiteral("step 1 question: predict"));
        QCOMPARE(editor.predictPlanBox()->currentText(), QStringLiteral("sequential"));
        QCOMPARE(editor.promptEdit()->text(), QStringLiteral("When does sequential settle?"));
        editor.toleranceBox()->setFocus();
        editor.toleranceBox()->selectAll();
        QTest::keyClicks(editor.toleranceBox(), QStringLiteral("25"));
        QCOMPARE(undoText(document), QStringLiteral("step 1 tolerance: 25 ms"));
        const int afterTolerance = document.undoStack()->count();

        // Step 2: parallel, with a choice question whose choices are typed one per line.
        QTest::mouseClick(editor.findChild<QToolButton *>(QStringLiteral("addLessonStep")), Qt::LeftButton);
        QCOMPARE(editor.currentStep(), 1);
        QCOMPARE(document.undoStack()->count(), afterTolerance + 1); // the tolerance's typing was one step
        QTest::keyClicks(editor.textEdit(), QStringLiteral("Both at once."));
        pick(editor.kindBox(), LessonEditor::Choice);
        QCOMPARE(undoText(document), QStringLiteral("step 2 question: choice"));
        QCOMPARE(editor.answerBox()->count(), 2); // the plans to compare, by default
        typeInto(editor.choicesEdit(), QStringLiteral("200 ms\n300 ms\n500 ms"));
        QCOMPARE(undoText(document), QStringLiteral("step 2 choices"));
        QCOMPARE(editor.answerBox()->count(), 3);
        pick(editor.answerBox(), 2);
        QCOMPARE(undoText(document), QStringLiteral("step 2 answer: 500 ms"));
        typeInto(editor.explainEdit(), QStringLiteral("Sequential adds up."));
        QCOMPARE(undoText(document), QStringLiteral("step 2 explanation"));

        const LessonParseResult parsed = parseLesson(document.scenario());
        QVERIFY2(parsed.ok(), qPrintable(parsed.error));
        QCOMPARE(parsed.lesson->steps.size(), 2);
        QCOMPARE(parsed.lesson->title, QStringLiteral("Untitled")); // no title: the scenario's name
        const LessonStep &first = parsed.lesson->steps.at(0);
        QCOMPARE(first.plans, QStringList{QStringLiteral("sequential")});
        QVERIFY(first.question && first.question->kind == LessonQuestion::Kind::Predict);
        QCOMPARE(first.question->plan, QStringLiteral("sequential"));
        QCOMPARE(first.question->toleranceMs, 25.0);
        const LessonStep &second = parsed.lesson->steps.at(1);
        QVERIFY(second.plans.isEmpty());
        QCOMPARE(second.question->choices, (QStringList{"200 ms", "300 ms", "500 ms"}));
        QCOMPARE(second.question->answer, 2);
        QCOMPARE(second.question->explain, QStringLiteral("Sequential adds up."));

        // Undo walks back through the editor's fields.
        document.undoStack()->undo(); // the explanation
        QCOMPARE(editor.explainEdit()->toPlainText(), QString());
        document.undoStack()->undo(); // the answer, picked with two arrow keys: one step
        QCOMPARE(editor.answerBox()->currentIndex(), 0);
        document.undoStack()->redo();
        QCOMPARE(editor.answerBox()->currentIndex(), 2);
    }

    void invalidDraftIsRefusedAndKept()
    {
        ScenarioDocument document;
        document.newScenario();
        QVERIFY(document.setLesson(json(R"({"steps": [{"text": "Look", "question": {"kind": "choice", "prompt": "Which?", "choices": ["a", "b"], "answer": 1}}]})"),
                                   QStringLiteral("lesson")));
        LessonEditor editor(&document);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        const QJsonObject before = document.scenario().lesson;
        const int commands = document.undoStack()->count();

        typeInto(editor.choicesEdit(), QStringLiteral("a\na"));
        QCOMPARE(editor.errorText(), QStringLiteral("lesson.steps[0].question.choices[1]: \"a\" is listed twice"));
        QCOMPARE(document.scenario().lesson, before);    // the last valid lesson stays
        QCOMPARE(editor.choicesEdit()->toPlainText(), QStringLiteral("a\na")); // and the field as typed
        QTest::keyClicks(editor.choicesEdit(), QStringLiteral("b"));
        QCOMPARE(editor.errorText(), QString());
        QCOMPARE(document.scenario().lesson.value(QLatin1String("steps"))[0][QLatin1String("question")][QLatin1String("choices")].toArray(),
                 (QJsonArray{"a", "ab"}));
        // Deleting the text to retype it went through refused drafts ("a" alone is one choice); the
        // accepted ones merged into one undo step.
        QCOMPARE(document.undoStack()->count(), commands + 1);

        // A blank step text is refused; an undo of the document replaces the draft and clears the message.
        typeInto(editor.textEdit(), QString());
        QCOMPARE(editor.errorText(), QStringLiteral("lesson.steps[0].text: must not be empty"));
        document.undoStack()->undo();
        QCOMPARE(editor.errorText(), QString());
        QCOMPARE(editor.textEdit()->toPlainText(), QStringLiteral("Look"));
        QCOMPARE(editor.choicesEdit()->toPlainText(), QStringLiteral("a\nb"));
    }

    void stepsAddDuplicateMoveRemove()
    {
        ScenarioDocument document;
        document.newScenario();
        QVERIFY(document.setLesson(json(R"({"title": "T", "steps": [{"text": "one"}, {"text": "two"}]})"), QStringLiteral("lesson")));
        LessonEditor editor(&document);
        QCOMPARE(editor.stepCount(), 2);
        editor.setCurrentStep(0);
        editor.duplicateStep();
        QCOMPARE(undoText(document), QStringLiteral("duplicate step 1"));
        QCOMPARE(editor.currentStep(), 1);
        editor.moveStep(+1);
        QCOMPARE(undoText(document), QStringLiteral("move step 2 down"));
        QCOMPARE(editor.currentStep(), 2);
        const auto texts = [&] {
            QStringList out;
            for (const QJsonValue &step : document.scenario().lesson.value(QLatin1String("steps")).toArray())
                out << step[QLatin1String("text")].toString();
            return out;
        };
        QCOMPARE(texts(), (QStringList{"one", "two", "one"}));
        editor.moveStep(+1); // the last step: nothing to do
        QCOMPARE(undoText(document), QStringLiteral("move step 2 down"));
        editor.removeStep();
        QCOMPARE(undoText(document), QStringLiteral("remove step 3"));
        QCOMPARE(texts(), (QStringList{"one", "two"}));
        QCOMPARE(editor.currentStep(), 1);
        editor.removeStep();
        editor.removeStep();
        QCOMPARE(undoText(document), QStringLiteral("remove step 1 and the lesson"));
        QVERIFY(document.scenario().lesson.isEmpty());
        QCOMPARE(editor.stepCount(), 0);
        QVERIFY(!editor.titleEdit()->isEnabled());
        document.undoStack()->undo();
        QCOMPARE(editor.stepCount(), 1);
        QCOMPARE(editor.titleEdit()->text(), QStringLiteral("T"));
    }

    void savedAndReloadedIdentically()
    {
        ScenarioDocument document;
        document.newScenario();
        LessonEditor editor(&document);
        editor.addStep();
        typeInto(editor.textEdit(), QStringLiteral("Sequential: one after another.\nPredict first."));
        editor.setQuestionKind(LessonEditor::Predict);
        editor.addStep();
        typeInto(editor.textEdit(), QStringLiteral("Now both at once."));
        editor.setQuestionKind(LessonEditor::Choice);
        editor.titleEdit()->setFocus();
        QTest::keyClicks(editor.titleEdit(), QStringLiteral("Await or all"));
        QCOMPARE(undoText(document), QStringLiteral("lesson title"));

        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("lesson.json"));
        QString error;
        QVERIFY2(document.saveAs(path, &error), qPrintable(error));
        ScenarioDocument reloaded;
        QVERIFY2(reloaded.load(path, &error), qPrintable(error));
        QCOMPARE(reloaded.scenario().lesson, document.scenario().lesson);
        QCOMPARE(reloaded.fileContents(), document.fileContents());
        const LessonParseResult parsed = parseLesson(reloaded.scenario());
        QVERIFY2(parsed.ok(), qPrintable(parsed.error));
        QCOMPARE(parsed.lesson->title, QStringLiteral("Await or all"));
        QCOMPARE(parsed.lesson->steps.at(0).text, QStringLiteral("Sequential: one after another.\nPredict first."));
        QCOMPARE(parsed.lesson->steps.at(0).question->plan, QStringLiteral("sequential"));
        QCOMPARE(parsed.lesson->steps.at(1).question->choices, (QStringList{"sequential", "parallel"}));

        LessonEditor second(&reloaded);
        QCOMPARE(second.stepCount(), 2);
        QCOMPARE(second.draft(), document.scenario().lesson);
    }

    void exerciseKeptIntact()
    {
        ScenarioDocument document;
        QString error;
        QVERIFY2(document.load(QStringLiteral("example:lesson-fallback"), &error), qPrintable(error));
        const QJsonArray steps = document.scenario().lesson.value(QLatin1String("steps")).toArray();
        int exercise = -1;
        for (int i = 0; i < steps.size(); ++i) {
            if (steps.at(i)[QLatin1String("question")][QLatin1String("kind")] == QLatin1String("exercise"))
                exercise = i;
        }
        QVERIFY(exercise >= 0);
        LessonEditor editor(&document);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        editor.setCurrentStep(exercise);
        QCOMPARE(editor.kindBox()->currentIndex(), int(LessonEditor::Exercise));
        QVERIFY(!editor.choicesEdit()->isVisible());
        editor.promptEdit()->setFocus();
        editor.promptEdit()->end(false);
        QTest::keyClicks(editor.promptEdit(), QStringLiteral(" Go."));
        QCOMPARE(undoText(document), QStringLiteral("step %1 prompt").arg(exercise + 1));
        QJsonObject expected = steps.at(exercise)[QLatin1String("question")].toObject();
        expected.insert(QLatin1String("prompt"), expected.value(QLatin1String("prompt")).toString() + QStringLiteral(" Go."));
        QCOMPARE(document.scenario().lesson.value(QLatin1String("steps"))[exercise][QLatin1String("question")].toObject(), expected);
        // An exercise is not made from another kind here: the kind box offers it only to the step that has one.
        editor.setCurrentStep(0);
        const int kind = editor.kindBox()->currentIndex();
        QVERIFY(kind != int(LessonEditor::Exercise));
        const QJsonObject lesson = document.scenario().lesson;
        editor.setQuestionKind(LessonEditor::Exercise);
        QCOMPARE(editor.kindBox()->currentIndex(), kind);
        QCOMPARE(document.scenario().lesson, lesson);
    }

    void planRenamesFollowInTheLesson()
    {
        ScenarioDocument document;
        document.newScenario();
        QVERIFY(document.setLesson(
            json(R"({"steps": [{"text": "a", "plans": ["parallel"], "question": {"kind": "predict", "prompt": "?", "plan": "parallel"}}]})"),
            QStringLiteral("lesson")));
        LessonEditor editor(&document);
        QString error;
        QVERIFY2(document.renamePlan(1, QStringLiteral("at once"), &error), qPrintable(error));
        const QJsonObject step = document.scenario().lesson.value(QLatin1String("steps"))[0].toObject();
        QCOMPARE(step.value(QLatin1String("plans")).toArray(), QJsonArray{"at once"});
        QCOMPARE(step.value(QLatin1String("question"))[QLatin1String("plan")].toString(), QStringLiteral("at once"));
        QCOMPARE(editor.planChecklist()->item(1)->text(), QStringLiteral("at once"));
        QCOMPARE(editor.planChecklist()->item(1)->checkState(), Qt::Checked);
        QCOMPARE(editor.predictPlanBox()->currentText(), QStringLiteral("at once"));
        // A plan a step shows cannot be removed: the lesson would not load.
        QVERIFY(!document.removePlan(1, &error));
        QVERIFY2(error.startsWith(QLatin1String("lesson.steps[0].plans[0]: unknown plan")), qPrintable(error));
        document.undoStack()->undo();
        QCOMPARE(editor.planChecklist()->item(1)->text(), QStringLiteral("parallel"));
    }

    void windowPlaysWhatWasWritten()
    {
        MainWindow window(false);
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.document()->newScenario();
        LessonEditing *editing = window.lessonEditing();
        LessonEditor *editor = editing->editor();
        QVERIFY(editing->dock()->toggleViewAction()); // in the View menu
        QVERIFY(!editing->isPlaying());
        QVERIFY(!window.isLessonHidingTimeline());

        editor->addStep();
        typeInto(editor->textEdit(), QStringLiteral("First, one after another."));
        editor->setQuestionKind(LessonEditor::Predict);
        editor->addStep();
        typeInto(editor->textEdit(), QStringLiteral("Then both at once."));
        QVERIFY(!editing->isPlaying()); // writing does not start the lesson

        editor->setCurrentStep(0);
        QTest::mouseClick(editor->playButton(), Qt::LeftButton);
        QVERIFY(editing->isPlaying());
        QVERIFY(window.lessonPanel()->hasLesson());
        QCOMPARE(window.lessonPanel()->stepCount(), 2);
        QCOMPARE(window.lessonPanel()->currentStep(), 0);
        QVERIFY(window.isLessonHidingTimeline());
        auto *text = window.lessonPanel()->findChild<QLabel *>(QStringLiteral("lessonText"));
        QCOMPARE(text->text(), QStringLiteral("First, one after another."));

        // It follows the edits: the text typed, the step chosen in the editor.
        editor->textEdit()->setFocus();
        QTest::keyClick(editor->textEdit(), Qt::Key_End, Qt::ControlModifier);
        QTest::keyClicks(editor->textEdit(), QStringLiteral(" Predict."));
        QCOMPARE(text->text(), QStringLiteral("First, one after another. Predict."));
        editor->setCurrentStep(1);
        QCOMPARE(window.lessonPanel()->currentStep(), 1);
        QCOMPARE(text->text(), QStringLiteral("Then both at once."));

        // Closing the Lesson dock leaves lesson mode: no curtain, every plan again.
        window.findChild<QDockWidget *>(QStringLiteral("lessonDock"))->close();
        QVERIFY(!editing->isPlaying());
        QVERIFY(!window.isLessonHidingTimeline());

        // The editor tabbed with the Scenario dock never makes that dock area wider than its 380 px minimum.
        QVERIFY2(editing->dock()->minimumSizeHint().width() <= 380,
                 qPrintable(QString::number(editing->dock()->minimumSizeHint().width())));
        QCOMPARE(window.tabifiedDockWidgets(editing->dock()).contains(window.findChild<QDockWidget *>(QStringLiteral("scenarioDock"))), true);

        // Presenter mode hides the editor and gives it back.
        editing->dock()->show();
        window.setPresenterMode(true);
        QVERIFY(editing->dock()->isHidden());
        window.setPresenterMode(false);
        QVERIFY(!editing->dock()->isHidden());
    }
};

QTEST_MAIN(TestLessonEditor)
#include "tst_lesson_editor.moc"
