// The command line's manners (README "Command line"): --help for the program
// and every verb, --version, a missing file and a missing display reported in
// one line before any window is tried, and the build scripts keeping stdout
// for the program's output. Runs the built binary through QProcess.

#include "cli_process.h"

#include <QJsonDocument>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

namespace {

using Environment = QList<QPair<QString, QString>>;

using Result = asyncscope::test::CliResult;

// Runs `program args` with `environment` changes applied (an empty value removes the variable).
Result runProgram(const QString &program, const QStringList &args, const Environment &environment = {})
{
    return asyncscope::test::runProgram(program, args, {{}, environment, 300000});
}

Result runBinary(const QStringList &args, const Environment &environment = {})
{
    return runProgram(QStringLiteral(ASYNCSCOPE_BINARY), args, environment);
}

// No display at all: what a server or a CI machine has.
const Environment kHeadless{{QStringLiteral("DISPLAY"), QString()},
                                               {QStringLiteral("WAYLAND_DISPLAY"), QString()},
                                               {QStringLiteral("QT_QPA_PLATFORM"), QString()}};

} // namespace

class TestCommandLine : public QObject
{
    Q_OBJECT

private slots:
    void help_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("synopsis");
        QTest::addRow("--help") << QStringList{QStringLiteral("--help")} << QStringLiteral("asyncscope run FILE");
        QTest::addRow("-h") << QStringList{QStringLiteral("-h")} << QStringLiteral("asyncscope export FILE --out");
        QTest::addRow("run --help") << QStringList{QStringLiteral("run"), QStringLiteral("--help")}
                                    << QStringLiteral("asyncscope run FILE [--plan NAME]");
        QTest::addRow("run -h") << QStringList{QStringLiteral("run"), QStringLiteral("-h")}
                                << QStringLiteral("[--format text|json|chrome-trace]");
        QTest::addRow("export --help") << QStringList{QStringLiteral("export"), QStringLiteral("--help")}
                                       << QStringLiteral("asyncscope export FILE --out PATH.png|.svg|.pdf");
        QTest::addRow("serve --help") << QStringList{QStringLiteral("serve"), QStringLiteral("--help")}
                                      << QStringLiteral("asyncscope serve [--port N]");
        QTest::addRow("examples --help") << QStringList{QStringLiteral("examples"), QStringLiteral("--help")}
                                         << QStringLiteral("asyncscope examples");
        QTest::addRow("help after a file") << QStringList{QStringLiteral("run"), QStringLiteral("example:profile"),
                                                          QStringLiteral("--help")}
                                           << QStringLiteral("asyncscope run FILE");
    }
    void help()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, synopsis);
        const Result result = runBinary(args, kHeadless);
        QCOMPARE(result.exitCode, 0);
        QVERIFY2(result.err.isEmpty(), result.err.constData());
        const QString out = QString::fromUtf8(result.out);
        QVERIFY(out.startsWith(QLatin1String("usage:")));
        QVERIFY2(out.contains(synopsis), qPrintable(out));
    }

    void verbHelpShowsOnlyThatVerb()
    {
        const QString out = QString::fromUtf8(runBinary({QStringLiteral("serve"), QStringLiteral("--help")}).out);
        QVERIFY(!out.contains(QLatin1String("asyncscope run")));
        QVERIFY(!out.contains(QLatin1String("asyncscope export")));
    }

    void version()
    {
        const Result result = runBinary({QStringLiteral("--version")}, kHeadless);
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.out, QByteArray("asyncscope " ASYNCSCOPE_VERSION "\n"));
    }

    void missingFileBeforeAnyWindow_data()
    {
        QTest::addColumn<Environment>("environment");
        QTest::addRow("headless") << kHeadless;
        QTest::addRow("offscreen") << Environment{{QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen")}};
    }
    void missingFileBeforeAnyWindow()
    {
        QFETCH(Environment, environment);
        const Result result = runBinary({QStringLiteral("/no/such/lesson.json")}, environment);
        QCOMPARE(result.exitCode, 2);
        QVERIFY(result.out.isEmpty());
        QCOMPARE(result.err, QByteArray("/no/such/lesson.json: no such file\n"));
    }

    void noDisplayIsOneLine_data()
    {
        QTest::addColumn<Environment>("environment");
        QTest::addRow("nothing set") << kHeadless;
        QTest::addRow("xcb without DISPLAY") << Environment{
            {QStringLiteral("DISPLAY"), QString()}, {QStringLiteral("WAYLAND_DISPLAY"), QString()},
            {QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("xcb")}};
        // A DISPLAY that names no server: Qt's xcb plugin would abort with a page of advice.
        QTest::addRow("dead DISPLAY") << Environment{
            {QStringLiteral("DISPLAY"), QStringLiteral(":97")}, {QStringLiteral("WAYLAND_DISPLAY"), QString()},
            {QStringLiteral("QT_QPA_PLATFORM"), QString()}};
    }
    void noDisplayIsOneLine()
    {
        QFETCH(Environment, environment);
        const Result result = runBinary({QStringLiteral("example:profile")}, environment);
        QCOMPARE(result.exitCode, 2);
        QVERIFY(result.out.isEmpty());
        const QString err = QString::fromUtf8(result.err);
        QCOMPARE(err.count(QLatin1Char('\n')), 1);
        QVERIFY2(err.contains(QLatin1String("no display")), qPrintable(err));
        QVERIFY2(err.contains(QLatin1String("`asyncscope run FILE`")), qPrintable(err));
    }

    void sameWordingInEveryVerb_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::addRow("run --seed") << QStringList{QStringLiteral("run"), QStringLiteral("example:profile"),
                                                   QStringLiteral("--seed"), QStringLiteral("x")}
                                    << QStringLiteral("asyncscope run: --seed wants a whole number >= 0, not \"x\"\n");
        QTest::addRow("export --seed") << QStringList{QStringLiteral("export"), QStringLiteral("example:profile"),
                                                      QStringLiteral("--out"), QStringLiteral("/tmp/never.png"),
                                                      QStringLiteral("--seed"), QStringLiteral("x")}
                                       << QStringLiteral("asyncscope export: --seed wants a whole number >= 0, not \"x\"\n");
        QTest::addRow("window --seed") << QStringList{QStringLiteral("example:profile"), QStringLiteral("--seed"),
                                                      QStringLiteral("x")}
                                       << QStringLiteral("asyncscope: --seed wants a whole number >= 0, not \"x\"\n");
        QTest::addRow("serve --port") << QStringList{QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0")}
                                      << QStringLiteral("asyncscope serve: --port wants a number from 1 to 65535, not \"0\"\n");
        QTest::addRow("export --width") << QStringList{QStringLiteral("export"), QStringLiteral("example:profile"),
                                                       QStringLiteral("--out"), QStringLiteral("/tmp/never.png"),
                                                       QStringLiteral("--width"), QStringLiteral("wide")}
                                        << QStringLiteral("asyncscope export: --width wants a number from ");
        QTest::addRow("export unknown plan")
            << QStringList{QStringLiteral("export"), QStringLiteral("example:profile"), QStringLiteral("--out"),
                           QStringLiteral("/tmp/never.png"), QStringLiteral("--plan"), QStringLiteral("paralel")}
            << QStringLiteral("asyncscope export: unknown plan \"paralel\" (did you mean \"parallel\"?); the plans are: ");
    }
    void sameWordingInEveryVerb()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const Result result = runBinary(args, kHeadless);
        QCOMPARE(result.exitCode, 2);
        QVERIFY(result.out.isEmpty());
        QVERIFY2(QString::fromUtf8(result.err).startsWith(message), result.err.constData());
    }

    // The README's own example: the build script's log must not end up in the file.
    void scriptStdoutIsTheProgramsOutput_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addRow("json") << QStringLiteral("json");
        QTest::addRow("chrome-trace") << QStringLiteral("chrome-trace");
    }
    void scriptStdoutIsTheProgramsOutput()
    {
#ifndef ASYNCSCOPE_SCRIPTS_BUILD_HERE
        QSKIP("scripts/asyncscope builds build/; this test runs only in that build");
#else
        QFETCH(QString, format);
        const Result result = runProgram(QStringLiteral(ASYNCSCOPE_SOURCE_DIR "/scripts/asyncscope"),
                                         {QStringLiteral("run"), QStringLiteral("example:zombies"),
                                          QStringLiteral("--format"), format});
        QCOMPARE(result.exitCode, 0);
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(result.out, &error);
        QVERIFY2(error.error == QJsonParseError::NoError,
                 qPrintable(error.errorString() + QStringLiteral(": ") + QString::fromUtf8(result.out.left(200))));
        if (format == QLatin1String("json"))
            QCOMPARE(document.object().value(QLatin1String("plans")).toArray().size(), 2);
        else
            QVERIFY(!document.object().value(QLatin1String("traceEvents")).toArray().isEmpty());
#endif
    }

    void scriptPassesEveryVerbThroughHeadless_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QByteArray>("outStart");
        QTest::addRow("import") << QStringList{QStringLiteral("import"),
                                               QStringLiteral(ASYNCSCOPE_SOURCE_DIR "/tests/data/recordings/parallel.devtools.har"),
                                               QStringLiteral("--out"), QStringLiteral("-")}
                                << QByteArray("{");
        QTest::addRow("code") << QStringList{QStringLiteral("code"), QStringLiteral("example:profile")}
                              << QByteArray("// sequential: seq(user, posts, followers, recommendations)");
        QTest::addRow("examples") << QStringList{QStringLiteral("examples")} << QByteArray("build-order");
    }
    void scriptPassesEveryVerbThroughHeadless()
    {
        // Without a display the script shows what would open the window as text; a verb
        // of the program's (its usage lines) still reaches the program as given.
#ifndef ASYNCSCOPE_SCRIPTS_BUILD_HERE
        QSKIP("scripts/asyncscope builds build/; this test runs only in that build");
#else
        QFETCH(QStringList, args);
        QFETCH(QByteArray, outStart);
        const Result result = runProgram(QStringLiteral(ASYNCSCOPE_SOURCE_DIR "/scripts/asyncscope"), args, kHeadless);
        QCOMPARE(result.exitCode, 0);
        QVERIFY2(result.out.startsWith(outStart), result.out.left(200).constData());
        QVERIFY2(!result.err.contains("no display here"), result.err.constData());
#endif
    }

    void buildScriptWritesNothingToStdout()
    {
#ifndef ASYNCSCOPE_SCRIPTS_BUILD_HERE
        QSKIP("scripts/build builds build/; this test runs only in that build");
#else
        const Result result = runProgram(QStringLiteral(ASYNCSCOPE_SOURCE_DIR "/scripts/build"),
                                         {QStringLiteral("release"), QStringLiteral("asyncscope")});
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.out, QByteArray());
        QVERIFY(!result.err.isEmpty()); // ninja's "no work to do" (or the build log) went to stderr
#endif
    }
};

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_command_line.moc"
