#include "engine.h"

#include "plan_runner.h"
#include "virtual_clock.h"
#include "virtual_task_source.h"

namespace asyncscope {

PlanTrace runPlanVirtual(const Scenario &scenario, const PlanSpec &plan, quint64 seed, int trial)
{
    // A fresh clock per plan: each plan runs alone from t = 0.
    VirtualClock clock;
    VirtualTaskSource source(clock);
    PlanRunner runner(scenario, clock, source, seed, trial);
    runner.start(plan);
    clock.run();
    return runner.takeTrace();
}

} // namespace asyncscope
