// `asyncscope import FILE --out SCENARIO.json`: the editable scenario out of a
// picture asyncscope exported (the scenario it embeds), written in the file
// format of docs/scenario-format.md.

#include "command_line.h"
#include "verbs.h"

#include "picture_scenario.h"

#include <QJsonDocument>
#include <QSaveFile>

namespace asyncscope::cli {

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
    if (!isPictureFile(input)) {
        if (const std::optional<QString> missing = missingFile(input))
            return parser.fail(*missing);
        return parser.fail(QStringLiteral("%1: not a picture asyncscope exported (PNG, SVG or PDF); "
                                          "a scenario file needs no import")
                               .arg(input));
    }
    const PictureLoad picture = loadPictureFile(input);
    if (!picture.ok()) {
        writeError(picture.loaded.error + QLatin1Char('\n'));
        return ExitBadInput;
    }
    const QByteArray json = QJsonDocument(picture.loaded.scenario->toJson()).toJson(QJsonDocument::Indented);

    const QString path = parser.value(out);
    if (path == QLatin1String("-")) {
        writeOut(json);
        return ExitOk;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(json) != json.size() || !file.commit())
        return parser.fail(QStringLiteral("cannot write %1: %2").arg(path, file.errorString()), ExitFailure);
    writeError(QStringLiteral("asyncscope import: wrote %1 (%2 tasks, %3 plans)\n")
                   .arg(path)
                   .arg(picture.loaded.scenario->tasks.size())
                   .arg(picture.loaded.scenario->plans.size()));
    return ExitOk;
}

} // namespace asyncscope::cli
