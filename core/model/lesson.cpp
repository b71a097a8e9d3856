#include "lesson.h"

#include "edit_distance.h"
#include "json_messages.h"
#include "json_reader.h"

namespace asyncscope {

namespace {

QString requirePlanName(const JsonValueAt &value, const QStringList &planNames)
{
    const QString name = value.toString(TextRule::AnyText, u"a plan name (a string)");
    if (!planNames.contains(name))
        value.fail(QStringLiteral("unknown plan %1%2").arg(quotedForMessage(name), didYouMean(name, planNames)));
    return name;
}

LessonQuestion parseChoice(const JsonObjectAt &json)
{
    json.checkKnownFields({QStringLiteral("kind"), QStringLiteral("prompt"), QStringLiteral("choices"),
                           QStringLiteral("answer"), QStringLiteral("explain")});
    LessonQuestion question;
    question.kind = LessonQuestion::Kind::Choice;
    question.prompt = json.requiredString(QStringLiteral("prompt"), TextRule::NotBlank);
    question.explain = json.optionalString(QStringLiteral("explain"));

    const JsonValueAt choicesValue = json.field(QStringLiteral("choices"));
    const JsonArrayAt choices = choicesValue.require(u"an array of at least 2 strings").toArray(u"an array of strings");
    if (choices.size() < 2)
        choices.fail(QStringLiteral("needs at least 2 choices, got %1").arg(choices.size()));
    for (qsizetype i = 0; i < choices.size(); ++i) {
        const JsonValueAt choice = choices.at(i);
        const QString text = choice.toString();
        if (question.choices.contains(text))
            choice.fail(QStringLiteral("%1 is listed twice").arg(quotedForMessage(text)));
        question.choices.append(text);
    }

    const QString range = QStringLiteral("(0..%1)").arg(question.choices.size() - 1);
    const JsonValueAt answer = json.field(QStringLiteral("answer"));
    answer.require(QStringLiteral("the index of the right choice %1").arg(range));
    question.answer = answer.toInteger(QStringLiteral("an index into choices %1").arg(range),
                                       {0, double(question.choices.size() - 1)});
    return question;
}

LessonQuestion parsePredict(const JsonObjectAt &json, const QStringList &stepPlans, const QStringList &planNames)
{
    json.checkKnownFields({QStringLiteral("kind"), QStringLiteral("prompt"), QStringLiteral("plan"),
                           QStringLiteral("tolerance_ms"), QStringLiteral("explain")});
    LessonQuestion question;
    question.kind = LessonQuestion::Kind::Predict;
    question.prompt = json.requiredString(QStringLiteral("prompt"), TextRule::NotBlank);
    question.explain = json.optionalString(QStringLiteral("explain"));

    const JsonValueAt plan = json.field(QStringLiteral("plan"));
    question.plan = requirePlanName(plan.require(u"the plan whose settle time is predicted"), planNames);
    if (!stepPlans.isEmpty() && !stepPlans.contains(question.plan))
        plan.fail(QStringLiteral("%1 is not among the step's plans (%2)")
                      .arg(quotedForMessage(question.plan), stepPlans.join(QStringLiteral(", "))));

    const JsonValueAt tolerance = json.field(QStringLiteral("tolerance_ms"));
    if (!tolerance.isMissing())
        question.toleranceMs = tolerance.toNumber(u"a number >= 0", {0});
    return question;
}

QString javaScriptText(const JsonObjectAt &json, const QString &name, TextRule rule)
{
    const QString code = json.requiredString(name, rule);
    if (code.size() > kMaxJavaScriptChars)
        json.field(name).fail(QStringLiteral("code is %1 characters long; the limit is %2")
                                  .arg(code.size()).arg(kMaxJavaScriptChars));
    return code;
}

ExerciseTaskChange parseTaskChange(const JsonValueAt &value)
{
    const JsonObjectAt json = value.toObject(u"an object of task fields to change");
    json.checkKnownFields({QStringLiteral("latency_ms"), QStringLiteral("fails"), QStringLiteral("error"), QStringLiteral("value")});
    if (json.object().isEmpty())
        json.fail(QStringLiteral("changes nothing; give latency_ms, fails, error or value"));
    ExerciseTaskChange change;
    if (const JsonValueAt latency = json.field(QStringLiteral("latency_ms")); !latency.isMissing())
        change.latencyMs = latency.toNumber(u"a number of milliseconds from 0 to 3600000 (one hour)", {0, kMaxLatencyMs});
    if (const JsonValueAt fails = json.field(QStringLiteral("fails")); !fails.isMissing())
        change.fails = fails.toBool();
    change.error = json.object().value(QStringLiteral("error"));
    change.value = json.object().value(QStringLiteral("value"));
    return change;
}

ExerciseCondition parseCondition(const JsonValueAt &value, const QStringList &taskIds, const QStringList &namesSoFar)
{
    const JsonObjectAt json = value.toObject(u"a condition object");
    json.checkKnownFields({QStringLiteral("name"), QStringLiteral("text"), QStringLiteral("tasks")});
    ExerciseCondition condition;
    condition.name = json.requiredString(QStringLiteral("name"), TextRule::NotBlank);
    if (namesSoFar.contains(condition.name))
        json.field(QStringLiteral("name")).fail(QStringLiteral("%1 is the name of another condition").arg(quotedForMessage(condition.name)));
    condition.text = json.optionalString(QStringLiteral("text"));
    const JsonObjectAt tasks = json.requiredObject(QStringLiteral("tasks"));
    for (const QString &id : tasks.object().keys()) {
        const JsonValueAt change = tasks.field(id);
        if (!taskIds.contains(id))
            change.fail(QStringLiteral("unknown task %1%2").arg(quotedForMessage(id), didYouMean(id, taskIds)));
        condition.tasks.append({id, parseTaskChange(change)});
    }
    return condition;
}

LessonQuestion parseExercise(const JsonObjectAt &json, const QStringList &taskIds)
{
    json.checkKnownFields({QStringLiteral("kind"), QStringLiteral("prompt"), QStringLiteral("starter"), QStringLiteral("call"),
                           QStringLiteral("solution"), QStringLiteral("conditions"), QStringLiteral("explain")});
    LessonQuestion question;
    question.kind = LessonQuestion::Kind::Exercise;
    question.prompt = json.requiredString(QStringLiteral("prompt"), TextRule::NotBlank);
    question.explain = json.optionalString(QStringLiteral("explain"));
    question.starter = javaScriptText(json, QStringLiteral("starter"), TextRule::AnyText);
    question.solution = javaScriptText(json, QStringLiteral("solution"), TextRule::NotBlank);
    question.call = json.requiredString(QStringLiteral("call"), TextRule::NotBlank);
    if (question.call.size() > 200 || question.call.contains(QLatin1Char('\n')))
        json.field(QStringLiteral("call")).fail(QStringLiteral("must be one line of at most 200 characters, e.g. \"fetchWithFallback()\""));

    constexpr qsizetype kMaxConditions = 20;
    const JsonArrayAt conditions = json.requiredArray(QStringLiteral("conditions"), u"a non-empty array of conditions", ArrayRule::NotEmpty);
    if (conditions.size() > kMaxConditions)
        conditions.fail(QStringLiteral("%1 conditions; the limit is %2").arg(conditions.size()).arg(kMaxConditions));
    QStringList names;
    for (qsizetype i = 0; i < conditions.size(); ++i) {
        question.conditions.append(parseCondition(conditions.at(i), taskIds, names));
        names.append(question.conditions.last().name);
    }
    return question;
}

LessonQuestion parseQuestion(const JsonValueAt &value, const QStringList &stepPlans, const QStringList &planNames,
                             const QStringList &taskIds)
{
    const JsonObjectAt json = value.toObject();
    const QStringList kinds{QStringLiteral("choice"), QStringLiteral("predict"), QStringLiteral("exercise")};
    const JsonValueAt kind = json.field(QStringLiteral("kind"));
    kind.require(u"\"choice\", \"predict\" or \"exercise\"");
    const QString kindName = kind.value().toString();
    if (!kind.value().isString() || !kinds.contains(kindName))
        kind.fail(QStringLiteral("must be \"choice\", \"predict\" or \"exercise\", got %1%2")
                      .arg(describeJsonValue(kind.value()), kind.value().isString() ? didYouMean(kindName, kinds) : QString()));
    if (kindName == QLatin1String("choice"))
        return parseChoice(json);
    if (kindName == QLatin1String("exercise"))
        return parseExercise(json, taskIds);
    return parsePredict(json, stepPlans, planNames);
}

LessonStep parseStep(const JsonValueAt &value, const QStringList &planNames, const QStringList &taskIds)
{
    const JsonObjectAt json = value.toObject();
    json.checkKnownFields({QStringLiteral("text"), QStringLiteral("plans"), QStringLiteral("question")});
    LessonStep step;
    step.text = json.requiredString(QStringLiteral("text"), TextRule::NotBlank);

    const JsonValueAt plans = json.field(QStringLiteral("plans"));
    if (!plans.isMissing()) {
        const JsonArrayAt array = plans.toArray(u"an array of plan names");
        for (qsizetype i = 0; i < array.size(); ++i) {
            const JsonValueAt plan = array.at(i);
            const QString name = requirePlanName(plan, planNames);
            if (step.plans.contains(name))
                plan.fail(QStringLiteral("plan %1 is listed twice").arg(quotedForMessage(name)));
            step.plans.append(name);
        }
    }

    const JsonValueAt question = json.field(QStringLiteral("question"));
    if (!question.isMissing())
        step.question = parseQuestion(question, step.plans, planNames, taskIds);
    return step;
}

Lesson parseLessonOrThrow(const QJsonObject &object, const QStringList &planNames, const QStringList &taskIds)
{
    const JsonObjectAt json(object, JsonPath().field(QStringLiteral("lesson")));
    json.checkKnownFields({QStringLiteral("title"), QStringLiteral("steps")});
    Lesson lesson;
    lesson.title = json.optionalString(QStringLiteral("title")); // parseLesson(Scenario) defaults it
    const JsonArrayAt steps = json.requiredArray(QStringLiteral("steps"), u"a non-empty array of steps", ArrayRule::NotEmpty);
    for (qsizetype i = 0; i < steps.size(); ++i)
        lesson.steps.append(parseStep(steps.at(i), planNames, taskIds));
    return lesson;
}

} // namespace

LessonParseResult parseLesson(const QJsonObject &json, const QStringList &planNames, const QStringList &taskIds)
{
    LessonParseResult result;
    if (json.isEmpty())
        return result;
    try {
        result.lesson = parseLessonOrThrow(json, planNames, taskIds);
    } catch (const JsonReadError &error) {
        result.error = error.messageWithoutFile();
    }
    return result;
}

LessonParseResult parseLesson(const Scenario &scenario)
{
    LessonParseResult result = parseLesson(scenario.lesson, scenario.planNames(), scenario.taskIds());
    if (result.lesson && result.lesson->title.trimmed().isEmpty())
        result.lesson->title = scenario.name;
    return result;
}

} // namespace asyncscope
