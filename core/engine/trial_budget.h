#pragma once

// How many Monte-Carlo trials a scenario may run: the GUI's Trials choice
// obeys the same budget as `asyncscope run --trials` (core/plan_limits.h,
// kMaxTrialInvocations invocations per plan over all its trials). The CLI
// refuses a count over budget; the window cannot ask back at every edit, so it
// runs the largest count within the budget and says so.

#include "scenario.h"

#include <QString>

namespace asyncscope {

struct TrialBudget
{
    int requested = 0;               // what the user chose
    int granted = 0;                 // what runs: requested, or the largest count within the budget
    QString limitingPlan;            // when capped: the plan with the most invocations per trial
    double invocationsPerTrial = 0;  // when capped: that plan's invocationBound()

    bool isCapped() const { return granted < requested; }
};

// `requested` (clamped to 0..kMaxTrials) when every plan of `scenario` fits in
// the budget; otherwise the smallest of the plans' maxTrialsFor(), so one count
// serves every plan, as the chart compares them over the same trials.
TrialBudget trialBudgetFor(const Scenario &scenario, int requested);

} // namespace asyncscope
