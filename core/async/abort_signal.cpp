#include "abort_signal.h"

#include "rejection.h"

#include <map>
#include <mutex>

#include <utility>

namespace asyncscope {

struct AbortSignal::State
{
    std::mutex mutex;
    bool aborted = false;
    QJsonValue reason;
    ListenerId lastId = 0;
    // Ids grow, so the map's order is the order added; removal stays O(log n)
    // when thousands of operations under one abort() come and go.
    std::map<ListenerId, std::function<void()>> listeners;
};

bool AbortSignal::aborted() const
{
    if (!m_state)
        return false;
    std::unique_lock locker(m_state->mutex);
    return m_state->aborted;
}

QJsonValue AbortSignal::reason() const
{
    if (!m_state)
        return {};
    std::unique_lock locker(m_state->mutex);
    return m_state->aborted ? m_state->reason : QJsonValue();
}

AbortSignal::ListenerId AbortSignal::addListener(std::function<void()> listener) const
{
    if (!m_state)
        return 0; // can never fire
    std::unique_lock locker(m_state->mutex);
    const ListenerId id = ++m_state->lastId;
    if (m_state->aborted) {
        locker.unlock();
        listener();
        return id;
    }
    m_state->listeners.emplace(id, std::move(listener));
    return id;
}

void AbortSignal::removeListener(ListenerId id) const
{
    if (!m_state)
        return;
    std::function<void()> dropped; // destroyed outside the lock: it may own futures
    std::unique_lock locker(m_state->mutex);
    const auto it = m_state->listeners.find(id);
    if (it != m_state->listeners.end()) {
        dropped = std::move(it->second);
        m_state->listeners.erase(it);
    }
    locker.unlock();
}

AbortController::AbortController()
    : m_signal(std::make_shared<AbortSignal::State>())
{
}

void AbortController::abort(const QJsonValue &reason)
{
    AbortSignal::State &state = *m_signal.m_state;
    std::map<AbortSignal::ListenerId, std::function<void()>> toRun;
    {
        std::unique_lock locker(state.mutex);
        if (state.aborted)
            return;
        state.aborted = true;
        state.reason = reason.isUndefined() || reason.isNull() ? Rejection::defaultAbortReason() : reason;
        toRun.swap(state.listeners);
    }
    // Outside the lock, so listeners may add/remove listeners or read reason().
    for (auto &listener : toRun)
        listener.second();
}

} // namespace asyncscope
