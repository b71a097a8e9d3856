#pragma once

// A cycle in the tasks' `needs`, for an editor that must refuse one at once
// and say which it is (the loader refuses it too, see scenario_tasks.cpp).

#include "scenario.h"

#include <QStringList>

namespace asyncscope {

// The ids around the first cycle found, the first repeated at the end
// ("a", "b", "a"); empty when there is none. Needs naming unknown ids are ignored.
QStringList findNeedsCycle(const QList<TaskSpec> &tasks);

// "a → b → a"
QString describeNeedsCycle(const QStringList &cycle);

} // namespace asyncscope
