#pragma once

// The plans of an imported trace while they are built, shared by the Chrome
// trace and the HAR importers (trace_import.h). Private to asyncscope_trace.

#include "trace.h"

#include <QJsonObject>
#include <QString>

#include <optional>
#include <vector>

namespace asyncscope::trace_import {

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
// plan that has none of its own (see trace_import.h). Empties builder.spans.
PlanTrace finishPlan(PlanBuilder &builder, bool instancesFromNames);

// A recorded request's span is named "METHOD URL" ("GET https://x/app.js"), as
// DevTools lists it; without a method, the URL alone.
QString requestTaskName(const QString &method, const QString &url);

// The method and URL of a span named by requestTaskName(); empty when the name
// is not a request's (a Chrome trace's "Layout").
struct RecordedRequestName
{
    QString method;
    QString url;
    QString host; // "host:port" as connections are pooled; empty for no URL
};
std::optional<RecordedRequestName> parseRequestTaskName(const QString &name);

// The outcome our own writers spell `text`, if any.
std::optional<SpanOutcome> spanOutcomeFromString(const QString &text);

} // namespace asyncscope::trace_import
