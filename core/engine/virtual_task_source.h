#pragma once

// Invocations as timers on a Clock: each one settles after its drawn latency
// with the task's value, or its error when the draw says it fails. This is the
// whole "network" of a virtual run.

#include "clock.h"
#include "task_source.h"

namespace asyncscope {

class VirtualTaskSource final : public TaskSource
{
public:
    explicit VirtualTaskSource(Clock &clock) : m_clock(clock) {}

    void start(const Invocation &invocation, const AbortSignal &signal, std::shared_ptr<InvocationSink> sink) override;

private:
    Clock &m_clock; // not owned
};

} // namespace asyncscope
