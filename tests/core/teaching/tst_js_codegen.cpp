// The JavaScript generated for plans: exact text for the readable forms the
// issue asks for, and golden files for every built-in example
// (regenerate with ASYNCSCOPE_UPDATE_GOLDEN=1 after a deliberate change).

#include "js_codegen.h"
#include "scenario.h"

#include <QDir>
#include <QFile>
#include <QTest>

using namespace asyncscope;

namespace {

Scenario scenarioFrom(const QByteArray &json)
{
    LoadResult loaded = loadScenario(json, QStringLiteral("test.json"));
    if (!loaded.ok())
        qFatal("%s", qPrintable(loaded.error));
    return *loaded.scenario;
}

const QByteArray kProfileTasks = R"json(
  "tasks": [
    {"id": "user", "latency_ms": 200},
    {"id": "posts", "latency_ms": 200},
    {"id": "primary_fast", "latency_ms": 100},
    {"id": "C", "label": "fetchC(a)", "latency_ms": 100, "needs": ["A"]},
    {"id": "A", "latency_ms": 100}
  ],)json";

Scenario withPlan(const QString &run)
{
    return scenarioFrom(QByteArray(R"({"format": "asyncscope-scenario/1", "name": "t",)") + kProfileTasks
                        + R"( "plans": [{"name": "p", "run": ")" + run.toUtf8() + R"("}]})");
}

QString goldenDir()
{
    return QStringLiteral(ASYNCSCOPE_SOURCE_DIR "/tests/golden/js");
}

} // namespace

class TestJsCodegen : public QObject
{
    Q_OBJECT

private slots:
    void fetchNames_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("label");
        QTest::addColumn<QString>("expected");
        QTest::addRow("simple id") << "user" << "GET /api/users/42" << "fetchUser";
        QTest::addRow("snake case") << "primary_fast" << "" << "fetchPrimaryFast";
        QTest::addRow("label is a call") << "C" << "fetchC(a)" << "fetchC";
        QTest::addRow("single letter") << "a" << "GET /api/a" << "fetchA";
        QTest::addRow("keyword label ignored") << "x" << "new(a)" << "fetchX";
    }
    void fetchNames()
    {
        QFETCH(QString, id);
        QFETCH(QString, label);
        QFETCH(QString, expected);
        TaskSpec task;
        task.id = id;
        task.label = label;
        QCOMPARE(jsFetchName(task), expected);
    }

    void planCode_data()
    {
        QTest::addColumn<QString>("run");
        QTest::addColumn<QString>("expected");
        QTest::addRow("top-level all destructures")
            << "all(user, posts)"
            << "// p: all(user, posts)\n"
               "const [user, posts] = await Promise.all([fetchUser(), fetchPosts()]);\n";
        QTest::addRow("seq is consecutive awaits")
            << "seq(user, posts)"
            << "// p: seq(user, posts)\n"
               "const user = await fetchUser();\n"
               "const posts = await fetchPosts();\n";
        QTest::addRow("repeated task gets a numbered name")
            << "all(user, user)"
            << "// p: all(user, user)\n"
               "const [user, user2] = await Promise.all([fetchUser(), fetchUser()]);\n";
        QTest::addRow("race") << "race(user, posts)"
                              << "// p: race(user, posts)\n"
                                 "const first = await Promise.race([fetchUser(), fetchPosts()]);\n";
        QTest::addRow("race of nothing") << "race()"
                                         << "// p: race()\n"
                                            "const first = await Promise.race([]);\n";
        QTest::addRow("hedge passes the fetch functions")
            << "hedge(user, posts, 2000)"
            << "// p: hedge(user, posts, 2000)\n"
               "const response = await hedge(fetchUser, fetchPosts, 2000);\n";
        QTest::addRow("levels as in buildOrder")
            << "levels(A, C)"
            << "// p: levels(A, C)\n"
               "const a = await fetchA();\n"
               "const c = await fetchC(a);\n";
    }
    void planCode()
    {
        QFETCH(QString, run);
        QFETCH(QString, expected);
        const Scenario scenario = withPlan(run);
        const QString code = generatePlanJavaScript(scenario, scenario.plans.first());
        QCOMPARE(code.mid(code.indexOf(QStringLiteral("// p: "))), expected); // helpers are checked below
    }

    void helpersAreEmittedOnceAboveTheCode()
    {
        const Scenario scenario = withPlan(QStringLiteral("all(timeout(user, 50), timeout(posts, 500))"));
        const QString code = generatePlanJavaScript(scenario, scenario.plans.first());
        QCOMPARE(code.count(QStringLiteral("function withTimeout(promise, ms)")), 1);
        QVERIFY(code.indexOf(QStringLiteral("function withTimeout")) < code.indexOf(QStringLiteral("// p:")));
        QVERIFY(code.endsWith(QStringLiteral("const [user, posts] = await Promise.all([\n"
                                             "  withTimeout(fetchUser(), 50),\n"
                                             "  withTimeout(fetchPosts(), 500),\n"
                                             "]);\n")));
    }

    void longListsBreakOnePerLine()
    {
        const Scenario scenario = withPlan(QStringLiteral("all(primary_fast, primary_fast, primary_fast, primary_fast)"));
        QCOMPARE(generatePlanJavaScript(scenario, scenario.plans.first()),
                 QStringLiteral("// p: all(primary_fast, primary_fast, primary_fast, primary_fast)\n"
                                "const [primaryFast, primaryFast2, primaryFast3, primaryFast4] = await Promise.all([\n"
                                "  fetchPrimaryFast(),\n"
                                "  fetchPrimaryFast(),\n"
                                "  fetchPrimaryFast(),\n"
                                "  fetchPrimaryFast(),\n"
                                "]);\n"));
    }

    void abortSharesOneController()
    {
        const Scenario scenario = withPlan(QStringLiteral("abort(all(user, posts))"));
        QCOMPARE(generatePlanJavaScript(scenario, scenario.plans.first()),
                 QStringLiteral("// p: abort(all(user, posts))\n"
                                "const controller = new AbortController();\n"
                                "const { signal } = controller;\n"
                                "try {\n"
                                "  const [user, posts] = await Promise.all([\n"
                                "    fetchUser({ signal }),\n"
                                "    fetchPosts({ signal }),\n"
                                "  ]);\n"
                                "} finally {\n"
                                "  controller.abort(); // cancel whatever is still in flight\n"
                                "}\n"));
    }

    void builtInExamplesMatchGoldenFiles_data()
    {
        QTest::addColumn<QString>("example");
        const QList<ExampleInfo> examples = builtInExamples();
        QVERIFY(!examples.isEmpty());
        for (const ExampleInfo &example : examples)
            QTest::addRow("%s", qPrintable(example.name)) << example.name;
    }
    void builtInExamplesMatchGoldenFiles()
    {
        QFETCH(QString, example);
        const LoadResult loaded = loadScenarioFile(QStringLiteral("example:") + example);
        QVERIFY2(loaded.ok(), qPrintable(loaded.error));
        const QString code = generateScenarioJavaScript(*loaded.scenario);
        const QString path = goldenDir() + QLatin1Char('/') + example + QStringLiteral(".js");
        if (qEnvironmentVariableIntValue("ASYNCSCOPE_UPDATE_GOLDEN") == 1) {
            QDir().mkpath(goldenDir());
            QFile out(path);
            QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
            out.write(code.toUtf8());
            return;
        }
        QFile golden(path);
        QVERIFY2(golden.open(QIODevice::ReadOnly),
                 qPrintable(QStringLiteral("missing %1; run with ASYNCSCOPE_UPDATE_GOLDEN=1").arg(path)));
        QCOMPARE(code, QString::fromUtf8(golden.readAll()));
    }
};

QTEST_GUILESS_MAIN(TestJsCodegen)
#include "tst_js_codegen.moc"
