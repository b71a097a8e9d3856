#pragma once

// A minimap of the whole run under the timeline while zoomed in: every plan as
// a thin row, the visible window as a frame. Click or drag moves the window.
// The rows depend on the trace, not on the visible range, so they are drawn
// once into an image (per trace, theme, size and trace range) and every
// zoom or pan step only draws that image and the window over it: a repaint
// costs the pixels, not the spans loaded.

#include "theme.h"

#include "trace.h"

#include <QImage>
#include <QWidget>

namespace asyncscope {

class TimelineZoomControl;

class OverviewStrip : public QWidget
{
    Q_OBJECT
public:
    OverviewStrip(TimelineZoomControl *zoom, QWidget *parent = nullptr); // zoom: not owned

    // Not owned; must outlive the strip or be reset. Call again whenever the trace's
    // content changed (even at the same address): that drops the cached rows.
    void setTrace(const RunTrace *trace);
    void setTheme(const Theme &theme);
    int preferredHeight() const;

    // How often the rows were drawn from the spans (tests: a cache that is never rebuilt is a bug too).
    int rowsBuildCount() const { return m_rowsBuildCount; }

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;

private:
    void centerOn(double x);
    double msToX(double ms) const;
    double xToMs(double x) const;
    // The rows image, drawn again only when its key changed.
    const QImage &rows();
    void paintRows(QPainter &p) const;

    struct RowsKey
    {
        quint64 version = 0; // bumped by setTrace and setTheme
        QSize size;
        qreal devicePixelRatio = 1;
        double traceStartMs = 0;
        double traceEndMs = 0;
        bool operator==(const RowsKey &) const = default;
    };

    TimelineZoomControl *m_zoom; // not owned
    const RunTrace *m_trace = nullptr; // not owned
    Theme m_theme = Theme::light();
    quint64 m_version = 1;
    RowsKey m_rowsKey;     // what m_rows was drawn for (version 0: nothing yet)
    QImage m_rows;
    int m_rowsBuildCount = 0;
};

} // namespace asyncscope
