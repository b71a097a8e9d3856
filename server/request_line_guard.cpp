#include "request_line_guard.h"

#include <QByteArray>
#include <QMetaObject>
#include <QTcpSocket>
#include <QTimer>

#include <array>
#include <string_view>

namespace asyncscope {

namespace {

using Verdict = RequestLineCheck::Verdict;

// RFC 9110 §5.6.2: tchar, the characters of a method name.
bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// A request target is visible ASCII: no controls, no spaces, no bytes >= 0x80
// (clients percent-encode those).
bool isTargetChar(char c)
{
    return c > 0x20 && c < 0x7f;
}

// The methods QHttpServerRequestPrivate::parseRequestLine (Qt 6.4.2) maps to a
// QHttpServerRequest::Method; any other comes out as Unknown, which no route
// matches. (It has no TRACE, although the enum does.)
bool isMethodQHttpServerKnows(QByteArrayView method)
{
    static constexpr std::array<std::string_view, 8> kKnown{"GET",  "PUT",   "DELETE",  "POST",
                                                            "HEAD", "OPTIONS", "PATCH", "CONNECT"};
    for (std::string_view known : kKnown) {
        if (method == QByteArrayView(known.data(), qsizetype(known.size())))
            return true;
    }
    return false;
}

RequestLineCheck incomplete()
{
    return {Verdict::Incomplete, ""};
}

RequestLineCheck malformed(const char *problem)
{
    return {Verdict::Malformed, problem};
}

QByteArray answer(QByteArrayView statusLine, QByteArrayView why)
{
    const QByteArrayView statusText = statusLine.sliced(statusLine.indexOf(' ') + 1); // "400 Bad Request"
    const QByteArray body = statusText.toByteArray() + ": " + why.toByteArray() + '\n';
    return statusLine.toByteArray() + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

} // namespace

RequestLineCheck checkRequestLine(QByteArrayView head)
{
    const qsizetype n = head.size();
    qsizetype i = 0;
    while (i < n && (head[i] == '\r' || head[i] == '\n'))
        ++i; // empty lines before the request line

    const qsizetype methodStart = i;
    while (i < n && isTokenChar(head[i]))
        ++i;
    if (i == n)
        return incomplete();
    if (i == methodStart)
        return malformed("the request line must start with a method name");
    const QByteArrayView method = head.sliced(methodStart, i - methodStart);
    if (head[i] != ' ')
        return malformed("the method must be followed by one space and the request target");
    ++i;

    if (i == n)
        return incomplete();
    if (head[i] != '/')
        return malformed("the request target must start with '/'");
    while (i < n && isTargetChar(head[i]))
        ++i;
    if (i == n)
        return incomplete();
    if (head[i] != ' ')
        return malformed("the request target must be followed by one space and HTTP/1.1 or HTTP/1.0");
    ++i;

    static constexpr std::string_view kVersionStem = "HTTP/1.";
    for (char expected : kVersionStem) {
        if (i == n)
            return incomplete();
        if (head[i] != expected)
            return malformed("the version must be HTTP/1.1 or HTTP/1.0");
        ++i;
    }
    if (i == n)
        return incomplete();
    if (head[i] != '0' && head[i] != '1')
        return malformed("the version must be HTTP/1.1 or HTTP/1.0");
    ++i;

    if (i < n && head[i] == '\r')
        ++i;
    if (i == n)
        return incomplete();
    if (head[i] != '\n')
        return malformed("the request line must end after the version");

    if (!isMethodQHttpServerKnows(method))
        return {Verdict::UnknownMethod, "the method is not one this server implements"};
    return {Verdict::Valid, ""};
}

RequestLineGuard::RequestLineGuard(QObject *parent)
    : QTcpServer(parent)
{
}

void RequestLineGuard::incomingConnection(qintptr handle)
{
    // As QTcpServer's own incomingConnection, but the socket is held back
    // until its first line has been seen. It stays a child of this server, as
    // QTcpServer's sockets are; QHttpServer deletes it when it disconnects.
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(handle)) {
        delete socket;
        return;
    }
    auto *deadline = new QTimer(socket);
    deadline->setSingleShot(true);
    deadline->setTimerType(Qt::PreciseTimer); // a coarse timer may fire 5 % early: the limit is the limit
    // Every connection below has `this` as its context, so handOver can undo
    // them all with one socket->disconnect(this).
    connect(deadline, &QTimer::timeout, this, [this, socket] { lineTimedOut(socket); });
    connect(socket, &QTcpSocket::readyRead, this, [this, socket, deadline] { inspect(socket, deadline); });
    connect(socket, &QTcpSocket::disconnected, this, [socket] { socket->deleteLater(); });
    deadline->start(m_lineTimeout);
}

void RequestLineGuard::inspect(QTcpSocket *socket, QTimer *deadline)
{
    // peek, not read: QHttpServer must find the request where it arrived.
    const QByteArray head = socket->peek(kMaxRequestLineBytes);
    const RequestLineCheck check = checkRequestLine(head);
    switch (check.verdict) {
    case Verdict::Incomplete:
        if (head.size() >= kMaxRequestLineBytes)
            refuse(socket, deadline, "HTTP/1.1 400 Bad Request", "the request line is longer than 8192 bytes");
        return; // else wait for more
    case Verdict::Valid:
        handOver(socket, deadline);
        return;
    case Verdict::Malformed:
        refuse(socket, deadline, "HTTP/1.1 400 Bad Request", check.problem);
        return;
    case Verdict::UnknownMethod:
        refuse(socket, deadline, "HTTP/1.1 501 Not Implemented", check.problem);
        return;
    }
}

void RequestLineGuard::lineTimedOut(QTcpSocket *socket)
{
    socket->disconnect(this);
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    if (socket->bytesAvailable() > 0) {
        ++m_refused;
        socket->write(answer("HTTP/1.1 408 Request Timeout", "no complete request line within the time allowed"));
    }
    socket->disconnectFromHost();
}

void RequestLineGuard::handOver(QTcpSocket *socket, QTimer *deadline)
{
    delete deadline;
    socket->disconnect(this);
    // QAbstractHttpServer::bind() listens to pendingConnectionAvailable, which
    // addPendingConnection emits; QHttpServer then takes the socket and
    // connects to its readyRead. (QTcpServer already emitted newConnection
    // when it accepted the socket.)
    addPendingConnection(socket);
    // The request is already in the socket's buffer, so no readyRead of the
    // socket's own will come for it: queue one, as QAbstractHttpServer itself
    // does for a pipelined request left in the buffer.
    QMetaObject::invokeMethod(socket, &QTcpSocket::readyRead, Qt::QueuedConnection);
}

void RequestLineGuard::refuse(QTcpSocket *socket, QTimer *deadline, QByteArrayView statusLine, QByteArrayView why)
{
    delete deadline;
    socket->disconnect(this);
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    ++m_refused;
    socket->write(answer(statusLine, why));
    socket->disconnectFromHost(); // once the answer is written
}

} // namespace asyncscope
