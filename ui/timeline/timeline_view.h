#pragma once

// The interactive timeline: the same TimelinePainter as the exports, in a
// scroll area. Zoom and pan go through TimelineZoomControl (the view only
// emits intents and applies them through the control); vertical scrolling
// when the bands do not fit; an overview strip appears when zoomed in.

#include "theme.h"
#include "timeline_painter.h"
#include "timeline_zoom_control.h"

#include "trace.h"

#include <QAbstractScrollArea>
#include <QImage>

#include <memory>
#include <optional>

namespace asyncscope {

class OverviewStrip;

class TimelineView : public QAbstractScrollArea
{
    Q_OBJECT
public:
    explicit TimelineView(QWidget *parent = nullptr);
    ~TimelineView() override;

    // Keeps the zoom when the axis end changes little (a re-run after a small
    // edit); otherwise fits all.
    void setTrace(const RunTrace &trace);
    const RunTrace &trace() const { return m_trace; }

    void setTheme(const Theme &theme);
    const Theme &theme() const { return m_options.theme; }

    // nullopt: the final state, no playhead line.
    void setPlayhead(std::optional<double> ms);
    std::optional<double> playhead() const { return m_options.playheadMs; }

    // Every invocation of that task, across all plans; empty clears.
    void setHighlightedTask(const QString &taskId);
    QString highlightedTask() const { return m_options.highlightedTask; }

    TimelineZoomControl *zoomControl() const { return m_zoom; } // owned by the view

    void fitAll();

    // The widget's picture (ruler, bands, legend) at an explicit size, for tests and screenshots.
    QImage renderToImage(const QSize &size) const;

    // Where things are in viewport coordinates (tests aim at these).
    TimeAxis timeAxis() const;
    double rulerBottom() const;
    std::optional<SpanRef> spanAt(const QPointF &viewportPos) const;
    QString toolTipFor(const SpanRef &ref) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void playheadDragged(double ms);                    // user scrubs on the ruler / drags the playhead line
    void spanClicked(int planIndex, int spanIndex);
    void zoomRequested(double centerMs, double factor); // intents; the zoom control decides
    void panRequested(double deltaMs);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    bool viewportEvent(QEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;

private:
    enum class DragMode { None, Pan, Scrub };

    TimelinePaintOptions optionsForViewport() const;
    const TimelineGeometry &geometry() const;
    void updateScrollBars();
    void updateOverview();
    double msAtViewportX(double x) const;
    bool isOnRuler(const QPointF &pos) const;
    bool isNearPlayhead(const QPointF &pos) const;

    RunTrace m_trace;
    quint64 m_generation = 0;
    TimelinePaintOptions m_options;
    mutable TimelinePainter m_painter;
    TimelineZoomControl *m_zoom = nullptr; // child QObject
    OverviewStrip *m_overview = nullptr;   // child widget
    DragMode m_dragMode = DragMode::None;
    QPointF m_pressPos;
    QPointF m_lastDragPos;
    bool m_dragMoved = false;
};

} // namespace asyncscope
