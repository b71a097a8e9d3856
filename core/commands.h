#pragma once

// The command-line verbs (SPEC §3). app/main.cpp creates the right kind of
// application object and hands over; each verb lives next to what it drives.
// Every function returns the process exit code: 0 ok, 2 bad input or usage,
// 3 a real network run could not start.

#include <QStringList>

namespace asyncscope {

enum ExitCode { ExitOk = 0, ExitFailure = 1, ExitBadInput = 2, ExitNetwork = 3 };

// `asyncscope run FILE ...` (core/run_command.cpp). `args` excludes "run".
int runCommand(const QStringList &args);
// `asyncscope examples` (core/run_command.cpp).
int examplesCommand(const QStringList &args);

} // namespace asyncscope
