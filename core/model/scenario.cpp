#include "scenario.h"

#include "edit_distance.h"
#include "json_messages.h"
#include "json_reader.h"
#include "json_text_position.h"
#include "lesson.h"
#include "plan_limits.h"
#include "scenario_tasks_p.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QSet>

#include <algorithm>

namespace asyncscope {

namespace {

const QString kFormatTag = QStringLiteral("asyncscope-scenario/1");
static_assert(kMaxExpressionMs == kMaxLatencyMs, "a plan may wait as long as a task may take");

// graph(A, B...) and levels(...) run only the listed tasks, so every need must
// be listed too. The expression is at most kMaxExpressionDepth deep.
std::optional<ExpressionError> checkGraphs(const Expr &expr, const QList<TaskSpec> &tasks,
                                           const QHash<QString, int> &taskIndex)
{
    if (expr.kind != Expr::Kind::Call)
        return std::nullopt;
    if ((expr.combinator == Combinator::Graph || expr.combinator == Combinator::Levels) && !expr.args.empty()) {
        QSet<QString> listed;
        for (const Expr &arg : expr.args) {
            if (listed.contains(arg.name))
                return ExpressionError{QStringLiteral("%1: task \"%2\" is listed twice at column %3")
                                           .arg(expr.name, arg.name).arg(arg.column),
                                       arg.column};
            listed.insert(arg.name);
        }
        for (const Expr &arg : expr.args) {
            const int index = taskIndex.value(arg.name, -1);
            if (index < 0)
                continue; // parseExpression() already refused unknown tasks
            for (const QString &need : tasks[index].needs) {
                if (!listed.contains(need))
                    return ExpressionError{QStringLiteral("%1: task \"%2\" needs \"%3\", which is not listed at column %4")
                                               .arg(expr.name, arg.name, need).arg(arg.column),
                                           arg.column};
            }
        }
    }
    for (const Expr &arg : expr.args) {
        if (std::optional<ExpressionError> error = checkGraphs(arg, tasks, taskIndex))
            return error;
    }
    return std::nullopt;
}

ParsedExpression parsePlanWithIndex(const QString &text, const Scenario &scenario, const QStringList &taskIds,
                                    const QSet<QString> &knownTasks, const QHash<QString, int> &taskIndex)
{
    ParsedExpression parsed = parseExpression(text, taskIds, knownTasks);
    if (!parsed.ok())
        return parsed;
    if (std::optional<ExpressionError> error = checkGraphs(*parsed.expr, scenario.tasks, taskIndex)) {
        parsed.expr.reset();
        parsed.error = error;
    } else if (std::optional<ExpressionError> tooMuch = checkInvocationBound(*parsed.expr, int(scenario.tasks.size()))) {
        parsed.expr.reset();
        parsed.error = tooMuch;
    }
    return parsed;
}

// The whole file after the text checks: root fields, tasks, plans, lesson.
class ScenarioReader
{
public:
    Scenario read(const JsonObjectAt &root)
    {
        root.checkKnownFields({QStringLiteral("format"), QStringLiteral("name"), QStringLiteral("description"),
                               QStringLiteral("tasks"), QStringLiteral("plans"), QStringLiteral("connections_per_host"),
                               QStringLiteral("lesson")});
        readFormat(root);
        Scenario scenario;
        scenario.name = root.requiredString(QStringLiteral("name"), TextRule::NotEmpty);
        scenario.description = root.optionalString(QStringLiteral("description"));
        readConnections(root, scenario);
        readLesson(root, scenario);
        scenario.tasks = readScenarioTasks(root.field(QStringLiteral("tasks")), m_taskIndex);
        m_taskIds = scenario.taskIds();
        m_knownTasks = QSet<QString>(m_taskIds.cbegin(), m_taskIds.cend());
        readPlans(root, scenario);
        // The lesson's contents name plans, so they are checked last (core/lesson.h).
        // Its message already starts with its path ("lesson.steps[0]...").
        if (const LessonParseResult lesson = parseLesson(scenario); !lesson.ok())
            throw JsonReadError(QString(), lesson.error);
        return scenario;
    }

private:
    static void readFormat(const JsonObjectAt &root)
    {
        const JsonValueAt format = root.field(QStringLiteral("format"));
        if (format.isMissing())
            format.fail(QStringLiteral("missing; a scenario starts with \"format\": \"%1\"").arg(kFormatTag));
        if (format.value().toString() != kFormatTag)
            format.fail(QStringLiteral("expected \"%1\", got %2").arg(kFormatTag, describeJsonValue(format.value())));
    }

    static void readConnections(const JsonObjectAt &root, Scenario &scenario)
    {
        const JsonValueAt value = root.field(QStringLiteral("connections_per_host"));
        if (!value.isMissing())
            scenario.connectionsPerHost = value.toInteger(u"an integer >= 1", {1});
    }

    static void readLesson(const JsonObjectAt &root, Scenario &scenario)
    {
        const JsonValueAt value = root.field(QStringLiteral("lesson"));
        if (!value.isMissing())
            scenario.lesson = value.toObject().object();
    }

    void readPlans(const JsonObjectAt &root, Scenario &scenario) const
    {
        const JsonArrayAt plans = root.field(QStringLiteral("plans"))
                                      .require(u"a non-empty array of {\"name\", \"run\"}")
                                      .toArray(u"a non-empty array of plans", ArrayRule::NotEmpty);
        if (plans.size() > kMaxPlans)
            plans.fail(QStringLiteral("%1 plans; the limit is %2").arg(plans.size()).arg(kMaxPlans));
        QHash<QString, int> names;
        for (qsizetype i = 0; i < plans.size(); ++i) {
            const JsonObjectAt object =
                plans.at(i).toObject(u"an object such as {\"name\": \"parallel\", \"run\": \"all(a, b)\"}");
            object.checkKnownFields({QStringLiteral("name"), QStringLiteral("run"), QStringLiteral("js")});
            PlanSpec plan;
            plan.name = object.requiredString(QStringLiteral("name"), TextRule::NotEmpty);
            if (names.contains(plan.name))
                object.field(QStringLiteral("name"))
                    .fail(QStringLiteral("duplicate plan name %1 (also plans[%2])")
                              .arg(quotedForMessage(plan.name))
                              .arg(names.value(plan.name)));
            names.insert(plan.name, int(i));
            if (object.contains(QStringLiteral("js"))) {
                // A JavaScript plan (SPEC §6): Node.js checks its syntax when it runs.
                if (object.contains(QStringLiteral("run")))
                    object.field(QStringLiteral("js")).fail(QStringLiteral("a plan gives \"run\" or \"js\", not both"));
                plan.js = object.requiredString(QStringLiteral("js"), TextRule::NotBlank);
                if (plan.js.size() > kMaxJavaScriptChars)
                    object.field(QStringLiteral("js")).fail(QStringLiteral("code is %1 characters long; the limit is %2")
                                                                .arg(plan.js.size())
                                                                .arg(kMaxJavaScriptChars));
                scenario.plans.append(std::move(plan));
                continue;
            }
            plan.run = object.requiredString(QStringLiteral("run"));
            ParsedExpression parsed = parsePlanWithIndex(plan.run, scenario, m_taskIds, m_knownTasks, m_taskIndex);
            if (!parsed.ok())
                object.field(QStringLiteral("run")).fail(parsed.error->message);
            plan.expr = std::move(*parsed.expr);
            scenario.plans.append(std::move(plan));
        }
    }

    QHash<QString, int> m_taskIndex;
    QStringList m_taskIds;
    QSet<QString> m_knownTasks; // built once, not once per plan
};

// The text checks, before any field is read: encoding, syntax, a field given
// twice, an object at the top. Throws JsonReadError.
QJsonObject parseScenarioText(const QByteArray &json)
{
    // Binary input is named as such at its first bad byte, before the JSON parser guesses at it.
    const qsizetype zeroByte = json.indexOf('\0');
    qsizetype badByte = firstInvalidUtf8Offset(json);
    if (zeroByte >= 0 && (badByte < 0 || zeroByte < badByte))
        badByte = zeroByte;
    if (badByte >= 0) {
        const QString byte = QStringLiteral("0x%1").arg(uchar(json[badByte]), 2, 16, QLatin1Char('0'));
        throw JsonReadError::atOffset(json, badByte,
                                      zeroByte >= 0
                                          ? QStringLiteral("binary data, not a JSON text file (byte %1)").arg(byte)
                                          : QStringLiteral("not UTF-8 text (byte %1); a scenario is a UTF-8 JSON file").arg(byte));
    }
    // A JSON scalar at the top level would only get "illegal value" from the parser.
    const qsizetype first = firstSignificantOffset(json);
    if (first >= json.size())
        throw JsonReadError(QString(), QStringLiteral("empty file, expected a JSON object"));
    if (json[first] != '{' && json[first] != '[')
        throw JsonReadError::atOffset(json, first, QStringLiteral("expected a JSON object {...} at the top level"));

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        throw jsonSyntaxError(json, parseError);
    // Unknown fields are refused so typos are caught; a field given twice is the same kind of slip.
    const DuplicateKey duplicate = firstDuplicateKey(json);
    if (duplicate.offset >= 0)
        throw JsonReadError::atOffset(json, duplicate.offset,
                                      QStringLiteral("field %1 is given twice in the same object")
                                          .arg(quotedForMessage(QString::fromUtf8(duplicate.name))));
    if (!document.isObject())
        throw JsonReadError(QString(), QStringLiteral("the top level must be a JSON object {...}, got %1")
                                           .arg(document.isArray() ? QStringLiteral("an array") : QStringLiteral("a scalar")));
    return document.object();
}

QString formatMegabytes(qint64 bytes)
{
    return QString::number(double(bytes) / (1024.0 * 1024.0), 'f', 1);
}

QString tooLargeMessage(const QString &displayName, qint64 bytes)
{
    return QStringLiteral("%1: file is %2 MB; the limit is %3 MB")
        .arg(displayName, formatMegabytes(bytes))
        .arg(kMaxScenarioBytes / (1024 * 1024));
}

LoadResult failure(const QString &message)
{
    LoadResult result;
    result.error = message;
    return result;
}

QString firstSentence(const QString &text)
{
    QString line = text.section(u'\n', 0, 0).trimmed();
    const qsizetype stop = line.indexOf(QLatin1String(". "));
    if (stop >= 0)
        line.truncate(stop + 1);
    return line;
}

LoadResult loadExample(const QString &name, const QString &displayName)
{
    QFile file(QStringLiteral(":/examples/%1.json").arg(name));
    if (!file.open(QIODevice::ReadOnly)) {
        QStringList names;
        for (const ExampleInfo &example : builtInExamples())
            names.append(example.name);
        return failure(QStringLiteral("unknown example \"%1\"%2; run \"asyncscope examples\" for the list")
                           .arg(name, didYouMean(name, names)));
    }
    return loadScenario(file.readAll(), displayName);
}

} // namespace

ParsedExpression parsePlan(const QString &text, const Scenario &scenario)
{
    QHash<QString, int> taskIndex;
    taskIndex.reserve(scenario.tasks.size());
    for (qsizetype i = 0; i < scenario.tasks.size(); ++i)
        taskIndex.insert(scenario.tasks[i].id, int(i));
    const QStringList taskIds = scenario.taskIds();
    return parsePlanWithIndex(text, scenario, taskIds, QSet<QString>(taskIds.cbegin(), taskIds.cend()), taskIndex);
}

int Scenario::taskIndex(const QString &id) const
{
    for (qsizetype i = 0; i < tasks.size(); ++i) {
        if (tasks[i].id == id)
            return int(i);
    }
    return -1;
}

QStringList Scenario::taskIds() const
{
    QStringList ids;
    ids.reserve(tasks.size());
    for (const TaskSpec &task : tasks)
        ids.append(task.id);
    return ids;
}

QStringList Scenario::planNames() const
{
    QStringList names;
    names.reserve(plans.size());
    for (const PlanSpec &plan : plans)
        names.append(plan.name);
    return names;
}

const PlanSpec *Scenario::planByName(const QString &name) const
{
    const auto found = std::find_if(plans.cbegin(), plans.cend(), [&](const PlanSpec &p) { return p.name == name; });
    return found == plans.cend() ? nullptr : &*found;
}

QJsonObject Scenario::toJson() const
{
    QJsonObject root;
    root.insert(QLatin1String("format"), kFormatTag);
    root.insert(QLatin1String("name"), name);
    if (!description.isEmpty())
        root.insert(QLatin1String("description"), description);
    if (connectionsPerHost)
        root.insert(QLatin1String("connections_per_host"), *connectionsPerHost);

    QJsonArray taskArray;
    for (const TaskSpec &task : tasks)
        taskArray.append(taskToJson(task));
    root.insert(QLatin1String("tasks"), taskArray);

    QJsonArray planArray;
    for (const PlanSpec &plan : plans) {
        QJsonObject object;
        object.insert(QLatin1String("name"), plan.name);
        if (plan.isJavaScript())
            object.insert(QLatin1String("js"), plan.js);
        else
            object.insert(QLatin1String("run"), plan.run.isEmpty() ? toText(plan.expr) : plan.run);
        planArray.append(object);
    }
    root.insert(QLatin1String("plans"), planArray);
    if (!lesson.isEmpty())
        root.insert(QLatin1String("lesson"), lesson);
    return root;
}

LoadResult loadScenario(const QByteArray &json, const QString &displayName)
{
    if (json.size() > kMaxScenarioBytes)
        return failure(tooLargeMessage(displayName, json.size()));
    if (json.trimmed().isEmpty())
        return failure(QStringLiteral("%1: empty file, expected a JSON object").arg(displayName));
    try {
        const JsonObjectAt root(parseScenarioText(json), JsonPath());
        LoadResult result;
        result.scenario = ScenarioReader().read(root);
        return result;
    } catch (const JsonReadError &error) {
        return failure(error.message(displayName));
    }
}

LoadResult loadScenarioFile(const QString &fileArgument)
{
    if (fileArgument.startsWith(QLatin1String("example:")))
        return loadExample(fileArgument.mid(int(qstrlen("example:"))), fileArgument);

    QFile file;
    QString displayName = fileArgument;
    if (fileArgument == QLatin1String("-")) {
        displayName = QStringLiteral("<stdin>");
        if (!file.open(stdin, QIODevice::ReadOnly))
            return failure(QStringLiteral("%1: cannot read: %2").arg(displayName, file.errorString()));
    } else {
        const QFileInfo info(fileArgument);
        if (info.isDir())
            return failure(QStringLiteral("%1: cannot open: it is a directory").arg(displayName));
        // Refuse by size before reading anything (a regular file reports its size).
        if (info.isFile() && info.size() > kMaxScenarioBytes)
            return failure(tooLargeMessage(displayName, info.size()));
        file.setFileName(fileArgument);
        if (!file.open(QIODevice::ReadOnly))
            return failure(QStringLiteral("%1: cannot open: %2").arg(displayName, file.errorString()));
    }
    // Bounded read: pipes and devices (/dev/zero) have no size to check first.
    // A pipe hands over 64 KB per read, so read until the end (or the limit).
    QByteArray json;
    while (json.size() <= kMaxScenarioBytes) {
        const QByteArray chunk = file.read(kMaxScenarioBytes + 1 - json.size());
        if (chunk.isEmpty())
            break;
        json += chunk;
    }
    if (json.size() > kMaxScenarioBytes)
        return failure(QStringLiteral("%1: input is larger than the %2 MB limit").arg(displayName).arg(kMaxScenarioBytes / (1024 * 1024)));
    return loadScenario(json, displayName);
}

QList<ExampleInfo> builtInExamples()
{
    QList<ExampleInfo> examples;
    const QDir dir(QStringLiteral(":/examples"));
    const QFileInfoList files = dir.entryInfoList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    for (const QFileInfo &info : files) {
        ExampleInfo example;
        example.name = info.completeBaseName();
        QFile file(info.filePath());
        LoadResult loaded = file.open(QIODevice::ReadOnly)
            ? loadScenario(file.readAll(), QStringLiteral("example:%1").arg(example.name))
            : failure(file.errorString());
        if (loaded.ok()) {
            example.title = loaded.scenario->name;
            example.description = firstSentence(loaded.scenario->description);
        } else {
            example.title = example.name;
            example.description = QStringLiteral("(does not load: %1)").arg(loaded.error);
        }
        examples.append(example);
    }
    std::sort(examples.begin(), examples.end(),
              [](const ExampleInfo &a, const ExampleInfo &b) { return a.name < b.name; });
    return examples;
}

} // namespace asyncscope
