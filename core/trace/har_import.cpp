#include "har_import_p.h"

#include "imported_plan_p.h"
#include "json_messages.h"
#include "json_reader.h"
#include "trace_import.h"

#include <QDateTime>
#include <QHash>
#include <QJsonArray>

#include <algorithm>
#include <limits>
#include <vector>

namespace asyncscope::trace_import {

namespace {

qint64 readHarTime(const JsonObjectAt &object)
{
    const JsonValueAt value = object.field(QStringLiteral("startedDateTime"));
    const QString text = value.require(u"a string").toString();
    const QDateTime when = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!when.isValid())
        value.fail(QStringLiteral("must be an ISO 8601 date and time such as \"2026-11-25T13:37:00.123Z\", got %1")
                       .arg(quotedForMessage(text)));
    return when.toMSecsSinceEpoch();
}

// A number of milliseconds that must lie within an hour (the scenario limits):
// anything else is refused with the entry's path, never drawn.
double readHarMilliseconds(const JsonValueAt &value)
{
    const double ms = value.require(u"a number").toNumber();
    if (ms < 0)
        value.fail(QStringLiteral("must be >= 0, got %1").arg(formatNumber(ms)));
    if (ms > kMaxRecordedMs)
        value.fail(QStringLiteral("must be at most %1 ms (an hour), got %2").arg(formatNumber(kMaxRecordedMs), formatNumber(ms)));
    return ms;
}

// An optional timings.* value: -1 (or missing) means "does not apply" in HAR.
double harTiming(const QJsonObject &timings, QLatin1String name, const JsonPath &path)
{
    const QJsonValue value = timings.value(name);
    if (!value.isDouble() || value.toDouble() < 0)
        return 0;
    return readHarMilliseconds(JsonObjectAt(timings, path).field(QString(name)));
}

} // namespace

RunTrace readHar(const QJsonObject &root, const QString &fileName)
{
    const JsonObjectAt log = JsonObjectAt(root, JsonPath()).requiredObject(QStringLiteral("log"));
    const JsonArrayAt entries = log.requiredArray(QStringLiteral("entries"));
    if (entries.isEmpty())
        entries.fail(QStringLiteral("empty: no requests to show"));
    if (entries.size() > kMaxRecordedEvents)
        entries.fail(QStringLiteral("%1 requests; a recording may hold at most %2").arg(entries.size()).arg(kMaxRecordedEvents));
    const JsonValueAt pagesValue = log.field(QStringLiteral("pages"));
    const JsonArrayAt pages = pagesValue.isMissing() ? JsonArrayAt(QJsonArray(), pagesValue.path()) : pagesValue.toArray();

    RunTrace trace;
    trace.scenario = fileName;
    trace.clock = QStringLiteral("real");
    const QString creator = log.object().value(QLatin1String("creator")).toObject().value(QLatin1String("name")).toString();
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
        const JsonObjectAt page = pages.at(i).toObject();
        const QString id = page.requiredString(QStringLiteral("id"));
        Page built;
        built.startedMs = readHarTime(page);
        origin = std::min(origin, built.startedMs);
        const QString title = page.object().value(QLatin1String("title")).toString();
        built.plan.name = title.isEmpty() ? id : title;
        built.plan.run = id;
        const QJsonValue onLoad = page.object().value(QLatin1String("pageTimings")).toObject().value(QLatin1String("onLoad"));
        if (onLoad.isDouble() && onLoad.toDouble() >= 0 && onLoad.toDouble() <= kMaxRecordedMs)
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
        QString method;
        int status;
        QString error;
        int page;
        qsizetype index;
    };
    std::vector<Entry> parsed;
    parsed.reserve(size_t(entries.size()));
    bool anyWithoutPage = false;
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const JsonObjectAt entry = entries.at(i).toObject();
        const QJsonObject &fields = entry.object();
        Entry e;
        e.index = i;
        e.startedMs = readHarTime(entry);
        e.timeMs = readHarMilliseconds(entry.field(QStringLiteral("time")));
        const JsonObjectAt request = entry.requiredObject(QStringLiteral("request"));
        e.url = request.requiredString(QStringLiteral("url"));
        // What never went to the network (Firefox lists a page's data: icon): not a request.
        if (e.url.startsWith(QLatin1String("data:")) || e.url.startsWith(QLatin1String("blob:"))
            || e.url.startsWith(QLatin1String("about:")))
            continue;
        origin = std::min(origin, e.startedMs);
        e.method = request.object().value(QLatin1String("method")).toString();
        const JsonValueAt responseValue = entry.field(QStringLiteral("response"));
        const JsonObjectAt response = responseValue.isMissing() ? JsonObjectAt(QJsonObject(), responseValue.path())
                                                                : responseValue.toObject();
        const JsonValueAt status = response.field(QStringLiteral("status"));
        if (!status.isMissing())
            status.toNumber();
        e.status = status.value().toInt();
        e.error = response.object().value(QLatin1String("_error")).toString();
        if (e.error.isEmpty())
            e.error = response.object().value(QLatin1String("_failureText")).toString(); // Playwright
        if (e.error.isEmpty())
            e.error = fields.value(QLatin1String("_error")).toString();
        // The wait for a connection: Chrome's "blocked" holds its "_blocked_queueing" and the stall after it.
        const JsonPath timingsPath = entry.field(QStringLiteral("timings")).path();
        const QJsonObject timings = fields.value(QLatin1String("timings")).toObject();
        const double blocked = std::max(harTiming(timings, QLatin1String("blocked"), timingsPath),
                                        harTiming(timings, QLatin1String("_blocked_queueing"), timingsPath));
        e.blockedMs = std::min(blocked, e.timeMs);
        const auto page = pageById.constFind(fields.value(QLatin1String("pageref")).toString());
        e.page = page == pageById.constEnd() ? -1 : page.value();
        anyWithoutPage = anyWithoutPage || e.page < 0;
        parsed.push_back(std::move(e));
    }

    // Requests hours apart would make a ruler of garbage digits: the scenario limit holds here too.
    for (const Entry &e : parsed) {
        const double offset = double(e.startedMs - origin);
        if (offset > kMaxRecordedMs)
            entries.at(e.index).toObject().field(QStringLiteral("startedDateTime"))
                .fail(QStringLiteral("more than an hour after the recording's first page or request (%1 ms); "
                                     "a recording spans at most an hour").arg(formatNumber(offset)));
        if (offset + e.timeMs > kMaxRecordedMs)
            entries.at(e.index).toObject().field(QStringLiteral("time"))
                .fail(QStringLiteral("ends more than an hour after the recording's first page or request (%1 ms); "
                                     "a recording spans at most an hour").arg(formatNumber(offset + e.timeMs)));
    }
    for (size_t i = 0; i < pageList.size(); ++i) {
        if (double(pageList[i].startedMs - origin) > kMaxRecordedMs)
            pages.at(qsizetype(i)).toObject().field(QStringLiteral("startedDateTime"))
                .fail(QStringLiteral("more than an hour after the recording's first page or request; a recording spans at most an hour"));
    }

    PlanBuilder loose;
    loose.name = QStringLiteral("HAR");
    for (const Entry &e : parsed) {
        Span span;
        span.task = requestTaskName(e.method, e.url);
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
        if (page.onLoadMs && double(page.startedMs - origin) + *page.onLoadMs <= kMaxRecordedMs) {
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

} // namespace asyncscope::trace_import
