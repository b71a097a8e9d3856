#pragma once

// The latency server on a thread of its own, for runs in this process
// (`{server}` in a url): the client's replies and the server's timers then do
// not wait for each other in one event loop, which keeps real settle times
// close to the virtual ones.

#include <QHostAddress>
#include <QList>
#include <QThread>
#include <QUrl>

namespace asyncscope {

class LatencyServer;

class LatencyServerThread
{
public:
    LatencyServerThread();
    ~LatencyServerThread(); // stops the server and joins the thread
    LatencyServerThread(const LatencyServerThread &) = delete;
    LatencyServerThread &operator=(const LatencyServerThread &) = delete;

    // As LatencyServer::listen, on the server's thread; blocks until it listens or failed.
    bool start(quint16 port, int addressCount, QString *error);

    // LatencyServer::resetSequences on the server's thread; returns when done.
    void resetSequences();

    // Safe from any thread: copies taken when the server started.
    quint16 port() const { return m_port; }
    QList<QHostAddress> addresses() const { return m_addresses; }
    QUrl baseUrl(int slot = 0) const;

private:
    void stop();

    QThread m_thread;
    LatencyServer *m_server = nullptr; // lives and dies in m_thread
    quint16 m_port = 0;
    QList<QHostAddress> m_addresses;
};

} // namespace asyncscope
