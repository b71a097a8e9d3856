// Invariants of the engine over a few hundred random scenarios (random tasks,
// random nested expressions; a fixed seed, so a failure reproduces). Each
// failure message carries the plan so it can be pasted into a scenario file.

#include "scenario_run.h"
#include "scenario.h"
#include "trace_json.h"

#include <QHash>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QTest>

using namespace asyncscope;

namespace {

constexpr int kScenarios = 300;

class RandomScenario
{
public:
    explicit RandomScenario(quint32 seed) : m_rng(seed) {}

    QByteArray scenarioJson(QStringList *plans)
    {
        const int taskCount = 2 + int(m_rng.bounded(5));
        QStringList tasks;
        for (int i = 0; i < taskCount; ++i) {
            const QString id = QStringLiteral("t%1").arg(i);
            m_ids << id;
            QString task = QStringLiteral(R"({"id": "%1")").arg(id);
            switch (m_rng.bounded(4)) {
            case 0: task += QStringLiteral(R"(, "latency_ms": %1)").arg(m_rng.bounded(301)); break;
            case 1: task += QStringLiteral(R"(, "latency_ms": [%1, %2])").arg(m_rng.bounded(200)).arg(m_rng.bounded(200)); break;
            case 2: task += QStringLiteral(R"(, "latency": {"dist": "uniform", "min_ms": 0, "max_ms": %1})").arg(1 + m_rng.bounded(300)); break;
            default: task += QStringLiteral(R"(, "latency": {"dist": "lognormal", "median_ms": 100, "p95_ms": 300}, "jitter_ms": 10)"); break;
            }
            switch (m_rng.bounded(4)) {
            case 0: task += QStringLiteral(R"(, "fails": true)"); break;
            case 1: task += QStringLiteral(R"(, "fails": [true, false])"); break;
            case 2: task += QStringLiteral(R"(, "failure_rate": 0.5)"); break;
            default: break;
            }
            if (m_rng.bounded(3) == 0)
                task += QStringLiteral(R"(, "host": "h%1")").arg(m_rng.bounded(2));
            tasks << task + QLatin1Char('}');
        }
        QStringList planObjects;
        for (int p = 0; p < 4; ++p) {
            const QString run = expression(3);
            *plans << run;
            planObjects << QStringLiteral(R"({"name": "p%1", "run": "%2"})").arg(p).arg(run);
        }
        QString json = QStringLiteral(R"({"format": "asyncscope-scenario/1", "name": "random", "tasks": [%1], "plans": [%2])")
                           .arg(tasks.join(QStringLiteral(", ")), planObjects.join(QStringLiteral(", ")));
        if (m_rng.bounded(2) == 0)
            json += QStringLiteral(R"(, "connections_per_host": %1)").arg(1 + m_rng.bounded(2));
        return (json + QLatin1Char('}')).toUtf8();
    }

private:
    QString taskId() { return m_ids.at(int(m_rng.bounded(qsizetype(m_ids.size())))); }

    QString operands(int depth, int min, int max)
    {
        QStringList list;
        const int n = min + int(m_rng.bounded(max - min + 1));
        for (int i = 0; i < n; ++i)
            list << expression(depth - 1);
        return list.join(QStringLiteral(", "));
    }

    QString expression(int depth)
    {
        if (depth <= 0 || m_rng.bounded(10) < 3)
            return taskId();
        const int ms = 10 * int(m_rng.bounded(31));
        switch (m_rng.bounded(12)) {
        case 0: return QStringLiteral("seq(%1)").arg(operands(depth, 0, 3));
        case 1: return QStringLiteral("all(%1)").arg(operands(depth, 0, 4));
        case 2: return QStringLiteral("allSettled(%1)").arg(operands(depth, 0, 3));
        case 3: return QStringLiteral("race(%1)").arg(operands(depth, m_rng.bounded(8) == 0 ? 0 : 1, 3));
        case 4: return QStringLiteral("any(%1)").arg(operands(depth, 0, 3));
        case 5: return QStringLiteral("timeout(%1, %2)").arg(expression(depth - 1)).arg(ms);
        case 6: return QStringLiteral("delay(%1, %2)").arg(ms).arg(expression(depth - 1));
        case 7: return QStringLiteral("hedge(%1, %2, %3)").arg(expression(depth - 1), expression(depth - 1)).arg(ms);
        case 8: return QStringLiteral("retry(%1, %2, %3)").arg(expression(depth - 1)).arg(1 + m_rng.bounded(3)).arg(ms);
        case 9: return QStringLiteral("pool(%1, %2)").arg(1 + m_rng.bounded(3)).arg(operands(depth, 1, 4));
        case 10: return QStringLiteral("abort(%1)").arg(expression(depth - 1));
        default: return QStringLiteral("all(%1, %2)").arg(taskId(), taskId());
        }
    }

    QRandomGenerator m_rng;
    QStringList m_ids;
};

} // namespace

class TestEngineProperties : public QObject
{
    Q_OBJECT

private slots:
    void invariants();
    void topLevelAllKeepsInputOrder();
};

void TestEngineProperties::invariants()
{
    int plansChecked = 0;
    int settledByTimer = 0;
    int discardedSeen = 0;
    int abortedSeen = 0;
    for (int s = 0; s < kScenarios; ++s) {
        RandomScenario generator(quint32(1000 + s));
        QStringList runs;
        const QByteArray json = generator.scenarioJson(&runs);
        const LoadResult loaded = loadScenario(json, QStringLiteral("random.json"));
        QVERIFY2(loaded.ok(), qPrintable(loaded.error + QLatin1Char('\n') + QString::fromUtf8(json)));
        const Scenario &scenario = *loaded.scenario;

        RunOptions options;
        options.seed = quint64(s);
        const RunTrace trace = runVirtual(scenario, options);
        QCOMPARE(toTraceJson(runVirtual(scenario, options)), toTraceJson(trace)); // same seed, same bytes

        for (const PlanTrace &plan : trace.plans) {
            ++plansChecked;
            const QByteArray where = "scenario " + QByteArray::number(s) + ", plan " + plan.run.toUtf8();
            double lastEnd = 0;
            double previousStart = 0;
            QHash<QString, int> lastInstance;
            for (const Span &span : plan.spans) {
                // Every invocation ends on the virtual clock: only plans can stay pending.
                QVERIFY2(span.endMs.has_value(), where.constData());
                QVERIFY2(span.queuedMs <= span.startMs && span.startMs <= *span.endMs, where.constData());
                QVERIFY2(span.startMs >= previousStart, where.constData()); // sorted by start
                previousStart = span.startMs;
                lastEnd = std::max(lastEnd, *span.endMs);
                if (span.discarded) {
                    ++discardedSeen;
                    QVERIFY2(span.outcome == SpanOutcome::Fulfilled || span.outcome == SpanOutcome::Rejected, where.constData());
                }
                if (span.outcome == SpanOutcome::Aborted) {
                    ++abortedSeen;
                    QVERIFY2(plan.run.contains(QStringLiteral("abort(")), where.constData());
                }
                // A result that arrives after the plan settled is thrown away.
                if (plan.settledMs && *span.endMs > *plan.settledMs && span.outcome != SpanOutcome::Aborted)
                    QVERIFY2(span.discarded, where.constData());
                lastInstance[span.task] = std::max(lastInstance.value(span.task), span.instance);
            }
            // Instances are 1..k with no gaps.
            for (auto it = lastInstance.cbegin(); it != lastInstance.cend(); ++it) {
                int count = 0;
                for (const Span &span : plan.spans)
                    count += span.task == it.key() ? 1 : 0;
                QVERIFY2(count == it.value(), where.constData());
            }
            QCOMPARE(plan.finishedMs, lastEnd);

            if (!plan.settledMs) {
                // Only race() with no operands never settles.
                QVERIFY2(plan.outcome == PlanOutcome::Pending, where.constData());
                QVERIFY2(plan.run.contains(QStringLiteral("race()")), where.constData());
                continue;
            }
            QVERIFY2(plan.outcome != PlanOutcome::Pending, where.constData());
            // What settled it: a span ending then, a combinator timer, or nothing at t = 0.
            if (!plan.cause.timer.isEmpty()) {
                ++settledByTimer;
            } else if (plan.cause.spanIndex >= 0) {
                QCOMPARE(*plan.spans.at(plan.cause.spanIndex).endMs, *plan.settledMs);
                QVERIFY2(plan.spans.at(plan.cause.spanIndex).outcome != SpanOutcome::Aborted, where.constData());
            } else {
                QVERIFY2(*plan.settledMs == 0, where.constData());
            }
        }
    }
    qInfo("%d plans; %d settled by a timer; %d discarded and %d aborted spans", plansChecked, settledByTimer,
          discardedSeen, abortedSeen);
    // The generator must exercise what the invariants talk about.
    QVERIFY(settledByTimer > 20);
    QVERIFY(discardedSeen > 50);
    QVERIFY(abortedSeen > 10);
}

void TestEngineProperties::topLevelAllKeepsInputOrder()
{
    QRandomGenerator rng(99);
    for (int s = 0; s < 100; ++s) {
        QStringList tasks;
        QStringList operands;
        QJsonArray expected;
        for (int i = 0; i < 6; ++i)
            tasks << QStringLiteral(R"({"id": "t%1", "latency": {"dist": "uniform", "min_ms": 0, "max_ms": 500}})").arg(i);
        for (int i = 0; i < 8; ++i) {
            const QString id = QStringLiteral("t%1").arg(rng.bounded(6));
            operands << id;
            expected.append(id);
        }
        for (const QString &combinator : {QStringLiteral("all"), QStringLiteral("allSettled")}) {
            const QByteArray json = QStringLiteral(R"x({"format": "asyncscope-scenario/1", "name": "r", "tasks": [%1], "plans": [{"name": "p", "run": "%2(%3)"}]})x")
                                        .arg(tasks.join(QStringLiteral(", ")), combinator, operands.join(QStringLiteral(", ")))
                                        .toUtf8();
            const Scenario scenario = *loadScenario(json, QStringLiteral("r.json")).scenario;
            const PlanTrace trace = runPlanVirtual(scenario, scenario.plans.at(0), quint64(s));
            QCOMPARE(toString(trace.outcome), toString(PlanOutcome::Fulfilled));
            QJsonArray values = trace.result.toArray();
            if (combinator == QLatin1String("allSettled")) {
                for (qsizetype i = 0; i < values.size(); ++i)
                    values[i] = values.at(i).toObject().value(QLatin1String("value"));
            }
            QCOMPARE(values, expected);
            double last = 0;
            for (const Span &span : trace.spans)
                last = std::max(last, *span.endMs);
            QCOMPARE(*trace.settledMs, last); // all waits for the slowest
        }
    }
}

QTEST_GUILESS_MAIN(TestEngineProperties)
#include "tst_engine_properties.moc"
