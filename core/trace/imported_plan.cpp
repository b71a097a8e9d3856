#include "imported_plan_p.h"

#include <QHash>
#include <QRegularExpression>
#include <QUrl>

#include <algorithm>
#include <cmath>
#include <numeric>

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

QString requestTaskName(const QString &method, const QString &url)
{
    return method.isEmpty() ? url : method + QLatin1Char(' ') + url;
}

std::optional<RecordedRequestName> parseRequestTaskName(const QString &name)
{
    static const QRegularExpression pattern(QStringLiteral("^(?:([A-Z]{1,16}) )?([a-z][a-z0-9+.-]*://\\S+)$"));
    const QRegularExpressionMatch match = pattern.match(name);
    if (!match.hasMatch())
        return std::nullopt;
    RecordedRequestName request;
    request.method = match.captured(1);
    request.url = match.captured(2);
    const QUrl url(request.url);
    if (!url.host().isEmpty())
        request.host = url.port() >= 0 ? QStringLiteral("%1:%2").arg(url.host()).arg(url.port()) : url.host();
    return request;
}

std::optional<SpanOutcome> spanOutcomeFromString(const QString &text)
{
    return outcomeNamed(text, {SpanOutcome::Fulfilled, SpanOutcome::Rejected, SpanOutcome::Aborted, SpanOutcome::Pending});
}

namespace {

// Recorded times to the microsecond they were recorded in: 1000.759 ms, not 1000.7589999996126.
double toMicrosecond(double ms)
{
    return std::round(ms * 1000.0) / 1000.0;
}

} // namespace

PlanTrace finishPlan(PlanBuilder &builder, bool instancesFromNames)
{
    for (PendingSpan &pending : builder.spans) {
        Span &span = pending.span;
        span.queuedMs = toMicrosecond(span.queuedMs);
        span.startMs = toMicrosecond(span.startMs);
        if (span.endMs)
            span.endMs = toMicrosecond(*span.endMs);
    }
    if (builder.settledMs)
        builder.settledMs = toMicrosecond(*builder.settledMs);
    // By start, file order among equals: a permutation is sorted, not the spans (moving
    // them was a tenth of a 1M-event import), and not even that when already in order.
    const auto earlier = [](const PendingSpan &a, const PendingSpan &b) { return a.span.startMs < b.span.startMs; };
    std::vector<std::size_t> order(builder.spans.size());
    std::iota(order.begin(), order.end(), std::size_t(0));
    if (!std::is_sorted(builder.spans.cbegin(), builder.spans.cend(), earlier))
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t a, std::size_t b) { return earlier(builder.spans[a], builder.spans[b]); });
    PlanTrace plan;
    plan.name = builder.name;
    plan.run = builder.run;
    plan.spans.reserve(qsizetype(builder.spans.size()));
    QHash<QString, int> instances;
    QHash<QString, int> spanByName;
    for (const std::size_t index : order) {
        PendingSpan &pending = builder.spans[index];
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
