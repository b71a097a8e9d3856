#pragma once

// Time for the combinators and sources. Two implementations: VirtualClock
// (exact, instant, reproducible; core/virtual_clock.h) and RealClock
// (QTimer + QElapsedTimer; core/real_clock.h). Combinators that wait
// (withTimeout, delay, hedge, retry) take a Clock& so the same code runs on both.

#include <QtGlobal>

#include <functional>

namespace asyncscope {

using TimerId = quint64;

class Clock
{
public:
    virtual ~Clock() = default;

    // Milliseconds since the clock's origin (a plan starts at 0).
    virtual double now() const = 0;

    // Calls `callback` once, `delayMs` from now. Timers due at the same
    // time fire in the order they were scheduled.
    virtual TimerId schedule(double delayMs, std::function<void()> callback) = 0;

    // Stops a timer that has not fired; a no-op for fired or unknown ids.
    virtual void cancel(TimerId id) = 0;
};

} // namespace asyncscope
