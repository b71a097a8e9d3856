#include "virtual_clock.h"

#include <algorithm>
#include <limits>

namespace asyncscope {

double VirtualClock::now() const
{
    std::unique_lock locker(m_mutex);
    return m_now;
}

TimerId VirtualClock::schedule(double delayMs, std::function<void()> callback)
{
    if (!callback)
        callback = [] {}; // an empty slot means "fired or canceled"
    std::unique_lock locker(m_mutex);
    const TimerId id = ++m_lastId;
    m_heap.push_back(Due{m_now + std::max(0.0, delayMs), id});
    std::push_heap(m_heap.begin(), m_heap.end(), Later());
    m_callbacks.push_back(std::move(callback));
    ++m_live;
    return id;
}

void VirtualClock::cancel(TimerId id)
{
    std::function<void()> dropped; // destroyed outside the lock: it may own futures
    std::unique_lock locker(m_mutex);
    if (id == 0 || id > m_lastId || !callbackOf(id))
        return;
    dropped = std::exchange(callbackOf(id), nullptr);
    --m_live;
    locker.unlock();
}

bool VirtualClock::fireNext(double limitMs)
{
    std::unique_lock locker(m_mutex);
    for (;;) {
        if (m_heap.empty() || m_heap.front().due > limitMs)
            return false;
        const Due next = m_heap.front();
        std::pop_heap(m_heap.begin(), m_heap.end(), Later());
        m_heap.pop_back();
        std::function<void()> callback = std::exchange(callbackOf(next.id), nullptr);
        if (!callback)
            continue; // canceled
        --m_live;
        m_now = std::max(m_now, next.due);
        const TimerId previous = std::exchange(m_current, next.id);
        ++m_fired;
        locker.unlock();
        callback();
        callback = nullptr; // destroyed outside the lock too
        locker.lock();
        m_current = previous;
        return true;
    }
}

void VirtualClock::run()
{
    while (fireNext(std::numeric_limits<double>::infinity())) {
    }
}

void VirtualClock::runUntil(double ms)
{
    while (fireNext(ms)) {
    }
    std::unique_lock locker(m_mutex);
    m_now = std::max(m_now, ms);
}

bool VirtualClock::hasPending() const
{
    std::unique_lock locker(m_mutex);
    return m_live > 0;
}

int VirtualClock::pendingCount() const
{
    std::unique_lock locker(m_mutex);
    return m_live;
}

quint64 VirtualClock::firedCount() const
{
    std::unique_lock locker(m_mutex);
    return m_fired;
}

TimerId VirtualClock::currentTimer() const
{
    std::unique_lock locker(m_mutex);
    return m_current;
}

} // namespace asyncscope
