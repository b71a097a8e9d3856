// VirtualClock: the fake timers every timing test stands on.

#include "virtual_clock.h"

#include <QtTest>

#include <map>
#include <random>
#include <set>
#include <thread>

using namespace asyncscope;

class TestVirtualClock : public QObject
{
    Q_OBJECT

private slots:
    void firesInDueThenSchedulingOrder_data();
    void firesInDueThenSchedulingOrder();
    void timerScheduledDuringCallbackAtSameTimeRunsAfter();
    void cancel();
    void runUntil();
    void currentTimer();
    void negativeDelayIsZero();
    void scheduleFromOtherThreads();
    void matchesAReferenceQueue_data();
    void matchesAReferenceQueue();
};

void TestVirtualClock::firesInDueThenSchedulingOrder_data()
{
    QTest::addColumn<QList<double>>("delays");
    QTest::addColumn<QString>("order");

    QTest::addRow("by due time") << QList<double>{300, 100, 200} << "1@100 2@200 0@300";
    QTest::addRow("equal due times keep scheduling order") << QList<double>{100, 100, 50, 100} << "2@50 0@100 1@100 3@100";
    QTest::addRow("fractional") << QList<double>{0.5, 0.25} << "1@0.25 0@0.5";
    QTest::addRow("none") << QList<double>{} << "";
}

void TestVirtualClock::firesInDueThenSchedulingOrder()
{
    QFETCH(QList<double>, delays);
    QFETCH(QString, order);

    VirtualClock clock;
    QStringList fired;
    for (int i = 0; i < delays.size(); ++i)
        clock.schedule(delays[i], [&, i] { fired << QStringLiteral("%1@%2").arg(i).arg(clock.now()); });
    QCOMPARE(clock.pendingCount(), delays.size());
    clock.run();
    QCOMPARE(fired.join(' '), order);
    QVERIFY(!clock.hasPending());
    QCOMPARE(clock.firedCount(), quint64(delays.size()));
}

// Everything a timer causes completes before the next timer; a zero-delay
// timer scheduled from a callback goes after the timers already due then.
void TestVirtualClock::timerScheduledDuringCallbackAtSameTimeRunsAfter()
{
    VirtualClock clock;
    QStringList fired;
    clock.schedule(100, [&] {
        fired << "a";
        clock.schedule(0, [&] { fired << QStringLiteral("c@%1").arg(clock.now()); });
    });
    clock.schedule(100, [&] { fired << "b"; });
    clock.run();
    QCOMPARE(fired, QStringList({"a", "b", "c@100"}));
}

void TestVirtualClock::cancel()
{
    VirtualClock clock;
    QStringList fired;
    const TimerId first = clock.schedule(100, [&] { fired << "first"; });
    const TimerId second = clock.schedule(200, [&] { fired << "second"; });
    clock.schedule(50, [&] { clock.cancel(second); }); // from inside a callback
    clock.cancel(first);
    clock.cancel(first);  // twice: no-op
    clock.cancel(12345);  // unknown: no-op
    QCOMPARE(clock.pendingCount(), 2);
    clock.run();
    QVERIFY(fired.isEmpty());
    QCOMPARE(clock.firedCount(), quint64(1));
    QCOMPARE(clock.now(), 50.0);
}

void TestVirtualClock::runUntil()
{
    VirtualClock clock;
    QList<double> fired;
    for (double d : {100.0, 200.0, 300.0})
        clock.schedule(d, [&] { fired << clock.now(); });
    clock.runUntil(200);
    QCOMPARE(fired, QList<double>({100, 200}));
    QCOMPARE(clock.now(), 200.0);
    clock.runUntil(250);
    QCOMPARE(clock.now(), 250.0);
    clock.schedule(10, [&] { fired << clock.now(); }); // due 260, before the 300 one
    clock.runUntil(100); // never backwards
    QCOMPARE(clock.now(), 250.0);
    clock.run();
    QCOMPARE(fired, QList<double>({100, 200, 260, 300}));
}

void TestVirtualClock::currentTimer()
{
    VirtualClock clock;
    TimerId seen = 0;
    const TimerId id = clock.schedule(5, [&] { seen = clock.currentTimer(); });
    QCOMPARE(clock.currentTimer(), TimerId(0));
    clock.run();
    QCOMPARE(seen, id);
    QCOMPARE(clock.currentTimer(), TimerId(0));
}

void TestVirtualClock::negativeDelayIsZero()
{
    VirtualClock clock;
    clock.runUntil(10);
    double at = -1;
    clock.schedule(-5, [&] { at = clock.now(); });
    clock.run();
    QCOMPARE(at, 10.0);
}

void TestVirtualClock::scheduleFromOtherThreads()
{
    VirtualClock clock;
    std::atomic<int> fired{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 1000; ++i) {
                const TimerId id = clock.schedule(i, [&] { ++fired; });
                if (i % 2)
                    clock.cancel(id);
            }
        });
    }
    for (auto &thread : threads)
        thread.join();
    QCOMPARE(clock.pendingCount(), 2000);
    clock.run();
    QCOMPARE(fired.load(), 2000);
}

QTEST_GUILESS_MAIN(TestVirtualClock)
#include "tst_virtual_clock.moc"

// The clock keeps a 4-ary heap and, for a batch of 4096 or more timers, a
// sorted run read in order next to it. Whatever the mix, it must fire exactly
// as the plainest correct queue does: an ordered set of (due, id), timers
// scheduled and canceled from inside callbacks included.
namespace {

struct Script
{
    int initial = 0;         // timers scheduled before run()
    int dueRange = 0;        // integer delays in [0, dueRange), or 0: continuous in [0, 1000)
    double spawnRate = 0;    // a callback schedules one more timer
    double cancelRate = 0;   // a callback cancels some earlier timer
    quint64 seed = 1;
};

// What timer `id` does when it fires; the same for the clock and the reference.
struct Action
{
    std::optional<double> spawnDelay;
    std::optional<TimerId> cancel;
};

double delayFor(std::mt19937_64 &random, const Script &script)
{
    if (script.dueRange > 0)
        return double(random() % quint64(script.dueRange));
    return std::uniform_real_distribution<double>(0, 1000)(random);
}

Action actionOf(const Script &script, TimerId id, TimerId lastId)
{
    std::mt19937_64 random(script.seed * 1000003 + id);
    std::uniform_real_distribution<double> unit(0, 1);
    Action action;
    if (unit(random) < script.spawnRate && lastId < TimerId(4 * script.initial)) // chains end
        action.spawnDelay = unit(random) < 0.2 ? 0.0 : delayFor(random, script);
    if (unit(random) < script.cancelRate)
        action.cancel = 1 + random() % lastId;
    return action;
}

QStringList referenceRun(const Script &script)
{
    std::set<std::pair<double, TimerId>> pending;
    std::map<TimerId, double> dueOf;
    TimerId lastId = 0;
    double now = 0;
    auto schedule = [&](double delay) {
        const TimerId id = ++lastId;
        pending.insert({now + delay, id});
        dueOf[id] = now + delay;
    };
    std::mt19937_64 random(script.seed);
    for (int i = 0; i < script.initial; ++i)
        schedule(delayFor(random, script));
    QStringList fired;
    while (!pending.empty()) {
        const auto [due, id] = *pending.begin();
        pending.erase(pending.begin());
        dueOf.erase(id);
        now = due;
        fired << QStringLiteral("%1@%2").arg(id).arg(now);
        const Action action = actionOf(script, id, lastId);
        if (action.spawnDelay)
            schedule(*action.spawnDelay);
        if (action.cancel) {
            if (const auto it = dueOf.find(*action.cancel); it != dueOf.end()) {
                pending.erase({it->second, it->first});
                dueOf.erase(it);
            }
        }
    }
    return fired;
}

QStringList clockRun(const Script &script)
{
    VirtualClock clock;
    TimerId lastId = 0;
    QStringList fired;
    std::function<void(double)> schedule = [&](double delay) {
        const TimerId id = clock.schedule(delay, [&, id = lastId + 1] {
            fired << QStringLiteral("%1@%2").arg(id).arg(clock.now());
            const Action action = actionOf(script, id, lastId);
            if (action.spawnDelay)
                schedule(*action.spawnDelay);
            if (action.cancel)
                clock.cancel(*action.cancel);
        });
        lastId = id;
    };
    std::mt19937_64 random(script.seed);
    for (int i = 0; i < script.initial; ++i)
        schedule(delayFor(random, script));
    clock.run();
    if (clock.pendingCount() != 0)
        fired << QStringLiteral("left pending: %1").arg(clock.pendingCount());
    return fired;
}

} // namespace

void TestVirtualClock::matchesAReferenceQueue_data()
{
    QTest::addColumn<int>("initial");
    QTest::addColumn<int>("dueRange");
    QTest::addColumn<double>("spawnRate");
    QTest::addColumn<double>("cancelRate");
    QTest::addRow("few timers, many ties") << 50 << 5 << 0.5 << 0.2;
    QTest::addRow("one below the sorted batch") << 4095 << 37 << 0.3 << 0.1;
    QTest::addRow("exactly one sorted batch") << 4096 << 37 << 0.3 << 0.1;
    QTest::addRow("a big batch, ties, spawns and cancels") << 20000 << 37 << 0.5 << 0.2;
    QTest::addRow("a big batch, continuous times") << 20000 << 0 << 0.5 << 0.2;
    QTest::addRow("chains that grow a second batch") << 5000 << 1000 << 1.0 << 0.0;
    QTest::addRow("everything canceled early") << 8000 << 10 << 0.0 << 1.0;
}

void TestVirtualClock::matchesAReferenceQueue()
{
    QFETCH(int, initial);
    QFETCH(int, dueRange);
    QFETCH(double, spawnRate);
    QFETCH(double, cancelRate);
    for (quint64 seed : {1ull, 2ull, 3ull}) {
        const Script script{initial, dueRange, spawnRate, cancelRate, seed};
        const QStringList expected = referenceRun(script);
        const QStringList actual = clockRun(script);
        QVERIFY(!expected.isEmpty());
        QCOMPARE(actual.size(), expected.size());
        QCOMPARE(actual, expected);
    }
}
