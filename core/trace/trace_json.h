#pragma once

// The run's JSON forms (SPEC §3): the trace object of `run --format json`
// (keys in the SPEC's order, one span per line, so goldens diff well), the
// Trace Event Format that Perfetto and chrome://tracing open, and a reader of
// the first one for tests and tools.

#include "trace.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace asyncscope {

// One JSON value in compact form, as JavaScript would print it (integers without ".0").
QByteArray compactJson(const QJsonValue &value);

QByteArray toTraceJson(const RunTrace &trace);
QByteArray toChromeTrace(const RunTrace &trace);

// Reads what toTraceJson() wrote. Span results are not in that format, so they stay undefined.
std::optional<RunTrace> fromTraceJson(const QByteArray &json, QString *error = nullptr);

} // namespace asyncscope
