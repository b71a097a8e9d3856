#include "future_watch.h"

#include <QExplicitlySharedDataPointer>
#include <QHash>
#include <memory>

#include <array>
#include <mutex>
#include <optional>
#include <vector>

namespace asyncscope::detail {

namespace {

// setContinuation() is protected; naming it through a derived class yields a
// member pointer that may be applied to any QFutureInterfaceBase. It is the
// same call .then() makes, minus the extra QFutureInterface per continuation,
// and unlike .then(QFuture<T>) its function also runs for a canceled future.
struct ContinuationAccess : QFutureInterfaceBase
{
    static void set(QFutureInterfaceBase &state, void (*continuation)(const QFutureInterfaceBase &))
    {
        using Setter = void (QFutureInterfaceBase::*)(std::function<void(const QFutureInterfaceBase &)>);
        const Setter setter = &ContinuationAccess::setContinuation;
        (state.*setter)(continuation);
    }
};

struct MoreCallbacks : QSharedData
{
    std::vector<StateCallback> list;
};

struct Watched
{
    // Holding the state keeps its address (the key) from being reused while
    // the entry exists. Entries leave the registry when their future finishes.
    QFutureInterfaceBase state;
    // In registration order. Most futures have one watcher: it lives in the
    // entry itself (a million entries at once in a wide all()).
    StateCallback first;
    QExplicitlySharedDataPointer<MoreCallbacks> more; // one pointer; QHash values must be copyable

    void append(StateCallback callback)
    {
        if (!more)
            more = new MoreCallbacks;
        more->list.push_back(std::move(callback));
    }
    void run(const QFutureInterfaceBase &finished)
    {
        first(finished);
        if (more) {
            for (StateCallback &callback : more->list)
                callback(finished);
        }
    }
};

// std::mutex, not QMutex: ThreadSanitizer sees pthread mutexes, while Qt 6's
// QMutex waits on a futex inside the uninstrumented QtCore.
struct Shard
{
    std::mutex mutex;
    QHash<const void *, Watched> watched;
};

// Sharded so that futures finishing on many threads rarely meet on one lock.
constexpr int shardCount = 32;
std::array<Shard, shardCount> &shards()
{
    static std::array<Shard, shardCount> instance;
    return instance;
}

const void *keyOf(const QFutureInterfaceBase &state)
{
    return &state.mutex(); // one mutex per shared state
}

Shard &shardFor(const void *key)
{
    const auto bits = quintptr(key);
    return shards()[(bits >> 4 ^ bits >> 10) % shardCount];
}

// The state's one continuation. A plain function: nothing to allocate, and
// nothing is read before the shard lock orders it after the registration.
void runWatchers(const QFutureInterfaceBase &finished)
{
    const void *key = keyOf(finished);
    Shard &shard = shardFor(key);
    std::optional<Watched> entry;
    {
        std::lock_guard locker(shard.mutex);
        const auto it = shard.watched.find(key);
        if (it == shard.watched.end())
            return;
        entry.emplace(std::move(it.value()));
        // remove(key), not erase(it): Qt 6's erase() looks for the next
        // occupied bucket to return, a scan that dominates in a sparse table.
        shard.watched.remove(key);
    }
    entry->run(finished);
}

} // namespace

void watchState(const QFutureInterfaceBase &state, StateCallback callback)
{
    const void *key = keyOf(state);
    Shard &shard = shardFor(key);
    {
        std::unique_lock locker(shard.mutex);
        const auto it = shard.watched.find(key);
        if (it != shard.watched.end()) {
            it->append(std::move(callback));
            return;
        }
        // Entries are removed only after the state is finished, so a finished
        // state without an entry has run (or is running) its watchers.
        if (state.isFinished()) {
            locker.unlock();
            callback(state);
            return;
        }
        shard.watched.emplace(key, Watched{state, std::move(callback), {}});
    }
    // Outside the lock: if the state finishes meanwhile (or already has),
    // setContinuation runs the watchers at once, in this thread.
    QFutureInterfaceBase target(state);
    ContinuationAccess::set(target, &runWatchers);
}

int watchedStateCount()
{
    int count = 0;
    for (Shard &shard : shards()) {
        std::lock_guard locker(shard.mutex);
        count += int(shard.watched.size());
    }
    return count;
}

} // namespace asyncscope::detail
