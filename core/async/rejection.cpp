#include "rejection.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace asyncscope {

namespace {

QByteArray describe(const QJsonValue &reason)
{
    if (reason.isString())
        return reason.toString().toUtf8();
    if (reason.isObject()) {
        const QJsonObject object = reason.toObject();
        if (object.contains(QLatin1String("name")) && object.contains(QLatin1String("message")))
            return (object.value(QLatin1String("name")).toString() + QLatin1String(": ")
                    + object.value(QLatin1String("message")).toString()).toUtf8();
        return QJsonDocument(object).toJson(QJsonDocument::Compact);
    }
    if (reason.isArray())
        return QJsonDocument(reason.toArray()).toJson(QJsonDocument::Compact);
    if (reason.isDouble())
        return QByteArray::number(reason.toDouble());
    if (reason.isBool())
        return reason.toBool() ? "true" : "false";
    if (reason.isNull())
        return "null";
    return "undefined";
}

} // namespace

Rejection::Rejection(QJsonValue reason)
    : m_reason(std::move(reason))
    , m_what(describe(m_reason))
{
}

Rejection Rejection::aggregate(const QJsonArray &errors)
{
    return Rejection(QJsonObject{{QLatin1String("name"), QLatin1String("AggregateError")},
                                 {QLatin1String("message"), QLatin1String("All promises were rejected")},
                                 {QLatin1String("errors"), errors}});
}

QJsonValue Rejection::defaultAbortReason()
{
    return QLatin1String("AbortError: This operation was aborted");
}

Rejection Rejection::abortError(const QJsonValue &reason)
{
    Rejection rejection(reason.isUndefined() || reason.isNull() ? defaultAbortReason() : reason);
    rejection.m_abort = true;
    return rejection;
}

bool Rejection::isAggregate() const
{
    return m_reason.isObject()
           && m_reason.toObject().value(QLatin1String("name")).toString() == QLatin1String("AggregateError");
}

QJsonArray Rejection::errors() const
{
    return isAggregate() ? m_reason.toObject().value(QLatin1String("errors")).toArray() : QJsonArray();
}

void Rejection::raise() const
{
    throw *this;
}

Rejection *Rejection::clone() const
{
    return new Rejection(*this);
}

const char *Rejection::what() const noexcept
{
    return m_what.constData();
}

Rejection toRejection(std::exception_ptr error)
{
    if (!error)
        return Rejection::abortError();
    try {
        std::rethrow_exception(error);
    } catch (const Rejection &rejection) {
        return rejection;
    } catch (const std::exception &exception) {
        return Rejection(QString::fromUtf8(exception.what()));
    } catch (...) {
        return Rejection(QStringLiteral("unknown error"));
    }
}

} // namespace asyncscope
