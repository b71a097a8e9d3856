#include "js_plan_runner.h"

#include "draws.h"
#include "js_names.h"
#include "js_worker.h"

#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>

namespace asyncscope {

namespace {

// Random tasks get their seeded draws shipped with the request: this many per
// task for the displayed run, and for trials what the displayed run used plus
// a margin. A call beyond them rejects, saying so.
constexpr int kDrawsForFirstRun = 64;

QJsonArray perInvocation(const QList<double> &values)
{
    QJsonArray out;
    for (double v : values)
        out.append(v);
    return out;
}

QJsonArray perInvocation(const QList<bool> &values)
{
    QJsonArray out;
    for (bool v : values)
        out.append(v);
    return out;
}

QJsonArray drawsFor(const TaskSpec &task, int taskIndex, int count, quint64 seed, int trial)
{
    QJsonArray draws;
    for (int instance = 1; instance <= count; ++instance) {
        const InvocationDraw draw = drawInvocation(task, taskIndex, instance, seed, trial);
        draws.append(QJsonArray{draw.latencyMs, draw.fails});
    }
    return draws;
}

QJsonArray tasksFor(const Scenario &scenario, quint64 seed, int trial, const QHash<QString, int> &drawCounts)
{
    QJsonArray tasks;
    for (int i = 0; i < scenario.tasks.size(); ++i) {
        const TaskSpec &task = scenario.tasks.at(i);
        QJsonObject t{{QLatin1String("id"), task.id},
                      {QLatin1String("function"), jsFunctionName(task)},
                      {QLatin1String("value"), task.fulfilValue()},
                      {QLatin1String("error"), task.reason()},
                      {QLatin1String("latency_ms"), perInvocation(task.latencyMs.isEmpty() ? QList<double>{task.nominalLatencyMs()} : task.latencyMs)},
                      {QLatin1String("fails"), perInvocation(task.fails)}};
        if (!task.url.isEmpty())
            t.insert(QLatin1String("url"), task.url);
        if (!task.host.isEmpty())
            t.insert(QLatin1String("host"), task.host);
        if (task.isRandom())
            t.insert(QLatin1String("draws"), drawsFor(task, i, drawCounts.value(task.id, kDrawsForFirstRun), seed, trial));
        tasks.append(t);
    }
    return tasks;
}

QJsonObject limitsJson(const JsRunLimits &limits)
{
    return {{QLatin1String("wall_ms"), limits.wallMs},
            {QLatin1String("virtual_ms"), limits.virtualMs},
            {QLatin1String("timers"), limits.timers},
            {QLatin1String("console_lines"), limits.consoleLines},
            {QLatin1String("console_chars"), limits.consoleChars}};
}

std::optional<SpanOutcome> spanOutcome(const QString &name)
{
    for (SpanOutcome o : {SpanOutcome::Fulfilled, SpanOutcome::Rejected, SpanOutcome::Aborted, SpanOutcome::Pending}) {
        if (toString(o) == name)
            return o;
    }
    return std::nullopt;
}

std::optional<PlanOutcome> planOutcome(const QString &name)
{
    for (PlanOutcome o : {PlanOutcome::Fulfilled, PlanOutcome::Rejected, PlanOutcome::Pending}) {
        if (toString(o) == name)
            return o;
    }
    return std::nullopt;
}

std::optional<double> optionalMs(const QJsonValue &value)
{
    if (value.isDouble())
        return value.toDouble();
    return std::nullopt;
}

// The worker's answer as a PlanTrace; empty (with *error) if it is malformed.
std::optional<PlanTrace> traceFromAnswer(const PlanSpec &plan, const QJsonObject &answer, QString *error)
{
    PlanTrace trace;
    trace.name = plan.name;
    trace.id = plan.name;
    trace.run = plan.run;
    trace.js = plan.js;
    const std::optional<PlanOutcome> outcome = planOutcome(answer.value(QLatin1String("outcome")).toString());
    if (!outcome) {
        *error = QStringLiteral("the JavaScript worker gave no outcome");
        return std::nullopt;
    }
    trace.outcome = *outcome;
    trace.settledMs = optionalMs(answer.value(QLatin1String("settled_ms")));
    trace.result = answer.value(trace.outcome == PlanOutcome::Rejected ? QLatin1String("reason") : QLatin1String("value"));
    if (trace.result.isUndefined())
        trace.result = QJsonValue::Null;
    for (const QJsonValue &value : answer.value(QLatin1String("spans")).toArray()) {
        const QJsonObject s = value.toObject();
        Span span;
        span.task = s.value(QLatin1String("task")).toString();
        span.instance = s.value(QLatin1String("instance")).toInt(1);
        span.startMs = s.value(QLatin1String("start_ms")).toDouble();
        span.queuedMs = s.contains(QLatin1String("queued_ms")) ? s.value(QLatin1String("queued_ms")).toDouble() : span.startMs;
        span.endMs = optionalMs(s.value(QLatin1String("end_ms")));
        span.outcome = spanOutcome(s.value(QLatin1String("outcome")).toString()).value_or(SpanOutcome::Pending);
        span.discarded = s.value(QLatin1String("discarded")).toBool();
        span.result = s.contains(QLatin1String("reason")) ? s.value(QLatin1String("reason")) : s.value(QLatin1String("value"));
        if (span.result.isUndefined())
            span.result = QJsonValue::Null;
        span.args = s.value(QLatin1String("args")).toArray();
        trace.finishedMs = std::max(trace.finishedMs, span.endOr(0));
        trace.spans.append(span);
    }
    std::stable_sort(trace.spans.begin(), trace.spans.end(),
                     [](const Span &a, const Span &b) { return a.startMs < b.startMs; });
    // What settled it: of the spans that ended when the plan settled and were
    // not thrown away, one whose outcome is the plan's (a rejection for a
    // rejected plan), else one that was not aborted (the failure that made
    // the code abort the others), else the last.
    if (trace.settledMs) {
        const SpanOutcome wanted = trace.outcome == PlanOutcome::Rejected ? SpanOutcome::Rejected : SpanOutcome::Fulfilled;
        int sameOutcome = -1;
        int notAborted = -1;
        int last = -1;
        for (int i = 0; i < trace.spans.size(); ++i) {
            const Span &span = trace.spans.at(i);
            if (span.endMs != trace.settledMs || span.discarded || span.outcome == SpanOutcome::Pending)
                continue;
            last = i;
            if (span.outcome == wanted)
                sameOutcome = i;
            if (span.outcome != SpanOutcome::Aborted)
                notAborted = i;
        }
        trace.cause.spanIndex = sameOutcome >= 0 ? sameOutcome : notAborted >= 0 ? notAborted : last;
    }
    for (const QJsonValue &value : answer.value(QLatin1String("console")).toArray()) {
        const QJsonObject line = value.toObject();
        trace.console.append({line.value(QLatin1String("t")).toDouble(), line.value(QLatin1String("level")).toString(),
                              line.value(QLatin1String("text")).toString()});
    }
    trace.note = answer.value(QLatin1String("note")).toString();
    return trace;
}

QString errorLine(const QJsonObject &error, int *line, int *column)
{
    const QString message = error.value(QLatin1String("message")).toString().split(QLatin1Char('\n')).constFirst();
    *line = error.value(QLatin1String("line")).toInt();
    *column = error.value(QLatin1String("column")).toInt();
    if (*line > 0)
        return QStringLiteral("line %1, column %2: %3").arg(*line).arg(*column).arg(message);
    return message;
}

} // namespace

QString jsFunctionName(const TaskSpec &task)
{
    return taskFunctionName(task);
}

JsPlanResult runJsPlan(const Scenario &scenario, const PlanSpec &plan, quint64 seed, int trial, const JsRunLimits &limits)
{
    JsPlanResult result;
    QJsonObject request{{QLatin1String("type"), QLatin1String("run")},
                        {QLatin1String("plan"), plan.name},
                        {QLatin1String("source"), plan.js},
                        {QLatin1String("tasks"), tasksFor(scenario, seed, trial, {})},
                        {QLatin1String("seed"), double(seed % (quint64(1) << 53))},
                        {QLatin1String("trials"), 1},
                        {QLatin1String("connections_per_host"),
                         scenario.connectionsPerHost ? QJsonValue(*scenario.connectionsPerHost) : QJsonValue()},
                        {QLatin1String("limits"), limitsJson(limits)}};
    const std::optional<QJsonObject> answer = JsWorker::instance().request(request, limits.wallMs, &result.error);
    if (!answer)
        return result;
    if (!answer->value(QLatin1String("ok")).toBool()) {
        result.error = errorLine(answer->value(QLatin1String("error")).toObject(), &result.errorLine, &result.errorColumn);
        return result;
    }
    result.trace = traceFromAnswer(plan, *answer, &result.error);
    return result;
}

std::optional<JsTrialTimes> runJsTrials(const Scenario &scenario, const PlanSpec &plan, quint64 seed, int n, QString *error)
{
    // The displayed run (trial 0) tells how many draws each task needs.
    const JsPlanResult first = runJsPlan(scenario, plan, seed, 0);
    if (!first.ok()) {
        *error = first.error;
        return std::nullopt;
    }
    QHash<QString, int> drawCounts;
    for (const Span &span : first.trace->spans)
        drawCounts[span.task] = std::max(drawCounts.value(span.task), span.instance * 2 + 4);

    if (n == 1) { // the worker's batch is for two or more: one trial is one run
        const JsPlanResult one = runJsPlan(scenario, plan, seed, 1);
        if (!one.ok()) {
            *error = one.error;
            return std::nullopt;
        }
        JsTrialTimes times;
        if (one.trace->settledMs)
            times.settleTimes.append(*one.trace->settledMs);
        times.fulfilled = one.trace->outcome == PlanOutcome::Fulfilled ? 1 : 0;
        return times;
    }
    // Per trial only what changes: the random tasks' draws (the worker keeps
    // every other field from "tasks"), so 100 000 trials stay a small request.
    QJsonArray perTrial;
    for (int trial = 1; trial <= n; ++trial) {
        QJsonArray draws;
        for (int i = 0; i < scenario.tasks.size(); ++i) {
            const TaskSpec &task = scenario.tasks.at(i);
            if (task.isRandom())
                draws.append(QJsonObject{{QLatin1String("id"), task.id},
                                         {QLatin1String("draws"),
                                          drawsFor(task, i, drawCounts.value(task.id, kDrawsForFirstRun), seed, trial)}});
        }
        perTrial.append(draws);
    }
    JsRunLimits limits;
    limits.wallMs = std::max(limits.wallMs, n); // about a millisecond per trial at most
    const QJsonObject request{{QLatin1String("type"), QLatin1String("run")},
                              {QLatin1String("plan"), plan.name},
                              {QLatin1String("source"), plan.js},
                              {QLatin1String("tasks"), tasksFor(scenario, seed, 1, drawCounts)},
                              {QLatin1String("tasks_per_trial"), perTrial},
                              {QLatin1String("seed"), double(seed % (quint64(1) << 53))},
                              {QLatin1String("trials"), n},
                              {QLatin1String("connections_per_host"),
                               scenario.connectionsPerHost ? QJsonValue(*scenario.connectionsPerHost) : QJsonValue()},
                              {QLatin1String("limits"), limitsJson(limits)}};
    const std::optional<QJsonObject> answer = JsWorker::instance().request(request, limits.wallMs, error);
    if (!answer)
        return std::nullopt;
    if (!answer->value(QLatin1String("ok")).toBool()) {
        int line = 0;
        int column = 0;
        *error = errorLine(answer->value(QLatin1String("error")).toObject(), &line, &column);
        return std::nullopt;
    }
    JsTrialTimes times;
    for (const QJsonValue &value : answer->value(QLatin1String("trials")).toArray()) {
        const QJsonObject trial = value.toObject();
        if (trial.value(QLatin1String("settled_ms")).isDouble())
            times.settleTimes.append(trial.value(QLatin1String("settled_ms")).toDouble());
        if (trial.value(QLatin1String("outcome")).toString() == QLatin1String("fulfilled"))
            ++times.fulfilled;
    }
    return times;
}

} // namespace asyncscope
