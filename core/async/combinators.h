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

namespace detail {

// JavaScript's String(number) for the numbers a plan uses: 100 -> "100", 0.5 -> "0.5".
// The reason of a finished input, or nothing if it fulfilled.
template<class T>
std::optional<Rejection> rejectionOf(const QFuture<T> &future)
{
    if (!future.isCanceled()) // a failed future reports isCanceled() too
        return std::nullopt;
    QFutureInterfaceBase state = QFutureInterfaceBase::get(future);
    if (!state.hasException()) // canceled without a reason; exception() would crash here
        return Rejection::abortError();
    return toRejection(state.exceptionStore().exception());
}

// The value of a finished, fulfilled input (T{} if it finished without one).
template<class T>
T valueOf(const QFuture<T> &future)
{
    return future.resultCount() > 0 ? future.result() : T{};
}

template<class R>
void fulfilOut(QFutureInterface<R> &out, R value)
{
    out.reportResult(std::move(value));
    out.reportFinished();
}

template<class R>
void rejectOut(QFutureInterface<R> &out, const Rejection &reason)
{
    out.reportException(reason);
    out.reportFinished();
}

// Settles `out` the way a finished `input` did.
template<class T>
void forwardOut(QFutureInterface<T> &out, const QFuture<T> &input)
{
    if (auto reason = rejectionOf(input))
        rejectOut(out, *reason);
    else
        fulfilOut(out, valueOf(input));
}

// Calls a factory as `await start()` would: a throw becomes a rejection.
template<class T>
QFuture<T> invokeStart(const Start<T> &start)
{
    if (!start)
        return rejected<T>(Rejection(QStringLiteral("no operation to start")));
    try {
        return start();
    } catch (...) {
        return rejected<T>(toRejection(std::current_exception()));
    }
}

template<class R>
QFutureInterface<R> startedOut()
{
    QFutureInterface<R> out;
    out.reportStarted();
    return out;
}

// Drops one reference to a state made with `new` (see watchEach); the last deletes it.
template<class State>
void releaseState(State *state)
{
    if (state->references.fetch_sub(1, std::memory_order_acq_rel) == 1)
        delete state;
}

// For each input: call state->onSettled(index, future) once it has finished.
// Already-finished inputs skip the watch registry; inputs after the state has
// settled are not watched at all (their results would be ignored anyway).
// `state` is made with `new` and owns itself: each pending watch holds a
// reference, as does this call while it registers them, and the last one to
// let go deletes it. So each callback is a raw pointer and an index, which
// std::function keeps in its own small buffer: no allocation and no atomic
// shared_ptr copy per input (a wide all() has a million).
template<class T, class State>
void watchEach(State *state, const QList<QFuture<T>> &inputs)
{
    state->references.store(1, std::memory_order_relaxed);
    for (qsizetype i = 0; i < inputs.size(); ++i) {
        if (state->isSettled())
            break;
        const QFuture<T> &input = inputs.at(i);
        if (input.isFinished()) {
            state->onSettled(i, input);
            continue;
        }
        state->references.fetch_add(1, std::memory_order_relaxed);
        watchWith(input, [state, i](const QFuture<T> &done) {
            state->onSettled(i, done);
            releaseState(state);
        });
    }
    releaseState(state);
}

template<class R>
struct OnceOut
{
    OnceOut() : out(startedOut<R>()) { }
    bool isSettled() const { return settled.load(std::memory_order_acquire); }
    bool claim() { return !settled.exchange(true, std::memory_order_acq_rel); }

    QFutureInterface<R> out;
    std::atomic<bool> settled{false};
    std::atomic<qsizetype> references{0}; // see watchEach
};

template<class T>
struct AllState : OnceOut<QList<T>>
{
    explicit AllState(qsizetype n) : values(n), cells(values.data()), remaining(n) { }

    void onSettled(qsizetype index, const QFuture<T> &input)
    {
        if (this->isSettled())
            return;
        if (auto reason = rejectionOf(input)) {
            if (this->claim())
                rejectOut(this->out, *reason);
            return;
        }
        cells[index] = valueOf(input); // distinct slot per input: no lock needed
        if (remaining.fetch_sub(1, std::memory_order_acq_rel) == 1 && this->claim())
            fulfilOut(this->out, std::move(values));
    }

    QList<T> values;
    T *cells; // values.data(), taken once so no thread detaches the list
    std::atomic<qsizetype> remaining;
};

template<class T>
struct AllSettledState : OnceOut<QList<SettledResult<T>>>
{
    explicit AllSettledState(qsizetype n) : results(n), cells(results.data()), remaining(n) { }

    void onSettled(qsizetype index, const QFuture<T> &input)
    {
        SettledResult<T> &slot = cells[index];
        if (auto reason = rejectionOf(input)) {
            slot.reason = reason->reason();
        } else {
            slot.fulfilled = true;
            slot.value = valueOf(input);
        }
        if (remaining.fetch_sub(1, std::memory_order_acq_rel) == 1 && this->claim())
            fulfilOut(this->out, std::move(results));
    }

    QList<SettledResult<T>> results;
    SettledResult<T> *cells;
    std::atomic<qsizetype> remaining;
};

template<class T>
struct RaceState : OnceOut<T>
{
    void onSettled(qsizetype, const QFuture<T> &input)
    {
        if (this->claim())
            forwardOut(this->out, input);
    }
};

template<class T>
struct AnyState : OnceOut<T>
{
    explicit AnyState(qsizetype n) : reasons(n), cells(reasons.data()), remaining(n) { }

    void onSettled(qsizetype index, const QFuture<T> &input)
    {
        if (this->isSettled())
            return;
        if (auto reason = rejectionOf(input)) {
            cells[index] = reason->reason();
            if (remaining.fetch_sub(1, std::memory_order_acq_rel) == 1 && this->claim()) {
                QJsonArray errors;
                for (const QJsonValue &each : std::as_const(reasons))
                    errors.append(each);
                rejectOut(this->out, Rejection::aggregate(errors));
            }
            return;
        }
        if (this->claim())
            fulfilOut(this->out, valueOf(input));
    }

    QList<QJsonValue> reasons; // input order, as JavaScript's AggregateError.errors
    QJsonValue *cells;
    std::atomic<qsizetype> remaining;
};

} // namespace detail

// Promise.all: values in input order; rejects with the FIRST rejection while
// the other inputs keep running. all({}) fulfils [] at once.
template<class T>
QFuture<QList<T>> all(const QList<QFuture<T>> &inputs)
{
    if (inputs.isEmpty())
        return fulfilled(QList<T>());
    auto *state = new detail::AllState<T>(inputs.size());
    QFuture<QList<T>> result = state->out.future();
    detail::watchEach(state, inputs);
    return result;
}

// Promise.allSettled: waits for every input; never rejects.
template<class T>
QFuture<QList<SettledResult<T>>> allSettled(const QList<QFuture<T>> &inputs)
{
    if (inputs.isEmpty())
        return fulfilled(QList<SettledResult<T>>());
    auto *state = new detail::AllSettledState<T>(inputs.size());
    QFuture<QList<SettledResult<T>>> result = state->out.future();
    detail::watchEach(state, inputs);
    return result;
}

// Promise.race: settles like the first input to settle. race({}) never settles.
template<class T>
QFuture<T> race(const QList<QFuture<T>> &inputs)
{
    if (inputs.isEmpty())
        return never<T>();
    auto *state = new detail::RaceState<T>();
    QFuture<T> result = state->out.future();
    detail::watchEach(state, inputs);
    return result;
}

// Promise.any: the first fulfilment; if every input rejects, an AggregateError
// with the reasons in input order. any({}) rejects at once with errors [].
template<class T>
QFuture<T> any(const QList<QFuture<T>> &inputs)
{
    if (inputs.isEmpty())
        return rejected<T>(Rejection::aggregate({}));
    auto *state = new detail::AnyState<T>(inputs.size());
    QFuture<T> result = state->out.future();
    detail::watchEach(state, inputs);
    return result;
}

namespace detail {

template<class T>
struct SequenceState : std::enable_shared_from_this<SequenceState<T>>
{
    explicit SequenceState(QList<Start<T>> s) : steps(std::move(s)), out(startedOut<QList<T>>()) { }

    // A loop, not recursion, over steps that finish synchronously, so a long
    // sequence of ready steps cannot overflow the stack.
    void runFrom(qsizetype index)
    {
        for (; index < steps.size(); ++index) {
            const QFuture<T> step = invokeStart(steps.at(index));
            if (!step.isFinished()) {
                watchWith(step, [self = this->shared_from_this(), index](const QFuture<T> &done) {
                    if (self->take(done))
                        self->runFrom(index + 1);
                });
                return;
            }
            if (!take(step))
                return;
        }
        fulfilOut(out, std::move(values));
    }

    bool take(const QFuture<T> &step)
    {
        if (auto reason = rejectionOf(step)) {
            rejectOut(out, *reason);
            return false;
        }
        values.append(valueOf(step));
        return true;
    }

    QList<Start<T>> steps;
    QList<T> values; // touched by one step at a time: steps never overlap
    QFutureInterface<QList<T>> out;
};

template<class T>
struct PoolState : std::enable_shared_from_this<PoolState<T>>
{
    PoolState(int limit, QList<Start<T>> t)
        : tasks(std::move(t)), values(tasks.size()), cells(values.data()), remaining(tasks.size()),
          limit(limit), out(startedOut<QList<T>>())
    {
    }

    // Starts tasks while fewer than `limit` are in flight. Re-entrant calls
    // (a task that finishes synchronously, or on another thread meanwhile) only
    // ask the running pump to go round again, so the stack stays flat.
    void pump()
    {
        std::unique_lock locker(mutex);
        if (pumping) {
            again = true;
            return;
        }
        pumping = true;
        do {
            again = false;
            while (!settled && inFlight < limit && next < tasks.size()) {
                const qsizetype index = next++;
                ++inFlight;
                locker.unlock();
                const QFuture<T> task = invokeStart(tasks.at(index));
                watchWith(task, [self = this->shared_from_this(), index](const QFuture<T> &done) {
                    self->onSettled(index, done);
                });
                locker.lock();
            }
        } while (again);
        pumping = false;
    }

    void onSettled(qsizetype index, const QFuture<T> &task)
    {
        if (auto reason = rejectionOf(task)) {
            {
                std::unique_lock locker(mutex);
                --inFlight;
                if (settled)
                    return;
                settled = true;
            }
            rejectOut(out, *reason);
            return;
        }
        cells[index] = valueOf(task);
        bool finish = false;
        {
            std::unique_lock locker(mutex);
            --inFlight;
            if (settled)
                return;
            finish = --remaining == 0;
            settled = finish;
        }
        if (finish)
            fulfilOut(out, std::move(values));
        else
            pump();
    }

    QList<Start<T>> tasks;
    QList<T> values;
    T *cells;
    std::mutex mutex; // guards everything below
    qsizetype next = 0;
    qsizetype remaining;
    int inFlight = 0;
    int limit;
    bool pumping = false;
    bool again = false;
    bool settled = false;
    QFutureInterface<QList<T>> out;
};

} // namespace detail

// `for (const step of steps) out.push(await step())`: one after another;
// rejects at the first rejection and never starts the later steps.
template<class T>
QFuture<QList<T>> sequence(const QList<Start<T>> &steps)
{
    auto state = std::make_shared<detail::SequenceState<T>>(steps);
    QFuture<QList<T>> result = state->out.future();
    state->runFrom(0);
    return result;
}

// At most n tasks in flight, started in input order as cells free up; values
// in input order; rejects at the first rejection and starts nothing more.
// n < 1 is treated as 1.
template<class T>
QFuture<QList<T>> pool(int n, const QList<Start<T>> &tasks)
{
    if (tasks.isEmpty())
        return fulfilled(QList<T>());
    auto state = std::make_shared<detail::PoolState<T>>(qMax(1, n), tasks);
    QFuture<QList<T>> result = state->out.future();
    state->pump();
    return result;
}

namespace detail {

// Shared by the combinators that wait on a clock and may be aborted: one
// settle-once result, the pending timer and the abort listener, under a mutex.
template<class T>
struct TimedState
{
    TimedState(Clock &c, AbortSignal s) : clock(&c), signal(std::move(s)), out(startedOut<T>()) { }

    // Marks the state settled; returns false if it already was. Cancels the
    // pending timer and drops the abort listener.
    bool claim()
    {
        TimerId timer = 0;
        AbortSignal::ListenerId listener = 0;
        {
            std::unique_lock locker(mutex);
            if (settled)
                return false;
            settled = true;
            timer = std::exchange(pendingTimer, 0);
            listener = std::exchange(abortListener, 0);
        }
        if (timer)
            clock->cancel(timer);
        if (listener)
            signal.removeListener(listener);
        return true;
    }

    void settleLike(const QFuture<T> &input)
    {
        if (claim())
            forwardOut(out, input);
    }

    void settleRejected(const Rejection &reason)
    {
        if (claim())
            rejectOut(out, reason);
    }

    // Schedules `callback` unless the state settled meanwhile (a synchronous
    // input); a timer scheduled while another thread settles it is cancelled.
    void scheduleTimer(double ms, std::function<void()> callback)
    {
        {
            std::unique_lock locker(mutex);
            if (settled)
                return;
        }
        const TimerId id = clock->schedule(ms, std::move(callback));
        std::unique_lock locker(mutex);
        if (settled) {
            locker.unlock();
            clock->cancel(id);
            return;
        }
        pendingTimer = id;
    }

    // Called first thing in a timer callback: false if the state settled.
    bool timerFired()
    {
        std::unique_lock locker(mutex);
        pendingTimer = 0;
        return !settled;
    }

    // Rejects with abortError when the signal fires before the state settles.
    template<class Self>
    void listenForAbort(const std::shared_ptr<Self> &self)
    {
        const AbortSignal::ListenerId id = signal.addListener([self] {
            self->settleRejected(Rejection::abortError(self->signal.reason()));
        });
        std::unique_lock locker(mutex);
        if (settled) {
            locker.unlock();
            signal.removeListener(id);
            return;
        }
        abortListener = id;
    }

    Clock *clock; // not owned; outlives the timers
    AbortSignal signal;
    std::mutex mutex;
    bool settled = false;
    TimerId pendingTimer = 0;
    AbortSignal::ListenerId abortListener = 0;
    QFutureInterface<T> out;
};

template<class T>
struct HedgeState : TimedState<T>, std::enable_shared_from_this<HedgeState<T>>
{
    HedgeState(Clock &c, AbortSignal s, Start<T> f) : TimedState<T>(c, std::move(s)), fallback(std::move(f)) { }

    void onPrimary(const QFuture<T> &primary)
    {
        auto reason = rejectionOf(primary);
        if (!reason) {
            this->settleLike(primary);
            return;
        }
        bool startNow = false;
        std::optional<Rejection> both;
        TimerId timer = 0;
        {
            std::unique_lock locker(this->mutex);
            if (this->settled)
                return;
            primaryReason = reason->reason();
            if (fallbackReason) {
                both = Rejection::aggregate({*primaryReason, *fallbackReason});
            } else if (!fallbackStarted) {
                fallbackStarted = startNow = true;
                timer = std::exchange(this->pendingTimer, 0);
            }
        }
        if (timer)
            this->clock->cancel(timer);
        if (both)
            this->settleRejected(*both);
        if (startNow)
            startFallback();
    }

    void onDeadline()
    {
        {
            std::unique_lock locker(this->mutex);
            this->pendingTimer = 0;
            if (this->settled || fallbackStarted)
                return;
            fallbackStarted = true;
        }
        startFallback();
    }

    void startFallback()
    {
        const QFuture<T> started = invokeStart(fallback);
        watchWith(started, [self = this->shared_from_this()](const QFuture<T> &done) { self->onFallback(done); });
    }

    void onFallback(const QFuture<T> &done)
    {
        auto reason = rejectionOf(done);
        if (!reason) {
            this->settleLike(done);
            return;
        }
        std::optional<Rejection> both;
        {
            std::unique_lock locker(this->mutex);
            if (this->settled)
                return;
            fallbackReason = reason->reason();
            if (primaryReason)
                both = Rejection::aggregate({*primaryReason, *fallbackReason});
        }
        if (both)
            this->settleRejected(*both);
    }

    Start<T> fallback;
    bool fallbackStarted = false; // guarded by mutex, like the reasons
    std::optional<QJsonValue> primaryReason;
    std::optional<QJsonValue> fallbackReason;
};

template<class T>
struct RetryState : TimedState<T>, std::enable_shared_from_this<RetryState<T>>
{
    RetryState(Clock &c, AbortSignal s, Start<T> a, int n, double gap)
        : TimedState<T>(c, std::move(s)), attempt(std::move(a)), attempts(n), gapMs(gap)
    {
    }

    void startAttempt()
    {
        ++tried; // only one attempt is ever in flight
        const QFuture<T> started = invokeStart(attempt);
        watchWith(started, [self = this->shared_from_this()](const QFuture<T> &done) { self->onAttempt(done); });
    }

    void onAttempt(const QFuture<T> &done)
    {
        auto reason = rejectionOf(done);
        if (!reason || tried >= attempts) {
            this->settleLike(done);
            return;
        }
        this->scheduleTimer(gapMs, [self = this->shared_from_this()] {
            if (self->timerFired())
                self->startAttempt();
        });
    }

    Start<T> attempt;
    int attempts;
    double gapMs;
    int tried = 0;
};

} // namespace detail

// `race([input, rejectAfter(ms)])`: rejects with "Timed out after {ms}ms"
// unless the input settles first (then the timer is cancelled). The timer is
// scheduled after the input started, so an input due at the same millisecond wins.
template<class T>
QFuture<T> withTimeout(const QFuture<T> &input, double ms, Clock &clock)
{
    auto state = std::make_shared<detail::TimedState<T>>(clock, AbortSignal());
    QFuture<T> result = state->out.future();
    watchWith(input, [state](const QFuture<T> &done) { state->settleLike(done); });
    state->scheduleTimer(ms, [state, ms] {
        if (state->timerFired())
            state->settleRejected(Rejection(QStringLiteral("Timed out after %1ms").arg(jsNumber(ms))));
    });
    return result;
}

// `sleep(ms).then(() => start())`: starts the operation after ms and settles
// like it. If `signal` aborts during the sleep, the timer is cancelled, start
// is never called, and the result rejects with abortError. Once started, the
// operation is on its own (it may listen on the same signal).
template<class T>
QFuture<T> delay(double ms, Start<T> start, Clock &clock, const AbortSignal &signal = {})
{
    if (signal.aborted())
        return rejected<T>(Rejection::abortError(signal.reason()));
    struct DelayState : detail::TimedState<T>
    {
        using detail::TimedState<T>::TimedState;
        bool started = false; // guarded by mutex
    };
    auto state = std::make_shared<DelayState>(clock, signal);
    QFuture<T> result = state->out.future();
    state->scheduleTimer(ms, [state, start = std::move(start)] {
        AbortSignal::ListenerId listener = 0;
        {
            std::unique_lock locker(state->mutex);
            state->pendingTimer = 0;
            if (state->settled)
                return;
            state->started = true;
            listener = std::exchange(state->abortListener, 0);
        }
        if (listener)
            state->signal.removeListener(listener);
        const QFuture<T> operation = detail::invokeStart(start);
        watchWith(operation, [state](const QFuture<T> &done) { state->settleLike(done); });
    });
    // Abort only matters while sleeping.
    const AbortSignal::ListenerId id = state->signal.addListener([state] {
        {
            std::unique_lock locker(state->mutex);
            if (state->started)
                return;
        }
        state->settleRejected(Rejection::abortError(state->signal.reason()));
    });
    std::unique_lock locker(state->mutex);
    if (state->settled || state->started) {
        locker.unlock();
        state->signal.removeListener(id);
    } else {
        state->abortListener = id;
    }
    return result;
}

// A hedged request: primary starts at once; fallback starts at ms, or at once
// when primary rejects, whichever is first (never twice). The first fulfilment
// wins; if both reject: AggregateError [primaryReason, fallbackReason]. If
// primary fulfils before ms the timer is cancelled and fallback never starts.
// Aborting cancels the timer and rejects with abortError.
template<class T>
QFuture<T> hedge(Start<T> primary, Start<T> fallback, double ms, Clock &clock, const AbortSignal &signal = {})
{
    if (signal.aborted())
        return rejected<T>(Rejection::abortError(signal.reason()));
    auto state = std::make_shared<detail::HedgeState<T>>(clock, signal, std::move(fallback));
    QFuture<T> result = state->out.future();
    const QFuture<T> started = detail::invokeStart(primary);
    watchWith(started, [state](const QFuture<T> &done) { state->onPrimary(done); });
    bool needTimer = false;
    {
        std::unique_lock locker(state->mutex);
        needTimer = !state->fallbackStarted;
    }
    if (needTimer)
        state->scheduleTimer(ms, [state] { state->onDeadline(); });
    state->listenForAbort(state);
    return result;
}

// Tries `attempt` up to `attempts` times (n < 1 counts as 1), waiting gapMs on
// the clock between a failure and the next try; settles with the first
// fulfilment or, after the last failure, with the last reason. Aborting
// cancels a pending gap and rejects with abortError.
template<class T>
QFuture<T> retry(Start<T> attempt, int attempts, double gapMs, Clock &clock, const AbortSignal &signal = {})
{
    if (signal.aborted())
        return rejected<T>(Rejection::abortError(signal.reason()));
    auto state = std::make_shared<detail::RetryState<T>>(clock, signal, std::move(attempt), qMax(1, attempts), gapMs);
    QFuture<T> result = state->out.future();
    state->startAttempt();
    state->listenForAbort(state);
    return result;
}

// Opt-in propagation of an abort to the inputs: when `signal` fires, every
// input not yet finished gets QFuture::cancel(). Their producers see
// isCanceled() and should finish; the futures then read as aborted.
template<class T>
void cancelInputsOnAbort(const QList<QFuture<T>> &inputs, const AbortSignal &signal)
{
    signal.addListener([inputs] {
        for (QFuture<T> input : inputs) {
            if (!input.isFinished())
                input.cancel();
        }
    });
}

} // namespace asyncscope
