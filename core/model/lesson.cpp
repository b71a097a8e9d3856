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

LessonQuestion parseQuestion(const JsonValueAt &value, const QStringList &stepPlans, const QStringList &planNames)
{
    const JsonObjectAt json = value.toObject();
    const QStringList kinds{QStringLiteral("choice"), QStringLiteral("predict")};
    const JsonValueAt kind = json.field(QStringLiteral("kind"));
    kind.require(u"\"choice\" or \"predict\"");
    const QString kindName = kind.value().toString();
    if (!kind.value().isString() || !kinds.contains(kindName))
        kind.fail(QStringLiteral("must be \"choice\" or \"predict\", got %1%2")
                      .arg(describeJsonValue(kind.value()), kind.value().isString() ? didYouMean(kindName, kinds) : QString()));
    if (kindName == QLatin1String("choice"))
        return parseChoice(json);
    return parsePredict(json, stepPlans, planNames);
}

LessonStep parseStep(const JsonValueAt &value, const QStringList &planNames)
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
        step.question = parseQuestion(question, step.plans, planNames);
    return step;
}

Lesson parseLessonOrThrow(const QJsonObject &object, const QStringList &planNames)
{
    const JsonObjectAt json(object, JsonPath().field(QStringLiteral("lesson")));
    json.checkKnownFields({QStringLiteral("title"), QStringLiteral("steps")});
    Lesson lesson;
    lesson.title = json.optionalString(QStringLiteral("title")); // parseLesson(Scenario) defaults it
    const JsonArrayAt steps = json.requiredArray(QStringLiteral("steps"), u"a non-empty array of steps", ArrayRule::NotEmpty);
    for (qsizetype i = 0; i < steps.size(); ++i)
        lesson.steps.append(parseStep(steps.at(i), planNames));
    return lesson;
}

} // namespace

LessonParseResult parseLesson(const QJsonObject &json, const QStringList &planNames)
{
    LessonParseResult result;
    if (json.isEmpty())
        return result;
    try {
        result.lesson = parseLessonOrThrow(json, planNames);
    } catch (const JsonReadError &error) {
        result.error = error.messageWithoutFile();
    }
    return result;
}

LessonParseResult parseLesson(const Scenario &scenario)
{
    QStringList planNames;
    for (const PlanSpec &plan : scenario.plans)
        planNames.append(plan.name);
    LessonParseResult result = parseLesson(scenario.lesson, planNames);
    if (result.lesson && result.lesson->title.trimmed().isEmpty())
        result.lesson->title = scenario.name;
    return result;
}

} // namespace asyncscope
