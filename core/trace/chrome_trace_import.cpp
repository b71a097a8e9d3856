#include "chrome_trace_import_p.h"

#include "chrome_trace_scanner_p.h"
#include "imported_plan_p.h"
#include "json_messages.h"
#include "json_reader.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <vector>

namespace asyncscope::trace_import {

namespace {

constexpr double kMicrosPerMs = 1000.0;

// pid and tid are numbers in Chrome's output, strings in some converters: keyed by their text.
QString idText(const QJsonValue &value)
{
    if (value.isDouble())
        return formatNumber(value.toDouble());
    if (value.isString())
        return value.toString();
    return QStringLiteral("0");
}

// The reference reader: every event checked against the format, with the path in each message.
TraceEvent eventFromObject(const JsonValueAt &value, qsizetype index, bool own)
{
    const JsonObjectAt object = value.toObject();
    TraceEvent event;
    event.index = index;
    const QString phase = object.requiredString(QStringLiteral("ph"));
    if (phase.size() != 1)
        object.field(QStringLiteral("ph")).fail(QStringLiteral("unknown phase %1").arg(quotedForMessage(phase)));
    event.ph = phase.at(0).toLatin1();
    const QJsonObject &fields = object.object();
    event.name = fields.value(QLatin1String("name")).toString();
    event.cat = fields.value(QLatin1String("cat")).toString();
    event.pid = idText(fields.value(QLatin1String("pid")));
    event.tid = idText(fields.value(QLatin1String("tid")));
    event.id = idText(fields.value(QLatin1String("id")));
    event.args = fields.value(QLatin1String("args")).toObject();
    const bool settleInstant = own && (event.ph == 'i' || event.ph == 'I') && event.name.startsWith(QLatin1String("settled: "));
    if (event.ph == 'X' || event.ph == 'B' || event.ph == 'E' || event.ph == 'b' || event.ph == 'e' || settleInstant) {
        event.ts = object.field(QStringLiteral("ts")).require(u"a number").toNumber();
        event.hasTs = true;
    }
    if (event.ph == 'X') {
        const JsonValueAt dur = object.field(QStringLiteral("dur"));
        if (!dur.isMissing()) {
            event.dur = dur.toNumber();
            if (*event.dur < 0)
                dur.fail(QStringLiteral("must be >= 0, got %1").arg(describeJsonValue(dur.value())));
        }
    }
    return event;
}

// Turns checked events into plans and spans (see trace_import.h for the mapping).
class ChromeTraceReader
{
public:
    explicit ChromeTraceReader(bool ownTrace) : m_own(ownTrace) { }

    QList<PlanTrace> read(std::vector<TraceEvent> &events)
    {
        std::vector<const TraceEvent *> edges;
        std::vector<const TraceEvent *> completes;
        completes.reserve(events.size());
        std::map<std::pair<QString, QString>, double> queuedAt; // (pid, tid) -> ts, asyncscope's own "queued" bars
        double origin = std::numeric_limits<double>::infinity();

        for (const TraceEvent &event : events) {
            switch (event.ph) {
            case 'M':
                if (event.name == QLatin1String("process_name")) {
                    PlanBuilder &plan = builder(event.pid, event.index);
                    plan.name = event.args.value(QLatin1String("name")).toString();
                    plan.named = true;
                } else if (event.name == QLatin1String("process_sort_index")) {
                    builder(event.pid, event.index).sortIndex = event.args.value(QLatin1String("sort_index")).toDouble();
                }
                break;
            case 'X':
                origin = std::min(origin, event.ts);
                if (m_own && event.cat == QLatin1String("queued")) {
                    queuedAt[{event.pid, event.tid}] = event.ts;
                    break;
                }
                builder(event.pid, event.index);
                completes.push_back(&event);
                break;
            case 'B':
            case 'E':
            case 'b':
            case 'e':
                origin = std::min(origin, event.ts);
                if (event.ph == 'B' || event.ph == 'b')
                    builder(event.pid, event.index);
                edges.push_back(&event);
                break;
            case 'i':
            case 'I':
                if (m_own && event.name.startsWith(QLatin1String("settled: "))) {
                    if (!event.hasTs)
                        throw NotFastPath{}; // the reference reader names the missing "ts"
                    PlanBuilder &plan = builder(event.pid, event.index);
                    plan.settledMs = event.ts / kMicrosPerMs;
                    plan.settleArgs = event.args;
                }
                break;
            default:
                break; // counters, async, flow, samples...: not spans
            }
        }
        if (m_own || !std::isfinite(origin))
            origin = 0; // our own traces are already relative to the plan's start

        for (const TraceEvent *complete : completes) {
            Span span = makeSpan(complete->name, complete->args, (complete->ts - origin) / kMicrosPerMs);
            if (span.outcome != SpanOutcome::Pending)
                span.endMs = span.startMs + complete->dur.value_or(0) / kMicrosPerMs;
            if (!queuedAt.empty()) {
                if (const auto it = queuedAt.find({complete->pid, complete->tid}); it != queuedAt.end())
                    span.queuedMs = (it->second - origin) / kMicrosPerMs;
            }
            addSpan(complete->pid, std::move(span), complete->name, complete->index);
        }

        // "B"/"E" nest per thread, async "b"/"e" per (cat, id); matched in time order. An
        // end without its begin (a ring-buffer trace that starts mid-slice) is dropped, as Chrome does.
        std::stable_sort(edges.begin(), edges.end(), [](const TraceEvent *a, const TraceEvent *b) { return a->ts < b->ts; });
        std::map<std::pair<QString, QString>, std::vector<const TraceEvent *>> open;
        for (const TraceEvent *edge : edges) {
            const bool async = edge->ph == 'b' || edge->ph == 'e';
            auto &stack = open[{edge->pid, async ? QStringLiteral("async %1 %2").arg(edge->cat, edge->id) : edge->tid}];
            if (edge->ph == 'B' || edge->ph == 'b') {
                stack.push_back(edge);
                continue;
            }
            if (stack.empty())
                continue;
            const TraceEvent *begin = stack.back();
            stack.pop_back();
            QJsonObject args = begin->args;
            for (auto it = edge->args.begin(); it != edge->args.end(); ++it)
                args.insert(it.key(), it.value());
            Span span = makeSpan(begin->name, args, (begin->ts - origin) / kMicrosPerMs);
            if (span.outcome != SpanOutcome::Pending)
                span.endMs = (edge->ts - origin) / kMicrosPerMs;
            addSpan(begin->pid, std::move(span), begin->name, begin->index);
        }
        for (const auto &[thread, stack] : open) {
            for (const TraceEvent *begin : stack) {
                Span span = makeSpan(begin->name, begin->args, (begin->ts - origin) / kMicrosPerMs);
                span.outcome = SpanOutcome::Pending;
                span.endMs.reset();
                addSpan(begin->pid, std::move(span), begin->name, begin->index);
            }
        }

        std::vector<PlanBuilder *> ordered;
        for (auto &[pid, plan] : m_plans) {
            // Processes with no spans (Chrome's GPU or browser metadata) are not bands; our own empty plans are.
            if (!plan.spans.empty() || (m_own && plan.named))
                ordered.push_back(&plan);
        }
        std::stable_sort(ordered.begin(), ordered.end(), [](const PlanBuilder *a, const PlanBuilder *b) {
            const double sa = a->sortIndex.value_or(0), sb = b->sortIndex.value_or(0);
            return sa != sb ? sa < sb : a->firstSeen < b->firstSeen;
        });
        QList<PlanTrace> plans;
        for (PlanBuilder *builder : ordered)
            plans << finishPlan(*builder, m_own);
        return plans;
    }

private:
    PlanBuilder &builder(const QString &pid, qsizetype index)
    {
        auto it = m_plans.find(pid);
        if (it == m_plans.end()) {
            it = m_plans.emplace(pid, PlanBuilder{}).first;
            it->second.name = QStringLiteral("Process %1").arg(pid);
            it->second.firstSeen = index;
        }
        return it->second;
    }

    Span makeSpan(const QString &name, const QJsonObject &args, double startMs) const
    {
        Span span;
        span.startMs = span.queuedMs = startMs;
        span.task = name.isEmpty() ? QStringLiteral("(unnamed)") : name;
        if (m_own) {
            static const QRegularExpression numbered(QStringLiteral("^(.*) #(\\d+)$"));
            const QRegularExpressionMatch match = numbered.match(name);
            if (match.hasMatch()) {
                span.task = match.captured(1);
                span.instance = match.captured(2).toInt();
            }
        }
        if (args.isEmpty()) {
            span.outcome = SpanOutcome::Fulfilled;
            return span;
        }
        span.outcome = spanOutcomeFromString(args.value(QLatin1String("outcome")).toString()).value_or(SpanOutcome::Fulfilled);
        span.discarded = args.value(QLatin1String("discarded")).toBool();
        if (span.outcome == SpanOutcome::Fulfilled)
            span.result = args.value(QLatin1String("value"));
        else if (span.outcome != SpanOutcome::Pending)
            span.result = args.value(QLatin1String("reason"));
        return span;
    }

    void addSpan(const QString &pid, Span span, const QString &name, qsizetype order)
    {
        builder(pid, order).spans.push_back({std::move(span), name, order});
    }

    bool m_own;
    std::map<QString, PlanBuilder> m_plans;
};

bool isOwnTrace(const QJsonObject &otherData)
{
    return otherData.value(QLatin1String("scenario")).isString() && otherData.value(QLatin1String("clock")).isString();
}

RunTrace chromeTrace(std::vector<TraceEvent> &events, const QJsonObject &otherData, const QString &fileName)
{
    RunTrace trace;
    trace.clock = QStringLiteral("real");
    trace.scenario = fileName;
    trace.description = QStringLiteral("Chrome trace");
    const bool own = isOwnTrace(otherData);
    if (own) {
        trace.scenario = otherData.value(QLatin1String("scenario")).toString();
        trace.seed = otherData.value(QLatin1String("seed")).toString().toULongLong();
        trace.clock = otherData.value(QLatin1String("clock")).toString();
        trace.description.clear();
    }
    trace.plans = ChromeTraceReader(own).read(events);
    if (own) {
        // asyncscope writes each plan as "name: run".
        for (PlanTrace &plan : trace.plans) {
            const qsizetype colon = plan.name.indexOf(QLatin1String(": "));
            if (colon >= 0) {
                plan.run = plan.name.mid(colon + 2);
                plan.name.truncate(colon);
            }
        }
    }
    return trace;
}

} // namespace

RunTrace readChromeTrace(const QJsonDocument &document, const QString &fileName)
{
    const JsonArrayAt array = document.isArray()
                                  ? JsonArrayAt(document.array(), JsonPath())
                                  : JsonObjectAt(document.object(), JsonPath()).requiredArray(QStringLiteral("traceEvents"));
    const QJsonObject otherData = document.isArray() ? QJsonObject()
                                                     : document.object().value(QLatin1String("otherData")).toObject();
    const bool own = isOwnTrace(otherData);
    std::vector<TraceEvent> events;
    events.reserve(size_t(array.size()));
    for (qsizetype i = 0; i < array.size(); ++i)
        events.push_back(eventFromObject(array.at(i), i, own));
    return chromeTrace(events, otherData, fileName);
}

std::optional<RunTrace> scanChromeTrace(const QByteArray &data, const QString &fileName)
{
    try {
        std::vector<TraceEvent> events;
        events.reserve(size_t(data.size() / 100));
        QJsonObject otherData;
        scanTraceEvents(data, events, otherData);
        RunTrace trace = chromeTrace(events, otherData, fileName);
        if (trace.plans.isEmpty())
            return std::nullopt;
        return trace;
    } catch (const NotFastPath &) {
        return std::nullopt;
    }
}

} // namespace asyncscope::trace_import
