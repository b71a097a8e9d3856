#include "latency_server_thread.h"

#include "latency_server.h"

#include <algorithm>
#include <utility>

namespace asyncscope {

LatencyServerThread::LatencyServerThread()
{
    m_thread.setObjectName(QStringLiteral("asyncscope latency server"));
}

LatencyServerThread::~LatencyServerThread()
{
    stop();
}

bool LatencyServerThread::start(quint16 port, int addressCount, QString *error)
{
    stop();
    m_thread.start();
    bool listening = false;
    QString why;
    // Create the server in its thread so the QHttpServer and its sockets live there.
    auto *server = new LatencyServer;
    server->moveToThread(&m_thread);
    QMetaObject::invokeMethod(
        server, [&] { listening = server->listen(port, addressCount, &why); }, Qt::BlockingQueuedConnection);
    m_server = server;
    if (!listening) {
        stop();
        if (error)
            *error = why;
        return false;
    }
    QMetaObject::invokeMethod(
        server, [&] {
            m_port = server->port();
            m_addresses = server->addresses();
        },
        Qt::BlockingQueuedConnection);
    return true;
}

void LatencyServerThread::resetSequences()
{
    if (LatencyServer *server = m_server)
        QMetaObject::invokeMethod(server, [server] { server->resetSequences(); }, Qt::BlockingQueuedConnection);
}

void LatencyServerThread::stop()
{
    if (m_server) {
        LatencyServer *server = std::exchange(m_server, nullptr);
        QMetaObject::invokeMethod(server, [server] { delete server; }, Qt::BlockingQueuedConnection);
    }
    m_thread.quit();
    m_thread.wait();
    m_port = 0;
    m_addresses.clear();
}

QUrl LatencyServerThread::baseUrl(int slot) const
{
    if (m_addresses.isEmpty())
        return {};
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(m_addresses.at(std::max(slot, 0) % m_addresses.size()).toString());
    url.setPort(m_port);
    return url;
}

} // namespace asyncscope
