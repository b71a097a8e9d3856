#include "dependency_graph.h"

#include "scenario.h"

#include <algorithm>
#include <functional>
#include <vector>

namespace asyncscope {

DependencyGraph dependencyGraph(const Scenario &scenario)
{
    const int taskCount = int(scenario.tasks.size());
    DependencyGraph graph;
    std::vector<QList<int>> needsOf(static_cast<std::size_t>(taskCount));
    for (int t = 0; t < taskCount; ++t) {
        for (const QString &need : scenario.tasks.at(t).needs) {
            const int n = scenario.taskIndex(need);
            if (n < 0 || n == t || needsOf[std::size_t(t)].contains(n))
                continue;
            needsOf[std::size_t(t)].append(n);
            graph.edges.append(DependencyEdge{n, t});
        }
    }

    enum class Mark { None, Visiting, Done };
    std::vector<Mark> mark(static_cast<std::size_t>(taskCount), Mark::None);
    std::vector<int> levelOf(static_cast<std::size_t>(taskCount), 0);
    std::function<int(int)> level = [&](int t) -> int {
        Mark &m = mark[std::size_t(t)];
        if (m == Mark::Done)
            return levelOf[std::size_t(t)];
        if (m == Mark::Visiting)
            return -1; // a cycle: the need that closes it does not count
        m = Mark::Visiting;
        int result = 0;
        for (int n : needsOf[std::size_t(t)])
            result = std::max(result, level(n) + 1);
        levelOf[std::size_t(t)] = result;
        m = Mark::Done;
        return result;
    };

    for (int t = 0; t < taskCount; ++t) {
        const int l = level(t);
        if (l >= graph.levelWidths.size())
            graph.levelWidths.resize(l + 1, 0);
        graph.nodes.append(DependencyNode{t, l, graph.levelWidths.at(l)});
        ++graph.levelWidths[l];
    }
    return graph;
}

} // namespace asyncscope
