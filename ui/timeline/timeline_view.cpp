#include "timeline_view.h"

#include "overview_strip.h"
#include "ruler_ticks.h"

#include <QAction>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QNativeGestureEvent>
#include <QPainter>
#include <QScrollBar>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace asyncscope {

namespace {
constexpr double kWheelZoomPerNotch = 0.8;  // Ctrl+wheel: one notch shows 80% of the range
constexpr double kDragThreshold = 3;        // pixels before a press becomes a pan
constexpr double kPlayheadGrab = 5;         // pixels either side of the playhead line
}

TimelineView::TimelineView(QWidget *parent)
    : QAbstractScrollArea(parent), m_zoom(new TimelineZoomControl(this))
{
    m_options.showTitle = false;
    m_options.showLegend = true;
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    setFrameShape(QFrame::NoFrame);
    setFocusPolicy(Qt::StrongFocus);
    viewport()->setMouseTracking(true);
    viewport()->setAttribute(Qt::WA_OpaquePaintEvent);
    viewport()->setAttribute(Qt::WA_AcceptTouchEvents, false);

    // Double-click, Home or 0 also fit; the action makes it discoverable in the context menu.
    auto *fitAllAction = new QAction(tr("Fit All"), this);
    fitAllAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    fitAllAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(fitAllAction, &QAction::triggered, this, &TimelineView::fitAll);
    addAction(fitAllAction);
    setContextMenuPolicy(Qt::ActionsContextMenu);

    m_overview = new OverviewStrip(m_zoom, this);
    m_overview->setTrace(&m_trace);
    m_overview->hide();

    connect(m_zoom, &TimelineZoomControl::rangeChanged, this, [this] {
        updateOverview();
        viewport()->update();
    });
    // The view emits intents; the zoom control decides (and clamps).
    connect(this, &TimelineView::zoomRequested, m_zoom, &TimelineZoomControl::zoom);
    connect(this, &TimelineView::panRequested, m_zoom, &TimelineZoomControl::pan);
    m_zoom->setTraceRange(0, TimelinePainter::axisEndMs(m_trace));
    m_zoom->fitAll();
}

TimelineView::~TimelineView() = default;

void TimelineView::setTrace(const RunTrace &trace)
{
    const double oldEnd = m_zoom->traceEndMs();
    const bool wasFitAll = m_zoom->isFitAll();
    const bool wasEmpty = m_trace.plans.isEmpty();
    m_trace = trace;
    ++m_generation;
    m_overview->setTrace(&m_trace); // same address, new content: the strip redraws its rows
    m_options.hoveredSpan.reset();
    const double newEnd = TimelinePainter::axisEndMs(m_trace);
    if (m_barDrag) {
        // During a drag the axis under the cursor stays put (a rescale would move
        // the bar's end away from the mouse); release fits again.
        m_zoom->setTraceRange(0, std::max(newEnd, m_zoom->endMs()));
        updateScrollBars();
        updateOverview();
        viewport()->update();
        return;
    }
    m_zoom->setTraceRange(0, newEnd);
    // A small edit (the end moves by under a fifth) keeps the user's zoom.
    const bool similar = !wasEmpty && std::abs(newEnd - oldEnd) <= 0.2 * std::max(oldEnd, 1e-9);
    if (wasFitAll || !similar)
        m_zoom->fitAll();
    updateScrollBars();
    updateOverview();
    viewport()->update();
}

void TimelineView::setTheme(const Theme &theme)
{
    m_options.theme = theme;
    m_overview->setTheme(theme);
    QPalette pal = viewport()->palette();
    pal.setColor(QPalette::Window, theme.background);
    viewport()->setPalette(pal);
    updateScrollBars();
    viewport()->update();
}

void TimelineView::setPlayhead(std::optional<double> ms)
{
    if (ms == m_options.playheadMs)
        return;
    m_options.playheadMs = ms;
    viewport()->update();
}

void TimelineView::setHighlightedTask(const QString &taskId)
{
    if (taskId == m_options.highlightedTask)
        return;
    m_options.highlightedTask = taskId;
    viewport()->update();
}

void TimelineView::fitAll()
{
    m_zoom->fitAll();
}

void TimelineView::setBarEditingEnabled(bool enabled)
{
    m_barEditingEnabled = enabled;
    if (!enabled) {
        m_selectedBar.reset();
        if (m_barDrag) {
            m_dragMode = DragMode::None;
            finishBarDrag();
        }
    }
}

void TimelineView::finishBarDrag()
{
    const BarDragTarget target = *m_barDrag;
    m_barDrag.reset();
    m_zoom->setTraceRange(0, TimelinePainter::axisEndMs(m_trace));
    if (m_dragWasFitAll)
        m_zoom->fitAll();
    viewport()->update();
    Q_EMIT barDragFinished(target);
}

BarHandleHit TimelineView::barHandleAt(const QPointF &viewportPos) const
{
    if (!m_barEditingEnabled)
        return {};
    return asyncscope::barHandleAt(m_trace, geometry(), timeAxis(), verticalScrollBar()->value(),
                                   m_options.playheadMs, viewportPos);
}

std::optional<QPointF> TimelineView::barEndPos(const SpanRef &ref) const
{
    if (ref.plan < 0 || ref.plan >= m_trace.plans.size())
        return std::nullopt;
    const Span &span = m_trace.plans.at(ref.plan).spans.value(ref.span);
    if (!span.endMs)
        return std::nullopt;
    for (const BandGeometry &band : geometry().bands) {
        if (band.planIndex != ref.plan)
            continue;
        for (const LaneGeometry &lane : band.lanes) {
            if (lane.spans.contains(ref.span))
                return QPointF(timeToPixel(timeAxis(), *span.endMs),
                               lane.rect.center().y() - verticalScrollBar()->value());
        }
    }
    return std::nullopt;
}

void TimelineView::pinBaseline()
{
    setBaseline(m_trace, true);
}

void TimelineView::takeAutomaticBaseline()
{
    if (!m_baselinePinned)
        setBaseline(m_trace, false);
}

void TimelineView::setBaseline(const RunTrace &baseline, bool pinned)
{
    m_baseline = baseline;
    m_baselinePinned = pinned;
    viewport()->update();
    Q_EMIT baselineChanged();
}

void TimelineView::clearBaseline()
{
    if (!m_baseline)
        return;
    m_baseline.reset();
    m_baselinePinned = false;
    viewport()->update();
    Q_EMIT baselineChanged();
}

TimelinePaintOptions TimelineView::optionsForViewport() const
{
    TimelinePaintOptions o = m_options;
    o.baseline = m_baseline ? &*m_baseline : nullptr;
    o.viewStartMs = m_zoom->startMs();
    o.viewEndMs = m_zoom->endMs();
    o.scrollY = verticalScrollBar()->value();
    o.fillHeight = viewport()->height();
    return o;
}

const TimelineGeometry &TimelineView::geometry() const
{
    return m_painter.geometry(m_trace, m_generation, viewport()->width(), optionsForViewport());
}

TimeAxis TimelineView::timeAxis() const
{
    return m_painter.timeAxis(geometry(), m_trace, optionsForViewport());
}

double TimelineView::rulerBottom() const
{
    return geometry().rulerRect.bottom();
}

double TimelineView::msAtViewportX(double x) const
{
    return pixelToTime(timeAxis(), x);
}

bool TimelineView::isOnRuler(const QPointF &pos) const
{
    const TimelineGeometry &g = geometry();
    return pos.y() < g.rulerRect.bottom() && pos.x() >= g.plotLeft - kPlayheadGrab;
}

bool TimelineView::isNearPlayhead(const QPointF &pos) const
{
    if (!m_options.playheadMs)
        return false;
    return std::abs(timeToPixel(timeAxis(), *m_options.playheadMs) - pos.x()) <= kPlayheadGrab;
}

std::optional<QString> TimelineView::consoleLineAt(const QPointF &viewportPos) const
{
    return m_painter.consoleLineAt(m_trace, m_generation, viewport()->size(), optionsForViewport(), viewportPos);
}

std::optional<SpanRef> TimelineView::spanAt(const QPointF &viewportPos) const
{
    return m_painter.spanAt(m_trace, m_generation, viewport()->size(), optionsForViewport(), viewportPos);
}

QString TimelineView::toolTipFor(const SpanRef &ref) const
{
    if (ref.plan < 0 || ref.plan >= m_trace.plans.size())
        return {};
    const PlanTrace &plan = m_trace.plans.at(ref.plan);
    if (ref.span < 0 || ref.span >= plan.spans.size())
        return {};
    const Span &s = plan.spans.at(ref.span);
    QString html = QStringLiteral("<b>%1 #%2</b> <span style='color:gray'>in %3</span><br/>")
                       .arg(s.task.toHtmlEscaped())
                       .arg(s.instance)
                       .arg(plan.name.toHtmlEscaped());
    if (s.wasQueued())
        html += tr("queued: %1<br/>").arg(formatDuration(s.queuedMs));
    html += tr("start: %1<br/>").arg(formatDuration(s.startMs));
    if (s.endMs) {
        html += tr("end: %1<br/>duration: %2<br/>").arg(formatDuration(*s.endMs), formatDuration(*s.endMs - s.startMs));
    } else {
        html += tr("end: never (pending)<br/>");
    }
    html += tr("outcome: <b>%1</b>").arg(toString(s.outcome));
    if (s.outcome == SpanOutcome::Fulfilled)
        html += tr("<br/>value: %1").arg(compactJson(s.result, 120).toHtmlEscaped());
    else if (s.outcome != SpanOutcome::Pending)
        html += tr("<br/>reason: %1").arg(compactJson(s.result, 120).toHtmlEscaped());
    if (s.discarded)
        html += tr("<br/><i>discarded (zombie): its result was thrown away</i>");
    if (plan.cause.spanIndex == ref.span)
        html += tr("<br/>settled the plan");
    return html;
}

QImage TimelineView::renderToImage(const QSize &size) const
{
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(m_options.theme.background);
    QPainter p(&image);
    TimelinePainter painter; // its own cache: the size differs from the viewport's
    TimelinePaintOptions o = optionsForViewport();
    o.scrollY = 0;
    o.fillHeight = size.height(); // as the widget would lay out at that size
    painter.paint(&p, size, m_trace, m_generation, o);
    return image;
}

QSize TimelineView::sizeHint() const
{
    return {900, 520};
}

QSize TimelineView::minimumSizeHint() const
{
    return {320, 160};
}

void TimelineView::paintEvent(QPaintEvent *)
{
    QPainter p(viewport());
    m_painter.paint(&p, viewport()->size(), m_trace, m_generation, optionsForViewport());
    if (m_barDrag)
        paintDragValue(&p);
}

// The new latency next to the cursor, where the eyes are during a drag.
void TimelineView::paintDragValue(QPainter *p) const
{
    const QString text = tr("%1 latency %2").arg(m_barDrag->task, formatDuration(m_barDrag->latencyMs));
    QFont font = p->font();
    font.setBold(true);
    const QFontMetricsF fm(font);
    const QSizeF size(fm.horizontalAdvance(text) + 12, fm.height() + 6);
    QRectF box(m_cursorPos + QPointF(12, -size.height() - 8), size);
    if (box.right() > viewport()->width())
        box.moveRight(m_cursorPos.x() - 12);
    if (box.top() < 0)
        box.moveTop(m_cursorPos.y() + 16);
    p->setRenderHint(QPainter::Antialiasing, true);
    p->setPen(QPen(m_options.theme.text, 1));
    p->setBrush(m_options.theme.background);
    p->drawRoundedRect(box, 4, 4);
    p->setFont(font);
    p->drawText(box, Qt::AlignCenter, text);
}

void TimelineView::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    updateOverview();
    updateScrollBars();
}

void TimelineView::updateScrollBars()
{
    fitHeightToContent();
    const TimelineGeometry &g = geometry();
    const int viewportHeight = viewport()->height();
    const int overflow = std::max(0, int(std::ceil(g.height)) - viewportHeight);
    verticalScrollBar()->setRange(0, overflow);
    verticalScrollBar()->setPageStep(std::max(1, viewportHeight - int(g.rulerRect.bottom())));
    verticalScrollBar()->setSingleStep(int(g.laneHeight));
}

void TimelineView::fitHeightToContent()
{
    // The view sizes to its content: past the height at which every lane has grown to its
    // most, more room would stay empty, so a splitter gives it to what is below.
    const QMargins margins = viewportMargins();
    const int extra = 2 * frameWidth() + margins.top() + margins.bottom();
    const int content = int(geometry().stretchedHeight);
    setMaximumHeight(m_trace.plans.isEmpty() ? QWIDGETSIZE_MAX : std::max(minimumSizeHint().height(), content + extra));
}

void TimelineView::updateOverview()
{
    const bool show = !m_trace.plans.isEmpty() && !m_zoom->isFitAll();
    const int h = show ? m_overview->preferredHeight() : 0;
    setViewportMargins(0, 0, 0, h);
    if (show) {
        const QRect vp = viewport()->geometry();
        m_overview->setGeometry(vp.left(), vp.bottom() + 1, vp.width(), h);
        m_overview->show();
        m_overview->update();
    } else {
        m_overview->hide();
    }
    fitHeightToContent();
}

void TimelineView::scrollContentsBy(int, int)
{
    viewport()->update();
}

void TimelineView::wheelEvent(QWheelEvent *event)
{
    const QPointF pos = event->position();
    if (event->modifiers() & Qt::ControlModifier) {
        const double notches = event->angleDelta().y() / 120.0;
        if (notches != 0)
            Q_EMIT zoomRequested(msAtViewportX(pos.x()), std::pow(kWheelZoomPerNotch, notches));
        event->accept();
        return;
    }
    const int dx = event->angleDelta().x() != 0 ? event->angleDelta().x()
                   : (event->modifiers() & Qt::ShiftModifier) ? event->angleDelta().y() : 0;
    if (dx != 0) {
        Q_EMIT panRequested(-dx / 120.0 * m_zoom->durationMs() * 0.1);
        event->accept();
        return;
    }
    QAbstractScrollArea::wheelEvent(event);
}

void TimelineView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton) {
        QAbstractScrollArea::mousePressEvent(event);
        return;
    }
    const QPointF pos = event->position();
    m_pressPos = m_lastDragPos = pos;
    m_dragMoved = false;
    const BarHandleHit hit = isOnRuler(pos) ? BarHandleHit{} : barHandleAt(pos);
    if (hit.handle == BarHandle::End) {
        // The picture before this drag stays behind the bars (unless one is pinned).
        takeAutomaticBaseline();
        m_barDrag = dragTargetFor(m_trace, hit.span);
        m_dragWasFitAll = m_zoom->isFitAll();
        m_selectedBar = m_barDrag;
        m_cursorPos = pos;
        m_dragMode = DragMode::Bar;
        viewport()->setCursor(Qt::SizeHorCursor);
        Q_EMIT barDragStarted(*m_barDrag);
        viewport()->update();
    } else if (hit.handle == BarHandle::OutcomeMarker) {
        m_pressedMarker = hit.span;
        m_dragMode = DragMode::OutcomeClick;
    } else if (isOnRuler(pos) || isNearPlayhead(pos)) {
        m_dragMode = DragMode::Scrub;
        Q_EMIT playheadDragged(std::clamp(msAtViewportX(pos.x()), 0.0, m_zoom->traceEndMs()));
    } else {
        m_dragMode = DragMode::Pan;
    }
    event->accept();
}

void TimelineView::mouseMoveEvent(QMouseEvent *event)
{
    const QPointF pos = event->position();
    if (m_dragMode == DragMode::Bar) {
        const bool fine = event->modifiers() & Qt::AltModifier;
        const double latency = m_barDrag->latencyAt(msAtViewportX(pos.x()), fine);
        m_cursorPos = pos;
        if (latency != m_barDrag->latencyMs) {
            m_barDrag->latencyMs = latency;
            Q_EMIT barDragged(*m_barDrag);
        }
        viewport()->update();
        return;
    }
    if (m_dragMode == DragMode::OutcomeClick)
        return;
    if (m_dragMode == DragMode::Scrub) {
        Q_EMIT playheadDragged(std::clamp(msAtViewportX(pos.x()), 0.0, m_zoom->traceEndMs()));
        return;
    }
    if (m_dragMode == DragMode::Pan) {
        if (!m_dragMoved && QLineF(pos, m_pressPos).length() >= kDragThreshold)
            m_dragMoved = true;
        if (m_dragMoved) {
            const double dx = pos.x() - m_lastDragPos.x();
            m_lastDragPos = pos;
            if (dx != 0)
                Q_EMIT panRequested(-dx / timeAxis().pixelsPerMs());
            viewport()->setCursor(Qt::ClosedHandCursor);
        }
        return;
    }
    // Hover.
    const std::optional<SpanRef> hovered = spanAt(pos);
    if (hovered != m_options.hoveredSpan) {
        m_options.hoveredSpan = hovered;
        viewport()->update();
    }
    updateCursor(pos, isOnRuler(pos) ? BarHandleHit{} : barHandleAt(pos), hovered.has_value());
}

// The cursor says what a press will do: drag an end or scrub (↔), flip an outcome or select (hand).
void TimelineView::updateCursor(const QPointF &pos, const BarHandleHit &hit, bool overSpan)
{
    Qt::CursorShape shape = Qt::ArrowCursor;
    if (hit.handle == BarHandle::End || isOnRuler(pos) || isNearPlayhead(pos))
        shape = Qt::SizeHorCursor;
    else if (hit.handle == BarHandle::OutcomeMarker || overSpan)
        shape = Qt::PointingHandCursor;
    viewport()->setCursor(shape);
}

void TimelineView::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton) {
        QAbstractScrollArea::mouseReleaseEvent(event);
        return;
    }
    const DragMode mode = m_dragMode;
    m_dragMode = DragMode::None;
    viewport()->unsetCursor();
    if (mode == DragMode::Bar && m_barDrag) {
        finishBarDrag();
        event->accept();
        return;
    }
    if (mode == DragMode::OutcomeClick) {
        const BarHandleHit hit = barHandleAt(event->position());
        if (hit.handle == BarHandle::OutcomeMarker && hit.span == m_pressedMarker) {
            m_selectedBar = dragTargetFor(m_trace, hit.span);
            Q_EMIT failsToggleRequested(*m_selectedBar);
        }
        event->accept();
        return;
    }
    if (mode == DragMode::Pan && !m_dragMoved) {
        // A click: highlight every invocation of that task, or clear on empty space.
        if (const std::optional<SpanRef> ref = spanAt(event->position())) {
            setHighlightedTask(m_trace.plans.at(ref->plan).spans.at(ref->span).task);
            m_selectedBar = dragTargetFor(m_trace, *ref);
            Q_EMIT spanClicked(ref->plan, ref->span);
        } else {
            setHighlightedTask(QString());
            m_selectedBar.reset();
        }
    }
    event->accept();
}

void TimelineView::mouseDoubleClickEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && !isOnRuler(event->position())) {
        fitAll();
        event->accept();
        return;
    }
    QAbstractScrollArea::mouseDoubleClickEvent(event);
}

void TimelineView::keyPressEvent(QKeyEvent *event)
{
    const double center = (m_zoom->startMs() + m_zoom->endMs()) / 2;
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        Q_EMIT zoomRequested(center, kWheelZoomPerNotch);
        break;
    case Qt::Key_Minus:
        Q_EMIT zoomRequested(center, 1 / kWheelZoomPerNotch);
        break;
    case Qt::Key_0:
    case Qt::Key_Home:
        fitAll();
        break;
    // Plain ←/→ are the window's step-to-event shortcuts and never arrive
    // here; Shift+←/→ (or Ctrl) do, and pan.
    case Qt::Key_Left:
        Q_EMIT panRequested(-m_zoom->durationMs() * 0.1);
        break;
    case Qt::Key_Right:
        Q_EMIT panRequested(m_zoom->durationMs() * 0.1);
        break;
    case Qt::Key_F:
        if (!m_selectedBar || !m_barEditingEnabled || event->modifiers() != Qt::NoModifier) {
            QAbstractScrollArea::keyPressEvent(event);
            return;
        }
        Q_EMIT failsToggleRequested(*m_selectedBar);
        break;
    default:
        QAbstractScrollArea::keyPressEvent(event);
        return;
    }
    event->accept();
}

bool TimelineView::viewportEvent(QEvent *event)
{
    switch (event->type()) {
    case QEvent::ToolTip: {
        auto *help = static_cast<QHelpEvent *>(event);
        const BarHandleHit hit = barHandleAt(help->pos());
        if (hit.handle == BarHandle::End)
            QToolTip::showText(help->globalPos(), tr("Drag to change the latency (10 ms steps, Alt: 1 ms)"), viewport());
        else if (hit.handle == BarHandle::OutcomeMarker)
            QToolTip::showText(help->globalPos(), tr("Click to flip whether it fails (or select the bar and press F)"),
                               viewport());
        else if (const std::optional<QString> console = consoleLineAt(help->pos()))
            QToolTip::showText(help->globalPos(), *console, viewport());
        else if (const std::optional<SpanRef> ref = spanAt(help->pos()))
            QToolTip::showText(help->globalPos(), toolTipFor(*ref), viewport());
        else
            QToolTip::hideText();
        return true;
    }
    case QEvent::NativeGesture: {
        auto *gesture = static_cast<QNativeGestureEvent *>(event);
        if (gesture->gestureType() == Qt::ZoomNativeGesture) {
            // value() is the relative magnification: positive zooms in.
            Q_EMIT zoomRequested(msAtViewportX(gesture->position().x()), 1.0 / (1.0 + gesture->value()));
            return true;
        }
        if (gesture->gestureType() == Qt::SmartZoomNativeGesture) {
            fitAll();
            return true;
        }
        break;
    }
    case QEvent::Leave:
        if (m_options.hoveredSpan) {
            m_options.hoveredSpan.reset();
            viewport()->update();
        }
        break;
    default:
        break;
    }
    return QAbstractScrollArea::viewportEvent(event);
}

} // namespace asyncscope
