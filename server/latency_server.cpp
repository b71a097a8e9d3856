#include "latency_server.h"

#include "request_line_guard.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>

#include <algorithm>
#include <functional>
#include <optional>

namespace asyncscope {

namespace {

using Status = QHttpServerResponder::StatusCode;

std::optional<qint64> parseInteger(const QString &text, qint64 min, qint64 max)
{
    bool ok = false;
    const qlonglong value = text.toLongLong(&ok);
    if (!ok || value < min || value > max)
        return std::nullopt;
    return value;
}

std::optional<double> parseProbability(const QString &text)
{
    bool ok = false;
    const double value = text.toDouble(&ok);
    if (!ok || !(value >= 0.0 && value <= 1.0))
        return std::nullopt;
    return value;
}

void answerBadRequest(QHttpServerResponder &responder, const QString &why)
{
    responder.write(QJsonDocument(QJsonObject{{QStringLiteral("error"), why}}), Status::BadRequest);
}

// The query items of a request, refusing names it does not know (a typo such
// as ?dealy=100 would otherwise answer at once and look like a fast server).
std::optional<QUrlQuery> checkedQuery(const QHttpServerRequest &request, const QStringList &known,
                                      QString *unknownName)
{
    const QUrlQuery query = request.query();
    for (const auto &[name, value] : query.queryItems()) {
        Q_UNUSED(value);
        if (!known.contains(name)) {
            *unknownName = name;
            return std::nullopt;
        }
    }
    return query;
}

// A delay parameter that may be absent (0 ms); nullopt when malformed or too long.
std::optional<qint64> optionalDelay(const QUrlQuery &query, const QString &name)
{
    if (!query.hasQueryItem(name))
        return 0;
    return parseInteger(query.queryItemValue(name), 0, LatencyServer::kMaxDelayMs);
}

QString delayProblem(const QString &name)
{
    return QStringLiteral("%1 must be an integer number of milliseconds from 0 to %2")
        .arg(name)
        .arg(LatencyServer::kMaxDelayMs);
}

} // namespace

// The route handlers. A struct so they may count pending responses in the server.
struct LatencyRoutes
{
    using Answer = std::function<void(QHttpServerResponder &)>;

    // Calls `answer` after delayMs on a timer, unless the client has gone away
    // by then (QHttpServer deletes a disconnected socket, so it is watched).
    static void later(LatencyServer &server, QHttpServerResponder &&responder, qint64 delayMs, Answer answer)
    {
        ++server.m_requests;
        if (delayMs <= 0) {
            answer(responder);
            return;
        }
        auto held = std::make_shared<QHttpServerResponder>(std::move(responder));
        QPointer<QTcpSocket> socket = held->socket();
        ++server.m_pending;
        QTimer::singleShot(int(delayMs), Qt::PreciseTimer, &server,
                           [&server, held, socket, answer = std::move(answer)] {
                               --server.m_pending;
                               if (socket && socket->state() == QAbstractSocket::ConnectedState)
                                   answer(*held);
                           });
    }

    static void delay(LatencyServer &server, const QString &ms, const QHttpServerRequest &request,
                      QHttpServerResponder &&responder)
    {
        QString unknown;
        if (!checkedQuery(request, {}, &unknown))
            return answerBadRequest(responder, QStringLiteral("unknown parameter %1").arg(unknown));
        const auto delayMs = parseInteger(ms, 0, LatencyServer::kMaxDelayMs);
        if (!delayMs)
            return answerBadRequest(responder, delayProblem(QStringLiteral("/delay/MS")));
        later(server, std::move(responder), *delayMs, [ms = *delayMs](QHttpServerResponder &r) {
            r.write(QJsonDocument(QJsonObject{{QStringLiteral("delay_ms"), ms}}));
        });
    }

    static void status(LatencyServer &server, const QString &codeText, const QHttpServerRequest &request,
                       QHttpServerResponder &&responder)
    {
        QString unknown;
        const auto query = checkedQuery(request, {QStringLiteral("delay")}, &unknown);
        if (!query)
            return answerBadRequest(responder, QStringLiteral("unknown parameter %1").arg(unknown));
        constexpr int kMaxCodes = 100;
        const QStringList codeTexts = codeText.split(QLatin1Char(','));
        QList<qint64> codes;
        for (const QString &text : codeTexts) {
            if (const auto code = parseInteger(text, 200, 599))
                codes << *code;
        }
        if (codes.size() != codeTexts.size() || codes.size() > kMaxCodes) {
            return answerBadRequest(responder, QStringLiteral("/status/CODE must be from 200 to 599, or up to %1 of "
                                                              "them separated by commas")
                                                   .arg(kMaxCodes));
        }
        const auto delayMs = optionalDelay(*query, QStringLiteral("delay"));
        if (!delayMs)
            return answerBadRequest(responder, delayProblem(QStringLiteral("delay")));
        qint64 code = codes.constFirst();
        if (codes.size() > 1) {
            int &calls = server.m_sequenceCalls[request.url().toString(QUrl::RemoveScheme | QUrl::RemoveAuthority)];
            code = codes.at(std::min<qsizetype>(calls, codes.size() - 1));
            ++calls;
        }
        later(server, std::move(responder), *delayMs, [code](QHttpServerResponder &r) {
            const auto status = Status(code);
            if (code == 204 || code == 304) // these never carry a body
                r.write(status);
            else
                r.write(QJsonDocument(QJsonObject{{QStringLiteral("status"), code}}), status);
        });
    }

    static void flaky(LatencyServer &server, const QHttpServerRequest &request, QHttpServerResponder &&responder)
    {
        QString unknown;
        const auto query = checkedQuery(request, {QStringLiteral("p"), QStringLiteral("delay"), QStringLiteral("seed")},
                                        &unknown);
        if (!query)
            return answerBadRequest(responder, QStringLiteral("unknown parameter %1").arg(unknown));
        const auto p = query->hasQueryItem(QStringLiteral("p"))
                           ? parseProbability(query->queryItemValue(QStringLiteral("p")))
                           : std::optional<double>(0.5);
        if (!p)
            return answerBadRequest(responder, QStringLiteral("p must be a probability from 0 to 1"));
        const auto delayMs = optionalDelay(*query, QStringLiteral("delay"));
        if (!delayMs)
            return answerBadRequest(responder, delayProblem(QStringLiteral("delay")));
        double draw = 0;
        if (query->hasQueryItem(QStringLiteral("seed"))) {
            bool ok = false;
            const quint64 seed = query->queryItemValue(QStringLiteral("seed")).toULongLong(&ok);
            if (!ok)
                return answerBadRequest(responder, QStringLiteral("seed must be a non-negative integer"));
            auto stream = server.m_flakyStreams.find(seed);
            if (stream == server.m_flakyStreams.end())
                stream = server.m_flakyStreams.insert(seed, QRandomGenerator(quint32(seed ^ (seed >> 32))));
            draw = stream->generateDouble();
        } else {
            draw = QRandomGenerator::global()->generateDouble();
        }
        // The draw is made when the request arrives, so a seeded stream gives the
        // same answers to requests in the same arrival order, whatever their delays.
        const bool fails = draw < *p;
        later(server, std::move(responder), *delayMs, [fails](QHttpServerResponder &r) {
            const int code = fails ? 503 : 200;
            r.write(QJsonDocument(QJsonObject{{QStringLiteral("status"), code},
                                              {QStringLiteral("flaky"), true}}),
                    Status(code));
        });
    }

    static void drop(LatencyServer &server, const QHttpServerRequest &request, QHttpServerResponder &&responder)
    {
        QString unknown;
        const auto query = checkedQuery(request, {QStringLiteral("delay")}, &unknown);
        if (!query)
            return answerBadRequest(responder, QStringLiteral("unknown parameter %1").arg(unknown));
        const auto delayMs = optionalDelay(*query, QStringLiteral("delay"));
        if (!delayMs)
            return answerBadRequest(responder, delayProblem(QStringLiteral("delay")));
        // QHttpServerResponder has no way to hang up in Qt 6.4, but it hands out
        // its socket: aborting that closes the connection with nothing written,
        // and QHttpServer deletes the disconnected socket itself.
        later(server, std::move(responder), *delayMs, [](QHttpServerResponder &r) { r.socket()->abort(); });
    }

    static void slow(LatencyServer &server, const QHttpServerRequest &request, QHttpServerResponder &&responder)
    {
        QString unknown;
        const auto query = checkedQuery(request, {QStringLiteral("bytes"), QStringLiteral("ms")}, &unknown);
        if (!query)
            return answerBadRequest(responder, QStringLiteral("unknown parameter %1").arg(unknown));
        const auto bytes = parseInteger(query->queryItemValue(QStringLiteral("bytes")), 0, LatencyServer::kMaxBodyBytes);
        if (!bytes) {
            return answerBadRequest(responder, QStringLiteral("bytes must be an integer from 0 to %1")
                                                   .arg(LatencyServer::kMaxBodyBytes));
        }
        const auto totalMs = query->hasQueryItem(QStringLiteral("ms"))
                                 ? parseInteger(query->queryItemValue(QStringLiteral("ms")), 0, LatencyServer::kMaxDelayMs)
                                 : std::optional<qint64>(1000);
        if (!totalMs)
            return answerBadRequest(responder, delayProblem(QStringLiteral("ms")));

        ++server.m_requests;
        // Headers at once, then the body in equal chunks every kTickMs, so the
        // last byte leaves totalMs after the first.
        constexpr int kTickMs = 10;
        responder.writeStatusLine(Status::Ok);
        responder.writeHeader(QByteArrayLiteral("Content-Type"), QByteArrayLiteral("text/plain"));
        responder.writeHeader(QByteArrayLiteral("Content-Length"), QByteArray::number(*bytes));
        const qint64 ticks = std::max<qint64>(1, *totalMs / kTickMs);
        const qint64 chunk = (*bytes + ticks - 1) / std::max<qint64>(1, ticks);
        if (*bytes == 0 || *totalMs == 0) {
            responder.writeBody(QByteArray(*bytes, 'x'));
            return;
        }
        auto held = std::make_shared<QHttpServerResponder>(std::move(responder));
        QPointer<QTcpSocket> socket = held->socket();
        auto *timer = new QTimer(&server);
        timer->setTimerType(Qt::PreciseTimer);
        timer->setInterval(int(std::min<qint64>(kTickMs, *totalMs)));
        ++server.m_pending;
        QObject::connect(timer, &QTimer::timeout, timer,
                         [&server, timer, held, socket, remaining = *bytes, chunk]() mutable {
                             const bool connected = socket && socket->state() == QAbstractSocket::ConnectedState;
                             if (connected) {
                                 const qint64 n = std::min(chunk, remaining);
                                 held->writeBody(QByteArray(n, 'x'));
                                 remaining -= n;
                             }
                             if (!connected || remaining == 0) {
                                 --server.m_pending;
                                 timer->stop();
                                 timer->deleteLater();
                             }
                         });
        timer->start();
    }
};

LatencyServer::LatencyServer(QObject *parent)
    : QObject(parent)
{
}

LatencyServer::~LatencyServer() = default;

std::unique_ptr<QHttpServer> LatencyServer::createHttpServer()
{
    auto http = std::make_unique<QHttpServer>();
    http->route(QStringLiteral("/delay/<arg>"),
                [this](const QString &ms, const QHttpServerRequest &request, QHttpServerResponder &&responder) {
                    LatencyRoutes::delay(*this, ms, request, std::move(responder));
                });
    http->route(QStringLiteral("/status/<arg>"),
                [this](const QString &code, const QHttpServerRequest &request, QHttpServerResponder &&responder) {
                    LatencyRoutes::status(*this, code, request, std::move(responder));
                });
    http->route(QStringLiteral("/flaky"), [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
        LatencyRoutes::flaky(*this, request, std::move(responder));
    });
    http->route(QStringLiteral("/drop"), [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
        LatencyRoutes::drop(*this, request, std::move(responder));
    });
    http->route(QStringLiteral("/slow"), [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
        LatencyRoutes::slow(*this, request, std::move(responder));
    });
    return http;
}

bool LatencyServer::listenOnAll(QHttpServer &http, quint16 port, int addressCount, QString *error)
{
    m_addresses.clear();
    quint16 chosen = port;
    for (int k = 1; k <= addressCount; ++k) {
        const QHostAddress address(QStringLiteral("127.0.0.%1").arg(k));
        // The guard answers a malformed first request line with 400 before
        // QHttpServer (which would only close the connection) sees it.
        auto guard = std::make_unique<RequestLineGuard>();
        if (!guard->listen(address, chosen)) {
            if (error) {
                const QString port = chosen == 0 ? QStringLiteral("(any port)") : QString::number(chosen);
                *error = QStringLiteral("cannot listen on %1:%2 (%3)").arg(address.toString(), port, guard->errorString());
            }
            return false;
        }
        chosen = guard->serverPort(); // the first address picks the port, the others follow it
        http.bind(guard.release());   // QHttpServer parents it
        m_addresses.append(address);
    }
    m_port = chosen;
    return true;
}

bool LatencyServer::listen(quint16 port, int addressCount, QString *error)
{
    addressCount = std::clamp(addressCount, 1, kMaxAddressCount);
    // With port 0 the first address picks a free port, which another program
    // may hold on 127.0.0.2 and up: then try again with a new one.
    const int attempts = port == 0 ? 10 : 1;
    for (int attempt = 0; attempt < attempts; ++attempt) {
        m_http = createHttpServer();
        m_port = 0;
        if (listenOnAll(*m_http, port, addressCount, error))
            return true;
        m_http.reset();
        m_addresses.clear();
    }
    return false;
}

void LatencyServer::resetSequences()
{
    m_flakyStreams.clear();
    m_sequenceCalls.clear();
}

QUrl LatencyServer::baseUrl(int slot) const
{
    if (m_addresses.isEmpty())
        return {};
    const QHostAddress &address = m_addresses.at(std::max(slot, 0) % m_addresses.size());
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(address.toString());
    url.setPort(m_port);
    return url;
}

} // namespace asyncscope
