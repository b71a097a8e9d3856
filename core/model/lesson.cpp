#include "lesson.h"

#include "edit_distance.h"

#include <QJsonArray>

#include <cmath>

namespace asyncscope {

namespace {

// Thrown inside the parser only; parseLesson turns it into LessonParseResult::error.
struct LessonError
{
    QString message;
};

[[noreturn]] void fail(const QString &path, const QString &message)
{
    // Paths and messages quote the file's text (field names, plan names,
    // choices), which may hold line breaks; an error stays one line.
    QString line = path + QStringLiteral(": ") + message;
    line.replace(u'\n', QStringLiteral("\\n")).replace(u'\r', QStringLiteral("\\r"));
    throw LessonError{line};
}

QString jsonTypeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null: return QStringLiteral("null");
    case QJsonValue::Bool: return QStringLiteral("a boolean");
    case QJsonValue::Double: return QStringLiteral("a number");
    case QJsonValue::String: return QStringLiteral("a string");
    case QJsonValue::Array: return QStringLiteral("an array");
    case QJsonValue::Object: return QStringLiteral("an object");
    case QJsonValue::Undefined: break;
    }
    return QStringLiteral("nothing");
}

void rejectUnknownFields(const QJsonObject &object, const QString &path, const QStringList &known)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!known.contains(it.key()))
            fail(path + QLatin1Char('.') + it.key(),
                 QStringLiteral("unknown field%1").arg(didYouMean(it.key(), known)));
    }
}

QString requireString(const QJsonObject &object, const QString &key, const QString &path)
{
    const QJsonValue value = object.value(key);
    if (value.isUndefined())
        fail(path + QLatin1Char('.') + key, QStringLiteral("missing (a string is required)"));
    if (!value.isString())
        fail(path + QLatin1Char('.') + key, QStringLiteral("must be a string, got %1").arg(jsonTypeName(value)));
    if (value.toString().trimmed().isEmpty())
        fail(path + QLatin1Char('.') + key, QStringLiteral("must not be empty"));
    return value.toString();
}

QString optionalString(const QJsonObject &object, const QString &key, const QString &path)
{
    const QJsonValue value = object.value(key);
    if (value.isUndefined())
        return {};
    if (!value.isString())
        fail(path + QLatin1Char('.') + key, QStringLiteral("must be a string, got %1").arg(jsonTypeName(value)));
    return value.toString();
}

QString requirePlanName(const QJsonValue &value, const QString &path, const QStringList &planNames)
{
    if (!value.isString())
        fail(path, QStringLiteral("must be a plan name (a string), got %1").arg(jsonTypeName(value)));
    const QString name = value.toString();
    if (!planNames.contains(name))
        fail(path, QStringLiteral("unknown plan \"%1\"%2").arg(name, didYouMean(name, planNames)));
    return name;
}

LessonQuestion parseChoice(const QJsonObject &json, const QString &path)
{
    rejectUnknownFields(json, path, {QStringLiteral("kind"), QStringLiteral("prompt"), QStringLiteral("choices"),
                                     QStringLiteral("answer"), QStringLiteral("explain")});
    LessonQuestion question;
    question.kind = LessonQuestion::Kind::Choice;
    question.prompt = requireString(json, QStringLiteral("prompt"), path);
    question.explain = optionalString(json, QStringLiteral("explain"), path);

    const QString choicesPath = path + QStringLiteral(".choices");
    const QJsonValue choices = json.value(QStringLiteral("choices"));
    if (choices.isUndefined())
        fail(choicesPath, QStringLiteral("missing (an array of at least 2 strings is required)"));
    if (!choices.isArray())
        fail(choicesPath, QStringLiteral("must be an array of strings, got %1").arg(jsonTypeName(choices)));
    const QJsonArray array = choices.toArray();
    if (array.size() < 2)
        fail(choicesPath, QStringLiteral("needs at least 2 choices, got %1").arg(array.size()));
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QJsonValue choice = array.at(i);
        const QString choicePath = QStringLiteral("%1[%2]").arg(choicesPath).arg(i);
        if (!choice.isString())
            fail(choicePath, QStringLiteral("must be a string, got %1").arg(jsonTypeName(choice)));
        if (question.choices.contains(choice.toString()))
            fail(choicePath, QStringLiteral("\"%1\" is listed twice").arg(choice.toString()));
        question.choices.append(choice.toString());
    }

    const QString answerPath = path + QStringLiteral(".answer");
    const QJsonValue answer = json.value(QStringLiteral("answer"));
    const QString range = QStringLiteral("(0..%1)").arg(question.choices.size() - 1);
    if (answer.isUndefined())
        fail(answerPath, QStringLiteral("missing (the index of the right choice %1 is required)").arg(range));
    const double index = answer.toDouble(-1);
    if (!answer.isDouble() || index != std::floor(index) || index < 0 || index >= question.choices.size()) {
        const QString got = answer.isDouble() ? QString::number(index) : jsonTypeName(answer);
        fail(answerPath, QStringLiteral("must be an index into choices %1, got %2").arg(range, got));
    }
    question.answer = int(index);
    return question;
}

LessonQuestion parsePredict(const QJsonObject &json, const QString &path, const QStringList &stepPlans,
                            const QStringList &planNames)
{
    rejectUnknownFields(json, path, {QStringLiteral("kind"), QStringLiteral("prompt"), QStringLiteral("plan"),
                                     QStringLiteral("tolerance_ms"), QStringLiteral("explain")});
    LessonQuestion question;
    question.kind = LessonQuestion::Kind::Predict;
    question.prompt = requireString(json, QStringLiteral("prompt"), path);
    question.explain = optionalString(json, QStringLiteral("explain"), path);

    const QString planPath = path + QStringLiteral(".plan");
    const QJsonValue plan = json.value(QStringLiteral("plan"));
    if (plan.isUndefined())
        fail(planPath, QStringLiteral("missing (the plan whose settle time is predicted)"));
    question.plan = requirePlanName(plan, planPath, planNames);
    if (!stepPlans.isEmpty() && !stepPlans.contains(question.plan))
        fail(planPath, QStringLiteral("\"%1\" is not among the step's plans (%2)")
                           .arg(question.plan, stepPlans.join(QStringLiteral(", "))));

    const QJsonValue tolerance = json.value(QStringLiteral("tolerance_ms"));
    if (!tolerance.isUndefined()) {
        if (!tolerance.isDouble() || tolerance.toDouble() < 0 || !std::isfinite(tolerance.toDouble()))
            fail(path + QStringLiteral(".tolerance_ms"),
                 QStringLiteral("must be a number of milliseconds >= 0, got %1").arg(jsonTypeName(tolerance)));
        question.toleranceMs = tolerance.toDouble();
    }
    return question;
}

LessonQuestion parseQuestion(const QJsonValue &value, const QString &path, const QStringList &stepPlans,
                             const QStringList &planNames)
{
    if (!value.isObject())
        fail(path, QStringLiteral("must be an object, got %1").arg(jsonTypeName(value)));
    const QJsonObject json = value.toObject();
    const QStringList kinds{QStringLiteral("choice"), QStringLiteral("predict")};
    const QJsonValue kind = json.value(QStringLiteral("kind"));
    if (kind.isUndefined())
        fail(path + QStringLiteral(".kind"), QStringLiteral("missing (\"choice\" or \"predict\")"));
    if (!kind.isString() || !kinds.contains(kind.toString()))
        fail(path + QStringLiteral(".kind"),
             QStringLiteral("must be \"choice\" or \"predict\", got %1%2")
                 .arg(kind.isString() ? QStringLiteral("\"%1\"").arg(kind.toString()) : jsonTypeName(kind),
                      kind.isString() ? didYouMean(kind.toString(), kinds) : QString()));
    if (kind.toString() == QLatin1String("choice"))
        return parseChoice(json, path);
    return parsePredict(json, path, stepPlans, planNames);
}

LessonStep parseStep(const QJsonValue &value, const QString &path, const QStringList &planNames)
{
    if (!value.isObject())
        fail(path, QStringLiteral("must be an object, got %1").arg(jsonTypeName(value)));
    const QJsonObject json = value.toObject();
    rejectUnknownFields(json, path, {QStringLiteral("text"), QStringLiteral("plans"), QStringLiteral("question")});
    LessonStep step;
    step.text = requireString(json, QStringLiteral("text"), path);

    const QJsonValue plans = json.value(QStringLiteral("plans"));
    if (!plans.isUndefined()) {
        if (!plans.isArray())
            fail(path + QStringLiteral(".plans"), QStringLiteral("must be an array of plan names, got %1").arg(jsonTypeName(plans)));
        const QJsonArray array = plans.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            const QString planPath = QStringLiteral("%1.plans[%2]").arg(path).arg(i);
            const QString name = requirePlanName(array.at(i), planPath, planNames);
            if (step.plans.contains(name))
                fail(planPath, QStringLiteral("plan \"%1\" is listed twice").arg(name));
            step.plans.append(name);
        }
    }

    const QJsonValue question = json.value(QStringLiteral("question"));
    if (!question.isUndefined())
        step.question = parseQuestion(question, path + QStringLiteral(".question"), step.plans, planNames);
    return step;
}

Lesson parseLessonOrThrow(const QJsonObject &json, const QStringList &planNames)
{
    const QString path = QStringLiteral("lesson");
    rejectUnknownFields(json, path, {QStringLiteral("title"), QStringLiteral("steps")});
    Lesson lesson;
    lesson.title = optionalString(json, QStringLiteral("title"), path); // parseLesson(Scenario) defaults it
    const QJsonValue steps = json.value(QStringLiteral("steps"));
    if (steps.isUndefined())
        fail(path + QStringLiteral(".steps"), QStringLiteral("missing (an array of at least one step)"));
    if (!steps.isArray())
        fail(path + QStringLiteral(".steps"), QStringLiteral("must be an array of steps, got %1").arg(jsonTypeName(steps)));
    const QJsonArray array = steps.toArray();
    if (array.isEmpty())
        fail(path + QStringLiteral(".steps"), QStringLiteral("needs at least one step"));
    for (qsizetype i = 0; i < array.size(); ++i)
        lesson.steps.append(parseStep(array.at(i), QStringLiteral("lesson.steps[%1]").arg(i), planNames));
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
    } catch (const LessonError &error) {
        result.error = error.message;
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
