#pragma once

// How long setTimeout(f, ms) waits in Node.js: ms, except that anything below
// 1 (0, negative, NaN) or above 2^31 - 1 waits 1 ms. The waiting combinators
// (timeout, delay, hedge, retry's gap) are setTimeout in the JavaScript they
// name, so their timers wait this long too: delay(0, a) starts a at 1 ms, as
// `sleep(0).then(fetchA)` does. resources/js/plan_worker.mjs (nodeDelay) and
// this function are the same rule.

namespace asyncscope {

inline double jsTimerDelay(double ms)
{
    constexpr double kTimeoutMax = 2147483647.0;
    return ms >= 1 && ms <= kTimeoutMax ? ms : 1.0;
}

} // namespace asyncscope
