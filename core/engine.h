#pragma once

// Runs a scenario's plans on the virtual clock and records every span.
// Each plan runs alone from t = 0; the same seed gives the same trace.

#include "scenario.h"
#include "trace.h"

#include <QStringList>

namespace asyncscope {

struct RunOptions
{
    quint64 seed = 1;
    QStringList plans;       // names to run; empty = all, in scenario order
    int trials = 0;          // > 0: also run each plan this many times with fresh draws
};

RunTrace runVirtual(const Scenario &scenario, const RunOptions &options);

// One plan, one draw (trial index 0 is the displayed run). Used by trials and the UI.
PlanTrace runPlanVirtual(const Scenario &scenario, const PlanSpec &plan, quint64 seed, int trial = 0);

} // namespace asyncscope
