// scenarioFileText: the documented field order, one line per task and plan,
// every built-in example read back identically; findNeedsCycle names the cycle.

#include "needs_cycle.h"
#include "scenario.h"
#include "scenario_writer.h"

#include <QTest>

using namespace asyncscope;

class TestScenarioWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyExampleRoundTrips()
    {
        const QList<ExampleInfo> examples = builtInExamples();
        QVERIFY(examples.size() >= 10);
        for (const ExampleInfo &example : examples) {
            const LoadResult first = loadScenarioFile(QStringLiteral("example:") + example.name);
            QVERIFY2(first.ok(), qPrintable(first.error));
            const QByteArray text = scenarioFileText(*first.scenario);
            const LoadResult again = loadScenario(text, example.name);
            QVERIFY2(again.ok(), qPrintable(example.name + QStringLiteral(": ") + again.error));
            QCOMPARE(again.scenario->toJson(), first.scenario->toJson());
            QCOMPARE(scenarioFileText(*again.scenario), text);
        }
    }

    void fieldsInTheDocumentedOrder()
    {
        const QByteArray json = R"json({"plans": [{"run": "all(user, tax)", "name": "p"}],
            "tasks": [{"needs": ["user"], "latency_ms": 80, "id": "tax", "value": 11.98},
                      {"host": "api", "id": "user", "label": "GET /user", "latency_ms": [200, 100], "fails": [true, false], "error": "HTTP 503"}],
            "description": "d", "name": "Checkout", "format": "asyncscope-scenario/1"})json";
        const LoadResult loaded = loadScenario(json, QStringLiteral("c.json"));
        QVERIFY2(loaded.ok(), qPrintable(loaded.error));
        const QByteArray expected =
            "{\n"
            "  \"format\": \"asyncscope-scenario/1\",\n"
            "  \"name\": \"Checkout\",\n"
            "  \"description\": \"d\",\n"
            "  \"tasks\": [\n"
            "    {\"id\": \"tax\", \"latency_ms\": 80, \"value\": 11.98, \"needs\": [\"user\"]},\n"
            "    {\"id\": \"user\", \"label\": \"GET /user\", \"latency_ms\": [200,100], \"fails\": [true,false], \"error\": \"HTTP 503\", \"host\": \"api\"}\n"
            "  ],\n"
            "  \"plans\": [\n"
            "    {\"name\": \"p\", \"run\": \"all(user, tax)\"}\n"
            "  ]\n"
            "}\n";
        QCOMPARE(scenarioFileText(*loaded.scenario), expected);
    }

    void cycles_data()
    {
        QTest::addColumn<QStringList>("ids");
        QTest::addColumn<QList<QStringList>>("needs");
        QTest::addColumn<QStringList>("cycle");
        QTest::addRow("none") << QStringList{"a", "b", "c"} << QList<QStringList>{{}, {"a"}, {"a", "b"}} << QStringList{};
        QTest::addRow("two") << QStringList{"a", "b"} << QList<QStringList>{{"b"}, {"a"}} << QStringList{"a", "b", "a"};
        QTest::addRow("self") << QStringList{"a"} << QList<QStringList>{{"a"}} << QStringList{"a", "a"};
        QTest::addRow("three behind a root") << QStringList{"root", "x", "y", "z"}
                                             << QList<QStringList>{{"x"}, {"y"}, {"z"}, {"x"}}
                                             << QStringList{"x", "y", "z", "x"};
        QTest::addRow("unknown need ignored") << QStringList{"a"} << QList<QStringList>{{"ghost"}} << QStringList{};
    }

    void cycles()
    {
        QFETCH(QStringList, ids);
        QFETCH(QList<QStringList>, needs);
        QFETCH(QStringList, cycle);
        QList<TaskSpec> tasks;
        for (qsizetype i = 0; i < ids.size(); ++i) {
            TaskSpec task;
            task.id = ids.at(i);
            task.needs = needs.at(i);
            tasks << task;
        }
        QCOMPARE(findNeedsCycle(tasks), cycle);
    }

    void longChainDoesNotOverflow()
    {
        QList<TaskSpec> tasks;
        for (int i = 0; i < 10000; ++i) {
            TaskSpec task;
            task.id = QStringLiteral("t%1").arg(i);
            if (i > 0)
                task.needs = {QStringLiteral("t%1").arg(i - 1)};
            tasks << task;
        }
        QVERIFY(findNeedsCycle(tasks).isEmpty());
        tasks[0].needs = {QStringLiteral("t9999")};
        QCOMPARE(findNeedsCycle(tasks).size(), 10001);
        QCOMPARE(describeNeedsCycle({QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("a")}), QStringLiteral("a → b → a"));
    }
};

QTEST_GUILESS_MAIN(TestScenarioWriter)
#include "tst_scenario_writer.moc"
