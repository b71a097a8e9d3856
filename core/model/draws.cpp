#include "draws.h"

#include <QRandomGenerator>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>

namespace asyncscope {

namespace {

// z such that P(Z <= z) = 0.95 for the standard normal: lognormal's p95 = median * exp(1.6449 sigma).
constexpr double kZ95 = 1.6448536269514722;

QRandomGenerator generatorFor(quint64 seed, int trial, int taskIndex, int instance)
{
    std::seed_seq sequence{quint32(seed), quint32(seed >> 32), quint32(trial), quint32(taskIndex), quint32(instance)};
    return QRandomGenerator(sequence);
}

// In (0, 1): safe for log().
double openUnit(QRandomGenerator &rng)
{
    double u = 0;
    while (u <= 0)
        u = rng.generateDouble();
    return u;
}

// Box–Muller written out, so the numbers do not depend on the standard library's distributions.
double standardNormal(QRandomGenerator &rng)
{
    const double u1 = openUnit(rng);
    const double u2 = rng.generateDouble();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

double drawLatency(const LatencyDistribution &d, QRandomGenerator &rng)
{
    switch (d.kind) {
    case LatencyDistribution::Kind::Fixed:
        return d.a;
    case LatencyDistribution::Kind::Uniform:
        return d.a + (d.b - d.a) * rng.generateDouble();
    case LatencyDistribution::Kind::Normal:
        return d.a + d.b * standardNormal(rng);
    case LatencyDistribution::Kind::LogNormal: {
        const double sigma = d.b > d.a && d.a > 0 ? std::log(d.b / d.a) / kZ95 : 0.0;
        return d.a * std::exp(sigma * standardNormal(rng));
    }
    case LatencyDistribution::Kind::Exponential:
        return -d.a * std::log(openUnit(rng));
    }
    return d.a;
}

} // namespace

InvocationDraw drawInvocation(const TaskSpec &task, int taskIndex, int instance, quint64 seed, int trial)
{
    InvocationDraw draw;
    draw.latencyMs = task.nominalLatencyMs(instance);
    draw.fails = task.nominalFails(instance);
    if (!task.isRandom())
        return draw;

    QRandomGenerator rng = generatorFor(seed, trial, taskIndex, instance);
    double latency = task.latency ? drawLatency(*task.latency, rng) : draw.latencyMs;
    if (task.jitterMs > 0)
        latency += task.jitterMs * (2.0 * rng.generateDouble() - 1.0);
    // Whole virtual milliseconds: readable traces, and ties stay possible as in the fixed examples.
    draw.latencyMs = std::max(0.0, std::round(latency));
    if (task.failureRate > 0 && !draw.fails)
        draw.fails = rng.generateDouble() < task.failureRate;
    return draw;
}

} // namespace asyncscope
