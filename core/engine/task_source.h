#pragma once

// Where invocations of tasks come from: timers on the virtual clock
// (VirtualTaskSource) or real requests (the network helper's source). The
// PlanRunner only ever talks to this interface, so one evaluator serves both.

#include "abort_signal.h"
#include "rejection.h"
#include "scenario.h"

#include <QFuture>
#include <QJsonValue>

#include <memory>

namespace asyncscope {

// One invocation of one task, with what the draws decided for it.
struct Invocation
{
    int taskIndex = -1;
    int instance = 1;               // 1, 2, 3... per task and plan
    const TaskSpec *task = nullptr; // not owned; lives in the Scenario
    double latencyMs = 0;           // drawn (virtual runs); real runs may ignore it
    bool fails = false;             // drawn (virtual runs)
};

// Where a source reports how one invocation ended. The PlanRunner is one: it
// records the span and then settles the invocation's one future, so a source
// needs no QPromise of its own (a million invocations, a million fewer states).
class InvocationSink
{
public:
    virtual ~InvocationSink() = default;
    virtual void fulfil(const QJsonValue &value) = 0;
    virtual void reject(const Rejection &reason) = 0;
};

class TaskSource
{
public:
    virtual ~TaskSource() = default;

    // Starts one invocation now and later calls exactly one of sink->fulfil()
    // (the task's value) or sink->reject() (a Rejection carrying its error),
    // possibly at once. When `signal` aborts first, the source stops the work
    // and rejects with Rejection::abortError() (the recorder then marks the
    // span aborted).
    virtual void start(const Invocation &invocation, const AbortSignal &signal,
                       std::shared_ptr<InvocationSink> sink) = 0;
};

// One invocation as a future of its own: for callers that are not a PlanRunner.
QFuture<QJsonValue> startFuture(TaskSource &source, const Invocation &invocation, const AbortSignal &signal);

} // namespace asyncscope
