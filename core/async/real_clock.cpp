#include "real_clock.h"

#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cmath>

namespace asyncscope {

RealClock::RealClock(QObject *parent)
    : QObject(parent)
{
    m_origin.start();
}

double RealClock::now() const
{
    return double(m_origin.nsecsElapsed()) / 1e6;
}

TimerId RealClock::schedule(double delayMs, std::function<void()> callback)
{
    const TimerId id = ++m_lastId;
    // QTimer counts whole milliseconds; rounding up never fires early.
    const int delay = int(std::clamp(std::ceil(delayMs), 0.0, double(std::numeric_limits<int>::max())));
    if (QThread::currentThread() == thread()) {
        start(id, delay, std::move(callback));
    } else {
        {
            QMutexLocker locker(&m_mutex);
            m_inTransit.insert(id);
        }
        QMetaObject::invokeMethod(this, [this, id, delay, callback = std::move(callback)]() mutable {
            bool cancelled = false;
            {
                QMutexLocker locker(&m_mutex);
                m_inTransit.remove(id);
                cancelled = m_cancelledInTransit.remove(id);
            }
            if (!cancelled)
                start(id, delay, std::move(callback));
        }, Qt::QueuedConnection);
    }
    return id;
}

void RealClock::cancel(TimerId id)
{
    {
        QMutexLocker locker(&m_mutex);
        if (m_inTransit.contains(id)) {
            m_cancelledInTransit.insert(id);
            return;
        }
    }
    if (QThread::currentThread() == thread())
        stop(id);
    else
        QMetaObject::invokeMethod(this, [this, id] { stop(id); }, Qt::QueuedConnection);
}

int RealClock::pendingCount() const
{
    QMutexLocker locker(&m_mutex);
    return int(m_timers.size()) + int(m_inTransit.size() - m_cancelledInTransit.size());
}

void RealClock::start(TimerId id, int delayMs, std::function<void()> callback)
{
    auto *timer = new QTimer(this);
    timer->setSingleShot(true);
    timer->setTimerType(Qt::PreciseTimer);
    connect(timer, &QTimer::timeout, this, [this, id, timer, callback = std::move(callback)] {
        {
            QMutexLocker locker(&m_mutex);
            m_timers.remove(id);
        }
        timer->deleteLater();
        callback();
    });
    {
        QMutexLocker locker(&m_mutex);
        m_timers.insert(id, timer);
    }
    timer->start(delayMs);
}

void RealClock::stop(TimerId id)
{
    QTimer *timer = nullptr;
    {
        QMutexLocker locker(&m_mutex);
        timer = m_timers.take(id);
    }
    if (timer) {
        timer->stop();
        timer->deleteLater();
    }
}

} // namespace asyncscope
