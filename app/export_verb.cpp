// `asyncscope export FILE --out PATH`: the window's picture as PNG, SVG or PDF,
// of a scenario run on the virtual clock or of a recording as it is.

#include "command_line.h"
#include "verbs.h"

#include "scenario_run.h"
#include "export_options.h"
#include "image_exporter.h"
#include "scenario.h"
#include "trace_import.h"

#include <QGuiApplication>

#include <variant>

namespace asyncscope::cli {

namespace {

// The picture's data: a recorded trace (Chrome Trace Event or HAR) as it is,
// or a scenario (a file, or the one a picture carries) run on the virtual
// clock. The scenario's run also embeds the scenario in the picture
// (options->embeddedEnvelope). An exit code when it cannot be had.
std::variant<RunTrace, int> traceToExport(const VerbParser &parser, const QString &input, ExportOptions *options,
                                          std::optional<quint64> seed, bool plansGiven)
{
    if (isTraceFile(input)) {
        QString error;
        const std::optional<RunTrace> imported = importTrace(input, &error);
        if (!imported) {
            writeError(error + QLatin1Char('\n'));
            return ExitBadInput;
        }
        RunTrace chosen = ImageExporter::selectPlans(*imported, options->plans, &error);
        if (!error.isEmpty())
            return parser.usageError(error);
        return chosen;
    }

    const std::optional<ScenarioInput> loaded = loadScenarioInput(input);
    if (!loaded)
        return ExitBadInput;
    const Scenario &scenario = loaded->scenario;
    if (!plansGiven)
        options->plans = loaded->view.plans;
    if (const std::optional<int> bad = checkPlanNames(parser, options->plans, scenario.planNames()))
        return *bad;
    RunOptions runOptions;
    runOptions.seed = seed.value_or(loaded->view.seed);
    runOptions.plans = options->plans;

    PictureView view;
    view.seed = runOptions.seed;
    view.plans = options->plans;
    view.atMs = options->atMs;
    view.theme = options->theme.name;
    view.width = options->width;
    view.scale = options->scale;
    view.title = options->title;
    options->embeddedEnvelope = pictureEnvelope(scenario, view);
    RunTrace trace = runVirtual(scenario, runOptions);
    if (const std::optional<QString> failed = javaScriptRunError(scenario, trace, input)) {
        writeError(*failed + QLatin1Char('\n'));
        return ExitBadInput;
    }
    return trace;
}

QtMessageHandler g_previousHandler = nullptr;
void dropRuntimeDirWarning(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (message.startsWith(QLatin1String("QStandardPaths: XDG_RUNTIME_DIR not set")))
        return;
    if (g_previousHandler)
        g_previousHandler(type, context, message);
    else if (type != QtDebugMsg)
        writeError(message + QLatin1Char('\n'));
}

} // namespace

int exportVerb(int &argc, char **argv)
{
    QStringList args;
    for (int i = 2; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);

    VerbParser parser(QStringLiteral("export"));
    const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("Output file: .png, .svg or .pdf."),
                                 QStringLiteral("PATH"));
    const QCommandLineOption plan = planOption();
    const QCommandLineOption width(QStringLiteral("width"), QStringLiteral("Width in pixels."), QStringLiteral("PX"),
                                   QStringLiteral("1600"));
    const QCommandLineOption scale(QStringLiteral("scale"), QStringLiteral("PNG pixel ratio: 1, 2 or 3."),
                                   QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption theme(QStringLiteral("theme"), QStringLiteral("light, dark or print."),
                                   QStringLiteral("NAME"), QStringLiteral("light"));
    const QCommandLineOption at(QStringLiteral("at"), QStringLiteral("Show the state at this time."), QStringLiteral("MS"));
    const QCommandLineOption title(QStringLiteral("title"), QStringLiteral("Title instead of the scenario name."),
                                   QStringLiteral("TEXT"));
    const QCommandLineOption seed = seedOption();
    parser.addOptions({out, plan, width, scale, theme, at, title, seed});
    if (const std::optional<int> done = parser.parse(args, 1, 1))
        return *done;
    if (!parser.isSet(out))
        return parser.usageError(QStringLiteral("missing --out PATH"));

    // Painting needs QtGui (fonts, QImage, QPdfWriter; a Theme holds QFonts) but
    // no window: offscreen unless the user chose a platform. Its one complaint on
    // a bare machine (no XDG_RUNTIME_DIR, which offscreen never uses) is not the
    // user's concern. Made after --help and usage errors, which need none of it.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    g_previousHandler = qInstallMessageHandler(dropRuntimeDirWarning);
    QGuiApplication app(argc, argv);
    setApplicationIdentity();

    ExportOptions options;
    const QString outPath = parser.value(out);
    const std::optional<ExportFormat> format = exportFormatForPath(outPath);
    if (!format)
        return parser.usageError(QStringLiteral("--out wants a path ending in .png, .svg or .pdf, not \"%1\"").arg(outPath));
    options.format = *format;

    int exitCode = ExitBadInput;
    const std::optional<int> widthValue = parser.integer(width, kMinExportWidth, kMaxExportWidth, &exitCode);
    if (!widthValue)
        return exitCode;
    options.width = *widthValue;
    const std::optional<int> scaleValue = parser.integer(scale, 1, 3, &exitCode);
    if (!scaleValue)
        return exitCode;
    options.scale = *scaleValue;
    const std::optional<Theme> themeValue = Theme::byName(parser.value(theme));
    if (!themeValue)
        return parser.usageError(QStringLiteral("--theme wants light, dark or print, not \"%1\"").arg(parser.value(theme)));
    options.theme = *themeValue;
    if (parser.isSet(at)) {
        const std::optional<double> atValue = parser.milliseconds(at, &exitCode);
        if (!atValue)
            return exitCode;
        options.atMs = *atValue;
    }
    options.title = parser.value(title);
    std::optional<quint64> seedValue;
    if (parser.isSet(seed) && !(seedValue = parser.seed(seed, &exitCode)))
        return exitCode;
    options.plans = parser.values(plan);

    const std::variant<RunTrace, int> trace = traceToExport(parser, parser.positional().constFirst(), &options,
                                                            seedValue, parser.isSet(plan));
    if (const int *failed = std::get_if<int>(&trace))
        return *failed;
    const QString error = ImageExporter::exportToFile(std::get<RunTrace>(trace), options, outPath);
    if (!error.isEmpty())
        return parser.fail(error, ExitFailure);
    return ExitOk;
}

} // namespace asyncscope::cli
