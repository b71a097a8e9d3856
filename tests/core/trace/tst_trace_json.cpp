// The run's output forms: SPEC §3's JSON (exact text, key order, numbers),
// reading it back, the Trace Event Format for Perfetto, and the text timeline.

#include "trace_json.h"
#include "trace_text.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace asyncscope;

namespace {

Span span(const QString &task, int instance, double start, std::optional<double> end, SpanOutcome outcome,
          bool discarded = false, double queued = -1)
{
    Span s;
    s.task = task;
    s.instance = instance;
    s.startMs = start;
    s.queuedMs = queued < 0 ? start : queued;
    s.endMs = end;
    s.outcome = outcome;
    s.discarded = discarded;
    s.result = outcome == SpanOutcome::Fulfilled ? QJsonValue(task) : QJsonValue(task + QStringLiteral(" failed"));
    return s;
}

RunTrace sampleTrace()
{
    RunTrace trace;
    trace.scenario = QStringLiteral("Sample \"quoted\"");
    trace.seed = 7;

    PlanTrace all;
    all.name = QStringLiteral("all");
    all.run = QStringLiteral("all(a, b, c)");
    all.outcome = PlanOutcome::Rejected;
    all.settledMs = 100;
    all.result = QStringLiteral("b failed");
    all.finishedMs = 300.5;
    all.spans = {span(QStringLiteral("a"), 1, 0, 300.5, SpanOutcome::Fulfilled, true),
                 span(QStringLiteral("b"), 1, 0, 100, SpanOutcome::Rejected),
                 span(QStringLiteral("c"), 1, 50, 200, SpanOutcome::Fulfilled, true, 0)};
    all.cause.spanIndex = 1;

    PlanTrace timeout;
    timeout.name = QStringLiteral("timeout");
    timeout.run = QStringLiteral("timeout(a, 50)");
    timeout.outcome = PlanOutcome::Rejected;
    timeout.settledMs = 50;
    timeout.result = QStringLiteral("Timed out after 50ms");
    timeout.finishedMs = 300;
    timeout.spans = {span(QStringLiteral("a"), 1, 0, 300, SpanOutcome::Fulfilled, true)};
    timeout.cause.timer = QStringLiteral("timeout(50)");
    TrialStats stats;
    stats.n = 10;
    stats.p50 = 50;
    stats.p95 = 50;
    stats.max = 50;
    stats.settled = 10;
    timeout.trials = stats;

    PlanTrace pending;
    pending.name = QStringLiteral("never");
    pending.run = QStringLiteral("all(a, race())");
    pending.spans = {span(QStringLiteral("a"), 1, 0, std::nullopt, SpanOutcome::Pending)};

    trace.plans = {all, timeout, pending};
    return trace;
}

} // namespace

class TestTraceJson : public QObject
{
    Q_OBJECT

private slots:
    void exactJson();
    void compactNumbers_data();
    void compactNumbers();
    void roundTrip();
    void rejectsBadJson();
    void chromeTrace();
    void textTimeline();
};

void TestTraceJson::exactJson()
{
    const QByteArray expected = R"x({
  "scenario": "Sample \"quoted\"",
  "seed": 7,
  "clock": "virtual",
  "plans": [
    {
      "name": "all",
      "run": "all(a, b, c)",
      "outcome": "rejected",
      "settled_ms": 100,
      "reason": "b failed",
      "settled_by": {"task": "b", "instance": 1},
      "finished_ms": 300.5,
      "wasted_ms": 450.5,
      "spans": [
        {"task": "a", "instance": 1, "start_ms": 0, "end_ms": 300.5, "outcome": "fulfilled", "discarded": true},
        {"task": "b", "instance": 1, "start_ms": 0, "end_ms": 100, "outcome": "rejected", "discarded": false},
        {"task": "c", "instance": 1, "queued_ms": 0, "start_ms": 50, "end_ms": 200, "outcome": "fulfilled", "discarded": true}
      ]
    },
    {
      "name": "timeout",
      "run": "timeout(a, 50)",
      "outcome": "rejected",
      "settled_ms": 50,
      "reason": "Timed out after 50ms",
      "settled_by": {"timer": "timeout(50)"},
      "finished_ms": 300,
      "wasted_ms": 300,
      "trials": {"n": 10, "settled_ms": {"p50": 50, "p95": 50, "max": 50}, "fulfilled": 0},
      "spans": [
        {"task": "a", "instance": 1, "start_ms": 0, "end_ms": 300, "outcome": "fulfilled", "discarded": true}
      ]
    },
    {
      "name": "never",
      "run": "all(a, race())",
      "outcome": "pending",
      "settled_ms": null,
      "finished_ms": 0,
      "wasted_ms": 0,
      "spans": [
        {"task": "a", "instance": 1, "start_ms": 0, "end_ms": null, "outcome": "pending", "discarded": false}
      ]
    }
  ]
}
)x";
    const QByteArray actual = toTraceJson(sampleTrace());
    QCOMPARE(actual, expected);
    QJsonParseError error;
    QJsonDocument::fromJson(actual, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
}

void TestTraceJson::compactNumbers_data()
{
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QByteArray>("text");
    QTest::addRow("integer") << QJsonValue(800.0) << QByteArray("800");
    QTest::addRow("zero") << QJsonValue(0.0) << QByteArray("0");
    QTest::addRow("fraction") << QJsonValue(12.25) << QByteArray("12.25");
    QTest::addRow("string") << QJsonValue(QStringLiteral("a\"b")) << QByteArray(R"("a\"b")");
    QTest::addRow("null") << QJsonValue(QJsonValue::Null) << QByteArray("null");
    QTest::addRow("array") << QJsonValue(QJsonArray{1, QStringLiteral("x")}) << QByteArray(R"([1,"x"])");
}

void TestTraceJson::compactNumbers()
{
    QFETCH(QJsonValue, value);
    QFETCH(QByteArray, text);
    QCOMPARE(compactJson(value), text);
}

void TestTraceJson::roundTrip()
{
    const RunTrace original = sampleTrace();
    QString error;
    const std::optional<RunTrace> read = fromTraceJson(toTraceJson(original), &error);
    QVERIFY2(read.has_value(), qPrintable(error));
    QCOMPARE(read->scenario, original.scenario);
    QCOMPARE(read->seed, original.seed);
    QCOMPARE(read->plans.size(), original.plans.size());
    for (int p = 0; p < original.plans.size(); ++p) {
        const PlanTrace &a = original.plans.at(p);
        const PlanTrace &b = read->plans.at(p);
        QCOMPARE(b.name, a.name);
        QCOMPARE(toString(b.outcome), toString(a.outcome));
        QCOMPARE(b.settledMs, a.settledMs);
        QCOMPARE(b.result, a.result);
        QCOMPARE(b.cause.spanIndex, a.cause.spanIndex);
        QCOMPARE(b.cause.timer, a.cause.timer);
        QCOMPARE(b.trials.has_value(), a.trials.has_value());
        QCOMPARE(b.spans.size(), a.spans.size());
        for (int s = 0; s < a.spans.size(); ++s) {
            QCOMPARE(b.spans.at(s).queuedMs, a.spans.at(s).queuedMs);
            QCOMPARE(b.spans.at(s).startMs, a.spans.at(s).startMs);
            QCOMPARE(b.spans.at(s).endMs, a.spans.at(s).endMs);
            QCOMPARE(toString(b.spans.at(s).outcome), toString(a.spans.at(s).outcome));
            QCOMPARE(b.spans.at(s).discarded, a.spans.at(s).discarded);
        }
    }
    // Written again, it is byte-identical (results of spans are not part of the format).
    QCOMPARE(toTraceJson(*read), toTraceJson(original));
}

void TestTraceJson::rejectsBadJson()
{
    QString error;
    QVERIFY(!fromTraceJson("{", &error));
    QVERIFY(!error.isEmpty());
    QVERIFY(!fromTraceJson(R"({"plans": [{"outcome": "maybe"}]})", &error));
    QCOMPARE(error, QStringLiteral("plans[0].outcome: unknown outcome"));
}

void TestTraceJson::chromeTrace()
{
    const QJsonDocument document = QJsonDocument::fromJson(toChromeTrace(sampleTrace()));
    QVERIFY(document.isObject());
    const QJsonArray events = document.object().value(QLatin1String("traceEvents")).toArray();
    int processes = 0;
    int instants = 0;
    QJsonObject queued;
    QJsonObject rejectedB;
    QJsonObject pendingA;
    for (const QJsonValue &value : events) {
        const QJsonObject event = value.toObject();
        const QString ph = event.value(QLatin1String("ph")).toString();
        const QString name = event.value(QLatin1String("name")).toString();
        if (ph == QLatin1String("M") && name == QLatin1String("process_name"))
            ++processes;
        if (ph == QLatin1String("i"))
            ++instants;
        if (ph == QLatin1String("X") && name == QLatin1String("c #1 (queued)"))
            queued = event;
        if (ph == QLatin1String("X") && name == QLatin1String("b #1"))
            rejectedB = event;
        if (ph == QLatin1String("X") && name == QLatin1String("a #1") && event.value(QLatin1String("pid")).toInt() == 3)
            pendingA = event;
    }
    QCOMPARE(processes, 3);
    QCOMPARE(instants, 2); // the pending plan has no settle point
    QCOMPARE(queued.value(QLatin1String("ts")).toDouble(), 0.0);
    QCOMPARE(queued.value(QLatin1String("dur")).toDouble(), 50000.0);
    QCOMPARE(rejectedB.value(QLatin1String("ts")).toDouble(), 0.0);
    QCOMPARE(rejectedB.value(QLatin1String("dur")).toDouble(), 100000.0);
    QCOMPARE(rejectedB.value(QLatin1String("pid")).toInt(), 1);
    QCOMPARE(rejectedB.value(QLatin1String("tid")).toInt(), 2);
    const QJsonObject args = rejectedB.value(QLatin1String("args")).toObject();
    QCOMPARE(args.value(QLatin1String("outcome")).toString(), QStringLiteral("rejected"));
    QCOMPARE(args.value(QLatin1String("reason")).toString(), QStringLiteral("b failed"));
    QCOMPARE(args.value(QLatin1String("discarded")).toBool(), false);
    // A pending span reaches the end of the shared axis.
    QCOMPARE(pendingA.value(QLatin1String("dur")).toDouble(), 300500.0);
}

void TestTraceJson::textTimeline()
{
    const QString text = toTraceText(sampleTrace(), 60);
    const QStringList lines = text.split(QLatin1Char('\n'));
    QCOMPARE(lines.at(0), QStringLiteral("Sample \"quoted\" (seed 7, virtual clock)"));
    QVERIFY(text.contains(QStringLiteral("all   all(a, b, c)\n  rejected at 100 ms with \"b failed\"\n  settled by b #1 rejected at 100 ms\n")));
    QVERIFY(text.contains(QStringLiteral("  settled by the timeout(50) timer\n")));
    QVERIFY(text.contains(QStringLiteral("  pending: never settled\n")));
    QVERIFY(text.contains(QStringLiteral("  10 trials: p50 50 ms, p95 50 ms, max 50 ms; fulfilled 0 of 10\n")));
    // 300.5 ms over 60 columns: b (0-100) is 20 columns, then the settle mark.
    QVERIFY(text.contains(QStringLiteral("  b #1  ") + QString(20, QLatin1Char('x')) + QStringLiteral("<\n")));
    QVERIFY(text.contains(QStringLiteral("  a #1  ") + QString(60, QLatin1Char('-')) + QLatin1Char('\n')));
    QVERIFY(text.contains(QStringLiteral("  c #1  ") + QString(10, QLatin1Char('~')) + QString(30, QLatin1Char('-')) + QLatin1Char('\n')));
    QVERIFY(text.contains(QStringLiteral("  a #1  ") + QString(61, QLatin1Char('.')) + QLatin1Char('\n')) || text.contains(QStringLiteral("  a #1  ") + QString(60, QLatin1Char('.')) + QLatin1Char('\n')));
}

QTEST_GUILESS_MAIN(TestTraceJson)
#include "tst_trace_json.moc"
