// libFuzzer target: importTraceData() (Chrome trace / HAR) and looksLikeTrace()
// on arbitrary bytes. A refusal is one non-empty line; nothing crashes, hangs
// or trips a sanitizer.

#include "trace_import.h"

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
    return 0;
}
