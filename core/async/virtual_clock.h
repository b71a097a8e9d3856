#pragma once

// A fake clock, like the fake timers JavaScript tests use: time only moves
// when run()/runUntil() fire the next timer, so runs are exact, instant and
// reproducible. Timers due at the same time fire in scheduling order.
// schedule()/cancel()/now() may be called from any thread (a future finished
// on a worker may cancel a timeout); callbacks run in the thread that calls run().

#include "clock.h"

#include <mutex>
#include <deque>
#include <utility>
#include <vector>

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

    // A 4-ary min-heap of (due, id) pairs. With a million timers pending (a
    // wide all()) firing one is a walk down the heap that misses the cache at
    // every level; four children per node sit in one 64-byte line and the
    // heap is half as deep as a binary one (std::push_heap/pop_heap), which
    // halves the misses. Callbacks live apart, indexed by id; a canceled
    // timer's callback is dropped at once and its heap entry is skipped when
    // it comes up.
    struct Due
    {
        double due;
        TimerId id; // scheduling order among equal due times
        bool operator<(const Due &other) const { return due != other.due ? due < other.due : id < other.id; }
    };
    void pushDue(Due entry);
    Due popHeap();
    const Due *peekDue(); // the next due of the heap and the sorted run, or null
    Due takeDue(const Due *peeked); // removes the entry peekDue() just returned
    static constexpr size_t kSortThreshold = 4096;
    std::function<void()> &callbackOf(TimerId id) { return m_callbacks[size_t(id - 1)]; }

    mutable std::mutex m_mutex;
    std::vector<Due> m_heap;
    // Timers taken from a big heap at once, sorted; read from m_runHead on.
    std::vector<Due> m_run;
    size_t m_runHead = 0;
    // A deque: a million callbacks grow it without a doubled copy at the peak.
    std::deque<std::function<void()>> m_callbacks; // per id (1-based); empty once fired or canceled
    int m_live = 0;           // scheduled, neither fired nor canceled
    double m_now = 0;
    TimerId m_lastId = 0;
    TimerId m_current = 0;
    quint64 m_fired = 0;
};

} // namespace asyncscope
