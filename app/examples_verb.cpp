// `asyncscope examples`: the built-in examples, one line each.

#include "command_line.h"
#include "verbs.h"

#include "scenario.h"

#include <algorithm>

namespace asyncscope::cli {

int examplesVerb(const QStringList &args)
{
    VerbParser parser(QStringLiteral("examples"));
    if (const std::optional<int> done = parser.parse(args, 0, 0))
        return *done;
    const QList<ExampleInfo> examples = builtInExamples();
    qsizetype width = 0;
    for (const ExampleInfo &example : examples)
        width = std::max(width, example.name.size());
    QString out;
    for (const ExampleInfo &example : examples)
        out += QStringLiteral("%1  \u2014 %2: %3\n").arg(example.name, -int(width)).arg(example.title, example.description);
    writeOut(out);
    return ExitOk;
}

} // namespace asyncscope::cli
