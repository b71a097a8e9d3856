#include "trials.h"

#include "engine.h"

#include <QThreadPool>

#include <algorithm>
#include <cmath>
#include <vector>

namespace asyncscope {

namespace {

struct TrialOutcome
{
    std::optional<double> settledMs;
    bool fulfilled = false;
};

double nearestRank(const QList<double> &sorted, double percent)
{
    const auto rank = qsizetype(std::ceil(percent / 100.0 * double(sorted.size())));
    return sorted.at(std::clamp<qsizetype>(rank - 1, 0, sorted.size() - 1));
}

// Below this many trials the thread hand-off costs more than it saves.
constexpr int kTrialsPerChunk = 256;

} // namespace

TrialStats summarizeTrials(QList<double> settleTimes, int n, int fulfilled)
{
    std::sort(settleTimes.begin(), settleTimes.end());
    TrialStats stats;
    stats.n = n;
    stats.fulfilled = fulfilled;
    stats.settled = int(settleTimes.size());
    if (!settleTimes.isEmpty()) {
        stats.p50 = nearestRank(settleTimes, 50);
        stats.p95 = nearestRank(settleTimes, 95);
        stats.max = settleTimes.constLast();
    }
    stats.settleTimes = std::move(settleTimes);
    return stats;
}

TrialStats runTrials(const Scenario &scenario, const PlanSpec &plan, quint64 seed, int n)
{
    n = std::clamp(n, 0, kMaxTrials);
    std::vector<TrialOutcome> outcomes(size_t(std::max(n, 0)));
    auto runRange = [&](int from, int to) {
        for (int i = from; i < to; ++i) {
            const PlanTrace trace = runPlanVirtual(scenario, plan, seed, i + 1);
            outcomes[size_t(i)] = {trace.settledMs, trace.outcome == PlanOutcome::Fulfilled};
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
