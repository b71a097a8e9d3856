// JavaScript plans (SPEC §6) through the app's path: the scenario loader, the
// warm Node worker (core/jsrun), the engine and runVirtual. The tutorial's
// code, pasted unchanged in the js-* examples, must give the tutorial's
// numbers; untrusted code must end in its time with one line and leave the
// worker usable; without Node.js a JavaScript plan says which package to install.

#include "js_plan_runner.h"
#include "js_worker.h"
#include "scenario.h"
#include "scenario_run.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

using namespace asyncscope;

namespace {

Scenario example(const char *name)
{
    const LoadResult loaded = loadScenarioFile(QStringLiteral("example:") + QLatin1String(name));
    if (!loaded.ok())
        qFatal("%s", qPrintable(loaded.error));
    return *loaded.scenario;
}

const PlanTrace &plan(const RunTrace &trace, const char *name)
{
    for (const PlanTrace &p : trace.plans) {
        if (p.name == QLatin1String(name))
            return p;
    }
    qFatal("no plan %s", name);
}

// "task start-end outcome[ zombie]" per span, for one readable comparison.
QStringList rows(const PlanTrace &p)
{
    QStringList out;
    for (const Span &span : p.spans)
        out << QStringLiteral("%1 %2-%3 %4%5")
                   .arg(span.task)
                   .arg(span.startMs)
                   .arg(span.endMs ? QString::number(*span.endMs) : QStringLiteral("…"))
                   .arg(toString(span.outcome), span.discarded ? QStringLiteral(" zombie") : QString());
    return out;
}

Scenario withPlan(const QString &js)
{
    const QByteArray json = QJsonDocument(QJsonObject{
        {QStringLiteral("format"), QStringLiteral("asyncscope-scenario/1")},
        {QStringLiteral("name"), QStringLiteral("hostile")},
        {QStringLiteral("tasks"), QJsonArray{QJsonObject{{QStringLiteral("id"), QStringLiteral("user")},
                                                         {QStringLiteral("latency_ms"), 200}}}},
        {QStringLiteral("plans"), QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("p")},
                                                         {QStringLiteral("js"), js}}}}}).toJson();
    const LoadResult loaded = loadScenario(json, QStringLiteral("hostile.json"));
    if (!loaded.ok())
        qFatal("%s", qPrintable(loaded.error));
    return *loaded.scenario;
}

} // namespace

class TestJsPlans : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (JsWorker::nodeExecutable().isEmpty())
            QSKIP("Node.js is not installed");
    }

    void loadProfile()
    {
        const RunTrace trace = runVirtual(example("js-load-profile"), {});
        const PlanTrace &sequential = plan(trace, "loadProfile, sequential");
        QCOMPARE(sequential.settledMs, 800.0);
        QCOMPARE(rows(sequential), (QStringList{QStringLiteral("user 0-200 fulfilled"), QStringLiteral("posts 200-400 fulfilled"),
                                                 QStringLiteral("followers 400-600 fulfilled"),
                                                 QStringLiteral("recommendations 600-800 fulfilled")}));
        QCOMPARE(sequential.spans.at(0).args, QJsonArray{42});
        const PlanTrace &parallel = plan(trace, "loadProfile, Promise.all");
        QCOMPARE(parallel.settledMs, 200.0);
        // The code and the expression beside it draw the same timelines.
        QCOMPARE(rows(sequential), rows(plan(trace, "seq(...), the same as an expression")));
        QCOMPARE(rows(parallel), rows(plan(trace, "all(...), the same as an expression")));
        QCOMPARE(sequential.explanation, QStringLiteral("the async function fulfilled at 800 ms, when recommendations #1 fulfilled"));
    }

    void combinators()
    {
        const RunTrace trace = runVirtual(example("js-combinators"), {});
        const PlanTrace &all = plan(trace, "Promise.all");
        QVERIFY(all.outcome == PlanOutcome::Rejected);
        QCOMPARE(all.settledMs, 150.0);
        QCOMPARE(all.result, QJsonValue(QStringLiteral("products service down")));
        QCOMPARE(rows(all), (QStringList{QStringLiteral("users 0-200 fulfilled zombie"), QStringLiteral("products 0-150 rejected"),
                                         QStringLiteral("config 0-100 fulfilled")}));
        QCOMPARE(plan(trace, "Promise.allSettled").settledMs, 200.0);
        const PlanTrace &race = plan(trace, "Promise.race with a timeout");
        QCOMPARE(race.settledMs, 5000.0);
        QCOMPARE(rows(race), QStringList{QStringLiteral("data 0-6000 fulfilled zombie")});
        const PlanTrace &any = plan(trace, "Promise.any");
        QCOMPARE(any.settledMs, 120.0);
        QCOMPARE(any.result, QJsonValue(QStringLiteral("mirror 2")));
        const PlanTrace &aggregate = plan(trace, "Promise.any, all rejected");
        QCOMPARE(aggregate.console.size(), 2);
        QCOMPARE(aggregate.console.at(0).text, QStringLiteral("true"));
        QCOMPARE(aggregate.console.at(1).text, QStringLiteral("3"));
    }

    void composePage()
    {
        const RunTrace trace = runVirtual(example("js-compose-page"), {});
        QCOMPARE(plan(trace, "loadPage").settledMs, 200.0);
        const PlanTrace &order = plan(trace, "buildOrder");
        QCOMPARE(order.settledMs, 400.0); // two steps
        QCOMPARE(rows(order).mid(2), (QStringList{QStringLiteral("shipping 200-400 fulfilled"), QStringLiteral("tax 200-400 fulfilled"),
                                                  QStringLiteral("inventory 200-400 fulfilled")}));
        QCOMPARE(order.spans.at(2).args, (QJsonArray{QStringLiteral("1 Main St"), QJsonArray{QStringLiteral("book"), QStringLiteral("lamp")}}));
    }

    void cancellation()
    {
        const RunTrace trace = runVirtual(example("js-cancellation"), {});
        const PlanTrace &nothing = plan(trace, "fetchAllOrNothing");
        QCOMPARE(nothing.settledMs, 100.0);
        QCOMPARE(rows(nothing), (QStringList{QStringLiteral("a 0-100 aborted"), QStringLiteral("b 0-100 rejected"),
                                             QStringLiteral("c 0-100 aborted")}));
        const PlanTrace &timeout = plan(trace, "fetchWithTimeout");
        QCOMPARE(timeout.settledMs, 1000.0);
        QCOMPARE(timeout.result.toObject().value(QLatin1String("name")).toString(), QStringLiteral("TimeoutError"));
        const PlanTrace &withTimeout = plan(trace, "withTimeout");
        QCOMPARE(withTimeout.settledMs, 3000.0);
        QCOMPARE(rows(withTimeout), QStringList{QStringLiteral("computation 0-4000 fulfilled zombie")});
    }

    void trialsOnTheWarmWorker()
    {
        const Scenario scenario = example("js-load-profile");
        RunOptions options;
        options.trials = 2000;
        options.plans = QStringList{QStringLiteral("loadProfile, Promise.all")};
        QElapsedTimer timer;
        timer.start();
        const RunTrace trace = runVirtual(scenario, options);
        const qint64 ms = timer.elapsed();
        const TrialStats &stats = *trace.plans.at(0).trials;
        QCOMPARE(stats.n, 2000);
        QCOMPARE(stats.settled, 2000);
        QCOMPARE(stats.p50, 200.0);
        QCOMPARE(stats.fulfilled, 2000);
        qInfo("2000 trials of a JavaScript plan: %lld ms (%.0f trials/s)", ms, 2000.0 * 1000 / std::max<qint64>(ms, 1));
    }

    void hostileCode_data()
    {
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("error");   // a one-line runError that must start so, or empty
        QTest::addColumn<QString>("reason");  // else the rejection's name or text
        QTest::addRow("endless loop") << QStringLiteral("while (true) {}") << QStringLiteral("stopped after 2000 ms") << QString();
        QTest::addRow("endless microtasks") << QStringLiteral("for (;;) await null;") << QStringLiteral("stopped after 2000 ms") << QString();
        QTest::addRow("syntax error") << QStringLiteral("return fetchUser(;") << QStringLiteral("line 1, column 18:") << QString();
        QTest::addRow("Function constructor escape") << QStringLiteral("return fetchUser.constructor('return process')();") << QString()
                                                     << QStringLiteral("EvalError");
        QTest::addRow("require") << QStringLiteral("return require('fs');") << QString() << QStringLiteral("ReferenceError");
        QTest::addRow("process") << QStringLiteral("process.exit(1);") << QString() << QStringLiteral("ReferenceError");
        QTest::addRow("real network") << QStringLiteral("return await fetch('http://example.com/');") << QString()
                                      << QStringLiteral("TypeError");
        QTest::addRow("deep recursion") << QStringLiteral("function f() { return f(); } return f();") << QString()
                                        << QStringLiteral("RangeError");
    }
    void hostileCode()
    {
        QFETCH(QString, code);
        QFETCH(QString, error);
        QFETCH(QString, reason);
        QElapsedTimer timer;
        timer.start();
        const Scenario scenario = withPlan(code);
        const PlanTrace trace = runVirtual(scenario, {}).plans.at(0);
        QVERIFY2(timer.elapsed() < 4000, qPrintable(QString::number(timer.elapsed())));
        if (!error.isEmpty()) {
            QVERIFY2(trace.runError.startsWith(error), qPrintable(trace.runError));
            QVERIFY(!trace.runError.contains(QLatin1Char('\n')));
        } else {
            QVERIFY2(trace.runError.isEmpty(), qPrintable(trace.runError));
            QVERIFY(trace.outcome == PlanOutcome::Rejected);
            QVERIFY2(QJsonDocument(QJsonArray{trace.result}).toJson().contains(reason.toUtf8()),
                     QJsonDocument(QJsonArray{trace.result}).toJson().constData());
        }
        // The warm worker still answers a good plan at once.
        timer.restart();
        const PlanTrace good = runVirtual(withPlan(QStringLiteral("return await fetchUser();")), {}).plans.at(0);
        QCOMPARE(good.settledMs, 200.0);
        QVERIFY(timer.elapsed() < 1000);
    }

    void memoryBombStopsAndTheWorkerComesBack()
    {
        const PlanTrace bomb = runVirtual(withPlan(QStringLiteral("const a = []; for (;;) a.push(new Array(1e6).fill(1));")), {}).plans.at(0);
        QVERIFY(!bomb.runError.isEmpty());
        QVERIFY(!bomb.runError.contains(QLatin1Char('\n')));
        const PlanTrace good = runVirtual(withPlan(QStringLiteral("return await fetchUser();")), {}).plans.at(0);
        QCOMPARE(good.settledMs, 200.0);
    }

    void withoutNode()
    {
        // A machine without Node.js: the JavaScript plans say what to install;
        // the expression plans of the same file are not the problem.
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("ASYNCSCOPE_NODE"), QStringLiteral("/nonexistent/node"));
        process.setProcessEnvironment(env);
        process.start(QStringLiteral(ASYNCSCOPE_BINARY), {QStringLiteral("run"), QStringLiteral("example:js-load-profile")});
        QVERIFY(process.waitForFinished(30000));
        QCOMPARE(process.exitCode(), 2);
        const QByteArray err = process.readAllStandardError();
        QCOMPARE(err.count('\n'), 1);
        QVERIFY2(err.contains("need Node.js") && err.contains("apt install nodejs"), err.constData());
        process.start(QStringLiteral(ASYNCSCOPE_BINARY), {QStringLiteral("run"), QStringLiteral("example:profile")});
        QVERIFY(process.waitForFinished(30000));
        QCOMPARE(process.exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(TestJsPlans)
#include "tst_js_plans.moc"
