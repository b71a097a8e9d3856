#include "future_watch.h"

#include <QHash>
#include <QMutex>
#include <QVarLengthArray>

#include <array>
#include <memory>

namespace asyncscope::detail {

namespace {

// setContinuation() is protected; naming it through a derived class yields a
// member pointer that may be applied to any QFutureInterfaceBase. It is the
// same call .then() makes, minus the extra QFutureInterface per continuation,
// and unlike .then(QFuture<T>) it also runs for a canceled future.
struct ContinuationAccess : QFutureInterfaceBase
{
    static void set(QFutureInterfaceBase &state, StateCallback continuation)
    {
        using Setter = void (QFutureInterfaceBase::*)(std::function<void(const QFutureInterfaceBase &)>);
        const Setter setter = &ContinuationAccess::setContinuation;
        (state.*setter)(std::move(continuation));
    }
};

struct FanOut;

struct Shard
{
    QMutex mutex;
    QHash<const void *, FanOut *> fanOuts;
};

// Sharded so that futures finishing on many threads rarely meet on one lock.
constexpr int shardCount = 32;
std::array<Shard, shardCount> &shards()
{
    static std::array<Shard, shardCount> instance;
    return instance;
}

Shard &shardFor(const void *key)
{
    const auto bits = quintptr(key);
    return shards()[(bits >> 4 ^ bits >> 10) % shardCount];
}

struct FanOut
{
    FanOut(const void *k, Shard *s) : key(k), shard(s) { }
    FanOut(const FanOut &) = delete;
    FanOut &operator=(const FanOut &) = delete;

    // Reached without firing only if the state died unfinished or someone
    // replaced the continuation; drop the entry so the key can be reused.
    ~FanOut()
    {
        if (fired)
            return;
        QMutexLocker locker(&shard->mutex);
        const auto entry = shard->fanOuts.constFind(key);
        if (entry != shard->fanOuts.constEnd() && *entry == this)
            shard->fanOuts.erase(entry);
    }

    void fire(const QFutureInterfaceBase &state)
    {
        QVarLengthArray<StateCallback, 2> toRun;
        {
            QMutexLocker locker(&shard->mutex);
            const auto entry = shard->fanOuts.constFind(key);
            if (entry != shard->fanOuts.constEnd() && *entry == this)
                shard->fanOuts.erase(entry);
            toRun = std::move(callbacks);
            callbacks.clear();
            fired = true;
        }
        for (StateCallback &callback : toRun)
            callback(state);
    }

    const void *key;
    Shard *shard;
    bool fired = false;                          // guarded by shard->mutex
    QVarLengthArray<StateCallback, 2> callbacks; // guarded by shard->mutex
};

} // namespace

void watchState(const QFutureInterfaceBase &state, StateCallback callback)
{
    const void *key = &state.mutex();
    Shard &shard = shardFor(key);
    std::shared_ptr<FanOut> created;
    {
        QMutexLocker locker(&shard.mutex);
        const auto entry = shard.fanOuts.constFind(key);
        if (entry != shard.fanOuts.constEnd()) {
            (*entry)->callbacks.append(std::move(callback));
            return;
        }
        if (state.isFinished()) {
            locker.unlock();
            callback(state);
            return;
        }
        created = std::make_shared<FanOut>(key, &shard);
        created->callbacks.append(std::move(callback));
        shard.fanOuts.insert(key, created.get());
    }
    // Outside the lock: if the state finishes meanwhile (or already has),
    // setContinuation runs the fan-out at once, in this thread.
    QFutureInterfaceBase target(state);
    ContinuationAccess::set(target, [fanOut = std::move(created)](const QFutureInterfaceBase &finished) {
        fanOut->fire(finished);
    });
}

int watchedStateCount()
{
    int count = 0;
    for (Shard &shard : shards()) {
        QMutexLocker locker(&shard.mutex);
        count += int(shard.fanOuts.size());
    }
    return count;
}

} // namespace asyncscope::detail
