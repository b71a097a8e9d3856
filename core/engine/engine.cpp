#include "engine.h"

#include "js_plan_runner.h"
#include "plan_runner.h"
#include "virtual_clock.h"
#include "virtual_task_source.h"

namespace asyncscope {

PlanTrace runPlanVirtual(const Scenario &scenario, const PlanSpec &plan, quint64 seed, int trial)
{
    if (plan.isJavaScript()) {
        JsPlanResult js = runJsPlan(scenario, plan, seed, trial);
        if (js.ok())
            return std::move(*js.trace);
        PlanTrace failed; // could not run: a syntax error, a limit, no Node.js
        failed.name = plan.name;
        failed.id = plan.name;
        failed.runError = js.error;
        return failed;
    }
    // A fresh clock per plan: each plan runs alone from t = 0.
    VirtualClock clock;
    VirtualTaskSource source(clock);
    PlanRunner runner(scenario, clock, source, seed, trial);
    runner.start(plan);
    clock.run();
    return runner.takeTrace();
}

} // namespace asyncscope
