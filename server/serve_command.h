#pragma once

#include <QStringList>

namespace asyncscope {
// `asyncscope serve [--port N]` (server/serve_command.cpp): the latency server in the foreground.
int serveCommand(const QStringList &args);
} // namespace asyncscope
