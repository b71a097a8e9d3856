#include "image_exporter.h"

#include "picture_scenario.h"

#include <QBuffer>
#include <QFile>
#include <QMimeData>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>

#include <algorithm>
#include <cmath>

namespace asyncscope {

std::optional<ExportFormat> exportFormatForPath(const QString &path)
{
    const QString lower = path.toLower();
    if (lower.endsWith(QLatin1String(".png")))
        return ExportFormat::Png;
    if (lower.endsWith(QLatin1String(".svg")))
        return ExportFormat::Svg;
    if (lower.endsWith(QLatin1String(".pdf")))
        return ExportFormat::Pdf;
    return std::nullopt;
}

QString exportFormatSuffix(ExportFormat format)
{
    switch (format) {
    case ExportFormat::Png: return QStringLiteral("png");
    case ExportFormat::Svg: return QStringLiteral("svg");
    case ExportFormat::Pdf: return QStringLiteral("pdf");
    }
    return {};
}

RunTrace ImageExporter::selectPlans(const RunTrace &trace, const QStringList &plans, QString *error)
{
    if (plans.isEmpty())
        return trace;
    RunTrace selected = trace;
    selected.plans.clear();
    for (const QString &name : plans) {
        const bool known = std::any_of(trace.plans.cbegin(), trace.plans.cend(),
                                       [&](const PlanTrace &p) { return p.name == name; });
        if (!known && error) {
            QStringList names;
            for (const PlanTrace &p : trace.plans)
                names.append(p.name);
            *error = QStringLiteral("unknown plan \"%1\" (plans: %2)").arg(name, names.join(QStringLiteral(", ")));
            return {};
        }
    }
    for (const PlanTrace &plan : trace.plans) {
        if (plans.contains(plan.name))
            selected.plans.append(plan);
    }
    return selected;
}

TimelinePaintOptions ImageExporter::paintOptions(const ExportOptions &options)
{
    TimelinePaintOptions o;
    o.theme = options.theme;
    o.playheadMs = options.atMs;
    o.showTitle = true;
    o.showLegend = true;
    o.title = options.title;
    o.vectorOutput = options.format != ExportFormat::Png;
    o.baseline = options.baseline.get();
    return o;
}

QSize ImageExporter::logicalSize(const RunTrace &trace, const ExportOptions &options)
{
    const int width = std::clamp(options.width, kMinExportWidth, kMaxExportWidth);
    TimelinePainter painter;
    return {width, painter.requiredHeight(trace, width, paintOptions(options))};
}

QImage ImageExporter::renderImage(const RunTrace &trace, const ExportOptions &options, int *barCount)
{
    const QSize size = logicalSize(trace, options);
    const int scale = std::clamp(options.scale, 1, 3);
    // Device pixels = logical × scale; painting in logical units keeps text crisp at 2× and 3×.
    QImage image(size * scale, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(scale);
    image.fill(options.theme.background);
    TimelinePainter painter;
    {
        QPainter p(&image);
        painter.paint(&p, size, trace, 1, paintOptions(options));
    }
    if (barCount)
        *barCount = painter.lastBarCount();
    return image;
}

ExportResult ImageExporter::render(const RunTrace &trace, const ExportOptions &options)
{
    ExportResult result;
    result.logicalSize = logicalSize(trace, options);
    const QSize size = result.logicalSize;
    TimelinePainter painter;
    switch (options.format) {
    case ExportFormat::Png: {
        const QImage image = renderImage(trace, options, &result.barCount);
        QBuffer buffer(&result.data);
        buffer.open(QIODevice::WriteOnly);
        if (!image.save(&buffer, "PNG"))
            result.error = QStringLiteral("could not encode the PNG image");
        else if (!options.embeddedEnvelope.isEmpty())
            result.data = withPngEnvelope(result.data, options.embeddedEnvelope);
        break;
    }
    case ExportFormat::Svg: {
        QBuffer buffer(&result.data);
        buffer.open(QIODevice::WriteOnly);
        QSvgGenerator svg;
        svg.setOutputDevice(&buffer);
        svg.setSize(size);
        svg.setViewBox(QRect(QPoint(0, 0), size));
        // Logical pixels are 96 dpi points, like the fonts (Theme::font).
        svg.setResolution(96);
        svg.setTitle(options.title.isEmpty() ? trace.scenario : options.title);
        svg.setDescription(QStringLiteral("asyncscope timeline, seed %1").arg(trace.seed)); // no dates: deterministic
        {
            QPainter p(&svg);
            painter.paint(&p, size, trace, 1, paintOptions(options));
        }
        result.barCount = painter.lastBarCount();
        buffer.close();
        if (!options.embeddedEnvelope.isEmpty())
            result.data = withSvgEnvelope(result.data, options.embeddedEnvelope);
        break;
    }
    case ExportFormat::Pdf: {
        QBuffer buffer(&result.data);
        buffer.open(QIODevice::WriteOnly);
        QPdfWriter pdf(&buffer);
        pdf.setCreator(QStringLiteral("asyncscope"));
        pdf.setTitle(options.title.isEmpty() ? trace.scenario : options.title);
        pdf.setResolution(288);
        if (!options.embeddedEnvelope.isEmpty())
            pdf.setDocumentXmpMetadata(xmpPacketWithEnvelope(options.embeddedEnvelope, pdf.title()));
        pdf.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Landscape, QMarginsF(10, 10, 10, 10),
                                      QPageLayout::Millimeter));
        QPainter p;
        if (!p.begin(&pdf)) {
            result.error = QStringLiteral("could not start the PDF");
            break;
        }
        // One page: fit the picture into the printable area, top-centred.
        const QRectF page = pdf.pageLayout().paintRectPixels(pdf.resolution());
        const double fit = std::min(page.width() / size.width(), page.height() / size.height());
        p.translate((page.width() - size.width() * fit) / 2, 0);
        p.scale(fit, fit);
        painter.paint(&p, size, trace, 1, paintOptions(options));
        p.end();
        result.barCount = painter.lastBarCount();
        break;
    }
    }
    return result;
}

QString ImageExporter::exportToFile(const RunTrace &trace, const ExportOptions &options, const QString &path)
{
    const ExportResult result = render(trace, options);
    if (!result.ok())
        return result.error;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
    file.write(result.data);
    if (!file.commit())
        return QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
    return {};
}

QMimeData *ImageExporter::clipboardData(const RunTrace &trace, ExportOptions options)
{
    options.format = ExportFormat::Png;
    auto *data = new QMimeData;
    const ExportResult png = render(trace, options);
    if (png.ok()) {
        data->setData(QStringLiteral("image/png"), png.data);
        data->setImageData(QImage::fromData(png.data, "PNG"));
    }
    if (!options.embeddedEnvelope.isEmpty())
        data->setData(QLatin1String(kScenarioMimeType), options.embeddedEnvelope);
    return data;
}

} // namespace asyncscope
