#include "imported_plan_p.h"

#include <QHash>

#include <algorithm>

namespace asyncscope::trace_import {

namespace {

// The outcome whose name (toString, as our own writers spell it) is `text`.
template<class Outcome>
std::optional<Outcome> outcomeNamed(const QString &text, std::initializer_list<Outcome> outcomes)
{
    for (Outcome outcome : outcomes) {
        if (toString(outcome) == text)
            return outcome;
    }
    return std::nullopt;
}

std::optional<PlanOutcome> planOutcomeFromString(const QString &text)
{
    return outcomeNamed(text, {PlanOutcome::Fulfilled, PlanOutcome::Rejected, PlanOutcome::Pending});
}

} // namespace

std::optional<SpanOutcome> spanOutcomeFromString(const QString &text)
{
    return outcomeNamed(text, {SpanOutcome::Fulfilled, SpanOutcome::Rejected, SpanOutcome::Aborted, SpanOutcome::Pending});
}

PlanTrace finishPlan(PlanBuilder &builder, bool instancesFromNames)
{
    std::stable_sort(builder.spans.begin(), builder.spans.end(), [](const PendingSpan &a, const PendingSpan &b) {
        return a.span.startMs < b.span.startMs;
    });
    PlanTrace plan;
    plan.name = builder.name;
    plan.run = builder.run;
    plan.spans.reserve(qsizetype(builder.spans.size()));
    QHash<QString, int> instances;
    QHash<QString, int> spanByName;
    for (PendingSpan &pending : builder.spans) {
        if (!instancesFromNames) {
            auto it = instances.find(pending.span.task);
            if (it == instances.end())
                it = instances.insert(pending.span.task, 0);
            pending.span.task = it.key(); // share one string per task
            pending.span.instance = ++it.value();
        } else {
            spanByName.insert(pending.name, int(plan.spans.size()));
        }
        if (pending.span.endMs)
            plan.finishedMs = std::max(plan.finishedMs, *pending.span.endMs);
        plan.spans.append(std::move(pending.span));
    }
    builder.spans.clear();

    if (builder.settledMs) {
        const QJsonObject &args = builder.settleArgs;
        plan.settledMs = builder.settledMs;
        plan.outcome = planOutcomeFromString(args.value(QLatin1String("outcome")).toString()).value_or(PlanOutcome::Fulfilled);
        plan.result = args.contains(QLatin1String("value")) ? args.value(QLatin1String("value"))
                                                            : args.value(QLatin1String("reason"));
        const QString by = args.value(QLatin1String("settled_by")).toString();
        if (const auto it = spanByName.constFind(by); it != spanByName.constEnd())
            plan.cause.spanIndex = it.value();
        else
            plan.cause.timer = by;
        return plan;
    }
    if (instancesFromNames)
        return plan; // our own trace without a settle instant: the plan never settled

    int lastEnded = -1;
    int firstRejected = -1;
    for (int i = 0; i < plan.spans.size(); ++i) {
        const Span &span = plan.spans.at(i);
        if (!span.endMs)
            return plan; // still running when the trace ended: pending
        if (lastEnded < 0 || *span.endMs >= *plan.spans.at(lastEnded).endMs)
            lastEnded = i;
        if (firstRejected < 0 && span.outcome == SpanOutcome::Rejected)
            firstRejected = i;
    }
    if (lastEnded < 0)
        return plan;
    plan.settledMs = plan.finishedMs;
    if (firstRejected >= 0) {
        plan.outcome = PlanOutcome::Rejected;
        plan.result = plan.spans.at(firstRejected).result;
        plan.cause.spanIndex = firstRejected;
    } else {
        plan.outcome = PlanOutcome::Fulfilled;
        plan.result = QStringLiteral("%1 spans").arg(plan.spans.size());
        plan.cause.spanIndex = lastEnded;
    }
    return plan;
}

} // namespace asyncscope::trace_import
