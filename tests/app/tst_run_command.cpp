// `asyncscope run` and `asyncscope examples` as a user runs them: the real
// binary through QProcess. Golden JSON for every built-in example lives in
// tests/golden/; ASYNCSCOPE_UPDATE_GOLDEN=1 rewrites them (check the numbers
// by hand before accepting: profile's sequential plan settles at 800, parallel at 200).

#include "cli_process.h"

#include "scenario.h"
#include "trace_json.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

using namespace asyncscope;
using asyncscope::test::CliResult;
using asyncscope::test::runAsyncscope;

namespace {

QString goldenPath(const QString &name)
{
    return QStringLiteral(ASYNCSCOPE_SOURCE_DIR "/tests/golden/%1.json").arg(name);
}

} // namespace

class TestRunCommand : public QObject
{
    Q_OBJECT

private slots:
    void goldenJson_data();
    void goldenJson();
    void profileNumbers();
    void textAndChromeTrace();
    void planSelection();
    void standardInput();
    void seeds();
    void trials();
    void badInput_data();
    void badInput();
    void examplesList();
};

void TestRunCommand::goldenJson_data()
{
    QTest::addColumn<QString>("name");
    for (const ExampleInfo &example : builtInExamples())
        QTest::addRow("%s", qPrintable(example.name)) << example.name;
}

void TestRunCommand::goldenJson()
{
    QFETCH(QString, name);
    const CliResult result = runAsyncscope({QStringLiteral("run"), QStringLiteral("example:") + name,
                                     QStringLiteral("--format"), QStringLiteral("json")});
    QCOMPARE(result.exitCode, 0);
    QVERIFY(result.err.isEmpty());
    QFile golden(goldenPath(name));
    if (qEnvironmentVariableIntValue("ASYNCSCOPE_UPDATE_GOLDEN") == 1) {
        QDir().mkpath(QFileInfo(golden).absolutePath());
        QVERIFY(golden.open(QIODevice::WriteOnly | QIODevice::Truncate));
        golden.write(result.out);
        golden.close();
        qInfo("updated %s", qPrintable(golden.fileName()));
    }
    QVERIFY2(golden.open(QIODevice::ReadOnly),
             qPrintable(QStringLiteral("missing %1; run with ASYNCSCOPE_UPDATE_GOLDEN=1").arg(golden.fileName())));
    QCOMPARE(result.out, golden.readAll());
}

void TestRunCommand::profileNumbers()
{
    // The seed's headline numbers, independent of the goldens.
    const CliResult result = runAsyncscope({QStringLiteral("run"), QStringLiteral("example:profile"),
                                     QStringLiteral("--format"), QStringLiteral("json")});
    QCOMPARE(result.exitCode, 0);
    const std::optional<RunTrace> trace = fromTraceJson(result.out);
    QVERIFY(trace);
    QCOMPARE(trace->plans.size(), 2);
    QCOMPARE(trace->plans.at(0).name, QStringLiteral("sequential"));
    QCOMPARE(*trace->plans.at(0).settledMs, 800.0);
    QCOMPARE(trace->plans.at(1).name, QStringLiteral("parallel"));
    QCOMPARE(*trace->plans.at(1).settledMs, 200.0);
}

void TestRunCommand::textAndChromeTrace()
{
    const CliResult text = runAsyncscope({QStringLiteral("run"), QStringLiteral("example:zombies")});
    QCOMPARE(text.exitCode, 0);
    QVERIFY(text.out.contains("rejected at 100 ms"));
    QVERIFY(text.out.contains("# fulfilled  x rejected  - discarded"));

    const CliResult chrome = runAsyncscope({QStringLiteral("run"), QStringLiteral("example:zombies"), QStringLiteral("--format"),
                                     QStringLiteral("chrome-trace")});
    QCOMPARE(chrome.exitCode, 0);
    const QJsonDocument document = QJsonDocument::fromJson(chrome.out);
    QVERIFY(document.isObject());
    QVERIFY(document.object().value(QLatin1String("traceEvents")).toArray().size() > 3);
}

void TestRunCommand::planSelection()
{
    const CliResult result = runAsyncscope({QStringLiteral("run"), QStringLiteral("example:profile"), QStringLiteral("--plan"),
                                     QStringLiteral("parallel"), QStringLiteral("--format"), QStringLiteral("json")});
    QCOMPARE(result.exitCode, 0);
    const std::optional<RunTrace> trace = fromTraceJson(result.out);
    QVERIFY(trace);
    QCOMPARE(trace->plans.size(), 1);
    QCOMPARE(trace->plans.at(0).name, QStringLiteral("parallel"));
}

void TestRunCommand::standardInput()
{
    const QByteArray scenario = R"x({"format": "asyncscope-scenario/1", "name": "stdin",
        "tasks": [{"id": "a", "latency_ms": 30}], "plans": [{"name": "p", "run": "timeout(a, 10)"}]})x";
    const CliResult result = runAsyncscope({QStringLiteral("run"), QStringLiteral("-"), QStringLiteral("--format"),
                                     QStringLiteral("json")}, scenario);
    QCOMPARE(result.exitCode, 0); // a rejected plan is a result
    QVERIFY(result.out.contains(R"("reason": "Timed out after 10ms")"));
    QVERIFY(result.out.contains(R"x("settled_by": {"timer": "timeout(10)"})x"));
}

void TestRunCommand::seeds()
{
    auto run = [](const QString &seed) {
        return runAsyncscope({QStringLiteral("run"), QStringLiteral("example:jitter"), QStringLiteral("--seed"), seed,
                          QStringLiteral("--format"), QStringLiteral("json")});
    };
    const CliResult a = run(QStringLiteral("5"));
    const CliResult b = run(QStringLiteral("5"));
    const CliResult c = run(QStringLiteral("6"));
    QCOMPARE(a.exitCode, 0);
    QCOMPARE(a.out, b.out);
    QVERIFY(a.out != c.out);
    QVERIFY(a.out.contains(R"("seed": 5)"));
}

void TestRunCommand::trials()
{
    QElapsedTimer timer;
    timer.start();
    const CliResult result = runAsyncscope({QStringLiteral("run"), QStringLiteral("example:profile"), QStringLiteral("--trials"),
                                     QStringLiteral("10000"), QStringLiteral("--format"), QStringLiteral("json")});
    qInfo("10000 trials of example:profile: %lld ms (this build, this machine)", timer.elapsed());
    QCOMPARE(result.exitCode, 0);
    QVERIFY(result.out.contains(R"("trials": {"n": 10000, "settled_ms": {"p50": 800, "p95": 800, "max": 800}, "fulfilled": 10000})"));
    QVERIFY(result.out.contains(R"("trials": {"n": 10000, "settled_ms": {"p50": 200, "p95": 200, "max": 200}, "fulfilled": 10000})"));
}

void TestRunCommand::badInput_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::addRow("missing file") << QStringList{QStringLiteral("run"), QStringLiteral("/nonexistent/x.json")}
                                  << QStringLiteral("/nonexistent/x.json");
    QTest::addRow("unknown example") << QStringList{QStringLiteral("run"), QStringLiteral("example:profil")}
                                     << QStringLiteral("profil");
    QTest::addRow("unknown plan") << QStringList{QStringLiteral("run"), QStringLiteral("example:profile"),
                                                 QStringLiteral("--plan"), QStringLiteral("paralel")}
                                  << QStringLiteral("unknown plan \"paralel\" (did you mean \"parallel\"?)");
    QTest::addRow("unknown option") << QStringList{QStringLiteral("run"), QStringLiteral("example:profile"),
                                                   QStringLiteral("--fast")}
                                    << QStringLiteral("usage: asyncscope run FILE");
    QTest::addRow("no file") << QStringList{QStringLiteral("run")} << QStringLiteral("missing FILE");
    QTest::addRow("bad format") << QStringList{QStringLiteral("run"), QStringLiteral("example:profile"),
                                               QStringLiteral("--format"), QStringLiteral("xml")}
                                << QStringLiteral("unknown format \"xml\"");
    QTest::addRow("zero trials") << QStringList{QStringLiteral("run"), QStringLiteral("example:profile"),
                                                QStringLiteral("--trials"), QStringLiteral("0")}
                                 << QStringLiteral("--trials wants a number from 1 to 100000");
    QTest::addRow("too many trials") << QStringList{QStringLiteral("run"), QStringLiteral("example:profile"),
                                                    QStringLiteral("--trials"), QStringLiteral("100001")}
                                     << QStringLiteral("--trials wants a number from 1 to 100000");
    QTest::addRow("bad seed") << QStringList{QStringLiteral("run"), QStringLiteral("example:profile"),
                                             QStringLiteral("--seed"), QStringLiteral("-1")}
                              << QStringLiteral("--seed wants a whole number");
    QTest::addRow("examples takes no argument") << QStringList{QStringLiteral("examples"), QStringLiteral("x")}
                                                << QStringLiteral("unexpected argument \"x\"");
}

void TestRunCommand::badInput()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const CliResult result = runAsyncscope(args);
    QCOMPARE(result.exitCode, 2);
    QVERIFY(result.out.isEmpty());
    QVERIFY2(QString::fromUtf8(result.err).contains(message), result.err.constData());
}

void TestRunCommand::examplesList()
{
    const CliResult result = runAsyncscope({QStringLiteral("examples")});
    QCOMPARE(result.exitCode, 0);
    const QStringList lines = QString::fromUtf8(result.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    const QList<ExampleInfo> examples = builtInExamples();
    QCOMPARE(lines.size(), examples.size());
    const qsizetype dash = lines.at(0).indexOf(QStringLiteral(" \u2014 "));
    QVERIFY(dash > 0);
    for (int i = 0; i < examples.size(); ++i) {
        QVERIFY(lines.at(i).startsWith(examples.at(i).name + QLatin1Char(' ')));
        QCOMPARE(lines.at(i).indexOf(QStringLiteral(" \u2014 ")), dash); // aligned
        QVERIFY(lines.at(i).contains(examples.at(i).title + QStringLiteral(": ")));
    }
    for (const char *required : {"profile", "dashboard", "race-timeout", "cdn-failover", "compose-page", "build-order",
                                 "quiz", "hedged-request", "zombies", "rate-limit"})
        QVERIFY2(result.out.contains(QByteArray(required) + ' '), required);
}

QTEST_GUILESS_MAIN(TestRunCommand)
#include "tst_run_command.moc"
