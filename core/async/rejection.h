#pragma once

// A rejected promise's reason, carried through QFuture as a typed exception.
// JavaScript can reject with any value, so the reason is a QJsonValue
// (a string such as "HTTP 503", or an object such as an AggregateError).

#include <QException>
#include <QJsonArray>
#include <QJsonValue>

#include <exception>

namespace asyncscope {

class Rejection : public QException
{
public:
    explicit Rejection(QJsonValue reason);

    // Promise.any's reason when every input rejected:
    // {"name":"AggregateError","message":"All promises were rejected","errors":[...]}.
    static Rejection aggregate(const QJsonArray &errors);
    // What an aborted operation rejects with; an undefined/null reason gives
    // the DOM's default "AbortError: This operation was aborted".
    static Rejection abortError(const QJsonValue &reason = {});
    static QJsonValue defaultAbortReason();

    const QJsonValue &reason() const { return m_reason; }
    bool isAggregate() const;
    QJsonArray errors() const; // the AggregateError's list, empty otherwise
    bool isAbort() const { return m_abort; }

    void raise() const override;
    Rejection *clone() const override;
    const char *what() const noexcept override;

private:
    QJsonValue m_reason;
    QByteArray m_what; // kept so what() can return a stable pointer
    bool m_abort = false;
};

// Any exception -> Rejection: a Rejection as it is, a std::exception by its
// what() text, anything else "unknown error". A null pointer (a future that was
// canceled without an exception) is an abort.
Rejection toRejection(std::exception_ptr error);

} // namespace asyncscope
