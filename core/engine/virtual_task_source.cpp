#include "virtual_task_source.h"

#include "rejection.h"

#include <memory>

namespace asyncscope {

namespace {

void settle(InvocationSink &sink, const TaskSpec &task, bool fails)
{
    if (fails)
        sink.reject(Rejection(task.reason()));
    else
        sink.fulfil(task.fulfilValue());
}

// One abortable invocation in flight: whichever of its timer and the abort
// signal comes first settles it; the other is then disarmed.
struct PendingInvocation
{
    std::shared_ptr<InvocationSink> sink;
    AbortSignal signal;
    AbortSignal::ListenerId listener = 0;
    TimerId timer = 0;
    bool settled = false;
};

} // namespace

void VirtualTaskSource::start(const Invocation &invocation, const AbortSignal &signal,
                              std::shared_ptr<InvocationSink> sink)
{
    if (signal.aborted()) {
        sink->reject(Rejection::abortError(signal.reason()));
        return;
    }
    const TaskSpec *task = invocation.task;
    const bool fails = invocation.fails;
    if (!signal.canAbort()) {
        // The common case (no abort() around it): just a timer, nothing to
        // disarm. The fails flag rides in the task pointer's low bit, so the
        // timer's callback is 24 bytes, not 32: with a million timers pending
        // that is 16 MB less (glibc rounds a 32-byte block up to 48).
        static_assert(alignof(TaskSpec) >= 2);
        const quintptr taskAndFails = quintptr(task) | quintptr(fails);
        m_clock.schedule(invocation.latencyMs, [sink = std::move(sink), taskAndFails] {
            settle(*sink, *reinterpret_cast<const TaskSpec *>(taskAndFails & ~quintptr(1)), taskAndFails & 1);
        });
        return;
    }

    auto pending = std::make_shared<PendingInvocation>();
    pending->sink = std::move(sink);
    pending->signal = signal;
    pending->timer = m_clock.schedule(invocation.latencyMs, [pending, task, fails] {
        if (pending->settled)
            return;
        pending->settled = true;
        pending->signal.removeListener(pending->listener);
        pending->signal = AbortSignal(); // breaks the pending -> signal -> listener -> pending cycle
        settle(*pending->sink, *task, fails);
    });
    Clock *clock = &m_clock;
    pending->listener = signal.addListener([pending, clock] {
        if (pending->settled)
            return;
        pending->settled = true;
        clock->cancel(pending->timer);
        const QJsonValue reason = pending->signal.reason();
        pending->signal = AbortSignal();
        pending->sink->reject(Rejection::abortError(reason));
    });
}

} // namespace asyncscope
