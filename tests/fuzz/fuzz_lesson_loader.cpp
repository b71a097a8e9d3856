// libFuzzer target: a fixed, valid scenario whose "lesson" is the fuzzed
// bytes. The bytes are spliced in as text (so malformed JSON reaches the
// loader's error reporting too) and, when they parse as an object, also given
// to parseLesson() directly.

#include "lesson.h"
#include "scenario.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace asyncscope;
    static const QByteArray head = QByteArrayLiteral(
        "{\"format\": \"asyncscope-scenario/1\", \"name\": \"fuzz\",\n"
        " \"tasks\": [{\"id\": \"a\", \"latency_ms\": 100}, {\"id\": \"b\", \"latency_ms\": 200, \"fails\": true}],\n"
        " \"plans\": [{\"name\": \"sequential\", \"run\": \"seq(a, b)\"},\n"
        "           {\"name\": \"parallel\", \"run\": \"all(a, b)\"}],\n"
        " \"lesson\": ");
    const QByteArray lesson(reinterpret_cast<const char *>(data), qsizetype(size));
    const LoadResult result = loadScenario(head + lesson + QByteArrayLiteral("}\n"), QStringLiteral("fuzz.json"));
    if (!result.ok() && (result.error.isEmpty() || result.error.contains(QLatin1Char('\n'))))
        std::abort();

    const QJsonDocument document = QJsonDocument::fromJson(lesson);
    if (document.isObject()) {
        const LessonParseResult parsed = parseLesson(document.object(),
                                                     {QStringLiteral("sequential"), QStringLiteral("parallel")},
                                                     {QStringLiteral("a"), QStringLiteral("b")});
        if (!parsed.ok() && parsed.error.contains(QLatin1Char('\n')))
            std::abort();
    }
    return 0;
}
