#pragma once

// The command-line verbs (SPEC §3). app/main.cpp creates the right kind of
// application object and hands over; each verb lives next to what it drives.
// Every function returns the process exit code: 0 ok, 2 bad input or usage,
// 3 a real network run could not start.

#include "engine.h"

#include <QStringList>

#include <functional>
#include <optional>

namespace asyncscope {

enum ExitCode { ExitOk = 0, ExitFailure = 1, ExitBadInput = 2, ExitNetwork = 3 };

// Runs a scenario on the real clock and network (server/network_run.cpp provides
// it, since the embedded latency server lives outside core). Empty when it
// could not start; then *error says why.
using NetworkRun = std::function<std::optional<RunTrace>(const Scenario &, const RunOptions &, QString *error)>;

// `asyncscope run FILE ...` (core/run_command.cpp). `args` excludes "run".
// `--network` uses `networkRun`; without one it is a usage error.
int runCommand(const QStringList &args, const NetworkRun &networkRun = {});
// `asyncscope examples` (core/run_command.cpp).
int examplesCommand(const QStringList &args);

} // namespace asyncscope
