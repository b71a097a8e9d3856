#include "scenario.h"

#include "edit_distance.h"
#include "json_messages.h"
#include "json_syntax_error.h"
#include "json_text_position.h"
#include "lesson.h"
#include "plan_limits.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QLocale>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace asyncscope {

namespace {

const QString kFormatTag = QStringLiteral("asyncscope-scenario/1");
static_assert(kMaxExpressionMs == kMaxLatencyMs, "a plan may wait as long as a task may take");

// Thrown inside the reader only; loadScenario() turns it into LoadResult::error.
struct LoadFailure
{
    QString message; // without the file name
};

[[noreturn]] void fail(const QString &path, const QString &message)
{
    throw LoadFailure{path.isEmpty() ? message : path + QStringLiteral(": ") + message};
}



// User text inside a message: quoted, escaped and shortened, so the message stays one line.
QString quoted(const QString &text)
{
    return describeJsonValue(QJsonValue(text));
}

QString indexPath(const QString &path, qsizetype index)
{
    return QStringLiteral("%1[%2]").arg(path).arg(index);
}

QString fieldPath(const QString &path, const QString &field)
{
    return path.isEmpty() ? field : path + u'.' + field;
}

void checkKnownFields(const QJsonObject &object, const QString &path, const QStringList &known)
{
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (!known.contains(it.key()))
            fail(path, QStringLiteral("unknown field %1%2").arg(quoted(it.key()), didYouMean(it.key(), known)));
    }
}

QString requireString(const QJsonObject &object, const QString &path, const QString &field, bool allowEmpty)
{
    const QJsonValue value = object.value(field);
    const QString where = fieldPath(path, field);
    if (value.isUndefined())
        fail(where, QStringLiteral("missing (a string)"));
    if (!value.isString())
        fail(where, QStringLiteral("must be a string, got %1").arg(describeJsonValue(value)));
    if (!allowEmpty && value.toString().isEmpty())
        fail(where, QStringLiteral("must not be empty"));
    return value.toString();
}

QString optionalString(const QJsonObject &object, const QString &path, const QString &field)
{
    const QJsonValue value = object.value(field);
    if (value.isUndefined())
        return {};
    if (!value.isString())
        fail(fieldPath(path, field), QStringLiteral("must be a string, got %1").arg(describeJsonValue(value)));
    return value.toString();
}

// A time in milliseconds: a finite number in [0, kMaxLatencyMs] (or (0, ...] when `positive`).
double readMilliseconds(const QJsonValue &value, const QString &where, bool positive = false)
{
    const char *expected = positive ? "a number > 0" : "a number >= 0";
    if (!value.isDouble())
        fail(where, QStringLiteral("must be %1, got %2").arg(QLatin1String(expected), describeJsonValue(value)));
    const double ms = value.toDouble();
    if (!std::isfinite(ms) || ms < 0 || (positive && ms == 0))
        fail(where, QStringLiteral("must be %1, got %2").arg(QLatin1String(expected), describeJsonValue(value)));
    if (ms > kMaxLatencyMs)
        fail(where, QStringLiteral("must be at most %1 (one hour), got %2").arg(formatNumber(kMaxLatencyMs), formatNumber(ms)));
    return ms;
}

QList<double> readLatencyList(const QJsonValue &value, const QString &where)
{
    if (!value.isArray())
        return {readMilliseconds(value, where)};
    const QJsonArray array = value.toArray();
    if (array.isEmpty())
        fail(where, QStringLiteral("must be a number >= 0 or a non-empty array of numbers, got an empty array"));
    QList<double> out;
    out.reserve(array.size());
    for (qsizetype i = 0; i < array.size(); ++i)
        out.append(readMilliseconds(array.at(i), indexPath(where, i)));
    return out;
}

QList<bool> readFails(const QJsonValue &value, const QString &where)
{
    if (value.isBool())
        return {value.toBool()};
    if (!value.isArray())
        fail(where, QStringLiteral("must be true, false or a non-empty array of them, got %1").arg(describeJsonValue(value)));
    const QJsonArray array = value.toArray();
    if (array.isEmpty())
        fail(where, QStringLiteral("must be true, false or a non-empty array of them, got an empty array"));
    QList<bool> out;
    out.reserve(array.size());
    for (qsizetype i = 0; i < array.size(); ++i) {
        if (!array.at(i).isBool())
            fail(indexPath(where, i), QStringLiteral("must be true or false, got %1").arg(describeJsonValue(array.at(i))));
        out.append(array.at(i).toBool());
    }
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

LatencyDistribution readDistribution(const QJsonValue &value, const QString &where)
{
    if (!value.isObject())
        fail(where, QStringLiteral("must be an object such as {\"dist\": \"uniform\", \"min_ms\": 50, \"max_ms\": 150}, got %1")
                        .arg(describeJsonValue(value)));
    const QJsonObject object = value.toObject();
    const QJsonValue dist = object.value(QLatin1String("dist"));
    QStringList names;
    for (const DistributionShape &shape : kDistributions)
        names.append(QLatin1String(shape.name));
    const QString distPath = fieldPath(where, QStringLiteral("dist"));
    if (dist.isUndefined())
        fail(distPath, QStringLiteral("missing (one of %1)").arg(names.join(QStringLiteral(", "))));
    if (!dist.isString())
        fail(distPath, QStringLiteral("must be a string, got %1").arg(describeJsonValue(dist)));
    const DistributionShape *shape = nullptr;
    for (const DistributionShape &candidate : kDistributions) {
        if (dist.toString() == QLatin1String(candidate.name))
            shape = &candidate;
    }
    if (!shape)
        fail(distPath, QStringLiteral("unknown distribution %1%2; expected one of %3")
                           .arg(quoted(dist.toString()), didYouMean(dist.toString(), names), names.join(QStringLiteral(", "))));

    QStringList fields{QStringLiteral("dist"), QLatin1String(shape->first)};
    if (shape->second)
        fields.append(QLatin1String(shape->second));
    checkKnownFields(object, where, fields);

    const auto readField = [&](const char *name, bool positive) {
        const QJsonValue field = object.value(QLatin1String(name));
        const QString path = fieldPath(where, QLatin1String(name));
        if (field.isUndefined())
            fail(path, QStringLiteral("missing (a number of milliseconds)"));
        return readMilliseconds(field, path, positive);
    };
    LatencyDistribution out;
    out.kind = shape->kind;
    // A log-normal needs a median > 0: its logarithm is the location.
    out.a = readField(shape->first, shape->kind == LatencyDistribution::Kind::LogNormal);
    if (shape->second)
        out.b = readField(shape->second, false);
    if (shape->kind == LatencyDistribution::Kind::Uniform && out.b < out.a)
        fail(fieldPath(where, QStringLiteral("max_ms")),
             QStringLiteral("must be >= min_ms (%1), got %2").arg(formatNumber(out.a), formatNumber(out.b)));
    if (shape->kind == LatencyDistribution::Kind::LogNormal && out.b < out.a)
        fail(fieldPath(where, QStringLiteral("p95_ms")),
             QStringLiteral("must be >= median_ms (%1), got %2").arg(formatNumber(out.a), formatNumber(out.b)));
    return out;
}

// graph(A, B...) and levels(...) run only the listed tasks, so every need must
// be listed too. The expression is at most kMaxExpressionDepth deep.
std::optional<ExpressionError> checkGraphs(const Expr &expr, const QList<TaskSpec> &tasks,
                                           const QHash<QString, int> &taskIndex)
{
    if (expr.kind != Expr::Kind::Call)
        return std::nullopt;
    if ((expr.combinator == Combinator::Graph || expr.combinator == Combinator::Levels) && !expr.args.empty()) {
        QSet<QString> listed;
        for (const Expr &arg : expr.args) {
            if (listed.contains(arg.name))
                return ExpressionError{QStringLiteral("%1: task \"%2\" is listed twice at column %3")
                                           .arg(expr.name, arg.name).arg(arg.column),
                                       arg.column};
            listed.insert(arg.name);
        }
        for (const Expr &arg : expr.args) {
            const int index = taskIndex.value(arg.name, -1);
            if (index < 0)
                continue; // parseExpression() already refused unknown tasks
            for (const QString &need : tasks[index].needs) {
                if (!listed.contains(need))
                    return ExpressionError{QStringLiteral("%1: task \"%2\" needs \"%3\", which is not listed at column %4")
                                               .arg(expr.name, arg.name, need).arg(arg.column),
                                           arg.column};
            }
        }
    }
    for (const Expr &arg : expr.args) {
        if (std::optional<ExpressionError> error = checkGraphs(arg, tasks, taskIndex))
            return error;
    }
    return std::nullopt;
}

ParsedExpression parsePlanWithIndex(const QString &text, const Scenario &scenario, const QStringList &taskIds,
                                    const QSet<QString> &knownTasks, const QHash<QString, int> &taskIndex)
{
    ParsedExpression parsed = parseExpression(text, taskIds, knownTasks);
    if (!parsed.ok())
        return parsed;
    if (std::optional<ExpressionError> error = checkGraphs(*parsed.expr, scenario.tasks, taskIndex)) {
        parsed.expr.reset();
        parsed.error = error;
    } else if (std::optional<ExpressionError> tooMuch = checkInvocationBound(*parsed.expr)) {
        parsed.expr.reset();
        parsed.error = tooMuch;
    }
    return parsed;
}

bool isCombinatorName(const QString &id)
{
    return combinatorFromName(id).has_value();
}

class ScenarioReader
{
public:
    Scenario read(const QJsonObject &root)
    {
        checkKnownFields(root, QString(),
                         {QStringLiteral("format"), QStringLiteral("name"), QStringLiteral("description"),
                          QStringLiteral("tasks"), QStringLiteral("plans"), QStringLiteral("connections_per_host"),
                          QStringLiteral("lesson")});
        readFormat(root);
        Scenario scenario;
        scenario.name = requireString(root, QString(), QStringLiteral("name"), false);
        scenario.description = optionalString(root, QString(), QStringLiteral("description"));
        readConnections(root, scenario);
        readLesson(root, scenario);
        readTasks(root, scenario);
        readPlans(root, scenario);
        // The lesson's contents name plans, so they are checked last (core/lesson.h).
        if (const LessonParseResult lesson = parseLesson(scenario); !lesson.ok())
            throw LoadFailure{lesson.error};
        return scenario;
    }

private:
    static void readFormat(const QJsonObject &root)
    {
        const QJsonValue format = root.value(QLatin1String("format"));
        if (format.isUndefined())
            fail(QStringLiteral("format"), QStringLiteral("missing; a scenario starts with \"format\": \"%1\"").arg(kFormatTag));
        if (format.toString() != kFormatTag)
            fail(QStringLiteral("format"), QStringLiteral("expected \"%1\", got %2").arg(kFormatTag, describeJsonValue(format)));
    }

    static void readConnections(const QJsonObject &root, Scenario &scenario)
    {
        const QJsonValue value = root.value(QLatin1String("connections_per_host"));
        if (value.isUndefined())
            return;
        const double n = value.toDouble(-1);
        if (!value.isDouble() || n < 1 || n != std::floor(n) || n > std::numeric_limits<int>::max())
            fail(QStringLiteral("connections_per_host"),
                 QStringLiteral("must be an integer >= 1, got %1").arg(describeJsonValue(value)));
        scenario.connectionsPerHost = int(n);
    }

    static void readLesson(const QJsonObject &root, Scenario &scenario)
    {
        const QJsonValue value = root.value(QLatin1String("lesson"));
        if (value.isUndefined())
            return;
        if (!value.isObject())
            fail(QStringLiteral("lesson"), QStringLiteral("must be an object, got %1").arg(describeJsonValue(value)));
        scenario.lesson = value.toObject();
    }

    void readTasks(const QJsonObject &root, Scenario &scenario)
    {
        const QString path = QStringLiteral("tasks");
        const QJsonValue value = root.value(path);
        if (value.isUndefined())
            fail(path, QStringLiteral("missing (a non-empty array of tasks)"));
        if (!value.isArray())
            fail(path, QStringLiteral("must be a non-empty array of tasks, got %1").arg(describeJsonValue(value)));
        const QJsonArray tasks = value.toArray();
        if (tasks.isEmpty())
            fail(path, QStringLiteral("must be a non-empty array of tasks, got an empty array"));
        if (tasks.size() > kMaxTasks)
            fail(path, QStringLiteral("%1 tasks; the limit is %2").arg(tasks.size()).arg(kMaxTasks));

        // Ids first, so that `needs` may name a task defined further down.
        scenario.tasks.reserve(tasks.size());
        m_taskIndex.reserve(tasks.size());
        for (qsizetype i = 0; i < tasks.size(); ++i)
            scenario.tasks.append(readTask(tasks.at(i), indexPath(path, i), scenario));
        m_taskIds = scenario.taskIds();
        m_knownTasks = QSet<QString>(m_taskIds.cbegin(), m_taskIds.cend());
        for (qsizetype i = 0; i < tasks.size(); ++i)
            checkNeeds(scenario.tasks[i], indexPath(path, i));
        checkNoCycles(scenario);
    }

    TaskSpec readTask(const QJsonValue &value, const QString &path, const Scenario &scenario)
    {
        if (!value.isObject())
            fail(path, QStringLiteral("must be an object such as {\"id\": \"user\", \"latency_ms\": 200}, got %1")
                           .arg(describeJsonValue(value)));
        const QJsonObject object = value.toObject();
        checkKnownFields(object, path,
                         {QStringLiteral("id"), QStringLiteral("label"), QStringLiteral("latency_ms"),
                          QStringLiteral("latency"), QStringLiteral("jitter_ms"), QStringLiteral("fails"),
                          QStringLiteral("failure_rate"), QStringLiteral("error"), QStringLiteral("value"),
                          QStringLiteral("needs"), QStringLiteral("url"), QStringLiteral("host")});
        TaskSpec task;
        task.id = readId(object, path, scenario);
        const QString label = optionalString(object, path, QStringLiteral("label"));
        task.label = label.isEmpty() ? task.id : label;

        const QJsonValue latencyMs = object.value(QLatin1String("latency_ms"));
        const QJsonValue latency = object.value(QLatin1String("latency"));
        if (!latencyMs.isUndefined() && !latency.isUndefined())
            fail(path, QStringLiteral("has both \"latency_ms\" and \"latency\"; give one"));
        if (latencyMs.isUndefined() && latency.isUndefined())
            fail(path, QStringLiteral("missing \"latency_ms\" (or a \"latency\" distribution)"));
        if (!latencyMs.isUndefined())
            task.latencyMs = readLatencyList(latencyMs, fieldPath(path, QStringLiteral("latency_ms")));
        else
            task.latency = readDistribution(latency, fieldPath(path, QStringLiteral("latency")));

        if (object.contains(QLatin1String("jitter_ms")))
            task.jitterMs = readMilliseconds(object.value(QLatin1String("jitter_ms")), fieldPath(path, QStringLiteral("jitter_ms")));
        if (object.contains(QLatin1String("fails")))
            task.fails = readFails(object.value(QLatin1String("fails")), fieldPath(path, QStringLiteral("fails")));
        if (object.contains(QLatin1String("failure_rate"))) {
            const QJsonValue rate = object.value(QLatin1String("failure_rate"));
            if (!rate.isDouble() || !(rate.toDouble() >= 0 && rate.toDouble() <= 1))
                fail(fieldPath(path, QStringLiteral("failure_rate")),
                     QStringLiteral("must be a number from 0 to 1, got %1").arg(describeJsonValue(rate)));
            task.failureRate = rate.toDouble();
        }
        if (object.contains(QLatin1String("error")))
            task.error = object.value(QLatin1String("error"));
        if (object.contains(QLatin1String("value")))
            task.value = object.value(QLatin1String("value"));
        task.needs = readNeeds(object, path);
        task.url = optionalString(object, path, QStringLiteral("url"));
        task.host = optionalString(object, path, QStringLiteral("host"));
        return task;
    }

    QString readId(const QJsonObject &object, const QString &path, const Scenario &scenario)
    {
        // anchoredPattern, not ^...$: "$" would also accept a trailing line break.
        static const QRegularExpression idPattern(QRegularExpression::anchoredPattern(QStringLiteral("[A-Za-z_][A-Za-z0-9_]*")));
        const QString id = requireString(object, path, QStringLiteral("id"), false);
        const QString where = fieldPath(path, QStringLiteral("id"));
        if (!idPattern.match(id).hasMatch())
            fail(where, QStringLiteral("%1 is not a valid id (letters, digits and _, not starting with a digit)")
                            .arg(describeJsonValue(id)));
        if (isCombinatorName(id))
            fail(where, QStringLiteral("\"%1\" is a combinator name; choose another id").arg(id));
        const auto existing = m_taskIndex.constFind(id);
        if (existing != m_taskIndex.constEnd())
            fail(where, QStringLiteral("duplicate id \"%1\" (also tasks[%2])").arg(id).arg(*existing));
        m_taskIndex.insert(id, int(scenario.tasks.size()));
        return id;
    }

    static QStringList readNeeds(const QJsonObject &object, const QString &path)
    {
        const QJsonValue value = object.value(QLatin1String("needs"));
        if (value.isUndefined())
            return {};
        const QString where = fieldPath(path, QStringLiteral("needs"));
        if (!value.isArray())
            fail(where, QStringLiteral("must be an array of task ids, got %1").arg(describeJsonValue(value)));
        QStringList needs;
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (!array.at(i).isString())
                fail(indexPath(where, i), QStringLiteral("must be a task id (a string), got %1").arg(describeJsonValue(array.at(i))));
            needs.append(array.at(i).toString());
        }
        return needs;
    }

    void checkNeeds(const TaskSpec &task, const QString &path) const
    {
        const QString where = fieldPath(path, QStringLiteral("needs"));
        QSet<QString> seen;
        for (qsizetype i = 0; i < task.needs.size(); ++i) {
            const QString &need = task.needs[i];
            if (need == task.id)
                fail(indexPath(where, i), QStringLiteral("task \"%1\" cannot need itself").arg(need));
            if (!m_taskIndex.contains(need))
                fail(indexPath(where, i), QStringLiteral("unknown task %1%2").arg(quoted(need), didYouMean(need, m_taskIds)));
            if (seen.contains(need))
                fail(indexPath(where, i), QStringLiteral("%1 is listed twice").arg(quoted(need)));
            seen.insert(need);
        }
    }

    // Iterative depth-first search (a 10 000-task chain must not overflow the stack).
    void checkNoCycles(const Scenario &scenario) const
    {
        enum class Mark : char { Unvisited, OnPath, Done };
        const qsizetype count = scenario.tasks.size();
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
                const TaskSpec &task = scenario.tasks[frame.task];
                if (frame.nextNeed >= task.needs.size()) {
                    marks[frame.task] = Mark::Done;
                    path.pop_back();
                    continue;
                }
                const int need = m_taskIndex.value(task.needs[frame.nextNeed++]);
                if (marks[need] == Mark::OnPath)
                    reportCycle(scenario, path, need);
                if (marks[need] == Mark::Unvisited) {
                    marks[need] = Mark::OnPath;
                    path.push_back({need, 0});
                }
            }
        }
    }

    template<typename Frames>
    [[noreturn]] static void reportCycle(const Scenario &scenario, const Frames &path, int start)
    {
        QStringList names;
        bool inCycle = false;
        for (const auto &frame : path) {
            inCycle = inCycle || frame.task == start;
            if (inCycle)
                names.append(scenario.tasks[frame.task].id);
        }
        names.append(scenario.tasks[start].id);
        // A message stays readable even when the cycle runs through thousands of tasks.
        constexpr int kHead = 6;
        constexpr int kTail = 3;
        if (names.size() > kHead + kTail + 2) {
            const qsizetype taskCount = names.size() - 1;
            names = names.mid(0, kHead) + QStringList{QStringLiteral("...")} + names.mid(names.size() - kTail);
            names.last() += QStringLiteral(" (%1 tasks)").arg(taskCount);
        }
        fail(QStringLiteral("tasks[%1].needs").arg(start), QStringLiteral("cycle %1").arg(names.join(QStringLiteral(" -> "))));
    }

    void readPlans(const QJsonObject &root, Scenario &scenario) const
    {
        const QString path = QStringLiteral("plans");
        const QJsonValue value = root.value(path);
        if (value.isUndefined())
            fail(path, QStringLiteral("missing (a non-empty array of {\"name\", \"run\"})"));
        if (!value.isArray())
            fail(path, QStringLiteral("must be a non-empty array of plans, got %1").arg(describeJsonValue(value)));
        const QJsonArray plans = value.toArray();
        if (plans.isEmpty())
            fail(path, QStringLiteral("must be a non-empty array of plans, got an empty array"));
        if (plans.size() > kMaxPlans)
            fail(path, QStringLiteral("%1 plans; the limit is %2").arg(plans.size()).arg(kMaxPlans));
        QHash<QString, int> names;
        for (qsizetype i = 0; i < plans.size(); ++i) {
            const QString planPath = indexPath(path, i);
            const QJsonValue planValue = plans.at(i);
            if (!planValue.isObject())
                fail(planPath, QStringLiteral("must be an object such as {\"name\": \"parallel\", \"run\": \"all(a, b)\"}, got %1")
                                   .arg(describeJsonValue(planValue)));
            const QJsonObject object = planValue.toObject();
            checkKnownFields(object, planPath, {QStringLiteral("name"), QStringLiteral("run")});
            PlanSpec plan;
            plan.name = requireString(object, planPath, QStringLiteral("name"), false);
            if (names.contains(plan.name))
                fail(fieldPath(planPath, QStringLiteral("name")),
                     QStringLiteral("duplicate plan name %1 (also plans[%2])").arg(quoted(plan.name)).arg(names.value(plan.name)));
            names.insert(plan.name, int(i));
            plan.run = requireString(object, planPath, QStringLiteral("run"), true);
            const QString runPath = fieldPath(planPath, QStringLiteral("run"));
            ParsedExpression parsed = parsePlanWithIndex(plan.run, scenario, m_taskIds, m_knownTasks, m_taskIndex);
            if (!parsed.ok())
                fail(runPath, parsed.error->message);
            plan.expr = std::move(*parsed.expr);
            scenario.plans.append(std::move(plan));
        }
    }

    QHash<QString, int> m_taskIndex;
    QStringList m_taskIds;
    QSet<QString> m_knownTasks; // built once, not once per plan
};

QString formatMegabytes(qint64 bytes)
{
    return QString::number(double(bytes) / (1024.0 * 1024.0), 'f', 1);
}

QString tooLargeMessage(const QString &displayName, qint64 bytes)
{
    return QStringLiteral("%1: file is %2 MB; the limit is %3 MB")
        .arg(displayName, formatMegabytes(bytes))
        .arg(kMaxScenarioBytes / (1024 * 1024));
}

LoadResult failure(const QString &message)
{
    LoadResult result;
    result.error = message;
    return result;
}

QString firstSentence(const QString &text)
{
    QString line = text.section(u'\n', 0, 0).trimmed();
    const qsizetype stop = line.indexOf(QLatin1String(". "));
    if (stop >= 0)
        line.truncate(stop + 1);
    return line;
}

LoadResult loadExample(const QString &name, const QString &displayName)
{
    QFile file(QStringLiteral(":/examples/%1.json").arg(name));
    if (!file.open(QIODevice::ReadOnly)) {
        QStringList names;
        for (const ExampleInfo &example : builtInExamples())
            names.append(example.name);
        return failure(QStringLiteral("unknown example \"%1\"%2; run \"asyncscope examples\" for the list")
                           .arg(name, didYouMean(name, names)));
    }
    return loadScenario(file.readAll(), displayName);
}

} // namespace

ParsedExpression parsePlan(const QString &text, const Scenario &scenario)
{
    QHash<QString, int> taskIndex;
    taskIndex.reserve(scenario.tasks.size());
    for (qsizetype i = 0; i < scenario.tasks.size(); ++i)
        taskIndex.insert(scenario.tasks[i].id, int(i));
    const QStringList taskIds = scenario.taskIds();
    return parsePlanWithIndex(text, scenario, taskIds, QSet<QString>(taskIds.cbegin(), taskIds.cend()), taskIndex);
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

int Scenario::taskIndex(const QString &id) const
{
    for (qsizetype i = 0; i < tasks.size(); ++i) {
        if (tasks[i].id == id)
            return int(i);
    }
    return -1;
}

QStringList Scenario::taskIds() const
{
    QStringList ids;
    ids.reserve(tasks.size());
    for (const TaskSpec &task : tasks)
        ids.append(task.id);
    return ids;
}

QStringList Scenario::planNames() const
{
    QStringList names;
    names.reserve(plans.size());
    for (const PlanSpec &plan : plans)
        names.append(plan.name);
    return names;
}

const PlanSpec *Scenario::planByName(const QString &name) const
{
    const auto found = std::find_if(plans.cbegin(), plans.cend(), [&](const PlanSpec &p) { return p.name == name; });
    return found == plans.cend() ? nullptr : &*found;
}

QJsonObject Scenario::toJson() const
{
    QJsonObject root;
    root.insert(QLatin1String("format"), kFormatTag);
    root.insert(QLatin1String("name"), name);
    if (!description.isEmpty())
        root.insert(QLatin1String("description"), description);
    if (connectionsPerHost)
        root.insert(QLatin1String("connections_per_host"), *connectionsPerHost);

    QJsonArray taskArray;
    for (const TaskSpec &task : tasks) {
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
        taskArray.append(object);
    }
    root.insert(QLatin1String("tasks"), taskArray);

    QJsonArray planArray;
    for (const PlanSpec &plan : plans) {
        QJsonObject object;
        object.insert(QLatin1String("name"), plan.name);
        object.insert(QLatin1String("run"), plan.run.isEmpty() ? toText(plan.expr) : plan.run);
        planArray.append(object);
    }
    root.insert(QLatin1String("plans"), planArray);
    if (!lesson.isEmpty())
        root.insert(QLatin1String("lesson"), lesson);
    return root;
}

LoadResult loadScenario(const QByteArray &json, const QString &displayName)
{
    if (json.size() > kMaxScenarioBytes)
        return failure(tooLargeMessage(displayName, json.size()));
    if (json.trimmed().isEmpty())
        return failure(QStringLiteral("%1: empty file, expected a JSON object").arg(displayName));
    const auto positioned = [&](qsizetype offset, const QString &message) {
        const TextPosition position = textPositionAt(json, offset);
        return failure(QStringLiteral("%1:%2:%3: %4").arg(displayName).arg(position.line).arg(position.column).arg(message));
    };
    // Binary input is named as such at its first bad byte, before the JSON parser guesses at it.
    const qsizetype zeroByte = json.indexOf('\0');
    qsizetype badByte = firstInvalidUtf8Offset(json);
    if (zeroByte >= 0 && (badByte < 0 || zeroByte < badByte))
        badByte = zeroByte;
    if (badByte >= 0) {
        const QString byte = QStringLiteral("0x%1").arg(uchar(json[badByte]), 2, 16, QLatin1Char('0'));
        return positioned(badByte, zeroByte >= 0
                              ? QStringLiteral("binary data, not a JSON text file (byte %1)").arg(byte)
                              : QStringLiteral("not UTF-8 text (byte %1); a scenario is a UTF-8 JSON file").arg(byte));
    }
    // A JSON scalar at the top level would only get "illegal value" from the parser.
    const qsizetype bomLength = json.startsWith("\xEF\xBB\xBF") ? 3 : 0;
    qsizetype first = bomLength;
    while (first < json.size() && QChar::isSpace(uchar(json[first])))
        ++first;
    if (first >= json.size())
        return failure(QStringLiteral("%1: empty file, expected a JSON object").arg(displayName));
    if (json[first] != '{' && json[first] != '[')
        return positioned(first, QStringLiteral("expected a JSON object {...} at the top level"));

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        qsizetype offset = parseError.offset;
        const QString message = describeJsonSyntaxError(json, parseError, offset);
        return positioned(offset, message);
    }
    // Unknown fields are refused so typos are caught; a field given twice is the same kind of slip.
    const DuplicateKey duplicate = firstDuplicateKey(json);
    if (duplicate.offset >= 0)
        return positioned(duplicate.offset, QStringLiteral("field %1 is given twice in the same object")
                                                .arg(quoted(QString::fromUtf8(duplicate.name))));
    if (!document.isObject())
        return failure(QStringLiteral("%1: the top level must be a JSON object {...}, got %2")
                           .arg(displayName, document.isArray() ? QStringLiteral("an array") : QStringLiteral("a scalar")));
    try {
        ScenarioReader reader;
        LoadResult result;
        result.scenario = reader.read(document.object());
        return result;
    } catch (const LoadFailure &loadFailure) {
        return failure(QStringLiteral("%1: %2").arg(displayName, loadFailure.message));
    }
}

LoadResult loadScenarioFile(const QString &fileArgument)
{
    if (fileArgument.startsWith(QLatin1String("example:")))
        return loadExample(fileArgument.mid(int(qstrlen("example:"))), fileArgument);

    QFile file;
    QString displayName = fileArgument;
    if (fileArgument == QLatin1String("-")) {
        displayName = QStringLiteral("<stdin>");
        if (!file.open(stdin, QIODevice::ReadOnly))
            return failure(QStringLiteral("%1: cannot read: %2").arg(displayName, file.errorString()));
    } else {
        const QFileInfo info(fileArgument);
        if (info.isDir())
            return failure(QStringLiteral("%1: cannot open: it is a directory").arg(displayName));
        // Refuse by size before reading anything (a regular file reports its size).
        if (info.isFile() && info.size() > kMaxScenarioBytes)
            return failure(tooLargeMessage(displayName, info.size()));
        file.setFileName(fileArgument);
        if (!file.open(QIODevice::ReadOnly))
            return failure(QStringLiteral("%1: cannot open: %2").arg(displayName, file.errorString()));
    }
    // Bounded read: pipes and devices (/dev/zero) have no size to check first.
    // A pipe hands over 64 KB per read, so read until the end (or the limit).
    QByteArray json;
    while (json.size() <= kMaxScenarioBytes) {
        const QByteArray chunk = file.read(kMaxScenarioBytes + 1 - json.size());
        if (chunk.isEmpty())
            break;
        json += chunk;
    }
    if (json.size() > kMaxScenarioBytes)
        return failure(QStringLiteral("%1: input is larger than the %2 MB limit").arg(displayName).arg(kMaxScenarioBytes / (1024 * 1024)));
    return loadScenario(json, displayName);
}

QList<ExampleInfo> builtInExamples()
{
    QList<ExampleInfo> examples;
    const QDir dir(QStringLiteral(":/examples"));
    const QFileInfoList files = dir.entryInfoList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    for (const QFileInfo &info : files) {
        ExampleInfo example;
        example.name = info.completeBaseName();
        QFile file(info.filePath());
        LoadResult loaded = file.open(QIODevice::ReadOnly)
            ? loadScenario(file.readAll(), QStringLiteral("example:%1").arg(example.name))
            : failure(file.errorString());
        if (loaded.ok()) {
            example.title = loaded.scenario->name;
            example.description = firstSentence(loaded.scenario->description);
        } else {
            example.title = example.name;
            example.description = QStringLiteral("(does not load: %1)").arg(loaded.error);
        }
        examples.append(example);
    }
    std::sort(examples.begin(), examples.end(),
              [](const ExampleInfo &a, const ExampleInfo &b) { return a.name < b.name; });
    return examples;
}

} // namespace asyncscope
