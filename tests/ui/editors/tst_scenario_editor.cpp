// The Scenario dock as an editor: the logarithmic latency scale (exact values
// at known positions), a slider drag as one undo step, the needs checklist
// (QAbstractItemModelTester, a cycle refused and named), the task detail
// fields (value checked as JSON while typed), plan completion, and the dock's
// add / remove buttons.

#include "latency_editor.h"
#include "latency_scale.h"
#include "distribution_preview.h"
#include "json_value_text.h"
#include "needs_model.h"
#include "plan_list_editor.h"
#include "scenario_document.h"
#include "scenario_panel.h"
#include "task_detail_editor.h"
#include "task_table_model.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QCompleter>
#include <QRegularExpression>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QTableView>
#include <QTest>
#include <QToolButton>
#include <QUndoStack>

using namespace asyncscope;

class TestScenarioEditor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void logarithmicScale_data()
    {
        QTest::addColumn<int>("position");
        QTest::addColumn<double>("ms");
        QTest::addRow("left end") << 0 << 1.0;
        QTest::addRow("quarter") << 250 << 16.0;
        QTest::addRow("50 ms") << 356 << 50.0;
        QTest::addRow("150 ms") << 455 << 149.0;
        QTest::addRow("middle") << 500 << 245.0;
        QTest::addRow("500 ms") << 565 << 501.0;
        QTest::addRow("three quarters") << 750 << 3834.0;
        QTest::addRow("right end") << 1000 << 60000.0;
    }

    void logarithmicScale()
    {
        QFETCH(int, position);
        QFETCH(double, ms);
        QCOMPARE(latencyAtSliderPosition(position), ms);
    }

    void positionsForLatencies()
    {
        QCOMPARE(sliderPositionForLatency(0), 0);
        QCOMPARE(sliderPositionForLatency(1), 0);
        QCOMPARE(sliderPositionForLatency(50), 356);
        QCOMPARE(sliderPositionForLatency(150), 455);
        QCOMPARE(sliderPositionForLatency(500), 565);
        QCOMPARE(sliderPositionForLatency(1000), 628);
        QCOMPARE(sliderPositionForLatency(60000), 1000);
        QCOMPARE(sliderPositionForLatency(3600000), 1000);
        // 50–500 ms, what a lesson uses, is a fifth of the slider (the linear one gave it a few pixels).
        QCOMPARE(sliderPositionForLatency(500) - sliderPositionForLatency(50), 209);
        // Round trip: a value the slider shows goes back to a position showing the same value,
        // and from 100 ms up every position is its own value.
        for (int p = 0; p <= kLatencySliderSteps; ++p) {
            const double ms = latencyAtSliderPosition(p);
            QCOMPARE(latencyAtSliderPosition(sliderPositionForLatency(ms)), ms);
            if (ms >= 100)
                QCOMPARE(sliderPositionForLatency(ms), p);
        }
    }

    void sliderDragIsOneUndoStep()
    {
        ScenarioDocument document;
        QVERIFY(document.load(QStringLiteral("example:profile")));
        ScenarioPanel panel(&document);
        panel.resize(500, 800);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        auto *editor = qobject_cast<LatencyEditor *>(
            panel.taskTable()->indexWidget(panel.taskModel()->index(0, TaskTableModel::LatencyColumn)));
        QVERIFY(editor);
        QCOMPARE(editor->slider()->value(), sliderPositionForLatency(200));
        QSignalSpy started(&document, &ScenarioDocument::interactiveEditStarted);
        // A real drag: press on the handle, move right, release.
        QSlider *slider = editor->slider();
        const QPoint handle(int(slider->width() * double(slider->value()) / kLatencySliderSteps), slider->height() / 2);
        QTest::mousePress(slider, Qt::LeftButton, {}, handle);
        for (int dx = 5; dx <= 40; dx += 5)
            QTest::mouseMove(slider, handle + QPoint(dx, 0));
        QTest::mouseRelease(slider, Qt::LeftButton, {}, handle + QPoint(40, 0));
        QCOMPARE(started.count(), 1);
        const double after = document.scenario().tasks.at(0).nominalLatencyMs(1);
        QVERIFY2(after > 200, qPrintable(QString::number(after)));
        QCOMPARE(document.undoStack()->count(), 1);
        QCOMPARE(document.undoStack()->undoText(), QStringLiteral("user latency 200 → %1 ms").arg(after));
        QCOMPARE(editor->spinBox()->value(), int(after));
        document.undoStack()->undo();
        QCOMPARE(document.scenario().tasks.at(0).nominalLatencyMs(1), 200.0);
        QCOMPARE(editor->spinBox()->value(), 200);
        QCOMPARE(editor->slider()->value(), sliderPositionForLatency(200));
    }

    void renameTypedIntoTheTable()
    {
        // Double-click the id, type, Enter: the rename commits while the view still holds
        // its editor, so the model must not reset under it (Qt warns "commitData called
        // with an editor that does not belong to this view" when it does).
        QTest::failOnWarning(QRegularExpression(QStringLiteral("does not belong to this view")));
        ScenarioDocument document;
        QVERIFY(document.load(QStringLiteral("example:profile")));
        ScenarioPanel panel(&document);
        panel.resize(500, 800);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&panel));
        QTableView *table = panel.taskTable();
        // Select the cell, double-click it and type over its text: the table's own editor, or null.
        const auto typeInto = [table](const QModelIndex &index, const QString &text) -> QLineEdit * {
            const QPoint at = table->visualRect(index).center();
            QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, at);
            QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, at);
            auto *field = qobject_cast<QLineEdit *>(QApplication::focusWidget());
            if (!field || !table->isAncestorOf(field))
                return nullptr;
            field->selectAll();
            QTest::keyClicks(field, text);
            QTest::keyClick(field, Qt::Key_Return); // the delegate commits on the next turn of the loop
            return field;
        };
        const QModelIndex cell = panel.taskModel()->index(2, TaskTableModel::IdColumn);
        QVERIFY(typeInto(cell, QStringLiteral("fans")));
        QTRY_COMPARE(document.scenario().tasks.at(2).id, QStringLiteral("fans"));
        QCOMPARE(document.scenario().plans.at(0).run, QStringLiteral("seq(user, posts, fans, recommendations)"));
        QCOMPARE(panel.taskModel()->data(cell).toString(), QStringLiteral("fans"));
        QCOMPARE(document.undoStack()->undoText(), QStringLiteral("rename task followers → fans"));
        // The table still edits: the next cell's editor opens and commits.
        QVERIFY(typeInto(cell.siblingAtRow(3), QStringLiteral("recs")));
        QTRY_COMPARE(document.scenario().tasks.at(3).id, QStringLiteral("recs"));
        document.undoStack()->undo();
        QCOMPARE(document.scenario().tasks.at(3).id, QStringLiteral("recommendations"));
        QCOMPARE(panel.taskModel()->data(cell.siblingAtRow(3)).toString(), QStringLiteral("recommendations"));
    }

    void needsChecklist()
    {
        ScenarioDocument document;
        QVERIFY(document.load(QStringLiteral("example:build-order")));
        NeedsModel model(&document);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const Scenario &scenario = document.scenario();
        int row = -1;
        for (int i = 0; i < scenario.tasks.size() && row < 0; ++i) {
            if (!scenario.tasks.at(i).needs.isEmpty())
                row = i;
        }
        QVERIFY(row >= 0);
        const QString task = scenario.tasks.at(row).id;
        const QString need = scenario.tasks.at(row).needs.first();
        // The need's checklist: checking `task` would close a cycle.
        model.setTaskRow(scenario.taskIndex(need));
        QCOMPARE(model.rowCount(), int(scenario.tasks.size()) - 1);
        int taskItem = -1;
        for (int i = 0; i < model.rowCount(); ++i) {
            if (model.candidate(i) == task)
                taskItem = i;
        }
        QVERIFY(taskItem >= 0);
        QSignalSpy refused(&model, &NeedsModel::refused);
        QVERIFY(!model.setData(model.index(taskItem), Qt::Checked, Qt::CheckStateRole));
        QCOMPARE(refused.count(), 1);
        const QString message = refused.at(0).at(0).toString();
        QVERIFY2(message.startsWith(QStringLiteral("refused: the needs would make a cycle ")), qPrintable(message));
        QVERIFY2(message.contains(task) && message.contains(need), qPrintable(message));
        QCOMPARE(model.data(model.index(taskItem), Qt::CheckStateRole).toInt(), int(Qt::Unchecked));

        // Unchecking a need on the task itself works, and undo brings it back.
        model.setTaskRow(row);
        int needItem = -1;
        for (int i = 0; i < model.rowCount(); ++i) {
            if (model.candidate(i) == need)
                needItem = i;
        }
        QCOMPARE(model.data(model.index(needItem), Qt::CheckStateRole).toInt(), int(Qt::Checked));
        const bool unchecked = model.setData(model.index(needItem), Qt::Unchecked, Qt::CheckStateRole);
        if (unchecked) {
            QVERIFY(!document.scenario().tasks.at(row).needs.contains(need));
            document.undoStack()->undo();
            QCOMPARE(model.data(model.index(needItem), Qt::CheckStateRole).toInt(), int(Qt::Checked));
        } else {
            // A graph() plan lists both: the loader says why the need must stay.
            QVERIFY(!refused.last().at(0).toString().isEmpty());
        }
        // Structure changes reset the list.
        QVERIFY(document.addTask() >= 0);
        QCOMPARE(model.rowCount(), int(document.scenario().tasks.size()) - 1);
        document.undoStack()->undo();
        QCOMPARE(model.rowCount(), int(document.scenario().tasks.size()) - 1);
        QVERIFY(document.load(QStringLiteral("example:profile")));
        QCOMPARE(model.rowCount(), 0);
    }

    void jsonValueText()
    {
        QString error;
        QCOMPARE(parseJsonValueText(QStringLiteral("42")).value(), QJsonValue(42));
        QCOMPARE(parseJsonValueText(QStringLiteral("\"ok\"")).value(), QJsonValue(QStringLiteral("ok")));
        QVERIFY(parseJsonValueText(QStringLiteral("{\"id\": 42}"))->isObject());
        QVERIFY(!parseJsonValueText(QStringLiteral("{\"id\": }"), &error));
        QCOMPARE(error, QStringLiteral("not JSON: object is missing after a comma at column 9")); // Qt's words and offset
        QVERIFY(!parseJsonValueText(QStringLiteral("ok"), &error));
        QVERIFY(!parseJsonValueText(QStringLiteral("1, 2"), &error));
        QCOMPARE(error, QStringLiteral("one JSON value, not a list of them (wrap it in [ ])"));
    }

    void taskDetailFields()
    {
        ScenarioDocument document;
        QVERIFY(document.load(QStringLiteral("example:profile")));
        TaskDetailEditor editor(&document);
        editor.resize(400, 700);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        editor.setTaskRow(1);
        const QString id = document.scenario().tasks.at(1).id;
        QCOMPARE(editor.idEdit()->text(), id);

        // Value: typed JSON is checked as typed, committed when the field is left.
        QLineEdit *value = editor.valueEdit();
        value->setFocus();
        value->selectAll();
        QTest::keyClicks(value, QStringLiteral("{\"id\": "));
        QVERIFY2(editor.message().startsWith(QStringLiteral("value: not JSON")), qPrintable(editor.message()));
        QTest::keyClicks(value, QStringLiteral("42}"));
        QVERIFY(editor.message().isEmpty());
        QTest::keyClick(value, Qt::Key_Return);
        QCOMPARE(document.scenario().tasks.at(1).value.toObject().value(QStringLiteral("id")).toInt(), 42);
        QCOMPARE(document.undoStack()->undoText(), QStringLiteral("%1 value [\"Hello\",\"Promises\"] → {\"id\":42}").arg(id));

        // Per-invocation latencies and failures.
        editor.latenciesEdit()->setText(QStringLiteral("300, 120"));
        emit editor.latenciesEdit()->editingFinished();
        QCOMPARE(document.scenario().tasks.at(1).latencyMs, (QList<double>{300, 120}));
        editor.failsEdit()->setText(QStringLiteral("true, false"));
        emit editor.failsEdit()->editingFinished();
        QCOMPARE(document.scenario().tasks.at(1).fails, (QList<bool>{true, false}));
        editor.failsEdit()->setText(QStringLiteral("maybe"));
        emit editor.failsEdit()->editingFinished();
        QCOMPARE(editor.message(), QStringLiteral("fails: \"maybe\" is neither true nor false"));

        // A distribution, with its preview.
        editor.distributionKind()->setCurrentIndex(int(LatencyDistribution::Kind::LogNormal) + 1);
        QVERIFY(document.scenario().tasks.at(1).latency);
        QCOMPARE(document.scenario().tasks.at(1).latency->kind, LatencyDistribution::Kind::LogNormal);
        QVERIFY(editor.preview()->isVisible());
        editor.distributionSecond()->setValue(900);
        QCOMPARE(document.scenario().tasks.at(1).latency->b, 900.0);

        // Rename: refused when taken, the field goes back.
        editor.idEdit()->setText(document.scenario().tasks.at(0).id);
        emit editor.idEdit()->editingFinished();
        QCOMPARE(editor.idEdit()->text(), id);
        QVERIFY(editor.message().startsWith(QStringLiteral("there is already a task")));
        editor.idEdit()->setText(QStringLiteral("renamed"));
        emit editor.idEdit()->editingFinished();
        QCOMPARE(document.scenario().tasks.at(1).id, QStringLiteral("renamed"));
        for (const PlanSpec &plan : document.scenario().plans)
            QVERIFY2(!plan.run.contains(QRegularExpression(QStringLiteral("\\b%1\\b").arg(id))), qPrintable(plan.run));
    }

    void distributionDensity()
    {
        const LatencyDistribution uniform{LatencyDistribution::Kind::Uniform, 100, 300};
        QCOMPARE(latencyDensity(uniform, 200), 1.0 / 200);
        QCOMPARE(latencyDensity(uniform, 50), 0.0);
        QCOMPARE(previewRangeMs(uniform), 375.0);
        const LatencyDistribution exponential{LatencyDistribution::Kind::Exponential, 100, 0};
        QCOMPARE(latencyDensity(exponential, 0), 0.01);
        const LatencyDistribution lognormal{LatencyDistribution::Kind::LogNormal, 120, 400};
        // The mode of a lognormal is below its median: the density falls from 100 to 400 ms.
        QVERIFY(latencyDensity(lognormal, 100) > latencyDensity(lognormal, 400));
        QVERIFY(previewRangeMs(lognormal) > 400);
    }

    void planCompletion()
    {
        int cursor = 0;
        QCOMPARE(PlanListEditor::completedText(QStringLiteral("all(us, posts)"), 6, QStringLiteral("user"), &cursor),
                 QStringLiteral("all(user, posts)"));
        QCOMPARE(cursor, 8);
        QCOMPARE(PlanListEditor::completedText(QStringLiteral("allS"), 4, QStringLiteral("allSettled"), &cursor),
                 QStringLiteral("allSettled"));

        ScenarioDocument document;
        QVERIFY(document.load(QStringLiteral("example:profile")));
        PlanListEditor plans(&document);
        plans.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plans));
        QLineEdit *edit = plans.expressionEdit(0);
        edit->setFocus();
        edit->end(false);
        edit->clear();
        QTest::keyClicks(edit, QStringLiteral("all(us"));
        QCOMPARE(plans.completer()->completionPrefix(), QStringLiteral("us"));
        QCOMPARE(plans.completer()->currentCompletion(), QStringLiteral("user"));
        QTest::keyClicks(edit, QStringLiteral("er, ra"));
        QCOMPARE(plans.completer()->currentCompletion(), QStringLiteral("race"));

        // Rename in place.
        QLineEdit *name = plans.nameEdit(1);
        name->setText(QStringLiteral("in parallel"));
        emit name->editingFinished();
        QCOMPARE(document.scenario().plans.at(1).name, QStringLiteral("in parallel"));
    }

    void panelButtons()
    {
        ScenarioDocument document;
        QVERIFY(document.load(QStringLiteral("example:profile")));
        ScenarioPanel panel(&document);
        panel.resize(480, 900);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QAbstractItemModelTester tester(panel.taskModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        auto *add = panel.findChild<QToolButton *>(QStringLiteral("addTask"));
        QVERIFY(add);
        QTest::mouseClick(add, Qt::LeftButton);
        QCOMPARE(panel.taskModel()->rowCount(), 5);
        QCOMPARE(panel.currentTaskRow(), 4);
        QCOMPARE(panel.taskDetail()->idEdit()->text(), QStringLiteral("task1"));
        // The new row has its slider too.
        QVERIFY(qobject_cast<LatencyEditor *>(panel.taskTable()->indexWidget(panel.taskModel()->index(4, TaskTableModel::LatencyColumn))));
        QTest::mouseClick(panel.findChild<QToolButton *>(QStringLiteral("removeTask")), Qt::LeftButton);
        QCOMPARE(panel.taskModel()->rowCount(), 4);
        panel.selectTask(0);
        QTest::mouseClick(panel.findChild<QToolButton *>(QStringLiteral("removeTask")), Qt::LeftButton);
        QCOMPARE(panel.taskModel()->rowCount(), 4);
        QVERIFY2(panel.message().contains(QStringLiteral("cannot be removed")), qPrintable(panel.message()));
        QTest::mouseClick(panel.findChild<QToolButton *>(QStringLiteral("addPlan")), Qt::LeftButton);
        QCOMPARE(document.scenario().plans.size(), 3);
        QCOMPARE(panel.planEditor()->planCount(), 3);
        // Name and description.
        const QString oldName = document.scenario().name;
        panel.nameEdit()->setText(QStringLiteral("My lesson"));
        emit panel.nameEdit()->editingFinished();
        QCOMPARE(document.scenario().name, QStringLiteral("My lesson"));
        QCOMPARE(document.undoStack()->undoText(), QStringLiteral("scenario name \"%1\" → \"My lesson\"").arg(oldName));
        document.undoStack()->undo();
        QCOMPARE(panel.nameEdit()->text(), document.scenario().name);
    }
};

QTEST_MAIN(TestScenarioEditor)
#include "tst_scenario_editor.moc"
