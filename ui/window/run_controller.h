#pragma once

// What the window shows is decided here, without a widget: the current run of
// the open scenario (or a recording shown as it is), on the virtual clock or
// for real on loopback, re-run after every edit, restricted to a lesson step's
// plans, and the trials behind the summary chart. The window draws what this
// emits; tests drive it with a ScenarioDocument alone.
//
// A real run spins a nested event loop, so an edit can arrive while it runs:
// that edit is not run re-entrantly but coalesced into one more run once the
// current one returns, and the result of the run it overtook is dropped (by a
// generation id), as is one a recording replaced meanwhile.

#include "scenario_run.h"
#include "trace.h"
#include "trial_budget.h"

#include <QObject>
#include <QStringList>

#include <functional>
#include <optional>

namespace asyncscope {

class ScenarioDocument;
class TrialsRunner;

class RunController : public QObject
{
    Q_OBJECT
public:
    // `document` is not owned and must outlive this; its edits re-run.
    explicit RunController(const ScenarioDocument *document, QObject *parent = nullptr);

    // How a real run is made: runOnNetwork (server/network_run.h) unless a test replaces it.
    using NetworkRun = std::function<std::optional<RunTrace>(const Scenario &, const RunOptions &, QString *error)>;
    void setNetworkRun(NetworkRun run);

    // Every plan of the last run (or the recording). Plans whose text is invalid
    // ran their last valid version and say so in PlanTrace::name; PlanTrace::id is untouched.
    const RunTrace &trace() const { return m_trace; }
    // What the window shows: trace() restricted to planFilter().
    RunTrace shownTrace() const;
    double lastRerunMs() const { return m_lastRerunMs; }
    // Bumped by every change of what a run would produce; a run that started
    // under an older one is stale.
    quint64 generation() const { return m_generation; }
    bool isRunning() const { return m_running; }

    quint64 seed() const { return m_seed; }
    void setSeed(quint64 seed);
    // A new random seed (1..999 999, never the current one): fresh draws.
    void reroll();
    // Simulated (virtual clock) or real requests on loopback against the embedded latency server.
    bool isRealNetwork() const { return m_realNetwork; }
    void setRealNetwork(bool real);

    // A lesson step's plans by id (PlanTrace::id); empty: every plan. Applies from the next run.
    void setPlanFilter(const QStringList &planIds) { m_planFilter = planIds; }
    QStringList planFilter() const { return m_planFilter; }

    // A recorded trace (trace_import.h) is shown as it is: no re-runs until leaveRecording().
    void showRecording(RunTrace recording);
    void leaveRecording();
    bool isShowingRecording() const { return m_recording; }
    // The recording a scenario was made of (File ▸ Turn Recording into Scenario),
    // shown below the scenario's plans on the same time axis, read-only: its
    // bands are named "recorded" (or "recorded: PAGE") and match no plan of the scenario. An
    // empty trace removes it.
    void setRecordingBeside(const RunTrace &recording);

    // Trials of the open scenario for the summary chart; 0 = off. They restart after every run.
    TrialsRunner *trialsRunner() const { return m_trials; }
    void setTrialsCount(int n);
    int trialsCount() const { return m_trialsCount; }

public Q_SLOTS:
    void rerun();

Q_SIGNALS:
    void traceChanged();                     // trace() and shownTrace() are new: draw them
    void rerunFinished(double elapsedMs);    // from the edit to the drawn trace (traceChanged's slots included)
    void staleRunDropped(quint64 generation);
    void seedChanged(quint64 seed);
    void realNetworkChanged(bool real);
    void networkRunActive(bool active);      // a real run is on: keep edits out meanwhile
    void networkRunFailed(const QString &error); // then the run falls back to the virtual clock
    void trialsStarted(const asyncscope::TrialBudget &budget, int totalTrials);

private:
    std::optional<RunTrace> runScenario(QString *error);
    void startTrialsIfWanted();

    const ScenarioDocument *m_document;      // not owned
    TrialsRunner *m_trials;                  // child
    NetworkRun m_networkRun;
    RunTrace m_trace;
    QStringList m_planFilter;
    QList<PlanTrace> m_recordingBeside;      // drawn after the scenario's plans
    quint64 m_seed = 1;
    quint64 m_generation = 0;
    double m_lastRerunMs = 0;
    int m_trialsCount = 0;
    bool m_realNetwork = false;
    bool m_recording = false;
    bool m_running = false;                  // a real run spins a nested event loop: no re-entry
    bool m_runAgain = false;
};

} // namespace asyncscope
