#pragma once

// The interactive timeline: the same TimelinePainter as the exports, in a
// scroll area. Zoom and pan go through TimelineZoomControl (the view only
// emits intents and applies them through the control); vertical scrolling
// when the bands do not fit; an overview strip appears when zoomed in. A short
// run's lanes grow into a taller viewport (up to kMaxLaneStretch), and the view
// is never taller than that picture, so a splitter gives the rest to its neighbour.
//
// The bars can be touched: dragging a bar's end asks for a new latency (the
// view emits the intent; BarDragEditor changes the document), a click on the
// outcome marker past its end or F on the selected bar asks to flip whether it
// fails. A baseline run, pinned or taken automatically before a drag, is drawn
// behind the current bars (baseline_pass.h).

#include "bar_drag.h"
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
    std::optional<QString> consoleLineAt(const QPointF &viewportPos) const; // a console marker's text
    QString toolTipFor(const SpanRef &ref) const;

    // Bar editing (drag an end, flip an outcome); off for a recording shown as it is.
    void setBarEditingEnabled(bool enabled);
    bool isBarEditingEnabled() const { return m_barEditingEnabled; }
    bool isDraggingBar() const { return m_barDrag.has_value(); }
    // The bar a click selected (F flips it), and the drag in progress.
    std::optional<BarDragTarget> selectedBar() const { return m_selectedBar; }
    std::optional<BarDragTarget> barDrag() const { return m_barDrag; }
    BarHandleHit barHandleAt(const QPointF &viewportPos) const;
    // Where a span's bar ends, in viewport coordinates (tests aim at these); nullopt if not laid out.
    std::optional<QPointF> barEndPos(const SpanRef &ref) const;

    // The run to compare against. A pinned baseline stays until cleared; an
    // automatic one (the state before a drag) is replaced by the next drag.
    void pinBaseline();                   // the current trace, pinned
    void takeAutomaticBaseline();         // the current trace, unless one is pinned
    void setBaseline(const RunTrace &baseline, bool pinned);
    void clearBaseline();
    bool hasBaseline() const { return m_baseline.has_value(); }
    bool isBaselinePinned() const { return m_baselinePinned; }
    const std::optional<RunTrace> &baseline() const { return m_baseline; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void playheadDragged(double ms);                    // user scrubs on the ruler / drags the playhead line
    void spanClicked(int planIndex, int spanIndex);
    void zoomRequested(double centerMs, double factor); // intents; the zoom control decides
    void panRequested(double deltaMs);
    // Bar editing intents (BarDragEditor acts on them): a drag of a bar's end
    // from press to release, its latency in `target.latencyMs` at every step.
    void barDragStarted(const asyncscope::BarDragTarget &target);
    void barDragged(const asyncscope::BarDragTarget &target);
    void barDragFinished(const asyncscope::BarDragTarget &target);
    void failsToggleRequested(const asyncscope::BarDragTarget &target);
    void baselineChanged();

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
    enum class DragMode { None, Pan, Scrub, Bar, OutcomeClick };

    TimelinePaintOptions optionsForViewport() const;
    const TimelineGeometry &geometry() const;
    void updateScrollBars();
    void updateOverview();
    void fitHeightToContent(); // the maximum height: the picture with every lane grown to its most
    double msAtViewportX(double x) const;
    bool isOnRuler(const QPointF &pos) const;
    bool isNearPlayhead(const QPointF &pos) const;
    void paintDragValue(QPainter *painter) const;
    void finishBarDrag(); // release, or editing switched off mid-drag: the axis fits again
    void updateCursor(const QPointF &pos, const BarHandleHit &hit, bool overSpan);

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
    bool m_barEditingEnabled = true;
    std::optional<BarDragTarget> m_barDrag;     // a bar end held by the mouse
    bool m_dragWasFitAll = false;
    std::optional<BarDragTarget> m_selectedBar; // the last bar clicked
    SpanRef m_pressedMarker;                    // an outcome marker pressed, flipped on release
    QPointF m_cursorPos;                        // where the value of a drag is shown
    std::optional<RunTrace> m_baseline;
    bool m_baselinePinned = false;
};

} // namespace asyncscope
