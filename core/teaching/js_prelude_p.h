#pragma once

// The JavaScript functions the generated code calls where JavaScript has no
// combinator of its own (sequence, withTimeout, sleep, hedge, retry, pool,
// graph, levels, withAbort), printed once above the code that uses them.
// Private to js_codegen.cpp.

#include <QSet>
#include <QString>

#include <span>

namespace asyncscope::codegen {

struct PreludeFunction
{
    const char *name;
    const char *needs;  // another prelude function this one calls, or ""
    const char *code;
};

// In the order they are printed.
std::span<const PreludeFunction> jsPrelude();

// The functions named in `used`, with the ones they need, in prelude order.
QString jsPreludeText(const QSet<QString> &used);

} // namespace asyncscope::codegen
