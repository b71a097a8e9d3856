// RealClock: wall-clock timers through the event loop, usable from any thread.

#include "real_clock.h"

#include <QtConcurrent>
#include <QtTest>

using namespace asyncscope;

class TestRealClock : public QObject
{
    Q_OBJECT

private slots:
    void firesInDueOrder();
    void cancel();
    void scheduleAndCancelFromAnotherThread();
};

void TestRealClock::firesInDueOrder()
{
    RealClock clock;
    QStringList fired;
    QList<double> at;
    clock.schedule(40, [&] { fired << "40"; at << clock.now(); });
    clock.schedule(10, [&] { fired << "10"; at << clock.now(); });
    clock.schedule(25, [&] { fired << "25"; at << clock.now(); });
    QTRY_COMPARE(fired.size(), 3);
    QCOMPARE(fired, QStringList({"10", "25", "40"}));
    QVERIFY(at[0] >= 10);
    QVERIFY(at[2] >= 40);
    QCOMPARE(clock.pendingCount(), 0);
}

void TestRealClock::cancel()
{
    RealClock clock;
    int fired = 0;
    const TimerId id = clock.schedule(10, [&] { ++fired; });
    clock.schedule(30, [&] { ++fired; });
    clock.cancel(id);
    clock.cancel(id);
    QTRY_COMPARE(fired, 1);
    QTest::qWait(30);
    QCOMPARE(fired, 1);
}

void TestRealClock::scheduleAndCancelFromAnotherThread()
{
    RealClock clock;
    std::atomic<int> fired{0};
    QThread *firedIn = nullptr;
    QtConcurrent::run([&] {
        clock.schedule(5, [&] {
            firedIn = QThread::currentThread();
            ++fired;
        });
        const TimerId cancelled = clock.schedule(5, [&] { fired += 100; });
        clock.cancel(cancelled); // cancelled before the clock's thread even started it
    }).waitForFinished();
    QTRY_COMPARE(fired.load(), 1);
    QCOMPARE(firedIn, clock.thread());
    QTest::qWait(20);
    QCOMPARE(fired.load(), 1);
}

QTEST_GUILESS_MAIN(TestRealClock)
#include "tst_real_clock.moc"
