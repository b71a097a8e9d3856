#pragma once

// Monte-Carlo trials: one plan run many times with fresh draws (trial indices
// 1..n; trial 0 is the displayed run), summarised as settle-time percentiles.
// Trials are independent (each derives its own draws), so they run on
// QThreadPool's threads and still give exactly the single-threaded result.

#include "scenario.h"
#include "trace.h"

#include <functional>

namespace asyncscope {

inline constexpr int kMaxTrials = 100000;

// For a caller that runs trials in the background (the window). Both are
// called from the trial threads: isCanceled from several at once, so it must be
// thread-safe; progress one call at a time. Either may be empty.
struct TrialsControl
{
    std::function<bool()> isCanceled;  // true: stop soon; the stats are then incomplete and meant to be dropped
    std::function<void(int done)> progress; // trials of this plan finished so far: increasing, n at the end
};

TrialStats runTrials(const Scenario &scenario, const PlanSpec &plan, quint64 seed, int n,
                     const TrialsControl &control = {});

// Nearest-rank percentiles of the settled trials; `fulfilled` counts fulfilled ones.
TrialStats summarizeTrials(QList<double> settleTimes, int n, int fulfilled);

// The nearest-rank percentile (0 < percent <= 100) of sorted values, 0 when
// there are none: what summarizeTrials uses for p50 and p95, for any other cut.
double nearestRankPercentile(const QList<double> &sorted, double percent);

} // namespace asyncscope
