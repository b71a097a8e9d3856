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

    // A signal no controller owns: it never aborts, holds nothing and takes no
    // listeners (addListener drops them and returns 0). Operations outside any
    // abort() get this one, so a million of them allocate nothing for it.
    AbortSignal() = default;

    bool canAbort() const { return m_state != nullptr; } // false for the never-aborting signal
    bool aborted() const;
    QJsonValue reason() const; // "AbortError: This operation was aborted" unless given

    // Returns an id for removeListener; runs `listener` at once if already aborted.
    ListenerId addListener(std::function<void()> listener) const;
    void removeListener(ListenerId id) const;

private:
    friend class AbortController;
    struct State;
    explicit AbortSignal(std::shared_ptr<State> state) : m_state(std::move(state)) {}
    std::shared_ptr<State> m_state; // null: never aborts
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
