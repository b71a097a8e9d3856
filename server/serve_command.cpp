#include "serve_command.h"

#include "commands.h"
#include "latency_server.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

namespace asyncscope {

namespace {

void writeError(const QString &text)
{
    std::fputs(text.toLocal8Bit().constData(), stderr);
}

const char kServeUsage[] = "usage: asyncscope serve [--port N] [--addresses K]\n";

} // namespace

int serveCommand(const QStringList &args)
{
    QCommandLineParser parser;
    const QCommandLineOption portOption(QStringLiteral("port"), QStringLiteral("Listen on this port (default: a free one)."),
                                        QStringLiteral("N"));
    const QCommandLineOption addressesOption(
        QStringLiteral("addresses"),
        QStringLiteral("Listen on 127.0.0.1 ... 127.0.0.K (default %1).").arg(LatencyServer::kDefaultAddressCount),
        QStringLiteral("K"));
    parser.addOptions({portOption, addressesOption});
    if (!parser.parse(QStringList{QStringLiteral("asyncscope serve")} + args)) {
        writeError(QStringLiteral("asyncscope serve: %1\n").arg(parser.errorText()) + QLatin1String(kServeUsage));
        return ExitBadInput;
    }
    if (!parser.positionalArguments().isEmpty()) {
        writeError(QStringLiteral("asyncscope serve: unexpected argument \"%1\"\n").arg(parser.positionalArguments().constFirst())
                   + QLatin1String(kServeUsage));
        return ExitBadInput;
    }

    int port = 0;
    if (parser.isSet(portOption)) {
        bool ok = false;
        port = parser.value(portOption).toInt(&ok);
        if (!ok || port < 1 || port > 65535) {
            writeError(QStringLiteral("asyncscope serve: --port must be from 1 to 65535, got \"%1\"\n")
                           .arg(parser.value(portOption)));
            return ExitBadInput;
        }
    }
    int addressCount = LatencyServer::kDefaultAddressCount;
    if (parser.isSet(addressesOption)) {
        bool ok = false;
        addressCount = parser.value(addressesOption).toInt(&ok);
        if (!ok || addressCount < 1 || addressCount > LatencyServer::kMaxAddressCount) {
            writeError(QStringLiteral("asyncscope serve: --addresses must be from 1 to %1, got \"%2\"\n")
                           .arg(LatencyServer::kMaxAddressCount)
                           .arg(parser.value(addressesOption)));
            return ExitBadInput;
        }
    }

    LatencyServer server;
    QString error;
    if (!server.listen(quint16(port), addressCount, &error)) {
        writeError(QStringLiteral("asyncscope serve: the latency server cannot start: %1\n").arg(error));
        return ExitNetwork;
    }

    const QList<QHostAddress> addresses = server.addresses();
    QString text = QStringLiteral("asyncscope latency server listening on port %1 of %2 loopback address%3:\n")
                       .arg(server.port())
                       .arg(addresses.size())
                       .arg(addresses.size() == 1 ? QString() : QStringLiteral("es"));
    for (int slot = 0; slot < addresses.size(); ++slot)
        text += QStringLiteral("  %1\n").arg(server.baseUrl(slot).toString());
    text += QStringLiteral(
        "routes: /delay/MS  /status/CODE[,CODE...]?delay=MS  /flaky?p=P&delay=MS&seed=N  /drop?delay=MS  "
        "/slow?bytes=N&ms=MS\n"
        "(delays up to %1 ms, bodies up to %2 bytes; Ctrl+C stops it)\n")
                .arg(LatencyServer::kMaxDelayMs)
                .arg(LatencyServer::kMaxBodyBytes);
    std::fputs(text.toLocal8Bit().constData(), stdout);
    std::fflush(stdout); // scripts wait for the address before they start
    return QCoreApplication::exec();
}

} // namespace asyncscope
