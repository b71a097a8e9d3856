// The combinators against JavaScript's semantics (SPEC §1), on a VirtualClock:
// settle time, value or reason, what starts when, and what is left running.

#include "combinator_test_sources.h"
#include "combinators.h"
#include "combinators_json.h"
#include "virtual_clock.h"

#include <QtTest>

using namespace asyncscope;
using namespace asyncscope::test;

namespace {

const QString aggregatePrefix = QStringLiteral(R"({"errors":)");
const QString aggregateSuffix = QStringLiteral(R"(,"message":"All promises were rejected","name":"AggregateError"})");
QString aggregate(const QString &errors)
{
    return aggregatePrefix + errors + aggregateSuffix;
}

const QString abortReason = QStringLiteral(R"("AbortError: This operation was aborted")");

} // namespace

class TestCombinators : public QObject
{
    Q_OBJECT

private slots:
    void combine_data();
    void combine();
    void allZombieRunsOn();
    void nestedCombinators();
    void typedAllKeepsInputOrder();
    void sameFutureInTwoCombinators();

    void sequence_data();
    void sequence();
    void sequenceOfManySynchronousSteps();

    void pool_data();
    void pool();

    void withTimeout_data();
    void withTimeout();

    void delay_data();
    void delay();

    void hedge_data();
    void hedge();

    void retry_data();
    void retry();
    void hedgeHonoursAbort();

    void watchTwoWatchersOneFuture();
    void watchCanceledFuture();
    void watchRegistryEmptiesWhenFired();
    void cancelInputsOnAbort();
    void rejectionHelpers();
};

// all / allSettled / race / any over operands given in the mini-language of
// Sources::operand ("id:ms", "!" rejects, "now", "never", "cancel@ms", "=N").
void TestCombinators::combine_data()
{
    QTest::addColumn<QString>("combinator");
    QTest::addColumn<QString>("operands");
    QTest::addColumn<QString>("outcome");
    QTest::addColumn<double>("ms");
    QTest::addColumn<QString>("json");

    QTest::addRow("all: values in input order, not finish order")
        << "all" << "a:300 b:100 c:200" << "fulfilled" << 300.0 << R"(["a","b","c"])";
    QTest::addRow("all: first rejection wins") << "all" << "a:300 b:100! c:200!" << "rejected" << 100.0 << R"("b failed")";
    QTest::addRow("all: rejects while another never settles")
        << "all" << "a:never b:50!" << "rejected" << 50.0 << R"("b failed")";
    QTest::addRow("all: empty fulfils [] at once") << "all" << "" << "fulfilled" << 0.0 << "[]";
    QTest::addRow("all: already fulfilled inputs") << "all" << "a:now b:now" << "fulfilled" << 0.0 << R"(["a","b"])";
    QTest::addRow("all: already rejected input") << "all" << "a:100 b:now!" << "rejected" << 0.0 << R"("b failed")";
    QTest::addRow("all: ready and pending") << "all" << "a:now b:100" << "fulfilled" << 100.0 << R"(["a","b"])";
    QTest::addRow("all: one future twice") << "all" << "a:100 =0" << "fulfilled" << 100.0 << R"(["a","a"])";
    QTest::addRow("all: canceled input is an abort") << "all" << "a:200 x:cancel@100" << "rejected" << 100.0 << abortReason;
    QTest::addRow("all: never settles if one never does") << "all" << "a:100 b:never" << "pending" << -1.0 << "";

    QTest::addRow("allSettled: both outcomes in input order")
        << "allSettled" << "a:300 b:100!" << "fulfilled" << 300.0
        << R"([{"status":"fulfilled","value":"a"},{"reason":"b failed","status":"rejected"}])";
    QTest::addRow("allSettled: empty fulfils [] at once") << "allSettled" << "" << "fulfilled" << 0.0 << "[]";
    QTest::addRow("allSettled: already settled")
        << "allSettled" << "a:now! b:now" << "fulfilled" << 0.0
        << R"([{"reason":"a failed","status":"rejected"},{"status":"fulfilled","value":"b"}])";

    QTest::addRow("race: first to fulfil") << "race" << "a:300 b:100 c:200" << "fulfilled" << 100.0 << R"("b")";
    QTest::addRow("race: first to reject") << "race" << "a:300 b:100! c:200" << "rejected" << 100.0 << R"("b failed")";
    QTest::addRow("race: tie goes to the earlier timer") << "race" << "a:100 b:100" << "fulfilled" << 100.0 << R"("a")";
    QTest::addRow("race: already settled input wins at once") << "race" << "a:100 b:now" << "fulfilled" << 0.0 << R"("b")";
    QTest::addRow("race: empty never settles") << "race" << "" << "pending" << -1.0 << "";

    QTest::addRow("any: first fulfilment, rejections ignored")
        << "any" << "a:300! b:100! c:200" << "fulfilled" << 200.0 << R"("c")";
    QTest::addRow("any: all reject, errors in input order")
        << "any" << "a:300! b:100! c:200!" << "rejected" << 300.0
        << aggregate(R"(["a failed","b failed","c failed"])");
    QTest::addRow("any: empty rejects at once with errors []") << "any" << "" << "rejected" << 0.0 << aggregate("[]");
    QTest::addRow("any: already rejected and pending") << "any" << "a:now! b:100" << "fulfilled" << 100.0 << R"("b")";
    QTest::addRow("any: canceled input counts as rejected")
        << "any" << "x:cancel@10 b:20!" << "rejected" << 20.0 << aggregate(R"([)" + abortReason + R"(,"b failed"])");
}

void TestCombinators::combine()
{
    QFETCH(QString, combinator);
    QFETCH(QString, operands);
    QFETCH(QString, outcome);
    QFETCH(double, ms);
    QFETCH(QString, json);

    VirtualClock clock;
    Sources sources(clock);
    const QList<JsonFuture> inputs = sources.operands(operands);
    JsonFuture combined;
    if (combinator == QLatin1String("all"))
        combined = allJson(inputs);
    else if (combinator == QLatin1String("allSettled"))
        combined = allSettledJson(inputs);
    else if (combinator == QLatin1String("race"))
        combined = race(inputs);
    else
        combined = any(inputs);
    const auto seen = observe(combined, clock);
    clock.run();

    QCOMPARE(seen->outcome, outcome);
    QCOMPARE(seen->ms, ms);
    QCOMPARE(seen->json, json);
    QVERIFY(seen->calls <= 1);
}

// Promise.all rejects at 100 while the others run on to 500: the zombies.
void TestCombinators::allZombieRunsOn()
{
    VirtualClock clock;
    Sources sources(clock);
    const QList<JsonFuture> inputs = sources.operands("a:500 b:100! c:300");
    const auto seen = observe(allJson(inputs), clock);
    clock.runUntil(100);
    QCOMPARE(seen->outcome, QStringLiteral("rejected"));
    QCOMPARE(seen->ms, 100.0);
    QVERIFY(!inputs.at(0).isFinished());
    QVERIFY(!inputs.at(2).isFinished());
    QCOMPARE(clock.pendingCount(), 2);
    const auto zombie = observe(inputs.at(0), clock);
    clock.run();
    QCOMPARE(zombie->ms, 500.0);
    QCOMPARE(zombie->json, QStringLiteral(R"("a")"));
    QCOMPARE(seen->calls, 1);
    QCOMPARE(seen->json, QStringLiteral(R"("b failed")"));
}

void TestCombinators::nestedCombinators()
{
    VirtualClock clock;
    Sources sources(clock);
    // all(race(a:300, b:100), any(c:50!, d:200), allSettled()) -> ["b", "d", []] at 200
    const JsonFuture raced = race(sources.operands("a:300 b:100"));
    const JsonFuture anyOf = any(sources.operands("c:50! d:200"));
    const JsonFuture nothing = allSettledJson({});
    const auto seen = observe(allJson({raced, anyOf, nothing}), clock);
    // Nested over already-settled inputs settles synchronously, during the call.
    const auto ready = observe(allJson({allJson({fulfilled(QJsonValue(1))}), race<QJsonValue>({fulfilled(QJsonValue(2))})}), clock);
    QCOMPARE(ready->ms, 0.0);
    QCOMPARE(ready->json, QStringLiteral("[[1],2]"));
    clock.run();
    QCOMPARE(seen->ms, 200.0);
    QCOMPARE(seen->json, QStringLiteral(R"(["b","d",[]])"));
}

void TestCombinators::typedAllKeepsInputOrder()
{
    std::vector<QPromise<int>> promises(5);
    QList<QFuture<int>> inputs;
    for (auto &promise : promises) {
        promise.start();
        inputs.append(promise.future());
    }
    const QFuture<QList<int>> combined = all(inputs);
    for (int i : {3, 1, 4, 0, 2}) {
        QVERIFY(!combined.isFinished());
        promises[i].addResult(i * 10);
        promises[i].finish();
    }
    QVERIFY(combined.isFinished());
    QCOMPARE(combined.result(), QList<int>({0, 10, 20, 30, 40}));

    const QFuture<QList<SettledResult<int>>> settled = allSettled<int>({fulfilled(7), rejected<int>(Rejection("no"))});
    QVERIFY(settled.isFinished());
    const auto results = settled.result();
    QCOMPARE(results.size(), 2);
    QVERIFY(results[0].fulfilled);
    QCOMPARE(results[0].value, 7);
    QVERIFY(!results[1].fulfilled);
    QCOMPARE(results[1].reason, QJsonValue("no"));
}

// The pitfall watch() exists for: two combinators over one pending future.
void TestCombinators::sameFutureInTwoCombinators()
{
    const int watchedBefore = detail::watchedStateCount();
    VirtualClock clock;
    Sources sources(clock);
    const QList<JsonFuture> shared = sources.operands("a:100 b:200");
    const auto first = observe(allJson(shared), clock);
    const auto second = observe(race(shared), clock);
    const auto third = observe(any(shared), clock);
    clock.run();
    QCOMPARE(first->json, QStringLiteral(R"(["a","b"])"));
    QCOMPARE(first->ms, 200.0);
    QCOMPARE(second->json, QStringLiteral(R"("a")"));
    QCOMPARE(second->ms, 100.0);
    QCOMPARE(third->ms, 100.0);
    QCOMPARE(detail::watchedStateCount(), watchedBefore);
}

void TestCombinators::sequence_data()
{
    QTest::addColumn<QString>("steps");
    QTest::addColumn<QString>("outcome");
    QTest::addColumn<double>("ms");
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("starts");

    QTest::addRow("one after another") << "a:100 b:200 c:50" << "fulfilled" << 350.0 << R"(["a","b","c"])"
                                       << "a@0 b@100 c@300";
    QTest::addRow("rejects at the first rejection, later steps never start")
        << "a:100 b:200! c:50" << "rejected" << 300.0 << R"("b failed")" << "a@0 b@100";
    QTest::addRow("empty fulfils [] at once") << "" << "fulfilled" << 0.0 << "[]" << "";
    QTest::addRow("steps that finish synchronously") << "a:now b:now c:100" << "fulfilled" << 100.0
                                                     << R"(["a","b","c"])" << "a@0 b@0 c@0";
    QTest::addRow("synchronous rejection") << "a:now b:now! c:now" << "rejected" << 0.0 << R"("b failed")" << "a@0 b@0";
}

void TestCombinators::sequence()
{
    QFETCH(QString, steps);
    QFETCH(QString, outcome);
    QFETCH(double, ms);
    QFETCH(QString, json);
    QFETCH(QString, starts);

    VirtualClock clock;
    Sources sources(clock);
    const auto seen = observe(sequenceJson(sources.factories(steps)), clock);
    clock.run();
    QCOMPARE(seen->outcome, outcome);
    QCOMPARE(seen->ms, ms);
    QCOMPARE(seen->json, json);
    QCOMPARE(sources.starts(), starts);
}

void TestCombinators::sequenceOfManySynchronousSteps()
{
    QList<Start<int>> steps;
    for (int i = 0; i < 200000; ++i)
        steps.append([i] { return fulfilled(i); });
    const QFuture<QList<int>> result = asyncscope::sequence(steps);
    QVERIFY(result.isFinished());
    QCOMPARE(result.result().size(), 200000);
    QCOMPARE(result.result().last(), 199999);

    // Also through the pool, where synchronous tasks re-enter pump().
    const QFuture<QList<int>> pooled = asyncscope::pool(3, steps);
    QVERIFY(pooled.isFinished());
    QCOMPARE(pooled.result().size(), 200000);
}

void TestCombinators::pool_data()
{
    QTest::addColumn<int>("n");
    QTest::addColumn<QString>("tasks");
    QTest::addColumn<QString>("outcome");
    QTest::addColumn<double>("ms");
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("starts");
    QTest::addColumn<int>("maxInFlight");

    QTest::addRow("two at a time, next starts as a slot frees")
        << 2 << "a:100 b:300 c:100 d:100" << "fulfilled" << 300.0 << R"(["a","b","c","d"])"
        << "a@0 b@0 c@100 d@200" << 2;
    QTest::addRow("values in input order") << 3 << "a:300 b:100 c:200 d:50" << "fulfilled" << 300.0
                                           << R"(["a","b","c","d"])" << "a@0 b@0 c@0 d@100" << 3;
    QTest::addRow("rejects at the first rejection and starts nothing more")
        << 2 << "a:100! b:300 c:100" << "rejected" << 100.0 << R"("a failed")" << "a@0 b@0" << 2;
    QTest::addRow("n larger than the task count") << 10 << "a:100 b:50" << "fulfilled" << 100.0 << R"(["a","b"])"
                                                  << "a@0 b@0" << 2;
    QTest::addRow("one at a time is a sequence") << 1 << "a:100 b:50" << "fulfilled" << 150.0 << R"(["a","b"])"
                                                 << "a@0 b@100" << 1;
    QTest::addRow("empty fulfils [] at once") << 2 << "" << "fulfilled" << 0.0 << "[]" << "" << 0;
    // As JavaScript's workers: each starts its first task before any result is seen.
    QTest::addRow("a rejection at once: the first n still start, then nothing more")
        << 2 << "a:now! b:100 c:10" << "rejected" << 0.0 << R"("a failed")" << "a@0 b@0" << 1;
    QTest::addRow("synchronous tasks") << 2 << "a:now b:now c:10" << "fulfilled" << 10.0 << R"(["a","b","c"])"
                                       << "a@0 b@0 c@0" << 1;
}

void TestCombinators::pool()
{
    QFETCH(int, n);
    QFETCH(QString, tasks);
    QFETCH(QString, outcome);
    QFETCH(double, ms);
    QFETCH(QString, json);
    QFETCH(QString, starts);
    QFETCH(int, maxInFlight);

    VirtualClock clock;
    Sources sources(clock);
    const auto seen = observe(poolJson(n, sources.factories(tasks)), clock);
    clock.run();
    QCOMPARE(seen->outcome, outcome);
    QCOMPARE(seen->ms, ms);
    QCOMPARE(seen->json, json);
    QCOMPARE(sources.starts(), starts);
    QCOMPARE(sources.maxInFlight(), maxInFlight);
}

void TestCombinators::withTimeout_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<double>("timeoutMs");
    QTest::addColumn<QString>("outcome");
    QTest::addColumn<double>("ms");
    QTest::addColumn<QString>("json");
    QTest::addColumn<int>("timersFired");     // including the operand's own timer
    QTest::addColumn<int>("pendingAtSettle"); // timers left when the result settles

    QTest::addRow("input first: timer cancelled") << "a:100" << 200.0 << "fulfilled" << 100.0 << R"("a")" << 1 << 0;
    QTest::addRow("input rejects first") << "a:100!" << 200.0 << "rejected" << 100.0 << R"("a failed")" << 1 << 0;
    QTest::addRow("timeout first") << "a:300" << 200.0 << "rejected" << 200.0 << R"("Timed out after 200ms")" << 2 << 1;
    QTest::addRow("tie: the operation wins") << "a:200" << 200.0 << "fulfilled" << 200.0 << R"("a")" << 1 << 0;
    QTest::addRow("fractional ms in the reason") << "a:never" << 2.5 << "rejected" << 2.5
                                                 << R"("Timed out after 2.5ms")" << 1 << 0;
    QTest::addRow("0 ms fires at 1 ms") << "a:50" << 0.0 << "rejected" << 1.0 << R"("Timed out after 0ms")" << 2 << 1;
    QTest::addRow("0 ms: an operation done at 0 wins") << "a:0" << 0.0 << "fulfilled" << 0.0 << R"("a")" << 1 << 0;
    QTest::addRow("already settled: no timer at all") << "a:now" << 200.0 << "fulfilled" << 0.0 << R"("a")" << 0 << 0;
}

void TestCombinators::withTimeout()
{
    QFETCH(QString, input);
    QFETCH(double, timeoutMs);
    QFETCH(QString, outcome);
    QFETCH(double, ms);
    QFETCH(QString, json);
    QFETCH(int, timersFired);
    QFETCH(int, pendingAtSettle);

    VirtualClock clock;
    Sources sources(clock);
    const JsonFuture timed = asyncscope::withTimeout(sources.operand(input), timeoutMs, clock);
    const auto seen = observe(timed, clock);
    int pending = -1;
    watch<QJsonValue>(timed, [&](const JsonFuture &) { pending = clock.pendingCount(); });
    clock.run();
    QCOMPARE(seen->outcome, outcome);
    QCOMPARE(seen->ms, ms);
    QCOMPARE(seen->json, json);
    QCOMPARE(pending, pendingAtSettle);
    QCOMPARE(int(clock.firedCount()), timersFired);
}

void TestCombinators::delay_data()
{
    QTest::addColumn<double>("delayMs");
    QTest::addColumn<QString>("operation");
    QTest::addColumn<double>("abortAt"); // -1: no abort; 0: aborted before the call
    QTest::addColumn<QString>("outcome");
    QTest::addColumn<double>("ms");
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("starts");

    QTest::addRow("starts after the delay") << 100.0 << "a:50" << -1.0 << "fulfilled" << 150.0 << R"("a")" << "a@100";
    // setTimeout(f, 0) in Node waits 1 ms, and so does every timer below 1 ms.
    QTest::addRow("zero delay waits 1 ms, as setTimeout(f, 0)") << 0.0 << "a:now" << -1.0 << "fulfilled" << 1.0
                                                                 << R"("a")" << "a@1";
    QTest::addRow("a negative delay waits 1 ms too") << -5.0 << "a:now" << -1.0 << "fulfilled" << 1.0 << R"("a")"
                                                     << "a@1";
    QTest::addRow("abort while sleeping") << 100.0 << "a:50" << 40.0 << "rejected" << 40.0 << abortReason << "";
    QTest::addRow("already aborted") << 100.0 << "a:50" << 0.0 << "rejected" << 0.0 << abortReason << "";
    QTest::addRow("abort after start does not matter") << 100.0 << "a:50" << 120.0 << "fulfilled" << 150.0 << R"("a")"
                                                       << "a@100";
}

void TestCombinators::delay()
{
    QFETCH(double, delayMs);
    QFETCH(QString, operation);
    QFETCH(double, abortAt);
    QFETCH(QString, outcome);
    QFETCH(double, ms);
    QFETCH(QString, json);
    QFETCH(QString, starts);

    VirtualClock clock;
    Sources sources(clock);
    AbortController controller;
    if (abortAt == 0)
        controller.abort();
    else if (abortAt > 0)
        clock.schedule(abortAt, [&] {
            controller.abort();
            QVERIFY(clock.pendingCount() <= 1); // the delay's timer is gone at once
        });
    const auto seen =
        observe(asyncscope::delay(delayMs, sources.factory(operation), clock, controller.signal()), clock);
    clock.run();
    QCOMPARE(seen->outcome, outcome);
    QCOMPARE(seen->ms, ms);
    QCOMPARE(seen->json, json);
    QCOMPARE(sources.starts(), starts);
}

void TestCombinators::hedge_data()
{
    QTest::addColumn<QString>("primary");
    QTest::addColumn<QString>("fallback");
    QTest::addColumn<double>("hedgeMs");
    QTest::addColumn<QString>("outcome");
    QTest::addColumn<double>("ms");
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("starts");

    QTest::addRow("fallback at the deadline wins") << "p:300" << "f:100" << 100.0 << "fulfilled" << 200.0 << R"("f")"
                                                   << "p@0 f@100";
    QTest::addRow("primary still wins after the fallback started")
        << "p:150" << "f:100" << 100.0 << "fulfilled" << 150.0 << R"("p")" << "p@0 f@100";
    QTest::addRow("fallback at once when primary fails") << "p:50!" << "f:100" << 100.0 << "fulfilled" << 150.0
                                                         << R"("f")" << "p@0 f@50";
    QTest::addRow("both fail: AggregateError [primary, fallback]")
        << "p:50!" << "f:80!" << 100.0 << "rejected" << 130.0 << aggregate(R"(["p failed","f failed"])") << "p@0 f@50";
    QTest::addRow("both fail, fallback first: still [primary, fallback]")
        << "p:300!" << "f:100!" << 100.0 << "rejected" << 300.0 << aggregate(R"(["p failed","f failed"])")
        << "p@0 f@100";
    QTest::addRow("primary fails after fallback started: fallback not started twice")
        << "p:150!" << "f:100" << 100.0 << "fulfilled" << 200.0 << R"("f")" << "p@0 f@100";
    QTest::addRow("primary fast: fallback never starts") << "p:50" << "f:100" << 100.0 << "fulfilled" << 50.0 << R"("p")"
                                                         << "p@0";
    QTest::addRow("primary fulfils at the deadline: primary wins") << "p:100" << "f:10" << 100.0 << "fulfilled" << 100.0
                                                                   << R"("p")" << "p@0";
    QTest::addRow("0 ms: the fallback starts at 1 ms") << "p:300" << "f:100" << 0.0 << "fulfilled" << 101.0 << R"("f")"
                                                      << "p@0 f@1";
    QTest::addRow("primary fails synchronously") << "p:now!" << "f:10" << 100.0 << "fulfilled" << 10.0 << R"("f")"
                                                 << "p@0 f@0";
}

void TestCombinators::hedge()
{
    QFETCH(QString, primary);
    QFETCH(QString, fallback);
    QFETCH(double, hedgeMs);
    QFETCH(QString, outcome);
    QFETCH(double, ms);
    QFETCH(QString, json);
    QFETCH(QString, starts);

    VirtualClock clock;
    Sources sources(clock);
    const auto seen =
        observe(asyncscope::hedge(sources.factory(primary), sources.factory(fallback), hedgeMs, clock), clock);
    clock.runUntil(ms);
    QCOMPARE(seen->outcome, outcome);
    QCOMPARE(seen->ms, ms);
    QCOMPARE(seen->json, json);
    const int pendingAtSettle = clock.pendingCount();
    clock.run();
    QCOMPARE(sources.starts(), starts);
    QCOMPARE(seen->calls, 1);
    if (!starts.contains(QLatin1Char('f'))) // the hedge timer was cancelled, not left to fire
        QCOMPARE(pendingAtSettle, 0);
}

void TestCombinators::retry_data()
{
    QTest::addColumn<QString>("attemptResults"); // the n-th attempt behaves like the n-th word
    QTest::addColumn<int>("attempts");
    QTest::addColumn<double>("gapMs");
    QTest::addColumn<double>("abortAt");
    QTest::addColumn<QString>("outcome");
    QTest::addColumn<double>("ms");
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("starts");

    QTest::addRow("third attempt succeeds, gaps between") << "a:100! b:100! c:100" << 3 << 50.0 << -1.0 << "fulfilled"
                                                          << 400.0 << R"("c")" << "a@0 b@150 c@300";
    QTest::addRow("all fail: the last reason") << "a:100! b:100! c:100!" << 3 << 50.0 << -1.0 << "rejected" << 400.0
                                               << R"("c failed")" << "a@0 b@150 c@300";
    QTest::addRow("first attempt succeeds") << "a:100" << 3 << 50.0 << -1.0 << "fulfilled" << 100.0 << R"("a")" << "a@0";
    QTest::addRow("one attempt only") << "a:100! b:10" << 1 << 50.0 << -1.0 << "rejected" << 100.0 << R"("a failed")"
                                      << "a@0";
    QTest::addRow("synchronous failures still wait the gap") << "a:now! b:now! c:now" << 3 << 10.0 << -1.0
                                                             << "fulfilled" << 20.0 << R"("c")" << "a@0 b@10 c@20";
    QTest::addRow("a 0 ms gap waits 1 ms") << "a:now! b:now" << 2 << 0.0 << -1.0 << "fulfilled" << 1.0 << R"("b")"
                                           << "a@0 b@1";
    QTest::addRow("abort during a gap") << "a:100! b:100" << 3 << 50.0 << 120.0 << "rejected" << 120.0 << abortReason
                                        << "a@0";
}

void TestCombinators::retry()
{
    QFETCH(QString, attemptResults);
    QFETCH(int, attempts);
    QFETCH(double, gapMs);
    QFETCH(double, abortAt);
    QFETCH(QString, outcome);
    QFETCH(double, ms);
    QFETCH(QString, json);
    QFETCH(QString, starts);

    VirtualClock clock;
    Sources sources(clock);
    AbortController controller;
    if (abortAt > 0)
        clock.schedule(abortAt, [&] { controller.abort(); });
    const auto seen = observe(
        asyncscope::retry(sources.successive(attemptResults), attempts, gapMs, clock, controller.signal()), clock);
    clock.run();
    QCOMPARE(seen->outcome, outcome);
    QCOMPARE(seen->ms, ms);
    QCOMPARE(seen->json, json);
    QCOMPARE(sources.starts(), starts);
}

void TestCombinators::hedgeHonoursAbort()
{
    VirtualClock clock;
    Sources sources(clock);
    AbortController controller;
    clock.schedule(50, [&] { controller.abort(QJsonValue("user left")); });
    const auto seen =
        observe(asyncscope::hedge(sources.factory("p:300"), sources.factory("f:100"), 100, clock, controller.signal()),
                clock);
    clock.runUntil(50);
    QCOMPARE(seen->outcome, QStringLiteral("rejected"));
    QCOMPARE(seen->ms, 50.0);
    QCOMPARE(seen->json, QStringLiteral(R"("user left")"));
    QCOMPARE(clock.pendingCount(), 1); // only the primary's own timer: the hedge timer is gone
    clock.run();
    QCOMPARE(sources.starts(), QStringLiteral("p@0")); // the fallback never started
    QCOMPARE(seen->calls, 1);
}

void TestCombinators::watchTwoWatchersOneFuture()
{
    const int watchedBefore = detail::watchedStateCount();
    QPromise<int> promise;
    promise.start();
    QStringList calls;
    watch<int>(promise.future(), [&](const QFuture<int> &f) { calls << QStringLiteral("first %1").arg(f.result()); });
    watch<int>(promise.future(), [&](const QFuture<int> &f) {
        calls << QStringLiteral("second %1").arg(f.result());
        // A watcher added while the callbacks run sees a finished future: at once.
        watch<int>(f, [&](const QFuture<int> &) { calls << QStringLiteral("late"); });
    });
    QCOMPARE(detail::watchedStateCount(), watchedBefore + 1);
    QVERIFY(calls.isEmpty());
    promise.addResult(5);
    promise.finish();
    QCOMPARE(calls, QStringList({"first 5", "second 5", "late"}));
    QCOMPARE(detail::watchedStateCount(), watchedBefore);
    watch<int>(promise.future(), [&](const QFuture<int> &) { calls << QStringLiteral("after"); });
    QCOMPARE(calls.last(), QStringLiteral("after"));
}

// .then(QFuture<T>) is skipped for a plain cancellation in Qt 6.4; watch() is not.
void TestCombinators::watchCanceledFuture()
{
    int calls = 0;
    bool canceled = false;
    {
        QPromise<int> promise;
        promise.start();
        watch<int>(promise.future(), [&](const QFuture<int> &f) {
            ++calls;
            canceled = f.isCanceled();
        });
    } // an unfinished QPromise cancels and finishes on destruction
    QCOMPARE(calls, 1);
    QVERIFY(canceled);
}

void TestCombinators::watchRegistryEmptiesWhenFired()
{
    const int watchedBefore = detail::watchedStateCount();
    std::vector<QPromise<int>> promises(5000);
    int calls = 0;
    for (auto &promise : promises) {
        promise.start();
        for (int w = 0; w < 3; ++w)
            watch<int>(promise.future(), [&](const QFuture<int> &) { ++calls; });
    }
    QCOMPARE(detail::watchedStateCount(), watchedBefore + 5000);
    for (auto &promise : promises) {
        promise.addResult(1);
        promise.finish();
    }
    QCOMPARE(calls, 15000);
    QCOMPARE(detail::watchedStateCount(), watchedBefore);
}

void TestCombinators::cancelInputsOnAbort()
{
    VirtualClock clock;
    AbortController controller;
    // A source that honours cancellation: it finishes once its future is canceled.
    auto promise = std::make_shared<QPromise<QJsonValue>>();
    promise->start();
    const JsonFuture input = promise->future();
    const JsonFuture done = fulfilled(QJsonValue("done"));
    asyncscope::cancelInputsOnAbort<QJsonValue>({input, done}, controller.signal());
    const auto seen = observe(allJson({input, done}), clock);
    controller.signal().addListener([promise] {
        if (promise->isCanceled())
            promise->finish();
    });
    controller.abort();
    QCOMPARE(seen->outcome, QStringLiteral("rejected"));
    QCOMPARE(seen->json, abortReason);
    QVERIFY(!done.isCanceled()); // finished inputs are left alone
}

void TestCombinators::rejectionHelpers()
{
    const Rejection aggregateError = Rejection::aggregate({QJsonValue("x"), QJsonValue(2)});
    QVERIFY(aggregateError.isAggregate());
    QCOMPARE(aggregateError.errors(), QJsonArray({"x", 2}));
    QCOMPARE(QByteArray(aggregateError.what()), QByteArray("AggregateError: All promises were rejected"));
    QVERIFY(Rejection::abortError().isAbort());
    QCOMPARE(Rejection::abortError().reason(), QJsonValue("AbortError: This operation was aborted"));
    QCOMPARE(Rejection::abortError(QJsonValue("stop")).reason(), QJsonValue("stop"));
    QCOMPARE(toRejection(std::make_exception_ptr(std::runtime_error("boom"))).reason(), QJsonValue("boom"));
    QCOMPARE(toRejection(std::make_exception_ptr(42)).reason(), QJsonValue("unknown error"));
    QVERIFY(toRejection(nullptr).isAbort());
    QCOMPARE(toRejection(std::make_exception_ptr(Rejection(QJsonObject{{"code", 503}}))).reason(),
             QJsonValue(QJsonObject{{"code", 503}}));

    // A factory that throws rejects like `await start()` would.
    const JsonFuture thrown = asyncscope::sequenceJson({[]() -> JsonFuture { throw std::runtime_error("sync throw"); }});
    QVERIFY(thrown.isFinished());
    QCOMPARE(detail::rejectionOf(thrown)->reason(), QJsonValue("sync throw"));
}

QTEST_GUILESS_MAIN(TestCombinators)
#include "tst_combinators.moc"
