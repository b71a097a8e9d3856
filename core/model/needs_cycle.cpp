#include "needs_cycle.h"

#include <QHash>

#include <vector>

namespace asyncscope {

QStringList findNeedsCycle(const QList<TaskSpec> &tasks)
{
    QHash<QString, int> indexById;
    for (qsizetype i = 0; i < tasks.size(); ++i)
        indexById.insert(tasks.at(i).id, int(i));

    enum class Mark { Unvisited, OnPath, Done };
    std::vector<Mark> marks(size_t(tasks.size()), Mark::Unvisited);
    struct Frame { int task; qsizetype nextNeed; };
    // Iterative, so a chain of thousands of needs cannot overflow the stack.
    for (int root = 0; root < tasks.size(); ++root) {
        if (marks[size_t(root)] != Mark::Unvisited)
            continue;
        std::vector<Frame> path{{root, 0}};
        marks[size_t(root)] = Mark::OnPath;
        while (!path.empty()) {
            Frame &frame = path.back();
            const QStringList &needs = tasks.at(frame.task).needs;
            if (frame.nextNeed >= needs.size()) {
                marks[size_t(frame.task)] = Mark::Done;
                path.pop_back();
                continue;
            }
            const int need = indexById.value(needs.at(frame.nextNeed++), -1);
            if (need < 0 || marks[size_t(need)] == Mark::Done)
                continue;
            if (marks[size_t(need)] == Mark::OnPath) {
                QStringList cycle;
                bool inCycle = false;
                for (const Frame &each : path) {
                    inCycle = inCycle || each.task == need;
                    if (inCycle)
                        cycle << tasks.at(each.task).id;
                }
                cycle << tasks.at(need).id;
                return cycle;
            }
            marks[size_t(need)] = Mark::OnPath;
            path.push_back({need, 0});
        }
    }
    return {};
}

QString describeNeedsCycle(const QStringList &cycle)
{
    return cycle.join(QStringLiteral(" → "));
}

} // namespace asyncscope
