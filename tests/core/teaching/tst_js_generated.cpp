// The generated JavaScript, run by node with real Promises on fake timers,
// settles every plan at the same millisecond, with the same outcome and the
// same value or reason, as asyncscope's virtual clock: the code panel shows
// code that really behaves like the picture.

#include "scenario_run.h"
#include "js_codegen.h"
#include "scenario.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace asyncscope;

namespace {

QString nodeExecutable()
{
    return QStringLiteral(ASYNCSCOPE_NODE_EXECUTABLE);
}

// What node printed, or a failure message in `error`.
QJsonObject runNode(const QString &script, QString *error)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("plans.mjs"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = file.errorString();
        return {};
    }
    file.write(script.toUtf8());
    file.close();

    QProcess node;
    node.start(nodeExecutable(), {path});
    if (!node.waitForFinished(30000) || node.exitStatus() != QProcess::NormalExit || node.exitCode() != 0) {
        *error = QStringLiteral("node failed: %1\n%2").arg(QString::fromUtf8(node.readAllStandardError()), script);
        return {};
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(node.readAllStandardOutput(), &parseError);
    if (!document.isObject())
        *error = QStringLiteral("node printed no JSON: %1").arg(parseError.errorString());
    return document.object();
}

QJsonObject expectedPlan(const PlanTrace &plan)
{
    QJsonObject out{{QStringLiteral("name"), plan.name},
                    {QStringLiteral("outcome"), toString(plan.outcome)},
                    {QStringLiteral("settled_ms"), plan.settledMs ? QJsonValue(*plan.settledMs) : QJsonValue()}};
    if (plan.outcome == PlanOutcome::Fulfilled)
        out.insert(QStringLiteral("value"), plan.result);
    else if (plan.outcome == PlanOutcome::Rejected)
        out.insert(QStringLiteral("reason"), plan.result);
    return out;
}

bool deterministic(const Scenario &scenario, QString *why)
{
    if (scenario.connectionsPerHost) {
        *why = QStringLiteral("connections_per_host is not modelled by the generated JavaScript");
        return false;
    }
    for (const TaskSpec &task : scenario.tasks) {
        if (task.isRandom()) {
            *why = QStringLiteral("task %1 has random latency or failures").arg(task.id);
            return false;
        }
    }
    return true;
}

} // namespace

class TestJsGenerated : public QObject
{
    Q_OBJECT

private slots:
    void nodeSettlesLikeTheVirtualClock_data()
    {
        QTest::addColumn<QString>("example");
        for (const ExampleInfo &example : builtInExamples())
            QTest::addRow("%s", qPrintable(example.name)) << QStringLiteral("example:") + example.name;
        // The edge cases of the hand-written JavaScript reference (ties, empty combinators, abort).
        const QDir cases(QStringLiteral(ASYNCSCOPE_SOURCE_DIR "/tests/js/cases"));
        for (const QString &file : cases.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
            QTest::addRow("%s", qPrintable(file)) << cases.filePath(file);
    }
    void nodeSettlesLikeTheVirtualClock()
    {
        QFETCH(QString, example);
        const LoadResult loaded = loadScenarioFile(example);
        QVERIFY2(loaded.ok(), qPrintable(loaded.error));
        const Scenario &scenario = *loaded.scenario;
        QString why;
        if (!deterministic(scenario, &why))
            QSKIP(qPrintable(why));

        QString error;
        const QJsonObject output = runNode(generateRunnableJavaScript(scenario), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const QJsonArray plans = output.value(QStringLiteral("plans")).toArray();
        // JavaScript plans run on the real engine already (jsrun): only the
        // expression plans have generated code to cross-check.
        RunTrace trace = runVirtual(scenario, RunOptions{});
        trace.plans.removeIf([](const PlanTrace &plan) { return !plan.js.isEmpty(); });
        if (trace.plans.isEmpty())
            QSKIP("only JavaScript plans");
        QCOMPARE(plans.size(), trace.plans.size());
        for (qsizetype i = 0; i < plans.size(); ++i) {
            const QJsonObject actual = plans.at(i).toObject();
            const QJsonObject expected = expectedPlan(trace.plans.at(i));
            if (actual != expected)
                QFAIL(qPrintable(QStringLiteral("plan %1:\n  node:    %2\n  virtual: %3")
                                     .arg(trace.plans.at(i).name,
                                          QString::fromUtf8(QJsonDocument(actual).toJson(QJsonDocument::Compact)),
                                          QString::fromUtf8(QJsonDocument(expected).toJson(QJsonDocument::Compact)))));
        }
    }

    void edgeCasesSettleLikeTheVirtualClock_data()
    {
        QTest::addColumn<QString>("run");
        QTest::addRow("race of nothing stays pending") << "race()";
        QTest::addRow("all of nothing") << "all()";
        QTest::addRow("any of nothing") << "any()";
        QTest::addRow("tie: operation wins over timeout") << "timeout(slow, 300)";
        QTest::addRow("timeout wins") << "timeout(slow, 299)";
        QTest::addRow("retry until the third try") << "retry(flaky, 3, 50)";
        QTest::addRow("retry gives up") << "retry(flaky, 2, 50)";
        QTest::addRow("pool fails fast") << "pool(2, slow, bad, slow, slow)";
        QTest::addRow("delay then race") << "race(delay(50, fast), slow)";
        QTest::addRow("nested abort") << "abort(race(slow, abort(all(fast, slow))))";
        QTest::addRow("seq of combinators") << "seq(all(fast, slow), any(bad, fast))";
        QTest::addRow("hedge, primary fails") << "hedge(bad, slow, 1000)";
        QTest::addRow("graph with a failing need") << "graph(bad, needsBad, fast)";
        QTest::addRow("levels") << "levels(bad, needsBad, fast)";
    }
    void edgeCasesSettleLikeTheVirtualClock()
    {
        QFETCH(QString, run);
        const QByteArray json =
            "{\"format\": \"asyncscope-scenario/1\", \"name\": \"edge cases\", \"tasks\": ["
            "{\"id\": \"fast\", \"latency_ms\": 100},"
            "{\"id\": \"slow\", \"latency_ms\": 300},"
            "{\"id\": \"bad\", \"latency_ms\": 120, \"fails\": true, \"error\": \"HTTP 500\"},"
            "{\"id\": \"needsBad\", \"latency_ms\": 10, \"needs\": [\"bad\"]},"
            "{\"id\": \"flaky\", \"latency_ms\": [80, 90, 70], \"fails\": [true, true, false],"
            " \"error\": {\"status\": 503}}],"
            "\"plans\": [{\"name\": \"p\", \"run\": \"" + run.toUtf8() + "\"}]}";
        const LoadResult loaded = loadScenario(json, QStringLiteral("edge.json"));
        QVERIFY2(loaded.ok(), qPrintable(loaded.error));
        QString error;
        const QJsonObject output = runNode(generateRunnableJavaScript(*loaded.scenario), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const RunTrace trace = runVirtual(*loaded.scenario, RunOptions{});
        QCOMPARE(output.value(QStringLiteral("plans")).toArray().at(0).toObject(), expectedPlan(trace.plans.at(0)));
    }
};

QTEST_GUILESS_MAIN(TestJsGenerated)
#include "tst_js_generated.moc"
