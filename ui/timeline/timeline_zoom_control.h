#pragma once

// The visible time range of a timeline: one small QObject that views listen
// to (like Qt Creator's TimelineZoomControl). Views send intents; this decides
// and clamps, so every view sharing it shows the same range.

#include <QObject>

namespace asyncscope {

class TimelineZoomControl : public QObject
{
    Q_OBJECT
public:
    explicit TimelineZoomControl(QObject *parent = nullptr);

    // The whole axis, [0, traceEndMs]; the visible range always stays inside it.
    void setTraceRange(double startMs, double endMs);
    double traceStartMs() const { return m_traceStartMs; }
    double traceEndMs() const { return m_traceEndMs; }

    double startMs() const { return m_startMs; }
    double endMs() const { return m_endMs; }
    double durationMs() const { return m_endMs - m_startMs; }
    bool isFitAll() const;

    // The narrowest range one may zoom to, in ms.
    static constexpr double kMinimumRangeMs = 0.01;

public Q_SLOTS:
    void setRange(double startMs, double endMs);
    void fitAll();
    // factor < 1 zooms in; the time under `centerMs` stays put.
    void zoom(double centerMs, double factor);
    void pan(double deltaMs);

Q_SIGNALS:
    void rangeChanged(double startMs, double endMs);
    void traceRangeChanged(double startMs, double endMs);

private:
    double m_traceStartMs = 0;
    double m_traceEndMs = 1000;
    double m_startMs = 0;
    double m_endMs = 1000;
};

} // namespace asyncscope
