#pragma once

// What an exported timeline picture looks like: shared by `asyncscope export`,
// the File ▸ Export Image… dialog and the tests.

#include "theme.h"

#include "trace.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace asyncscope {

enum class ExportFormat { Png, Svg, Pdf };

struct ExportOptions
{
    ExportFormat format = ExportFormat::Png;
    QStringList plans;             // plan names to include, in trace order; empty = all
    int width = 1600;              // logical pixels; the height is what the layout needs
    int scale = 1;                 // PNG device pixel ratio: 2 or 3 for crisp slides
    Theme theme = Theme::light();
    std::optional<double> atMs;    // the state at that time; empty = final state
    QString title;                 // empty: the scenario name
    // The scenario that made the picture, with what it shows
    // (core/model/picture_scenario.h): embedded in the file; empty: none.
    QByteArray embeddedEnvelope;
    // A run to compare with, drawn faintly behind the bars with each band's
    // difference (baseline_pass.h): the window's baseline, "include baseline".
    std::shared_ptr<const RunTrace> baseline;
};

inline constexpr int kMinExportWidth = 400;
inline constexpr int kMaxExportWidth = 8000;

// From the file name's suffix (.png, .svg, .pdf; any case).
std::optional<ExportFormat> exportFormatForPath(const QString &path);
QString exportFormatSuffix(ExportFormat format);

} // namespace asyncscope
