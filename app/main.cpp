// Reads the verb and hands over to app/<verb>_verb.cpp. The verb decides which
// application object exists: run, serve and examples never need a display;
// export paints offscreen; only the window needs one.

#include "command_line.h"
#include "verbs.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    using namespace asyncscope::cli;
    const QString verb = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QString();

    if (verb == QLatin1String("-h") || verb == QLatin1String("--help") || verb == QLatin1String("help")) {
        writeOut(usageText(QString()));
        return ExitOk;
    }
    if (verb == QLatin1String("-v") || verb == QLatin1String("--version")) {
        writeOut(QStringLiteral("asyncscope %1\n").arg(QStringLiteral(ASYNCSCOPE_VERSION)));
        return ExitOk;
    }

    if (verb == QLatin1String("run") || verb == QLatin1String("examples") || verb == QLatin1String("serve")
        || verb == QLatin1String("import") || verb == QLatin1String("code") || verb == QLatin1String("check")) {
        QCoreApplication app(argc, argv);
        setApplicationIdentity();
        const QStringList args = app.arguments().mid(2);
        if (verb == QLatin1String("run"))
            return runVerb(args);
        if (verb == QLatin1String("examples"))
            return examplesVerb(args);
        if (verb == QLatin1String("import"))
            return importVerb(args);
        if (verb == QLatin1String("code"))
            return codeVerb(args);
        if (verb == QLatin1String("check"))
            return checkVerb(args);
        return serveVerb(args);
    }

    if (verb == QLatin1String("export"))
        return exportVerb(argc, argv);

    return windowVerb(argc, argv);
}
