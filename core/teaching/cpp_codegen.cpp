#include "cpp_codegen.h"

#include "code_layout.h"
#include "combinator_table.h"
#include "js_number.h"

#include <algorithm>
#include <functional>
#include <map>

namespace asyncscope {

namespace {

using codegen::Doc;

constexpr int kCppIndent = 4;

// A call's argument list: unlike a braced list, C++ forbids a trailing comma there.
Doc arguments(const QString &open, std::vector<Doc> items, const QString &close)
{
    Doc doc = Doc::list(open, std::move(items), close);
    doc.trailingComma = false;
    return doc;
}

class CppWriter
{
public:
    explicit CppWriter(const Scenario &scenario) : m_scenario(scenario) {}

    bool usesClock() const { return m_usesClock; }

    // `signal` is the AbortSignal in scope ("" outside abort()).
    Doc expression(const Expr &expr, const QString &signal)
    {
        if (expr.kind == Expr::Kind::Task)
            return Doc::leaf(fetch(expr.name) + (signal.isEmpty() ? QStringLiteral("()") : QStringLiteral("(signal)")));
        if (expr.kind == Expr::Kind::Number)
            return Doc::leaf(jsNumber(expr.number));

        const CombinatorInfo &info = combinatorInfo(expr.combinator);
        switch (expr.combinator) {
        case Combinator::Graph:
        case Combinator::Levels:
            return byLevels(expr, signal);
        case Combinator::Abort:
            // A nested abort shares the enclosing signal here; the top level owns the controller.
            return expression(*callArguments(expr).operands.at(0),
                              signal.isEmpty() ? QStringLiteral("signal") : signal);
        default:
            break;
        }

        // The others call their combinator with the plan's arguments in order: operands it starts
        // itself as Start functions, a variadic call's operands as one list after its numbers, then
        // the clock and the signal when it takes them.
        const auto operand = [&](const Expr &arg) {
            return info.operands == OperandStart::WhenDue ? start(arg, signal) : expression(arg, signal);
        };
        std::vector<Doc> items;
        if (info.variadic()) {
            for (const Expr *op : callArguments(expr).operands)
                items.push_back(operand(*op));
            return Doc::list(listOpen(expr, false), std::move(items), QStringLiteral("})"));
        }
        for (const Expr &arg : expr.args)
            items.push_back(arg.kind == Expr::Kind::Number ? Doc::leaf(jsNumber(arg.number)) : operand(arg));
        if (info.timer) {
            m_usesClock = true;
            items.push_back(Doc::leaf(QStringLiteral("clock")));
        }
        if (info.abortable && !signal.isEmpty())
            items.push_back(Doc::leaf(QStringLiteral("signal")));
        // T cannot be deduced from a Start<T> argument (a function or a lambda), so the call names it.
        const QString function = QLatin1String(info.cppName)
            + (info.operands == OperandStart::WhenDue ? QStringLiteral("<QJsonValue>(") : QStringLiteral("("));
        return arguments(function, std::move(items), QStringLiteral(")"));
    }

    // A variadic call up to its list's brace, its numbers first: `poolJson(2, {` in the QJsonValue
    // form, or with `typed` (or when there is none) the template's, which cannot deduce T from a
    // braced list and so names the list's type: `race(QList<JsonFuture>{`, `sequence(QList<JsonStart>{`.
    static QString listOpen(const Expr &call, bool typed)
    {
        const CombinatorInfo &info = combinatorInfo(call.combinator);
        const bool json = !typed && info.cppJsonName;
        QString open = QLatin1String(json ? info.cppJsonName : info.cppName) + QLatin1Char('(');
        for (const double number : callArguments(call).numbers)
            open += jsNumber(number) + QStringLiteral(", ");
        if (!json) {
            open += info.operands == OperandStart::WhenDue ? QStringLiteral("QList<JsonStart>")
                                                           : QStringLiteral("QList<JsonFuture>");
        }
        return open + QLatin1Char('{');
    }

private:
    QString fetch(const QString &id) const
    {
        const int index = m_scenario.taskIndex(id);
        return index >= 0 ? cppFetchName(m_scenario.tasks.at(index)) : QStringLiteral("fetch") + codegen::pascalCase(id);
    }

    // A Start<QJsonValue>: a plain task is its fetch function, anything else a lambda.
    Doc start(const Expr &expr, const QString &signal)
    {
        if (expr.kind == Expr::Kind::Task && signal.isEmpty())
            return Doc::leaf(fetch(expr.name));
        Doc body = expression(expr, signal);
        return body.group ? Doc{{}, true, QStringLiteral("[&] { return ") + body.open, body.close + QStringLiteral("; }"),
                                body.items, body.trailingComma}
                          : Doc::leaf(QStringLiteral("[&] { return %1; }").arg(body.text));
    }

    Doc byLevels(const Expr &call, const QString &signal)
    {
        QStringList ids;
        for (const Expr &arg : call.args)
            ids.append(arg.name);
        if (ids.isEmpty())
            ids = m_scenario.taskIds();
        std::map<QString, int> level;
        const std::function<int(const QString &, int)> levelOf = [&](const QString &id, int depth) -> int {
            if (auto it = level.find(id); it != level.end())
                return it->second;
            int deepest = -1;
            const int index = m_scenario.taskIndex(id);
            if (index >= 0 && depth <= int(ids.size())) {
                for (const QString &need : m_scenario.tasks.at(index).needs)
                    deepest = std::max(deepest, levelOf(need, depth + 1));
            }
            return level[id] = deepest + 1;
        };
        int maxLevel = 0;
        for (const QString &id : ids)
            maxLevel = std::max(maxLevel, levelOf(id, 0));
        std::vector<Doc> steps;
        for (int l = 0; l <= maxLevel; ++l) {
            std::vector<Doc> calls;
            for (const QString &id : ids) {
                if (level[id] == l)
                    calls.push_back(Doc::leaf(fetch(id) + (signal.isEmpty() ? QStringLiteral("()") : QStringLiteral("(signal)"))));
            }
            steps.push_back(Doc::list(QStringLiteral("[&] { return allJson({"), std::move(calls), QStringLiteral("}); }")));
        }
        return Doc::list(QStringLiteral("sequenceJson({"), std::move(steps), QStringLiteral("})"));
    }

    const Scenario &m_scenario;
    bool m_usesClock = false;
};

// A variable must not be named like a function it calls in its own initializer.
QString variableName(const QString &planName)
{
    static const QStringList taken = [] {
        QStringList names{
            QStringLiteral("graph"), QStringLiteral("levels"), QStringLiteral("signal"), QStringLiteral("controller"),
            QStringLiteral("clock"), QStringLiteral("auto"), QStringLiteral("default"), QStringLiteral("delete"),
            QStringLiteral("new"), QStringLiteral("class"), QStringLiteral("namespace"), QStringLiteral("template"),
            QStringLiteral("this"), QStringLiteral("switch"),
        };
        for (const CombinatorInfo &row : combinatorTable()) {
            if (row.cppName)
                names.append(QLatin1String(row.cppName));
        }
        return names;
    }();
    const QString name = codegen::camelCase(planName);
    return taken.contains(name) ? name + QStringLiteral("Result") : name;
}

QString statement(const QString &type, const QString &name, const Doc &value)
{
    const QString start = QStringLiteral("const %1 %2 = ").arg(type, name);
    return start + value.render(0, int(start.size()), 1, kCppIndent) + QLatin1Char(';');
}

} // namespace

QString cppFetchName(const TaskSpec &task)
{
    return QStringLiteral("fetch") + codegen::pascalCase(task.id);
}

QString generatePlanCpp(const Scenario &scenario, const PlanSpec &plan)
{
    if (plan.isJavaScript())
        return QStringLiteral("// %1 is a JavaScript plan: it runs on Node.js as written, and has no C++ form.\n").arg(plan.name);
    CppWriter writer(scenario);
    const Expr &top = plan.expr;
    const bool aborting = top.kind == Expr::Kind::Call && top.combinator == Combinator::Abort;
    const Expr &body = aborting && !top.args.empty() ? top.args.front() : top;
    const QString signal = aborting ? QStringLiteral("signal") : QString();
    const QString name = variableName(plan.name);

    QString type = QStringLiteral("JsonFuture");
    Doc value = writer.expression(body, signal);
    // At the top the typed combinators read best; nested ones need the JSON forms.
    if (body.kind == Expr::Kind::Call) {
        if (const char *resultType = combinatorInfo(body.combinator).cppResultType) {
            type = QLatin1String(resultType);
            value.open = CppWriter::listOpen(body, true);
        }
    }

    QStringList lines;
    lines << QStringLiteral("// %1: %2").arg(plan.name, toText(plan.expr));
    lines << QStringLiteral("// With asyncscope's combinators (core/combinators.h, core/combinators_json.h).");
    QString fetchNote = QStringLiteral("// Each fetchX(%1) starts one request and returns a JsonFuture (QFuture<QJsonValue>)")
                            .arg(aborting ? QStringLiteral("signal") : QString());
    if (writer.usesClock())
        fetchNote += QStringLiteral(";\n// clock is a Clock& (RealClock in an application, VirtualClock in tests)");
    lines << fetchNote + QLatin1Char('.');
    if (body.kind == Expr::Kind::Call && (body.combinator == Combinator::Graph || body.combinator == Combinator::Levels))
        lines << QStringLiteral("// No graph combinator: level by level, one allJson per level (values per level).");
    lines << QStringLiteral("using namespace asyncscope;");
    if (aborting) {
        lines << QStringLiteral("AbortController controller;");
        lines << QStringLiteral("const AbortSignal signal = controller.signal();");
    }
    lines << statement(type, name, value);
    if (aborting) {
        lines << QStringLiteral("// When it settles, abort whatever is still in flight.");
        lines << QStringLiteral("watchWith(%1, [controller](const auto &) mutable { controller.abort(); });").arg(name);
    }
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

} // namespace asyncscope
