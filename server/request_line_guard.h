#pragma once

// A QTcpServer that checks the first request line of every connection before
// QHttpServer sees it. QHttpServer 6.4 closes a connection whose request line
// it cannot parse without a word; this answers such a client instead:
//   400 Bad Request      not "METHOD SP /target SP HTTP/1.0|1.1" (CR)LF, bytes
//                        that cannot start one (binary, a TLS hello), or no line
//                        end within the first kMaxRequestLineBytes
//   501 Not Implemented  a well-formed method QHttpServer 6.4 does not know
//                        (it would answer 404 as if the path were missing)
//   408 Request Timeout  part of a line, but no line end within the timeout
// each with a short text body and "Connection: close", then closes. A
// connection that sends nothing before the timeout is closed without a word
// (an idle pre-connect is not a malformed request).
//
// A good line is only peeked at, never consumed: the socket goes to the
// QHttpServer bound to this server with every byte still unread. Only the
// first request line of a connection is checked; later requests on a kept-alive
// connection are QHttpServer's to parse (it still closes on a bad one).

#include <QByteArrayView>
#include <QTcpServer>

#include <chrono>

QT_BEGIN_NAMESPACE
class QTimer;
QT_END_NAMESPACE

namespace asyncscope {

// What the bytes at the start of a connection amount to.
struct RequestLineCheck
{
    enum class Verdict {
        Incomplete,    // a valid beginning; the line has not ended yet
        Valid,         // a complete line this server will pass on
        Malformed,     // not a request line (400)
        UnknownMethod, // a request line with a method QHttpServer 6.4 does not handle (501)
    };
    Verdict verdict = Verdict::Incomplete;
    const char *problem = ""; // why, for the answer's body; static text
};

// Checks the request line at the start of `head` (RFC 9112 §3, strictly: one
// space between the parts, origin-form target of visible ASCII, HTTP/1.0 or
// HTTP/1.1). Empty lines before it are skipped, as RFC 9112 §2.2 allows.
// Stops at the first byte that rules a request line out, so garbage is refused
// before any line end arrives.
RequestLineCheck checkRequestLine(QByteArrayView head);

class RequestLineGuard final : public QTcpServer
{
    Q_OBJECT
public:
    static constexpr qsizetype kMaxRequestLineBytes = 8 * 1024; // empty lines before it included
    static constexpr std::chrono::milliseconds kDefaultLineTimeout{10 * 1000};

    explicit RequestLineGuard(QObject *parent = nullptr);

    // How long a connection may take to send its first request line.
    void setLineTimeout(std::chrono::milliseconds timeout) { m_lineTimeout = timeout; }
    std::chrono::milliseconds lineTimeout() const { return m_lineTimeout; }

    // Connections answered 400, 408 or 501 so far.
    int refusedCount() const { return m_refused; }

protected:
    void incomingConnection(qintptr handle) override;

private:
    void inspect(QTcpSocket *socket, QTimer *deadline);
    void lineTimedOut(QTcpSocket *socket);
    void handOver(QTcpSocket *socket, QTimer *deadline);
    void refuse(QTcpSocket *socket, QTimer *deadline, QByteArrayView statusLine, QByteArrayView why);

    std::chrono::milliseconds m_lineTimeout = kDefaultLineTimeout;
    int m_refused = 0;
};

} // namespace asyncscope
