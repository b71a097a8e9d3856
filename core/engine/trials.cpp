#include "trials.h"

#include "js_plan_runner.h"

#include "engine.h"

#include <QMutex>
#include <QThreadPool>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <vector>

namespace asyncscope {

namespace {

struct TrialOutcome
{
    std::optional<double> settledMs;
    bool fulfilled = false;
};

// Below this many trials the thread hand-off costs more than it saves.
constexpr int kTrialsPerChunk = 256;
// How often a chunk looks at TrialsControl: often enough for a progress bar
// and a prompt cancel, rare enough to cost nothing next to the trials.
constexpr int kTrialsPerReport = 64;

} // namespace

double nearestRankPercentile(const QList<double> &sorted, double percent)
{
    if (sorted.isEmpty())
        return 0;
    const auto rank = qsizetype(std::ceil(percent / 100.0 * double(sorted.size())));
    return sorted.at(std::clamp<qsizetype>(rank - 1, 0, sorted.size() - 1));
}

TrialStats summarizeTrials(QList<double> settleTimes, int n, int fulfilled)
{
    std::sort(settleTimes.begin(), settleTimes.end());
    TrialStats stats;
    stats.n = n;
    stats.fulfilled = fulfilled;
    stats.settled = int(settleTimes.size());
    if (!settleTimes.isEmpty()) {
        stats.p50 = nearestRankPercentile(settleTimes, 50);
        stats.p95 = nearestRankPercentile(settleTimes, 95);
        stats.max = settleTimes.constLast();
    }
    stats.settleTimes = std::move(settleTimes);
    return stats;
}

TrialStats runTrials(const Scenario &scenario, const PlanSpec &plan, quint64 seed, int n, const TrialsControl &control)
{
    n = std::clamp(n, 0, kMaxTrials);
    if (plan.isJavaScript() && n > 0) {
        // One request to the warm worker: compiled once, run n times (jsrun).
        QString error;
        const std::optional<JsTrialTimes> times = runJsTrials(scenario, plan, seed, n, &error);
        if (control.progress)
            control.progress(n);
        if (!times)
            return summarizeTrials({}, n, 0);
        return summarizeTrials(times->settleTimes, n, times->fulfilled);
    }
    std::vector<TrialOutcome> outcomes(size_t(std::max(n, 0)));
    std::atomic<bool> canceled = false;
    QMutex progressMutex; // so the reported count only ever grows
    int done = 0;         // guarded by progressMutex
    auto runRange = [&](int from, int to) {
        for (int batch = from; batch < to; batch += kTrialsPerReport) {
            if (canceled.load(std::memory_order_relaxed) || (control.isCanceled && control.isCanceled())) {
                canceled = true;
                return;
            }
            const int batchEnd = std::min(to, batch + kTrialsPerReport);
            for (int i = batch; i < batchEnd; ++i) {
                const PlanTrace trace = runPlanVirtual(scenario, plan, seed, i + 1);
                outcomes[size_t(i)] = {trace.settledMs, trace.outcome == PlanOutcome::Fulfilled};
            }
            if (control.progress) {
                const QMutexLocker lock(&progressMutex);
                done += batchEnd - batch;
                control.progress(done);
            }
        }
    };

    QThreadPool *pool = QThreadPool::globalInstance();
    if (n <= kTrialsPerChunk || pool->maxThreadCount() < 2) {
        runRange(0, n);
    } else {
        // Each chunk writes only its own slots, so no locking; the pool's waitForDone is the barrier.
        QThreadPool local;
        local.setMaxThreadCount(pool->maxThreadCount());
        for (int from = 0; from < n; from += kTrialsPerChunk)
            local.start([&runRange, from, n] { runRange(from, std::min(n, from + kTrialsPerChunk)); });
        local.waitForDone();
    }

    QList<double> settleTimes;
    settleTimes.reserve(n);
    int fulfilled = 0;
    for (const TrialOutcome &outcome : outcomes) {
        if (outcome.settledMs)
            settleTimes << *outcome.settledMs;
        if (outcome.fulfilled)
            ++fulfilled;
    }
    return summarizeTrials(std::move(settleTimes), n, fulfilled);
}

} // namespace asyncscope
