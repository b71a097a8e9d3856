#include "trial_budget.h"

#include "plan_limits.h"
#include "trials.h"

#include <algorithm>

namespace asyncscope {

TrialBudget trialBudgetFor(const Scenario &scenario, int requested)
{
    TrialBudget budget;
    budget.requested = std::clamp(requested, 0, kMaxTrials);
    budget.granted = budget.requested;
    for (const PlanSpec &plan : scenario.plans) {
        const int fits = maxTrialsFor(plan.expr, int(scenario.tasks.size()));
        if (fits < budget.granted) {
            budget.granted = fits;
            budget.limitingPlan = plan.name;
            budget.invocationsPerTrial = invocationBound(plan.expr, int(scenario.tasks.size()));
        }
    }
    return budget;
}

} // namespace asyncscope
