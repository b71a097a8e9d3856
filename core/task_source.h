#pragma once

// Where invocations of tasks come from: timers on the virtual clock
// (VirtualTaskSource) or real requests (the network helper's source). The
// PlanRunner only ever talks to this interface, so one evaluator serves both.

#include "abort_signal.h"
#include "scenario.h"

#include <QFuture>
#include <QJsonValue>

namespace asyncscope {

// One invocation of one task, with what the draws decided for it.
struct Invocation
{
    int taskIndex = -1;
    const TaskSpec *task = nullptr; // not owned; lives in the Scenario
    int instance = 1;               // 1, 2, 3... per task and plan
    double latencyMs = 0;           // drawn (virtual runs); real runs may ignore it
    bool fails = false;             // drawn (virtual runs)
};

class TaskSource
{
public:
    virtual ~TaskSource() = default;

    // Starts one invocation now; the future fulfils with the task's value or
    // rejects with a Rejection carrying its error. When `signal` aborts first,
    // the source stops the work and rejects with Rejection::abortError() (the
    // recorder then marks the span aborted).
    virtual QFuture<QJsonValue> start(const Invocation &invocation, const AbortSignal &signal) = 0;
};

} // namespace asyncscope
