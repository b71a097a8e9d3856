#pragma once

// A scenario (SPEC §2): tasks with latencies and failures, and plans that
// combine them. loadScenario() reads the JSON format strictly: the whole file
// is refused with one message naming the file and the line:column or JSON path.

#include "expression.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace asyncscope {

struct LatencyDistribution
{
    enum class Kind { Fixed, Uniform, Normal, LogNormal, Exponential };
    Kind kind = Kind::Fixed;
    double a = 0; // fixed: ms · uniform: min_ms · normal: mean_ms · lognormal: median_ms · exponential: mean_ms
    double b = 0; // uniform: max_ms · normal: sd_ms · lognormal: p95_ms
};

struct TaskSpec
{
    QString id;
    QString label;                       // defaults to id
    QList<double> latencyMs;             // per invocation, the last repeats; used when `latency` is empty
    std::optional<LatencyDistribution> latency;
    double jitterMs = 0;                 // uniform in [-jitter, +jitter], clamped at 0
    QList<bool> fails;                   // per invocation, the last repeats; empty = never fails
    double failureRate = 0;              // drawn per invocation
    QJsonValue error;                    // reason; null/undefined = "<id> failed"
    QJsonValue value;                    // null/undefined = the id
    QStringList needs;
    QString url;                         // for --network; "{server}" is the embedded latency server
    QString host;                        // tasks with one host share connections_per_host
    QString function;                    // its name in JavaScript plans; empty: "fetch" + Id (jsrun)

    bool isRandom() const { return latency.has_value() || jitterMs > 0 || failureRate > 0; }
    double nominalLatencyMs(int instance = 1) const; // the fixed latency or the distribution's centre
    bool nominalFails(int instance = 1) const;       // the `fails` flag for that invocation
    QJsonValue reason() const;           // error, or "<id> failed"
    QJsonValue fulfilValue() const;      // value, or the id
};

struct PlanSpec
{
    QString name;
    QString run;                         // the expression as written; empty for a JavaScript plan
    Expr expr;                           // parsed and checked
    QString js;                          // a JavaScript plan (SPEC §6): the body of an async function

    bool isJavaScript() const { return !js.isEmpty(); }
};

struct Scenario
{
    QString name;
    QString description;
    QList<TaskSpec> tasks;
    QList<PlanSpec> plans;
    std::optional<int> connectionsPerHost;
    QJsonObject lesson;                  // optional teaching steps (see lesson.h); empty if none

    int taskIndex(const QString &id) const; // -1 if unknown
    QStringList taskIds() const;
    QStringList planNames() const;
    const PlanSpec *planByName(const QString &name) const; // nullptr if unknown
    QJsonObject toJson() const;          // round-trips through loadScenario
};

struct LoadResult
{
    std::optional<Scenario> scenario;
    QString error;                       // "FILE:LINE:COL: message" or "FILE: path: message"
    bool ok() const { return scenario.has_value(); }
};

// A plan's `run` checked against a scenario: parseExpression() plus the rules
// that need the tasks' `needs` (graph(b) when b needs an unlisted a). The loader
// uses it; so should an editor that changes a plan of a loaded scenario.
ParsedExpression parsePlan(const QString &text, const Scenario &scenario);

inline constexpr qint64 kMaxScenarioBytes = 16 * 1024 * 1024;
inline constexpr int kMaxTasks = 10000;
inline constexpr int kMaxPlans = 100;
inline constexpr qsizetype kMaxJavaScriptChars = 100000; // one plan's code
inline constexpr double kMaxLatencyMs = 3600.0 * 1000.0; // one hour

// `displayName` is what messages call the file ("profile.json", "<stdin>", "example:quiz").
LoadResult loadScenario(const QByteArray &json, const QString &displayName);
// A path, "-" for standard input, or "example:NAME".
LoadResult loadScenarioFile(const QString &fileArgument);

// Built-in examples: name -> one-line description, sorted by name.
struct ExampleInfo { QString name; QString title; QString description; };
QList<ExampleInfo> builtInExamples();

} // namespace asyncscope
