// `asyncscope [FILE]`: the window. Everything that can be checked without a
// display is checked first (usage, a missing file, no display at all), so a
// user gets one line instead of Qt's platform-plugin abort.

#include "command_line.h"
#include "verbs.h"

#include "main_window.h"
#include "playback_controller.h"
#include "summary_chart.h"
#include "trials_runner.h"

#include <QApplication>
#include <QIcon>
#include <QImageWriter>
#include <QMessageBox>
#include <QStyleFactory>
#include <QTimer>

#include <cstdlib>

namespace asyncscope::cli {

namespace {

const char kDefaultScenario[] = "example:profile";
const char kNoDisplay[] = "asyncscope: there is no display to open the window on; "
                          "`asyncscope run FILE` shows a scenario's run as text without one\n";

// Hidden options for documentation screenshots: show the window, let it
// paint, grab it with QWidget::grab() and quit. Not in the usage text.
struct ScreenshotRequest
{
    QString path;
    QSize size{1600, 1000};
    std::optional<double> atMs;
    int trials = 0;
};

void grabWhenReady(MainWindow *window, const ScreenshotRequest &request, int attemptsLeft)
{
    // Trials finish on another thread; give them a few seconds before grabbing anyway.
    if (window->trialsRunner()->isRunning() && attemptsLeft > 0) {
        QTimer::singleShot(100, window, [=] { grabWhenReady(window, request, attemptsLeft - 1); });
        return;
    }
    QTimer::singleShot(200, window, [window, request] {
        QImageWriter writer(request.path);
        const bool ok = writer.write(window->grab().toImage());
        if (!ok)
            writeError(QStringLiteral("asyncscope: %1: %2\n").arg(request.path, writer.errorString()));
        QCoreApplication::exit(ok ? ExitOk : ExitBadInput);
    });
}

// A platform the window can open on: an explicit QT_QPA_PLATFORM other than
// the desktop ones (offscreen, minimal, vnc...), or a desktop session.
bool haveDisplay()
{
    const QByteArray platform = qgetenv("QT_QPA_PLATFORM");
    const bool desktopPlatform = platform.isEmpty() || platform.startsWith("xcb") || platform.startsWith("wayland");
    if (!desktopPlatform)
        return true;
    return !qEnvironmentVariableIsEmpty("DISPLAY") || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY");
}

// A DISPLAY that is set but dead makes Qt's xcb plugin warn twice and call
// qFatal, which aborts with a page of plugin advice. While the QApplication is
// being made, hold the platform's messages back: on that failure say it in
// one line instead and exit 2; otherwise pass them on as they were.
QtMessageHandler g_previousHandler = nullptr;
QStringList g_heldMessages;
void platformFailureHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (type == QtFatalMsg) {
        writeError(QString::fromLatin1(kNoDisplay));
        std::_Exit(ExitBadInput);
    }
    if (context.category && QByteArray(context.category).startsWith("qt.qpa")) {
        g_heldMessages << message;
        return;
    }
    if (g_previousHandler)
        g_previousHandler(type, context, message);
}

} // namespace

int windowVerb(int &argc, char **argv)
{
    QStringList args;
    for (int i = 1; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);

    VerbParser parser{QString()};
    const QCommandLineOption screenshotOption(QStringLiteral("screenshot"), QString(), QStringLiteral("PATH"));
    const QCommandLineOption themeOption(QStringLiteral("theme"), QString(), QStringLiteral("NAME"));
    const QCommandLineOption presenterOption(QStringLiteral("presenter"));
    const QCommandLineOption sizeOption(QStringLiteral("size"), QString(), QStringLiteral("WxH"));
    const QCommandLineOption atOption(QStringLiteral("at"), QString(), QStringLiteral("MS"));
    const QCommandLineOption trialsOption(QStringLiteral("trials"), QString(), QStringLiteral("N"));
    const QCommandLineOption seedOption(QStringLiteral("seed"), QString(), QStringLiteral("N"));
    for (const QCommandLineOption &option :
         {screenshotOption, themeOption, presenterOption, sizeOption, atOption, trialsOption, seedOption}) {
        QCommandLineOption hidden = option;
        hidden.setFlags(QCommandLineOption::HiddenFromHelp);
        parser.addOption(hidden);
    }
    if (const std::optional<int> done = parser.parse(args, 0, 1))
        return *done;
    const QString file = parser.positional().value(0, QString::fromLatin1(kDefaultScenario));
    if (const std::optional<QString> missing = missingFile(file)) {
        writeError(*missing + QLatin1Char('\n'));
        return ExitBadInput;
    }

    int exitCode = ExitBadInput;
    std::optional<quint64> seed;
    if (parser.isSet(seedOption) && !(seed = parser.seed(seedOption, &exitCode)))
        return exitCode;
    ScreenshotRequest request;
    request.path = parser.value(screenshotOption);
    if (parser.isSet(sizeOption)) {
        const QStringList wh = parser.value(sizeOption).split(QLatin1Char('x'));
        const int w = wh.value(0).toInt();
        const int h = wh.value(1).toInt();
        if (wh.size() != 2 || w < 320 || h < 240 || w > 8000 || h > 8000)
            return parser.usageError(QStringLiteral("--size wants WxH, e.g. 1600x1000, not \"%1\"").arg(parser.value(sizeOption)));
        request.size = QSize(w, h);
    }
    if (parser.isSet(atOption) && !(request.atMs = parser.milliseconds(atOption, &exitCode)))
        return exitCode;
    if (parser.isSet(trialsOption)) {
        const std::optional<int> trials = parser.integer(trialsOption, 1, 100000, &exitCode);
        if (!trials)
            return exitCode;
        request.trials = *trials;
    }

    if (!haveDisplay()) {
        writeError(QString::fromLatin1(kNoDisplay));
        return ExitBadInput;
    }
    g_previousHandler = qInstallMessageHandler(platformFailureHandler);
    QApplication app(argc, argv);
    qInstallMessageHandler(g_previousHandler);
    for (const QString &held : std::as_const(g_heldMessages))
        writeError(held + QLatin1Char('\n'));
    setApplicationIdentity();
    QGuiApplication::setDesktopFileName(QStringLiteral("io.github.asyncscope.asyncscope"));
    QApplication::setWindowIcon(QIcon::fromTheme(QStringLiteral("io.github.asyncscope.asyncscope"),
                                                 QIcon(QStringLiteral(":/icons/io.github.asyncscope.asyncscope.svg"))));
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));

    const bool screenshot = parser.isSet(screenshotOption);
    MainWindow window(!screenshot);
    if (parser.isSet(themeOption) && !window.setThemeName(parser.value(themeOption)))
        return parser.usageError(QStringLiteral("--theme wants light, dark or print, not \"%1\"").arg(parser.value(themeOption)));
    if (seed)
        window.setSeed(*seed);

    QString error;
    if (!window.openFile(file, &error)) {
        if (screenshot) {
            writeError(error + QLatin1Char('\n'));
            return ExitBadInput;
        }
        // Still open a window: the user sees what was wrong next to a working example.
        window.openFile(QString::fromLatin1(kDefaultScenario));
        window.show();
        QMessageBox::warning(&window, QObject::tr("Cannot open scenario"), error);
    }

    if (!screenshot) {
        window.show();
        // After a crash or a kill: offer the edits the last session autosaved.
        QTimer::singleShot(0, &window, &MainWindow::offerRecoveries);
        return QApplication::exec();
    }

    window.resize(request.size);
    if (parser.isSet(presenterOption))
        window.setPresenterMode(true);
    window.show();
    if (request.trials > 0)
        window.summaryChart()->setTrialsCount(request.trials);
    if (request.atMs)
        window.playback()->seek(*request.atMs);
    QTimer::singleShot(300, &window, [&window, request] { grabWhenReady(&window, request, 100); });
    return QApplication::exec();
}

} // namespace asyncscope::cli
