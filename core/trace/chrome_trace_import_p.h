#pragma once

// The Chrome Trace Event Format importer (trace_import.h). Private to
// asyncscope_trace.

#include "trace.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QString>

#include <optional>

namespace asyncscope::trace_import {

// The reference path: the whole document parsed, every event checked with its
// JSON path in the message. Throws JsonReadError.
RunTrace readChromeTrace(const QJsonDocument &document, const QString &fileName);

// The fast path for large files, without a QJsonDocument; nullopt when
// anything is unexpected, and the caller takes the reference path to say what.
std::optional<RunTrace> scanChromeTrace(const QByteArray &data, const QString &fileName);

} // namespace asyncscope::trace_import
