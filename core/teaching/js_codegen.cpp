#include "js_codegen.h"

#include "js_number.h"

#include "code_layout.h"
#include "combinator_table.h"
#include "js_prelude_p.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <functional>
#include <map>
#include <vector>

namespace asyncscope {

namespace {

using codegen::Doc;
using codegen::camelCase;
using codegen::pascalCase;
constexpr int kIndent = 2;

QString jsString(const QString &text)
{
    QString escaped = text;
    escaped.replace(QLatin1Char('\\'), QStringLiteral("\\\\")).replace(QLatin1Char('\''), QStringLiteral("\\'"));
    return QLatin1Char('\'') + escaped + QLatin1Char('\'');
}

QString jsonText(const QJsonValue &value)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact)).mid(1).chopped(1);
}

// Names the generated code must not shadow: keywords, the prelude's functions and the runnable script's.
const QSet<QString> &reservedNames()
{
    static const QSet<QString> names = [] {
        QSet<QString> reserved{
            QStringLiteral("await"), QStringLiteral("break"), QStringLiteral("case"), QStringLiteral("catch"),
            QStringLiteral("class"), QStringLiteral("const"), QStringLiteral("continue"), QStringLiteral("debugger"),
            QStringLiteral("default"), QStringLiteral("delete"), QStringLiteral("do"), QStringLiteral("else"),
            QStringLiteral("enum"), QStringLiteral("export"), QStringLiteral("extends"), QStringLiteral("false"),
            QStringLiteral("finally"), QStringLiteral("for"), QStringLiteral("function"), QStringLiteral("if"),
            QStringLiteral("import"), QStringLiteral("in"), QStringLiteral("instanceof"), QStringLiteral("let"),
            QStringLiteral("new"), QStringLiteral("null"), QStringLiteral("return"), QStringLiteral("static"),
            QStringLiteral("super"), QStringLiteral("switch"), QStringLiteral("this"), QStringLiteral("throw"),
            QStringLiteral("true"), QStringLiteral("try"), QStringLiteral("typeof"), QStringLiteral("var"),
            QStringLiteral("void"), QStringLiteral("while"), QStringLiteral("with"), QStringLiteral("yield"),
            QStringLiteral("arguments"), QStringLiteral("eval"), QStringLiteral("undefined"), QStringLiteral("Promise"),
            QStringLiteral("signal"), QStringLiteral("controller"), QStringLiteral("setTimeout"),
            QStringLiteral("clearTimeout"), QStringLiteral("clock"), QStringLiteral("invoke")};
        for (const codegen::PreludeFunction &function : codegen::jsPrelude())
            reserved.insert(QLatin1String(function.name));
        return reserved;
    }();
    return names;
}

// Generates the code of one or more plans, remembering which prelude functions it used.
class JsWriter
{
public:
    explicit JsWriter(const Scenario &scenario, QHash<QString, QString> fetchNames)
        : m_scenario(scenario), m_fetchNames(std::move(fetchNames))
    {
    }

    // The statements of one plan, indented by `indent`; with `withReturn` the
    // last line returns the plan's value (for a function body).
    QStringList planBody(const Expr &expr, int indent, bool withReturn)
    {
        m_names.clear();
        QStringList lines;
        statements(expr, indent, withReturn, QString(), lines);
        return lines;
    }

    // The prelude functions the plans so far call.
    QString preludeText() const { return codegen::jsPreludeText(m_usedPrelude); }

private:
    const TaskSpec *task(const QString &id) const
    {
        const int index = m_scenario.taskIndex(id);
        return index >= 0 ? &m_scenario.tasks.at(index) : nullptr;
    }

    QString fetchName(const QString &id) const
    {
        return m_fetchNames.value(id, QStringLiteral("fetch") + pascalCase(id));
    }

    QString freshName(const QString &wanted)
    {
        QString base = camelCase(wanted);
        if (reservedNames().contains(base))
            base += QStringLiteral("Value");
        QString name = base;
        for (int n = 2; m_names.contains(name); ++n)
            name = base + QString::number(n);
        m_names.insert(name);
        return name;
    }

    // What a variable holding this expression's value is called.
    static QString nameFor(const Expr &expr)
    {
        if (expr.kind == Expr::Kind::Task)
            return expr.name;
        if (const char *name = combinatorInfo(expr.combinator).jsValueName)
            return QLatin1String(name);
        const CallArguments args = callArguments(expr); // its value is its operand's
        return args.operands.empty() ? QStringLiteral("value") : nameFor(*args.operands.front());
    }

    QString signalArg(const QString &signal) const
    {
        return signal.isEmpty() ? QString() : QStringLiteral("{ signal }");
    }

    QString call(const QString &id, const QStringList &args, const QString &signal) const
    {
        QStringList all = args;
        if (!signal.isEmpty())
            all.append(signalArg(signal));
        return fetchName(id) + QLatin1Char('(') + all.join(QStringLiteral(", ")) + QLatin1Char(')');
    }

    Doc thunk(const Expr &expr, const QString &signal)
    {
        // A task needs no wrapper: `hedge(fetchPrimary, fetchFallback, 2000)`.
        if (expr.kind == Expr::Kind::Task && signal.isEmpty())
            return Doc::leaf(fetchName(expr.name));
        return expression(expr, signal).prefixed(QStringLiteral("() => "));
    }

    // The ids a graph()/levels() call covers: its arguments, or every task for graph().
    QStringList graphIds(const Expr &call) const
    {
        QStringList ids;
        for (const Expr &arg : call.args)
            ids.append(arg.name);
        if (ids.isEmpty())
            ids = m_scenario.taskIds();
        return ids;
    }

    Doc graphTable(const Expr &call, const QString &signal)
    {
        const QStringList ids = graphIds(call);
        std::vector<Doc> entries;
        for (const QString &id : ids) {
            const TaskSpec *spec = task(id);
            QStringList needs;
            for (const QString &need : spec ? spec->needs : QStringList())
                needs.append(jsString(need));
            const QString run = signal.isEmpty()
                ? fetchName(id)
                : QStringLiteral("(...values) => %1(...values, { signal })").arg(fetchName(id));
            const QString key = QRegularExpression(QStringLiteral("^[A-Za-z_$][A-Za-z0-9_$]*$")).match(id).hasMatch()
                ? id : jsString(id);
            entries.push_back(Doc::leaf(QStringLiteral("%1: { needs: [%2], run: %3 }")
                                            .arg(key, needs.join(QStringLiteral(", ")), run)));
        }
        QStringList order;
        for (const QString &id : ids)
            order.append(jsString(id));
        const QString name = QLatin1String(combinatorInfo(call.combinator).jsName);
        return Doc::list(name + QStringLiteral("({"), std::move(entries),
                         QStringLiteral("}, [%1])").arg(order.join(QStringLiteral(", "))));
    }

    // An expression that evaluates to a promise of the node's value.
    Doc expression(const Expr &expr, const QString &signal)
    {
        if (expr.kind == Expr::Kind::Task)
            return Doc::leaf(call(expr.name, {}, signal));
        if (expr.kind == Expr::Kind::Number)
            return Doc::leaf(jsNumber(expr.number));

        const CombinatorInfo &info = combinatorInfo(expr.combinator);
        const QString name = QLatin1String(info.jsName);
        if (!info.jsBuiltIn)
            m_usedPrelude.insert(name);
        const bool passSignal = info.jsTakesSignal && !signal.isEmpty();
        std::vector<Doc> items;
        switch (expr.combinator) {
        case Combinator::Delay: { // sleep(ms).then(p): p starts when the sleep ends
            const CallArguments args = callArguments(expr);
            items.push_back(thunk(*args.operands.at(0), signal));
            const QString sleep = QStringLiteral("%1(%2%3)").arg(name, jsNumber(args.numbers.at(0)),
                                                                 passSignal ? QStringLiteral(", signal") : QString());
            return Doc::list(sleep + QStringLiteral(".then("), std::move(items), QStringLiteral(")"));
        }
        case Combinator::Graph:
        case Combinator::Levels:
            return graphTable(expr, signal);
        case Combinator::Abort: // the work gets the new controller's signal; the enclosing one aborts it too
            items.push_back(expression(*callArguments(expr).operands.at(0), QStringLiteral("signal"))
                                .prefixed(QStringLiteral("(signal) => ")));
            if (passSignal)
                items.push_back(Doc::leaf(QStringLiteral("signal")));
            return Doc::list(name + QLatin1Char('('), std::move(items), QStringLiteral(")"));
        default:
            break;
        }

        // The others call their function with the plan's arguments in order: operands the combinator
        // starts itself as functions, a variadic call's operands as one array after its numbers.
        const auto operand = [&](const Expr &arg) {
            return info.operands == OperandStart::WhenDue ? thunk(arg, signal) : expression(arg, signal);
        };
        if (info.variadic()) {
            QString open = name + QLatin1Char('(');
            for (const Expr &arg : expr.args) {
                if (arg.kind == Expr::Kind::Number)
                    open += jsNumber(arg.number) + QStringLiteral(", ");
                else
                    items.push_back(operand(arg));
            }
            return Doc::list(open + QLatin1Char('['), std::move(items), QStringLiteral("])"));
        }
        for (const Expr &arg : expr.args)
            items.push_back(arg.kind == Expr::Kind::Number ? Doc::leaf(jsNumber(arg.number)) : operand(arg));
        if (passSignal)
            items.push_back(Doc::leaf(QStringLiteral("signal")));
        return Doc::list(name + QLatin1Char('('), std::move(items), QStringLiteral(")"));
    }

    void awaitLine(const QString &target, const Doc &doc, int indent, QStringList &lines)
    {
        const QString start = QString(indent, QLatin1Char(' ')) + QStringLiteral("const %1 = await ").arg(target);
        lines.append(start + doc.render(indent, int(start.size()), 1) + QLatin1Char(';'));
    }

    void levelStatements(const Expr &levelsCall, int indent, const QString &signal, QStringList &lines, QStringList &result)
    {
        // Level of a task: 0 without needs, else one more than its deepest need.
        const QStringList ids = graphIds(levelsCall);
        std::map<QString, int> level;
        std::map<QString, QString> variable;
        const std::function<int(const QString &, int)> levelOf = [&](const QString &id, int depth) -> int {
            if (auto it = level.find(id); it != level.end())
                return it->second;
            int deepest = -1;
            const TaskSpec *spec = task(id);
            if (spec && depth < int(ids.size()) + 1) {
                for (const QString &need : spec->needs)
                    deepest = std::max(deepest, levelOf(need, depth + 1));
            }
            return level[id] = deepest + 1;
        };
        int maxLevel = 0;
        for (const QString &id : ids)
            maxLevel = std::max(maxLevel, levelOf(id, 0));
        for (const QString &id : ids)
            variable[id] = freshName(id);

        for (int l = 0; l <= maxLevel; ++l) {
            QStringList targets;
            std::vector<Doc> calls;
            for (const QString &id : ids) {
                if (level[id] != l)
                    continue;
                QStringList args;
                if (const TaskSpec *spec = task(id)) {
                    for (const QString &need : spec->needs)
                        args.append(variable[need]);
                }
                targets.append(variable[id]);
                calls.push_back(Doc::leaf(call(id, args, signal)));
            }
            if (targets.size() == 1)
                awaitLine(targets.front(), calls.front(), indent, lines);
            else
                awaitLine(QStringLiteral("[%1]").arg(targets.join(QStringLiteral(", "))),
                          Doc::list(QStringLiteral("Promise.all(["), std::move(calls), QStringLiteral("])")), indent, lines);
        }
        for (const QString &id : ids)
            result.append(variable[id]);
    }

    void statements(const Expr &expr, int indent, bool withReturn, const QString &signal, QStringList &lines)
    {
        const QString pad(indent, QLatin1Char(' '));
        QStringList result;     // names that make up the value
        bool asArray = false;
        const std::vector<const Expr *> operands =
            expr.kind == Expr::Kind::Call ? callArguments(expr).operands : std::vector<const Expr *>();

        if (expr.kind == Expr::Kind::Call && expr.combinator == Combinator::Abort) {
            lines.append(pad + QStringLiteral("const controller = new AbortController();"));
            lines.append(pad + QStringLiteral("const { signal } = controller;"));
            lines.append(pad + QStringLiteral("try {"));
            statements(*operands.at(0), indent + kIndent, withReturn, QStringLiteral("signal"), lines);
            lines.append(pad + QStringLiteral("} finally {"));
            lines.append(pad + QStringLiteral("  controller.abort(); // cancel whatever is still in flight"));
            lines.append(pad + QLatin1Char('}'));
            return;
        }

        if (expr.kind == Expr::Kind::Call && expr.combinator == Combinator::All && !expr.args.empty()) {
            for (const Expr *op : operands)
                result.append(freshName(nameFor(*op)));
            awaitLine(QStringLiteral("[%1]").arg(result.join(QStringLiteral(", "))), expression(expr, signal), indent,
                      lines);
            asArray = true;
        } else if (expr.kind == Expr::Kind::Call && expr.combinator == Combinator::Seq && !expr.args.empty()) {
            for (const Expr *op : operands) {
                const QString name = freshName(nameFor(*op));
                awaitLine(name, expression(*op, signal), indent, lines);
                result.append(name);
            }
            asArray = true;
        } else if (expr.kind == Expr::Kind::Call && expr.combinator == Combinator::Levels) {
            levelStatements(expr, indent, signal, lines, result);
            asArray = true;
        } else {
            const QString name = freshName(nameFor(expr));
            awaitLine(name, expression(expr, signal), indent, lines);
            result.append(name);
        }

        if (withReturn) {
            const QString value = asArray ? QStringLiteral("[%1]").arg(result.join(QStringLiteral(", "))) : result.front();
            lines.append(pad + QStringLiteral("return ") + value + QLatin1Char(';'));
        }
    }

    const Scenario &m_scenario;
    QHash<QString, QString> m_fetchNames;   // task id -> function name
    QSet<QString> m_usedPrelude;
    QSet<QString> m_names;
};

// jsFetchName() per task id; a name two tasks would share falls back to fetch + PascalCase id.
QHash<QString, QString> fetchNames(const Scenario &scenario)
{
    QHash<QString, int> uses;
    for (const TaskSpec &task : scenario.tasks)
        ++uses[jsFetchName(task)];
    QHash<QString, QString> names;
    for (const TaskSpec &task : scenario.tasks) {
        const QString name = jsFetchName(task);
        names.insert(task.id, uses.value(name) > 1 ? QStringLiteral("fetch") + pascalCase(task.id) : name);
    }
    return names;
}

QString planFunctionName(const QString &planName)
{
    return QStringLiteral("run") + pascalCase(planName);
}

QStringList planFunctions(const Scenario &scenario, JsWriter &writer)
{
    QStringList blocks;
    for (const PlanSpec &plan : scenario.plans) {
        QStringList lines;
        if (plan.isJavaScript()) {
            // Its code is the body of an async function already (SPEC §6).
            lines.append(QStringLiteral("// %1: a JavaScript plan, as written").arg(plan.name));
            lines.append(QStringLiteral("async function %1() {").arg(planFunctionName(plan.name)));
            for (const QString &line : plan.js.split(QLatin1Char('\n')))
                lines.append(line.isEmpty() ? line : QString(kIndent, QLatin1Char(' ')) + line);
            lines.append(QStringLiteral("}"));
            blocks.append(lines.join(QLatin1Char('\n')) + QLatin1Char('\n'));
            continue;
        }
        lines.append(QStringLiteral("// %1: %2").arg(plan.name, toText(plan.expr)));
        lines.append(QStringLiteral("async function %1() {").arg(planFunctionName(plan.name)));
        lines.append(writer.planBody(plan.expr, kIndent, true));
        lines.append(QStringLiteral("}"));
        blocks.append(lines.join(QLatin1Char('\n')) + QLatin1Char('\n'));
    }
    return blocks;
}

QString header(const Scenario &scenario)
{
    return QStringLiteral("// %1\n// Generated by asyncscope from the scenario's plans.\n").arg(scenario.name);
}

// The fake timers and fetch functions of the runnable script.
const char kFakeClock[] =
    "// A fake clock: timers due at the same millisecond fire in the order they\n"
    "// were set, and everything one timer causes runs before the next fires.\n"
    "// setTimeout waits as Node's does: below 1 ms (or not a number) it waits 1 ms;\n"
    "// a task's latency is exact, 0 included.\n"
    "const clock = { now: 0, nextId: 1, timers: [] };\n"
    "function schedule(callback, ms) {\n"
    "  const id = clock.nextId++;\n"
    "  clock.timers.push({ id, at: clock.now + Math.max(0, ms), callback });\n"
    "  return id;\n"
    "}\n"
    "function setTimeout(callback, ms = 0) {\n"
    "  return schedule(callback, ms >= 1 && ms <= 2147483647 ? ms : 1);\n"
    "}\n"
    "function clearTimeout(id) {\n"
    "  clock.timers = clock.timers.filter((timer) => timer.id !== id);\n"
    "}\n"
    "const settleMicrotasks = () => new Promise((resolve) => globalThis.setImmediate(resolve));\n"
    "\n"
    "let invocations = {};\n"
    "function invoke(id, args) {\n"
    "  const task = TASKS[id];\n"
    "  const n = (invocations[id] = (invocations[id] ?? 0) + 1);\n"
    "  const latency = task.latency[Math.min(n, task.latency.length) - 1];\n"
    "  const fails = task.fails[Math.min(n, task.fails.length) - 1];\n"
    "  const signal = args.find((arg) => arg && arg.signal)?.signal;\n"
    "  return new Promise((resolve, reject) => {\n"
    "    const timer = schedule(() => (fails ? reject(task.error) : resolve(task.value)), latency);\n"
    "    signal?.addEventListener('abort', () => {\n"
    "      clearTimeout(timer);\n"
    "      reject(signal.reason);\n"
    "    }, { once: true });\n"
    "  });\n"
    "}\n";

const char kRunner[] =
    "function plain(value) {\n"
    "  if (value instanceof AggregateError)\n"
    "    return { name: 'AggregateError', message: value.message, errors: value.errors.map(plain) };\n"
    "  if (value instanceof Error) return value.message;\n"
    "  if (Array.isArray(value)) return value.map(plain);\n"
    "  if (value && typeof value === 'object')\n"
    "    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));\n"
    "  return value === undefined ? null : value;\n"
    "}\n"
    "\n"
    "async function runPlan(name, start) {\n"
    "  clock.now = 0;\n"
    "  clock.timers = [];\n"
    "  invocations = {};\n"
    "  let report = { name, outcome: 'pending', settled_ms: null };\n"
    "  start().then(\n"
    "    (value) => { report = { name, outcome: 'fulfilled', settled_ms: clock.now, value: plain(value) }; },\n"
    "    (reason) => { report = { name, outcome: 'rejected', settled_ms: clock.now, reason: plain(reason) }; },\n"
    "  );\n"
    "  await settleMicrotasks();\n"
    "  while (clock.timers.length > 0) {\n"
    "    const next = clock.timers.reduce((a, b) => (b.at < a.at || (b.at === a.at && b.id < a.id) ? b : a));\n"
    "    clock.timers = clock.timers.filter((timer) => timer !== next);\n"
    "    clock.now = next.at;\n"
    "    next.callback();\n"
    "    await settleMicrotasks();\n"
    "  }\n"
    "  return report;\n"
    "}\n"
    "\n"
    "const plans = [];\n"
    "for (const [name, start] of PLANS) plans.push(await runPlan(name, start));\n"
    "console.log(JSON.stringify({ plans }));\n";

} // namespace

QString jsFetchName(const TaskSpec &task)
{
    const QString name = taskFunctionName(task);
    // A label that reads as a call to one of the printed helpers cannot name the task.
    if (reservedNames().contains(name) && task.function.isEmpty())
        return QStringLiteral("fetch") + pascalCase(task.id);
    return name;
}

QString generatePlanJavaScript(const Scenario &scenario, const PlanSpec &plan)
{
    if (plan.isJavaScript())
        return QStringLiteral("// %1: a JavaScript plan, as written\n%2\n").arg(plan.name, plan.js);
    JsWriter writer(scenario, fetchNames(scenario));
    const QStringList body = writer.planBody(plan.expr, 0, false);
    QString out;
    const QString helpers = writer.preludeText();
    if (!helpers.isEmpty())
        out += helpers + QLatin1Char('\n');
    out += QStringLiteral("// %1: %2\n").arg(plan.name, toText(plan.expr));
    out += body.join(QLatin1Char('\n')) + QLatin1Char('\n');
    return out;
}

QString generatePlanJavaScriptBody(const Scenario &scenario, const PlanSpec &plan)
{
    if (plan.isJavaScript())
        return plan.js + QLatin1Char('\n');
    JsWriter writer(scenario, fetchNames(scenario));
    const QStringList body = writer.planBody(plan.expr, 0, true);
    QString out = QStringLiteral("// %1: %2\n").arg(plan.name, toText(plan.expr));
    const QString helpers = writer.preludeText();
    if (!helpers.isEmpty())
        out += helpers + QLatin1Char('\n');
    out += body.join(QLatin1Char('\n')) + QLatin1Char('\n');
    return out;
}

QString generateScenarioJavaScript(const Scenario &scenario)
{
    JsWriter writer(scenario, fetchNames(scenario));
    const QStringList functions = planFunctions(scenario, writer);
    QString out = header(scenario);
    const QString helpers = writer.preludeText();
    if (!helpers.isEmpty())
        out += QLatin1Char('\n') + helpers;
    for (const QString &function : functions)
        out += QLatin1Char('\n') + function;
    return out;
}

QString generateRunnableJavaScript(const Scenario &scenario)
{
    QString out = header(scenario);
    out += QStringLiteral("// Runnable on node: fake timers, fake fetch functions, JSON out.\n\n");
    out += QString::fromUtf8(kFakeClock);

    QStringList taskLines;
    QStringList fetchLines;
    const QHash<QString, QString> names = fetchNames(scenario);
    for (const TaskSpec &task : scenario.tasks) {
        QJsonArray latency;
        const int invocations = std::max<int>(1, std::max(task.latencyMs.size(), task.fails.size()));
        QJsonArray fails;
        for (int n = 1; n <= invocations; ++n) {
            latency.append(task.nominalLatencyMs(n));
            fails.append(task.nominalFails(n));
        }
        const QJsonObject entry{{QStringLiteral("latency"), latency},
                                {QStringLiteral("fails"), fails},
                                {QStringLiteral("value"), task.fulfilValue()},
                                {QStringLiteral("error"), task.reason()}};
        taskLines.append(QStringLiteral("  %1: %2,").arg(jsString(task.id), jsonText(entry)));
        fetchLines.append(QStringLiteral("function %1(...args) { return invoke(%2, args); }")
                              .arg(names.value(task.id), jsString(task.id)));
    }
    out += QStringLiteral("\nconst TASKS = {\n") + taskLines.join(QLatin1Char('\n')) + QStringLiteral("\n};\n");
    out += fetchLines.join(QLatin1Char('\n')) + QLatin1Char('\n');

    QString code = generateScenarioJavaScript(scenario);
    out += QLatin1Char('\n') + code.mid(header(scenario).size());

    QStringList plans;
    for (const PlanSpec &plan : scenario.plans) {
        if (!plan.isJavaScript()) // it calls fetch() and its own functions: jsrun runs it, not this fake
            plans.append(QStringLiteral("  [%1, %2],").arg(jsString(plan.name), planFunctionName(plan.name)));
    }
    out += QStringLiteral("\nconst PLANS = [\n") + plans.join(QLatin1Char('\n')) + QStringLiteral("\n];\n\n");
    out += QString::fromUtf8(kRunner);
    return out;
}

} // namespace asyncscope
