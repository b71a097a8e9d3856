#pragma once

// Opens traces recorded elsewhere as a RunTrace, so real runs can be looked at
// (read-only) on the same timeline as scenarios:
//
// - Chrome Trace Event Format (chrome://tracing, Chrome DevTools "Save
//   profile", Perfetto's JSON export, `asyncscope run --format chrome-trace`):
//   the object form {"traceEvents": [...]} or the bare array form. Each process
//   (pid) becomes a plan (band) named by its "process_name" metadata; each "X"
//   complete event and each matched "B"/"E" pair (per pid and tid, in ts order)
//   becomes a span named by the event's name, and so does each async "b"/"e"
//   pair (matched by cat and id); a begin without its end is a pending span.
//   Span outcome from args.outcome ("fulfilled", "rejected", "aborted",
//   "pending") when present, else fulfilled (an end event's args win over its
//   begin's); args.discarded, args.value and args.reason are read too. Other
//   phases (instants, counters, flow, samples...) are skipped. A large trace is
//   scanned without building a QJsonDocument (about 0.6x its memory).
//   asyncscope's own output round-trips: "user #1" is task user, instance 1,
//   "queued" events give queued_ms, the "settled: ..." instant gives the plan's
//   settle point, and time is not shifted. Foreign traces start at their first
//   event (t = 0).
//   Chrome's network events (ResourceSendRequest, ResourceReceiveResponse,
//   ResourceFinish of a DevTools performance trace) become one span per request
//   in the renderer's band, named "METHOD URL": asked for at ResourceSendRequest,
//   started when the network stack sent it (timing.requestTime plus the first
//   of dnsStart, connectStart, sendStart), so the wait is drawn as queueing;
//   ended at finishTime; status >= 400 or didFail rejects.
// - HAR 1.2 (browser DevTools "Save all as HAR", Playwright): log.entries[]
//   become spans (task = "METHOD URL", start = startedDateTime, end = start +
//   time, the wait in timings.blocked or _blocked_queueing drawn as queueing); response.status >= 400 or 0 rejects
//   with reason "HTTP <status>" (or the browser's _error text). One plan per
//   page (log.pages[], by pageref; settle point at its onLoad), entries without
//   a page go to a plan "HAR".
//
// A plan of a foreign trace has no expression: it "settles" when its last span
// ended (HAR: at the page's onLoad), rejected if any span rejected.
//
// Bad input is refused whole with one line naming the file and the line:column
// (syntax) or the JSON path (`trace.json: traceEvents[12].ts: must be a number, got "x"`).

#include "trace.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace asyncscope {

inline constexpr qint64 kMaxTraceBytes = qint64(1) << 30; // 1 GiB
// The scenario limits hold for recordings too: every time (a request's
// duration, an event's offset from the first) lies within an hour, or the file
// is refused with the entry named; so does a file with more events or more
// processes (bands) than these.
inline constexpr double kMaxRecordedMs = 3600.0 * 1000.0;
inline constexpr qsizetype kMaxRecordedEvents = 5000000;
inline constexpr qsizetype kMaxRecordedPlans = 1000;

std::optional<RunTrace> importTrace(const QString &path, QString *error = nullptr);
// `displayName` is what messages call the data ("trace.json").
std::optional<RunTrace> importTraceData(const QByteArray &data, const QString &displayName, QString *error = nullptr);

// True when the first bytes of a file (a few KB are enough) look like a Chrome
// trace or a HAR file rather than a scenario: the GUI and the CLI use it to
// decide between importTrace() and loadScenarioFile().
bool looksLikeTrace(const QByteArray &head);
// The same question for a command-line FILE: a readable file (not "-" or
// "example:NAME") whose first 64 KB look like a trace.
bool isTraceFile(const QString &fileArgument);

} // namespace asyncscope
