#include "run_controller.h"

#include "network_run.h"
#include "scenario_document.h"
#include "trials_runner.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QScopedValueRollback>

#include <utility>

namespace asyncscope {

RunController::RunController(const ScenarioDocument *document, QObject *parent)
    : QObject(parent)
    , m_document(document)
    , m_trials(new TrialsRunner(this))
    , m_networkRun(&runOnNetwork)
{
    connect(m_document, &ScenarioDocument::edited, this, &RunController::rerun);
}

void RunController::setNetworkRun(NetworkRun run)
{
    m_networkRun = std::move(run);
}

RunTrace RunController::shownTrace() const
{
    if (m_planFilter.isEmpty() && (m_recording || m_recordingBeside.isEmpty()))
        return m_trace;
    RunTrace shown = m_trace;
    if (!m_planFilter.isEmpty())
        shown.plans.removeIf([this](const PlanTrace &plan) { return !m_planFilter.contains(plan.id); });
    if (!m_recording)
        shown.plans.append(m_recordingBeside);
    return shown;
}

void RunController::setRecordingBeside(const RunTrace &recording)
{
    m_recordingBeside.clear();
    for (PlanTrace plan : recording.plans) {
        // "recorded" alone for one page: page names are often whole URLs, too long for the chart.
        plan.name = recording.plans.size() == 1 ? tr("recorded") : tr("recorded: %1").arg(plan.name);
        plan.id = plan.name; // no plan of the scenario is called so: nothing edits it
        m_recordingBeside.append(std::move(plan));
    }
    emit traceChanged();
}

void RunController::setSeed(quint64 seed)
{
    if (m_seed == seed)
        return;
    m_seed = seed;
    emit seedChanged(seed);
    rerun();
}

void RunController::reroll()
{
    quint64 next = m_seed;
    while (next == m_seed)
        next = QRandomGenerator::global()->bounded(1, 1000000);
    setSeed(next);
}

void RunController::setRealNetwork(bool real)
{
    if (m_realNetwork == real)
        return;
    m_realNetwork = real;
    emit realNetworkChanged(real);
    rerun();
}

void RunController::showRecording(RunTrace recording)
{
    ++m_generation; // a real run still in its event loop must not replace the recording
    m_recording = true;
    m_planFilter.clear();
    for (PlanTrace &plan : recording.plans) {
        if (plan.id.isEmpty())
            plan.id = plan.name; // importers know no scenario: the recorded name is the identity
    }
    m_trace = std::move(recording);
    emit traceChanged();
}

void RunController::leaveRecording()
{
    m_recording = false;
}

void RunController::setTrialsCount(int n)
{
    m_trialsCount = n;
    startTrialsIfWanted();
}

void RunController::rerun()
{
    ++m_generation; // what a run still in progress computes is for the inputs before this call
    if (m_running) {
        m_runAgain = true;
        return;
    }
    if (m_recording)
        return; // a recorded trace is shown as it is
    // Timed from here to the drawn trace: what a user feels after a slider step.
    const QScopedValueRollback<bool> guard(m_running, true);
    QElapsedTimer elapsed;
    elapsed.start();
    quint64 generation = m_generation;
    QString error;
    std::optional<RunTrace> ran = runScenario(&error);
    if (!ran) {
        emit networkRunFailed(error);
        m_realNetwork = false;
        emit realNetworkChanged(false);
        generation = m_generation;
        ran = runScenario(&error);
    }
    if (generation != m_generation) {
        // An edit or a recording arrived while a real run spun its event loop:
        // this result is for a scenario that is no longer the one shown.
        emit staleRunDropped(generation);
    } else {
        RunTrace trace = std::move(*ran);
        for (int i = 0; i < trace.plans.size(); ++i) {
            if (m_document->planError(i))
                trace.plans[i].name += tr(" (last valid version)"); // display only: the id stays
        }
        m_trace = std::move(trace);
        emit traceChanged();
        m_lastRerunMs = double(elapsed.nsecsElapsed()) / 1e6;
        startTrialsIfWanted();
        emit rerunFinished(m_lastRerunMs);
    }
    if (std::exchange(m_runAgain, false))
        QMetaObject::invokeMethod(this, &RunController::rerun, Qt::QueuedConnection);
}

std::optional<RunTrace> RunController::runScenario(QString *error)
{
    RunOptions options;
    options.seed = m_seed;
    if (!m_realNetwork)
        return runVirtual(m_document->scenario(), options);
    // A copy: the run spins an event loop in which the document may change.
    const Scenario scenario = m_document->scenario();
    emit networkRunActive(true);
    std::optional<RunTrace> trace = m_networkRun(scenario, options, error);
    emit networkRunActive(false);
    return trace;
}

void RunController::startTrialsIfWanted()
{
    if (m_trialsCount <= 0) {
        m_trials->invalidate();
        return;
    }
    // The runner caps the count to the trial budget; say so at once, not only when the result comes.
    const Scenario &scenario = m_document->scenario();
    const TrialBudget budget = trialBudgetFor(scenario, m_trialsCount);
    emit trialsStarted(budget, int(scenario.plans.size()) * budget.granted);
    m_trials->start(scenario, m_seed, m_trialsCount);
}

} // namespace asyncscope
