// How the virtual engine scales: generated plans of 10k, 100k and 1M task
// invocations (a wide all(), a flat seq(), pool(8, ...), graph() of a random
// DAG), each run in its own child process so its peak memory is its own, next
// to the baseline of what Qt alone costs for the same number of invocations on
// the same virtual clock: bare QPromise/QFuture pairs with one .then() each
// (side by side, and chained one after another).
//
//   bench_engine                         all shapes at 10k, 100k, 1M
//   bench_engine --sizes 10k,100k        quicker
//   bench_engine --shapes all,qt-wide    some shapes only
//   bench_engine --child SHAPE N         one measurement (what the parent runs)

#include "bench_measure.h"

#include "scenario_run.h"
#include "scenario.h"
#include "virtual_clock.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFuture>
#include <QJsonValue>
#include <QPromise>

#include <cstdio>
#include <memory>
#include <random>
#include <vector>

using namespace asyncscope;
using namespace asyncscope::bench;

namespace {

constexpr int kWideTasks = 100; // wide shapes reuse 100 tasks; each occurrence is its own invocation

Expr taskExpr(const QString &id)
{
    Expr task;
    task.kind = Expr::Kind::Task;
    task.name = id;
    return task;
}

TaskSpec taskSpec(const QString &id, double latencyMs)
{
    TaskSpec task;
    task.id = task.label = id;
    task.latencyMs = {latencyMs};
    return task;
}

// Built in code: 1M operands are far beyond the parser's expression length limit
// (a seq of 1M operands is flat, so no depth limit would be involved).
Scenario generatedScenario(const QString &shape, qint64 invocations)
{
    Scenario scenario;
    scenario.name = shape;
    Expr call;
    call.kind = Expr::Kind::Call;
    if (shape == QLatin1String("graph")) {
        // A random DAG in topological order: each task needs up to two of the 1000 before it.
        std::mt19937_64 random(42);
        scenario.tasks.reserve(invocations);
        for (qint64 i = 0; i < invocations; ++i) {
            TaskSpec task = taskSpec(QStringLiteral("t%1").arg(i), double(5 + random() % 50));
            const int needs = i == 0 ? 0 : int(random() % 3);
            for (int n = 0; n < needs; ++n) {
                const qint64 need = i - 1 - qint64(random() % quint64(std::min<qint64>(i, 1000)));
                const QString id = QStringLiteral("t%1").arg(need);
                if (!task.needs.contains(id))
                    task.needs << id;
            }
            scenario.tasks << task;
        }
        call.combinator = Combinator::Graph; // graph(): every task of the scenario
    } else {
        for (int i = 0; i < kWideTasks; ++i)
            scenario.tasks << taskSpec(QStringLiteral("t%1").arg(i), double(10 + i % 37));
        call.combinator = shape == QLatin1String("seq")    ? Combinator::Seq
                          : shape == QLatin1String("pool") ? Combinator::Pool
                                                           : Combinator::All;
        if (call.combinator == Combinator::Pool) {
            Expr limit;
            limit.kind = Expr::Kind::Number;
            limit.number = 8;
            call.args.push_back(limit);
        }
        call.args.reserve(size_t(invocations) + 1);
        for (qint64 i = 0; i < invocations; ++i)
            call.args.push_back(taskExpr(scenario.tasks.at(int(i % kWideTasks)).id));
    }
    call.name = toString(call.combinator);
    PlanSpec plan;
    plan.name = shape;
    plan.run = call.name + QStringLiteral("(...)");
    plan.expr = std::move(call);
    scenario.plans << plan;
    return scenario;
}

// What Qt alone costs: one QPromise per invocation fulfilled by a virtual-clock
// timer, one .then() continuation on its future. `chained`: each continuation
// schedules the next invocation (seq's shape), else all start at t = 0 (all's).
qint64 runQtBaseline(qint64 invocations, bool chained)
{
    VirtualClock clock;
    qint64 continued = 0;
    std::vector<QFuture<QJsonValue>> keep; // the engine keeps its futures too
    keep.reserve(size_t(invocations));
    std::function<void(qint64)> start = [&](qint64 i) {
        auto promise = std::make_shared<QPromise<QJsonValue>>();
        promise->start();
        keep.push_back(promise->future().then(QtFuture::Launch::Sync, [&, i, chained](const QJsonValue &value) {
            ++continued;
            if (chained && i + 1 < invocations)
                start(i + 1);
            return value;
        }));
        clock.schedule(double(10 + i % 37), [promise, i] {
            promise->addResult(QJsonValue(QStringLiteral("t%1").arg(i % kWideTasks)));
            promise->finish();
        });
    };
    if (chained) {
        start(0);
    } else {
        for (qint64 i = 0; i < invocations; ++i)
            start(i);
    }
    clock.run();
    return continued;
}

int runOneMeasurement(const QString &shape, qint64 invocations)
{
    const qint64 startKb = currentRssKb();
    QElapsedTimer timer;
    timer.start();
    qint64 spans = 0;
    double buildMs = 0;
    qint64 builtKb = startKb;
    if (shape.startsWith(QLatin1String("qt-"))) {
        spans = runQtBaseline(invocations, shape == QLatin1String("qt-chain"));
    } else {
        const Scenario scenario = generatedScenario(shape, invocations);
        buildMs = double(timer.nsecsElapsed()) / 1e6;
        builtKb = currentRssKb();
        timer.restart();
        const PlanTrace trace = runPlanVirtual(scenario, scenario.plans.at(0), 1);
        spans = trace.spans.size();
        if (!trace.settledMs)
            std::fprintf(stderr, "%s: the plan did not settle\n", qPrintable(shape));
    }
    const double runMs = double(timer.nsecsElapsed()) / 1e6;
    std::printf("%lld %.3f %.3f %lld %lld %lld\n", spans, buildMs, runMs, startKb, builtKb, peakRssKb());
    return 0;
}

struct Measurement
{
    bool ok = false;
    qint64 spans = 0;
    double buildMs = 0;
    double runMs = 0;
    qint64 runKb = 0;   // peak minus the RSS once the scenario was built: the run's own memory
    qint64 sceneKb = 0; // the generated scenario
};

Measurement measure(const QString &shape, qint64 n)
{
    const QList<QByteArray> fields = runChild({QStringLiteral("--child"), shape, QString::number(n)}, 300000).split(' ');
    Measurement m;
    if (fields.size() != 6)
        return m;
    m.ok = true;
    m.spans = fields.at(0).toLongLong();
    m.buildMs = fields.at(1).toDouble();
    m.runMs = fields.at(2).toDouble();
    m.sceneKb = fields.at(4).toLongLong() - fields.at(3).toLongLong();
    m.runKb = fields.at(5).toLongLong() - fields.at(4).toLongLong();
    return m;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() >= 4 && args.at(1) == QLatin1String("--child"))
        return runOneMeasurement(args.at(2), args.at(3).toLongLong());

    const QList<qint64> sizes = sizesArgument(args, {10000, 100000, 1000000});
    const QStringList shapes = argumentValue(args, QStringLiteral("--shapes"),
                                             QStringLiteral("all,seq,pool,graph,qt-wide,qt-chain"))
                                   .split(u',', Qt::SkipEmptyParts);
    std::printf("bench_engine: virtual-clock runs, one child process per row (%s)\n", loadLine().constData());
    std::printf("  qt-wide / qt-chain = baseline: bare QPromise + one .then() per invocation on the same VirtualClock\n");
    std::printf("%-9s %8s %9s %9s %10s %11s %9s %10s %7s\n", "shape", "n", "spans", "run ms", "us/inv", "run MB peak",
                "B/inv", "build ms", "x/prev");
    bool goalMet = true;
    bool goalMeasured = false;
    for (const QString &shape : shapes) {
        double previousMs = 0;
        qint64 previousN = 0;
        for (qint64 n : sizes) {
            const Measurement m = measure(shape, n);
            if (!m.ok) {
                std::printf("%-9s %8s  failed (crashed or over 300 s)\n", qPrintable(shape), qPrintable(humanCount(n)));
                goalMet = false;
                continue;
            }
            QByteArray ratio = "";
            if (previousN > 0 && previousMs > 0)
                ratio = QByteArray::number(m.runMs / previousMs, 'f', 1) + " (n x" + QByteArray::number(n / previousN) + ")";
            std::printf("%-9s %8s %9lld %9.1f %10.3f %11.1f %9.0f %10.1f %s\n", qPrintable(shape),
                        qPrintable(humanCount(n)), m.spans, m.runMs, m.runMs * 1000.0 / double(n),
                        double(m.runKb) / 1024.0, double(m.runKb) * 1024.0 / double(n), m.buildMs, ratio.constData());
            std::fflush(stdout);
            if (n >= 1000000 && !shape.startsWith(QLatin1String("qt-"))) {
                goalMeasured = true;
                if (m.runMs > 5000 || m.runKb + m.sceneKb > 1024 * 1024)
                    goalMet = false;
            }
            previousMs = m.runMs;
            previousN = n;
        }
    }
    if (goalMeasured)
        std::printf("goal (1M invocations < 5 s and < 1 GB, every shape run at 1M): %s\n", goalMet ? "met" : "MISSED");
    return 0;
}
