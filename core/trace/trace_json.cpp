#include "trace_json.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace asyncscope {

namespace {

QByteArray quoted(const QString &text)
{
    return compactJson(QJsonValue(text));
}

QByteArray number(double value)
{
    return compactJson(QJsonValue(value));
}

QByteArray optionalNumber(const std::optional<double> &value)
{
    return value ? number(*value) : QByteArrayLiteral("null");
}

// "key": value — `value` already serialised.
QByteArray field(const char *key, const QByteArray &value)
{
    return QByteArray("\"") + key + "\": " + value;
}

QByteArray spanJson(const Span &span)
{
    QList<QByteArray> fields{field("task", quoted(span.task)), field("instance", number(span.instance))};
    if (span.wasQueued())
        fields << field("queued_ms", number(span.queuedMs));
    fields << field("start_ms", number(span.startMs)) << field("end_ms", optionalNumber(span.endMs))
           << field("outcome", quoted(toString(span.outcome)))
           << field("discarded", span.discarded ? QByteArrayLiteral("true") : QByteArrayLiteral("false"));
    if (!span.args.isEmpty())
        fields << field("args", compactJson(span.args));
    return '{' + fields.join(", ") + '}';
}

QByteArray settledByJson(const PlanTrace &plan)
{
    if (!plan.cause.timer.isEmpty())
        return '{' + field("timer", quoted(plan.cause.timer)) + '}';
    const Span &span = plan.spans.at(plan.cause.spanIndex);
    return '{' + field("task", quoted(span.task)) + ", " + field("instance", number(span.instance)) + '}';
}

QByteArray trialsJson(const TrialStats &stats)
{
    const bool any = stats.settled > 0;
    const QByteArray settled = '{' + field("p50", any ? number(stats.p50) : "null") + ", "
                               + field("p95", any ? number(stats.p95) : "null") + ", "
                               + field("max", any ? number(stats.max) : "null") + '}';
    return '{' + field("n", number(stats.n)) + ", " + field("settled_ms", settled) + ", "
           + field("fulfilled", number(stats.fulfilled)) + '}';
}

QByteArray planJson(const PlanTrace &plan)
{
    const QByteArray indent = "      ";
    QList<QByteArray> fields{field("name", quoted(plan.name)),
                             plan.js.isEmpty() ? field("run", quoted(plan.run)) : field("js", quoted(plan.js)),
                             field("outcome", quoted(toString(plan.outcome))),
                             field("settled_ms", optionalNumber(plan.settledMs))};
    if (plan.outcome == PlanOutcome::Fulfilled)
        fields << field("value", compactJson(plan.result));
    else if (plan.outcome == PlanOutcome::Rejected)
        fields << field("reason", compactJson(plan.result));
    const bool hasCause = !plan.cause.timer.isEmpty()
                          || (plan.cause.spanIndex >= 0 && plan.cause.spanIndex < plan.spans.size());
    if (hasCause)
        fields << field("settled_by", settledByJson(plan));
    fields << field("finished_ms", number(plan.finishedMs)) << field("wasted_ms", number(plan.wastedMs()));
    if (plan.trials)
        fields << field("trials", trialsJson(*plan.trials));
    if (!plan.note.isEmpty())
        fields << field("note", quoted(plan.note));
    if (!plan.console.isEmpty()) {
        QList<QByteArray> lines;
        for (const ConsoleLine &line : plan.console)
            lines << indent + "  {" + field("t_ms", number(line.atMs)) + ", " + field("level", quoted(line.level)) + ", "
                         + field("text", quoted(line.text)) + '}';
        fields << field("console", "[\n" + lines.join(",\n") + '\n' + indent + ']');
    }

    QList<QByteArray> spans;
    for (const Span &span : plan.spans)
        spans << indent + "  " + spanJson(span);
    fields << field("spans", spans.isEmpty() ? QByteArrayLiteral("[]") : "[\n" + spans.join(",\n") + '\n' + indent + ']');

    return "    {\n" + indent + fields.join(",\n" + indent) + "\n    }";
}

} // namespace

QByteArray compactJson(const QJsonValue &value)
{
    // QJsonDocument only holds arrays and objects: wrap the value and strip the brackets.
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2);
}

QByteArray toTraceJson(const RunTrace &trace)
{
    QList<QByteArray> plans;
    for (const PlanTrace &plan : trace.plans)
        plans << planJson(plan);
    QByteArray out = "{\n";
    out += "  " + field("scenario", quoted(trace.scenario)) + ",\n";
    out += "  " + field("seed", QByteArray::number(trace.seed)) + ",\n";
    out += "  " + field("clock", quoted(trace.clock)) + ",\n";
    out += "  " + field("plans", plans.isEmpty() ? QByteArrayLiteral("[]") : "[\n" + plans.join(",\n") + "\n  ]");
    out += "\n}\n";
    return out;
}

namespace {

constexpr double kMicrosPerMs = 1000.0;

QString spanName(const Span &span)
{
    return QStringLiteral("%1 #%2").arg(span.task).arg(span.instance);
}

QJsonObject metadataEvent(const char *name, int pid, int tid, const QString &value)
{
    return QJsonObject{{QStringLiteral("name"), QLatin1String(name)}, {QStringLiteral("ph"), QStringLiteral("M")},
                       {QStringLiteral("pid"), pid}, {QStringLiteral("tid"), tid},
                       {QStringLiteral("args"), QJsonObject{{QStringLiteral("name"), value}}}};
}

} // namespace

QByteArray toChromeTrace(const RunTrace &trace)
{
    QJsonArray events;
    const double axisEnd = trace.endMs();
    for (int p = 0; p < trace.plans.size(); ++p) {
        const PlanTrace &plan = trace.plans.at(p);
        const int pid = p + 1;
        events.append(metadataEvent("process_name", pid, 0,
                                    QStringLiteral("%1: %2").arg(plan.name, plan.js.isEmpty() ? plan.run : QStringLiteral("JavaScript"))));
        events.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("process_sort_index")},
                                  {QStringLiteral("ph"), QStringLiteral("M")}, {QStringLiteral("pid"), pid},
                                  {QStringLiteral("tid"), 0},
                                  {QStringLiteral("args"), QJsonObject{{QStringLiteral("sort_index"), p}}}});
        events.append(metadataEvent("thread_name", pid, 0, QStringLiteral("plan")));
        for (int lane = 0; lane < plan.spans.size(); ++lane) {
            const Span &span = plan.spans.at(lane);
            const int tid = lane + 1;
            events.append(metadataEvent("thread_name", pid, tid, spanName(span)));
            events.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("thread_sort_index")},
                                      {QStringLiteral("ph"), QStringLiteral("M")}, {QStringLiteral("pid"), pid},
                                      {QStringLiteral("tid"), tid},
                                      {QStringLiteral("args"), QJsonObject{{QStringLiteral("sort_index"), tid}}}});
            if (span.wasQueued()) {
                events.append(QJsonObject{
                    {QStringLiteral("name"), spanName(span) + QStringLiteral(" (queued)")},
                    {QStringLiteral("cat"), QStringLiteral("queued")}, {QStringLiteral("ph"), QStringLiteral("X")},
                    {QStringLiteral("ts"), span.queuedMs * kMicrosPerMs},
                    {QStringLiteral("dur"), (span.startMs - span.queuedMs) * kMicrosPerMs},
                    {QStringLiteral("pid"), pid}, {QStringLiteral("tid"), tid}});
            }
            QJsonObject args{{QStringLiteral("outcome"), toString(span.outcome)},
                             {QStringLiteral("discarded"), span.discarded}};
            if (span.outcome == SpanOutcome::Fulfilled)
                args.insert(QStringLiteral("value"), span.result);
            else if (span.outcome != SpanOutcome::Pending)
                args.insert(QStringLiteral("reason"), span.result);
            if (!span.args.isEmpty())
                args.insert(QStringLiteral("arguments"), span.args);
            events.append(QJsonObject{{QStringLiteral("name"), spanName(span)},
                                      {QStringLiteral("cat"), toString(span.outcome)},
                                      {QStringLiteral("ph"), QStringLiteral("X")},
                                      {QStringLiteral("ts"), span.startMs * kMicrosPerMs},
                                      {QStringLiteral("dur"), (span.endOr(axisEnd) - span.startMs) * kMicrosPerMs},
                                      {QStringLiteral("pid"), pid}, {QStringLiteral("tid"), tid},
                                      {QStringLiteral("args"), args}});
        }
        for (const ConsoleLine &line : plan.console) {
            events.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("console.%1: %2").arg(line.level, line.text.left(80))},
                                      {QStringLiteral("cat"), QStringLiteral("console")},
                                      {QStringLiteral("ph"), QStringLiteral("i")}, {QStringLiteral("s"), QStringLiteral("t")},
                                      {QStringLiteral("ts"), line.atMs * kMicrosPerMs},
                                      {QStringLiteral("pid"), pid}, {QStringLiteral("tid"), 0},
                                      {QStringLiteral("args"), QJsonObject{{QStringLiteral("text"), line.text}}}});
        }
        if (plan.settledMs) {
            QJsonObject args{{QStringLiteral("outcome"), toString(plan.outcome)}};
            args.insert(plan.outcome == PlanOutcome::Fulfilled ? QStringLiteral("value") : QStringLiteral("reason"),
                        plan.result);
            if (!plan.cause.timer.isEmpty())
                args.insert(QStringLiteral("settled_by"), plan.cause.timer);
            else if (plan.cause.spanIndex >= 0 && plan.cause.spanIndex < plan.spans.size())
                args.insert(QStringLiteral("settled_by"), spanName(plan.spans.at(plan.cause.spanIndex)));
            events.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("settled: ") + toString(plan.outcome)},
                                      {QStringLiteral("ph"), QStringLiteral("i")}, {QStringLiteral("s"), QStringLiteral("p")},
                                      {QStringLiteral("ts"), *plan.settledMs * kMicrosPerMs},
                                      {QStringLiteral("pid"), pid}, {QStringLiteral("tid"), 0},
                                      {QStringLiteral("args"), args}});
        }
    }
    const QJsonObject root{{QStringLiteral("traceEvents"), events},
                           {QStringLiteral("displayTimeUnit"), QStringLiteral("ms")},
                           {QStringLiteral("otherData"),
                            QJsonObject{{QStringLiteral("scenario"), trace.scenario},
                                        {QStringLiteral("seed"), QString::number(trace.seed)},
                                        {QStringLiteral("clock"), trace.clock}}}};
    return QJsonDocument(root).toJson(QJsonDocument::Compact) + '\n';
}

namespace {

std::optional<double> readOptionalNumber(const QJsonValue &value)
{
    if (value.isDouble())
        return value.toDouble();
    return std::nullopt;
}

std::optional<SpanOutcome> spanOutcomeFrom(const QString &text)
{
    for (SpanOutcome o : {SpanOutcome::Fulfilled, SpanOutcome::Rejected, SpanOutcome::Aborted, SpanOutcome::Pending}) {
        if (toString(o) == text)
            return o;
    }
    return std::nullopt;
}

std::optional<PlanOutcome> planOutcomeFrom(const QString &text)
{
    for (PlanOutcome o : {PlanOutcome::Fulfilled, PlanOutcome::Rejected, PlanOutcome::Pending}) {
        if (toString(o) == text)
            return o;
    }
    return std::nullopt;
}

} // namespace

std::optional<RunTrace> fromTraceJson(const QByteArray &json, QString *error)
{
    auto fail = [error](const QString &message) -> std::optional<RunTrace> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return fail(parseError.errorString());
    if (!document.isObject())
        return fail(QStringLiteral("not a JSON object"));
    const QJsonObject root = document.object();

    RunTrace trace;
    trace.scenario = root.value(QLatin1String("scenario")).toString();
    trace.seed = quint64(root.value(QLatin1String("seed")).toInteger());
    trace.clock = root.value(QLatin1String("clock")).toString();
    const QJsonArray plans = root.value(QLatin1String("plans")).toArray();
    for (qsizetype p = 0; p < plans.size(); ++p) {
        const QJsonObject object = plans.at(p).toObject();
        PlanTrace plan;
        plan.name = object.value(QLatin1String("name")).toString();
        plan.run = object.value(QLatin1String("run")).toString();
        const auto outcome = planOutcomeFrom(object.value(QLatin1String("outcome")).toString());
        if (!outcome)
            return fail(QStringLiteral("plans[%1].outcome: unknown outcome").arg(p));
        plan.outcome = *outcome;
        plan.settledMs = readOptionalNumber(object.value(QLatin1String("settled_ms")));
        if (object.contains(QLatin1String("value")))
            plan.result = object.value(QLatin1String("value"));
        else if (object.contains(QLatin1String("reason")))
            plan.result = object.value(QLatin1String("reason"));
        plan.finishedMs = object.value(QLatin1String("finished_ms")).toDouble();
        const QJsonArray spans = object.value(QLatin1String("spans")).toArray();
        for (qsizetype s = 0; s < spans.size(); ++s) {
            const QJsonObject spanObject = spans.at(s).toObject();
            Span span;
            span.task = spanObject.value(QLatin1String("task")).toString();
            span.instance = spanObject.value(QLatin1String("instance")).toInt();
            span.startMs = spanObject.value(QLatin1String("start_ms")).toDouble();
            span.queuedMs = spanObject.value(QLatin1String("queued_ms")).toDouble(span.startMs);
            span.endMs = readOptionalNumber(spanObject.value(QLatin1String("end_ms")));
            const auto spanOutcome = spanOutcomeFrom(spanObject.value(QLatin1String("outcome")).toString());
            if (!spanOutcome)
                return fail(QStringLiteral("plans[%1].spans[%2].outcome: unknown outcome").arg(p).arg(s));
            span.outcome = *spanOutcome;
            span.discarded = spanObject.value(QLatin1String("discarded")).toBool();
            plan.spans << span;
        }
        const QJsonObject settledBy = object.value(QLatin1String("settled_by")).toObject();
        plan.cause.timer = settledBy.value(QLatin1String("timer")).toString();
        if (settledBy.contains(QLatin1String("task"))) {
            const QString task = settledBy.value(QLatin1String("task")).toString();
            const int instance = settledBy.value(QLatin1String("instance")).toInt();
            for (int s = 0; s < plan.spans.size(); ++s) {
                if (plan.spans.at(s).task == task && plan.spans.at(s).instance == instance)
                    plan.cause.spanIndex = s;
            }
        }
        if (object.contains(QLatin1String("trials"))) {
            const QJsonObject trials = object.value(QLatin1String("trials")).toObject();
            const QJsonObject settled = trials.value(QLatin1String("settled_ms")).toObject();
            TrialStats stats;
            stats.n = trials.value(QLatin1String("n")).toInt();
            stats.fulfilled = trials.value(QLatin1String("fulfilled")).toInt();
            stats.p50 = settled.value(QLatin1String("p50")).toDouble();
            stats.p95 = settled.value(QLatin1String("p95")).toDouble();
            stats.max = settled.value(QLatin1String("max")).toDouble();
            // The format keeps no count of settled trials: null percentiles mean none settled.
            stats.settled = settled.value(QLatin1String("p50")).isDouble() ? stats.n : 0;
            plan.trials = stats;
        }
        trace.plans << plan;
    }
    return trace;
}

} // namespace asyncscope
