// Paint time of the comparison view at 1920×1080 (TimelinePainter into a
// QImage, offscreen) with 1k, 100k and 1M spans, at fit-all zoom and in a 1%
// window, and over 100 zoom steps from fit-all down to 1%; next to the
// baseline: a naive loop that fillRects every span into the same QImage.
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

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    const QList<qint64> sizes = sizesArgument(app.arguments(), {1000, 100000, 1000000});

    std::printf("bench_render: TimelinePainter, %dx%d QImage, offscreen (%s)\n", kFrame.width(), kFrame.height(),
                loadLine().constData());
    std::printf("  frame ms: first paint (geometry computed) / median / max of 10 repaints; baseline = naive fillRect of every span\n");
    std::printf("%8s %-10s %8s %8s %8s %7s %12s | %-22s\n", "spans", "view", "first", "median", "max", "bars",
                "naive ms", "100 zoom steps mean/max");
    bool goalMet = true;
    for (qint64 n : sizes) {
        const RunTrace trace = comparisonTrace(n);
        const double axisEnd = TimelinePainter::axisEndMs(trace);
        QImage image(kFrame, QImage::Format_ARGB32_Premultiplied);
        TimelinePainter painter;

        TimelinePaintOptions fit;
        const FrameStats fitStats = paintRepeated(painter, image, trace, fit, 10);
        const double naiveFit = paintNaive(image, trace, 0, axisEnd);

        TimelinePaintOptions zoomed;
        zoomed.viewStartMs = axisEnd * 0.5;
        zoomed.viewEndMs = axisEnd * 0.51;
        const FrameStats zoomStats = paintRepeated(painter, image, trace, zoomed, 10);
        const double naiveZoom = paintNaive(image, trace, *zoomed.viewStartMs, *zoomed.viewEndMs);

        // 100 steps from the whole axis to a 1% window around the middle, as a wheel zoom does.
        double sum = 0, worst = 0;
        for (int step = 0; step < 100; ++step) {
            const double width = axisEnd * std::pow(0.01, double(step) / 99.0);
            TimelinePaintOptions options;
            options.viewStartMs = axisEnd * 0.505 - width / 2;
            options.viewEndMs = axisEnd * 0.505 + width / 2;
            const double ms = paintOnce(painter, image, trace, options);
            sum += ms;
            worst = std::max(worst, ms);
        }
        std::printf("%8s %-10s %8.2f %8.2f %8.2f %7d %12.2f | %.2f / %.2f\n", qPrintable(humanCount(n)), "fit-all",
                    fitStats.first, fitStats.median, fitStats.max, fitStats.bars, naiveFit, sum / 100, worst);
        std::printf("%8s %-10s %8.2f %8.2f %8.2f %7d %12.2f |\n", qPrintable(humanCount(n)), "1% window", zoomStats.first,
                    zoomStats.median, zoomStats.max, zoomStats.bars, naiveZoom);
        std::fflush(stdout);
        if (n >= 1000000 && (fitStats.median > 16 || zoomStats.median > 16 || worst > 16))
            goalMet = false;
    }
    if (sizes.contains(1000000))
        std::printf("goal (1M spans: repaint and every zoom step < 16 ms): %s\n", goalMet ? "met" : "MISSED");
    return 0;
}
