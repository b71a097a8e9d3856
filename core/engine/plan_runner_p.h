#pragma once

// PlanRunner's private parts, shared by plan_runner.cpp and
// plan_runner_graph.cpp. Not for use elsewhere.

#include "plan_runner.h"

#include "combinators_json.h"

#include <deque>
#include <memory>

namespace asyncscope {

// What encloses an expression being evaluated: the chain of combinator nodes
// (for discarding) and the abort signal of the innermost abort() (or none).
struct PlanRunner::Context
{
    int node = -1; // the innermost combinator node; its parents are in m_nodeParent
    AbortSignal signal;
    bool abortable = false; // under some abort()

    // Outside abort() nothing can fire the signal; a private one per operation
    // keeps 100k invocations from all listening on (and removing from) one list.
    AbortSignal signalForOperation() const { return abortable ? signal : AbortSignal(); }
};

// A span while the plan runs, compact (a wide all() holds a million at once):
// it becomes a Span (task id, optional end) only when the trace is taken.
struct PlanRunner::SpanRecord
{
    QJsonValue result;     // value when fulfilled, reason when rejected/aborted
    double queuedMs = 0;
    double startMs = 0;
    double endMs = 0;      // valid once `ended`
    int taskIndex = -1;
    int instance = 1;
    int node = -1;         // the innermost combinator node enclosing the invocation
    SpanOutcome outcome = SpanOutcome::Pending;
    bool ended = false;
    bool discarded = false;
};

// One invocation from the moment it is asked for until its source settles it.
// The source reports here (as the InvocationSink); the runner records the
// span, then hands the outcome on with deliver(): to the invocation's one
// future (FutureInvocation), or straight to a graph() (plan_runner_graph.cpp).
struct PlanRunner::InvocationPromise : InvocationSink
{
    InvocationPromise(const PlanRunner &runner, int taskIndex, AbortSignal signal)
        : alive(runner.m_alive), signal(std::move(signal))
    {
        invocation.taskIndex = taskIndex;
    }

    void fulfil(const QJsonValue &value) final
    {
        if (PlanRunner *runner = *alive)
            runner->onSourceSettled(*this, nullptr, value);
    }
    void reject(const Rejection &reason) final
    {
        if (PlanRunner *runner = *alive)
            runner->onSourceSettled(*this, &reason, {});
    }
    // The outcome, once recorded: `reason` when it rejected, else `value`.
    virtual void deliver(const Rejection *reason, const QJsonValue &value) = 0;

    std::shared_ptr<PlanRunner *> alive; // the runner, or null once it is gone: sources may outlive it
    Invocation invocation;                // the task index at once, the rest when it begins
    int record = -1;
    bool limited = false;                 // holds one of its host's connections (or waits for one)
    AbortSignal signal;

    const QString &host() const { return invocation.task->host; }
};

// An invocation an expression waits on: its outcome settles its future.
struct PlanRunner::FutureInvocation final : InvocationPromise
{
    using InvocationPromise::InvocationPromise;

    void deliver(const Rejection *reason, const QJsonValue &value) override
    {
        if (reason)
            detail::rejectOut(out, *reason);
        else
            detail::fulfilOut(out, value);
    }

    QFutureInterface<QJsonValue> out = detail::startedOut<QJsonValue>();
};

struct PlanRunner::HostSlots
{
    int inFlight = 0;
    struct Waiting
    {
        std::shared_ptr<InvocationPromise> promise;
        AbortSignal::ListenerId abortListener = 0; // drops it from the queue on abort
    };
    std::deque<Waiting> queue; // in start order
};

} // namespace asyncscope
