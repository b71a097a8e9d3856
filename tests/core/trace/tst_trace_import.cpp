// Trace import (core/trace_import.h): our own chrome-trace output comes back
// as the same spans; foreign Chrome traces and HAR files map to plans and
// spans as the header says; bad files are refused with one exact line.

#include "scenario_run.h"
#include "scenario.h"
#include "trace_import.h"
#include "trace_json.h"

#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace asyncscope;

class TraceImportTest : public QObject
{
    Q_OBJECT

private slots:
    void ownChromeTraceRoundTrips_data();
    void ownChromeTraceRoundTrips();
    void foreignCompleteAndBeginEndEvents();
    void arrayFormWithoutClosingBracket();
    void scannerAndReferenceReaderAgree();
    void harEntriesBecomeSpans();
    void importTraceReadsAFile();
    void malformedFilesAreRefused_data();
    void malformedFilesAreRefused();
    void looksLikeTrace_data();
    void looksLikeTrace();
};

void TraceImportTest::ownChromeTraceRoundTrips_data()
{
    QTest::addColumn<QString>("example");
    for (const char *name : {"profile", "zombies", "race-timeout", "cdn-failover", "rate-limit", "hedged-request", "quiz"})
        QTest::addRow("%s", name) << QStringLiteral("example:%1").arg(QLatin1String(name));
}

void TraceImportTest::ownChromeTraceRoundTrips()
{
    QFETCH(QString, example);
    const LoadResult loaded = loadScenarioFile(example);
    QVERIFY2(loaded.ok(), qPrintable(loaded.error));
    const RunTrace original = runVirtual(*loaded.scenario, RunOptions{});

    QString error;
    const std::optional<RunTrace> imported = importTraceData(toChromeTrace(original), QStringLiteral("own.json"), &error);
    QVERIFY2(imported, qPrintable(error));
    QCOMPARE(imported->scenario, original.scenario);
    QCOMPARE(imported->seed, original.seed);
    QCOMPARE(imported->clock, original.clock);
    QCOMPARE(imported->plans.size(), original.plans.size());
    for (int p = 0; p < original.plans.size(); ++p) {
        const PlanTrace &want = original.plans.at(p);
        const PlanTrace &got = imported->plans.at(p);
        QCOMPARE(got.name, want.name);
        QCOMPARE(got.run, want.run);
        QCOMPARE(toString(got.outcome), toString(want.outcome));
        QCOMPARE(got.settledMs, want.settledMs);
        QCOMPARE(got.result, want.result);
        QCOMPARE(got.finishedMs, want.finishedMs);
        QCOMPARE(got.cause.spanIndex, want.cause.spanIndex);
        QCOMPARE(got.cause.timer, want.cause.timer);
        QCOMPARE(got.spans.size(), want.spans.size());
        for (int s = 0; s < want.spans.size(); ++s) {
            const Span &a = got.spans.at(s);
            const Span &b = want.spans.at(s);
            const QByteArray where = QStringLiteral("%1 span %2").arg(want.name).arg(s).toUtf8();
            QVERIFY2(a.task == b.task && a.instance == b.instance, where.constData());
            QVERIFY2(a.queuedMs == b.queuedMs && a.startMs == b.startMs && a.endMs == b.endMs, where.constData());
            QVERIFY2(a.outcome == b.outcome && a.discarded == b.discarded, where.constData());
            QVERIFY2(a.result == b.result, where.constData());
        }
    }
}

void TraceImportTest::foreignCompleteAndBeginEndEvents()
{
    // Absolute microsecond timestamps, as Chrome writes them; two processes, one sorted first.
    const QByteArray json = R"({"traceEvents": [
      {"name": "process_name", "ph": "M", "pid": 7, "tid": 0, "args": {"name": "Renderer"}},
      {"name": "process_name", "ph": "M", "pid": 3, "tid": 0, "args": {"name": "Browser"}},
      {"name": "process_sort_index", "ph": "M", "pid": 3, "args": {"sort_index": -1}},
      {"name": "Layout", "ph": "X", "ts": 1000500, "dur": 2000, "pid": 7, "tid": 1},
      {"name": "Paint", "ph": "B", "ts": 1001000, "pid": 7, "tid": 2},
      {"name": "Layout", "ph": "X", "ts": 1000000, "dur": 1000, "pid": 7, "tid": 1,
       "args": {"outcome": "rejected", "reason": "boom"}},
      {"name": "Paint", "ph": "E", "ts": 1004000, "pid": 7, "tid": 2},
      {"name": "Ghost", "ph": "E", "ts": 1000100, "pid": 7, "tid": 9},
      {"name": "Counter", "ph": "C", "ts": 1000000, "pid": 7, "args": {"n": 1}},
      {"name": "Load", "ph": "B", "ts": 1002000, "pid": 3, "tid": 1},
      {"name": "Idle", "ph": "X", "ts": 1000000, "dur": 10, "pid": 99, "tid": 1},
      {"name": "process_name", "ph": "M", "pid": 42, "args": {"name": "GPU"}}
    ]})";
    QString error;
    const std::optional<RunTrace> trace = importTraceData(json, QStringLiteral("chrome.json"), &error);
    QVERIFY2(trace, qPrintable(error));
    QCOMPARE(trace->scenario, QStringLiteral("chrome.json"));
    QCOMPARE(trace->clock, QStringLiteral("real"));
    // Browser (sort index -1), Renderer, Process 99; GPU has no spans.
    QCOMPARE(trace->plans.size(), 3);
    const PlanTrace &browser = trace->plans.at(0);
    QCOMPARE(browser.name, QStringLiteral("Browser"));
    QCOMPARE(browser.spans.size(), 1);
    QCOMPARE(browser.spans.at(0).task, QStringLiteral("Load"));
    QCOMPARE(browser.spans.at(0).startMs, 2.0);
    QCOMPARE(browser.spans.at(0).endMs, std::nullopt);
    QCOMPARE(toString(browser.spans.at(0).outcome), toString(SpanOutcome::Pending));
    QCOMPARE(toString(browser.outcome), toString(PlanOutcome::Pending));
    QCOMPARE(browser.settledMs, std::nullopt);

    const PlanTrace &renderer = trace->plans.at(1);
    QCOMPARE(renderer.name, QStringLiteral("Renderer"));
    QCOMPARE(renderer.spans.size(), 3);
    QCOMPARE(renderer.spans.at(0).task, QStringLiteral("Layout"));
    QCOMPARE(renderer.spans.at(0).instance, 1);
    QCOMPARE(renderer.spans.at(0).startMs, 0.0);
    QCOMPARE(renderer.spans.at(0).endMs, 1.0);
    QCOMPARE(toString(renderer.spans.at(0).outcome), toString(SpanOutcome::Rejected));
    QCOMPARE(renderer.spans.at(0).result, QJsonValue(QStringLiteral("boom")));
    QCOMPARE(renderer.spans.at(1).task, QStringLiteral("Layout"));
    QCOMPARE(renderer.spans.at(1).instance, 2);
    QCOMPARE(renderer.spans.at(1).startMs, 0.5);
    QCOMPARE(renderer.spans.at(1).endMs, 2.5);
    QCOMPARE(toString(renderer.spans.at(1).outcome), toString(SpanOutcome::Fulfilled));
    QCOMPARE(renderer.spans.at(2).task, QStringLiteral("Paint"));
    QCOMPARE(renderer.spans.at(2).startMs, 1.0);
    QCOMPARE(renderer.spans.at(2).endMs, 4.0);
    // Settles when its last span ended, rejected by its first rejected span.
    QCOMPARE(renderer.finishedMs, 4.0);
    QCOMPARE(renderer.settledMs, 4.0);
    QCOMPARE(toString(renderer.outcome), toString(PlanOutcome::Rejected));
    QCOMPARE(renderer.result, QJsonValue(QStringLiteral("boom")));
    QCOMPARE(renderer.cause.spanIndex, 0);

    const PlanTrace &unnamed = trace->plans.at(2);
    QCOMPARE(unnamed.name, QStringLiteral("Process 99"));
    QCOMPARE(toString(unnamed.outcome), toString(PlanOutcome::Fulfilled));
    QCOMPARE(unnamed.settledMs, 0.01);
    QCOMPARE(unnamed.result, QJsonValue(QStringLiteral("1 spans")));
}

void TraceImportTest::arrayFormWithoutClosingBracket()
{
    const QByteArray json = "[{\"name\": \"a\", \"ph\": \"X\", \"ts\": 5000, \"dur\": 3000, \"pid\": 1, \"tid\": 1},\n"
                            " {\"name\": \"b\", \"ph\": \"X\", \"ts\": 6000, \"dur\": 1000, \"pid\": 1, \"tid\": 1},\n";
    QString error;
    const std::optional<RunTrace> trace = importTraceData(json, QStringLiteral("cut.json"), &error);
    QVERIFY2(trace, qPrintable(error));
    QCOMPARE(trace->plans.size(), 1);
    QCOMPARE(trace->plans.at(0).name, QStringLiteral("Process 1"));
    QCOMPARE(trace->plans.at(0).spans.size(), 2);
    QCOMPARE(trace->plans.at(0).spans.at(1).task, QStringLiteral("b"));
    QCOMPARE(trace->plans.at(0).spans.at(1).startMs, 1.0);
    QCOMPARE(trace->plans.at(0).spans.at(1).endMs, 2.0);
}

// Large Chrome traces are scanned without a QJsonDocument; an event the scanner
// does not expect (here a string "ts" on a metadata event) sends the file the
// reference way. Both must read escapes, nesting and odd values alike.
void TraceImportTest::scannerAndReferenceReaderAgree()
{
    const QByteArray events = R"(
      {"name": "caf\u00e9 \"q\" [x]", "ph": "X", "ts": 1e3, "dur": 2.5e3, "pid": "browser", "tid": 1.0,
       "args": {"nested": {"a": [1, {"b": "}"}]}, "outcome": "aborted", "reason": "stop"}, "extra": [true, null, "]"]},
      {"name": "process_name", "ph": "M", "pid": "browser", "args": {"name": "Browser \u2192 main"}},
      {"ph": "X", "name": "plain", "ts": 4000, "pid": "browser", "tid": 2, "dur": 0},
      {"name": "fetch", "cat": "net", "ph": "b", "id": "0x1", "ts": 2000, "pid": "browser", "tid": 3},
      {"name": "fetch", "cat": "net", "ph": "e", "id": "0x2", "ts": 2100, "pid": "browser", "tid": 3},
      {"name": "fetch", "cat": "net", "ph": "e", "id": "0x1", "ts": 3500, "pid": "browser", "tid": 4,
       "args": {"outcome": "rejected", "reason": "HTTP 500"}})";
    const QByteArray scanned = "{\"otherData\": {\"note\": \"x\"}, \"traceEvents\": [" + events + "]}";
    const QByteArray reference = "{\"traceEvents\": [" + events
                                 + ", {\"name\": \"m\", \"ph\": \"M\", \"ts\": \"odd\", \"pid\": 5}]}";
    for (const QByteArray &json : {scanned, reference}) {
        QString error;
        const std::optional<RunTrace> trace = importTraceData(json, QStringLiteral("t.json"), &error);
        QVERIFY2(trace, qPrintable(error));
        QCOMPARE(trace->plans.size(), 1);
        const PlanTrace &plan = trace->plans.at(0);
        QCOMPARE(plan.name, QStringLiteral("Browser → main"));
        QCOMPARE(plan.spans.size(), 3);
        QCOMPARE(plan.spans.at(0).task, QStringLiteral("café \"q\" [x]"));
        QCOMPARE(plan.spans.at(0).startMs, 0.0);
        QCOMPARE(plan.spans.at(0).endMs, 2.5);
        QCOMPARE(toString(plan.spans.at(0).outcome), toString(SpanOutcome::Aborted));
        QCOMPARE(plan.spans.at(0).result, QJsonValue(QStringLiteral("stop")));
        // An async pair matches by (cat, id) across threads; the "e" of another id is dropped.
        QCOMPARE(plan.spans.at(1).task, QStringLiteral("fetch"));
        QCOMPARE(plan.spans.at(1).startMs, 1.0);
        QCOMPARE(plan.spans.at(1).endMs, 2.5);
        QCOMPARE(toString(plan.spans.at(1).outcome), toString(SpanOutcome::Rejected));
        QCOMPARE(plan.spans.at(1).result, QJsonValue(QStringLiteral("HTTP 500")));
        QCOMPARE(plan.spans.at(2).task, QStringLiteral("plain"));
        QCOMPARE(plan.spans.at(2).startMs, 3.0);
        QCOMPARE(plan.spans.at(2).endMs, 3.0);
    }
}

static const QByteArray kHar = R"({"log": {
  "version": "1.2", "creator": {"name": "Firefox", "version": "120"},
  "pages": [{"id": "page_1", "title": "Shop", "startedDateTime": "2026-11-25T10:00:00.000Z",
             "pageTimings": {"onContentLoad": 150, "onLoad": 420}}],
  "entries": [
    {"pageref": "page_1", "startedDateTime": "2026-11-25T10:00:00.100Z", "time": 250,
     "request": {"method": "GET", "url": "https://shop.example/app.js"},
     "response": {"status": 200}, "timings": {"blocked": 40, "wait": 200, "receive": 10}},
    {"pageref": "page_1", "startedDateTime": "2026-11-25T10:00:00.000Z", "time": 90,
     "request": {"method": "GET", "url": "https://shop.example/"},
     "response": {"status": 200}, "timings": {"blocked": -1, "wait": 80}},
    {"pageref": "page_1", "startedDateTime": "2026-11-25T10:00:00.120Z", "time": 30.5,
     "request": {"method": "GET", "url": "https://shop.example/missing.png"},
     "response": {"status": 404}, "timings": {}},
    {"startedDateTime": "2026-11-25T11:00:00.000+01:00", "time": 12,
     "request": {"method": "GET", "url": "https://ads.example/x"},
     "response": {"status": 0, "_error": "net::ERR_BLOCKED_BY_CLIENT"}}
  ]}})";

void TraceImportTest::harEntriesBecomeSpans()
{
    QString error;
    const std::optional<RunTrace> trace = importTraceData(kHar, QStringLiteral("shop.har"), &error);
    QVERIFY2(trace, qPrintable(error));
    QCOMPARE(trace->description, QStringLiteral("HAR from Firefox"));
    QCOMPARE(trace->plans.size(), 2);
    const PlanTrace &page = trace->plans.at(0);
    QCOMPARE(page.name, QStringLiteral("Shop"));
    QCOMPARE(page.spans.size(), 3);
    QCOMPARE(page.spans.at(0).task, QStringLiteral("GET https://shop.example/"));
    QCOMPARE(page.spans.at(0).startMs, 0.0);
    QCOMPARE(page.spans.at(0).endMs, 90.0);
    QCOMPARE(page.spans.at(0).result, QJsonValue(200));
    QCOMPARE(page.spans.at(1).task, QStringLiteral("GET https://shop.example/missing.png"));
    QCOMPARE(toString(page.spans.at(1).outcome), toString(SpanOutcome::Rejected));
    QCOMPARE(page.spans.at(1).result, QJsonValue(QStringLiteral("HTTP 404")));
    QCOMPARE(page.spans.at(1).startMs, 120.0);
    QCOMPARE(page.spans.at(1).endMs, 150.5);
    // blocked 40 ms: queued at 100, the request started at 140 (spans are sorted by start).
    QCOMPARE(page.spans.at(2).task, QStringLiteral("GET https://shop.example/app.js"));
    QCOMPARE(page.spans.at(2).queuedMs, 100.0);
    QCOMPARE(page.spans.at(2).startMs, 140.0);
    QCOMPARE(page.spans.at(2).endMs, 350.0);
    QCOMPARE(page.settledMs, 420.0);
    QCOMPARE(page.cause.timer, QStringLiteral("onLoad"));
    QCOMPARE(toString(page.outcome), toString(PlanOutcome::Rejected));

    const PlanTrace &loose = trace->plans.at(1);
    QCOMPARE(loose.name, QStringLiteral("HAR"));
    QCOMPARE(loose.spans.size(), 1);
    QCOMPARE(loose.spans.at(0).startMs, 0.0); // 11:00+01:00 is 10:00Z
    QCOMPARE(toString(loose.spans.at(0).outcome), toString(SpanOutcome::Rejected));
    QCOMPARE(loose.spans.at(0).result, QJsonValue(QStringLiteral("net::ERR_BLOCKED_BY_CLIENT")));
}

void TraceImportTest::importTraceReadsAFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("shop.har"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(kHar);
    file.close();
    QString error;
    const std::optional<RunTrace> trace = importTrace(path, &error);
    QVERIFY2(trace, qPrintable(error));
    QCOMPARE(trace->scenario, QStringLiteral("shop.har"));

    QVERIFY(!importTrace(dir.filePath(QStringLiteral("absent.json")), &error));
    QCOMPARE(error, QStringLiteral("absent.json: cannot open: No such file or directory"));
}

void TraceImportTest::malformedFilesAreRefused_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QString>("message");
    QTest::addRow("empty") << QByteArray(" \n") << "t.json: empty file, expected a Chrome trace or a HAR file (JSON)";
    QTest::addRow("not json") << QByteArray("\nhello") << "t.json:2:1: expected a Chrome trace or a HAR file (JSON), got text that is not JSON";
    QTest::addRow("syntax") << QByteArray("{\"traceEvents\": [\n  {\"ph\": \"X\" \"ts\": 1}]}")
                            << "t.json:2:14: expected \",\" or \"}\" after a value, got a string";
    QTest::addRow("neither") << QByteArray("{\"events\": []}")
                             << "t.json: not a trace: expected a Chrome trace {\"traceEvents\": [...]} or [...], or a HAR file {\"log\": {\"entries\": [...]}}";
    QTest::addRow("scenario") << QByteArray("{\"format\": \"asyncscope-scenario/1\", \"tasks\": []}")
                              << "t.json: this is an asyncscope scenario, not a trace: open it as a scenario";
    QTest::addRow("traceEvents not array") << QByteArray("{\"traceEvents\": 3}")
                                           << "t.json: traceEvents: must be an array, got 3";
    QTest::addRow("event not object") << QByteArray("{\"traceEvents\": [{\"ph\": \"M\"}, 7]}")
                                      << "t.json: traceEvents[1]: must be an object, got 7";
    QTest::addRow("missing ph") << QByteArray("[{\"name\": \"a\"}]") << "t.json: [0].ph: missing (a string)";
    QTest::addRow("bad ph") << QByteArray("[{\"ph\": \"XX\"}]") << "t.json: [0].ph: unknown phase \"XX\"";
    QTest::addRow("ts string") << QByteArray("{\"traceEvents\": [{\"ph\": \"X\", \"ts\": \"12\", \"dur\": 1}]}")
                               << "t.json: traceEvents[0].ts: must be a number, got \"12\"";
    QTest::addRow("ts missing") << QByteArray("[{\"ph\": \"B\", \"name\": \"a\"}]") << "t.json: [0].ts: missing (a number)";
    QTest::addRow("negative dur") << QByteArray("[{\"ph\": \"X\", \"ts\": 1, \"dur\": -5}]")
                                  << "t.json: [0].dur: must be >= 0, got -5";
    QTest::addRow("no spans") << QByteArray("{\"traceEvents\": [{\"ph\": \"M\", \"name\": \"process_name\", \"pid\": 1, \"args\": {\"name\": \"x\"}}]}")
                              << "t.json: no spans to show (no \"X\" events and no \"B\"/\"E\" pairs)";
    QTest::addRow("har no entries") << QByteArray("{\"log\": {\"version\": \"1.2\"}}")
                                    << "t.json: log.entries: missing (an array)";
    QTest::addRow("har empty entries") << QByteArray("{\"log\": {\"entries\": []}}")
                                       << "t.json: log.entries: empty: no requests to show";
    QTest::addRow("har log not object") << QByteArray("{\"log\": []}") << "t.json: log: must be an object, got an array";
    QTest::addRow("har bad date") << QByteArray("{\"log\": {\"entries\": [{\"startedDateTime\": \"yesterday\", \"time\": 1}]}}")
                                  << "t.json: log.entries[0].startedDateTime: must be an ISO 8601 date and time such as "
                                     "\"2026-11-25T13:37:00.123Z\", got \"yesterday\"";
    QTest::addRow("har negative time")
        << QByteArray("{\"log\": {\"entries\": [{\"startedDateTime\": \"2026-11-25T10:00:00Z\", \"time\": -1}]}}")
        << "t.json: log.entries[0].time: must be >= 0, got -1";
    QTest::addRow("har no url")
        << QByteArray("{\"log\": {\"entries\": [{\"startedDateTime\": \"2026-11-25T10:00:00Z\", \"time\": 1, \"request\": {}}]}}")
        << "t.json: log.entries[0].request.url: missing (a string)";
    const QByteArray harEntry = R"({"startedDateTime": "2026-11-25T10:00:00Z", "time": 1, "request": {"url": "u"}})";
    QTest::addRow("har time 1e308")
        << QByteArray(R"({"log": {"entries": [)" + harEntry + R"(, {"startedDateTime": "2026-11-25T10:00:00Z", "time": 1e308}]}})")
        << "t.json: log.entries[1].time: must be at most 3600000 ms (an hour), got 1e+308";
    QTest::addRow("har blocked beyond an hour")
        << QByteArray(R"({"log": {"entries": [{"startedDateTime": "2026-11-25T10:00:00Z", "time": 1, "request": {"url": "u"},
                      "timings": {"blocked": 3600001}}]}})")
        << "t.json: log.entries[0].timings.blocked: must be at most 3600000 ms (an hour), got 3600001";
    QTest::addRow("har entries hours apart")
        << QByteArray(R"({"log": {"entries": [)" + harEntry + R"(, {"startedDateTime": "2026-11-25T12:00:00Z", "time": 1, "request": {"url": "v"}}]}})")
        << "t.json: log.entries[1].startedDateTime: more than an hour after the recording's first page or request (7200000 ms); "
           "a recording spans at most an hour";
    QTest::addRow("har entry ending past the hour")
        << QByteArray(R"({"log": {"entries": [)" + harEntry + R"(, {"startedDateTime": "2026-11-25T11:00:00Z", "time": 12, "request": {"url": "v"}}]}})")
        << "t.json: log.entries[1].time: ends more than an hour after the recording's first page or request (3600012 ms); "
           "a recording spans at most an hour";
    QTest::addRow("chrome events hours apart") << QByteArray(R"([{"ph": "X", "ts": 0, "dur": 1}, {"ph": "X", "ts": 1e13, "dur": 1}])")
                                               << "t.json: [1].ts: 1e+10 ms from the first event; a recording spans at most an hour";
    QTest::addRow("chrome dur 1e308") << QByteArray(R"({"traceEvents": [{"ph": "X", "ts": 5, "dur": 1e308}]})")
                                      << "t.json: traceEvents[0].dur: ends more than an hour after the first event (1e+308 us); "
                                         "a recording spans at most an hour";
    QTest::addRow("har status string")
        << QByteArray("{\"log\": {\"entries\": [{\"startedDateTime\": \"2026-11-25T10:00:00Z\", \"time\": 1, "
                      "\"request\": {\"url\": \"u\"}, \"response\": {\"status\": \"200\"}}]}}")
        << "t.json: log.entries[0].response.status: must be a number, got \"200\"";
}

void TraceImportTest::malformedFilesAreRefused()
{
    QFETCH(QByteArray, data);
    QFETCH(QString, message);
    QString error;
    QVERIFY(!importTraceData(data, QStringLiteral("t.json"), &error));
    QCOMPARE(error, message);
}

void TraceImportTest::looksLikeTrace_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<bool>("trace");
    QTest::addRow("own chrome trace") << QByteArray("{\"traceEvents\":[{\"name\":") << true;
    QTest::addRow("devtools with metadata") << QByteArray("{\"metadata\": {\"source\": \"DevTools\"},\n \"traceEvents\": [") << true;
    QTest::addRow("array form") << QByteArray("\xEF\xBB\xBF  [{\"pid\":1") << true;
    QTest::addRow("har") << QByteArray("{\n  \"log\": {\n    \"version\": \"1.2\"") << true;
    QTest::addRow("scenario") << QByteArray("{\"format\": \"asyncscope-scenario/1\", \"name\": \"x\"") << false;
    QTest::addRow("scenario without format") << QByteArray("{\"name\": \"log\", \"tasks\": [{\"id\": \"log\"}]") << false;
    QTest::addRow("empty") << QByteArray() << false;
    QTest::addRow("text") << QByteArray("seq(a, b)") << false;
}

void TraceImportTest::looksLikeTrace()
{
    QFETCH(QByteArray, head);
    QFETCH(bool, trace);
    QCOMPARE(asyncscope::looksLikeTrace(head), trace);
}

QTEST_GUILESS_MAIN(TraceImportTest)
#include "tst_trace_import.moc"
