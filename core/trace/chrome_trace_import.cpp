#include "chrome_trace_import_p.h"

#include "chrome_trace_scanner_p.h"
#include "imported_plan_p.h"
#include "json_messages.h"
#include "json_reader.h"
#include "trace_import.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>
#include <cstring>
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

bool isNetworkEvent(const QString &name)
{
    return name == QLatin1String("ResourceSendRequest") || name == QLatin1String("ResourceReceiveResponse")
           || name == QLatin1String("ResourceFinish");
}

// The first of a timing's phase starts that applies (>= 0), in ms after timing.requestTime.
double firstPhaseStart(const QJsonObject &timing)
{
    for (const char *phase : {"dnsStart", "connectStart", "sendStart"}) {
        const double at = timing.value(QLatin1String(phase)).toDouble(-1);
        if (at >= 0)
            return at;
    }
    return 0;
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
    const bool instant = event.ph == 'i' || event.ph == 'I';
    const bool settleInstant = own && instant && event.name.startsWith(QLatin1String("settled: "));
    const bool networkInstant = instant && isNetworkEvent(event.name);
    if (event.ph == 'X' || event.ph == 'B' || event.ph == 'E' || event.ph == 'b' || event.ph == 'e' || settleInstant || networkInstant) {
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
    ChromeTraceReader(bool ownTrace, QString eventsPath) : m_own(ownTrace), m_eventsPath(std::move(eventsPath)) { }

    QList<PlanTrace> read(std::vector<TraceEvent> &events)
    {
        std::vector<const TraceEvent *> edges;
        std::vector<const TraceEvent *> completes;
        completes.reserve(events.size());
        std::map<std::pair<QString, QString>, double> queuedAt; // (pid, tid) -> ts, asyncscope's own "queued" bars
        std::vector<QString> requestOrder;                      // network requests by requestId, in file order
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
                if (event.hasTs && isNetworkEvent(event.name)) {
                    const QString id = event.args.value(QLatin1String("data")).toObject().value(QLatin1String("requestId")).toString();
                    if (id.isEmpty())
                        break;
                    NetworkRequest &request = m_requests[id];
                    if (event.name == QLatin1String("ResourceSendRequest")) {
                        if (!request.send)
                            requestOrder.push_back(id);
                        request.send = &event;
                        origin = std::min(origin, event.ts);
                        builder(event.pid, event.index);
                    } else if (event.name == QLatin1String("ResourceReceiveResponse")) {
                        request.response = &event;
                    } else {
                        request.finish = &event;
                    }
                    break;
                }
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
        checkTimes(events, origin);

        for (const QString &id : requestOrder)
            addNetworkSpan(m_requests.at(id), origin);

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

        if (qsizetype(m_plans.size()) > kMaxRecordedPlans)
            throw JsonReadError(m_eventsPath, QStringLiteral("%1 processes; a recording is drawn with at most %2 (one band each)")
                                                  .arg(m_plans.size()).arg(kMaxRecordedPlans));
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
    struct NetworkRequest
    {
        const TraceEvent *send = nullptr;
        const TraceEvent *response = nullptr;
        const TraceEvent *finish = nullptr;
    };

    // Times hours apart would make a ruler of garbage digits: the scenario limit holds here too.
    void checkTimes(const std::vector<TraceEvent> &events, double origin) const
    {
        for (const TraceEvent &event : events) {
            const bool instant = event.ph == 'i' || event.ph == 'I';
            const bool drawn = std::strchr("XBEbe", event.ph) || (instant && isNetworkEvent(event.name))
                               || (m_own && instant && event.name.startsWith(QLatin1String("settled: ")));
            if (!event.hasTs || !event.ph || !drawn)
                continue;
            const double offsetMs = (event.ts - origin) / kMicrosPerMs;
            if (std::abs(offsetMs) > kMaxRecordedMs)
                throw JsonReadError(QStringLiteral("%1[%2].ts").arg(m_eventsPath).arg(event.index),
                                    QStringLiteral("%1 ms from the first event; a recording spans at most an hour")
                                        .arg(formatNumber(offsetMs)));
            if (event.dur && (*event.dur / kMicrosPerMs > kMaxRecordedMs || offsetMs + *event.dur / kMicrosPerMs > kMaxRecordedMs))
                throw JsonReadError(QStringLiteral("%1[%2].dur").arg(m_eventsPath).arg(event.index),
                                    QStringLiteral("ends more than an hour after the first event (%1 us); a recording spans at most an hour")
                                        .arg(formatNumber(*event.dur)));
        }
    }

    // One request of Chrome's network events as a span: asked for, started, ended.
    void addNetworkSpan(const NetworkRequest &request, double origin)
    {
        if (!request.send)
            return; // a response without its request: the trace started mid-way
        const QJsonObject sent = request.send->args.value(QLatin1String("data")).toObject();
        Span span;
        span.task = requestTaskName(sent.value(QLatin1String("requestMethod")).toString(),
                                    sent.value(QLatin1String("url")).toString());
        span.queuedMs = span.startMs = (request.send->ts - origin) / kMicrosPerMs;
        int status = 0;
        if (request.response) {
            const QJsonObject received = request.response->args.value(QLatin1String("data")).toObject();
            status = received.value(QLatin1String("statusCode")).toInt();
            const QJsonObject timing = received.value(QLatin1String("timing")).toObject();
            const double requestTime = timing.value(QLatin1String("requestTime")).toDouble(-1);
            if (requestTime > 0) {
                const double sentMs = requestTime * 1000.0 - origin / kMicrosPerMs + firstPhaseStart(timing);
                if (std::isfinite(sentMs) && sentMs <= kMaxRecordedMs)
                    span.startMs = std::max(span.queuedMs, sentMs);
            }
        }
        if (request.finish) {
            const QJsonObject finished = request.finish->args.value(QLatin1String("data")).toObject();
            double endMs = (request.finish->ts - origin) / kMicrosPerMs;
            const double finishTime = finished.value(QLatin1String("finishTime")).toDouble(0);
            if (finishTime > 0) {
                const double at = finishTime * 1000.0 - origin / kMicrosPerMs;
                if (std::isfinite(at) && at >= span.startMs && at <= endMs)
                    endMs = at; // when the network stack finished, not when the renderer heard of it
            }
            span.endMs = std::max(endMs, span.startMs);
            if (finished.value(QLatin1String("didFail")).toBool() || status <= 0) {
                span.outcome = SpanOutcome::Rejected;
                span.result = status >= 400 ? QStringLiteral("HTTP %1").arg(status) : QStringLiteral("network error");
            } else if (status >= 400) {
                span.outcome = SpanOutcome::Rejected;
                span.result = QStringLiteral("HTTP %1").arg(status);
            } else {
                span.outcome = SpanOutcome::Fulfilled;
                span.result = status;
            }
        }
        const QString name = span.task;
        addSpan(request.send->pid, std::move(span), name, request.send->index);
    }

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
    QString m_eventsPath; // "traceEvents", or "" for the bare array form
    std::map<QString, PlanBuilder> m_plans;
    std::map<QString, NetworkRequest> m_requests;
};

bool firstByteIsArray(const QByteArray &data)
{
    for (const char c : data) {
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t' && c != '\xEF' && c != '\xBB' && c != '\xBF')
            return c == '[';
    }
    return false;
}

bool isOwnTrace(const QJsonObject &otherData)
{
    return otherData.value(QLatin1String("scenario")).isString() && otherData.value(QLatin1String("clock")).isString();
}

RunTrace chromeTrace(std::vector<TraceEvent> &events, const QJsonObject &otherData, const QString &fileName, bool arrayForm)
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
    if (qsizetype(events.size()) > kMaxRecordedEvents)
        throw JsonReadError(arrayForm ? QString() : QStringLiteral("traceEvents"),
                            QStringLiteral("%1 events; a recording may hold at most %2").arg(events.size()).arg(kMaxRecordedEvents));
    trace.plans = ChromeTraceReader(own, arrayForm ? QString() : QStringLiteral("traceEvents")).read(events);
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
    return chromeTrace(events, otherData, fileName, document.isArray());
}

std::optional<RunTrace> scanChromeTrace(const QByteArray &data, const QString &fileName)
{
    try {
        std::vector<TraceEvent> events;
        events.reserve(size_t(data.size() / 100));
        QJsonObject otherData;
        scanTraceEvents(data, events, otherData);
        RunTrace trace = chromeTrace(events, otherData, fileName, firstByteIsArray(data));
        if (trace.plans.isEmpty())
            return std::nullopt;
        return trace;
    } catch (const NotFastPath &) {
        return std::nullopt;
    }
}

} // namespace asyncscope::trace_import
