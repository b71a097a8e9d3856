#include "timeline_zoom_control.h"

#include <algorithm>
#include <cmath>

namespace asyncscope {

TimelineZoomControl::TimelineZoomControl(QObject *parent)
    : QObject(parent)
{
}

void TimelineZoomControl::setTraceRange(double startMs, double endMs)
{
    if (!(endMs > startMs))
        endMs = startMs + 1;
    if (startMs == m_traceStartMs && endMs == m_traceEndMs)
        return;
    m_traceStartMs = startMs;
    m_traceEndMs = endMs;
    Q_EMIT traceRangeChanged(startMs, endMs);
    setRange(m_startMs, m_endMs); // re-clamp
}

bool TimelineZoomControl::isFitAll() const
{
    return m_startMs <= m_traceStartMs && m_endMs >= m_traceEndMs;
}

void TimelineZoomControl::setRange(double startMs, double endMs)
{
    const double full = m_traceEndMs - m_traceStartMs;
    double width = std::clamp(endMs - startMs, std::min(kMinimumRangeMs, full), full);
    double start = std::clamp(startMs, m_traceStartMs, m_traceEndMs - width);
    const double end = start + width;
    if (start == m_startMs && end == m_endMs)
        return;
    m_startMs = start;
    m_endMs = end;
    Q_EMIT rangeChanged(m_startMs, m_endMs);
}

void TimelineZoomControl::fitAll()
{
    setRange(m_traceStartMs, m_traceEndMs);
}

void TimelineZoomControl::zoom(double centerMs, double factor)
{
    if (!(factor > 0) || !std::isfinite(factor))
        return;
    const double newWidth = (m_endMs - m_startMs) * factor;
    // Keep the point under the cursor at the same fraction of the view.
    const double fraction = (centerMs - m_startMs) / std::max(m_endMs - m_startMs, 1e-12);
    const double start = centerMs - fraction * newWidth;
    setRange(start, start + newWidth);
}

void TimelineZoomControl::pan(double deltaMs)
{
    setRange(m_startMs + deltaMs, m_endMs + deltaMs);
}

} // namespace asyncscope
