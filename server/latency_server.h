#pragma once

// The embedded latency server (SPEC §4): a QHttpServer on loopback that
// answers after a chosen delay, with a chosen status, flakily, by dropping the
// connection, or by trickling a body. Routes:
//   /delay/MS                       200 after MS
//   /status/CODE[?delay=MS]         CODE (200..599) after MS; /status/503,503,200 answers
//                                   its Nth call (per path and query) with the Nth code,
//                                   the last repeating, like a task's per-invocation `fails`
//   /flaky?p=P&delay=MS[&seed=N]    503 with probability P (a reproducible stream per seed)
//   /drop?delay=MS                  closes the connection after MS without answering
//   /slow?bytes=N&ms=MS             headers at once, then N bytes spread over MS
// Delays are at most 60 s and bodies 100 MB; anything else is answered 400. Every wait is a timer, never a sleep, so
// any number of delayed requests are in flight at once. A connection whose first
// request line is malformed gets 400 too, from the RequestLineGuard in front of
// QHttpServer (request_line_guard.h), where QHttpServer 6.4 would just hang up.
//
// It listens on several loopback addresses (127.0.0.1, 127.0.0.2, ...) at one
// port: QNetworkAccessManager opens at most 6 connections per host:port, so
// giving each task its own address keeps real requests from queueing where the
// scenario does not say they share a host.

#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QRandomGenerator>
#include <QUrl>

#include <memory>

QT_BEGIN_NAMESPACE
class QHttpServer;
QT_END_NAMESPACE

namespace asyncscope {

class LatencyServer final : public QObject
{
    Q_OBJECT
public:
    static constexpr int kDefaultAddressCount = 40;
    static constexpr int kMaxAddressCount = 250;            // 127.0.0.1 ... 127.0.0.250
    static constexpr qint64 kMaxDelayMs = 60 * 1000;        // longer asks are answered 400
    static constexpr qint64 kMaxBodyBytes = 100LL * 1024 * 1024;

    explicit LatencyServer(QObject *parent = nullptr);
    ~LatencyServer() override;

    // Listens on 127.0.0.1 ... 127.0.0.<addressCount> at one port; port 0
    // picks a free one. False, with *error set, when it cannot.
    bool listen(quint16 port = 0, int addressCount = kDefaultAddressCount, QString *error = nullptr);
    bool isListening() const { return m_port != 0; }

    quint16 port() const { return m_port; }
    QList<QHostAddress> addresses() const { return m_addresses; }
    // "http://127.0.0.K:PORT" for slot K-1; slots beyond the address count wrap around.
    QUrl baseUrl(int slot = 0) const;

    // Forgets the per-seed /flaky streams and the /status/A,B,C call counts, so
    // the next requests answer as the first ones did (each plan runs alone).
    void resetSequences();

    // Responses still waiting for their delay, drop or trickle (for tests and leak checks).
    int pendingResponses() const { return m_pending; }
    // Requests answered or dropped so far, all routes.
    int requestCount() const { return m_requests; }

private:
    std::unique_ptr<QHttpServer> createHttpServer();
    bool listenOnAll(QHttpServer &http, quint16 port, int addressCount, QString *error);

    std::unique_ptr<QHttpServer> m_http;
    QList<QHostAddress> m_addresses;
    quint16 m_port = 0;
    int m_pending = 0;
    int m_requests = 0;
    QHash<quint64, QRandomGenerator> m_flakyStreams; // /flaky?seed=N: one reproducible stream per seed
    QHash<QString, int> m_sequenceCalls;             // /status/A,B,C?...: calls so far, per path and query
    friend struct LatencyRoutes; // the route handlers (latency_server.cpp) count pending responses
};

} // namespace asyncscope
