// Export at scale (ui/image_exporter.h): PNG, SVG and PDF of the generated
// comparison view with 1k and 100k spans: time, file size, and for SVG the
// number of <rect>/<path> elements next to the number of spans (sub-pixel
// spans are merged, so a 100k-span SVG stays small enough to open). Baseline:
// the PNG of the same picture without encoding (render to a QImage only).
//
//   bench_export                  1k and 100k spans
//   bench_export --sizes 1k       quicker

#include "bench_measure.h"
#include "bench_traces.h"

#include "image_exporter.h"

#include <QElapsedTimer>
#include <QGuiApplication>

#include <cstdio>

using namespace asyncscope;
using namespace asyncscope::bench;

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    const QList<qint64> sizes = sizesArgument(app.arguments(), {1000, 100000});

    std::printf("bench_export: ImageExporter::render, width 1600 (%s)\n", loadLine().constData());
    std::printf("%8s %-6s %10s %12s %8s %14s\n", "spans", "format", "ms", "bytes", "bars", "svg elements");
    for (qint64 n : sizes) {
        const RunTrace trace = comparisonTrace(n);
        ExportOptions options;
        {
            QElapsedTimer timer;
            timer.start();
            int bars = 0;
            const QImage image = ImageExporter::renderImage(trace, options, &bars);
            std::printf("%8s %-6s %10.1f %12s %8d %14s\n", qPrintable(humanCount(n)), "QImage",
                        double(timer.nsecsElapsed()) / 1e6, "(baseline)", bars, "");
        }
        for (ExportFormat format : {ExportFormat::Png, ExportFormat::Svg, ExportFormat::Pdf}) {
            options.format = format;
            QElapsedTimer timer;
            timer.start();
            const ExportResult result = ImageExporter::render(trace, options);
            const double ms = double(timer.nsecsElapsed()) / 1e6;
            QByteArray elements;
            if (format == ExportFormat::Svg)
                elements = QByteArray::number(result.data.count("<rect") + result.data.count("<path")) + " / "
                           + QByteArray::number(n);
            std::printf("%8s %-6s %10.1f %12lld %8d %14s%s\n", qPrintable(humanCount(n)),
                        qPrintable(exportFormatSuffix(format)), ms, qint64(result.data.size()), result.barCount,
                        elements.constData(), result.ok() ? "" : qPrintable(QStringLiteral("  error: ") + result.error));
            std::fflush(stdout);
        }
    }
    return 0;
}
