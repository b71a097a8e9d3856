// ScenarioDocument: edits, the dirty flag, and the QSaveFile round trip.

#include "scenario_document.h"

#include <QFile>
#include <QJsonObject>
#include <QUndoStack>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace asyncscope;

class TestScenarioDocument : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void loadsAnExampleClean()
    {
        ScenarioDocument document;
        QSignalSpy replaced(&document, &ScenarioDocument::scenarioReplaced);
        QVERIFY(document.load(QStringLiteral("example:profile")));
        QCOMPARE(replaced.count(), 1);
        QCOMPARE(document.scenario().tasks.size(), 4);
        QCOMPARE(document.scenario().plans.size(), 2);
        QVERIFY(!document.isDirty());
        QVERIFY(document.filePath().isEmpty()); // an example has no file: Save must ask for one
        QCOMPARE(document.displayName(), QStringLiteral("example:profile"));
        QString error;
        QVERIFY(!document.save(&error));
        QVERIFY(!error.isEmpty());
    }

    void badFileLeavesTheDocumentAlone()
    {
        ScenarioDocument document;
        QVERIFY(document.load(QStringLiteral("example:profile")));
        QString error;
        QVERIFY(!document.load(QStringLiteral("example:no-such-example"), &error));
        QVERIFY(error.contains(QStringLiteral("no-such-example")));
        QCOMPARE(document.scenario().plans.size(), 2);
    }

    void editsMakeItDirty_data()
    {
        QTest::addColumn<int>("edit");
        QTest::addColumn<bool>("changes");
        QTest::addRow("latency 500") << 0 << true;
        QTest::addRow("latency unchanged") << 1 << false;
        QTest::addRow("fails on") << 2 << true;
        QTest::addRow("fails already off") << 3 << false;
        QTest::addRow("failure rate 0.3") << 4 << true;
        QTest::addRow("failure rate clamped to 1") << 5 << true;
        QTest::addRow("valid plan") << 6 << true;
        QTest::addRow("same plan text") << 7 << false;
        QTest::addRow("row out of range") << 8 << false;
    }

    void editsMakeItDirty()
    {
        QFETCH(int, edit);
        QFETCH(bool, changes);
        ScenarioDocument document;
        QVERIFY(document.load(QStringLiteral("example:profile")));
        QSignalSpy edited(&document, &ScenarioDocument::edited);
        QSignalSpy dirty(&document, &ScenarioDocument::dirtyChanged);
        switch (edit) {
        case 0: document.setTaskLatency(0, 500); break;
        case 1: document.setTaskLatency(0, 200); break;
        case 2: document.setTaskFails(0, true); break;
        case 3: document.setTaskFails(0, false); break;
        case 4: document.setTaskFailureRate(0, 0.3); break;
        case 5: document.setTaskFailureRate(0, 7); break;
        case 6: QVERIFY(!document.setPlanRun(0, QStringLiteral("race(user, posts)"))); break;
        case 7: document.setPlanRun(0, document.scenario().plans.at(0).run); break;
        case 8: document.setTaskLatency(99, 5); break;
        }
        QCOMPARE(document.isDirty(), changes);
        QCOMPARE(edited.count(), changes ? 1 : 0);
        QCOMPARE(dirty.count(), changes ? 1 : 0);
        if (edit == 0)
            QCOMPARE(document.scenario().tasks.at(0).nominalLatencyMs(1), 500.0);
        if (edit == 2)
            QVERIFY(document.scenario().tasks.at(0).nominalFails(1));
        if (edit == 5)
            QCOMPARE(document.scenario().tasks.at(0).failureRate, 1.0);
    }

    void invalidPlanKeepsItsLastGoodExpression()
    {
        ScenarioDocument document;
        QVERIFY(document.load(QStringLiteral("example:profile")));
        const QString good = document.scenario().plans.at(1).run;
        QSignalSpy edited(&document, &ScenarioDocument::edited);
        const std::optional<ExpressionError> error = document.setPlanRun(1, QStringLiteral("all(usr, posts)"));
        QVERIFY(error);
        QCOMPARE(error->column, 5);
        QVERIFY2(error->message.contains(QStringLiteral("column 5")), qPrintable(error->message));
        QCOMPARE(document.planError(1)->column, 5);
        QVERIFY(document.hasInvalidPlans());
        QCOMPARE(document.planDraft(1), QStringLiteral("all(usr, posts)"));
        QCOMPARE(document.scenario().plans.at(1).run, good); // what runs is unchanged
        QCOMPARE(edited.count(), 0);                          // so nothing re-runs
        QVERIFY(document.isDirty());                          // but the typing is a change

        QVERIFY(!document.setPlanRun(1, QStringLiteral("all(user, posts)")));
        QVERIFY(!document.planError(1));
        QVERIFY(!document.hasInvalidPlans());
        QCOMPARE(document.scenario().plans.at(1).run, QStringLiteral("all(user, posts)"));
        QCOMPARE(edited.count(), 1);
    }

    void saveAndReloadRoundTrips()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("edited.json"));

        ScenarioDocument document;
        QVERIFY(document.load(QStringLiteral("example:profile")));
        document.setTaskLatency(1, 350);
        document.setTaskFails(2, true);
        document.setTaskFailureRate(3, 0.25);
        QVERIFY(!document.setPlanRun(1, QStringLiteral("race(user, posts)")));
        QVERIFY(document.isDirty());
        QSignalSpy fileChanged(&document, &ScenarioDocument::fileChanged);

        QString error;
        QVERIFY2(document.saveAs(path, &error), qPrintable(error));
        QVERIFY(!document.isDirty());
        QCOMPARE(fileChanged.count(), 1);
        QCOMPARE(document.filePath(), QFileInfo(path).absoluteFilePath());
        QCOMPARE(document.displayName(), QStringLiteral("edited.json"));

        ScenarioDocument reloaded;
        QVERIFY(reloaded.load(path, &error));
        QCOMPARE(reloaded.scenario().toJson(), document.scenario().toJson());
        QCOMPARE(reloaded.scenario().tasks.at(1).nominalLatencyMs(1), 350.0);
        QVERIFY(reloaded.scenario().tasks.at(2).nominalFails(1));
        QCOMPARE(reloaded.scenario().tasks.at(3).failureRate, 0.25);
        QCOMPARE(reloaded.scenario().plans.at(1).run, QStringLiteral("race(user, posts)"));

        // Save (not As) goes to the same file.
        reloaded.setTaskLatency(0, 10);
        QVERIFY(reloaded.isDirty());
        QVERIFY(reloaded.save(&error));
        QVERIFY(!reloaded.isDirty());
        ScenarioDocument third;
        QVERIFY(third.load(path));
        QCOMPARE(third.scenario().tasks.at(0).nominalLatencyMs(1), 10.0);
    }

    void failedSaveStaysDirty()
    {
        ScenarioDocument document;
        QVERIFY(document.load(QStringLiteral("example:profile")));
        document.setTaskLatency(0, 300);
        QString error;
        QVERIFY(!document.saveAs(QStringLiteral("/nonexistent-dir/x/y.json"), &error));
        QVERIFY(error.contains(QStringLiteral("/nonexistent-dir/x/y.json")));
        QVERIFY(document.isDirty());
        QVERIFY(document.filePath().isEmpty());
    }

    void unsavedDocumentStaysDirtyWhenEditsAreUndone()
    {
        // A recovered session, a pasted scenario, an opened picture: modified, never saved.
        ScenarioDocument document;
        QVERIFY(document.load(QStringLiteral("example:profile")));
        document.setDirty(true);
        document.setTaskLatency(0, 300);
        QVERIFY(document.undoStack()->canUndo());
        document.undoStack()->undo();
        QCOMPARE(document.scenario().tasks.at(0).nominalLatencyMs(), 200.0);
        QVERIFY(document.isDirty());
        // Saved, it is clean again, and an edit undone returns to that clean state.
        QTemporaryDir dir;
        QVERIFY(document.saveAs(dir.filePath(QStringLiteral("p.json"))));
        QVERIFY(!document.isDirty());
        document.setTaskLatency(0, 300);
        QVERIFY(document.isDirty());
        document.undoStack()->undo();
        QVERIFY(!document.isDirty());
    }

    void latencyEditScalesADistribution()
    {
        ScenarioDocument document;
        const QByteArray json = R"json({"format": "asyncscope-scenario/1", "name": "d",
            "tasks": [{"id": "a", "latency": {"dist": "lognormal", "median_ms": 100, "p95_ms": 300}},
                      {"id": "b", "latency_ms": [200, 100]}],
            "plans": [{"name": "p", "run": "all(a, b)"}]})json";
        LoadResult loaded = loadScenario(json, QStringLiteral("d.json"));
        QVERIFY2(loaded.ok(), qPrintable(loaded.error));
        document.setScenario(*loaded.scenario, QString(), QStringLiteral("d.json"));
        document.setTaskLatency(0, 200);
        QVERIFY(document.scenario().tasks.at(0).latency);
        QCOMPARE(document.scenario().tasks.at(0).latency->a, 200.0);
        QCOMPARE(document.scenario().tasks.at(0).latency->b, 600.0);
        document.setTaskLatency(1, 400);
        QCOMPARE(document.scenario().tasks.at(1).latencyMs, (QList<double>{400, 200}));
    }

    void everyExampleSavesAndReloadsIdentically()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QList<ExampleInfo> examples = builtInExamples();
        QVERIFY(examples.size() >= 10);
        for (const ExampleInfo &example : examples) {
            ScenarioDocument document;
            QString error;
            QVERIFY2(document.load(QStringLiteral("example:") + example.name, &error), qPrintable(error));
            const QString path = dir.filePath(example.name + QStringLiteral(".json"));
            QVERIFY2(document.saveAs(path, &error), qPrintable(error));
            ScenarioDocument reloaded;
            QVERIFY2(reloaded.load(path, &error), qPrintable(example.name + QStringLiteral(": ") + error));
            QCOMPARE(reloaded.scenario().toJson(), document.scenario().toJson());
            // Saved again, the file is byte-identical: nothing drifts on a second save.
            QCOMPARE(reloaded.fileContents(), document.fileContents());
            QFile saved(path);
            QVERIFY(saved.open(QIODevice::ReadOnly));
            QVERIFY(saved.readAll().startsWith("{\n  \"format\": \"asyncscope-scenario/1\",\n  \"name\": "));
        }
    }

    void renamingATaskRewritesItsPlansAndNeeds()
    {
        ScenarioDocument document;
        const QByteArray json = R"json({"format": "asyncscope-scenario/1", "name": "r",
            "tasks": [{"id": "a", "latency_ms": 100}, {"id": "aa", "latency_ms": 50, "needs": ["a"]}],
            "plans": [{"name": "p", "run": "all(a,  aa, timeout(a, 300))"}, {"name": "g", "run": "graph(a, aa)"},
                      {"name": "j", "js": "const x = await fetchA();\nconst y = await fetchAa();\nreturn [x, y];"}]})json";
        LoadResult loaded = loadScenario(json, QStringLiteral("r.json"));
        QVERIFY2(loaded.ok(), qPrintable(loaded.error));
        document.setScenario(*loaded.scenario, QString(), QStringLiteral("r.json"));
        QString error;
        QVERIFY2(document.renameTask(0, QStringLiteral("user"), &error), qPrintable(error));
        QCOMPARE(document.scenario().tasks.at(0).id, QStringLiteral("user"));
        QCOMPARE(document.scenario().tasks.at(1).needs, QStringList{QStringLiteral("user")});
        QCOMPARE(document.scenario().plans.at(0).run, QStringLiteral("all(user,  aa, timeout(user, 300))")); // spacing kept
        QCOMPARE(document.planDraft(0), QStringLiteral("all(user,  aa, timeout(user, 300))"));
        QCOMPARE(document.scenario().plans.at(1).run, QStringLiteral("graph(user, aa)"));
        QCOMPARE(document.scenario().plans.at(2).js, QStringLiteral("const x = await fetchUser();\nconst y = await fetchAa();\nreturn [x, y];"));
        QCOMPARE(document.undoStack()->undoText(), QStringLiteral("rename task a → user"));

        QVERIFY(!document.renameTask(0, QStringLiteral("aa"), &error));
        QCOMPARE(error, QStringLiteral("there is already a task \"aa\""));
        QVERIFY(!document.renameTask(0, QStringLiteral("9x"), &error));
        QVERIFY(!document.renameTask(0, QStringLiteral("race"), &error));
        QCOMPARE(error, QStringLiteral("\"race\" is a combinator, not a task id"));

        document.undoStack()->undo();
        QCOMPARE(document.scenario().plans.at(0).run, QStringLiteral("all(a,  aa, timeout(a, 300))"));
        QCOMPARE(document.scenario().tasks.at(1).needs, QStringList{QStringLiteral("a")});
    }

    void aCycleInNeedsIsRefusedAndNamed()
    {
        ScenarioDocument document;
        QVERIFY(document.load(QStringLiteral("example:build-order")));
        const Scenario &scenario = document.scenario();
        // Find a task with a need, and make that need depend on it.
        int row = -1;
        for (int i = 0; i < scenario.tasks.size() && row < 0; ++i) {
            if (!scenario.tasks.at(i).needs.isEmpty())
                row = i;
        }
        QVERIFY(row >= 0);
        const QString task = scenario.tasks.at(row).id;
        const QString need = scenario.tasks.at(row).needs.first();
        const int needRow = scenario.taskIndex(need);
        QStringList needs = scenario.tasks.at(needRow).needs;
        needs << task;
        QString error;
        const int before = document.undoStack()->count();
        QVERIFY(!document.setTaskNeeds(needRow, needs, &error));
        QVERIFY2(error.startsWith(QStringLiteral("refused: the needs would make a cycle ")), qPrintable(error));
        QVERIFY2(error.contains(need + QStringLiteral(" → ")) && error.contains(task), qPrintable(error));
        QCOMPARE(document.undoStack()->count(), before);
        QVERIFY(!document.isDirty());
        QVERIFY(!document.setTaskNeeds(needRow, {QStringLiteral("nosuch")}, &error));
        QVERIFY(!document.setTaskNeeds(needRow, {need}, &error));
        QCOMPARE(error, QStringLiteral("%1 cannot need itself").arg(need));
    }

    void structureEdits()
    {
        ScenarioDocument document;
        QVERIFY(document.load(QStringLiteral("example:profile")));
        QSignalSpy structure(&document, &ScenarioDocument::structureChanged);
        QString error;
        const int added = document.addTask(&error);
        QCOMPARE(added, 4);
        QCOMPARE(document.scenario().tasks.at(4).id, QStringLiteral("task1"));
        QCOMPARE(document.scenario().tasks.at(4).nominalLatencyMs(1), 100.0);
        QCOMPARE(document.duplicateTask(0, &error), 1);
        QCOMPARE(document.scenario().tasks.at(1).id, document.scenario().tasks.at(0).id + QStringLiteral("_copy"));
        QVERIFY(document.moveTask(1, 5, &error));
        QCOMPARE(document.scenario().tasks.at(5).id, document.scenario().tasks.at(0).id + QStringLiteral("_copy"));
        QVERIFY2(document.removeTask(5, &error), qPrintable(error));
        // A task a plan uses stays, and the message says which plan.
        QVERIFY(!document.removeTask(0, &error));
        QVERIFY2(error.contains(QStringLiteral("cannot be removed: plan \"")), qPrintable(error));
        QCOMPARE(document.addPlan(&error), 2);
        QCOMPARE(document.scenario().plans.at(2).name, QStringLiteral("plan1"));
        QCOMPARE(document.planDraft(2), QStringLiteral("all(%1)").arg(document.scenario().taskIds().join(QStringLiteral(", "))));
        QVERIFY(document.renamePlan(2, QStringLiteral("everything"), &error));
        QVERIFY(!document.renamePlan(2, document.scenario().plans.at(0).name, &error));
        QCOMPARE(document.duplicatePlan(2, &error), 3);
        QCOMPARE(document.scenario().plans.at(3).name, QStringLiteral("everything copy"));
        QVERIFY(document.movePlan(3, 0, &error));
        QCOMPARE(document.scenario().plans.at(0).name, QStringLiteral("everything copy"));
        QVERIFY(document.removePlan(0, &error));
        QCOMPARE(document.scenario().plans.size(), 3);
        QVERIFY(structure.count() >= 8);
        // Every one of those is one undo step; undoing them all is the example again.
        QCOMPARE(document.undoStack()->count(), 9);
        while (document.undoStack()->canUndo())
            document.undoStack()->undo();
        ScenarioDocument fresh;
        QVERIFY(fresh.load(QStringLiteral("example:profile")));
        QCOMPARE(document.scenario().toJson(), fresh.scenario().toJson());
        QVERIFY(!document.isDirty());
    }

    void fieldEditsAreValidated()
    {
        ScenarioDocument document;
        QVERIFY(document.load(QStringLiteral("example:profile")));
        QString error;
        QVERIFY(document.setTaskValue(0, QJsonValue(QJsonObject{{QStringLiteral("id"), 42}}), &error));
        QCOMPARE(document.scenario().tasks.at(0).value.toObject().value(QStringLiteral("id")).toInt(), 42);
        QVERIFY(document.setTaskError(0, QJsonValue(QStringLiteral("HTTP 503")), &error));
        QCOMPARE(document.scenario().tasks.at(0).reason().toString(), QStringLiteral("HTTP 503"));
        QVERIFY(document.setTaskLatencies(0, {300, 120}, &error));
        QCOMPARE(document.scenario().tasks.at(0).latencyMs, (QList<double>{300, 120}));
        QVERIFY(!document.setTaskLatencies(0, {}, &error));
        QVERIFY(document.setTaskFailsList(0, {true, false}, &error));
        QVERIFY(document.setTaskDistribution(0, LatencyDistribution{LatencyDistribution::Kind::Uniform, 50, 150}, &error));
        QVERIFY(document.scenario().tasks.at(0).latency);
        QVERIFY(!document.setTaskDistribution(0, LatencyDistribution{LatencyDistribution::Kind::Uniform, -5, 150}, &error));
        QVERIFY2(error.startsWith(QStringLiteral("tasks[0].latency")), qPrintable(error));
        QVERIFY(document.setTaskUrl(0, QStringLiteral("{server}/delay/200"), &error));
        QVERIFY(document.setTaskHost(0, QStringLiteral("api"), &error));
        QVERIFY(document.setTaskLabel(0, QStringLiteral("GET /user"), &error));
        QVERIFY(document.setScenarioName(QStringLiteral("Renamed"), &error));
        QVERIFY(document.setScenarioDescription(QStringLiteral("A longer text"), &error));
        QCOMPARE(document.scenario().name, QStringLiteral("Renamed"));
        // All of it survives a save.
        const LoadResult back = loadScenario(document.fileContents(), QStringLiteral("back.json"));
        QVERIFY2(back.ok(), qPrintable(back.error));
        QCOMPARE(back.scenario->toJson(), document.scenario().toJson());
    }

    void newScenarioIsCleanAndRunnable()
    {
        ScenarioDocument document;
        document.newScenario();
        QVERIFY(!document.isDirty());
        QCOMPARE(document.scenario().tasks.size(), 2);
        QCOMPARE(document.scenario().plans.size(), 2);
        QVERIFY(document.filePath().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestScenarioDocument)
#include "tst_scenario_document.moc"
