// How fast the virtual engine is: one plan of N invocations (all, seq, pool),
// and trials of example:profile. Prints one line per measurement.

#include "engine.h"
#include "scenario.h"
#include "trials.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <cstdio>

using namespace asyncscope;

namespace {

// Built in code: 100k operands would exceed the parser's expression length limit.
Scenario wideScenario(int invocations, Combinator combinator, int poolSize = 0)
{
    Scenario scenario;
    scenario.name = QStringLiteral("wide");
    for (int i = 0; i < 100; ++i) {
        TaskSpec task;
        task.id = task.label = QStringLiteral("t%1").arg(i);
        task.latencyMs = {double(10 + i % 37)};
        scenario.tasks << task;
    }
    Expr call;
    call.kind = Expr::Kind::Call;
    call.combinator = combinator;
    call.name = toString(combinator);
    if (combinator == Combinator::Pool) {
        Expr n;
        n.kind = Expr::Kind::Number;
        n.number = poolSize;
        call.args.push_back(n);
    }
    for (int i = 0; i < invocations; ++i) {
        Expr task;
        task.kind = Expr::Kind::Task;
        task.name = QStringLiteral("t%1").arg(i % 100);
        call.args.push_back(task);
    }
    PlanSpec plan;
    plan.name = QStringLiteral("p");
    plan.run = call.name + QStringLiteral("(...)");
    plan.expr = call;
    scenario.plans << plan;
    return scenario;
}

void measure(const char *what, int invocations, Combinator combinator, int poolSize = 0)
{
    const Scenario scenario = wideScenario(invocations, combinator, poolSize);
    QElapsedTimer timer;
    timer.start();
    const PlanTrace trace = runPlanVirtual(scenario, scenario.plans.at(0), 1);
    std::fflush(stdout);
    std::printf("%-28s %7d invocations  %8.1f ms  (settled at %g virtual ms)\n", what, int(trace.spans.size()),
                double(timer.nsecsElapsed()) / 1e6, trace.settledMs.value_or(-1));
    std::fflush(stdout);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    for (int n : {5000, 10000, 20000}) measure("all(n tasks)", n, Combinator::All);
    measure("all(100k tasks)", 100000, Combinator::All);
    measure("seq(100k tasks)", 100000, Combinator::Seq);
    measure("pool(8, 100k tasks)", 100000, Combinator::Pool, 8);

    const Scenario profile = *loadScenarioFile(QStringLiteral("example:profile")).scenario;
    QElapsedTimer timer;
    timer.start();
    const PlanTrace one = runPlanVirtual(profile, profile.plans.at(1), 1);
    std::printf("%-28s %8.1f us\n", "one profile plan", double(timer.nsecsElapsed()) / 1e3);
    timer.restart();
    for (const PlanSpec &plan : profile.plans)
        runTrials(profile, plan, 1, 10000);
    std::printf("%-28s %8.1f ms  (2 plans x 10000 trials)\n", "example:profile trials", double(timer.nsecsElapsed()) / 1e6);
    return one.settledMs ? 0 : 1;
}
