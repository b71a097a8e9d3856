#pragma once

// Monte-Carlo trials for the summary chart, computed off the GUI thread by
// core's runTrials (so on every core, like `asyncscope run --trials`).
// Every start() or invalidate() takes a new generation id; a result that comes
// back with an older id belongs to a scenario that has since been edited and
// is dropped, whatever order the threads finish in. The count obeys the trial
// budget (core/trial_budget.h): a scenario over it runs fewer trials, and the
// result says how many were asked for.

#include "scenario.h"
#include "trace.h"
#include "trial_budget.h"

#include <QFutureWatcher>
#include <QList>
#include <QObject>

namespace asyncscope {

struct TrialsResult
{
    quint64 generation = 0;
    int n = 0;                 // trials run per plan: budget.granted
    TrialBudget budget;        // what was asked for and why fewer ran, if so
    QStringList planNames;
    QList<TrialStats> stats;   // one per plan, in scenario order
};

class TrialsRunner : public QObject
{
    Q_OBJECT
public:
    explicit TrialsRunner(QObject *parent = nullptr);
    ~TrialsRunner() override;

    quint64 generation() const { return m_generation; }
    bool isRunning() const { return m_currentWatcher != nullptr; }

    // Starts N trials (indices 1..N) of every plan, N capped by trialBudgetFor();
    // returns the job's generation.
    quint64 start(const Scenario &scenario, quint64 seed, int n);
    // The scenario changed: whatever is running is stale (cancelled and, if it still finishes, dropped).
    void invalidate();

    // The work itself, with the same cap: core's runTrials (trials.h) plan by
    // plan, each plan's trials spread over QThreadPool's threads; returns when
    // done. `progress` is called from those threads, one call at a time, with
    // the trials done over all plans; returning false cancels (the result is
    // then incomplete). Public so tests and benchmarks can call it.
    static TrialsResult compute(const Scenario &scenario, quint64 seed, int n, quint64 generation,
                                const std::function<bool(int done, int total)> &progress = {});

Q_SIGNALS:
    void progressChanged(int done, int total);
    void resultReady(const asyncscope::TrialsResult &result);
    void staleResultDropped(quint64 generation);
    void runningChanged(bool running);

private:
    void finish(QFutureWatcher<TrialsResult> *watcher, quint64 generation);

    quint64 m_generation = 0;
    QFutureWatcher<TrialsResult> *m_currentWatcher = nullptr; // child; the newest job's, null when idle
};

} // namespace asyncscope
