#pragma once

// A fake clock, like the fake timers JavaScript tests use: time only moves
// when run()/runUntil() fire the next timer, so runs are exact, instant and
// reproducible. Timers due at the same time fire in scheduling order.
// schedule()/cancel()/now() may be called from any thread (a future finished
// on a worker may cancel a timeout); callbacks run in the thread that calls run().

#include "clock.h"

#include <QHash>
#include <mutex>

#include <map>
#include <utility>

namespace asyncscope {

class VirtualClock final : public Clock
{
public:
    VirtualClock() = default;
    VirtualClock(const VirtualClock &) = delete;
    VirtualClock &operator=(const VirtualClock &) = delete;

    double now() const override;
    TimerId schedule(double delayMs, std::function<void()> callback) override;
    void cancel(TimerId id) override;

    // Fires timers in (due, scheduling order) until none is left; now()
    // advances to each timer's due time before its callback runs.
    void run();
    // Fires the timers due at or before `ms`, then sets now() to `ms`
    // (never backwards).
    void runUntil(double ms);

    bool hasPending() const;
    int pendingCount() const;
    quint64 firedCount() const;
    // The timer whose callback is running, 0 outside callbacks.
    TimerId currentTimer() const;

private:
    bool fireNext(double limitMs);

    using Key = std::pair<double, TimerId>; // due time, then scheduling order
    mutable std::mutex m_mutex;
    std::map<Key, std::function<void()>> m_timers;
    QHash<TimerId, double> m_dueById;
    double m_now = 0;
    TimerId m_lastId = 0;
    TimerId m_current = 0;
    quint64 m_fired = 0;
};

} // namespace asyncscope
