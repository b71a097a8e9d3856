#pragma once

// File ▸ Export Image…: choose format, plans, width, scale, theme, time and
// title with a live preview; Save writes the file, "Copy image to clipboard"
// puts the PNG rendering on the clipboard. Uses the exporter the CLI uses.

#include "export_options.h"

#include "scenario.h"
#include "trace.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QSpinBox;

namespace asyncscope {

class ExportDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ExportDialog(const RunTrace &trace, QWidget *parent = nullptr);

    void setOptions(const ExportOptions &options); // e.g. the view's theme and playhead
    ExportOptions options() const;

    void setSuggestedFileName(const QString &baseName); // without suffix, e.g. "profile"
    // The scenario behind the trace: every picture saved or copied carries it,
    // with the seed and the options chosen here (picture_scenario.h).
    void setEmbeddedScenario(const Scenario &scenario, quint64 seed);
    QString lastSavedPath() const { return m_lastSavedPath; }

    // Renders and writes `path` with the current options; returns the error or an empty string.
    QString saveTo(const QString &path);
    void copyToClipboard();

private:
    void updatePreview();
    void save();

    RunTrace m_trace;
    std::optional<Scenario> m_scenario;     // empty for a recording: nothing to embed
    quint64 m_seed = 1;
    QString m_suggestedName = QStringLiteral("timeline");
    QString m_lastSavedPath;
    QLabel *m_preview = nullptr;
    QComboBox *m_format = nullptr;
    QListWidget *m_plans = nullptr;
    QSpinBox *m_width = nullptr;
    QComboBox *m_scale = nullptr;
    QComboBox *m_theme = nullptr;
    QCheckBox *m_atEnabled = nullptr;
    QCheckBox *m_includeBaseline = nullptr;   // shown when the window has a baseline
    std::shared_ptr<const RunTrace> m_baseline;
    QDoubleSpinBox *m_at = nullptr;
    QLineEdit *m_title = nullptr;
    QLabel *m_sizeLabel = nullptr;
};

} // namespace asyncscope
