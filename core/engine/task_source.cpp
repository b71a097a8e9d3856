#include "task_source.h"

#include <QPromise>

namespace asyncscope {

namespace {

class PromiseSink final : public InvocationSink
{
public:
    PromiseSink() { m_promise.start(); }
    QFuture<QJsonValue> future() { return m_promise.future(); }

    void fulfil(const QJsonValue &value) override
    {
        m_promise.addResult(value);
        m_promise.finish();
    }
    void reject(const Rejection &reason) override
    {
        m_promise.setException(reason);
        m_promise.finish();
    }

private:
    QPromise<QJsonValue> m_promise;
};

} // namespace

QFuture<QJsonValue> startFuture(TaskSource &source, const Invocation &invocation, const AbortSignal &signal)
{
    auto sink = std::make_shared<PromiseSink>();
    QFuture<QJsonValue> future = sink->future();
    source.start(invocation, signal, std::move(sink));
    return future;
}

} // namespace asyncscope
