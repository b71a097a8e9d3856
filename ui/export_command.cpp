#include "export_command.h"

#include "trace_import.h"

#include "commands.h"
#include "engine.h"
#include "export_options.h"
#include "image_exporter.h"
#include "scenario.h"

#include <QCommandLineParser>
#include <QElapsedTimer>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <variant>

namespace asyncscope {

namespace {

int usageError(const QString &message)
{
    std::fprintf(stderr, "asyncscope export: %s\n", qPrintable(message));
    std::fputs("usage: asyncscope export FILE --out PATH.png|.svg|.pdf [--plan NAME]... [--width PX]\n"
               "                 [--scale 1|2|3] [--theme light|dark|print] [--at MS] [--title TEXT] [--seed N]\n",
               stderr);
    return ExitBadInput;
}

// The picture's data: a recorded trace (Chrome Trace Event or HAR) as it is,
// or a scenario run on the virtual clock. An exit code when it cannot be had.
std::variant<RunTrace, int> traceToExport(const QString &input, const QStringList &plans, quint64 seed)
{
    if (isTraceFile(input)) {
        QString error;
        const std::optional<RunTrace> imported = importTrace(input, &error);
        if (!imported) {
            std::fprintf(stderr, "%s\n", qPrintable(error));
            return ExitBadInput;
        }
        RunTrace chosen = ImageExporter::selectPlans(*imported, plans, &error);
        if (!error.isEmpty())
            return usageError(error);
        return chosen;
    }

    const LoadResult loaded = loadScenarioFile(input);
    if (!loaded.ok()) {
        std::fprintf(stderr, "%s\n", qPrintable(loaded.error));
        return ExitBadInput;
    }
    const Scenario &scenario = *loaded.scenario;
    for (const QString &name : plans) {
        const bool known = std::any_of(scenario.plans.cbegin(), scenario.plans.cend(),
                                       [&](const PlanSpec &p) { return p.name == name; });
        if (!known) {
            QStringList names;
            for (const PlanSpec &p : scenario.plans)
                names.append(p.name);
            return usageError(QStringLiteral("unknown plan \"%1\" (plans: %2)").arg(name, names.join(QStringLiteral(", "))));
        }
    }
    RunOptions runOptions;
    runOptions.seed = seed;
    runOptions.plans = plans;
    return runVirtual(scenario, runOptions);
}

} // namespace

int exportCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption outOption(QStringLiteral("out"), QStringLiteral("Output file: .png, .svg or .pdf."),
                                       QStringLiteral("PATH"));
    const QCommandLineOption planOption(QStringLiteral("plan"), QStringLiteral("Only this plan (repeatable)."),
                                        QStringLiteral("NAME"));
    const QCommandLineOption widthOption(QStringLiteral("width"), QStringLiteral("Width in pixels."),
                                         QStringLiteral("PX"), QStringLiteral("1600"));
    const QCommandLineOption scaleOption(QStringLiteral("scale"), QStringLiteral("PNG pixel ratio: 1, 2 or 3."),
                                         QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption themeOption(QStringLiteral("theme"), QStringLiteral("light, dark or print."),
                                         QStringLiteral("NAME"), QStringLiteral("light"));
    const QCommandLineOption atOption(QStringLiteral("at"), QStringLiteral("Show the state at this time."),
                                      QStringLiteral("MS"));
    const QCommandLineOption titleOption(QStringLiteral("title"), QStringLiteral("Title instead of the scenario name."),
                                         QStringLiteral("TEXT"));
    const QCommandLineOption seedOption(QStringLiteral("seed"), QStringLiteral("Random seed."), QStringLiteral("N"),
                                        QStringLiteral("1"));
    parser.addOptions({outOption, planOption, widthOption, scaleOption, themeOption, atOption, titleOption, seedOption});
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("Scenario: a path, - or example:NAME."));

    if (!parser.parse(QStringList{QStringLiteral("asyncscope-export")} + args))
        return usageError(parser.errorText());
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1)
        return usageError(positional.isEmpty() ? QStringLiteral("missing FILE")
                                               : QStringLiteral("unexpected argument \"%1\"").arg(positional.at(1)));
    if (!parser.isSet(outOption))
        return usageError(QStringLiteral("missing --out PATH"));

    ExportOptions options;
    const QString out = parser.value(outOption);
    const std::optional<ExportFormat> format = exportFormatForPath(out);
    if (!format)
        return usageError(QStringLiteral("--out must end in .png, .svg or .pdf: \"%1\"").arg(out));
    options.format = *format;

    bool ok = false;
    options.width = parser.value(widthOption).toInt(&ok);
    if (!ok || options.width < kMinExportWidth || options.width > kMaxExportWidth)
        return usageError(QStringLiteral("--width must be a whole number from %1 to %2: \"%3\"")
                              .arg(kMinExportWidth).arg(kMaxExportWidth).arg(parser.value(widthOption)));
    options.scale = parser.value(scaleOption).toInt(&ok);
    if (!ok || options.scale < 1 || options.scale > 3)
        return usageError(QStringLiteral("--scale must be 1, 2 or 3: \"%1\"").arg(parser.value(scaleOption)));
    const std::optional<Theme> theme = Theme::byName(parser.value(themeOption));
    if (!theme)
        return usageError(QStringLiteral("--theme must be light, dark or print: \"%1\"").arg(parser.value(themeOption)));
    options.theme = *theme;
    if (parser.isSet(atOption)) {
        const double at = parser.value(atOption).toDouble(&ok);
        if (!ok || !std::isfinite(at) || at < 0)
            return usageError(QStringLiteral("--at must be a time in ms >= 0: \"%1\"").arg(parser.value(atOption)));
        options.atMs = at;
    }
    options.title = parser.value(titleOption);
    const quint64 seed = parser.value(seedOption).toULongLong(&ok);
    if (!ok)
        return usageError(QStringLiteral("--seed must be a whole number >= 0: \"%1\"").arg(parser.value(seedOption)));
    options.plans = parser.values(planOption);

    const std::variant<RunTrace, int> trace = traceToExport(positional.constFirst(), options.plans, seed);
    if (const int *exitCode = std::get_if<int>(&trace))
        return *exitCode;
    const QString error = ImageExporter::exportToFile(std::get<RunTrace>(trace), options, out);
    if (!error.isEmpty()) {
        std::fprintf(stderr, "asyncscope export: %s\n", qPrintable(error));
        return ExitFailure;
    }
    return ExitOk;
}

} // namespace asyncscope
