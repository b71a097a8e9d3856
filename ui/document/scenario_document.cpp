#include "scenario_document.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>

#include <algorithm>

namespace asyncscope {

namespace {

const char kNewScenarioJson[] = R"json({
  "format": "asyncscope-scenario/1",
  "name": "Untitled",
  "description": "Two requests: one after another, or both at once",
  "tasks": [
    {"id": "a", "label": "GET /a", "latency_ms": 300},
    {"id": "b", "label": "GET /b", "latency_ms": 200}
  ],
  "plans": [
    {"name": "sequential", "run": "seq(a, b)"},
    {"name": "parallel", "run": "all(a, b)"}
  ]
})json";

} // namespace

ScenarioDocument::ScenarioDocument(QObject *parent)
    : QObject(parent)
{
}

bool ScenarioDocument::load(const QString &fileArgument, QString *error)
{
    LoadResult result = loadScenarioFile(fileArgument);
    if (!result.ok()) {
        if (error)
            *error = result.error;
        return false;
    }
    const bool isFile = !fileArgument.startsWith(QLatin1String("example:")) && fileArgument != QLatin1String("-");
    setScenario(*result.scenario, isFile ? QFileInfo(fileArgument).absoluteFilePath() : QString(),
                isFile ? QFileInfo(fileArgument).fileName() : fileArgument);
    return true;
}

void ScenarioDocument::setScenario(const Scenario &scenario, const QString &filePath, const QString &displayName)
{
    m_scenario = scenario;
    m_filePath = filePath;
    m_displayName = displayName;
    m_planDrafts.clear();
    m_planErrors.clear();
    for (const PlanSpec &plan : m_scenario.plans) {
        m_planDrafts.append(plan.run);
        m_planErrors.append(std::nullopt);
    }
    emit scenarioReplaced();
    emit fileChanged();
    setDirty(false);
    emit edited();
}

void ScenarioDocument::newScenario()
{
    LoadResult result = loadScenario(QByteArray(kNewScenarioJson), QStringLiteral("untitled"));
    Q_ASSERT(result.ok());
    if (result.ok())
        setScenario(*result.scenario, QString(), QStringLiteral("Untitled"));
}

bool ScenarioDocument::save(QString *error)
{
    if (m_filePath.isEmpty()) {
        if (error)
            *error = tr("The scenario has no file name yet.");
        return false;
    }
    return saveAs(m_filePath, error);
}

bool ScenarioDocument::saveAs(const QString &path, QString *error)
{
    // QSaveFile writes a temporary file and renames it on commit, so a crash
    // or a full disk never leaves a half-written scenario behind.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = tr("%1: %2").arg(path, file.errorString());
        return false;
    }
    file.write(QJsonDocument(m_scenario.toJson()).toJson(QJsonDocument::Indented));
    if (!file.commit()) {
        if (error)
            *error = tr("%1: %2").arg(path, file.errorString());
        return false;
    }
    const QString absolute = QFileInfo(path).absoluteFilePath();
    if (absolute != m_filePath) {
        m_filePath = absolute;
        m_displayName = QFileInfo(path).fileName();
        emit fileChanged();
    }
    setDirty(false);
    return true;
}

void ScenarioDocument::setDirty(bool dirty)
{
    if (m_dirty == dirty)
        return;
    m_dirty = dirty;
    emit dirtyChanged(dirty);
}

void ScenarioDocument::markEdited()
{
    setDirty(true);
    emit edited();
}

void ScenarioDocument::setTaskLatency(int row, double ms)
{
    if (row < 0 || row >= m_scenario.tasks.size() || ms < 0)
        return;
    TaskSpec &task = m_scenario.tasks[row];
    const double nominal = task.nominalLatencyMs(1);
    if (qFuzzyCompare(nominal + 1, ms + 1))
        return;
    // Scale rather than replace, so a distribution keeps its shape and a
    // per-invocation list keeps its proportions while the slider moves.
    if (nominal > 0 && task.latency) {
        const double ratio = ms / nominal;
        task.latency->a *= ratio;
        task.latency->b *= ratio;
    } else if (nominal > 0 && task.latencyMs.size() > 1) {
        const double ratio = ms / nominal;
        for (double &each : task.latencyMs)
            each *= ratio;
        task.latencyMs.first() = ms; // exact for the shown value
    } else {
        task.latency.reset();
        task.latencyMs = {ms};
    }
    emit taskChanged(row);
    markEdited();
}

void ScenarioDocument::setTaskFails(int row, bool fails)
{
    if (row < 0 || row >= m_scenario.tasks.size())
        return;
    TaskSpec &task = m_scenario.tasks[row];
    if (taskFails(task) == fails && task.fails.size() <= 1)
        return;
    task.fails = fails ? QList<bool>{true} : QList<bool>{};
    emit taskChanged(row);
    markEdited();
}

void ScenarioDocument::setTaskFailureRate(int row, double rate)
{
    if (row < 0 || row >= m_scenario.tasks.size())
        return;
    rate = std::clamp(rate, 0.0, 1.0);
    TaskSpec &task = m_scenario.tasks[row];
    if (qFuzzyCompare(task.failureRate + 1, rate + 1))
        return;
    task.failureRate = rate;
    emit taskChanged(row);
    markEdited();
}

std::optional<ExpressionError> ScenarioDocument::setPlanRun(int row, const QString &text)
{
    if (row < 0 || row >= m_scenario.plans.size())
        return std::nullopt;
    if (m_planDrafts.at(row) == text)
        return m_planErrors.at(row);
    m_planDrafts[row] = text;
    // parsePlan: the loader's checks too (graph needs, at most 100 000 invocations),
    // so an edit cannot make a plan that would freeze the window.
    ParsedExpression parsed = parsePlan(text, m_scenario);
    if (!parsed.ok()) {
        m_planErrors[row] = parsed.error.value_or(ExpressionError{tr("invalid expression"), 1});
        setDirty(true);
        emit planChanged(row);
        return m_planErrors.at(row);
    }
    m_planErrors[row] = std::nullopt;
    PlanSpec &plan = m_scenario.plans[row];
    plan.run = text;
    plan.expr = std::move(*parsed.expr);
    emit planChanged(row);
    markEdited();
    return std::nullopt;
}

QString ScenarioDocument::planDraft(int row) const
{
    return m_planDrafts.value(row);
}

std::optional<ExpressionError> ScenarioDocument::planError(int row) const
{
    return m_planErrors.value(row);
}

bool ScenarioDocument::hasInvalidPlans() const
{
    return std::any_of(m_planErrors.begin(), m_planErrors.end(), [](const auto &e) { return e.has_value(); });
}

} // namespace asyncscope
