// libFuzzer target: loadScenario() on arbitrary bytes. It must return a
// scenario or one error line, never crash, hang or trip a sanitizer; and a
// scenario it accepts must load again from its own toJson() (the round trip
// the editor relies on when it saves).

#include "scenario.h"

#include <QJsonDocument>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace asyncscope;
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const LoadResult result = loadScenario(bytes, QStringLiteral("fuzz.json"));
    if (!result.ok()) {
        if (result.error.isEmpty() || result.error.contains(QLatin1Char('\n'))) {
            // Every refusal is one non-empty line.
            std::fprintf(stderr, "refused with an empty or multi-line message: [%s]\n", qPrintable(result.error));
            std::abort();
        }
        return 0;
    }
    const QByteArray saved = QJsonDocument(result.scenario->toJson()).toJson();
    const LoadResult again = loadScenario(saved, QStringLiteral("saved.json"));
    if (!again.ok()) {
        // An accepted scenario must survive its own save.
        std::fprintf(stderr, "accepted, but its toJson() is refused: %s\n", qPrintable(again.error));
        std::abort();
    }
    return 0;
}
