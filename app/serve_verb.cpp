// `asyncscope serve`: the loopback latency server (SPEC §4) in the foreground.

#include "command_line.h"
#include "verbs.h"

#include "latency_server.h"

#include <QCoreApplication>

namespace asyncscope::cli {

int serveVerb(const QStringList &args)
{
    VerbParser parser(QStringLiteral("serve"));
    const QCommandLineOption port(QStringLiteral("port"), QStringLiteral("Listen on this port (default: a free one)."),
                                  QStringLiteral("N"));
    const QCommandLineOption addresses(
        QStringLiteral("addresses"),
        QStringLiteral("Listen on 127.0.0.1 ... 127.0.0.K (default %1).").arg(LatencyServer::kDefaultAddressCount),
        QStringLiteral("K"));
    parser.addOptions({port, addresses});
    if (const std::optional<int> done = parser.parse(args, 0, 0))
        return *done;

    int exitCode = ExitBadInput;
    int portNumber = 0;
    if (parser.isSet(port)) {
        const std::optional<int> value = parser.integer(port, 1, 65535, &exitCode);
        if (!value)
            return exitCode;
        portNumber = *value;
    }
    int addressCount = LatencyServer::kDefaultAddressCount;
    if (parser.isSet(addresses)) {
        const std::optional<int> value = parser.integer(addresses, 1, LatencyServer::kMaxAddressCount, &exitCode);
        if (!value)
            return exitCode;
        addressCount = *value;
    }

    LatencyServer server;
    QString error;
    if (!server.listen(quint16(portNumber), addressCount, &error))
        return parser.fail(QStringLiteral("the latency server cannot start: %1").arg(error), ExitNetwork);

    const QList<QHostAddress> listening = server.addresses();
    QString text = QStringLiteral("asyncscope latency server listening on port %1 of %2 loopback address%3:\n")
                       .arg(server.port())
                       .arg(listening.size())
                       .arg(listening.size() == 1 ? QString() : QStringLiteral("es"));
    for (int slot = 0; slot < listening.size(); ++slot)
        text += QStringLiteral("  %1\n").arg(server.baseUrl(slot).toString());
    text += QStringLiteral(
                "routes: /delay/MS  /status/CODE[,CODE...]?delay=MS  /flaky?p=P&delay=MS&seed=N  /drop?delay=MS  "
                "/slow?bytes=N&ms=MS\n"
                "(delays up to %1 ms, bodies up to %2 bytes; Ctrl+C stops it)\n")
                .arg(LatencyServer::kMaxDelayMs)
                .arg(LatencyServer::kMaxBodyBytes);
    writeOut(text); // flushed: scripts wait for the address before they start
    return QCoreApplication::exec();
}

} // namespace asyncscope::cli
