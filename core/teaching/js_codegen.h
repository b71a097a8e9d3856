#pragma once

// The JavaScript a plan models, generated from its expression: what the class
// would write. Task ids become fetchUser()-style calls; a top-level all()
// becomes `const [user, posts] = await Promise.all([fetchUser(), fetchPosts()]);`,
// seq() consecutive awaits, levels() one Promise.all per level (the seed's
// buildOrder). Combinators JavaScript lacks (timeout, hedge, retry, pool,
// graph, levels, abort, delay) call small helper functions printed once above
// the code, like the seed's withTimeout.
//
// The runnable form is a self-contained Node script for the tests: the same
// code over fake timers and fake fetch functions that follow the scenario's
// latencies and failures, printing each plan's outcome as JSON.

#include "scenario.h"

#include <QString>
#include <QStringList>

namespace asyncscope {

// `fetch` + PascalCase id (`primary_fast` -> `fetchPrimaryFast`), or the
// label's function name when the label reads like a call (`fetchC(a)` -> `fetchC`).
QString jsFetchName(const TaskSpec &task);

// One plan for the code panel: the helpers it needs, then its statements at
// top level (no enclosing function).
QString generatePlanJavaScript(const Scenario &scenario, const PlanSpec &plan);

// One plan as a JavaScript plan's code (SPEC §6): the helpers it needs, then
// its statements, ending in a `return` of the plan's value; pasted as a plan's
// "js" it draws the same timeline. `asyncscope code` prints it.
QString generatePlanJavaScriptBody(const Scenario &scenario, const PlanSpec &plan);

// Every plan of the scenario, each as `async function runName() {...}`, with
// the helpers once above them. The golden files hold this text.
QString generateScenarioJavaScript(const Scenario &scenario);

// A self-contained ES module for `node`: fake clock, fake fetch functions,
// generateScenarioJavaScript()'s text, and a runner that prints
// {"plans": [{"name", "outcome", "settled_ms", "value" | "reason"}]}.
// Random latencies use each task's nominal value.
QString generateRunnableJavaScript(const Scenario &scenario);

} // namespace asyncscope
