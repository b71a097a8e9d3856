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
};

} // namespace asyncscope
