// JavaScript plans, fast enough to feel live (SPEC §6): an edit of a
// tutorial-size JavaScript plan re-runs on the warm Node worker and redraws,
// against a cold `node` start measured in the same run (what a tool that
// started Node per run would pay); and trials of a JavaScript plan with
// random latencies on one worker.
//   bench_js [runs]      (default 200)

#include "bench_measure.h"

#include "js_worker.h"
#include "scenario.h"
#include "scenario_run.h"
#include "timeline_painter.h"
#include "trials.h"

#include <QElapsedTimer>
#include <QGuiApplication>
#include <QImage>
#include <QJsonDocument>
#include <QPainter>
#include <QProcess>

#include <algorithm>
#include <cstdio>

using namespace asyncscope;

namespace {

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    return values.isEmpty() ? 0 : values.at(values.size() / 2);
}

double percentile(QList<double> values, double p)
{
    std::sort(values.begin(), values.end());
    return values.isEmpty() ? 0 : values.at(std::min<qsizetype>(values.size() - 1, qsizetype(p * values.size())));
}

} // namespace

int main(int argc, char *argv[])
{
    QGuiApplication app(argc, argv);
    const int runs = argc > 1 ? std::max(10, atoi(argv[1])) : 200;
    if (JsWorker::nodeExecutable().isEmpty()) {
        std::printf("bench_js: Node.js is not installed\n");
        return 0;
    }
    std::printf("bench_js — %s\n", bench::loadLine().constData());

    // Baseline: a cold Node start, as if every edit started Node.
    QList<double> cold;
    for (int i = 0; i < 10; ++i) {
        QElapsedTimer t;
        t.start();
        QProcess node;
        node.start(JsWorker::nodeExecutable(), {QStringLiteral("-e"), QStringLiteral("0")});
        node.waitForFinished();
        cold << double(t.nsecsElapsed()) / 1e6;
    }

    // Edit -> re-run -> redraw: the latency changes each time, as a drag does.
    LoadResult loaded = loadScenarioFile(QStringLiteral("example:js-load-profile"));
    Scenario scenario = *loaded.scenario;
    RunOptions options;
    options.plans = QStringList{QStringLiteral("loadProfile, sequential"), QStringLiteral("loadProfile, Promise.all")};
    runVirtual(scenario, options); // starts the worker: the window's first run pays this once
    QImage image(1600, 900, QImage::Format_ARGB32_Premultiplied);
    TimelinePainter painter;
    QList<double> warm;
    QList<double> runOnly;
    for (int i = 0; i < runs; ++i) {
        scenario.tasks[1].latencyMs = {double(150 + i % 100)};
        QElapsedTimer t;
        t.start();
        const RunTrace trace = runVirtual(scenario, options);
        runOnly << double(t.nsecsElapsed()) / 1e6;
        QPainter p(&image);
        painter.paint(&p, image.size(), trace, 1, TimelinePaintOptions{});
        p.end();
        warm << double(t.nsecsElapsed()) / 1e6;
        if (trace.plans.at(0).settledMs != 600.0 + 150 + i % 100) {
            std::printf("bench_js: wrong settle time %g\n", trace.plans.at(0).settledMs.value_or(-1));
            return 1;
        }
    }
    std::printf("\nedit -> re-run (2 JavaScript plans) -> redraw at 1600x900, %d edits:\n", runs);
    std::printf("  warm worker       median %6.2f ms, p90 %6.2f ms (run alone: median %.2f ms)   goal <= 20 ms: %s\n",
                median(warm), percentile(warm, 0.9), median(runOnly), median(warm) <= 20 ? "met" : "MISSED");
    std::printf("  cold node start   median %6.2f ms  (baseline, the same run)   warm is %.0fx faster\n", median(cold),
                median(cold) / std::max(0.001, median(warm)));

    // Trials with random latencies: one request, compiled once.
    const QByteArray jitter = R"({"format": "asyncscope-scenario/1", "name": "jitter",
      "tasks": [{"id": "user", "latency": {"dist": "lognormal", "median_ms": 120, "p95_ms": 400}},
                {"id": "posts", "latency": {"dist": "uniform", "min_ms": 50, "max_ms": 250}, "failure_rate": 0.1}],
      "plans": [{"name": "any", "js": "return await Promise.any([fetchUser(), fetchPosts()]);"}]})";
    const Scenario random = *loadScenario(jitter, QStringLiteral("jitter.json")).scenario;
    for (const int n : {1000, 5000, 20000}) {
        QElapsedTimer t;
        t.start();
        const TrialStats stats = runTrials(random, random.plans.at(0), 1, n);
        const double seconds = double(t.nsecsElapsed()) / 1e9;
        std::printf("trials of a JavaScript plan, n = %5d: %7.0f trials/s on one worker (p50 %g ms, p95 %g ms)   goal >= 5000/s: %s\n",
                    n, n / seconds, stats.p50, stats.p95, n / seconds >= 5000 ? "met" : "MISSED");
    }
    return 0;
}
