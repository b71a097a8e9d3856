#pragma once

// JavaScript's promise combinators over QFuture<T>, settling exactly when and
// how JavaScript would (SPEC §1).
//
// Design
// - Inputs are observed with watch() (future_watch.h), never .then(): a Qt 6.4
//   future keeps one continuation, and one input may feed several combinators.
// - Each combinator keeps its state in one shared object owned by the input
//   callbacks (and timers). The result is a QFutureInterface<R> in that state;
//   it settles exactly once, guarded by an atomic flag or a mutex, because input
//   callbacks run synchronously in whichever thread finishes the input.
// - A rejection travels as a Rejection exception in the future (reportException).
//   An input read as rejected is: one holding an exception (its reason via
//   toRejection()), or one canceled without an exception (Rejection::abortError()).
// - Work that loses (the others of all() after a rejection, the losers of a
//   race) keeps running, as in JavaScript: its late result is ignored.
// - Waiting combinators (withTimeout, delay, hedge, retry) take a Clock& that
//   must outlive their timers, and start their operands BEFORE scheduling their
//   own timer, so an operand and a timer due at the same millisecond resolve
//   in the operand's favour (as `withTimeout(fetch(), ms)` does in JS).
//
// Cancellation
// - delay/hedge/retry take an AbortSignal: when it fires before they settle,
//   their pending timer is cancelled, nothing more is started, and they reject
//   with Rejection::abortError(signal.reason()).
// - Cancelling a combined QFuture does NOT cancel its inputs (as in Qt, and as
//   in JS, where a promise cannot be cancelled at all). A caller that wants it
//   states it with an AbortController: cancelInputsOnAbort(inputs, signal)
//   calls QFuture::cancel() on every input still pending when the signal fires;
//   sources (timers, QNetworkReply) that listen on the same signal stop their
//   work and finish their futures, which then read as aborted. One explicit,
//   thread-safe signal per operation tree, the same model as the DOM's
//   AbortController, instead of guessing intent from QFuture::cancel().

#include "abort_signal.h"
#include "clock.h"
#include "future_watch.h"
#include "js_number.h"
#include "rejection.h"

#include <QFuture>
#include <QFutureInterface>
#include <QList>
#include <QLocale>
#include <mutex>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <utility>

namespace asyncscope {

template<class T>
struct SettledResult
{
    bool fulfilled = false;
    T value{};
    QJsonValue reason;
};

// A factory: each call starts one new invocation (like `() => fetch(url)`).
template<class T>
using Start = std::function<QFuture<T>()>;

// Already-settled futures (Promise.resolve / Promise.reject).
template<class T>
QFuture<T> fulfilled(T value)
{
    QFutureInterface<T> out;
    out.reportStarted();
    out.reportResult(std::move(value));
    out.reportFinished();
    return out.future();
}

template<class T>
QFuture<T> rejected(const Rejection &reason)
{
    QFutureInterface<T> out;
    out.reportStarted();
    out.reportException(reason);
    out.reportFinished();
    return out.future();
}

// A future that never settles (what race([]) returns). Unlike an unfinished
// QPromise, a bare QFutureInterface does not cancel itself when dropped.
template<class T>
QFuture<T> never()
{
    QFutureInterface<T> out;
    out.reportStarted();
    return out.future();
}

// The combinators. Their definitions, and the machinery they share in
// namespace detail, are in combinators_impl.h (settling: all, allSettled, race,
// any, sequence, pool) and combinators_timed_impl.h (on a Clock: withTimeout,
// delay, hedge, retry, cancelInputsOnAbort).

// Promise.all: values in input order; rejects with the FIRST rejection while
// the other inputs keep running. all({}) fulfils [] at once.
template<class T>
QFuture<QList<T>> all(const QList<QFuture<T>> &inputs);

// Promise.allSettled: waits for every input; never rejects.
template<class T>
QFuture<QList<SettledResult<T>>> allSettled(const QList<QFuture<T>> &inputs);

// Promise.race: settles like the first input to settle. race({}) never settles.
template<class T>
QFuture<T> race(const QList<QFuture<T>> &inputs);

// Promise.any: the first fulfilment; if every input rejects, an AggregateError
// with the reasons in input order. any({}) rejects at once with errors [].
template<class T>
QFuture<T> any(const QList<QFuture<T>> &inputs);

// `for (const step of steps) out.push(await step())`: one after another;
// rejects at the first rejection and never starts the later steps.
template<class T>
QFuture<QList<T>> sequence(const QList<Start<T>> &steps);

// At most n tasks in flight, started in input order as cells free up; values
// in input order; rejects at the first rejection and starts nothing more.
// n < 1 is treated as 1.
template<class T>
QFuture<QList<T>> pool(int n, const QList<Start<T>> &tasks);

// `race([input, rejectAfter(ms)])`: rejects with "Timed out after {ms}ms"
// unless the input settles first (then the timer is cancelled). The timer is
// scheduled after the input started, so an input due at the same millisecond wins.
template<class T>
QFuture<T> withTimeout(const QFuture<T> &input, double ms, Clock &clock);

// `sleep(ms).then(() => start())`: starts the operation after ms and settles
// like it. If `signal` aborts during the sleep, the timer is cancelled, start
// is never called, and the result rejects with abortError. Once started, the
// operation is on its own (it may listen on the same signal).
template<class T>
QFuture<T> delay(double ms, Start<T> start, Clock &clock, const AbortSignal &signal = {});

// A hedged request: primary starts at once; fallback starts at ms, or at once
// when primary rejects, whichever is first (never twice). The first fulfilment
// wins; if both reject: AggregateError [primaryReason, fallbackReason]. If
// primary fulfils before ms the timer is cancelled and fallback never starts.
// Aborting cancels the timer and rejects with abortError.
template<class T>
QFuture<T> hedge(Start<T> primary, Start<T> fallback, double ms, Clock &clock, const AbortSignal &signal = {});

// Tries `attempt` up to `attempts` times (n < 1 counts as 1), waiting gapMs on
// the clock between a failure and the next try; settles with the first
// fulfilment or, after the last failure, with the last reason. Aborting
// cancels a pending gap and rejects with abortError.
template<class T>
QFuture<T> retry(Start<T> attempt, int attempts, double gapMs, Clock &clock, const AbortSignal &signal = {});

// Opt-in propagation of an abort to the inputs: when `signal` fires, every
// input not yet finished gets QFuture::cancel(). Their producers see
// isCanceled() and should finish; the futures then read as aborted.
template<class T>
void cancelInputsOnAbort(const QList<QFuture<T>> &inputs, const AbortSignal &signal);

} // namespace asyncscope

#include "combinators_impl.h"
#include "combinators_timed_impl.h"
