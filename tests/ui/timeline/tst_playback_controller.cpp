// PlaybackController: the playhead clock and event stepping, driven by a test clock.

#include "playback_controller.h"
#include "trace.h"

#include <QSignalSpy>
#include <QTest>

using namespace asyncscope;

namespace {

Span span(const QString &task, double start, std::optional<double> end, SpanOutcome outcome = SpanOutcome::Fulfilled)
{
    Span s;
    s.task = task;
    s.queuedMs = start;
    s.startMs = start;
    s.endMs = end;
    s.outcome = end ? outcome : SpanOutcome::Pending;
    return s;
}

// Plan A: a then b (0-200, 200-500), settles at 500.
// Plan B: c 50-300 settles it at 300; d starts at 100 and never ends.
RunTrace twoPlanTrace()
{
    RunTrace trace;
    PlanTrace a;
    a.name = QStringLiteral("A");
    a.spans = {span(QStringLiteral("a"), 0, 200), span(QStringLiteral("b"), 200, 500)};
    a.outcome = PlanOutcome::Fulfilled;
    a.settledMs = 500;
    PlanTrace b;
    b.name = QStringLiteral("B");
    b.spans = {span(QStringLiteral("c"), 50, 300), span(QStringLiteral("d"), 100, std::nullopt)};
    b.outcome = PlanOutcome::Fulfilled;
    b.settledMs = 300;
    trace.plans = {a, b};
    return trace;
}

} // namespace

class TestPlaybackController : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void eventTimesAreSortedUniqueStartsEndsAndSettles()
    {
        QCOMPARE(PlaybackController::eventTimes(twoPlanTrace()), (QList<double>{0, 50, 100, 200, 300, 500}));
        QCOMPARE(PlaybackController::eventTimes(RunTrace{}), QList<double>{0});
    }

    void startsAtTheFinalState()
    {
        PlaybackController controller;
        controller.setTrace(twoPlanTrace());
        QCOMPARE(controller.endMs(), 500.0);
        QCOMPARE(controller.position(), 500.0);
        QVERIFY(controller.isAtEnd());
        QVERIFY(!controller.isPlaying());
    }

    void stepForwardVisitsEveryEvent()
    {
        PlaybackController controller;
        controller.setTrace(twoPlanTrace());
        controller.toStart();
        QList<double> visited;
        for (int i = 0; i < 7; ++i) {
            controller.stepForward();
            visited << controller.position();
        }
        QCOMPARE(visited, (QList<double>{50, 100, 200, 300, 500, 500, 500}));
    }

    void stepBackVisitsEveryEvent()
    {
        PlaybackController controller;
        controller.setTrace(twoPlanTrace());
        QList<double> visited;
        for (int i = 0; i < 7; ++i) {
            controller.stepBack();
            visited << controller.position();
        }
        QCOMPARE(visited, (QList<double>{300, 200, 100, 50, 0, 0, 0}));
    }

    void stepFromBetweenEvents_data()
    {
        QTest::addColumn<double>("from");
        QTest::addColumn<double>("next");
        QTest::addColumn<double>("previous");
        QTest::addRow("just after 0") << 1.0 << 50.0 << 0.0;
        QTest::addRow("between 100 and 200") << 150.0 << 200.0 << 100.0;
        QTest::addRow("on 200") << 200.0 << 300.0 << 100.0;
        QTest::addRow("just before the end") << 499.5 << 500.0 << 300.0;
    }

    void stepFromBetweenEvents()
    {
        QFETCH(double, from);
        QFETCH(double, next);
        QFETCH(double, previous);
        PlaybackController controller;
        controller.setTrace(twoPlanTrace());
        controller.seek(from);
        controller.stepForward();
        QCOMPARE(controller.position(), next);
        controller.seek(from);
        controller.stepBack();
        QCOMPARE(controller.position(), previous);
    }

    void playAdvancesAtSpeedTimesRealTime()
    {
        qint64 now = 1000;
        PlaybackController controller;
        controller.setTimeSource([&now] { return now; });
        controller.setTrace(twoPlanTrace());
        QSignalSpy playing(&controller, &PlaybackController::playingChanged);

        controller.play(); // at the end: starts again from 0
        QVERIFY(controller.isPlaying());
        QCOMPARE(controller.position(), 0.0);
        QCOMPARE(playing.count(), 1);

        now += 100;
        controller.advanceFrame();
        QCOMPARE(controller.position(), 100.0);

        controller.setSpeed(0.5);
        now += 100;
        controller.advanceFrame();
        QCOMPARE(controller.position(), 150.0);

        controller.setSpeed(2);
        now += 100;
        controller.advanceFrame();
        QCOMPARE(controller.position(), 350.0);

        now += 1000; // far beyond the end: clamps and stops
        controller.advanceFrame();
        QCOMPARE(controller.position(), 500.0);
        QVERIFY(!controller.isPlaying());
        QCOMPARE(playing.count(), 2);
        QCOMPARE(playing.last().first().toBool(), false);
    }

    void speedIsClamped()
    {
        PlaybackController controller;
        controller.setSpeed(100);
        QCOMPARE(controller.speed(), PlaybackController::kMaximumSpeed);
        controller.setSpeed(0);
        QCOMPARE(controller.speed(), PlaybackController::kMinimumSpeed);
    }

    void pausedClockDoesNotMove()
    {
        qint64 now = 0;
        PlaybackController controller;
        controller.setTimeSource([&now] { return now; });
        controller.setTrace(twoPlanTrace());
        controller.restart();
        now = 100;
        controller.advanceFrame();
        controller.pause();
        now = 400;
        controller.advanceFrame();
        QCOMPARE(controller.position(), 100.0);
        controller.play(); // resumes from where it was, not from 0, and does not count the pause
        now = 450;
        controller.advanceFrame();
        QCOMPARE(controller.position(), 150.0);
    }

    void seekPausesAndClamps()
    {
        PlaybackController controller;
        controller.setTrace(twoPlanTrace());
        controller.restart();
        QVERIFY(controller.isPlaying());
        controller.seek(250);
        QVERIFY(!controller.isPlaying());
        QCOMPARE(controller.position(), 250.0);
        controller.seek(9999);
        QCOMPARE(controller.position(), 500.0);
        controller.seek(-5);
        QCOMPARE(controller.position(), 0.0);
    }

    void realTimerReachesTheEndAndStops()
    {
        PlaybackController controller;
        controller.setTrace(twoPlanTrace());
        controller.setSpeed(10); // 500 ms of trace in about 50 ms
        QSignalSpy positions(&controller, &PlaybackController::positionChanged);
        controller.restart();
        QTRY_VERIFY_WITH_TIMEOUT(!controller.isPlaying(), 5000);
        QCOMPARE(controller.position(), 500.0);
        QVERIFY2(positions.count() >= 3, "the playhead moves in several frames, not one jump");
        QList<double> seen;
        for (const QList<QVariant> &args : std::as_const(positions))
            seen << args.first().toDouble();
        QVERIFY(std::is_sorted(seen.cbegin() + 1, seen.cend())); // after the restart to 0, only forward
    }

    void newTraceKeepsPositionOrFollowsTheEnd()
    {
        PlaybackController controller;
        controller.setTrace(twoPlanTrace());
        RunTrace longer = twoPlanTrace();
        longer.plans[0].spans[1].endMs = 900;
        longer.plans[0].settledMs = 900;
        controller.setTrace(longer); // was at the end: stays at the (new) end
        QCOMPARE(controller.position(), 900.0);
        controller.seek(250);
        controller.setTrace(twoPlanTrace()); // scrubbing: stays put
        QCOMPARE(controller.position(), 250.0);
        controller.seek(480);
        RunTrace shorter = twoPlanTrace();
        shorter.plans[0].spans[1].endMs = 400;
        shorter.plans[0].settledMs = 400;
        controller.setTrace(shorter); // beyond the new end: clamped
        QCOMPARE(controller.position(), 400.0);
    }
};

QTEST_GUILESS_MAIN(TestPlaybackController)
#include "tst_playback_controller.moc"
