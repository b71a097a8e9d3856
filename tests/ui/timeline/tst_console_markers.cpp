// console.log lines of a JavaScript plan: a small marker on the plan's band
// at the line's virtual time (warnings and errors in the rejected colour),
// its text found under the marker for the tooltip, none past the playhead.

#include "markers_pass.h"
#include "time_mapping.h"
#include "timeline_layout.h"
#include "timeline_painter.h"
#include "trace.h"

#include <QImage>
#include <QPainter>
#include <QTest>

using namespace asyncscope;

namespace {

RunTrace traceWithConsole()
{
    PlanTrace plan;
    plan.name = plan.id = QStringLiteral("logged");
    plan.js = QStringLiteral("console.log('hello'); await fetchA(); console.warn('late');");
    Span a;
    a.task = QStringLiteral("a");
    a.startMs = 0;
    a.endMs = 200;
    a.outcome = SpanOutcome::Fulfilled;
    plan.spans << a;
    plan.outcome = PlanOutcome::Fulfilled;
    plan.settledMs = 200;
    plan.finishedMs = 200;
    plan.console << ConsoleLine{50, QStringLiteral("log"), QStringLiteral("hello")}
                 << ConsoleLine{50, QStringLiteral("log"), QStringLiteral("again")}
                 << ConsoleLine{150, QStringLiteral("warn"), QStringLiteral("late")};
    RunTrace trace;
    trace.scenario = QStringLiteral("console");
    trace.plans << plan;
    return trace;
}

} // namespace

class TestConsoleMarkers : public QObject
{
    Q_OBJECT

private slots:
    void markersSitAtTheirTimeWithTheirText()
    {
        const RunTrace trace = traceWithConsole();
        TimelinePainter painter;
        TimelinePaintOptions options;
        const QSize size(900, 360);
        const TimelineGeometry &geometry = painter.geometry(trace, 1, size.width(), options);
        const TimeAxis axis = painter.timeAxis(geometry, trace, options);
        const double scale = options.theme.scale;
        const QPointF hello = consoleMarkerCentre(geometry.bands.at(0), timeToPixel(axis, 50), scale);
        const QPointF late = consoleMarkerCentre(geometry.bands.at(0), timeToPixel(axis, 150), scale);
        QVERIFY(late.x() - hello.x() > 100); // 100 ms apart on a 900 px picture

        QImage image(size, QImage::Format_ARGB32);
        image.fill(Qt::white);
        {
            QPainter p(&image);
            painter.paint(&p, size, trace, 1, options);
        }
        QCOMPARE(image.pixelColor(hello.toPoint()), options.theme.mutedText);
        QCOMPARE(image.pixelColor(late.toPoint()), options.theme.rejected);

        // Two lines at one time share a marker: the tooltip has both, in order.
        QCOMPARE(painter.consoleLineAt(trace, 1, size, options, hello),
                 std::optional<QString>(QStringLiteral("50 ms  log: hello\n50 ms  log: again")));
        QCOMPARE(painter.consoleLineAt(trace, 1, size, options, late + QPointF(3, -3)),
                 std::optional<QString>(QStringLiteral("150 ms  warn: late")));
        QCOMPARE(painter.consoleLineAt(trace, 1, size, options, hello + QPointF(20, 0)), std::nullopt);
        QCOMPARE(painter.consoleLineAt(trace, 1, size, options, hello + QPointF(0, 30)), std::nullopt);
    }

    void nothingPastThePlayhead()
    {
        const RunTrace trace = traceWithConsole();
        TimelinePainter painter;
        TimelinePaintOptions options;
        options.playheadMs = 100;
        const QSize size(900, 360);
        const TimelineGeometry &geometry = painter.geometry(trace, 1, size.width(), options);
        const TimeAxis axis = painter.timeAxis(geometry, trace, options);
        const QPointF late = consoleMarkerCentre(geometry.bands.at(0), timeToPixel(axis, 150), options.theme.scale);
        QImage image(size, QImage::Format_ARGB32);
        image.fill(Qt::white);
        {
            QPainter p(&image);
            painter.paint(&p, size, trace, 1, options);
        }
        QVERIFY(image.pixelColor(late.toPoint()) != options.theme.rejected);
        QCOMPARE(painter.consoleLineAt(trace, 1, size, options, late), std::nullopt);
        const QPointF hello = consoleMarkerCentre(geometry.bands.at(0), timeToPixel(axis, 50), options.theme.scale);
        QVERIFY(painter.consoleLineAt(trace, 1, size, options, hello).has_value());
    }
};

QTEST_MAIN(TestConsoleMarkers)
#include "tst_console_markers.moc"
