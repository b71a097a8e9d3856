// VirtualClock: the fake timers every timing test stands on.

#include "virtual_clock.h"

#include <QtTest>

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
