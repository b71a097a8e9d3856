// The window's RunController without a widget (a QCoreApplication only): an
// edit re-runs, a lesson step's filter finds its plans by id even when a plan
// is shown as its last valid version, an edit during a real run (which spins
// an event loop) is coalesced into one more run while the overtaken result is
// dropped, a failed real run falls back to the virtual clock, and a recording
// is shown as it is. JavaScript plans run off this thread: a runaway plan is
// stopped by the worker's wall-time limit while the event loop keeps turning
// (gaps measured with a 10 ms timer), its result is dropped when an edit
// overtook it, and a plan that cannot run shows its last valid run.

#include "js_codegen.h"
#include "js_worker.h"
#include "run_controller.h"
#include "scenario_document.h"
#include "scenario_run.h"
#include "trials_runner.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QRegularExpression>
#include <QGuiApplication>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>
#include <QUndoStack>

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

// The longest time the event loop went without firing a 10 ms timer while it ran.
class EventLoopGapMeter
{
public:
    EventLoopGapMeter()
    {
        m_sinceLast.start();
        m_timer.setInterval(10);
        QObject::connect(&m_timer, &QTimer::timeout, [this] {
            m_maxGapMs = std::max(m_maxGapMs, m_sinceLast.restart());
            ++m_ticks;
        });
        m_timer.start();
    }
    qint64 maxGapMs() const { return std::max(m_maxGapMs, m_sinceLast.elapsed()); }
    int ticks() const { return m_ticks; }

private:
    QTimer m_timer;
    QElapsedTimer m_sinceLast;
    qint64 m_maxGapMs = 0;
    int m_ticks = 0;
};

// example:js-load-profile, loaded, its JavaScript plans run (Node started and warm).
bool loadJavaScriptExample(ScenarioDocument &document, RunController &run)
{
    if (!document.load(QStringLiteral("example:js-load-profile")))
        return false;
    QElapsedTimer waited; // a cold Node start may take longer than the edit's wait
    waited.start();
    while (run.isRunning() && waited.elapsed() < 15000)
        QTest::qWait(10);
    return !run.isRunning() && run.trace().plans.size() == 4;
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

    void aRunawayPlanDoesNotFreezeTheEventLoop_data()
    {
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("stop");     // what the one-line message says (a pattern)
        QTest::addColumn<int>("atLeastMs");    // the limit that stops it
        QTest::addRow("sync loop") << QStringLiteral("while (true) {}") << QStringLiteral("stopped after 2000 ms") << 1900;
        QTest::addRow("microtask loop") << QStringLiteral("for (;;) await null;") << QStringLiteral("stopped after 2000 ms") << 1900;
    }

    void aRunawayPlanDoesNotFreezeTheEventLoop()
    {
        if (JsWorker::nodeExecutable().isEmpty())
            QSKIP("no Node.js on this machine");
        QFETCH(QString, code);
        QFETCH(QString, stop);
        QFETCH(int, atLeastMs);
        ScenarioDocument document;
        RunController run(&document);
        QVERIFY(loadJavaScriptExample(document, run));
        QCOMPARE(settleTimes(run.trace()), (QList<double>{800, 200, 800, 200}));
        QSignalSpy active(&run, &RunController::javaScriptRunActive);
        QSignalSpy changed(&run, &RunController::traceChanged);

        EventLoopGapMeter gaps;
        QElapsedTimer wall;
        wall.start();
        QVERIFY(document.setPlanJavaScript(0, code));
        QVERIFY(run.isJavaScriptRunActive()); // not done within the 25 ms the edit waits
        QCOMPARE(active.count(), 1);
        QCOMPARE(changed.count(), 0);          // the old picture stays until the run comes back
        QTRY_VERIFY_WITH_TIMEOUT(!run.isRunning(), 6000);
        const qint64 stoppedAfterMs = wall.elapsed();
        qInfo("%s: stopped after %lld ms; longest event-loop gap %lld ms over %d ticks", QTest::currentDataTag(),
              stoppedAfterMs, gaps.maxGapMs(), gaps.ticks());
        QVERIFY2(gaps.maxGapMs() < 100, qPrintable(QStringLiteral("%1 ms").arg(gaps.maxGapMs())));
        QVERIFY(stoppedAfterMs >= atLeastMs);  // the 2 s wall-time limit, not sooner
        QVERIFY(stoppedAfterMs < 5000);
        QCOMPARE(active.count(), 2);
        QCOMPARE(active.last().first().toBool(), false);
        QCOMPARE(changed.count(), 1);

        // The stop message, one line; the plan shows its last run that worked.
        const QString error = run.planRunErrors().value(QStringLiteral("loadProfile, sequential"));
        QVERIFY2(error.contains(QRegularExpression(stop)), qPrintable(error));
        QVERIFY(!error.contains(QLatin1Char('\n')));
        const PlanTrace &shown = run.trace().plans.at(0);
        QCOMPARE(shown.id, QStringLiteral("loadProfile, sequential"));
        QCOMPARE(shown.name, QStringLiteral("loadProfile, sequential (last valid version)"));
        QCOMPARE(shown.settledMs, std::optional<double>(800));
        QCOMPARE(shown.spans.size(), 4);
        QVERIFY(shown.runError.isEmpty());
        QCOMPARE(run.trace().plans.at(1).settledMs, std::optional<double>(200)); // the other plans ran anew
    }

    void anEditDuringARunawayRunDropsItsResult()
    {
        if (JsWorker::nodeExecutable().isEmpty())
            QSKIP("no Node.js on this machine");
        ScenarioDocument document;
        RunController run(&document);
        QVERIFY(loadJavaScriptExample(document, run));
        QSignalSpy dropped(&run, &RunController::staleRunDropped);
        QSignalSpy finished(&run, &RunController::rerunFinished);
        QVERIFY(document.setPlanJavaScript(1, QStringLiteral("while (true) {}")));
        QVERIFY(run.isJavaScriptRunActive());
        const quint64 overtaken = run.generation();
        // The user fixes the plan while the runaway one is still being stopped.
        QVERIFY(document.setPlanJavaScript(1, QStringLiteral("await fetchUser(1);\nreturn 'fixed';")));
        QVERIFY(run.isRunning());
        QCOMPARE(finished.count(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(dropped.count(), 1, 6000);
        QCOMPARE(dropped.first().first().toULongLong(), overtaken);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 6000); // one more run, of the fixed code
        QVERIFY(!run.isRunning());
        const PlanTrace &fixed = run.trace().plans.at(1);
        QCOMPARE(fixed.name, QStringLiteral("loadProfile, Promise.all"));
        QCOMPARE(fixed.settledMs, std::optional<double>(200));
        QCOMPARE(fixed.spans.size(), 1);
        QVERIFY(run.planRunErrors().isEmpty());
    }

    void aSyntaxErrorKeepsTheLastValidPicture()
    {
        if (JsWorker::nodeExecutable().isEmpty())
            QSKIP("no Node.js on this machine");
        ScenarioDocument document;
        RunController run(&document);
        QVERIFY(loadJavaScriptExample(document, run));
        QSignalSpy finished(&run, &RunController::rerunFinished);
        QVERIFY(document.setPlanJavaScript(1, QStringLiteral("const a = 1;\nawait fetchUser(;")));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 6000);
        const QString error = run.planRunErrors().value(QStringLiteral("loadProfile, Promise.all"));
        QVERIFY2(error.startsWith(QStringLiteral("line 2, column 17: ")), qPrintable(error));
        QCOMPARE(run.trace().plans.at(1).name, QStringLiteral("loadProfile, Promise.all (last valid version)"));
        QCOMPARE(run.trace().plans.at(1).settledMs, std::optional<double>(200));
        // A plan that never ran shows its error: no last valid version to keep.
        document.load(QStringLiteral("example:js-load-profile"));
        QTRY_VERIFY_WITH_TIMEOUT(!run.isRunning(), 6000);
        QVERIFY(document.setPlanJavaScript(2, QStringLiteral("await fetchUser(;")));
        QTRY_VERIFY_WITH_TIMEOUT(!run.isRunning(), 6000);
        QCOMPARE(run.trace().plans.at(2).name, QStringLiteral("seq(...), the same as an expression"));
        QVERIFY(run.trace().plans.at(2).runError.startsWith(QStringLiteral("line 1, column 17: ")));
    }

    void editAsJavaScriptDrawsTheSamePicture_data()
    {
        QTest::addColumn<QString>("example");
        QTest::addRow("profile") << QStringLiteral("profile");
        QTest::addRow("timeouts") << QStringLiteral("timeouts");
        QTest::addRow("zombies") << QStringLiteral("zombies");
        QTest::addRow("retry") << QStringLiteral("retry");
    }

    void editAsJavaScriptDrawsTheSamePicture()
    {
        if (JsWorker::nodeExecutable().isEmpty())
            QSKIP("no Node.js on this machine");
        QFETCH(QString, example);
        ScenarioDocument document;
        RunController run(&document);
        QVERIFY(document.load(QStringLiteral("example:") + example));
        const RunTrace expression = run.trace();
        for (int row = 0; row < document.scenario().plans.size(); ++row) {
            const Scenario &scenario = document.scenario();
            QVERIFY(document.setPlanJavaScript(row, generatePlanJavaScriptBody(scenario, scenario.plans.at(row))));
            QTRY_VERIFY_WITH_TIMEOUT(!run.isRunning(), 15000);
            QVERIFY(document.scenario().plans.at(row).isJavaScript());
            const PlanTrace &before = expression.plans.at(row);
            const PlanTrace &after = run.trace().plans.at(row);
            QVERIFY2(after.runError.isEmpty(), qPrintable(after.runError));
            QCOMPARE(after.name, before.name);
            QCOMPARE(int(after.outcome), int(before.outcome));
            QCOMPARE(after.settledMs, before.settledMs);
            QCOMPARE(after.spans.size(), before.spans.size());
            for (int i = 0; i < before.spans.size(); ++i) {
                const Span &a = after.spans.at(i);
                const Span &b = before.spans.at(i);
                QCOMPARE(a.task, b.task);
                QCOMPARE(a.instance, b.instance);
                QCOMPARE(a.startMs, b.startMs);
                QCOMPARE(a.endMs, b.endMs);
                QCOMPARE(int(a.outcome), int(b.outcome));
                QCOMPARE(a.discarded, b.discarded);
            }
        }
        // One undo step per conversion: undo gives the expression plan back.
        document.undoStack()->undo();
        QTRY_VERIFY_WITH_TIMEOUT(!run.isRunning(), 15000);
        const int last = int(document.scenario().plans.size()) - 1;
        QVERIFY(!document.scenario().plans.at(last).isJavaScript());
        QCOMPARE(document.scenario().plans.at(last).run, expression.plans.at(last).run);
    }
};

QTEST_GUILESS_MAIN(TestRunController)
#include "tst_run_controller.moc"
