#include "network_run.h"

#include "explanation.h"

#include "latency_server.h"
#include "latency_server_thread.h"
#include "network_task_source.h"
#include "plan_runner.h"
#include "real_clock.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QHash>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSet>
#include <QTimer>

#include <algorithm>
#include <cstdio>

namespace asyncscope {

namespace {

const QLatin1String kServerPlaceholder("{server}");

// Which server address each task uses: its own, or its host's when it names
// one, so only tasks that share a host share QNetworkAccessManager's
// 6-connections-per-host:port limit, as connections_per_host says.
QList<int> addressSlots(const Scenario &scenario, int *slotCount)
{
    QList<int> slotOfTask;
    QHash<QString, int> slotOfHost;
    int next = 0;
    for (const TaskSpec &task : scenario.tasks) {
        if (task.host.isEmpty()) {
            slotOfTask << next++;
            continue;
        }
        auto found = slotOfHost.constFind(task.host);
        if (found == slotOfHost.cend())
            found = slotOfHost.insert(task.host, next++);
        slotOfTask << *found;
    }
    *slotCount = next;
    return slotOfTask;
}

bool usesServer(const Scenario &scenario)
{
    return std::any_of(scenario.tasks.cbegin(), scenario.tasks.cend(),
                       [](const TaskSpec &task) { return task.url.contains(kServerPlaceholder); });
}

// How long a plan may run before it is cut off and its open spans reported
// pending: well past the virtual run's end, which a healthy real run tracks.
struct PlanBudget
{
    double endMs = 0;      // the virtual run's last settle or span end
    bool settles = true;   // false: the plan never settles (e.g. race())
};

PlanBudget virtualBudget(const Scenario &scenario, const PlanSpec &plan, quint64 seed)
{
    const PlanTrace virtualTrace = runPlanVirtual(scenario, plan, seed, 0);
    PlanBudget budget;
    budget.settles = virtualTrace.settledMs.has_value();
    budget.endMs = std::max(virtualTrace.finishedMs, virtualTrace.settledMs.value_or(0.0));
    return budget;
}

// Qt's first request pays one-time costs (starting its HTTP thread, setting up
// the backend: about 30 ms measured here) and each address its TCP connect.
// Pay them before t = 0, so they do not land in the first plan's first spans.
void warmUp(QNetworkAccessManager &manager, const LatencyServerThread &server, const QSet<int> &addressSlots)
{
    QEventLoop loop;
    int open = int(addressSlots.size());
    for (int slot : addressSlots) {
        QNetworkReply *reply = manager.get(QNetworkRequest(server.baseUrl(slot).resolved(QUrl(QStringLiteral("/delay/0")))));
        QObject::connect(reply, &QNetworkReply::finished, &loop, [&loop, &open, reply] {
            reply->deleteLater();
            if (--open == 0)
                loop.quit();
        });
    }
    QTimer::singleShot(5000, &loop, &QEventLoop::quit);
    if (open > 0)
        loop.exec();
}

PlanTrace runPlanOnNetwork(const Scenario &scenario, const PlanSpec &plan, quint64 seed,
                           QNetworkAccessManager &manager, const NetworkTaskSource::UrlResolver &resolver)
{
    const PlanBudget budget = virtualBudget(scenario, plan, seed);
    const int deadlineMs = int(std::min(2.0 * budget.endMs + 5000.0, 10.0 * 60 * 1000));

    // A fresh clock per plan: each plan runs alone from t = 0.
    RealClock clock;
    NetworkTaskSource source(clock, &manager);
    source.setUrlResolver(resolver);
    PlanRunner runner(scenario, clock, source, seed, 0);

    QEventLoop loop;
    bool finished = false;
    runner.setOnFinished([&] {
        finished = true;
        loop.quit();
    });
    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, &loop, &QEventLoop::quit);

    // A plan that never settles (race() somewhere at the top) still ends once
    // its work is done: past the virtual end with no span open.
    QTimer idleCheck;
    if (!budget.settles) {
        idleCheck.setInterval(5);
        QObject::connect(&idleCheck, &QTimer::timeout, &loop, [&] {
            if (runner.allSpansEnded() && clock.now() >= budget.endMs * 1.05 + 20.0)
                loop.quit();
        });
    }

    runner.start(plan);
    if (!finished) {
        deadline.start(deadlineMs);
        if (!budget.settles)
            idleCheck.start();
        loop.exec();
    }
    if (!finished && !deadline.isActive() && !runner.allSpansEnded()) {
        std::fprintf(stderr, "asyncscope: plan \"%s\" cut off after %d ms with work still in flight (shown pending)\n",
                     qPrintable(plan.name), deadlineMs);
    }
    // On return the runner goes first; the source then aborts any reply still
    // in flight (a plan cut off by the deadline), so nothing outlives the run.
    return runner.takeTrace();
}

} // namespace

std::optional<RunTrace> runOnNetwork(const Scenario &scenario, const RunOptions &options, QString *error)
{
    if (!QCoreApplication::instance()) {
        if (error)
            *error = QStringLiteral("a network run needs a running QCoreApplication");
        return std::nullopt;
    }

    int slotCount = 0;
    const QList<int> slotOfTask = addressSlots(scenario, &slotCount);
    LatencyServerThread server;
    QNetworkAccessManager manager; // one for the whole run, as an application would have
    if (usesServer(scenario)) {
        // ASYNCSCOPE_SERVER_PORT pins the port (e.g. to watch it with other tools).
        const quint16 port = quint16(qEnvironmentVariableIntValue("ASYNCSCOPE_SERVER_PORT"));
        const int addressCount = std::clamp(slotCount, 1, LatencyServer::kMaxAddressCount);
        QString why;
        if (!server.start(port, addressCount, &why)) {
            if (error)
                *error = QStringLiteral("the embedded latency server cannot start: %1").arg(why);
            return std::nullopt;
        }
        QSet<int> used;
        for (int i = 0; i < scenario.tasks.size(); ++i) {
            if (scenario.tasks.at(i).url.contains(kServerPlaceholder))
                used.insert(slotOfTask.at(i));
        }
        warmUp(manager, server, used);
    }

    const NetworkTaskSource::UrlResolver resolver = [&server, slotOfTask](const Invocation &invocation) {
        QString url = invocation.task->url;
        if (url.contains(kServerPlaceholder))
            url.replace(kServerPlaceholder, server.baseUrl(slotOfTask.value(invocation.taskIndex)).toString());
        return QUrl(url);
    };

    RunTrace trace;
    trace.scenario = scenario.name;
    trace.description = scenario.description;
    trace.seed = options.seed;
    trace.clock = QStringLiteral("real");
    for (const PlanSpec *plan : selectedPlans(scenario, options.plans)) {
        server.resetSequences(); // each plan runs alone: /flaky and /status/A,B,C start over
        trace.plans << runPlanOnNetwork(scenario, *plan, options.seed, manager, resolver);
        trace.plans.last().explanation = explainSettlement(scenario, trace.plans.last());
    }
    return trace;
}

} // namespace asyncscope
