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
#include <span>
#include <utility>
#include <vector>

namespace asyncscope {

// The graph's tasks and, per task, its needs among them (as task indices).
struct PlanRunner::GraphShape
{
    std::vector<int> listed;    // in the order given; every task for graph()
    std::vector<int> needStart; // per task index: its needs are needs[needStart[t] .. needStart[t + 1])
    std::vector<int> needs;

    std::span<const int> needsOf(int task) const
    {
        const auto first = size_t(needStart[size_t(task)]);
        return std::span<const int>(needs).subspan(first, size_t(needStart[size_t(task) + 1]) - first);
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

// graph(): a dependency scheduler over the tasks themselves (its operands are
// task names, not expressions), so no future per task is needed: each task's
// invocation reports straight back here, a countdown of unfulfilled needs
// starts a task, and the graph's one future settles as all() over the listed
// tasks would: fulfilled with their values in listed order, or rejected with
// the first rejection. As JavaScript's chains do, tasks whose needs fulfil
// keep starting after the graph rejected; a task whose need rejected never starts.
struct PlanRunner::GraphRun
{
    QFutureInterface<QJsonValue> out = detail::startedOut<QJsonValue>();
    Context context;
    std::vector<int> listed;         // the value's order (a task may appear twice)
    std::vector<int> waiting;        // per task: needs not yet fulfilled
    std::vector<int> dependentStart; // per task: dependents[dependentStart[t] .. dependentStart[t + 1])
    std::vector<int> dependents;     // in the order their waits began
    std::vector<QJsonValue> values;  // per task, once fulfilled
    qsizetype unfulfilled = 0;       // distinct listed tasks not yet fulfilled
    bool settled = false;

    void reject(const Rejection &reason)
    {
        if (std::exchange(settled, true))
            return;
        detail::rejectOut(out, reason);
    }
};

struct PlanRunner::GraphInvocation final : InvocationPromise
{
    GraphInvocation(const PlanRunner &runner, int task, AbortSignal signal, std::shared_ptr<GraphRun> graph)
        : InvocationPromise(runner, task, std::move(signal)), graph(std::move(graph))
    {
    }

    void deliver(const Rejection *reason, const QJsonValue &value) override
    {
        if (PlanRunner *runner = *alive)
            runner->graphTaskSettled(graph, invocation.taskIndex, reason, value);
    }

    std::shared_ptr<GraphRun> graph;
};

QFuture<QJsonValue> PlanRunner::graphEager(const GraphShape &shape, const Context &context)
{
    const size_t taskCount = size_t(m_scenario.tasks.size());
    auto graph = std::make_shared<GraphRun>();
    graph->context = context;
    graph->listed = shape.listed;
    graph->waiting.assign(taskCount, 0);
    graph->values.resize(taskCount);

    // The order things happen in is the order a depth-first walk over the
    // listed tasks meets them, needs first: roots start as they are met, and
    // a task's wait on its needs begins once they have been walked (so a
    // need's dependents start in that order when it fulfils).
    enum : char { Unseen, Walking, Done };
    std::vector<char> state(taskCount, Unseen);
    std::vector<int> roots;
    std::vector<std::pair<int, int>> edges; // (need, dependent), in the order the waits begin
    std::optional<int> cycleAt;
    struct Frame
    {
        int task;
        size_t next; // the next need to walk
    };
    std::vector<Frame> stack;
    for (int first : shape.listed) {
        if (state[size_t(first)] != Unseen)
            continue;
        stack.push_back({first, 0});
        state[size_t(first)] = Walking;
        while (!stack.empty()) {
            Frame &frame = stack.back();
            const auto needs = shape.needsOf(frame.task);
            if (frame.next < needs.size()) {
                const int need = needs[frame.next++];
                if (state[size_t(need)] == Walking && !cycleAt)
                    cycleAt = need;
                if (state[size_t(need)] == Unseen) {
                    state[size_t(need)] = Walking;
                    stack.push_back({need, 0});
                }
                continue;
            }
            const int task = frame.task;
            stack.pop_back();
            state[size_t(task)] = Done;
            if (needs.empty())
                roots.push_back(task);
            for (int need : needs)
                edges.emplace_back(need, task);
            graph->waiting[size_t(task)] = int(needs.size());
        }
    }
    graph->unfulfilled = std::count(state.cbegin(), state.cend(), Done);

    // The dependents of each task, as a CSR in the order the waits began.
    graph->dependentStart.assign(taskCount + 1, 0);
    for (const auto &edge : edges)
        ++graph->dependentStart[size_t(edge.first) + 1];
    std::partial_sum(graph->dependentStart.begin(), graph->dependentStart.end(), graph->dependentStart.begin());
    graph->dependents.resize(edges.size());
    std::vector<int> fill(graph->dependentStart.cbegin(), graph->dependentStart.cend() - 1);
    for (const auto &edge : edges)
        graph->dependents[size_t(fill[size_t(edge.first)]++)] = edge.second;

    QFuture<QJsonValue> future = graph->out.future();
    if (cycleAt) {
        graph->reject(Rejection(QStringLiteral("dependency cycle at \"%1\"").arg(m_scenario.tasks.at(*cycleAt).id)));
        return future;
    }
    if (graph->unfulfilled == 0) {
        graph->settled = true;
        detail::fulfilOut(graph->out, QJsonValue(QJsonArray()));
        return future;
    }
    for (int root : roots)
        startGraphTask(graph, root);
    return future;
}

void PlanRunner::startGraphTask(const std::shared_ptr<GraphRun> &graph, int task)
{
    // Under an abort() that already fired the call still happens and fails at
    // once (a zero-length aborted span), as fetch() with an aborted signal does.
    const Context &context = graph->context;
    begin(std::make_shared<GraphInvocation>(*this, task, context.signalForOperation(), graph), context);
}

void PlanRunner::graphTaskSettled(const std::shared_ptr<GraphRun> &graph, int task, const Rejection *reason,
                                  const QJsonValue &value)
{
    if (reason) {
        graph->reject(*reason); // its dependents never start
        return;
    }
    graph->values[size_t(task)] = value;
    for (int i = graph->dependentStart[size_t(task)]; i < graph->dependentStart[size_t(task) + 1]; ++i) {
        const int dependent = graph->dependents[size_t(i)];
        if (--graph->waiting[size_t(dependent)] == 0)
            startGraphTask(graph, dependent);
    }
    if (--graph->unfulfilled == 0 && !graph->settled) {
        graph->settled = true;
        QJsonArray ordered;
        for (int listed : graph->listed)
            ordered.append(graph->values[size_t(listed)]);
        detail::fulfilOut(graph->out, QJsonValue(ordered));
    }
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
            if (!*alive)
                return rejected<QJsonValue>(Rejection::abortError());
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
