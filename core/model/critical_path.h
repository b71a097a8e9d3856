#pragma once

// The critical path of one run of a plan: the chain of spans that decided when
// it settled. From the span that settled the plan (or the last to end), each
// step goes back to the span whose end let it start at that very millisecond:
// a need that fulfilled last (graph), the slowest task of the previous level
// (levels), the previous step (seq), the connection it waited for (a host
// limit). A start that no span's end explains (t = 0, after a delay or a retry
// gap) ends the chain. Making any span on it shorter makes the plan faster.

#include <QList>

namespace asyncscope {

struct PlanTrace;
struct Scenario;

// Span indices in time order (first started first); empty when no span settled the plan.
// `scenario` breaks ties in favour of a span of a task the next one needs.
QList<int> criticalPath(const PlanTrace &plan, const Scenario &scenario);

} // namespace asyncscope
