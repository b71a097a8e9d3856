#include "trace.h"

#include <algorithm>

namespace asyncscope {

QString toString(SpanOutcome outcome)
{
    switch (outcome) {
    case SpanOutcome::Fulfilled: return QStringLiteral("fulfilled");
    case SpanOutcome::Rejected: return QStringLiteral("rejected");
    case SpanOutcome::Aborted: return QStringLiteral("aborted");
    case SpanOutcome::Pending: return QStringLiteral("pending");
    }
    return {};
}

QString toString(PlanOutcome outcome)
{
    switch (outcome) {
    case PlanOutcome::Fulfilled: return QStringLiteral("fulfilled");
    case PlanOutcome::Rejected: return QStringLiteral("rejected");
    case PlanOutcome::Pending: return QStringLiteral("pending");
    }
    return {};
}

double PlanTrace::wastedMs() const
{
    // A discarded span's whole duration is waste: its result was thrown away.
    double total = 0;
    for (const Span &span : spans) {
        if (span.discarded && span.endMs)
            total += *span.endMs - span.startMs;
    }
    return total;
}

int PlanTrace::discardedCount() const
{
    return int(std::count_if(spans.cbegin(), spans.cend(), [](const Span &s) { return s.discarded; }));
}

double RunTrace::endMs() const
{
    double end = 0;
    for (const PlanTrace &plan : plans) {
        end = std::max(end, plan.finishedMs);
        if (plan.settledMs)
            end = std::max(end, *plan.settledMs);
        for (const Span &span : plan.spans)
            end = std::max(end, span.endOr(span.startMs));
    }
    return end;
}

} // namespace asyncscope
