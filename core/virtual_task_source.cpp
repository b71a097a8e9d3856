#include "virtual_task_source.h"

#include "rejection.h"

#include <QPromise>

#include <memory>

namespace asyncscope {

namespace {

// One invocation in flight: whichever of its timer and the abort signal comes
// first settles it; the other is then disarmed.
struct PendingInvocation
{
    QPromise<QJsonValue> promise;
    AbortSignal signal;
    AbortSignal::ListenerId listener = 0;
    TimerId timer = 0;
    bool settled = false;
};

} // namespace

QFuture<QJsonValue> VirtualTaskSource::start(const Invocation &invocation, const AbortSignal &signal)
{
    auto pending = std::make_shared<PendingInvocation>();
    pending->signal = signal;
    pending->promise.start();
    QFuture<QJsonValue> future = pending->promise.future();

    if (signal.aborted()) {
        pending->promise.setException(Rejection::abortError(signal.reason()));
        pending->promise.finish();
        return future;
    }

    const TaskSpec *task = invocation.task;
    const bool fails = invocation.fails;
    pending->timer = m_clock.schedule(invocation.latencyMs, [pending, task, fails] {
        if (pending->settled)
            return;
        pending->settled = true;
        pending->signal.removeListener(pending->listener);
        pending->signal = AbortSignal(); // breaks the pending -> signal -> listener -> pending cycle
        if (fails)
            pending->promise.setException(Rejection(task->reason()));
        else
            pending->promise.addResult(task->fulfilValue());
        pending->promise.finish();
    });
    Clock *clock = &m_clock;
    pending->listener = signal.addListener([pending, clock] {
        if (pending->settled)
            return;
        pending->settled = true;
        clock->cancel(pending->timer);
        pending->promise.setException(Rejection::abortError(pending->signal.reason()));
        pending->promise.finish();
        pending->signal = AbortSignal();
    });
    return future;
}

} // namespace asyncscope
