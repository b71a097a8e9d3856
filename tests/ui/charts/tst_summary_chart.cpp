// SummaryChart (bars per plan, trials box plot) and TrialsRunner (off-thread
// trials whose stale results are dropped by generation id).

#include "chart_label_fit.h"
#include "scenario.h"
#include "summary_chart.h"
#include "trials_runner.h"

#include <QBarSet>
#include <QChart>
#include <QBoxPlotSeries>
#include <QBoxSet>
#include <QHorizontalStackedBarSeries>
#include <QSignalSpy>
#include <QTest>

using namespace asyncscope;

namespace {

PlanTrace plan(const QString &name, PlanOutcome outcome, std::optional<double> settled)
{
    PlanTrace p;
    p.name = name;
    p.outcome = outcome;
    p.settledMs = settled;
    Span s;
    s.task = QStringLiteral("t");
    s.startMs = 0;
    s.endMs = settled.value_or(900);
    s.outcome = SpanOutcome::Fulfilled;
    p.spans = {s};
    return p;
}

RunTrace fourPlans()
{
    RunTrace trace;
    trace.plans = {plan(QStringLiteral("sequential"), PlanOutcome::Fulfilled, 800),
                   plan(QStringLiteral("parallel"), PlanOutcome::Fulfilled, 200),
                   plan(QStringLiteral("race"), PlanOutcome::Rejected, 120),
                   plan(QStringLiteral("never"), PlanOutcome::Pending, std::nullopt)};
    return trace;
}

QList<double> values(QBarSet *set)
{
    QList<double> out;
    for (int i = 0; i < set->count(); ++i)
        out << set->at(i);
    return out;
}

Scenario example(const QString &name)
{
    LoadResult loaded = loadScenarioFile(QStringLiteral("example:") + name);
    if (!loaded.ok())
        qFatal("%s", qPrintable(loaded.error));
    return *loaded.scenario;
}

} // namespace

class TestSummaryChart : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void namesWrapWhereAPersonWould()
    {
        const Theme theme = Theme::light();
        const QFontMetricsF metrics(theme.font(9, true));
        const qreal dash = metrics.horizontalAdvance(QStringLiteral("auth-then-"));
        QCOMPARE(wrapName(QStringLiteral("auth-then-all"), metrics, dash), (QStringList{QStringLiteral("auth-then-"), QStringLiteral("all")}));
        QCOMPARE(wrapName(QStringLiteral("loadProfile"), metrics, metrics.horizontalAdvance(QStringLiteral("load")) + 1),
                 (QStringList{QStringLiteral("load"), QStringLiteral("Profile")}));
        QCOMPARE(wrapName(QStringLiteral("Promise.all, shared"), metrics, metrics.horizontalAdvance(QStringLiteral("Promise.all,")) + 1),
                 (QStringList{QStringLiteral("Promise.all,"), QStringLiteral("shared")}));
        // Wide enough: one line, and a name with no break point stays whole.
        QCOMPARE(wrapName(QStringLiteral("any"), metrics, 10), QStringList{QStringLiteral("any")});

        // The full type on two lines before a smaller type on one; HTML-escaped for Qt Charts.
        const FittedLabels two = fitLabels({QStringLiteral("auth-then-all"), QStringLiteral("a<b")}, dash + 1, 0, theme, 9, true, 2);
        QVERIFY(two.fits);
        QCOMPARE(two.font.pixelSize(), theme.font(9, true).pixelSize());
        QCOMPARE(two.lines, 2);
        QCOMPARE(two.labels, (QStringList{QStringLiteral("auth-then-<br>all"), QStringLiteral("a&lt;b")}));
        const FittedLabels one = fitLabels({QStringLiteral("auth-then-all")}, dash + 1, 0, theme, 9, true, 1);
        QVERIFY(one.fits);
        QVERIFY(one.font.pixelSize() < theme.font(9, true).pixelSize());
        QCOMPARE(one.lines, 1);
        // Presenter type shrinks to what the room affords, never below the floor.
        const FittedLabels tiny = fitLabels({QStringLiteral("five-sequential-calls")}, 20, 0, theme.presenter(), 9, true, 3);
        QVERIFY(!tiny.fits);
        QCOMPARE(tiny.font.pixelSize(), kMinChartLabelPixels);
    }

    void valueTicksKeepWholeStepsThatFit()
    {
        QCOMPARE(valueTickCount(250, 600, 22), 6); // 0 50 ... 250
        QCOMPARE(valueTickCount(250, 176, 22), 3); // 0 125 250: 62.5 is not a whole step
        QCOMPARE(valueTickCount(1000, 200, 30), 5); // 0 250 500 750 1000
        QCOMPARE(valueTickCount(1000, 60, 30), 2);
    }

    void barsFollowTheTrace()
    {
        SummaryChart chart;
        chart.setTrace(fourPlans());
        QCOMPARE(chart.barCount(), 4);
        QCOMPARE(chart.barValue(0), 800.0);
        QCOMPARE(chart.barValue(1), 200.0);
        QCOMPARE(chart.barValue(2), 120.0);
        QCOMPARE(chart.barValue(3), 0.0);
        QVERIFY(chart.barOutcome(2) == PlanOutcome::Rejected);
        QCOMPARE(chart.barLabels(),
                 (QStringList{QStringLiteral("sequential  800 ms"), QStringLiteral("parallel  200 ms"),
                              QStringLiteral("race  rejected 120 ms"), QStringLiteral("never  pending")}));

        // One set per outcome, so the colour says the outcome; each plan has a value in exactly one.
        // Categories go bottom-up, so the first plan is the last entry (drawn on top).
        const QList<QBarSet *> sets = chart.barSeries()->barSets();
        QCOMPARE(sets.size(), 3);
        QCOMPARE(values(sets.at(0)), (QList<double>{0, 0, 200, 800}));
        QCOMPARE(values(sets.at(1)), (QList<double>{0, 120, 0, 0}));
        // Pending runs to the axis end: 900 ms of spans, padded to a round 1000.
        QCOMPARE(values(sets.at(2)), (QList<double>{1000, 0, 0, 0}));
        QCOMPARE(sets.at(0)->brush().color(), Theme::light().fulfilled);
        QCOMPARE(sets.at(1)->brush().color(), Theme::light().rejected);
        QCOMPARE(sets.at(2)->brush().style(), Qt::BDiagPattern);

        chart.setTrace(RunTrace{});
        QCOMPARE(chart.barCount(), 0);
    }

    void themeColoursTheBars()
    {
        SummaryChart chart;
        chart.setTrace(fourPlans());
        chart.setTheme(Theme::dark());
        QCOMPARE(chart.barSeries()->barSets().at(0)->brush().color(), Theme::dark().fulfilled);
        QCOMPARE(chart.barChart()->backgroundBrush().color(), Theme::dark().background);
    }

    void trialsResultShowsBoxes()
    {
        SummaryChart chart;
        chart.setTrace(fourPlans());
        QVERIFY(!chart.distributionSeries());
        TrialsResult result;
        result.n = 4;
        result.planNames = {QStringLiteral("a"), QStringLiteral("b")};
        result.stats = {TrialStats{4, 20, 40, 40, 4, 4, {10, 20, 30, 40}}, TrialStats{4, 5, 5, 5, 2, 4, {5, 5, 5, 5}}};
        chart.setTrialsResult(result);
        QVERIFY(chart.distributionSeries());
        QCOMPARE(chart.distributionSeries()->count(), 2);
        const QBoxSet *first = chart.distributionSeries()->boxSets().at(0);
        QCOMPARE(first->at(QBoxSet::LowerExtreme), 10.0);
        QCOMPARE(first->at(QBoxSet::LowerQuartile), 10.0);
        QCOMPARE(first->at(QBoxSet::Median), 20.0);
        QCOMPARE(first->at(QBoxSet::UpperQuartile), 40.0); // p95
        QCOMPARE(first->at(QBoxSet::UpperExtreme), 40.0);
        chart.setTrialsCount(0);
        chart.clearTrialsResult();
        QVERIFY(!chart.distributionSeries());
    }

    void computeIsDeterministic()
    {
        const Scenario profile = example(QStringLiteral("profile"));
        const TrialsResult result = TrialsRunner::compute(profile, 1, 50, 7);
        QCOMPARE(result.generation, quint64(7));
        QCOMPARE(result.planNames, (QStringList{QStringLiteral("sequential"), QStringLiteral("parallel")}));
        QCOMPARE(result.stats.at(0).n, 50);
        QCOMPARE(result.stats.at(0).p50, 800.0); // fixed latencies: every trial the same
        QCOMPARE(result.stats.at(1).p95, 200.0);
        QCOMPARE(result.stats.at(1).fulfilled, 50);
    }

    void runnerDeliversTheCurrentGeneration()
    {
        TrialsRunner runner;
        QSignalSpy ready(&runner, &TrialsRunner::resultReady);
        QSignalSpy progress(&runner, &TrialsRunner::progressChanged);
        const quint64 generation = runner.start(example(QStringLiteral("profile")), 1, 1000);
        QVERIFY(runner.isRunning());
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 30000);
        const auto result = ready.first().first().value<TrialsResult>();
        QCOMPARE(result.generation, generation);
        QCOMPARE(result.stats.size(), 2);
        QCOMPARE(result.stats.at(0).n, 1000);
        QVERIFY(!runner.isRunning());
        QVERIFY(progress.count() >= 1);
        QCOMPARE(progress.last().at(1).toInt(), 2000); // 2 plans x 1000 trials
    }

    void staleResultIsDropped()
    {
        TrialsRunner runner;
        QSignalSpy ready(&runner, &TrialsRunner::resultReady);
        QSignalSpy dropped(&runner, &TrialsRunner::staleResultDropped);
        const quint64 stale = runner.start(example(QStringLiteral("profile")), 1, 10000);
        runner.invalidate(); // an edit: whatever that job produces is for a scenario that no longer exists
        QVERIFY(runner.generation() > stale);
        QVERIFY(!runner.isRunning());
        QTRY_COMPARE_WITH_TIMEOUT(dropped.count(), 1, 30000);
        QCOMPARE(dropped.first().first().value<quint64>(), stale);
        QTest::qWait(50);
        QCOMPARE(ready.count(), 0);
    }

    void onlyTheNewestOfOverlappingJobsIsDelivered()
    {
        TrialsRunner runner;
        QSignalSpy ready(&runner, &TrialsRunner::resultReady);
        QSignalSpy dropped(&runner, &TrialsRunner::staleResultDropped);
        const quint64 first = runner.start(example(QStringLiteral("profile")), 1, 10000);
        Scenario faster = example(QStringLiteral("profile"));
        faster.tasks[0].latencyMs = {10};
        const quint64 second = runner.start(faster, 1, 100);
        QVERIFY(second > first);
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(dropped.count(), 1, 30000);
        const auto result = ready.first().first().value<TrialsResult>();
        QCOMPARE(result.generation, second);
        QCOMPARE(result.stats.at(0).p50, 610.0); // 10 + 3 x 200: the edited scenario's numbers
        QCOMPARE(dropped.first().first().value<quint64>(), first);
    }
};

QTEST_MAIN(TestSummaryChart)
#include "tst_summary_chart.moc"
