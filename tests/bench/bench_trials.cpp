// Monte-Carlo trials at scale (core/trials.h): 10 000 trials of every plan of
// every built-in example, single-threaded (the global pool capped at one
// thread, which runTrials honours) and spread over the cores (runTrials'
// QThreadPool chunks). The parallel result must be identical to the
// single-threaded one for the same seed: every settle time, percentile and count.
//
//   bench_trials                 10 000 trials per plan
//   bench_trials --trials 1000   quicker

#include "bench_measure.h"

#include "scenario.h"
#include "trials.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QThreadPool>

#include <cstdio>

using namespace asyncscope;
using namespace asyncscope::bench;

namespace {

bool sameStats(const TrialStats &a, const TrialStats &b)
{
    return a.n == b.n && a.p50 == b.p50 && a.p95 == b.p95 && a.max == b.max && a.fulfilled == b.fulfilled
           && a.settled == b.settled && a.settleTimes == b.settleTimes;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int trials = argumentValue(app.arguments(), QStringLiteral("--trials"), QStringLiteral("10000")).toInt();
    const int cores = QThread::idealThreadCount();
    QThreadPool *pool = QThreadPool::globalInstance();

    std::printf("bench_trials: %d trials per plan, seed 1 (%s)\n", trials, loadLine().constData());
    std::printf("%-16s %-16s %10s %10s %12s %12s %8s %9s\n", "example", "plan", "1-thread ms", QByteArray::number(cores).append("-thread ms").constData(),
                "trials/s 1T", "trials/s MT", "speedup", "identical");
    double totalSingle = 0, totalParallel = 0;
    qint64 totalTrials = 0;
    bool allIdentical = true;
    for (const ExampleInfo &example : builtInExamples()) {
        const LoadResult loaded = loadScenarioFile(QStringLiteral("example:") + example.name);
        if (!loaded.ok()) {
            std::printf("%-16s %s\n", qPrintable(example.name), qPrintable(loaded.error));
            continue;
        }
        const Scenario &scenario = *loaded.scenario;
        for (const PlanSpec &plan : scenario.plans) {
            QElapsedTimer timer;
            pool->setMaxThreadCount(1);
            timer.start();
            const TrialStats single = runTrials(scenario, plan, 1, trials);
            const double singleMs = double(timer.nsecsElapsed()) / 1e6;

            pool->setMaxThreadCount(cores);
            timer.restart();
            const TrialStats parallel = runTrials(scenario, plan, 1, trials);
            const double parallelMs = double(timer.nsecsElapsed()) / 1e6;

            const bool identical = sameStats(single, parallel);
            allIdentical = allIdentical && identical;
            totalSingle += singleMs;
            totalParallel += parallelMs;
            totalTrials += trials;
            std::printf("%-16s %-16s %10.1f %10.1f %12.0f %12.0f %8.2f %9s\n", qPrintable(example.name.left(16)),
                        qPrintable(plan.name.left(16)), singleMs, parallelMs, trials / singleMs * 1000,
                        trials / parallelMs * 1000, singleMs / parallelMs, identical ? "yes" : "NO");
            std::fflush(stdout);
        }
    }
    std::printf("%-33s %10.1f %10.1f %12.0f %12.0f %8.2f\n", "total", totalSingle, totalParallel,
                double(totalTrials) / totalSingle * 1000, double(totalTrials) / totalParallel * 1000,
                totalSingle / totalParallel);
    std::printf("identical: %s\n", allIdentical ? "yes" : "NO");
    return allIdentical ? 0 : 1;
}
