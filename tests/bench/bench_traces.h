#pragma once

// Generated traces for the rendering and export benchmarks: a comparison view
// of two plans ("parallel": N/2 overlapping spans over 40 tasks; "failover":
// N/2 back-to-back spans over 20 tasks, some rejected, a few discarded) on one
// axis of about a minute. Deterministic (fixed seed).

#include "trace.h"

#include <QString>

#include <algorithm>
#include <random>

namespace asyncscope::bench {

inline RunTrace comparisonTrace(qint64 spans)
{
    std::mt19937_64 random(7);
    RunTrace trace;
    trace.scenario = QStringLiteral("generated %1 spans").arg(spans);
    constexpr double kAxisMs = 60000;

    PlanTrace parallel;
    parallel.name = QStringLiteral("parallel");
    parallel.run = QStringLiteral("all(...)");
    const qint64 half = spans / 2;
    QList<double> starts;
    starts.reserve(half);
    for (qint64 i = 0; i < half; ++i)
        starts << double(random() % quint64(kAxisMs * 100)) / 100.0;
    std::sort(starts.begin(), starts.end());
    parallel.spans.reserve(half);
    for (qint64 i = 0; i < half; ++i) {
        Span span;
        span.task = QStringLiteral("task%1").arg(random() % 40);
        span.instance = int(i / 40 + 1);
        span.startMs = span.queuedMs = starts.at(i);
        span.endMs = starts.at(i) + 5.0 + double(random() % 800);
        span.outcome = random() % 17 == 0 ? SpanOutcome::Rejected : SpanOutcome::Fulfilled;
        span.result = QJsonValue(span.task);
        parallel.finishedMs = std::max(parallel.finishedMs, *span.endMs);
        parallel.spans << span;
    }
    parallel.outcome = PlanOutcome::Fulfilled;
    parallel.settledMs = parallel.finishedMs;
    parallel.cause.spanIndex = int(half) - 1;

    PlanTrace failover;
    failover.name = QStringLiteral("failover");
    failover.run = QStringLiteral("seq(...)");
    const qint64 rest = spans - half;
    const double step = kAxisMs / double(std::max<qint64>(rest, 1));
    failover.spans.reserve(rest);
    for (qint64 i = 0; i < rest; ++i) {
        Span span;
        span.task = QStringLiteral("step%1").arg(i % 20);
        span.instance = int(i / 20 + 1);
        span.startMs = span.queuedMs = double(i) * step;
        span.endMs = span.startMs + step;
        span.outcome = i % 11 == 0 ? SpanOutcome::Rejected : SpanOutcome::Fulfilled;
        span.discarded = i % 97 == 0;
        span.result = QJsonValue(span.task);
        failover.spans << span;
    }
    failover.finishedMs = kAxisMs;
    failover.outcome = PlanOutcome::Rejected;
    failover.settledMs = kAxisMs;
    failover.result = QStringLiteral("step failed");
    failover.cause.spanIndex = int(rest) - 1;

    trace.plans << parallel << failover;
    return trace;
}

} // namespace asyncscope::bench
