// libFuzzer target: importTraceData() (Chrome trace / HAR) and looksLikeTrace()
// on arbitrary bytes, and what imports turned into a scenario
// (scenarioFromRecording). A refusal is one non-empty line; every time drawn
// lies within an hour (the scenario limits: no ruler of garbage digits);
// nothing crashes, hangs or trips a sanitizer.

#include "recording_scenario.h"
#include "trace_import.h"

#include <cmath>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace asyncscope;
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    (void)looksLikeTrace(bytes);
    QString error;
    const std::optional<RunTrace> trace = importTraceData(bytes, QStringLiteral("fuzz.json"), &error);
    if (!trace && (error.isEmpty() || error.contains(QLatin1Char('\n')))) {
        std::fprintf(stderr, "refused with an empty or multi-line message: [%s]\n", qPrintable(error));
        std::abort();
    }
    if (!trace)
        return 0;
    const auto withinAnHour = [](double ms) { return std::isfinite(ms) && std::abs(ms) <= kMaxRecordedMs; };
    for (const PlanTrace &plan : trace->plans) {
        for (const Span &span : plan.spans) {
            if (!withinAnHour(span.queuedMs) || !withinAnHour(span.startMs) || !withinAnHour(span.endOr(0))) {
                std::fprintf(stderr, "a span beyond an hour: %s %g %g\n", qPrintable(span.task), span.startMs, span.endOr(0));
                std::abort();
            }
        }
        if (plan.settledMs && !withinAnHour(*plan.settledMs)) {
            std::fprintf(stderr, "a settle point beyond an hour: %g\n", *plan.settledMs);
            std::abort();
        }
    }
    if (trace->plans.size() <= 40 && size < 200000) { // the scenario's run costs more: keep each input fast
        const std::optional<RecordingScenario> made = scenarioFromRecording(*trace, QStringLiteral("fuzz.json"), &error);
        if (!made && (error.isEmpty() || error.contains(QLatin1Char('\n')))) {
            std::fprintf(stderr, "scenario refused with an empty or multi-line message: [%s]\n", qPrintable(error));
            std::abort();
        }
    }
    return 0;
}
