// Recordings as scenarios (core/trace/recording_scenario.h) on the real
// recordings of tests/data/recordings/ (scripts/record-fixtures: Debian's
// chromium through playwright-core, pages fetching from `asyncscope serve`):
// the waits, the 6 + 4 of one host, the sequential and parallel totals, the
// failure reasons, the as-recorded plans against the recording, and refusals.

#include "recording_scenario.h"
#include "scenario.h"
#include "scenario_run.h"
#include "trace_import.h"

#include <QJsonDocument>
#include <QTest>

#include <algorithm>
#include <cmath>

using namespace asyncscope;

namespace {

// How long after a connection was freed the recording's browser started the next request on it.
constexpr double kHandOverMs = 15.0;

QString recordingPath(const char *name)
{
    return QStringLiteral(ASYNCSCOPE_TEST_DATA "/recordings/%1").arg(QLatin1String(name));
}

RecordingScenario imported(const char *name)
{
    QString error;
    std::optional<RecordingScenario> made = importRecordingAsScenario(recordingPath(name), &error);
    if (!made)
        qFatal("%s", qPrintable(error));
    return std::move(*made);
}

const PlanTrace &onlyPlan(const RunTrace &trace)
{
    if (trace.plans.size() != 1)
        qFatal("expected one plan, got %lld", qlonglong(trace.plans.size()));
    return trace.plans.constFirst();
}

// The spans of the recording that fetched /delay/200 (not the page itself).
QList<Span> delaySpans(const PlanTrace &plan)
{
    QList<Span> spans;
    for (const Span &span : plan.spans) {
        if (span.task.endsWith(QLatin1String("/delay/200")))
            spans << span;
    }
    return spans;
}

double settledOf(const Scenario &scenario, const QString &plan)
{
    RunOptions options;
    options.plans = {plan};
    const RunTrace run = runVirtual(scenario, options);
    return run.plans.constFirst().settledMs.value_or(-1);
}

} // namespace

class RecordingScenarioTest : public QObject
{
    Q_OBJECT

private slots:
    void everyFixtureImportsAndRedraws_data();
    void everyFixtureImportsAndRedraws();
    void tenToOneHostAreSixThenFour_data();
    void tenToOneHostAreSixThenFour();
    void firefoxWaitsTheTimesContradict();
    void sequentialAndParallel_data();
    void sequentialAndParallel();
    void failuresKeepTheirReasons_data();
    void failuresKeepTheirReasons();
    void ownTraceSpansBecomeTasks();
    void refusals_data();
    void refusals();
};

void RecordingScenarioTest::everyFixtureImportsAndRedraws_data()
{
    QTest::addColumn<QString>("file");
    for (const char *page : {"sequential", "parallel", "one-host", "failures"}) {
        for (const char *kind : {".devtools.har", ".har", ".trace.json", ".firefox.har"})
            QTest::addRow("%s%s", page, kind) << QStringLiteral("%1%2").arg(QLatin1String(page), QLatin1String(kind));
    }
}

void RecordingScenarioTest::everyFixtureImportsAndRedraws()
{
    QFETCH(QString, file);
    const RecordingScenario made = imported(qPrintable(file));
    QCOMPARE(made.requests, int(onlyPlan(made.recording).spans.size()));
    QCOMPARE(made.scenario.tasks.size(), made.requests);
    QCOMPARE(made.scenario.planNames(), (QStringList{"as-recorded", "graph", "all-at-once"}));
    // Every request starts and ends where the recording has it (SPEC §7: within 1 ms), those that waited too.
    QVERIFY2(made.asRecordedDeviationMs <= 1.0, qPrintable(QString::number(made.asRecordedDeviationMs)));
    QVERIFY2(made.waitedDeviationMs <= 1.0, qPrintable(QString::number(made.waitedDeviationMs)));

    // What import writes loads with the normal loader and comes back the same.
    const QByteArray json = QJsonDocument(made.scenario.toJson()).toJson();
    const LoadResult again = loadScenario(json, file);
    QVERIFY2(again.ok(), qPrintable(again.error));
    QCOMPARE(again.scenario->toJson(), made.scenario.toJson());
    for (const QString &plan : made.scenario.planNames())
        QVERIFY(settledOf(*again.scenario, plan) >= 0);
}

void RecordingScenarioTest::tenToOneHostAreSixThenFour_data()
{
    QTest::addColumn<QString>("file");
    QTest::addRow("DevTools HAR") << QStringLiteral("one-host.devtools.har");
    QTest::addRow("performance trace") << QStringLiteral("one-host.trace.json");
}

void RecordingScenarioTest::tenToOneHostAreSixThenFour()
{
    QFETCH(QString, file);
    const RecordingScenario made = imported(qPrintable(file));
    const QList<Span> recorded = delaySpans(onlyPlan(made.recording));
    QCOMPARE(recorded.size(), 10);
    // The recording draws the waits: the last four waited for one of the first six to end.
    for (int i = 6; i < 10; ++i) {
        QVERIFY(recorded.at(i).wasQueued());
        const bool freed = std::any_of(recorded.begin(), recorded.begin() + 6, [&](const Span &first) {
            return recorded.at(i).startMs >= *first.endMs && recorded.at(i).startMs - *first.endMs <= kHandOverMs;
        });
        QVERIFY2(freed, qPrintable(QString::number(recorded.at(i).startMs)));
    }
    QCOMPARE(made.scenario.connectionsPerHost, std::optional<int>(6));
    QCOMPARE(made.waitedForConnection, 4);

    // as-recorded starts each at its recorded time (SPEC §7: within 1 ms), so none waits there.
    const auto queuedIn = [&](const QString &plan) {
        RunOptions options;
        options.plans = {plan};
        const RunTrace run = runVirtual(made.scenario, options); // kept: onlyPlan() refers into it
        int queued = 0;
        for (const Span &span : onlyPlan(run).spans)
            queued += span.wasQueued() ? 1 : 0;
        return queued;
    };
    QCOMPARE(queuedIn(QStringLiteral("as-recorded")), 0);
    // All at once, every request of the limited host past its six connections waits
    // (the page itself shares the host in some recordings: 11 requests, 5 wait).
    const QString host = made.scenario.tasks.at(made.scenario.taskIndex(QStringLiteral("delay_200"))).host;
    QVERIFY(!host.isEmpty());
    const auto limited = std::count_if(made.scenario.tasks.cbegin(), made.scenario.tasks.cend(),
                                       [&](const TaskSpec &task) { return task.host == host; });
    QVERIFY(limited >= 10);
    QCOMPARE(queuedIn(QStringLiteral("all-at-once")), int(limited) - 6);
    // All at once, the limit still holds: the what-if keeps the browser's six connections.
    QVERIFY(settledOf(made.scenario, QStringLiteral("all-at-once")) > 2 * 200);
}

void RecordingScenarioTest::firefoxWaitsTheTimesContradict()
{
    // Firefox records four waits (blocked 120 ms) but counts them from the request headers:
    // by its times those four had a connection while the first six still ran, ten at once.
    // as-recorded must redraw the times, so no limit is inferred, and the import says why.
    const RecordingScenario made = imported("one-host.firefox.har");
    const QList<Span> recorded = delaySpans(onlyPlan(made.recording));
    QCOMPARE(recorded.size(), 10);
    QCOMPARE(std::count_if(recorded.begin(), recorded.end(), [](const Span &span) { return span.wasQueued(); }), 4);
    QCOMPARE(made.scenario.connectionsPerHost, std::optional<int>());
    QCOMPARE(made.waitedForConnection, 0);
    QCOMPARE(made.contradictedWaits,
             QStringLiteral("4 requests to 127.0.0.1:18193 recorded a wait for a connection (a limit of 6), "
                            "but by their recorded times 10 were in flight at once"));
    QVERIFY(made.scenario.description.contains(made.contradictedWaits));
    QVERIFY(made.asRecordedDeviationMs <= 1.0);
    // Chrome's recordings of the same page agree with themselves: nothing to say.
    QCOMPARE(imported("one-host.devtools.har").contradictedWaits, QString());
}

void RecordingScenarioTest::sequentialAndParallel_data()
{
    QTest::addColumn<QString>("kind");
    for (const char *kind : {".devtools.har", ".har", ".trace.json", ".firefox.har"})
        QTest::addRow("%s", kind) << QString::fromLatin1(kind);
}

void RecordingScenarioTest::sequentialAndParallel()
{
    QFETCH(QString, kind);
    // Four requests awaited one after another: each a 200 ms request, about 800 ms in all.
    const RecordingScenario sequential = imported(qPrintable(QStringLiteral("sequential") + kind));
    const QList<Span> chain = delaySpans(onlyPlan(sequential.recording));
    QCOMPARE(chain.size(), 4);
    double sum = 0;
    for (const Span &span : chain)
        sum += *span.endMs - span.startMs;
    // Playwright's HAR has no "blocked": its times hold the browser's queueing too.
    const double most = kind == QLatin1String(".har") ? 1100 : 1000;
    QVERIFY2(sum >= 800 && sum < most, qPrintable(QString::number(sum)));
    // The graph plan infers the chain (each asked for within kNeedsWithinMs after the one before ended).
    for (int i = 1; i < 4; ++i)
        QVERIFY2(chain.at(i).queuedMs - *chain.at(i - 1).endMs <= kNeedsWithinMs,
                 qPrintable(QString::number(chain.at(i).queuedMs - *chain.at(i - 1).endMs)));
    // ... and the page itself when the first fetch was asked for within 10 ms after it arrived.
    const TaskSpec &first = sequential.scenario.tasks.at(sequential.scenario.taskIndex(QStringLiteral("delay_200")));
    const double page = first.needs.isEmpty() ? 0 : sequential.scenario.tasks.at(0).nominalLatencyMs();
    QCOMPARE(sequential.scenario.tasks.at(sequential.scenario.taskIndex(QStringLiteral("delay_200_4"))).needs,
             QStringList{"delay_200_3"});
    const double graph = settledOf(sequential.scenario, QStringLiteral("graph"));
    QVERIFY2(std::abs(graph - sum - page) <= 0.01, qPrintable(QStringLiteral("%1 vs %2 + %3").arg(graph).arg(sum).arg(page)));

    // Four at once: about 200 ms.
    const RecordingScenario parallel = imported(qPrintable(QStringLiteral("parallel") + kind));
    const QList<Span> fan = delaySpans(onlyPlan(parallel.recording));
    QCOMPARE(fan.size(), 4);
    double longest = 0;
    for (const Span &span : fan)
        longest = std::max(longest, *span.endMs - span.startMs);
    QVERIFY2(longest >= 200 && longest < 300, qPrintable(QString::number(longest)));
    QCOMPARE(parallel.scenario.connectionsPerHost, std::optional<int>());
}

void RecordingScenarioTest::failuresKeepTheirReasons_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("refused");
    QTest::addColumn<QString>("dropped");
    QTest::addColumn<QString>("host");
    QTest::addRow("DevTools HAR") << "failures.devtools.har" << "net::ERR_CONNECTION_REFUSED" << "net::ERR_EMPTY_RESPONSE"
                                  << "127.0.0.1:18093";
    QTest::addRow("Playwright HAR") << "failures.har" << "net::ERR_CONNECTION_REFUSED" << "net::ERR_EMPTY_RESPONSE"
                                    << "127.0.0.1:18093";
    QTest::addRow("performance trace") << "failures.trace.json" << "network error" << "network error" << "127.0.0.1:18093";
    // Firefox writes no error text: status 0 for both.
    QTest::addRow("Firefox HAR") << "failures.firefox.har" << "no response" << "no response" << "127.0.0.1:18193";
}

void RecordingScenarioTest::failuresKeepTheirReasons()
{
    QFETCH(QString, file);
    QFETCH(QString, refused);
    QFETCH(QString, dropped);
    QFETCH(QString, host);
    const RecordingScenario made = imported(qPrintable(file));
    const Scenario &scenario = made.scenario;
    const auto task = [&](const char *id) -> const TaskSpec & { return scenario.tasks.at(scenario.taskIndex(QLatin1String(id))); };
    QCOMPARE(task("status_503").label, QStringLiteral("GET http://%1/status/503?delay=50").arg(host));
    QCOMPARE(task("status_503").host, host);
    QCOMPARE(task("status_503").fails, QList<bool>{true});
    QCOMPARE(task("status_503").reason(), QJsonValue(QStringLiteral("HTTP 503")));
    QCOMPARE(task("refused").reason(), QJsonValue(refused));
    QCOMPARE(task("drop").reason(), QJsonValue(dropped));
    QCOMPARE(task("refused").host, QString()); // never answered: held no connection
    QCOMPARE(task("delay_100").fails, QList<bool>());
    QCOMPARE(task("delay_100").fulfilValue(), QJsonValue(200));
    QVERIFY(task("delay_100").nominalLatencyMs() >= 100);
    // A failed request is no one's need: graph would never start what the recording shows started.
    for (const TaskSpec &spec : scenario.tasks) {
        for (const char *failed : {"refused", "drop", "status_503"})
            QVERIFY2(!spec.needs.contains(QLatin1String(failed)), qPrintable(spec.id));
    }
    // Only requests: Firefox's data: icon is not one.
    for (const TaskSpec &spec : scenario.tasks)
        QVERIFY2(!spec.label.contains(QLatin1String(" data:")), qPrintable(spec.label));
    QCOMPARE(settledOf(scenario, QStringLiteral("graph")) >= 0, true);
}

void RecordingScenarioTest::ownTraceSpansBecomeTasks()
{
    // A trace without requests (asyncscope's own, example:profile): each span is a task.
    const LoadResult profile = loadScenarioFile(QStringLiteral("example:profile"));
    QVERIFY(profile.ok());
    RunOptions options;
    options.plans = {QStringLiteral("sequential")};
    const RunTrace run = runVirtual(*profile.scenario, options);
    QString error;
    const std::optional<RecordingScenario> made = scenarioFromRecording(run, QStringLiteral("profile.json"), &error);
    QVERIFY2(made, qPrintable(error));
    QCOMPARE(made->scenario.taskIds(), (QStringList{"user", "posts", "followers", "recommendations"}));
    QCOMPARE(made->scenario.tasks.at(0).nominalLatencyMs(), 200.0);
    QCOMPARE(made->scenario.tasks.at(1).needs, QStringList{"user"});
    QCOMPARE(made->asRecordedDeviationMs, 0.0);
    QCOMPARE(settledOf(made->scenario, QStringLiteral("as-recorded")), 800.0);
    QCOMPARE(settledOf(made->scenario, QStringLiteral("graph")), 800.0);
    QCOMPARE(settledOf(made->scenario, QStringLiteral("all-at-once")), 200.0);
}

void RecordingScenarioTest::refusals_data()
{
    QTest::addColumn<QByteArray>("har");
    QTest::addColumn<QString>("message");
    QByteArray many = R"({"log": {"entries": [)";
    for (int i = 0; i <= kMaxImportedRequests; ++i)
        many += QByteArray(i ? "," : "") + R"({"startedDateTime": "2026-11-25T10:00:00Z", "time": 1, "request": {"url": "http://x/a"}})";
    many += "]}}";
    QTest::addRow("too many requests") << many
                                       << "big.har: more than 2000 requests; a scenario made from a recording holds at most 2000 "
                                          "(cut the recording, e.g. to one page)";
}

void RecordingScenarioTest::refusals()
{
    QFETCH(QByteArray, har);
    QFETCH(QString, message);
    QString error;
    const std::optional<RunTrace> recording = importTraceData(har, QStringLiteral("big.har"), &error);
    QVERIFY2(recording, qPrintable(error));
    QVERIFY(!scenarioFromRecording(*recording, QStringLiteral("big.har"), &error));
    QCOMPARE(error, message);
}

QTEST_GUILESS_MAIN(RecordingScenarioTest)
#include "tst_recording_scenario.moc"
