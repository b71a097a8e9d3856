#include "engine.h"

#include "explanation.h"

#include "plan_runner.h"
#include "trials.h"
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

RunTrace runVirtual(const Scenario &scenario, const RunOptions &options)
{
    RunTrace trace;
    trace.scenario = scenario.name;
    trace.description = scenario.description;
    trace.seed = options.seed;
    trace.clock = QStringLiteral("virtual");

    QList<const PlanSpec *> selected;
    if (options.plans.isEmpty()) {
        for (const PlanSpec &plan : scenario.plans)
            selected << &plan;
    } else {
        for (const QString &name : options.plans) {
            for (const PlanSpec &plan : scenario.plans) {
                if (plan.name == name)
                    selected << &plan;
            }
        }
    }

    for (const PlanSpec *plan : selected) {
        PlanTrace planTrace = runPlanVirtual(scenario, *plan, options.seed, 0);
        planTrace.explanation = explainSettlement(scenario, planTrace);
        if (options.trials > 0)
            planTrace.trials = runTrials(scenario, *plan, options.seed, options.trials);
        trace.plans << planTrace;
    }
    return trace;
}

} // namespace asyncscope
