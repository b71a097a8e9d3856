#pragma once

// Runs a JavaScript plan (SPEC §6: a plan with "js", the body of an async
// function) on the real engine, Node.js through JsWorker, on the virtual
// clock, and records it as the same PlanTrace an expression plan gives: every
// call of a task function (or fetch of its url) is a span with its arguments;
// console.log lines are kept with their virtual time. The tasks' latencies and
// failures are the same seeded draws as for expression plans (engine/draws.h).

#include "scenario.h"
#include "trace.h"

#include <QString>

#include <optional>

namespace asyncscope {

// Limits of one run (SPEC §6: the code is untrusted).
struct JsRunLimits
{
    int wallMs = 2000;              // real time, sync loops and microtask storms included
    double virtualMs = 3600.0 * 1000; // a virtual hour, then the run stops with a note
    int timers = 1000000;
    int consoleLines = 1000;
    int consoleChars = 100000;
};

// The function a task is called by in JavaScript (model/js_names.h: its
// "function" field, its label's call, or "fetch" + PascalCase id).
QString jsFunctionName(const TaskSpec &task);

struct JsPlanResult
{
    std::optional<PlanTrace> trace; // the run, when the code ran (a rejection is a result)
    QString error;                  // else one line: "line 3, column 17: Unexpected token ')'" or a limit
    int errorLine = 0;              // a syntax error's position in the plan's code (1-based), or 0
    int errorColumn = 0;
    bool ok() const { return trace.has_value(); }
};

JsPlanResult runJsPlan(const Scenario &scenario, const PlanSpec &plan, quint64 seed, int trial = 0,
                       const JsRunLimits &limits = {});

// Trials 1..n of a JavaScript plan in one request to the worker (compiled
// once, run n times): the settle time of each trial that settled, and how many
// fulfilled. Empty with *error on a failure of the worker or a limit.
struct JsTrialTimes
{
    QList<double> settleTimes;
    int fulfilled = 0;
};
std::optional<JsTrialTimes> runJsTrials(const Scenario &scenario, const PlanSpec &plan, quint64 seed, int n,
                                        QString *error);

} // namespace asyncscope
