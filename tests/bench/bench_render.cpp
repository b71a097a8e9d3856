// Paint time of the comparison view at 1920×1080 (TimelinePainter into a
// QImage, offscreen) with 1k, 100k and 1M spans: at fit-all zoom, in a 1%
// window, over 100 zoom steps from fit-all down to 1% (as a wheel zoom does),
// and over 50 pans of a 10% window across the axis; each next to the
// baseline in the same run: a naive loop that fillRects every span into the
// same QImage (for the steps and pans, on every tenth / fifth frame).
//
//   bench_render                      1k, 100k, 1M spans
//   bench_render --sizes 1k,100k      quicker

#include "bench_measure.h"
#include "bench_traces.h"

#include "timeline_painter.h"

#include <QElapsedTimer>
#include <QGuiApplication>
#include <QHash>
#include <QImage>
#include <QPainter>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

using namespace asyncscope;
using namespace asyncscope::bench;

namespace {

const QSize kFrame(1920, 1080);

struct FrameStats
{
    double first = 0; // the first paint: geometry is computed
    double median = 0;
    double max = 0;
    double mean = 0;
    int bars = 0;
};

double paintOnce(TimelinePainter &painter, QImage &image, const RunTrace &trace, const TimelinePaintOptions &options)
{
    QElapsedTimer timer;
    timer.start();
    image.fill(Qt::white);
    QPainter p(&image);
    painter.paint(&p, kFrame, trace, 1, options);
    p.end();
    return double(timer.nsecsElapsed()) / 1e6;
}

FrameStats paintRepeated(TimelinePainter &painter, QImage &image, const RunTrace &trace,
                         const TimelinePaintOptions &options, int frames)
{
    FrameStats stats;
    stats.first = paintOnce(painter, image, trace, options);
    std::vector<double> times;
    for (int i = 0; i < frames; ++i)
        times.push_back(paintOnce(painter, image, trace, options));
    std::sort(times.begin(), times.end());
    stats.median = times.at(times.size() / 2);
    stats.max = times.back();
    stats.bars = painter.lastBarCount();
    return stats;
}

// The baseline: every span, every frame, one fillRect each, lanes per task.
double paintNaive(QImage &image, const RunTrace &trace, double startMs, double endMs)
{
    QElapsedTimer timer;
    timer.start();
    image.fill(Qt::white);
    QPainter p(&image);
    QHash<QString, int> laneOf;
    for (const PlanTrace &plan : trace.plans) {
        for (const Span &span : plan.spans) {
            if (!laneOf.contains(span.task))
                laneOf.insert(span.task, int(laneOf.size()));
        }
    }
    const double laneHeight = double(kFrame.height()) / std::max<qsizetype>(1, laneOf.size());
    const double scale = double(kFrame.width()) / (endMs - startMs);
    const QColor fulfilled(0x2e, 0x7d, 0x32), rejected(0xc6, 0x28, 0x28);
    for (const PlanTrace &plan : trace.plans) {
        for (const Span &span : plan.spans) {
            const double left = (span.startMs - startMs) * scale;
            const double width = (span.endOr(endMs) - span.startMs) * scale;
            p.fillRect(QRectF(left, laneOf.value(span.task) * laneHeight, width, laneHeight * 0.7),
                       span.outcome == SpanOutcome::Fulfilled ? fulfilled : rejected);
        }
    }
    p.end();
    return double(timer.nsecsElapsed()) / 1e6;
}

// Frames of a sequence of views: our painter on each, the naive one on every `naiveEvery`-th.
struct SequenceStats
{
    double mean = 0;
    double max = 0;
    double naiveMedian = 0;
};

SequenceStats paintSequence(TimelinePainter &painter, QImage &image, const RunTrace &trace,
                            const QList<std::pair<double, double>> &views, int naiveEvery)
{
    SequenceStats stats;
    std::vector<double> naive;
    for (qsizetype i = 0; i < views.size(); ++i) {
        TimelinePaintOptions options;
        options.viewStartMs = views.at(i).first;
        options.viewEndMs = views.at(i).second;
        const double ms = paintOnce(painter, image, trace, options);
        stats.mean += ms / double(views.size());
        stats.max = std::max(stats.max, ms);
        if (i % naiveEvery == 0)
            naive.push_back(paintNaive(image, trace, views.at(i).first, views.at(i).second));
    }
    std::sort(naive.begin(), naive.end());
    stats.naiveMedian = naive.at(naive.size() / 2);
    return stats;
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    const QList<qint64> sizes = sizesArgument(app.arguments(), {1000, 100000, 1000000});
    constexpr double kGoalMs = 8;      // every frame of a 1M-span trace
    constexpr double kGoalSpeedup = 50; // against the naive painter in the same run

    std::printf("bench_render: TimelinePainter, %dx%d QImage, offscreen (%s)\n", kFrame.width(), kFrame.height(),
                loadLine().constData());
    std::printf("  frame ms. fit-all, 1%% window: first paint (geometry and level of detail built) / median / max of 10\n"
                "  repaints; zoom: 100 steps fit-all -> 1%%; pan: 50 steps of a 10%% window across the axis (mean / max).\n"
                "  naive = fillRect of every span, same run (median); x = naive / our median (steps: / our mean)\n");
    std::printf("%8s %-10s %8s %8s %8s %7s %10s %7s\n", "spans", "view", "first", "median", "max", "bars", "naive ms",
                "x");
    bool goalMet = true;
    double worstSpeedup = 1e300;
    for (qint64 n : sizes) {
        const RunTrace trace = comparisonTrace(n);
        const double axisEnd = TimelinePainter::axisEndMs(trace);
        QImage image(kFrame, QImage::Format_ARGB32_Premultiplied);
        TimelinePainter painter;
        const QString count = humanCount(n);
        auto row = [&](const char *view, double first, double median, double max, int bars, double naive) {
            std::printf("%8s %-10s %8.2f %8.2f %8.2f %7d %10.2f %7.0f\n", qPrintable(count), view, first, median, max,
                        bars, naive, naive / median);
            if (n >= 1000000) {
                goalMet = goalMet && max <= kGoalMs && naive / median >= kGoalSpeedup;
                worstSpeedup = std::min(worstSpeedup, naive / median);
            }
        };

        TimelinePaintOptions fit;
        const FrameStats fitStats = paintRepeated(painter, image, trace, fit, 10);
        std::vector<double> naiveFit;
        for (int i = 0; i < 3; ++i)
            naiveFit.push_back(paintNaive(image, trace, 0, axisEnd));
        std::sort(naiveFit.begin(), naiveFit.end());
        row("fit-all", fitStats.first, fitStats.median, fitStats.max, fitStats.bars, naiveFit.at(1));

        TimelinePaintOptions zoomed;
        zoomed.viewStartMs = axisEnd * 0.5;
        zoomed.viewEndMs = axisEnd * 0.51;
        const FrameStats zoomStats = paintRepeated(painter, image, trace, zoomed, 10);
        const double naiveZoom = paintNaive(image, trace, *zoomed.viewStartMs, *zoomed.viewEndMs);
        row("1% window", zoomStats.first, zoomStats.median, zoomStats.max, zoomStats.bars, naiveZoom);

        QList<std::pair<double, double>> zoomSteps;
        for (int step = 0; step < 100; ++step) {
            const double width = axisEnd * std::pow(0.01, double(step) / 99.0);
            zoomSteps.append({axisEnd * 0.505 - width / 2, axisEnd * 0.505 + width / 2});
        }
        const SequenceStats zoom = paintSequence(painter, image, trace, zoomSteps, 10);
        row("zoom", zoom.mean, zoom.mean, zoom.max, painter.lastBarCount(), zoom.naiveMedian);

        QList<std::pair<double, double>> pans;
        for (int step = 0; step < 50; ++step) {
            const double start = axisEnd * 0.9 * double(step) / 49.0;
            pans.append({start, start + axisEnd * 0.1});
        }
        const SequenceStats pan = paintSequence(painter, image, trace, pans, 5);
        row("pan 10%", pan.mean, pan.mean, pan.max, painter.lastBarCount(), pan.naiveMedian);
        std::fflush(stdout);
    }
    if (sizes.contains(1000000))
        std::printf("goal (1M spans: every repaint, zoom and pan step <= %.0f ms, >= %.0fx the naive painter): %s "
                    "(slowest ratio %.0fx)\n",
                    kGoalMs, kGoalSpeedup, goalMet ? "met" : "MISSED", worstSpeedup);
    return 0;
}
