#pragma once

// The fast path of the Chrome trace importer (trace_import.h): the events of a
// trace read straight from its bytes. Private to asyncscope_trace.

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <optional>
#include <vector>

namespace asyncscope::trace_import {

// The fields of one trace event that matter here, read either by the reference
// reader (chrome_trace_import.cpp: checked, with messages) or by the scanner.
struct TraceEvent
{
    qsizetype index = 0;
    char ph = 0;
    bool hasTs = false;
    double ts = 0;
    std::optional<double> dur;
    QString name;
    QString cat;
    QString pid;
    QString tid;
    QString id;     // async ("b"/"e") events pair up by (pid, cat, id)
    QJsonObject args;
};

// Thrown by the fast scanner when anything is not as expected: the reference
// reader then reads the file again and says what is wrong.
struct NotFastPath
{
};

// The events of the object form {"traceEvents": [...]} or the bare array form,
// and `otherData` when the object form has it. Throws NotFastPath.
void scanTraceEvents(const QByteArray &data, std::vector<TraceEvent> &events, QJsonObject &otherData);

} // namespace asyncscope::trace_import
