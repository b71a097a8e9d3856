#pragma once

// AbortController / AbortSignal, as in the DOM: one controller, any number of
// listeners. Sources (timers, QNetworkReply) register a listener and stop their
// work when it fires, marking it aborted. Thread-safe: abort() may be called
// from any thread; a listener added after abort() runs at once.

#include <QJsonValue>

#include <functional>
#include <memory>

namespace asyncscope {

class AbortSignal
{
public:
    using ListenerId = quint64;

    AbortSignal(); // a signal that never aborts unless its controller says so

    bool aborted() const;
    QJsonValue reason() const; // "AbortError: This operation was aborted" unless given

    // Returns an id for removeListener; runs `listener` at once if already aborted.
    ListenerId addListener(std::function<void()> listener) const;
    void removeListener(ListenerId id) const;

private:
    friend class AbortController;
    struct State;
    std::shared_ptr<State> m_state;
};

class AbortController
{
public:
    AbortController();

    AbortSignal signal() const { return m_signal; }
    // Fires every listener once, in the order they were added. Later calls do nothing.
    void abort(const QJsonValue &reason = {});

private:
    AbortSignal m_signal;
};

} // namespace asyncscope
