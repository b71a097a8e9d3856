// The timeline picture, sampled pixel by pixel from hand-made traces: where
// bars, markers and the legend are is computed with the same timeToPixel the
// painter uses, so a wrong mapping or a missing element fails here.

#include "ruler_ticks.h"
#include "../sample_traces.h"
#include "theme.h"
#include "timeline_painter.h"
#include "trace_import.h"

#include <QElapsedTimer>
#include <QImage>
#include <QPainter>
#include <QSet>
#include <QTest>

using namespace asyncscope;

namespace {

struct Rendered
{
    QImage image;
    TimelineGeometry geometry;
    TimeAxis axis;
    int bars = 0;
};

Rendered render(const RunTrace &trace, const TimelinePaintOptions &options, const QSize &size = QSize(1200, 600))
{
    Rendered r;
    r.image = QImage(size, QImage::Format_ARGB32_Premultiplied);
    r.image.fill(Qt::magenta); // anything unpainted shows
    TimelinePainter painter;
    QPainter p(&r.image);
    painter.paint(&p, size, trace, 1, options);
    p.end();
    r.geometry = painter.geometry(trace, 1, size.width(), options);
    r.axis = painter.timeAxis(r.geometry, trace, options);
    r.bars = painter.lastBarCount();
    return r;
}

QColor pixel(const Rendered &r, double x, double y)
{
    return r.image.pixelColor(int(std::floor(x)), int(std::floor(y)));
}

double laneY(const Rendered &r, int band, int lane)
{
    return r.geometry.bands.at(band).lanes.at(lane).rect.center().y();
}

QSet<QRgb> coloursIn(const QImage &image, const QRect &rect)
{
    QSet<QRgb> colours;
    for (int y = rect.top(); y <= rect.bottom(); ++y)
        for (int x = rect.left(); x <= rect.right(); ++x)
            colours.insert(image.pixel(x, y));
    return colours;
}

// A Chrome trace of `events` complete events of 10 us, 10 us apart, spread over
// `threads` threads of one process (or one process per thread), each thread's
// events named after it: the recording that once crashed the export.
QByteArray manyThreadsTrace(int events, int threads, bool processPerThread)
{
    QByteArray json = "{\"traceEvents\":[";
    for (int i = 0; i < events; ++i) {
        const int thread = i % threads;
        json += (i ? "," : "") + QByteArrayLiteral("{\"name\":\"e") + QByteArray::number(thread)
                + "\",\"ph\":\"X\",\"ts\":" + QByteArray::number(1000 + i * 10) + ",\"dur\":10,\"pid\":"
                + QByteArray::number(processPerThread ? thread : 1) + ",\"tid\":" + QByteArray::number(thread) + "}";
    }
    return json + "]}";
}

RunTrace imported(const QByteArray &json)
{
    QString error;
    const std::optional<RunTrace> trace = importTraceData(json, QStringLiteral("threads.json"), &error);
    if (!trace)
        qFatal("import failed: %s", qPrintable(error));
    return *trace;
}

int laneCount(const TimelineGeometry &g)
{
    int lanes = 0;
    for (const BandGeometry &band : g.bands)
        lanes += int(band.lanes.size());
    return lanes;
}

// One plan, one lane ("work" x n): n back-to-back spans of `spanMs` from 0, except a gap
// [gapFromMs, gapToMs) with no span, and span `rejectedIndex` rejected.
RunTrace denseLane(int n, double spanMs, double gapFromMs, double gapToMs, int rejectedIndex)
{
    RunTrace trace;
    trace.scenario = QStringLiteral("dense");
    PlanTrace plan;
    plan.name = QStringLiteral("dense");
    plan.run = QStringLiteral("seq(...)");
    for (int i = 0; i < n; ++i) {
        Span span;
        span.task = QStringLiteral("work");
        span.instance = i + 1;
        span.startMs = span.queuedMs = i * spanMs;
        if (span.startMs >= gapFromMs && span.startMs < gapToMs)
            continue;
        span.endMs = span.startMs + spanMs;
        span.outcome = i == rejectedIndex ? SpanOutcome::Rejected : SpanOutcome::Fulfilled;
        plan.spans.append(span);
    }
    plan.outcome = PlanOutcome::Fulfilled;
    plan.settledMs = n * spanMs;
    plan.finishedMs = n * spanMs;
    trace.plans.append(plan);
    return trace;
}

} // namespace

class TstTimelinePainter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rulerSteps_data()
    {
        QTest::addColumn<double>("rough");
        QTest::addColumn<double>("step");
        QTest::addRow("1") << 1.0 << 1.0;
        QTest::addRow("1.3") << 1.3 << 2.0;
        QTest::addRow("3") << 3.0 << 5.0;
        QTest::addRow("7") << 7.0 << 10.0;
        QTest::addRow("140") << 140.0 << 200.0;
        QTest::addRow("0.03") << 0.03 << 0.05;
    }
    void rulerSteps()
    {
        QFETCH(double, rough);
        QFETCH(double, step);
        QCOMPARE(niceStep(rough), step);
    }

    void rulerLabels_data()
    {
        QTest::addColumn<double>("ms");
        QTest::addColumn<double>("step");
        QTest::addColumn<QString>("label");
        QTest::addRow("zero") << 0.0 << 200.0 << QStringLiteral("0 ms");
        QTest::addRow("ms") << 800.0 << 200.0 << QStringLiteral("800 ms");
        QTest::addRow("seconds") << 1500.0 << 500.0 << QStringLiteral("1.5 s");
        QTest::addRow("whole seconds") << 2000.0 << 1000.0 << QStringLiteral("2 s");
        QTest::addRow("fine ms") << 1200.0 << 100.0 << QStringLiteral("1200 ms");
        QTest::addRow("sub-ms") << 0.25 << 0.05 << QStringLiteral("0.25 ms");
    }
    void rulerLabels()
    {
        QFETCH(double, ms);
        QFETCH(double, step);
        QFETCH(QString, label);
        QCOMPARE(formatMs(ms, step), label);
    }

    void profileTicks()
    {
        const auto ticks = rulerTicks(0, 900, 9);
        QCOMPARE(ticks.first().label, QStringLiteral("0 ms"));
        QCOMPARE(ticks.at(8).label, QStringLiteral("800 ms"));
        QCOMPARE(ticks.size(), 10);
        QCOMPARE(TimelinePainter::axisEndMs(samples::profile()), 850.0);
    }

    void fulfilledBarsWhereTheyBelong_data()
    {
        QTest::addColumn<int>("band");
        QTest::addColumn<int>("lane");
        QTest::addColumn<double>("startMs");
        QTest::addColumn<double>("endMs");
        QTest::addRow("sequential user") << 0 << 0 << 0.0 << 200.0;
        QTest::addRow("sequential posts") << 0 << 1 << 200.0 << 400.0;
        QTest::addRow("sequential recommendations") << 0 << 3 << 600.0 << 800.0;
        QTest::addRow("parallel followers") << 1 << 2 << 0.0 << 200.0;
    }
    void fulfilledBarsWhereTheyBelong()
    {
        QFETCH(int, band);
        QFETCH(int, lane);
        QFETCH(double, startMs);
        QFETCH(double, endMs);
        TimelinePaintOptions options;
        const Rendered r = render(samples::profile(), options);
        const Theme &theme = options.theme;
        const double y = laneY(r, band, lane);
        const double left = timeToPixel(r.axis, startMs);
        const double right = timeToPixel(r.axis, endMs);
        // Inside: the fulfilled colour all along (a few pixels in from each end).
        for (double x = left + 3; x < right - 3; x += 7)
            QCOMPARE(pixel(r, x, y), theme.fulfilled);
        // Outside, in the same lane: not the bar.
        if (startMs > 0)
            QVERIFY(pixel(r, left - 6, y) != theme.fulfilled);
        QVERIFY(pixel(r, right + 20, y) != theme.fulfilled);
        QVERIFY(!r.image.pixelColor(0, 0).operator==(QColor(Qt::magenta)));
    }

    void settleMarkerAtSettleTime()
    {
        TimelinePaintOptions options;
        const Rendered r = render(samples::profile(), options);
        const QColor background = options.theme.background;
        const QColor grid = options.theme.grid;
        // Sequential, lane 0 ("user #1", 0–200 ms): right of its bar, the first
        // thing that is neither background nor grid is the settle marker at 800 ms.
        const double y = laneY(r, 0, 0);
        const double expected = timeToPixel(r.axis, 800);
        int found = -1;
        for (int x = int(timeToPixel(r.axis, 200)) + 4; x < int(r.geometry.plotRight); ++x) {
            const QColor c = r.image.pixelColor(x, int(y));
            if (c != background && c != grid) {
                found = x;
                break;
            }
        }
        QVERIFY2(std::abs(found - expected) <= 1.5, qPrintable(QStringLiteral("marker at %1, expected %2").arg(found).arg(expected)));
        // Parallel (the second band, striped) settles at 200 ms: lane 0 right of 200 ms is empty.
        const double py = laneY(r, 1, 0);
        QCOMPARE(pixel(r, timeToPixel(r.axis, 500), py), options.theme.bandStripe);
    }

    void settleLabelText_data()
    {
        QTest::addColumn<int>("plan");
        QTest::addColumn<QString>("label");
        QTest::addRow("race rejects") << 0 << QStringLiteral("✗ rejected at 80 ms: \"HTTP 503\"  · by cdn1 #1");
        QTest::addRow("timeout timer") << 1 << QStringLiteral("✗ rejected at 300 ms: \"TimeoutError\"  · by timeout(300)");
        QTest::addRow("pending") << 2 << QStringLiteral("pending (never settles)");
        QTest::addRow("fulfilled") << 3 << QStringLiteral("✓ fulfilled at 350 ms → [1, 2]  · by b #1");
    }
    void settleLabelText()
    {
        QFETCH(int, plan);
        QFETCH(QString, label);
        QCOMPARE(settleLabel(samples::mixed().plans.at(plan)), label);
    }

    void printThemeIsGreyAndPatterned()
    {
        TimelinePaintOptions options;
        options.theme = Theme::print();
        const RunTrace trace = samples::mixed();
        const Rendered r = render(trace, options, QSize(1200, 700));
        // Only greys anywhere in the picture.
        for (int y = 0; y < r.image.height(); y += 2) {
            for (int x = 0; x < r.image.width(); x += 2) {
                const QColor c = r.image.pixelColor(x, y);
                QVERIFY2(c.red() == c.green() && c.green() == c.blue(),
                         qPrintable(QStringLiteral("colour at %1,%2").arg(x).arg(y)));
            }
        }
        // The rejected bar (race, cdn1 0–80 ms) is patterned; the fulfilled one (queued, a 0–150 ms) is flat.
        const double barHalf = r.geometry.barHeight / 2;
        auto inner = [&](int band, int lane, double from, double to) {
            const double y = laneY(r, band, lane);
            return QRect(QPoint(int(timeToPixel(r.axis, from)) + 3, int(y - barHalf) + 3),
                         QPoint(int(timeToPixel(r.axis, to)) - 3, int(y + barHalf) - 3));
        };
        const QSet<QRgb> rejected = coloursIn(r.image, inner(0, 0, 0, 80));
        const QSet<QRgb> fulfilled = coloursIn(r.image, inner(3, 0, 0, 150));
        QCOMPARE(fulfilled.size(), 1);
        QVERIFY2(rejected.size() >= 2, "rejected bars carry a hatch pattern");
        QVERIFY(!rejected.contains(*fulfilled.cbegin()) || rejected.size() > 2);
        // Aborted (timeout band) has a pattern too, and it differs from rejected's.
        const QSet<QRgb> aborted = coloursIn(r.image, inner(1, 0, 0, 300));
        QVERIFY(aborted.size() >= 2);
        QVERIFY(aborted != rejected);
    }

    void legendPresent()
    {
        TimelinePaintOptions options;
        const Rendered r = render(samples::profile(), options);
        QVERIFY(!r.geometry.legendRect.isEmpty());
        QVERIFY(r.geometry.legendRect.bottom() < 600);
        // The first swatch is the fulfilled style, at the legend's left edge.
        const QPointF swatch(r.geometry.legendRect.left() + 13, r.geometry.legendRect.center().y());
        QCOMPARE(pixel(r, swatch.x(), swatch.y()), options.theme.fulfilled);
        // The rejected swatch (second) is hatched: more than one colour.
        QVERIFY(!r.geometry.footerRect.isEmpty());
    }

    void playheadShowsStateAtTime()
    {
        TimelinePaintOptions options;
        options.playheadMs = 100;
        const Rendered r = render(samples::profile(), options);
        const Theme &t = options.theme;
        // sequential posts starts at 200: at t=100 it is not there at all.
        QCOMPARE(pixel(r, timeToPixel(r.axis, 330), laneY(r, 0, 1)), t.background);
        // user is running: drawn up to t in the running style, nothing after t.
        const QColor running = pixel(r, timeToPixel(r.axis, 50), laneY(r, 0, 0));
        QVERIFY(running != t.fulfilled);
        QVERIFY(running != t.background);
        QCOMPARE(pixel(r, timeToPixel(r.axis, 170), laneY(r, 0, 0)), t.background);
        // The playhead line at t.
        QCOMPARE(pixel(r, timeToPixel(r.axis, 100), laneY(r, 0, 2)), t.playhead);
        // At t=250 parallel has settled: its bars have their outcome colour.
        options.playheadMs = 250;
        const Rendered later = render(samples::profile(), options);
        QCOMPARE(pixel(later, timeToPixel(later.axis, 100), laneY(later, 1, 0)), t.fulfilled);
    }

    void zoomedRangeMapsBars()
    {
        TimelinePaintOptions options;
        options.viewStartMs = 300;
        options.viewEndMs = 500;
        const Rendered r = render(samples::profile(), options);
        // posts (200–400) covers the left half of the view; followers (400–600) the right.
        QCOMPARE(pixel(r, timeToPixel(r.axis, 350), laneY(r, 0, 1)), options.theme.fulfilled);
        QCOMPARE(pixel(r, timeToPixel(r.axis, 450), laneY(r, 0, 2)), options.theme.fulfilled);
        QVERIFY(pixel(r, timeToPixel(r.axis, 450), laneY(r, 0, 1)) != options.theme.fulfilled);
        QCOMPARE(r.bars, 2); // posts and followers; the rest is outside the range
    }

    void manyThreadsCollapseIntoBoundedLanes()
    {
        // 100 000 events on 100 000 threads of one process: a task (lane) each, far more than fit.
        const RunTrace trace = imported(manyThreadsTrace(100000, 100000, false));
        QCOMPARE(trace.plans.size(), 1);
        TimelinePaintOptions options;
        const Rendered r = render(trace, options, QSize(1200, 800));
        QCOMPARE(r.geometry.bands.size(), 1);
        QCOMPARE(laneCount(r.geometry), kMaxPictureLanes);
        const LaneGeometry &merged = r.geometry.bands.at(0).lanes.constLast();
        QCOMPARE(merged.label, QStringLiteral("+99841 lanes ×99841"));
        QCOMPARE(merged.spans.size(), 99841);
        QVERIFY(std::is_sorted(merged.starts.cbegin(), merged.starts.cend()));
        QCOMPARE(r.geometry.height, 3745.0); // title, ruler, one band of 160 lanes, legend
        QCOMPARE(r.geometry.omittedPlans, 0);
    }

    void manyProcessesKeepTheFirstBands()
    {
        // 1000 events on 500 threads, a process each (the importer takes at most 1000 processes):
        // 24 bands, and a line for the rest.
        const RunTrace trace = imported(manyThreadsTrace(1000, 500, true));
        QCOMPARE(trace.plans.size(), 500);
        TimelinePaintOptions options;
        TimelinePainter painter;
        const int height = painter.requiredHeight(trace, 1200, options);
        QCOMPARE(height, 2685); // 24 bands of one lane, the "more plans" row
        const Rendered r = render(trace, options, QSize(1200, height));
        QCOMPARE(r.geometry.bands.size(), kMaxPictureBands);
        QCOMPARE(r.geometry.omittedPlans, 500 - kMaxPictureBands);
        QVERIFY(!r.geometry.omittedRow.isEmpty());
        // "+476 more plans not drawn" is written in the label column (no grid there): not just background.
        const QRectF row = r.geometry.omittedRow;
        const QRect textArea(0, int(row.top()), int(r.geometry.labelRight), int(row.height()));
        QVERIFY(coloursIn(r.image, textArea).size() > 1);
        const QRectF belowLastBand(0, r.geometry.bands.constLast().rect.bottom() + 1, r.geometry.labelRight, 4);
        QCOMPARE(coloursIn(r.image, belowLastBand.toRect()).size(), 1); // while the gap above it is empty
    }

    void smallBandsKeepTheirLanesWhenAnotherCollapses()
    {
        // Plan 1: 10 invocations (a lane each); plan 2: 1000 tasks of 50 spans' plan (a lane per task).
        RunTrace trace;
        for (int p = 0; p < 2; ++p) {
            PlanTrace plan;
            plan.name = QStringLiteral("plan%1").arg(p);
            const int spans = p == 0 ? 10 : 1000;
            for (int i = 0; i < spans; ++i) {
                Span span;
                span.task = QStringLiteral("t%1").arg(i);
                span.startMs = span.queuedMs = i;
                span.endMs = i + 1.0;
                span.outcome = SpanOutcome::Fulfilled;
                plan.spans.append(span);
            }
            trace.plans.append(plan);
        }
        TimelinePainter painter;
        const TimelineGeometry &g = painter.geometry(trace, 1, 1200, TimelinePaintOptions());
        QCOMPARE(g.bands.at(0).lanes.size(), 10);
        QCOMPARE(g.bands.at(1).lanes.size(), kMaxPictureLanes - 10);
        QCOMPARE(g.bands.at(1).lanes.constLast().label, QStringLiteral("+851 lanes ×851"));
    }

    void denseLaneDrawnFromItsCoverage()
    {
        // 20 000 spans of 0.05 ms over 1 s, none in [400, 500) ms, one rejected at 800 ms:
        // drawn from the level of detail (one lane, far more spans than pixels).
        const RunTrace trace = denseLane(20000, 0.05, 400, 500, 16000);
        TimelinePaintOptions options;
        options.showTitle = false;
        const Rendered r = render(trace, options);
        const LaneGeometry &lane = r.geometry.bands.at(0).lanes.at(0);
        QVERIFY(lane.coverage);
        QCOMPARE(lane.coverage->levels.at(0).size(), std::size_t(65536));
        const double y = laneY(r, 0, 0);
        QCOMPARE(pixel(r, timeToPixel(r.axis, 200), y), options.theme.fulfilled);
        QCOMPARE(pixel(r, timeToPixel(r.axis, 700), y), options.theme.fulfilled);
        QCOMPARE(pixel(r, timeToPixel(r.axis, 450), y), options.theme.background); // the gap stays empty
        // The rejected span shows: a column within a pixel of its time is not the fulfilled fill.
        const int column = int(std::floor(timeToPixel(r.axis, 800)));
        QVERIFY(pixel(r, column - 1, y) != options.theme.fulfilled || pixel(r, column, y) != options.theme.fulfilled
                || pixel(r, column + 1, y) != options.theme.fulfilled);
        // Fulfilled [0, 400) and [500, 1000), and the rejected column on top: three bars for 18 000 spans.
        QCOMPARE(r.bars, 3);
        // Zoomed in to 20 ms the same lane is drawn span by span: 400 spans, merged per pixel run.
        options.viewStartMs = 100;
        options.viewEndMs = 120;
        const Rendered zoomed = render(trace, options);
        QCOMPARE(pixel(zoomed, timeToPixel(zoomed.axis, 110), y), options.theme.fulfilled);
    }

    void denseLaneHatchIsTiledInEveryTheme_data()
    {
        QTest::addColumn<QString>("theme");
        QTest::addRow("light") << QStringLiteral("light");
        QTest::addRow("dark") << QStringLiteral("dark");
        QTest::addRow("print") << QStringLiteral("print");
        QTest::addRow("light again") << QStringLiteral("light"); // after the others: the tiles are per colour
    }

    void denseLaneHatchIsTiledInEveryTheme()
    {
        // A lane with a level of detail, rejected over [300, 600) ms: one wide rejected run whose
        // cross-hatch is a tiled fill anchored to the picture (pixels with x + y ≡ 0 or x − y ≡ 0
        // mod 5 are ink) and whose "×" is a stamp; both kept per thread, keyed by colour.
        QFETCH(QString, theme);
        RunTrace trace = denseLane(20000, 0.05, -1, -1, -1);
        for (Span &span : trace.plans[0].spans) {
            if (span.startMs >= 300 && span.startMs < 600)
                span.outcome = SpanOutcome::Rejected;
        }
        TimelinePaintOptions options;
        options.showTitle = false;
        options.theme = *Theme::byName(theme);
        const Rendered r = render(trace, options);
        QVERIFY(r.geometry.bands.at(0).lanes.at(0).coverage);
        const Theme &t = options.theme;
        const bool mono = t.monochrome();
        const QColor base = t.rejected;
        const QColor fill = mono ? QColor(Qt::white)
                                 : QColor::fromRgbF(float(base.redF() * 0.45 + t.background.redF() * 0.55),
                                                    float(base.greenF() * 0.45 + t.background.greenF() * 0.55),
                                                    float(base.blueF() * 0.45 + t.background.blueF() * 0.55));
        const QColor ink = mono ? QColor(Qt::black) : base;
        const double y = laneY(r, 0, 0);
        const double half = r.geometry.barHeight / 2;
        int inkPixels = 0;
        for (int py = int(y - half) + 2; py <= int(y + half) - 3; ++py) {
            for (int px = int(timeToPixel(r.axis, 350)); px < int(timeToPixel(r.axis, 550)); ++px) {
                const bool onLine = (px + py) % 5 == 0 || (px - py + 500) % 5 == 0;
                QCOMPARE(r.image.pixel(px, py), (onLine ? ink : fill).rgb());
                inkPixels += onLine ? 1 : 0;
            }
        }
        QVERIFY(inkPixels > 100);
        // The "×" past the run's end, in this theme's ink.
        const QColor crossInk = mono ? QColor(Qt::black)
                                     : (t.kind == Theme::Kind::Dark ? base.lighter(140) : base.darker(150));
        const QPointF cross(timeToPixel(r.axis, 600) + r.geometry.barHeight * 0.35 + 2, y);
        bool crossShown = false;
        for (int py = int(cross.y()) - 4; py <= int(cross.y()) + 4; ++py)
            for (int px = int(cross.x()) - 4; px <= int(cross.x()) + 4; ++px)
                crossShown = crossShown || r.image.pixel(px, py) == crossInk.rgb();
        QVERIFY(crossShown);
    }

    void smallLanesHaveNoCoverage()
    {
        const Rendered r = render(samples::profile(), TimelinePaintOptions());
        for (const BandGeometry &band : r.geometry.bands)
            for (const LaneGeometry &lane : band.lanes)
                QVERIFY(!lane.coverage); // drawn span by span, as ever: the golden exports stay byte-identical
    }

    void manySpansAreMergedAndFast()
    {
        // 4 plans × 250 000 spans of 2 ms: far more spans than pixels.
        const RunTrace trace = samples::large(4, 250000);
        TimelinePaintOptions options;
        options.showTitle = false;
        TimelinePainter painter;
        QImage image(QSize(1920, 1080), QImage::Format_ARGB32_Premultiplied);
        QPainter p(&image);
        painter.paint(&p, image.size(), trace, 1, options); // warm: layout cached
        QElapsedTimer timer;
        timer.start();
        painter.paint(&p, image.size(), trace, 1, options);
        const qint64 ms = timer.elapsed();
        qInfo("1M spans at 1920x1080: %lld ms, %d bars", ms, painter.lastBarCount());
        QVERIFY(painter.lastBarCount() < 4 * 4 * 1920); // merged: at most a bar per pixel column per lane
        QVERIFY2(ms < 1000, "painting must not visit every span one by one at full cost");
    }
};

QTEST_MAIN(TstTimelinePainter)
#include "tst_timeline_painter.moc"
