#pragma once

// Wall-clock time for --network runs: QElapsedTimer for now(), one
// single-shot Qt::PreciseTimer per schedule(). Timers are owned by and fire in
// the clock's thread (it needs an event loop); schedule()/cancel() may be
// called from any thread (they are forwarded to the clock's thread). Equal
// due times fire in scheduling order as far as Qt's timer list keeps it
// (it inserts after timers with the same deadline).

#include "clock.h"

#include <QElapsedTimer>
#include <QHash>
#include <QMutex>
#include <QObject>
#include <QSet>

#include <atomic>

QT_BEGIN_NAMESPACE
class QTimer;
QT_END_NAMESPACE

namespace asyncscope {

class RealClock final : public QObject, public Clock
{
    Q_OBJECT
public:
    explicit RealClock(QObject *parent = nullptr); // origin: now

    double now() const override;
    TimerId schedule(double delayMs, std::function<void()> callback) override;
    void cancel(TimerId id) override;

    int pendingCount() const;

private:
    void start(TimerId id, int delayMs, std::function<void()> callback); // clock's thread
    void stop(TimerId id);                                               // clock's thread

    QElapsedTimer m_origin;
    std::atomic<TimerId> m_lastId{0};
    QHash<TimerId, QTimer *> m_timers; // children of this; guarded by m_mutex
    mutable QMutex m_mutex;            // guards m_timers and the two sets below
    QSet<TimerId> m_inTransit;         // scheduled from another thread, not started yet
    QSet<TimerId> m_cancelledInTransit;
};

} // namespace asyncscope
