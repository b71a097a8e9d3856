// The window's Trials choice obeys the CLI's trial budget (issue 11,
// core/trial_budget.h): a scenario whose plan could start too many invocations
// over the chosen count runs the largest count within the budget, and the chart
// and status bar say so; a scenario within it runs the full count.

#include "main_window.h"
#include "plan_limits.h"
#include "scenario.h"
#include "summary_chart.h"
#include "trial_budget.h"
#include "trials_runner.h"

#include <QChart>
#include <QLocale>
#include <QSaveFile>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

using namespace asyncscope;

namespace {

// "retried" could start 100 × 20 = 2 000 invocations a trial (if `a` kept
// failing), so the budget of 10 000 000 per plan allows 5 000 trials. It never
// fails, so each trial really starts one: the capped run is still quick.
const char kOverBudget[] = R"json({
  "format": "asyncscope-scenario/1", "name": "Deep retries",
  "tasks": [{"id": "a", "latency_ms": 10}, {"id": "b", "latency_ms": 20}],
  "plans": [{"name": "plain", "run": "all(a, b)"}, {"name": "retried", "run": "retry(retry(a, 100, 0), 20, 0)"}]
})json";

// Two invocations a trial: 10 000 trials are 20 000, far within the budget.
const char kWithinBudget[] = R"json({
  "format": "asyncscope-scenario/1", "name": "Two calls",
  "tasks": [{"id": "a", "latency_ms": 10}, {"id": "b", "latency_ms": 20}],
  "plans": [{"name": "plain", "run": "all(a, b)"}, {"name": "raced", "run": "race(a, b)"}]
})json";

Scenario load(const char *json)
{
    const LoadResult loaded = loadScenario(QByteArray(json), QStringLiteral("test"));
    if (!loaded.ok())
        qFatal("test scenario does not load: %s", qPrintable(loaded.error));
    return *loaded.scenario;
}

} // namespace

class TestTrialsBudget : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        // The messages group digits by locale: pin one so the texts are exact.
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        QCOMPARE(kMaxTrialInvocations, 10000000.0);
    }

    void budgetFor_data()
    {
        QTest::addColumn<QByteArray>("scenario");
        QTest::addColumn<int>("requested");
        QTest::addColumn<int>("granted");
        QTest::addColumn<QString>("limitingPlan");
        QTest::addColumn<double>("invocationsPerTrial");

        QTest::addRow("off") << QByteArray(kOverBudget) << 0 << 0 << QString() << 0.0;
        QTest::addRow("within: 1 000 of the deep retries") << QByteArray(kOverBudget) << 1000 << 1000 << QString() << 0.0;
        QTest::addRow("exactly at the budget") << QByteArray(kOverBudget) << 5000 << 5000 << QString() << 0.0;
        QTest::addRow("one over the budget") << QByteArray(kOverBudget) << 5001 << 5000 << "retried" << 2000.0;
        QTest::addRow("over: 10 000 of the deep retries") << QByteArray(kOverBudget) << 10000 << 5000 << "retried" << 2000.0;
        QTest::addRow("within: 10 000 of two calls") << QByteArray(kWithinBudget) << 10000 << 10000 << QString() << 0.0;
    }

    void budgetFor()
    {
        QFETCH(QByteArray, scenario);
        QFETCH(int, requested);
        QFETCH(int, granted);
        QFETCH(QString, limitingPlan);
        QFETCH(double, invocationsPerTrial);

        const TrialBudget budget = trialBudgetFor(load(scenario.constData()), requested);
        QCOMPARE(budget.requested, requested);
        QCOMPARE(budget.granted, granted);
        QCOMPARE(budget.isCapped(), granted < requested);
        QCOMPARE(budget.limitingPlan, limitingPlan);
        QCOMPARE(budget.invocationsPerTrial, invocationsPerTrial);
        // The same rule as the CLI's `--trials`: what is granted passes its check.
        QList<const PlanSpec *> plans;
        const Scenario loaded = load(scenario.constData());
        for (const PlanSpec &plan : loaded.plans)
            plans.append(&plan);
        QVERIFY(!checkTrialBudget(plans, budget.granted, int(loaded.tasks.size())).has_value());
        QCOMPARE(checkTrialBudget(plans, requested, int(loaded.tasks.size())).has_value(), budget.isCapped());
    }

    void computeRunsTheGrantedCount()
    {
        const TrialsResult result = TrialsRunner::compute(load(kOverBudget), 1, 10000, 3);
        QCOMPARE(result.n, 5000);
        QCOMPARE(result.budget.requested, 10000);
        QCOMPARE(result.stats.size(), 2);
        QCOMPARE(result.stats[0].n, 5000);
        QCOMPARE(result.stats[1].n, 5000);
        QCOMPARE(result.stats[1].fulfilled, 5000);
        QCOMPARE(result.stats[1].p50, 10.0);
    }

    void windowSaysWhatRan_data()
    {
        QTest::addColumn<QByteArray>("scenario");
        QTest::addColumn<int>("ran");
        QTest::addColumn<QString>("title");
        QTest::addColumn<QString>("budgetNote");

        const QString note = QStringLiteral("5,000 of 10,000 trials: plan \"retried\" may start 2,000 invocations per "
                                            "trial; the budget is 10,000,000 invocations per plan");
        QTest::addRow("over budget: capped, and said")
            << QByteArray(kOverBudget) << 5000 << QStringLiteral("Settle time over 5,000 of 10,000 trials (budget)") << note;
        QTest::addRow("within budget: the full count")
            << QByteArray(kWithinBudget) << 10000 << QStringLiteral("Settle time over 10,000 trials") << QString();
    }

    void windowSaysWhatRan()
    {
        QFETCH(QByteArray, scenario);
        QFETCH(int, ran);
        QFETCH(QString, title);
        QFETCH(QString, budgetNote);

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("scenario.json"));
        QSaveFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(scenario);
        QVERIFY(file.commit());

        MainWindow window(false);
        QString error;
        QVERIFY2(window.openFile(path, &error), qPrintable(error));
        QSignalSpy ready(window.trialsRunner(), &TrialsRunner::resultReady);
        window.summaryChart()->setTrialsCount(10000);
        // Said at once, before the result: the status bar names the cap.
        QCOMPARE(window.statusBar()->currentMessage(), budgetNote);

        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 120000);
        const auto result = ready.first().first().value<TrialsResult>();
        QCOMPARE(result.n, ran);
        QCOMPARE(result.budget.requested, 10000);
        QCOMPARE(result.stats.size(), 2);
        QCOMPARE(result.stats[0].n, ran);
        QCOMPARE(result.stats[1].n, ran);

        const SummaryChart *chart = window.summaryChart();
        QVERIFY(chart->hasTrialsResult());
        QCOMPARE(chart->distributionChart()->title(), title);
        if (budgetNote.isEmpty()) {
            QVERIFY2(!chart->trialsNote().contains(QLatin1String("budget")), qPrintable(chart->trialsNote()));
            QVERIFY(chart->trialsNote().startsWith(QLatin1String("plain: p50 20 ms")));
        } else {
            QVERIFY2(chart->trialsNote().startsWith(budgetNote + QStringLiteral(" · plain: p50 20 ms")),
                     qPrintable(chart->trialsNote()));
        }
    }
};

QTEST_MAIN(TestTrialsBudget)
#include "tst_trials_budget.moc"
