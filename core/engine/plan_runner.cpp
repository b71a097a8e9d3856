#include "plan_runner.h"
#include "plan_runner_p.h"

#include "combinator_table.h"
#include "combinators_json.h"
#include "draws.h"

#include <algorithm>
#include <numeric>

namespace asyncscope {

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
    return jsNumber(value);
}

} // namespace

PlanRunner::PlanRunner(const Scenario &scenario, Clock &clock, TaskSource &source, quint64 seed, int trial)
    : m_scenario(scenario)
    , m_clock(clock)
    , m_source(source)
    , m_seed(seed)
    , m_trial(trial)
    , m_alive(std::make_shared<PlanRunner *>(this))
    , m_nextInstance(size_t(scenario.tasks.size()), 0)
{
}

PlanRunner::~PlanRunner()
{
    // Futures that never settled may be dropped later and call back; they find this flag.
    *m_alive = nullptr;
}

double PlanRunner::elapsed() const
{
    return m_clock.now() - m_origin;
}

QFuture<QJsonValue> PlanRunner::start(const PlanSpec &plan)
{
    m_plan = &plan; // lazy steps refer into its expression tree
    m_origin = m_clock.now();
    Context plan_context;
    const int planNode = openNode(Context{}, &plan_context);
    m_root = closeNode(planNode, evaluate(plan.expr, plan_context));
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
    m_nodeParent.push_back(parent.node);
    child->node = node;
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
        // Under an abort() that already fired (a hedge's fallback, the next
        // retry or seq step) the step still starts, as the JavaScript we show
        // does: each task it calls fails at once like fetch() with an aborted
        // signal, a zero-length aborted span.
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
    // Operands and numbers in order: where each sits in the call is the combinator table's business.
    const CallArguments call = callArguments(expr);
    const std::vector<const Expr *> &operands = call.operands;
    // Operands start left to right (evaluate() starts them), before any timer of this combinator.
    auto startAll = [&] {
        QList<QFuture<QJsonValue>> futures;
        futures.reserve(qsizetype(operands.size()));
        for (const Expr *operand : operands)
            futures << evaluate(*operand, inner);
        return futures;
    };
    auto deferAll = [&] {
        QList<JsonStart> starts;
        starts.reserve(qsizetype(operands.size()));
        for (const Expr *operand : operands)
            starts << deferred(*operand, inner);
        return starts;
    };
    // Its timer, named for explanations: "timeout(500)", "delay(100)", "hedge deadline", "retry gap".
    auto timerClock = [&](const QString &suffix) -> Clock & {
        return labelledClock(toString(expr.combinator) + suffix);
    };

    QFuture<QJsonValue> result;
    switch (expr.combinator) {
    case Combinator::Seq:
        result = sequenceJson(deferAll());
        break;
    case Combinator::All:
        result = allJson(startAll());
        break;
    case Combinator::AllSettled:
        result = allSettledJson(startAll());
        break;
    case Combinator::Race:
        result = race(startAll());
        break;
    case Combinator::Any:
        result = any(startAll());
        break;
    case Combinator::Timeout: {
        const QFuture<QJsonValue> operation = evaluate(*operands.at(0), inner);
        const double ms = call.number(0);
        result = withTimeout(operation, ms, timerClock(QStringLiteral("(%1)").arg(number(ms))));
        break;
    }
    case Combinator::Delay: {
        const double ms = call.number(0);
        result = delay<QJsonValue>(ms, deferred(*operands.at(0), inner),
                                   timerClock(QStringLiteral("(%1)").arg(number(ms))), inner.signalForOperation());
        break;
    }
    case Combinator::Hedge:
        result = hedge<QJsonValue>(deferred(*operands.at(0), inner), deferred(*operands.at(1), inner), call.number(0),
                                   timerClock(QStringLiteral(" deadline")), inner.signalForOperation());
        break;
    case Combinator::Retry:
        result = retry<QJsonValue>(deferred(*operands.at(0), inner), int(call.number(0)), call.number(1),
                                   timerClock(QStringLiteral(" gap")), inner.signalForOperation());
        break;
    case Combinator::Pool:
        result = poolJson(int(call.number(0)), deferAll());
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
        const QFuture<QJsonValue> operation = evaluate(*operands.at(0), inner);
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

QFuture<QJsonValue> PlanRunner::invoke(int taskIndex, const Context &context)
{
    if (taskIndex < 0 || taskIndex >= m_scenario.tasks.size())
        return rejected<QJsonValue>(Rejection(QStringLiteral("unknown task")));
    const auto promise = std::make_shared<FutureInvocation>(*this, taskIndex, context.signalForOperation());
    QFuture<QJsonValue> future = promise->out.future();
    begin(promise, context);
    return future;
}

void PlanRunner::begin(const std::shared_ptr<InvocationPromise> &promise, const Context &context)
{
    const int taskIndex = promise->invocation.taskIndex;
    const TaskSpec &task = m_scenario.tasks.at(taskIndex);
    const int instance = ++m_nextInstance[size_t(taskIndex)];
    const InvocationDraw draw = drawInvocation(task, taskIndex, instance, m_seed, m_trial);
    promise->invocation = Invocation{
        .taskIndex = taskIndex, .instance = instance, .task = &task, .latencyMs = draw.latencyMs, .fails = draw.fails};
    promise->record = int(m_records.size());
    SpanRecord &record = m_records.emplace_back();
    record.node = context.node;
    record.taskIndex = taskIndex;
    record.instance = instance;
    record.queuedMs = record.startMs = elapsed();
    ++m_pendingSpans;

    if (m_scenario.connectionsPerHost && !task.host.isEmpty()) {
        promise->limited = true;
        HostSlots &connections = m_hosts[task.host];
        if (connections.inFlight >= *m_scenario.connectionsPerHost) {
            // Wait for a connection, as an HTTP/1.1 client does; an abort meanwhile drops the request.
            connections.queue.push_back({promise, 0});
            connections.queue.back().abortListener = promise->signal.addListener([this, alive = m_alive, promise] {
                if (*alive)
                    dequeueAborted(promise);
            });
            return;
        }
        ++connections.inFlight;
    }
    launch(promise);
}

void PlanRunner::launch(const std::shared_ptr<InvocationPromise> &promise)
{
    m_records[size_t(promise->record)].startMs = elapsed();
    m_source.start(promise->invocation, promise->signal, promise);
}

void PlanRunner::onSourceSettled(InvocationPromise &promise, const Rejection *reason, const QJsonValue &value)
{
    SpanRecord &span = m_records[size_t(promise.record)];
    span.endMs = elapsed();
    span.ended = true;
    if (reason) {
        span.outcome = reason->isAbort() ? SpanOutcome::Aborted : SpanOutcome::Rejected;
        span.result = reason->reason();
    } else {
        span.outcome = SpanOutcome::Fulfilled;
        span.result = value;
    }
    if (span.outcome != SpanOutcome::Aborted) {
        for (int node = span.node; node >= 0 && !span.discarded; node = m_nodeParent[size_t(node)])
            span.discarded = m_nodeSettled[size_t(node)] != 0;
    }
    --m_pendingSpans;
    if (promise.limited)
        releaseHostSlot(promise.host()); // the connection is free before anyone reacts to the response

    // Whatever settles while this result propagates was settled by this span (an abort is a consequence, not a cause).
    const Cause outer = m_current;
    if (span.outcome != SpanOutcome::Aborted)
        m_current = Cause{promise.record, {}};
    promise.deliver(reason, value);
    m_current = outer;
    checkFinished();
}

void PlanRunner::releaseHostSlot(const QString &host)
{
    HostSlots &connections = m_hosts[host];
    --connections.inFlight;
    while (connections.inFlight < m_scenario.connectionsPerHost.value_or(1) && !connections.queue.empty()) {
        const HostSlots::Waiting waiting = connections.queue.front();
        connections.queue.pop_front();
        const std::shared_ptr<InvocationPromise> &next = waiting.promise;
        next->signal.removeListener(waiting.abortListener);
        ++connections.inFlight;
        launch(next);
    }
}

void PlanRunner::dequeueAborted(const std::shared_ptr<InvocationPromise> &promise)
{
    HostSlots &connections = m_hosts[promise->host()];
    const auto it = std::find_if(connections.queue.begin(), connections.queue.end(),
                                 [&promise](const HostSlots::Waiting &waiting) { return waiting.promise == promise; });
    if (it == connections.queue.end())
        return;
    connections.queue.erase(it);
    SpanRecord &span = m_records[size_t(promise->record)];
    span.startMs = elapsed();
    span.endMs = span.startMs;
    span.ended = true;
    span.outcome = SpanOutcome::Aborted;
    const Rejection reason = Rejection::abortError(promise->signal.reason());
    span.result = reason.reason();
    --m_pendingSpans;
    promise->deliver(&reason, {});
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

PlanTrace PlanRunner::traceHeader() const
{
    PlanTrace trace;
    trace.name = m_plan ? m_plan->name : QString();
    trace.id = trace.name; // identity; the window decorates only `name`
    trace.run = m_plan ? m_plan->run : QString();
    trace.outcome = m_outcome;
    if (m_settled) {
        trace.settledMs = m_settledMs;
        trace.result = m_result;
        trace.cause.timer = m_cause.timer;
    }
    return trace;
}

// Record indices sorted by start time (start order among equal times).
std::vector<int> PlanRunner::spanOrder() const
{
    std::vector<int> order(m_records.size());
    std::iota(order.begin(), order.end(), 0);
    const auto earlier = [this](int a, int b) { return m_records[size_t(a)].startMs < m_records[size_t(b)].startMs; };
    if (!std::is_sorted(order.begin(), order.end(), earlier)) // usually they are: records are made in start order
        std::stable_sort(order.begin(), order.end(), earlier);
    return order;
}

Span PlanRunner::spanFrom(const SpanRecord &record, QJsonValue result) const
{
    Span span;
    span.task = m_scenario.tasks.at(record.taskIndex).id;
    span.instance = record.instance;
    span.queuedMs = record.queuedMs;
    span.startMs = record.startMs;
    if (record.ended)
        span.endMs = record.endMs;
    span.outcome = record.outcome;
    span.discarded = record.discarded;
    span.result = std::move(result);
    return span;
}

template<class SpanAt>
PlanTrace PlanRunner::collectTrace(SpanAt spanAt) const
{
    PlanTrace trace = traceHeader();
    const std::vector<int> order = spanOrder();
    trace.spans.reserve(qsizetype(order.size()));
    for (size_t i = 0; i < order.size(); ++i) {
        if (m_settled && m_cause.record == order[i])
            trace.cause.spanIndex = int(i);
        trace.spans.append(spanAt(size_t(order[i])));
        if (const std::optional<double> end = trace.spans.constLast().endMs)
            trace.finishedMs = std::max(trace.finishedMs, *end);
    }
    return trace;
}

PlanTrace PlanRunner::trace() const
{
    return collectTrace([this](size_t record) { return spanFrom(m_records[record], m_records[record].result); });
}

PlanTrace PlanRunner::takeTrace()
{
    PlanTrace trace = collectTrace(
        [this](size_t record) { return spanFrom(m_records[record], std::move(m_records[record].result)); });
    m_records.clear();
    m_records.shrink_to_fit();
    return trace;
}

} // namespace asyncscope
