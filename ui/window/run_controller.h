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
//
// A scenario with JavaScript plans runs off the GUI thread (Node through the
// warm JsWorker of one dedicated thread): runaway code (`while (true) {}`) is
// stopped by the worker's wall-time limit while the window keeps painting.
// A run that answers within kSyncWaitMs is applied at once, as an expression
// plan's run is (no "running…" flicker for an ordinary edit); a longer one
// says javaScriptRunActive(true) and is applied when it comes back, unless an
// edit or a recording made it stale meanwhile. Only the copied scenario
// crosses to the thread; no QObject is touched from two threads.

#include "scenario_run.h"
#include "trace.h"
#include "trial_budget.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QHash>
#include <QObject>
#include <QStringList>
#include <QThreadPool>

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
    ~RunController() override;

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
    // A JavaScript run is under way on the run thread (longer than kSyncWaitMs).
    bool isJavaScriptRunActive() const { return m_javaScriptActive; }
    // How long an edit waits for its JavaScript run before it goes asynchronous:
    // well under a frame's worth of event-loop gap.
    static constexpr int kSyncWaitMs = 25;
    // Each JavaScript plan that could not run this time (a syntax error, a
    // limit) by id: its one-line message; such a plan shows its last run that
    // worked, as "(last valid version)", when there was one.
    QHash<QString, QString> planRunErrors() const { return m_planRunErrors; }

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
    void javaScriptRunActive(bool active);   // a JavaScript run is taking long: "running…"

private:
    std::optional<RunTrace> runScenario(QString *error);
    // Starts the virtual run of a scenario with JavaScript plans on m_runThread;
    // true when it finished within kSyncWaitMs (then *done holds it).
    bool startJavaScriptRun(std::optional<RunTrace> *done);
    void javaScriptRunFinished();
    void applyRun(RunTrace trace, const QElapsedTimer &sinceEdit);
    void keepLastValidJavaScript(RunTrace &trace);
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
    bool m_javaScriptActive = false;
    QThreadPool m_runThread;                 // one thread: its JsWorker stays warm
    QFutureWatcher<RunTrace> m_javaScriptRun;
    quint64 m_javaScriptGeneration = 0;      // what the run under way was started for
    QElapsedTimer m_javaScriptElapsed;       // from its edit
    QHash<QString, QString> m_planRunErrors;
    QHash<QString, PlanTrace> m_lastValidJavaScript; // by plan id, until the scenario is replaced
};

} // namespace asyncscope
