#pragma once

// The combinators with T = QJsonValue, results as one QJsonValue, for the
// scenario engine (which handles every plan value as JSON). race, any,
// withTimeout, delay, hedge and retry already return QFuture<QJsonValue>.

#include "combinators.h"

#include <QJsonValue>

namespace asyncscope {

using JsonFuture = QFuture<QJsonValue>;
using JsonStart = Start<QJsonValue>;

JsonFuture allJson(const QList<JsonFuture> &inputs);        // fulfils with a QJsonArray in input order
JsonFuture allSettledJson(const QList<JsonFuture> &inputs); // [{"status":"fulfilled","value":v} | {"status":"rejected","reason":r}]
JsonFuture sequenceJson(const QList<JsonStart> &steps);     // a QJsonArray of the step values
JsonFuture poolJson(int n, const QList<JsonStart> &tasks);  // a QJsonArray in input order

// Settles like `input`, its value mapped by `map` (called in the finishing thread).
template<class T>
JsonFuture mapToJson(const QFuture<T> &input, std::function<QJsonValue(const T &)> map)
{
    QFutureInterface<QJsonValue> out = detail::startedOut<QJsonValue>();
    watchWith(input, [out, map = std::move(map)](const QFuture<T> &done) mutable {
        if (auto reason = detail::rejectionOf(done))
            detail::rejectOut(out, *reason);
        else
            detail::fulfilOut(out, map(detail::valueOf(done)));
    });
    return out.future();
}

} // namespace asyncscope
