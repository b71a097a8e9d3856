#include "trials_runner.h"

#include "trials.h"

#include <QPromise>
#include <QtConcurrent>

#include <atomic>

namespace asyncscope {

TrialsRunner::TrialsRunner(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<TrialsResult>();
}

TrialsRunner::~TrialsRunner()
{
    // Workers hold copies of their inputs, but their watchers die with us:
    // cancel and wait so no thread outlives the window.
    const auto watchers = findChildren<QFutureWatcher<TrialsResult> *>();
    for (QFutureWatcher<TrialsResult> *watcher : watchers) {
        watcher->disconnect(this);
        watcher->cancel();
        watcher->waitForFinished();
    }
}

TrialsResult TrialsRunner::compute(const Scenario &scenario, quint64 seed, int n, quint64 generation,
                                   const std::function<bool(int, int)> &progress)
{
    TrialsResult result;
    result.generation = generation;
    result.budget = trialBudgetFor(scenario, n);
    n = result.budget.granted;
    result.n = n;
    const int total = int(scenario.plans.size()) * n;
    std::atomic<bool> stopped = false;
    for (qsizetype i = 0; i < scenario.plans.size(); ++i) {
        const PlanSpec &plan = scenario.plans.at(i);
        TrialsControl control;
        if (progress) {
            const int before = int(i) * n;
            // runTrials serialises these calls, so `progress` sees one at a time.
            control.progress = [&progress, &stopped, before, total](int done) {
                if (!progress(before + done, total))
                    stopped = true;
            };
            control.isCanceled = [&stopped] { return stopped.load(); };
        }
        TrialStats stats = runTrials(scenario, plan, seed, n, control);
        if (stopped)
            return result; // cancelled: incomplete, and the caller will drop it
        result.planNames.append(plan.name);
        result.stats.append(std::move(stats));
    }
    return result;
}

quint64 TrialsRunner::start(const Scenario &scenario, quint64 seed, int n)
{
    invalidate();
    const quint64 generation = m_generation;
    auto *watcher = new QFutureWatcher<TrialsResult>(this);
    connect(watcher, &QFutureWatcher<TrialsResult>::progressValueChanged, this, [this, watcher](int value) {
        if (watcher == m_currentWatcher)
            emit progressChanged(value, watcher->progressMaximum());
    });
    connect(watcher, &QFutureWatcher<TrialsResult>::finished, this,
            [this, watcher, generation] { finish(watcher, generation); });

    QFuture<TrialsResult> future = QtConcurrent::run(
        [](QPromise<TrialsResult> &promise, Scenario scenario, quint64 seed, int n, quint64 generation) {
            promise.setProgressRange(0, int(scenario.plans.size()) * trialBudgetFor(scenario, n).granted);
            TrialsResult result = compute(scenario, seed, n, generation, [&promise](int done, int) {
                promise.setProgressValue(done);
                return !promise.isCanceled();
            });
            if (!promise.isCanceled())
                promise.addResult(std::move(result));
        },
        scenario, seed, n, generation);
    watcher->setFuture(future);
    m_currentWatcher = watcher;
    emit runningChanged(true);
    return generation;
}

void TrialsRunner::invalidate()
{
    ++m_generation;
    if (m_currentWatcher) {
        m_currentWatcher->cancel();
        m_currentWatcher = nullptr;
        emit runningChanged(false);
    }
}

void TrialsRunner::finish(QFutureWatcher<TrialsResult> *watcher, quint64 generation)
{
    const QFuture<TrialsResult> future = watcher->future();
    const bool current = generation == m_generation && watcher == m_currentWatcher;
    const bool complete = !future.isCanceled() && future.resultCount() > 0;
    watcher->deleteLater();
    if (!current || !complete) {
        emit staleResultDropped(generation);
        return;
    }
    m_currentWatcher = nullptr;
    emit runningChanged(false);
    emit resultReady(future.result());
}

} // namespace asyncscope
