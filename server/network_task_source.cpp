#include "network_task_source.h"

#include "rejection.h"
#include "virtual_task_source.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>

#include <memory>
#include <utility>

namespace asyncscope {

namespace {

// One GET in flight. Whichever of the reply finishing and the abort signal
// comes first settles it; an abort settles at once (so the span ends when the
// abort happened) and then aborts the reply, whose finished() only deletes it.
struct PendingRequest
{
    std::shared_ptr<InvocationSink> sink;
    AbortSignal signal;
    AbortSignal::ListenerId listener = 0;
    QPointer<QNetworkReply> reply;
    bool settled = false;

    // Disarms the abort listener; returns the sink to report to.
    InvocationSink &settle()
    {
        settled = true;
        signal.removeListener(listener);
        signal = AbortSignal(); // breaks the pending -> signal -> listener -> pending cycle
        return *sink;
    }
};

} // namespace

NetworkTaskSource::NetworkTaskSource(Clock &clock, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_manager(new QNetworkAccessManager(this))
{
}

NetworkTaskSource::NetworkTaskSource(Clock &clock, QNetworkAccessManager *manager, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_manager(manager)
{
}

NetworkTaskSource::~NetworkTaskSource()
{
    // Settle whatever is still in flight (as aborted), so no promise is left
    // unfinished, and delete the replies: a shared manager outlives this source.
    const QSet<QNetworkReply *> replies = m_replies;
    for (QNetworkReply *reply : replies) {
        disconnect(reply, &QObject::destroyed, this, nullptr);
        reply->abort();
        delete reply;
    }
}

void NetworkTaskSource::setUrlResolver(UrlResolver resolver)
{
    m_resolver = std::move(resolver);
}

QUrl NetworkTaskSource::resolve(const Invocation &invocation) const
{
    if (m_resolver)
        return m_resolver(invocation);
    if (invocation.task->url.contains(QLatin1String("{server}")))
        return {};
    return QUrl(invocation.task->url);
}

void NetworkTaskSource::start(const Invocation &invocation, const AbortSignal &signal,
                              std::shared_ptr<InvocationSink> sink)
{
    if (invocation.task->url.isEmpty()) {
        // A task without a url is a timer of its drawn latency: exactly what the
        // virtual source does, only on the real clock.
        VirtualTaskSource timers(m_clock);
        timers.start(invocation, signal, std::move(sink));
        return;
    }
    startRequest(invocation, signal, std::move(sink));
}

void NetworkTaskSource::startRequest(const Invocation &invocation, const AbortSignal &signal,
                                     std::shared_ptr<InvocationSink> sink)
{
    if (signal.aborted()) {
        sink->reject(Rejection::abortError(signal.reason()));
        return;
    }
    const QUrl url = resolve(invocation);
    if (!url.isValid() || url.isRelative()) {
        sink->reject(Rejection(QStringLiteral("cannot resolve url \"%1\"").arg(invocation.task->url)));
        return;
    }

    auto pending = std::make_shared<PendingRequest>();
    pending->sink = std::move(sink);
    pending->signal = signal;
    QNetworkRequest request(url);
    QNetworkReply *reply = m_manager->get(request);
    m_replies.insert(reply);
    ++m_requestsStarted;
    connect(reply, &QObject::destroyed, this, [this, reply] { m_replies.remove(reply); });
    pending->reply = reply;

    const TaskSpec *task = invocation.task;
    const bool useScenarioValue = m_scenarioValuesForServer && task->url.contains(QLatin1String("{server}"));
    connect(reply, &QNetworkReply::finished, this, [pending, reply, task, useScenarioValue] {
        reply->deleteLater();
        if (pending->settled)
            return; // aborted: already rejected when the abort happened
        const QString reason = failureReason(*reply);
        InvocationSink &sink = pending->settle();
        if (!reason.isEmpty())
            sink.reject(Rejection(reason));
        else
            sink.fulfil(useScenarioValue ? task->fulfilValue() : parseBody(reply->readAll()));
    });
    pending->listener = signal.addListener([pending] {
        if (pending->settled)
            return;
        const QJsonValue reason = pending->signal.reason();
        const QPointer<QNetworkReply> reply = pending->reply;
        pending->settle().reject(Rejection::abortError(reason));
        if (reply)
            reply->abort(); // emits finished(), which deletes it
    });
}

QJsonValue NetworkTaskSource::parseBody(const QByteArray &body)
{
    // QJsonDocument reads only objects and arrays: wrap the body in an array
    // so a bare string, number or literal parses too.
    QByteArray wrapped;
    wrapped.reserve(body.size() + 2);
    wrapped.append('[').append(body).append(']');
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(wrapped, &error);
    if (error.error == QJsonParseError::NoError && document.isArray() && document.array().size() == 1)
        return document.array().at(0);
    return QString::fromUtf8(body);
}

QString NetworkTaskSource::failureReason(const QNetworkReply &reply)
{
    const QVariant status = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (status.isValid() && status.toInt() >= 400)
        return QStringLiteral("HTTP %1").arg(status.toInt());
    if (reply.error() != QNetworkReply::NoError)
        return reply.errorString();
    return {};
}

} // namespace asyncscope
