// `asyncscope run FILE ...`: the plans on the virtual clock (or, with
// --network, on the real one), printed as text, JSON or a Chrome trace. A
// recording (HAR, Chrome trace) prints as it was recorded, one plan per page
// or process as the window shows it.

#include "command_line.h"
#include "verbs.h"

#include "js_codegen.h"
#include "lesson_check.h"
#include "network_run.h"
#include "plan_limits.h"
#include "scenario.h"
#include "trace_import.h"
#include "trace_json.h"
#include "trace_text.h"
#include "trials.h"

#include <QFile>
#include <QFileInfo>

namespace asyncscope::cli {

namespace {

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

void printTrace(const RunTrace &trace, OutputFormat format, const QString &lessonPart)
{
    switch (format) {
    case OutputFormat::Text: writeOut(toTraceText(trace) + QLatin1Char('\n') + lessonPart); break;
    case OutputFormat::Json: writeOut(toTraceJson(trace)); break;
    case OutputFormat::ChromeTrace: writeOut(toChromeTrace(trace)); break;
    }
}

// A recording has nothing to draw or retry: it is printed as it is; --plan picks pages or processes.
int printRecording(const VerbParser &parser, const QString &file, const QStringList &plans, OutputFormat format)
{
    // Named as given, as a scenario's messages name it.
    QFile input(file);
    if (!input.open(QIODevice::ReadOnly))
        return parser.fail(QStringLiteral("%1: cannot open: %2").arg(file, input.errorString()));
    if (input.size() > kMaxTraceBytes)
        return parser.fail(QStringLiteral("%1: too large (%2 MB; at most %3 MB)").arg(file).arg(input.size() >> 20).arg(kMaxTraceBytes >> 20));
    QString error;
    std::optional<RunTrace> recording = importTraceData(input.readAll(), file, &error);
    if (!recording) {
        writeError(error + QLatin1Char('\n')); // as a scenario's refusal: the file's own line
        return ExitBadInput;
    }
    recording->scenario = QFileInfo(file).fileName(); // the header, as the window and export name it
    QStringList names;
    for (const PlanTrace &p : recording->plans)
        names << p.name;
    if (const std::optional<int> bad = checkPlanNames(parser, plans, names))
        return *bad;
    if (!plans.isEmpty()) {
        QList<PlanTrace> chosen;
        for (const QString &name : plans)
            chosen << recording->plans.at(names.indexOf(name));
        recording->plans = chosen;
    }
    printTrace(*recording, format, QString());
    return ExitOk;
}

} // namespace

int runVerb(const QStringList &args)
{
    VerbParser parser(QStringLiteral("run"));
    const QCommandLineOption plan = planOption();
    const QCommandLineOption seed = seedOption();
    const QCommandLineOption trials(QStringLiteral("trials"), QStringLiteral("Also run each plan N times."),
                                    QStringLiteral("N"));
    const QCommandLineOption formatOption(QStringLiteral("format"), QStringLiteral("text, json or chrome-trace."),
                                          QStringLiteral("FORMAT"), QStringLiteral("text"));
    const QCommandLineOption network(QStringLiteral("network"), QStringLiteral("Run on the real clock and network."));
    const QCommandLineOption engine(QStringLiteral("engine"),
                                    QStringLiteral("qfuture (default) or js: run every expression plan as its generated JavaScript on Node."),
                                    QStringLiteral("ENGINE"), QStringLiteral("qfuture"));
    parser.addOptions({plan, seed, trials, formatOption, network, engine});
    if (const std::optional<int> done = parser.parse(args, 1, 1))
        return *done;

    int exitCode = ExitBadInput;
    RunOptions options;
    const std::optional<quint64> seedValue = parser.seed(seed, &exitCode);
    if (!seedValue)
        return exitCode;
    if (parser.isSet(trials)) {
        const std::optional<int> count = parser.integer(trials, 1, kMaxTrials, &exitCode);
        if (!count)
            return exitCode;
        options.trials = *count;
    }
    const std::optional<OutputFormat> format = formatFromName(parser.value(formatOption));
    if (!format)
        return parser.usageError(
            QStringLiteral("unknown format \"%1\" (text, json or chrome-trace)").arg(parser.value(formatOption)));

    const QString engineName = parser.value(engine);
    if (engineName != QLatin1String("qfuture") && engineName != QLatin1String("js"))
        return parser.usageError(QStringLiteral("--engine wants qfuture or js, not \"%1\"").arg(engineName));
    if (isTraceFile(parser.positional().constFirst())) {
        for (const QCommandLineOption *what : {&trials, &network})
            if (parser.isSet(*what))
                return parser.fail(QStringLiteral("%1 is a recording, which prints as it was recorded: --%2 needs a scenario "
                                                  "(make one with: asyncscope import %1 --out SCENARIO.json)")
                                       .arg(parser.positional().constFirst(), what->names().constFirst()));
        if (engineName != QLatin1String("qfuture"))
            return parser.fail(QStringLiteral("%1 is a recording, which runs on no engine: leave out --engine")
                                   .arg(parser.positional().constFirst()));
        return printRecording(parser, parser.positional().constFirst(), parser.values(plan), *format);
    }
    std::optional<ScenarioInput> input = loadScenarioInput(parser.positional().constFirst());
    if (!input)
        return ExitBadInput;
    const bool onNode = engineName == QLatin1String("js");
    if (onNode) {
        // The code asyncscope shows for each plan (`asyncscope code`), run on the real engine.
        for (PlanSpec &p : input->scenario.plans) {
            if (!p.isJavaScript())
                p.js = generatePlanJavaScriptBody(input->scenario, p);
        }
    }
    const Scenario &scenario = input->scenario;
    // A picture runs as it was drawn (its seed and plans) unless the options say otherwise.
    options.seed = parser.isSet(seed) ? *seedValue : input->view.seed;
    options.plans = parser.isSet(plan) ? parser.values(plan) : input->view.plans;
    if (const std::optional<int> bad = checkPlanNames(parser, options.plans, scenario.planNames()))
        return *bad;

    if (options.trials > 0) {
        // Trials repeat whole plans: keep the total work bounded (core/plan_limits.h).
        QList<const PlanSpec *> selected;
        for (const PlanSpec &p : scenario.plans) {
            if (options.plans.isEmpty() || options.plans.contains(p.name))
                selected << &p;
        }
        if (const std::optional<QString> tooMuch = checkTrialBudget(selected, options.trials, int(scenario.tasks.size())))
            return parser.fail(*tooMuch);
    }

    RunTrace trace;
    if (parser.isSet(network)) {
        for (const PlanSpec *p : selectedPlans(scenario, options.plans)) {
            if (p->isJavaScript() || onNode)
                return parser.fail(QStringLiteral("plan \"%1\" is JavaScript, which runs on the virtual clock only: "
                                                  "leave out --network, or pick other plans with --plan")
                                       .arg(p->name));
        }
        QString error;
        const std::optional<RunTrace> real = runOnNetwork(scenario, options, &error);
        if (!real)
            return parser.fail(QStringLiteral("the network run could not start: %1").arg(error), ExitNetwork);
        trace = *real;
    } else {
        trace = runVirtual(scenario, options);
    }
    if (onNode) {
        for (PlanTrace &p : trace.plans) {
            if (!p.run.isEmpty())
                p.js.clear(); // print it as the expression it came from, so the two engines' outputs compare line by line
        }
    }
    if (const std::optional<QString> failed = javaScriptRunError(scenario, trace, parser.positional().constFirst())) {
        writeError(*failed + QLatin1Char('\n'));
        return ExitBadInput;
    }

    // The timelines, then the teaching: why each plan settled, and the lesson's steps if it has one.
    printTrace(trace, *format, *format == OutputFormat::Text ? lessonText(scenario, trace) : QString());
    return ExitOk;
}

} // namespace asyncscope::cli
