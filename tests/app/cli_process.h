#pragma once

// A program as a user runs it, for the command-line tests: through QProcess,
// with optional standard input and environment changes, its exit code (-1 if
// it crashed, -2 if it ran past the time limit and was killed) and both output
// streams kept apart. runAsyncscope() runs the built binary headless.

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace asyncscope::test {

struct CliResult
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

struct CliOptions
{
    QByteArray stdinData;
    // Applied to the test's own environment in order; an empty value removes the variable.
    QList<QPair<QString, QString>> environment;
    int timeoutMs = 120000;
};

inline CliResult runProgram(const QString &program, const QStringList &args, const CliOptions &options = {})
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const auto &[name, value] : options.environment) {
        if (value.isEmpty())
            env.remove(name);
        else
            env.insert(name, value);
    }
    process.setProcessEnvironment(env);
    process.start(program, args);
    if (!process.waitForStarted())
        qFatal("could not start %s", qPrintable(program));
    if (!options.stdinData.isEmpty())
        process.write(options.stdinData);
    process.closeWriteChannel();
    if (!process.waitForFinished(options.timeoutMs)) {
        process.kill();
        process.waitForFinished();
        return {-2, process.readAllStandardOutput(),
                QByteArrayLiteral("timed out after ") + QByteArray::number(options.timeoutMs) + " ms"};
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1, process.readAllStandardOutput(),
            process.readAllStandardError()};
}

// The built binary, headless (QT_QPA_PLATFORM=offscreen unless `options` says otherwise).
inline CliResult runAsyncscope(const QStringList &args, CliOptions options)
{
    options.environment.prepend({QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen")});
    return runProgram(QStringLiteral(ASYNCSCOPE_BINARY), args, options);
}

inline CliResult runAsyncscope(const QStringList &args, const QByteArray &stdinData = {})
{
    return runAsyncscope(args, CliOptions{stdinData, {}, 120000});
}

} // namespace asyncscope::test
