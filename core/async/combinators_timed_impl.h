#pragma once

// The combinators on a Clock: withTimeout, delay, hedge, retry, cancelInputsOnAbort.
// The public API and its documentation are in combinators.h; include that,
// not this file (as qtbase keeps qfuture_impl.h apart from qfuture.h).

#include "combinators.h"
#include "js_timer_delay.h"

namespace asyncscope {

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
    // It waits as setTimeout(callback, ms) does in Node (0 ms waits 1).
    void scheduleTimer(double ms, std::function<void()> callback)
    {
        {
            std::unique_lock locker(mutex);
            if (settled)
                return;
        }
        const TimerId id = clock->schedule(jsTimerDelay(ms), std::move(callback));
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

template<class T>
QFuture<T> delay(double ms, Start<T> start, Clock &clock, const AbortSignal &signal)
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

template<class T>
QFuture<T> hedge(Start<T> primary, Start<T> fallback, double ms, Clock &clock, const AbortSignal &signal)
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

template<class T>
QFuture<T> retry(Start<T> attempt, int attempts, double gapMs, Clock &clock, const AbortSignal &signal)
{
    if (signal.aborted())
        return rejected<T>(Rejection::abortError(signal.reason()));
    auto state = std::make_shared<detail::RetryState<T>>(clock, signal, std::move(attempt), qMax(1, attempts), gapMs);
    QFuture<T> result = state->out.future();
    state->startAttempt();
    state->listenForAbort(state);
    return result;
}

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
