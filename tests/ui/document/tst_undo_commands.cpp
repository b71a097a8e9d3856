// The ScenarioDocument's undo stack: every edit one command whose text says
// what changed, a drag one command, undo after save marks the document
// modified again.

#include "scenario_commands.h"
#include "scenario_document.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

using namespace asyncscope;

namespace {

Scenario weatherScenario()
{
    const QByteArray json = R"json({"format": "asyncscope-scenario/1", "name": "w",
        "tasks": [{"id": "weather", "latency_ms": 150}, {"id": "news", "latency_ms": [200, 80]}],
        "plans": [{"name": "both", "run": "all(weather, news)"}, {"name": "one", "run": "seq(weather, news)"}]})json";
    LoadResult loaded = loadScenario(json, QStringLiteral("w.json"));
    return *loaded.scenario;
}

} // namespace

class TestUndoCommands : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void latencyEditSaysWhatChanged()
    {
        ScenarioDocument document;
        document.setScenario(weatherScenario(), QString(), QStringLiteral("w.json"));
        QUndoStack *stack = document.undoStack();
        QVERIFY(!stack->canUndo());
        document.setTaskLatency(0, 400);
        QCOMPARE(stack->count(), 1);
        QCOMPARE(stack->undoText(), QStringLiteral("weather latency 150 → 400 ms"));
        QVERIFY(document.isDirty());

        QSignalSpy edited(&document, &ScenarioDocument::edited);
        QSignalSpy taskChanged(&document, &ScenarioDocument::taskChanged);
        stack->undo();
        QCOMPARE(document.scenario().tasks.at(0).nominalLatencyMs(1), 150.0);
        QCOMPARE(edited.count(), 1);
        QCOMPARE(taskChanged.count(), 1);
        QCOMPARE(taskChanged.at(0).at(0).toInt(), 0);
        QVERIFY(!document.isDirty()); // back at the loaded state
        QCOMPARE(stack->redoText(), QStringLiteral("weather latency 150 → 400 ms"));
        stack->redo();
        QCOMPARE(document.scenario().tasks.at(0).nominalLatencyMs(1), 400.0);
        QVERIFY(document.isDirty());
    }

    void aDragIsOneUndoStep()
    {
        ScenarioDocument document;
        document.setScenario(weatherScenario(), QString(), QStringLiteral("w.json"));
        QSignalSpy started(&document, &ScenarioDocument::interactiveEditStarted);
        QSignalSpy edited(&document, &ScenarioDocument::edited);
        document.beginInteractiveEdit(QStringLiteral("drag weather"));
        QCOMPARE(started.count(), 1);
        QCOMPARE(edited.count(), 0); // started comes before the first change
        for (double ms : {160.0, 200.0, 310.0, 400.0})
            document.setTaskLatency(0, ms);
        document.endInteractiveEdit();
        QCOMPARE(edited.count(), 4);   // every step re-runs
        QCOMPARE(document.undoStack()->count(), 1);
        QCOMPARE(document.undoStack()->undoText(), QStringLiteral("weather latency 150 → 400 ms"));
        // The next drag is its own step.
        document.beginInteractiveEdit(QStringLiteral("drag weather"));
        document.setTaskLatency(0, 500);
        document.endInteractiveEdit();
        QCOMPARE(started.count(), 2);
        QCOMPARE(document.undoStack()->count(), 2);
        QCOMPARE(document.undoStack()->undoText(), QStringLiteral("weather latency 400 → 500 ms"));
        document.undoStack()->undo();
        document.undoStack()->undo();
        QCOMPARE(document.scenario().tasks.at(0).nominalLatencyMs(1), 150.0);
        // Without a drag, two edits are two steps.
        document.setTaskLatency(0, 10);
        document.setTaskLatency(0, 20);
        QCOMPARE(document.undoStack()->count(), 2);
    }

    void aDragBackToTheStartLeavesNothingToUndo()
    {
        ScenarioDocument document;
        document.setScenario(weatherScenario(), QString(), QStringLiteral("w.json"));
        document.beginInteractiveEdit(QStringLiteral("drag"));
        document.setTaskLatency(0, 300);
        document.setTaskLatency(0, 150);
        document.endInteractiveEdit();
        QCOMPARE(document.undoStack()->count(), 0);
        QVERIFY(!document.isDirty());
    }

    void perInvocationLatencyAndFails()
    {
        ScenarioDocument document;
        document.setScenario(weatherScenario(), QString(), QStringLiteral("w.json"));
        document.setTaskInvocationLatency(1, 2, 90);
        QCOMPARE(document.scenario().tasks.at(1).latencyMs, (QList<double>{200, 90}));
        QCOMPARE(document.undoStack()->undoText(), QStringLiteral("news latency #2 80 → 90 ms"));
        document.setTaskInvocationLatency(1, 7, 95); // the last entry repeats: it is the one edited
        QCOMPARE(document.scenario().tasks.at(1).latencyMs, (QList<double>{200, 95}));
        document.setTaskInvocationLatency(0, 3, 250); // a single latency: the task's
        QCOMPARE(document.scenario().tasks.at(0).latencyMs, (QList<double>{250}));
        document.setTaskInvocationFails(0, 1, true);
        QCOMPARE(document.undoStack()->undoText(), QStringLiteral("weather fails"));
        QVERIFY(document.scenario().tasks.at(0).nominalFails(1));
        QString error;
        QVERIFY(document.setTaskFailsList(1, {false, true}, &error));
        document.setTaskInvocationFails(1, 1, true);
        QCOMPARE(document.scenario().tasks.at(1).fails, (QList<bool>{true, true}));
        QCOMPARE(document.undoStack()->undoText(), QStringLiteral("news #1 fails"));
    }

    void undoAfterSaveMarksModified()
    {
        QTemporaryDir dir;
        ScenarioDocument document;
        document.setScenario(weatherScenario(), QString(), QStringLiteral("w.json"));
        document.setTaskLatency(0, 400);
        QString error;
        QVERIFY2(document.saveAs(dir.filePath(QStringLiteral("w.json")), &error), qPrintable(error));
        QVERIFY(!document.isDirty());
        QSignalSpy dirty(&document, &ScenarioDocument::dirtyChanged);
        document.undoStack()->undo();
        QVERIFY(document.isDirty());
        QCOMPARE(dirty.count(), 1);
        document.undoStack()->redo();
        QVERIFY(!document.isDirty()); // the saved state again
        QCOMPARE(dirty.count(), 2);
    }

    void planTypingMergesPerPlan()
    {
        ScenarioDocument document;
        document.setScenario(weatherScenario(), QString(), QStringLiteral("w.json"));
        document.setPlanRun(0, QStringLiteral("race(weather, news"));   // invalid while typing
        document.setPlanRun(0, QStringLiteral("race(weather, news)"));
        QCOMPARE(document.undoStack()->count(), 1);
        QCOMPARE(document.undoStack()->undoText(), QStringLiteral("plan both: race(weather, news)"));
        document.setPlanRun(1, QStringLiteral("all(weather)"));
        QCOMPARE(document.undoStack()->count(), 2);
        document.undoStack()->undo();
        document.undoStack()->undo();
        QCOMPARE(document.scenario().plans.at(0).run, QStringLiteral("all(weather, news)"));
        QCOMPARE(document.planDraft(0), QStringLiteral("all(weather, news)"));
        QVERIFY(!document.hasInvalidPlans());
    }

    void loadingClearsTheHistory()
    {
        ScenarioDocument document;
        document.setScenario(weatherScenario(), QString(), QStringLiteral("w.json"));
        document.setTaskLatency(0, 400);
        QVERIFY(document.load(QStringLiteral("example:profile")));
        QVERIFY(!document.undoStack()->canUndo());
        QVERIFY(!document.isDirty());
    }

    void commandTextForEditsWithoutValues()
    {
        EditChange change;
        change.what = QStringLiteral("add task c");
        QCOMPARE(ScenarioEditCommand::describe(change), QStringLiteral("add task c"));
        change.what = QStringLiteral("weather latency");
        change.before = QStringLiteral("150");
        change.after = QStringLiteral("400");
        change.unit = QStringLiteral(" ms");
        QCOMPARE(ScenarioEditCommand::describe(change), QStringLiteral("weather latency 150 → 400 ms"));
    }
};

QTEST_GUILESS_MAIN(TestUndoCommands)
#include "tst_undo_commands.moc"
