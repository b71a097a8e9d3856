// libFuzzer target: loadPicture() on arbitrary bytes (PNG chunks, SVG XML, a
// PDF's XMP packet). It must return a scenario or one error line, never crash,
// hang or trip a sanitizer; and a picture it accepts must give the same
// scenario again after its envelope is written into a fresh PNG and SVG.

#include "picture_scenario.h"

#include <QJsonDocument>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace asyncscope;
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const PictureLoad result = loadPicture(bytes, QStringLiteral("fuzz.png"));
    if (!result.ok()) {
        if (result.loaded.error.isEmpty() || result.loaded.error.contains(QLatin1Char('\n'))) {
            std::fprintf(stderr, "refused with an empty or multi-line message: [%s]\n", qPrintable(result.loaded.error));
            std::abort();
        }
        return 0;
    }
    const QByteArray envelope = pictureEnvelope(*result.loaded.scenario, result.view);
    static const QByteArray png = QByteArray::fromBase64(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
    static const QByteArray svg("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>\n");
    for (const QByteArray &again : {withPngEnvelope(png, envelope), withSvgEnvelope(svg, envelope)}) {
        const PictureLoad reread = loadPicture(again, QStringLiteral("again"));
        if (!reread.ok() || QJsonDocument(reread.loaded.scenario->toJson()) != QJsonDocument(result.loaded.scenario->toJson())) {
            std::fprintf(stderr, "accepted, but its own envelope does not read back: %s\n",
                         qPrintable(reread.loaded.error));
            std::abort();
        }
    }
    return 0;
}
