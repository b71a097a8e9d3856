#pragma once

// Monte-Carlo trials: one plan run many times with fresh draws (trial indices
// 1..n; trial 0 is the displayed run), summarised as settle-time percentiles.
// Trials are independent (each derives its own draws), so they run on
// QThreadPool's threads and still give exactly the single-threaded result.

#include "scenario.h"
#include "trace.h"

namespace asyncscope {

inline constexpr int kMaxTrials = 100000;

TrialStats runTrials(const Scenario &scenario, const PlanSpec &plan, quint64 seed, int n);

// Nearest-rank percentiles of the settled trials; `fulfilled` counts fulfilled ones.
TrialStats summarizeTrials(QList<double> settleTimes, int n, int fulfilled);

} // namespace asyncscope
