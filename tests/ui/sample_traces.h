#pragma once

// Hand-made RunTrace values for the picture tests: exact numbers, no engine.

#include "trace.h"

#include <QJsonArray>
#include <QJsonValue>

namespace asyncscope::samples {

inline Span span(const QString &task, int instance, double start, std::optional<double> end, SpanOutcome outcome,
                 QJsonValue result = {}, bool discarded = false, std::optional<double> queued = {})
{
    Span s;
    s.task = task;
    s.instance = instance;
    s.queuedMs = queued.value_or(start);
    s.startMs = start;
    s.endMs = end;
    s.outcome = outcome;
    s.result = result;
    s.discarded = discarded;
    return s;
}

// example:profile — four 200 ms calls, one after another and all at once.
inline RunTrace profile()
{
    RunTrace t;
    t.scenario = QStringLiteral("Load a profile: sequential awaits vs Promise.all");
    t.description = QStringLiteral("loadProfile awaits four independent 200 ms calls one after another; Promise.all starts all four at once.");
    t.seed = 1;
    const QStringList tasks = {QStringLiteral("user"), QStringLiteral("posts"), QStringLiteral("followers"),
                               QStringLiteral("recommendations")};
    PlanTrace seq;
    seq.name = QStringLiteral("sequential");
    seq.run = QStringLiteral("seq(user, posts, followers, recommendations)");
    PlanTrace par;
    par.name = QStringLiteral("parallel");
    par.run = QStringLiteral("all(user, posts, followers, recommendations)");
    QJsonArray values;
    for (int i = 0; i < tasks.size(); ++i) {
        seq.spans.append(span(tasks.at(i), 1, 200.0 * i, 200.0 * (i + 1), SpanOutcome::Fulfilled, tasks.at(i)));
        par.spans.append(span(tasks.at(i), 1, 0, 200, SpanOutcome::Fulfilled, tasks.at(i)));
        values.append(tasks.at(i));
    }
    seq.outcome = PlanOutcome::Fulfilled;
    seq.settledMs = 800;
    seq.finishedMs = 800;
    seq.result = values;
    seq.cause.spanIndex = 3;
    par.outcome = PlanOutcome::Fulfilled;
    par.settledMs = 200;
    par.finishedMs = 200;
    par.result = values;
    par.cause.spanIndex = 3;
    t.plans = {seq, par};
    return t;
}

// Every kind of span: rejected, aborted, pending, discarded, queued.
inline RunTrace mixed()
{
    RunTrace t;
    t.scenario = QStringLiteral("Every outcome");
    t.description = QStringLiteral("A race that rejects, a timeout that aborts, a pending plan and a queued request.");
    t.seed = 7;
    PlanTrace race;
    race.name = QStringLiteral("race");
    race.run = QStringLiteral("race(cdn1, cdn2, cdn3)");
    race.spans = {span(QStringLiteral("cdn1"), 1, 0, 80, SpanOutcome::Rejected, QStringLiteral("HTTP 503")),
                  span(QStringLiteral("cdn2"), 1, 0, 120, SpanOutcome::Fulfilled, QStringLiteral("data"), true),
                  span(QStringLiteral("cdn3"), 1, 0, 200, SpanOutcome::Fulfilled, QStringLiteral("data"), true)};
    race.outcome = PlanOutcome::Rejected;
    race.settledMs = 80;
    race.result = QStringLiteral("HTTP 503");
    race.finishedMs = 200;
    race.cause.spanIndex = 0;

    PlanTrace timeout;
    timeout.name = QStringLiteral("timeout");
    timeout.run = QStringLiteral("timeout(slow, 300)");
    timeout.spans = {span(QStringLiteral("slow"), 1, 0, 300, SpanOutcome::Aborted, QStringLiteral("AbortError"))};
    timeout.outcome = PlanOutcome::Rejected;
    timeout.settledMs = 300;
    timeout.result = QStringLiteral("TimeoutError");
    timeout.finishedMs = 300;
    timeout.cause.timer = QStringLiteral("timeout(300)");

    PlanTrace never;
    never.name = QStringLiteral("forever");
    never.run = QStringLiteral("race(hang)");
    never.spans = {span(QStringLiteral("hang"), 1, 0, std::nullopt, SpanOutcome::Pending)};
    never.outcome = PlanOutcome::Pending;

    PlanTrace queued;
    queued.name = QStringLiteral("queued");
    queued.run = QStringLiteral("all(a, b)");
    queued.spans = {span(QStringLiteral("a"), 1, 0, 150, SpanOutcome::Fulfilled, 1),
                    span(QStringLiteral("b"), 1, 150, 350, SpanOutcome::Fulfilled, 2, false, 0.0)};
    queued.outcome = PlanOutcome::Fulfilled;
    queued.settledMs = 350;
    queued.result = QJsonArray{1, 2};
    queued.finishedMs = 350;
    queued.cause.spanIndex = 1;
    t.plans = {race, timeout, never, queued};
    return t;
}

// A long trace for performance: `plans` plans of `spansPerPlan` back-to-back spans over few tasks.
inline RunTrace large(int plans, int spansPerPlan)
{
    RunTrace t;
    t.scenario = QStringLiteral("Large");
    for (int p = 0; p < plans; ++p) {
        PlanTrace plan;
        plan.name = QStringLiteral("plan%1").arg(p);
        plan.run = QStringLiteral("pool(4, ...)");
        plan.spans.reserve(spansPerPlan);
        for (int i = 0; i < spansPerPlan; ++i) {
            const double start = i * 0.5;
            plan.spans.append(span(QStringLiteral("t%1").arg(i % 4), i / 4 + 1, start, start + 2.0,
                                   i % 17 == 0 ? SpanOutcome::Rejected : SpanOutcome::Fulfilled));
        }
        plan.outcome = PlanOutcome::Fulfilled;
        plan.settledMs = spansPerPlan * 0.5 + 1.5;
        plan.finishedMs = *plan.settledMs;
        plan.cause.spanIndex = spansPerPlan - 1;
        t.plans.append(plan);
    }
    return t;
}

} // namespace asyncscope::samples
