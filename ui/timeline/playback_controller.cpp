#include "playback_controller.h"

#include "trace.h"

#include <algorithm>

namespace asyncscope {

PlaybackController::PlaybackController(QObject *parent)
    : QObject(parent)
{
    m_timer.setInterval(kFrameIntervalMs);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &PlaybackController::advanceFrame);
    m_elapsed.start();
}

QList<double> PlaybackController::eventTimes(const RunTrace &trace)
{
    QList<double> times{0.0};
    for (const PlanTrace &plan : trace.plans) {
        for (const Span &span : plan.spans) {
            times.append(span.queuedMs);
            times.append(span.startMs);
            if (span.endMs)
                times.append(*span.endMs);
        }
        if (plan.settledMs)
            times.append(*plan.settledMs);
    }
    std::sort(times.begin(), times.end());
    times.erase(std::unique(times.begin(), times.end()), times.end());
    return times;
}

void PlaybackController::setTrace(const RunTrace &trace)
{
    setEvents(eventTimes(trace), trace.endMs());
}

void PlaybackController::setEvents(const QList<double> &events, double endMs)
{
    const bool wasAtEnd = isAtEnd();
    m_events = events;
    m_endMs = std::max(0.0, endMs);
    if (wasAtEnd && !isPlaying())
        setPosition(m_endMs);
    else
        setPosition(std::min(m_positionMs, m_endMs));
}

void PlaybackController::setTimeSource(std::function<qint64()> nowMs)
{
    m_timeSource = std::move(nowMs);
    m_lastFrameMs = now();
}

qint64 PlaybackController::now() const
{
    return m_timeSource ? m_timeSource() : m_elapsed.elapsed();
}

void PlaybackController::advanceFrame()
{
    if (!isPlaying())
        return;
    const qint64 t = now();
    const double advance = double(t - m_lastFrameMs) * m_speed;
    m_lastFrameMs = t;
    const double next = std::min(m_positionMs + advance, m_endMs);
    setPosition(next);
    if (next >= m_endMs)
        pause();
}

void PlaybackController::play()
{
    if (isPlaying())
        return;
    if (isAtEnd())
        setPosition(0);     // play again from the start, as a video player does
    m_lastFrameMs = now();
    m_timer.start();
    emit playingChanged(true);
}

void PlaybackController::pause()
{
    if (!isPlaying())
        return;
    m_timer.stop();
    emit playingChanged(false);
}

void PlaybackController::togglePlaying()
{
    if (isPlaying())
        pause();
    else
        play();
}

void PlaybackController::stepForward()
{
    pause();
    const auto next = std::upper_bound(m_events.cbegin(), m_events.cend(), m_positionMs);
    setPosition(next == m_events.cend() ? m_endMs : std::min(*next, m_endMs));
}

void PlaybackController::stepBack()
{
    pause();
    const auto after = std::lower_bound(m_events.cbegin(), m_events.cend(), m_positionMs);
    setPosition(after == m_events.cbegin() ? 0.0 : *std::prev(after));
}

void PlaybackController::restart()
{
    pause();
    setPosition(0);
    play();
}

void PlaybackController::toStart()
{
    pause();
    setPosition(0);
}

void PlaybackController::toEnd()
{
    pause();
    setPosition(m_endMs);
}

void PlaybackController::seek(double ms)
{
    pause();
    setPosition(std::clamp(ms, 0.0, m_endMs));
}

void PlaybackController::setSpeed(double factor)
{
    factor = std::clamp(factor, kMinimumSpeed, kMaximumSpeed);
    if (qFuzzyCompare(factor, m_speed))
        return;
    // Frames before the change ran at the old speed; start counting afresh.
    advanceFrame();
    m_speed = factor;
    emit speedChanged(factor);
}

void PlaybackController::setPosition(double ms)
{
    if (ms == m_positionMs)
        return;
    m_positionMs = ms;
    emit positionChanged(ms);
}

} // namespace asyncscope
