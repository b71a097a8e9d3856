// VirtualTaskSource: an invocation is a timer of its drawn latency that
// fulfils with the task's value or rejects with its error, and an abort
// stops it (timer canceled, AbortError at the moment of the abort).

#include "combinators.h"
#include "task_source.h"
#include "virtual_clock.h"
#include "virtual_task_source.h"

#include <QtTest>

using namespace asyncscope;

class TestVirtualTaskSource : public QObject
{
    Q_OBJECT

private slots:
    void settles_data();
    void settles();
    void abortStopsTheTimer();
};

namespace {

// What a started invocation did: "fulfilled VALUE@MS" or "rejected REASON@MS".
struct Outcome
{
    QString text;
    int timersLeft = -1;
};

Outcome run(const Invocation &invocation, const AbortSignal &signal,
            const std::function<void(VirtualClock &)> &meanwhile = {})
{
    VirtualClock clock;
    VirtualTaskSource source(clock);
    Outcome outcome;
    const QFuture<QJsonValue> future = startFuture(source, invocation, signal);
    watchWith(future, [&](const QFuture<QJsonValue> &done) {
        const std::optional<Rejection> reason = detail::rejectionOf(done);
        const QJsonValue shown = reason ? reason->reason() : detail::valueOf(done);
        const QString value = shown.isString() ? shown.toString() : QString::number(shown.toDouble());
        outcome.text = QStringLiteral("%1 %2@%3")
                           .arg(reason ? (reason->isAbort() ? "aborted" : "rejected") : "fulfilled", value)
                           .arg(clock.now());
    });
    if (meanwhile)
        meanwhile(clock);
    outcome.timersLeft = clock.pendingCount();
    clock.run();
    return outcome;
}

TaskSpec task(const QString &id, const QJsonValue &value = {}, const QJsonValue &error = {})
{
    TaskSpec spec;
    spec.id = spec.label = id;
    spec.value = value;
    spec.error = error;
    return spec;
}

} // namespace

void TestVirtualTaskSource::settles_data()
{
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QJsonValue>("error");
    QTest::addColumn<double>("latencyMs");
    QTest::addColumn<bool>("fails");
    QTest::addColumn<QString>("expected");
    QTest::addRow("fulfils with its id") << QJsonValue() << QJsonValue() << 200.0 << false << "fulfilled user@200";
    QTest::addRow("fulfils with its value") << QJsonValue(42) << QJsonValue() << 120.0 << false << "fulfilled 42@120";
    QTest::addRow("fails with '<id> failed'") << QJsonValue() << QJsonValue() << 90.0 << true << "rejected user failed@90";
    QTest::addRow("fails with its error") << QJsonValue() << QJsonValue("HTTP 503") << 80.0 << true
                                          << "rejected HTTP 503@80";
    QTest::addRow("zero latency still waits for the clock") << QJsonValue() << QJsonValue() << 0.0 << false
                                                             << "fulfilled user@0";
}

void TestVirtualTaskSource::settles()
{
    QFETCH(QJsonValue, value);
    QFETCH(QJsonValue, error);
    QFETCH(double, latencyMs);
    QFETCH(bool, fails);
    QFETCH(QString, expected);
    const TaskSpec spec = task(QStringLiteral("user"), value, error);
    const Invocation invocation{.taskIndex = 0, .instance = 1, .task = &spec, .latencyMs = latencyMs, .fails = fails};
    const Outcome outcome = run(invocation, AbortSignal());
    QCOMPARE(outcome.text, expected);
}

void TestVirtualTaskSource::abortStopsTheTimer()
{
    const TaskSpec spec = task(QStringLiteral("posts"));
    const Invocation invocation{.taskIndex = 0, .instance = 1, .task = &spec, .latencyMs = 300, .fails = false};

    // Aborted at 120 ms: rejects then, and its timer is gone.
    AbortController midway;
    const Outcome aborted = run(invocation, midway.signal(), [&](VirtualClock &clock) {
        clock.schedule(120, [&] { midway.abort(); });
    });
    QCOMPARE(aborted.text, QStringLiteral("aborted AbortError: This operation was aborted@120"));

    // Already aborted: rejects at once, no timer at all.
    AbortController before;
    before.abort(QJsonValue(QStringLiteral("stop")));
    const Outcome refused = run(invocation, before.signal());
    QCOMPARE(refused.text, QStringLiteral("aborted stop@0"));
    QCOMPARE(refused.timersLeft, 0);

    // Aborted after it settled: nothing changes.
    AbortController late;
    const Outcome settled = run(invocation, late.signal(), [&](VirtualClock &clock) {
        clock.schedule(400, [&] { late.abort(); });
    });
    QCOMPARE(settled.text, QStringLiteral("fulfilled posts@300"));
}

QTEST_GUILESS_MAIN(TestVirtualTaskSource)
#include "tst_virtual_task_source.moc"
