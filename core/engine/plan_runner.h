#pragma once

// Evaluates one plan's expression with the combinators (combinators.h) over
// a Clock and a TaskSource, and records what happened: one Span per
// invocation, which spans were discarded, when and how the plan settled and
// what settled it. It knows nothing about virtual time: the engine drives it
// with a VirtualClock, --network runs with a RealClock and real requests.
//
// Discarded work: every combinator node gets an id and knows its parent; each
// invocation keeps the innermost node that encloses it. A node is marked settled when its future
// settles (watched after the combinator's own watchers, so its inputs are seen
// first); a span that settles while any enclosing node is already settled is
// discarded. Settle cause: the span being recorded, or the combinator timer
// being fired (through a labelled clock adaptor), when the plan future settles.

#include "abort_signal.h"
#include "clock.h"
#include "scenario.h"
#include "task_source.h"
#include "trace.h"

#include <QFuture>
#include <QHash>
#include <QJsonValue>

#include <deque>
#include <functional>
#include <memory>
#include <vector>

namespace asyncscope {

class PlanRunner
{
public:
    // All references must outlive the runner (and the clock's timers), and so
    // must the plan given to start().
    PlanRunner(const Scenario &scenario, Clock &clock, TaskSource &source, quint64 seed, int trial);
    ~PlanRunner();
    PlanRunner(const PlanRunner &) = delete;
    PlanRunner &operator=(const PlanRunner &) = delete;

    // Starts evaluating the plan at clock.now(), which the trace calls t = 0. Call once.
    QFuture<QJsonValue> start(const PlanSpec &plan);

    // The spans so far, sorted by start; the settle point if the plan settled.
    // Take it once the plan settled and allSpansEnded(), or when the clock ran out.
    PlanTrace trace() const;
    // The same, moving the spans out instead of copying them (a million spans
    // are a hundred megabytes). Leaves the runner with no spans.
    PlanTrace takeTrace();

    bool settled() const;
    bool allSpansEnded() const;
    int spanCount() const;

    // Called (once) when the plan has settled and every span has ended: the
    // moment a real-clock run may stop. Not called for a plan that never settles.
    void setOnFinished(std::function<void()> callback);

private:
    struct Context;
    struct SpanRecord;
    struct HostSlots;
    struct InvocationPromise;
    struct FutureInvocation;
    struct GraphRun;
    struct GraphInvocation;
    class LabelledClock;
    struct Cause
    {
        int record = -1;
        QString timer;
    };

    QFuture<QJsonValue> evaluate(const Expr &expr, const Context &context);
    QFuture<QJsonValue> evaluateCall(const Expr &expr, const Context &context);
    // graph() and levels(): plan_runner_graph.cpp. graph() schedules its tasks
    // itself (GraphRun); levels() is seq() of all() per level.
    struct GraphShape;
    GraphShape graphShape(const Expr &expr);
    QFuture<QJsonValue> evaluateGraph(const Expr &expr, const Context &context, bool byLevels);
    QFuture<QJsonValue> graphEager(const GraphShape &shape, const Context &context);
    QFuture<QJsonValue> graphByLevels(const GraphShape &shape, const Context &context);
    void startGraphTask(const std::shared_ptr<GraphRun> &graph, int task);
    void graphTaskSettled(const std::shared_ptr<GraphRun> &graph, int task, const Rejection *reason,
                          const QJsonValue &value);
    std::function<QFuture<QJsonValue>()> deferred(const Expr &expr, const Context &context);
    QFuture<QJsonValue> invoke(int taskIndex, const Context &context);
    void begin(const std::shared_ptr<InvocationPromise> &promise, const Context &context);
    void launch(const std::shared_ptr<InvocationPromise> &promise);
    void onSourceSettled(InvocationPromise &promise, const Rejection *reason, const QJsonValue &value);
    void dequeueAborted(const std::shared_ptr<InvocationPromise> &promise);
    void releaseHostSlot(const QString &host);

    int openNode(const Context &parent, Context *child);
    QFuture<QJsonValue> closeNode(int node, const QFuture<QJsonValue> &future);
    Clock &labelledClock(const QString &label);
    int taskIndex(const QString &id); // Scenario::taskIndex is a linear search; big graphs need a hash
    double elapsed() const;
    void checkFinished();
    PlanTrace traceHeader() const;
    std::vector<int> spanOrder() const;
    template<class SpanAt>
    PlanTrace collectTrace(SpanAt spanAt) const; // spanAt(record index) -> Span
    Span spanFrom(const SpanRecord &record, QJsonValue result) const;

    const Scenario &m_scenario; // not owned
    Clock &m_clock;             // not owned
    TaskSource &m_source;       // not owned
    quint64 m_seed;
    int m_trial;
    double m_origin = 0;
    std::shared_ptr<PlanRunner *> m_alive; // this, or null once destroyed: callbacks that outlive the runner check it

    const PlanSpec *m_plan = nullptr; // not owned
    QFuture<QJsonValue> m_root;
    std::deque<SpanRecord> m_records; // a deque: no copy of a million records when it grows
    std::vector<char> m_nodeSettled;
    std::vector<int> m_nodeParent; // -1 for the plan's own node
    std::vector<int> m_nextInstance;
    QHash<QString, int> m_taskIndex; // filled on first use
    QHash<QString, HostSlots> m_hosts;
    std::deque<std::unique_ptr<LabelledClock>> m_clocks;
    Cause m_current;
    int m_pendingSpans = 0;

    bool m_settled = false;
    PlanOutcome m_outcome = PlanOutcome::Pending;
    double m_settledMs = 0;
    QJsonValue m_result;
    Cause m_cause;
    std::function<void()> m_onFinished;
    bool m_finishedReported = false;
};

} // namespace asyncscope
