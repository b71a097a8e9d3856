#pragma once

// watch(): any number of callbacks on one QFuture.
//
// Why: in Qt 6.4 a QFuture keeps ONE continuation, so a second .then() on the
// same future silently replaces the first, and .then(QFuture<T>) is not called
// at all when the future is canceled without an exception. Two combinators
// watching one input (all(a, b) and race(a, c)) would break each other.
//
// Design: a process-wide registry, keyed by the identity of the future's
// shared state (the address of its mutex, unique per state), holds for each
// watched pending future a reference to its state and the list of callbacks.
// The first watch() installs the state's single continuation, a plain
// function that takes the entry out of the registry and runs its callbacks in
// registration order. It is installed with QFutureInterfaceBase::
// setContinuation (the primitive under .then()), which runs on EVERY way of
// finishing: result, exception, or plain cancellation, synchronously in the
// thread that finishes the future. The registry is sharded and uses
// std::mutex (visible to ThreadSanitizer).
//
// Rules for the rest of the code base: do not call .then()/onFailed()/
// onCanceled() on a future that may also be watched (it would replace the
// shared continuation); use watch(). A watched future that never finishes
// stays in the registry (with its callbacks) for the life of the process.

#include <QFuture>
#include <QFutureInterface>

#include <functional>
#include <utility>

namespace asyncscope {

namespace detail {

using StateCallback = std::function<void(const QFutureInterfaceBase &)>;

// Registers `callback` on the shared state; runs it at once if finished.
void watchState(const QFutureInterfaceBase &state, StateCallback callback);

// Number of pending futures in the registry (for tests and leak checks).
int watchedStateCount();

} // namespace detail

// Calls `callback(future)` once the future has finished (fulfilled, failed or
// canceled): synchronously in the thread that finishes it, or at once in this
// thread if it already has. Callbacks of one future run in registration order.
// Any copyable callable taking `const QFuture<T> &` works; templated so the
// combinators avoid one type-erasure layer.
template<class T, class Callback>
void watchWith(const QFuture<T> &future, Callback &&callback)
{
    if (future.isFinished()) {
        callback(future);
        return;
    }
    detail::watchState(QFutureInterfaceBase::get(future),
                       [callback = std::forward<Callback>(callback)](const QFutureInterfaceBase &state) mutable {
                           callback(QFutureInterface<T>(state).future());
                       });
}

template<class T>
void watch(const QFuture<T> &future, std::function<void(const QFuture<T> &)> callback)
{
    watchWith(future, std::move(callback));
}

} // namespace asyncscope
