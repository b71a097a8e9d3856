#pragma once

// The animation clock of the timeline: a playhead that moves at `speed` times
// real time from 0 to the trace's end and then stops, and steps between the
// trace's events (span starts, span ends, settle points). Real time comes from
// a QElapsedTimer unless a test installs its own time source.

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QTimer>

#include <functional>
#include <optional>

namespace asyncscope {

struct RunTrace;

class PlaybackController : public QObject
{
    Q_OBJECT
public:
    static constexpr double kMinimumSpeed = 0.1;
    static constexpr double kMaximumSpeed = 10.0;
    static constexpr int kFrameIntervalMs = 16; // about 60 frames per second

    explicit PlaybackController(QObject *parent = nullptr);

    // Sorted unique times of every span start, span end and settle point, plus 0.
    static QList<double> eventTimes(const RunTrace &trace);

    // A new trace: events and end. The position is kept (clamped) so a
    // re-run while scrubbing stays put; at the end it follows the new end.
    void setTrace(const RunTrace &trace);
    void setEvents(const QList<double> &events, double endMs);
    const QList<double> &events() const { return m_events; }
    double endMs() const { return m_endMs; }

    double position() const { return m_positionMs; }
    bool isPlaying() const { return m_timer.isActive(); }
    bool isAtEnd() const { return m_positionMs >= m_endMs; }
    double speed() const { return m_speed; }

    // Milliseconds since an arbitrary origin; for tests that drive the clock.
    void setTimeSource(std::function<qint64()> nowMs);
    // One frame now, as the timer would (tests call it after moving their clock).
    void advanceFrame();

public Q_SLOTS:
    void play();
    void pause();
    void togglePlaying();
    void stepForward();     // to the next event after the position
    void stepBack();        // to the previous event before the position
    void restart();         // to 0 and play
    void toStart();
    void toEnd();
    void seek(double ms);   // pauses: the user took the playhead
    void setSpeed(double factor);

Q_SIGNALS:
    void positionChanged(double ms);
    void playingChanged(bool playing);
    void speedChanged(double factor);

private:
    void setPosition(double ms);
    qint64 now() const;

    QTimer m_timer;
    QElapsedTimer m_elapsed;
    std::function<qint64()> m_timeSource;
    qint64 m_lastFrameMs = 0;
    QList<double> m_events;
    double m_endMs = 0;
    double m_positionMs = 0;
    double m_speed = 1.0;
};

} // namespace asyncscope
