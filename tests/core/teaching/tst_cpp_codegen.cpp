// The C++ tab is real code: for several built-in plans the generated text is
// pasted here verbatim (GENERATED(...) both compiles it and compares it, minus
// comments and whitespace, with generatePlanCpp()), run on a VirtualClock with
// fetch functions that follow the scenario, and must settle exactly as the
// engine says.

#include "combinators.h"
#include "combinators_json.h"
#include "cpp_codegen.h"
#include "scenario_run.h"
#include "scenario.h"
#include "virtual_clock.h"

#include <QHash>
#include <QJsonArray>
#include <QRegularExpression>
#include <QTest>

using namespace asyncscope;

namespace {

// The scenario and clock the fetch functions below read; set by Harness.
VirtualClock *g_clock = nullptr;
const Scenario *g_scenario = nullptr;
QHash<QString, int> g_invocations;

JsonFuture invoke(const QString &id, const AbortSignal &signal = {})
{
    const TaskSpec task = g_scenario->tasks.at(g_scenario->taskIndex(id));
    const int n = ++g_invocations[id];
    QFutureInterface<QJsonValue> out = detail::startedOut<QJsonValue>();
    const bool fails = task.nominalFails(n);
    const TimerId timer = g_clock->schedule(task.nominalLatencyMs(n), [out, fails, task]() mutable {
        if (out.isFinished())
            return;
        if (fails)
            detail::rejectOut(out, Rejection(task.reason()));
        else
            detail::fulfilOut(out, task.fulfilValue());
    });
    signal.addListener([out, timer]() mutable {
        g_clock->cancel(timer);
        if (!out.isFinished())
            detail::rejectOut(out, Rejection::abortError());
    });
    return out.future();
}

QString normalized(const QString &code)
{
    QStringList kept;
    for (const QString &line : code.split(QLatin1Char('\n'))) {
        if (!line.trimmed().startsWith(QLatin1String("//")))
            kept.append(line);
    }
    return kept.join(QLatin1Char(' ')).simplified();
}

QJsonValue valueOf(const QJsonValue &value) { return value; }
QJsonValue valueOf(const QList<QJsonValue> &values)
{
    QJsonArray array;
    for (const QJsonValue &value : values)
        array.append(value);
    return array;
}

class Harness
{
public:
    Harness(const QString &example, const QString &plan) : m_plan(plan)
    {
        const LoadResult loaded = loadScenarioFile(QStringLiteral("example:") + example);
        if (!loaded.ok())
            qFatal("%s", qPrintable(loaded.error));
        m_scenario = *loaded.scenario;
        g_scenario = &m_scenario;
        g_clock = &m_clock;
        g_invocations.clear();
    }
    ~Harness()
    {
        g_scenario = nullptr;
        g_clock = nullptr;
    }

    VirtualClock &clock() { return m_clock; }

    bool textMatches(const QString &pasted) const
    {
        for (const PlanSpec &plan : m_scenario.plans) {
            if (plan.name == m_plan) {
                const QString generated = normalized(generatePlanCpp(m_scenario, plan));
                if (generated != normalized(pasted))
                    qWarning("generated: %s\npasted:    %s", qPrintable(generated), qPrintable(normalized(pasted)));
                return generated == normalized(pasted);
            }
        }
        return false;
    }

    // Runs the clock and compares with the engine: settle time, outcome, value or reason.
    template<class T>
    void expectSameAsEngine(const QFuture<T> &future)
    {
        std::optional<double> settledAt;
        watchWith(future, [&settledAt, this](const QFuture<T> &) { settledAt = m_clock.now(); });
        m_clock.run();
        const RunTrace trace = runVirtual(m_scenario, RunOptions{1, {m_plan}, 0});
        QCOMPARE(trace.plans.size(), 1);
        const PlanTrace &expected = trace.plans.first();
        QCOMPARE(settledAt, expected.settledMs);
        if (!settledAt)
            return;
        if (const auto reason = detail::rejectionOf(future)) {
            QCOMPARE(toString(expected.outcome), QStringLiteral("rejected"));
            QCOMPARE(reason->reason(), expected.result);
        } else {
            QCOMPARE(toString(expected.outcome), QStringLiteral("fulfilled"));
            QCOMPARE(valueOf(detail::valueOf(future)), expected.result);
        }
    }

private:
    QString m_plan;
    Scenario m_scenario;
    VirtualClock m_clock;
};

} // namespace

// The fetch functions the generated code calls (cppFetchName: fetch + PascalCase id).
JsonFuture fetchUser() { return invoke(QStringLiteral("user")); }
JsonFuture fetchPosts() { return invoke(QStringLiteral("posts")); }
JsonFuture fetchFollowers() { return invoke(QStringLiteral("followers")); }
JsonFuture fetchRecommendations() { return invoke(QStringLiteral("recommendations")); }
JsonFuture fetchPermissionsDown() { return invoke(QStringLiteral("permissions_down")); }
JsonFuture fetchNotifications() { return invoke(QStringLiteral("notifications")); }
JsonFuture fetchFeed() { return invoke(QStringLiteral("feed")); }
JsonFuture fetchPrimarySlow() { return invoke(QStringLiteral("primary_slow")); }
JsonFuture fetchFallback() { return invoke(QStringLiteral("fallback")); }
JsonFuture fetchA(const AbortSignal &signal) { return invoke(QStringLiteral("a"), signal); }
JsonFuture fetchB(const AbortSignal &signal) { return invoke(QStringLiteral("b"), signal); }
JsonFuture fetchC(const AbortSignal &signal) { return invoke(QStringLiteral("c"), signal); }
JsonFuture fetchFlaky() { return invoke(QStringLiteral("flaky")); }
JsonFuture fetchR1() { return invoke(QStringLiteral("r1")); }
JsonFuture fetchR2() { return invoke(QStringLiteral("r2")); }
JsonFuture fetchR3() { return invoke(QStringLiteral("r3")); }
JsonFuture fetchR4() { return invoke(QStringLiteral("r4")); }
JsonFuture fetchR5() { return invoke(QStringLiteral("r5")); }
JsonFuture fetchR6() { return invoke(QStringLiteral("r6")); }
JsonFuture fetchSlowComputation() { return invoke(QStringLiteral("slow_computation")); }

// Compiles the pasted code and checks it is what the generator prints.
#define GENERATED(harness, ...)                                           \
    QVERIFY(harness.textMatches(QString::fromUtf8(#__VA_ARGS__)));        \
    __VA_ARGS__

class TestCppCodegen : public QObject
{
    Q_OBJECT

private slots:
    void profileParallel()
    {
        Harness h(QStringLiteral("profile"), QStringLiteral("parallel"));
        GENERATED(h,
using namespace asyncscope;
const QFuture<QList<QJsonValue>> parallel = all(QList<JsonFuture>{
    fetchUser(),
    fetchPosts(),
    fetchFollowers(),
    fetchRecommendations(),
});
        )
        h.expectSameAsEngine(parallel);
    }

    void profileSequential()
    {
        Harness h(QStringLiteral("profile"), QStringLiteral("sequential"));
        GENERATED(h,
using namespace asyncscope;
const QFuture<QList<QJsonValue>> sequential = sequence(QList<JsonStart>{
    fetchUser,
    fetchPosts,
    fetchFollowers,
    fetchRecommendations,
});
        )
        h.expectSameAsEngine(sequential);
    }

    void composeCriticalFails()
    {
        Harness h(QStringLiteral("compose-page"), QStringLiteral("critical-fails"));
        GENERATED(h,
using namespace asyncscope;
const QFuture<QList<QJsonValue>> criticalFails = all(QList<JsonFuture>{
    allJson({fetchUser(), fetchPermissionsDown()}),
    allSettledJson({fetchNotifications(), fetchRecommendations(), fetchFeed()}),
});
        )
        h.expectSameAsEngine(criticalFails);
    }

    void hedgedPrimarySlow()
    {
        Harness h(QStringLiteral("hedged-request"), QStringLiteral("primary-slow"));
        Clock &clock = h.clock();
        GENERATED(h,
using namespace asyncscope;
const JsonFuture primarySlow = hedge<QJsonValue>(
    fetchPrimarySlow,
    fetchFallback,
    2000,
    clock
);
        )
        h.expectSameAsEngine(primarySlow);
    }

    void zombiesWithAbort()
    {
        Harness h(QStringLiteral("zombies"), QStringLiteral("all-with-abort"));
        GENERATED(h,
using namespace asyncscope;
AbortController controller;
const AbortSignal signal = controller.signal();
const QFuture<QList<QJsonValue>> allWithAbort = all(QList<JsonFuture>{
    fetchA(signal),
    fetchB(signal),
    fetchC(signal),
});
watchWith(allWithAbort, [controller](const auto &) mutable { controller.abort(); });
        )
        h.expectSameAsEngine(allWithAbort);
    }

    void retryFlaky()
    {
        Harness h(QStringLiteral("retry"), QStringLiteral("flaky"));
        Clock &clock = h.clock();
        GENERATED(h,
using namespace asyncscope;
const JsonFuture flaky = retry<QJsonValue>(fetchFlaky, 3, 200, clock);
        )
        h.expectSameAsEngine(flaky);
    }

    void poolOfTwo()
    {
        Harness h(QStringLiteral("rate-limit"), QStringLiteral("pool-2"));
        GENERATED(h,
using namespace asyncscope;
const JsonFuture pool2 = poolJson(2, {
    fetchR1,
    fetchR2,
    fetchR3,
    fetchR4,
    fetchR5,
    fetchR6,
});
        )
        h.expectSameAsEngine(pool2);
    }

    void timeoutRejects()
    {
        Harness h(QStringLiteral("timeouts"), QStringLiteral("slow-computation"));
        Clock &clock = h.clock();
        GENERATED(h,
using namespace asyncscope;
const JsonFuture slowComputation = withTimeout(
    fetchSlowComputation(),
    3000,
    clock
);
        )
        h.expectSameAsEngine(slowComputation);
    }

    void raceOfNothingNeverSettles()
    {
        Harness h(QStringLiteral("timeouts"), QStringLiteral("race-of-nothing"));
        GENERATED(h,
using namespace asyncscope;
const JsonFuture raceOfNothing = race(QList<JsonFuture>{});
        )
        h.expectSameAsEngine(raceOfNothing);
    }
};

QTEST_GUILESS_MAIN(TestCppCodegen)
#include "tst_cpp_codegen.moc"
