// `asyncscope import FILE --out SCENARIO.json`: the editable scenario out of a
// picture asyncscope exported (the scenario it embeds), or out of a recording
// (HAR, Chrome trace: core/trace/recording_scenario.h), written in the file
// format of docs/scenario-format.md.

#include "command_line.h"
#include "verbs.h"

#include "picture_scenario.h"
#include "recording_scenario.h"
#include "trace_import.h"

#include <QJsonDocument>
#include <QSaveFile>

#include <cmath>

namespace asyncscope::cli {

namespace {

int writeScenario(const VerbParser &parser, const QString &path, const QByteArray &json)
{
    if (path == QLatin1String("-")) {
        writeOut(json);
        return ExitOk;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(json) != json.size() || !file.commit())
        return parser.fail(QStringLiteral("cannot write %1: %2").arg(path, file.errorString()), ExitFailure);
    return ExitOk;
}

// What the user should know of the scenario a recording became: its size, the
// waits, and how closely the as-recorded plans redraw the recording.
QString recordingSummary(const QString &path, const RecordingScenario &made)
{
    QString line = QStringLiteral("asyncscope import: wrote %1 (%2 tasks, %3 plans")
                       .arg(path)
                       .arg(made.scenario.tasks.size())
                       .arg(made.scenario.plans.size());
    if (made.scenario.connectionsPerHost)
        line += QStringLiteral("; %1 requests waited for a connection, connections_per_host %2")
                    .arg(made.waitedForConnection)
                    .arg(*made.scenario.connectionsPerHost);
    if (!std::isfinite(made.asRecordedDeviationMs))
        return line + QStringLiteral("; as-recorded could not redraw every request)\n");
    line += QStringLiteral("; as-recorded redraws each request within %1 ms").arg(QString::number(made.asRecordedDeviationMs, 'f', 3));
    if (made.waitedForConnection > 0)
        line += QStringLiteral(", those that waited within %1 ms").arg(QString::number(made.waitedDeviationMs, 'f', 3));
    line += QStringLiteral(")\n");
    if (!made.contradictedWaits.isEmpty())
        line += QStringLiteral("asyncscope import: note: %1; no connections_per_host inferred, as-recorded follows the times\n")
                    .arg(made.contradictedWaits);
    return line;
}

int importRecording(const VerbParser &parser, const QString &input, const QString &out)
{
    QString error;
    const std::optional<RecordingScenario> made = importRecordingAsScenario(input, &error);
    if (!made)
        return parser.fail(error);
    const QByteArray json = QJsonDocument(made->scenario.toJson()).toJson(QJsonDocument::Indented);
    if (const int written = writeScenario(parser, out, json); written != ExitOk)
        return written;
    writeError(recordingSummary(out == QLatin1String("-") ? QStringLiteral("stdout") : out, *made));
    return ExitOk;
}

} // namespace

int importVerb(const QStringList &args)
{
    VerbParser parser(QStringLiteral("import"));
    const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("The scenario file to write; - for stdout."),
                                 QStringLiteral("PATH"));
    parser.addOption(out);
    if (const std::optional<int> done = parser.parse(args, 1, 1))
        return *done;
    if (!parser.isSet(out))
        return parser.usageError(QStringLiteral("missing --out PATH"));

    const QString input = parser.positional().constFirst();
    if (isTraceFile(input))
        return importRecording(parser, input, parser.value(out));
    if (!isPictureFile(input)) {
        if (const std::optional<QString> missing = missingFile(input))
            return parser.fail(*missing);
        return parser.fail(QStringLiteral("%1: neither a recording (HAR, Chrome trace) nor a picture asyncscope exported "
                                          "(PNG, SVG or PDF); a scenario file needs no import")
                               .arg(input));
    }
    const PictureLoad picture = loadPictureFile(input);
    if (!picture.ok()) {
        writeError(picture.loaded.error + QLatin1Char('\n'));
        return ExitBadInput;
    }
    const QByteArray json = QJsonDocument(picture.loaded.scenario->toJson()).toJson(QJsonDocument::Indented);

    const QString path = parser.value(out);
    if (const int written = writeScenario(parser, path, json); written != ExitOk || path == QLatin1String("-"))
        return written;
    writeError(QStringLiteral("asyncscope import: wrote %1 (%2 tasks, %3 plans)\n")
                   .arg(path)
                   .arg(picture.loaded.scenario->tasks.size())
                   .arg(picture.loaded.scenario->plans.size()));
    return ExitOk;
}

} // namespace asyncscope::cli
