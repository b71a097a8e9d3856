#include "plan_limits.h"

#include <algorithm>

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

} // namespace asyncscope
