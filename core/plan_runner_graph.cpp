// graph() and levels(): the tasks of a dependency graph, each started once
// its `needs` have fulfilled (graph) or one level after another (levels).
// Sized for a million tasks: needs are resolved to indices once, per-task
// state lives in flat vectors, and a task waits on a countdown, not on an
// all() + seq() of its own.

#include "plan_runner.h"
#include "plan_runner_p.h"

#include <QJsonArray>

#include <algorithm>
#include <numeric>
#include <optional>
#include <vector>

namespace asyncscope {

// The graph's tasks and, per task, its needs among them (as task indices).
struct PlanRunner::GraphShape
{
    std::vector<int> listed;    // in the order given; every task for graph()
    std::vector<int> needStart; // per task index: its needs are needs[needStart[t] .. needStart[t + 1])
    std::vector<int> needs;

    auto needsOf(int task) const
    {
        struct Range
        {
            const int *b;
            const int *e;
            const int *begin() const { return b; }
            const int *end() const { return e; }
            bool empty() const { return b == e; }
            qsizetype size() const { return e - b; }
        };
        return Range{needs.data() + needStart[size_t(task)], needs.data() + needStart[size_t(task) + 1]};
    }
};

PlanRunner::GraphShape PlanRunner::graphShape(const Expr &expr)
{
    const qsizetype taskCount = m_scenario.tasks.size();
    GraphShape shape;
    if (expr.args.empty()) {
        shape.listed.resize(size_t(taskCount));
        std::iota(shape.listed.begin(), shape.listed.end(), 0);
    } else {
        for (const Expr &arg : expr.args)
            shape.listed.push_back(taskIndex(arg.name));
    }
    std::vector<char> member(size_t(taskCount), 0);
    for (int task : shape.listed) {
        if (task >= 0)
            member[size_t(task)] = 1;
    }
    shape.needStart.assign(size_t(taskCount) + 1, 0);
    for (qsizetype task = 0; task < taskCount; ++task) {
        shape.needStart[size_t(task)] = int(shape.needs.size());
        if (!member[size_t(task)])
            continue;
        for (const QString &id : m_scenario.tasks.at(task).needs) {
            const int need = taskIndex(id);
            if (need >= 0 && member[size_t(need)]) // the parser refuses needs outside the graph
                shape.needs.push_back(need);
        }
    }
    shape.needStart[size_t(taskCount)] = int(shape.needs.size());
    return shape;
}

QFuture<QJsonValue> PlanRunner::evaluateGraph(const Expr &expr, const Context &context, bool byLevels)
{
    const GraphShape shape = graphShape(expr);
    if (std::any_of(shape.listed.cbegin(), shape.listed.cend(), [](int task) { return task < 0; }))
        return rejected<QJsonValue>(Rejection(QStringLiteral("unknown task")));
    return byLevels ? graphByLevels(shape, context) : graphEager(shape, context);
}

QFuture<QJsonValue> PlanRunner::graphEager(const GraphShape &shape, const Context &context)
{
    // Each task waits for all of its needs (all() fails fast), then starts.
    const size_t taskCount = size_t(m_scenario.tasks.size());
    std::vector<std::optional<QFuture<QJsonValue>>> started(taskCount);
    std::vector<char> visiting(taskCount, 0);
    std::function<QFuture<QJsonValue>(int)> futureOf = [&](int task) -> QFuture<QJsonValue> {
        if (const std::optional<QFuture<QJsonValue>> &known = started[size_t(task)])
            return *known;
        if (visiting[size_t(task)])
            return rejected<QJsonValue>(
                Rejection(QStringLiteral("dependency cycle at \"%1\"").arg(m_scenario.tasks.at(task).id)));
        visiting[size_t(task)] = 1;
        QFuture<QJsonValue> future;
        const auto needs = shape.needsOf(task);
        if (needs.empty()) {
            future = invoke(task, context);
        } else {
            QList<QFuture<QJsonValue>> gates;
            gates.reserve(needs.size());
            for (int need : needs)
                gates << futureOf(need);
            future = startAfterNeeds(task, gates, context);
        }
        visiting[size_t(task)] = 0;
        started[size_t(task)] = future;
        return future;
    };
    QList<QFuture<QJsonValue>> values;
    values.reserve(qsizetype(shape.listed.size()));
    for (int task : shape.listed)
        values << futureOf(task);
    return allJson(values);
}

QFuture<QJsonValue> PlanRunner::startAfterNeeds(int task, const QList<QFuture<QJsonValue>> &needs,
                                                const Context &context)
{
    // As all(needs) then the task, without the futures of an all() and a seq()
    // per task: a countdown of unfulfilled needs starts it; the first need to
    // reject rejects it, with no span. Its one future exists from here on.
    struct NeedsGate
    {
        std::shared_ptr<InvocationPromise> promise;
        Context context;
        qsizetype waiting = 0;
        bool settled = false;
    };
    auto gate = std::make_shared<NeedsGate>(NeedsGate{prepare(task, context), context, needs.size()});
    QFuture<QJsonValue> future = gate->promise->out.future();
    for (const QFuture<QJsonValue> &need : needs) {
        if (gate->settled)
            break; // as all(): after a rejection the other inputs are not watched
        watchWith(need, [gate](const QFuture<QJsonValue> &done) {
            if (gate->settled)
                return;
            const std::shared_ptr<InvocationPromise> promise = gate->promise;
            if (const std::optional<Rejection> reason = detail::rejectionOf(done)) {
                gate->settled = true;
                gate->promise.reset();
                detail::rejectOut(promise->out, *reason);
                return;
            }
            if (--gate->waiting > 0)
                return;
            gate->settled = true;
            gate->promise.reset();
            const Context &context = gate->context;
            PlanRunner *runner = *promise->alive;
            // Nothing starts under an abort() that already fired.
            if (!runner || (context.abortable && context.signal.aborted()))
                detail::rejectOut(promise->out, Rejection::abortError(context.signal.reason()));
            else
                runner->begin(promise, context);
        });
    }
    return future;
}

QFuture<QJsonValue> PlanRunner::graphByLevels(const GraphShape &shape, const Context &context)
{
    // Level = the longest path from a root; all() per level, one level after another.
    const size_t taskCount = size_t(m_scenario.tasks.size());
    std::vector<int> levelOf(taskCount, -1);
    const int depthLimit = int(shape.listed.size());
    std::function<int(int, int)> level = [&](int task, int depth) -> int {
        if (levelOf[size_t(task)] >= 0)
            return levelOf[size_t(task)];
        int result = 0;
        if (depth <= depthLimit) { // deeper means a cycle: stop counting
            for (int need : shape.needsOf(task))
                result = std::max(result, level(need, depth + 1) + 1);
        }
        levelOf[size_t(task)] = result;
        return result;
    };
    int levels = 0;
    for (int task : shape.listed)
        levels = std::max(levels, level(task, 0) + 1);
    QList<QList<int>> byLevel(levels);
    for (int task : shape.listed)
        byLevel[levelOf[size_t(task)]] << task;

    QList<JsonStart> steps;
    for (const QList<int> &tasks : std::as_const(byLevel)) {
        steps << [this, alive = m_alive, tasks, context] {
            if (!*alive || (context.abortable && context.signal.aborted()))
                return rejected<QJsonValue>(Rejection::abortError(context.signal.reason()));
            QList<QFuture<QJsonValue>> futures;
            futures.reserve(tasks.size());
            for (int task : tasks)
                futures << invoke(task, context);
            return allJson(futures);
        };
    }
    // Back to listed order: the value of graph(...) and levels(...) is the same.
    const QList<int> listed(shape.listed.cbegin(), shape.listed.cend());
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

} // namespace asyncscope
