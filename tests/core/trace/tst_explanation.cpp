// The one-sentence "why" of each settlement and the plan comparison, on the
// built-in examples run by the virtual clock: each sentence names the span or
// timer that decided, and the zombie (discarded) or aborted work with its
// span-milliseconds.

#include "scenario_run.h"
#include "explanation.h"
#include "scenario.h"

#include <QTest>

using namespace asyncscope;

namespace {

struct Ran
{
    Scenario scenario;
    RunTrace run;
};

Ran runExample(const QString &name)
{
    const LoadResult loaded = loadScenarioFile(QStringLiteral("example:") + name);
    if (!loaded.ok())
        qFatal("%s", qPrintable(loaded.error));
    return Ran{*loaded.scenario, runVirtual(*loaded.scenario, RunOptions{})};
}

const PlanTrace &plan(const RunTrace &run, const QString &name)
{
    for (const PlanTrace &p : run.plans) {
        if (p.name == name)
            return p;
    }
    qFatal("no plan %s", qPrintable(name));
}

} // namespace

class TestExplanation : public QObject
{
    Q_OBJECT

private slots:
    void settlement_data()
    {
        QTest::addColumn<QString>("example");
        QTest::addColumn<QString>("plan");
        QTest::addColumn<QString>("sentence");
        QTest::addRow("sequential awaits")
            << "profile" << "sequential"
            << "seq fulfilled at 800 ms: 4 steps ran one after another, the last, recommendations, answered at 800 ms";
        QTest::addRow("all fails fast, zombies")
            << "dashboard" << "all"
            << "all rejected at 90 ms: news failed first (\"HTTP 503\"); weather, stocks, calendar and traffic kept "
               "running — zombie work: 4 requests, 690 ms";
        QTest::addRow("allSettled counts")
            << "dashboard" << "allSettled"
            << "allSettled fulfilled at 220 ms: it waited for all 5; the last, stocks, settled: 4 fulfilled, 1 rejected";
        QTest::addRow("race takes a rejection")
            << "cdn-failover" << "race"
            << "race rejected at 80 ms: cdn1 settled first and failed (\"CDN 1 down\"); cdn2 and cdn3 kept running — "
               "zombie work: 2 requests, 320 ms";
        QTest::addRow("any skips a failure")
            << "cdn-failover" << "any"
            << "any fulfilled at 120 ms: cdn2 was the first to succeed (the failure of cdn1 was ignored); cdn3 kept "
               "running — zombie work: 1 request, 200 ms";
        QTest::addRow("any, all down")
            << "cdn-failover" << "any-all-down"
            << "any rejected at 200 ms: all 3 failed, the last was cdn3_down, so it rejects with an AggregateError";
        QTest::addRow("abort leaves no zombies")
            << "zombies" << "all-with-abort"
            << "all rejected at 100 ms: b failed first (\"HTTP 500\"); a and c were aborted at 100 ms, so no zombie work";
        QTest::addRow("timeout timer")
            << "race-timeout" << "timeout-wins"
            << "timeout rejected at 200 ms: the 200 ms timeout fired before data answered; data kept running — zombie "
               "work: 1 request, 300 ms";
        QTest::addRow("tie goes to the operation")
            << "race-timeout" << "tie" << "timeout fulfilled at 300 ms: data answered within the 300 ms timeout";
        QTest::addRow("race of nothing")
            << "timeouts" << "race-of-nothing"
            << "race never settles: race() with no inputs has no first promise, so it stays pending forever";
        QTest::addRow("hedge, slow primary")
            << "hedged-request" << "primary-slow"
            << "hedge fulfilled at 2400 ms: fallback answered first; the fallback was started at 2000 ms because the "
               "primary had not answered within 2000 ms; primary_slow kept running — zombie work: 1 request, 3500 ms";
        QTest::addRow("hedge, early failure")
            << "hedged-request" << "primary-fails-early"
            << "hedge fulfilled at 550 ms: fallback answered first; the fallback was started at 150 ms as soon as the "
               "primary failed";
        QTest::addRow("hedge, both fail")
            << "hedged-request" << "both-fail"
            << "hedge rejected at 2500 ms: both failed, the last was primary_timeout (\"HTTP 504\"), so it rejects with "
               "an AggregateError [primary, fallback]";
        QTest::addRow("levels") << "quiz" << "levels"
                                << "levels fulfilled at 300 ms: E answered last; every task started as soon as its level "
                                   "was reached";
        QTest::addRow("retry") << "retry" << "flaky" << "retry fulfilled at 700 ms: attempt 3, flaky #3, succeeded";
    }
    void settlement()
    {
        QFETCH(QString, example);
        QFETCH(QString, plan);
        QFETCH(QString, sentence);
        const Ran ran = runExample(example);
        QCOMPARE(explainSettlement(ran.scenario, ::plan(ran.run, plan)), sentence);
    }

    void wasteMatchesTheTrace()
    {
        const Ran ran = runExample(QStringLiteral("zombies"));
        const PlanTrace &all = plan(ran.run, QStringLiteral("all"));
        QCOMPARE(all.discardedCount(), 2);
        QCOMPARE(all.wastedMs(), 700.0); // a: 300 ms + c: 400 ms, both thrown away
        QCOMPARE(explainWaste(all), QStringLiteral("a and c kept running — zombie work: 2 requests, 700 ms"));
        QCOMPARE(explainWaste(plan(ran.run, QStringLiteral("all-with-abort"))),
                 QStringLiteral("a and c were aborted at 100 ms, so no zombie work"));
        const Ran profile = runExample(QStringLiteral("profile"));
        QVERIFY(explainWaste(plan(profile.run, QStringLiteral("parallel"))).isEmpty());
    }

    void comparison_data()
    {
        QTest::addColumn<QString>("example");
        QTest::addColumn<QString>("sentence");
        QTest::addRow("profile") << "profile" << "parallel is 4.0× faster than sequential: 200 ms vs 800 ms";
        QTest::addRow("build order") << "build-order" << "graph is 2.0× faster than five-sequential-calls: 450 ms vs 900 ms";
        QTest::addRow("only one plan fulfils") << "zombies" << "";
    }
    void comparison()
    {
        QFETCH(QString, example);
        QFETCH(QString, sentence);
        QCOMPARE(explainComparison(runExample(example).run), sentence);
    }
};

QTEST_GUILESS_MAIN(TestExplanation)
#include "tst_explanation.moc"
