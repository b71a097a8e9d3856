#include "plan_limits.h"

#include "combinator_table.h"
#include "json_messages.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace asyncscope {

double invocationBound(const Expr &expr, int allTasks)
{
    switch (expr.kind) {
    case Expr::Kind::Task:
        return 1;
    case Expr::Kind::Number:
        return 0;
    case Expr::Kind::Call:
        break;
    }
    // Depth is at most kMaxExpressionDepth (the parser's limit), so recursion is safe.
    const CombinatorInfo &info = combinatorInfo(expr.combinator);
    if (info.rest == Argument::TaskId && expr.args.empty())
        return allTasks; // graph(), levels(): every task of the scenario
    if (info.bound == InvocationBound::Repeat && int(expr.args.size()) == info.leadingCount()) {
        double operands = 0;
        double times = 1;
        for (size_t i = 0; i < expr.args.size(); ++i) {
            if (info.argumentAt(i) == Argument::Operand)
                operands += invocationBound(expr.args[i], allTasks);
            else if (info.argumentAt(i) == Argument::Attempts)
                times = std::max(1.0, expr.args[i].number);
        }
        return operands * times;
    }
    double sum = 0;
    for (const Expr &arg : expr.args)
        sum += invocationBound(arg, allTasks);
    return sum;
}

std::optional<ExpressionError> checkInvocationBound(const Expr &expr, int allTasks)
{
    const double bound = invocationBound(expr, allTasks);
    if (bound <= kMaxPlanInvocations)
        return std::nullopt;
    const QString count = bound < 1e15 ? QString::number(qint64(bound)) : QStringLiteral("more than 10^15");
    return ExpressionError{QStringLiteral("could start %1 invocations if every attempt failed; the limit is %2 per plan")
                               .arg(count)
                               .arg(qint64(kMaxPlanInvocations)),
                           1};
}

int maxTrialsFor(const Expr &expr, int allTasks)
{
    const double perTrial = std::max(1.0, invocationBound(expr, allTasks));
    return int(std::clamp(std::floor(kMaxTrialInvocations / perTrial), 1.0, double(std::numeric_limits<int>::max())));
}

std::optional<QString> checkTrialBudget(const QList<const PlanSpec *> &plans, int trials, int allTasks)
{
    for (const PlanSpec *plan : plans) {
        const double total = std::max(1.0, invocationBound(plan->expr, allTasks)) * trials;
        if (total > kMaxTrialInvocations)
            return QStringLiteral("--trials %1: plan \"%2\" could start %3 invocations; the limit is %4 (at most %5 trials for it)")
                .arg(trials)
                .arg(shortenedForMessage(plan->name))
                .arg(qint64(total))
                .arg(qint64(kMaxTrialInvocations))
                .arg(maxTrialsFor(plan->expr, allTasks));
    }
    return std::nullopt;
}

} // namespace asyncscope
