#include "command_line.h"

#include "edit_distance.h"

#include <QCoreApplication>
#include <QFileInfo>

#include <cmath>
#include <cstdio>

namespace asyncscope::cli {

namespace {

struct VerbUsage
{
    const char *verb;
    const char *synopsis;
};

// One table, so the program's usage and each verb's usage cannot drift apart.
const VerbUsage kVerbs[] = {
    {"", "asyncscope [FILE]                     open the window (default: example:profile)\n"},
    {"run", "asyncscope run FILE [--plan NAME]... [--seed N] [--trials N]\n"
            "               [--format text|json|chrome-trace] [--network] [--engine qfuture|js]\n"},
    {"export", "asyncscope export FILE --out PATH.png|.svg|.pdf [--plan NAME]... [--seed N]\n"
               "               [--width PX] [--scale 1|2|3] [--theme light|dark|print] [--at MS] [--title TEXT]\n"},
    {"import", "asyncscope import PICTURE|RECORDING --out SCENARIO.json   the scenario a picture carries, or a HAR /\n"
               "                 Chrome trace made a scenario (one task per request)\n"},
    {"code", "asyncscope code FILE [--plan NAME]... [--lang js|cpp]   a plan's code\n"},
    {"check", "asyncscope check LESSON --answer CODE.js|--solution [--step N]   judge a lesson's exercise\n"},
    {"serve", "asyncscope serve [--port N] [--addresses K]   the latency server, in the foreground\n"},
    {"examples", "asyncscope examples                   list the built-in examples\n"},
};

const char kFileNote[] = "FILE is a path, - for standard input, or example:NAME (see `asyncscope examples`);\n"
                         "a picture asyncscope exported (PNG, SVG, PDF) stands for the scenario it carries.\n";

void writeTo(std::FILE *stream, const QByteArray &bytes)
{
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stream);
    std::fflush(stream);
}

} // namespace

void writeOut(const QByteArray &bytes) { writeTo(stdout, bytes); }
void writeOut(const QString &text) { writeTo(stdout, text.toUtf8()); }
void writeError(const QString &text) { writeTo(stderr, text.toUtf8()); }

void setApplicationIdentity()
{
    QCoreApplication::setOrganizationName(QStringLiteral("asyncscope"));
    QCoreApplication::setApplicationName(QStringLiteral("asyncscope"));
    QCoreApplication::setApplicationVersion(QStringLiteral(ASYNCSCOPE_VERSION));
}

QString usageText(const QString &verb)
{
    // One verb: "usage: asyncscope run FILE ..." on one line; the program: every verb, indented.
    QString text = verb.isEmpty() ? QStringLiteral("usage:\n") : QStringLiteral("usage: ");
    for (const VerbUsage &usage : kVerbs) {
        if (verb.isEmpty())
            text += QLatin1String("  ") + QString::fromLatin1(usage.synopsis).replace(QLatin1String("\n "), QLatin1String("\n   "));
        else if (verb == QLatin1String(usage.verb))
            text += QString::fromLatin1(usage.synopsis).replace(QLatin1String("\n "), QLatin1String("\n        "));
    }
    if (verb.isEmpty())
        text += QStringLiteral("  asyncscope --help | --version        this text | the version\n"
                               "Every verb takes --help. Without a display, use `asyncscope run FILE`.\n");
    if (verb != QLatin1String("serve") && verb != QLatin1String("examples"))
        text += QLatin1String(kFileNote);
    return text;
}

VerbParser::VerbParser(QString verb)
    : m_verb(std::move(verb))
    , m_help(QStringList{QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this usage."))
{
    m_parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    m_parser.addOption(m_help);
}

void VerbParser::addOption(const QCommandLineOption &option) { m_parser.addOption(option); }
void VerbParser::addOptions(const QList<QCommandLineOption> &options) { m_parser.addOptions(options); }

std::optional<int> VerbParser::parse(const QStringList &args, int minPositional, int maxPositional)
{
    const QString program = m_verb.isEmpty() ? QStringLiteral("asyncscope") : QStringLiteral("asyncscope ") + m_verb;
    if (!m_parser.parse(QStringList{program} + args))
        return usageError(m_parser.errorText());
    if (m_parser.isSet(m_help)) {
        writeOut(usageText(m_verb));
        return ExitOk;
    }
    const QStringList positionals = m_parser.positionalArguments();
    if (positionals.size() < minPositional)
        return usageError(QStringLiteral("missing FILE"));
    if (positionals.size() > maxPositional)
        return usageError(QStringLiteral("unexpected argument \"%1\"").arg(positionals.at(maxPositional)));
    return std::nullopt;
}

int VerbParser::fail(const QString &message, int code) const
{
    const QString prefix = m_verb.isEmpty() ? QStringLiteral("asyncscope: ") : QStringLiteral("asyncscope %1: ").arg(m_verb);
    writeError(prefix + message + QLatin1Char('\n'));
    return code;
}

int VerbParser::usageError(const QString &message) const
{
    fail(message);
    writeError(usageText(m_verb));
    return ExitBadInput;
}

std::optional<quint64> VerbParser::seed(const QCommandLineOption &option, int *exitCode) const
{
    bool ok = false;
    const quint64 value = m_parser.value(option).toULongLong(&ok);
    if (ok)
        return value;
    *exitCode = usageError(QStringLiteral("--%1 wants a whole number >= 0, not \"%2\"")
                               .arg(option.names().constLast(), m_parser.value(option)));
    return std::nullopt;
}

std::optional<int> VerbParser::integer(const QCommandLineOption &option, int min, int max, int *exitCode) const
{
    bool ok = false;
    const int value = m_parser.value(option).toInt(&ok);
    if (ok && value >= min && value <= max)
        return value;
    *exitCode = usageError(QStringLiteral("--%1 wants a number from %2 to %3, not \"%4\"")
                               .arg(option.names().constLast())
                               .arg(min)
                               .arg(max)
                               .arg(m_parser.value(option)));
    return std::nullopt;
}

std::optional<double> VerbParser::milliseconds(const QCommandLineOption &option, int *exitCode) const
{
    bool ok = false;
    const double value = m_parser.value(option).toDouble(&ok);
    if (ok && std::isfinite(value) && value >= 0)
        return value;
    *exitCode = usageError(QStringLiteral("--%1 wants a time in ms >= 0, not \"%2\"")
                               .arg(option.names().constLast(), m_parser.value(option)));
    return std::nullopt;
}

QCommandLineOption planOption()
{
    return QCommandLineOption(QStringLiteral("plan"), QStringLiteral("Only this plan (repeatable)."), QStringLiteral("NAME"));
}

QCommandLineOption seedOption()
{
    return QCommandLineOption(QStringLiteral("seed"), QStringLiteral("Seed of the random draws."), QStringLiteral("N"),
                              QStringLiteral("1"));
}

std::optional<int> checkPlanNames(const VerbParser &parser, const QStringList &wanted, const QStringList &known)
{
    for (const QString &name : wanted) {
        if (!known.contains(name))
            return parser.fail(QStringLiteral("unknown plan \"%1\"%2; the plans are: %3")
                                   .arg(name, didYouMean(name, known), known.join(QStringLiteral(", "))));
    }
    return std::nullopt;
}

std::optional<ScenarioInput> loadScenarioInput(const QString &fileArgument)
{
    ScenarioInput input;
    if (isPictureFile(fileArgument)) {
        PictureLoad picture = loadPictureFile(fileArgument);
        if (!picture.ok()) {
            writeError(picture.loaded.error + QLatin1Char('\n'));
            return std::nullopt;
        }
        input.scenario = std::move(*picture.loaded.scenario);
        input.view = picture.view;
        input.fromPicture = true;
        return input;
    }
    LoadResult loaded = loadScenarioFile(fileArgument);
    if (!loaded.ok()) {
        writeError(loaded.error + QLatin1Char('\n'));
        return std::nullopt;
    }
    input.scenario = std::move(*loaded.scenario);
    return input;
}

std::optional<QString> javaScriptRunError(const Scenario &scenario, const RunTrace &trace, const QString &fileArgument)
{
    for (const PlanTrace &plan : trace.plans) {
        if (plan.runError.isEmpty())
            continue;
        const qsizetype index = scenario.planNames().indexOf(plan.id);
        const bool written = index >= 0 && !scenario.plans.at(index).run.isEmpty(); // --engine js: code we generated
        return QStringLiteral("%1: plans[%2].%3: %4").arg(fileArgument).arg(index).arg(written ? QStringLiteral("run") : QStringLiteral("js"), plan.runError);
    }
    return std::nullopt;
}

std::optional<QString> missingFile(const QString &fileArgument)
{
    if (fileArgument == QLatin1String("-") || fileArgument.startsWith(QLatin1String("example:")))
        return std::nullopt;
    const QFileInfo info(fileArgument);
    if (!info.exists())
        return QStringLiteral("%1: no such file").arg(fileArgument);
    if (info.isDir())
        return QStringLiteral("%1: is a folder, not a scenario file").arg(fileArgument);
    return std::nullopt;
}

} // namespace asyncscope::cli
