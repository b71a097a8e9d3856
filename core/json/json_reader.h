#pragma once

// The strict reader every loader shares (scenario, lesson, trace import): a
// value is read together with its JSON path, and anything that is not what the
// format wants is thrown as one JsonReadError, so each loader catches in one
// place and every message has the same shape:
//
//   FILE:LINE:COLUMN: problem     (the text itself: syntax, encoding, a field twice)
//   FILE: PATH: problem           (a value: `plans[2].run: unknown task "usr" ...`)
//   FILE: problem                 (the file as a whole)
//
// The getters say "missing (<what>)" for an absent field and "must be <what>,
// got <value>" for a wrong one, with the value as describeJsonValue() shows it.

#include "json_text_position.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <limits>
#include <optional>
#include <utility>

namespace asyncscope {

// Where a value is: "plans[2].run", "lesson.steps[1].question.answer", "[0].ph"
// in a bare array, "" for the document itself. The last step is kept apart
// and joined only when the text is asked for, so reading a field that is fine
// builds no string.
class JsonPath
{
public:
    JsonPath() = default; // the document itself

    JsonPath field(const QString &name) const;
    JsonPath index(qsizetype index) const;

    QString toString() const;
    bool isDocument() const { return m_parent.isEmpty() && m_field.isEmpty() && m_index < 0; }

private:
    friend class JsonObjectAt;
    friend class JsonArrayAt;
    JsonPath(QString parent, QString field, qsizetype index);

    QString m_parent;     // the path up to the last step, already joined
    QString m_field;      // the last step when it is a field...
    qsizetype m_index = -1; // ... or an array index
};

// What a loader throws when its input is refused, and catches once.
class JsonReadError
{
public:
    // A value at `path` (JsonPath::toString(); empty for the file as a whole).
    JsonReadError(const QString &path, const QString &problem);
    // Something in the text: line:column of byte `offset` of `json`.
    static JsonReadError atOffset(const QByteArray &json, qsizetype offset, const QString &problem);

    // One line: "FILE:LINE:COLUMN: problem", "FILE: PATH: problem" or "FILE: problem".
    QString message(const QString &displayName) const;
    // The same without the file: "PATH: problem" or "problem" (or "LINE:COLUMN: problem").
    QString messageWithoutFile() const;

    const QString &path() const { return m_path; }
    const std::optional<TextPosition> &position() const { return m_position; }
    const QString &problem() const { return m_problem; }

private:
    QString m_path;
    std::optional<TextPosition> m_position;
    QString m_problem;
};

// What QJsonDocument::fromJson refused, named and located (json_syntax_error.h).
JsonReadError jsonSyntaxError(const QByteArray &json, const QJsonParseError &error);

// Text from the input inside a message: quoted, escaped, cut to 40 characters,
// so that a message stays one line whatever the file holds.
QString quotedForMessage(const QString &text);

// Bounds for JsonValueAt::toNumber() and toInteger(); NaN and infinities never pass.
struct NumberRange
{
    double minimum = -std::numeric_limits<double>::infinity();
    double maximum = std::numeric_limits<double>::infinity();
    bool minimumExcluded = false; // "> 0" rather than ">= 0"
};

enum class TextRule { AnyText, NotEmpty, NotBlank }; // NotBlank: not only white space either
enum class ArrayRule { AnyLength, NotEmpty };

class JsonObjectAt;
class JsonArrayAt;

// A value and where it is. Every getter throws JsonReadError.
class JsonValueAt
{
public:
    JsonValueAt(QJsonValue value, JsonPath path) : m_value(std::move(value)), m_path(std::move(path)) { }

    const QJsonValue &value() const { return m_value; }
    const JsonPath &path() const { return m_path; }
    bool isMissing() const { return m_value.isUndefined(); }

    [[noreturn]] void fail(const QString &problem) const;
    // "must be <expected>, got <the value>"
    [[noreturn]] void failExpected(QStringView expected) const;
    // "missing (<what>)" when the value is missing.
    const JsonValueAt &require(QStringView what) const;

    // The getters below take a missing value as a wrong one ("got nothing");
    // call require() first (or use JsonObjectAt's required...()) to say "missing".
    QString toString(TextRule rule = TextRule::AnyText, QStringView expected = u"a string") const;
    bool toBool(QStringView expected = u"true or false") const;
    // A finite number within `range`; anything else is "must be <expected>, got ...".
    double toNumber(QStringView expected = u"a number", NumberRange range = {}) const;
    // The same, and a whole number that fits an int.
    int toInteger(QStringView expected, NumberRange range = {}) const;
    JsonObjectAt toObject(QStringView expected = u"an object") const;
    // ArrayRule::NotEmpty refuses [] with "must be <expected>, got an empty array".
    JsonArrayAt toArray(QStringView expected = u"an array", ArrayRule rule = ArrayRule::AnyLength) const;

private:
    QJsonValue m_value;
    JsonPath m_path;
};

// An object and where it is.
class JsonObjectAt
{
public:
    JsonObjectAt(QJsonObject object, const JsonPath &path);

    const QJsonObject &object() const { return m_object; }
    bool contains(const QString &name) const { return m_object.contains(name); }

    JsonValueAt field(const QString &name) const;
    [[noreturn]] void fail(const QString &problem) const;

    // Unknown fields are refused so typos are caught: `unknown field "latncy_ms"
    // (did you mean "latency_ms"?)`, at this object's path.
    void checkKnownFields(const QStringList &known) const;

    // "missing (a string)", "must be a string, got 3", "must not be empty".
    QString requiredString(const QString &name, TextRule rule = TextRule::AnyText) const;
    // An empty string when the field is missing.
    QString optionalString(const QString &name) const;
    // "missing (an object)" / "must be an object, got ...".
    JsonObjectAt requiredObject(const QString &name) const;
    // "missing (<expected>)" / "must be <expected>, got ...".
    JsonArrayAt requiredArray(const QString &name, QStringView expected = u"an array",
                              ArrayRule rule = ArrayRule::AnyLength) const;

private:
    QJsonObject m_object;
    QString m_pathText; // joined once: the parent of every field read here
};

// An array and where it is.
class JsonArrayAt
{
public:
    JsonArrayAt(QJsonArray array, const JsonPath &path);

    const QJsonArray &array() const { return m_array; }
    qsizetype size() const { return m_array.size(); }
    bool isEmpty() const { return m_array.isEmpty(); }

    JsonValueAt at(qsizetype index) const;
    [[noreturn]] void fail(const QString &problem) const;

private:
    QJsonArray m_array;
    QString m_pathText; // joined once: the parent of every element read here
};

} // namespace asyncscope
