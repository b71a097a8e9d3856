#include "json_reader.h"

#include "edit_distance.h"
#include "json_messages.h"
#include "json_syntax_error.h"

#include <algorithm>
#include <cmath>

namespace asyncscope {

namespace {

// The one-line rule, enforced where every message is made: loaders quote the
// file's text with quotedForMessage(), and whatever slips through unquoted
// still cannot break the line.
QString oneLine(QString text)
{
    return text.replace(u'\n', QStringLiteral("\\n")).replace(u'\r', QStringLiteral("\\r"));
}

} // namespace

JsonPath::JsonPath(QString parent, QString field, qsizetype index)
    : m_parent(std::move(parent)), m_field(std::move(field)), m_index(index)
{
}

JsonPath JsonPath::field(const QString &name) const
{
    return JsonPath(toString(), name, -1);
}

JsonPath JsonPath::index(qsizetype index) const
{
    return JsonPath(toString(), QString(), index);
}

QString JsonPath::toString() const
{
    if (m_index >= 0)
        return m_parent + u'[' + QString::number(m_index) + u']';
    if (m_field.isEmpty())
        return m_parent;
    return m_parent.isEmpty() ? m_field : m_parent + u'.' + m_field;
}

JsonReadError::JsonReadError(const QString &path, const QString &problem) : m_path(path), m_problem(problem) { }

JsonReadError JsonReadError::atOffset(const QByteArray &json, qsizetype offset, const QString &problem)
{
    JsonReadError error(QString(), problem);
    error.m_position = textPositionAt(json, offset);
    return error;
}

QString JsonReadError::message(const QString &displayName) const
{
    if (m_position)
        return QStringLiteral("%1:%2:%3: %4")
            .arg(displayName, QString::number(m_position->line), QString::number(m_position->column), oneLine(m_problem));
    return QStringLiteral("%1: %2").arg(displayName, messageWithoutFile());
}

QString JsonReadError::messageWithoutFile() const
{
    if (m_position)
        return QStringLiteral("%1:%2: %3").arg(m_position->line).arg(m_position->column).arg(oneLine(m_problem));
    if (m_path.isEmpty())
        return oneLine(m_problem);
    return oneLine(m_path + QStringLiteral(": ") + m_problem);
}

JsonReadError jsonSyntaxError(const QByteArray &json, const QJsonParseError &error)
{
    qsizetype offset = error.offset;
    const QString problem = describeJsonSyntaxError(json, error, offset);
    return JsonReadError::atOffset(json, offset, problem);
}

QString quotedForMessage(const QString &text)
{
    return describeJsonValue(QJsonValue(text));
}

void JsonValueAt::fail(const QString &problem) const
{
    throw JsonReadError(m_path.toString(), problem);
}

void JsonValueAt::failExpected(QStringView expected) const
{
    fail(QStringLiteral("must be %1, got %2").arg(expected, describeJsonValue(m_value)));
}

const JsonValueAt &JsonValueAt::require(QStringView what) const
{
    if (isMissing())
        fail(QStringLiteral("missing (%1)").arg(what));
    return *this;
}

QString JsonValueAt::toString(TextRule rule, QStringView expected) const
{
    if (!m_value.isString())
        failExpected(expected);
    QString text = m_value.toString();
    if ((rule == TextRule::NotEmpty && text.isEmpty()) || (rule == TextRule::NotBlank && text.trimmed().isEmpty()))
        fail(QStringLiteral("must not be empty"));
    return text;
}

bool JsonValueAt::toBool(QStringView expected) const
{
    if (!m_value.isBool())
        failExpected(expected);
    return m_value.toBool();
}

double JsonValueAt::toNumber(QStringView expected, NumberRange range) const
{
    if (!m_value.isDouble())
        failExpected(expected);
    const double number = m_value.toDouble();
    if (!std::isfinite(number) || number < range.minimum || (range.minimumExcluded && number == range.minimum)
        || number > range.maximum)
        failExpected(expected);
    return number;
}

int JsonValueAt::toInteger(QStringView expected, NumberRange range) const
{
    range.minimum = std::max(range.minimum, double(std::numeric_limits<int>::min()));
    range.maximum = std::min(range.maximum, double(std::numeric_limits<int>::max()));
    const double number = toNumber(expected, range);
    if (number != std::floor(number))
        failExpected(expected);
    return int(number);
}

JsonObjectAt JsonValueAt::toObject(QStringView expected) const
{
    if (!m_value.isObject())
        failExpected(expected);
    return JsonObjectAt(m_value.toObject(), m_path);
}

JsonArrayAt JsonValueAt::toArray(QStringView expected, ArrayRule rule) const
{
    if (!m_value.isArray())
        failExpected(expected);
    JsonArrayAt array(m_value.toArray(), m_path);
    if (rule == ArrayRule::NotEmpty && array.isEmpty())
        fail(QStringLiteral("must be %1, got an empty array").arg(expected));
    return array;
}

JsonObjectAt::JsonObjectAt(QJsonObject object, const JsonPath &path)
    : m_object(std::move(object)), m_pathText(path.toString())
{
}

JsonValueAt JsonObjectAt::field(const QString &name) const
{
    return JsonValueAt(m_object.value(name), JsonPath(m_pathText, name, -1));
}

void JsonObjectAt::fail(const QString &problem) const
{
    throw JsonReadError(m_pathText, problem);
}

void JsonObjectAt::checkKnownFields(const QStringList &known) const
{
    for (auto it = m_object.constBegin(); it != m_object.constEnd(); ++it) {
        if (!known.contains(it.key()))
            fail(QStringLiteral("unknown field %1%2").arg(quotedForMessage(it.key()), didYouMean(it.key(), known)));
    }
}

QString JsonObjectAt::requiredString(const QString &name, TextRule rule) const
{
    return field(name).require(u"a string").toString(rule);
}

QString JsonObjectAt::optionalString(const QString &name) const
{
    const JsonValueAt value = field(name);
    return value.isMissing() ? QString() : value.toString();
}

JsonObjectAt JsonObjectAt::requiredObject(const QString &name) const
{
    return field(name).require(u"an object").toObject();
}

JsonArrayAt JsonObjectAt::requiredArray(const QString &name, QStringView expected, ArrayRule rule) const
{
    return field(name).require(expected).toArray(expected, rule);
}

JsonArrayAt::JsonArrayAt(QJsonArray array, const JsonPath &path) : m_array(std::move(array)), m_pathText(path.toString())
{
}

JsonValueAt JsonArrayAt::at(qsizetype index) const
{
    return JsonValueAt(m_array.at(index), JsonPath(m_pathText, QString(), index));
}

void JsonArrayAt::fail(const QString &problem) const
{
    throw JsonReadError(m_pathText, problem);
}

} // namespace asyncscope
