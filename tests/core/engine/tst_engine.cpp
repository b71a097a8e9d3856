// The engine's semantics (SPEC §1), one row per combinator and edge case:
// exact settle times, values or reasons, what settled the plan, and every span
// (start, end, outcome, discarded). Scenarios are built inline and loaded
// through loadScenario, as a file would be.

#include "scenario_run.h"
#include "scenario.h"
#include "trace_json.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace asyncscope;

namespace {

Scenario scenarioFrom(const QByteArray &tasksJson, const QString &run, const QByteArray &extra = {})
{
    const QByteArray json = R"({"format": "asyncscope-scenario/1", "name": "test", "tasks": )" + tasksJson
                            + R"(, "plans": [{"name": "p", "run": )" + compactJson(QJsonValue(run)) + "}]"
                            + extra + "}";
    const LoadResult loaded = loadScenario(json, QStringLiteral("test.json"));
    if (!loaded.ok())
        qFatal("scenario did not load: %s", qPrintable(loaded.error));
    return *loaded.scenario;
}

// "a#1 0-100 F", "b#1 0-300 R!" (discarded), "c#1 0>100-200 F" (queued at 0), "d#1 0-? P".
QString describe(const Span &span)
{
    static const char outcomeLetter[] = {'F', 'R', 'A', 'P'};
    QString text = QStringLiteral("%1#%2 ").arg(span.task).arg(span.instance);
    if (span.wasQueued())
        text += QString::fromUtf8(compactJson(span.queuedMs)) + QLatin1Char('>');
    text += QString::fromUtf8(compactJson(span.startMs)) + QLatin1Char('-')
            + (span.endMs ? QString::fromUtf8(compactJson(*span.endMs)) : QStringLiteral("?")) + QLatin1Char(' ')
            + QLatin1Char(outcomeLetter[int(span.outcome)]);
    if (span.discarded)
        text += QLatin1Char('!');
    return text;
}

QString describeSpans(const PlanTrace &trace)
{
    QStringList parts;
    for (const Span &span : trace.spans)
        parts << describe(span);
    return parts.join(QStringLiteral(", "));
}

QString describeCause(const PlanTrace &trace)
{
    if (!trace.cause.timer.isEmpty())
        return QStringLiteral("timer:") + trace.cause.timer;
    if (trace.cause.spanIndex >= 0)
        return QStringLiteral("%1#%2").arg(trace.spans.at(trace.cause.spanIndex).task).arg(trace.spans.at(trace.cause.spanIndex).instance);
    return QString();
}

const QByteArray kProfile = R"([{"id": "user", "latency_ms": 200}, {"id": "posts", "latency_ms": 200},
    {"id": "followers", "latency_ms": 200}, {"id": "recs", "latency_ms": 200}])";
// a fulfils at 100; b rejects at 300; c rejects at 200.
const QByteArray kMixed = R"([{"id": "a", "latency_ms": 100}, {"id": "b", "latency_ms": 300, "fails": true, "error": "b down"},
    {"id": "c", "latency_ms": 200, "fails": true, "error": "c down"}, {"id": "slow", "latency_ms": 200},
    {"id": "fast", "latency_ms": 50, "fails": true, "error": "fast failed"}, {"id": "t", "latency_ms": 300}])";
const QByteArray kQuiz = R"([{"id": "A", "latency_ms": 100}, {"id": "B", "latency_ms": 100},
    {"id": "C", "latency_ms": 100, "needs": ["A"]}, {"id": "D", "latency_ms": 100, "needs": ["B"]},
    {"id": "E", "latency_ms": 100, "needs": ["C", "D"]}])";
const QByteArray kQuizUneven = R"([{"id": "A", "latency_ms": 100}, {"id": "B", "latency_ms": 300},
    {"id": "C", "latency_ms": 300, "needs": ["A"]}, {"id": "D", "latency_ms": 100, "needs": ["B"]},
    {"id": "E", "latency_ms": 100, "needs": ["C", "D"]}])";
const QByteArray kQuizFailing = R"([{"id": "A", "latency_ms": 100}, {"id": "B", "latency_ms": 50, "fails": true},
    {"id": "C", "latency_ms": 100, "needs": ["A"]}, {"id": "D", "latency_ms": 100, "needs": ["B"]},
    {"id": "E", "latency_ms": 100, "needs": ["C", "D"]}])";
const QByteArray kHedge = R"([{"id": "p", "latency_ms": 300}, {"id": "f", "latency_ms": 100},
    {"id": "quick", "latency_ms": 100}, {"id": "pfail", "latency_ms": 50, "fails": true},
    {"id": "ffail", "latency_ms": 100, "fails": true}])";

} // namespace

class TestEngine : public QObject
{
    Q_OBJECT

private slots:
    void semantics_data();
    void semantics();
    void sameSeedSameJson();
    void differentSeedDifferentDraws();
    void sameDrawForSameInstanceAcrossPlans();
    void trialsSummarise();
    void runVirtualSelectsPlans();
};

void TestEngine::semantics_data()
{
    QTest::addColumn<QByteArray>("tasks");
    QTest::addColumn<QString>("run");
    QTest::addColumn<QByteArray>("extra");
    QTest::addColumn<QString>("outcome");
    QTest::addColumn<double>("settledMs"); // -1: pending
    QTest::addColumn<QByteArray>("result"); // compact JSON of the value or reason
    QTest::addColumn<QString>("cause");
    QTest::addColumn<QString>("spans");

    QTest::addRow("seq: one after another, 800")
        << kProfile << "seq(user, posts, followers, recs)" << QByteArray() << "fulfilled" << 800.0
        << QByteArray(R"(["user","posts","followers","recs"])") << "recs#1"
        << "user#1 0-200 F, posts#1 200-400 F, followers#1 400-600 F, recs#1 600-800 F";
    QTest::addRow("all: at once, 200")
        << kProfile << "all(user, posts, followers, recs)" << QByteArray() << "fulfilled" << 200.0
        << QByteArray(R"(["user","posts","followers","recs"])") << "recs#1"
        << "user#1 0-200 F, posts#1 0-200 F, followers#1 0-200 F, recs#1 0-200 F";
    QTest::addRow("seq rejects at the first rejection, later steps never start")
        << kMixed << "seq(a, c, b)" << QByteArray() << "rejected" << 300.0 << QByteArray(R"("c down")") << "c#1"
        << "a#1 0-100 F, c#1 100-300 R";
    QTest::addRow("all: first rejection wins although listed later; zombies discarded")
        << kMixed << "all(a, b, c)" << QByteArray() << "rejected" << 200.0 << QByteArray(R"("c down")") << "c#1"
        << "a#1 0-100 F, b#1 0-300 R!, c#1 0-200 R";
    QTest::addRow("allSettled: every outcome in input order")
        << kMixed << "allSettled(a, b, c)" << QByteArray() << "fulfilled" << 300.0
        // QJsonObject keeps keys sorted: "reason" before "status".
        << QByteArray(R"([{"status":"fulfilled","value":"a"},{"reason":"b down","status":"rejected"},{"reason":"c down","status":"rejected"}])")
        << "b#1" << "a#1 0-100 F, b#1 0-300 R, c#1 0-200 R";
    QTest::addRow("race: the fastest rejects, so the race rejects")
        << kMixed << "race(slow, fast)" << QByteArray() << "rejected" << 50.0 << QByteArray(R"("fast failed")")
        << "fast#1" << "slow#1 0-200 F!, fast#1 0-50 R";
    QTest::addRow("any: falls through to the next success")
        << kMixed << "any(fast, slow, t)" << QByteArray() << "fulfilled" << 200.0 << QByteArray(R"("slow")")
        << "slow#1" << "fast#1 0-50 R, slow#1 0-200 F, t#1 0-300 F!";
    QTest::addRow("any: all fail, errors in input order")
        << kMixed << "any(b, c)" << QByteArray() << "rejected" << 300.0
        << QByteArray(R"({"errors":["b down","c down"],"message":"All promises were rejected","name":"AggregateError"})")
        << "b#1" << "b#1 0-300 R, c#1 0-200 R";
    QTest::addRow("any() rejects at once")
        << kMixed << "any()" << QByteArray() << "rejected" << 0.0
        << QByteArray(R"({"errors":[],"message":"All promises were rejected","name":"AggregateError"})") << ""
        << "";
    QTest::addRow("race() never settles") << kMixed << "race()" << QByteArray() << "pending" << -1.0 << QByteArray()
                                          << "" << "";
    QTest::addRow("all() fulfils [] at once")
        << kMixed << "all()" << QByteArray() << "fulfilled" << 0.0 << QByteArray("[]") << "" << "";
    QTest::addRow("allSettled() fulfils [] at once")
        << kMixed << "allSettled()" << QByteArray() << "fulfilled" << 0.0 << QByteArray("[]") << "" << "";
    QTest::addRow("seq() fulfils [] at once")
        << kMixed << "seq()" << QByteArray() << "fulfilled" << 0.0 << QByteArray("[]") << "" << "";
    QTest::addRow("all waits for race() forever")
        << kMixed << "all(a, race())" << QByteArray() << "pending" << -1.0 << QByteArray() << "" << "a#1 0-100 F";
    QTest::addRow("timeout tie: the operation wins")
        << kMixed << "timeout(a, 100)" << QByteArray() << "fulfilled" << 100.0 << QByteArray(R"("a")") << "a#1"
        << "a#1 0-100 F";
    QTest::addRow("timeout fires: the timer settles it")
        << kMixed << "timeout(slow, 150)" << QByteArray() << "rejected" << 150.0
        << QByteArray(R"("Timed out after 150ms")") << "timer:timeout(150)" << "slow#1 0-200 F!";
    QTest::addRow("timeout inside all: a rejection in time")
        << kMixed << "all(timeout(c, 500), a)" << QByteArray() << "rejected" << 200.0 << QByteArray(R"("c down")")
        << "c#1" << "c#1 0-200 R, a#1 0-100 F";
    QTest::addRow("delay: starts after ms")
        << kMixed << "delay(100, a)" << QByteArray() << "fulfilled" << 200.0 << QByteArray(R"("a")") << "a#1"
        << "a#1 100-200 F";
    QTest::addRow("delay of nothing: the timer settles it")
        << kMixed << "delay(100, all())" << QByteArray() << "fulfilled" << 100.0 << QByteArray("[]")
        << "timer:delay(100)" << "";
    QTest::addRow("hedge: the fallback starts at ms and wins")
        << kHedge << "hedge(p, f, 150)" << QByteArray() << "fulfilled" << 250.0 << QByteArray(R"("f")") << "f#1"
        << "p#1 0-300 F!, f#1 150-250 F";
    QTest::addRow("hedge: a quick primary, the fallback never starts")
        << kHedge << "hedge(quick, f, 150)" << QByteArray() << "fulfilled" << 100.0 << QByteArray(R"("quick")")
        << "quick#1" << "quick#1 0-100 F";
    QTest::addRow("hedge: the primary rejects early, the fallback starts at once")
        << kHedge << "hedge(pfail, f, 150)" << QByteArray() << "fulfilled" << 150.0 << QByteArray(R"("f")") << "f#1"
        << "pfail#1 0-50 R, f#1 50-150 F";
    QTest::addRow("hedge: both reject")
        << kHedge << "hedge(pfail, ffail, 150)" << QByteArray() << "rejected" << 150.0
        << QByteArray(R"({"errors":["pfail failed","ffail failed"],"message":"All promises were rejected","name":"AggregateError"})")
        << "ffail#1" << "pfail#1 0-50 R, ffail#1 50-150 R";
    QTest::addRow("retry: each attempt starts at the exact ms")
        << QByteArray(R"([{"id": "flaky", "latency_ms": 100, "fails": [true, true, false]}])")
        << "retry(flaky, 3, 50)" << QByteArray() << "fulfilled" << 400.0 << QByteArray(R"("flaky")") << "flaky#3"
        << "flaky#1 0-100 R, flaky#2 150-250 R, flaky#3 300-400 F";
    QTest::addRow("retry: the last reason after the last attempt")
        << QByteArray(R"([{"id": "down", "latency_ms": 100, "fails": true, "error": "HTTP 503"}])")
        << "retry(down, 2, 50)" << QByteArray() << "rejected" << 250.0 << QByteArray(R"("HTTP 503")") << "down#2"
        << "down#1 0-100 R, down#2 150-250 R";
    // Timers are setTimeout in the code we show, and Node's setTimeout(f, 0) waits 1 ms.
    QTest::addRow("retry: a 0 ms gap waits 1 ms, as setTimeout(f, 0)")
        << QByteArray(R"([{"id": "down", "latency_ms": 100, "fails": true, "error": "HTTP 503"}])")
        << "retry(down, 2, 0)" << QByteArray() << "rejected" << 201.0 << QByteArray(R"("HTTP 503")") << "down#2"
        << "down#1 0-100 R, down#2 101-201 R";
    QTest::addRow("delay(0): starts at 1 ms")
        << kMixed << "delay(0, a)" << QByteArray() << "fulfilled" << 101.0 << QByteArray(R"("a")") << "a#1"
        << "a#1 1-101 F";
    QTest::addRow("timeout(p, 0): fires at 1 ms")
        << kMixed << "timeout(a, 0)" << QByteArray() << "rejected" << 1.0 << QByteArray(R"("Timed out after 0ms")")
        << "timer:timeout(0)" << "a#1 0-100 F!";
    QTest::addRow("hedge(p, f, 0): the fallback starts at 1 ms")
        << kHedge << "hedge(p, f, 0)" << QByteArray() << "fulfilled" << 101.0 << QByteArray(R"("f")") << "f#1"
        << "p#1 0-300 F!, f#1 1-101 F";
    QTest::addRow("pool(2): at most two in flight, in input order")
        << QByteArray(R"([{"id": "a", "latency_ms": 100}, {"id": "b", "latency_ms": 300}, {"id": "c", "latency_ms": 200}, {"id": "d", "latency_ms": 100}])")
        << "pool(2, a, b, c, d)" << QByteArray() << "fulfilled" << 400.0 << QByteArray(R"(["a","b","c","d"])")
        << "d#1" << "a#1 0-100 F, b#1 0-300 F, c#1 100-300 F, d#1 300-400 F";
    QTest::addRow("pool rejects at the first rejection and starts nothing more")
        << kMixed << "pool(1, a, c, b)" << QByteArray() << "rejected" << 300.0 << QByteArray(R"("c down")") << "c#1"
        << "a#1 0-100 F, c#1 100-300 R";
    // JavaScript's pool starts its first n operands before it sees any result.
    QTest::addRow("pool(2) starts two even when the first rejects at once")
        << kMixed << "pool(2, any(), a, t)" << QByteArray() << "rejected" << 0.0
        << QByteArray(R"({"errors":[],"message":"All promises were rejected","name":"AggregateError"})") << ""
        << "a#1 0-100 F!";
    QTest::addRow("graph on the quiz DAG: 300")
        << kQuiz << "graph()" << QByteArray() << "fulfilled" << 300.0 << QByteArray(R"(["A","B","C","D","E"])")
        << "E#1" << "A#1 0-100 F, B#1 0-100 F, C#1 100-200 F, D#1 100-200 F, E#1 200-300 F";
    QTest::addRow("levels on the quiz DAG: 300 too")
        << kQuiz << "levels(A, B, C, D, E)" << QByteArray() << "fulfilled" << 300.0
        << QByteArray(R"(["A","B","C","D","E"])") << "E#1"
        << "A#1 0-100 F, B#1 0-100 F, C#1 100-200 F, D#1 100-200 F, E#1 200-300 F";
    QTest::addRow("graph with uneven latencies: 500")
        << kQuizUneven << "graph(A, B, C, D, E)" << QByteArray() << "fulfilled" << 500.0
        << QByteArray(R"(["A","B","C","D","E"])") << "E#1"
        << "A#1 0-100 F, B#1 0-300 F, C#1 100-400 F, D#1 300-400 F, E#1 400-500 F";
    QTest::addRow("levels with uneven latencies: 700, slower than graph")
        << kQuizUneven << "levels()" << QByteArray() << "fulfilled" << 700.0
        << QByteArray(R"(["A","B","C","D","E"])") << "E#1"
        << "A#1 0-100 F, B#1 0-300 F, C#1 300-600 F, D#1 300-400 F, E#1 600-700 F";
    // As in JavaScript, nothing cancels C: its need A fulfilled, so it starts after the graph rejected (a zombie).
    QTest::addRow("graph: fail fast, dependents of a rejected need never start")
        << kQuizFailing << "graph()" << QByteArray() << "rejected" << 50.0 << QByteArray(R"("B failed")") << "B#1"
        << "A#1 0-100 F!, B#1 0-50 R, C#1 100-200 F!";
    QTest::addRow("abort(graph()): the rest is aborted and nothing more starts")
        << kQuizFailing << "abort(graph())" << QByteArray() << "rejected" << 50.0 << QByteArray(R"("B failed")")
        << "B#1" << "A#1 0-50 A, B#1 0-50 R";
    QTest::addRow("graph lists values in listed order")
        << kQuiz << "graph(E, D, C, B, A)" << QByteArray() << "fulfilled" << 300.0
        << QByteArray(R"(["E","D","C","B","A"])") << "E#1"
        << "A#1 0-100 F, B#1 0-100 F, C#1 100-200 F, D#1 100-200 F, E#1 200-300 F";
    QTest::addRow("abort(all): in-flight spans end aborted when all rejects")
        << kMixed << "abort(all(fast, slow, t))" << QByteArray() << "rejected" << 50.0
        << QByteArray(R"("fast failed")") << "fast#1" << "fast#1 0-50 R, slow#1 0-50 A, t#1 0-50 A";
    QTest::addRow("abort(race): the losers are aborted, not discarded")
        << kMixed << "abort(race(a, slow))" << QByteArray() << "fulfilled" << 100.0 << QByteArray(R"("a")") << "a#1"
        << "a#1 0-100 F, slow#1 0-100 A";
    QTest::addRow("abort(timeout): the timer settles it and aborts the operation")
        << kMixed << "abort(timeout(slow, 150))" << QByteArray() << "rejected" << 150.0
        << QByteArray(R"("Timed out after 150ms")") << "timer:timeout(150)" << "slow#1 0-150 A";
    QTest::addRow("abort stops a pending delay")
        << kMixed << "abort(race(a, delay(150, slow)))" << QByteArray() << "fulfilled" << 100.0
        << QByteArray(R"("a")") << "a#1" << "a#1 0-100 F";
    // As in the JavaScript we show: the aborted primary rejects, so the hedge calls its
    // fallback at once, under the aborted signal; that call fails at once, like fetch().
    QTest::addRow("abort: a call after it fired is a zero-length aborted span (hedge fallback)")
        << QByteArray(R"([{"id": "f", "latency_ms": 0, "fails": true}, {"id": "s", "latency_ms": 100}, {"id": "x", "latency_ms": 100}])")
        << "abort(all(f, hedge(s, x, 150)))" << QByteArray() << "rejected" << 0.0 << QByteArray(R"("f failed")")
        << "f#1" << "f#1 0-0 R, s#1 0-0 A, x#1 0-0 A";
    QTest::addRow("connections_per_host: the third waits for a connection")
        << QByteArray(R"([{"id": "a", "latency_ms": 100, "host": "api"}, {"id": "b", "latency_ms": 150, "host": "api"},
             {"id": "c", "latency_ms": 100, "host": "api"}, {"id": "other", "latency_ms": 100, "host": "cdn"}])")
        << "all(a, b, c, other)" << QByteArray(R"(, "connections_per_host": 2)") << "fulfilled" << 200.0
        << QByteArray(R"(["a","b","c","other"])") << "c#1"
        << "a#1 0-100 F, b#1 0-150 F, other#1 0-100 F, c#1 0>100-200 F";
    QTest::addRow("instances are numbered per task in start order")
        << QByteArray(R"([{"id": "a", "latency_ms": [100, 200, 50]}])") << "all(a, a, a)" << QByteArray()
        << "fulfilled" << 200.0 << QByteArray(R"(["a","a","a"])") << "a#2" << "a#1 0-100 F, a#2 0-200 F, a#3 0-50 F";
    QTest::addRow("per-invocation latency: the last entry repeats")
        << QByteArray(R"([{"id": "a", "latency_ms": [100, 200]}])") << "seq(a, a, a)" << QByteArray() << "fulfilled"
        << 500.0 << QByteArray(R"(["a","a","a"])") << "a#3" << "a#1 0-100 F, a#2 100-300 F, a#3 300-500 F";
    QTest::addRow("values: any JSON")
        << QByteArray(R"([{"id": "a", "latency_ms": 10, "value": {"id": 7}}, {"id": "b", "latency_ms": 20, "value": [1, 2.5]}])")
        << "all(a, b)" << QByteArray() << "fulfilled" << 20.0 << QByteArray(R"([{"id":7},[1,2.5]])") << "b#1"
        << "a#1 0-10 F, b#1 0-20 F";
}

void TestEngine::semantics()
{
    QFETCH(QByteArray, tasks);
    QFETCH(QString, run);
    QFETCH(QByteArray, extra);
    QFETCH(QString, outcome);
    QFETCH(double, settledMs);
    QFETCH(QByteArray, result);
    QFETCH(QString, cause);
    QFETCH(QString, spans);

    const Scenario scenario = scenarioFrom(tasks, run, extra);
    const PlanTrace trace = runPlanVirtual(scenario, scenario.plans.at(0), 1);
    QCOMPARE(toString(trace.outcome), outcome);
    if (settledMs < 0) {
        QVERIFY(!trace.settledMs.has_value());
    } else {
        QVERIFY(trace.settledMs.has_value());
        QCOMPARE(*trace.settledMs, settledMs);
        QCOMPARE(compactJson(trace.result), result);
    }
    QCOMPARE(describeCause(trace), cause);
    QCOMPARE(describeSpans(trace), spans);
}

namespace {

const QByteArray kRandomTasks = R"([{"id": "u", "latency": {"dist": "uniform", "min_ms": 50, "max_ms": 500}},
    {"id": "n", "latency": {"dist": "normal", "mean_ms": 200, "sd_ms": 80}},
    {"id": "l", "latency": {"dist": "lognormal", "median_ms": 120, "p95_ms": 400}, "failure_rate": 0.3},
    {"id": "e", "latency": {"dist": "exponential", "mean_ms": 100}, "jitter_ms": 20},
    {"id": "j", "latency_ms": 100, "jitter_ms": 50}])";

QByteArray jsonOf(const Scenario &scenario, quint64 seed)
{
    RunOptions options;
    options.seed = seed;
    return toTraceJson(runVirtual(scenario, options));
}

} // namespace

void TestEngine::sameSeedSameJson()
{
    const Scenario scenario = scenarioFrom(kRandomTasks, QStringLiteral("all(u, n, l, e, j, u, n, l, e, j)"));
    QCOMPARE(jsonOf(scenario, 42), jsonOf(scenario, 42));
    QCOMPARE(jsonOf(scenario, 1), jsonOf(scenario, 1));
}

void TestEngine::differentSeedDifferentDraws()
{
    const Scenario scenario = scenarioFrom(kRandomTasks, QStringLiteral("all(u, n, l, e, j)"));
    const PlanTrace one = runPlanVirtual(scenario, scenario.plans.at(0), 1);
    const PlanTrace two = runPlanVirtual(scenario, scenario.plans.at(0), 2);
    QCOMPARE(one.spans.size(), 5);
    int differing = 0;
    for (int i = 0; i < 5; ++i) {
        QVERIFY(*one.spans.at(i).endMs >= 0);
        if (one.spans.at(i).endMs != two.spans.at(i).endMs)
            ++differing;
    }
    QCOMPARE(differing, 5);
}

void TestEngine::sameDrawForSameInstanceAcrossPlans()
{
    // "user #1" has the same latency whether the plan runs it first or last.
    const QByteArray json = R"({"format": "asyncscope-scenario/1", "name": "t", "tasks": )" + kRandomTasks
                            + R"x(, "plans": [{"name": "s", "run": "seq(j, u, n)"}, {"name": "p", "run": "all(n, u, j)"}]})x";
    const Scenario scenario = *loadScenario(json, QStringLiteral("t.json")).scenario;
    const PlanTrace sequential = runPlanVirtual(scenario, scenario.plans.at(0), 7);
    const PlanTrace parallel = runPlanVirtual(scenario, scenario.plans.at(1), 7);
    auto duration = [](const PlanTrace &trace, const QString &task) {
        for (const Span &span : trace.spans) {
            if (span.task == task)
                return *span.endMs - span.startMs;
        }
        return -1.0;
    };
    for (const QString &task : {QStringLiteral("u"), QStringLiteral("n"), QStringLiteral("j")})
        QCOMPARE(duration(sequential, task), duration(parallel, task));
}

void TestEngine::trialsSummarise()
{
    const Scenario scenario = scenarioFrom(kProfile, QStringLiteral("seq(user, posts)"));
    RunOptions options;
    options.trials = 1000;
    const RunTrace trace = runVirtual(scenario, options);
    QVERIFY(trace.plans.at(0).trials.has_value());
    const TrialStats &stats = *trace.plans.at(0).trials;
    QCOMPARE(stats.n, 1000);
    QCOMPARE(stats.fulfilled, 1000);
    QCOMPARE(stats.p50, 400.0);
    QCOMPARE(stats.p95, 400.0);
    QCOMPARE(stats.max, 400.0);

    const Scenario random = scenarioFrom(kRandomTasks, QStringLiteral("any(l, l)"));
    const TrialStats a = *runVirtual(random, options).plans.at(0).trials;
    const TrialStats b = *runVirtual(random, options).plans.at(0).trials;
    QCOMPARE(a.settleTimes, b.settleTimes); // threads do not change the result
    QVERIFY(a.fulfilled > 850 && a.fulfilled < 950); // 1 - 0.3^2 = 91 %
    QVERIFY(a.p50 <= a.p95 && a.p95 <= a.max);
}

void TestEngine::runVirtualSelectsPlans()
{
    const QByteArray json = R"({"format": "asyncscope-scenario/1", "name": "Two", "tasks": )" + kProfile
                            + R"x(, "plans": [{"name": "s", "run": "seq(user, posts)"}, {"name": "p", "run": "all(user, posts)"}]})x";
    const Scenario scenario = *loadScenario(json, QStringLiteral("t.json")).scenario;
    RunOptions options;
    options.plans = QStringList{QStringLiteral("p")};
    const RunTrace trace = runVirtual(scenario, options);
    QCOMPARE(trace.scenario, QStringLiteral("Two"));
    QCOMPARE(trace.plans.size(), 1);
    QCOMPARE(trace.plans.at(0).name, QStringLiteral("p"));
    QCOMPARE(*trace.plans.at(0).settledMs, 200.0);
    QCOMPARE(runVirtual(scenario, {}).plans.size(), 2);
}

QTEST_GUILESS_MAIN(TestEngine)
#include "tst_engine.moc"
