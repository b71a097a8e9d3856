#include "overview_strip.h"

#include "timeline_zoom_control.h"

#include <QMouseEvent>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace asyncscope {

namespace {
constexpr int kSideMargin = 6;
}

OverviewStrip::OverviewStrip(TimelineZoomControl *zoom, QWidget *parent)
    : QWidget(parent), m_zoom(zoom)
{
    setCursor(Qt::PointingHandCursor);
    setToolTip(tr("Overview: click or drag to move the visible range"));
    connect(m_zoom, &TimelineZoomControl::rangeChanged, this, qOverload<>(&QWidget::update));
}

void OverviewStrip::setTrace(const RunTrace *trace)
{
    m_trace = trace;
    ++m_version;
    update();
}

void OverviewStrip::setTheme(const Theme &theme)
{
    m_theme = theme;
    ++m_version;
    update();
}

int OverviewStrip::preferredHeight() const
{
    return 38;
}

double OverviewStrip::msToX(double ms) const
{
    const double span = std::max(m_zoom->traceEndMs() - m_zoom->traceStartMs(), 1e-9);
    return kSideMargin + (ms - m_zoom->traceStartMs()) * (width() - 2 * kSideMargin) / span;
}

double OverviewStrip::xToMs(double x) const
{
    const double span = m_zoom->traceEndMs() - m_zoom->traceStartMs();
    return m_zoom->traceStartMs() + (x - kSideMargin) * span / std::max(1, width() - 2 * kSideMargin);
}

const QImage &OverviewStrip::rows()
{
    const RowsKey key{m_version, size(), devicePixelRatioF(), m_zoom->traceStartMs(), m_zoom->traceEndMs()};
    if (key == m_rowsKey && !m_rows.isNull())
        return m_rows;
    m_rows = QImage(size() * key.devicePixelRatio, QImage::Format_ARGB32_Premultiplied);
    m_rows.setDevicePixelRatio(key.devicePixelRatio);
    QPainter p(&m_rows);
    paintRows(p);
    p.end();
    m_rowsKey = key;
    ++m_rowsBuildCount;
    return m_rows;
}

// Everything of the strip but the window: the background and a row per plan.
void OverviewStrip::paintRows(QPainter &p) const
{
    p.fillRect(rect(), m_theme.surface);
    p.setPen(m_theme.grid);
    p.drawLine(0, 0, width(), 0);
    if (!m_trace || m_trace->plans.isEmpty())
        return;
    const int planRows = int(m_trace->plans.size());
    const double rowHeight = std::max(1.0, (height() - 8.0) / planRows);
    // One pixel column at a time at most: merge spans that fall in the same column.
    for (int i = 0; i < planRows; ++i) {
        const PlanTrace &plan = m_trace->plans.at(i);
        const double y = 4 + i * rowHeight;
        double runLeft = 0, runRight = -1;
        QColor runColor;
        for (const Span &span : plan.spans) {
            const double l = msToX(span.startMs);
            const double r = msToX(span.endOr(m_zoom->traceEndMs()));
            QColor c = span.outcome == SpanOutcome::Fulfilled ? m_theme.fulfilled
                       : span.outcome == SpanOutcome::Rejected ? m_theme.rejected
                       : span.outcome == SpanOutcome::Aborted  ? m_theme.aborted
                                                                : m_theme.pending;
            if (runRight >= runLeft && l <= runRight + 1) {
                runRight = std::max(runRight, r);
                continue;
            }
            if (runRight >= runLeft)
                p.fillRect(QRectF(runLeft, y, std::max(1.0, runRight - runLeft), std::max(1.0, rowHeight - 1)), runColor);
            runLeft = l;
            runRight = r;
            runColor = c;
        }
        if (runRight >= runLeft)
            p.fillRect(QRectF(runLeft, y, std::max(1.0, runRight - runLeft), std::max(1.0, rowHeight - 1)), runColor);
    }
}

void OverviewStrip::paintEvent(QPaintEvent *)
{
    const QImage &image = rows();
    QPainter p(this);
    p.drawImage(QPointF(0, 0), image);
    if (!m_trace || m_trace->plans.isEmpty())
        return;
    // The visible window.
    const QRectF window(msToX(m_zoom->startMs()), 1, std::max(3.0, msToX(m_zoom->endMs()) - msToX(m_zoom->startMs())),
                        height() - 2);
    QColor shade = m_theme.background;
    shade.setAlpha(150);
    p.fillRect(QRectF(0, 1, window.left(), height() - 1), shade);
    p.fillRect(QRectF(window.right(), 1, width() - window.right(), height() - 1), shade);
    p.setPen(QPen(m_theme.accent, 2));
    p.drawRect(window.adjusted(1, 1, -1, -1));
}

void OverviewStrip::centerOn(double x)
{
    const double half = m_zoom->durationMs() / 2;
    const double center = xToMs(x);
    m_zoom->setRange(center - half, center + half);
}

void OverviewStrip::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton)
        centerOn(event->position().x());
}

void OverviewStrip::mouseMoveEvent(QMouseEvent *event)
{
    if (event->buttons() & Qt::LeftButton)
        centerOn(event->position().x());
}

} // namespace asyncscope
