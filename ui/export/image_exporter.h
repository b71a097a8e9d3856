#pragma once

// Renders a RunTrace to PNG, SVG or PDF with the same TimelinePainter as the
// widget. Deterministic: the same trace and options give the same PNG and SVG
// bytes (no dates are written).

#include "export_options.h"
#include "timeline_painter.h"

#include "trace.h"

#include <QByteArray>
#include <QImage>
#include <QString>

class QMimeData;

namespace asyncscope {

struct ExportResult
{
    QByteArray data;
    QString error;                 // empty on success
    int barCount = 0;              // bars drawn (merged sub-pixel runs count once)
    QSize logicalSize;             // width × height before the PNG scale
    bool ok() const { return error.isEmpty(); }
};

class ImageExporter
{
public:
    // The trace with only the named plans (in trace order). Unknown names: *error says which.
    static RunTrace selectPlans(const RunTrace &trace, const QStringList &plans, QString *error);
    static TimelinePaintOptions paintOptions(const ExportOptions &options);
    static QSize logicalSize(const RunTrace &trace, const ExportOptions &options);

    static QImage renderImage(const RunTrace &trace, const ExportOptions &options, int *barCount = nullptr);
    static ExportResult render(const RunTrace &trace, const ExportOptions &options);
    // Renders and writes `path` (format from options). Empty string on success, else the error.
    static QString exportToFile(const RunTrace &trace, const ExportOptions &options, const QString &path);
    // For the clipboard: the picture as an image and as PNG bytes that carry
    // the scenario, and the scenario alone (kScenarioMimeType), so a slide gets
    // the picture and asyncscope gets the scenario. The caller owns the result.
    static QMimeData *clipboardData(const RunTrace &trace, ExportOptions options);
};

} // namespace asyncscope
