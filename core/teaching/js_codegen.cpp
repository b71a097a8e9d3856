#include "js_codegen.h"

#include "code_layout.h"

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

QString jsNumber(double value)
{
    if (value == double(qint64(value)) && value > -1e15 && value < 1e15)
        return QString::number(qint64(value));
    return QString::number(value, 'g', 17);
}

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

// Names the generated code must not shadow: keywords and our own helpers.
const QSet<QString> &reservedNames()
{
    static const QSet<QString> names{
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
        QStringLiteral("signal"), QStringLiteral("controller"), QStringLiteral("sleep"), QStringLiteral("withTimeout"),
        QStringLiteral("sequence"), QStringLiteral("hedge"), QStringLiteral("retry"), QStringLiteral("pool"),
        QStringLiteral("graph"), QStringLiteral("levels"), QStringLiteral("withAbort"), QStringLiteral("setTimeout"),
        QStringLiteral("clearTimeout"), QStringLiteral("clock"), QStringLiteral("invoke")
    };
    return names;
}

// The helper functions, in the order they are printed. Each is what the
// combinator means in SPEC §1, written the way the seed writes withTimeout.
struct Helper
{
    const char *name;
    const char *needs;         // another helper this one calls, or ""
    const char *code;
};

const Helper kHelpers[] = {
    {"sleep", "",
     "// Resolves after ms; an aborted signal cancels the timer.\n"
     "function sleep(ms, signal) {\n"
     "  return new Promise((resolve, reject) => {\n"
     "    const timer = setTimeout(resolve, ms);\n"
     "    signal?.addEventListener('abort', () => {\n"
     "      clearTimeout(timer);\n"
     "      reject(signal.reason);\n"
     "    }, { once: true });\n"
     "  });\n"
     "}\n"},
    {"withTimeout", "",
     "// Rejects if the promise has not settled within ms (the timer stops when it does).\n"
     "function withTimeout(promise, ms) {\n"
     "  let timer;\n"
     "  const timeout = new Promise((_, reject) => {\n"
     "    timer = setTimeout(() => reject(new Error(`Timed out after ${ms}ms`)), ms);\n"
     "  });\n"
     "  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));\n"
     "}\n"},
    {"sequence", "",
     "// One after another: each step starts when the previous one fulfilled.\n"
     "async function sequence(steps) {\n"
     "  const values = [];\n"
     "  for (const step of steps) values.push(await step());\n"
     "  return values;\n"
     "}\n"},
    {"hedge", "",
     "// Ask the primary; also ask the fallback if the primary has not answered\n"
     "// within ms, or at once if it fails. The first success wins; if both fail,\n"
     "// an AggregateError lists [primary reason, fallback reason].\n"
     "function hedge(primary, fallback, ms) {\n"
     "  return new Promise((resolve, reject) => {\n"
     "    const errors = [];\n"
     "    let failures = 0;\n"
     "    let fallbackStarted = false;\n"
     "    const fail = (index, reason) => {\n"
     "      errors[index] = reason;\n"
     "      if (++failures === 2) reject(new AggregateError(errors, 'All promises were rejected'));\n"
     "    };\n"
     "    const startFallback = () => {\n"
     "      if (fallbackStarted) return;\n"
     "      fallbackStarted = true;\n"
     "      clearTimeout(timer);\n"
     "      fallback().then(resolve, (reason) => fail(1, reason));\n"
     "    };\n"
     "    primary().then(\n"
     "      (value) => { clearTimeout(timer); resolve(value); },\n"
     "      (reason) => { fail(0, reason); startFallback(); },\n"
     "    );\n"
     "    const timer = setTimeout(startFallback, ms);\n"
     "  });\n"
     "}\n"},
    {"retry", "sleep",
     "// Up to `attempts` tries, gapMs apart; rejects with the last reason.\n"
     "async function retry(attempt, attempts, gapMs, signal) {\n"
     "  for (let tries = 1; ; tries++) {\n"
     "    try {\n"
     "      return await attempt();\n"
     "    } catch (reason) {\n"
     "      if (tries >= attempts) throw reason;\n"
     "      await sleep(gapMs, signal);\n"
     "    }\n"
     "  }\n"
     "}\n"},
    {"pool", "",
     "// At most `limit` in flight, started in order; fails fast and then starts nothing more.\n"
     "async function pool(limit, starts) {\n"
     "  const values = [];\n"
     "  let next = 0;\n"
     "  let failed = false;\n"
     "  const worker = async () => {\n"
     "    while (next < starts.length && !failed) {\n"
     "      const index = next++;\n"
     "      try {\n"
     "        values[index] = await starts[index]();\n"
     "      } catch (reason) {\n"
     "        failed = true;\n"
     "        throw reason;\n"
     "      }\n"
     "    }\n"
     "  };\n"
     "  const workers = Array.from({ length: Math.min(Math.max(limit, 1), starts.length) }, worker);\n"
     "  await Promise.all(workers);\n"
     "  return values;\n"
     "}\n"},
    {"graph", "",
     "// Each task starts as soon as all its needs fulfilled, called with their values.\n"
     "function graph(tasks, order) {\n"
     "  const started = {};\n"
     "  const start = (id) => (started[id] ?\?= Promise.all(tasks[id].needs.map(start))\n"
     "    .then((values) => tasks[id].run(...values)));\n"
     "  return Promise.all(order.map(start));\n"
     "}\n"},
    {"levels", "",
     "// The same graph level by level: one Promise.all per level, as in buildOrder.\n"
     "async function levels(tasks, order) {\n"
     "  const done = {};\n"
     "  let waiting = [...order];\n"
     "  while (waiting.length > 0) {\n"
     "    const level = waiting.filter((id) => tasks[id].needs.every((need) => need in done));\n"
     "    const values = await Promise.all(\n"
     "      level.map((id) => tasks[id].run(...tasks[id].needs.map((need) => done[need]))),\n"
     "    );\n"
     "    level.forEach((id, i) => { done[id] = values[i]; });\n"
     "    waiting = waiting.filter((id) => !level.includes(id));\n"
     "  }\n"
     "  return order.map((id) => done[id]);\n"
     "}\n"},
    {"withAbort", "",
     "// A shared AbortController: when the work settles, whatever is still in flight is aborted.\n"
     "async function withAbort(work, parentSignal) {\n"
     "  const controller = new AbortController();\n"
     "  parentSignal?.addEventListener('abort', () => controller.abort(), { once: true });\n"
     "  try {\n"
     "    return await work(controller.signal);\n"
     "  } finally {\n"
     "    controller.abort();\n"
     "  }\n"
     "}\n"},
};

// Generates the code of one or more plans, remembering which helpers it used.
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

    QString helpersText() const
    {
        QSet<QString> used = m_usedHelpers;
        for (const Helper &helper : kHelpers) {
            if (used.contains(QLatin1String(helper.name)) && *helper.needs)
                used.insert(QLatin1String(helper.needs));
        }
        QStringList blocks;
        for (const Helper &helper : kHelpers) {
            if (used.contains(QLatin1String(helper.name)))
                blocks.append(QString::fromUtf8(helper.code));
        }
        return blocks.join(QLatin1Char('\n'));
    }

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
        switch (expr.combinator) {
        case Combinator::All:
        case Combinator::Pool:
        case Combinator::Graph:
        case Combinator::Levels: return QStringLiteral("values");
        case Combinator::AllSettled: return QStringLiteral("results");
        case Combinator::Race: return QStringLiteral("first");
        case Combinator::Any: return QStringLiteral("fastest");
        case Combinator::Seq: return QStringLiteral("steps");
        case Combinator::Hedge: return QStringLiteral("response");
        case Combinator::Timeout:
        case Combinator::Retry:
        case Combinator::Delay:
        case Combinator::Abort:
            for (const Expr &arg : expr.args) {
                if (arg.kind != Expr::Kind::Number)
                    return nameFor(arg);
            }
            return QStringLiteral("value");
        }
        return QStringLiteral("value");
    }

    static std::vector<const Expr *> operands(const Expr &call)
    {
        std::vector<const Expr *> out;
        for (const Expr &arg : call.args) {
            if (arg.kind != Expr::Kind::Number)
                out.push_back(&arg);
        }
        return out;
    }

    static std::vector<double> numbers(const Expr &call)
    {
        std::vector<double> out;
        for (const Expr &arg : call.args) {
            if (arg.kind == Expr::Kind::Number)
                out.push_back(arg.number);
        }
        return out;
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
        const QString name = call.combinator == Combinator::Graph ? QStringLiteral("graph") : QStringLiteral("levels");
        m_usedHelpers.insert(name);
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

        const std::vector<const Expr *> ops = operands(expr);
        const std::vector<double> nums = numbers(expr);
        const auto num = [&](size_t i) { return Doc::leaf(jsNumber(i < nums.size() ? nums[i] : 0)); };
        std::vector<Doc> items;
        switch (expr.combinator) {
        case Combinator::All:
        case Combinator::AllSettled:
        case Combinator::Race:
        case Combinator::Any:
            for (const Expr *op : ops)
                items.push_back(expression(*op, signal));
            return Doc::list(QStringLiteral("Promise.%1([").arg(toString(expr.combinator)), std::move(items),
                             QStringLiteral("])"));
        case Combinator::Seq:
            m_usedHelpers.insert(QStringLiteral("sequence"));
            for (const Expr *op : ops)
                items.push_back(thunk(*op, signal));
            return Doc::list(QStringLiteral("sequence(["), std::move(items), QStringLiteral("])"));
        case Combinator::Timeout:
            m_usedHelpers.insert(QStringLiteral("withTimeout"));
            items.push_back(expression(*ops.at(0), signal));
            items.push_back(num(0));
            return Doc::list(QStringLiteral("withTimeout("), std::move(items), QStringLiteral(")"));
        case Combinator::Delay: {
            m_usedHelpers.insert(QStringLiteral("sleep"));
            items.push_back(thunk(*ops.at(0), signal));
            const QString sleep = signal.isEmpty() ? QStringLiteral("sleep(%1)").arg(jsNumber(nums.at(0)))
                                                   : QStringLiteral("sleep(%1, signal)").arg(jsNumber(nums.at(0)));
            return Doc::list(sleep + QStringLiteral(".then("), std::move(items), QStringLiteral(")"));
        }
        case Combinator::Hedge:
            m_usedHelpers.insert(QStringLiteral("hedge"));
            items.push_back(thunk(*ops.at(0), signal));
            items.push_back(thunk(*ops.at(1), signal));
            items.push_back(num(0));
            return Doc::list(QStringLiteral("hedge("), std::move(items), QStringLiteral(")"));
        case Combinator::Retry:
            m_usedHelpers.insert(QStringLiteral("retry"));
            items.push_back(thunk(*ops.at(0), signal));
            items.push_back(num(0));
            items.push_back(num(1));
            if (!signal.isEmpty())
                items.push_back(Doc::leaf(QStringLiteral("signal")));
            return Doc::list(QStringLiteral("retry("), std::move(items), QStringLiteral(")"));
        case Combinator::Pool:
            m_usedHelpers.insert(QStringLiteral("pool"));
            for (const Expr *op : ops)
                items.push_back(thunk(*op, signal));
            return Doc::list(QStringLiteral("pool(%1, [").arg(jsNumber(nums.empty() ? 1 : nums.front())),
                             std::move(items), QStringLiteral("])"));
        case Combinator::Graph:
        case Combinator::Levels:
            return graphTable(expr, signal);
        case Combinator::Abort:
            m_usedHelpers.insert(QStringLiteral("withAbort"));
            items.push_back(expression(*ops.at(0), QStringLiteral("signal")).prefixed(QStringLiteral("(signal) => ")));
            if (!signal.isEmpty())
                items.push_back(Doc::leaf(QStringLiteral("signal")));
            return Doc::list(QStringLiteral("withAbort("), std::move(items), QStringLiteral(")"));
        }
        return Doc::leaf(QStringLiteral("undefined"));
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

        if (expr.kind == Expr::Kind::Call && expr.combinator == Combinator::Abort) {
            lines.append(pad + QStringLiteral("const controller = new AbortController();"));
            lines.append(pad + QStringLiteral("const { signal } = controller;"));
            lines.append(pad + QStringLiteral("try {"));
            statements(*operands(expr).at(0), indent + kIndent, withReturn, QStringLiteral("signal"), lines);
            lines.append(pad + QStringLiteral("} finally {"));
            lines.append(pad + QStringLiteral("  controller.abort(); // cancel whatever is still in flight"));
            lines.append(pad + QLatin1Char('}'));
            return;
        }

        if (expr.kind == Expr::Kind::Call && expr.combinator == Combinator::All && !expr.args.empty()) {
            for (const Expr *op : operands(expr))
                result.append(freshName(nameFor(*op)));
            awaitLine(QStringLiteral("[%1]").arg(result.join(QStringLiteral(", "))), expression(expr, signal), indent,
                      lines);
            asArray = true;
        } else if (expr.kind == Expr::Kind::Call && expr.combinator == Combinator::Seq && !expr.args.empty()) {
            for (const Expr *op : operands(expr)) {
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
    QSet<QString> m_usedHelpers;
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
    "const clock = { now: 0, nextId: 1, timers: [] };\n"
    "function setTimeout(callback, ms = 0) {\n"
    "  const id = clock.nextId++;\n"
    "  clock.timers.push({ id, at: clock.now + Math.max(0, ms), callback });\n"
    "  return id;\n"
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
    "    const timer = setTimeout(() => (fails ? reject(task.error) : resolve(task.value)), latency);\n"
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
    static const QRegularExpression callLike(QStringLiteral("^\\s*([A-Za-z_$][A-Za-z0-9_$]*)\\([^()]*\\)\\s*$"));
    const QRegularExpressionMatch match = callLike.match(task.label);
    if (match.hasMatch() && !reservedNames().contains(match.captured(1)))
        return match.captured(1);
    return QStringLiteral("fetch") + pascalCase(task.id);
}

QString generatePlanJavaScript(const Scenario &scenario, const PlanSpec &plan)
{
    JsWriter writer(scenario, fetchNames(scenario));
    const QStringList body = writer.planBody(plan.expr, 0, false);
    QString out;
    const QString helpers = writer.helpersText();
    if (!helpers.isEmpty())
        out += helpers + QLatin1Char('\n');
    out += QStringLiteral("// %1: %2\n").arg(plan.name, toText(plan.expr));
    out += body.join(QLatin1Char('\n')) + QLatin1Char('\n');
    return out;
}

QString generateScenarioJavaScript(const Scenario &scenario)
{
    JsWriter writer(scenario, fetchNames(scenario));
    const QStringList functions = planFunctions(scenario, writer);
    QString out = header(scenario);
    const QString helpers = writer.helpersText();
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
    for (const PlanSpec &plan : scenario.plans)
        plans.append(QStringLiteral("  [%1, %2],").arg(jsString(plan.name), planFunctionName(plan.name)));
    out += QStringLiteral("\nconst PLANS = [\n") + plans.join(QLatin1Char('\n')) + QStringLiteral("\n];\n\n");
    out += QString::fromUtf8(kRunner);
    return out;
}

} // namespace asyncscope
