#include "plan_limits.h"

#include "json_messages.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace asyncscope {

double invocationBound(const Expr &expr)
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
    if (expr.combinator == Combinator::Retry && expr.args.size() == 3)
        return invocationBound(expr.args[0]) * std::max(1.0, expr.args[1].number);
    double sum = 0;
    for (const Expr &arg : expr.args)
        sum += invocationBound(arg);
    return sum;
}

std::optional<ExpressionError> checkInvocationBound(const Expr &expr)
{
    const double bound = invocationBound(expr);
    if (bound <= kMaxPlanInvocations)
        return std::nullopt;
    const QString count = bound < 1e15 ? QString::number(qint64(bound)) : QStringLiteral("more than 10^15");
    return ExpressionError{QStringLiteral("could start %1 invocations if every attempt failed; the limit is %2 per plan")
                               .arg(count)
                               .arg(qint64(kMaxPlanInvocations)),
                           1};
}

int maxTrialsFor(const Expr &expr)
{
    const double perTrial = std::max(1.0, invocationBound(expr));
    return int(std::clamp(std::floor(kMaxTrialInvocations / perTrial), 1.0, double(std::numeric_limits<int>::max())));
}

std::optional<QString> checkTrialBudget(const QList<const PlanSpec *> &plans, int trials)
{
    for (const PlanSpec *plan : plans) {
        const double total = std::max(1.0, invocationBound(plan->expr)) * trials;
        if (total > kMaxTrialInvocations)
            return QStringLiteral("--trials %1: plan \"%2\" could start %3 invocations; the limit is %4 (at most %5 trials for it)")
                .arg(trials)
                .arg(shortenedForMessage(plan->name))
                .arg(qint64(total))
                .arg(qint64(kMaxTrialInvocations))
                .arg(maxTrialsFor(plan->expr));
    }
    return std::nullopt;
}

} // namespace asyncscope
