// Parses the first word of the command line and hands over to core or ui.
// The verb decides which application object exists: the CLI verbs never need
// a display; export needs QtGui (fonts, painting) but runs offscreen.

#include "commands.h"
#include "export_command.h"
#include "gui_main.h"
#include "network_run.h"
#include "serve_command.h"

#include <QApplication>
#include <QCoreApplication>
#include <QGuiApplication>

#include <cstdio>
#include <memory>

namespace {

const char kUsage[] =
    "usage:\n"
    "  asyncscope [FILE]                     open the GUI (default: example:profile)\n"
    "  asyncscope run FILE [--plan NAME]... [--seed N] [--trials N]\n"
    "                 [--format text|json|chrome-trace] [--network]\n"
    "  asyncscope export FILE --out PATH.png|.svg|.pdf [--plan NAME]... [--width PX]\n"
    "                 [--scale 1|2|3] [--theme light|dark|print] [--at MS] [--title TEXT] [--seed N]\n"
    "  asyncscope serve [--port N]           the latency server, in the foreground\n"
    "  asyncscope examples                   list the built-in examples\n"
    "FILE is a path, - for standard input, or example:NAME.\n";

void setIdentity()
{
    QCoreApplication::setOrganizationName(QStringLiteral("asyncscope"));
    QCoreApplication::setApplicationName(QStringLiteral("asyncscope"));
    QCoreApplication::setApplicationVersion(QStringLiteral(ASYNCSCOPE_VERSION));
}

} // namespace

int main(int argc, char *argv[])
{
    const QString verb = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QString();

    if (verb == QLatin1String("-h") || verb == QLatin1String("--help") || verb == QLatin1String("help")) {
        std::fputs(kUsage, stdout);
        return asyncscope::ExitOk;
    }
    if (verb == QLatin1String("-v") || verb == QLatin1String("--version")) {
        std::printf("asyncscope %s\n", ASYNCSCOPE_VERSION);
        return asyncscope::ExitOk;
    }

    if (verb == QLatin1String("run") || verb == QLatin1String("examples") || verb == QLatin1String("serve")) {
        QCoreApplication app(argc, argv);
        setIdentity();
        const QStringList args = app.arguments().mid(2);
        if (verb == QLatin1String("run"))
            return asyncscope::runCommand(args, &asyncscope::runOnNetwork);
        if (verb == QLatin1String("examples"))
            return asyncscope::examplesCommand(args);
        return asyncscope::serveCommand(args);
    }

    if (verb == QLatin1String("export")) {
        // Export renders into QImage/QSvgGenerator/QPdfWriter: no window, so no display needed.
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY")
            && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        QGuiApplication app(argc, argv);
        setIdentity();
        return asyncscope::exportCommand(app.arguments().mid(2));
    }

    if (verb.startsWith(QLatin1Char('-')) && verb != QLatin1String("-")) {
        std::fprintf(stderr, "asyncscope: unknown option %s\n%s", argv[1], kUsage);
        return asyncscope::ExitBadInput;
    }

    QApplication app(argc, argv);
    setIdentity();
    return asyncscope::runGui(app.arguments().mid(1));
}
