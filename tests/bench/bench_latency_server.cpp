// What one request to the embedded latency server costs on loopback, and what
// the request-line guard adds to it: N x GET /delay/0 against
//   plain QHttpServer    one /delay/<arg> route, QHttpServer::listen (no guard)
//   guarded QHttpServer  the same route behind a RequestLineGuard
//   LatencyServer        the real server (guarded), as `{server}` runs it
// each (a) on fresh connections, so every request passes the guard and
// QHttpServer's connection set-up, and (b) on one kept-alive connection, where
// only the first does. The servers run on a thread of their own; the client is
// a raw QTcpSocket with blocking waits, and the cases take turns in rounds so
// a change of machine load hits them alike.
//
//   bench_latency_server [N]      N requests per case (default 200)

#include "bench_measure.h"
#include "latency_server_thread.h"
#include "request_line_guard.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QHttpServer>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QThread>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <optional>

using namespace asyncscope;

namespace {

const QByteArray kRequest = QByteArrayLiteral("GET /delay/0 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");

// Reads one whole response (headers, then Content-Length bytes); nullopt on a
// timeout or an early close.
std::optional<QByteArray> readResponse(QTcpSocket &socket)
{
    QByteArray data;
    for (;;) {
        const qsizetype headerEnd = data.indexOf("\r\n\r\n");
        if (headerEnd >= 0) {
            qsizetype length = 0;
            for (const QByteArray &line : data.left(headerEnd).split('\n')) {
                if (line.toLower().startsWith("content-length:"))
                    length = line.mid(15).trimmed().toLongLong();
            }
            if (data.size() >= headerEnd + 4 + length)
                return data;
        }
        if (!socket.waitForReadyRead(5000))
            return std::nullopt;
        data += socket.readAll();
    }
}

struct Summary
{
    double medianUs = 0;
    double p90Us = 0;
    double meanUs = 0;
};

Summary summarize(QList<double> us)
{
    std::sort(us.begin(), us.end());
    Summary s;
    s.medianUs = us.at(us.size() / 2);
    s.p90Us = us.at(std::min<qsizetype>(us.size() - 1, us.size() * 9 / 10));
    double sum = 0;
    for (double v : us)
        sum += v;
    s.meanUs = sum / double(us.size());
    return s;
}

std::optional<QList<double>> freshConnections(const QUrl &base, int n)
{
    QList<double> us;
    for (int i = 0; i < n; ++i) {
        QElapsedTimer timer;
        timer.start();
        QTcpSocket socket;
        socket.connectToHost(base.host(), quint16(base.port()));
        if (!socket.waitForConnected(5000))
            return std::nullopt;
        socket.write(kRequest);
        const auto response = readResponse(socket);
        if (!response || !response->startsWith("HTTP/1.1 200"))
            return std::nullopt;
        us.append(double(timer.nsecsElapsed()) / 1e3);
        socket.abort();
    }
    return us;
}

std::optional<QList<double>> oneConnection(const QUrl &base, int n)
{
    QList<double> us;
    QTcpSocket socket;
    socket.connectToHost(base.host(), quint16(base.port()));
    if (!socket.waitForConnected(5000))
        return std::nullopt;
    for (int i = 0; i < n; ++i) {
        QElapsedTimer timer;
        timer.start();
        socket.write(kRequest);
        const auto response = readResponse(socket);
        if (!response || !response->startsWith("HTTP/1.1 200"))
            return std::nullopt;
        us.append(double(timer.nsecsElapsed()) / 1e3);
    }
    return us;
}

// A QHttpServer with only /delay/<arg> (answering at once) on its own thread.
class PlainServerThread
{
public:
    explicit PlainServerThread(bool guarded)
    {
        m_thread.start();
        m_http = std::make_unique<QHttpServer>();
        m_http->moveToThread(&m_thread); // so its sockets live there
        QMetaObject::invokeMethod(
            m_http.get(),
            [&] {
                m_http->route(QStringLiteral("/delay/<arg>"), [](const QString &ms, QHttpServerResponder &&responder) {
                    responder.write(QJsonDocument(QJsonObject{{QStringLiteral("delay_ms"), ms.toInt()}}));
                });
                const QHostAddress loopback(QStringLiteral("127.0.0.1"));
                if (guarded) {
                    auto *guard = new RequestLineGuard;
                    if (guard->listen(loopback))
                        m_port = guard->serverPort();
                    m_http->bind(guard);
                } else {
                    m_port = m_http->listen(loopback);
                }
            },
            Qt::BlockingQueuedConnection);
    }
    ~PlainServerThread()
    {
        QMetaObject::invokeMethod(m_http.get(), [&] { m_http.reset(); }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }
    PlainServerThread(const PlainServerThread &) = delete;
    PlainServerThread &operator=(const PlainServerThread &) = delete;

    QUrl baseUrl() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port)); }

private:
    QThread m_thread;
    std::unique_ptr<QHttpServer> m_http; // lives and dies in m_thread
    quint16 m_port = 0;
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int n = argc > 1 ? std::max(1, QByteArray(argv[1]).toInt()) : 200;
    constexpr int kRounds = 5;

    LatencyServerThread latencyServer;
    QString error;
    if (!latencyServer.start(0, 1, &error)) {
        std::fprintf(stderr, "bench_latency_server: %s\n", qPrintable(error));
        return 1;
    }
    PlainServerThread plain(false);
    PlainServerThread guarded(true);

    struct Case
    {
        const char *name;
        QUrl base;
        bool fresh;
        QList<double> us;
    };
    QList<Case> cases{
        {"plain QHttpServer, fresh conn.", plain.baseUrl(), true, {}},
        {"guarded QHttpServer, fresh conn.", guarded.baseUrl(), true, {}},
        {"LatencyServer, fresh conn.", latencyServer.baseUrl(), true, {}},
        {"plain QHttpServer, kept alive", plain.baseUrl(), false, {}},
        {"guarded QHttpServer, kept alive", guarded.baseUrl(), false, {}},
        {"LatencyServer, kept alive", latencyServer.baseUrl(), false, {}},
    };
    for (const Case &c : cases)
        oneConnection(c.base, 20); // warm up
    for (int round = 0; round < kRounds; ++round) {
        for (Case &c : cases) {
            const int share = n / kRounds + (round < n % kRounds ? 1 : 0);
            const auto us = c.fresh ? freshConnections(c.base, share) : oneConnection(c.base, share);
            if (!us) {
                std::fprintf(stderr, "bench_latency_server: %s failed\n", c.name);
                return 1;
            }
            c.us += *us;
        }
    }
    std::printf("%d x GET /delay/0 per case on loopback, %s\n", n, bench::loadLine().constData());
    std::printf("%-34s %10s %10s %10s\n", "case", "median us", "p90 us", "mean us");
    for (const Case &c : cases) {
        const Summary s = summarize(c.us);
        std::printf("%-34s %10.1f %10.1f %10.1f\n", c.name, s.medianUs, s.p90Us, s.meanUs);
    }
    return 0;
}
