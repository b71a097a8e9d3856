#include "scenario_document.h"

#include "js_names.h"
#include "lesson.h"
#include "needs_cycle.h"
#include "scenario_writer.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSaveFile>
#include <QUndoStack>

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

constexpr int kUndoLimit = 500;

QString msText(double ms)
{
    return QString::number(ms, 'g', 12);
}

QString jsonText(const QJsonValue &value)
{
    if (value.isUndefined() || value.isNull())
        return QStringLiteral("(default)");
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    QString text = QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2));
    if (text.size() > 40)
        text = text.left(39) + QChar(0x2026);
    return text;
}

QString listText(const QList<double> &values)
{
    QStringList parts;
    for (double v : values)
        parts << msText(v);
    return QLatin1Char('[') + parts.join(QStringLiteral(", ")) + QLatin1Char(']');
}

QString boolsText(const QList<bool> &values)
{
    if (values.isEmpty())
        return QStringLiteral("never");
    QStringList parts;
    for (bool v : values)
        parts << (v ? QStringLiteral("true") : QStringLiteral("false"));
    return values.size() == 1 ? parts.first() : QLatin1Char('[') + parts.join(QStringLiteral(", ")) + QLatin1Char(']');
}

QString distributionText(const std::optional<LatencyDistribution> &d)
{
    if (!d)
        return QStringLiteral("none");
    switch (d->kind) {
    case LatencyDistribution::Kind::Fixed: return QStringLiteral("fixed %1").arg(d->a);
    case LatencyDistribution::Kind::Uniform: return QStringLiteral("uniform %1–%2").arg(d->a).arg(d->b);
    case LatencyDistribution::Kind::Normal: return QStringLiteral("normal %1±%2").arg(d->a).arg(d->b);
    case LatencyDistribution::Kind::LogNormal: return QStringLiteral("lognormal %1/p95 %2").arg(d->a).arg(d->b);
    case LatencyDistribution::Kind::Exponential: return QStringLiteral("exponential %1").arg(d->a);
    }
    return {};
}

bool sameDistribution(const std::optional<LatencyDistribution> &x, const std::optional<LatencyDistribution> &y)
{
    if (x.has_value() != y.has_value())
        return false;
    return !x || (x->kind == y->kind && x->a == y->a && x->b == y->b);
}

// The loader's message without the name it was given ("edit: tasks[1].needs: ..." -> "tasks[1].needs: ...").
QString validationError(const Scenario &scenario)
{
    static const QString name = QStringLiteral("edit");
    const LoadResult result = loadScenario(QJsonDocument(scenario.toJson()).toJson(QJsonDocument::Compact), name);
    if (result.ok())
        return {};
    QString message = result.error;
    if (message.startsWith(name + QLatin1String(": ")))
        message = message.mid(name.size() + 2);
    return message;
}

bool refuse(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

bool isTaskId(const QString &id)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    return pattern.match(id).hasMatch();
}

// `text` with every task token `from` replaced by `to`, found by the parser
// (so "a" in "all(a, aa)" is the only one renamed); unchanged if it does not parse.
QString renamedInExpression(const QString &text, const QString &from, const QString &to, const QStringList &taskIds)
{
    const ParsedExpression parsed = parseExpression(text, taskIds);
    if (!parsed.ok())
        return text;
    QList<int> columns;
    std::vector<const Expr *> stack{&*parsed.expr};
    while (!stack.empty()) {
        const Expr *node = stack.back();
        stack.pop_back();
        if (node->kind == Expr::Kind::Task && node->name == from)
            columns << node->column;
        for (const Expr &arg : node->args)
            stack.push_back(&arg);
    }
    std::sort(columns.begin(), columns.end(), std::greater<>());
    QString out = text;
    for (int column : columns) {
        if (out.mid(column - 1, from.size()) == from)
            out.replace(column - 1, from.size(), to);
    }
    return out;
}

// The lesson as written with plan `from` called `to`: the steps' plans and the predict questions' plan.
QJsonObject lessonWithPlanRenamed(QJsonObject lesson, const QString &from, const QString &to)
{
    QJsonArray steps = lesson.value(QLatin1String("steps")).toArray();
    for (qsizetype i = 0; i < steps.size(); ++i) {
        QJsonObject step = steps.at(i).toObject();
        if (step.contains(QLatin1String("plans"))) {
            QJsonArray plans = step.value(QLatin1String("plans")).toArray();
            for (qsizetype p = 0; p < plans.size(); ++p) {
                if (plans.at(p).toString() == from)
                    plans[p] = to;
            }
            step.insert(QLatin1String("plans"), plans);
        }
        QJsonObject question = step.value(QLatin1String("question")).toObject();
        if (question.value(QLatin1String("plan")).toString() == from) {
            question.insert(QLatin1String("plan"), to);
            step.insert(QLatin1String("question"), question);
        }
        steps[i] = step;
    }
    if (lesson.contains(QLatin1String("steps")))
        lesson.insert(QLatin1String("steps"), steps);
    return lesson;
}

// The lesson with task `from` called `to` in its exercises' conditions (their "tasks" keys).
QJsonObject lessonWithTaskRenamed(QJsonObject lesson, const QString &from, const QString &to)
{
    QJsonArray steps = lesson.value(QLatin1String("steps")).toArray();
    for (qsizetype i = 0; i < steps.size(); ++i) {
        QJsonObject step = steps.at(i).toObject();
        QJsonObject question = step.value(QLatin1String("question")).toObject();
        QJsonArray conditions = question.value(QLatin1String("conditions")).toArray();
        for (qsizetype c = 0; c < conditions.size(); ++c) {
            QJsonObject condition = conditions.at(c).toObject();
            QJsonObject tasks = condition.value(QLatin1String("tasks")).toObject();
            if (!tasks.contains(from))
                continue;
            tasks.insert(to, tasks.take(from));
            condition.insert(QLatin1String("tasks"), tasks);
            conditions[c] = condition;
        }
        if (question.contains(QLatin1String("conditions"))) {
            question.insert(QLatin1String("conditions"), conditions);
            step.insert(QLatin1String("question"), question);
            steps[i] = step;
        }
    }
    if (lesson.contains(QLatin1String("steps")))
        lesson.insert(QLatin1String("steps"), steps);
    return lesson;
}

QString uniqueName(const QString &stem, const QStringList &taken, bool startWithStem)
{
    if (startWithStem && !taken.contains(stem))
        return stem;
    for (int n = 1;; ++n) {
        const QString candidate = startWithStem ? QStringLiteral("%1_%2").arg(stem).arg(n) : stem + QString::number(n);
        if (!taken.contains(candidate))
            return candidate;
    }
}

} // namespace

ScenarioDocument::ScenarioDocument(QObject *parent)
    : QObject(parent)
    , m_undoStack(new QUndoStack(this))
{
    m_undoStack->setUndoLimit(kUndoLimit);
    connect(m_undoStack, &QUndoStack::cleanChanged, this, [this](bool clean) { setDirtyFlag(!clean); });
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
    m_state.scenario = scenario;
    m_filePath = filePath;
    m_displayName = displayName;
    m_state.planDrafts.clear();
    m_state.planErrors.clear();
    for (const PlanSpec &plan : m_state.scenario.plans)
        m_state.planDrafts.append(plan.run);
    m_state.planErrors.resize(m_state.planDrafts.size()); // every plan as loaded is valid
    m_interactiveDepth = 0;
    m_undoStack->clear();
    m_undoStack->setClean();
    emit scenarioReplaced();
    emit fileChanged();
    setDirtyFlag(false);
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

QByteArray ScenarioDocument::fileContents() const
{
    return scenarioFileText(m_state.scenario);
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
    file.write(fileContents());
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
    // Modified with no saved state to undo back to (a recovered session, a pasted
    // scenario, an opened picture): no state of the stack is clean any more.
    if (dirty)
        m_undoStack->resetClean();
    else
        m_undoStack->setClean();
    setDirtyFlag(dirty);
}

void ScenarioDocument::setDirtyFlag(bool dirty)
{
    if (m_dirty == dirty)
        return;
    m_dirty = dirty;
    emit dirtyChanged(dirty);
}

void ScenarioDocument::beginInteractiveEdit(const QString &what)
{
    Q_UNUSED(what); // the commands name what changed; `what` is for readers of the call
    if (m_interactiveDepth++ == 0) {
        ++m_interactiveSerial;
        emit interactiveEditStarted();
    }
}

void ScenarioDocument::endInteractiveEdit()
{
    if (m_interactiveDepth > 0)
        --m_interactiveDepth;
}

QString ScenarioDocument::mergeKeyFor(const QString &edit) const
{
    if (m_interactiveDepth > 0)
        return QStringLiteral("interactive#%1").arg(m_interactiveSerial);
    return edit;
}

void ScenarioDocument::applyState(const DocumentState &state, const EditChange &change)
{
    m_state = state;
    switch (change.scope) {
    case EditScope::Task: emit taskChanged(change.row); break;
    case EditScope::Plan: emit planChanged(change.row); break;
    case EditScope::Structure: emit structureChanged(); break;
    case EditScope::Description: emit descriptionChanged(); break;
    case EditScope::Lesson: emit lessonChanged(); break;
    }
    if (change.runnable)
        emit edited();
}

bool ScenarioDocument::validTaskRow(int row, QString *error) const
{
    if (row >= 0 && row < m_state.scenario.tasks.size())
        return true;
    return refuse(error, tr("no task at row %1").arg(row));
}

bool ScenarioDocument::validPlanRow(int row, QString *error) const
{
    if (row >= 0 && row < m_state.scenario.plans.size())
        return true;
    return refuse(error, tr("no plan at row %1").arg(row));
}

bool ScenarioDocument::commitState(DocumentState after, EditChange change, bool validate, QString *error)
{
    if (validate) {
        const QString message = validationError(after.scenario);
        if (!message.isEmpty())
            return refuse(error, message);
    }
    m_undoStack->push(new ScenarioEditCommand(this, m_state, std::move(after), std::move(change)));
    return true;
}

bool ScenarioDocument::commitTask(int row, const TaskSpec &after, EditChange change, bool validate, QString *error)
{
    DocumentState state = m_state;
    state.scenario.tasks[row] = after;
    change.scope = EditScope::Task;
    change.row = row;
    return commitState(std::move(state), std::move(change), validate, error);
}

void ScenarioDocument::setTaskLatency(int row, double ms)
{
    if (!validTaskRow(row, nullptr) || ms < 0 || ms > kMaxLatencyMs)
        return;
    TaskSpec task = m_state.scenario.tasks.at(row);
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
    commitTask(row, task,
               {EditScope::Task, row, true, tr("%1 latency").arg(task.id), msText(nominal), msText(ms), tr(" ms"),
                mergeKeyFor(QString())},
               false, nullptr);
}

void ScenarioDocument::setTaskInvocationLatency(int row, int instance, double ms)
{
    if (!validTaskRow(row, nullptr) || instance < 1 || ms < 0 || ms > kMaxLatencyMs)
        return;
    TaskSpec task = m_state.scenario.tasks.at(row);
    if (task.latency || task.latencyMs.size() <= 1) {
        setTaskLatency(row, ms);
        return;
    }
    const qsizetype index = std::min<qsizetype>(instance - 1, task.latencyMs.size() - 1);
    const double before = task.latencyMs.at(index);
    if (before == ms)
        return;
    task.latencyMs[index] = ms;
    commitTask(row, task,
               {EditScope::Task, row, true, tr("%1 latency #%2").arg(task.id).arg(index + 1), msText(before), msText(ms),
                tr(" ms"), mergeKeyFor(QString())},
               false, nullptr);
}

void ScenarioDocument::setTaskFails(int row, bool fails)
{
    if (!validTaskRow(row, nullptr))
        return;
    TaskSpec task = m_state.scenario.tasks.at(row);
    if (taskFails(task) == fails && task.fails.size() <= 1)
        return;
    task.fails = fails ? QList<bool>{true} : QList<bool>{};
    commitTask(row, task,
               {EditScope::Task, row, true, fails ? tr("%1 fails").arg(task.id) : tr("%1 succeeds").arg(task.id), {}, {}, {},
                mergeKeyFor(QString())},
               false, nullptr);
}

void ScenarioDocument::setTaskInvocationFails(int row, int instance, bool fails)
{
    if (!validTaskRow(row, nullptr) || instance < 1)
        return;
    TaskSpec task = m_state.scenario.tasks.at(row);
    if (task.fails.size() <= 1) {
        setTaskFails(row, fails);
        return;
    }
    const qsizetype index = std::min<qsizetype>(instance - 1, task.fails.size() - 1);
    if (task.fails.at(index) == fails)
        return;
    task.fails[index] = fails;
    commitTask(row, task,
               {EditScope::Task, row, true,
                (fails ? tr("%1 #%2 fails") : tr("%1 #%2 succeeds")).arg(task.id).arg(index + 1), {}, {}, {},
                mergeKeyFor(QString())},
               false, nullptr);
}

void ScenarioDocument::setTaskFailureRate(int row, double rate)
{
    if (!validTaskRow(row, nullptr))
        return;
    rate = std::clamp(rate, 0.0, 1.0);
    TaskSpec task = m_state.scenario.tasks.at(row);
    if (qFuzzyCompare(task.failureRate + 1, rate + 1))
        return;
    const double before = task.failureRate;
    task.failureRate = rate;
    commitTask(row, task,
               {EditScope::Task, row, true, tr("%1 failure rate").arg(task.id), QString::number(before),
                QString::number(rate), {}, mergeKeyFor(QStringLiteral("rate:%1").arg(row))},
               false, nullptr);
}

bool ScenarioDocument::setTaskLatencies(int row, const QList<double> &perInvocationMs, QString *error)
{
    if (!validTaskRow(row, error))
        return false;
    if (perInvocationMs.isEmpty())
        return refuse(error, tr("give at least one latency"));
    TaskSpec task = m_state.scenario.tasks.at(row);
    if (!task.latency && task.latencyMs == perInvocationMs)
        return true;
    const QString before = task.latency ? distributionText(task.latency) : listText(task.latencyMs);
    task.latency.reset();
    task.latencyMs = perInvocationMs;
    return commitTask(row, task,
                      {EditScope::Task, row, true, tr("%1 latencies").arg(task.id), before, listText(perInvocationMs),
                       tr(" ms"), {}},
                      true, error);
}

bool ScenarioDocument::setTaskFailsList(int row, const QList<bool> &perInvocation, QString *error)
{
    if (!validTaskRow(row, error))
        return false;
    TaskSpec task = m_state.scenario.tasks.at(row);
    if (task.fails == perInvocation)
        return true;
    const QString before = boolsText(task.fails);
    task.fails = perInvocation;
    return commitTask(row, task,
                      {EditScope::Task, row, true, tr("%1 fails").arg(task.id), before, boolsText(perInvocation), {}, {}},
                      true, error);
}

bool ScenarioDocument::setTaskDistribution(int row, const std::optional<LatencyDistribution> &distribution, QString *error)
{
    if (!validTaskRow(row, error))
        return false;
    TaskSpec task = m_state.scenario.tasks.at(row);
    if (sameDistribution(task.latency, distribution))
        return true;
    const QString before = task.latency ? distributionText(task.latency) : listText(task.latencyMs);
    if (!distribution && task.latencyMs.isEmpty())
        task.latencyMs = {task.nominalLatencyMs(1)};
    if (!distribution && task.latency)
        task.latencyMs = {task.nominalLatencyMs(1)};
    task.latency = distribution;
    const QString after = distribution ? distributionText(distribution) : listText(task.latencyMs);
    return commitTask(row, task,
                      {EditScope::Task, row, true, tr("%1 latency").arg(task.id), before, after, {},
                       mergeKeyFor(QStringLiteral("dist:%1").arg(row))},
                      true, error);
}

bool ScenarioDocument::setTaskJitter(int row, double ms, QString *error)
{
    if (!validTaskRow(row, error))
        return false;
    TaskSpec task = m_state.scenario.tasks.at(row);
    if (task.jitterMs == ms)
        return true;
    const double before = task.jitterMs;
    task.jitterMs = ms;
    return commitTask(row, task,
                      {EditScope::Task, row, true, tr("%1 jitter").arg(task.id), msText(before), msText(ms), tr(" ms"),
                       mergeKeyFor(QStringLiteral("jitter:%1").arg(row))},
                      true, error);
}

bool ScenarioDocument::setTaskLabel(int row, const QString &label, QString *error)
{
    if (!validTaskRow(row, error))
        return false;
    TaskSpec task = m_state.scenario.tasks.at(row);
    if (task.label == label)
        return true;
    const QString before = task.label;
    task.label = label;
    // A label that reads as a call names the task's JavaScript function: check like the loader.
    return commitTask(row, task,
                      {EditScope::Task, row, true, tr("%1 label").arg(task.id), QLatin1Char('"') + before + QLatin1Char('"'),
                       QLatin1Char('"') + label + QLatin1Char('"'), {}, {}},
                      true, error);
}

bool ScenarioDocument::setTaskValue(int row, const QJsonValue &value, QString *error)
{
    if (!validTaskRow(row, error))
        return false;
    TaskSpec task = m_state.scenario.tasks.at(row);
    if (task.value == value)
        return true;
    const QString before = jsonText(task.value);
    task.value = value;
    return commitTask(row, task, {EditScope::Task, row, true, tr("%1 value").arg(task.id), before, jsonText(value), {}, {}},
                      true, error);
}

bool ScenarioDocument::setTaskError(int row, const QJsonValue &reason, QString *error)
{
    if (!validTaskRow(row, error))
        return false;
    TaskSpec task = m_state.scenario.tasks.at(row);
    if (task.error == reason)
        return true;
    const QString before = jsonText(task.error);
    task.error = reason;
    return commitTask(row, task, {EditScope::Task, row, true, tr("%1 error").arg(task.id), before, jsonText(reason), {}, {}},
                      true, error);
}

bool ScenarioDocument::setTaskNeeds(int row, const QStringList &needs, QString *error)
{
    if (!validTaskRow(row, error))
        return false;
    TaskSpec task = m_state.scenario.tasks.at(row);
    if (task.needs == needs)
        return true;
    for (const QString &need : needs) {
        if (m_state.scenario.taskIndex(need) < 0)
            return refuse(error, tr("%1 cannot need \"%2\": there is no such task").arg(task.id, need));
    }
    if (needs.contains(task.id))
        return refuse(error, tr("%1 cannot need itself").arg(task.id));
    // "c needs a, b → (none)": the undo view's text.
    const auto needsText = [this](const QStringList &list) {
        return list.isEmpty() ? tr("(none)") : list.join(QStringLiteral(", "));
    };
    const QString before = needsText(task.needs);
    task.needs = needs;
    QList<TaskSpec> tasks = m_state.scenario.tasks;
    tasks[row] = task;
    const QStringList cycle = findNeedsCycle(tasks);
    if (!cycle.isEmpty())
        return refuse(error, tr("refused: the needs would make a cycle %1").arg(describeNeedsCycle(cycle)));
    // A graph() plan's listed tasks must include every need: the validation says which.
    return commitTask(row, task,
                      {EditScope::Task, row, true, tr("%1 needs").arg(task.id), before, needsText(needs), {}, {}},
                      true, error);
}

bool ScenarioDocument::setTaskUrl(int row, const QString &url, QString *error)
{
    if (!validTaskRow(row, error))
        return false;
    TaskSpec task = m_state.scenario.tasks.at(row);
    if (task.url == url)
        return true;
    const QString before = task.url.isEmpty() ? tr("(none)") : task.url;
    task.url = url;
    return commitTask(row, task,
                      {EditScope::Task, row, true, tr("%1 url").arg(task.id), before, url.isEmpty() ? tr("(none)") : url, {}, {}},
                      true, error);
}

bool ScenarioDocument::setTaskHost(int row, const QString &host, QString *error)
{
    if (!validTaskRow(row, error))
        return false;
    TaskSpec task = m_state.scenario.tasks.at(row);
    if (task.host == host)
        return true;
    const QString before = task.host.isEmpty() ? tr("(none)") : task.host;
    task.host = host;
    return commitTask(row, task,
                      {EditScope::Task, row, true, tr("%1 host").arg(task.id), before, host.isEmpty() ? tr("(none)") : host, {}, {}},
                      true, error);
}

bool ScenarioDocument::renameTask(int row, const QString &newId, QString *error)
{
    if (!validTaskRow(row, error))
        return false;
    const QString oldId = m_state.scenario.tasks.at(row).id;
    if (newId == oldId)
        return true;
    if (!isTaskId(newId))
        return refuse(error, tr("\"%1\" is not a task id: use letters, digits and _, not starting with a digit").arg(newId));
    if (m_state.scenario.taskIndex(newId) >= 0)
        return refuse(error, tr("there is already a task \"%1\"").arg(newId));
    if (combinatorFromName(newId))
        return refuse(error, tr("\"%1\" is a combinator, not a task id").arg(newId));

    DocumentState state = m_state;
    const QStringList oldIds = m_state.scenario.taskIds();
    TaskSpec &task = state.scenario.tasks[row];
    const QString oldFunction = taskFunctionName(task);
    task.id = newId;
    const QString newFunction = taskFunctionName(task);
    for (TaskSpec &each : state.scenario.tasks) {
        for (QString &need : each.needs) {
            if (need == oldId)
                need = newId;
        }
    }
    state.scenario.lesson = lessonWithTaskRenamed(state.scenario.lesson, oldId, newId); // exercise conditions follow
    for (qsizetype p = 0; p < state.scenario.plans.size(); ++p) {
        PlanSpec &plan = state.scenario.plans[p];
        if (plan.isJavaScript()) {
            // The function follows the id only when it was derived from it (fetchOld -> fetchNew).
            if (oldFunction != newFunction) {
                const QRegularExpression word(QStringLiteral("(?<![A-Za-z0-9_$])%1(?![A-Za-z0-9_$])")
                                                  .arg(QRegularExpression::escape(oldFunction)));
                plan.js.replace(word, newFunction);
            }
            continue;
        }
        plan.run = renamedInExpression(plan.run, oldId, newId, oldIds);
        ParsedExpression parsed = parsePlan(plan.run, state.scenario);
        if (parsed.ok())
            plan.expr = std::move(*parsed.expr);
        if (p < state.planDrafts.size()) {
            state.planDrafts[p] = renamedInExpression(state.planDrafts.at(p), oldId, newId, oldIds);
            if (state.planErrors.at(p)) {
                // A draft that did not parse: parse it again, it may name the new id.
                const ParsedExpression draft = parsePlan(state.planDrafts.at(p), state.scenario);
                state.planErrors[p] = draft.ok() ? std::nullopt : draft.error;
            }
        }
    }
    return commitState(std::move(state),
                       {EditScope::Structure, row, true, tr("rename task %1 → %2").arg(oldId, newId), {}, {}, {}, {}},
                       true, error);
}

int ScenarioDocument::addTask(QString *error)
{
    if (m_state.scenario.tasks.size() >= kMaxTasks)
        return refuse(error, tr("a scenario has at most %1 tasks").arg(kMaxTasks)) ? 0 : -1;
    DocumentState state = m_state;
    TaskSpec task;
    task.id = uniqueName(QStringLiteral("task"), m_state.scenario.taskIds(), false);
    task.latencyMs = {100};
    state.scenario.tasks.append(task);
    const int row = int(state.scenario.tasks.size()) - 1;
    if (!commitState(std::move(state), {EditScope::Structure, row, true, tr("add task %1").arg(task.id), {}, {}, {}, {}},
                     true, error))
        return -1;
    return row;
}

int ScenarioDocument::duplicateTask(int row, QString *error)
{
    if (!validTaskRow(row, error))
        return -1;
    if (m_state.scenario.tasks.size() >= kMaxTasks)
        return refuse(error, tr("a scenario has at most %1 tasks").arg(kMaxTasks)) ? 0 : -1;
    DocumentState state = m_state;
    TaskSpec copy = m_state.scenario.tasks.at(row);
    copy.id = uniqueName(copy.id + QStringLiteral("_copy"), m_state.scenario.taskIds(), true);
    copy.function.clear(); // two tasks may not share a JavaScript function name
    if (taskFunctionName(copy) == taskFunctionName(m_state.scenario.tasks.at(row)))
        copy.label.clear();
    state.scenario.tasks.insert(row + 1, copy);
    if (!commitState(std::move(state),
                     {EditScope::Structure, row + 1, true,
                      tr("duplicate task %1 as %2").arg(m_state.scenario.tasks.at(row).id, copy.id), {}, {}, {}, {}},
                     true, error))
        return -1;
    return row + 1;
}

bool ScenarioDocument::removeTask(int row, QString *error)
{
    if (!validTaskRow(row, error))
        return false;
    const Scenario &scenario = m_state.scenario;
    const QString id = scenario.tasks.at(row).id;
    for (const TaskSpec &other : scenario.tasks) {
        if (other.needs.contains(id))
            return refuse(error, tr("%1 cannot be removed: %2 needs it").arg(id, other.id));
    }
    for (const PlanSpec &plan : scenario.plans) {
        if (plan.isJavaScript()) {
            const QRegularExpression word(QStringLiteral("(?<![A-Za-z0-9_$])%1(?![A-Za-z0-9_$])")
                                              .arg(QRegularExpression::escape(taskFunctionName(scenario.tasks.at(row)))));
            if (plan.js.contains(word))
                return refuse(error, tr("%1 cannot be removed: plan \"%2\" calls %3")
                                         .arg(id, plan.name, taskFunctionName(scenario.tasks.at(row))));
            continue;
        }
        QStringList used;
        plan.expr.collectTasks(used);
        if (used.contains(id))
            return refuse(error, tr("%1 cannot be removed: plan \"%2\" uses it").arg(id, plan.name));
    }
    if (scenario.tasks.size() == 1)
        return refuse(error, tr("a scenario needs at least one task"));
    DocumentState state = m_state;
    state.scenario.tasks.removeAt(row);
    return commitState(std::move(state), {EditScope::Structure, row, true, tr("remove task %1").arg(id), {}, {}, {}, {}},
                       true, error);
}

bool ScenarioDocument::moveTask(int from, int to, QString *error)
{
    if (!validTaskRow(from, error) || !validTaskRow(to, error))
        return false;
    if (from == to)
        return true;
    DocumentState state = m_state;
    state.scenario.tasks.move(from, to);
    return commitState(std::move(state),
                       {EditScope::Structure, to, true,
                        tr("move task %1 to row %2").arg(m_state.scenario.tasks.at(from).id).arg(to + 1), {}, {}, {}, {}},
                       false, error);
}

int ScenarioDocument::addPlan(QString *error)
{
    if (m_state.scenario.plans.size() >= kMaxPlans)
        return refuse(error, tr("a scenario has at most %1 plans").arg(kMaxPlans)) ? 0 : -1;
    DocumentState state = m_state;
    PlanSpec plan;
    plan.name = uniqueName(QStringLiteral("plan"), m_state.scenario.planNames(), false);
    plan.run = QStringLiteral("all(%1)").arg(m_state.scenario.taskIds().join(QStringLiteral(", ")));
    ParsedExpression parsed = parsePlan(plan.run, m_state.scenario);
    if (!parsed.ok()) {
        plan.run = m_state.scenario.tasks.isEmpty() ? QStringLiteral("all()") : m_state.scenario.tasks.first().id;
        parsed = parsePlan(plan.run, m_state.scenario);
        if (!parsed.ok())
            return refuse(error, parsed.error ? parsed.error->message : tr("cannot make a plan")) ? 0 : -1;
    }
    plan.expr = std::move(*parsed.expr);
    state.scenario.plans.append(plan);
    state.planDrafts.append(plan.run);
    state.planErrors.resize(state.planDrafts.size());
    const int row = int(state.scenario.plans.size()) - 1;
    if (!commitState(std::move(state), {EditScope::Structure, row, true, tr("add plan %1").arg(plan.name), {}, {}, {}, {}},
                     true, error))
        return -1;
    return row;
}

int ScenarioDocument::duplicatePlan(int row, QString *error)
{
    if (!validPlanRow(row, error))
        return -1;
    if (m_state.scenario.plans.size() >= kMaxPlans)
        return refuse(error, tr("a scenario has at most %1 plans").arg(kMaxPlans)) ? 0 : -1;
    DocumentState state = m_state;
    PlanSpec copy = m_state.scenario.plans.at(row);
    copy.name = uniqueName(copy.name + QStringLiteral(" copy"), m_state.scenario.planNames(), true);
    state.scenario.plans.insert(row + 1, copy);
    state.planDrafts.insert(row + 1, m_state.planDrafts.at(row));
    state.planErrors.insert(row + 1, m_state.planErrors.at(row));
    if (!commitState(std::move(state),
                     {EditScope::Structure, row + 1, true,
                      tr("duplicate plan %1").arg(m_state.scenario.plans.at(row).name), {}, {}, {}, {}},
                     true, error))
        return -1;
    return row + 1;
}

bool ScenarioDocument::removePlan(int row, QString *error)
{
    if (!validPlanRow(row, error))
        return false;
    if (m_state.scenario.plans.size() == 1)
        return refuse(error, tr("a scenario needs at least one plan"));
    DocumentState state = m_state;
    const QString name = state.scenario.plans.at(row).name;
    state.scenario.plans.removeAt(row);
    state.planDrafts.removeAt(row);
    state.planErrors.removeAt(row);
    // A lesson step that shows this plan would no longer load: the validation names it.
    return commitState(std::move(state), {EditScope::Structure, row, true, tr("remove plan %1").arg(name), {}, {}, {}, {}},
                       true, error);
}

bool ScenarioDocument::movePlan(int from, int to, QString *error)
{
    if (!validPlanRow(from, error) || !validPlanRow(to, error))
        return false;
    if (from == to)
        return true;
    DocumentState state = m_state;
    state.scenario.plans.move(from, to);
    state.planDrafts.move(from, to);
    state.planErrors.move(from, to);
    return commitState(std::move(state),
                       {EditScope::Structure, to, true,
                        tr("move plan %1 to row %2").arg(m_state.scenario.plans.at(from).name).arg(to + 1), {}, {}, {}, {}},
                       false, error);
}

bool ScenarioDocument::renamePlan(int row, const QString &name, QString *error)
{
    if (!validPlanRow(row, error))
        return false;
    const QString oldName = m_state.scenario.plans.at(row).name;
    if (name == oldName)
        return true;
    if (name.trimmed().isEmpty())
        return refuse(error, tr("a plan needs a name"));
    if (m_state.scenario.planNames().contains(name))
        return refuse(error, tr("there is already a plan \"%1\"").arg(name));
    DocumentState state = m_state;
    state.scenario.plans[row].name = name;
    state.scenario.lesson = lessonWithPlanRenamed(state.scenario.lesson, oldName, name); // the lesson follows
    return commitState(std::move(state),
                       {EditScope::Plan, row, true, tr("rename plan %1 → %2").arg(oldName, name), {}, {}, {}, {}}, true, error);
}

bool ScenarioDocument::setScenarioName(const QString &name, QString *error)
{
    if (name == m_state.scenario.name)
        return true;
    DocumentState state = m_state;
    const QString before = state.scenario.name;
    state.scenario.name = name;
    return commitState(std::move(state),
                       {EditScope::Description, -1, true, tr("scenario name"), QLatin1Char('"') + before + QLatin1Char('"'),
                        QLatin1Char('"') + name + QLatin1Char('"'), {}, mergeKeyFor(QStringLiteral("scenario-name"))},
                       true, error);
}

bool ScenarioDocument::setScenarioDescription(const QString &description, QString *error)
{
    if (description == m_state.scenario.description)
        return true;
    DocumentState state = m_state;
    state.scenario.description = description;
    return commitState(std::move(state),
                       {EditScope::Description, -1, false, tr("scenario description"), {}, {}, {},
                        mergeKeyFor(QStringLiteral("scenario-description"))},
                       true, error);
}

bool ScenarioDocument::setLesson(const QJsonObject &lesson, const QString &what, const QString &mergeKey, QString *error)
{
    if (lesson == m_state.scenario.lesson)
        return true;
    const LessonParseResult parsed = parseLesson(lesson, m_state.scenario.planNames(), m_state.scenario.taskIds());
    if (!parsed.ok())
        return refuse(error, parsed.error);
    DocumentState state = m_state;
    state.scenario.lesson = lesson;
    return commitState(std::move(state),
                       {EditScope::Lesson, -1, false, what, {}, {}, {}, mergeKey.isEmpty() ? QString() : mergeKeyFor(mergeKey)},
                       false, error);
}

std::optional<ExpressionError> ScenarioDocument::setPlanRun(int row, const QString &text)
{
    if (!validPlanRow(row, nullptr))
        return std::nullopt;
    if (m_state.planDrafts.at(row) == text)
        return m_state.planErrors.at(row);
    DocumentState state = m_state;
    state.planDrafts[row] = text;
    const QString name = state.scenario.plans.at(row).name;
    // parsePlan: the loader's checks too (graph needs, at most 100 000 invocations),
    // so an edit cannot make a plan that would freeze the window.
    ParsedExpression parsed = parsePlan(text, m_state.scenario);
    bool runnable = false;
    if (!parsed.ok()) {
        state.planErrors[row] = parsed.error.value_or(ExpressionError{tr("invalid expression"), 1});
    } else {
        state.planErrors[row] = std::nullopt;
        PlanSpec &plan = state.scenario.plans[row];
        plan.run = text;
        plan.expr = std::move(*parsed.expr);
        runnable = true;
    }
    const std::optional<ExpressionError> result = state.planErrors.at(row);
    // Typing merges into one step per plan; the text shows the last valid expression reached.
    commitState(std::move(state),
                {EditScope::Plan, row, runnable, tr("plan %1: %2").arg(name, text), {}, {}, {},
                 mergeKeyFor(QStringLiteral("plan-text:%1").arg(row))},
                false, nullptr);
    return result;
}

bool ScenarioDocument::setPlanJavaScript(int row, const QString &code)
{
    if (!validPlanRow(row, nullptr) || code.trimmed().isEmpty())
        return false;
    const PlanSpec &current = m_state.scenario.plans.at(row);
    if (current.js == code)
        return true;
    const bool converting = !current.isJavaScript();
    DocumentState state = m_state;
    PlanSpec &plan = state.scenario.plans[row];
    plan.js = code;
    plan.run.clear();
    plan.expr = Expr();
    state.planDrafts[row].clear();
    state.planErrors[row] = std::nullopt;
    const QString what = converting ? tr("plan %1 as JavaScript").arg(plan.name) : tr("plan %1 code").arg(plan.name);
    commitState(std::move(state),
                {EditScope::Plan, row, true, what, {}, {}, {},
                 converting ? QString() : mergeKeyFor(QStringLiteral("plan-js:%1").arg(row))},
                false, nullptr);
    return true;
}

QString ScenarioDocument::planDraft(int row) const
{
    return m_state.planDrafts.value(row);
}

std::optional<ExpressionError> ScenarioDocument::planError(int row) const
{
    return m_state.planErrors.value(row);
}

bool ScenarioDocument::hasInvalidPlans() const
{
    return std::any_of(m_state.planErrors.begin(), m_state.planErrors.end(), [](const auto &e) { return e.has_value(); });
}

} // namespace asyncscope
