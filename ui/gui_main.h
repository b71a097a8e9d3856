#pragma once

#include <QStringList>

namespace asyncscope {
// Opens the main window on FILE (args[0]) or example:profile; runs the event loop.
int runGui(const QStringList &args);
} // namespace asyncscope
