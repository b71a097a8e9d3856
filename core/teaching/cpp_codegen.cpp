#include "cpp_codegen.h"

#include "code_layout.h"

#include <algorithm>
#include <functional>
#include <map>

namespace asyncscope {

namespace {

using codegen::Doc;

constexpr int kCppIndent = 4;

QString cppNumber(double value)
{
    if (value == double(qint64(value)) && value > -1e15 && value < 1e15)
        return QString::number(qint64(value));
    return QString::number(value, 'g', 17);
}

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
            return Doc::leaf(cppNumber(expr.number));

        std::vector<const Expr *> ops;
        std::vector<double> nums;
        for (const Expr &arg : expr.args) {
            if (arg.kind == Expr::Kind::Number)
                nums.push_back(arg.number);
            else
                ops.push_back(&arg);
        }
        const auto num = [&](size_t i) { return Doc::leaf(cppNumber(i < nums.size() ? nums[i] : 0)); };
        const auto tail = [&](std::vector<Doc> &items) {
            m_usesClock = true;
            items.push_back(Doc::leaf(QStringLiteral("clock")));
            if (!signal.isEmpty())
                items.push_back(Doc::leaf(QStringLiteral("signal")));
        };
        std::vector<Doc> items;
        switch (expr.combinator) {
        case Combinator::All:
        case Combinator::AllSettled: {
            for (const Expr *op : ops)
                items.push_back(expression(*op, signal));
            const QString name = expr.combinator == Combinator::All ? QStringLiteral("allJson") : QStringLiteral("allSettledJson");
            return Doc::list(name + QStringLiteral("({"), std::move(items), QStringLiteral("})"));
        }
        case Combinator::Race:
        case Combinator::Any:
            for (const Expr *op : ops)
                items.push_back(expression(*op, signal));
            return Doc::list(toString(expr.combinator) + QStringLiteral("(QList<JsonFuture>{"), std::move(items),
                             QStringLiteral("})"));
        case Combinator::Seq:
            for (const Expr *op : ops)
                items.push_back(start(*op, signal));
            return Doc::list(QStringLiteral("sequenceJson({"), std::move(items), QStringLiteral("})"));
        case Combinator::Pool:
            for (const Expr *op : ops)
                items.push_back(start(*op, signal));
            return Doc::list(QStringLiteral("poolJson(%1, {").arg(cppNumber(nums.empty() ? 1 : nums.front())),
                             std::move(items), QStringLiteral("})"));
        case Combinator::Timeout:
            items.push_back(expression(*ops.at(0), signal));
            items.push_back(num(0));
            m_usesClock = true;
            items.push_back(Doc::leaf(QStringLiteral("clock")));
            return arguments(QStringLiteral("withTimeout("), std::move(items), QStringLiteral(")"));
        case Combinator::Delay:
            items.push_back(num(0));
            items.push_back(start(*ops.at(0), signal));
            tail(items);
            return arguments(QStringLiteral("delay<QJsonValue>("), std::move(items), QStringLiteral(")"));
        case Combinator::Hedge:
            items.push_back(start(*ops.at(0), signal));
            items.push_back(start(*ops.at(1), signal));
            items.push_back(num(0));
            tail(items);
            return arguments(QStringLiteral("hedge<QJsonValue>("), std::move(items), QStringLiteral(")"));
        case Combinator::Retry:
            items.push_back(start(*ops.at(0), signal));
            items.push_back(num(0));
            items.push_back(num(1));
            tail(items);
            return arguments(QStringLiteral("retry<QJsonValue>("), std::move(items), QStringLiteral(")"));
        case Combinator::Graph:
        case Combinator::Levels:
            return byLevels(expr, signal);
        case Combinator::Abort:
            // A nested abort shares the enclosing signal here; the top level owns the controller.
            return expression(*ops.at(0), signal.isEmpty() ? QStringLiteral("signal") : signal);
        }
        return Doc::leaf(QStringLiteral("JsonFuture()"));
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
    static const QStringList taken{
        QStringLiteral("all"), QStringLiteral("allSettled"), QStringLiteral("race"), QStringLiteral("any"),
        QStringLiteral("sequence"), QStringLiteral("pool"), QStringLiteral("retry"), QStringLiteral("hedge"),
        QStringLiteral("delay"), QStringLiteral("withTimeout"), QStringLiteral("graph"), QStringLiteral("levels"),
        QStringLiteral("signal"), QStringLiteral("controller"), QStringLiteral("clock"), QStringLiteral("auto"),
        QStringLiteral("default"), QStringLiteral("delete"), QStringLiteral("new"), QStringLiteral("class"),
        QStringLiteral("namespace"), QStringLiteral("template"), QStringLiteral("this"), QStringLiteral("switch"),
    };
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
    CppWriter writer(scenario);
    const Expr &top = plan.expr;
    const bool aborting = top.kind == Expr::Kind::Call && top.combinator == Combinator::Abort;
    const Expr &body = aborting && !top.args.empty() ? top.args.front() : top;
    const QString signal = aborting ? QStringLiteral("signal") : QString();
    const QString name = variableName(plan.name);

    QString type = QStringLiteral("JsonFuture");
    Doc value = writer.expression(body, signal);
    if (body.kind == Expr::Kind::Call) {
        // At the top the typed combinators read best; nested ones need the JSON forms.
        switch (body.combinator) {
        case Combinator::All:
            type = QStringLiteral("QFuture<QList<QJsonValue>>");
            value.open = QStringLiteral("all(QList<JsonFuture>{");
            break;
        case Combinator::AllSettled:
            type = QStringLiteral("QFuture<QList<SettledResult<QJsonValue>>>");
            value.open = QStringLiteral("allSettled(QList<JsonFuture>{");
            break;
        case Combinator::Seq:
            type = QStringLiteral("QFuture<QList<QJsonValue>>");
            value.open = QStringLiteral("sequence(QList<JsonStart>{");
            break;
        default:
            break;
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
