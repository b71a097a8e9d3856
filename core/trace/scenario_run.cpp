#include "scenario_run.h"

#include "explanation.h"
#include "trials.h"

namespace asyncscope {

QList<const PlanSpec *> selectedPlans(const Scenario &scenario, const QStringList &names)
{
    QList<const PlanSpec *> selected;
    if (names.isEmpty()) {
        for (const PlanSpec &plan : scenario.plans)
            selected << &plan;
        return selected;
    }
    for (const QString &name : names) {
        if (const PlanSpec *plan = scenario.planByName(name))
            selected << plan;
    }
    return selected;
}

RunTrace runVirtual(const Scenario &scenario, const RunOptions &options)
{
    RunTrace trace;
    trace.scenario = scenario.name;
    trace.description = scenario.description;
    trace.seed = options.seed;
    trace.clock = QStringLiteral("virtual");
    for (const PlanSpec *plan : selectedPlans(scenario, options.plans)) {
        PlanTrace planTrace = runPlanVirtual(scenario, *plan, options.seed, 0);
        planTrace.explanation = explainSettlement(scenario, planTrace);
        if (options.trials > 0)
            planTrace.trials = runTrials(scenario, *plan, options.seed, options.trials);
        trace.plans << planTrace;
    }
    return trace;
}

} // namespace asyncscope
