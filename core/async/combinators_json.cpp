#include "combinators_json.h"

#include <QJsonArray>
#include <QJsonObject>

namespace asyncscope {

namespace {

QJsonValue toArray(const QList<QJsonValue> &values)
{
    QJsonArray array;
    for (const QJsonValue &value : values)
        array.append(value);
    return array;
}

QJsonValue toSettledArray(const QList<SettledResult<QJsonValue>> &results)
{
    QJsonArray array;
    for (const SettledResult<QJsonValue> &result : results) {
        if (result.fulfilled)
            array.append(QJsonObject{{QLatin1String("status"), QLatin1String("fulfilled")},
                                     {QLatin1String("value"), result.value}});
        else
            array.append(QJsonObject{{QLatin1String("status"), QLatin1String("rejected")},
                                     {QLatin1String("reason"), result.reason}});
    }
    return array;
}

} // namespace

JsonFuture allJson(const QList<JsonFuture> &inputs)
{
    return mapToJson<QList<QJsonValue>>(all(inputs), toArray);
}

JsonFuture allSettledJson(const QList<JsonFuture> &inputs)
{
    return mapToJson<QList<SettledResult<QJsonValue>>>(allSettled(inputs), toSettledArray);
}

JsonFuture sequenceJson(const QList<JsonStart> &steps)
{
    return mapToJson<QList<QJsonValue>>(sequence(steps), toArray);
}

JsonFuture poolJson(int n, const QList<JsonStart> &tasks)
{
    return mapToJson<QList<QJsonValue>>(pool(n, tasks), toArray);
}

} // namespace asyncscope
