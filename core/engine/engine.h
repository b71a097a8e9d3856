#pragma once

// Runs one plan on the virtual clock and records every span. Each plan runs
// alone from t = 0; the same seed gives the same trace. A whole scenario's
// run, with explanations and trials, is trace/scenario_run.h.

#include "scenario.h"
#include "trace.h"

namespace asyncscope {

// One plan, one draw (trial index 0 is the displayed run). Used by trials and the UI.
// A JavaScript plan runs on Node (jsrun); when it cannot run, runError says why.
PlanTrace runPlanVirtual(const Scenario &scenario, const PlanSpec &plan, quint64 seed, int trial = 0);

} // namespace asyncscope
