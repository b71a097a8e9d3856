#pragma once

// The program as a user runs it, for the command-line tests: the real binary
// through QProcess, headless, with optional standard input, its exit code
// (-1 if it crashed) and both output streams kept apart.

#include <QByteArray>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>

namespace asyncscope::test {

struct CliResult
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

inline CliResult runAsyncscope(const QStringList &args, const QByteArray &stdinData = {})
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(ASYNCSCOPE_BINARY), args);
    if (!process.waitForStarted())
        qFatal("could not start %s", ASYNCSCOPE_BINARY);
    if (!stdinData.isEmpty())
        process.write(stdinData);
    process.closeWriteChannel();
    process.waitForFinished(120000);
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1, process.readAllStandardOutput(),
            process.readAllStandardError()};
}

} // namespace asyncscope::test
