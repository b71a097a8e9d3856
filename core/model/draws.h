#pragma once

// Seeded random draws for one invocation (SPEC §2). The generator is derived
// from (seed, trial, task index, instance), not shared in call order, so every
// plan sees the same latency for "user #1" whatever else it starts first, and
// trials can run on any thread in any order with identical results.

#include "scenario.h"

namespace asyncscope {

struct InvocationDraw
{
    double latencyMs = 0; // never negative
    bool fails = false;
};

InvocationDraw drawInvocation(const TaskSpec &task, int taskIndex, int instance, quint64 seed, int trial);

} // namespace asyncscope
