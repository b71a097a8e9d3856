#include "lane_coverage.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>

namespace asyncscope {

namespace {

// Level 0 has about two buckets per span (at least 2^10, at most 2^16 = 128 KB a level).
int levelZeroBuckets(qsizetype spanCount)
{
    const auto wanted = std::uint64_t(std::clamp<qsizetype>(spanCount * 2, 1024, 65536));
    return int(std::bit_ceil(wanted));
}

} // namespace

int LaneCoverage::levelFor(double maxBucketMs) const
{
    int best = -1;
    for (int k = 0; k < int(levels.size()); ++k) {
        if (bucketMsAt(k) <= maxBucketMs)
            best = k;
    }
    return best;
}

std::shared_ptr<const LaneCoverage> buildLaneCoverage(const QList<Span> &spans, const QList<int> &lane, double axisEndMs)
{
    if (lane.size() < kMinSpansForCoverage || !(axisEndMs > 0) || !std::isfinite(axisEndMs))
        return nullptr;
    auto coverage = std::make_shared<LaneCoverage>();
    const int buckets = levelZeroBuckets(lane.size());
    coverage->bucketMs = axisEndMs / buckets;
    const double perBucket = 1.0 / coverage->bucketMs;
    auto bucketOf = [&](double ms) {
        const double b = std::floor(ms * perBucket);
        return !(b >= 0) ? 0 : (b >= buckets ? buckets - 1 : int(b)); // NaN counts as 0
    };

    // A difference array per bit: +1 where a span's buckets begin, -1 after they end.
    std::array<std::vector<int>, LaneCoverage::kBitCount> starts;
    for (std::vector<int> &d : starts)
        d.assign(std::size_t(buckets) + 1, 0);
    auto add = [&](int bit, double fromMs, double toMs) {
        if (toMs < 0 || fromMs > axisEndMs)
            return;
        const int first = bucketOf(fromMs);
        const int last = std::max(first, bucketOf(toMs));
        ++starts[std::size_t(bit)][std::size_t(first)];
        --starts[std::size_t(bit)][std::size_t(last) + 1];
    };
    for (int index : lane) {
        const Span &span = spans.at(index);
        const double endMs = span.endMs ? *span.endMs : axisEndMs; // pending: runs to the axis end
        add(coverageBit(span.endMs ? span.outcome : SpanOutcome::Pending, span.discarded), span.startMs, endMs);
        if (span.wasQueued())
            add(LaneCoverage::kQueuedBit, span.queuedMs, span.startMs);
    }

    std::vector<LaneCoverage::Mask> level(std::size_t(buckets), 0);
    for (int bit = 0; bit < LaneCoverage::kBitCount; ++bit) {
        const std::vector<int> &d = starts[std::size_t(bit)];
        int open = 0;
        for (int i = 0; i < buckets; ++i) {
            open += d[std::size_t(i)];
            if (open > 0)
                level[std::size_t(i)] |= LaneCoverage::Mask(1u << bit);
        }
    }
    coverage->levels.push_back(std::move(level));
    // Each coarser level merges pairs, down to a single bucket.
    while (coverage->levels.back().size() > 1) {
        const std::vector<LaneCoverage::Mask> &fine = coverage->levels.back();
        std::vector<LaneCoverage::Mask> coarse(fine.size() / 2);
        for (std::size_t i = 0; i < coarse.size(); ++i)
            coarse[i] = fine[2 * i] | fine[2 * i + 1];
        coverage->levels.push_back(std::move(coarse));
    }
    return coverage;
}

} // namespace asyncscope
