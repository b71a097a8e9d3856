// The window's trials are core's runTrials (core/engine/trials.h): on every
// core, like `asyncscope run --trials`, with exactly the numbers one thread
// computes trial by trial, and still cancellable from the GUI thread.

#include "engine.h"
#include "scenario.h"
#include "trials.h"
#include "trials_runner.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QThreadPool>

using namespace asyncscope;

namespace {

Scenario example(const QString &name)
{
    const LoadResult loaded = loadScenarioFile(QStringLiteral("example:") + name);
    if (!loaded.ok())
        qFatal("%s", qPrintable(loaded.error));
    return *loaded.scenario;
}

// One thread, trial by trial: what the window's runner used to do itself.
TrialStats serialTrials(const Scenario &scenario, const PlanSpec &plan, quint64 seed, int n)
{
    QList<double> settleTimes;
    int fulfilled = 0;
    for (int trial = 1; trial <= n; ++trial) {
        const PlanTrace trace = runPlanVirtual(scenario, plan, seed, trial);
        if (trace.settledMs)
            settleTimes.append(*trace.settledMs);
        if (trace.outcome == PlanOutcome::Fulfilled)
            ++fulfilled;
    }
    return summarizeTrials(std::move(settleTimes), n, fulfilled);
}

} // namespace

class TestTrialsRunner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sameNumbersAsOneThread_data()
    {
        QTest::addColumn<QString>("example");
        QTest::addColumn<int>("n");
        QTest::addRow("jitter, 1 000") << QStringLiteral("jitter") << 1000;
        QTest::addRow("jitter, under one chunk") << QStringLiteral("jitter") << 100;
        QTest::addRow("retry, 2 000") << QStringLiteral("retry") << 2000;
    }

    void sameNumbersAsOneThread()
    {
        QFETCH(QString, example);
        QFETCH(int, n);
        const Scenario scenario = ::example(example);
        QList<int> reported;
        const TrialsResult result = TrialsRunner::compute(scenario, 7, n, 1, [&reported](int done, int total) {
            reported.append(done);
            return done <= total;
        });
        QCOMPARE(result.stats.size(), scenario.plans.size());
        for (int i = 0; i < scenario.plans.size(); ++i) {
            const TrialStats expected = serialTrials(scenario, scenario.plans.at(i), 7, n);
            const TrialStats &got = result.stats.at(i);
            QCOMPARE(result.planNames.at(i), scenario.plans.at(i).name);
            QCOMPARE(got.n, expected.n);
            QCOMPARE(got.fulfilled, expected.fulfilled);
            QCOMPARE(got.settled, expected.settled);
            QCOMPARE(got.p50, expected.p50);
            QCOMPARE(got.p95, expected.p95);
            QCOMPARE(got.max, expected.max);
            QCOMPARE(got.settleTimes, expected.settleTimes);
        }
        // Progress only grows and ends at every trial of every plan.
        QVERIFY(!reported.isEmpty());
        QVERIFY(std::is_sorted(reported.cbegin(), reported.cend()));
        QCOMPARE(reported.last(), int(scenario.plans.size()) * n);
    }

    void falseFromProgressCancels()
    {
        const Scenario scenario = example(QStringLiteral("jitter"));
        int calls = 0;
        const TrialsResult result = TrialsRunner::compute(scenario, 1, 10000, 1, [&calls](int, int) {
            ++calls;
            return false;
        });
        QVERIFY(result.stats.size() < scenario.plans.size()); // incomplete: the runner drops it
        QVERIFY2(calls < 100, qPrintable(QString::number(calls))); // stopped within a few batches
    }

    void percentilesAreCoresNearestRank()
    {
        const QList<double> sorted{10, 20, 30, 40};
        QCOMPARE(nearestRankPercentile(sorted, 25), 10.0);
        QCOMPARE(nearestRankPercentile(sorted, 50), 20.0);
        QCOMPARE(nearestRankPercentile(sorted, 95), 40.0);
        QCOMPARE(nearestRankPercentile({}, 50), 0.0);
        const TrialStats stats = summarizeTrials({40, 10, 30, 20}, 4, 4);
        QCOMPARE(stats.p50, nearestRankPercentile(stats.settleTimes, 50));
        QCOMPARE(stats.p95, nearestRankPercentile(stats.settleTimes, 95));
    }

    // The window's Trials choice of 10 000 on example:jitter: reported, and the
    // runner must not be slower than one thread doing the same trials.
    void tenThousandJitterTrials()
    {
        const Scenario scenario = example(QStringLiteral("jitter"));
        QElapsedTimer timer;
        timer.start();
        for (const PlanSpec &plan : scenario.plans)
            serialTrials(scenario, plan, 1, 10000);
        const double serialMs = double(timer.nsecsElapsed()) / 1e6;

        TrialsRunner runner;
        QSignalSpy ready(&runner, &TrialsRunner::resultReady);
        timer.restart();
        runner.start(scenario, 1, 10000);
        QVERIFY(ready.wait(60000));
        const double runnerMs = double(timer.nsecsElapsed()) / 1e6;
        QCOMPARE(ready.first().first().value<TrialsResult>().stats.size(), scenario.plans.size());
        qInfo("example:jitter, 10 000 trials x %d plans: one thread %.0f ms, TrialsRunner %.0f ms (%.2fx) on %d threads",
              int(scenario.plans.size()), serialMs, runnerMs, serialMs / runnerMs,
              QThreadPool::globalInstance()->maxThreadCount());
        // Generous: the machine is shared; on one core the two are equal.
        QVERIFY2(runnerMs < serialMs * 1.5 + 50, qPrintable(QStringLiteral("%1 ms").arg(runnerMs)));
    }
};

QTEST_MAIN(TestTrialsRunner)
#include "tst_trials_runner.moc"
