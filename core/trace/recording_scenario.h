#pragma once

// A recording (HAR or Chrome trace, as trace_import.h opens it) turned into an
// editable scenario (SPEC §7), so every what-if applies to real traffic:
//
// - one task per recorded request (or span): label "METHOD URL", latency the
//   measured time without the wait for a connection, `host` its host:port,
//   failing with the recorded reason ("HTTP 503", "net::ERR_CONNECTION_REFUSED")
//   when the status was >= 400 or there was no response, value its status;
// - `connections_per_host` when requests waited for a connection: a request
//   waited for one when, as it was asked for, as many earlier requests to its
//   host were unfinished as that host ever had in flight at once (Chrome's 6);
//   the limit is that number. Waits that the recorded times contradict (Firefox
//   counts `blocked` from the request headers: its four waiting requests had a
//   connection, by their times, while six others still ran) infer no limit,
//   since as-recorded must redraw the times; contradictedWaits says so;
// - per recorded plan (page or process) three plans: "as-recorded" (each
//   request started at its recorded offset with delay(), a request that
//   waited for a connection at the time it got one), "graph" (a request that was asked for within kNeedsWithinMs after
//   another of its page fulfilled needs it: a rejected need would keep it from
//   starting, and the recording shows it started) and "all-at-once". With several pages
//   the plans are named "PAGE: as-recorded" and so on.
//
// The scenario is written as JSON and read back by the normal loader, so what
// comes out always loads; the as-recorded plans are then run and compared
// with the recording, span by span.

#include "scenario.h"
#include "trace.h"

#include <QString>

#include <optional>

namespace asyncscope {

// "Started within a few ms after another ended": the rule of the graph plan.
// The next fetch of an await chain: 4-6 ms later in Chrome's recordings here,
// 11-19 ms in Firefox's (both on a busy machine).
inline constexpr double kNeedsWithinMs = 25.0;
// More requests than this make plans longer than the expression limit allows.
inline constexpr int kMaxImportedRequests = 2000;

struct RecordingScenario
{
    Scenario scenario;
    RunTrace recording;            // the recording as the window shows it
    int requests = 0;
    int waitedForConnection = 0;
    // The largest difference (start or end) between a recorded request that did
    // not wait for a connection and the same request in the as-recorded plans'
    // run: the picture's fidelity (infinity when a request is missing).
    double asRecordedDeviationMs = 0;
    // The same for the requests that waited: each starts when the connection it
    // got was freed, without the browser's hand-over (a few ms on a busy machine).
    double waitedDeviationMs = 0;
    // Empty, or one line: "4 requests to HOST recorded a wait for a connection (a limit
    // of 6), but by their recorded times 10 were in flight at once".
    QString contradictedWaits;
};

// `displayName` names the recording in the scenario and in messages.
std::optional<RecordingScenario> scenarioFromRecording(const RunTrace &recording, const QString &displayName,
                                                       QString *error = nullptr);
// importTrace() then scenarioFromRecording(); one-line messages naming the file.
std::optional<RecordingScenario> importRecordingAsScenario(const QString &path, QString *error = nullptr);

} // namespace asyncscope
