// `asyncscope run RECORDING` and `asyncscope import RECORDING --out` as a user
// runs them, on the real recordings of tests/data/recordings/: the recording
// prints as recorded, import writes a scenario that runs and exports, and a
// hostile recording is refused in one line.

#include "cli_process.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using asyncscope::test::CliResult;
using asyncscope::test::runAsyncscope;

namespace {

QString recording(const char *name)
{
    return QStringLiteral(ASYNCSCOPE_TEST_DATA "/recordings/%1").arg(QLatin1String(name));
}

} // namespace

class TestImportCommand : public QObject
{
    Q_OBJECT

private slots:
    void runPrintsTheRecording_data();
    void runPrintsTheRecording();
    void importRunExport();
    void hostileRecordingsAreOneLine_data();
    void hostileRecordingsAreOneLine();
};

void TestImportCommand::runPrintsTheRecording_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("spans");
    QTest::addRow("HAR") << recording("one-host.devtools.har") << 11;
    QTest::addRow("performance trace") << recording("one-host.trace.json") << 11;
}

void TestImportCommand::runPrintsTheRecording()
{
    QFETCH(QString, file);
    QFETCH(int, spans);
    const CliResult json = runAsyncscope({QStringLiteral("run"), file, QStringLiteral("--format"), QStringLiteral("json")});
    QCOMPARE(json.exitCode, 0);
    QVERIFY2(json.err.isEmpty(), json.err.constData());
    const QJsonObject root = QJsonDocument::fromJson(json.out).object();
    QCOMPARE(root.value(QLatin1String("clock")).toString(), QStringLiteral("real"));
    const QJsonArray plans = root.value(QLatin1String("plans")).toArray();
    QCOMPARE(plans.size(), 1);
    const QJsonArray recorded = plans.at(0).toObject().value(QLatin1String("spans")).toArray();
    QCOMPARE(recorded.size(), spans);
    int queued = 0;
    for (const QJsonValue &span : recorded) {
        const QJsonObject s = span.toObject();
        if (s.value(QLatin1String("start_ms")).toDouble() - s.value(QLatin1String("queued_ms")).toDouble(s.value(QLatin1String("start_ms")).toDouble()) > 150)
            ++queued; // the four that waited for a connection waited 200 ms and more
    }
    QCOMPARE(queued, 4);

    for (const char *format : {"text", "chrome-trace"}) {
        const CliResult other = runAsyncscope({QStringLiteral("run"), file, QStringLiteral("--format"), QLatin1String(format)});
        QCOMPARE(other.exitCode, 0);
        QVERIFY(other.out.contains("GET http://127.0.0.1:18093/delay/200"));
    }
}

void TestImportCommand::importRunExport()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString scenario = dir.filePath(QStringLiteral("one-host.json"));
    const CliResult imported = runAsyncscope({QStringLiteral("import"), recording("one-host.devtools.har"), QStringLiteral("--out"), scenario});
    QCOMPARE(imported.exitCode, 0);
    QVERIFY2(imported.err.startsWith("asyncscope import: wrote " + scenario.toUtf8() + " (11 tasks, 3 plans; "
                                     "4 requests waited for a connection, connections_per_host 6; "
                                     "as-recorded redraws each request within 0.000 ms"),
             imported.err.constData());

    const CliResult run = runAsyncscope({QStringLiteral("run"), scenario, QStringLiteral("--plan"), QStringLiteral("as-recorded"),
                                  QStringLiteral("--format"), QStringLiteral("json")});
    QCOMPARE(run.exitCode, 0);
    const QJsonObject plan = QJsonDocument::fromJson(run.out).object().value(QLatin1String("plans")).toArray().at(0).toObject();
    QCOMPARE(plan.value(QLatin1String("outcome")).toString(), QStringLiteral("fulfilled"));
    QCOMPARE(plan.value(QLatin1String("spans")).toArray().size(), 11);

    const QString picture = dir.filePath(QStringLiteral("one-host.png"));
    const CliResult exported = runAsyncscope({QStringLiteral("export"), scenario, QStringLiteral("--out"), picture});
    QCOMPARE(exported.exitCode, 0);
    QVERIFY(QFile(picture).size() > 1000);
}

void TestImportCommand::hostileRecordingsAreOneLine_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QByteArray>("message");
    QTest::addRow("time 1e308") << QByteArray(R"({"log": {"entries": [{"startedDateTime": "2026-11-25T10:00:00Z", "time": 1e308,
                                               "request": {"url": "http://x/"}}]}})")
                                << QByteArray("bad.har: log.entries[0].time: must be at most 3600000 ms (an hour), got 1e+308\n");
    QTest::addRow("events hours apart") << QByteArray(R"({"traceEvents": [{"ph": "X", "ts": 0, "dur": 5}, {"ph": "X", "ts": 9e12, "dur": 5}]})")
                                        << QByteArray("bad.har: traceEvents[1].ts: 9e+09 ms from the first event; a recording spans at most an hour\n");
}

void TestImportCommand::hostileRecordingsAreOneLine()
{
    QFETCH(QByteArray, data);
    QFETCH(QByteArray, message);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bad.har"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(data);
    file.close();
    const QList<QStringList> commands = {{QStringLiteral("run"), path},
                                         {QStringLiteral("import"), path, QStringLiteral("--out"), dir.filePath(QStringLiteral("x.json"))},
                                         {QStringLiteral("export"), path, QStringLiteral("--out"), dir.filePath(QStringLiteral("x.png"))}};
    for (const QStringList &command : commands) {
        const CliResult result = runAsyncscope(command);
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.endsWith(message), result.err.constData());
        QCOMPARE(result.err.count('\n'), 1);
    }
}

QTEST_GUILESS_MAIN(TestImportCommand)
#include "tst_import_command.moc"
