#pragma once

// Every fact about a combinator, written once: its name in plans, the
// arguments it takes and the messages that refuse bad ones, how many
// invocations it may start, whether it starts its operands itself, and how
// JavaScript and asyncscope's C++ spell it. The parser, the plan limits, the
// runner, the explanations and both code generators read this table instead
// of each keeping a switch of their own.

#include "expression.h"

#include <QString>

#include <array>
#include <span>
#include <vector>

namespace asyncscope {

// Retries beyond this are a typo, not a plan, and would flood the timeline.
inline constexpr int kMaxRetryAttempts = 1000;

// What one argument of a call must be.
enum class Argument : quint8 {
    None,         // no argument (pads CombinatorInfo::leading)
    Operand,      // a task or a call: something the combinator runs
    TaskId,       // a task id only (graph, levels)
    Milliseconds, // a number from 0 to kMaxExpressionMs
    Attempts,     // an integer from 1 to kMaxRetryAttempts
    Limit,        // an integer from 1 to INT_MAX
};

// A number argument: its bounds and the messages that refuse it. In the
// messages %1 is the combinator, %2 the number given, %3 the bound it crossed.
struct NumberArgument
{
    const char *what;      // "expected a number (what)"
    bool integer;
    double min;            // below it, or a fraction when `integer`: `invalid`
    double max;            // above it: `tooLarge`, or `invalid` when that is null
    const char *invalid;   // null when nothing below max can be wrong (negatives never parse)
    const char *tooLarge;
};

// Null for Argument::None, Operand and TaskId.
const NumberArgument *numberArgument(Argument argument);

// How a combinator bounds the invocations it may start (plan_limits.h).
enum class InvocationBound : quint8 {
    Sum,    // each argument at most once (hedge may start both, graph each listed task)
    Repeat, // its operands up to its Attempts argument times (retry)
};

// When the operands run: at once (all, race, timeout...), or when the
// combinator starts them, which is why the runner defers them and the
// generated code passes them as functions (seq, pool, hedge, retry, delay).
enum class OperandStart : quint8 { AtOnce, WhenDue };

struct CombinatorInfo
{
    Combinator combinator;
    const char *name;                 // as written in plans: "allSettled"

    // The arguments: `leading` in order (padded with None), then any number
    // of `rest`, or nothing more when `rest` is None.
    std::array<Argument, 3> leading;
    Argument rest;
    const char *usage;                // in count messages: "expression, ms"
    const char *expects;              // when `rest` follows `leading`: "a limit and expressions"

    InvocationBound bound;
    OperandStart operands;
    bool settlesAsOperand;            // settles when and as its one operand does (delay, abort)
    bool timer;                       // schedules a timer of its own, so it needs a clock
    bool abortable;                   // its timers and the operands it starts follow an AbortSignal

    // JavaScript (core/teaching/js_codegen.cpp).
    const char *jsName;               // "Promise.all", or a helper printed above the code: "withTimeout"
    bool jsBuiltIn;                   // part of JavaScript: no helper to print
    bool jsTakesSignal;               // the function takes the AbortSignal in scope as its last argument
    const char *jsValueName;          // what a variable holding its value is called; null: as its operand

    // C++ (core/async/combinators.h, combinators_json.h).
    const char *cppName;              // the template in combinators.h, or null (graph, levels, abort)
    const char *cppJsonName;          // the QJsonValue form in combinators_json.h, or null: the template
    const char *cppResultType;        // at the top of a plan, the typed template's result; null: JsonFuture

    int leadingCount() const;
    bool variadic() const { return rest != Argument::None; }
    // The kind of the argument at `index` (None past the end of a fixed list).
    Argument argumentAt(size_t index) const;
};

// One row per Combinator, in the enum's order.
std::span<const CombinatorInfo> combinatorTable();
const CombinatorInfo &combinatorInfo(Combinator combinator);

// A call's arguments split as the code generators and explanations read them:
// what it runs (operands: tasks and calls) and its numbers, each in order.
struct CallArguments
{
    std::vector<const Expr *> operands;
    std::vector<double> numbers;

    double number(size_t index, double fallback = 0) const
    {
        return index < numbers.size() ? numbers[index] : fallback;
    }
};
CallArguments callArguments(const Expr &call);

} // namespace asyncscope
