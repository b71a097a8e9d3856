#include "run_controller.h"

#include "network_run.h"
#include "scenario_document.h"
#include "trials_runner.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QScopedValueRollback>
#include <QSemaphore>
#include <QtConcurrent>

#include <algorithm>
#include <memory>
#include <utility>

namespace asyncscope {

RunController::RunController(const ScenarioDocument *document, QObject *parent)
    : QObject(parent)
    , m_document(document)
    , m_trials(new TrialsRunner(this))
    , m_networkRun(&runOnNetwork)
{
    connect(m_document, &ScenarioDocument::edited, this, &RunController::rerun);
    connect(m_document, &ScenarioDocument::scenarioReplaced, this, [this] { m_lastValidJavaScript.clear(); });
    connect(&m_javaScriptRun, &QFutureWatcher<RunTrace>::finished, this, &RunController::javaScriptRunFinished);
    m_runThread.setMaxThreadCount(1);
    m_runThread.setExpiryTimeout(-1); // the thread, and so its warm Node worker, lives as long as this
}

RunController::~RunController()
{
    // A run under way ends by its wall-time limit at the latest; its result goes nowhere.
    m_javaScriptRun.disconnect(this);
    m_runThread.waitForDone();
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

namespace {

bool hasJavaScriptPlans(const Scenario &scenario)
{
    return std::any_of(scenario.plans.cbegin(), scenario.plans.cend(),
                       [](const PlanSpec &plan) { return plan.isJavaScript(); });
}

} // namespace

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
    QElapsedTimer elapsed;
    elapsed.start();
    if (!m_realNetwork && hasJavaScriptPlans(m_document->scenario())) {
        std::optional<RunTrace> done;
        if (startJavaScriptRun(&done)) {
            applyRun(std::move(*done), elapsed); // no event ran meanwhile: it cannot be stale
        } else {
            m_running = true; // until javaScriptRunFinished
            m_javaScriptActive = true;
            emit javaScriptRunActive(true);
        }
        return;
    }
    const QScopedValueRollback<bool> guard(m_running, true);
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
        applyRun(std::move(*ran), elapsed);
    }
    if (std::exchange(m_runAgain, false))
        QMetaObject::invokeMethod(this, &RunController::rerun, Qt::QueuedConnection);
}

bool RunController::startJavaScriptRun(std::optional<RunTrace> *done)
{
    RunOptions options;
    options.seed = m_seed;
    m_javaScriptGeneration = m_generation;
    m_javaScriptElapsed.start();
    // The lambda owns a copy of the scenario (implicitly shared, read-only on
    // the run thread); the semaphore lets this thread wait a bounded time.
    auto finished = std::make_shared<QSemaphore>();
    QFuture<RunTrace> future = QtConcurrent::run(&m_runThread, [scenario = m_document->scenario(), options, finished] {
        RunTrace trace = runVirtual(scenario, options);
        finished->release();
        return trace;
    });
    if (finished->tryAcquire(1, kSyncWaitMs)) {
        *done = future.result(); // reported right after the release
        return true;
    }
    m_javaScriptRun.setFuture(future);
    return false;
}

void RunController::javaScriptRunFinished()
{
    RunTrace trace = m_javaScriptRun.result(); // (the watcher is not reset here: we are inside its signal)
    m_running = false;
    m_javaScriptActive = false;
    emit javaScriptRunActive(false);
    if (m_javaScriptGeneration != m_generation)
        emit staleRunDropped(m_javaScriptGeneration); // an edit or a recording overtook it
    else
        applyRun(std::move(trace), m_javaScriptElapsed);
    if (std::exchange(m_runAgain, false))
        QMetaObject::invokeMethod(this, &RunController::rerun, Qt::QueuedConnection);
}

void RunController::applyRun(RunTrace trace, const QElapsedTimer &sinceEdit)
{
    for (int i = 0; i < trace.plans.size(); ++i) {
        if (m_document->planError(i))
            trace.plans[i].name += tr(" (last valid version)"); // display only: the id stays
    }
    keepLastValidJavaScript(trace);
    m_trace = std::move(trace);
    emit traceChanged();
    m_lastRerunMs = double(sinceEdit.nsecsElapsed()) / 1e6;
    startTrialsIfWanted();
    emit rerunFinished(m_lastRerunMs);
}

void RunController::keepLastValidJavaScript(RunTrace &trace)
{
    m_planRunErrors.clear();
    for (PlanTrace &plan : trace.plans) {
        const PlanSpec *spec = m_document->scenario().planByName(plan.id);
        if (!spec || !spec->isJavaScript())
            continue;
        if (plan.runError.isEmpty()) {
            m_lastValidJavaScript.insert(plan.id, plan);
            continue;
        }
        m_planRunErrors.insert(plan.id, plan.runError);
        const auto kept = m_lastValidJavaScript.constFind(plan.id);
        if (kept == m_lastValidJavaScript.cend())
            continue; // never ran: the plan shows its error
        PlanTrace last = *kept;
        last.name += tr(" (last valid version)");
        plan = std::move(last);
    }
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
