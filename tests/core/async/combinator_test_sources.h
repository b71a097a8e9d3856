#pragma once

// Test operands on a VirtualClock: futures that fulfil or reject at a given
// virtual time, and factories that record when they were started. Each
// promise is held in a shared_ptr owned by its timer (and by the Sources
// object, so "never" operands stay pending instead of cancelling on destruction).

#include "combinators.h"
#include "virtual_clock.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPromise>
#include <QStringList>

#include <memory>

namespace asyncscope::test {

using JsonPromise = std::shared_ptr<QPromise<QJsonValue>>;

// Compact JSON text of any value, for QCOMPARE.
inline QString jsonText(const QJsonValue &value)
{
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2));
}

// What happened to a future, seen by a watcher.
struct Settlement
{
    QString outcome = QStringLiteral("pending");
    double ms = -1;
    QString json; // the value or the reason, compact JSON
    int calls = 0;
};

template<class T, class ToJson>
std::shared_ptr<Settlement> observe(const QFuture<T> &future, const Clock &clock, ToJson toJson)
{
    auto seen = std::make_shared<Settlement>();
    watch<T>(future, [seen, &clock, toJson](const QFuture<T> &done) {
        ++seen->calls;
        seen->ms = clock.now();
        if (auto reason = detail::rejectionOf(done)) {
            seen->outcome = QStringLiteral("rejected");
            seen->json = jsonText(reason->reason());
        } else {
            seen->outcome = QStringLiteral("fulfilled");
            seen->json = jsonText(toJson(detail::valueOf(done)));
        }
    });
    return seen;
}

inline std::shared_ptr<Settlement> observe(const QFuture<QJsonValue> &future, const Clock &clock)
{
    return observe(future, clock, [](const QJsonValue &v) { return v; });
}

class Sources
{
public:
    explicit Sources(VirtualClock &clock) : m_clock(clock) { }

    // Fulfils with `id` (or rejects with "<id> failed") `ms` from now.
    QFuture<QJsonValue> settleIn(double ms, const QString &id, bool fails)
    {
        auto promise = std::make_shared<QPromise<QJsonValue>>();
        promise->start();
        m_keep.append(promise);
        m_clock.schedule(ms, [promise, id, fails] {
            if (fails)
                promise->setException(Rejection(id + QStringLiteral(" failed")));
            else
                promise->addResult(QJsonValue(id));
            promise->finish();
        });
        return promise->future();
    }

    // Canceled (without an exception) `ms` from now.
    QFuture<QJsonValue> cancelIn(double ms)
    {
        auto promise = std::make_shared<QPromise<QJsonValue>>();
        promise->start();
        m_keep.append(promise);
        m_clock.schedule(ms, [promise] {
            promise->future().cancel();
            promise->finish();
        });
        return promise->future();
    }

    QFuture<QJsonValue> never()
    {
        auto promise = std::make_shared<QPromise<QJsonValue>>();
        promise->start();
        m_keep.append(promise);
        return promise->future();
    }

    // One operand from a word of the mini-language used by the data rows:
    //   "a:300" fulfils "a" at +300, "a:300!" rejects "a failed" at +300,
    //   "a:now" / "a:now!" are already settled, "a:never" never settles,
    //   "x:cancel@100" is canceled at +100.
    QFuture<QJsonValue> operand(const QString &word)
    {
        const QString id = word.section(QLatin1Char(':'), 0, 0);
        QString when = word.section(QLatin1Char(':'), 1);
        const bool fails = when.endsWith(QLatin1Char('!'));
        if (fails)
            when.chop(1);
        if (when == QLatin1String("now"))
            return fails ? rejected<QJsonValue>(Rejection(id + QStringLiteral(" failed"))) : fulfilled(QJsonValue(id));
        if (when == QLatin1String("never"))
            return never();
        if (when.startsWith(QLatin1String("cancel@")))
            return cancelIn(when.mid(7).toDouble());
        return settleIn(when.toDouble(), id, fails);
    }

    // Operands for a whole row; "=N" repeats operand N (the same future twice).
    QList<QFuture<QJsonValue>> operands(const QString &words)
    {
        QList<QFuture<QJsonValue>> futures;
        for (const QString &word : words.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
            if (word.startsWith(QLatin1Char('=')))
                futures.append(futures.at(word.mid(1).toInt()));
            else
                futures.append(operand(word));
        }
        return futures;
    }

    // A factory per word, each recording "<id>@<ms>" in starts() when called,
    // and counting how many of them are in flight.
    Start<QJsonValue> factory(const QString &word)
    {
        return [this, word] {
            const QString id = word.section(QLatin1Char(':'), 0, 0);
            m_starts.append(QStringLiteral("%1@%2").arg(id, jsNumber(m_clock.now())));
            ++m_inFlight;
            m_maxInFlight = qMax(m_maxInFlight, m_inFlight);
            QFuture<QJsonValue> started = operand(word);
            watch<QJsonValue>(started, [this](const QFuture<QJsonValue> &) { --m_inFlight; });
            return started;
        };
    }

    // One factory whose n-th call behaves like the n-th word (the last repeats):
    // for retry, where each attempt may end differently.
    Start<QJsonValue> successive(const QString &words)
    {
        const QStringList list = words.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        auto calls = std::make_shared<int>(0);
        return [this, list, calls] {
            const QString word = list.at(qMin(*calls, int(list.size()) - 1));
            ++*calls;
            return factory(word)();
        };
    }

    QList<Start<QJsonValue>> factories(const QString &words)
    {
        QList<Start<QJsonValue>> list;
        for (const QString &word : words.split(QLatin1Char(' '), Qt::SkipEmptyParts))
            list.append(factory(word));
        return list;
    }

    QString starts() const { return m_starts.join(QLatin1Char(' ')); }
    int maxInFlight() const { return m_maxInFlight; }

private:
    VirtualClock &m_clock;
    QList<JsonPromise> m_keep;
    QStringList m_starts;
    int m_inFlight = 0;
    int m_maxInFlight = 0;
};

} // namespace asyncscope::test
