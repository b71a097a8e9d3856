// The window's RunController without a widget (a QCoreApplication only): an
// edit re-runs, a lesson step's filter finds its plans by id even when a plan
// is shown as its last valid version, an edit during a real run (which spins
// an event loop) is coalesced into one more run while the overtaken result is
// dropped, a failed real run falls back to the virtual clock, and a recording
// is shown as it is.

#include "run_controller.h"
#include "scenario_document.h"
#include "scenario_run.h"
#include "trials_runner.h"

#include <QEventLoop>
#include <QGuiApplication>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace asyncscope;

namespace {

// A stand-in for runOnNetwork: the virtual result, labelled real, after a
// nested event loop as long as `ms` (the real one spins one too).
RunController::NetworkRun slowRealRun(int ms, int *calls, std::function<void()> duringFirst = {})
{
    return [=](const Scenario &scenario, const RunOptions &options, QString *) -> std::optional<RunTrace> {
        if (++*calls == 1 && duringFirst)
            QTimer::singleShot(0, duringFirst);
        QEventLoop loop;
        QTimer::singleShot(ms, &loop, &QEventLoop::quit);
        loop.exec();
        RunTrace trace = runVirtual(scenario, options);
        trace.clock = QStringLiteral("real");
        return trace;
    };
}

QList<double> settleTimes(const RunTrace &trace)
{
    QList<double> times;
    for (const PlanTrace &plan : trace.plans)
        times << plan.settledMs.value_or(-1);
    return times;
}

} // namespace

class TestRunController : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void noWidgetsNeeded()
    {
        QVERIFY(!qobject_cast<QGuiApplication *>(QCoreApplication::instance()));
    }

    void anEditReRuns()
    {
        ScenarioDocument document;
        RunController run(&document);
        QSignalSpy changed(&run, &RunController::traceChanged);
        QSignalSpy finished(&run, &RunController::rerunFinished);
        QVERIFY(document.load(QStringLiteral("example:profile")));
        QCOMPARE(finished.count(), 1);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(settleTimes(run.trace()), (QList<double>{800, 200}));
        QCOMPARE(run.trace().clock, QStringLiteral("virtual"));
        QCOMPARE(run.trace().plans.at(1).id, QStringLiteral("parallel"));
        QVERIFY(finished.first().first().toDouble() >= 0);
        QCOMPARE(run.lastRerunMs(), finished.first().first().toDouble());

        document.setTaskLatency(0, 500);
        QCOMPARE(finished.count(), 2); // at once: the virtual clock needs no event loop
        QCOMPARE(settleTimes(run.trace()), (QList<double>{1100, 500}));
    }

    void seedReRunsOnlyWhenItChanges()
    {
        ScenarioDocument document;
        RunController run(&document);
        QVERIFY(document.load(QStringLiteral("example:profile")));
        QSignalSpy finished(&run, &RunController::rerunFinished);
        QSignalSpy seeds(&run, &RunController::seedChanged);
        run.setSeed(42);
        QCOMPARE(finished.count(), 1);
        QCOMPARE(seeds.count(), 1);
        QCOMPARE(run.trace().seed, quint64(42));
        run.setSeed(42);
        QCOMPARE(finished.count(), 1);
    }

    void lessonFilterFindsPlansById()
    {
        ScenarioDocument document;
        RunController run(&document);
        QVERIFY(document.load(QStringLiteral("example:profile")));
        run.setPlanFilter({QStringLiteral("parallel")});
        QCOMPARE(run.shownTrace().plans.size(), 1);
        QCOMPARE(run.shownTrace().plans.first().id, QStringLiteral("parallel"));
        QCOMPARE(run.trace().plans.size(), 2); // the filter shows less; the run keeps everything

        // The bug: an invalid plan ran its last valid version and said so in
        // its name, and a filter by name lost it.
        QVERIFY(document.setPlanRun(1, QStringLiteral("all(user, psts)")).has_value());
        document.setTaskLatency(0, 300);
        const PlanTrace &decorated = run.trace().plans.at(1);
        QCOMPARE(decorated.name, QStringLiteral("parallel (last valid version)"));
        QCOMPARE(decorated.id, QStringLiteral("parallel"));
        const RunTrace shown = run.shownTrace();
        QCOMPARE(shown.plans.size(), 1);
        QCOMPARE(shown.plans.first().name, QStringLiteral("parallel (last valid version)"));
        QCOMPARE(shown.plans.first().settledMs, std::optional<double>(300));

        run.setPlanFilter({});
        QCOMPARE(run.shownTrace().plans.size(), 2);
    }

    void editsDuringARealRunCoalesceIntoOneMoreRun()
    {
        ScenarioDocument document;
        RunController run(&document);
        QVERIFY(document.load(QStringLiteral("example:profile")));
        int calls = 0;
        run.setNetworkRun(slowRealRun(30, &calls, [&document] {
            // Three edits while the first real run is still out: none may start a run of its own.
            document.setTaskLatency(0, 300);
            document.setTaskLatency(0, 400);
            document.setTaskLatency(0, 500);
        }));
        QSignalSpy finished(&run, &RunController::rerunFinished);
        QSignalSpy stale(&run, &RunController::staleRunDropped);
        QSignalSpy active(&run, &RunController::networkRunActive);

        run.setRealNetwork(true);
        QCOMPARE(calls, 1);
        QCOMPARE(stale.count(), 1); // the first run's result is for latency 200: dropped, not shown
        QCOMPARE(finished.count(), 0);
        QCOMPARE(run.trace().clock, QStringLiteral("virtual"));

        QTRY_COMPARE(finished.count(), 1);
        QCOMPARE(calls, 2); // one more, not three
        QCOMPARE(stale.count(), 1);
        QCOMPARE(run.trace().clock, QStringLiteral("real"));
        QCOMPARE(settleTimes(run.trace()), (QList<double>{1100, 500})); // the last edit's numbers
        QCOMPARE(active.count(), 4); // on, off, on, off
        QTest::qWait(50);
        QCOMPARE(calls, 2);
        QVERIFY(!run.isRunning());
    }

    void failedRealRunFallsBackToTheVirtualClock()
    {
        ScenarioDocument document;
        RunController run(&document);
        QVERIFY(document.load(QStringLiteral("example:profile")));
        run.setNetworkRun([](const Scenario &, const RunOptions &, QString *error) -> std::optional<RunTrace> {
            *error = QStringLiteral("no loopback here");
            return std::nullopt;
        });
        QSignalSpy failed(&run, &RunController::networkRunFailed);
        QSignalSpy network(&run, &RunController::realNetworkChanged);
        QSignalSpy finished(&run, &RunController::rerunFinished);
        run.setRealNetwork(true);
        QCOMPARE(failed.count(), 1);
        QCOMPARE(failed.first().first().toString(), QStringLiteral("no loopback here"));
        QCOMPARE(network.count(), 2);
        QCOMPARE(network.last().first().toBool(), false);
        QVERIFY(!run.isRealNetwork());
        QCOMPARE(finished.count(), 1);
        QCOMPARE(run.trace().clock, QStringLiteral("virtual"));
        QCOMPARE(settleTimes(run.trace()), (QList<double>{800, 200}));
    }

    void aRecordingIsShownAsItIs()
    {
        ScenarioDocument document;
        RunController run(&document);
        QVERIFY(document.load(QStringLiteral("example:profile")));
        RunTrace recording;
        recording.scenario = QStringLiteral("recorded");
        PlanTrace plan;
        plan.name = QStringLiteral("page 1");
        recording.plans = {plan};

        int calls = 0;
        run.setNetworkRun(slowRealRun(30, &calls, [&run, &recording] { run.showRecording(recording); }));
        QSignalSpy stale(&run, &RunController::staleRunDropped);
        run.setRealNetwork(true); // the recording opens while this run is out
        QCOMPARE(stale.count(), 1);
        QVERIFY(run.isShowingRecording());
        QCOMPARE(run.trace().scenario, QStringLiteral("recorded"));
        QCOMPARE(run.trace().plans.first().id, QStringLiteral("page 1")); // no scenario: its name is its id

        QSignalSpy finished(&run, &RunController::rerunFinished);
        document.setTaskLatency(0, 10);
        run.rerun();
        QTest::qWait(50);
        QCOMPARE(finished.count(), 0);
        QCOMPARE(calls, 1);
        QCOMPARE(run.trace().scenario, QStringLiteral("recorded"));

        run.leaveRecording();
        run.setRealNetwork(false);
        QCOMPARE(finished.count(), 1);
        QCOMPARE(settleTimes(run.trace()), (QList<double>{610, 200}));
    }

    void trialsRestartAfterEveryRun()
    {
        ScenarioDocument document;
        RunController run(&document);
        QVERIFY(document.load(QStringLiteral("example:profile")));
        QSignalSpy started(&run, &RunController::trialsStarted);
        QSignalSpy ready(run.trialsRunner(), &TrialsRunner::resultReady);
        run.setTrialsCount(100);
        QCOMPARE(started.count(), 1);
        QCOMPARE(started.first().at(1).toInt(), 200); // 2 plans x 100 trials
        const quint64 first = run.trialsRunner()->generation();
        document.setTaskLatency(0, 10);
        QCOMPARE(started.count(), 2);
        QVERIFY(run.trialsRunner()->generation() > first);
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 30000);
        const auto result = ready.first().first().value<TrialsResult>();
        QCOMPARE(result.stats.at(0).p50, 610.0); // the edited scenario's trials
        run.setTrialsCount(0);
        QVERIFY(!run.trialsRunner()->isRunning());
    }
};

QTEST_GUILESS_MAIN(TestRunController)
#include "tst_run_controller.moc"
