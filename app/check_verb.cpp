// `asyncscope check FILE --answer CODE.js [--step N]`: a lesson's exercise
// judged from the command line, as the window's Lesson panel judges it: the
// code runs in every condition beside the hidden solution, one line each.
// Exit 0 when every condition passes, 1 when one fails, 2 on bad input.
// `--solution` prints the reference solution instead.

#include "command_line.h"
#include "verbs.h"

#include "exercise_check.h"
#include "lesson.h"

#include <QFile>
#include <QStringDecoder>

#include <cstdio>

namespace asyncscope::cli {

namespace {

struct ExerciseStep
{
    int index = -1;            // 0-based step
    LessonQuestion question;
};

// The exercise of `wanted` (1-based), or the lesson's only exercise.
std::optional<ExerciseStep> findExercise(const VerbParser &parser, const Lesson &lesson, std::optional<int> wanted,
                                         const QString &file, int *exitCode)
{
    QList<int> exercises;
    for (qsizetype i = 0; i < lesson.steps.size(); ++i) {
        const auto &question = lesson.steps.at(i).question;
        if (question && question->kind == LessonQuestion::Kind::Exercise)
            exercises.append(int(i));
    }
    if (wanted) {
        if (!exercises.contains(*wanted - 1)) {
            *exitCode = parser.fail(QStringLiteral("%1: step %2 is not an exercise").arg(file).arg(*wanted));
            return std::nullopt;
        }
        return ExerciseStep{*wanted - 1, *lesson.steps.at(*wanted - 1).question};
    }
    if (exercises.isEmpty()) {
        *exitCode = parser.fail(QStringLiteral("%1: the lesson has no exercise").arg(file));
        return std::nullopt;
    }
    if (exercises.size() > 1) {
        QStringList steps;
        for (int i : exercises)
            steps << QString::number(i + 1);
        *exitCode = parser.fail(QStringLiteral("%1: steps %2 are exercises; choose one with --step").arg(file, steps.join(QStringLiteral(", "))));
        return std::nullopt;
    }
    return ExerciseStep{exercises.first(), *lesson.steps.at(exercises.first()).question};
}

std::optional<QString> readAnswer(const VerbParser &parser, const QString &path, int *exitCode)
{
    QFile file;
    const bool stdinAnswer = path == QLatin1String("-");
    const bool opened = stdinAnswer ? file.open(stdin, QIODevice::ReadOnly) : (file.setFileName(path), file.open(QIODevice::ReadOnly));
    if (!opened) {
        *exitCode = parser.fail(QStringLiteral("%1: %2").arg(path, stdinAnswer || QFile::exists(path) ? file.errorString()
                                                                                                        : QStringLiteral("no such file")));
        return std::nullopt;
    }
    const QByteArray bytes = file.read(qint64(kMaxJavaScriptChars) * 4 + 1);
    QStringDecoder utf8(QStringDecoder::Utf8);
    const QString code = utf8(bytes);
    if (utf8.hasError()) {
        *exitCode = parser.fail(QStringLiteral("%1: not UTF-8 text").arg(path));
        return std::nullopt;
    }
    if (code.size() > kMaxJavaScriptChars) {
        *exitCode = parser.fail(QStringLiteral("%1: the code is longer than %2 characters").arg(path).arg(kMaxJavaScriptChars));
        return std::nullopt;
    }
    return code;
}

} // namespace

int checkVerb(const QStringList &args)
{
    VerbParser parser(QStringLiteral("check"));
    const QCommandLineOption answer(QStringLiteral("answer"), QStringLiteral("The code to judge (a file, or - for standard input)."),
                                    QStringLiteral("CODE.js"));
    const QCommandLineOption step(QStringLiteral("step"), QStringLiteral("The lesson step of the exercise (1, 2, ...)."),
                                  QStringLiteral("N"));
    const QCommandLineOption solution(QStringLiteral("solution"), QStringLiteral("Print the reference solution."));
    parser.addOptions({answer, step, solution});
    if (const std::optional<int> done = parser.parse(args, 1, 1))
        return *done;
    if (parser.isSet(answer) == parser.isSet(solution))
        return parser.usageError(QStringLiteral("give --answer CODE.js or --solution"));
    int exitCode = ExitBadInput;
    std::optional<int> wantedStep;
    if (parser.isSet(step)) {
        wantedStep = parser.integer(step, 1, 1000, &exitCode);
        if (!wantedStep)
            return exitCode;
    }

    const QString file = parser.positional().constFirst();
    const std::optional<ScenarioInput> input = loadScenarioInput(file);
    if (!input)
        return ExitBadInput;
    const Scenario &scenario = input->scenario;
    const LessonParseResult parsed = parseLesson(scenario);
    if (!parsed.lesson)
        return parser.fail(QStringLiteral("%1: has no lesson, so no exercise").arg(file));
    const std::optional<ExerciseStep> exercise = findExercise(parser, *parsed.lesson, wantedStep, file, &exitCode);
    if (!exercise)
        return exitCode;

    if (parser.isSet(solution)) {
        writeOut(exercise->question.solution.endsWith(QLatin1Char('\n')) ? exercise->question.solution
                                                                          : exercise->question.solution + QLatin1Char('\n'));
        return ExitOk;
    }
    const std::optional<QString> code = readAnswer(parser, parser.value(answer), &exitCode);
    if (!code)
        return exitCode;
    const ExerciseCheck check = checkExercise(scenario, exercise->question, *code);
    writeOut(QStringLiteral("Exercise (step %1 of %2): %3\n")
                 .arg(exercise->index + 1).arg(parsed.lesson->steps.size()).arg(exercise->question.prompt)
             + exerciseText(check));
    return check.allPassed() ? ExitOk : ExitFailure;
}

} // namespace asyncscope::cli
