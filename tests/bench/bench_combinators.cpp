// Our all/allSettled/race/any against Qt's QtFuture::whenAll/whenAny over the
// same futures in the same run: nanoseconds and heap allocations per input,
// for futures already finished when combined and for futures finished after.
//
//   bench_combinators [max_n]     (default 100000; figures: Release build)

#include "combinators.h"

#include <QCoreApplication>
#include <QFuture>
#include <QPromise>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <new>
#include <vector>

// Counts every allocation made through operator new (also new[], which forwards here).
static std::atomic<quint64> allocationCount{0};

void *operator new(std::size_t size)
{
    allocationCount.fetch_add(1, std::memory_order_relaxed);
    if (void *p = std::malloc(size ? size : 1))
        return p;
    throw std::bad_alloc();
}
void operator delete(void *p) noexcept
{
    std::free(p);
}
void operator delete(void *p, std::size_t) noexcept
{
    std::free(p);
}

using namespace asyncscope;

namespace {

using Clock = std::chrono::steady_clock;

struct Sample
{
    double ns = 0;
    double allocations = 0;
};

// Runs `prepare` (untimed), then `timed`; returns the best of `reps` runs,
// per input. `timed` returns something whose destruction is left untimed.
template<class Prepare, class Timed>
Sample best(int n, int reps, Prepare prepare, Timed timed)
{
    Sample result{1e300, 1e300};
    for (int rep = 0; rep < reps; ++rep) {
        auto prepared = prepare();
        const quint64 allocationsBefore = allocationCount.load();
        const auto start = Clock::now();
        [[maybe_unused]] auto kept = timed(prepared); // destroyed after the clock stops
        const auto stop = Clock::now();
        const quint64 allocations = allocationCount.load() - allocationsBefore;
        result.ns = std::min(result.ns, std::chrono::duration<double, std::nano>(stop - start).count() / n);
        result.allocations = std::min(result.allocations, double(allocations) / n);
    }
    return result;
}

QList<QFuture<int>> finishedFutures(int n)
{
    QList<QFuture<int>> futures;
    futures.reserve(n);
    for (int i = 0; i < n; ++i) {
        QPromise<int> promise;
        promise.start();
        promise.addResult(i);
        promise.finish();
        futures.append(promise.future());
    }
    return futures;
}

struct Pending
{
    std::vector<QPromise<int>> promises;
    QList<QFuture<int>> futures;
};

std::shared_ptr<Pending> pendingFutures(int n)
{
    auto pending = std::make_shared<Pending>();
    pending->promises.resize(n);
    pending->futures.reserve(n);
    for (auto &promise : pending->promises) {
        promise.start();
        pending->futures.append(promise.future());
    }
    return pending;
}

void finishAll(Pending &pending)
{
    int i = 0;
    for (auto &promise : pending.promises) {
        promise.addResult(i++);
        promise.finish();
    }
}

void check(bool ok, const char *what)
{
    if (!ok) {
        std::fprintf(stderr, "bench_combinators: wrong result from %s\n", what);
        std::exit(1);
    }
}

void row(const char *mode, int n, const char *ours, Sample a, const char *qts, Sample b, Sample baseline = {})
{
    std::printf("| %-8s | %8d | %-10s | %8.1f | %6.2f | %-10s | %8.1f | %6.2f | %5.2f |", mode, n, ours, a.ns,
                a.allocations, qts, b.ns, b.allocations, a.ns / b.ns);
    if (baseline.ns > 0)
        std::printf(" %6.1f |", baseline.ns);
    std::printf("\n");
    std::fflush(stdout);
}

void benchFinished(int n, int reps)
{
    QList<QFuture<int>> inputs = finishedFutures(n); // whenAll needs non-const iterators
    auto same = [&] { return 0; };

    const Sample ourAll = best(n, reps, same, [&](int) {
        auto combined = all(inputs);
        check(combined.isFinished() && combined.result().size() == n, "all");
        return combined;
    });
    const Sample qtAll = best(n, reps, same, [&](int) {
        auto combined = QtFuture::whenAll(inputs.begin(), inputs.end());
        check(combined.isFinished() && combined.result().size() == n, "whenAll");
        return combined;
    });
    row("finished", n, "all", ourAll, "whenAll", qtAll);

    const Sample ourSettled = best(n, reps, same, [&](int) {
        auto combined = allSettled(inputs);
        check(combined.isFinished() && combined.result().size() == n, "allSettled");
        return combined;
    });
    row("finished", n, "allSettled", ourSettled, "whenAll", qtAll);

    const Sample ourRace = best(n, reps, same, [&](int) {
        auto combined = race(inputs);
        check(combined.isFinished() && combined.result() == 0, "race");
        return combined;
    });
    const Sample qtAny = best(n, reps, same, [&](int) {
        auto combined = QtFuture::whenAny(inputs.begin(), inputs.end());
        check(combined.isFinished() && combined.result().index == 0, "whenAny");
        return combined;
    });
    row("finished", n, "race", ourRace, "whenAny", qtAny);

    const Sample ourAny = best(n, reps, same, [&](int) {
        auto combined = any(inputs);
        check(combined.isFinished() && combined.result() == 0, "any");
        return combined;
    });
    row("finished", n, "any", ourAny, "whenAny", qtAny);
}

// Combine n pending futures, then finish them all: the cost of watching plus
// settling. The last column is finishing the same number of unwatched
// promises, included in both figures.
void benchPending(int n, int reps)
{
    auto prepare = [n] { return pendingFutures(n); };
    const Sample baseline = best(n, reps, prepare, [](const std::shared_ptr<Pending> &p) {
        finishAll(*p);
        return 0;
    });

    const Sample ourAll = best(n, reps, prepare, [n](const std::shared_ptr<Pending> &p) {
        auto combined = all(p->futures);
        finishAll(*p);
        check(combined.isFinished() && combined.result().size() == n, "all");
        return combined;
    });
    const Sample qtAll = best(n, reps, prepare, [n](const std::shared_ptr<Pending> &p) {
        auto combined = QtFuture::whenAll(p->futures.begin(), p->futures.end());
        finishAll(*p);
        check(combined.isFinished() && combined.result().size() == n, "whenAll");
        return combined;
    });
    row("pending", n, "all", ourAll, "whenAll", qtAll, baseline);

    const Sample ourSettled = best(n, reps, prepare, [n](const std::shared_ptr<Pending> &p) {
        auto combined = allSettled(p->futures);
        finishAll(*p);
        check(combined.isFinished() && combined.result().size() == n, "allSettled");
        return combined;
    });
    row("pending", n, "allSettled", ourSettled, "whenAll", qtAll, baseline);

    const Sample ourRace = best(n, reps, prepare, [](const std::shared_ptr<Pending> &p) {
        auto combined = race(p->futures);
        finishAll(*p);
        check(combined.isFinished() && combined.result() == 0, "race");
        return combined;
    });
    const Sample qtAny = best(n, reps, prepare, [](const std::shared_ptr<Pending> &p) {
        auto combined = QtFuture::whenAny(p->futures.begin(), p->futures.end());
        finishAll(*p);
        check(combined.isFinished() && combined.result().index == 0, "whenAny");
        return combined;
    });
    row("pending", n, "race", ourRace, "whenAny", qtAny, baseline);

    const Sample ourAny = best(n, reps, prepare, [](const std::shared_ptr<Pending> &p) {
        auto combined = any(p->futures);
        finishAll(*p);
        check(combined.isFinished() && combined.result() == 0, "any");
        return combined;
    });
    row("pending", n, "any", ourAny, "whenAny", qtAny, baseline);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int maxN = argc > 1 ? std::atoi(argv[1]) : 1000000; // `bench_combinators 100000`: quicker, without 1M

    std::printf("ns and allocations per input, best of several runs; ratio = ours / Qt's\n\n");
    std::printf("| inputs   |        n | ours       |  ns/in  | allocs | Qt         |  ns/in  | allocs | ratio | finish-only ns/in |\n");
    std::printf("|---|---:|---|---:|---:|---|---:|---:|---:|---:|\n");
    for (int n : {10, 1000, 100000, 1000000}) {
        if (n > maxN)
            break;
        const int reps = n <= 1000 ? 200 : n <= 100000 ? 7 : 3;
        benchFinished(n, reps);
        benchPending(n, reps);
    }
    return 0;
}
