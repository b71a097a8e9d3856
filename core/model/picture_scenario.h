#pragma once

// Pictures that carry their scenario. Every exported PNG, SVG and PDF embeds
// the scenario that made it, with what the picture showed (seed, plans, the
// time of --at, theme, width, title), as one JSON "envelope":
//
//   {"format": "asyncscope-picture/1", "scenario": {...scenario file...},
//    "seed": 1, "plans": ["parallel"], "at_ms": 300, "theme": "dark", ...}
//
// PNG: an uncompressed iTXt chunk with keyword "asyncscope-scenario" before
// IEND (the pixels are untouched). SVG: <metadata><asyncscope:scenario> after
// the opening <svg> tag. PDF: the document's XMP packet, property
// asyncscope:scenario. Reading is strict and bounded: the envelope goes through
// the same loader and limits as a scenario file (loadScenario), and nothing
// else of the picture is interpreted.

#include "scenario.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>

namespace asyncscope {

// What the picture showed besides the scenario; restored with it.
struct PictureView
{
    quint64 seed = 1;
    QStringList plans;             // empty: every plan
    std::optional<double> atMs;    // the state at that time; empty: the final state
    QString theme;                 // "light" | "dark" | "print"; empty: not said
    int width = 0;                 // logical pixels; 0: not said
    int scale = 0;                 // PNG pixel ratio; 0: not said
    QString title;                 // empty: the scenario's name
};

enum class PictureKind { Png, Svg, Pdf };

inline constexpr char kPictureFormat[] = "asyncscope-picture/1";
inline constexpr char kPngScenarioKeyword[] = "asyncscope-scenario";
inline constexpr char kPictureNamespace[] = "https://asyncscope.invalid/ns/picture/1";

// The envelope: the scenario (Scenario::toJson) and the view, compact JSON
// with sorted keys, so the same picture embeds the same bytes.
QByteArray pictureEnvelope(const Scenario &scenario, const PictureView &view);

// The file's bytes with the envelope embedded; the picture itself unchanged.
QByteArray withPngEnvelope(const QByteArray &png, const QByteArray &envelope);
QByteArray withSvgEnvelope(const QByteArray &svg, const QByteArray &envelope);
// A complete XMP packet (title, creator and the envelope) for QPdfWriter::setDocumentXmpMetadata.
QByteArray xmpPacketWithEnvelope(const QByteArray &envelope, const QString &title);

// PNG, SVG or PDF by their first bytes; empty for anything else.
std::optional<PictureKind> pictureKind(const QByteArray &bytes);
// A path (not "-" or example:) whose content is a PNG, SVG or PDF.
bool isPictureFile(const QString &fileArgument);

struct PictureLoad
{
    LoadResult loaded;             // the scenario, or one line saying why not
    PictureView view;
    bool ok() const { return loaded.ok(); }
};

// Finds the envelope in a picture's bytes and loads its scenario strictly.
// `displayName` names the file in messages: "slide.png: this PNG image has no
// embedded asyncscope scenario (it was not exported by asyncscope)".
PictureLoad loadPicture(const QByteArray &bytes, const QString &displayName);
PictureLoad loadPictureFile(const QString &path);
// The envelope alone (what the clipboard carries as kScenarioMimeType);
// `where` names it in messages.
PictureLoad loadPictureEnvelope(const QByteArray &envelopeJson, const QString &where);

// The clipboard's type for an envelope, the same as the scenario files' MIME
// type (resources/desktop/asyncscope-mime.xml).
inline constexpr char kScenarioMimeType[] = "application/x-asyncscope-scenario";

} // namespace asyncscope
