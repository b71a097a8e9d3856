#pragma once

// One sentence that says why a plan settled when it did, for the timeline's
// settle marker, the lesson panel and `run --format text`:
//   "all rejected at 90 ms: news failed first ("HTTP 503"); weather,
//    stocks, calendar and traffic kept running — zombie work: 4 requests, 690 ms"

#include "scenario.h"
#include "trace.h"

#include <QString>

namespace asyncscope {

QString explainSettlement(const Scenario &scenario, const PlanTrace &plan);

// The fastest fulfilled plan against the slowest:
// "parallel is 4.0× faster than sequential: 200 ms vs 800 ms".
// Empty when fewer than two plans fulfilled.
QString explainComparison(const RunTrace &run);

// "zombie work: 2 requests, 390 ms" / "2 requests aborted"; empty when the plan wasted nothing.
QString explainWaste(const PlanTrace &plan);

} // namespace asyncscope
