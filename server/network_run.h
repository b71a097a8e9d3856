#pragma once

#include "scenario_run.h"

#include <optional>

namespace asyncscope {

// Runs the scenario's plans on the real clock: tasks with a url are real GET
// requests through QNetworkAccessManager, the others real timers; "{server}"
// starts the embedded latency server on loopback. Needs a running
// QCoreApplication (it spins its own event loop). Empty, with *error set,
// when it could not start (exit code 3).
std::optional<RunTrace> runOnNetwork(const Scenario &scenario, const RunOptions &options, QString *error);

} // namespace asyncscope
