#include "gui_main.h"

#include "commands.h"
#include "main_window.h"
#include "playback_controller.h"
#include "summary_chart.h"
#include "trials_runner.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QImageWriter>
#include <QMessageBox>
#include <QStyleFactory>
#include <QTimer>

#include <cstdio>

namespace asyncscope {

namespace {

const char kDefaultScenario[] = "example:profile";

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
            std::fprintf(stderr, "asyncscope: %s: %s\n", qPrintable(request.path), qPrintable(writer.errorString()));
        QCoreApplication::exit(ok ? ExitOk : ExitBadInput);
    });
}

} // namespace

int runGui(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("asyncscope: see async strategies in time"));
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
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("a scenario, - or example:NAME"));
    if (!parser.parse(QStringList{QStringLiteral("asyncscope")} + args)) {
        std::fprintf(stderr, "asyncscope: %s\n", qPrintable(parser.errorText()));
        return ExitBadInput;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1) {
        std::fprintf(stderr, "asyncscope: expected one FILE, got %lld\n", qlonglong(positional.size()));
        return ExitBadInput;
    }

    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    const bool screenshot = parser.isSet(screenshotOption);
    MainWindow window(!screenshot);

    if (parser.isSet(themeOption) && !window.setThemeName(parser.value(themeOption))) {
        std::fprintf(stderr, "asyncscope: unknown theme %s (light, dark or print)\n", qPrintable(parser.value(themeOption)));
        return ExitBadInput;
    }
    if (parser.isSet(seedOption)) {
        bool ok = false;
        const quint64 seed = parser.value(seedOption).toULongLong(&ok);
        if (!ok) {
            std::fprintf(stderr, "asyncscope: --seed needs a number\n");
            return ExitBadInput;
        }
        window.setSeed(seed);
    }

    const QString file = positional.isEmpty() ? QString::fromLatin1(kDefaultScenario) : positional.constFirst();
    QString error;
    if (!window.openFile(file, &error)) {
        if (screenshot) {
            std::fprintf(stderr, "%s\n", qPrintable(error));
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

    ScreenshotRequest request;
    request.path = parser.value(screenshotOption);
    if (parser.isSet(sizeOption)) {
        const QStringList wh = parser.value(sizeOption).split(QLatin1Char('x'));
        const int w = wh.value(0).toInt();
        const int h = wh.value(1).toInt();
        if (wh.size() != 2 || w < 320 || h < 240 || w > 8000 || h > 8000) {
            std::fprintf(stderr, "asyncscope: --size needs WxH, e.g. 1600x1000\n");
            return ExitBadInput;
        }
        request.size = QSize(w, h);
    }
    if (parser.isSet(atOption)) {
        bool ok = false;
        request.atMs = parser.value(atOption).toDouble(&ok);
        if (!ok) {
            std::fprintf(stderr, "asyncscope: --at needs milliseconds\n");
            return ExitBadInput;
        }
    }
    request.trials = parser.value(trialsOption).toInt();

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

} // namespace asyncscope
