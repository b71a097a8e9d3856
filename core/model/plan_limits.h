#pragma once

// How much work a plan may ask for. retry(e, n, gap) may run e up to n times,
// so nested retries multiply: retry(retry(retry(x, 1000, 0), 1000, 0), 1000, 0)
// could start a billion invocations and keep the engine busy for days. The
// loader refuses such a plan up front, with the bound in the message, instead
// of hanging the CLI or freezing the window.

#include "expression.h"
#include "scenario.h"

#include <QList>

#include <optional>

namespace asyncscope {

// One invocation costs the virtual-clock engine roughly 0.1-0.2 ms with its
// span bookkeeping, so this keeps one run of any plan within seconds.
inline constexpr double kMaxPlanInvocations = 100000;

// The most invocations `expr` could start: a task is one, and each call bounds
// its arguments as its row in the combinator table says (retry multiplies by
// its attempts, every other combinator adds them: hedge may start both).
// `graph()` and `levels()` without arguments run every task of the scenario:
// `allTasks` of them. Saturates at infinity instead of overflowing.
double invocationBound(const Expr &expr, int allTasks);

// An error (at column 1, the whole plan) when invocationBound() exceeds the limit.
std::optional<ExpressionError> checkInvocationBound(const Expr &expr, int allTasks);

// Monte-Carlo trials repeat a plan: 100 000 trials of a 10 000-task plan
// would run for hours. The budget is invocations over all trials of one plan.
inline constexpr double kMaxTrialInvocations = 10000000;

// The largest trial count within the budget for `expr` (at least 1).
int maxTrialsFor(const Expr &expr, int allTasks);
// "--trials 100000: plan "p" could start 1000000000 invocations; the limit is
// 10000000 (at most 1000 trials for it)", or nothing when every plan fits.
std::optional<QString> checkTrialBudget(const QList<const PlanSpec *> &plans, int trials, int allTasks);

} // namespace asyncscope
