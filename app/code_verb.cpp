// `asyncscope code FILE [--plan NAME] [--lang js|cpp]`: a plan's code. With
// --lang js (the default) it is a JavaScript plan's body, ending in a return
// of the plan, so pasted as a plan's "js" it draws the same timeline; with
// --lang cpp, the same plan on asyncscope's QFuture combinators.

#include "command_line.h"
#include "verbs.h"

#include "cpp_codegen.h"
#include "js_codegen.h"

namespace asyncscope::cli {

int codeVerb(const QStringList &args)
{
    VerbParser parser(QStringLiteral("code"));
    const QCommandLineOption plan = planOption();
    const QCommandLineOption lang(QStringLiteral("lang"), QStringLiteral("js or cpp."), QStringLiteral("LANG"),
                                  QStringLiteral("js"));
    parser.addOptions({plan, lang});
    if (const std::optional<int> done = parser.parse(args, 1, 1))
        return *done;
    const QString language = parser.value(lang);
    if (language != QLatin1String("js") && language != QLatin1String("cpp"))
        return parser.usageError(QStringLiteral("--lang wants js or cpp, not \"%1\"").arg(language));
    const std::optional<ScenarioInput> input = loadScenarioInput(parser.positional().constFirst());
    if (!input)
        return ExitBadInput;
    const Scenario &scenario = input->scenario;
    const QStringList wanted = parser.values(plan);
    if (const std::optional<int> bad = checkPlanNames(parser, wanted, scenario.planNames()))
        return *bad;

    QStringList blocks;
    for (const PlanSpec &p : scenario.plans) {
        if (!wanted.isEmpty() && !wanted.contains(p.name))
            continue;
        blocks << (language == QLatin1String("js") ? generatePlanJavaScriptBody(scenario, p) : generatePlanCpp(scenario, p));
    }
    writeOut(blocks.join(QLatin1Char('\n')));
    return ExitOk;
}

} // namespace asyncscope::cli
