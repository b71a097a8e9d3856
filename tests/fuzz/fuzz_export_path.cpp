// libFuzzer target: the export path of a recording on arbitrary bytes:
// importTraceData() (Chrome trace / HAR), then TimelineLayout and
// TimelinePainter into a small QImage, at fit-all, in a zoomed window and at
// a playhead. A refusal is one non-empty line; a picture's height stays within
// what kMaxPictureBands and kMaxPictureLanes allow (100 000 threads once made
// a picture too tall to allocate); nothing crashes, hangs or trips a sanitizer.

#include "timeline_painter.h"
#include "trace_import.h"

#include <QGuiApplication>
#include <QImage>
#include <QPainter>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

// Title, ruler, every band's header and settle row (with an explanation), the
// "more plans" row, the lanes, the legend and footer, at scale 1: generous.
constexpr int kMaxPictureHeight = 200 + asyncscope::kMaxPictureBands * 80 + asyncscope::kMaxPictureLanes * 22 + 120;
constexpr int kWidth = 400;

void paint(asyncscope::TimelinePainter &painter, const asyncscope::RunTrace &trace, QImage &image,
           const asyncscope::TimelinePaintOptions &options, int height)
{
    image.fill(Qt::white);
    QPainter p(&image);
    painter.paint(&p, QSize(kWidth, height), trace, 1, options);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    static QGuiApplication app(*argc, *argv); // fonts need a QGuiApplication
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace asyncscope;
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    QString error;
    const std::optional<RunTrace> trace = importTraceData(bytes, QStringLiteral("fuzz.json"), &error);
    if (!trace) {
        if (error.isEmpty() || error.contains(QLatin1Char('\n'))) {
            std::fprintf(stderr, "refused with an empty or multi-line message: [%s]\n", qPrintable(error));
            std::abort();
        }
        return 0;
    }
    TimelinePainter painter;
    TimelinePaintOptions options;
    const int height = painter.requiredHeight(*trace, kWidth, options);
    if (height <= 0 || height > kMaxPictureHeight) {
        std::fprintf(stderr, "picture height %d outside 1..%d\n", height, kMaxPictureHeight);
        std::abort();
    }
    // The top of the picture, as the window shows it before scrolling, then scrolled to the bottom.
    const int shown = std::min(height, 600);
    QImage image(kWidth, shown, QImage::Format_ARGB32_Premultiplied);
    paint(painter, *trace, image, options, shown);
    options.scrollY = height - shown;
    paint(painter, *trace, image, options, shown);
    options.scrollY = 0;
    const double axisEnd = TimelinePainter::axisEndMs(*trace);
    options.viewStartMs = axisEnd * 0.4;
    options.viewEndMs = axisEnd * 0.41;
    paint(painter, *trace, image, options, shown);
    options.viewStartMs.reset();
    options.viewEndMs.reset();
    options.playheadMs = axisEnd / 2;
    paint(painter, *trace, image, options, shown);
    return 0;
}
