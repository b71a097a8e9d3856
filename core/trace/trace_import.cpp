#include "trace_import.h"

#include "json_messages.h"
#include "json_syntax_error.h"
#include "json_text_position.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QRegularExpression>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <cmath>
#include <limits>
#include <map>
#include <vector>

namespace asyncscope {

namespace {

constexpr double kMicrosPerMs = 1000.0;

// Thrown inside the readers only; importTraceData() turns it into the one-line error.
struct ImportFailure
{
    QString message; // without the file name
};

[[noreturn]] void fail(const QString &path, const QString &message)
{
    throw ImportFailure{path.isEmpty() ? message : path + QStringLiteral(": ") + message};
}



QString fieldPath(const QString &path, const char *field)
{
    return path + u'.' + QLatin1String(field);
}

QString indexPath(const QString &path, qsizetype index)
{
    return QStringLiteral("%1[%2]").arg(path).arg(index);
}

double requireNumber(const QJsonObject &object, const QString &path, const char *field)
{
    const QJsonValue value = object.value(QLatin1String(field));
    if (value.isUndefined())
        fail(fieldPath(path, field), QStringLiteral("missing (a number)"));
    if (!value.isDouble())
        fail(fieldPath(path, field), QStringLiteral("must be a number, got %1").arg(describeJsonValue(value)));
    return value.toDouble();
}

QString requireString(const QJsonObject &object, const QString &path, const char *field)
{
    const QJsonValue value = object.value(QLatin1String(field));
    if (value.isUndefined())
        fail(fieldPath(path, field), QStringLiteral("missing (a string)"));
    if (!value.isString())
        fail(fieldPath(path, field), QStringLiteral("must be a string, got %1").arg(describeJsonValue(value)));
    return value.toString();
}

QJsonObject requireObject(const QJsonValue &value, const QString &path)
{
    if (value.isUndefined())
        fail(path, QStringLiteral("missing (an object)"));
    if (!value.isObject())
        fail(path, QStringLiteral("must be an object, got %1").arg(describeJsonValue(value)));
    return value.toObject();
}

QJsonArray requireArray(const QJsonValue &value, const QString &path)
{
    if (value.isUndefined())
        fail(path, QStringLiteral("missing (an array)"));
    if (!value.isArray())
        fail(path, QStringLiteral("must be an array, got %1").arg(describeJsonValue(value)));
    return value.toArray();
}

// The outcome whose name (toString, as our own writers spell it) is `text`.
template<class Outcome>
std::optional<Outcome> outcomeNamed(const QString &text, std::initializer_list<Outcome> outcomes)
{
    for (Outcome outcome : outcomes) {
        if (toString(outcome) == text)
            return outcome;
    }
    return std::nullopt;
}

std::optional<SpanOutcome> spanOutcomeFromString(const QString &text)
{
    return outcomeNamed(text, {SpanOutcome::Fulfilled, SpanOutcome::Rejected, SpanOutcome::Aborted, SpanOutcome::Pending});
}

std::optional<PlanOutcome> planOutcomeFromString(const QString &text)
{
    return outcomeNamed(text, {PlanOutcome::Fulfilled, PlanOutcome::Rejected, PlanOutcome::Pending});
}

// A span of a plan being built: `order` keeps equal starts in file order.
struct PendingSpan
{
    Span span;
    QString name;   // as written in the trace ("user #1")
    qint64 order = 0;
};

struct PlanBuilder
{
    QString name;
    QString run;
    std::optional<double> sortIndex;
    qint64 firstSeen = 0;
    bool named = false;
    std::vector<PendingSpan> spans;
    // asyncscope's own "settled: ..." instant
    std::optional<double> settledMs;
    QJsonObject settleArgs;
};

// Sorts by start (file order among equals), numbers invocations per task in
// start order unless the trace named them, and derives a settle point for a
// plan that has none of its own (see the header).
PlanTrace finishPlan(PlanBuilder &builder, bool instancesFromNames)
{
    std::stable_sort(builder.spans.begin(), builder.spans.end(), [](const PendingSpan &a, const PendingSpan &b) {
        return a.span.startMs < b.span.startMs;
    });
    PlanTrace plan;
    plan.name = builder.name;
    plan.run = builder.run;
    plan.spans.reserve(qsizetype(builder.spans.size()));
    QHash<QString, int> instances;
    QHash<QString, int> spanByName;
    for (PendingSpan &pending : builder.spans) {
        if (!instancesFromNames) {
            auto it = instances.find(pending.span.task);
            if (it == instances.end())
                it = instances.insert(pending.span.task, 0);
            pending.span.task = it.key(); // share one string per task
            pending.span.instance = ++it.value();
        } else {
            spanByName.insert(pending.name, int(plan.spans.size()));
        }
        if (pending.span.endMs)
            plan.finishedMs = std::max(plan.finishedMs, *pending.span.endMs);
        plan.spans.append(std::move(pending.span));
    }
    builder.spans.clear();

    if (builder.settledMs) {
        const QJsonObject &args = builder.settleArgs;
        plan.settledMs = builder.settledMs;
        plan.outcome = planOutcomeFromString(args.value(QLatin1String("outcome")).toString()).value_or(PlanOutcome::Fulfilled);
        plan.result = args.contains(QLatin1String("value")) ? args.value(QLatin1String("value"))
                                                            : args.value(QLatin1String("reason"));
        const QString by = args.value(QLatin1String("settled_by")).toString();
        if (const auto it = spanByName.constFind(by); it != spanByName.constEnd())
            plan.cause.spanIndex = it.value();
        else
            plan.cause.timer = by;
        return plan;
    }
    if (instancesFromNames)
        return plan; // our own trace without a settle instant: the plan never settled

    int lastEnded = -1;
    int firstRejected = -1;
    for (int i = 0; i < plan.spans.size(); ++i) {
        const Span &span = plan.spans.at(i);
        if (!span.endMs)
            return plan; // still running when the trace ended: pending
        if (lastEnded < 0 || *span.endMs >= *plan.spans.at(lastEnded).endMs)
            lastEnded = i;
        if (firstRejected < 0 && span.outcome == SpanOutcome::Rejected)
            firstRejected = i;
    }
    if (lastEnded < 0)
        return plan;
    plan.settledMs = plan.finishedMs;
    if (firstRejected >= 0) {
        plan.outcome = PlanOutcome::Rejected;
        plan.result = plan.spans.at(firstRejected).result;
        plan.cause.spanIndex = firstRejected;
    } else {
        plan.outcome = PlanOutcome::Fulfilled;
        plan.result = QStringLiteral("%1 spans").arg(plan.spans.size());
        plan.cause.spanIndex = lastEnded;
    }
    return plan;
}

// pid and tid are numbers in Chrome's output, strings in some converters: keyed by their text.
QString idText(const QJsonValue &value)
{
    if (value.isDouble())
        return formatNumber(value.toDouble());
    if (value.isString())
        return value.toString();
    return QStringLiteral("0");
}

// The fields of one trace event that matter here, read either from a
// QJsonObject (checked, with messages) or by the fast scanner below.
struct TraceEvent
{
    qsizetype index = 0;
    char ph = 0;
    bool hasTs = false;
    double ts = 0;
    std::optional<double> dur;
    QString name;
    QString cat;
    QString pid;
    QString tid;
    QString id;     // async ("b"/"e") events pair up by (pid, cat, id)
    QJsonObject args;
};

// The reference reader: every event checked against the format, with the path in each message.
TraceEvent eventFromObject(const QJsonValue &value, const QString &path, qsizetype index, bool own)
{
    if (!value.isObject())
        fail(path, QStringLiteral("must be an object, got %1").arg(describeJsonValue(value)));
    const QJsonObject object = value.toObject();
    TraceEvent event;
    event.index = index;
    const QString phase = requireString(object, path, "ph");
    if (phase.size() != 1)
        fail(fieldPath(path, "ph"), QStringLiteral("unknown phase %1").arg(describeJsonValue(phase)));
    event.ph = phase.at(0).toLatin1();
    event.name = object.value(QLatin1String("name")).toString();
    event.cat = object.value(QLatin1String("cat")).toString();
    event.pid = idText(object.value(QLatin1String("pid")));
    event.tid = idText(object.value(QLatin1String("tid")));
    event.id = idText(object.value(QLatin1String("id")));
    event.args = object.value(QLatin1String("args")).toObject();
    const bool settleInstant = own && (event.ph == 'i' || event.ph == 'I') && event.name.startsWith(QLatin1String("settled: "));
    if (event.ph == 'X' || event.ph == 'B' || event.ph == 'E' || event.ph == 'b' || event.ph == 'e' || settleInstant) {
        event.ts = requireNumber(object, path, "ts");
        event.hasTs = true;
    }
    if (event.ph == 'X') {
        const QJsonValue dur = object.value(QLatin1String("dur"));
        if (!dur.isUndefined()) {
            if (!dur.isDouble())
                fail(fieldPath(path, "dur"), QStringLiteral("must be a number, got %1").arg(describeJsonValue(dur)));
            if (dur.toDouble() < 0)
                fail(fieldPath(path, "dur"), QStringLiteral("must be >= 0, got %1").arg(describeJsonValue(dur)));
            event.dur = dur.toDouble();
        }
    }
    return event;
}

// Thrown by the fast scanner when anything is not as expected: the reference
// reader then reads the file again and says what is wrong.
struct NotFastPath
{
};

// A forward-only reader of the Chrome trace object or array that decodes only
// the fields of TraceEvent and skips the rest, so a 100 MB trace is never held
// as a QJsonDocument (which costs about ten times the file in memory).
class TraceEventScanner
{
public:
    explicit TraceEventScanner(const QByteArray &data) : m_p(data.constData()), m_end(data.constData() + data.size())
    {
        if (data.startsWith("\xEF\xBB\xBF"))
            m_p += 3;
    }

    // The events, and `otherData` when the object form has it.
    void read(std::vector<TraceEvent> &events, QJsonObject &otherData)
    {
        skipSpace();
        if (peek() == '[') {
            readEvents(events);
        } else {
            expect('{');
            bool sawEvents = false;
            if (!consumeIf('}')) {
                do {
                    const QString key = readString();
                    expect(':');
                    skipSpace();
                    if (key == QLatin1String("traceEvents")) {
                        readEvents(events);
                        sawEvents = true;
                    } else if (key == QLatin1String("otherData")) {
                        otherData = readObjectSlice();
                    } else {
                        skipValue();
                    }
                } while (consumeIf(','));
                expect('}');
            }
            if (!sawEvents)
                throw NotFastPath{};
        }
        skipSpace();
        if (m_p != m_end)
            throw NotFastPath{};
    }

private:
    char peek()
    {
        if (m_p >= m_end)
            throw NotFastPath{};
        return *m_p;
    }
    void skipSpace()
    {
        while (m_p < m_end && (*m_p == ' ' || *m_p == '\n' || *m_p == '\r' || *m_p == '\t'))
            ++m_p;
    }
    void expect(char c)
    {
        skipSpace();
        if (peek() != c)
            throw NotFastPath{};
        ++m_p;
    }
    bool consumeIf(char c)
    {
        skipSpace();
        if (m_p < m_end && *m_p == c) {
            ++m_p;
            return true;
        }
        return false;
    }

    QString readString()
    {
        skipSpace();
        if (peek() != '"')
            throw NotFastPath{};
        const char *start = ++m_p;
        while (m_p < m_end && *m_p != '"' && *m_p != '\\' && uchar(*m_p) >= 0x20)
            ++m_p;
        if (m_p < m_end && *m_p == '"')
            return QString::fromUtf8(start, m_p++ - start);
        // Escapes (rare in traces): let QJsonDocument decode this one string.
        m_p = start - 1;
        const char *from = m_p;
        skipString();
        QByteArray wrapped = '[' + QByteArray(from, m_p - from) + ']';
        const QJsonDocument document = QJsonDocument::fromJson(wrapped);
        if (!document.isArray() || !document.array().at(0).isString())
            throw NotFastPath{};
        return document.array().at(0).toString();
    }

    void skipString()
    {
        if (peek() != '"')
            throw NotFastPath{};
        ++m_p;
        while (m_p < m_end && *m_p != '"') {
            if (*m_p == '\\')
                ++m_p;
            ++m_p;
        }
        if (m_p >= m_end)
            throw NotFastPath{};
        ++m_p;
    }

    double readNumber()
    {
        skipSpace();
        double value = 0;
        const auto [next, error] = std::from_chars(m_p, m_end, value);
        if (error != std::errc() || next == m_p)
            throw NotFastPath{};
        m_p = next;
        return value;
    }

    void skipValue()
    {
        skipSpace();
        const char c = peek();
        if (c == '"') {
            skipString();
        } else if (c == '{' || c == '[') {
            // Strings may hold brackets; everything else only nests.
            int depth = 0;
            do {
                const char d = peek();
                if (d == '"') {
                    skipString();
                    continue;
                }
                if (d == '{' || d == '[')
                    ++depth;
                else if (d == '}' || d == ']')
                    --depth;
                ++m_p;
            } while (depth > 0);
        } else {
            while (m_p < m_end && *m_p != ',' && *m_p != '}' && *m_p != ']' && *m_p != ' ' && *m_p != '\n'
                   && *m_p != '\r' && *m_p != '\t')
                ++m_p;
        }
    }

    QJsonObject readObjectSlice()
    {
        skipSpace();
        if (peek() != '{')
            throw NotFastPath{};
        if (m_p + 1 < m_end && m_p[1] == '}') {
            m_p += 2;
            return {};
        }
        const char *start = m_p;
        skipValue();
        const QJsonDocument document = QJsonDocument::fromJson(QByteArray::fromRawData(start, m_p - start));
        if (!document.isObject())
            throw NotFastPath{};
        return document.object();
    }

    QString readId()
    {
        skipSpace();
        if (peek() == '"')
            return readString();
        return formatNumber(readNumber());
    }

    void readEvents(std::vector<TraceEvent> &events)
    {
        expect('[');
        if (consumeIf(']'))
            return;
        do {
            TraceEvent event;
            event.index = qsizetype(events.size());
            event.pid = event.tid = event.id = QStringLiteral("0");
            expect('{');
            bool hasPhase = false;
            if (!consumeIf('}')) {
                do {
                    const QString key = readString();
                    expect(':');
                    skipSpace();
                    if (key == QLatin1String("ph")) {
                        const QString phase = readString();
                        if (phase.size() != 1)
                            throw NotFastPath{};
                        event.ph = phase.at(0).toLatin1();
                        hasPhase = true;
                    } else if (key == QLatin1String("ts")) {
                        if (peek() == '"' || peek() == 'n' || peek() == 't' || peek() == 'f' || peek() == '{' || peek() == '[')
                            throw NotFastPath{};
                        event.ts = readNumber();
                        event.hasTs = true;
                    } else if (key == QLatin1String("dur")) {
                        event.dur = readNumber();
                        if (*event.dur < 0)
                            throw NotFastPath{};
                    } else if (key == QLatin1String("name")) {
                        event.name = peek() == '"' ? readString() : (skipValue(), QString());
                    } else if (key == QLatin1String("cat")) {
                        event.cat = peek() == '"' ? readString() : (skipValue(), QString());
                    } else if (key == QLatin1String("pid")) {
                        event.pid = readId();
                    } else if (key == QLatin1String("tid")) {
                        event.tid = readId();
                    } else if (key == QLatin1String("id")) {
                        event.id = readId();
                    } else if (key == QLatin1String("args")) {
                        if (peek() == '{')
                            event.args = readObjectSlice();
                        else
                            skipValue();
                    } else {
                        skipValue();
                    }
                } while (consumeIf(','));
                expect('}');
            }
            if (!hasPhase || (std::strchr("XBEbe", event.ph) && !event.hasTs))
                throw NotFastPath{};
            events.push_back(std::move(event));
        } while (consumeIf(','));
        expect(']');
    }

    const char *m_p;
    const char *m_end;
};

// Turns checked events into plans and spans (see the header for the mapping).
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

// The reference path: the whole document parsed, every event checked.
RunTrace readChromeTrace(const QJsonDocument &document, const QString &fileName)
{
    QJsonArray array;
    QJsonObject otherData;
    QString arrayPath;
    if (document.isArray()) {
        array = document.array();
    } else {
        const QJsonObject root = document.object();
        arrayPath = QStringLiteral("traceEvents");
        array = requireArray(root.value(QLatin1String("traceEvents")), arrayPath);
        otherData = root.value(QLatin1String("otherData")).toObject();
    }
    const bool own = isOwnTrace(otherData);
    std::vector<TraceEvent> events;
    events.reserve(size_t(array.size()));
    for (qsizetype i = 0; i < array.size(); ++i)
        events.push_back(eventFromObject(array.at(i), indexPath(arrayPath, i), i, own));
    return chromeTrace(events, otherData, fileName);
}

// The fast path for large files; nullopt sends the caller to the reference path.
std::optional<RunTrace> scanChromeTrace(const QByteArray &data, const QString &fileName)
{
    try {
        std::vector<TraceEvent> events;
        events.reserve(size_t(data.size() / 100));
        QJsonObject otherData;
        TraceEventScanner(data).read(events, otherData);
        RunTrace trace = chromeTrace(events, otherData, fileName);
        if (trace.plans.isEmpty())
            return std::nullopt;
        return trace;
    } catch (const NotFastPath &) {
        return std::nullopt;
    } catch (const ImportFailure &) {
        return std::nullopt;
    }
}

qint64 readHarTime(const QJsonObject &object, const QString &path)
{
    const QString text = requireString(object, path, "startedDateTime");
    const QDateTime when = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!when.isValid())
        fail(fieldPath(path, "startedDateTime"),
             QStringLiteral("must be an ISO 8601 date and time such as \"2026-11-25T13:37:00.123Z\", got %1")
                 .arg(describeJsonValue(text)));
    return when.toMSecsSinceEpoch();
}

RunTrace readHar(const QJsonObject &root, const QString &fileName)
{
    const QJsonObject log = requireObject(root.value(QLatin1String("log")), QStringLiteral("log"));
    const QJsonArray entries = requireArray(log.value(QLatin1String("entries")), QStringLiteral("log.entries"));
    if (entries.isEmpty())
        fail(QStringLiteral("log.entries"), QStringLiteral("empty: no requests to show"));
    const QJsonValue pagesValue = log.value(QLatin1String("pages"));
    const QJsonArray pages = pagesValue.isUndefined() ? QJsonArray() : requireArray(pagesValue, QStringLiteral("log.pages"));

    RunTrace trace;
    trace.scenario = fileName;
    trace.clock = QStringLiteral("real");
    const QString creator = log.value(QLatin1String("creator")).toObject().value(QLatin1String("name")).toString();
    trace.description = creator.isEmpty() ? QStringLiteral("HAR") : QStringLiteral("HAR from %1").arg(creator);

    struct Page
    {
        PlanBuilder plan;
        qint64 startedMs = 0;
        std::optional<double> onLoadMs;
    };
    std::vector<Page> pageList;
    QHash<QString, int> pageById;
    qint64 origin = std::numeric_limits<qint64>::max();
    for (qsizetype i = 0; i < pages.size(); ++i) {
        const QString path = indexPath(QStringLiteral("log.pages"), i);
        const QJsonObject page = requireObject(pages.at(i), path);
        const QString id = requireString(page, path, "id");
        Page built;
        built.startedMs = readHarTime(page, path);
        origin = std::min(origin, built.startedMs);
        const QString title = page.value(QLatin1String("title")).toString();
        built.plan.name = title.isEmpty() ? id : title;
        built.plan.run = id;
        const QJsonValue onLoad = page.value(QLatin1String("pageTimings")).toObject().value(QLatin1String("onLoad"));
        if (onLoad.isDouble() && onLoad.toDouble() >= 0)
            built.onLoadMs = onLoad.toDouble();
        pageById.insert(id, int(pageList.size()));
        pageList.push_back(std::move(built));
    }

    struct Entry
    {
        qint64 startedMs;
        double blockedMs;
        double timeMs;
        QString url;
        int status;
        QString error;
        int page;
        qsizetype index;
    };
    std::vector<Entry> parsed;
    parsed.reserve(size_t(entries.size()));
    bool anyWithoutPage = false;
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const QString path = indexPath(QStringLiteral("log.entries"), i);
        const QJsonObject entry = requireObject(entries.at(i), path);
        Entry e;
        e.index = i;
        e.startedMs = readHarTime(entry, path);
        origin = std::min(origin, e.startedMs);
        e.timeMs = requireNumber(entry, path, "time");
        if (e.timeMs < 0)
            fail(fieldPath(path, "time"), QStringLiteral("must be >= 0, got %1").arg(formatNumber(e.timeMs)));
        const QJsonObject request = requireObject(entry.value(QLatin1String("request")), fieldPath(path, "request"));
        e.url = requireString(request, fieldPath(path, "request"), "url");
        const QJsonValue responseValue = entry.value(QLatin1String("response"));
        const QJsonObject response = responseValue.isUndefined()
                                         ? QJsonObject()
                                         : requireObject(responseValue, fieldPath(path, "response"));
        const QJsonValue status = response.value(QLatin1String("status"));
        if (!status.isUndefined() && !status.isDouble())
            fail(fieldPath(path, "response.status"), QStringLiteral("must be a number, got %1").arg(describeJsonValue(status)));
        e.status = status.toInt();
        e.error = response.value(QLatin1String("_error")).toString();
        if (e.error.isEmpty())
            e.error = entry.value(QLatin1String("_error")).toString();
        const double blocked = entry.value(QLatin1String("timings")).toObject().value(QLatin1String("blocked")).toDouble(-1);
        e.blockedMs = std::clamp(blocked, 0.0, e.timeMs);
        const auto page = pageById.constFind(entry.value(QLatin1String("pageref")).toString());
        e.page = page == pageById.constEnd() ? -1 : page.value();
        anyWithoutPage = anyWithoutPage || e.page < 0;
        parsed.push_back(std::move(e));
    }

    PlanBuilder loose;
    loose.name = QStringLiteral("HAR");
    for (const Entry &e : parsed) {
        Span span;
        span.task = e.url;
        span.queuedMs = double(e.startedMs - origin);
        span.startMs = span.queuedMs + e.blockedMs;
        span.endMs = span.queuedMs + e.timeMs;
        if (e.status >= 400 || e.status <= 0) {
            span.outcome = SpanOutcome::Rejected;
            span.result = e.status > 0 ? QStringLiteral("HTTP %1").arg(e.status)
                                       : (e.error.isEmpty() ? QStringLiteral("no response") : e.error);
        } else {
            span.outcome = SpanOutcome::Fulfilled;
            span.result = e.status;
        }
        PlanBuilder &plan = e.page >= 0 ? pageList[size_t(e.page)].plan : loose;
        plan.spans.push_back({std::move(span), e.url, e.index});
    }
    for (Page &page : pageList) {
        PlanTrace plan = finishPlan(page.plan, false);
        if (page.onLoadMs) {
            plan.settledMs = double(page.startedMs - origin) + *page.onLoadMs;
            plan.cause = SettleCause{};
            plan.cause.timer = QStringLiteral("onLoad");
        }
        trace.plans << plan;
    }
    if (anyWithoutPage || pageList.empty())
        trace.plans << finishPlan(loose, false);
    return trace;
}

} // namespace

std::optional<RunTrace> importTraceData(const QByteArray &data, const QString &displayName, QString *error)
{
    const auto refuse = [&](const QString &message) -> std::optional<RunTrace> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    if (data.size() > kMaxTraceBytes)
        return refuse(QStringLiteral("%1: too large (%2 MB; at most %3 MB)")
                          .arg(displayName).arg(data.size() >> 20).arg(kMaxTraceBytes >> 20));
    qsizetype first = data.startsWith("\xEF\xBB\xBF") ? 3 : 0;
    while (first < data.size() && QChar::isSpace(uchar(data[first])))
        ++first;
    if (first >= data.size())
        return refuse(QStringLiteral("%1: empty file, expected a Chrome trace or a HAR file (JSON)").arg(displayName));
    if (data[first] != '{' && data[first] != '[') {
        const TextPosition position = textPositionAt(data, first);
        return refuse(QStringLiteral("%1:%2:%3: expected a Chrome trace or a HAR file (JSON), got text that is not JSON")
                          .arg(displayName).arg(position.line).arg(position.column));
    }

    // Chrome traces are scanned without building a QJsonDocument; anything
    // unexpected goes the reference way below, which names the problem.
    if (data[first] == '[' || data.left(1 << 16).contains("\"traceEvents\"")) {
        if (std::optional<RunTrace> scanned = scanChromeTrace(data, displayName))
            return scanned;
    }

    QJsonParseError parseError;
    QJsonDocument document = QJsonDocument::fromJson(data, &parseError);
    if (parseError.error != QJsonParseError::NoError && data[first] == '[') {
        // The array form may lack its closing "]" (Chrome writes it so when a trace is cut short).
        QByteArray closed = data.trimmed();
        while (closed.endsWith(','))
            closed.chop(1);
        QJsonParseError retryError;
        QJsonDocument retried = QJsonDocument::fromJson(closed + ']', &retryError);
        if (retryError.error == QJsonParseError::NoError) {
            document = std::move(retried);
            parseError = retryError;
        }
    }
    if (parseError.error != QJsonParseError::NoError) {
        qsizetype offset = parseError.offset;
        const QString message = describeJsonSyntaxError(data, parseError, offset);
        const TextPosition position = textPositionAt(data, offset);
        return refuse(QStringLiteral("%1:%2:%3: %4").arg(displayName).arg(position.line).arg(position.column).arg(message));
    }

    try {
        RunTrace trace;
        if (document.isArray()) {
            trace = readChromeTrace(document, displayName);
        } else {
            const QJsonObject root = document.object();
            if (root.contains(QLatin1String("traceEvents")))
                trace = readChromeTrace(document, displayName);
            else if (root.contains(QLatin1String("log")))
                trace = readHar(root, displayName);
            else if (root.value(QLatin1String("format")).toString().startsWith(QLatin1String("asyncscope-scenario")))
                fail(QString(), QStringLiteral("this is an asyncscope scenario, not a trace: open it as a scenario"));
            else
                fail(QString(), QStringLiteral("not a trace: expected a Chrome trace {\"traceEvents\": [...]} or [...], "
                                               "or a HAR file {\"log\": {\"entries\": [...]}}"));
        }
        if (trace.plans.isEmpty())
            fail(QString(), QStringLiteral("no spans to show (no \"X\" events and no \"B\"/\"E\" pairs)"));
        return trace;
    } catch (const ImportFailure &failure) {
        return refuse(QStringLiteral("%1: %2").arg(displayName, failure.message));
    }
}

std::optional<RunTrace> importTrace(const QString &path, QString *error)
{
    const QString displayName = QFileInfo(path).fileName().isEmpty() ? path : QFileInfo(path).fileName();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("%1: cannot open: %2").arg(displayName, file.errorString());
        return std::nullopt;
    }
    if (file.size() > kMaxTraceBytes) {
        if (error)
            *error = QStringLiteral("%1: too large (%2 MB; at most %3 MB)")
                         .arg(displayName).arg(file.size() >> 20).arg(kMaxTraceBytes >> 20);
        return std::nullopt;
    }
    return importTraceData(file.readAll(), displayName, error);
}

bool looksLikeTrace(const QByteArray &head)
{
    qsizetype first = head.startsWith("\xEF\xBB\xBF") ? 3 : 0;
    while (first < head.size() && QChar::isSpace(uchar(head[first])))
        ++first;
    if (first >= head.size())
        return false;
    if (head[first] == '[')
        return true; // a scenario is always an object; the array form is a trace
    if (head[first] != '{' || head.contains("\"asyncscope-scenario/"))
        return false;
    static const QRegularExpression traceKey(QStringLiteral("\"(traceEvents|systemTraceEvents)\"\\s*:\\s*[\\[\"]"));
    static const QRegularExpression harKey(QStringLiteral("\"log\"\\s*:\\s*\\{"));
    const QString text = QString::fromUtf8(head);
    return traceKey.match(text).hasMatch() || harKey.match(text).hasMatch();
}

bool isTraceFile(const QString &fileArgument)
{
    if (fileArgument.startsWith(QLatin1String("example:")) || fileArgument == QLatin1String("-"))
        return false;
    QFile file(fileArgument);
    return file.open(QIODevice::ReadOnly) && looksLikeTrace(file.read(64 * 1024));
}

} // namespace asyncscope
