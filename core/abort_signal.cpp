#include "abort_signal.h"

#include "rejection.h"

#include <QList>
#include <mutex>

#include <utility>

namespace asyncscope {

struct AbortSignal::State
{
    std::mutex mutex;
    bool aborted = false;
    QJsonValue reason;
    ListenerId lastId = 0;
    QList<std::pair<ListenerId, std::function<void()>>> listeners; // in the order added
};

AbortSignal::AbortSignal()
    : m_state(std::make_shared<State>())
{
}

bool AbortSignal::aborted() const
{
    std::unique_lock locker(m_state->mutex);
    return m_state->aborted;
}

QJsonValue AbortSignal::reason() const
{
    std::unique_lock locker(m_state->mutex);
    return m_state->aborted ? m_state->reason : QJsonValue();
}

AbortSignal::ListenerId AbortSignal::addListener(std::function<void()> listener) const
{
    std::unique_lock locker(m_state->mutex);
    const ListenerId id = ++m_state->lastId;
    if (m_state->aborted) {
        locker.unlock();
        listener();
        return id;
    }
    m_state->listeners.append({id, std::move(listener)});
    return id;
}

void AbortSignal::removeListener(ListenerId id) const
{
    std::function<void()> dropped; // destroyed outside the lock: it may own futures
    std::unique_lock locker(m_state->mutex);
    auto &listeners = m_state->listeners;
    for (auto it = listeners.begin(); it != listeners.end(); ++it) {
        if (it->first == id) {
            dropped = std::move(it->second);
            listeners.erase(it);
            break;
        }
    }
    locker.unlock();
}

AbortController::AbortController() = default;

void AbortController::abort(const QJsonValue &reason)
{
    AbortSignal::State &state = *m_signal.m_state;
    QList<std::pair<AbortSignal::ListenerId, std::function<void()>>> toRun;
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
