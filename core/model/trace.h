#pragma once

// What a run produced: plain data, the one thing the CLI, the timeline, the
// exporter and the tests all read. No behaviour beyond small queries.

#include <QJsonArray>
#include <QJsonValue>
#include <QList>
#include <QString>

#include <optional>

namespace asyncscope {

enum class SpanOutcome : quint8 { Fulfilled, Rejected, Aborted, Pending }; // a byte: a million are recorded at once
enum class PlanOutcome { Fulfilled, Rejected, Pending };

QString toString(SpanOutcome outcome);
QString toString(PlanOutcome outcome);

// One invocation of one task.
struct Span
{
    QString task;              // task id
    int instance = 1;          // 1, 2, 3... per task and plan, in start order
    double queuedMs = 0;       // when it was asked for (== startMs unless a host limit made it wait)
    double startMs = 0;        // when its request started
    std::optional<double> endMs; // empty while pending
    SpanOutcome outcome = SpanOutcome::Pending;
    bool discarded = false;    // settled after its plan or an enclosing combinator had settled
    QJsonValue result;         // value when fulfilled, reason when rejected/aborted
    QJsonArray args;           // what a JavaScript plan called it with; empty for expression plans

    bool wasQueued() const { return startMs > queuedMs; }
    double endOr(double fallbackMs) const { return endMs.value_or(fallbackMs); }
};

// What settled a plan: a span ending, or a combinator's own timer
// (timeout, hedge's deadline...), or nothing (settled at once, e.g. all()).
struct SettleCause
{
    int spanIndex = -1;        // index into PlanTrace::spans, or -1
    QString timer;             // e.g. "timeout(500)" when a timer settled it
};

struct TrialStats
{
    int n = 0;
    double p50 = 0;
    double p95 = 0;
    double max = 0;
    int fulfilled = 0;
    int settled = 0;           // trials that settled at all (race() never does)
    QList<double> settleTimes; // sorted; for the distribution chart
};

// A console.log (or .info, .warn, .error) line of a JavaScript plan.
struct ConsoleLine
{
    double atMs = 0;           // virtual time
    QString level;             // "log", "info", "warn", "error", "debug"
    QString text;
};

struct PlanTrace
{
    QString name;              // for display: the window may decorate it ("parallel (last valid version)")
    QString id;                // identity: the plan's name as written in the scenario, never decorated;
                               // what lesson steps, the code panel and look-ups match (no writer prints it)
    QString run;               // the expression as written; empty for a JavaScript plan
    QString js;                // a JavaScript plan's code (SPEC §6)
    PlanOutcome outcome = PlanOutcome::Pending;
    std::optional<double> settledMs;
    QJsonValue result;         // value when fulfilled, reason when rejected
    double finishedMs = 0;     // when the last span ended
    QList<Span> spans;         // sorted by startMs, then by start order
    SettleCause cause;
    std::optional<TrialStats> trials;
    QString explanation;       // one sentence: why it settled as it did (core/explanation.h)
    QList<ConsoleLine> console; // a JavaScript plan's console output
    QString note;              // e.g. "the run stopped at a virtual hour"
    QString runError;          // the plan could not run at all (a syntax error, a limit, no Node.js): one line

    // Discarded (zombie) work: the span-milliseconds of spans whose results were thrown away.
    double wastedMs() const;
    int discardedCount() const;
};

struct RunTrace
{
    QString scenario;          // scenario name
    QString description;
    quint64 seed = 1;
    QString clock = QStringLiteral("virtual"); // "virtual" or "real"
    QList<PlanTrace> plans;

    // The end of the shared time axis: the latest settle or span end over all plans.
    double endMs() const;
};

} // namespace asyncscope
