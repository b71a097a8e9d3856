#include "plan_runner.h"

#include "combinators_json.h"
#include "draws.h"

#include <QSet>

#include <algorithm>
#include <numeric>

namespace asyncscope {

// What encloses an expression being evaluated: the chain of combinator nodes
// (for discarding) and the abort signal of the innermost abort() (or none).
struct PlanRunner::Context
{
    QList<int> ancestors;
    AbortSignal signal;
    bool abortable = false; // under some abort()

    // Outside abort() nothing can fire the signal; a private one per operation
    // keeps 100k invocations from all listening on (and removing from) one list.
    AbortSignal signalForOperation() const { return abortable ? signal : AbortSignal(); }
};

struct PlanRunner::SpanRecord
{
    Span span;
    QList<int> ancestors;
};

// One invocation from the moment it is asked for until its source settles it.
struct PlanRunner::InvocationPromise
{
    QFutureInterface<QJsonValue> out = detail::startedOut<QJsonValue>();
    Invocation invocation;
    int record = -1;
    AbortSignal signal;
    QString host;                         // non-empty when a connection limit applies
    AbortSignal::ListenerId queuedListener = 0; // while waiting for a connection
};

struct PlanRunner::HostSlots
{
    int inFlight = 0;
    std::deque<std::shared_ptr<InvocationPromise>> queue; // waiting, in start order
};

// Forwards to the runner's clock and names the timer while its callback runs,
// so a plan settled by it (timeout(500), ...) can say so.
class PlanRunner::LabelledClock final : public Clock
{
public:
    LabelledClock(PlanRunner &runner, QString label) : m_runner(runner), m_label(std::move(label)) {}

    double now() const override { return m_runner.m_clock.now(); }
    TimerId schedule(double delayMs, std::function<void()> callback) override
    {
        return m_runner.m_clock.schedule(delayMs, [runner = &m_runner, alive = m_runner.m_alive, label = m_label,
                                                   callback = std::move(callback)] {
            if (!*alive) {
                callback();
                return;
            }
            const Cause outer = std::exchange(runner->m_current, Cause{-1, label});
            callback();
            runner->m_current = outer;
        });
    }
    void cancel(TimerId id) override { m_runner.m_clock.cancel(id); }

private:
    PlanRunner &m_runner; // not owned; outlives this
    QString m_label;
};

namespace {

QString number(double value)
{
    return detail::jsNumber(value);
}

} // namespace

PlanRunner::PlanRunner(const Scenario &scenario, Clock &clock, TaskSource &source, quint64 seed, int trial)
    : m_scenario(scenario)
    , m_clock(clock)
    , m_source(source)
    , m_seed(seed)
    , m_trial(trial)
    , m_alive(std::make_shared<bool>(true))
    , m_nextInstance(size_t(scenario.tasks.size()), 0)
{
}

PlanRunner::~PlanRunner()
{
    // Futures that never settled may be dropped later and call back; they find this flag.
    *m_alive = false;
}

double PlanRunner::elapsed() const
{
    return m_clock.now() - m_origin;
}

QFuture<QJsonValue> PlanRunner::start(const PlanSpec &plan)
{
    m_plan = plan; // the expression tree lives here while lazy steps refer to it
    m_origin = m_clock.now();
    Context plan_context;
    const int planNode = openNode(Context{}, &plan_context);
    m_root = closeNode(planNode, evaluate(m_plan.expr, plan_context));
    watchWith(m_root, [this, alive = m_alive](const QFuture<QJsonValue> &done) {
        if (!*alive)
            return;
        m_settled = true;
        m_settledMs = elapsed();
        m_cause = m_current;
        if (auto reason = detail::rejectionOf(done)) {
            m_outcome = PlanOutcome::Rejected;
            m_result = reason->reason();
        } else {
            m_outcome = PlanOutcome::Fulfilled;
            m_result = detail::valueOf(done);
        }
        checkFinished();
    });
    return m_root;
}

int PlanRunner::openNode(const Context &parent, Context *child)
{
    const int node = int(m_nodeSettled.size());
    m_nodeSettled.push_back(0);
    child->ancestors = parent.ancestors;
    child->ancestors.append(node);
    child->signal = parent.signal;
    child->abortable = parent.abortable;
    return node;
}

QFuture<QJsonValue> PlanRunner::closeNode(int node, const QFuture<QJsonValue> &future)
{
    // Registered before the enclosing combinator watches this future, so the
    // node counts as settled before anything reacts to it.
    watchWith(future, [this, alive = m_alive, node](const QFuture<QJsonValue> &) {
        if (*alive)
            m_nodeSettled[size_t(node)] = 1;
    });
    return future;
}

int PlanRunner::taskIndex(const QString &id)
{
    if (m_taskIndex.isEmpty()) {
        m_taskIndex.reserve(m_scenario.tasks.size());
        for (qsizetype i = 0; i < m_scenario.tasks.size(); ++i)
            m_taskIndex.insert(m_scenario.tasks.at(i).id, int(i));
    }
    return m_taskIndex.value(id, -1);
}

Clock &PlanRunner::labelledClock(const QString &label)
{
    m_clocks.push_back(std::make_unique<LabelledClock>(*this, label));
    return *m_clocks.back();
}

std::function<QFuture<QJsonValue>()> PlanRunner::deferred(const Expr &expr, const Context &context)
{
    return [this, alive = m_alive, expr = &expr, context] {
        if (!*alive)
            return rejected<QJsonValue>(Rejection::abortError());
        // Nothing new starts under an abort() that already fired (a hedge's
        // fallback, the next retry or seq step): it rejects as aborted, no span.
        if (context.abortable && context.signal.aborted())
            return rejected<QJsonValue>(Rejection::abortError(context.signal.reason()));
        return evaluate(*expr, context);
    };
}

QFuture<QJsonValue> PlanRunner::evaluate(const Expr &expr, const Context &context)
{
    switch (expr.kind) {
    case Expr::Kind::Task:
        return invoke(taskIndex(expr.name), context);
    case Expr::Kind::Number:
        return fulfilled(QJsonValue(expr.number)); // the parser refuses numbers in operand places
    case Expr::Kind::Call:
        return evaluateCall(expr, context);
    }
    return rejected<QJsonValue>(Rejection(QStringLiteral("unknown expression")));
}

QFuture<QJsonValue> PlanRunner::evaluateCall(const Expr &expr, const Context &context)
{
    Context inner;
    const int node = openNode(context, &inner);
    const std::vector<Expr> &args = expr.args;
    auto numberAt = [&args](size_t i) { return i < args.size() ? args[i].number : 0.0; };
    // Operands start left to right (evaluate() starts them), before any timer of this combinator.
    auto startAll = [&](size_t from) {
        QList<QFuture<QJsonValue>> futures;
        for (size_t i = from; i < args.size(); ++i)
            futures << evaluate(args[i], inner);
        return futures;
    };
    auto deferAll = [&](size_t from) {
        QList<JsonStart> starts;
        for (size_t i = from; i < args.size(); ++i)
            starts << deferred(args[i], inner);
        return starts;
    };

    QFuture<QJsonValue> result;
    switch (expr.combinator) {
    case Combinator::Seq:
        result = sequenceJson(deferAll(0));
        break;
    case Combinator::All:
        result = allJson(startAll(0));
        break;
    case Combinator::AllSettled:
        result = allSettledJson(startAll(0));
        break;
    case Combinator::Race:
        result = race(startAll(0));
        break;
    case Combinator::Any:
        result = any(startAll(0));
        break;
    case Combinator::Timeout: {
        const QFuture<QJsonValue> operation = evaluate(args.at(0), inner);
        const double ms = numberAt(1);
        result = withTimeout(operation, ms, labelledClock(QStringLiteral("timeout(%1)").arg(number(ms))));
        break;
    }
    case Combinator::Delay: {
        const double ms = numberAt(0);
        result = delay<QJsonValue>(ms, deferred(args.at(1), inner),
                                   labelledClock(QStringLiteral("delay(%1)").arg(number(ms))), inner.signalForOperation());
        break;
    }
    case Combinator::Hedge:
        result = hedge<QJsonValue>(deferred(args.at(0), inner), deferred(args.at(1), inner), numberAt(2),
                                   labelledClock(QStringLiteral("hedge deadline")), inner.signalForOperation());
        break;
    case Combinator::Retry:
        result = retry<QJsonValue>(deferred(args.at(0), inner), int(numberAt(1)), numberAt(2),
                                   labelledClock(QStringLiteral("retry gap")), inner.signalForOperation());
        break;
    case Combinator::Pool:
        result = poolJson(int(numberAt(0)), deferAll(1));
        break;
    case Combinator::Graph:
        result = evaluateGraph(expr, inner, false);
        break;
    case Combinator::Levels:
        result = evaluateGraph(expr, inner, true);
        break;
    case Combinator::Abort: {
        // One controller per abort(); an enclosing abort() aborts this one too.
        auto controller = std::make_shared<AbortController>();
        const AbortSignal outer = context.signal;
        const AbortSignal::ListenerId forward =
            context.abortable ? outer.addListener([controller] { controller->abort(); }) : 0;
        inner.signal = controller->signal();
        inner.abortable = true;
        const QFuture<QJsonValue> operation = evaluate(args.at(0), inner);
        QFutureInterface<QJsonValue> out = detail::startedOut<QJsonValue>();
        result = out.future();
        // As `try { return await p(signal) } finally { controller.abort() }`: abort, then settle.
        watchWith(operation, [controller, outer, forward, out](const QFuture<QJsonValue> &done) mutable {
            if (forward)
                outer.removeListener(forward);
            controller->abort();
            detail::forwardOut(out, done);
        });
        break;
    }
    }
    return closeNode(node, result);
}

QFuture<QJsonValue> PlanRunner::evaluateGraph(const Expr &expr, const Context &context, bool byLevels)
{
    QList<int> listed;
    if (expr.args.empty()) {
        listed.resize(m_scenario.tasks.size());
        std::iota(listed.begin(), listed.end(), 0);
    } else {
        for (const Expr &arg : expr.args)
            listed << taskIndex(arg.name);
    }
    const QSet<int> members(listed.cbegin(), listed.cend());
    auto needsOf = [this, &members](int task) {
        QList<int> needs;
        for (const QString &id : m_scenario.tasks.at(task).needs) {
            const int need = taskIndex(id);
            if (members.contains(need)) // the parser refuses needs outside the graph
                needs << need;
        }
        return needs;
    };

    if (!byLevels) {
        // Eager: each task waits for all of its needs (all() fails fast), then starts.
        QHash<int, QFuture<QJsonValue>> started;
        QSet<int> visiting;
        std::function<QFuture<QJsonValue>(int)> futureOf = [&](int task) -> QFuture<QJsonValue> {
            if (const auto it = started.constFind(task); it != started.cend())
                return *it;
            if (visiting.contains(task))
                return rejected<QJsonValue>(Rejection(QStringLiteral("dependency cycle at \"%1\"")
                                                          .arg(m_scenario.tasks.at(task).id)));
            visiting.insert(task);
            QFuture<QJsonValue> future;
            const QList<int> needs = needsOf(task);
            if (needs.isEmpty()) {
                future = invoke(task, context);
            } else {
                QList<QFuture<QJsonValue>> gates;
                for (int need : needs)
                    gates << futureOf(need);
                // As all(needs) then the task, without the futures of all(), seq() and a map per
                // task (graph() of 1M tasks): a countdown of unfulfilled needs starts the task;
                // the first need to reject rejects it (all() fails fast).
                struct NeedsGate
                {
                    QFutureInterface<QJsonValue> out = detail::startedOut<QJsonValue>();
                    qsizetype waiting = 0;
                    bool settled = false;
                };
                auto gate = std::make_shared<NeedsGate>();
                gate->waiting = gates.size();
                future = gate->out.future();
                auto startTask = [this, alive = m_alive, task, context, gate] {
                    if (!*alive || (context.abortable && context.signal.aborted())) {
                        detail::rejectOut(gate->out, Rejection::abortError(context.signal.reason()));
                        return;
                    }
                    watchWith(invoke(task, context),
                              [gate](const QFuture<QJsonValue> &done) { detail::forwardOut(gate->out, done); });
                };
                for (const QFuture<QJsonValue> &need : std::as_const(gates)) {
                    if (gate->settled)
                        break; // as all(): after a rejection the other inputs are not watched
                    watchWith(need, [gate, startTask](const QFuture<QJsonValue> &done) {
                        if (gate->settled)
                            return;
                        if (const std::optional<Rejection> reason = detail::rejectionOf(done)) {
                            gate->settled = true;
                            detail::rejectOut(gate->out, *reason);
                        } else if (--gate->waiting == 0) {
                            gate->settled = true;
                            startTask();
                        }
                    });
                }
            }
            visiting.remove(task);
            started.insert(task, future);
            return future;
        };
        QList<QFuture<QJsonValue>> values;
        for (int task : listed)
            values << futureOf(task);
        return allJson(values);
    }

    // By levels: level = the longest path from a root; all() per level, one level after another.
    QHash<int, int> levelOf;
    std::function<int(int, int)> level = [&](int task, int depth) -> int {
        if (const auto it = levelOf.constFind(task); it != levelOf.cend())
            return *it;
        int result = 0;
        if (depth <= listed.size()) { // deeper means a cycle: stop counting
            for (int need : needsOf(task))
                result = std::max(result, level(need, depth + 1) + 1);
        }
        levelOf.insert(task, result);
        return result;
    };
    int levels = 0;
    for (int task : listed)
        levels = std::max(levels, level(task, 0) + 1);
    QList<QList<int>> byLevel(levels);
    for (int task : listed)
        byLevel[levelOf.value(task)] << task;

    QList<JsonStart> steps;
    for (const QList<int> &tasks : std::as_const(byLevel)) {
        steps << [this, alive = m_alive, tasks, context] {
            if (!*alive || (context.abortable && context.signal.aborted()))
                return rejected<QJsonValue>(Rejection::abortError(context.signal.reason()));
            QList<QFuture<QJsonValue>> futures;
            for (int task : tasks)
                futures << invoke(task, context);
            return allJson(futures);
        };
    }
    // Back to listed order: the value of graph(...) and levels(...) is the same.
    return mapToJson<QJsonValue>(sequenceJson(steps), [byLevel, listed](const QJsonValue &value) {
        const QJsonArray perLevel = value.toArray();
        QHash<int, QJsonValue> valueOf;
        for (qsizetype l = 0; l < byLevel.size() && l < perLevel.size(); ++l) {
            const QJsonArray values = perLevel.at(l).toArray();
            for (qsizetype i = 0; i < byLevel.at(l).size() && i < values.size(); ++i)
                valueOf.insert(byLevel.at(l).at(i), values.at(i));
        }
        QJsonArray ordered;
        for (int task : listed)
            ordered.append(valueOf.value(task));
        return QJsonValue(ordered);
    });
}

QFuture<QJsonValue> PlanRunner::invoke(int taskIndex, const Context &context)
{
    if (taskIndex < 0 || taskIndex >= m_scenario.tasks.size())
        return rejected<QJsonValue>(Rejection(QStringLiteral("unknown task")));
    const TaskSpec &task = m_scenario.tasks.at(taskIndex);
    const int instance = ++m_nextInstance[size_t(taskIndex)];
    const InvocationDraw draw = drawInvocation(task, taskIndex, instance, m_seed, m_trial);

    auto promise = std::make_shared<InvocationPromise>();
    promise->invocation = Invocation{taskIndex, &task, instance, draw.latencyMs, draw.fails};
    promise->record = int(m_records.size());
    promise->signal = context.signalForOperation();
    SpanRecord record;
    record.span.task = task.id;
    record.span.instance = instance;
    record.span.queuedMs = record.span.startMs = elapsed();
    record.ancestors = context.ancestors;
    m_records.push_back(std::move(record));
    ++m_pendingSpans;
    const QFuture<QJsonValue> future = promise->out.future();

    if (m_scenario.connectionsPerHost && !task.host.isEmpty()) {
        promise->host = task.host;
        HostSlots &connections = m_hosts[task.host];
        if (connections.inFlight >= *m_scenario.connectionsPerHost) {
            // Wait for a connection, as an HTTP/1.1 client does; an abort meanwhile drops the request.
            connections.queue.push_back(promise);
            promise->queuedListener = promise->signal.addListener([this, alive = m_alive, promise] {
                if (*alive)
                    dequeueAborted(promise);
            });
            return future;
        }
        ++connections.inFlight;
    }
    launch(promise);
    return future;
}

void PlanRunner::launch(const std::shared_ptr<InvocationPromise> &promise)
{
    m_records[size_t(promise->record)].span.startMs = elapsed();
    const QFuture<QJsonValue> started = m_source.start(promise->invocation, promise->signal);
    watchWith(started, [this, alive = m_alive, promise](const QFuture<QJsonValue> &done) {
        if (*alive)
            onSourceSettled(promise, done);
    });
}

void PlanRunner::onSourceSettled(const std::shared_ptr<InvocationPromise> &promise, const QFuture<QJsonValue> &done)
{
    SpanRecord &record = m_records[size_t(promise->record)];
    Span &span = record.span;
    span.endMs = elapsed();
    const std::optional<Rejection> reason = detail::rejectionOf(done);
    if (reason) {
        span.outcome = reason->isAbort() ? SpanOutcome::Aborted : SpanOutcome::Rejected;
        span.result = reason->reason();
    } else {
        span.outcome = SpanOutcome::Fulfilled;
        span.result = detail::valueOf(done);
    }
    if (span.outcome != SpanOutcome::Aborted) {
        span.discarded = std::any_of(record.ancestors.cbegin(), record.ancestors.cend(),
                                     [this](int node) { return m_nodeSettled[size_t(node)] != 0; });
    }
    --m_pendingSpans;
    if (!promise->host.isEmpty())
        releaseHostSlot(promise->host); // the connection is free before anyone reacts to the response

    // Whatever settles while this result propagates was settled by this span (an abort is a consequence, not a cause).
    const Cause outer = m_current;
    if (span.outcome != SpanOutcome::Aborted)
        m_current = Cause{promise->record, {}};
    detail::forwardOut(promise->out, done);
    m_current = outer;
    checkFinished();
}

void PlanRunner::releaseHostSlot(const QString &host)
{
    HostSlots &connections = m_hosts[host];
    --connections.inFlight;
    while (connections.inFlight < m_scenario.connectionsPerHost.value_or(1) && !connections.queue.empty()) {
        std::shared_ptr<InvocationPromise> next = connections.queue.front();
        connections.queue.pop_front();
        next->signal.removeListener(next->queuedListener);
        ++connections.inFlight;
        launch(next);
    }
}

void PlanRunner::dequeueAborted(const std::shared_ptr<InvocationPromise> &promise)
{
    HostSlots &connections = m_hosts[promise->host];
    const auto it = std::find(connections.queue.begin(), connections.queue.end(), promise);
    if (it == connections.queue.end())
        return;
    connections.queue.erase(it);
    Span &span = m_records[size_t(promise->record)].span;
    span.startMs = elapsed();
    span.endMs = span.startMs;
    span.outcome = SpanOutcome::Aborted;
    const Rejection reason = Rejection::abortError(promise->signal.reason());
    span.result = reason.reason();
    --m_pendingSpans;
    detail::rejectOut(promise->out, reason);
    checkFinished();
}

void PlanRunner::checkFinished()
{
    if (m_finishedReported || !m_settled || m_pendingSpans > 0)
        return;
    m_finishedReported = true;
    if (m_onFinished)
        m_onFinished();
}

void PlanRunner::setOnFinished(std::function<void()> callback)
{
    m_onFinished = std::move(callback);
    if (m_finishedReported && m_onFinished)
        m_onFinished();
}

bool PlanRunner::settled() const
{
    return m_settled;
}

bool PlanRunner::allSpansEnded() const
{
    return m_pendingSpans == 0;
}

int PlanRunner::spanCount() const
{
    return int(m_records.size());
}

PlanTrace PlanRunner::trace() const
{
    PlanTrace trace;
    trace.name = m_plan.name;
    trace.run = m_plan.run;
    trace.outcome = m_outcome;
    if (m_settled) {
        trace.settledMs = m_settledMs;
        trace.result = m_result;
        trace.cause.timer = m_cause.timer;
    }

    std::vector<int> order(m_records.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [this](int a, int b) {
        return m_records[size_t(a)].span.startMs < m_records[size_t(b)].span.startMs;
    });
    trace.spans.reserve(qsizetype(order.size()));
    for (size_t i = 0; i < order.size(); ++i) {
        const Span &span = m_records[size_t(order[i])].span;
        trace.spans << span;
        if (span.endMs)
            trace.finishedMs = std::max(trace.finishedMs, *span.endMs);
        if (m_settled && m_cause.record == order[i])
            trace.cause.spanIndex = int(i);
    }
    return trace;
}

} // namespace asyncscope
