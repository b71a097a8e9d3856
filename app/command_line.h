#pragma once

// What every verb of the command line shares (SPEC §3): exit codes, output
// (always UTF-8; stdout carries only the program's output), the usage text,
// and a parser that handles -h/--help and reads typed option values with one
// wording for every verb.

#include "picture_scenario.h"
#include "scenario.h"
#include "trace.h"

#include <QCommandLineParser>
#include <QStringList>

#include <optional>

namespace asyncscope::cli {

enum ExitCode { ExitOk = 0, ExitFailure = 1, ExitBadInput = 2, ExitNetwork = 3 };

void writeOut(const QByteArray &bytes);
void writeOut(const QString &text);
void writeError(const QString &text); // adds nothing: callers end lines themselves

// Organisation, application name and version, for QSettings and --version.
void setApplicationIdentity();

// The usage of one verb ("run", "export", ...; "" for the whole program).
QString usageText(const QString &verb);

// A QCommandLineParser for one verb: -h/--help prints the verb's usage to
// stdout; a bad option prints "asyncscope VERB: message" and the usage to
// stderr. Values read through it are checked with the same messages
// everywhere ("--seed wants a whole number >= 0, not \"x\"").
class VerbParser
{
public:
    explicit VerbParser(QString verb);

    void addOption(const QCommandLineOption &option);
    void addOptions(const QList<QCommandLineOption> &options);

    // Parses args (without the verb). Empty when the verb should go on; else
    // the exit code to return (0 after --help, 2 after a usage error).
    std::optional<int> parse(const QStringList &args, int minPositional, int maxPositional);

    const QCommandLineParser &parser() const { return m_parser; }
    QStringList positional() const { return m_parser.positionalArguments(); }
    bool isSet(const QCommandLineOption &option) const { return m_parser.isSet(option); }
    QString value(const QCommandLineOption &option) const { return m_parser.value(option); }
    QStringList values(const QCommandLineOption &option) const { return m_parser.values(option); }

    // Typed values; on a bad value they print the usage error and leave
    // *exitCode at 2.
    std::optional<quint64> seed(const QCommandLineOption &option, int *exitCode) const;
    std::optional<int> integer(const QCommandLineOption &option, int min, int max, int *exitCode) const;
    std::optional<double> milliseconds(const QCommandLineOption &option, int *exitCode) const;

    // "asyncscope VERB: message", the usage, exit code 2.
    int usageError(const QString &message) const;
    // "asyncscope VERB: message" alone, exit code `code`.
    int fail(const QString &message, int code = ExitBadInput) const;

private:
    QString m_verb;
    QCommandLineParser m_parser;
    QCommandLineOption m_help;
};

// The standard options several verbs share, so each reads and names them alike.
QCommandLineOption planOption();
QCommandLineOption seedOption();

// Exit code 2 with "unknown plan ..." (and a suggestion) when a name in
// `wanted` is not one of `known`; empty when all are.
std::optional<int> checkPlanNames(const VerbParser &parser, const QStringList &wanted, const QStringList &known);

// A FILE argument read as a scenario: a scenario file (path, -, example:NAME)
// or a picture asyncscope exported, whose embedded scenario comes with what
// the picture showed (seed, plans, --at, theme...). Empty after printing the
// one-line reason (exit code 2).
struct ScenarioInput
{
    Scenario scenario;
    PictureView view;          // defaults unless fromPicture
    bool fromPicture = false;
};
std::optional<ScenarioInput> loadScenarioInput(const QString &fileArgument);

// A JavaScript plan that could not run at all (a syntax error, a limit, no
// Node.js) is bad input, as a bad expression is (its exception is a result):
// "FILE: plans[2].js: line 3, column 17: Unexpected token ')'", or empty.
std::optional<QString> javaScriptRunError(const Scenario &scenario, const RunTrace &trace, const QString &fileArgument);

// A FILE argument that names a path that does not exist: the one-line message
// ("x.json: no such file"), else empty. `-` and `example:NAME` pass.
std::optional<QString> missingFile(const QString &fileArgument);

} // namespace asyncscope::cli
