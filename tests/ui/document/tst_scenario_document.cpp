// ScenarioDocument: edits, the dirty flag, and the QSaveFile round trip.

#include "scenario_document.h"

#include <QFile>
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
