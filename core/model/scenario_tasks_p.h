#pragma once

// The "tasks" of a scenario file (SPEC §2), for scenario.cpp: read strictly and
// written back. Private to asyncscope_model.

#include "json_reader.h"
#include "scenario.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace asyncscope {

// Every task checked: its fields, its id (valid, unique, not a combinator),
// latencies and distributions, failures, and its needs (known, not itself, not
// twice, no cycle through them). Throws JsonReadError. `indexById` receives
// each id's position in the list.
QList<TaskSpec> readScenarioTasks(const JsonValueAt &tasks, QHash<QString, int> &indexById);

// A task as the file spells it, leaving out what is the default (Scenario::toJson).
QJsonObject taskToJson(const TaskSpec &task);

} // namespace asyncscope
