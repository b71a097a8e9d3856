// The combinators when inputs finish on other threads: watch callbacks run in
// the finishing thread, so every combinator must settle exactly once and
// read every value, whoever finishes what and when.

#include "combinators.h"
#include "combinators_json.h"

#include <QPromise>
#include <QThreadPool>
#include <QtConcurrent>
#include <QtTest>

#include <atomic>
#include <memory>
#include <numeric>
#include <thread>
#include <vector>

using namespace asyncscope;

namespace {

constexpr int inputCount = 4000;

// Promises finished from worker threads, in an interleaved order, while the
// test thread may still be registering the combinators on them. std::thread
// rather than QThreadPool here: its start and join are visible to
// ThreadSanitizer, so any report from these tests is about our code. (The
// QtConcurrent tests below cover Qt's pool; see tests/tsan.supp.)
struct PoolFinished
{
    explicit PoolFinished(int n)
    {
        for (int i = 0; i < n; ++i) {
            auto promise = std::make_shared<QPromise<int>>();
            promise->start();
            futures.append(promise->future());
            promises.append(promise);
        }
    }
    ~PoolFinished() { wait(); }

    // failEvery > 0: every failEvery-th input rejects with "fail <i>".
    void finishAll(int failEvery = 0)
    {
        const int chunks = 4;
        for (int chunk = 0; chunk < chunks; ++chunk) {
            workers.emplace_back([this, chunk, chunks, failEvery] {
                for (int i = chunk; i < promises.size(); i += chunks) {
                    if (failEvery > 0 && i % failEvery == failEvery - 1)
                        promises[i]->setException(Rejection(QStringLiteral("fail %1").arg(i)));
                    else
                        promises[i]->addResult(i);
                    promises[i]->finish();
                }
            });
        }
    }

    void wait()
    {
        for (auto &worker : workers)
            worker.join();
        workers.clear();
    }

    QList<std::shared_ptr<QPromise<int>>> promises;
    QList<QFuture<int>> futures;
    std::vector<std::thread> workers;
};

// Counts how many times a future's watchers ran.
template<class T>
std::shared_ptr<std::atomic<int>> countSettles(const QFuture<T> &future)
{
    auto calls = std::make_shared<std::atomic<int>>(0);
    watch<T>(future, [calls](const QFuture<T> &) { ++*calls; });
    return calls;
}

} // namespace

class TestCombinatorsThreads : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void allOverPoolFinishedFutures_data();
    void allOverPoolFinishedFutures();
    void allRejectsOnceWithAFailure();
    void anyRaceAllSettledOverPool();
    void combinatorsOverQtConcurrentRun();
    void registerWhileFinishing();
    void poolWithTasksOnOtherThreads();
    void watchersFromManyThreads();
};

void TestCombinatorsThreads::initTestCase()
{
    QThreadPool::globalInstance()->setMaxThreadCount(qMax(4, QThread::idealThreadCount()));
}

void TestCombinatorsThreads::allOverPoolFinishedFutures_data()
{
    QTest::addColumn<bool>("finishBeforeCombining");
    QTest::addRow("finished while pending") << false;
    QTest::addRow("finished before combining") << true;
}

void TestCombinatorsThreads::allOverPoolFinishedFutures()
{
    QFETCH(bool, finishBeforeCombining);
    for (int round = 0; round < 5; ++round) {
        PoolFinished inputs(inputCount);
        if (finishBeforeCombining) {
            inputs.finishAll();
            inputs.wait();
        }
        QFuture<QList<int>> combined = all(inputs.futures);
        const auto settles = countSettles(combined);
        if (!finishBeforeCombining)
            inputs.finishAll();
        inputs.wait();
        QVERIFY(combined.isFinished());
        QList<int> expected(inputCount);
        std::iota(expected.begin(), expected.end(), 0);
        QCOMPARE(combined.result(), expected);
        QCOMPARE(settles->load(), 1);
    }
    QCOMPARE(detail::watchedStateCount(), 0);
}

void TestCombinatorsThreads::allRejectsOnceWithAFailure()
{
    for (int round = 0; round < 5; ++round) {
        PoolFinished inputs(inputCount);
        QFuture<QList<int>> combined = all(inputs.futures);
        const auto settles = countSettles(combined);
        inputs.finishAll(1000);
        inputs.wait();
        QVERIFY(combined.isFinished());
        const auto reason = detail::rejectionOf(combined);
        QVERIFY(reason.has_value());
        QVERIFY(reason->reason().toString().startsWith(QLatin1String("fail ")));
        QCOMPARE(settles->load(), 1);
    }
}

void TestCombinatorsThreads::anyRaceAllSettledOverPool()
{
    for (int round = 0; round < 5; ++round) {
        PoolFinished inputs(inputCount);
        const QFuture<int> anyOf = any(inputs.futures);
        const QFuture<int> raced = race(inputs.futures);
        const auto settled = allSettled(inputs.futures);
        const auto allOf = all(inputs.futures);
        const auto anySettles = countSettles(anyOf);
        const auto raceSettles = countSettles(raced);
        inputs.finishAll(2); // odd indexes reject
        inputs.wait();

        QVERIFY(anyOf.isFinished() && raced.isFinished() && settled.isFinished() && allOf.isFinished());
        QCOMPARE(anyOf.result() % 2, 0); // a fulfilled one
        QVERIFY(detail::rejectionOf(allOf).has_value());
        const auto results = settled.result();
        QCOMPARE(results.size(), inputCount);
        for (int i = 0; i < inputCount; ++i) {
            QCOMPARE(results[i].fulfilled, i % 2 == 0);
            if (results[i].fulfilled)
                QCOMPARE(results[i].value, i);
            else
                QCOMPARE(results[i].reason, QJsonValue(QStringLiteral("fail %1").arg(i)));
        }
        QCOMPARE(anySettles->load(), 1);
        QCOMPARE(raceSettles->load(), 1);
    }
    // any() when everything rejects, finished on other threads.
    PoolFinished failing(inputCount);
    const QFuture<int> anyOf = any(failing.futures);
    failing.finishAll(1);
    failing.wait();
    const auto reason = detail::rejectionOf(anyOf);
    QVERIFY(reason && reason->isAggregate());
    QCOMPARE(reason->errors().size(), inputCount);
    QCOMPARE(reason->errors().at(123), QJsonValue("fail 123"));
}

void TestCombinatorsThreads::combinatorsOverQtConcurrentRun()
{
    QList<QFuture<int>> inputs;
    for (int i = 0; i < inputCount; ++i)
        inputs.append(QtConcurrent::run([i] { return i * 2; }));
    auto allOf = all(inputs);
    auto raced = race(inputs);
    auto anyOf = any(inputs);
    allOf.waitForFinished();
    raced.waitForFinished();
    anyOf.waitForFinished();
    QCOMPARE(allOf.result().size(), inputCount);
    QCOMPARE(allOf.result().at(inputCount - 1), (inputCount - 1) * 2);
    QCOMPARE(raced.result() % 2, 0);
    QThreadPool::globalInstance()->waitForDone();
    QCOMPARE(detail::watchedStateCount(), 0);
}

// Combinators registered on one thread while others finish the same futures:
// the window between "not finished yet" and installing the continuation.
void TestCombinatorsThreads::registerWhileFinishing()
{
    for (int round = 0; round < 20; ++round) {
        PoolFinished inputs(500);
        inputs.finishAll();
        QList<QFuture<QList<int>>> combined;
        for (int i = 0; i < 20; ++i)
            combined.append(all(inputs.futures));
        inputs.wait();
        for (const auto &each : combined) {
            QVERIFY(each.isFinished());
            QCOMPARE(each.result().size(), 500);
            QCOMPARE(each.result().at(499), 499);
        }
    }
    QCOMPARE(detail::watchedStateCount(), 0);
}

void TestCombinatorsThreads::poolWithTasksOnOtherThreads()
{
    std::atomic<int> inFlight{0};
    std::atomic<int> maxInFlight{0};
    QList<Start<int>> tasks;
    for (int i = 0; i < 2000; ++i) {
        tasks.append([i, &inFlight, &maxInFlight] {
            const int now = ++inFlight;
            int seen = maxInFlight.load();
            while (now > seen && !maxInFlight.compare_exchange_weak(seen, now)) {
            }
            return QtConcurrent::run([i, &inFlight] {
                --inFlight;
                return i;
            });
        });
    }
    QFuture<QList<int>> result = asyncscope::pool(4, tasks);
    result.waitForFinished();
    QCOMPARE(result.result().size(), 2000);
    QCOMPARE(result.result().at(1999), 1999);
    QVERIFY(maxInFlight.load() <= 4);
    QVERIFY(maxInFlight.load() >= 1);
    QThreadPool::globalInstance()->waitForDone();
}

// Many threads add watchers to the same pending futures while others finish them.
void TestCombinatorsThreads::watchersFromManyThreads()
{
    PoolFinished inputs(inputCount);
    std::atomic<int> calls{0};
    std::vector<std::thread> watchers;
    for (int t = 0; t < 4; ++t) {
        watchers.emplace_back([&] {
            for (const auto &future : std::as_const(inputs.futures))
                watch<int>(future, [&](const QFuture<int> &) { ++calls; });
        });
    }
    inputs.finishAll();
    for (auto &watcher : watchers)
        watcher.join();
    inputs.wait();
    QCOMPARE(calls.load(), 4 * inputCount);
    QCOMPARE(detail::watchedStateCount(), 0);
}

QTEST_GUILESS_MAIN(TestCombinatorsThreads)
#include "tst_combinators_threads.moc"
