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
    std::unique_lock locker(m_mutex);
    const TimerId id = ++m_lastId;
    const double due = m_now + std::max(0.0, delayMs);
    m_timers.emplace(Key(due, id), std::move(callback));
    m_dueById.insert(id, due);
    return id;
}

void VirtualClock::cancel(TimerId id)
{
    std::function<void()> dropped; // destroyed outside the lock: it may own futures
    std::unique_lock locker(m_mutex);
    const auto due = m_dueById.constFind(id);
    if (due == m_dueById.constEnd())
        return;
    const auto timer = m_timers.find(Key(*due, id));
    dropped = std::move(timer->second);
    m_timers.erase(timer);
    m_dueById.erase(due);
    locker.unlock();
}

bool VirtualClock::fireNext(double limitMs)
{
    std::unique_lock locker(m_mutex);
    if (m_timers.empty() || m_timers.begin()->first.first > limitMs)
        return false;
    auto node = m_timers.extract(m_timers.begin());
    m_dueById.remove(node.key().second);
    m_now = std::max(m_now, node.key().first);
    const TimerId previous = m_current;
    m_current = node.key().second;
    ++m_fired;
    locker.unlock();

    node.mapped()();

    locker.lock();
    m_current = previous;
    return true;
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
    return !m_timers.empty();
}

int VirtualClock::pendingCount() const
{
    std::unique_lock locker(m_mutex);
    return int(m_timers.size());
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
