// NetworkTaskSource: real GETs through QNetworkAccessManager against the
// embedded latency server, real timers for tasks without a url, aborts that
// abort the reply, and no reply left alive afterwards.

#include "latency_server.h"
#include "network_task_source.h"
#include "real_clock.h"
#include "rejection.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkReply>
#include <QTcpServer>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace asyncscope;

namespace {

struct Settled
{
    bool done = false;
    bool fulfilled = false;
    bool aborted = false;
    QJsonValue value;  // value or reason
    double atMs = -1;  // on the source's clock
};

} // namespace

class TestNetworkTaskSource : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_server.listen(0, 8, &error), qPrintable(error));
    }

    void init()
    {
        m_clock = std::make_unique<RealClock>();
        m_source = std::make_unique<NetworkTaskSource>(*m_clock);
        m_source->setUrlResolver([this](const Invocation &invocation) {
            QString url = invocation.task->url;
            url.replace(QLatin1String("{server}"), m_server.baseUrl(invocation.taskIndex).toString());
            return QUrl(url);
        });
    }

    void cleanup()
    {
        // Nothing leaks: every reply is deleted once it finished (deleteLater).
        if (m_source)
            QTRY_COMPARE(m_source->liveReplies(), 0);
        m_source.reset();
        m_clock.reset();
    }

    void fulfilsWithTheBodyParsedAsJson_data()
    {
        // Literal urls (no "{server}"), as a scenario names a real API.
        const QString base = m_server.baseUrl(2).toString();
        QTest::addColumn<QString>("url");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<double>("atLeastMs");
        QTest::addRow("delay") << base + QStringLiteral("/delay/60")
                               << QJsonValue(QJsonObject{{QStringLiteral("delay_ms"), 60}}) << 59.0;
        QTest::addRow("status 200") << base + QStringLiteral("/status/200?delay=30")
                                    << QJsonValue(QJsonObject{{QStringLiteral("status"), 200}}) << 29.0;
        QTest::addRow("text body") << base + QStringLiteral("/slow?bytes=3&ms=0") << QJsonValue(QStringLiteral("xxx"))
                                   << 0.0;
    }
    void fulfilsWithTheBodyParsedAsJson()
    {
        QFETCH(QString, url);
        QFETCH(QJsonValue, value);
        QFETCH(double, atLeastMs);
        TaskSpec task = makeTask(QStringLiteral("get"), url);
        task.value = QStringLiteral("the scenario's value"); // a real API's body wins over the model
        const Settled settled = run(task, AbortSignal());
        QVERIFY(settled.fulfilled);
        QCOMPARE(settled.value, value);
        QVERIFY2(settled.atMs >= atLeastMs && settled.atMs < atLeastMs + 60, qPrintable(QString::number(settled.atMs)));
        QCOMPARE(m_source->requestsStarted(), 1);
    }

    void latencyServerStandsInForTheScenarioValue()
    {
        TaskSpec task = makeTask(QStringLiteral("user"), QStringLiteral("{server}/delay/20"));
        QCOMPARE(run(task, AbortSignal()).value, QJsonValue(QStringLiteral("user"))); // no value: the id
        task.value = QJsonObject{{QStringLiteral("name"), QStringLiteral("Ada")}};
        QCOMPARE(run(task, AbortSignal()).value, task.value);
        m_source->setScenarioValuesForServer(false);
        QCOMPARE(run(task, AbortSignal()).value, QJsonValue(QJsonObject{{QStringLiteral("delay_ms"), 20}}));
    }

    void parsesBodies_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QJsonValue>("value");
        QTest::addRow("object") << QByteArray(R"({"a": 1})") << QJsonValue(QJsonObject{{QStringLiteral("a"), 1}});
        QTest::addRow("array") << QByteArray("[1, 2]\n") << QJsonValue(QJsonArray{1, 2});
        QTest::addRow("string") << QByteArray(R"("light")") << QJsonValue(QStringLiteral("light"));
        QTest::addRow("number") << QByteArray("1280") << QJsonValue(1280);
        QTest::addRow("null") << QByteArray("null") << QJsonValue(QJsonValue::Null);
        QTest::addRow("plain text") << QByteArray("hello") << QJsonValue(QStringLiteral("hello"));
        QTest::addRow("two values") << QByteArray("1, 2") << QJsonValue(QStringLiteral("1, 2"));
        QTest::addRow("empty") << QByteArray() << QJsonValue(QString());
    }
    void parsesBodies()
    {
        QFETCH(QByteArray, body);
        QFETCH(QJsonValue, value);
        QCOMPARE(NetworkTaskSource::parseBody(body), value);
    }

    void rejectsWithTheRealReason_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<double>("atLeastMs");
        QTest::addRow("HTTP 503") << QStringLiteral("{server}/status/503?delay=40") << QStringLiteral("HTTP 503") << 39.0;
        QTest::addRow("HTTP 404") << QStringLiteral("{server}/status/404") << QStringLiteral("HTTP 404") << 0.0;
        QTest::addRow("flaky always") << QStringLiteral("{server}/flaky?p=1&delay=20") << QStringLiteral("HTTP 503")
                                      << 19.0;
        QTest::addRow("dropped") << QStringLiteral("{server}/drop?delay=30") << QStringLiteral("Connection closed")
                                 << 29.0;
        QTest::addRow("connection refused") << closedPortUrl() << QStringLiteral("Connection refused") << 0.0;
        QTest::addRow("no server to resolve") << QStringLiteral("{server}/delay/1")
                                              << QStringLiteral("cannot resolve url \"{server}/delay/1\"") << 0.0;
    }
    void rejectsWithTheRealReason()
    {
        QFETCH(QString, url);
        QFETCH(QString, reason);
        QFETCH(double, atLeastMs);
        if (QTest::currentDataTag() == QLatin1String("no server to resolve"))
            m_source->setUrlResolver({}); // the default resolver knows no server
        const Settled settled = run(makeTask(QStringLiteral("t"), url), AbortSignal());
        QVERIFY(settled.done);
        QVERIFY(!settled.fulfilled);
        QVERIFY(!settled.aborted);
        QCOMPARE(settled.value.toString(), reason);
        QVERIFY2(settled.atMs >= atLeastMs, qPrintable(QString::number(settled.atMs)));
    }

    void abortAbortsTheReply()
    {
        const TaskSpec task = makeTask(QStringLiteral("slow"), QStringLiteral("{server}/delay/2000"));
        AbortController controller;
        QTimer::singleShot(80, [&] { controller.abort(); });
        const Settled settled = run(task, controller.signal());
        QVERIFY(settled.aborted);
        QCOMPARE(settled.value, Rejection::defaultAbortReason());
        QVERIFY2(settled.atMs >= 79.0 && settled.atMs < 200.0, qPrintable(QString::number(settled.atMs)));
        // The reply was aborted (not left to run 2 s): it is deleted soon, and
        // the server sees its client gone.
        QTRY_COMPARE_WITH_TIMEOUT(m_source->liveReplies(), 0, 500);
        QTRY_COMPARE_WITH_TIMEOUT(m_server.pendingResponses(), 0, 3000);
    }

    void alreadyAbortedStartsNothing()
    {
        AbortController controller;
        controller.abort(QStringLiteral("stop"));
        const Settled settled = run(makeTask(QStringLiteral("t"), QStringLiteral("{server}/delay/50")), controller.signal());
        QVERIFY(settled.aborted);
        QCOMPARE(settled.value, QJsonValue(QStringLiteral("stop")));
        QCOMPARE(m_source->requestsStarted(), 0);
    }

    void manyAtOnceLeaveNoReply()
    {
        // 30 requests, a third aborted halfway: every reply ends deleted.
        AbortController controller;
        QList<QFuture<QJsonValue>> futures;
        QList<TaskSpec> tasks;
        for (int i = 0; i < 30; ++i)
            tasks.append(makeTask(QStringLiteral("t%1").arg(i), QStringLiteral("{server}/delay/%1").arg(i % 3 == 0 ? 400 : 100)));
        for (int i = 0; i < tasks.size(); ++i) {
            const AbortSignal signal = i % 3 == 0 ? controller.signal() : AbortSignal();
            futures.append(startFuture(*m_source, Invocation{.taskIndex = i, .instance = 1, .task = &tasks.at(i)}, signal));
        }
        QCOMPARE(m_source->liveReplies(), 30);
        QTimer::singleShot(200, [&] { controller.abort(); });
        for (const auto &future : futures)
            QTRY_VERIFY_WITH_TIMEOUT(future.isFinished(), 3000);
        QTRY_COMPARE_WITH_TIMEOUT(m_source->liveReplies(), 0, 1000);
    }

    void taskWithoutUrlIsARealTimer_data()
    {
        QTest::addColumn<bool>("fails");
        QTest::addRow("fulfils") << false;
        QTest::addRow("rejects") << true;
    }
    void taskWithoutUrlIsARealTimer()
    {
        QFETCH(bool, fails);
        const TaskSpec task = makeTask(QStringLiteral("local"), QString());
        const Settled settled = run(task, AbortSignal(), 70, fails);
        QCOMPARE(settled.fulfilled, !fails);
        QCOMPARE(settled.value, fails ? task.reason() : task.fulfilValue());
        QVERIFY2(settled.atMs >= 70.0 && settled.atMs < 100.0, qPrintable(QString::number(settled.atMs)));
        QCOMPARE(m_source->requestsStarted(), 0);
    }

private:
    static TaskSpec makeTask(const QString &id, const QString &url)
    {
        TaskSpec task;
        task.id = id;
        task.label = id;
        task.url = url;
        return task;
    }

    static QString closedPortUrl()
    {
        QTcpServer probe; // a free port, closed again: nothing listens there
        if (!probe.listen(QHostAddress::LocalHost, 0))
            return {};
        const quint16 port = probe.serverPort();
        probe.close();
        return QStringLiteral("http://127.0.0.1:%1/delay/0").arg(port);
    }

    Settled run(const TaskSpec &task, const AbortSignal &signal, double latencyMs = 0, bool fails = false)
    {
        Settled settled;
        const double startMs = m_clock->now();
        RealClock *clock = m_clock.get();
        startFuture(*m_source, Invocation{.taskIndex = 0, .instance = 1, .task = &task, .latencyMs = latencyMs, .fails = fails}, signal)
            .then(QtFuture::Launch::Sync, [&settled, clock, startMs](QFuture<QJsonValue> future) {
                settled.done = true;
                settled.atMs = clock->now() - startMs;
                try {
                    settled.value = future.result();
                    settled.fulfilled = true;
                } catch (const Rejection &rejection) {
                    settled.value = rejection.reason();
                    settled.aborted = rejection.isAbort();
                }
            });
        [&] { QTRY_VERIFY_WITH_TIMEOUT(settled.done, 5000); }();
        return settled;
    }

    LatencyServer m_server;
    std::unique_ptr<RealClock> m_clock;
    std::unique_ptr<NetworkTaskSource> m_source;
};

QTEST_GUILESS_MAIN(TestNetworkTaskSource)
#include "tst_network_task_source.moc"
