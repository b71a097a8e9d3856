#pragma once

// Invocations on the real network (asyncscope run --network): a task with a
// `url` is one real GET through one QNetworkAccessManager; a task without one
// is a real timer of its drawn latency on the given (real) clock.
//
// A GET fulfils with the body, parsed as JSON when it is JSON; except a GET of
// the embedded latency server ("{server}" in the task's url), which only
// stands in for the API the scenario describes: that one fulfils with the
// task's scenario value (its `value`, or its id), so a real run shows the
// same values as the virtual one. It rejects with "HTTP <code>" for a status >= 400 and with
// Qt's error text (QNetworkReply::errorString) for a network error. An abort
// aborts the QNetworkReply and rejects with Rejection::abortError(). Every
// reply is deleted once finished; liveReplies() counts those not yet deleted.

#include "clock.h"
#include "task_source.h"

#include <QObject>
#include <QSet>
#include <QUrl>

#include <functional>

QT_BEGIN_NAMESPACE
class QNetworkAccessManager;
class QNetworkReply;
QT_END_NAMESPACE

namespace asyncscope {

class NetworkTaskSource final : public QObject, public TaskSource
{
    Q_OBJECT
public:
    // Turns a task's url into the one to GET, e.g. "{server}/delay/200" into
    // an address of the embedded latency server. An invalid QUrl rejects the
    // invocation with "cannot resolve url ...".
    using UrlResolver = std::function<QUrl(const Invocation &invocation)>;

    // `clock` (not owned) times the tasks that have no url; it must be a real
    // clock living in this thread.
    explicit NetworkTaskSource(Clock &clock, QObject *parent = nullptr);
    // Sends through `manager` (not owned; must outlive this source), so several
    // sources (one per plan) share one manager and its open connections.
    NetworkTaskSource(Clock &clock, QNetworkAccessManager *manager, QObject *parent = nullptr);
    ~NetworkTaskSource() override;

    // Default: the task's url as written; "{server}" in it cannot be resolved.
    void setUrlResolver(UrlResolver resolver);
    // False: a "{server}" request fulfils with its body too (the server's JSON).
    void setScenarioValuesForServer(bool use) { m_scenarioValuesForServer = use; }

    void start(const Invocation &invocation, const AbortSignal &signal, std::shared_ptr<InvocationSink> sink) override;

    QNetworkAccessManager &manager() { return *m_manager; }
    int liveReplies() const { return int(m_replies.size()); }
    int requestsStarted() const { return m_requestsStarted; }

    // A body as a JSON value: any JSON text (object, array, string, number,
    // true/false/null), else the body as a string.
    static QJsonValue parseBody(const QByteArray &body);
    // The reason a finished reply rejects with, or an empty string if it fulfils.
    static QString failureReason(const QNetworkReply &reply);

private:
    void startRequest(const Invocation &invocation, const AbortSignal &signal, std::shared_ptr<InvocationSink> sink);
    QUrl resolve(const Invocation &invocation) const;

    Clock &m_clock; // not owned
    QNetworkAccessManager *m_manager; // a child of this, or given and not owned
    QSet<QNetworkReply *> m_replies;  // started by this source and not yet destroyed
    UrlResolver m_resolver;
    bool m_scenarioValuesForServer = true;
    int m_requestsStarted = 0;
};

} // namespace asyncscope
