// AbortController / AbortSignal: DOM semantics, thread-safe.

#include "abort_signal.h"

#include <QtTest>

#include <thread>

using namespace asyncscope;

class TestAbortSignal : public QObject
{
    Q_OBJECT

private slots:
    void listenersFireOnceInOrder();
    void listenerAddedAfterAbortRunsAtOnce();
    void removeListener();
    void reason_data();
    void reason();
    void defaultSignalNeverAborts();
    void listenerMayTouchTheSignal();
    void abortRacesWithAddListener();
};

void TestAbortSignal::listenersFireOnceInOrder()
{
    AbortController controller;
    QStringList calls;
    for (const char *name : {"a", "b", "c"})
        controller.signal().addListener([&calls, name] { calls << QString::fromLatin1(name); });
    QVERIFY(!controller.signal().aborted());
    controller.abort();
    controller.abort(QJsonValue("again")); // later calls do nothing
    QCOMPARE(calls, QStringList({"a", "b", "c"}));
    QVERIFY(controller.signal().aborted());
    QCOMPARE(controller.signal().reason(), QJsonValue("AbortError: This operation was aborted"));
}

void TestAbortSignal::listenerAddedAfterAbortRunsAtOnce()
{
    AbortController controller;
    controller.abort();
    int calls = 0;
    controller.signal().addListener([&] { ++calls; });
    QCOMPARE(calls, 1);
}

void TestAbortSignal::removeListener()
{
    AbortController controller;
    QStringList calls;
    const AbortSignal signal = controller.signal();
    signal.addListener([&] { calls << "kept"; });
    const auto id = signal.addListener([&] { calls << "removed"; });
    signal.removeListener(id);
    signal.removeListener(id);    // twice: no-op
    signal.removeListener(99999); // unknown: no-op
    controller.abort();
    QCOMPARE(calls, QStringList({"kept"}));
}

void TestAbortSignal::reason_data()
{
    QTest::addColumn<QJsonValue>("given");
    QTest::addColumn<QJsonValue>("expected");
    QTest::addRow("default") << QJsonValue() << QJsonValue("AbortError: This operation was aborted");
    QTest::addRow("null is the default") << QJsonValue(QJsonValue::Null)
                                         << QJsonValue("AbortError: This operation was aborted");
    QTest::addRow("a string") << QJsonValue("plan settled") << QJsonValue("plan settled");
    QTest::addRow("an object") << QJsonValue(QJsonObject{{"name", "TimeoutError"}})
                               << QJsonValue(QJsonObject{{"name", "TimeoutError"}});
}

void TestAbortSignal::reason()
{
    QFETCH(QJsonValue, given);
    QFETCH(QJsonValue, expected);
    AbortController controller;
    QCOMPARE(controller.signal().reason(), QJsonValue());
    controller.abort(given);
    QCOMPARE(controller.signal().reason(), expected);
}

void TestAbortSignal::defaultSignalNeverAborts()
{
    const AbortSignal signal;
    int calls = 0;
    QCOMPARE(signal.addListener([&] { ++calls; }), AbortSignal::ListenerId(0)); // dropped: it can never fire
    signal.removeListener(0);
    QVERIFY(!signal.aborted());
    QVERIFY(!signal.canAbort());
    QCOMPARE(signal.reason(), QJsonValue());
    QCOMPARE(calls, 0);

    // A controller's signal can; copies share its state.
    AbortController controller;
    const AbortSignal copy = controller.signal();
    QVERIFY(copy.canAbort());
    copy.addListener([&] { ++calls; });
    controller.abort();
    QVERIFY(copy.aborted());
    QCOMPARE(calls, 1);
}

void TestAbortSignal::listenerMayTouchTheSignal()
{
    AbortController controller;
    const AbortSignal signal = controller.signal();
    QStringList calls;
    AbortSignal::ListenerId second = 0;
    signal.addListener([&] {
        calls << "first:" + signal.reason().toString();
        signal.removeListener(second); // already taken for this abort: still runs
        signal.addListener([&] { calls << "added during abort"; });
    });
    second = signal.addListener([&] { calls << "second"; });
    controller.abort();
    QCOMPARE(calls, QStringList({"first:AbortError: This operation was aborted", "added during abort", "second"}));
}

void TestAbortSignal::abortRacesWithAddListener()
{
    for (int round = 0; round < 50; ++round) {
        AbortController controller;
        std::atomic<int> calls{0};
        std::vector<std::thread> adders;
        for (int t = 0; t < 3; ++t) {
            adders.emplace_back([&] {
                for (int i = 0; i < 200; ++i)
                    controller.signal().addListener([&] { ++calls; });
            });
        }
        std::thread aborter([&] { controller.abort(); });
        for (auto &thread : adders)
            thread.join();
        aborter.join();
        QCOMPARE(calls.load(), 600); // each exactly once, whether added before or after
    }
}

QTEST_GUILESS_MAIN(TestAbortSignal)
#include "tst_abort_signal.moc"
