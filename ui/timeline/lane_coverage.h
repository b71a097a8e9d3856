#pragma once

// Level of detail for a lane with thousands of spans, built once with the
// layout (like Qt Creator's timeline and Perfetto): the axis cut into
// power-of-two buckets, and for each bucket which looks cover it (outcome x
// zombie, and a wait line), merged level by level. A frame then visits the
// buckets about a pixel wide that are visible, not the spans: its cost is
// the width drawn, not the spans loaded. Plain data, no painting.

#include "trace.h"

#include <QList>
#include <QtGlobal>

#include <memory>
#include <vector>

namespace asyncscope {

struct LaneCoverage
{
    // What covers a bucket, one bit each: bit coverageBit(outcome, discarded), and kQueuedBit.
    using Mask = quint16;
    static constexpr int kQueuedBit = 8;
    static constexpr int kBitCount = 9;

    double bucketMs = 1;                // width of a level-0 bucket; level k is bucketMs * 2^k
    std::vector<std::vector<Mask>> levels; // levels[k][i]: bucket i of level k (levels[0] the finest)

    double bucketMsAt(int level) const { return bucketMs * double(qint64(1) << level); }
    // The coarsest level whose buckets are at most `maxBucketMs` wide, or -1 when even level 0 is wider.
    int levelFor(double maxBucketMs) const;
};

// The bit of a settled or pending span's look (pending spans run to the axis end).
constexpr int coverageBit(SpanOutcome outcome, bool discarded)
{
    return int(outcome) * 2 + (discarded ? 1 : 0);
}

// Lanes with fewer spans are drawn span by span (exactly as before: small pictures stay byte-identical).
inline constexpr qsizetype kMinSpansForCoverage = 1024;
// And a lane is drawn from its coverage only when this many of its spans are in view.
inline constexpr qsizetype kMinVisibleSpansForCoverage = 512;

// Built over [0, axisEndMs]; empty when the lane has fewer than kMinSpansForCoverage spans.
// `lane` indexes `spans` in start order.
std::shared_ptr<const LaneCoverage> buildLaneCoverage(const QList<Span> &spans, const QList<int> &lane, double axisEndMs);

} // namespace asyncscope
