#include "scenario_tasks_p.h"

#include "edit_distance.h"
#include "js_names.h"
#include "json_messages.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <limits>
#include <vector>

namespace asyncscope {

namespace {

// A time in milliseconds: a finite number in [0, kMaxLatencyMs] (or (0, ...] when `positive`).
double readMilliseconds(const JsonValueAt &value, bool positive = false)
{
    const double ms = value.toNumber(positive ? u"a number > 0" : u"a number >= 0",
                                     {0, std::numeric_limits<double>::infinity(), positive});
    if (ms > kMaxLatencyMs)
        value.fail(QStringLiteral("must be at most %1 (one hour), got %2").arg(formatNumber(kMaxLatencyMs), formatNumber(ms)));
    return ms;
}

QList<double> readLatencyList(const JsonValueAt &value)
{
    if (!value.value().isArray())
        return {readMilliseconds(value)};
    const JsonArrayAt array = value.toArray(u"a number >= 0 or a non-empty array of numbers", ArrayRule::NotEmpty);
    QList<double> out;
    out.reserve(array.size());
    for (qsizetype i = 0; i < array.size(); ++i)
        out.append(readMilliseconds(array.at(i)));
    return out;
}

QList<bool> readFails(const JsonValueAt &value)
{
    constexpr QStringView expected = u"true, false or a non-empty array of them";
    if (value.value().isBool())
        return {value.value().toBool()};
    const JsonArrayAt array = value.toArray(expected, ArrayRule::NotEmpty);
    QList<bool> out;
    out.reserve(array.size());
    for (qsizetype i = 0; i < array.size(); ++i)
        out.append(array.at(i).toBool());
    return out;
}

struct DistributionShape
{
    LatencyDistribution::Kind kind;
    const char *name;
    const char *first;  // the field stored in LatencyDistribution::a
    const char *second; // ... in b, or nullptr
};

constexpr DistributionShape kDistributions[] = {
    {LatencyDistribution::Kind::Fixed, "fixed", "ms", nullptr},
    {LatencyDistribution::Kind::Uniform, "uniform", "min_ms", "max_ms"},
    {LatencyDistribution::Kind::Normal, "normal", "mean_ms", "sd_ms"},
    {LatencyDistribution::Kind::LogNormal, "lognormal", "median_ms", "p95_ms"},
    {LatencyDistribution::Kind::Exponential, "exponential", "mean_ms", nullptr},
};

const DistributionShape &shapeOf(LatencyDistribution::Kind kind)
{
    for (const DistributionShape &shape : kDistributions) {
        if (shape.kind == kind)
            return shape;
    }
    return kDistributions[0];
}

LatencyDistribution readDistribution(const JsonValueAt &value)
{
    const JsonObjectAt object = value.toObject(u"an object such as {\"dist\": \"uniform\", \"min_ms\": 50, \"max_ms\": 150}");
    QStringList names;
    for (const DistributionShape &shape : kDistributions)
        names.append(QLatin1String(shape.name));
    const JsonValueAt dist = object.field(QStringLiteral("dist"));
    dist.require(QStringLiteral("one of %1").arg(names.join(QStringLiteral(", "))));
    const QString distName = dist.toString();
    const DistributionShape *shape = nullptr;
    for (const DistributionShape &candidate : kDistributions) {
        if (distName == QLatin1String(candidate.name))
            shape = &candidate;
    }
    if (!shape)
        dist.fail(QStringLiteral("unknown distribution %1%2; expected one of %3")
                      .arg(quotedForMessage(distName), didYouMean(distName, names), names.join(QStringLiteral(", "))));

    QStringList fields{QStringLiteral("dist"), QLatin1String(shape->first)};
    if (shape->second)
        fields.append(QLatin1String(shape->second));
    object.checkKnownFields(fields);

    const auto readField = [&](const char *name, bool positive) {
        return readMilliseconds(object.field(QLatin1String(name)).require(u"a number of milliseconds"), positive);
    };
    LatencyDistribution out;
    out.kind = shape->kind;
    // A log-normal needs a median > 0: its logarithm is the location.
    out.a = readField(shape->first, shape->kind == LatencyDistribution::Kind::LogNormal);
    if (shape->second)
        out.b = readField(shape->second, false);
    if (shape->kind == LatencyDistribution::Kind::Uniform && out.b < out.a)
        object.field(QStringLiteral("max_ms"))
            .fail(QStringLiteral("must be >= min_ms (%1), got %2").arg(formatNumber(out.a), formatNumber(out.b)));
    if (shape->kind == LatencyDistribution::Kind::LogNormal && out.b < out.a)
        object.field(QStringLiteral("p95_ms"))
            .fail(QStringLiteral("must be >= median_ms (%1), got %2").arg(formatNumber(out.a), formatNumber(out.b)));
    return out;
}

class TaskListReader
{
public:
    explicit TaskListReader(QHash<QString, int> &indexById) : m_taskIndex(indexById) { }

    QList<TaskSpec> read(const JsonValueAt &value)
    {
        constexpr QStringView expected = u"a non-empty array of tasks";
        const JsonArrayAt array = value.require(expected).toArray(expected, ArrayRule::NotEmpty);
        if (array.size() > kMaxTasks)
            array.fail(QStringLiteral("%1 tasks; the limit is %2").arg(array.size()).arg(kMaxTasks));

        // Ids first, so that `needs` may name a task defined further down.
        QList<TaskSpec> tasks;
        tasks.reserve(array.size());
        m_taskIndex.reserve(array.size());
        for (qsizetype i = 0; i < array.size(); ++i)
            tasks.append(readTask(array.at(i), tasks.size()));
        m_taskIds.reserve(tasks.size());
        for (const TaskSpec &task : tasks)
            m_taskIds.append(task.id);
        for (qsizetype i = 0; i < tasks.size(); ++i)
            checkNeeds(tasks[i], value.path().index(i));
        checkNoCycles(tasks);
        checkFunctionNames(tasks, value.path());
        return tasks;
    }

private:
    TaskSpec readTask(const JsonValueAt &value, qsizetype position)
    {
        const JsonObjectAt object = value.toObject(u"an object such as {\"id\": \"user\", \"latency_ms\": 200}");
        object.checkKnownFields({QStringLiteral("id"), QStringLiteral("label"), QStringLiteral("latency_ms"),
                                 QStringLiteral("latency"), QStringLiteral("jitter_ms"), QStringLiteral("fails"),
                                 QStringLiteral("failure_rate"), QStringLiteral("error"), QStringLiteral("value"),
                                 QStringLiteral("needs"), QStringLiteral("url"), QStringLiteral("host"),
                                 QStringLiteral("function")});
        TaskSpec task;
        task.id = readId(object, position);
        const QString label = object.optionalString(QStringLiteral("label"));
        task.label = label.isEmpty() ? task.id : label;

        const JsonValueAt latencyMs = object.field(QStringLiteral("latency_ms"));
        const JsonValueAt latency = object.field(QStringLiteral("latency"));
        if (!latencyMs.isMissing() && !latency.isMissing())
            object.fail(QStringLiteral("has both \"latency_ms\" and \"latency\"; give one"));
        if (latencyMs.isMissing() && latency.isMissing())
            object.fail(QStringLiteral("missing \"latency_ms\" (or a \"latency\" distribution)"));
        if (!latencyMs.isMissing())
            task.latencyMs = readLatencyList(latencyMs);
        else
            task.latency = readDistribution(latency);

        if (const JsonValueAt jitter = object.field(QStringLiteral("jitter_ms")); !jitter.isMissing())
            task.jitterMs = readMilliseconds(jitter);
        if (const JsonValueAt fails = object.field(QStringLiteral("fails")); !fails.isMissing())
            task.fails = readFails(fails);
        if (const JsonValueAt rate = object.field(QStringLiteral("failure_rate")); !rate.isMissing())
            task.failureRate = rate.toNumber(u"a number from 0 to 1", {0, 1});
        if (object.contains(QStringLiteral("error")))
            task.error = object.object().value(QLatin1String("error"));
        if (object.contains(QStringLiteral("value")))
            task.value = object.object().value(QLatin1String("value"));
        task.needs = readNeeds(object.field(QStringLiteral("needs")));
        task.url = object.optionalString(QStringLiteral("url"));
        task.host = object.optionalString(QStringLiteral("host"));
        if (object.contains(QStringLiteral("function"))) {
            // What JavaScript plans call it (SPEC §6): an identifier, e.g. "calculateShipping".
            static const QRegularExpression identifier(
                QRegularExpression::anchoredPattern(QStringLiteral("[A-Za-z_$][A-Za-z0-9_$]*")));
            task.function = object.requiredString(QStringLiteral("function"), TextRule::NotEmpty);
            if (!identifier.match(task.function).hasMatch())
                object.field(QStringLiteral("function"))
                    .fail(QStringLiteral("must be a JavaScript function name such as \"calculateShipping\", got %1")
                              .arg(quotedForMessage(task.function)));
        }
        return task;
    }

    QString readId(const JsonObjectAt &object, qsizetype position)
    {
        // anchoredPattern, not ^...$: "$" would also accept a trailing line break.
        static const QRegularExpression idPattern(QRegularExpression::anchoredPattern(QStringLiteral("[A-Za-z_][A-Za-z0-9_]*")));
        const JsonValueAt value = object.field(QStringLiteral("id"));
        const QString id = value.require(u"a string").toString(TextRule::NotEmpty);
        if (!idPattern.match(id).hasMatch())
            value.fail(QStringLiteral("%1 is not a valid id (letters, digits and _, not starting with a digit)")
                           .arg(quotedForMessage(id)));
        if (combinatorFromName(id).has_value())
            value.fail(QStringLiteral("\"%1\" is a combinator name; choose another id").arg(id));
        const auto existing = m_taskIndex.constFind(id);
        if (existing != m_taskIndex.constEnd())
            value.fail(QStringLiteral("duplicate id \"%1\" (also tasks[%2])").arg(id).arg(*existing));
        m_taskIndex.insert(id, int(position));
        return id;
    }

    static QStringList readNeeds(const JsonValueAt &value)
    {
        if (value.isMissing())
            return {};
        const JsonArrayAt array = value.toArray(u"an array of task ids");
        QStringList needs;
        for (qsizetype i = 0; i < array.size(); ++i)
            needs.append(array.at(i).toString(TextRule::AnyText, u"a task id (a string)"));
        return needs;
    }

    // JavaScript plans call every task by one name (js_names.h): two tasks may not share it.
    static void checkFunctionNames(const QList<TaskSpec> &tasks, const JsonPath &tasksPath)
    {
        QHash<QString, qsizetype> owner;
        for (qsizetype i = 0; i < tasks.size(); ++i) {
            const QString name = taskFunctionName(tasks[i]);
            const auto found = owner.constFind(name);
            if (found != owner.cend())
                throw JsonReadError(tasksPath.index(i).toString(),
                                    QStringLiteral("its JavaScript function %1 is also the one of tasks[%2]; give one a "
                                                   "\"function\" of its own")
                                        .arg(quotedForMessage(name))
                                        .arg(*found));
            owner.insert(name, i);
        }
    }

    void checkNeeds(const TaskSpec &task, const JsonPath &taskPath) const
    {
        const auto fail = [&](qsizetype i, const QString &problem) {
            throw JsonReadError(taskPath.field(QStringLiteral("needs")).index(i).toString(), problem);
        };
        QSet<QString> seen;
        for (qsizetype i = 0; i < task.needs.size(); ++i) {
            const QString &need = task.needs[i];
            if (need == task.id)
                fail(i, QStringLiteral("task \"%1\" cannot need itself").arg(need));
            if (!m_taskIndex.contains(need))
                fail(i, QStringLiteral("unknown task %1%2").arg(quotedForMessage(need), didYouMean(need, m_taskIds)));
            if (seen.contains(need))
                fail(i, QStringLiteral("%1 is listed twice").arg(quotedForMessage(need)));
            seen.insert(need);
        }
    }

    // Iterative depth-first search (a 10 000-task chain must not overflow the stack).
    void checkNoCycles(const QList<TaskSpec> &tasks) const
    {
        enum class Mark : char { Unvisited, OnPath, Done };
        const qsizetype count = tasks.size();
        std::vector<Mark> marks(count, Mark::Unvisited);
        struct Frame
        {
            int task;
            int nextNeed;
        };
        std::vector<Frame> path;
        for (int root = 0; root < count; ++root) {
            if (marks[root] != Mark::Unvisited)
                continue;
            path.push_back({root, 0});
            marks[root] = Mark::OnPath;
            while (!path.empty()) {
                Frame &frame = path.back();
                const TaskSpec &task = tasks[frame.task];
                if (frame.nextNeed >= task.needs.size()) {
                    marks[frame.task] = Mark::Done;
                    path.pop_back();
                    continue;
                }
                const int need = m_taskIndex.value(task.needs[frame.nextNeed++]);
                if (marks[need] == Mark::OnPath)
                    reportCycle(tasks, path, need);
                if (marks[need] == Mark::Unvisited) {
                    marks[need] = Mark::OnPath;
                    path.push_back({need, 0});
                }
            }
        }
    }

    template<typename Frames>
    [[noreturn]] static void reportCycle(const QList<TaskSpec> &tasks, const Frames &path, int start)
    {
        QStringList names;
        bool inCycle = false;
        for (const auto &frame : path) {
            inCycle = inCycle || frame.task == start;
            if (inCycle)
                names.append(tasks[frame.task].id);
        }
        names.append(tasks[start].id);
        // A message stays readable even when the cycle runs through thousands of tasks.
        constexpr int kHead = 6;
        constexpr int kTail = 3;
        if (names.size() > kHead + kTail + 2) {
            const qsizetype taskCount = names.size() - 1;
            names = names.mid(0, kHead) + QStringList{QStringLiteral("...")} + names.mid(names.size() - kTail);
            names.last() += QStringLiteral(" (%1 tasks)").arg(taskCount);
        }
        throw JsonReadError(QStringLiteral("tasks[%1].needs").arg(start),
                            QStringLiteral("cycle %1").arg(names.join(QStringLiteral(" -> "))));
    }

    QHash<QString, int> &m_taskIndex; // the caller's
    QStringList m_taskIds;            // in file order, for suggestions
};

} // namespace

QList<TaskSpec> readScenarioTasks(const JsonValueAt &tasks, QHash<QString, int> &indexById)
{
    return TaskListReader(indexById).read(tasks);
}

QJsonObject taskToJson(const TaskSpec &task)
{
    QJsonObject object;
    object.insert(QLatin1String("id"), task.id);
    if (!task.label.isEmpty() && task.label != task.id)
        object.insert(QLatin1String("label"), task.label);
    if (task.latency) {
        const DistributionShape &shape = shapeOf(task.latency->kind);
        QJsonObject dist;
        dist.insert(QLatin1String("dist"), QLatin1String(shape.name));
        dist.insert(QLatin1String(shape.first), task.latency->a);
        if (shape.second)
            dist.insert(QLatin1String(shape.second), task.latency->b);
        object.insert(QLatin1String("latency"), dist);
    } else if (task.latencyMs.size() == 1) {
        object.insert(QLatin1String("latency_ms"), task.latencyMs.first());
    } else {
        QJsonArray latencies;
        for (double ms : task.latencyMs)
            latencies.append(ms);
        if (latencies.isEmpty())
            latencies.append(0); // an in-memory task without a latency: keep the file loadable
        object.insert(QLatin1String("latency_ms"), latencies.size() == 1 ? latencies.first() : QJsonValue(latencies));
    }
    if (task.jitterMs > 0)
        object.insert(QLatin1String("jitter_ms"), task.jitterMs);
    if (task.fails.size() == 1) {
        object.insert(QLatin1String("fails"), task.fails.first());
    } else if (!task.fails.isEmpty()) {
        QJsonArray fails;
        for (bool f : task.fails)
            fails.append(f);
        object.insert(QLatin1String("fails"), fails);
    }
    if (task.failureRate > 0)
        object.insert(QLatin1String("failure_rate"), task.failureRate);
    if (!task.error.isNull() && !task.error.isUndefined())
        object.insert(QLatin1String("error"), task.error);
    if (!task.value.isNull() && !task.value.isUndefined())
        object.insert(QLatin1String("value"), task.value);
    if (!task.needs.isEmpty())
        object.insert(QLatin1String("needs"), QJsonArray::fromStringList(task.needs));
    if (!task.url.isEmpty())
        object.insert(QLatin1String("url"), task.url);
    if (!task.host.isEmpty())
        object.insert(QLatin1String("host"), task.host);
    if (!task.function.isEmpty())
        object.insert(QLatin1String("function"), task.function);
    return object;
}

double TaskSpec::nominalLatencyMs(int instance) const
{
    if (latency) {
        switch (latency->kind) {
        case LatencyDistribution::Kind::Uniform:
            return (latency->a + latency->b) / 2;
        case LatencyDistribution::Kind::Fixed:
        case LatencyDistribution::Kind::Normal:
        case LatencyDistribution::Kind::LogNormal:
        case LatencyDistribution::Kind::Exponential:
            return latency->a;
        }
    }
    if (latencyMs.isEmpty())
        return 0;
    return latencyMs[std::clamp<qsizetype>(instance - 1, 0, latencyMs.size() - 1)];
}

bool TaskSpec::nominalFails(int instance) const
{
    if (fails.isEmpty())
        return false;
    return fails[std::clamp<qsizetype>(instance - 1, 0, fails.size() - 1)];
}

QJsonValue TaskSpec::reason() const
{
    if (error.isNull() || error.isUndefined())
        return QJsonValue(QStringLiteral("%1 failed").arg(id));
    return error;
}

QJsonValue TaskSpec::fulfilValue() const
{
    if (value.isNull() || value.isUndefined())
        return QJsonValue(id);
    return value;
}

} // namespace asyncscope
