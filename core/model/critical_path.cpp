#include "critical_path.h"

#include "scenario.h"
#include "trace.h"

#include <algorithm>
#include <cmath>

namespace asyncscope {

namespace {
constexpr double kSameMs = 1e-6;
}

QList<int> criticalPath(const PlanTrace &plan, const Scenario &scenario)
{
    const QList<Span> &spans = plan.spans;
    int current = plan.cause.spanIndex;
    if (current < 0 || current >= spans.size()) {
        if (!plan.cause.timer.isEmpty() || plan.outcome == PlanOutcome::Pending)
            return {};
        // Settled with no span to name (all() of several): the last span to end decided it.
        double latest = -1;
        for (int i = 0; i < spans.size(); ++i) {
            const Span &s = spans.at(i);
            if (s.endMs && !s.discarded && *s.endMs > latest) {
                latest = *s.endMs;
                current = i;
            }
        }
        if (current < 0)
            return {};
    }

    QList<int> path{current};
    // The bound is only a guard: every step goes back (see below).
    while (path.size() <= spans.size()) {
        const Span &span = spans.at(current);
        const int taskIndex = scenario.taskIndex(span.task);
        const QStringList needs = taskIndex >= 0 ? scenario.tasks.at(taskIndex).needs : QStringList();
        int best = -1;
        bool bestIsNeed = false;
        for (int i = 0; i < spans.size(); ++i) {
            const Span &other = spans.at(i);
            if (i == current || !other.endMs || std::abs(*other.endMs - span.startMs) > kSameMs)
                continue;
            // A span that started later, or with this one but after it, did not cause it
            // (spans are in start order): so each step goes back, and the walk ends.
            if (other.startMs > span.startMs + kSameMs
                || (std::abs(other.startMs - span.startMs) <= kSameMs && i > current))
                continue;
            const bool isNeed = needs.contains(other.task);
            if (best < 0 || (isNeed && !bestIsNeed)) {
                best = i;
                bestIsNeed = isNeed;
            }
        }
        if (best < 0)
            break;
        path.prepend(best);
        current = best;
    }
    return path;
}

} // namespace asyncscope
