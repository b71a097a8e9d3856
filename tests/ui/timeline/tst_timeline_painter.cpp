// The timeline picture, sampled pixel by pixel from hand-made traces: where
// bars, markers and the legend are is computed with the same timeToPixel the
// painter uses, so a wrong mapping or a missing element fails here.

#include "ruler_ticks.h"
#include "../sample_traces.h"
#include "theme.h"
#include "timeline_painter.h"

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
