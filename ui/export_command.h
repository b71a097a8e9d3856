#pragma once

#include <QStringList>

namespace asyncscope {
// `asyncscope export FILE --out PATH ...` (ui/export_command.cpp). `args` excludes "export".
int exportCommand(const QStringList &args);
} // namespace asyncscope
