#pragma once

// A scenario's tasks as a dependency graph by their `needs`, in levels: a
// task's level is the longest chain of needs below it (roots are level 0), so
// the number of levels is the fewest sequential steps the tasks can be run in
// (the tutorial's buildOrder: {A, B}, then {C, D}, then E is "3 steps"), which
// is exactly how levels(...) runs them. Plain data for the graph view.

#include <QList>

namespace asyncscope {

struct Scenario;

struct DependencyNode
{
    int task = 0;           // index into Scenario::tasks
    int level = 0;          // 0 for a task that needs nothing
    int slot = 0;           // its place within the level, in scenario order
};

struct DependencyEdge
{
    int need = 0;           // task indices: `dependent` needs `need`
    int dependent = 0;
    bool operator==(const DependencyEdge &) const = default;
};

struct DependencyGraph
{
    QList<DependencyNode> nodes;  // one per task, in scenario order
    QList<DependencyEdge> edges;  // in scenario order of the dependents, then of their needs
    QList<int> levelWidths;       // how many tasks each level holds
    int levelCount() const { return int(levelWidths.size()); }
    bool hasNeeds() const { return !edges.isEmpty(); }
};

// Needs naming unknown tasks are ignored, and a cycle (the loader refuses one,
// an editor may hold one for a moment) stops counting at the task that closes it.
DependencyGraph dependencyGraph(const Scenario &scenario);

} // namespace asyncscope
