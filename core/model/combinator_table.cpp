#include "combinator_table.h"

#include <iterator>
#include <limits>

namespace asyncscope {

namespace {

// Negative numbers never parse, so milliseconds can only be too large.
constexpr NumberArgument kMilliseconds{.what = "milliseconds", .integer = false, .min = 0, .max = kMaxExpressionMs,
                                       .invalid = nullptr, .tooLarge = "%1: %2 ms is more than one hour (%3 ms)"};
constexpr NumberArgument kAttempts{.what = "attempts", .integer = true, .min = 1, .max = kMaxRetryAttempts,
                                   .invalid = "%1: attempts must be an integer >= %3, got %2",
                                   .tooLarge = "%1: at most %3 attempts, got %2"};
constexpr NumberArgument kLimit{.what = "the limit", .integer = true, .min = 1, .max = std::numeric_limits<int>::max(),
                                .invalid = "%1: the limit must be an integer >= %3, got %2", .tooLarge = nullptr};

using enum Argument;
using enum InvocationBound;
using enum OperandStart;

constexpr CombinatorInfo kTable[] = {
    {.combinator = Combinator::Seq, .name = "seq",
     .leading = {}, .rest = Operand, .usage = "expression...", .expects = nullptr,
     .bound = Sum, .operands = WhenDue, .settlesAsOperand = false, .timer = false, .abortable = false,
     .jsName = "sequence", .jsBuiltIn = false, .jsTakesSignal = false, .jsValueName = "steps",
     .cppName = "sequence", .cppJsonName = "sequenceJson", .cppResultType = "QFuture<QList<QJsonValue>>"},
    {.combinator = Combinator::All, .name = "all",
     .leading = {}, .rest = Operand, .usage = "expression...", .expects = nullptr,
     .bound = Sum, .operands = AtOnce, .settlesAsOperand = false, .timer = false, .abortable = false,
     .jsName = "Promise.all", .jsBuiltIn = true, .jsTakesSignal = false, .jsValueName = "values",
     .cppName = "all", .cppJsonName = "allJson", .cppResultType = "QFuture<QList<QJsonValue>>"},
    {.combinator = Combinator::AllSettled, .name = "allSettled",
     .leading = {}, .rest = Operand, .usage = "expression...", .expects = nullptr,
     .bound = Sum, .operands = AtOnce, .settlesAsOperand = false, .timer = false, .abortable = false,
     .jsName = "Promise.allSettled", .jsBuiltIn = true, .jsTakesSignal = false, .jsValueName = "results",
     .cppName = "allSettled", .cppJsonName = "allSettledJson",
     .cppResultType = "QFuture<QList<SettledResult<QJsonValue>>>"},
    {.combinator = Combinator::Race, .name = "race",
     .leading = {}, .rest = Operand, .usage = "expression...", .expects = nullptr,
     .bound = Sum, .operands = AtOnce, .settlesAsOperand = false, .timer = false, .abortable = false,
     .jsName = "Promise.race", .jsBuiltIn = true, .jsTakesSignal = false, .jsValueName = "first",
     .cppName = "race", .cppJsonName = nullptr, .cppResultType = nullptr},
    {.combinator = Combinator::Any, .name = "any",
     .leading = {}, .rest = Operand, .usage = "expression...", .expects = nullptr,
     .bound = Sum, .operands = AtOnce, .settlesAsOperand = false, .timer = false, .abortable = false,
     .jsName = "Promise.any", .jsBuiltIn = true, .jsTakesSignal = false, .jsValueName = "fastest",
     .cppName = "any", .cppJsonName = nullptr, .cppResultType = nullptr},
    {.combinator = Combinator::Timeout, .name = "timeout",
     .leading = {Operand, Milliseconds}, .rest = None, .usage = "expression, ms", .expects = nullptr,
     .bound = Sum, .operands = AtOnce, .settlesAsOperand = false, .timer = true, .abortable = false,
     .jsName = "withTimeout", .jsBuiltIn = false, .jsTakesSignal = false, .jsValueName = nullptr,
     .cppName = "withTimeout", .cppJsonName = nullptr, .cppResultType = nullptr},
    {.combinator = Combinator::Delay, .name = "delay",
     .leading = {Milliseconds, Operand}, .rest = None, .usage = "ms, expression", .expects = nullptr,
     .bound = Sum, .operands = WhenDue, .settlesAsOperand = true, .timer = true, .abortable = true,
     .jsName = "sleep", .jsBuiltIn = false, .jsTakesSignal = true, .jsValueName = nullptr,
     .cppName = "delay", .cppJsonName = nullptr, .cppResultType = nullptr},
    {.combinator = Combinator::Hedge, .name = "hedge",
     .leading = {Operand, Operand, Milliseconds}, .rest = None, .usage = "primary, fallback, ms",
     .expects = nullptr,
     .bound = Sum, .operands = WhenDue, .settlesAsOperand = false, .timer = true, .abortable = true,
     .jsName = "hedge", .jsBuiltIn = false, .jsTakesSignal = false, .jsValueName = "response",
     .cppName = "hedge", .cppJsonName = nullptr, .cppResultType = nullptr},
    {.combinator = Combinator::Retry, .name = "retry",
     .leading = {Operand, Attempts, Milliseconds}, .rest = None, .usage = "expression, attempts, gap_ms",
     .expects = nullptr,
     .bound = Repeat, .operands = WhenDue, .settlesAsOperand = false, .timer = true, .abortable = true,
     .jsName = "retry", .jsBuiltIn = false, .jsTakesSignal = true, .jsValueName = nullptr,
     .cppName = "retry", .cppJsonName = nullptr, .cppResultType = nullptr},
    {.combinator = Combinator::Pool, .name = "pool",
     .leading = {Limit}, .rest = Operand, .usage = "n, expression...", .expects = "a limit and expressions",
     .bound = Sum, .operands = WhenDue, .settlesAsOperand = false, .timer = false, .abortable = false,
     .jsName = "pool", .jsBuiltIn = false, .jsTakesSignal = false, .jsValueName = "values",
     .cppName = "pool", .cppJsonName = "poolJson", .cppResultType = nullptr},
    {.combinator = Combinator::Graph, .name = "graph",
     .leading = {}, .rest = TaskId, .usage = "task...", .expects = nullptr,
     .bound = Sum, .operands = WhenDue, .settlesAsOperand = false, .timer = false, .abortable = false,
     .jsName = "graph", .jsBuiltIn = false, .jsTakesSignal = false, .jsValueName = "values",
     .cppName = nullptr, .cppJsonName = nullptr, .cppResultType = nullptr},
    {.combinator = Combinator::Levels, .name = "levels",
     .leading = {}, .rest = TaskId, .usage = "task...", .expects = nullptr,
     .bound = Sum, .operands = WhenDue, .settlesAsOperand = false, .timer = false, .abortable = false,
     .jsName = "levels", .jsBuiltIn = false, .jsTakesSignal = false, .jsValueName = "values",
     .cppName = nullptr, .cppJsonName = nullptr, .cppResultType = nullptr},
    {.combinator = Combinator::Abort, .name = "abort",
     .leading = {Operand}, .rest = None, .usage = "expression", .expects = nullptr,
     .bound = Sum, .operands = AtOnce, .settlesAsOperand = true, .timer = false, .abortable = false,
     .jsName = "withAbort", .jsBuiltIn = false, .jsTakesSignal = true, .jsValueName = nullptr,
     .cppName = nullptr, .cppJsonName = nullptr, .cppResultType = nullptr},
};

// combinatorInfo() indexes by the enum: a row missing, doubled or out of order fails the build.
constexpr bool rowsInEnumOrder()
{
    for (size_t i = 0; i < std::size(kTable); ++i) {
        if (kTable[i].combinator != Combinator(i))
            return false;
    }
    return true;
}
static_assert(rowsInEnumOrder(), "kTable: one row per Combinator, in the enum's order");
static_assert(std::size(kTable) == size_t(Combinator::Abort) + 1, "kTable: a row for every Combinator");

} // namespace

const NumberArgument *numberArgument(Argument argument)
{
    switch (argument) {
    case Argument::Milliseconds: return &kMilliseconds;
    case Argument::Attempts: return &kAttempts;
    case Argument::Limit: return &kLimit;
    case Argument::None:
    case Argument::Operand:
    case Argument::TaskId:
        break;
    }
    return nullptr;
}

int CombinatorInfo::leadingCount() const
{
    int n = 0;
    while (n < int(leading.size()) && leading[size_t(n)] != Argument::None)
        ++n;
    return n;
}

Argument CombinatorInfo::argumentAt(size_t index) const
{
    return index < size_t(leadingCount()) ? leading[index] : rest;
}

std::span<const CombinatorInfo> combinatorTable()
{
    return kTable;
}

const CombinatorInfo &combinatorInfo(Combinator combinator)
{
    Q_ASSERT(size_t(combinator) < std::size(kTable));
    return kTable[size_t(combinator)];
}

QString toString(Combinator c)
{
    return size_t(c) < std::size(kTable) ? QLatin1String(kTable[size_t(c)].name) : QString();
}

std::optional<Combinator> combinatorFromName(const QString &name)
{
    for (const CombinatorInfo &row : kTable) {
        if (name == QLatin1String(row.name))
            return row.combinator;
    }
    return std::nullopt;
}

QStringList combinatorNames()
{
    QStringList names;
    for (const CombinatorInfo &row : kTable)
        names.append(QLatin1String(row.name));
    return names;
}

CallArguments callArguments(const Expr &call)
{
    CallArguments split;
    split.operands.reserve(call.args.size());
    for (const Expr &arg : call.args) {
        if (arg.kind == Expr::Kind::Number)
            split.numbers.push_back(arg.number);
        else
            split.operands.push_back(&arg);
    }
    return split;
}

} // namespace asyncscope
