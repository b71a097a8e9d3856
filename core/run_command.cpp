// `asyncscope run` and `asyncscope examples` (SPEC §3).

#include "commands.h"

#include "lesson.h"

#include "edit_distance.h"
#include "scenario.h"
#include "trace_json.h"
#include "trace_text.h"
#include "plan_limits.h"
#include "trials.h"

#include <QCommandLineParser>

#include <cstdio>

namespace asyncscope {

namespace {

const char kRunUsage[] =
    "usage: asyncscope run FILE [--plan NAME]... [--seed N] [--trials N]\n"
    "                      [--format text|json|chrome-trace] [--network]\n"
    "FILE is a path, - for standard input, or example:NAME (see `asyncscope examples`).\n";

void writeOut(const QByteArray &bytes)
{
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    std::fflush(stdout);
}

void writeError(const QString &message)
{
    const QByteArray bytes = message.toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
    std::fflush(stderr);
}

int usageError(const QString &message)
{
    writeError(QStringLiteral("asyncscope run: %1\n").arg(message) + QString::fromLatin1(kRunUsage));
    return ExitBadInput;
}

enum class OutputFormat { Text, Json, ChromeTrace };

std::optional<OutputFormat> formatFromName(const QString &name)
{
    if (name == QLatin1String("text"))
        return OutputFormat::Text;
    if (name == QLatin1String("json"))
        return OutputFormat::Json;
    if (name == QLatin1String("chrome-trace"))
        return OutputFormat::ChromeTrace;
    return std::nullopt;
}

} // namespace

int runCommand(const QStringList &args, const NetworkRun &networkRun)
{
    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption planOption(QStringLiteral("plan"), QStringLiteral("Run only this plan (repeatable)."),
                                        QStringLiteral("NAME"));
    const QCommandLineOption seedOption(QStringLiteral("seed"), QStringLiteral("Seed of the random draws."),
                                        QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption trialsOption(QStringLiteral("trials"), QStringLiteral("Also run each plan N times."),
                                          QStringLiteral("N"));
    const QCommandLineOption formatOption(QStringLiteral("format"), QStringLiteral("text, json or chrome-trace."),
                                          QStringLiteral("FORMAT"), QStringLiteral("text"));
    const QCommandLineOption networkOption(QStringLiteral("network"), QStringLiteral("Run on the real clock and network."));
    parser.addOptions({planOption, seedOption, trialsOption, formatOption, networkOption});
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("A path, - or example:NAME."));

    if (!parser.parse(QStringList{QStringLiteral("asyncscope run")} + args))
        return usageError(parser.errorText());
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1)
        return usageError(positional.isEmpty() ? QStringLiteral("missing FILE")
                                               : QStringLiteral("one FILE expected, got %1").arg(positional.size()));

    RunOptions options;
    bool ok = false;
    options.seed = parser.value(seedOption).toULongLong(&ok);
    if (!ok)
        return usageError(QStringLiteral("--seed wants a whole number >= 0, not \"%1\"").arg(parser.value(seedOption)));
    if (parser.isSet(trialsOption)) {
        options.trials = parser.value(trialsOption).toInt(&ok);
        if (!ok || options.trials < 1 || options.trials > kMaxTrials)
            return usageError(QStringLiteral("--trials wants a number from 1 to %1, not \"%2\"")
                                  .arg(kMaxTrials)
                                  .arg(parser.value(trialsOption)));
    }
    const auto format = formatFromName(parser.value(formatOption));
    if (!format)
        return usageError(QStringLiteral("unknown format \"%1\" (text, json or chrome-trace)").arg(parser.value(formatOption)));
    const bool network = parser.isSet(networkOption);
    if (network && !networkRun)
        return usageError(QStringLiteral("--network is not available in this build"));

    const LoadResult loaded = loadScenarioFile(positional.constFirst());
    if (!loaded.ok()) {
        writeError(loaded.error + QLatin1Char('\n'));
        return ExitBadInput;
    }
    const Scenario &scenario = *loaded.scenario;

    const QStringList planNames = [&] {
        QStringList names;
        for (const PlanSpec &plan : scenario.plans)
            names << plan.name;
        return names;
    }();
    options.plans = parser.values(planOption);
    for (const QString &name : std::as_const(options.plans)) {
        if (!planNames.contains(name)) {
            writeError(QStringLiteral("asyncscope run: unknown plan \"%1\"%2; the plans are: %3\n")
                           .arg(name, didYouMean(name, planNames), planNames.join(QStringLiteral(", "))));
            return ExitBadInput;
        }
    }

    if (options.trials > 0) {
        // Trials repeat whole plans: keep the total work bounded (core/plan_limits.h).
        QList<const PlanSpec *> selected;
        for (const PlanSpec &plan : scenario.plans) {
            if (options.plans.isEmpty() || options.plans.contains(plan.name))
                selected << &plan;
        }
        if (const std::optional<QString> tooMuch = checkTrialBudget(selected, options.trials)) {
            writeError(QStringLiteral("asyncscope run: %1\n").arg(*tooMuch));
            return ExitBadInput;
        }
    }

    RunTrace trace;
    if (network) {
        QString error;
        const std::optional<RunTrace> real = networkRun(scenario, options, &error);
        if (!real) {
            writeError(QStringLiteral("asyncscope run: the network run could not start: %1\n").arg(error));
            return ExitNetwork;
        }
        trace = *real;
    } else {
        trace = runVirtual(scenario, options);
    }

    switch (*format) {
    case OutputFormat::Text:
        // The timelines, then the teaching: why each plan settled, and the lesson's steps if it has one.
        writeOut((toTraceText(trace) + QLatin1Char('\n') + lessonText(scenario, trace)).toUtf8());
        break;
    case OutputFormat::Json: writeOut(toTraceJson(trace)); break;
    case OutputFormat::ChromeTrace: writeOut(toChromeTrace(trace)); break;
    }
    return ExitOk;
}

int examplesCommand(const QStringList &args)
{
    if (!args.isEmpty()) {
        writeError(QStringLiteral("asyncscope examples: unexpected argument \"%1\"\nusage: asyncscope examples\n")
                       .arg(args.constFirst()));
        return ExitBadInput;
    }
    const QList<ExampleInfo> examples = builtInExamples();
    qsizetype width = 0;
    for (const ExampleInfo &example : examples)
        width = std::max(width, example.name.size());
    QString out;
    for (const ExampleInfo &example : examples) {
        out += QStringLiteral("%1  \u2014 %2: %3\n").arg(example.name, -int(width)).arg(example.title, example.description);
    }
    writeOut(out.toUtf8());
    return ExitOk;
}

} // namespace asyncscope
