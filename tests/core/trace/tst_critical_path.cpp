// The critical path of each plan of the built-in examples: the chain of spans
// whose ends let the next one start, back from the span that settled the plan.

#include "critical_path.h"
#include "scenario.h"
#include "scenario_run.h"

#include <QTest>

using namespace asyncscope;

namespace {

struct Ran
{
    Scenario scenario;
    RunTrace run;
};

Ran runExample(const QString &name)
{
    const LoadResult loaded = loadScenarioFile(QStringLiteral("example:") + name);
    if (!loaded.ok())
        qFatal("%s", qPrintable(loaded.error));
    return Ran{*loaded.scenario, runVirtual(*loaded.scenario, RunOptions{})};
}

// "user#1 0-300" per span on the path.
QStringList pathOf(const Ran &ran, const QString &planName)
{
    for (const PlanTrace &plan : ran.run.plans) {
        if (plan.name != planName)
            continue;
        QStringList out;
        for (int index : criticalPath(plan, ran.scenario)) {
            const Span &s = plan.spans.at(index);
            out << QStringLiteral("%1#%2 %3-%4").arg(s.task).arg(s.instance).arg(s.startMs).arg(s.endOr(-1));
        }
        return out;
    }
    qFatal("no plan %s", qPrintable(planName));
}

} // namespace

class TestCriticalPath : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void buildOrder()
    {
        const Ran ran = runExample(QStringLiteral("build-order"));
        QCOMPARE(pathOf(ran, QStringLiteral("five-sequential-calls")),
                 (QStringList{"user#1 0-300", "cart#1 300-400", "shipping#1 400-550", "tax#1 550-650",
                              "inventory#1 650-900"}));
        // Level by level: the slow user call holds back the whole second level.
        QCOMPARE(pathOf(ran, QStringLiteral("two-levels")), (QStringList{"user#1 0-300", "inventory#1 300-550"}));
        // The eager graph: inventory starts after cart (100 ms); shipping, needing user, ends last.
        QCOMPARE(pathOf(ran, QStringLiteral("graph")), (QStringList{"user#1 0-300", "shipping#1 300-450"}));
    }

    void quizGraphPrefersANeedOnATie()
    {
        // C and D both end at 200 ms; E needs both: the path goes through C, E's first need.
        const Ran ran = runExample(QStringLiteral("quiz"));
        QCOMPARE(pathOf(ran, QStringLiteral("graph")), (QStringList{"A#1 0-100", "C#1 100-200", "E#1 200-300"}));
    }

    void parallelProfileIsOneSpan()
    {
        const Ran ran = runExample(QStringLiteral("profile"));
        const QStringList parallel = pathOf(ran, QStringLiteral("parallel"));
        QCOMPARE(parallel.size(), 1);
    }

    void timerSettledPlanHasNoPath()
    {
        PlanTrace plan;
        plan.outcome = PlanOutcome::Rejected;
        plan.settledMs = 50;
        plan.cause.timer = QStringLiteral("timeout(50)");
        Span s;
        s.task = QStringLiteral("slow");
        s.endMs = 900;
        plan.spans = {s};
        QVERIFY(criticalPath(plan, Scenario{}).isEmpty());
    }

    void gapEndsTheChain()
    {
        // retry's gap: the second try starts 50 ms after the first failed, so no span explains it.
        PlanTrace plan;
        plan.outcome = PlanOutcome::Fulfilled;
        Span first, second;
        first.task = second.task = QStringLiteral("flaky");
        first.endMs = 100;
        second.instance = 2;
        second.startMs = 150;
        second.endMs = 250;
        plan.spans = {first, second};
        plan.cause.spanIndex = 1;
        QCOMPARE(criticalPath(plan, Scenario{}), (QList<int>{1}));
    }
};

QTEST_GUILESS_MAIN(TestCriticalPath)
#include "tst_critical_path.moc"
