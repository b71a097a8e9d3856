#include "picture_scenario.h"

#include "json_reader.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QXmlStreamReader>

#include <array>
#include <cmath>

namespace asyncscope {

namespace {

// Pictures are read whole; a slide image is far below this, and a scenario
// inside it is held to kMaxScenarioBytes like any scenario file.
constexpr qint64 kMaxPictureBytes = 256 * 1024 * 1024;
constexpr double kMaxExactSeed = 9007199254740992.0; // 2^53: larger seeds are written as text

const QByteArray kPngSignature("\x89PNG\r\n\x1a\n", 8);

quint32 crc32(const QByteArray &bytes)
{
    // PNG's CRC (ISO 3309), table-driven; QtCore has only CRC-16 (qChecksum).
    static const std::array<quint32, 256> table = [] {
        std::array<quint32, 256> t{};
        for (quint32 n = 0; n < 256; ++n) {
            quint32 c = n;
            for (int k = 0; k < 8; ++k)
                c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
            t[n] = c;
        }
        return t;
    }();
    quint32 c = 0xffffffffu;
    for (const char byte : bytes)
        c = table[(c ^ quint8(byte)) & 0xff] ^ (c >> 8);
    return c ^ 0xffffffffu;
}

quint32 readBigEndian32(const QByteArray &bytes, qsizetype at)
{
    return (quint32(quint8(bytes[at])) << 24) | (quint32(quint8(bytes[at + 1])) << 16)
           | (quint32(quint8(bytes[at + 2])) << 8) | quint32(quint8(bytes[at + 3]));
}

QByteArray bigEndian32(quint32 value)
{
    QByteArray out(4, '\0');
    for (int i = 0; i < 4; ++i)
        out[i] = char((value >> (24 - 8 * i)) & 0xff);
    return out;
}

QString kindName(PictureKind kind)
{
    switch (kind) {
    case PictureKind::Png: return QStringLiteral("PNG");
    case PictureKind::Svg: return QStringLiteral("SVG");
    case PictureKind::Pdf: return QStringLiteral("PDF");
    }
    return {};
}

struct Found
{
    std::optional<QByteArray> envelope;
    QString problem; // set when the picture is damaged, not merely without a scenario
};

Found findInPng(const QByteArray &png)
{
    qsizetype at = kPngSignature.size();
    while (at + 12 <= png.size()) {
        const quint32 length = readBigEndian32(png, at);
        if (length > quint32(png.size() - at - 12))
            return {std::nullopt, QStringLiteral("the PNG image is cut short or damaged")};
        const QByteArray type = png.mid(at + 4, 4);
        if (type == "iTXt") {
            const QByteArray data = png.mid(at + 8, length);
            const qsizetype keywordEnd = data.indexOf('\0');
            if (keywordEnd >= 0 && data.left(keywordEnd) == kPngScenarioKeyword) {
                if (crc32(png.mid(at + 4, 4 + length)) != readBigEndian32(png, at + 8 + length))
                    return {std::nullopt, QStringLiteral("its asyncscope scenario chunk is damaged (CRC mismatch)")};
                // keyword \0, compression flag, compression method, language \0, translated keyword \0, text
                qsizetype p = keywordEnd + 1;
                if (p + 2 > data.size())
                    return {std::nullopt, QStringLiteral("its asyncscope scenario chunk is damaged")};
                if (data[p] != '\0')
                    return {std::nullopt, QStringLiteral("its asyncscope scenario chunk is compressed, which asyncscope never writes")};
                p += 2;
                for (int field = 0; field < 2; ++field) {
                    const qsizetype end = data.indexOf('\0', p);
                    if (end < 0)
                        return {std::nullopt, QStringLiteral("its asyncscope scenario chunk is damaged")};
                    p = end + 1;
                }
                return {data.mid(p), {}};
            }
        }
        if (type == "IEND")
            break;
        at += 12 + qsizetype(length);
    }
    return {};
}

// The text of the first <asyncscope:scenario> element in XML (an SVG, or a PDF's XMP packet).
Found findInXml(const QByteArray &xml)
{
    QXmlStreamReader reader(xml);
    while (!reader.atEnd()) {
        if (reader.readNext() == QXmlStreamReader::StartElement
            && reader.namespaceUri() == QLatin1String(kPictureNamespace) && reader.name() == QLatin1String("scenario")) {
            const QString text = reader.readElementText();
            if (reader.hasError())
                break;
            return {text.toUtf8(), {}};
        }
    }
    if (reader.hasError() && reader.error() != QXmlStreamReader::PrematureEndOfDocumentError)
        return {std::nullopt, QStringLiteral("its XML is not well-formed (%1 at line %2)")
                                  .arg(reader.errorString())
                                  .arg(reader.lineNumber())};
    return {};
}

Found findInPdf(const QByteArray &pdf)
{
    // The XMP packet is an uncompressed metadata stream (ISO 16684-1): find it as text.
    const qsizetype begin = pdf.indexOf("<x:xmpmeta");
    if (begin < 0)
        return {};
    const QByteArray closing("</x:xmpmeta>");
    const qsizetype end = pdf.indexOf(closing, begin);
    if (end < 0)
        return {std::nullopt, QStringLiteral("its XMP metadata is cut short")};
    return findInXml(pdf.mid(begin, end + closing.size() - begin));
}

QString xmlText(const QByteArray &utf8)
{
    return QString::fromUtf8(utf8).toHtmlEscaped();
}

PictureLoad failure(QString message)
{
    PictureLoad result;
    // One line, whatever the picture's names hold.
    message.replace(u'\n', QStringLiteral("\\n")).replace(u'\r', QStringLiteral("\\r"));
    result.loaded.error = message;
    return result;
}

} // namespace

QByteArray pictureEnvelope(const Scenario &scenario, const PictureView &view)
{
    QJsonObject envelope;
    envelope.insert(QLatin1String("format"), QLatin1String(kPictureFormat));
    envelope.insert(QLatin1String("scenario"), scenario.toJson());
    if (double(view.seed) <= kMaxExactSeed)
        envelope.insert(QLatin1String("seed"), double(view.seed));
    else
        envelope.insert(QLatin1String("seed"), QString::number(view.seed));
    if (!view.plans.isEmpty())
        envelope.insert(QLatin1String("plans"), QJsonArray::fromStringList(view.plans));
    if (view.atMs)
        envelope.insert(QLatin1String("at_ms"), *view.atMs);
    if (!view.theme.isEmpty())
        envelope.insert(QLatin1String("theme"), view.theme);
    if (view.width > 0)
        envelope.insert(QLatin1String("width"), view.width);
    if (view.scale > 0)
        envelope.insert(QLatin1String("scale"), view.scale);
    if (!view.title.isEmpty())
        envelope.insert(QLatin1String("title"), view.title);
    return QJsonDocument(envelope).toJson(QJsonDocument::Compact);
}

QByteArray withPngEnvelope(const QByteArray &png, const QByteArray &envelope)
{
    // Uncompressed (flag 0), no language, no translated keyword: readable by any
    // PNG tool (`exiftool`, `pngcheck -t`), and no inflate on the way back in.
    // keyword, then five zero bytes: its terminator, compression flag and method,
    // the empty language tag's and translated keyword's terminators.
    const QByteArray body = QByteArray("iTXt") + kPngScenarioKeyword + QByteArray(5, '\0') + envelope;
    const QByteArray chunk = bigEndian32(quint32(body.size() - 4)) + body + bigEndian32(crc32(body));
    const qsizetype iend = png.lastIndexOf("IEND");
    if (!png.startsWith(kPngSignature) || iend < 12)
        return png;
    QByteArray out = png;
    out.insert(iend - 4, chunk);
    return out;
}

QByteArray withSvgEnvelope(const QByteArray &svg, const QByteArray &envelope)
{
    const qsizetype open = svg.indexOf("<svg");
    const qsizetype close = open < 0 ? -1 : svg.indexOf('>', open);
    if (close < 0)
        return svg;
    const QByteArray metadata = QStringLiteral("\n<metadata><asyncscope:scenario xmlns:asyncscope=\"%1\">%2"
                                               "</asyncscope:scenario></metadata>")
                                    .arg(QLatin1String(kPictureNamespace), xmlText(envelope))
                                    .toUtf8();
    QByteArray out = svg;
    out.insert(close + 1, metadata);
    return out;
}

QByteArray xmpPacketWithEnvelope(const QByteArray &envelope, const QString &title)
{
    return QStringLiteral(
               "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
               "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
               " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
               "  <rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
               "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmlns:asyncscope=\"%1\">\n"
               "   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">%2</rdf:li></rdf:Alt></dc:title>\n"
               "   <xmp:CreatorTool>asyncscope</xmp:CreatorTool>\n"
               "   <asyncscope:scenario>%3</asyncscope:scenario>\n"
               "  </rdf:Description>\n"
               " </rdf:RDF>\n"
               "</x:xmpmeta>\n"
               "<?xpacket end=\"w\"?>")
        .arg(QLatin1String(kPictureNamespace), title.toHtmlEscaped(), xmlText(envelope))
        .toUtf8();
}

std::optional<PictureKind> pictureKind(const QByteArray &bytes)
{
    if (bytes.startsWith(kPngSignature))
        return PictureKind::Png;
    if (bytes.startsWith("%PDF-"))
        return PictureKind::Pdf;
    // An SVG is XML whose root is <svg>: look at the start only, past a prolog.
    const QByteArray head = bytes.left(4096);
    const qsizetype svg = head.indexOf("<svg");
    if (svg >= 0 && (head.trimmed().startsWith("<?xml") || head.trimmed().startsWith("<svg")
                     || head.trimmed().startsWith("<!--") || head.trimmed().startsWith("<!DOCTYPE svg")))
        return PictureKind::Svg;
    return std::nullopt;
}

bool isPictureFile(const QString &fileArgument)
{
    if (fileArgument == QLatin1String("-") || fileArgument.startsWith(QLatin1String("example:")))
        return false;
    QFile file(fileArgument);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    return pictureKind(file.read(4096)).has_value();
}

PictureLoad loadPicture(const QByteArray &bytes, const QString &displayName)
{
    const std::optional<PictureKind> kind = pictureKind(bytes);
    if (!kind)
        return failure(QStringLiteral("%1: not a PNG, SVG or PDF picture").arg(displayName));
    Found found;
    switch (*kind) {
    case PictureKind::Png: found = findInPng(bytes); break;
    case PictureKind::Svg: found = findInXml(bytes); break;
    case PictureKind::Pdf: found = findInPdf(bytes); break;
    }
    if (!found.problem.isEmpty())
        return failure(QStringLiteral("%1: %2").arg(displayName, found.problem));
    if (!found.envelope)
        return failure(QStringLiteral("%1: this %2 picture has no embedded asyncscope scenario "
                                      "(only pictures exported by asyncscope carry one)")
                           .arg(displayName, kindName(*kind)));
    return loadPictureEnvelope(*found.envelope, QStringLiteral("%1 (embedded scenario)").arg(displayName));
}

PictureLoad loadPictureEnvelope(const QByteArray &envelopeJson, const QString &where)
{
    if (envelopeJson.size() > kMaxScenarioBytes)
        return failure(QStringLiteral("%1: larger than the %2 MB limit of a scenario")
                           .arg(where)
                           .arg(kMaxScenarioBytes / (1024 * 1024)));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(envelopeJson, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return failure(QStringLiteral("%1: not valid JSON").arg(where));
    const QJsonObject envelope = document.object();
    static const QStringList known{QStringLiteral("format"), QStringLiteral("scenario"), QStringLiteral("seed"),
                                   QStringLiteral("plans"),  QStringLiteral("at_ms"),    QStringLiteral("theme"),
                                   QStringLiteral("width"),  QStringLiteral("scale"),    QStringLiteral("title")};
    for (auto it = envelope.constBegin(); it != envelope.constEnd(); ++it) {
        if (!known.contains(it.key()))
            return failure(QStringLiteral("%1: unknown field %2").arg(where, quotedForMessage(it.key())));
    }
    if (envelope.value(QLatin1String("format")).toString() != QLatin1String(kPictureFormat))
        return failure(QStringLiteral("%1: format: expected \"%2\"").arg(where, QLatin1String(kPictureFormat)));
    if (!envelope.value(QLatin1String("scenario")).isObject())
        return failure(QStringLiteral("%1: scenario: missing (an object)").arg(where));

    PictureLoad result;
    PictureView &view = result.view;
    const QJsonValue seed = envelope.value(QLatin1String("seed"));
    if (seed.isDouble()) {
        const double s = seed.toDouble();
        if (!(s >= 0 && s <= kMaxExactSeed && s == std::floor(s)))
            return failure(QStringLiteral("%1: seed: must be a whole number >= 0").arg(where));
        view.seed = quint64(s);
    } else if (seed.isString()) {
        bool ok = false;
        view.seed = seed.toString().toULongLong(&ok);
        if (!ok)
            return failure(QStringLiteral("%1: seed: must be a whole number >= 0").arg(where));
    } else if (!seed.isUndefined()) {
        return failure(QStringLiteral("%1: seed: must be a whole number >= 0").arg(where));
    }
    const QJsonValue plans = envelope.value(QLatin1String("plans"));
    if (!plans.isUndefined()) {
        if (!plans.isArray())
            return failure(QStringLiteral("%1: plans: must be an array of plan names").arg(where));
        for (const QJsonValue &plan : plans.toArray()) {
            if (!plan.isString())
                return failure(QStringLiteral("%1: plans: must be an array of plan names").arg(where));
            view.plans << plan.toString();
        }
    }
    const QJsonValue at = envelope.value(QLatin1String("at_ms"));
    if (!at.isUndefined()) {
        if (!at.isDouble() || !(at.toDouble() >= 0 && at.toDouble() <= kMaxLatencyMs * 1000))
            return failure(QStringLiteral("%1: at_ms: must be a time in ms >= 0").arg(where));
        view.atMs = at.toDouble();
    }
    const auto optionalInt = [&](const char *key, int max, int *out) -> bool {
        const QJsonValue value = envelope.value(QLatin1String(key));
        if (value.isUndefined())
            return true;
        const double d = value.toDouble(-1);
        if (!value.isDouble() || d < 1 || d > max || d != std::floor(d))
            return false;
        *out = int(d);
        return true;
    };
    if (!optionalInt("width", 100000, &view.width))
        return failure(QStringLiteral("%1: width: must be a whole number of pixels").arg(where));
    if (!optionalInt("scale", 3, &view.scale))
        return failure(QStringLiteral("%1: scale: must be 1, 2 or 3").arg(where));
    view.theme = envelope.value(QLatin1String("theme")).toString();
    view.title = envelope.value(QLatin1String("title")).toString();

    const QByteArray scenarioJson = QJsonDocument(envelope.value(QLatin1String("scenario")).toObject()).toJson();
    result.loaded = loadScenario(scenarioJson, where);
    if (result.ok()) {
        for (const QString &plan : std::as_const(view.plans)) {
            if (!result.loaded.scenario->planByName(plan))
                return failure(QStringLiteral("%1: plans: no plan %2 in the scenario").arg(where, quotedForMessage(plan)));
        }
    }
    return result;
}

PictureLoad loadPictureFile(const QString &path)
{
    const QString &displayName = path;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return failure(QStringLiteral("%1: cannot open: %2").arg(displayName, file.errorString()));
    if (file.size() > kMaxPictureBytes)
        return failure(QStringLiteral("%1: file is %2 MB; a picture may be at most %3 MB")
                           .arg(displayName)
                           .arg(file.size() / (1024 * 1024))
                           .arg(kMaxPictureBytes / (1024 * 1024)));
    return loadPicture(file.readAll(), path);
}

} // namespace asyncscope
