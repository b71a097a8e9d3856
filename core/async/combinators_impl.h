#pragma once

// The settling combinators: all, allSettled, race, any, sequence and pool.
// The public API and its documentation are in combinators.h; include that,
// not this file (as qtbase keeps qfuture_impl.h apart from qfuture.h).

#include "combinators.h"

namespace asyncscope {

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

    // Starts the first min(limit, tasks) tasks before reacting to any of them,
    // as JavaScript's pool does: each of its workers starts its first task and
    // awaits it, and an await yields even for a promise that settled at once.
    // So pool(2, any(), a) still starts a. Then pump() keeps the pool full.
    void launch()
    {
        {
            std::unique_lock locker(mutex);
            pumping = true; // an early result only asks the pump to go round
        }
        const qsizetype first = std::min<qsizetype>(limit, tasks.size());
        QList<QFuture<T>> started;
        started.reserve(first);
        for (qsizetype index = 0; index < first; ++index) {
            {
                std::unique_lock locker(mutex);
                ++next;
                ++inFlight;
            }
            started << invokeStart(tasks.at(index));
        }
        for (qsizetype index = 0; index < first; ++index) {
            watchWith(started.at(index), [self = this->shared_from_this(), index](const QFuture<T> &done) {
                self->onSettled(index, done);
            });
        }
        {
            std::unique_lock locker(mutex);
            pumping = false;
        }
        pump();
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

template<class T>
QFuture<QList<T>> sequence(const QList<Start<T>> &steps)
{
    auto state = std::make_shared<detail::SequenceState<T>>(steps);
    QFuture<QList<T>> result = state->out.future();
    state->runFrom(0);
    return result;
}

template<class T>
QFuture<QList<T>> pool(int n, const QList<Start<T>> &tasks)
{
    if (tasks.isEmpty())
        return fulfilled(QList<T>());
    auto state = std::make_shared<detail::PoolState<T>>(qMax(1, n), tasks);
    QFuture<QList<T>> result = state->out.future();
    state->launch();
    return result;
}

} // namespace asyncscope
