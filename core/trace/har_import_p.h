#pragma once

// The HAR 1.2 importer (trace_import.h). Private to asyncscope_trace.

#include "trace.h"

#include <QJsonObject>
#include <QString>

namespace asyncscope::trace_import {

// `root` is the file's top-level object, with "log". Throws JsonReadError.
RunTrace readHar(const QJsonObject &root, const QString &fileName);

} // namespace asyncscope::trace_import
