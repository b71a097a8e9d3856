#pragma once

// A scenario written as a file of docs/scenario-format.md: the fields in the
// documented order (format, name, description, ..., tasks, plans, lesson),
// one line per task and per plan, the lesson indented. loadScenario() reads
// it back to the same Scenario (Scenario::toJson() compares equal).

#include "scenario.h"

#include <QByteArray>

namespace asyncscope {

QByteArray scenarioFileText(const Scenario &scenario);

} // namespace asyncscope
